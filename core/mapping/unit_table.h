// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/attention_mapping.h"
#include "core/mapping/crossbar_tiling.h"
#include "core/support/strong_id.h"

#include <cstdint>
#include <string>
#include <vector>

namespace compass {

class Graph;
struct ArchSpec;

/// The smallest piece of a weight layer that one core holds: one column block of the layer,
/// or, when that column block needs more row blocks than a core has crossbars, a contiguous
/// chunk of at most crossbarsPerCore of its row blocks (the input dimension is cut too, and
/// partial sums then cross cores).
struct PartitionUnit
{
    UnitId id;
    NodeId layer;
    std::int32_t layerIndex = 0;    ///< Index into UnitTable::layers().
    std::int32_t columnBlock = 0;   ///< Index into LayerTiling::columnBlocks.
    std::int64_t rowBlockBegin = 0; ///< First row block of the chunk.
    std::int64_t rowBlockEnd = 0;   ///< One past the last row block of the chunk.
    std::int64_t crossbars = 0;     ///< rowBlockEnd - rowBlockBegin; <= crossbarsPerCore.
    std::int64_t weights = 0;       ///< Non-zero weights held (exact for grouped layers).
    std::int64_t occupiedRows = 0;  ///< Sum over the unit's crossbars of rows holding weights.
    std::int64_t cols = 0;          ///< Output columns (weights per row) of its column block.
    std::int32_t chunk = 0;         ///< Row chunk index within the column block.
    std::int32_t chunks = 1;        ///< Row chunks the column block was cut into.

    bool isLastChunk() const { return chunk + 1 == chunks; }
};

/// Where a compute node runs, in unit positions: a weight layer occupies its units
/// [firstUnit, endUnit); a weight-free operator sits at one anchor unit (endUnit = firstUnit
/// + 1): the last unit of the latest weight layer that produces one of its inputs, so it joins
/// the partition in which its input is complete. Operators fed only by graph inputs sit at
/// unit 0. Folded nodes have no placement (firstUnit = -1).
struct NodePlacement
{
    std::int32_t firstUnit = -1;
    std::int32_t endUnit = -1;
    std::int32_t ownerLayer = -1; ///< Layer index whose pipeline stage does this node's work.
    bool isWeightLayer = false;
    bool isPlaced() const { return firstUnit >= 0; }
};

/// Consecutive units of one layer with the same crossbar count; packing works on these.
struct UnitRun
{
    std::int32_t firstUnit = 0;
    std::int32_t endUnit = 0;
    std::int32_t layerIndex = 0;
    std::int64_t crossbarsPerUnit = 0;
};

/// Every partition unit of a network in the one fixed order (weight layers in topological
/// order, then column blocks, then row chunks), with per-layer ranges and the placement of
/// every node. Immutable once built; safe to read from several threads.
class UnitTable
{
public:
    /// Builds the table. A graph without weight layers yields an empty table.
    static UnitTable build(const Graph& graph, const ArchSpec& arch);
    /// Builds the table from the crossbar tiling of `graph` on `arch` (tileGraph's result, the
    /// crossbar-tiling pass's product).
    static UnitTable build(const Graph& graph, const ArchSpec& arch,
                           std::vector<LayerTiling> tiling);

    const std::vector<PartitionUnit>& units() const { return m_units; }
    const PartitionUnit& unit(std::size_t index) const { return m_units[index]; }
    std::int32_t unitCount() const { return static_cast<std::int32_t>(m_units.size()); }
    const std::vector<LayerTiling>& layers() const { return m_layers; }
    const LayerTiling& layer(std::size_t layerIndex) const { return m_layers[layerIndex]; }
    std::int32_t layerCount() const { return static_cast<std::int32_t>(m_layers.size()); }
    /// Units of layer `layerIndex`: [layerFirstUnit, layerEndUnit).
    std::int32_t layerFirstUnit(std::size_t layerIndex) const { return m_layerFirst[layerIndex]; }
    std::int32_t layerEndUnit(std::size_t layerIndex) const { return m_layerFirst[layerIndex + 1]; }
    /// Layer index of a node, -1 if it is not a weight layer.
    std::int32_t layerIndexOf(NodeId node) const;
    const std::vector<NodePlacement>& placements() const { return m_placements; }
    const NodePlacement& placement(NodeId node) const { return m_placements[node.index()]; }
    const std::vector<UnitRun>& runs() const { return m_runs; }
    /// Index into runs() of the run holding unit `unit`.
    std::int32_t runOf(std::size_t unit) const { return m_runOfUnit[unit]; }
    /// Output columns of the unit's layer completed by the units of that layer before `unit`
    /// (a column block completes with its last row chunk). Valid for unit in [first, end].
    std::int64_t columnsDoneBefore(std::int32_t unit, std::size_t layerIndex) const;
    /// True when a cut before unit `cut` separates two row chunks of one column block, so
    /// partial sums of that block cross the cut.
    bool cutSplitsColumnBlock(std::int32_t cut) const;

    /// With `attention.engine` = crossbar, every placed activation MatMul's crossbar mapping,
    /// ordered by anchor unit (empty on the vfu engine). Its pieces are reserved capacity of the
    /// partition holding the anchor: packing, validity and replication count them.
    const std::vector<AttentionMapping>& attention() const { return m_attention; }
    const std::vector<AttentionPiece>& attentionPieces() const { return m_attentionPieces; }
    /// First piece anchored at `unit` or later: the pieces of span [a, b) are
    /// [attentionPieceBegin(a), attentionPieceBegin(b)). Valid for unit in [0, unitCount()].
    std::int32_t attentionPieceBegin(std::int32_t unit) const
    {
        return m_attentionPieceBegin.empty()
                   ? 0
                   : m_attentionPieceBegin[static_cast<std::size_t>(unit)];
    }
    /// Crossbars reserved for activation MatMul operands, over the whole network.
    std::int64_t attentionCrossbars() const { return m_attentionCrossbars; }

    std::int64_t totalCrossbars() const { return m_totalCrossbars; }
    std::int64_t totalWeights() const { return m_totalWeights; }
    std::int64_t crossbarsPerCore() const { return m_crossbarsPerCore; }
    std::int64_t cores() const { return m_cores; }
    /// Node name of a layer, for reports.
    const std::string& layerName(std::size_t layerIndex) const { return m_layerNames[layerIndex]; }

private:
    static void buildAttentionPieces(UnitTable& table, const ArchSpec& arch);

    std::vector<PartitionUnit> m_units;
    std::vector<LayerTiling> m_layers;
    std::vector<std::string> m_layerNames;
    std::vector<std::int32_t> m_layerFirst; ///< size layers + 1.
    std::vector<std::int32_t> m_layerOfNode;
    std::vector<NodePlacement> m_placements;
    std::vector<UnitRun> m_runs;
    std::vector<std::int32_t> m_runOfUnit;
    std::vector<std::int64_t> m_colsDoneBefore; ///< size units + 1, within-layer cumulative.
    std::vector<AttentionMapping> m_attention;
    std::vector<AttentionPiece> m_attentionPieces;
    std::vector<std::int32_t> m_attentionPieceBegin; ///< size units + 1 (empty: no pieces).
    std::int64_t m_attentionCrossbars = 0;
    std::int64_t m_totalCrossbars = 0;
    std::int64_t m_totalWeights = 0;
    std::int64_t m_crossbarsPerCore = 0;
    std::int64_t m_cores = 0;
};

} // namespace compass
