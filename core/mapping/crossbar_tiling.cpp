// SPDX-License-Identifier: MIT
#include "crossbar_tiling.h"

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"

#include <algorithm>

namespace compass {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b)
{
    return (a + b - 1) / b;
}

/// Overlap of [a0, a1) and [b0, b1).
std::int64_t overlap(std::int64_t a0, std::int64_t a1, std::int64_t b0, std::int64_t b1)
{
    return std::max<std::int64_t>(0, std::min(a1, b1) - std::max(a0, b0));
}

} // namespace

std::int64_t tileWeights(const LayerTiling& tiling, const ColumnBlock& block, std::int64_t rowBlock,
                         std::int64_t crossbarRows)
{
    const std::int64_t r0 = rowBlock * crossbarRows;
    const std::int64_t r1 = std::min(r0 + crossbarRows, tiling.totalRows());
    const std::int64_t c0 = block.firstCol;
    const std::int64_t c1 = block.firstCol + block.width;
    // Groups whose diagonal block meets these columns.
    const std::int64_t g0 = c0 / tiling.cols;
    const std::int64_t g1 = (c1 - 1) / tiling.cols;
    std::int64_t weights = 0;
    for (std::int64_t g = g0; g <= g1; ++g) {
        weights += overlap(r0, r1, g * tiling.rows, (g + 1) * tiling.rows) *
                   overlap(c0, c1, g * tiling.cols, (g + 1) * tiling.cols);
    }
    return weights;
}

std::int64_t tileOccupiedRows(const LayerTiling& tiling, const ColumnBlock& block,
                              std::int64_t rowBlock, std::int64_t crossbarRows)
{
    const std::int64_t r0 = rowBlock * crossbarRows;
    const std::int64_t r1 = std::min(r0 + crossbarRows, tiling.totalRows());
    const std::int64_t g0 = block.firstCol / tiling.cols;
    const std::int64_t g1 = (block.firstCol + block.width - 1) / tiling.cols;
    // Rows of groups g0..g1 are contiguous: [g0 * H, (g1 + 1) * H).
    return overlap(r0, r1, g0 * tiling.rows, (g1 + 1) * tiling.rows);
}

LayerTiling tileLayer(NodeId layer, std::int64_t rows, std::int64_t cols, std::int64_t groups,
                      std::int64_t vectorsPerInference, const ArchSpec& arch)
{
    LayerTiling t;
    t.layer = layer;
    t.rows = std::max<std::int64_t>(1, rows);
    t.cols = std::max<std::int64_t>(1, cols);
    t.groups = std::max<std::int64_t>(1, groups);
    t.vectorsPerInference = std::max<std::int64_t>(1, vectorsPerInference);
    t.weightsPerRow = std::max<std::int64_t>(1, arch.weightsPerRow());
    t.rowBlocks = ceilDiv(t.totalRows(), arch.crossbarRows);
    const std::int64_t blocks = ceilDiv(t.totalCols(), t.weightsPerRow);
    t.columnBlocks.reserve(static_cast<std::size_t>(blocks));
    for (std::int64_t b = 0; b < blocks; ++b) {
        ColumnBlock cb;
        cb.firstCol = b * t.weightsPerRow;
        cb.width = std::min(t.weightsPerRow, t.totalCols() - cb.firstCol);
        // Active rows are those of the groups these columns belong to.
        const std::int64_t g0 = cb.firstCol / t.cols;
        const std::int64_t g1 = (cb.firstCol + cb.width - 1) / t.cols;
        cb.rowBlockBegin = (g0 * t.rows) / arch.crossbarRows;
        cb.rowBlockEnd = ceilDiv((g1 + 1) * t.rows, arch.crossbarRows);
        t.crossbars += cb.activeRowBlocks();
        t.columnBlocks.push_back(cb);
    }
    return t;
}

std::vector<LayerTiling> tileGraph(const Graph& graph, const ArchSpec& arch)
{
    std::vector<LayerTiling> tilings;
    for (NodeId id : graph.weightLayers()) {
        const WeightMatrix& w = *graph.node(id).weights;
        tilings.push_back(tileLayer(id, w.rows, w.cols, w.groups, w.vectorsPerInference, arch));
    }
    return tilings;
}

} // namespace compass
