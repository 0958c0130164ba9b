// SPDX-License-Identifier: MIT
// MODEL on the command line: an ONNX file, a bundled network, or a project file whose settings
// the flags override (docs/projects.md, "The command line").
#include "model_argument.h"

#include "arch_options.h"
#include "cli_common.h"
#include "core/arch/arch_presets.h"
#include "core/partition/cut_list.h"
#include "core/problem/mapped_problem.h"
#include "core/support/file_hash.h"
#include "core/support/resource_paths.h"
#include "model_loading.h"
#include "problem_setup.h"
#include "search_options.h"

#include <QFileInfo>

#include <filesystem>

namespace compass::cli {

namespace {

namespace fs = std::filesystem;

fs::path toPath(const QString& path)
{
    return fs::path(path.toStdString());
}

QString fromPath(const fs::path& path)
{
    return QString::fromStdString(path.string());
}

} // namespace

void addModelArgument(QCommandLineParser& parser, const QString& projectUse)
{
    parser.addPositionalArgument("MODEL",
                                 "ONNX file, the name of a bundled network, or a .compass project "
                                 "(docs/projects.md), whose " +
                                     projectUse + " the flags override.");
}

std::optional<ModelArgument> ModelArgument::read(const QString& argument)
{
    ModelArgument input;
    input.m_model = argument;
    if (!isProjectPath(toPath(argument)))
        return input;

    input.m_projectPath = argument;
    DiagnosticList diagnostics;
    input.m_project = readProjectFile(toPath(argument), diagnostics);
    printDiagnostics(diagnostics);
    if (!input.m_project)
        return std::nullopt;

    const ProjectFile& project = *input.m_project;
    const ProjectModelLocation location = locateProjectModel(project, toPath(argument));
    const std::string file = argument.toStdString();
    DiagnosticList found;
    if (location.status == ProjectModelLocation::Status::Missing) {
        std::string tried;
        for (const fs::path& path : projectModelCandidates(project, toPath(argument)))
            tried += (tried.empty() ? "" : ", ") + path.string();
        found.error("the project's model is missing: no file at " +
                        (tried.empty() ? std::string("(no path saved)") : tried),
                    {file, {}, "model", -1});
        printDiagnostics(found);
        return std::nullopt;
    }
    input.m_model = fromPath(location.path);
    if (location.status == ProjectModelLocation::Status::Changed)
        found.warning(location.path.string() + " changed since the project was saved (SHA-256 " +
                          location.sha256.substr(0, 12) + "..., saved " +
                          project.modelSha256.substr(0, 12) +
                          "...): the plan's cuts may not fit it",
                      {file, {}, "model.sha256", -1});
    const std::vector<fs::path> candidates = projectModelCandidates(project, toPath(argument));
    if (!candidates.empty() && location.path != candidates.front())
        found.note("model found at " + location.path.string() + " (saved at " + project.modelPath +
                       ")",
                   {file, {}, "model.relative_path", -1});
    printDiagnostics(found);
    return input;
}

std::optional<OnnxImportOptions> ModelArgument::importOptions(const QCommandLineParser& parser,
                                                              const QString& command) const
{
    return importOptionsFromParser(parser, command,
                                   m_project ? m_project->importOptions : OnnxImportOptions{});
}

std::optional<ArchSpec> ModelArgument::arch(const QCommandLineParser& parser) const
{
    return m_project ? archFromParser(parser, m_project->arch) : archFromParser(parser);
}

std::optional<std::int64_t> ModelArgument::batch(const QCommandLineParser& parser,
                                                 const QString& command) const
{
    return batchFromParser(parser, command, m_project ? m_project->batch : 1);
}

std::optional<SearchOptions> ModelArgument::searchOptions(const QCommandLineParser& parser,
                                                          const QString& command,
                                                          bool withMethod) const
{
    return searchOptionsFromParser(parser, command, withMethod,
                                   m_project ? m_project->search : SearchOptions{});
}

std::optional<std::vector<std::int32_t>> ModelArgument::cuts(const QCommandLineParser& parser,
                                                             const QCommandLineOption& cutsOption,
                                                             const MappedProblem& problem) const
{
    if (parser.isSet(cutsOption) || !m_project) {
        DiagnosticList diagnostics;
        auto cuts = parseCutList(parser.value(cutsOption).toStdString(), problem.graph(),
                                 problem.units(), diagnostics);
        printDiagnostics(diagnostics);
        return cuts;
    }
    if (!(problem.arch() == m_project->arch)) {
        const std::string chip = problem.arch().name == m_project->arch.name
                                     ? "a changed chip"
                                     : "chip '" + problem.arch().name + "'";
        DiagnosticList diagnostics;
        diagnostics.warning("the cuts are unit positions on the project's chip '" +
                                m_project->arch.name + "'; on " + chip +
                                " they may cut elsewhere (give --cuts to choose)",
                            {m_projectPath.toStdString(), {}, "plan.cuts", -1});
        printDiagnostics(diagnostics);
    }
    return m_project->innerCuts;
}

std::string ModelArgument::archPreset(const QCommandLineParser& parser) const
{
    if (!parser.values("set").isEmpty())
        return {};
    if (parser.isSet("arch")) {
        const std::string arch = parser.value("arch").toStdString();
        std::error_code ec;
        if (fs::is_regular_file(arch, ec) || !archPresetPath(arch))
            return {}; // a file: a custom chip
        return arch;
    }
    return m_project ? m_project->archPreset : std::string();
}

void addSaveProjectOption(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(
        "save-project",
        "Also save the model, import options, chip, batch, the plan found and the optimiser "
        "options (seed included) as a project FILE (.compass, docs/projects.md).",
        "FILE"));
}

bool checkSaveProjectOption(const QCommandLineParser& parser, const QString& command)
{
    if (!parser.isSet("save-project") || isProjectPath(toPath(parser.value("save-project"))))
        return true;
    usageError(command, "--save-project: '" + parser.value("save-project") + "' must end in " +
                            QString::fromLatin1(kProjectSuffix));
    return false;
}

bool saveProjectFromParser(const QCommandLineParser& parser, const ModelArgument& input,
                           const OnnxImportOptions& importOptions, const ArchSpec& arch,
                           std::int64_t batch, const std::vector<std::int32_t>& innerCuts,
                           const SearchOptions& options)
{
    if (!parser.isSet("save-project"))
        return true;
    const QString path = parser.value("save-project");
    DiagnosticList diagnostics;
    ProjectFile project = input.project() ? *input.project() : ProjectFile{};
    const std::optional<fs::path> model = resolveModelPath(input.model().toStdString());
    if (!model) {
        diagnostics.error("no such file, and no bundled network of that name",
                          {input.model().toStdString(), {}, {}, -1});
    } else {
        const QString absolute = QFileInfo(fromPath(*model)).absoluteFilePath();
        project.modelPath = absolute.toStdString();
        project.modelSha256 = fileSha256Hex(absolute, diagnostics).value_or(std::string());
    }
    project.importOptions = importOptions;
    project.arch = arch;
    project.archPreset = input.archPreset(parser);
    project.batch = batch;
    project.innerCuts = innerCuts;
    project.search = options;
    const bool saved =
        !diagnostics.hasErrors() && writeProjectFile(toPath(path), project, diagnostics);
    printDiagnostics(diagnostics);
    if (!saved) {
        err() << path << ": error: the project was not saved\n";
        err().flush();
        return false;
    }
    err() << "saved project " << path << '\n';
    err().flush();
    return true;
}

} // namespace compass::cli
