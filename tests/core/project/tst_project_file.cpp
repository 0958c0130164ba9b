// SPDX-License-Identifier: MIT
// Project files (core/project/project_file.h, docs/projects.md): every field survives a round
// trip, the model is found again after its folder moved, damaged files are refused naming the
// field, and a failed write leaves the old file as it was.
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/project/project_file.h"
#include "core/search/search_options_json.h"
#include "core/support/diagnostics.h"
#include "core/support/file_hash.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include <filesystem>

using namespace compass;
namespace fs = std::filesystem;

namespace {

/// A project whose every field differs from its default.
ProjectFile nonDefaultProject()
{
    ProjectFile p;
    p.modelPath = "/data/models/net.onnx";
    p.modelRelativePath = "../models/net.onnx";
    p.modelSha256 = std::string(63, 'a') + "f";
    p.importOptions.inputShapes["image"] = {1, 3, 224, 224};
    p.importOptions.inputShapes["tokens"] = {2, 128};
    p.importOptions.weightsFromInputs = true;
    DiagnosticList d;
    std::optional<ArchSpec> chip = loadArchSpec("sram-M", {"dram.bandwidth_GBps=25.6"}, d);
    if (chip) {
        chip->name = "my chip";
        chip->description = "sram-M with \"fast\" DRAM\nand a second line";
        p.arch = *chip;
    }
    p.archPreset = "";
    p.batch = 16;
    p.innerCuts = {3, 17, 40};
    p.search.method = SearchMethod::Genetic;
    p.search.objective = Objective::Edp;
    p.search.seed = (std::uint64_t{1} << 60) + 7; // above 2^53: written as a string
    p.search.genetic.population = 40;
    p.search.genetic.generations = 9;
    p.search.genetic.elite = 7;
    p.search.genetic.patience = 0;
    p.search.genetic.layerAlignedPlans = false;
    p.search.genetic.seedBaselines = true;
    p.search.threads = 3;
    p.search.paretoFront = true;
    p.view.leftToRight = true;
    p.view.showOverview = false;
    p.view.stripByLatency = true;
    p.view.fullNames = true;
    p.view.edgeShapes = true;
    p.view.selectedNode = "layer1.0/conv1";
    return p;
}

void compareSearch(const SearchOptions& a, const SearchOptions& b)
{
    QCOMPARE(a.method, b.method);
    QCOMPARE(a.objective, b.objective);
    QCOMPARE(a.seed, b.seed);
    QCOMPARE(a.genetic.population, b.genetic.population);
    QCOMPARE(a.genetic.generations, b.genetic.generations);
    QCOMPARE(a.genetic.elite, b.genetic.elite);
    QCOMPARE(a.genetic.patience, b.genetic.patience);
    QCOMPARE(a.genetic.layerAlignedPlans, b.genetic.layerAlignedPlans);
    QCOMPARE(a.genetic.seedBaselines, b.genetic.seedBaselines);
    QCOMPARE(a.threads, b.threads);
    QCOMPARE(a.paretoFront, b.paretoFront);
}

void compareProjects(const ProjectFile& a, const ProjectFile& b)
{
    QCOMPARE(a.modelPath, b.modelPath);
    QCOMPARE(a.modelRelativePath, b.modelRelativePath);
    QCOMPARE(a.modelSha256, b.modelSha256);
    QCOMPARE(a.importOptions.inputShapes, b.importOptions.inputShapes);
    QCOMPARE(a.importOptions.weightsFromInputs, b.importOptions.weightsFromInputs);
    QCOMPARE(a.archPreset, b.archPreset);
    QVERIFY(a.arch == b.arch);
    QCOMPARE(a.batch, b.batch);
    QCOMPARE(a.innerCuts, b.innerCuts);
    compareSearch(a.search, b.search);
    QVERIFY(a.view == b.view);
}

QString allText(const DiagnosticList& d)
{
    QStringList lines;
    for (const Diagnostic& diagnostic : d.all())
        lines << QString::fromStdString(formatDiagnostic(diagnostic));
    return lines.join('\n');
}

/// The one error of parsing `json`, checked to name `file` and the field `path`.
Diagnostic onlyError(const QByteArray& json, const std::string& path)
{
    DiagnosticList d;
    const std::optional<ProjectFile> project = parseProject(json, "p.compass", d);
    if (project || d.errorCount() != 1) {
        qWarning().noquote() << "expected one error, got:\n" << allText(d);
        return {};
    }
    for (const Diagnostic& diagnostic : d.all()) {
        if (diagnostic.severity != Severity::Error)
            continue;
        if (diagnostic.location.file != "p.compass" || diagnostic.location.path != path) {
            qWarning().noquote() << "error at the wrong place:" << allText(d);
            return {};
        }
        return diagnostic;
    }
    return {};
}

QJsonObject asObject(const ProjectFile& project)
{
    return QJsonDocument::fromJson(projectToJson(project)).object();
}

QByteArray toJson(const QJsonObject& object)
{
    return QJsonDocument(object).toJson();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Copies the folder `from` (recursively) to `to`.
bool copyTree(const QString& from, const QString& to)
{
    std::error_code ec;
    fs::copy(from.toStdString(), to.toStdString(), fs::copy_options::recursive, ec);
    return !ec;
}

} // namespace

class TestProjectFile : public QObject
{
    Q_OBJECT

private slots:
    void everyFieldRoundTrips()
    {
        const ProjectFile original = nonDefaultProject();
        QVERIFY(original.arch.dramBandwidthGBps == 25.6);
        DiagnosticList d;
        const std::optional<ProjectFile> read =
            parseProject(projectToJson(original), "p.compass", d);
        QVERIFY2(read, qPrintable(allText(d)));
        QVERIFY2(d.empty(), qPrintable(allText(d)));
        compareProjects(*read, original);
        // Written again, the text is the same: a stable, fixed order.
        QCOMPARE(projectToJson(*read), projectToJson(original));
    }

