// SPDX-License-Identifier: MIT
// Parsing, validation, round trip, hashing, overrides and the field table of ArchSpec.
#include "core/arch/arch_fields.h"
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/arch/arch_validation.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>
#include <set>

using namespace compass;

namespace {

std::string joinedMessages(const DiagnosticList& list)
{
    std::string out;
    for (const Diagnostic& d : list.all())
        out += formatDiagnostic(d) + "\n";
    return out;
}

/// The first error whose JSON path is `path`, or nullptr.
const Diagnostic* errorAt(const DiagnosticList& list, const std::string& path)
{
    for (const Diagnostic& d : list.all()) {
        if (d.severity == Severity::Error && d.location.path == path)
            return &d;
    }
    return nullptr;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

void writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

} // namespace

class TestArchSpec : public QObject
{
    Q_OBJECT

private slots:
    void defaultSpecIsValid()
    {
        DiagnosticList list;
        QVERIFY(validateArchSpec(ArchSpec{}, "defaults", list));
        QVERIFY2(list.empty(), joinedMessages(list).c_str());
    }

    void emptyObjectGivesDefaultsNamedAfterFile()
    {
        DiagnosticList list;
        const auto spec = parseArchSpec("{}", "/tmp/my-chip.json", list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        ArchSpec expected;
        expected.name = "my-chip";
        QVERIFY(*spec == expected);
    }

    void partialFileKeepsOtherDefaults()
    {
        DiagnosticList list;
        const auto spec = parseArchSpec(
            R"({"name": "tiny", "chip": {"cores": 4}, "dram": {"bandwidth_GBps": 6.4}})", "t.json",
            list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        QCOMPARE(spec->name, std::string("tiny"));
        QCOMPARE(spec->cores, std::int64_t{4});
        QCOMPARE(spec->dramBandwidthGBps, 6.4);
        QCOMPARE(spec->crossbarsPerCore, ArchSpec{}.crossbarsPerCore);
        QCOMPARE(spec->dramEnergyPjPerBit, ArchSpec{}.dramEnergyPjPerBit);
    }

    void jsonRoundTripIsExact()
    {
        ArchSpec spec;
        spec.name = "odd \"chip\"";
        spec.description = "line one\nline two, tab\t, back\\slash, unicode \xC2\xB5s";
        spec.technology = CellTechnology::Reram;
        spec.mvmLatencyModel = MvmLatencyModel::Pimcomp;
        spec.mvmIssueIntervalNs = 200.0;
        spec.adcsPerCrossbar = 3;
        spec.adcSampleRateGSps = 1.0 / 7.0;
        spec.cores = 1048576;
        spec.crossbarRows = 128;
        spec.crossbarCols = 128;
        spec.bitsPerCell = 2;
        spec.weightBits = 16;
        spec.activationBits = 16;
        spec.clockGHz = 0.1 + 0.2; // not exactly 0.3
        spec.adcEnergyPerConversionPj = 1.0 / 3.0;
        spec.writeEnergyPerBitPj = 1e-300;
        spec.dramBandwidthGBps = 999999.99999999988;
        spec.localMemoryBytes = 1099511627776;
        spec.attentionEngine = AttentionEngine::Crossbar;

        const std::string json = archSpecToJson(spec);
        DiagnosticList list;
        const auto back = parseArchSpec(QByteArray::fromStdString(json), "round.json", list);
        QVERIFY2(back, (joinedMessages(list) + json).c_str());
        QVERIFY(*back == spec);
        QCOMPARE(archSpecToJson(*back), json);
        QCOMPARE(archSpecHash(*back), archSpecHash(spec));
    }

    void canonicalJsonSpellsOutEveryField()
    {
        const std::string json = archSpecToJson(ArchSpec{});
        const QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
        for (const ArchField& f : archFields()) {
            const QString group = QString::fromStdString(std::string(f.group()));
            const QString leaf = QString::fromStdString(std::string(f.leaf()));
            const bool present =
                group.isEmpty() ? root.contains(leaf) : root.value(group).toObject().contains(leaf);
            QVERIFY2(present, std::string(f.key).c_str());
        }
    }

    void hashIsStableAndSensitive()
    {
        const ArchSpec a;
        ArchSpec b = a;
        const std::string hash = archSpecHash(a);
        QCOMPARE(hash.size(), std::size_t{64});
        QVERIFY(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
        QCOMPARE(archSpecHash(b), hash);
        b.dramBandwidthGBps = 25.6;
        QVERIFY(archSpecHash(b) != hash);
    }

    void attentionEngineParses()
    {
        // Default vfu; "crossbar" selects the crossbar engine; a typo gets a suggestion.
        QCOMPARE(ArchSpec{}.attentionEngine, AttentionEngine::Vfu);
        DiagnosticList list;
        const auto spec = parseArchSpec(
            R"({"base": "sram-M", "attention": {"engine": "crossbar"}})", "x.json", list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        QCOMPARE(spec->attentionEngine, AttentionEngine::Crossbar);
        QCOMPARE(spec->cores, std::int64_t{16}); // the base still applies
        QVERIFY(contains(archSpecToJson(*spec), "\"attention\": {\n    \"engine\": \"crossbar\""));
        QVERIFY(archSpecHash(*spec) != archSpecHash(ArchSpec{}));
        DiagnosticList typo;
        QVERIFY(!parseArchSpec(R"({"attention": {"engine": "crosbar"}})", "x.json", typo));
        const Diagnostic* d = errorAt(typo, "attention.engine");
        QVERIFY2(d && contains(d->message, "did you mean \"crossbar\""),
                 joinedMessages(typo).c_str());
        ArchSpec overridden;
        DiagnosticList set;
        QVERIFY(applyArchOverride(overridden, "attention.engine=crossbar", set));
        QCOMPARE(overridden.attentionEngine, AttentionEngine::Crossbar);
    }

    void validationNamesPathValueAndRange_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("range");

        QTest::newRow("zero cores") << QByteArray(R"({"chip": {"cores": 0}})") << "chip.cores"
                                    << "value 0"
                                    << "[1, 1048576]";
        QTest::newRow("negative cores") << QByteArray(R"({"chip": {"cores": -3}})") << "chip.cores"
                                        << "value -3"
                                        << "[1, 1048576]";
        QTest::newRow("crossbar narrower than a weight")
            << QByteArray(R"({"crossbar": {"cols": 2}, "precision": {"weight_bits": 4}})")
            << "crossbar.cols"
            << "value 2"
            << "[4, 65536]";
        QTest::newRow("16-bit weight on 2-bit cells needs 8 columns")
            << QByteArray(R"({"crossbar": {"cols": 7, "bits_per_cell": 2},
                              "precision": {"weight_bits": 16}})")
            << "crossbar.cols"
            << "value 7"
            << "[8, 65536]";
        QTest::newRow("negative energy")
            << QByteArray(R"({"adc": {"energy_per_conversion_pJ": -1.5}})")
            << "adc.energy_per_conversion_pJ"
            << "value -1.5"
            << "[0, 1e+06]";
        QTest::newRow("zero clock")
            << QByteArray(R"({"chip": {"clock_GHz": 0}})") << "chip.clock_GHz"
            << "value 0"
            << "(0, 1000]";
        QTest::newRow("zero dram bandwidth")
            << QByteArray(R"({"dram": {"bandwidth_GBps": 0}})") << "dram.bandwidth_GBps"
            << "value 0"
            << "(0, 1e+06]";
        QTest::newRow("absurd integer")
            << QByteArray(R"({"chip": {"cores": 1e30}})") << "chip.cores"
            << "value 1e+30"
            << "[1, 1048576]";
        QTest::newRow("absurd real")
            << QByteArray(R"({"mvm": {"fixed_latency_ns": 1e300}})") << "mvm.fixed_latency_ns"
            << "value 1e+300"
            << "(0, 1e+12]";
        QTest::newRow("negative issue interval")
            << QByteArray(R"({"mvm": {"issue_interval_ns": -200}})") << "mvm.issue_interval_ns"
            << "value -200"
            << "[0, 1e+12]";
        QTest::newRow("unknown latency model")
            << QByteArray(R"({"mvm": {"latency_model": "isaac"}})") << "mvm.latency_model"
            << "\"isaac\" is not allowed"
            << "one of puma, fixed, pimcomp";
        QTest::newRow("no ADC") << QByteArray(R"({"adc": {"per_crossbar": 0}})")
                                << "adc.per_crossbar"
                                << "value 0"
                                << "[1, 65536]";
        QTest::newRow("absurd product")
            << QByteArray(R"({"chip": {"cores": 1048576, "crossbars_per_core": 65536},
                              "crossbar": {"rows": 65536}})")
            << "chip"
            << "bits"
            << "[1, 1125899906842624]";
        QTest::newRow("fractional integer")
            << QByteArray(R"({"chip": {"cores": 2.5}})") << "chip.cores"
            << "2.5"
            << "[1, 1048576]";
        QTest::newRow("string for a number")
            << QByteArray(R"({"chip": {"cores": "16"}})") << "chip.cores"
            << "\"16\""
            << "[1, 1048576]";
        QTest::newRow("bool for a number") << QByteArray(R"({"adc": {"bits": true}})") << "adc.bits"
                                           << "true"
                                           << "[1, 32]";
        QTest::newRow("number for a string") << QByteArray(R"({"name": 42})") << "name"
                                             << "42"
                                             << "a string";
        QTest::newRow("empty name") << QByteArray(R"({"name": ""})") << "name"
                                    << "empty"
                                    << "non-empty";
        QTest::newRow("unknown technology")
            << QByteArray(R"({"crossbar": {"technology": "flash"}})") << "crossbar.technology"
            << "\"flash\""
            << "one of sram, reram";
        QTest::newRow("group is not an object") << QByteArray(R"({"chip": 5})") << "chip"
                                                << "a number (5)"
                                                << "an object";
        QTest::newRow("base is not a string") << QByteArray(R"({"base": []})") << "base"
                                              << "an array"
                                              << "a string";
        QTest::newRow("negative DRAM background power")
            << QByteArray(R"({"dram": {"background_power_mW": -1}})") << "dram.background_power_mW"
            << "-1"
            << "[0, 1e+09]";
        QTest::newRow("negative DRAM refresh power")
            << QByteArray(R"({"dram": {"refresh_power_mW": -0.5}})") << "dram.refresh_power_mW"
            << "-0.5"
            << "[0, 1e+09]";
        QTest::newRow("unknown attention engine")
            << QByteArray(R"({"attention": {"engine": "xbar"}})") << "attention.engine"
            << "\"xbar\" is not allowed"
            << "one of vfu, crossbar";
        QTest::newRow("attention engine not a string")
            << QByteArray(R"({"attention": {"engine": 1}})") << "attention.engine"
            << "a number (1)"
            << "one of vfu, crossbar";
        QTest::newRow("negative endurance")
            << QByteArray(R"({"crossbar": {"endurance_writes": -3}})")
            << "crossbar.endurance_writes"
            << "-3"
            << "[0, 1e+30]";
    }

    void validationNamesPathValueAndRange()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(QString, range);
        DiagnosticList list;
        QVERIFY(!parseArchSpec(json, "bad.json", list));
        const Diagnostic* d = errorAt(list, path.toStdString());
        QVERIFY2(d, joinedMessages(list).c_str());
        QCOMPARE(d->location.file, std::string("bad.json"));
        QVERIFY2(contains(d->message, value.toStdString()), d->message.c_str());
        QVERIFY2(contains(d->message, range.toStdString()), d->message.c_str());
    }

