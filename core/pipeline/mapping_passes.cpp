// SPDX-License-Identifier: MIT
#include "mapping_passes.h"

#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "core/onnx/shape_inference.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "core/pipeline/pipeline_state.h"
#include "core/pipeline/product_dump.h"
#include "core/problem/mapped_problem.h"
#include "core/support/diagnostics.h"

namespace compass {

namespace {

/// Reports that `pass` ran before the pass that makes what it needs (a pipeline put together
/// in the wrong order: the caller's mistake, reported rather than asserted).
bool missing(DiagnosticSink& diagnostics, const Pass& pass, const char* product,
             const char* producer)
{
    diagnostics.error(std::string(pass.name()) + ": needs the " + product + " (run " + producer +
                      " first)");
    return false;
}

} // namespace

bool OnnxImportPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    std::optional<Graph> graph = readOnnxFile(state.modelPath, diagnostics, state.importOptions);
    if (!graph)
        return false;
    state.importedGraph = std::make_shared<Graph>(std::move(*graph));
    return true;
}

std::string OnnxImportPass::dump(const PipelineState& state) const
{
    return state.importedGraph ? dumpGraph(*state.importedGraph) : std::string();
}

bool ShapeInferencePass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    if (!state.importedGraph)
        return missing(diagnostics, *this, "imported graph", "onnx-import");
    std::shared_ptr<Graph> graph = std::move(state.importedGraph);
    if (!inferShapes(*graph, diagnostics, graph->sourcePath, state.importOptions))
        return false;
    state.graph = std::move(graph);
    return true;
}

std::string ShapeInferencePass::dump(const PipelineState& state) const
{
    return state.graph ? dumpGraph(*state.graph) : std::string();
}

bool CrossbarTilingPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    if (!state.graph)
        return missing(diagnostics, *this, "graph", "shape-inference");
    state.tiling =
        std::make_shared<const std::vector<LayerTiling>>(tileGraph(*state.graph, state.arch));
    return true;
}

std::string CrossbarTilingPass::dump(const PipelineState& state) const
{
    return state.graph && state.tiling ? dumpTiling(*state.graph, *state.tiling, state.arch)
                                       : std::string();
}

bool UnitTablePass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    if (!state.tiling)
        return missing(diagnostics, *this, "crossbar tiling", "crossbar-tiling");
    if (state.tiling->empty()) {
        diagnostics.error("the network has no weight layers (Conv, Gemm, MatMul with a constant "
                          "operand), so there is nothing to map onto crossbars",
                          {state.graph->sourcePath, {}, {}, -1});
        return false;
    }
    state.units = std::make_shared<const UnitTable>(
        UnitTable::build(*state.graph, state.arch, *state.tiling));
    return true;
}

std::string UnitTablePass::dump(const PipelineState& state) const
{
    return state.graph && state.units ? dumpUnitTable(*state.graph, *state.units) : std::string();
}

bool ValidityPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    if (!state.units)
        return missing(diagnostics, *this, "unit table", "unit-table");
    // With attention.engine = crossbar, a unit and the operand crossbars of the MatMuls placed
    // at it must fit the chip together, or no plan exists.
    const UnitTable& units = *state.units;
    for (const AttentionMapping& m : units.attention()) {
        if (packUnitSpan(units, m.anchorUnit, m.anchorUnit + 1).fits)
            continue;
        std::int64_t reserved = 0;
        for (std::int32_t p = units.attentionPieceBegin(m.anchorUnit);
             p < units.attentionPieceBegin(m.anchorUnit + 1); ++p)
            reserved += units.attentionPieces()[static_cast<std::size_t>(p)].crossbars;
        const Node& node = state.graph->node(m.node);
        diagnostics.error(
            "attention.engine = crossbar: the activation MatMuls placed with unit " +
                std::to_string(m.anchorUnit) + " need " + std::to_string(reserved) +
                " crossbars for their right operands ('" + node.name + "' " +
                std::to_string(m.crossbars()) + ") beside the unit's " +
                std::to_string(units.unit(static_cast<std::size_t>(m.anchorUnit)).crossbars) +
                ", which do not fit " + std::to_string(state.arch.cores) + " cores of " +
                std::to_string(state.arch.crossbarsPerCore) +
                " crossbars; use attention.engine = vfu or a larger chip",
            {state.graph->sourcePath, node.name, {}, -1});
        return false;
    }
    state.validity = std::make_shared<const ValidityMap>(ValidityMap::build(units));
    return true;
}

std::string ValidityPass::dump(const PipelineState& state) const
{
    return state.validity && state.units ? dumpValidity(*state.validity, *state.units, state.arch)
                                         : std::string();
}

bool SpanIoPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    if (!state.validity)
        return missing(diagnostics, *this, "validity map", "validity");
    auto io = std::make_shared<const SpanIoModel>(*state.graph, *state.units, state.arch,
                                                  state.costing.partialSumBits);
    state.problem = std::make_shared<const MappedProblem>(
        state.graph, state.arch, state.costing, state.units, state.validity, std::move(io));
    return true;
}

std::string SpanIoPass::dump(const PipelineState& state) const
{
    return state.problem ? dumpSpanIo(*state.problem) : std::string();
}

} // namespace compass
