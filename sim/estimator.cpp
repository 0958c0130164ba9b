// SPDX-License-Identifier: MIT
#include "estimator.h"

#include "core/ir/graph.h"
#include "core/mapping/attention_mapping.h"
#include "core/mapping/core_packer.h"
#include "core/partition/replication.h"
#include "core/schedule/program.h"
#include "core/schedule/row_window.h"
#include "core/schedule/schedule_pass.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace compass {

namespace {

void toPrefix(std::vector<double>& v)
{
    // v[i + 1] holds unit i's value; accumulate in place.
    for (std::size_t i = 1; i < v.size(); ++i)
        v[i] += v[i - 1];
}

} // namespace

Estimator::Estimator(std::shared_ptr<const MappedProblem> problem)
    : m_problem(std::move(problem))
    , m_arch(m_problem->arch())
    , m_units(m_problem->units())
    , m_validity(m_problem->validity())
    , m_io(m_problem->io())
{
    const Graph& graph = m_problem->graph();
    const ArchSpec& arch = m_arch;
    const std::size_t m = static_cast<std::size_t>(m_units.unitCount());
    for (auto* v : {&m_weights, &m_crossbars, &m_conversions, &m_activations, &m_vfuBytes,
                    &m_opBytes, &m_psumOutBytes, &m_localBytes})
        v->assign(m + 1, 0.0);
    const double columnsPerWeight = static_cast<double>(arch.columnsPerWeight());
    const double inputSteps = static_cast<double>(arch.inputSteps());
    const double psumBytes = static_cast<double>(m_problem->costing().partialSumBits) / 8.0;
    std::vector<double> bufferPerCrossbar(m, 0.0);

    for (std::size_t i = 0; i < m; ++i) {
        const PartitionUnit& u = m_units.unit(i);
        const LayerTiling& layer = m_units.layer(static_cast<std::size_t>(u.layerIndex));
        const Node& node = graph.node(u.layer);
        const double vec = static_cast<double>(layer.vectorsPerInference);
        const double xbars = static_cast<double>(u.crossbars);
        const double cols = static_cast<double>(u.cols);
        m_weights[i + 1] = static_cast<double>(u.weights);
        m_crossbars[i + 1] = xbars;
        if (u.crossbars > 0)
            m_weightsPerCrossbar =
                std::max(m_weightsPerCrossbar, static_cast<double>(u.weights) / xbars);
        // One conversion per used column per input-bit step, every MVM of every crossbar.
        m_conversions[i + 1] = vec * xbars * cols * columnsPerWeight * inputSteps;
        m_activations[i + 1] = vec * xbars;
        // Partial sums: (crossbars - 1) adds inside the unit, one more for the chunk before.
        const double adds = xbars - 1.0 + (u.chunk > 0 ? 1.0 : 0.0);
        m_vfuBytes[i + 1] = vec * cols * adds * psumBytes;
        m_psumOutBytes[i + 1] = u.isLastChunk() ? 0.0 : vec * cols * psumBytes;
        const double inBytes = node.inputs.empty() ? 0.0 : m_io.tensorBytes(node.inputs[0]);
        const double outBytes = node.outputs.empty() ? 0.0 : m_io.tensorBytes(node.outputs[0]);
        const double rowShare =
            xbars / static_cast<double>(std::max<std::int64_t>(1, layer.rowBlocks));
        const double colShare =
            u.isLastChunk() ? cols / static_cast<double>(layer.totalCols()) : 0.0;
        m_localBytes[i + 1] = inBytes * rowShare + outBytes * colShare;
        // The unit's share of its stage's line buffers (the scheduler's allocation); each of
        // a core's two stage buffers rounds up by less than 8 bytes.
        const LineBufferFractions lines = lineBufferFractions(graph, node);
        bufferPerCrossbar[i] =
            (inBytes * rowShare * lines.input + outBytes * colShare * lines.output + 16.0) /
            std::max(1.0, xbars);
    }
    m_bufferPerCrossbarMax.push_back(std::move(bufferPerCrossbar));
    for (std::size_t w = 1; 2 * w <= m; w *= 2) {
        const std::vector<double>& prev = m_bufferPerCrossbarMax.back();
        std::vector<double> next(m - 2 * w + 1);
        for (std::size_t i = 0; i < next.size(); ++i)
            next[i] = std::max(prev[i], prev[i + w]);
        m_bufferPerCrossbarMax.push_back(std::move(next));
    }
    // The unit of most vectors per inference, by range (moreVectors).
    {
        std::vector<std::int32_t> level(m);
        for (std::size_t i = 0; i < m; ++i)
            level[i] = static_cast<std::int32_t>(i);
        m_mostVectors.push_back(std::move(level));
        for (std::size_t w = 1; 2 * w <= m; w *= 2) {
            const std::vector<std::int32_t>& prev = m_mostVectors.back();
            std::vector<std::int32_t> next(m - 2 * w + 1);
            for (std::size_t i = 0; i < next.size(); ++i)
                next[i] = moreVectors(prev[i], prev[i + w]);
            m_mostVectors.push_back(std::move(next));
        }
    }
    m_entryFloorBytes.assign(m + 1, 0.0);
    m_exitFloorBytes.assign(m + 1, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        const SpanIoBytes one =
            m_io.spanBytes(static_cast<std::int32_t>(i), static_cast<std::int32_t>(i) + 1);
        m_entryFloorBytes[i] = one.entryBytes;
        m_exitFloorBytes[i + 1] = one.exitBytes;
    }
    // Weight-free operators: VFU work and local traffic at their anchor unit.
    for (const Node& node : graph.nodes()) {
        const NodePlacement& p = m_units.placement(node.id);
        if (!p.isPlaced() || p.isWeightLayer)
            continue;
        double inBytes = 0.0;
        double outBytes = 0.0;
        for (TensorId t : node.inputs)
            inBytes += m_io.tensorBytes(t);
        for (TensorId t : node.outputs)
            outBytes += m_io.tensorBytes(t);
        const std::size_t slot = static_cast<std::size_t>(p.firstUnit) + 1;
        if (!isDataMovementOpKind(node.kind)) {
            const double vfu = vfuOperatorBytes(node, inBytes, arch);
            m_vfuBytes[slot] += vfu;
            m_opBytes[slot] += vfu;
            m_localBytes[slot] += inBytes + outBytes;
        }
    }
    // Partial sums of activation MatMul operands deeper than a crossbar, on the home VFUs.
    for (const AttentionMapping& am : m_units.attention()) {
        const double bytes = static_cast<double>(am.partialSumAdds) * psumBytes;
        m_vfuBytes[static_cast<std::size_t>(am.anchorUnit) + 1] += bytes;
        m_opBytes[static_cast<std::size_t>(am.anchorUnit) + 1] += bytes;
    }
    for (auto* v : {&m_weights, &m_crossbars, &m_conversions, &m_activations, &m_vfuBytes,
                    &m_opBytes, &m_psumOutBytes, &m_localBytes})
        toPrefix(*v);

    // The layer DAG of pipeline stages: a node's work belongs to its owner layer's stage.
    m_stages.assign(static_cast<std::size_t>(m_units.layerCount()), StageNode{});
    auto stageOf = [&](TensorId t) -> std::int32_t {
        if (!t.isValid())
            return -1;
        const NodeId producer = graph.tensor(t).producer;
        if (!producer.isValid())
            return -1;
        const NodePlacement& p = m_units.placement(producer);
        return p.isPlaced() ? p.ownerLayer : -1;
    };
    const RowBlocking blocking{arch.streamingRowsPerBlock()};
    auto outputOf = [](const Node& node) {
        return node.outputs.empty() ? TensorId{} : node.outputs.front();
    };
    for (std::size_t l = 0; l < m_stages.size(); ++l) {
        StageNode& stage = m_stages[l];
        stage.rows = std::max<std::int64_t>(
            1, tensorRows(graph, outputOf(graph.node(m_units.layer(l).layer))));
        stage.blocks = blocking.blockCount(stage.rows);
    }
    // Rows [0, end) of a producer stage's layer output that `rowsEnd` rows of tensor `t` (of
    // that stage) follow from: its owned operators map rows proportionally.
    auto producerRowsEnd = [&](std::int32_t j, TensorId t, std::int64_t rowsEnd) {
        const std::int64_t rowsT = std::max<std::int64_t>(1, tensorRows(graph, t));
        const std::int64_t rowsP = m_stages[static_cast<std::size_t>(j)].rows;
        return std::clamp<std::int64_t>((rowsEnd * rowsP + rowsT - 1) / rowsT, 1, rowsP);
    };
    for (const Node& node : graph.nodes()) {
        const NodePlacement& p = m_units.placement(node.id);
        if (!p.isPlaced() || p.ownerLayer < 0)
            continue;
        StageNode& stage = m_stages[static_cast<std::size_t>(p.ownerLayer)];
        const std::int64_t nodeRows = std::max<std::int64_t>(1, tensorRows(graph, outputOf(node)));
        for (TensorId t : node.inputs) {
            const std::int32_t j = stageOf(t);
            if (j < 0 || j >= p.ownerLayer)
                continue;
            StageEdge edge{j, !p.isWeightLayer, {}};
            const RowBlocking& pb = blocking;
            for (std::int64_t b = 0; b < stage.blocks; ++b) {
                const std::int64_t stageEnd = pb.blockBegin(stage.rows, b + 1);
                // The node's output rows that the stage's block b yields.
                const std::int64_t nodeEnd = std::clamp<std::int64_t>(
                    (stageEnd * nodeRows + stage.rows - 1) / stage.rows, 1, nodeRows);
                const std::int64_t tEnd = inputRowsNeeded(graph, node, t, nodeEnd);
                const std::int64_t pEnd = producerRowsEnd(j, t, tEnd);
                edge.neededBlock.push_back(static_cast<std::int32_t>(
                    pb.blockOfRow(m_stages[static_cast<std::size_t>(j)].rows, pEnd - 1)));
            }
            auto same =
                std::find_if(stage.edges.begin(), stage.edges.end(), [&](const StageEdge& e) {
                    return e.predecessor == j && e.ofOwnedOperator == edge.ofOwnedOperator;
                });
            if (same == stage.edges.end()) {
                stage.edges.push_back(std::move(edge));
            } else {
                for (std::size_t b = 0; b < edge.neededBlock.size(); ++b)
                    same->neededBlock[b] = std::max(same->neededBlock[b], edge.neededBlock[b]);
            }
        }
        if (node.isActivationMatMul() && stageOf(node.activationMatMul->right) == p.ownerLayer)
            stage.opsWaitForLastBlock = true;
        // The stage's operators stream as many blocks as the finest of their outputs.
        if (!p.isWeightLayer)
            stage.opSub = std::max(stage.opSub, (blocking.blockCount(nodeRows) + stage.blocks - 1) /
                                                    stage.blocks);
        // An owned operator that needs all rows of a tensor of its own stage before its first
        // output rows (a transpose swapping H and W; a reshape back to rows from a flat
        // tensor) holds the stage's operators until its last block, as the scheduler's
        // dependencies do. One whose output has no rows (Flatten, global pooling) does not:
        // its consumers wait for the last block through their edges.
        if (!p.isWeightLayer && stage.blocks > 1 && nodeRows > 1) {
            const std::int64_t firstEnd = std::clamp<std::int64_t>(
                (blocking.blockBegin(stage.rows, 1) * nodeRows + stage.rows - 1) / stage.rows, 1,
                nodeRows);
            for (TensorId t : node.inputs)
                if (stageOf(t) == p.ownerLayer &&
                    inputRowsNeeded(graph, node, t, firstEnd) >= tensorRows(graph, t))
                    stage.opsWaitForLastBlock = true;
        }
        for (TensorId t : node.outputs) {
            if (m_io.staysOnProducerCore(t))
                continue; // read on the home core where it is produced: never on the bus
            const double bytes = m_io.tensorBytes(t);
            std::int32_t firstConsumer = -1;
            for (NodeId c : graph.tensor(t).consumers) {
                const NodePlacement& cp = m_units.placement(c);
                if (cp.isPlaced() && (firstConsumer < 0 || cp.firstUnit < firstConsumer))
                    firstConsumer = cp.firstUnit;
            }
            if (bytes > 0.0 && firstConsumer >= 0)
                stage.tensors.push_back(
                    StageTensor{bytes, p.isWeightLayer ? -1 : p.firstUnit, firstConsumer});
        }
    }
    buildAttentionWork();
    buildFillChain();
}

