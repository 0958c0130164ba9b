// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/onnx/import_options.h"
#include "core/project/project_file.h"
#include "core/search/search_types.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace compass {
class MappedProblem;
} // namespace compass

namespace compass::cli {

/// Adds the MODEL positional argument with the help every command shares: an ONNX file, a
/// bundled network's name or a .compass project; `projectUse` says what the command takes from
/// a project ("its model, import options, chip, batch and cuts").
void addModelArgument(QCommandLineParser& parser, const QString& projectUse);

/// A command's MODEL argument: an ONNX file or a bundled network's name, or a project file
/// (docs/projects.md). The one place the CLI resolves a project: each command asks this for
/// its settings, and gets its flags over what the project says (the flags' defaults without a
/// project).
class ModelArgument
{
public:
    /// Reads `argument`. A project (by its suffix) is read and its model located: a project
    /// that cannot be read, or whose model is at none of the paths it names, is an error
    /// printed on stderr naming the project (and the paths tried): nullopt, and the command
    /// exits with ExitBadInput. A model whose content changed since the project was saved is a
    /// warning.
    static std::optional<ModelArgument> read(const QString& argument);

    /// What loadModel and setUpProblem read: the argument, or the project's model file.
    const QString& model() const { return m_model; }
    /// The project read, or null when MODEL is not one.
    const ProjectFile* project() const { return m_project ? &*m_project : nullptr; }
    /// The project file as given, or empty.
    const QString& projectPath() const { return m_projectPath; }

    /// --input-shape and --weights-from-inputs over the project's import options.
    std::optional<OnnxImportOptions> importOptions(const QCommandLineParser& parser,
                                                   const QString& command) const;
    /// --arch (with --set) replaces the project's chip; --set alone changes it; neither gives
    /// it. Without a project, --arch is required. Prints the diagnostics; nullopt on an error.
    std::optional<ArchSpec> arch(const QCommandLineParser& parser) const;
    /// --batch over the project's batch (1 without a project).
    std::optional<std::int64_t> batch(const QCommandLineParser& parser,
                                      const QString& command) const;
    /// --method, --objective, --seed, --threads, --ga-* over the project's optimiser options.
    std::optional<SearchOptions> searchOptions(const QCommandLineParser& parser,
                                               const QString& command, bool withMethod) const;
    /// The plan's inner cuts: `cutsOption` when given (parsed against `problem`), else the
    /// project's cuts (a warning when `problem`'s chip is not the project's: the cuts are unit
    /// positions on that chip), else none (one partition). nullopt after printing the error of
    /// a malformed --cuts (a usage error).
    std::optional<std::vector<std::int32_t>> cuts(const QCommandLineParser& parser,
                                                  const QCommandLineOption& cutsOption,
                                                  const MappedProblem& problem) const;

    /// The preset the chip of arch() came from, for a saved project: the --arch preset without
    /// --set, or the project's preset when its chip is used unchanged; empty for a custom chip.
    std::string archPreset(const QCommandLineParser& parser) const;

private:
    QString m_model;
    QString m_projectPath;
    std::optional<ProjectFile> m_project;
};

/// Adds `--save-project FILE`.
void addSaveProjectOption(QCommandLineParser& parser);
/// False, after a usage error, when --save-project names a file without the .compass suffix
/// (no command would take it for a project). Checked before the work starts.
bool checkSaveProjectOption(const QCommandLineParser& parser, const QString& command);

/// What --save-project writes: the project `input` names (or a new one, view state default),
/// with `input`'s model file (absolute path and SHA-256) and every other field from the
/// arguments; archPreset from `input.archPreset(parser)`. Writes nothing without
/// --save-project (true). Prints "saved project PATH" on stderr, or the error (false).
bool saveProjectFromParser(const QCommandLineParser& parser, const ModelArgument& input,
                           const OnnxImportOptions& importOptions, const ArchSpec& arch,
                           std::int64_t batch, const std::vector<std::int32_t>& innerCuts,
                           const SearchOptions& options);

} // namespace compass::cli
