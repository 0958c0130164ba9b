// SPDX-License-Identifier: MIT
#include "row_window.h"

#include <algorithm>

namespace compass {

namespace {

/// The row axis of a tensor of `rank`: H, the second-to-last axis of NCHW and of the 5-d views
/// channel shuffles and grouped reshapes take ([N, groups, C / groups, H, W]); -1 otherwise.
int rowAxis(std::size_t rank)
{
    return rank == 4 || rank == 5 ? static_cast<int>(rank) - 2 : -1;
}

/// Whether a data-movement node keeps every row where it was: a Transpose that leaves the last
/// two axes (H, W) in place, or a Reshape (Squeeze, Unsqueeze, Flatten) between shapes that
/// both have rows and end in the same H x W. Any other reshuffle mixes rows.
bool keepsRows(const Graph& graph, const Node& node, TensorId input)
{
    const TensorId output = node.outputs.empty() ? TensorId{} : node.outputs.front();
    if (!input.isValid() || !output.isValid())
        return false;
    const Tensor& in = graph.tensor(input);
    const Tensor& out = graph.tensor(output);
    if (!in.hasShape || !out.hasShape || rowAxis(in.dims.size()) < 0 ||
        rowAxis(out.dims.size()) < 0)
        return false;
    const std::size_t ri = in.dims.size();
    const std::size_t ro = out.dims.size();
    if (node.kind == OpKind::Transpose) {
        const std::vector<std::int64_t> perm = node.attrInts("perm");
        return ri == ro && perm.size() == ri && perm[ri - 2] == static_cast<std::int64_t>(ri - 2) &&
               perm[ri - 1] == static_cast<std::int64_t>(ri - 1);
    }
    return in.dims[ri - 2] == out.dims[ro - 2] && in.dims[ri - 1] == out.dims[ro - 1];
}

bool movesData(OpKind kind)
{
    return kind == OpKind::Transpose || kind == OpKind::Reshape || kind == OpKind::Squeeze ||
           kind == OpKind::Unsqueeze || kind == OpKind::Flatten;
}

} // namespace

std::int64_t tensorRows(const Graph& graph, TensorId tensor)
{
    if (!tensor.isValid())
        return 1;
    const Tensor& t = graph.tensor(tensor);
    const int axis = rowAxis(t.dims.size());
    if (!t.hasShape || axis < 0 || t.dims[static_cast<std::size_t>(axis)] <= 0)
        return 1;
    return t.dims[static_cast<std::size_t>(axis)];
}

namespace {

/// Fraction of a tensor `rows` rows of its H are, or all of a tensor of another rank.
double lineFraction(const Graph& graph, TensorId tensor, double rows)
{
    if (!tensor.isValid())
        return 1.0;
    const Tensor& t = graph.tensor(tensor);
    if (!t.hasShape || t.dims.size() != 4 || t.dims[2] <= 0)
        return 1.0;
    return std::min(1.0, rows / static_cast<double>(t.dims[2]));
}

} // namespace

LineBufferFractions lineBufferFractions(const Graph& graph, const Node& weightLayer)
{
    const double window =
        static_cast<double>((weightLayer.weights ? weightLayer.weights->kernelH : 1) +
                            weightLayer.attrInts("strides", {1, 1})[0]);
    LineBufferFractions f;
    f.input = lineFraction(graph, weightLayer.inputs.empty() ? TensorId{} : weightLayer.inputs[0],
                           window);
    f.output =
        lineFraction(graph, weightLayer.outputs.empty() ? TensorId{} : weightLayer.outputs[0], 2.0);
    return f;
}

std::int64_t inputRowsNeeded(const Graph& graph, const Node& node, TensorId input,
                             std::int64_t outputRowsEnd)
{
    const std::int64_t inRows = tensorRows(graph, input);
    const std::int64_t outRows =
        tensorRows(graph, node.outputs.empty() ? TensorId{} : node.outputs.front());
    if (inRows <= 1)
        return inRows;
    if (outRows <= 1 || outputRowsEnd >= outRows)
        return inRows;
    if (outputRowsEnd <= 0)
        return 0;
    // Every row of an activation MatMul's output reads the whole right operand (Kᵀ or V).
    if (node.isActivationMatMul() && input == node.activationMatMul->right)
        return inRows;
    // A reshuffle that moves elements between rows (H and W swapped, NCHW to NHWC) needs them
    // all; a channel shuffle's reshape and transpose keep the rows.
    if (movesData(node.kind) && !keepsRows(graph, node, input))
        return inRows;
    std::int64_t kernel = 0;
    if (node.kind == OpKind::Conv && node.weights)
        kernel = node.weights->kernelH;
    else if (node.kind == OpKind::MaxPool || node.kind == OpKind::AveragePool) {
        const auto shape = node.attrInts("kernel_shape");
        kernel = shape.empty() ? 0 : shape.front();
    } else if (node.weights) {
        return inRows; // Gemm / MatMul on a 4-d tensor: every output row reads all rows
    }
    if (kernel > 0) {
        const std::int64_t stride = std::max<std::int64_t>(1, node.attrInts("strides", {1})[0]);
        const std::int64_t dilation = std::max<std::int64_t>(1, node.attrInts("dilations", {1})[0]);
        const std::int64_t padTop = std::max<std::int64_t>(0, node.attrInts("pads", {0})[0]);
        // The last output row r = end - 1 reads input rows up to r * s - p + d (k - 1).
        const std::int64_t last = (outputRowsEnd - 1) * stride - padTop + dilation * (kernel - 1);
        return std::clamp<std::int64_t>(last + 1, 1, inRows);
    }
    // Same rows, scaled when the heights differ (e.g. an up-sampling Resize).
    return std::clamp<std::int64_t>((outputRowsEnd * inRows + outRows - 1) / outRows, 1, inRows);
}

std::int64_t inputBlockNeeded(const Graph& graph, const Node& node, TensorId input,
                              const RowBlocking& blocking, std::int64_t block)
{
    const std::int64_t outRows =
        tensorRows(graph, node.outputs.empty() ? TensorId{} : node.outputs.front());
    const std::int64_t inRows = tensorRows(graph, input);
    const std::int64_t outEnd = blocking.blockBegin(outRows, block + 1);
    const std::int64_t needed = inputRowsNeeded(graph, node, input, outEnd);
    return blocking.blockOfRow(inRows, needed - 1);
}

} // namespace compass