    void defaultProjectRoundTrips()
    {
        ProjectFile original;
        original.modelPath = "/m.onnx";
        DiagnosticList d;
        const auto read = parseProject(projectToJson(original), "p.compass", d);
        QVERIFY2(read, qPrintable(allText(d)));
        compareProjects(*read, original);
    }

    void layoutIsTheDocumentedOne()
    {
        const ProjectFile project = nonDefaultProject();
        const QByteArray text = projectToJson(project);
        QVERIFY(text.startsWith("{\n  \"format\": \"compass-project\",\n  \"version\": 1,\n"));
        QVERIFY(text.endsWith("}\n"));
        const QJsonObject root = asObject(project);
        QCOMPARE(root.value("format").toString(), QString("compass-project"));
        QCOMPARE(root.value("version").toInt(), ProjectFile::kVersion);
        const QJsonObject model = root.value("model").toObject();
        QCOMPARE(model.value("input_shapes").toObject().value("image").toArray(),
                 (QJsonArray{1, 3, 224, 224}));
        QCOMPARE(model.value("weights_from_inputs").toBool(), true);
        // The chip spec is the arch writer's object, field for field.
        const QJsonObject spec = root.value("chip").toObject().value("spec").toObject();
        QCOMPARE(spec,
                 QJsonDocument::fromJson(QByteArray::fromStdString(archSpecToJson(project.arch)))
                     .object());
        QCOMPARE(root.value("optimiser").toObject(),
                 searchOptionsToJson(project.search, SearchOptionsScope::All));
        QCOMPARE(root.value("batch").toInt(), 16);
        QCOMPARE(root.value("plan").toObject().value("cuts").toArray(), (QJsonArray{3, 17, 40}));
        const QJsonObject view = root.value("view").toObject();
        QCOMPARE(view.keys().size(), 6);
        QCOMPARE(view.value("selected_node").toString(), QString("layer1.0/conv1"));
    }