void Estimator::buildFillChain()
{
    // A layer's first row block takes its share of the rows x ceil(v / r) MVM latencies, and
    // a stage's first block starts after that of every producer it reads through its MVMs (an
    // operator it owns waits after them). Replication gives r = ceil(v / k) for one k per span,
    // so ceil(v / r) >= v k / (v + k) (v when k >= v; else ceil(v / k) < v / k + 1); and k is
    // at least K = the span's activations over the chip's crossbars. Per layer: its share of
    // rows, classed by v, so a span's floor is a sum over the few classes.
    const std::size_t layers = m_stages.size();
    const RowBlocking blocking{m_arch.streamingRowsPerBlock()};
    std::vector<double> share(layers, 0.0);
    std::vector<double> weight(layers, 0.0); // share x v: the path's weight without replication
    for (std::size_t l = 0; l < layers; ++l) {
        const StageNode& stage = m_stages[l];
        share[l] = static_cast<double>(blocking.blockBegin(stage.rows, 1) -
                                       blocking.blockBegin(stage.rows, 0)) /
                   static_cast<double>(stage.rows);
        weight[l] = share[l] * static_cast<double>(m_units.layer(l).vectorsPerInference);
    }
    // The heaviest chain of the whole network (longest path, layers in topological order): any
    // span holds a contiguous piece of it, itself a chain of the span's stages.
    std::vector<double> path(layers, 0.0);
    std::vector<std::int32_t> from(layers, -1);
    std::vector<char> addsOwn(layers, 1);
    for (std::size_t l = 0; l < layers; ++l) {
        path[l] = weight[l];
        for (const StageEdge& e : m_stages[l].edges) {
            const auto p = static_cast<std::size_t>(e.predecessor);
            const double via = path[p] + (e.ofOwnedOperator ? 0.0 : weight[l]);
            if (via > path[l]) {
                path[l] = via;
                from[l] = e.predecessor;
                addsOwn[l] = e.ofOwnedOperator ? 0 : 1;
            }
        }
    }
    m_fillChain.clear();
    if (layers == 0)
        return;
    std::vector<char> onChain(layers, 0);
    auto l = static_cast<std::int32_t>(std::max_element(path.begin(), path.end()) - path.begin());
    for (; l >= 0; l = from[static_cast<std::size_t>(l)])
        onChain[static_cast<std::size_t>(l)] = addsOwn[static_cast<std::size_t>(l)];
    // Classes by v: a CNN has a handful (one per feature-map size), a transformer one or two.
    // Beyond kMaxClasses the chain is left out of the floor (it stays a floor).
    constexpr std::size_t kMaxClasses = 24;
    std::vector<std::int64_t> values;
    for (std::size_t k = 0; k < layers; ++k) {
        const std::int64_t v = m_units.layer(k).vectorsPerInference;
        if (onChain[k] && std::find(values.begin(), values.end(), v) == values.end())
            values.push_back(v);
    }
    if (values.size() > kMaxClasses)
        return;
    for (std::int64_t v : values) {
        FillChainClass c;
        c.vectors = static_cast<double>(v);
        c.sharePrefix.assign(layers + 1, 0.0);
        for (std::size_t k = 0; k < layers; ++k) {
            const bool counts = onChain[k] && m_units.layer(k).vectorsPerInference == v;
            c.sharePrefix[k + 1] = c.sharePrefix[k] + (counts ? share[k] : 0.0);
        }
        m_fillChain.push_back(std::move(c));
    }
}

