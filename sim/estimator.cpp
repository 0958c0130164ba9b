// SPDX-License-Identifier: MIT
#include "estimator.h"

#include "core/ir/graph.h"
#include "core/partition/replication.h"

#include <algorithm>
#include <cmath>

namespace compass {

namespace {

void toPrefix(std::vector<double>& v)
{
    // v[i + 1] holds unit i's value; accumulate in place.
    for (std::size_t i = 1; i < v.size(); ++i)
        v[i] += v[i - 1];
}

} // namespace

Estimator::Estimator(const Graph& graph, const ArchSpec& arch, EstimatorOptions options)
    : m_graph(&graph)
    , m_arch(arch)
    , m_options(options)
    , m_units(UnitTable::build(graph, arch))
    , m_validity(ValidityMap::build(m_units))
    , m_io(graph, m_units, arch, options.partialSumBits)
{
    m_options.batchSize = std::max<std::int64_t>(1, m_options.batchSize);
    const std::size_t m = static_cast<std::size_t>(m_units.unitCount());
    for (auto* v : {&m_weights, &m_crossbars, &m_conversions, &m_activations, &m_vfuBytes,
                    &m_opBytes, &m_psumOutBytes, &m_localBytes})
        v->assign(m + 1, 0.0);
    const double columnsPerWeight = static_cast<double>(arch.columnsPerWeight());
    const double inputSteps = static_cast<double>(arch.inputSteps());
    const double psumBytes = static_cast<double>(m_options.partialSumBits) / 8.0;

    for (std::size_t i = 0; i < m; ++i) {
        const PartitionUnit& u = m_units.unit(i);
        const LayerTiling& layer = m_units.layer(static_cast<std::size_t>(u.layerIndex));
        const Node& node = graph.node(u.layer);
        const double vec = static_cast<double>(layer.vectorsPerInference);
        const double xbars = static_cast<double>(u.crossbars);
        const double cols = static_cast<double>(u.cols);
        m_weights[i + 1] = static_cast<double>(u.weights);
        m_crossbars[i + 1] = xbars;
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
            m_vfuBytes[slot] += inBytes;
            m_opBytes[slot] += inBytes;
            m_localBytes[slot] += inBytes + outBytes;
        }
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
    for (const Node& node : graph.nodes()) {
        const NodePlacement& p = m_units.placement(node.id);
        if (!p.isPlaced() || p.ownerLayer < 0)
            continue;
        StageNode& stage = m_stages[static_cast<std::size_t>(p.ownerLayer)];
        for (TensorId t : node.inputs) {
            const std::int32_t j = stageOf(t);
            if (j >= 0 && j < p.ownerLayer)
                (p.isWeightLayer ? stage.predecessors : stage.opPredecessors).push_back(j);
        }
        for (TensorId t : node.outputs) {
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
    for (StageNode& stage : m_stages) {
        for (auto* list : {&stage.predecessors, &stage.opPredecessors}) {
            std::sort(list->begin(), list->end());
            list->erase(std::unique(list->begin(), list->end()), list->end());
        }
    }
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

PartitionCost Estimator::partitionCost(UnitSpan span) const
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
    const double batch = static_cast<double>(m_options.batchSize);
    const double tMvm = a.mvmLatencyNs();
    const double vfuBandwidth = static_cast<double>(a.vfuCount) * a.vfuThroughputGBps; // B/ns
    const double weightBits = static_cast<double>(a.weightBits);

    Replication rep;
    if (cost.valid && m_options.replicate)
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

    // Per-layer pipeline stages, and the fill: the longest path through the span's layer DAG
    // (parallel branches overlap), once with and once without the bus transfers on the path.
    const std::int32_t firstLayer = rep.layers.empty() ? 0 : rep.layers.front();
    std::vector<double> finishNs(2 * rep.layers.size(), 0.0); // [k]: with bus, [n + k]: without
    const std::size_t n = rep.layers.size();
    double fillNs = 0.0;
    double fillNoBusNs = 0.0;
    double maxStageNs = 0.0;
    double crossbarsWritten = 0.0;
    double writtenWeights = 0.0;
    cost.replication.reserve(rep.layers.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t l = static_cast<std::size_t>(rep.layers[i]);
        const std::int32_t r = rep.factors[i];
        const std::int32_t x = std::max(span.begin, m_units.layerFirstUnit(l));
        const std::int32_t y = std::min(span.end, m_units.layerEndUnit(l));
        const std::int64_t vec = m_units.layer(l).vectorsPerInference;
        const double mvmNs = static_cast<double>((vec + r - 1) / r) * tMvm;
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
        const double stageNs = std::max(mvmNs, vfuNs);
        maxStageNs = std::max(maxStageNs, stageNs);
        double busOutBytes = 0.0;
        for (const StageTensor& t : m_stages[l].tensors) {
            if (t.firstConsumerUnit >= span.end)
                continue;
            if (t.anchorUnit < 0)
                busOutBytes += t.bytes * fractionProduced(l, x, y);
            else if (t.anchorUnit >= span.begin && t.anchorUnit < span.end)
                busOutBytes += t.bytes;
        }
        // The MVMs wait for the layer's inputs; the owned operators (after the MVMs) also for
        // theirs, e.g. a Concat joining a parallel branch.
        auto latest = [&](const std::vector<std::int32_t>& preds, double& withBus,
                          double& withoutBus) {
            for (std::int32_t j : preds) {
                if (j < firstLayer)
                    continue;
                const std::size_t k = static_cast<std::size_t>(j - firstLayer);
                withBus = std::max(withBus, finishNs[k]);
                withoutBus = std::max(withoutBus, finishNs[n + k]);
            }
        };
        double startNs = 0.0;
        double startNoBusNs = 0.0;
        latest(m_stages[l].predecessors, startNs, startNoBusNs);
        // Partial sums between row chunks of a column block inside the span cross the bus
        // (sent after the MVMs, added on the receiving core).
        const std::int32_t sendEnd = std::min(y, span.end - 1);
        const double psumSendNs =
            sendEnd > x ? range(m_psumOutBytes, x, sendEnd) / a.busBandwidthGBps : 0.0;
        const double mvmPathNs = mvmNs + psumBytes / layerCores / vfuBandwidth;
        double opsNs = startNs + mvmPathNs + psumSendNs;
        double opsNoBusNs = startNoBusNs + mvmPathNs;
        latest(m_stages[l].opPredecessors, opsNs, opsNoBusNs);
        finishNs[i] = opsNs + opBytes / vfuBandwidth + busOutBytes / a.busBandwidthGBps;
        finishNs[n + i] = opsNoBusNs + opBytes / vfuBandwidth;
        fillNs = std::max(fillNs, finishNs[i]);
        fillNoBusNs = std::max(fillNoBusNs, finishNs[n + i]);
        crossbarsWritten += static_cast<double>(r) * range(m_crossbars, x, y);
        writtenWeights += static_cast<double>(r) * range(m_weights, x, y);
        cost.replication.push_back(LayerReplication{rep.layers[i], r});
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

    // Activations: input b's entries are loaded while earlier inputs compute and their exits
    // are stored; all loads queue on the DRAM before the first store.
    const double loadNs = io.entryBytes / a.dramBandwidthGBps; // per input
    const double storeNs = io.exitBytes / a.dramBandwidthGBps; // per input
    const double periodNs = std::max(maxStageNs, busNsPerInference);
    const double pipelinedNs = loadNs + fillNs + (batch - 1.0) * periodNs + storeNs;
    const double loadBoundNs = batch * loadNs + fillNs + storeNs;
    const double storeBoundNs = std::max(loadNs + fillNs, batch * loadNs) + batch * storeNs;
    lat.activationLoadNs = loadNs;
    lat.computeNs = fillNoBusNs + (batch - 1.0) * maxStageNs;
    lat.busNs = (fillNs - fillNoBusNs) + (batch - 1.0) * (periodNs - maxStageNs);
    lat.activationStoreNs = storeNs;
    if (loadBoundNs > pipelinedNs && loadBoundNs >= storeBoundNs)
        lat.activationLoadNs += loadBoundNs - pipelinedNs;
    else if (storeBoundNs > pipelinedNs)
        lat.activationStoreNs += storeBoundNs - pipelinedNs;

    EnergyParts& e = cost.energy;
    const double activations = range(m_activations, span.begin, span.end);
    e.mvmPj = batch * (range(m_conversions, span.begin, span.end) * a.adcEnergyPerConversionPj +
                       activations * tMvm * a.crossbarReadPowerMw);
    const double vfuBytes = range(m_vfuBytes, span.begin, span.end);
    e.vfuPj = batch * vfuBytes / vfuBandwidth * a.vfuPowerMw;
    e.localMemoryPj = batch * range(m_localBytes, span.begin, span.end) /
                      a.localMemoryBandwidthGBps * a.localMemoryPowerMw;
    e.busPj = batch * busBytes * 8.0 * a.busEnergyPjPerBit;
    cost.writtenBits = writtenWeights * weightBits;
    e.crossbarWritePj = cost.writtenBits * a.writeEnergyPerBitPj;
    e.dramWeightPj = weightBytes * 8.0 * a.dramEnergyPjPerBit;
    cost.dramWeightBytes = weightBytes;
    cost.dramActivationBytes = batch * (io.entryBytes + io.exitBytes);
    e.dramActivationPj = cost.dramActivationBytes * 8.0 * a.dramEnergyPjPerBit;
    e.staticPj =
        lat.totalNs() * (a.staticPowerMw + static_cast<double>(a.cores) * a.controlPowerMw);

    cost.coresUsed = rep.packing.coresUsed;
    cost.crossbarsUsed = static_cast<std::int64_t>(crossbarsWritten);
    cost.coreUtilization = static_cast<double>(cost.coresUsed) / static_cast<double>(a.cores);
    cost.crossbarUtilization = crossbarsWritten / static_cast<double>(a.totalCrossbars());
    return cost;
}

} // namespace compass
