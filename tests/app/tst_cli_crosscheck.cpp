// SPDX-License-Identifier: MIT
// `compass crosscheck`: the paper's configurations by default, any networks x chips x batches
// with --models, --arch, --random-chips and --batches; the JSON keys scripts read (rows,
// max_abs_latency_diff, max_abs_energy_diff); bad lists are usage errors that name the flag, and a
// chip that cannot be loaded names the file. Kept to one small network and the greedy method: the
// event simulator is the heavy part.
#include "cli_runner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using compass::testing::CliResult;
using compass::testing::runCli;

namespace {

QJsonObject jsonOf(const CliResult& r)
{
    return QJsonDocument::fromJson(r.out).object();
}

QStringList configs(const QJsonObject& report)
{
    QStringList labels;
    for (const QJsonValue& row : report["rows"].toArray())
        labels << row.toObject()["config"].toString();
    return labels;
}

} // namespace

class TestCliCrosscheck : public QObject
{
    Q_OBJECT

private slots:
    void thePaperConfigurationsKeepTheirLabels()
    {
        const CliResult r = runCli({"crosscheck", "--networks", "SqueezeNet", "--chips", "L",
                                    "--batches", "1", "--methods", "greedy", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject report = jsonOf(r);
        QCOMPARE(configs(report), QStringList{"SqueezeNet-L-1"});
        for (const char* key : {"rows", "within_10_percent", "max_abs_latency_diff",
                                "max_abs_energy_diff", "runtime_s"})
            QVERIFY2(report.contains(key), key);
    }

    void anyModelsChipsAndBatches()
    {
        // A chip file next to a preset, and a batch outside the paper's five.
        QTemporaryDir dir;
        const QString chip = dir.filePath("wide-dram.json");
        {
            const CliResult shown = runCli({"arch", "show", "sram-L"});
            QCOMPARE(shown.exitCode, 0);
            QFile file(chip);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(shown.out);
        }
        const CliResult r =
            runCli({"crosscheck", "--models", "squeezenet1_1", "--arch", "sram-L," + chip,
                    "--batches", "1,3", "--methods", "greedy", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject report = jsonOf(r);
        QCOMPARE(configs(report),
                 (QStringList{"squeezenet1_1-sram-L-1", "squeezenet1_1-sram-L-3",
                              "squeezenet1_1-wide-dram-1", "squeezenet1_1-wide-dram-3"}));
        // The same chip under two names costs the same: the file is read, not ignored.
        const QJsonArray rows = report["rows"].toArray();
        QCOMPARE(rows[0].toObject()["estimator_latency_ns"].toDouble(),
                 rows[2].toObject()["estimator_latency_ns"].toDouble());
        double worst = 0.0;
        for (const QJsonValue& row : rows) {
            const QJsonObject o = row.toObject();
            QVERIFY(o["event_latency_ns"].toDouble() > 0.0);
            worst = std::max(worst, std::abs(o["latency_diff"].toDouble()));
        }
        QCOMPARE(report["max_abs_latency_diff"].toDouble(), worst);
    }

    void randomChipsAreSeededValidAndInTheRows()
    {
        // --random-chips next to a preset: the preset's rows first, then one per drawn chip.
        const QStringList args = {
            "crosscheck", "--models", "squeezenet1_1", "--arch", "sram-M", "--random-chips", "3",
            "--batches",  "1",        "--methods",     "greedy", "--json"};
        auto chipsOf = [](const QJsonObject& report) {
            QStringList chips;
            for (const QJsonValue& row : report["rows"].toArray())
                chips << row.toObject()["chip"].toString();
            return chips;
        };
        const CliResult r = runCli(args + QStringList{"--seed", "5"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject report = jsonOf(r);
        for (const char* key : {"rows", "max_abs_latency_diff", "max_abs_energy_diff"})
            QVERIFY2(report.contains(key), key);
        const QStringList chips = chipsOf(report);
        QCOMPARE(chips.size(), 4);
        QCOMPARE(chips.front(), QString("sram-M"));
        // The same seed draws the same chips; another seed other chips.
        QCOMPARE(chipsOf(jsonOf(runCli(args + QStringList{"--seed", "5"}))), chips);
        QVERIFY(chipsOf(jsonOf(runCli(args + QStringList{"--seed", "6"}))) != chips);
        const QJsonArray rows = report["rows"].toArray();
        for (qsizetype k = 1; k < chips.size(); ++k) {
            // "sram-L with chip.cores=64, vfu.count=1": the label is the whole chip, so the
            // preset with those overrides validates and costs the same.
            const QStringList parts = chips[k].split(" with ");
            QCOMPARE(parts.size(), 2);
            QVERIFY2(QStringList({"sram-S", "sram-M", "sram-L"}).contains(parts[0]),
                     qPrintable(chips[k]));
            QStringList show = {"arch", "show", parts[0]};
            for (const QString& change : parts[1].split(", "))
                show << "--set" << change;
            const CliResult shown = runCli(show);
            QVERIFY2(shown.exitCode == 0, shown.err.constData());
            const QJsonObject row = rows[k].toObject();
            QCOMPARE(row["network"].toString(), QString("squeezenet1_1"));
            QCOMPARE(row["batch"].toInt(), 1);
            QVERIFY(row["config"].toString().contains(chips[k]));
            QVERIFY(row["event_latency_ns"].toDouble() > 0.0);
            if (k == 1) {
                QTemporaryDir dir;
                QFile file(dir.filePath("drawn.json"));
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(shown.out);
                file.close();
                const CliResult again =
                    runCli({"crosscheck", "--models", "squeezenet1_1", "--arch", file.fileName(),
                            "--batches", "1", "--methods", "greedy", "--json"});
                QVERIFY2(again.exitCode == 0, again.err.constData());
                QCOMPARE(jsonOf(again)["rows"]
                             .toArray()[0]
                             .toObject()["estimator_latency_ns"]
                             .toDouble(),
                         row["estimator_latency_ns"].toDouble());
            }
        }
    }

    void badListsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("batch") << QStringList{"--models", "squeezenet1_1", "--batches", "0"} << 2
                               << "--batches: '0' is not a batch size";
        QTest::newRow("method") << QStringList{"--methods", "annealing"} << 2
                                << "--methods: unknown method 'annealing'";
        QTest::newRow("mixed") << QStringList{"--models", "squeezenet1_1", "--networks", "VGG16"}
                               << 2 << "--networks and --chips pick among the paper's";
        QTest::newRow("random chips")
            << QStringList{"--models", "squeezenet1_1", "--random-chips", "0"} << 2
            << "--random-chips: '0' is not a chip count";
        QTest::newRow("random chips and paper")
            << QStringList{"--random-chips", "2", "--chips", "M"} << 2
            << "--networks and --chips pick among";
        QTest::newRow("chip file")
            << QStringList{"--models", "squeezenet1_1", "--arch", "/nonexistent/chip.json"} << 1
            << "/nonexistent/chip.json";
        QTest::newRow("model") << QStringList{"--models", "/nonexistent/net.onnx"} << 1
                               << "/nonexistent/net.onnx";
    }

    void badListsAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const CliResult r = runCli(QStringList{"crosscheck", "--methods", "greedy"} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliCrosscheck)
#include "tst_cli_crosscheck.moc"
