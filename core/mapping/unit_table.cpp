// SPDX-License-Identifier: MIT
#include "unit_table.h"

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"

#include <algorithm>

namespace compass {

std::int32_t UnitTable::layerIndexOf(NodeId node) const
{
    if (!node.isValid() || node.index() >= m_layerOfNode.size())
        return -1;
    return m_layerOfNode[node.index()];
}

std::int64_t UnitTable::columnsDoneBefore(std::int32_t unit, std::size_t layerIndex) const
{
    if (unit <= layerFirstUnit(layerIndex))
        return 0;
    if (unit >= layerEndUnit(layerIndex))
        return m_layers[layerIndex].totalCols();
    return m_colsDoneBefore[static_cast<std::size_t>(unit)];
}

bool UnitTable::cutSplitsColumnBlock(std::int32_t cut) const
{
    if (cut <= 0 || cut >= unitCount())
        return false;
    const PartitionUnit& before = m_units[static_cast<std::size_t>(cut - 1)];
    const PartitionUnit& after = m_units[static_cast<std::size_t>(cut)];
    return before.layerIndex == after.layerIndex && before.columnBlock == after.columnBlock;
}

void UnitTable::buildAttentionPieces(UnitTable& table, const ArchSpec& arch)
{
    if (table.m_attention.empty())
        return;
    std::stable_sort(table.m_attention.begin(), table.m_attention.end(),
                     [](const AttentionMapping& a, const AttentionMapping& b) {
                         return a.anchorUnit < b.anchorUnit;
                     });
    for (std::size_t i = 0; i < table.m_attention.size(); ++i) {
        cutAttentionPieces(table.m_attention[i], static_cast<std::int32_t>(i), arch,
                           table.m_attentionPieces);
        table.m_attentionCrossbars += table.m_attention[i].crossbars();
    }
    const std::size_t m = table.m_units.size();
    table.m_attentionPieceBegin.assign(m + 1, 0);
    std::size_t piece = 0;
    for (std::size_t u = 0; u <= m; ++u) {
        while (piece < table.m_attentionPieces.size() &&
               table.m_attention[static_cast<std::size_t>(table.m_attentionPieces[piece].matmul)]
                       .anchorUnit < static_cast<std::int32_t>(u))
            ++piece;
        table.m_attentionPieceBegin[u] = static_cast<std::int32_t>(piece);
    }
}

UnitTable UnitTable::build(const Graph& graph, const ArchSpec& arch)
{
    return build(graph, arch, tileGraph(graph, arch));
}

UnitTable UnitTable::build(const Graph& graph, const ArchSpec& arch,
                           std::vector<LayerTiling> layers)
{
    UnitTable table;
    table.m_cores = arch.cores;
    table.m_crossbarsPerCore = arch.crossbarsPerCore;
    table.m_layers = std::move(layers);
    table.m_layerOfNode.assign(graph.nodes().size(), -1);
    table.m_layerFirst.push_back(0);
    const std::int64_t perCore = std::max<std::int64_t>(1, arch.crossbarsPerCore);

    for (std::size_t li = 0; li < table.m_layers.size(); ++li) {
        const LayerTiling& tiling = table.m_layers[li];
        table.m_layerOfNode[tiling.layer.index()] = static_cast<std::int32_t>(li);
        table.m_layerNames.push_back(graph.node(tiling.layer).name);
        std::int64_t colsDone = 0;
        for (std::size_t cbi = 0; cbi < tiling.columnBlocks.size(); ++cbi) {
            const ColumnBlock& cb = tiling.columnBlocks[cbi];
            const std::int64_t active = cb.activeRowBlocks();
            const std::int64_t chunks = (active + perCore - 1) / perCore;
            for (std::int64_t c = 0; c < chunks; ++c) {
                PartitionUnit u;
                u.id = UnitId{table.m_units.size()};
                u.layer = tiling.layer;
                u.layerIndex = static_cast<std::int32_t>(li);
                u.columnBlock = static_cast<std::int32_t>(cbi);
                u.rowBlockBegin = cb.rowBlockBegin + c * perCore;
                u.rowBlockEnd = std::min(cb.rowBlockEnd, u.rowBlockBegin + perCore);
                u.crossbars = u.rowBlockEnd - u.rowBlockBegin;
                u.cols = cb.width;
                u.chunk = static_cast<std::int32_t>(c);
                u.chunks = static_cast<std::int32_t>(chunks);
                for (std::int64_t rb = u.rowBlockBegin; rb < u.rowBlockEnd; ++rb) {
                    u.weights += tileWeights(tiling, cb, rb, arch.crossbarRows);
                    u.occupiedRows += tileOccupiedRows(tiling, cb, rb, arch.crossbarRows);
                }
                table.m_colsDoneBefore.push_back(colsDone);
                if (u.isLastChunk())
                    colsDone += cb.width;
                table.m_totalCrossbars += u.crossbars;
                table.m_totalWeights += u.weights;
                // Runs: consecutive units of one layer with equal crossbar counts.
                if (table.m_runs.empty() || table.m_runs.back().layerIndex != u.layerIndex ||
                    table.m_runs.back().crossbarsPerUnit != u.crossbars) {
                    UnitRun run;
                    run.firstUnit = u.id.value;
                    run.endUnit = u.id.value;
                    run.layerIndex = u.layerIndex;
                    run.crossbarsPerUnit = u.crossbars;
                    table.m_runs.push_back(run);
                }
                table.m_runs.back().endUnit = u.id.value + 1;
                table.m_runOfUnit.push_back(static_cast<std::int32_t>(table.m_runs.size() - 1));
                table.m_units.push_back(u);
            }
        }
        table.m_layerFirst.push_back(static_cast<std::int32_t>(table.m_units.size()));
    }
    table.m_colsDoneBefore.push_back(0);

    // Placement: weight layers on their units; weight-free operators at the unit where
    // their latest input is complete.
    table.m_placements.assign(graph.nodes().size(), NodePlacement{});
    if (table.m_units.empty())
        return table;
    for (const Node& node : graph.nodes()) {
        if (node.isFolded)
            continue;
        NodePlacement& p = table.m_placements[node.id.index()];
        const std::int32_t li = table.m_layerOfNode[node.id.index()];
        if (li >= 0) {
            p.firstUnit = table.layerFirstUnit(static_cast<std::size_t>(li));
            p.endUnit = table.layerEndUnit(static_cast<std::size_t>(li));
            p.ownerLayer = li;
            p.isWeightLayer = true;
            continue;
        }
        std::int32_t anchor = 0;
        for (TensorId in : node.inputs) {
            if (!in.isValid())
                continue;
            const NodeId producer = graph.tensor(in).producer;
            if (!producer.isValid())
                continue;
            const NodePlacement& pp = table.m_placements[producer.index()];
            if (pp.isPlaced())
                anchor = std::max(anchor, pp.endUnit - 1);
        }
        p.firstUnit = anchor;
        p.endUnit = anchor + 1;
        p.ownerLayer = table.m_units[static_cast<std::size_t>(anchor)].layerIndex;
        if (node.isActivationMatMul() && arch.attentionEngine == AttentionEngine::Crossbar) {
            AttentionMapping am;
            am.node = node.id;
            am.anchorUnit = anchor;
            am.ownerLayer = p.ownerLayer;
            am.rows = std::max<std::int64_t>(1, node.activationMatMul->rows);
            am.tiling = tileAttentionOperand(node, arch);
            table.m_attention.push_back(std::move(am));
        }
    }
    buildAttentionPieces(table, arch);
    return table;
}

} // namespace compass