void Estimator::buildAttentionWork()
{
    const ArchSpec& a = m_arch;
    const double tMvm = a.mvmLatencyNs();
    const auto& pieces = m_units.attentionPieces();
    for (const AttentionMapping& am : m_units.attention()) {
        AttentionWork w;
        w.anchorUnit = am.anchorUnit;
        const Node& node = m_problem->graph().node(am.node);
        w.blocks = RowBlocking{a.streamingRowsPerBlock()}.blockCount(
            tensorRows(m_problem->graph(), node.outputs.empty() ? TensorId{} : node.outputs[0]));
        const double rows = static_cast<double>(am.rows);
        w.mvmNs = rows * tMvm;
        for (std::int32_t q = am.firstPiece; q < am.endPiece; ++q) {
            const AttentionPiece& piece = pieces[static_cast<std::size_t>(q)];
            const double written = static_cast<double>(piece.writtenRows);
            w.writeNs = std::max(w.writeNs, written * a.writeLatencyPerRowNs);
            w.writtenRows += written;
            w.activations += rows * static_cast<double>(piece.crossbars);
            w.conversions += rows * static_cast<double>(piece.conversionsPerRow);
            w.writtenBits +=
                static_cast<double>(piece.values) * static_cast<double>(a.activationBits);
            w.crossbars += static_cast<double>(piece.crossbars);
        }
        m_attention.push_back(w);
    }
    // A stage whose MatMul reads the rows an earlier stage streams (A·V after Q·Kᵀ and
    // Softmax when K and V are separate layers) follows them block by block: the earlier
    // stage's MatMuls on crossbars, or its operators on the VFUs when they stream finer blocks
    // than its layer.
    const Graph& graph = m_problem->graph();
    const bool onCrossbars = a.attentionEngine == AttentionEngine::Crossbar;
    std::vector<char> ownsCrossbarMatMul(m_stages.size(), 0);
    for (const AttentionMapping& am : m_units.attention())
        ownsCrossbarMatMul[static_cast<std::size_t>(am.ownerLayer)] = 1;
    for (const Node& node : graph.nodes()) {
        const NodePlacement& p = m_units.placement(node.id);
        if (!node.isActivationMatMul() || !p.isPlaced() || p.ownerLayer < 0)
            continue;
        const NodeId producer = graph.tensor(node.activationMatMul->left).producer;
        if (!producer.isValid() || !m_units.placement(producer).isPlaced())
            continue;
        const std::int32_t j = m_units.placement(producer).ownerLayer;
        if (j < 0 || j >= p.ownerLayer)
            continue;
        const auto from = static_cast<std::size_t>(j);
        if (onCrossbars ? ownsCrossbarMatMul[from] != 0 : m_stages[from].opSub > 1) {
            m_stages[static_cast<std::size_t>(p.ownerLayer)].attentionFrom = j;
            m_opChains = true;
        }
    }
    if (m_attention.empty())
        return;
    m_opChains = true;
    const std::size_t m = static_cast<std::size_t>(m_units.unitCount());
    m_attentionBegin.assign(m + 1, 0);
    std::size_t j = 0;
    for (std::size_t u = 0; u <= m; ++u) {
        while (j < m_attention.size() && m_attention[j].anchorUnit < static_cast<std::int32_t>(u))
            ++j;
        m_attentionBegin[u] = static_cast<std::int32_t>(j);
    }
}

Estimator::AttentionSpanWork Estimator::attentionWork(std::int32_t begin, std::int32_t end) const
{
    AttentionSpanWork s;
    if (m_attentionBegin.empty() || begin >= end)
        return s;
    for (std::int32_t j = m_attentionBegin[static_cast<std::size_t>(begin)];
         j < m_attentionBegin[static_cast<std::size_t>(end)]; ++j) {
        const AttentionWork& w = m_attention[static_cast<std::size_t>(j)];
        s.any = true;
        s.mvmNs += w.mvmNs;
        s.writeNs = std::max(s.writeNs, w.writeNs);
        s.periodNs = std::max(s.periodNs, w.writeNs + w.mvmNs);
        s.activations += w.activations;
        s.conversions += w.conversions;
        s.writtenBits += w.writtenBits;
        s.writtenRows += w.writtenRows;
        s.crossbars += w.crossbars;
    }
    return s;
}

double Estimator::fractionProduced(std::size_t l, std::int32_t begin, std::int32_t end) const
{
    const std::int32_t x = std::max(begin, m_units.layerFirstUnit(l));
    const std::int32_t y = std::min(end, m_units.layerEndUnit(l));
    if (x >= y)
        return 0.0;
    const std::int64_t cols = m_units.columnsDoneBefore(y, l) - m_units.columnsDoneBefore(x, l);
    return static_cast<double>(cols) / static_cast<double>(m_units.layer(l).totalCols());
}

bool Estimator::maySpill(std::int32_t begin, std::int32_t end) const
{
    const std::size_t level = sparseLevel(begin, end);
    const std::vector<double>& t = m_bufferPerCrossbarMax[level];
    const double most = std::max(t[static_cast<std::size_t>(begin)],
                                 t[static_cast<std::size_t>(end) - (std::size_t{1} << level)]);
    const double staging = static_cast<double>(m_arch.crossbarBits() / 8);
    return staging + most * static_cast<double>(m_arch.crossbarsPerCore) >
           static_cast<double>(m_arch.localMemoryBytes);
}

std::vector<Estimator::StageSpill>
Estimator::spilledBytesPerInput(UnitSpan span, std::int32_t firstLayer, std::size_t layers,
                                const std::vector<LayerReplication>& replication,
                                std::optional<PartitionPlacement>* placed) const
{
    std::vector<StageSpill> spilled(layers);
    if (!maySpill(span.begin, span.end))
        return spilled;
    std::optional<PartitionPlacement> local;
    std::optional<PartitionPlacement>& placement = placed ? *placed : local;
    placement = placePartition(*m_problem, span, replication);
    if (!placement)
        return spilled;
    std::vector<LocalBuffer> buffers;
    allocatePartitionBuffers(*m_problem, 0, *placement, buffers);
    for (const StagePlacement& stage : placement->stages) {
        const auto i = static_cast<std::size_t>(stage.layer - firstLayer);
        if (stage.layer < firstLayer || i >= layers)
            continue;
        auto bytesIfSpilled = [&](std::int32_t b) {
            const LocalBuffer* buffer = b >= 0 ? &buffers[static_cast<std::size_t>(b)] : nullptr;
            return buffer && buffer->spilled ? buffer->bytesPerInput : 0.0;
        };
        for (const StageCoreWork& w : stage.cores) {
            spilled[i].inputBytes += bytesIfSpilled(w.inputBuffer);
            spilled[i].largestCoreInputBytes =
                std::max(spilled[i].largestCoreInputBytes, bytesIfSpilled(w.inputBuffer));
            spilled[i].outputBytes += bytesIfSpilled(w.outputBuffer);
        }
    }
    return spilled;
}

std::size_t Estimator::sparseLevel(std::int32_t begin, std::int32_t end)
{
    const auto length = static_cast<std::size_t>(end - begin);
    std::size_t level = 0;
    while ((std::size_t{2} << level) <= length)
        ++level;
    return level;
}

std::int32_t Estimator::moreVectors(std::int32_t x, std::int32_t y) const
{
    const LayerTiling& lx = m_units.layer(
        static_cast<std::size_t>(m_units.unit(static_cast<std::size_t>(x)).layerIndex));
    const LayerTiling& ly = m_units.layer(
        static_cast<std::size_t>(m_units.unit(static_cast<std::size_t>(y)).layerIndex));
    if (lx.vectorsPerInference != ly.vectorsPerInference)
        return lx.vectorsPerInference > ly.vectorsPerInference ? x : y;
    return lx.crossbars >= ly.crossbars ? x : y;
}

std::int32_t Estimator::unitOfMostVectors(std::int32_t begin, std::int32_t end) const
{
    const std::size_t level = sparseLevel(begin, end);
    const std::vector<std::int32_t>& t = m_mostVectors[level];
    return moreVectors(t[static_cast<std::size_t>(begin)],
                       t[static_cast<std::size_t>(end) - (std::size_t{1} << level)]);
}

