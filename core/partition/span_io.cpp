// SPDX-License-Identifier: MIT
#include "span_io.h"

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"

#include <algorithm>

namespace compass {

SpanIoModel::SpanIoModel(const Graph& graph, const UnitTable& table, const ArchSpec& arch,
                         std::int64_t partialSumBits)
    : m_graph(&graph)
    , m_table(&table)
    , m_partialSumBits(partialSumBits)
{
    m_bytesByTensor.assign(graph.tensors().size(), 0.0);
    const double bitsPerElement = static_cast<double>(arch.activationBits);
    for (std::size_t i = 0; i < graph.tensors().size(); ++i) {
        const Tensor& t = graph.tensors()[i];
        if (t.isConstant)
            continue;
        const std::int64_t elements = t.elementCount();
        if (elements > 0)
            m_bytesByTensor[i] = static_cast<double>(elements) * bitsPerElement / 8.0;
    }
    // Tensors only the producing stage's own operators read stay on its home core.
    m_localByTensor.assign(graph.tensors().size(), 0);
    if (table.unitCount() > 0) {
        for (std::size_t i = 0; i < graph.tensors().size(); ++i) {
            const Tensor& t = graph.tensors()[i];
            if (t.isConstant || !t.producer.isValid() || !table.placement(t.producer).isPlaced())
                continue;
            const std::int32_t stage = table.placement(t.producer).ownerLayer;
            bool local = stage >= 0;
            bool read = false;
            for (NodeId c : t.consumers) {
                const NodePlacement& p = table.placement(c);
                if (!p.isPlaced())
                    continue;
                read = true;
                const bool onCrossbars = graph.node(c).isActivationMatMul() &&
                                         arch.attentionEngine == AttentionEngine::Crossbar;
                local = local && !p.isWeightLayer && p.ownerLayer == stage && !onCrossbars;
            }
            m_localByTensor[i] = local && read ? 1 : 0;
        }
    }
    std::vector<bool> isOutput(graph.tensors().size(), false);
    for (TensorId out : graph.outputs())
        isOutput[out.index()] = true;

    if (table.unitCount() > 0) {
        for (std::size_t i = 0; i < graph.tensors().size(); ++i) {
            const Tensor& t = graph.tensors()[i];
            if (t.isConstant)
                continue;
            TensorInfo info;
            info.id = TensorId{i};
            info.bytes = m_bytesByTensor[i];
            info.isGraphOutput = isOutput[i];
            info.staysOnProducerCore = m_localByTensor[i] != 0;
            if (!t.producer.isValid()) {
                info.isGraphInput = true;
            } else {
                const NodePlacement& p = table.placement(t.producer);
                if (!p.isPlaced())
                    continue;
                if (p.isWeightLayer)
                    info.producerLayer = p.ownerLayer;
                else
                    info.producerUnit = p.firstUnit;
            }
            for (NodeId c : t.consumers) {
                const NodePlacement& p = table.placement(c);
                if (p.isPlaced())
                    info.consumers.push_back(Interval{p.firstUnit, p.endUnit});
            }
            if (info.consumers.empty() && !info.isGraphOutput)
                continue;
            if (info.bytes <= 0.0)
                continue;
            info.bits = t.elementCount() * arch.activationBits;
            if (info.isGraphInput) {
                info.lo = -1;
                info.hi = 0;
            } else if (info.producerUnit >= 0) {
                info.lo = info.producerUnit;
                info.hi = info.producerUnit + 1;
            } else {
                const auto l = static_cast<std::size_t>(info.producerLayer);
                info.lo = table.layerFirstUnit(l);
                info.hi = table.layerEndUnit(l);
            }
            for (const Interval& c : info.consumers) {
                info.lo = std::min(info.lo, c.first);
                info.hi = std::max(info.hi, c.end);
            }
            if (info.isGraphOutput)
                info.hi = static_cast<std::int32_t>(table.unitCount()) + 1;
            m_tensors.push_back(std::move(info));
        }
    }
    {
        const std::size_t m = static_cast<std::size_t>(table.unitCount());
        m_insideBitsPrefix.assign(m + 2, 0);
        m_crossing.assign(m + 1, {});
        for (std::size_t k = 0; k < m_tensors.size(); ++k) {
            const TensorInfo& t = m_tensors[k];
            if (t.lo >= 0 && t.hi <= static_cast<std::int32_t>(m) && !t.staysOnProducerCore)
                m_insideBitsPrefix[static_cast<std::size_t>(t.hi)] += t.bits;
            for (std::int32_t x = std::max(0, t.lo + 1);
                 x < t.hi && x <= static_cast<std::int32_t>(m); ++x)
                m_crossing[static_cast<std::size_t>(x)].push_back(static_cast<std::uint32_t>(k));
        }
        for (std::size_t x = 1; x < m_insideBitsPrefix.size(); ++x)
            m_insideBitsPrefix[x] += m_insideBitsPrefix[x - 1];
    }

    const std::size_t m = static_cast<std::size_t>(table.unitCount());
    m_psumBytesByUnit.assign(m, 0.0);
    m_psumPrefix.assign(m + 1, 0.0);
    for (std::size_t u = 0; u < m; ++u) {
        const PartitionUnit& unit = table.unit(u);
        if (!unit.isLastChunk()) {
            const LayerTiling& layer = table.layer(static_cast<std::size_t>(unit.layerIndex));
            m_psumBytesByUnit[u] = static_cast<double>(layer.vectorsPerInference) *
                                   static_cast<double>(unit.cols) *
                                   static_cast<double>(m_partialSumBits) / 8.0;
        }
        m_psumPrefix[u + 1] = m_psumPrefix[u] + m_psumBytesByUnit[u];
    }
}

double SpanIoModel::tensorBytes(TensorId tensor) const
{
    return tensor.isValid() && tensor.index() < m_bytesByTensor.size()
               ? m_bytesByTensor[tensor.index()]
               : 0.0;
}

bool SpanIoModel::staysOnProducerCore(TensorId tensor) const
{
    return tensor.isValid() && tensor.index() < m_localByTensor.size() &&
           m_localByTensor[tensor.index()] != 0;
}

double SpanIoModel::fractionProduced(const TensorInfo& t, std::int32_t begin,
                                     std::int32_t end) const
{
    if (t.isGraphInput)
        return 0.0;
    if (t.producerUnit >= 0)
        return t.producerUnit >= begin && t.producerUnit < end ? 1.0 : 0.0;
    const auto li = static_cast<std::size_t>(t.producerLayer);
    const std::int32_t x = std::max(begin, m_table->layerFirstUnit(li));
    const std::int32_t y = std::min(end, m_table->layerEndUnit(li));
    if (x >= y)
        return 0.0;
    const std::int64_t cols = m_table->columnsDoneBefore(y, li) - m_table->columnsDoneBefore(x, li);
    return static_cast<double>(cols) / static_cast<double>(m_table->layer(li).totalCols());
}

bool SpanIoModel::consumedIn(const TensorInfo& t, std::int32_t begin, std::int32_t end) const
{
    for (const Interval& c : t.consumers) {
        if (c.first < end && c.end > begin)
            return true;
    }
    return false;
}

bool SpanIoModel::consumedAfter(const TensorInfo& t, std::int32_t end) const
{
    for (const Interval& c : t.consumers) {
        if (c.end > end)
            return true;
    }
    return false;
}

double SpanIoModel::partialSumBytes(std::int32_t unit) const
{
    return m_psumBytesByUnit[static_cast<std::size_t>(unit)];
}

template <typename Visitor>
void SpanIoModel::visitTensor(const TensorInfo& t, std::int32_t begin, std::int32_t end,
                              Visitor&& v) const
{
    const double in = fractionProduced(t, begin, end);
    const bool usedHere = consumedIn(t, begin, end);
    if (usedHere) {
        const double before = t.isGraphInput ? 1.0 : fractionProduced(t, 0, begin);
        if (before > 0.0)
            v.entry(t, t.bytes * before);
        if (in > 0.0 && !t.staysOnProducerCore)
            v.internal(t.bytes * in);
    }
    if (in > 0.0 && (t.isGraphOutput || consumedAfter(t, end)))
        v.exit(t, t.bytes * in);
}

template <typename Visitor>
void SpanIoModel::visit(std::int32_t begin, std::int32_t end, Visitor&& v) const
{
    for (const TensorInfo& t : m_tensors)
        visitTensor(t, begin, end, v);
}

SpanIoBytes SpanIoModel::spanBytes(std::int32_t begin, std::int32_t end) const
{
    struct Totals
    {
        SpanIoBytes bytes;
        void entry(const TensorInfo&, double b) { bytes.entryBytes += b; }
        void exit(const TensorInfo&, double b) { bytes.exitBytes += b; }
        void internal(double b) { bytes.internalBytes += b; }
    } totals;
    // A tensor whose producer and consumers all lie inside the span is produced and read there:
    // it only crosses the bus (unless it stays on its producer's core). Those are the ones whose
    // extent ends in (begin, end] without crossing begin; every other tensor that matters
    // crosses one of the two cuts and is visited as visit() would.
    std::int64_t insideBits = m_insideBitsPrefix[static_cast<std::size_t>(end)] -
                              m_insideBitsPrefix[static_cast<std::size_t>(begin)];
    for (const std::uint32_t k : m_crossing[static_cast<std::size_t>(begin)]) {
        const TensorInfo& t = m_tensors[k];
        if (t.hi <= end && t.lo >= 0 && !t.staysOnProducerCore)
            insideBits -= t.bits;
        visitTensor(t, begin, end, totals);
    }
    for (const std::uint32_t k : m_crossing[static_cast<std::size_t>(end)]) {
        const TensorInfo& t = m_tensors[k];
        if (t.lo >= begin) // one that also crosses begin was visited above
            visitTensor(t, begin, end, totals);
    }
    totals.bytes.internalBytes += static_cast<double>(insideBits) / 8.0;
    if (m_table->cutSplitsColumnBlock(begin))
        totals.bytes.entryBytes += partialSumBytes(begin - 1);
    if (m_table->cutSplitsColumnBlock(end))
        totals.bytes.exitBytes += partialSumBytes(end - 1);
    if (end - 1 > begin) {
        totals.bytes.crossCorePartialSumBytes = m_psumPrefix[static_cast<std::size_t>(end - 1)] -
                                                m_psumPrefix[static_cast<std::size_t>(begin)];
    }
    return totals.bytes;
}

SpanIo SpanIoModel::spanIo(std::int32_t begin, std::int32_t end) const
{
    struct Lists
    {
        const Graph* graph;
        SpanIo io;
        BoundaryTensor make(const TensorInfo& t, double b) const
        {
            BoundaryTensor bt;
            bt.tensor = t.id;
            bt.name = graph->tensor(t.id).name;
            bt.bytes = b;
            return bt;
        }
        void entry(const TensorInfo& t, double b)
        {
            io.entries.push_back(make(t, b));
            io.entryBytes += b;
        }
        void exit(const TensorInfo& t, double b)
        {
            io.exits.push_back(make(t, b));
            io.exitBytes += b;
        }
        void internal(double b) { io.internalBytes += b; }
    } lists{m_graph, {}};
    visit(begin, end, lists);
    auto psum = [&](std::int32_t unit) {
        const PartitionUnit& u = m_table->unit(static_cast<std::size_t>(unit));
        BoundaryTensor bt;
        bt.kind = BoundaryTensor::Kind::PartialSum;
        bt.name = m_table->layerName(static_cast<std::size_t>(u.layerIndex)) + ":psum[" +
                  std::to_string(u.columnBlock) + "]";
        bt.bytes = partialSumBytes(unit);
        return bt;
    };
    if (m_table->cutSplitsColumnBlock(begin)) {
        lists.io.entries.push_back(psum(begin - 1));
        lists.io.entryBytes += lists.io.entries.back().bytes;
    }
    if (m_table->cutSplitsColumnBlock(end)) {
        lists.io.exits.push_back(psum(end - 1));
        lists.io.exitBytes += lists.io.exits.back().bytes;
    }
    const SpanIoBytes totals = spanBytes(begin, end);
    lists.io.crossCorePartialSumBytes = totals.crossCorePartialSumBytes;
    return lists.io;
}

} // namespace compass