    void nonFiniteValuesAreRejected()
    {
        ArchSpec spec;
        spec.dramBandwidthGBps = std::numeric_limits<double>::quiet_NaN();
        spec.staticPowerMw = std::numeric_limits<double>::infinity();
        DiagnosticList list;
        QVERIFY(!validateArchSpec(spec, "code", list));
        const Diagnostic* nan = errorAt(list, "dram.bandwidth_GBps");
        QVERIFY(nan);
        QVERIFY2(contains(nan->message, "nan") && contains(nan->message, "(0, 1e+06]"),
                 nan->message.c_str());
        const Diagnostic* inf = errorAt(list, "chip.static_power_mW");
        QVERIFY(inf);
        QVERIFY2(contains(inf->message, "inf") && contains(inf->message, "[0, 1e+09]"),
                 inf->message.c_str());
    }

    void everyProblemIsReportedAtOnce()
    {
        DiagnosticList list;
        const auto spec = parseArchSpec(R"({
            "chip": {"cores": 0, "clock_GHz": -1},
            "crossbar": {"colums": 256, "technology": 3},
            "dram": {"energy_per_bit_pJ": -2},
            "extra": true
        })",
                                        "many.json", list);
        QVERIFY(!spec);
        std::set<std::string> paths;
        for (const Diagnostic& d : list.all())
            paths.insert(d.location.path);
        for (const char* p : {"chip.cores", "chip.clock_GHz", "crossbar.colums",
                              "crossbar.technology", "dram.energy_per_bit_pJ", "extra"})
            QVERIFY2(paths.count(p), (std::string(p) + "\n" + joinedMessages(list)).c_str());
        QCOMPARE(list.errorCount(), std::size_t{6});
    }

    void unknownKeysGetSuggestions_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("suggestion");
        QTest::newRow("typo in leaf")
            << QByteArray(R"({"crossbar": {"colums": 256}})") << "crossbar.colums"
            << "'crossbar.cols'";
        QTest::newRow("typo in group") << QByteArray(R"({"crosbar": {}})") << "crosbar"
                                       << "'crossbar'";
        QTest::newRow("leaf in wrong group")
            << QByteArray(R"({"chip": {"rows": 128}})") << "chip.rows"
            << "'crossbar.rows'";
        QTest::newRow("unit case")
            << QByteArray(R"({"dram": {"bandwidth_gbps": 25.6}})") << "dram.bandwidth_gbps"
            << "'dram.bandwidth_GBps'";
        QTest::newRow("dotted key at top level")
            << QByteArray(R"({"chip.cores": 4})") << "chip.cores"
            << R"({"chip": {"cores")";
    }

    void unknownKeysGetSuggestions()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(QString, suggestion);
        DiagnosticList list;
        QVERIFY(!parseArchSpec(json, "typo.json", list));
        const Diagnostic* d = errorAt(list, path.toStdString());
        QVERIFY2(d, joinedMessages(list).c_str());
        QVERIFY2(contains(d->message, suggestion.toStdString()), d->message.c_str());
    }

    void farOffKeyGetsNoSuggestion()
    {
        DiagnosticList list;
        QVERIFY(!parseArchSpec(R"({"chip": {"zqxwvut": 1}})", "far.json", list));
        const Diagnostic* d = errorAt(list, "chip.zqxwvut");
        QVERIFY(d);
        QVERIFY2(!contains(d->message, "did you mean"), d->message.c_str());
    }

    void notJsonNamesFileLineAndOffset()
    {
        const QByteArray text = "{\n  \"chip\": {\n    \"cores\": 16,,\n  }\n}\n";
        DiagnosticList list;
        QVERIFY(!parseArchSpec(text, "broken.json", list));
        QCOMPARE(list.errorCount(), std::size_t{1});
        const Diagnostic& d = list.all().front();
        QCOMPARE(d.location.file, std::string("broken.json"));
        QVERIFY2(contains(d.message, "not valid JSON"), d.message.c_str());
        QVERIFY2(contains(d.message, "line 3"), d.message.c_str());
        QVERIFY2(contains(d.message, "offset"), d.message.c_str());
    }

    void topLevelMustBeAnObject()
    {
        DiagnosticList list;
        QVERIFY(!parseArchSpec("[1, 2]", "array.json", list));
        QVERIFY(contains(list.all().front().message, "object"));
        list.clear();
        QVERIFY(!parseArchSpec("", "empty.json", list));
        QCOMPARE(list.all().front().location.file, std::string("empty.json"));
    }

    void overridesApplyTypedValues()
    {
        ArchSpec spec;
        DiagnosticList list;
        QVERIFY(applyArchOverride(spec, "dram.bandwidth_GBps=25.6", list));
        QVERIFY(applyArchOverride(spec, "chip.cores = 32", list));
        QVERIFY(applyArchOverride(spec, "crossbar.technology=reram", list));
        QVERIFY(applyArchOverride(spec, "mvm.latency_model=fixed", list));
        QVERIFY(applyArchOverride(spec, "local_memory.size_bytes=1e5", list));
        QVERIFY(applyArchOverride(spec, "description=a b=c", list));
        QVERIFY2(list.empty(), joinedMessages(list).c_str());
        QCOMPARE(spec.dramBandwidthGBps, 25.6);
        QCOMPARE(spec.cores, std::int64_t{32});
        QCOMPARE(spec.technology, CellTechnology::Reram);
        QCOMPARE(spec.mvmLatencyModel, MvmLatencyModel::Fixed);
        QCOMPARE(spec.localMemoryBytes, std::int64_t{100000});
        QCOMPARE(spec.description, std::string("a b=c"));
    }

    void badOverridesLeaveSpecUnchanged_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key") << "dram.bandwith_GBps=25.6"
                                     << "dram.bandwith_GBps"
                                     << "did you mean 'dram.bandwidth_GBps'";
        QTest::newRow("out of range") << "chip.cores=0"
                                      << "chip.cores"
                                      << "[1, 1048576]";
        QTest::newRow("negative energy") << "write.energy_per_bit_pJ=-1"
                                         << "write.energy_per_bit_pJ"
                                         << "[0, 1e+06]";
        QTest::newRow("nan") << "adc.stage_latency_ns=nan"
                             << "adc.stage_latency_ns"
                             << "not a finite number";
        QTest::newRow("huge integer") << "chip.cores=1e30"
                                      << "chip.cores"
                                      << "1e+30";
        QTest::newRow("text for integer") << "chip.cores=many"
                                          << "chip.cores"
                                          << "expected an integer";
        QTest::newRow("fraction for integer") << "chip.cores=2.5"
                                              << "chip.cores"
                                              << "expected an integer";
        QTest::newRow("text for number") << "chip.clock_GHz=fast"
                                         << "chip.clock_GHz"
                                         << "expected a number";
        QTest::newRow("bad choice") << "crossbar.technology=sramm"
                                    << "crossbar.technology"
                                    << "did you mean 'sram'";
        QTest::newRow("missing equals") << "chip.cores"
                                        << ""
                                        << "KEY=VALUE";
        QTest::newRow("empty name") << "name="
                                    << "name"
                                    << "non-empty";
    }

    void badOverridesLeaveSpecUnchanged()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, path);
        QFETCH(QString, expected);
        ArchSpec spec;
        DiagnosticList list;
        QVERIFY(!applyArchOverride(spec, assignment.toStdString(), list));
        QVERIFY(spec == ArchSpec{});
        QCOMPARE(list.errorCount(), std::size_t{1});
        const Diagnostic& d = list.all().front();
        QCOMPARE(d.location.file, std::string("--set"));
        QCOMPARE(QString::fromStdString(d.location.path), path);
        QVERIFY2(contains(d.message, expected.toStdString()), d.message.c_str());
    }

    void loadAppliesOverridesAndLabelsTheirProblems()
    {
        DiagnosticList list;
        auto spec = loadArchSpec("sram-M", {"dram.bandwidth_GBps=25.6", "chip.cores=20"}, list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        QCOMPARE(spec->dramBandwidthGBps, 25.6);
        QCOMPARE(spec->cores, std::int64_t{20});
        QCOMPARE(spec->crossbarsPerCore, std::int64_t{16});

        // Each override is fine alone; together the crossbar is narrower than one weight.
        list.clear();
        spec = loadArchSpec("sram-M", {"crossbar.cols=2", "chip.cores=0", "nosuch.key=1"}, list);
        QVERIFY(!spec);
        QCOMPARE(list.errorCount(), std::size_t{3});
        const Diagnostic* cols = errorAt(list, "crossbar.cols");
        QVERIFY2(cols, joinedMessages(list).c_str());
        QCOMPARE(cols->location.file, std::string("--set"));
        QVERIFY2(contains(cols->message, "[4, 65536]"), cols->message.c_str());
        QVERIFY(errorAt(list, "chip.cores"));
        QVERIFY(errorAt(list, "nosuch.key"));
    }

    void loadReportsUnknownPresetWithSuggestion()
    {
        DiagnosticList list;
        QVERIFY(!loadArchSpec("sram-m", {}, list));
        QCOMPARE(list.errorCount(), std::size_t{1});
        const Diagnostic& d = list.all().front();
        QCOMPARE(d.location.file, std::string("sram-m"));
        QVERIFY2(contains(d.message, "did you mean 'sram-M'"), d.message.c_str());
        QVERIFY2(contains(d.message, "reram-puma"), d.message.c_str());
    }

    void baseStartsFromPresetOrFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString child = dir.filePath("fast-dram.json");
        writeFile(child, R"({"base": "sram-S", "dram": {"bandwidth_GBps": 25.6}})");
        DiagnosticList list;
        auto spec = loadArchSpec(child.toStdString(), {}, list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        QCOMPARE(spec->name, std::string("fast-dram"));
        QCOMPARE(spec->crossbarsPerCore, std::int64_t{9});
        QCOMPARE(spec->dramBandwidthGBps, 25.6);

        // A base given as a path relative to the file.
        const QString grandchild = dir.filePath("more.json");
        writeFile(grandchild, R"({"base": "fast-dram.json", "name": "more",
                                  "chip": {"cores": 8}})");
        list.clear();
        spec = loadArchSpec(grandchild.toStdString(), {}, list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        QCOMPARE(spec->cores, std::int64_t{8});
        QCOMPARE(spec->crossbarsPerCore, std::int64_t{9});
        QCOMPARE(spec->dramBandwidthGBps, 25.6);
    }

    void badBaseIsReported()
    {
        DiagnosticList list;
        QVERIFY(!parseArchSpec(R"({"base": "sram-m"})", "b.json", list));
        const Diagnostic* d = errorAt(list, "base");
        QVERIFY(d);
        QVERIFY2(contains(d->message, "did you mean \"sram-M\""), d->message.c_str());

        QTemporaryDir dir;
        writeFile(dir.filePath("a.json"), R"({"base": "b.json"})");
        writeFile(dir.filePath("b.json"), R"({"base": "a.json"})");
        list.clear();
        QVERIFY(!loadArchSpec(dir.filePath("a.json").toStdString(), {}, list));
        bool cycle = false;
        for (const Diagnostic& x : list.all())
            cycle = cycle || contains(x.message, "cycle");
        QVERIFY2(cycle, joinedMessages(list).c_str());
    }

    void fieldTableIsConsistent()
    {
        std::set<std::string_view> keys;
        for (const ArchField& f : archFields()) {
            QVERIFY2(keys.insert(f.key).second, std::string(f.key).c_str());
            QVERIFY(findArchField(f.key) == &f);
            QVERIFY(!f.description.empty());
            QVERIFY(!f.source.empty());
            if (f.isNumber()) {
                QVERIFY(!f.unit.empty());
                QVERIFY(f.minimum < f.maximum);
            }
            // Real fields carry their unit at the end of the key.
            if (f.type == ArchFieldType::Real) {
                std::string suffix(f.unit);
                if (suffix == "GB/s")
                    suffix = "GBps";
                if (suffix == "GS/s")
                    suffix = "GSps";
                const std::string key(f.key);
                QVERIFY2(key.size() > suffix.size() &&
                             key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0,
                         key.c_str());
            }
        }
        QVERIFY(findArchField("dram.bandwidth_GBps"));
        QVERIFY(!findArchField("dram"));
    }

    void docsEmbedTheFieldTable()
    {
        QFile doc(QStringLiteral(COMPASS_TESTS_DIR) + "/../docs/architecture-spec.md");
        QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
        const std::string text = doc.readAll().toStdString();
        QVERIFY2(contains(text, archFieldTableMarkdown()),
                 "docs/architecture-spec.md is out of date: paste `compass arch fields "
                 "--markdown` into it");
    }

    void pimcompLatencyFollowsTheInputBits()
    {
        // PIMCOMP: 200 ns read + bits x 200 ns + 600 ns (ADC, shift-add, write-back).
        ArchSpec spec;
        spec.mvmLatencyModel = MvmLatencyModel::Pimcomp;
        spec.activationBits = 4;
        QCOMPARE(spec.mvmLatencyNs(), 200.0 + 4 * 200.0 + 600.0); // 1600 ns
        spec.activationBits = 8;
        QCOMPARE(spec.mvmLatencyNs(), 200.0 + 8 * 200.0 + 600.0); // 2400 ns
        // Bit-serial steps, not bits: a 2-bit DAC halves them, ceil(8 / 2) = 4.
        spec.dacBits = 2;
        QCOMPARE(spec.mvmLatencyNs(), 1600.0);
        // The ADC fields do not enter PIMCOMP's figure.
        spec.adcSampleRateGSps = 0.01;
        QCOMPARE(spec.mvmLatencyNs(), 1600.0);
    }

    void adcStageIsSizedForTheColumns()
    {
        // One ADC at 1.28 GS/s per crossbar: 128 columns take 128 / 1.28 = 100 ns per input
        // bit, 256 columns 200 ns; a 4-bit PUMA MVM then takes (4 + 2) x stage.
        ArchSpec spec;
        spec.crossbarCols = 128;
        QCOMPARE(spec.columnsPerAdc(), std::int64_t{128});
        QCOMPARE(spec.adcStageNs(), 100.0);
        QCOMPARE(spec.mvmLatencyNs(), 600.0);
        spec.crossbarCols = 256;
        QCOMPARE(spec.adcStageNs(), 200.0);
        QCOMPARE(spec.mvmLatencyNs(), 1200.0);
        // Two ADCs share the 256 columns: ceil(256 / 2) = 128 each, 100 ns again; three
        // ADCs: ceil(256 / 3) = 86 columns, 86 / 1.28 = 67.1875 ns.
        spec.adcsPerCrossbar = 2;
        QCOMPARE(spec.adcStageNs(), 100.0);
        spec.adcsPerCrossbar = 3;
        QCOMPARE(spec.adcStageNs(), 67.1875);
    }

    void explicitAdcStageKeepsItsMeaningAndWarns()
    {
        // A file written when adc.stage_latency_ns was the only ADC timing field (the presets
        // then said 100 ns for 256 columns): it still loads, with that stage, and a warning
        // names the field and the derived figure.
        DiagnosticList list;
        const auto spec = parseArchSpec(
            R"({"crossbar": {"cols": 256}, "adc": {"stage_latency_ns": 100}})", "old.json", list);
        QVERIFY2(spec, joinedMessages(list).c_str());
        QCOMPARE(spec->adcStageNs(), 100.0);
        QCOMPARE(spec->mvmLatencyNs(), 600.0);
        QCOMPARE(list.errorCount(), std::size_t{0});
        QCOMPARE(list.all().size(), std::size_t{1});
        const Diagnostic& w = list.all().front();
        QCOMPARE(w.severity, Severity::Warning);
        QCOMPARE(w.location.path, std::string("adc.stage_latency_ns"));
        QVERIFY2(w.message.find("= 200 ns") != std::string::npos, w.message.c_str());
        // The same stage as derived is not worth a warning.
        DiagnosticList quiet;
        QVERIFY(parseArchSpec(R"({"adc": {"stage_latency_ns": 200}})", "same.json", quiet));
        QVERIFY2(quiet.empty(), joinedMessages(quiet).c_str());
    }

    void dacWiderThanActivationsWarns()
    {
        DiagnosticList list;
        const auto spec = parseArchSpec(R"({"precision": {"dac_bits": 8, "activation_bits": 4}})",
                                        "dac.json", list);
        QVERIFY(spec);
        QCOMPARE(list.all().size(), std::size_t{1});
        QCOMPARE(list.all().front().severity, Severity::Warning);
        QCOMPARE(list.all().front().location.path, std::string("precision.dac_bits"));
        QCOMPARE(spec->inputSteps(), std::int64_t{1});
    }
};

QTEST_GUILESS_MAIN(TestArchSpec)
#include "tst_arch_spec.moc"
