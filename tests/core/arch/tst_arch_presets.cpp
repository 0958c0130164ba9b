// SPDX-License-Identifier: MIT
// The shipped presets: they parse cleanly, spell out every field, and match the reference.
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"

#include <QFile>
#include <QtTest>

#include <algorithm>

using namespace compass;

namespace {

std::string joinedMessages(const DiagnosticList& list)
{
    std::string out;
    for (const Diagnostic& d : list.all())
        out += formatDiagnostic(d) + "\n";
    return out;
}

ArchSpec loadPreset(const std::string& name)
{
    DiagnosticList list;
    const auto spec = loadArchSpec(name, {}, list);
    if (!spec)
        qFatal("preset %s does not load: %s", name.c_str(), joinedMessages(list).c_str());
    return *spec;
}

} // namespace

class TestArchPresets : public QObject
{
    Q_OBJECT

private slots:
    void requiredPresetsShip()
    {
        const std::vector<std::string> names = archPresetNames();
        for (const char* required : {"sram-S", "sram-M", "sram-L", "reram-puma", "reram-pimcomp"})
            QVERIFY2(std::find(names.begin(), names.end(), required) != names.end(), required);
        QVERIFY(std::is_sorted(names.begin(), names.end()));
    }

    void everyPresetIsCleanAndCanonical_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string& name : archPresetNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void everyPresetIsCleanAndCanonical()
    {
        QFETCH(QString, name);
        DiagnosticList list;
        const auto spec = loadArchSpec(name.toStdString(), {}, list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        QVERIFY2(list.empty(), joinedMessages(list).c_str()); // not even a warning
        QCOMPARE(QString::fromStdString(spec->name), name);
        QVERIFY(!spec->description.empty());

        // The file spells out every field, in canonical form: `arch show` prints the file.
        QFile file(QString::fromStdString(archPresetPath(name.toStdString())->string()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), QString::fromStdString(archSpecToJson(*spec)));
    }

    void capacityMatchesReference_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("mib");
        // COMPASS Table I: S 1.125, M 2, L 4.5 MiB. ReRAM: derived from their cells.
        QTest::newRow("sram-S") << "sram-S" << 1.125;
        QTest::newRow("sram-M") << "sram-M" << 2.0;
        QTest::newRow("sram-L") << "sram-L" << 4.5;
        // 16 cores x 8 x 128 rows x (128 / 8) weights x 16 bits = 0.5 MiB.
        QTest::newRow("reram-puma") << "reram-puma" << 0.5;
        // 144 x 64 x 128 x 16 x 16 bits = 36 MiB.
        QTest::newRow("reram-pimcomp") << "reram-pimcomp" << 36.0;
    }

    void capacityMatchesReference()
    {
        QFETCH(QString, name);
        QFETCH(double, mib);
        QCOMPARE(loadPreset(name.toStdString()).weightCapacityMiB(), mib);
    }

    void sramPresetsFollowTableOne()
    {
        const ArchSpec s = loadPreset("sram-S");
        const ArchSpec m = loadPreset("sram-M");
        const ArchSpec l = loadPreset("sram-L");
        QCOMPARE(s.cores, std::int64_t{16});
        QCOMPARE(s.crossbarsPerCore, std::int64_t{9});
        QCOMPARE(m.cores, std::int64_t{16});
        QCOMPARE(m.crossbarsPerCore, std::int64_t{16});
        QCOMPARE(l.cores, std::int64_t{36});
        QCOMPARE(l.crossbarsPerCore, std::int64_t{16});
        for (const ArchSpec& x : {s, m, l}) {
            QCOMPARE(x.technology, CellTechnology::Sram);
            QCOMPARE(x.crossbarRows, std::int64_t{256});
            QCOMPARE(x.crossbarCols, std::int64_t{256});
            QCOMPARE(x.bitsPerCell, std::int64_t{1});
            QCOMPARE(x.weightBits, std::int64_t{4});
            QCOMPARE(x.activationBits, std::int64_t{4});
            QCOMPARE(x.vfuCount, std::int64_t{12});
            QCOMPARE(x.vfuPowerMw, 22.8);
            QCOMPARE(x.localMemoryBytes, std::int64_t{64 * 1024});
            QCOMPARE(x.localMemoryPowerMw, 18.0);
            QCOMPARE(x.controlPowerMw, 8.0);
            QCOMPARE(x.dramBandwidthGBps, 12.8);
            QCOMPARE(x.dramEnergyPjPerBit, 3.7);
            // The three chips differ only in size: same constants everywhere else.
            ArchSpec sameSize = x;
            sameSize.name = m.name;
            sameSize.description = m.description;
            sameSize.cores = m.cores;
            sameSize.crossbarsPerCore = m.crossbarsPerCore;
            QVERIFY(sameSize == m);
        }
        // SRAM reload is DRAM-bound: 8 KiB per crossbar, 256 ns to write its rows.
        QCOMPARE(m.crossbarBits() / 8, std::int64_t{8192});
        QCOMPARE(static_cast<double>(m.crossbarRows) * m.writeLatencyPerRowNs, 256.0);
        QCOMPARE(m.mvmLatencyNs(), (4 + 2) * 100.0);
    }

    void reramPresetsFollowPumaAndPimcomp()
    {
        const ArchSpec puma = loadPreset("reram-puma");
        QCOMPARE(puma.technology, CellTechnology::Reram);
        QCOMPARE(puma.crossbarRows, std::int64_t{128});
        QCOMPARE(puma.bitsPerCell, std::int64_t{2});
        QCOMPARE(puma.weightBits, std::int64_t{16});
        QCOMPARE(puma.crossbarsPerCore, std::int64_t{8});
        // PUMA: 10.97 us and 22.6 nJ to write one 128x128 2-bit crossbar.
        QCOMPARE(static_cast<double>(puma.crossbarRows) * puma.writeLatencyPerRowNs, 10970.0);
        QCOMPARE(static_cast<double>(puma.crossbarBits()) * puma.writeEnergyPerBitPj, 22600.0);
        QCOMPARE(puma.mvmLatencyNs(), (16 + 2) * 100.0);

        const ArchSpec pimcomp = loadPreset("reram-pimcomp");
        QCOMPARE(pimcomp.cores, std::int64_t{144});
        QCOMPARE(pimcomp.crossbarsPerCore, std::int64_t{64});
        QCOMPARE(pimcomp.dramBandwidthGBps, 64.0);
        QCOMPARE(pimcomp.writeLatencyPerRowNs, 10.0);
        // PIMCOMP: 200 + 16 x 200 + 600 ns per MVM.
        QCOMPARE(pimcomp.mvmLatencyNs(), 200.0 + 16 * 200.0 + 600.0);
    }

    void presetHashesDiffer()
    {
        std::vector<std::string> hashes;
        for (const std::string& name : archPresetNames())
            hashes.push_back(archSpecHash(loadPreset(name)));
        std::sort(hashes.begin(), hashes.end());
        QVERIFY(std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end());
    }
};

QTEST_GUILESS_MAIN(TestArchPresets)
#include "tst_arch_presets.moc"
