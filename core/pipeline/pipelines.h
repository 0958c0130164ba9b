// SPDX-License-Identifier: MIT
#pragma once

#include "core/onnx/import_options.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/search_pass.h"
#include "core/problem/costing_options.h"
#include "core/schedule/schedule_pass.h"
#include "core/search/search_types.h"

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace compass {

class CostModel;
class DiagnosticSink;
class Graph;
class MappedProblem;
class Plan;
struct ArchSpec;
struct Program;

/// The groups of COMPASS's one pipeline, in the order they run: a job runs some of them, in
/// this order (docs/architecture.md, "Data flow").
enum class PassGroup
{
    Import,   ///< onnx-import, shape-inference: an ONNX file to a graph.
    Mapping,  ///< crossbar-tiling, unit-table, validity, span-io: a graph to a MappedProblem.
    Search,   ///< search: a problem to a plan.
    Schedule, ///< core-placement, local-memory, instruction-emission: a plan to a Program.
};

/// Appends the passes of `group` to `pipeline`; `factory` makes the search pass's cost model.
Pipeline& addPasses(Pipeline& pipeline, PassGroup group, CostModelFactory factory = {});
/// A pipeline of `groups`, in the order given.
Pipeline makePipeline(std::initializer_list<PassGroup> groups, CostModelFactory factory = {});

/// A pass's name and one-line description, for --help and for listing valid --dump-after names.
struct PassInfo
{
    std::string name;
    std::string description;
};
/// The passes of `groups`, in order.
std::vector<PassInfo> passInfos(std::initializer_list<PassGroup> groups);

// The pipeline's common runs. Each returns null or nullopt when a pass failed (the diagnostics
// say why) or when it stopped after the instrumentation's --dump-after pass (then
// instrumentation->hasDump()). Thread-safe: each call has its own state.

/// onnx-import and shape-inference on the ONNX file `path`, with `options` (input shapes ...).
std::shared_ptr<const Graph> importModel(const std::filesystem::path& path,
                                         DiagnosticSink& diagnostics,
                                         PassInstrumentation* instrumentation = nullptr,
                                         const OnnxImportOptions& options = {});
/// crossbar-tiling, unit-table, validity and span-io: `graph` mapped onto `arch`, costed with
/// `costing`. A network without weight layers is an error.
std::shared_ptr<const MappedProblem> mapProblem(std::shared_ptr<const Graph> graph,
                                                const ArchSpec& arch, const CostingOptions& costing,
                                                DiagnosticSink& diagnostics,
                                                PassInstrumentation* instrumentation = nullptr);
/// search on `problem`, scored by `cost` (a cost model of `problem`).
std::optional<SearchResult> searchPlan(std::shared_ptr<const MappedProblem> problem,
                                       std::shared_ptr<const CostModel> cost,
                                       const SearchOptions& options, DiagnosticSink& diagnostics,
                                       PassInstrumentation* instrumentation = nullptr,
                                       const SearchControl& control = {});
/// core-placement, local-memory and instruction-emission: the program of `plan` on `problem`.
/// Problems (a plan that does not cover the units, a unit copy that does not fit) name the
/// partition.
std::optional<Program> schedulePlan(std::shared_ptr<const MappedProblem> problem, const Plan& plan,
                                    const ScheduleOptions& options, DiagnosticSink& diagnostics,
                                    PassInstrumentation* instrumentation = nullptr);

} // namespace compass
