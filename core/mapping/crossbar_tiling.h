// SPDX-License-Identifier: MIT
#pragma once

#include "core/support/strong_id.h"

#include <cstdint>
#include <vector>

namespace compass {

class Graph;
struct ArchSpec;

/// One column block of a layer's (block-diagonal) weight matrix: `width` weights of output
/// columns starting at `firstCol`, and the range of crossbar row blocks that hold non-zero
/// weights for those columns. For dense layers every row block is active.
struct ColumnBlock
{
    std::int64_t firstCol = 0;      ///< First output column (in the g * W wide matrix).
    std::int64_t width = 0;         ///< Output columns (weights per crossbar row used).
    std::int64_t rowBlockBegin = 0; ///< First active row block.
    std::int64_t rowBlockEnd = 0;   ///< One past the last active row block.
    std::int64_t activeRowBlocks() const { return rowBlockEnd - rowBlockBegin; }
};

/// How one weight layer is laid onto R x C crossbars with bit slicing. The layer's matrix is
/// the block-diagonal (g * H) x (g * W) matrix of its g groups (H = kh * kw * Cin / g rows,
/// W = Cout / g columns); only crossbar tiles that intersect a diagonal block are counted,
/// so grouped and depthwise convolutions are counted exactly, never as one dense matrix.
struct LayerTiling
{
    NodeId layer;
    std::int64_t rows = 0;   ///< H, per group.
    std::int64_t cols = 0;   ///< W, per group.
    std::int64_t groups = 1; ///< g.
    std::int64_t vectorsPerInference = 1;
    std::int64_t rowBlocks = 0;            ///< ceil(g * H / R).
    std::int64_t weightsPerRow = 0;        ///< floor(C / ceil(w / b_cell)).
    std::vector<ColumnBlock> columnBlocks; ///< ceil(g * W / weightsPerRow) blocks, in order.
    std::int64_t crossbars = 0;            ///< Tiles holding weights (sum of active row blocks).

    std::int64_t totalRows() const { return rows * groups; }
    std::int64_t totalCols() const { return cols * groups; }
    std::int64_t weightCount() const { return rows * cols * groups; }
};

/// Rows of tile row block `rowBlock` and columns of column block `block` that hold weights:
/// the exact non-zero count of that tile of the block-diagonal matrix.
std::int64_t tileWeights(const LayerTiling& tiling, const ColumnBlock& block, std::int64_t rowBlock,
                         std::int64_t crossbarRows);
/// Crossbar rows of tile (rowBlock, block) that hold at least one weight.
std::int64_t tileOccupiedRows(const LayerTiling& tiling, const ColumnBlock& block,
                              std::int64_t rowBlock, std::int64_t crossbarRows);

/// Tiles one layer. `rows`, `cols`, `groups` >= 1.
LayerTiling tileLayer(NodeId layer, std::int64_t rows, std::int64_t cols, std::int64_t groups,
                      std::int64_t vectorsPerInference, const ArchSpec& arch);

/// Tiles every (non-folded) weight layer of `graph`, in topological order.
std::vector<LayerTiling> tileGraph(const Graph& graph, const ArchSpec& arch);

} // namespace compass
