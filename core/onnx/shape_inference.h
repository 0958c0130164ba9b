// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace compass {

class Graph;
class DiagnosticSink;

/// Infers the element type and shape of every tensor of `graph`, folds nodes whose inputs are
/// all known at compile time (Constant, weight Transpose/Identity/Cast, Shape/Gather/Concat
/// chains feeding Reshape, ...) and identifies weight layers (Conv, ConvTranspose, Gemm, MatMul
/// with a constant operand), filling Node::weights and Node::macs.
///
/// Preconditions: nodes are in topological order; graph inputs carry dims (a negative dim is
/// unknown and is an error when a node needs it); initializers are marked isConstant with dims.
/// Works on imported and hand-built graphs alike.
///
/// Batch: dim 0 of the first activation input of rank >= 2 is the batch (Graph::batchSize).
/// MACs and WeightMatrix::vectorsPerInference are per inference: a layer whose leading output
/// dim is a multiple of the batch has it divided by the batch.
///
/// Returns false after reporting the first inconsistency (naming `file` and the node); the graph
/// is then partially annotated and must not be used. Never throws.
bool inferShapes(Graph& graph, DiagnosticSink& diagnostics, const std::string& file = {});

} // namespace compass