CostFloor Estimator::partitionCostFloor(UnitSpan span) const
{
    const std::int32_t m = m_units.unitCount();
    if (span.begin < 0 || span.end > m || span.begin >= span.end)
        return {};
    const ArchSpec& a = m_arch;
    const double batch = static_cast<double>(m_problem->batchSize());
    const double tMvm = a.mvmLatencyNs();
    const double vfuBandwidth = static_cast<double>(a.vfuCount) * a.vfuThroughputGBps; // B/ns
    const double weightBits = static_cast<double>(a.weightBits);
    const double rowNs = static_cast<double>(a.crossbarRows) * a.writeLatencyPerRowNs;
    const double chipCrossbars = static_cast<double>(a.totalCrossbars());

    // Latency: as evaluate() with replication 1 for the writes, the cut tables' activations,
    // and a stage time no shorter than the slowest layer's MVMs (see the header).
    const double weightBytes = range(m_weights, span.begin, span.end) * weightBits / 8.0;
    const double weightLoadNs = weightBytes / a.dramBandwidthGBps;
    const double crossbars = range(m_crossbars, span.begin, span.end);
    const PartitionUnit& last = m_units.unit(static_cast<std::size_t>(span.end - 1));
    const double writeNs =
        std::max(static_cast<double>(last.crossbars) * rowNs,
                 std::ceil(crossbars / static_cast<double>(a.cores)) * rowNs - weightLoadNs);
    // The MVMs of one input: a layer with r copies takes ceil(v / r) MVM latencies, and the
    // copies of all layers fit the chip's crossbars, so the slowest layer takes at least the
    // activations over the chip's crossbars, and any layer at least ceil(v / r) for the most
    // copies the crossbars left by one copy of every other layer allow.
    const double activations = range(m_activations, span.begin, span.end);
    const bool replicate = m_problem->costing().replicate;
    double steps = activations / chipCrossbars;
    {
        const std::int32_t u = unitOfMostVectors(span.begin, span.end);
        const auto l =
            static_cast<std::size_t>(m_units.unit(static_cast<std::size_t>(u)).layerIndex);
        const std::int32_t x = std::max(span.begin, m_units.layerFirstUnit(l));
        const std::int32_t y = std::min(span.end, m_units.layerEndUnit(l));
        const double own = range(m_crossbars, x, y);
        const double copies =
            replicate ? std::max(1.0, std::floor((chipCrossbars - crossbars + own) / own)) : 1.0;
        const double v = static_cast<double>(m_units.layer(l).vectorsPerInference);
        steps = std::max(steps, std::ceil(v / copies));
    }
    const double stageNs = steps * tMvm;
    // The fill: no shorter than the slowest stage, nor than the span's piece of the heaviest
    // chain of first row blocks (buildFillChain), with k >= K = activations / chip crossbars.
    const auto l0 =
        static_cast<std::size_t>(m_units.unit(static_cast<std::size_t>(span.begin)).layerIndex);
    const auto l1 =
        static_cast<std::size_t>(m_units.unit(static_cast<std::size_t>(span.end - 1)).layerIndex);
    const double k = std::max(1.0, std::ceil(activations / chipCrossbars));
    double chainNs = 0.0;
    for (const FillChainClass& c : m_fillChain) {
        const double shares = c.sharePrefix[l1 + 1] - c.sharePrefix[l0];
        chainNs += shares * (replicate ? c.vectors * k / (c.vectors + k) : c.vectors);
    }
    chainNs *= tMvm;
    const double fillNs = std::max(stageNs, chainNs);
    const double psumCrossBytes =
        span.end - 1 > span.begin ? range(m_psumOutBytes, span.begin, span.end - 1) : 0.0;
    const double periodNs = std::max(stageNs, psumCrossBytes / a.busBandwidthGBps);
    const double entryBytes = m_entryFloorBytes[static_cast<std::size_t>(span.begin)];
    const double exitBytes = m_exitFloorBytes[static_cast<std::size_t>(span.end)];
    const double loadNs = entryBytes / a.dramBandwidthGBps;
    const double storeNs = exitBytes / a.dramBandwidthGBps;
    const double pipelinedNs =
        std::max({loadNs + fillNs + (batch - 1.0) * periodNs + storeNs,
                  batch * loadNs + fillNs + storeNs, batch * (loadNs + storeNs)});
    CostFloor floor;
    floor.latencyNs = weightLoadNs + writeNs + pipelinedNs;

    // Energy: evaluate()'s sums, with the bus, writes, DRAM and control at these floors.
    const double vfuBytes = range(m_vfuBytes, span.begin, span.end);
    const double vfuBusyNs = batch * vfuBytes / vfuBandwidth;
    const double activationBytes = batch * (entryBytes + exitBytes);
    const double dramBusyNs = (weightBytes + activationBytes) / a.dramBandwidthGBps;
    const double controlBusyNs =
        batch * activations * tMvm / static_cast<double>(a.crossbarsPerCore) + vfuBusyNs +
        crossbars * rowNs + batch * psumCrossBytes / a.busBandwidthGBps;
    floor.energyPj =
        batch * (range(m_conversions, span.begin, span.end) * a.adcEnergyPerConversionPj +
                 activations * tMvm * a.crossbarReadPowerMw) +
        vfuBusyNs * a.vfuPowerMw +
        batch * range(m_localBytes, span.begin, span.end) / a.localMemoryBandwidthGBps *
            a.localMemoryPowerMw +
        batch * psumCrossBytes * 8.0 * a.busEnergyPjPerBit +
        range(m_weights, span.begin, span.end) * weightBits * a.writeEnergyPerBitPj +
        (weightBytes + activationBytes) * 8.0 * a.dramEnergyPjPerBit +
        dramBusyNs * (a.dramBackgroundPowerMw + a.dramRefreshPowerMw) +
        controlBusyNs * a.controlPowerMw + floor.latencyNs * a.staticPowerMw;
    return floor;
}

bool Estimator::overlapsPartitions() const
{
    return m_problem->costing().earlyReplacement;
}

double Estimator::overlapCapNs(std::int32_t cut) const
{
    if (!overlapsPartitions() || cut < 0 || cut >= m_units.unitCount())
        return 0.0;
    // evaluate()'s T_W of the longest span.
    return weightLoadNs(range(m_weights, cut, std::max(cut + 1, m_validity.endMax(cut))));
}

double Estimator::latencyLessSlackFloorNs(UnitSpan span) const
{
    if (span.begin < 0 || span.end > m_units.unitCount() || span.begin >= span.end)
        return 0.0;
    // No core's slack is longer than the channel's idle time (replacementProfile): the latency
    // less T_W and the batch's activation traffic, at least its entry and exit floors.
    const double batch = static_cast<double>(m_problem->batchSize());
    return weightLoadNs(range(m_weights, span.begin, span.end)) +
           batch *
               (m_entryFloorBytes[static_cast<std::size_t>(span.begin)] +
                m_exitFloorBytes[static_cast<std::size_t>(span.end)]) /
               m_arch.dramBandwidthGBps;
}

