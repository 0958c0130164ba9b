// SPDX-License-Identifier: MIT
#include "estimator.h"

#include "core/ir/graph.h"
#include "core/partition/replication.h"

#include <algorithm>
#include <cmath>

namespace compass {

namespace {

/// Weight-free operators that only move or reinterpret data: no VFU work.
bool isDataMovement(OpKind kind)
{
    switch (kind) {
    case OpKind::Concat:
    case OpKind::Flatten:
    case OpKind::Reshape:
    case OpKind::Transpose:
    case OpKind::Squeeze:
    case OpKind::Unsqueeze:
    case OpKind::Pad:
    case OpKind::Dropout:
    case OpKind::Identity:
    case OpKind::Constant:
    case OpKind::Shape:
    case OpKind::Gather:
    case OpKind::Cast:
    case OpKind::Slice:
    case OpKind::ConstantOfShape:
        return true;
    default:
        return false;
    }
}

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
    for (auto* v :
         {&m_weights, &m_crossbars, &m_conversions, &m_activations, &m_vfuBytes, &m_localBytes})
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
        if (!isDataMovement(node.kind)) {
            m_vfuBytes[slot] += inBytes;
            m_localBytes[slot] += inBytes + outBytes;
        }
    }
    for (auto* v :
         {&m_weights, &m_crossbars, &m_conversions, &m_activations, &m_vfuBytes, &m_localBytes})
        toPrefix(*v);
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
    if (cost.valid && m_options.replicate) {
        rep = solveReplication(m_units, span.begin, span.end);
    } else {
        const std::int32_t l0 = m_units.unit(static_cast<std::size_t>(span.begin)).layerIndex;
        const std::int32_t l1 = m_units.unit(static_cast<std::size_t>(span.end - 1)).layerIndex;
        for (std::int32_t l = l0; l <= l1; ++l) {
            rep.layers.push_back(l);
            rep.factors.push_back(1);
        }
        rep.packing = packUnitSpan(m_units, span.begin, span.end);
    }

    // Per-layer pipeline stages.
    double sumStageNs = 0.0;
    double maxStageNs = 0.0;
    double crossbarsWritten = 0.0;
    double writtenWeights = 0.0;
    cost.replication.reserve(rep.layers.size());
    for (std::size_t i = 0; i < rep.layers.size(); ++i) {
        const std::size_t l = static_cast<std::size_t>(rep.layers[i]);
        const std::int32_t r = rep.factors[i];
        const std::int32_t x = std::max(span.begin, m_units.layerFirstUnit(l));
        const std::int32_t y = std::min(span.end, m_units.layerEndUnit(l));
        const std::int64_t vec = m_units.layer(l).vectorsPerInference;
        const double mvmNs = static_cast<double>((vec + r - 1) / r) * tMvm;
        const double vfuNs = range(m_vfuBytes, x, y) / vfuBandwidth;
        const double stageNs = std::max(mvmNs, vfuNs);
        sumStageNs += stageNs;
        maxStageNs = std::max(maxStageNs, stageNs);
        crossbarsWritten += static_cast<double>(r) * range(m_crossbars, x, y);
        writtenWeights += static_cast<double>(r) * range(m_weights, x, y);
        cost.replication.push_back(LayerReplication{rep.layers[i], r});
    }

    const SpanIoBytes io = m_io.spanBytes(span.begin, span.end);
    const double weightBytes = range(m_weights, span.begin, span.end) * weightBits / 8.0;
    const double busBytes = io.internalBytes + io.crossCorePartialSumBytes;
    const double busNsPerInference = busBytes / a.busBandwidthGBps;

    LatencyParts& lat = cost.latency;
    lat.weightLoadNs = weightBytes / a.dramBandwidthGBps;
    lat.crossbarWriteNs = std::ceil(crossbarsWritten / static_cast<double>(a.cores)) *
                          static_cast<double>(a.crossbarRows) * a.writeLatencyPerRowNs;
    lat.activationLoadNs = batch * io.entryBytes / a.dramBandwidthGBps;
    lat.computeNs = sumStageNs + (batch - 1.0) * maxStageNs;
    const double withBusNs =
        sumStageNs + busNsPerInference + (batch - 1.0) * std::max(maxStageNs, busNsPerInference);
    lat.busNs = withBusNs - lat.computeNs;
    lat.activationStoreNs = batch * io.exitBytes / a.dramBandwidthGBps;

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
