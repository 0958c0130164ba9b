// SPDX-License-Identifier: MIT
// The sweep spec: every error names the spec file and the JSON field, the cross product has
// the documented size with duplicates removed, and the configuration key (hence the stored
// run's uuid, which resume and merge rely on) has the documented form.
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here.
#include "core/ir/graph.h"
#endif
#include "core/support/diagnostics.h"
#include "core/support/file_hash.h"
#include "jobs/sweep_spec.h"
#include "store/run_hashes.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace compass;
using namespace compass::jobs;

namespace {

/// tests/data/sweeps/small.json: 2 models x 1 chip x 2 overrides x 2 batches x (greedy +
/// layerwise + ga x 2 seeds) x 2 objectives = 64 configurations.
QByteArray smallSpec()
{
    QFile file(COMPASS_TEST_DATA_DIR "/sweeps/small.json");
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::set<std::string> uuidsOf(const Sweep& sweep)
{
    std::set<std::string> uuids;
    for (const SweepConfig& c : sweep.configs)
        uuids.insert(c.uuid);
    return uuids;
}

} // namespace

class TestSweepSpec : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void errorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QString>("field");
        QTest::newRow("models missing") << QByteArray(R"({"archs": ["sram-M"]})") << "models";
        QTest::newRow("unknown model")
            << QByteArray(R"({"models": ["resnet18", "no-such-net"], "archs": ["sram-M"]})")
            << "models[1]";
        QTest::newRow("unknown arch")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M", "sram-XXL"]})")
            << "archs[1]";
        QTest::newRow("bad batch")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"], "batches": [4, 0]})")
            << "batches[1]";
        QTest::newRow("bad seed")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"], "seeds": [1.5]})")
            << "seeds[0]";
        QTest::newRow("bad method")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"], "methods": ["sa"]})")
            << "methods[0]";
        QTest::newRow("bad objective")
            << QByteArray(
                   R"({"models": ["resnet18"], "archs": ["sram-M"], "objectives": ["edp", "area"]})")
            << "objectives[1]";
        QTest::newRow("bad override key")
            << QByteArray(
                   R"({"models": ["resnet18"], "archs": ["sram-M"], "set": {"dram.speed": [1]}})")
            << "set.dram.speed[0]";
        QTest::newRow("bad override value")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"],
                              "set": {"dram.bandwidth_GBps": [25.6, -1]}})")
            << "set.dram.bandwidth_GBps[1]";
        QTest::newRow("ga elite")
            << QByteArray(
                   R"({"models": ["resnet18"], "archs": ["sram-M"], "ga": {"population": 10, "elite": 10}})")
            << "ga.elite";
        QTest::newRow("ga init")
            << QByteArray(
                   R"({"models": ["resnet18"], "archs": ["sram-M"], "ga": {"init": "random"}})")
            << "ga.init";
        QTest::newRow("ga not an object")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"], "ga": [1]})") << "ga";
        QTest::newRow("ga typo")
            << QByteArray(
                   R"({"models": ["resnet18"], "archs": ["sram-M"], "ga": {"generation": 10}})")
            << "ga.generation";
        QTest::newRow("replicate")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"], "replicate": 1})")
            << "replicate";
        QTest::newRow("input shape dim")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"],
                              "input_shapes": {"input": [1, 3, 0, 224]}})")
            << "input_shapes.input[2]";
        QTest::newRow("input shape not an array")
            << QByteArray(R"({"models": [{"model": "resnet18", "input_shapes": {"input": "1x3"}}],
                              "archs": ["sram-M"]})")
            << "models[0].input_shapes.input";
        QTest::newRow("weights_from_inputs")
            << QByteArray(R"({"models": [{"model": "resnet18", "weights_from_inputs": 1}],
                              "archs": ["sram-M"]})")
            << "models[0].weights_from_inputs";
        QTest::newRow("model entry typo")
            << QByteArray(R"({"models": [{"model": "resnet18", "input_shape": {}}],
                              "archs": ["sram-M"]})")
            << "models[0].input_shape";
        QTest::newRow("model entry without model")
            << QByteArray(R"({"models": [{"input_shapes": {}}], "archs": ["sram-M"]})")
            << "models[0].model";
        QTest::newRow("symbolic dims not given")
            << QByteArray(R"({"models": [")" COMPASS_TEST_DATA_DIR
                          R"(/onnx_broken/symbolic_spatial_dim.onnx"], "archs": ["sram-M"]})")
            << "models[0]";
        QTest::newRow("typo field")
            << QByteArray(R"({"model": ["resnet18"], "models": ["resnet18"], "archs": ["sram-M"]})")
            << "model";
    }

    void errorsNameTheField()
    {
        QFETCH(QByteArray, spec);
        QFETCH(QString, field);
        const QString path = m_dir.filePath("bad.json");
        DiagnosticList diagnostics;
        QVERIFY(!parseSweep(spec, path, diagnostics));
        bool named = false;
        for (const Diagnostic& d : diagnostics.all()) {
            QCOMPARE(d.location.file, path.toStdString());
            named =
                named || (d.severity == Severity::Error && d.location.path == field.toStdString());
        }
        QVERIFY2(named, diagnostics.all().empty()
                            ? "no diagnostic"
                            : formatDiagnostic(diagnostics.all().front()).c_str());
    }

    void notJsonNamesTheFile()
    {
        DiagnosticList diagnostics;
        QVERIFY(!parseSweep("{\"models\": [", "spec.json", diagnostics));
        QCOMPARE(diagnostics.errorCount(), std::size_t{1});
        QCOMPARE(diagnostics.all().front().location.file, std::string("spec.json"));
        QVERIFY(diagnostics.all().front().message.find("not valid JSON") != std::string::npos);
        QVERIFY(!readSweep(m_dir.filePath("missing.json"), diagnostics));
    }

    void crossProductHasEveryConfigurationOnce()
    {
        DiagnosticList diagnostics;
        const std::optional<Sweep> sweep = parseSweep(smallSpec(), "small.json", diagnostics);
        QVERIFY(sweep);
        QCOMPARE(sweep->spec.models.size(), std::size_t{2});
        QCOMPARE(sweep->spec.archs.size(), std::size_t{2}); // sram-M at each bandwidth
        QCOMPARE(sweep->configs.size(), std::size_t{64});
        QCOMPARE(uuidsOf(*sweep).size(), std::size_t{64});
        int greedy = 0;
        for (const SweepConfig& c : sweep->configs) {
            greedy += c.method.search->method == SearchMethod::Greedy ? 1 : 0;
            // Only the genetic algorithm is seeded.
            if (c.method.search->method != SearchMethod::Genetic)
                QCOMPARE(c.method.search->seed, std::uint64_t{0});
        }
        QCOMPARE(greedy, 64 / 4);
        // Sorted by key: the order shards and the CSV count in.
        for (std::size_t i = 1; i < sweep->configs.size(); ++i)
            QVERIFY(sweep->configs[i - 1].key < sweep->configs[i].key);
        QCOMPARE(sweep->arch(sweep->configs.front()).overrides.size(), std::size_t{1});
    }

    void duplicatesAreOneConfiguration()
    {
        // resnet18 by name and by path, and a bandwidth given twice: the same 64 points.
        QByteArray twice = smallSpec();
        twice.replace(R"("resnet18"])",
                      R"("resnet18", ")" COMPASS_RESOURCE_DIR R"(/models/resnet18.onnx"])");
        twice.replace("[12.8, 25.6]", "[12.8, 25.6, 25.60]");
        DiagnosticList diagnostics;
        const std::optional<Sweep> once = parseSweep(smallSpec(), "small.json", diagnostics);
        const std::optional<Sweep> again = parseSweep(twice, "twice.json", diagnostics);
        QVERIFY(once && again);
        QCOMPARE(again->spec.models.size(), std::size_t{3});
        QCOMPARE(uuidsOf(*again), uuidsOf(*once));
    }

    void relativePathsAreBesideTheSpec()
    {
        const QString chip = m_dir.filePath("my_chip.json");
        QFile::remove(chip);
        QVERIFY(QFile::copy(COMPASS_RESOURCE_DIR "/arch/sram-S.json", chip));
        DiagnosticList diagnostics;
        const std::optional<Sweep> sweep = parseSweep(
            R"({"models": ["squeezenet1_1"], "archs": ["my_chip.json"], "methods": ["greedy"]})",
            m_dir.filePath("spec.json"), diagnostics);
        QVERIFY2(sweep, diagnostics.all().empty()
                            ? ""
                            : formatDiagnostic(diagnostics.all().front()).c_str());
        QCOMPARE(sweep->configs.size(), std::size_t{1});
        QCOMPARE(sweep->spec.archs.front().source, QStringLiteral("my_chip.json"));
        QCOMPARE(sweep->spec.name, QStringLiteral("spec")); // the file's stem by default
    }

    void importOptionsReachEveryConfiguration()
    {
        // x [1 x 3 x height x width] -> 3x3 Conv (4): refused without shapes (above), imported
        // with the spec's; a model entry's own shapes win over the spec's for that model.
        const QString model =
            QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx_broken/symbolic_spatial_dim.onnx");
        const QJsonObject spec{
            {"models", QJsonArray{model, QJsonObject{{"model", model},
                                                     {"input_shapes",
                                                      QJsonObject{{"x", QJsonArray{2, 3, 32, 32}}}},
                                                     {"weights_from_inputs", true}}}},
            {"input_shapes", QJsonObject{{"x", QJsonArray{1, 3, 16, 16}}}},
            {"archs", QJsonArray{"sram-S"}},
            {"methods", QJsonArray{"greedy"}}};
        DiagnosticList diagnostics;
        const std::optional<Sweep> sweep =
            parseSweep(QJsonDocument(spec).toJson(), m_dir.filePath("vit.json"), diagnostics);
        QVERIFY2(sweep, diagnostics.all().empty()
                            ? ""
                            : formatDiagnostic(diagnostics.all().front()).c_str());
        QCOMPARE(sweep->spec.models.size(), std::size_t{2});
        const ModelIdentity& global = sweep->spec.models[0].identity;
        const ModelIdentity& own = sweep->spec.models[1].identity;
        QCOMPARE(global.importOptions.inputShapes.at("x"), (Dims{1, 3, 16, 16}));
        QVERIFY(!global.importOptions.weightsFromInputs);
        QCOMPARE(own.importOptions.inputShapes.at("x"), (Dims{2, 3, 32, 32}));
        QVERIFY(own.importOptions.weightsFromInputs);
        // Each graph was imported with its options: the Conv output is 4 x (side - 2)^2.
        const auto outputDims = [](const Graph& g) { return g.tensor(g.outputs().front()).dims; };
        QCOMPARE(outputDims(*sweep->spec.models[0].graph), (Dims{1, 4, 14, 14}));
        QCOMPARE(outputDims(*sweep->spec.models[1].graph), (Dims{2, 4, 30, 30}));
        // The same file with other shapes is another configuration, and the key says how.
        QCOMPARE(sweep->configs.size(), std::size_t{2});
        QVERIFY(sweep->configs[0].uuid != sweep->configs[1].uuid);
        for (const SweepConfig& c : sweep->configs) {
            QVERIFY2(c.key.find(";import={\"input_shapes\":{\"x\":[") != std::string::npos,
                     c.key.c_str());
            const QJsonObject json =
                sweepConfigJson(*sweep, static_cast<std::size_t>(&c - sweep->configs.data()));
            QVERIFY(json["import_options"].toObject()["input_shapes"].toObject().contains("x"));
        }
    }

    void configurationKeyHasTheDocumentedForm()
    {
        DiagnosticList diagnostics;
        const std::optional<Sweep> sweep = parseSweep(smallSpec(), "small.json", diagnostics);
        QVERIFY(sweep);
        const std::optional<std::string> resnet18 =
            fileSha256Hex(COMPASS_RESOURCE_DIR "/models/resnet18.onnx", diagnostics);
        std::optional<ArchSpec> chip =
            loadArchSpec("sram-M", {"dram.bandwidth_GBps=25.6"}, diagnostics);
        QVERIFY(resnet18 && chip);
        const std::string expected =
            "model=" + *resnet18 + ";arch=" + archSpecHash(archSpecToJson(*chip)) +
            ";batch=4;method=ga;objective=edp;seed=2;options="
            R"({"ga":{"elite":4,"generations":3,"init":"layer","patience":5,"population":12},)"
            R"("method":"ga","objective":"edp","replicate":true,"seed":2})"
            ";engine=estimator";
        const auto found = std::find_if(sweep->configs.begin(), sweep->configs.end(),
                                        [&](const SweepConfig& c) { return c.key == expected; });
        QVERIFY2(found != sweep->configs.end(), expected.c_str());
        // The uuid is the key's SHA-256 written as a uuid.
        const std::string h = sha256Hex(QByteArray::fromStdString(expected));
        QCOMPARE(found->uuid, h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                                  h.substr(16, 4) + "-" + h.substr(20, 12));
        QCOMPARE(sweepRunUuid(found->key), found->uuid);

        const QJsonObject json =
            sweepConfigJson(*sweep, static_cast<std::size_t>(found - sweep->configs.begin()));
        QCOMPARE(json["model"].toString(), QStringLiteral("resnet18"));
        QCOMPARE(json["set"].toArray().first().toString(),
                 QStringLiteral("dram.bandwidth_GBps=25.6"));
        QCOMPARE(json["seed"].toInteger(), 2);
        QCOMPARE(sweep->arch(*found).describe(), QStringLiteral("sram-M dram.bandwidth_GBps=25.6"));
    }
};

QTEST_GUILESS_MAIN(TestSweepSpec)
#include "tst_sweep_spec.moc"