ReplacementProfile Estimator::replacementProfile(UnitSpan span) const
{
    ReplacementProfile profile;
    if (!overlapsPartitions() || span.begin < 0 || span.end > m_units.unitCount() ||
        span.begin >= span.end || !m_validity.isValid(span.begin, span.end))
        return profile;
    StageTimes times;
    const PartitionCost cost = evaluate(span, false, nullptr, &times);
    // Where the scheduler puts every copy (placeCopies, as placePartition does): a stage's
    // cores are those of its layer's copies.
    std::optional<PartitionPlacement> placement = std::move(times.placement);
    if (!placement)
        placement = placeCopies(m_units, m_arch, span, cost.replication);
    if (!placement)
        return profile;
    const ArchSpec& a = m_arch;
    profile.staticPowerMw = a.staticPowerMw;
    // As the previous partition: the channel is idle after its weight loads for the latency
    // left once its own activation traffic is served; a core is free once its last stage has
    // passed the batch's last input. (A load may then delay an exit store, but the next
    // partition reads that exit only after its own weights are written.) Scratch vectors are
    // per thread: the exact search asks for hundreds of thousands of profiles.
    const double totalNs = cost.latencyNs();
    const double idleNs = std::max(0.0, totalNs - cost.latency.weightLoadNs - times.dramActivityNs);
    // Stage i is replication entry i, in layer order as evaluate() walks them.
    const std::size_t stages = std::min(cost.replication.size(), times.stageEndNs.size());
    thread_local std::vector<std::int32_t> stageOfLayer;
    stageOfLayer.assign(static_cast<std::size_t>(m_units.layerCount()), -1);
    for (std::size_t i = 0; i < stages; ++i)
        stageOfLayer[static_cast<std::size_t>(cost.replication[i].layerIndex)] =
            static_cast<std::int32_t>(i);
    // A stage that produces an exit tensor stores it from its cores after its last block (the
    // span's partial sums from its last unit's): those cores are busy that much longer.
    const Graph& graph = m_problem->graph();
    const std::int32_t firstStageLayer =
        cost.replication.empty() ? 0 : cost.replication.front().layerIndex;
    thread_local std::vector<double> slackOfStage;
    slackOfStage.assign(stages, 0.0);
    for (const BoundaryTensor& e : m_io.spanIo(span.begin, span.end).exits) {
        std::int32_t layer = m_units.unit(static_cast<std::size_t>(span.end - 1)).layerIndex;
        if (e.kind == BoundaryTensor::Kind::Activation) {
            const NodeId producer = graph.tensor(e.tensor).producer;
            if (!producer.isValid())
                continue;
            layer = m_units.placement(producer).ownerLayer;
        }
        const auto i = static_cast<std::size_t>(layer - firstStageLayer);
        if (layer >= firstStageLayer && i < stages)
            slackOfStage[i] += e.bytes / a.dramBandwidthGBps; // the stores, for now
    }
    for (std::size_t i = 0; i < stages; ++i) {
        const double doneNs = times.lastInputOriginNs + times.stageEndNs[i] + slackOfStage[i];
        slackOfStage[i] = std::clamp(totalNs - doneNs, 0.0, idleNs);
    }
    // A core's slack is that of its latest stage (the smallest).
    const auto coresUsed = static_cast<std::size_t>(placement->coresUsed);
    thread_local std::vector<double> slackOfCore;
    slackOfCore.assign(coresUsed, std::numeric_limits<double>::infinity());
    for (const UnitCopyPlacement& c : placement->copies) {
        const std::int32_t st = stageOfLayer[static_cast<std::size_t>(
            m_units.unit(static_cast<std::size_t>(c.unit)).layerIndex)];
        const auto core = static_cast<std::size_t>(c.core);
        if (st >= 0 && core < coresUsed)
            slackOfCore[core] =
                std::min(slackOfCore[core], slackOfStage[static_cast<std::size_t>(st)]);
    }
    for (double& slack : slackOfCore) // a core holding no stage's copy waits for nothing
        slack = std::min(slack, idleNs);
    for (std::int32_t core : placement->coreOfAttentionPiece) // written per input: busy to the end
        if (static_cast<std::size_t>(core) < coresUsed)
            slackOfCore[static_cast<std::size_t>(core)] = 0.0;
    // Levels: the distinct slacks, largest first (the idle cores' is the largest).
    profile.slackLevels.assign(slackOfCore.begin(), slackOfCore.end());
    profile.slackLevels.push_back(idleNs);
    std::sort(profile.slackLevels.begin(), profile.slackLevels.end(), std::greater<>());
    profile.slackLevels.erase(std::unique(profile.slackLevels.begin(), profile.slackLevels.end()),
                              profile.slackLevels.end());
    const auto levelOf = [&](double slack) {
        return static_cast<std::int32_t>(std::lower_bound(profile.slackLevels.begin(),
                                                          profile.slackLevels.end(), slack,
                                                          std::greater<>()) -
                                         profile.slackLevels.begin());
    };
    profile.coreLevel.reserve(coresUsed);
    for (double slack : slackOfCore)
        profile.coreLevel.push_back(levelOf(slack));
    profile.idleLevel = levelOf(idleNs);
    // No successor hides more than if every core of the chip waited for a full core's worth of
    // weights (its crossbars at the densest unit's weights per crossbar): a core's loads are
    // those of the weights it holds, and the one channel hides the least of them when it
    // serves the cores in order of slack, min over i of (i-th largest slack + i - 1 loads).
    {
        const double coreLoadNs =
            weightLoadNs(static_cast<double>(a.crossbarsPerCore) * m_weightsPerCrossbar);
        thread_local std::vector<std::int64_t> coresAtLevel;
        coresAtLevel.assign(profile.slackLevels.size(), 0);
        for (std::int32_t level : profile.coreLevel)
            ++coresAtLevel[static_cast<std::size_t>(level)];
        const auto chipCores =
            std::max<std::int64_t>(a.cores, static_cast<std::int64_t>(coresUsed));
        coresAtLevel[static_cast<std::size_t>(profile.idleLevel)] +=
            chipCores - static_cast<std::int64_t>(coresUsed);
        double most = static_cast<double>(chipCores) * coreLoadNs;
        std::int64_t before = 0;
        for (std::size_t r = 0; r < coresAtLevel.size(); ++r) {
            if (coresAtLevel[r] == 0)
                continue;
            most =
                std::min(most, profile.slackLevels[r] + static_cast<double>(before) * coreLoadNs);
            before += coresAtLevel[r];
        }
        profile.maxSlackNs = std::min(profile.slackLevels.front(), most);
    }
    profile.busySlackNs =
        slackOfCore.empty() ? 0.0 : *std::max_element(slackOfCore.begin(), slackOfCore.end());
    // As the next partition: one load per unit, waiting for the cores of all its copies; the
    // loads of one core set summed (a unit with one copy waits for one core).
    thread_local std::vector<double> onCore; // one-copy loads per core
    onCore.clear();
    profile.loadFromCore.clear(); // by each load's first core, summed from the end below
    std::map<std::vector<std::int32_t>, double> onCoreSet; // the others per sorted core set
    thread_local std::vector<std::int32_t> cores;
    for (std::size_t k = 0; k < placement->copies.size();) {
        const std::int32_t unit = placement->copies[k].unit;
        const double ns =
            weightLoadNs(static_cast<double>(m_units.unit(static_cast<std::size_t>(unit)).weights));
        cores.clear();
        for (; k < placement->copies.size() && placement->copies[k].unit == unit; ++k)
            cores.push_back(placement->copies[k].core);
        std::sort(cores.begin(), cores.end());
        cores.erase(std::unique(cores.begin(), cores.end()), cores.end());
        const auto first = static_cast<std::size_t>(cores.front());
        if (profile.loadFromCore.size() < static_cast<std::size_t>(cores.back()) + 2)
            profile.loadFromCore.resize(static_cast<std::size_t>(cores.back()) + 2, 0.0);
        profile.loadFromCore[first] += ns;
        if (cores.size() == 1) {
            const auto c = static_cast<std::size_t>(cores.front());
            if (onCore.size() <= c)
                onCore.resize(c + 1, 0.0);
            onCore[c] += ns;
        } else {
            onCoreSet[cores] += ns;
        }
        profile.totalLoadNs += ns;
    }
    const auto addLoad = [&](double ns, const std::int32_t* first, const std::int32_t* last) {
        profile.loadNs.push_back(ns);
        profile.loadCores.insert(profile.loadCores.end(), first, last);
        profile.coreBegin.push_back(static_cast<std::int32_t>(profile.loadCores.size()));
    };
    profile.loadNs.reserve(onCore.size() + onCoreSet.size());
    profile.coreBegin.reserve(onCore.size() + onCoreSet.size() + 1);
    profile.loadCores.reserve(placement->copies.size());
    profile.coreBegin.push_back(0);
    for (std::size_t c = 0; c < onCore.size(); ++c) {
        if (onCore[c] > 0.0) {
            const auto core = static_cast<std::int32_t>(c);
            addLoad(onCore[c], &core, &core + 1);
        }
    }
    for (const auto& [set, ns] : onCoreSet)
        addLoad(ns, set.data(), set.data() + set.size());
    for (std::size_t c = profile.loadFromCore.size(); c-- > 1;)
        profile.loadFromCore[c - 1] += profile.loadFromCore[c];
    return profile;
}

PartitionCost Estimator::partitionCost(UnitSpan span) const
{
    return evaluate(span, false);
}

PartitionCost Estimator::partitionCostLowerBound(UnitSpan span, bool* isExact) const
{
    return evaluate(span, true, isExact);
}

