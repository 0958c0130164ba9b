// SPDX-License-Identifier: MIT
// Project files on the command line (docs/projects.md): `optimize --save-project` writes one,
// every command that takes MODEL reads one in its place, flags override what it says, and a
// damaged or newer project is refused with a message naming the file and the field, and left
// as it was.
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the core headers pull in.
#ifndef Q_MOC_RUN
#include "../core/onnx/onnx_model_builder.h"
#include "core/project/project_file.h"
#include "core/support/diagnostics.h"
#endif

namespace {

using compass::testing::CliResult;
using compass::testing::runCli;

const QString kModel = QDir::cleanPath(COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx");

/// The search flags of the saved project: a genetic search small enough to be quick.
const QStringList kSearch = {"--method",         "ga", "--objective",     "energy",
                             "--seed",           "7",  "--ga-population", "8",
                             "--ga-generations", "2",  "--ga-elite",      "2"};

QJsonObject json(const CliResult& r)
{
    return QJsonDocument::fromJson(r.out).object();
}

QString cutsText(const QJsonObject& report)
{
    QStringList cuts;
    for (const QJsonValue& c : report.value("plan").toObject().value("cuts").toArray())
        cuts << QString::number(c.toInt());
    return cuts.join(',');
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

std::optional<compass::ProjectFile> readProject(const QString& path)
{
    compass::DiagnosticList d;
    return compass::readProjectFile(path.toStdString(), d);
}

/// The message of a refused project: exit code 1, nothing on stdout, `path` and `says` on
/// stderr, the file unchanged.
void checkRefused(const QStringList& args, const QString& path, const QString& says)
{
    const QByteArray before = readBytes(path);
    const CliResult r = runCli(args);
    QVERIFY2(r.exitCode == 1, r.err.constData());
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY2(QString::fromUtf8(r.err).contains(path), r.err.constData());
    QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
    QCOMPARE(readBytes(path), before);
}

} // namespace

class TestCliProjects : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;   ///< saved by initTestCase: squeezenet1_1 on sram-M, batch 4, ga
    QString m_cuts;      ///< its plan's cuts, "c1,c2,..."
    QJsonObject m_found; ///< `optimize --json` of the run that saved it

    QString path(const QString& name) const { return m_dir.filePath(name); }

    QStringList simulateModel(const QStringList& extra) const
    {
        return QStringList{"simulate", kModel,   "--arch", "sram-M", "--batch",
                           "4",        "--cuts", m_cuts,   "--json", "--no-store"} +
               extra;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = path("squeeze.compass");
        const CliResult r =
            runCli(QStringList{"optimize", kModel, "--arch", "sram-M", "--batch", "4", "--json",
                               "--no-store", "--save-project", m_project} +
                   kSearch);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("saved project " + m_project.toUtf8()), r.err.constData());
        m_found = json(r);
        m_cuts = cutsText(m_found);
        QVERIFY(!m_cuts.isEmpty());
    }

    void savedProjectHoldsTheRun()
    {
        const auto project = readProject(m_project);
        QVERIFY(project);
        QCOMPARE(QString::fromStdString(project->modelPath), kModel);
        QCOMPARE(project->modelRelativePath.empty(), false);
        QCOMPARE(project->modelSha256.size(), std::size_t{64});
        QCOMPARE(project->archPreset, std::string("sram-M"));
        QCOMPARE(project->arch.name, std::string("sram-M"));
        QCOMPARE(project->batch, std::int64_t{4});
        QStringList cuts;
        for (std::int32_t c : project->innerCuts)
            cuts << QString::number(c);
        QCOMPARE(cuts.join(','), m_cuts);
        QCOMPARE(project->search.method, compass::SearchMethod::Genetic);
        QCOMPARE(project->search.objective, compass::Objective::Energy);
        QCOMPARE(project->search.seed, std::uint64_t{7});
        QCOMPARE(project->search.genetic.population, 8);
        QCOMPARE(project->search.genetic.generations, 2);
        QCOMPARE(project->search.genetic.elite, 2);
        QVERIFY(project->view == compass::ProjectViewState{});
    }

    void simulateOfTheProjectIsSimulateOfItsCuts()
    {
        const CliResult project = runCli({"simulate", m_project, "--json", "--no-store"});
        QVERIFY2(project.exitCode == 0, project.err.constData());
        const CliResult model = runCli(simulateModel({}));
        QVERIFY2(model.exitCode == 0, model.err.constData());
        QCOMPARE(json(project), json(model));
        // The optimiser's own metrics are the ones simulate reports.
        QCOMPARE(json(project).value("metrics"), m_found.value("metrics"));
    }

