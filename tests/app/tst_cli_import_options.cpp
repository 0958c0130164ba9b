// SPDX-License-Identifier: MIT
// --input-shape and --weights-from-inputs on every command that loads a model: a file with
// symbolic dims is refused naming the input and the flag until the shapes are given, and graph
// inputs that hold weights count as weights only with the flag.
#include "cli_runner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the IR headers pull in.
#ifndef Q_MOC_RUN
#include "../core/onnx/onnx_model_builder.h"
#endif

namespace {

using compass::test::OnnxModelBuilder;
using compass::test::setInt;
using compass::test::setInts;
using compass::testing::CliResult;
using compass::testing::runCli;

/// image [1 x 3 x side x side] -> 3x3 Conv (8) -> GAP -> Flatten -> Gemm (10), and
/// features [1 x sequence x 16] -> MatMul [16 x 4]: two inputs with symbolic dims.
OnnxModelBuilder symbolicModel()
{
    OnnxModelBuilder m;
    m.input("image", {1, 3, -1, -1}, onnx::TensorProto::FLOAT, "side");
    m.input("features", {1, -1, 16}, onnx::TensorProto::FLOAT, "sequence");
    m.weight("conv.w", {8, 3, 3, 3});
    m.weight("fc.w", {10, 8});
    m.weight("proj.w", {16, 4});
    onnx::NodeProto& conv = m.node("Conv", {"image", "conv.w"}, {"c"}, "conv");
    setInts(conv, "kernel_shape", {3, 3});
    setInts(conv, "pads", {1, 1, 1, 1});
    m.node("Relu", {"c"}, {"r"}, "relu");
    m.node("GlobalAveragePool", {"r"}, {"g"}, "gap");
    m.node("Flatten", {"g"}, {"f"}, "flatten");
    setInt(m.node("Gemm", {"f", "fc.w"}, {"logits"}, "fc"), "transB", 1);
    m.node("MatMul", {"features", "proj.w"}, {"projected"}, "proj");
    m.output("logits").output("projected");
    return m;
}

/// x [1 x 3 x 8 x 8] -> Conv with W a graph input -> Reshape -> MatMul with B a graph input.
OnnxModelBuilder weightsAsInputsModel()
{
    OnnxModelBuilder m;
    m.input("x", {1, 3, 8, 8}).input("conv.w", {4, 3, 3, 3}).input("fc.w", {144, 10});
    m.node("Conv", {"x", "conv.w"}, {"c"}, "conv");
    m.ints("shape", {1, 144});
    m.node("Reshape", {"c", "shape"}, {"f"}, "flatten");
    m.node("MatMul", {"f", "fc.w"}, {"y"}, "fc");
    m.output("y");
    return m;
}

QString write(const QTemporaryDir& dir, const QString& name, const OnnxModelBuilder& m)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    const std::string bytes = m.bytes();
    f.write(bytes.data(), static_cast<qint64>(bytes.size()));
    return path;
}

QJsonObject totals(const CliResult& r)
{
    return QJsonDocument::fromJson(r.out).object().value("totals").toObject();
}

const QStringList kShapes = {"--input-shape", "image=1x3x16x16", "--input-shape",
                             "features=1x5x16"};

} // namespace