PartitionCost Estimator::evaluate(UnitSpan span, bool lowerBound, bool* isExact,
                                  StageTimes* times) const
{
    PartitionCost cost;
    cost.span = span;
    const std::int32_t m = m_units.unitCount();
    if (span.begin < 0 || span.end > m || span.begin >= span.end) {
        cost.valid = false;
        cost.failure = PackingFailure::CrossbarCount;
        return cost;
    }
    cost.valid = m_validity.isValid(span.begin, span.end);
    if (!cost.valid)
        cost.failure = m_validity.failure(span.begin);

    const ArchSpec& a = m_arch;
    const double batch = static_cast<double>(m_problem->batchSize());
    const double tMvm = a.mvmLatencyNs();
    const double vfuBandwidth = static_cast<double>(a.vfuCount) * a.vfuThroughputGBps; // B/ns
    const double weightBits = static_cast<double>(a.weightBits);

    Replication rep;
    if (cost.valid && m_problem->costing().replicate)
        rep = solveReplication(m_units, span.begin, span.end);
    if (rep.layers.empty()) {
        const std::int32_t l0 = m_units.unit(static_cast<std::size_t>(span.begin)).layerIndex;
        const std::int32_t l1 = m_units.unit(static_cast<std::size_t>(span.end - 1)).layerIndex;
        for (std::int32_t l = l0; l <= l1; ++l) {
            rep.layers.push_back(l);
            rep.factors.push_back(1);
        }
        rep.packing = packUnitSpan(m_units, span.begin, span.end);
    }

    // The issue port (docs/cost-model.md, "Issue interval"): a core starts one crossbar MVM
    // per interval, so per input it is busy interval x the activations of every unit copy the
    // scheduler's best-fit placement puts on it, whatever layer they belong to. A layer's MVMs
    // on a core last at least that long; its stage waits for its busiest core.
    std::vector<double> portNsOfLayer;
    std::vector<double> ownPortNsOfLayer; // the layer's own activations only (the fill)
    if (a.mvmIssueIntervalNs > 0.0 && !rep.layers.empty() && !lowerBound) {
        std::vector<std::int32_t> factorOfLayer(static_cast<std::size_t>(m_units.layerCount()), 1);
        for (std::size_t i = 0; i < rep.layers.size(); ++i)
            factorOfLayer[static_cast<std::size_t>(rep.layers[i])] = rep.factors[i];
        std::vector<std::int64_t> sizes;
        std::vector<std::int64_t> activations;
        std::vector<std::int32_t> layerOfCopy;
        for (std::int32_t u = span.begin; u < span.end; ++u) {
            const PartitionUnit& unit = m_units.unit(static_cast<std::size_t>(u));
            const std::int32_t r = factorOfLayer[static_cast<std::size_t>(unit.layerIndex)];
            const std::int64_t v =
                m_units.layer(static_cast<std::size_t>(unit.layerIndex)).vectorsPerInference;
            for (std::int32_t k = 0; k < r; ++k) {
                sizes.push_back(unit.crossbars);
                activations.push_back((v / r + (k < v % r ? 1 : 0)) * unit.crossbars);
                layerOfCopy.push_back(unit.layerIndex);
            }
        }
        // Activation MatMul operand pieces: placed after the copies, in the order
        // placementSizes gives the scheduler; their MVMs hold the port of their core too.
        for (std::int32_t q = m_units.attentionPieceBegin(span.begin);
             q < m_units.attentionPieceBegin(span.end); ++q) {
            const AttentionPiece& piece = m_units.attentionPieces()[static_cast<std::size_t>(q)];
            const AttentionMapping& am =
                m_units.attention()[static_cast<std::size_t>(piece.matmul)];
            sizes.push_back(piece.crossbars);
            activations.push_back(am.rows * piece.crossbars);
            layerOfCopy.push_back(-1);
        }
        const std::vector<std::int32_t> coreOf =
            placeBestFitDecreasing(sizes, a.cores, a.crossbarsPerCore);
        const std::size_t layers = static_cast<std::size_t>(m_units.layerCount());
        portNsOfLayer.assign(layers, 0.0);
        ownPortNsOfLayer.assign(layers, 0.0);
        if (!coreOf.empty()) {
            const std::size_t cores = static_cast<std::size_t>(a.cores);
            std::vector<double> portNs(cores, 0.0);
            std::vector<double> ownNs(cores * layers, 0.0); // [core x layers + layer]
            for (std::size_t c = 0; c < coreOf.size(); ++c) {
                const double ns = static_cast<double>(activations[c]) * a.mvmIssueIntervalNs;
                const std::size_t core = static_cast<std::size_t>(coreOf[c]);
                portNs[core] += ns;
                if (layerOfCopy[c] >= 0)
                    ownNs[core * layers + static_cast<std::size_t>(layerOfCopy[c])] += ns;
            }
            for (std::size_t c = 0; c < coreOf.size(); ++c) {
                if (layerOfCopy[c] < 0)
                    continue;
                const std::size_t core = static_cast<std::size_t>(coreOf[c]);
                const std::size_t layer = static_cast<std::size_t>(layerOfCopy[c]);
                portNsOfLayer[layer] = std::max(portNsOfLayer[layer], portNs[core]);
                ownPortNsOfLayer[layer] =
                    std::max(ownPortNsOfLayer[layer], ownNs[core * layers + layer]);
            }
        }
    }

    // Per-layer pipeline stages, and the fill: each stage's row blocks, in order, start once
    // the producer blocks their windows need are available (parallel branches overlap); the
    // fill is the time the last block of the input is available, once with and once without
    // the bus transfers on the path. At layer granularity every stage is one block.
    const std::int32_t firstLayer = rep.layers.empty() ? 0 : rep.layers.front();
    const std::size_t n = rep.layers.size();
    const RowBlocking blocking{a.streamingRowsPerBlock()};
    std::vector<std::size_t> blockOffset(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        blockOffset[i + 1] =
            blockOffset[i] +
            static_cast<std::size_t>(m_stages[static_cast<std::size_t>(rep.layers[i])].blocks);
    // [k]: available with bus, [blocks + k]: without, per block k of the span's stages.
    std::vector<double> availNs(2 * blockOffset[n], 0.0);
    const std::size_t noBus = blockOffset[n];
    double fillNs = 0.0;
    double fillNoBusNs = 0.0;
    double maxStageNs = 0.0;
    double crossbarsWritten = 0.0;
    double writtenWeights = 0.0;
    // Spilled line buffers: each block's share goes to DRAM and back on the one channel, the
    // input buffers' round trips before the core's MVMs, the output buffers' after them.
    // A span that cannot spill on a chip without an issue interval: the bound is the cost.
    const bool boundIsCost =
        lowerBound && !(a.mvmIssueIntervalNs > 0.0) && !maySpill(span.begin, span.end);
    if (isExact)
        *isExact = !lowerBound || boundIsCost;
    cost.replication.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        cost.replication.push_back(LayerReplication{rep.layers[i], rep.factors[i]});
    const std::vector<StageSpill> spills =
        cost.valid && !lowerBound ? spilledBytesPerInput(span, firstLayer, n, cost.replication,
                                                         times ? &times->placement : nullptr)
                                  : std::vector<StageSpill>(n);
    std::vector<double> attentionEnd; // per owned activation MatMul on crossbars: block ends
    // Per stage of the span owning MatMuls on crossbars, or streaming its operators in finer
    // blocks than its layer (opSub): when each of those blocks ends.
    std::vector<std::vector<double>> chainEnds(m_opChains ? n : 0);
    double spillBytes = 0.0;        // per input
    double firstSpillReadyNs = 0.0; // when input 0's first round trip is ready (fill clock)
    bool spilling = false;
    double firstBusReadyNs = -1.0; // when input 0's first bus transfer may start (fill clock)
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t l = static_cast<std::size_t>(rep.layers[i]);
        const StageNode& stage = m_stages[l];
        const std::int32_t r = rep.factors[i];
        const std::int32_t x = std::max(span.begin, m_units.layerFirstUnit(l));
        const std::int32_t y = std::min(span.end, m_units.layerEndUnit(l));
        const std::int64_t vec = m_units.layer(l).vectorsPerInference;
        // Steady state: the whole core's port time; fill: the layer's own issues (layers that
        // share a core mostly run at different times while one input fills the pipeline).
        const double crossbarNs = static_cast<double>((vec + r - 1) / r) * tMvm;
        const double mvmNs = std::max(crossbarNs, portNsOfLayer.empty() ? 0.0 : portNsOfLayer[l]);
        const double fillMvmNs =
            std::max(crossbarNs, ownPortNsOfLayer.empty() ? 0.0 : ownPortNsOfLayer[l]);
        const double opBytes = range(m_opBytes, x, y);
        const double psumBytes = range(m_vfuBytes, x, y) - opBytes;
        // Partial-sum adds run on the VFUs of the cores holding the layer's unit copies: BFD
        // puts floor(K / s) copies of s crossbars on a core. The owned operators run on one.
        const double units = static_cast<double>(y - x);
        const double copies = static_cast<double>(r) * units;
        const double unitCrossbars = std::ceil(range(m_crossbars, x, y) / units);
        const double copiesPerCore =
            std::max(1.0, std::floor(static_cast<double>(a.crossbarsPerCore) / unitCrossbars));
        const double layerCores = std::ceil(copies / copiesPerCore);
        const double vfuNs = (psumBytes / layerCores + opBytes) / vfuBandwidth;
        const double inSpillNs = 2.0 * spills[i].inputBytes / a.dramBandwidthGBps;
        const double outSpillNs = 2.0 * spills[i].outputBytes / a.dramBandwidthGBps;
        // Each core's round trip precedes only its own MVMs, and the channel serves the
        // stage's cores one after another: per input the stage takes the longer of the two.
        const double coreInSpillNs = 2.0 * spills[i].largestCoreInputBytes / a.dramBandwidthGBps;
        const double stageNs = std::max({mvmNs + coreInSpillNs, inSpillNs, vfuNs});
        maxStageNs = std::max(maxStageNs, stageNs);
        double busOutBytes = 0.0;
        for (const StageTensor& t : stage.tensors) {
            if (t.firstConsumerUnit >= span.end)
                continue;
            if (t.anchorUnit < 0)
                busOutBytes += t.bytes * fractionProduced(l, x, y);
            else if (t.anchorUnit >= span.begin && t.anchorUnit < span.end)
                busOutBytes += t.bytes;
        }
        // Partial sums between row chunks of a column block inside the span cross the bus
        // (sent after the MVMs, added on the receiving core).
        const std::int32_t sendEnd = std::min(y, span.end - 1);
        const double psumSendNs =
            sendEnd > x ? range(m_psumOutBytes, x, sendEnd) / a.busBandwidthGBps : 0.0;
        const double mvmPathNs = inSpillNs + fillMvmNs + psumBytes / layerCores / vfuBandwidth;
        const double opNs = opBytes / vfuBandwidth;
        const double busOutNs = busOutBytes / a.busBandwidthGBps;
        // The MVMs of a block wait for the layer's inputs; the owned operators (after the
        // MVMs) also for theirs, e.g. a Concat joining a parallel branch.
        // The earlier stage whose MatMul blocks this stage's MatMuls follow (in the span).
        const std::int32_t attentionFrom =
            stage.attentionFrom >= firstLayer &&
                    !chainEnds[static_cast<std::size_t>(stage.attentionFrom - firstLayer)].empty()
                ? stage.attentionFrom
                : -1;
        auto latest = [&](bool ofOwnedOperator, std::int64_t block, double& withBus,
                          double& withoutBus) {
            for (const StageEdge& e : stage.edges) {
                if (e.ofOwnedOperator != ofOwnedOperator || e.predecessor < firstLayer)
                    continue;
                if (ofOwnedOperator && e.predecessor == attentionFrom)
                    continue; // the MatMul chain follows its blocks (below)
                const std::size_t k =
                    blockOffset[static_cast<std::size_t>(e.predecessor - firstLayer)] +
                    static_cast<std::size_t>(e.neededBlock[static_cast<std::size_t>(block)]);
                withBus = std::max(withBus, availNs[k]);
                withoutBus = std::max(withoutBus, availNs[noBus + k]);
            }
        };
        double mvmEnd = 0.0;
        double mvmEndNoBus = 0.0;
        double psumEnd = 0.0;
        double opEnd = 0.0;
        double opEndNoBus = 0.0;
        double busEnd = 0.0;
        auto shareOf = [&](std::int64_t b) {
            return static_cast<double>(blocking.blockBegin(stage.rows, b + 1) -
                                       blocking.blockBegin(stage.rows, b)) /
                   static_cast<double>(stage.rows);
        };
        // An owned activation MatMul reading an operand this stage produces (and so every
        // owned operator after the MVMs) waits for the stage's last block: the MVM chain,
        // which does not depend on the operators, is walked once first to find when.
        double barrier = 0.0;
        double barrierNoBus = 0.0;
        if (stage.opsWaitForLastBlock) {
            double end = 0.0;
            double endNoBus = 0.0;
            double psum = 0.0;
            for (std::int64_t b = 0; b < stage.blocks; ++b) {
                const double share = shareOf(b);
                latest(false, b, end, endNoBus);
                end += mvmPathNs * share;
                endNoBus += mvmPathNs * share;
                psum = std::max(psum, end + outSpillNs * share) + psumSendNs * share;
            }
            barrier = psum;
            barrierNoBus = endNoBus + outSpillNs * shareOf(stage.blocks - 1);
        }
        // Activation MatMuls on crossbars owned by the stage: each one's crossbars are a
        // resource of the operators' path after the VFU work, which takes the blocks in turn
        // (Q·Kᵀ of block b + 1 runs while A·V takes block b); each operand is written, in
        // parallel on its cores, before its first block.
        const AttentionSpanWork attention = attentionWork(x, y);
        const std::int32_t firstMatMul =
            m_attentionBegin.empty() ? 0 : m_attentionBegin[static_cast<std::size_t>(x)];
        const std::int32_t endMatMul =
            m_attentionBegin.empty() ? 0 : m_attentionBegin[static_cast<std::size_t>(y)];
        attentionEnd.assign(2 * static_cast<std::size_t>(endMatMul - firstMatMul), 0.0);
        // The MatMuls stream their own output rows: a stage block is `sub` of their blocks; so
        // do the operators on the VFUs (attention scores stream rows the projections lack).
        std::int64_t sub = stage.opSub;
        for (std::int32_t k = firstMatMul; k < endMatMul; ++k)
            sub =
                std::max(sub, (m_attention[static_cast<std::size_t>(k)].blocks + stage.blocks - 1) /
                                  stage.blocks);
        for (std::int64_t b = 0; b < stage.blocks; ++b) {
            const double share = shareOf(b);
            double start = mvmEnd;
            double startNoBus = mvmEndNoBus;
            latest(false, b, start, startNoBus);
            mvmEnd = start + mvmPathNs * share;
            mvmEndNoBus = startNoBus + mvmPathNs * share;
            if (b == 0 && (inSpillNs > 0.0 || outSpillNs > 0.0)) {
                const double ready = inSpillNs > 0.0 ? start : mvmEnd;
                firstSpillReadyNs = spilling ? std::min(firstSpillReadyNs, ready) : ready;
                spilling = true;
            }
            // Every transfer of a stage (partial sums, outputs) follows its block's MVMs.
            if (b == 0 && (psumSendNs > 0.0 || busOutNs > 0.0))
                firstBusReadyNs =
                    firstBusReadyNs < 0.0 ? mvmEnd : std::min(firstBusReadyNs, mvmEnd);
            psumEnd = std::max(psumEnd, mvmEnd + outSpillNs * share) + psumSendNs * share;
            double ops = std::max({psumEnd, opEnd, barrier});
            double opsNoBus =
                std::max({mvmEndNoBus + outSpillNs * share, opEndNoBus, barrierNoBus});
            latest(true, b, ops, opsNoBus);
            const double subShare = share / static_cast<double>(sub);
            // On the VFUs, the operators of a stage that follows another's (attentionFrom)
            // take their blocks in turn, each after the block of that stage's operators it
            // reads; a stage others follow records when each of its blocks ends.
            const bool vfuChain = firstMatMul == endMatMul && sub > 1 && !chainEnds.empty();
            if (vfuChain && attentionFrom >= 0) {
                const std::vector<double>& from =
                    chainEnds[static_cast<std::size_t>(attentionFrom - firstLayer)];
                for (std::int64_t j = 0; j < sub; ++j) {
                    const double ready =
                        from[std::min(from.size() - 1, static_cast<std::size_t>(b * sub + j))];
                    ops = std::max(ops, ready) + opNs * subShare;
                    opsNoBus = std::max(opsNoBus, ready) + opNs * subShare;
                    chainEnds[i].push_back(ops);
                }
                opEnd = ops;
                opEndNoBus = opsNoBus;
            } else {
                for (std::int64_t j = 0; vfuChain && j < sub; ++j)
                    chainEnds[i].push_back(ops + opNs * subShare * static_cast<double>(j + 1));
                opEnd = ops + opNs * share;
                opEndNoBus = opsNoBus + opNs * share;
            }
            double pathEnd = opEnd;
            double pathEndNoBus = opEndNoBus;
            for (std::int32_t k = firstMatMul; b == 0 && k < endMatMul; ++k) {
                const double writeNs = m_attention[static_cast<std::size_t>(k)].writeNs;
                attentionEnd[2 * static_cast<std::size_t>(k - firstMatMul)] = ops + writeNs;
                attentionEnd[2 * static_cast<std::size_t>(k - firstMatMul) + 1] =
                    opsNoBus + writeNs;
            }
            for (std::int64_t j = 0; firstMatMul < endMatMul && j < sub; ++j) {
                double t = opEnd;
                double tNoBus = opEndNoBus;
                if (attentionFrom >= 0) {
                    const std::vector<double>& from =
                        chainEnds[static_cast<std::size_t>(attentionFrom - firstLayer)];
                    const double ready =
                        from[std::min(from.size() - 1, static_cast<std::size_t>(b * sub + j))];
                    t = std::max(t, ready);
                    tNoBus = std::max(tNoBus, ready);
                }
                for (std::int32_t k = firstMatMul; k < endMatMul; ++k) {
                    const double ns = m_attention[static_cast<std::size_t>(k)].mvmNs * subShare;
                    double& end = attentionEnd[2 * static_cast<std::size_t>(k - firstMatMul)];
                    double& endNoBus =
                        attentionEnd[2 * static_cast<std::size_t>(k - firstMatMul) + 1];
                    end = std::max(end, t) + ns;
                    endNoBus = std::max(endNoBus, tNoBus) + ns;
                    t = end;
                    tNoBus = endNoBus;
                }
                pathEnd = t;
                pathEndNoBus = tNoBus;
                if (!chainEnds.empty())
                    chainEnds[i].push_back(t);
            }
            busEnd = std::max(busEnd, pathEnd) + busOutNs * share;
            availNs[blockOffset[i] + static_cast<std::size_t>(b)] = busEnd;
            availNs[noBus + blockOffset[i] + static_cast<std::size_t>(b)] = pathEndNoBus;
            fillNoBusNs = std::max(fillNoBusNs, pathEndNoBus);
        }
        maxStageNs = std::max(maxStageNs, attention.periodNs);
        fillNs = std::max(fillNs, busEnd);
        if (times)
            times->stageEndNs.push_back(busEnd);
        fillNoBusNs = std::max(fillNoBusNs, opEndNoBus);
        spillBytes += spills[i].inputBytes + spills[i].outputBytes;
        crossbarsWritten += static_cast<double>(r) * range(m_crossbars, x, y);
        writtenWeights += static_cast<double>(r) * range(m_weights, x, y);
    }

    const SpanIoBytes io = m_io.spanBytes(span.begin, span.end);
    const double weightBytes = range(m_weights, span.begin, span.end) * weightBits / 8.0;
    const double busBytes = io.internalBytes + io.crossCorePartialSumBytes;
    const double busNsPerInference = busBytes / a.busBandwidthGBps;

    // Weights: units are written as their weights arrive, so only the last unit's writes (its
    // copies that share one core) follow the load, unless the writes themselves, spread
    // evenly over the cores, take longer than the load.
    LatencyParts& lat = cost.latency;
    const double rowNs = static_cast<double>(a.crossbarRows) * a.writeLatencyPerRowNs;
    lat.weightLoadNs = weightBytes / a.dramBandwidthGBps;
    {
        const PartitionUnit& last = m_units.unit(static_cast<std::size_t>(span.end - 1));
        const std::int64_t lastFactor = n > 0 ? rep.factors.back() : 1;
        const std::int64_t perCore = std::max<std::int64_t>(
            1, a.crossbarsPerCore / std::max<std::int64_t>(1, last.crossbars));
        const double tailNs =
            static_cast<double>(last.crossbars * std::min(lastFactor, perCore)) * rowNs;
        const double evenNs = std::ceil(crossbarsWritten / static_cast<double>(a.cores)) * rowNs;
        lat.crossbarWriteNs = std::max(tailNs, evenNs - lat.weightLoadNs);
    }

    // Activations on the one DRAM channel: every input's entries are ready when the partition
    // is configured, so all B loads are served first (FIFO by ready time) while earlier inputs
    // compute; spill round trips and exit stores become ready later and queue behind them.
    const double loadNs = io.entryBytes / a.dramBandwidthGBps;     // per input
    const double storeNs = io.exitBytes / a.dramBandwidthGBps;     // per input
    const double spillNs = 2.0 * spillBytes / a.dramBandwidthGBps; // per input
    const double periodNs = std::max(maxStageNs, busNsPerInference);
    // Input 0's first spill waits for the loads of inputs 1 .. B - 1.
    const double spillWaitNs =
        spilling ? std::max(0.0, (batch - 1.0) * loadNs - firstSpillReadyNs) : 0.0;
    const double pipelinedNs = loadNs + spillWaitNs + fillNs + (batch - 1.0) * periodNs + storeNs;
    const double loadBoundNs = batch * loadNs + fillNs + storeNs;
    // After the loads the channel still carries every spill round trip and store.
    const double firstAfterLoadsNs = spilling ? std::min(fillNs, firstSpillReadyNs) : fillNs;
    // (A lower bound takes the floor of this bound over any spills: with spills its first
    // term may start earlier, but the channel still carries every load and store.)
    const double storeBoundNs =
        lowerBound && !boundIsCost
            ? batch * (loadNs + storeNs)
            : std::max(loadNs + firstAfterLoadsNs, batch * loadNs) + batch * (spillNs + storeNs);
    lat.activationLoadNs = loadNs + spillWaitNs;
    lat.computeNs = fillNoBusNs + (batch - 1.0) * maxStageNs;
    lat.busNs = (fillNs - fillNoBusNs) + (batch - 1.0) * (periodNs - maxStageNs);
    lat.activationStoreNs = storeNs;
    if (loadBoundNs > pipelinedNs && loadBoundNs >= storeBoundNs)
        lat.activationLoadNs += loadBoundNs - pipelinedNs;
    else if (storeBoundNs > pipelinedNs)
        lat.activationStoreNs += storeBoundNs - pipelinedNs;
    // The one bus carries every input's transfers, B x T_bus, none before input 0's entry is
    // loaded and its first stage's first block has computed. The fill times each stage's
    // transfers as if it had a bus of its own, so at small B this bound can exceed it.
    const double busBoundNs =
        firstBusReadyNs >= 0.0 ? loadNs + firstBusReadyNs + batch * busNsPerInference : 0.0;
    const double activationNs = std::max({pipelinedNs, loadBoundNs, storeBoundNs});
    if (busBoundNs > activationNs)
        lat.busNs += busBoundNs - activationNs;
    if (times) {
        times->lastInputOriginNs = lat.weightLoadNs + lat.crossbarWriteNs + loadNs + spillWaitNs +
                                   (batch - 1.0) * periodNs;
        times->dramActivityNs = batch * (loadNs + storeNs + spillNs);
    }

    EnergyParts& e = cost.energy;
    const double activations = range(m_activations, span.begin, span.end);
    e.mvmPj = batch * (range(m_conversions, span.begin, span.end) * a.adcEnergyPerConversionPj +
                       activations * tMvm * a.crossbarReadPowerMw);
    const double vfuBytes = range(m_vfuBytes, span.begin, span.end);
    const double vfuBusyNs = batch * vfuBytes / vfuBandwidth; // summed over the cores
    e.vfuPj = vfuBusyNs * a.vfuPowerMw;
    e.localMemoryPj = batch * range(m_localBytes, span.begin, span.end) /
                      a.localMemoryBandwidthGBps * a.localMemoryPowerMw;
    e.busPj = batch * busBytes * 8.0 * a.busEnergyPjPerBit;
    cost.writtenBits = writtenWeights * weightBits;
    e.crossbarWritePj = cost.writtenBits * a.writeEnergyPerBitPj;
    e.dramWeightPj = weightBytes * 8.0 * a.dramEnergyPjPerBit;
    cost.dramWeightBytes = weightBytes;
    cost.dramActivationBytes = batch * (io.entryBytes + io.exitBytes);
    cost.dramSpillBytes = batch * 2.0 * spillBytes;
    e.dramActivationPj =
        (cost.dramActivationBytes + cost.dramSpillBytes) * 8.0 * a.dramEnergyPjPerBit;
    // DRAM background and refresh power while it transfers: every byte (spills included) at
    // its bandwidth.
    const double dramBusyNs =
        (weightBytes + cost.dramActivationBytes + cost.dramSpillBytes) / a.dramBandwidthGBps;
    e.dramBackgroundPj = dramBusyNs * (a.dramBackgroundPowerMw + a.dramRefreshPowerMw);
    // Control power while a core executes, summed over the cores: an MVM keeps 1 / K of its
    // core's control busy for t_mvm (a core driving all K crossbars is fully busy), VFU work,
    // crossbar writes and sends keep it busy for their duration.
    const double controlBusyNs =
        batch * activations * tMvm / static_cast<double>(a.crossbarsPerCore) + vfuBusyNs +
        crossbarsWritten * rowNs + batch * busBytes / a.busBandwidthGBps;
    e.controlPj = controlBusyNs * a.controlPowerMw;
    addAttentionEnergy(attentionWork(span.begin, span.end), batch, cost);
    e.staticPj = lat.totalNs() * a.staticPowerMw;

    cost.coresUsed = rep.packing.coresUsed;
    const double reserved = attentionWork(span.begin, span.end).crossbars;
    cost.crossbarsUsed = static_cast<std::int64_t>(crossbarsWritten + reserved);
    cost.coreUtilization = static_cast<double>(cost.coresUsed) / static_cast<double>(a.cores);
    cost.crossbarUtilization =
        (crossbarsWritten + reserved) / static_cast<double>(a.totalCrossbars());
    return cost;
}

