// SPDX-License-Identifier: MIT
#pragma once

#include "core/pipeline/pass.h"

namespace compass {

/// Reads the ONNX file state.modelPath into the graph IR, nothing inferred yet
/// (readOnnxFile): sets state.importedGraph.
class OnnxImportPass final : public Pass
{
public:
    const char* name() const override { return "onnx-import"; }
    const char* description() const override
    {
        return "read the ONNX file into the graph IR (protobuf to nodes and tensors)";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

/// Infers every shape, folds constant subgraphs and finds the weight layers (inferShapes), then
/// freezes the graph: sets state.graph from state.importedGraph.
class ShapeInferencePass final : public Pass
{
public:
    const char* name() const override { return "shape-inference"; }
    const char* description() const override
    {
        return "infer shapes, fold constants, identify weight layers and MACs";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

/// Tiles every weight layer onto the chip's crossbars with bit slicing (tileGraph): sets
/// state.tiling.
class CrossbarTilingPass final : public Pass
{
public:
    const char* name() const override { return "crossbar-tiling"; }
    const char* description() const override
    {
        return "tile every weight layer onto crossbars (row and column blocks)";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

/// Cuts the tiling into partition units in the one fixed order and places every node: sets
/// state.units. A network without weight layers is an error (nothing to map).
class UnitTablePass final : public Pass
{
public:
    const char* name() const override { return "unit-table"; }
    const char* description() const override
    {
        return "cut the tiling into partition units and place every node";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

/// For every start unit, the longest span that packs into the chip: sets state.validity.
class ValidityPass final : public Pass
{
public:
    const char* name() const override { return "validity"; }
    const char* description() const override
    {
        return "find the longest valid partition from every unit (validity map)";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

/// Builds the span I/O model with state.costing's partial-sum width and assembles the mapped
/// problem: sets state.problem.
class SpanIoPass final : public Pass
{
public:
    const char* name() const override { return "span-io"; }
    const char* description() const override
    {
        return "model each span's DRAM and bus traffic; assemble the mapped problem";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

} // namespace compass
