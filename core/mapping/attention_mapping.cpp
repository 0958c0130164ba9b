// SPDX-License-Identifier: MIT
#include "attention_mapping.h"

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"

#include <algorithm>

namespace compass {

namespace {

/// Passes of the ONNX Softmax-13 function body over its input: ReduceMax, Sub, Exp, ReduceSum,
/// Div (each reads the full-size tensor once; the reduced tensors are negligible).
constexpr double kSoftmaxPasses = 5.0;
/// Full-size operators of the LayerNorm pattern exporters write before opset 17 (docs/models.md:
/// ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add; Add eps and Sqrt act on the
/// reduced tensor): ReduceMean, Sub, Pow, ReduceMean, Div, Mul, Add.
constexpr double kLayerNormPasses = 7.0;

} // namespace

LayerTiling tileAttentionOperand(const Node& node, const ArchSpec& arch)
{
    const ActivationMatMul& m = *node.activationMatMul;
    ArchSpec operandArch = arch;
    operandArch.weightBits = arch.activationBits; // the operand is an activation
    return tileLayer(node.id, m.inner, m.cols, std::max<std::int64_t>(1, m.products), m.rows,
                     operandArch);
}

void cutAttentionPieces(AttentionMapping& mapping, std::int32_t index, const ArchSpec& arch,
                        std::vector<AttentionPiece>& pieces)
{
    const LayerTiling& t = mapping.tiling;
    const std::int64_t perCore = std::max<std::int64_t>(1, arch.crossbarsPerCore);
    const std::int64_t columnsPerValue =
        (arch.activationBits + arch.bitsPerCell - 1) / arch.bitsPerCell;
    const std::int64_t steps = arch.inputSteps();
    mapping.firstPiece = static_cast<std::int32_t>(pieces.size());
    mapping.partialSumAdds = 0;
    bool open = false;
    for (const ColumnBlock& cb : t.columnBlocks) {
        mapping.partialSumAdds +=
            mapping.rows * cb.width * std::max<std::int64_t>(0, cb.activeRowBlocks() - 1);
        for (std::int64_t rb = cb.rowBlockBegin; rb < cb.rowBlockEnd; ++rb) {
            if (!open || pieces.back().crossbars >= perCore) {
                AttentionPiece p;
                p.matmul = index;
                pieces.push_back(p);
                open = true;
            }
            AttentionPiece& p = pieces.back();
            p.crossbars += 1;
            p.writtenRows += tileOccupiedRows(t, cb, rb, arch.crossbarRows);
            p.values += tileWeights(t, cb, rb, arch.crossbarRows);
            p.conversionsPerRow += cb.width * columnsPerValue * steps;
        }
    }
    mapping.endPiece = static_cast<std::int32_t>(pieces.size());
}

double vfuPassesPerElement(const Node& node)
{
    switch (node.kind) {
    case OpKind::Softmax:
        return kSoftmaxPasses;
    case OpKind::LayerNormalization:
        return kLayerNormPasses;
    default:
        return 1.0;
    }
}

double vfuOperatorBytes(const Node& node, double inputBytes, const ArchSpec& arch)
{
    if (isDataMovementOpKind(node.kind))
        return 0.0;
    if (node.isActivationMatMul()) {
        if (arch.attentionEngine == AttentionEngine::Crossbar)
            return 0.0;
        return 2.0 * static_cast<double>(node.activationMatMul->macs()) *
               static_cast<double>(arch.activationBits) / 8.0;
    }
    return vfuPassesPerElement(node) * inputBytes;
}

} // namespace compass
