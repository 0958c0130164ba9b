// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/graph.h"

#include <cstdint>

namespace compass {

/// The row-streaming geometry both engines share (docs/event-simulator.md, "Row streaming"):
/// how many rows a tensor has, how they are grouped into row blocks, and which rows of an
/// input a node needs before it can produce its first rows. A value; `rowsPerBlock` 0 means
/// whole-input (layer) granularity: every tensor is one block.
struct RowBlocking
{
    std::int64_t rowsPerBlock = 0;

    /// Row blocks of a tensor of `rows` rows (1 at layer granularity or for rows <= 1).
    std::int64_t blockCount(std::int64_t rows) const
    {
        if (rowsPerBlock <= 0 || rows <= 1)
            return 1;
        return (rows + rowsPerBlock - 1) / rowsPerBlock;
    }
    /// First row of block `block` of a tensor of `rows` rows (rows when block == count).
    std::int64_t blockBegin(std::int64_t rows, std::int64_t block) const
    {
        if (blockCount(rows) <= 1)
            return block <= 0 ? 0 : std::max<std::int64_t>(1, rows);
        return std::min(rows, block * rowsPerBlock);
    }
    /// Block holding row `row` (clamped to the last block).
    std::int64_t blockOfRow(std::int64_t rows, std::int64_t row) const
    {
        const std::int64_t count = blockCount(rows);
        if (count <= 1 || row <= 0)
            return 0;
        return std::min(count - 1, row / rowsPerBlock);
    }
};

/// Rows a tensor streams in: H of an NCHW tensor or of a 5-d [N, groups, C / groups, H, W]
/// view (a channel shuffle's), 1 for any other rank or an unknown shape.
std::int64_t tensorRows(const Graph& graph, TensorId tensor);

/// Fractions of a weight layer's input and output tensors its local line buffers keep: kernel
/// height plus stride rows of an NCHW input, two rows of an NCHW output, all of a tensor of
/// another rank (docs/event-simulator.md, local memory).
struct LineBufferFractions
{
    double input = 1.0;
    double output = 1.0;
};
LineBufferFractions lineBufferFractions(const Graph& graph, const Node& weightLayer);

/// How many leading rows of `input` node `node` needs to produce its output rows
/// [0, outputRowsEnd): for a convolution or pooling window (kernel height, stride, dilation,
/// top padding) the rows its last window touches; a node whose output has one row (Flatten,
/// Gemm, global pooling) and the right operand of an activation MatMul (every output row reads
/// all of Kᵀ or V) need the whole input, as does a Transpose or Reshape that moves elements
/// between rows (one that keeps the last two axes H, W in place keeps the rows); element-wise
/// operators, activations and Concat map rows proportionally (equal heights: the same rows).
std::int64_t inputRowsNeeded(const Graph& graph, const Node& node, TensorId input,
                             std::int64_t outputRowsEnd);

/// Rows of `input` node `node` needs before it can produce its output block `block`
/// (blocks of its first output), as a block index of `input` under `blocking`.
std::int64_t inputBlockNeeded(const Graph& graph, const Node& node, TensorId input,
                              const RowBlocking& blocking, std::int64_t block);

} // namespace compass