    void flagsOverrideTheProject()
    {
        // --batch
        CliResult a = runCli({"simulate", m_project, "--batch", "8", "--json", "--no-store"});
        CliResult b = runCli(simulateModel({"--batch", "8"}));
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, a.err.constData());
        QCOMPARE(json(a), json(b));
        QVERIFY(json(a).value("metrics") != m_found.value("metrics"));
        // --cuts
        a = runCli({"simulate", m_project, "--cuts", "10", "--json", "--no-store"});
        b = runCli(simulateModel({"--cuts", "10"}));
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, a.err.constData());
        QCOMPARE(json(a), json(b));
        QCOMPARE(cutsText(json(a)), QString("10"));
        // --set edits the project's chip; --arch replaces it.
        a = runCli(
            {"simulate", m_project, "--set", "dram.bandwidth_GBps=25.6", "--json", "--no-store"});
        b = runCli(simulateModel({"--set", "dram.bandwidth_GBps=25.6"}));
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, a.err.constData());
        QCOMPARE(json(a), json(b));
        a = runCli(
            {"simulate", m_project, "--arch", "sram-L", "--cuts", "", "--json", "--no-store"});
        QVERIFY2(a.exitCode == 0, a.err.constData());
        QCOMPARE(json(a).value("arch").toString(), QString("sram-L"));
        // optimize: --method replaces the project's; its objective (energy) stays.
        a = runCli({"optimize", m_project, "--method", "greedy", "--json", "--no-store"});
        b = runCli({"optimize", kModel, "--arch", "sram-M", "--batch", "4", "--method", "greedy",
                    "--objective", "energy", "--json", "--no-store"});
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, a.err.constData());
        QCOMPARE(json(a).value("plan"), json(b).value("plan"));
        QCOMPARE(json(a).value("search").toObject().value("objective").toString(),
                 QString("energy"));
        // And the project's whole search again gives its plan: the seed and ga options travel.
        a = runCli({"optimize", m_project, "--json", "--no-store"});
        QVERIFY2(a.exitCode == 0, a.err.constData());
        QCOMPARE(json(a).value("plan"), m_found.value("plan"));
    }

    void resavingKeepsOrDropsThePreset()
    {
        const QString edited = path("edited.compass");
        CliResult r = runCli({"optimize", m_project, "--set", "dram.bandwidth_GBps=25.6",
                              "--method", "greedy", "--no-store", "--save-project", edited});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto project = readProject(edited);
        QVERIFY(project);
        QCOMPARE(project->archPreset, std::string()); // a changed chip is a custom one
        QCOMPARE(project->arch.dramBandwidthGBps, 25.6);
        QCOMPARE(project->search.method, compass::SearchMethod::Greedy);

        r = runCli(
            {"optimize", edited, "--method", "exact", "--no-store", "--save-project", edited});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        project = readProject(edited);
        QVERIFY(project);
        QCOMPARE(project->arch.dramBandwidthGBps, 25.6); // the project's chip, kept
        QCOMPARE(project->search.method, compass::SearchMethod::Exact);
    }

    void everyModelCommandReadsAProject()
    {
        CliResult r = runCli({"inspect", m_project, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(json(r).value("model").toString(), QString("squeezenet1_1"));
        QCOMPARE(r.out, runCli({"inspect", kModel, "--json"}).out);
        r = runCli({"units", m_project, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CliResult units = runCli({"units", kModel, "--arch", "sram-M", "--json"});
        QCOMPARE(r.out, units.out);
        r = runCli({"compile", m_project, "--summary"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CliResult compiled = runCli(
            {"compile", kModel, "--arch", "sram-M", "--batch", "4", "--cuts", m_cuts, "--summary"});
        QCOMPARE(r.out, compiled.out);
    }

    void importOptionsTravelWithTheProject()
    {
        using compass::test::OnnxModelBuilder;
        OnnxModelBuilder m;
        m.input("image", {1, 3, -1, -1}, onnx::TensorProto::FLOAT, "side");
        m.weight("conv.w", {8, 3, 3, 3});
        m.weight("fc.w", {10, 8});
        onnx::NodeProto& conv = m.node("Conv", {"image", "conv.w"}, {"c"}, "conv");
        compass::test::setInts(conv, "kernel_shape", {3, 3});
        m.node("GlobalAveragePool", {"c"}, {"g"}, "gap");
        m.node("Flatten", {"g"}, {"f"}, "flatten");
        compass::test::setInt(m.node("Gemm", {"f", "fc.w"}, {"y"}, "fc"), "transB", 1);
        m.output("y");
        const std::string bytes = m.bytes();
        const QString model = path("symbolic.onnx");
        QVERIFY(writeBytes(model, QByteArray::fromStdString(bytes)));

        QCOMPARE(runCli({"inspect", model}).exitCode, 1); // the shape is needed
        const QString project = path("symbolic.compass");
        CliResult r =
            runCli({"optimize", model, "--input-shape", "image=1x3x16x16", "--arch", "sram-S",
                    "--method", "greedy", "--no-store", "--save-project", project});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto saved = readProject(project);
        QVERIFY(saved);
        QCOMPARE(saved->importOptions.inputShapes.at("image"), (compass::Dims{1, 3, 16, 16}));
        r = runCli({"inspect", project, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject shape16 = json(r);
        // --input-shape overrides the project's shape of that input.
        r = runCli({"inspect", project, "--input-shape", "image=1x3x32x32", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(json(r) != shape16);
        const CliResult direct =
            runCli({"inspect", model, "--input-shape", "image=1x3x32x32", "--json"});
        QCOMPARE(r.out, direct.out);
    }

    void damagedProjectsAreRefusedAndLeftUnchanged()
    {
        const QByteArray good = readBytes(m_project);
        const QString truncated = path("truncated.compass");
        QVERIFY(writeBytes(truncated, good.left(good.size() / 2)));
        checkRefused({"simulate", truncated, "--no-store"}, truncated, "not valid JSON");
        checkRefused({"optimize", truncated, "--no-store", "--save-project", truncated}, truncated,
                     "truncated");

        QJsonObject root = QJsonDocument::fromJson(good).object();
        const auto variant = [&](const QString& name, const QJsonObject& object) {
            const QString file = path(name);
            writeBytes(file, QJsonDocument(object).toJson());
            return file;
        };
        QJsonObject newer = root;
        newer["version"] = 2;
        const QString v2 = variant("v2.compass", newer);
        checkRefused({"simulate", v2, "--no-store"}, v2,
                     "version: error: written by a newer COMPASS: version 2, this build reads "
                     "version 1");
        checkRefused({"optimize", v2, "--no-store", "--save-project", v2}, v2, "newer COMPASS");

        QJsonObject batch = root;
        batch["batch"] = "x";
        const QString badBatch = variant("batch.compass", batch);
        checkRefused({"units", badBatch}, badBatch, "batch: error: expected an integer");

        QJsonObject cuts = root;
        cuts["plan"] = QJsonObject{{"cuts", QJsonArray{9, 4}}};
        const QString badCuts = variant("cuts.compass", cuts);
        checkRefused({"simulate", badCuts, "--no-store"}, badCuts,
                     "plan.cuts[1]: error: cuts must be strictly increasing");

        // Nothing is saved from a project that was refused.
        checkRefused(
            {"optimize", badCuts, "--no-store", "--save-project", path("not-written.compass")},
            badCuts, "plan.cuts[1]");
        QVERIFY(!QFile::exists(path("not-written.compass")));
        // Nor from a run that fails: the good project stays as it was.
        const CliResult r = runCli(
            {"optimize", m_project, "--batch", "0", "--no-store", "--save-project", m_project});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(readBytes(m_project), good);
        // A file no command would take for a project is refused before the search.
        const CliResult json =
            runCli({"optimize", m_project, "--no-store", "--save-project", path("plan.json")});
        QCOMPARE(json.exitCode, 2);
        QVERIFY2(json.err.contains("must end in .compass"), json.err.constData());
        QVERIFY(!QFile::exists(path("plan.json")));
    }

    void theModelIsFoundAfterAMoveAndMissedWhenGone()
    {
        QTemporaryDir work;
        QVERIFY(QDir(work.path()).mkpath("study/models"));
        const QString model = work.filePath("study/models/net.onnx");
        QVERIFY(QFile::copy(kModel, model));
        const QString project = work.filePath("study/net.compass");
        CliResult r = runCli({"optimize", model, "--arch", "sram-M", "--method", "greedy",
                              "--no-store", "--save-project", project});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // Moved: the saved path is gone, the relative one holds the model.
        QVERIFY(QDir(work.path()).rename("study", "moved"));
        const QString moved = work.filePath("moved/net.compass");
        r = runCli({"simulate", moved, "--no-store"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("model found at"), r.err.constData());

        // Changed: a warning, and the command goes on.
        QVERIFY(
            writeBytes(work.filePath("moved/models/net.onnx"),
                       readBytes(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"))));
        r = runCli({"inspect", moved});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("model.sha256: warning:") && r.err.contains("changed"),
                 r.err.constData());

        // Gone: an error naming the project and every path tried.
        QVERIFY(QFile::remove(work.filePath("moved/models/net.onnx")));
        r = runCli({"simulate", moved, "--no-store"});
        QCOMPARE(r.exitCode, 1);
        const QString message = QString::fromUtf8(r.err);
        QVERIFY2(message.contains(moved + ": model: error:"), r.err.constData());
        QVERIFY2(message.contains(model), r.err.constData());
        QVERIFY2(message.contains(QDir::cleanPath(work.filePath("moved/models/net.onnx"))),
                 r.err.constData());
    }

    void helpSaysModelMayBeAProject_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* command : {"simulate", "optimize", "inspect", "units", "compile"})
            QTest::newRow(command) << command;
    }

    void helpSaysModelMayBeAProject()
    {
        QFETCH(QString, command);
        const CliResult r = runCli({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QString::fromUtf8(r.out).simplified().contains(".compass project"),
                 r.out.constData());
    }

    void saveProjectIsDocumented()
    {
        const CliResult r = runCli({"optimize", "--help"});
        QVERIFY(r.out.contains("--save-project"));
        const CliResult crosscheck = runCli({"crosscheck", "--help"});
        QVERIFY(crosscheck.out.contains(".compass"));
    }
};

QTEST_GUILESS_MAIN(TestCliProjects)
#include "tst_cli_projects.moc"
