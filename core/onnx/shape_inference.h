// SPDX-License-Identifier: MIT
#pragma once

#include "import_options.h"

#include <string>

namespace compass {

class Graph;
class DiagnosticSink;

/// Infers the element type and shape of every tensor of `graph`, folds every node whose inputs
/// are all known at compile time (Constant, weight Transpose/Identity/Cast, Shape/Gather/Concat
/// chains feeding Reshape, ViT's class-token Equal/Where/Expand chain, ...) and classifies the
/// matrix products by where their operands come from: a Conv, ConvTranspose, Gemm, MatMul or
/// Einsum with one operand derived from stored weights is a weight layer (Node::weights), a
/// MatMul/Gemm/Einsum between two activations is an activation MatMul
/// (Node::activationMatMul). Both fill Node::macs.
///
/// Graph inputs without initializers that feed weight operands get a warning naming them, or,
/// with options.weightsFromInputs, become weights (see OnnxImportOptions).
///
/// Preconditions: nodes are in topological order; graph inputs carry dims (a negative dim is
/// unknown and is an error when a node needs it); initializers are marked isConstant with dims.
/// Works on imported and hand-built graphs alike.
///
/// Batch (Graph::batchSize): dim 0 of the first activation input when it has rank >= 3
/// (N x C x H x W, N x tokens x d), or rank 2 with integer elements (token ids, B x tokens) or a
/// dim 0 the file declared dynamic. A fixed-size 2-D float input ([tokens x d], [rows x
/// features]) has no batch dim: each of its rows is one vector of work.
/// MACs and WeightMatrix::vectorsPerInference are per inference: a layer whose leading output
/// dim is a multiple of the batch has it divided by the batch.
///
/// Returns false after reporting the first inconsistency (naming `file` and the node); the graph
/// is then partially annotated and must not be used. Never throws.
bool inferShapes(Graph& graph, DiagnosticSink& diagnostics, const std::string& file = {},
                 const OnnxImportOptions& options = {});

} // namespace compass
