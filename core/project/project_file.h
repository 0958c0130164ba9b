// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/onnx/import_options.h"
#include "core/search/search_types.h"

#include <QByteArray>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace compass {

class DiagnosticSink;

/// The file-name suffix of a project file.
inline constexpr const char* kProjectSuffix = ".compass";

/// How the explorer showed the project when it was saved. The CLI keeps it as read and writes
/// it back unchanged; an absent field keeps its default.
struct ProjectViewState
{
    bool leftToRight = false;    ///< graph laid out left to right (else top to bottom)
    bool showOverview = true;    ///< the overview map in the graph's corner
    bool stripByLatency = false; ///< partition strip widths by latency (else by units)
    bool fullNames = false;      ///< node labels show the node's name (else its op type)
    bool edgeShapes = false;     ///< edges are labelled with their tensor's shape
    std::string selectedNode;    ///< name of the selected node; empty for none

    bool operator==(const ProjectViewState&) const = default;
};

/// A saved piece of work: which network, on which chip, at which batch size, with which plan
/// and optimiser settings, and how it was shown. JSON with a format name and a version
/// (docs/projects.md). Plain data.
struct ProjectFile
{
    /// The version this build writes; files with a higher version are refused, never
    /// overwritten.
    static constexpr int kVersion = 1;

    /// The model file as the user opened it (absolute, normalised).
    std::string modelPath;
    /// The model's path relative to the project file's folder when saved ("../models/x.onnx"),
    /// so a folder moved with its project still finds the model; empty when not written.
    std::string modelRelativePath;
    std::string modelSha256; ///< lower-case hex SHA-256 of the model file when saved
    OnnxImportOptions importOptions;

    /// The preset the chip came from ("sram-M"), or empty for a custom chip.
    std::string archPreset;
    ArchSpec arch; ///< the full chip, always written (a preset may change later)
    std::int64_t batch = 1;
    /// The plan's inner cuts, as unit positions of the model mapped onto `arch`.
    std::vector<std::int32_t> innerCuts;
    SearchOptions search; ///< the Optimise dock's method, objective, seed and ga options
    ProjectViewState view;
};

/// The project as JSON text (indented, keys in a fixed order, ending in a newline).
QByteArray projectToJson(const ProjectFile& project);

/// Reads project JSON. `fileName` names the file in diagnostics. Every problem is an error
/// naming the field by its JSON path ("chip.spec.dram.bandwidth_GBps", "plan.cuts[3]"): not
/// JSON or truncated, another format, a version newer than kVersion (says which version this
/// build reads), a missing or mistyped field, an invalid chip, a batch below 1, negative cuts
/// or cuts not strictly increasing. Unknown keys are a warning ("view": ignored). nullopt on
/// any error.
std::optional<ProjectFile> parseProject(const QByteArray& json, const std::string& fileName,
                                        DiagnosticSink& diagnostics);

/// parseProject() of a file; a file that cannot be read is reported with the reason.
std::optional<ProjectFile> readProjectFile(const std::filesystem::path& path,
                                           DiagnosticSink& diagnostics);

/// Writes `project` to `path` atomically (a temporary file renamed over the old one, so a
/// failed write leaves the old file as it was). Fills modelRelativePath from modelPath and
/// `path`'s folder (lexically, "/"-separated) and writes modelPath absolute and normalised.
/// False, with the reason, when it cannot be written; also when `path` holds a project of a
/// newer version, or `project` has what parseProject would refuse (a batch below 1, cuts not
/// increasing).
bool writeProjectFile(const std::filesystem::path& path, const ProjectFile& project,
                      DiagnosticSink& diagnostics);

/// Where a project's model is now, checked against the saved hash.
struct ProjectModelLocation
{
    enum class Status
    {
        Found,   ///< at `path`, with the saved hash (or no hash was saved)
        Changed, ///< at `path`, but its content differs from the saved hash
        Missing, ///< neither the saved path nor the relative path holds a file
    };
    Status status = Status::Missing;
    std::filesystem::path path; ///< the file found (saved path first, then relative path)
    std::string sha256;         ///< the found file's hash (empty when missing)
};

/// The files locateProjectModel tries, in order, without duplicates: modelPath (a relative
/// one from `projectPath`'s folder), then modelRelativePath from that folder. Messages about a
/// missing model list them.
std::vector<std::filesystem::path> projectModelCandidates(const ProjectFile& project,
                                                          const std::filesystem::path& projectPath);

/// Looks for the project's model: modelPath, then modelRelativePath from `projectPath`'s
/// folder (projectModelCandidates); hashes what it finds.
ProjectModelLocation locateProjectModel(const ProjectFile& project,
                                        const std::filesystem::path& projectPath);

/// Whether `path` names a project file (by its suffix, case-insensitive).
bool isProjectPath(const std::filesystem::path& path);

} // namespace compass