    void writeComputesTheRelativePath()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("models") && QDir(dir.path()).mkpath("work/plans"));
        const QString model = dir.filePath("models/net.onnx");
        QVERIFY(writeBytes(model, "model bytes"));
        ProjectFile project = nonDefaultProject();
        project.modelPath = dir.filePath("work/../models/net.onnx").toStdString();
        project.modelRelativePath = "stale";
        const fs::path path = dir.filePath("work/plans/p.compass").toStdString();
        DiagnosticList d;
        QVERIFY2(writeProjectFile(path, project, d), qPrintable(allText(d)));
        const auto read = readProjectFile(path, d);
        QVERIFY2(read, qPrintable(allText(d)));
        QCOMPARE(read->modelRelativePath, std::string("../../models/net.onnx"));
        QCOMPARE(read->modelPath, fs::path(model.toStdString()).lexically_normal().string());
        // No temporary file is left beside it.
        QCOMPARE(QDir(dir.filePath("work/plans")).entryList(QDir::Files), QStringList{"p.compass"});
    }

    void movedFolderFindsTheModelByItsRelativePath()
    {
        QTemporaryDir original;
        QVERIFY(QDir(original.path()).mkpath("study/models"));
        const QString model = original.filePath("study/models/net.onnx");
        const QByteArray bytes = "the model's bytes";
        QVERIFY(writeBytes(model, bytes));
        ProjectFile project = nonDefaultProject();
        project.modelPath = model.toStdString();
        DiagnosticList d;
        project.modelSha256 = *fileSha256Hex(model, d);
        QVERIFY(writeProjectFile(original.filePath("study/p.compass").toStdString(), project, d));

        const ProjectModelLocation here = locateProjectModel(
            *readProjectFile(original.filePath("study/p.compass").toStdString(), d),
            original.filePath("study/p.compass").toStdString());
        QCOMPARE(here.status, ProjectModelLocation::Status::Found);
        QCOMPARE(here.path, fs::path(model.toStdString()));

        // The folder moves: copied elsewhere, the original removed.
        QTemporaryDir elsewhere;
        QVERIFY(copyTree(original.filePath("study"), elsewhere.filePath("moved")));
        QVERIFY(QDir(original.filePath("study")).removeRecursively());
        const fs::path movedProject = elsewhere.filePath("moved/p.compass").toStdString();
        const std::optional<ProjectFile> moved = readProjectFile(movedProject, d);
        QVERIFY2(moved, qPrintable(allText(d)));
        const std::vector<fs::path> tried = projectModelCandidates(*moved, movedProject);
        QCOMPARE(tried.size(), std::size_t{2});
        QCOMPARE(tried[0], fs::path(model.toStdString()));
        const ProjectModelLocation found = locateProjectModel(*moved, movedProject);
        QCOMPARE(found.status, ProjectModelLocation::Status::Found);
        QCOMPARE(found.path, fs::path(elsewhere.filePath("moved/models/net.onnx").toStdString()));
        QCOMPARE(found.sha256, moved->modelSha256);

        // Other bytes: Changed, with the new hash.
        QVERIFY(writeBytes(elsewhere.filePath("moved/models/net.onnx"), "other bytes"));
        const ProjectModelLocation changed = locateProjectModel(*moved, movedProject);
        QCOMPARE(changed.status, ProjectModelLocation::Status::Changed);
        QCOMPARE(changed.sha256, sha256Hex("other bytes"));

        // Gone: Missing.
        QVERIFY(QFile::remove(elsewhere.filePath("moved/models/net.onnx")));
        const ProjectModelLocation missing = locateProjectModel(*moved, movedProject);
        QCOMPARE(missing.status, ProjectModelLocation::Status::Missing);
        QVERIFY(missing.sha256.empty());
    }

    void noSavedHashIsFound()
    {
        QTemporaryDir dir;
        QVERIFY(writeBytes(dir.filePath("net.onnx"), "x"));
        ProjectFile project;
        project.modelPath = "net.onnx"; // relative: from the project's folder
        const ProjectModelLocation found =
            locateProjectModel(project, dir.filePath("p.compass").toStdString());
        QCOMPARE(found.status, ProjectModelLocation::Status::Found);
        QCOMPARE(found.sha256, sha256Hex("x"));
    }

    void truncatedFileIsRefused()
    {
        const QByteArray json = projectToJson(nonDefaultProject());
        const Diagnostic e = onlyError(json.left(json.size() / 2), "");
        QVERIFY2(QString::fromStdString(e.message).startsWith("not valid JSON"), e.message.c_str());
        QVERIFY2(QString::fromStdString(e.message).contains("truncated"), e.message.c_str());
        QVERIFY(onlyError("", "").message.find("empty") != std::string::npos);
        QVERIFY(onlyError("[1, 2]", "").message.find("object") != std::string::npos);
    }

    void newerVersionIsRefused()
    {
        QJsonObject root = asObject(nonDefaultProject());
        root["version"] = 2;
        root["something_new"] = QJsonObject{{"a", 1}};
        const Diagnostic e = onlyError(toJson(root), "version");
        QCOMPARE(e.message,
                 std::string("written by a newer COMPASS: version 2, this build reads version 1"));
        root["version"] = 0;
        QVERIFY(onlyError(toJson(root), "version").message.find("from 1") != std::string::npos);
        root["version"] = "1";
        QVERIFY(onlyError(toJson(root), "version").message.find("a string") != std::string::npos);
    }

    void anotherFormatIsRefused()
    {
        QJsonObject root = asObject(nonDefaultProject());
        root["format"] = "compass-sweep";
        QVERIFY(onlyError(toJson(root), "format").message.find("\"compass-sweep\"") !=
                std::string::npos);
        root.remove("format");
        QVERIFY(onlyError(toJson(root), "format").message.find("not a COMPASS project") !=
                std::string::npos);
    }

    void wrongTypesAreRefusedNamingTheField_data()
    {
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("says");
        QTest::newRow("batch string") << ""
                                      << "batch" << QJsonValue("x") << "batch"
                                      << "a string (\"x\")";
        QTest::newRow("batch zero") << ""
                                    << "batch" << QJsonValue(0) << "batch"
                                    << "from 1";
        QTest::newRow("batch fraction") << ""
                                        << "batch" << QJsonValue(1.5) << "batch"
                                        << "an integer";
        QTest::newRow("model not object") << ""
                                          << "model" << QJsonValue(3) << "model"
                                          << "an object";
        QTest::newRow("path") << "model"
                              << "path" << QJsonValue(true) << "model.path"
                              << "a string";
        QTest::newRow("sha") << "model"
                             << "sha256" << QJsonValue("XYZ") << "model.sha256"
                             << "hex";
        QTest::newRow("weights") << "model"
                                 << "weights_from_inputs" << QJsonValue("yes")
                                 << "model.weights_from_inputs"
                                 << "true or false";
        QTest::newRow("shape dim")
            << "model"
            << "input_shapes" << QJsonValue(QJsonObject{{"image", QJsonArray{1, 0}}})
            << "model.input_shapes.image[1]"
            << "from 1";
        QTest::newRow("shape type") << "model"
                                    << "input_shapes" << QJsonValue(QJsonObject{{"image", "1x3"}})
                                    << "model.input_shapes.image"
                                    << "array";
        QTest::newRow("preset") << "chip"
                                << "preset" << QJsonValue(1) << "chip.preset"
                                << "a string";
        QTest::newRow("cuts type") << "plan"
                                   << "cuts" << QJsonValue("3,4") << "plan.cuts"
                                   << "array";
        QTest::newRow("cuts repeated") << "plan"
                                       << "cuts" << QJsonValue(QJsonArray{3, 3}) << "plan.cuts[1]"
                                       << "strictly increasing";
        QTest::newRow("cuts decreasing")
            << "plan"
            << "cuts" << QJsonValue(QJsonArray{2, 9, 5}) << "plan.cuts[2]"
            << "strictly increasing";
        QTest::newRow("cut negative") << "plan"
                                      << "cuts" << QJsonValue(QJsonArray{-1, 4}) << "plan.cuts[0]"
                                      << "negative";
        QTest::newRow("cut string") << "plan"
                                    << "cuts" << QJsonValue(QJsonArray{1, "2"}) << "plan.cuts[1]"
                                    << "a string";
        QTest::newRow("optimiser") << "optimiser"
                                   << "method" << QJsonValue("annealing") << "optimiser.method"
                                   << "annealing";
        QTest::newRow("ga") << "optimiser"
                            << "ga" << QJsonValue(QJsonObject{{"elite", 500}})
                            << "optimiser.ga.elite"
                            << "ga.population";
        QTest::newRow("view") << "view"
                              << "full_names" << QJsonValue(1) << "view.full_names"
                              << "true or false";
    }

    void wrongTypesAreRefusedNamingTheField()
    {
        QFETCH(QString, section);
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, path);
        QFETCH(QString, says);
        QJsonObject root = asObject(nonDefaultProject());
        if (section.isEmpty()) {
            root[key] = value;
        } else {
            QJsonObject inner = root[section].toObject();
            inner[key] = value;
            root[section] = inner;
        }
        const Diagnostic e = onlyError(toJson(root), path.toStdString());
        QVERIFY2(QString::fromStdString(e.message).contains(says), e.message.c_str());
    }

    void missingFieldsAreRefused_data()
    {
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("key");
        QTest::newRow("model") << ""
                               << "model";
        QTest::newRow("chip") << ""
                              << "chip";
        QTest::newRow("batch") << ""
                               << "batch";
        QTest::newRow("plan") << ""
                              << "plan";
        QTest::newRow("version") << ""
                                 << "version";
        QTest::newRow("model.path") << "model"
                                    << "path";
        QTest::newRow("chip.spec") << "chip"
                                   << "spec";
        QTest::newRow("plan.cuts") << "plan"
                                   << "cuts";
    }

    void missingFieldsAreRefused()
    {
        QFETCH(QString, section);
        QFETCH(QString, key);
        QJsonObject root = asObject(nonDefaultProject());
        if (section.isEmpty()) {
            root.remove(key);
        } else {
            QJsonObject inner = root[section].toObject();
            inner.remove(key);
            root[section] = inner;
        }
        const std::string path = (section.isEmpty() ? key : section + "." + key).toStdString();
        const Diagnostic e = onlyError(toJson(root), path);
        QVERIFY2(e.message.starts_with("missing"), e.message.c_str());
    }

    void optionalSectionsKeepTheirDefaults()
    {
        QJsonObject root = asObject(nonDefaultProject());
        root.remove("optimiser");
        root.remove("view");
        QJsonObject model = root["model"].toObject();
        model.remove("relative_path");
        model.remove("sha256");
        model.remove("input_shapes");
        model.remove("weights_from_inputs");
        root["model"] = model;
        DiagnosticList d;
        const auto project = parseProject(toJson(root), "p.compass", d);
        QVERIFY2(project, qPrintable(allText(d)));
        QVERIFY(project->view == ProjectViewState{});
        compareSearch(project->search, SearchOptions{});
        QVERIFY(project->importOptions.inputShapes.empty());
    }

    void invalidChipIsRefusedWithItsPath()
    {
        QJsonObject root = asObject(nonDefaultProject());
        QJsonObject chip = root["chip"].toObject();
        QJsonObject spec = chip["spec"].toObject();
        QJsonObject dram = spec["dram"].toObject();
        dram["bandwidth_GBps"] = -4;
        spec["dram"] = dram;
        spec["no_such_group"] = 1;
        chip["spec"] = spec;
        root["chip"] = chip;
        DiagnosticList d;
        QVERIFY(!parseProject(toJson(root), "p.compass", d));
        QStringList paths;
        for (const Diagnostic& diagnostic : d.all()) {
            QCOMPARE(diagnostic.location.file, std::string("p.compass"));
            paths << QString::fromStdString(diagnostic.location.path);
        }
        QVERIFY2(paths.contains("chip.spec.dram.bandwidth_GBps"), qPrintable(allText(d)));
        QVERIFY2(paths.contains("chip.spec.no_such_group"), qPrintable(allText(d)));
    }

    void unknownKeysWarnOrAreIgnored()
    {
        QJsonObject root = asObject(nonDefaultProject());
        root["annotations"] = "from a newer build";
        QJsonObject view = root["view"].toObject();
        view["minimap_zoom"] = 2.5;
        root["view"] = view;
        DiagnosticList d;
        const auto project = parseProject(toJson(root), "p.compass", d);
        QVERIFY2(project, qPrintable(allText(d)));
        QCOMPARE(d.all().size(), std::size_t{1});
        QCOMPARE(d.all()[0].severity, Severity::Warning);
        QCOMPARE(d.all()[0].location.path, std::string("annotations"));
        compareProjects(*project, nonDefaultProject());
    }

    void failedWriteLeavesTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.compass");
        const ProjectFile project = nonDefaultProject();
        DiagnosticList d;
        QVERIFY(writeProjectFile(path.toStdString(), project, d));
        const QByteArray before = readBytes(path);

        // A folder of that name cannot be replaced by a file.
        QVERIFY(QDir(dir.path()).mkdir("folder.compass"));
        d.clear();
        QVERIFY(!writeProjectFile(dir.filePath("folder.compass").toStdString(), project, d));
        QVERIFY(d.hasErrors());
        QCOMPARE(d.all()[0].location.file, dir.filePath("folder.compass").toStdString());
        QVERIFY(QFileInfo(dir.filePath("folder.compass")).isDir());

        // A project that could not be read back is not written, and the old file stays.
        ProjectFile bad = project;
        bad.batch = 0;
        d.clear();
        QVERIFY(!writeProjectFile(path.toStdString(), bad, d));
        QCOMPARE(readBytes(path), before);
        bad = project;
        bad.innerCuts = {5, 5};
        QVERIFY(!writeProjectFile(path.toStdString(), bad, d));
        QCOMPARE(readBytes(path), before);

        // A read-only folder: the write fails and the old file is intact (root may write
        // anyway, so only checked for other users).
        if (::geteuid() != 0) {
            QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner);
            ProjectFile changed = project;
            changed.batch = 2;
            d.clear();
            QVERIFY(!writeProjectFile(path.toStdString(), changed, d));
            QVERIFY(d.hasErrors());
            QFile::setPermissions(dir.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QCOMPARE(readBytes(path), before);
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"p.compass"});
    }

    void newerProjectIsNotOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.compass");
        QJsonObject root = asObject(nonDefaultProject());
        root["version"] = 2;
        const QByteArray newer = toJson(root);
        QVERIFY(writeBytes(path, newer));
        DiagnosticList d;
        QVERIFY(!writeProjectFile(path.toStdString(), nonDefaultProject(), d));
        QVERIFY2(allText(d).contains("newer COMPASS"), qPrintable(allText(d)));
        QCOMPARE(readBytes(path), newer);
    }

    void unreadableFileNamesTheReason()
    {
        DiagnosticList d;
        QVERIFY(!readProjectFile("/nonexistent/folder/p.compass", d));
        QCOMPARE(d.errorCount(), std::size_t{1});
        QCOMPARE(d.all()[0].location.file, std::string("/nonexistent/folder/p.compass"));
        QVERIFY(d.all()[0].message.find("cannot read") != std::string::npos);
    }

    void projectPathsByTheirSuffix()
    {
        QVERIFY(isProjectPath("plan.compass"));
        QVERIFY(isProjectPath("/a/b/PLAN.Compass"));
        QVERIFY(!isProjectPath("resnet18"));
        QVERIFY(!isProjectPath("net.onnx"));
        QVERIFY(!isProjectPath("compass"));
        QVERIFY(!isProjectPath("plan.compass.json"));
    }
};

QTEST_GUILESS_MAIN(TestProjectFile)
#include "tst_project_file.moc"
