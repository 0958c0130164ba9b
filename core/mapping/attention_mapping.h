// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/crossbar_tiling.h"
#include "core/support/strong_id.h"

#include <cstdint>
#include <vector>

namespace compass {

class Graph;
struct ArchSpec;
struct Node;

/// One core-sized piece of an activation MatMul's right operand held in crossbars
/// (`attention.engine` = crossbar): at most crossbarsPerCore crossbars that one core writes
/// for every input and then drives with the left operand's rows. Counts are per inference.
struct AttentionPiece
{
    std::int32_t matmul = 0;      ///< Index into UnitTable::attention().
    std::int64_t crossbars = 0;   ///< Crossbars of the piece, 1 .. crossbarsPerCore.
    std::int64_t writtenRows = 0; ///< Crossbar rows holding operand values, written per input.
    std::int64_t values = 0;      ///< Operand values held (written per input).
    /// ADC conversions per left-operand row: used columns x columns per value x input steps,
    /// summed over the piece's crossbars.
    std::int64_t conversionsPerRow = 0;
};

/// How one activation MatMul runs on crossbars: its right operand (Kᵀ or V, inner x cols per
/// product) is tiled exactly as a weight layer with `products` groups (tileLayer, at the
/// activation precision), cut into core-sized pieces, and its left operand's `rows` rows are
/// the MVMs. Everything is per inference.
struct AttentionMapping
{
    NodeId node;
    std::int32_t anchorUnit = 0; ///< The unit the operator is placed at (NodePlacement).
    std::int32_t ownerLayer = 0; ///< Layer index whose stage runs it.
    std::int64_t rows = 0;       ///< M: MVMs per crossbar per inference.
    LayerTiling tiling;          ///< The operand's crossbar tiling (groups = products).
    std::int32_t firstPiece = 0; ///< Pieces [firstPiece, endPiece) of UnitTable.
    std::int32_t endPiece = 0;
    /// Partial-sum additions per inference: column blocks whose values span several row
    /// blocks add their crossbars' outputs, M x width x (active row blocks - 1).
    std::int64_t partialSumAdds = 0;

    std::int64_t crossbars() const { return tiling.crossbars; }
};

/// The crossbar tiling of activation MatMul `node`'s right operand on `arch`: tileLayer with
/// rows = inner, cols = cols, groups = products, vectors = rows, and the operand stored at
/// precision.activation_bits (it is an activation). The one crossbar count of the mapper.
LayerTiling tileAttentionOperand(const Node& node, const ArchSpec& arch);

/// Cuts `mapping.tiling` into pieces of at most arch.crossbarsPerCore crossbars (tiles in
/// column-block, then row-block order), appends them to `pieces` and sets the mapping's
/// piece range and partial-sum adds.
void cutAttentionPieces(AttentionMapping& mapping, std::int32_t index, const ArchSpec& arch,
                        std::vector<AttentionPiece>& pieces);

/// Bytes the VFUs of the operator's core process per inference for weight-free operator
/// `node` (docs/cost-model.md, "Vector units"), given the bytes of all its inputs per
/// inference (`inputBytes`). Data movement: 0. Activation MatMul: 2 x MACs x
/// activation bytes on the vfu engine (each multiply-accumulate reads an element of each
/// operand, as an element-wise Mul reads both inputs), 0 on the crossbar engine (its work is
/// crossbar MVMs). Softmax: 5 passes over its input (ONNX Softmax-13's function body:
/// ReduceMax, Sub, Exp, ReduceSum, Div); LayerNormalization: 7 passes (the full-size operators
/// of the opset-14 pattern it replaces: ReduceMean, Sub, Pow, ReduceMean, Div, Mul, Add).
/// Everything else: one pass over each input. The estimator and the scheduler share it.
double vfuOperatorBytes(const Node& node, double inputBytes, const ArchSpec& arch);

/// VFU passes per input element of a fused normalisation (Softmax 5, LayerNormalization 7),
/// 1 for any other operator.
double vfuPassesPerElement(const Node& node);

} // namespace compass
