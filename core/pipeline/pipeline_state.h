// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/onnx/import_options.h"
#include "core/partition/plan.h"
#include "core/problem/costing_options.h"
#include "core/schedule/program.h"
#include "core/schedule/schedule_pass.h"
#include "core/search/search_types.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace compass {

class CostModel;
class Graph;
class MappedProblem;
class UnitTable;
class ValidityMap;
struct LayerTiling;

/// What a pipeline run reads and writes: the inputs a caller sets, then one typed product per
/// pass, in pass order (no globals). A pass reads earlier products and sets its own. A caller
/// may seed any product and run only the later passes: a graph already imported (mapProblem),
/// a mapped problem and a plan given by hand (schedulePlan). One thread owns a state; the
/// products it shares with others (graph, problem, cost model) are immutable.
struct PipelineState
{
    // --- inputs ------------------------------------------------------------------------------
    std::filesystem::path modelPath; ///< onnx-import reads this ONNX file.
    OnnxImportOptions importOptions; ///< onnx-import and shape-inference (input shapes ...).
    ArchSpec arch;                   ///< The chip (crossbar-tiling onward).
    CostingOptions costing;          ///< The problem's costing options (span-io).
    SearchOptions search;            ///< search.
    SearchControl searchControl;     ///< search: progress callback and cancel flag.
    ScheduleOptions schedule;        ///< core-placement onward.

    // --- products, in pass order ---------------------------------------------------------------
    std::shared_ptr<Graph> importedGraph; ///< onnx-import: as read, nothing inferred yet.
    std::shared_ptr<const Graph> graph;   ///< shape-inference: every shape and weight layer.
    std::shared_ptr<const std::vector<LayerTiling>> tiling; ///< crossbar-tiling.
    std::shared_ptr<const UnitTable> units;                 ///< unit-table.
    std::shared_ptr<const ValidityMap> validity;            ///< validity.
    std::shared_ptr<const MappedProblem> problem; ///< span-io: the mapped problem, complete.
    /// search: the cost model it scored plans with (made by its factory unless seeded).
    std::shared_ptr<const CostModel> costModel;
    std::optional<SearchResult> searchResult;   ///< search.
    std::optional<Plan> plan;                   ///< search, or seeded by the caller.
    std::vector<PartitionPlacement> placements; ///< core-placement.
    /// core-placement opens it (header and names), local-memory adds the buffers,
    /// instruction-emission the instructions.
    std::optional<Program> program;
};

} // namespace compass