class TestCliImportOptions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void symbolicDimsNeedTheFlag_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("inspect") << QStringList{"inspect"};
        QTest::newRow("units") << QStringList{"units", "--arch", "sram-S"};
        QTest::newRow("optimize") << QStringList{"optimize", "--arch", "sram-S",
                                                 "--method", "greedy", "--no-store"};
        QTest::newRow("simulate") << QStringList{"simulate", "--arch", "sram-S", "--no-store"};
        QTest::newRow("compile") << QStringList{"compile",  "--arch", "sram-S",
                                                "--method", "greedy", "--summary"};
    }

    void symbolicDimsNeedTheFlag()
    {
        QFETCH(QStringList, command);
        const QString path = write(m_dir, "symbolic.onnx", symbolicModel());
        const CliResult refused = runCli(QStringList(command) << path);
        QCOMPARE(refused.exitCode, 1);
        for (const char* part : {"'image'", "'features'", "'side'", "'sequence'", "--input-shape"})
            QVERIFY2(refused.err.contains(part), (refused.err + " lacks " + part).constData());

        const CliResult given = runCli(QStringList(command) << path << kShapes);
        QVERIFY2(given.exitCode == 0, given.err.constData());
        QVERIFY2(!given.err.contains("error"), given.err.constData());
    }

    void givenShapesSetTheCounts()
    {
        // image 1x3x16x16: Conv 16*16*8 outputs x 27 MACs; fc 8 x 10; features 5 rows x 16 x 4.
        const QString path = write(m_dir, "symbolic.onnx", symbolicModel());
        const CliResult r = runCli(QStringList{"inspect", path, "--json"} << kShapes);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(totals(r)["weights"].toInteger(), qint64{216 + 80 + 64});
        QCOMPARE(totals(r)["macs"].toInteger(), qint64{16 * 16 * 8 * 27 + 80 + 5 * 16 * 4});

        const CliResult larger = runCli({"inspect", path, "--json", "--input-shape",
                                         "image=1x3x32x32", "--input-shape", "features=1x7x16"});
        QVERIFY2(larger.exitCode == 0, larger.err.constData());
        QCOMPARE(totals(larger)["macs"].toInteger(), qint64{32 * 32 * 8 * 27 + 80 + 7 * 16 * 4});
    }

    void oneMissingShapeIsNamed()
    {
        const QString path = write(m_dir, "symbolic.onnx", symbolicModel());
        const CliResult r = runCli({"inspect", path, "--input-shape", "image=1x3x16x16"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("'features'") && r.err.contains("--input-shape features="),
                 r.err.constData());
        QVERIFY2(!r.err.contains("'image'"), r.err.constData());
    }

    void malformedShapesAreUsageErrors_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no name") << "1x3x16x16"
                                 << "is not NAME=DIMS";
        QTest::newRow("zero dim") << "image=1x0x16x16"
                                  << "dimension '0' is not a positive integer";
        QTest::newRow("word dim") << "image=1x3xhx16"
                                  << "dimension 'h' is not a positive integer";
    }

    void malformedShapesAreUsageErrors()
    {
        QFETCH(QString, value);
        QFETCH(QString, reason);
        const QString path = write(m_dir, "symbolic.onnx", symbolicModel());
        const QStringList commands[] = {{"inspect"},
                                        {"optimize", "--arch", "sram-S", "--no-store"},
                                        {"simulate", "--arch", "sram-S", "--no-store"}};
        for (const QStringList& command : commands) {
            const CliResult r = runCli(QStringList(command) << path << "--input-shape" << value);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("--input-shape") && r.err.contains(reason.toUtf8()),
                     r.err.constData());
        }
        const CliResult twice = runCli({"inspect", path, "--input-shape", "image=1x3x8x8",
                                        "--input-shape", "image=1x3x16x16"});
        QCOMPARE(twice.exitCode, 2);
        QVERIFY2(twice.err.contains("input 'image' is given twice"), twice.err.constData());
    }

    void unknownInputIsRefused()
    {
        const QString path = write(m_dir, "symbolic.onnx", symbolicModel());
        const CliResult r =
            runCli(QStringList{"inspect", path, "--input-shape", "imgae=1x3x8x8"} << kShapes);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("'imgae'"), r.err.constData());
    }

    void weightsFromInputs()
    {
        const QString path = write(m_dir, "weights_as_inputs.onnx", weightsAsInputsModel());
        const CliResult plain = runCli({"inspect", path, "--json"});
        QVERIFY2(plain.exitCode == 0, plain.err.constData());
        QVERIFY2(plain.err.contains("'conv.w'") && plain.err.contains("'fc.w'") &&
                     plain.err.contains("--weights-from-inputs"),
                 plain.err.constData());
        QCOMPARE(totals(plain)["weights"].toInteger(), qint64{0});

        const CliResult flagged = runCli({"inspect", path, "--json", "--weights-from-inputs"});
        QVERIFY2(flagged.exitCode == 0, flagged.err.constData());
        QCOMPARE(totals(flagged)["weights"].toInteger(), qint64{4 * 27 + 144 * 10});
        QCOMPARE(QJsonDocument::fromJson(flagged.out).object()["weight_layers"].toInt(), 2);

        const CliResult optimized = runCli({"optimize", path, "--arch", "sram-S", "--no-store",
                                            "--method", "exact", "--weights-from-inputs"});
        QVERIFY2(optimized.exitCode == 0, optimized.err.constData());
    }

    void storedRunsKeepTheImportOptions()
    {
        // optimize and simulate store the options with the run; runs show prints them; runs
        // rerun imports the file with them, so a file with symbolic dims reproduces.
        const QString path = write(m_dir, "symbolic.onnx", symbolicModel());
        const QString db = m_dir.filePath("import.db");
        QFile::remove(db);
        const CliResult optimized = runCli(
            QStringList{"optimize", path, "--arch", "sram-S", "--method", "exact", "--db", db}
            << kShapes);
        QVERIFY2(optimized.exitCode == 0, optimized.err.constData());
        QVERIFY2(optimized.err.contains("stored as run 1"), optimized.err.constData());
        const CliResult simulated =
            runCli(QStringList{"simulate", path, "--arch", "sram-S", "--db", db, "--input-shape",
                               "image=1x3x8x8", "--input-shape", "features=1x2x16"});
        QVERIFY2(simulated.exitCode == 0, simulated.err.constData());

        const CliResult shown = runCli({"runs", "show", "1", "--db", db});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QVERIFY2(shown.out.contains("--input-shape features=1x5x16 --input-shape image=1x3x16x16"),
                 shown.out.constData());
        const CliResult json = runCli({"runs", "show", "2", "--db", db, "--json"});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonObject model = QJsonDocument::fromJson(json.out).object()["model"].toObject();
        QCOMPARE(model["input_shapes"].toObject()["image"].toArray(), (QJsonArray{1, 3, 8, 8}));
        QCOMPARE(model["weights_from_inputs"].toBool(true), false);

        for (const char* id : {"1", "2"}) {
            const CliResult rerun = runCli({"runs", "rerun", id, "--db", db});
            QVERIFY2(rerun.exitCode == 0, (rerun.out + rerun.err).constData());
            QVERIFY2(rerun.out.contains("no difference"), rerun.out.constData());
        }
    }

    void sweepRunsKeepTheImportOptions()
    {
        const QString path = write(m_dir, "symbolic.onnx", symbolicModel());
        const QString spec = m_dir.filePath("symbolic-sweep.json");
        QFile file(spec);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject{
                              {"models", QJsonArray{path}},
                              {"input_shapes", QJsonObject{{"image", QJsonArray{1, 3, 16, 16}},
                                                           {"features", QJsonArray{1, 5, 16}}}},
                              {"archs", QJsonArray{"sram-S"}},
                              {"methods", QJsonArray{"greedy"}},
                          })
                .toJson());
        file.close();
        const QString db = m_dir.filePath("sweep-import.db");
        QFile::remove(db);
        const CliResult swept =
            runCli({"sweep", spec, "--db", db, "--csv", m_dir.filePath("symbolic-sweep.csv")});
        QVERIFY2(swept.exitCode == 0, swept.err.constData());
        const CliResult shown = runCli({"runs", "show", "1", "--db", db});
        QVERIFY2(shown.out.contains("--input-shape features=1x5x16 --input-shape image=1x3x16x16"),
                 shown.out.constData());
        const CliResult rerun = runCli({"runs", "rerun", "1", "--db", db});
        QVERIFY2(rerun.exitCode == 0 && rerun.out.contains("no difference"),
                 (rerun.out + rerun.err).constData());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCliImportOptions)
#include "tst_cli_import_options.moc"