void Estimator::addAttentionEnergy(const AttentionSpanWork& w, double batch,
                                   PartitionCost& cost) const
{
    if (!w.any)
        return;
    // docs/cost-model.md, "Attention on crossbars": per input, the operand writes (cell bits,
    // rows on the write ports) and the left operand's rows as MVMs, charged as weight layers'.
    const ArchSpec& a = m_arch;
    const double tMvm = a.mvmLatencyNs();
    EnergyParts& e = cost.energy;
    e.mvmPj += batch * (w.conversions * a.adcEnergyPerConversionPj +
                        w.activations * tMvm * a.crossbarReadPowerMw);
    e.crossbarWritePj += batch * w.writtenBits * a.writeEnergyPerBitPj;
    e.controlPj += batch *
                   (w.activations * tMvm / static_cast<double>(a.crossbarsPerCore) +
                    w.writtenRows * a.writeLatencyPerRowNs) *
                   a.controlPowerMw;
    cost.writtenBits += batch * w.writtenBits;
    cost.cellWritesPerBatch = std::max(cost.cellWritesPerBatch, batch);
}

CostModelFactory estimatorFactory()
{
    return [](std::shared_ptr<const MappedProblem> problem) -> std::shared_ptr<const CostModel> {
        return std::make_shared<const Estimator>(std::move(problem));
    };
}

} // namespace compass
