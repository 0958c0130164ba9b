// SPDX-License-Identifier: MIT
// The three scheduling passes: core placement, local memory, instruction emission.
#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/partition/replication.h"
#include "core/partition/span_io.h"
#include "core/schedule/local_memory_allocator.h"
#include "core/schedule/schedule_pass.h"
#include "core/support/diagnostics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace compass {

namespace {

std::size_t idx(std::int32_t i)
{
    return static_cast<std::size_t>(i);
}

SourceLocation partitionLocation(const ScheduleState& s, std::int32_t partition)
{
    SourceLocation loc;
    loc.file = s.graph.sourcePath;
    loc.partition = partition;
    return loc;
}

VfuKind vfuKindOf(OpKind kind)
{
    if (isDataMovementOpKind(kind))
        return VfuKind::DataMovement; // the estimator's list: no VFU work
    switch (kind) {
    case OpKind::Relu:
    case OpKind::Clip:
    case OpKind::LeakyRelu:
    case OpKind::Sigmoid:
    case OpKind::HardSigmoid:
    case OpKind::HardSwish:
    case OpKind::Tanh:
        return VfuKind::Activation;
    case OpKind::BatchNormalization:
    case OpKind::LRN:
    case OpKind::Softmax:
        return VfuKind::Normalisation;
    case OpKind::MaxPool:
    case OpKind::AveragePool:
    case OpKind::GlobalAveragePool:
    case OpKind::GlobalMaxPool:
        return VfuKind::Pooling;
    default:
        return VfuKind::Elementwise;
    }
}

/// Fraction of a tensor a row-streaming stage keeps: `rows` rows of an NCHW tensor's H, or all
/// of a tensor of another rank.
double lineFraction(const Graph& graph, TensorId tensor, double rows)
{
    if (!tensor.isValid())
        return 1.0;
    const Tensor& t = graph.tensor(tensor);
    if (!t.hasShape || t.dims.size() != 4 || t.dims[2] <= 0)
        return 1.0;
    return std::min(1.0, rows / static_cast<double>(t.dims[2]));
}

TensorId firstInput(const Node& n)
{
    return n.inputs.empty() ? TensorId{} : n.inputs[0];
}
TensorId firstOutput(const Node& n)
{
    return n.outputs.empty() ? TensorId{} : n.outputs[0];
}

} // namespace

// ---------------------------------------------------------------------------------------------
bool CorePlacementPass::run(ScheduleState& s, DiagnosticSink& diagnostics)
{
    const UnitTable& table = s.units;
    const ArchSpec& arch = s.arch;
    const std::int64_t perCore = arch.crossbarsPerCore;
    const std::int64_t colsPerWeight = arch.columnsPerWeight();
    const std::int64_t inputSteps = arch.inputSteps();
    s.placements.clear();
    for (std::int32_t p = 0; p < s.plan.partitionCount(); ++p) {
        const UnitSpan span = s.plan.partition(p);
        if (span.begin >= span.end || span.begin < 0 || span.end > table.unitCount()) {
            diagnostics.error("partition " + std::to_string(p) + " is empty or out of range",
                              partitionLocation(s, p));
            return false;
        }
        PartitionPlacement pp;
        pp.span = span;
        Replication rep;
        if (s.options.replicate)
            rep = solveReplication(table, span.begin, span.end);
        if (!s.options.replicate || rep.layers.empty()) {
            rep.layers.clear();
            rep.factors.clear();
            const std::int32_t l0 = table.unit(idx(span.begin)).layerIndex;
            const std::int32_t l1 = table.unit(idx(span.end - 1)).layerIndex;
            for (std::int32_t l = l0; l <= l1; ++l) {
                rep.layers.push_back(l);
                rep.factors.push_back(1);
            }
        }
        std::vector<std::int32_t> factorOfLayer(idx(table.layerCount()), 1);
        for (std::size_t i = 0; i < rep.layers.size(); ++i) {
            factorOfLayer[idx(rep.layers[i])] = rep.factors[i];
            pp.replication.push_back(LayerReplication{rep.layers[i], rep.factors[i]});
        }

        // Best-fit decreasing, copy by copy (largest first, ties in unit then copy order).
        for (std::int32_t u = span.begin; u < span.end; ++u) {
            const std::int32_t r = factorOfLayer[idx(table.unit(idx(u)).layerIndex)];
            for (std::int32_t k = 0; k < r; ++k)
                pp.copies.push_back(UnitCopyPlacement{u, k, -1});
        }
        std::vector<std::size_t> order(pp.copies.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return table.unit(idx(pp.copies[a].unit)).crossbars >
                   table.unit(idx(pp.copies[b].unit)).crossbars;
        });
        std::vector<std::int64_t> room;
        for (std::size_t i : order) {
            const std::int64_t size = table.unit(idx(pp.copies[i].unit)).crossbars;
            std::int32_t best = -1;
            for (std::size_t c = 0; c < room.size(); ++c) {
                if (room[c] >= size && (best < 0 || room[c] < room[idx(best)]))
                    best = static_cast<std::int32_t>(c);
            }
            if (best < 0) {
                if (static_cast<std::int64_t>(room.size()) >= arch.cores) {
                    diagnostics.error("partition " + std::to_string(p) + " (units " +
                                          std::to_string(span.begin) + "-" +
                                          std::to_string(span.end) + ") does not fit " +
                                          std::to_string(arch.cores) + " cores of " +
                                          std::to_string(perCore) + " crossbars",
                                      partitionLocation(s, p));
                    return false;
                }
                room.push_back(perCore);
                best = static_cast<std::int32_t>(room.size() - 1);
            }
            room[idx(best)] -= size;
            pp.copies[i].core = best;
        }
        pp.coresUsed = static_cast<std::int32_t>(room.size());
        pp.coreOfUnit.assign(idx(span.size()), 0);
        for (const UnitCopyPlacement& c : pp.copies) {
            if (c.copy == 0)
                pp.coreOfUnit[idx(c.unit - span.begin)] = c.core;
        }

        // Stage work per core.
        std::vector<std::vector<std::int32_t>> copyCores(idx(span.size()));
        for (const UnitCopyPlacement& c : pp.copies)
            copyCores[idx(c.unit - span.begin)].push_back(c.core);
        for (std::int32_t layerIndex : rep.layers) {
            const std::size_t l = idx(layerIndex);
            const LayerTiling& tiling = table.layer(l);
            const Node& node = s.graph.node(tiling.layer);
            const double inBytes = s.io.tensorBytes(firstInput(node));
            const double outBytes = s.io.tensorBytes(firstOutput(node));
            const std::int64_t v = tiling.vectorsPerInference;
            const std::int32_t r = factorOfLayer[l];
            StagePlacement stage;
            stage.layer = layerIndex;
            stage.factor = r;
            std::map<std::int32_t, StageCoreWork> work;
            const std::int32_t x = std::max(span.begin, table.layerFirstUnit(l));
            const std::int32_t y = std::min(span.end, table.layerEndUnit(l));
            for (std::int32_t u = x; u < y; ++u) {
                const PartitionUnit& unit = table.unit(idx(u));
                const double rowShare =
                    static_cast<double>(unit.crossbars) /
                    static_cast<double>(std::max<std::int64_t>(1, tiling.rowBlocks));
                const double colShare =
                    unit.isLastChunk()
                        ? static_cast<double>(unit.cols) / static_cast<double>(tiling.totalCols())
                        : 0.0;
                const double adds =
                    static_cast<double>(unit.crossbars - 1 + (unit.chunk > 0 ? 1 : 0));
                const auto& cores = copyCores[idx(u - span.begin)];
                for (std::size_t k = 0; k < cores.size(); ++k) {
                    const std::int64_t share =
                        v / r + (static_cast<std::int64_t>(k) < v % r ? 1 : 0);
                    StageCoreWork& w = work[cores[k]];
                    w.core = cores[k];
                    const double frac = static_cast<double>(share) / static_cast<double>(v);
                    w.steps = std::max(w.steps, share);
                    w.activations += share * unit.crossbars;
                    w.conversions +=
                        share * unit.crossbars * unit.cols * colsPerWeight * inputSteps;
                    w.inputBytes += frac * inBytes * rowShare;
                    w.outputBytes += frac * outBytes * colShare;
                    w.localBytes += frac * (inBytes * rowShare + outBytes * colShare);
                    w.psumAddBytes += static_cast<double>(share) * static_cast<double>(unit.cols) *
                                      adds * static_cast<double>(s.options.partialSumBits) / 8.0;
                }
            }
            for (auto& [core, w] : work)
                stage.cores.push_back(w);
            stage.homeCore = pp.coreOfUnit[idx(y - 1 - span.begin)];
            pp.stages.push_back(std::move(stage));
        }
        s.placements.push_back(std::move(pp));
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
bool LocalMemoryPass::run(ScheduleState& s, DiagnosticSink& diagnostics)
{
    const std::int64_t capacity = s.arch.localMemoryBytes;
    const std::int64_t stagingBytes = s.arch.crossbarBits() / 8;
    std::vector<LocalBuffer>& buffers = s.program.buffers;
    buffers.clear();
    auto add = [&](LocalBuffer b, LocalMemoryAllocator& alloc) {
        const auto offset = alloc.allocate(static_cast<std::int64_t>(std::ceil(b.bytes)));
        b.offset = offset ? *offset : -1;
        b.spilled = !offset.has_value();
        buffers.push_back(std::move(b));
        return static_cast<std::int32_t>(buffers.size() - 1);
    };
    std::int64_t spills = 0;
    for (std::size_t p = 0; p < s.placements.size(); ++p) {
        PartitionPlacement& pp = s.placements[p];
        std::vector<LocalMemoryAllocator> alloc(idx(pp.coresUsed), LocalMemoryAllocator(capacity));
        for (std::int32_t c = 0; c < pp.coresUsed; ++c) {
            LocalBuffer b;
            b.core = c;
            b.partition = static_cast<std::int32_t>(p);
            b.purpose = "weights";
            b.bytes = static_cast<double>(stagingBytes);
            add(std::move(b), alloc[idx(c)]);
        }
        for (StagePlacement& stage : pp.stages) {
            const Node& node = s.graph.node(s.units.layer(idx(stage.layer)).layer);
            const double window =
                static_cast<double>(node.weights->kernelH + node.attrInts("strides", {1, 1})[0]);
            const double inFrac = lineFraction(s.graph, firstInput(node), window);
            const double outFrac = lineFraction(s.graph, firstOutput(node), 2.0);
            for (StageCoreWork& w : stage.cores) {
                LocalBuffer in;
                in.core = w.core;
                in.partition = static_cast<std::int32_t>(p);
                in.layer = stage.layer;
                in.purpose = "input";
                in.bytes = w.inputBytes * inFrac;
                in.bytesPerInput = w.inputBytes;
                w.inputBuffer = add(std::move(in), alloc[idx(w.core)]);
                if (w.outputBytes > 0.0) {
                    LocalBuffer out;
                    out.core = w.core;
                    out.partition = static_cast<std::int32_t>(p);
                    out.layer = stage.layer;
                    out.purpose = "output";
                    out.bytes = w.outputBytes * outFrac;
                    out.bytesPerInput = w.outputBytes;
                    w.outputBuffer = add(std::move(out), alloc[idx(w.core)]);
                }
            }
        }
    }
    for (const LocalBuffer& b : buffers)
        spills += b.spilled ? 1 : 0;
    if (spills > 0) {
        diagnostics.note(std::to_string(spills) + " local buffers do not fit " +
                         std::to_string(capacity) + " bytes of local memory and spill to DRAM");
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
namespace {

/// Builds the instruction list; one instance per compile.
class Emitter
{
public:
    explicit Emitter(ScheduleState& s)
        : m_s(s)
        , m_prog(s.program)
    {}

    bool run();

private:
    struct Avail
    {
        std::vector<std::int32_t> loads;
        std::int32_t send = -1;
        std::int32_t producerCore = -1;
        std::map<std::int32_t, std::int32_t> recvs;
    };

    std::int32_t emit(Instruction ins)
    {
        ins.partition = m_partition;
        m_prog.instructions.push_back(std::move(ins));
        const auto i = static_cast<std::int32_t>(m_prog.instructions.size() - 1);
        const Instruction& added = m_prog.instructions.back();
        if (added.core >= 0 && added.core < m_prog.cores)
            m_coreInstrs[idx(added.core)].push_back(i);
        return i;
    }
    std::int32_t sync(std::int32_t core, std::vector<std::int32_t> deps, std::int32_t input = -1,
                      std::int32_t layer = -1)
    {
        Instruction i;
        i.opcode = Opcode::Sync;
        i.core = core;
        i.input = input;
        i.layer = layer;
        i.deps = std::move(deps);
        return emit(std::move(i));
    }
    bool consumedInSpan(TensorId t) const;
    std::vector<std::int32_t> depsOn(TensorId t, std::int32_t core);
    void produced(TensorId t, std::int32_t producer, std::int32_t core, double fraction);
    std::vector<std::int32_t> spillRoundTrip(std::int32_t bufferIndex, std::int32_t core,
                                             std::int32_t layer, std::vector<std::int32_t> deps);
    void emitPartition(std::int32_t p);
    void emitWeightLayer(const Node& node, const StagePlacement& stage);
    void emitWeightFree(const Node& node);
    double fractionProducedInSpan(std::int32_t layer) const;

    ScheduleState& m_s;
    Program& m_prog;
    std::int32_t m_partition = 0;
    std::int32_t m_input = 0;
    UnitSpan m_span;
    const PartitionPlacement* m_pp = nullptr;
    SpanIo m_io;
    std::vector<std::vector<std::int32_t>> m_coreInstrs;
    std::unordered_map<std::int32_t, Avail> m_avail; ///< Per input, by tensor id.
    /// STORE_DATA instructions per boundary key and input ("t<id>" or "psum<unit>").
    std::unordered_map<std::string, std::vector<std::vector<std::int32_t>>> m_stores;
    std::int32_t m_partitionReady = -1;
    std::int32_t m_psumEntryLoad = -1;
    std::int32_t m_prevWeightsLoaded = -1;
    std::vector<std::int32_t> m_prevCoreDone;
};

bool Emitter::consumedInSpan(TensorId t) const
{
    for (NodeId c : m_s.graph.tensor(t).consumers) {
        const NodePlacement& p = m_s.units.placement(c);
        if (p.isPlaced() && p.firstUnit < m_span.end && p.endUnit > m_span.begin)
            return true;
    }
    return false;
}

std::vector<std::int32_t> Emitter::depsOn(TensorId t, std::int32_t core)
{
    std::vector<std::int32_t> deps;
    if (!t.isValid())
        return deps;
    auto it = m_avail.find(t.value);
    if (it == m_avail.end())
        return deps;
    Avail& a = it->second;
    deps = a.loads;
    if (a.send >= 0) {
        if (core == a.producerCore) {
            deps.push_back(a.send);
        } else {
            auto r = a.recvs.find(core);
            if (r == a.recvs.end()) {
                Instruction recv;
                recv.opcode = Opcode::Recv;
                recv.core = core;
                recv.input = m_input;
                recv.tensor = t.value;
                recv.peer = a.producerCore;
                recv.bytes = m_prog.instructions[idx(a.send)].bytes;
                recv.deps = {a.send};
                r = a.recvs.emplace(core, emit(std::move(recv))).first;
            }
            deps.push_back(r->second);
        }
    }
    return deps;
}

void Emitter::produced(TensorId t, std::int32_t producer, std::int32_t core, double fraction)
{
    if (!t.isValid())
        return;
    const double bytes = m_s.io.tensorBytes(t) * fraction;
    if (bytes <= 0.0)
        return;
    if (consumedInSpan(t)) {
        Instruction send;
        send.opcode = Opcode::Send;
        send.core = core;
        send.input = m_input;
        send.tensor = t.value;
        send.bytes = bytes;
        send.deps = {producer};
        Avail& a = m_avail[t.value];
        a.send = emit(std::move(send));
        a.producerCore = core;
    }
    for (const BoundaryTensor& e : m_io.exits) {
        if (e.kind != BoundaryTensor::Kind::Activation || e.tensor != t)
            continue;
        Instruction store;
        store.opcode = Opcode::StoreData;
        store.core = core;
        store.input = m_input;
        store.tensor = t.value;
        store.bytes = e.bytes;
        store.deps = {producer};
        auto& perInput = m_stores["t" + std::to_string(t.value)];
        perInput.resize(idx(static_cast<std::int32_t>(m_prog.batchSize)));
        perInput[idx(m_input)].push_back(emit(std::move(store)));
    }
}

std::vector<std::int32_t> Emitter::spillRoundTrip(std::int32_t bufferIndex, std::int32_t core,
                                                  std::int32_t layer,
                                                  std::vector<std::int32_t> deps)
{
    if (bufferIndex < 0 || !m_prog.buffers[idx(bufferIndex)].spilled)
        return deps;
    const double bytes = m_prog.buffers[idx(bufferIndex)].bytesPerInput;
    Instruction store;
    store.opcode = Opcode::StoreData;
    store.dataKind = DataKind::Spill;
    store.core = core;
    store.input = m_input;
    store.layer = layer;
    store.buffer = bufferIndex;
    store.bytes = bytes;
    store.deps = std::move(deps);
    const std::int32_t s = emit(std::move(store));
    Instruction load = m_prog.instructions[idx(s)];
    load.opcode = Opcode::LoadData;
    load.deps = {s};
    return {emit(std::move(load))};
}

double Emitter::fractionProducedInSpan(std::int32_t layer) const
{
    const std::size_t l = idx(layer);
    const std::int32_t x = std::max(m_span.begin, m_s.units.layerFirstUnit(l));
    const std::int32_t y = std::min(m_span.end, m_s.units.layerEndUnit(l));
    if (x >= y)
        return 0.0;
    const std::int64_t cols = m_s.units.columnsDoneBefore(y, l) - m_s.units.columnsDoneBefore(x, l);
    return static_cast<double>(cols) / static_cast<double>(m_s.units.layer(l).totalCols());
}

void Emitter::emitWeightLayer(const Node& node, const StagePlacement& stage)
{
    std::map<std::int32_t, std::int32_t> mvmOfCore;
    for (const StageCoreWork& w : stage.cores) {
        std::vector<std::int32_t> deps = {m_partitionReady};
        for (TensorId t : node.inputs) {
            const auto d = depsOn(t, w.core);
            deps.insert(deps.end(), d.begin(), d.end());
        }
        deps = spillRoundTrip(w.inputBuffer, w.core, stage.layer, std::move(deps));
        Instruction mvm;
        mvm.opcode = Opcode::Mvmul;
        mvm.core = w.core;
        mvm.input = m_input;
        mvm.layer = stage.layer;
        mvm.count = w.activations;
        mvm.events = w.conversions;
        mvm.steps = w.steps;
        mvm.localBytes = w.localBytes;
        mvm.buffer = w.inputBuffer;
        mvm.deps = std::move(deps);
        mvmOfCore[w.core] = emit(std::move(mvm));
    }
    // Partial sums between consecutive row chunks on different cores.
    const std::size_t l = idx(stage.layer);
    const std::int32_t x = std::max(m_span.begin, m_s.units.layerFirstUnit(l));
    const std::int32_t y = std::min(m_span.end, m_s.units.layerEndUnit(l));
    std::map<std::pair<std::int32_t, std::int32_t>, double> psum;
    for (std::int32_t u = x; u + 1 < y; ++u) {
        const PartitionUnit& unit = m_s.units.unit(idx(u));
        if (unit.isLastChunk())
            continue;
        const std::int32_t src = m_pp->coreOfUnit[idx(u - m_span.begin)];
        const std::int32_t dst = m_pp->coreOfUnit[idx(u + 1 - m_span.begin)];
        if (src == dst)
            continue;
        psum[{src, dst}] += static_cast<double>(m_s.units.layer(l).vectorsPerInference) *
                            static_cast<double>(unit.cols) *
                            static_cast<double>(m_s.options.partialSumBits) / 8.0;
    }
    std::map<std::int32_t, std::vector<std::int32_t>> recvsOfCore;
    for (const auto& [pair, bytes] : psum) {
        Instruction send;
        send.opcode = Opcode::Send;
        send.dataKind = DataKind::PartialSum;
        send.core = pair.first;
        send.peer = pair.second;
        send.input = m_input;
        send.layer = stage.layer;
        send.bytes = bytes;
        send.deps = {mvmOfCore[pair.first]};
        const std::int32_t si = emit(std::move(send));
        Instruction recv = m_prog.instructions[idx(si)];
        recv.opcode = Opcode::Recv;
        recv.core = pair.second;
        recv.peer = pair.first;
        recv.deps = {si};
        recvsOfCore[pair.second].push_back(emit(std::move(recv)));
    }
    const bool psumEntryHere =
        m_psumEntryLoad >= 0 && m_s.units.unit(idx(m_span.begin)).layerIndex == stage.layer;
    std::vector<std::int32_t> stageDeps;
    std::map<std::int32_t, std::int32_t> lastOfCore;
    for (const StageCoreWork& w : stage.cores) {
        std::int32_t last = mvmOfCore[w.core];
        const bool entryOnCore = psumEntryHere && m_pp->coreOfUnit[0] == w.core;
        if (w.psumAddBytes > 0.0 || entryOnCore) {
            Instruction acc;
            acc.opcode = Opcode::VfuAccumulate;
            acc.core = w.core;
            acc.input = m_input;
            acc.layer = stage.layer;
            acc.bytes = w.psumAddBytes;
            acc.deps = {last};
            for (std::int32_t r : recvsOfCore[w.core])
                acc.deps.push_back(r);
            if (entryOnCore)
                acc.deps.push_back(m_psumEntryLoad);
            last = emit(std::move(acc));
        }
        const auto d = spillRoundTrip(w.outputBuffer, w.core, stage.layer, {last});
        last = d.front();
        lastOfCore[w.core] = last;
        stageDeps.push_back(last);
    }
    const std::int32_t done = sync(stage.homeCore, stageDeps, m_input, stage.layer);
    produced(firstOutput(node), done, stage.homeCore, fractionProducedInSpan(stage.layer));
    // Partial sums crossing the partition's end go to DRAM.
    if (m_s.units.cutSplitsColumnBlock(m_span.end) &&
        m_s.units.unit(idx(m_span.end - 1)).layerIndex == stage.layer) {
        for (const BoundaryTensor& e : m_io.exits) {
            if (e.kind != BoundaryTensor::Kind::PartialSum)
                continue;
            const std::int32_t core = m_pp->coreOfUnit[idx(m_span.end - 1 - m_span.begin)];
            Instruction store;
            store.opcode = Opcode::StoreData;
            store.dataKind = DataKind::PartialSum;
            store.core = core;
            store.input = m_input;
            store.layer = stage.layer;
            store.unit = m_span.end - 1;
            store.bytes = e.bytes;
            store.deps = {lastOfCore.count(core) ? lastOfCore[core] : done};
            auto& perInput = m_stores["psum" + std::to_string(m_span.end - 1)];
            perInput.resize(idx(static_cast<std::int32_t>(m_prog.batchSize)));
            perInput[idx(m_input)].push_back(emit(std::move(store)));
        }
    }
}

void Emitter::emitWeightFree(const Node& node)
{
    const NodePlacement& p = m_s.units.placement(node.id);
    const StagePlacement* stage = m_pp->stage(p.ownerLayer);
    const std::int32_t core = stage ? stage->homeCore : 0;
    std::vector<std::int32_t> deps = {m_partitionReady};
    double inBytes = 0.0;
    double outBytes = 0.0;
    for (TensorId t : node.inputs) {
        inBytes += m_s.io.tensorBytes(t);
        const auto d = depsOn(t, core);
        deps.insert(deps.end(), d.begin(), d.end());
    }
    for (TensorId t : node.outputs)
        outBytes += m_s.io.tensorBytes(t);
    Instruction op;
    op.opcode = Opcode::VfuOp;
    op.core = core;
    op.input = m_input;
    op.layer = p.ownerLayer;
    op.node = node.id.value;
    op.vfuKind = vfuKindOf(node.kind);
    if (op.vfuKind != VfuKind::DataMovement) {
        op.bytes = inBytes;
        op.localBytes = inBytes + outBytes;
    }
    op.deps = std::move(deps);
    const std::int32_t i = emit(std::move(op));
    for (TensorId t : node.outputs)
        produced(t, i, core, 1.0);
}

void Emitter::emitPartition(std::int32_t p)
{
    m_partition = p;
    m_pp = &m_s.placements[idx(p)];
    m_span = m_pp->span;
    m_io = m_s.io.spanIo(m_span.begin, m_span.end);
    ProgramPartition part;
    part.span = m_span;
    part.replication = m_pp->replication;
    part.coresUsed = m_pp->coresUsed;
    part.firstInstruction = static_cast<std::int32_t>(m_prog.instructions.size());
    m_coreInstrs.assign(idx(m_prog.cores), {});

    // Weight replacement: a core loads once its own work in the previous partition is done
    // and the previous partition's weights are all loaded (DRAM serves partitions in order).
    const ArchSpec& arch = m_s.arch;
    const double weightBytes = static_cast<double>(arch.weightBits) / 8.0;
    std::vector<std::vector<std::int32_t>> coresOfUnit(idx(m_span.size()));
    for (const UnitCopyPlacement& c : m_pp->copies)
        coresOfUnit[idx(c.unit - m_span.begin)].push_back(c.core);
    std::vector<std::int32_t> loads;
    std::vector<std::int32_t> writes;
    std::int32_t loadOfUnit = -1;
    for (const UnitCopyPlacement& c : m_pp->copies) {
        const PartitionUnit& unit = m_s.units.unit(idx(c.unit));
        if (c.copy == 0) {
            Instruction load;
            load.opcode = Opcode::LoadWeight;
            load.core = c.core;
            load.unit = c.unit;
            load.layer = unit.layerIndex;
            load.bytes = static_cast<double>(unit.weights) * weightBytes;
            if (m_prevWeightsLoaded >= 0)
                load.deps.push_back(m_prevWeightsLoaded);
            if (!m_s.options.earlyReplacement) {
                for (std::int32_t done : m_prevCoreDone)
                    if (done >= 0)
                        load.deps.push_back(done);
            }
            for (std::int32_t core : coresOfUnit[idx(c.unit - m_span.begin)]) {
                if (idx(core) < m_prevCoreDone.size() && m_prevCoreDone[idx(core)] >= 0)
                    load.deps.push_back(m_prevCoreDone[idx(core)]);
            }
            std::sort(load.deps.begin(), load.deps.end());
            load.deps.erase(std::unique(load.deps.begin(), load.deps.end()), load.deps.end());
            loadOfUnit = emit(std::move(load));
            loads.push_back(loadOfUnit);
        }
        Instruction write;
        write.opcode = Opcode::WriteWeight;
        write.core = c.core;
        write.unit = c.unit;
        write.copy = c.copy;
        write.layer = unit.layerIndex;
        write.count = unit.crossbars * arch.crossbarRows;
        write.events = unit.weights * arch.weightBits;
        write.deps = {loadOfUnit};
        if (c.copy > 0 && idx(c.core) < m_prevCoreDone.size() && m_prevCoreDone[idx(c.core)] >= 0)
            write.deps.push_back(m_prevCoreDone[idx(c.core)]);
        writes.push_back(emit(std::move(write)));
    }
    const std::int32_t weightsLoaded = sync(0, loads);
    m_partitionReady = sync(0, writes);

    const std::int32_t batch = static_cast<std::int32_t>(m_prog.batchSize);
    for (m_input = 0; m_input < batch; ++m_input) {
        m_avail.clear();
        m_psumEntryLoad = -1;
        for (const BoundaryTensor& e : m_io.entries) {
            Instruction load;
            load.opcode = Opcode::LoadData;
            load.input = m_input;
            load.bytes = e.bytes;
            load.deps = {m_partitionReady};
            std::string key;
            if (e.kind == BoundaryTensor::Kind::PartialSum) {
                load.dataKind = DataKind::PartialSum;
                load.core = m_pp->coreOfUnit[0];
                load.unit = m_span.begin - 1;
                load.layer = m_s.units.unit(idx(m_span.begin)).layerIndex;
                key = "psum" + std::to_string(m_span.begin - 1);
            } else {
                load.tensor = e.tensor.value;
                key = "t" + std::to_string(e.tensor.value);
                // Onto the home core of the first stage in the span that consumes it.
                load.core = m_pp->stages.front().homeCore;
                for (NodeId c : m_s.graph.tensor(e.tensor).consumers) {
                    const NodePlacement& pl = m_s.units.placement(c);
                    if (pl.isPlaced() && pl.firstUnit < m_span.end && pl.endUnit > m_span.begin) {
                        if (const StagePlacement* st = m_pp->stage(pl.ownerLayer))
                            load.core = st->homeCore;
                        break;
                    }
                }
            }
            const auto it = m_stores.find(key);
            if (it != m_stores.end() && idx(m_input) < it->second.size()) {
                const auto& s = it->second[idx(m_input)];
                load.deps.insert(load.deps.end(), s.begin(), s.end());
            }
            const std::int32_t li = emit(std::move(load));
            if (e.kind == BoundaryTensor::Kind::PartialSum)
                m_psumEntryLoad = li;
            else
                m_avail[e.tensor.value].loads.push_back(li);
        }
        for (const Node& node : m_s.graph.nodes()) {
            const NodePlacement& pl = m_s.units.placement(node.id);
            if (!pl.isPlaced() || pl.firstUnit >= m_span.end || pl.endUnit <= m_span.begin)
                continue;
            if (pl.isWeightLayer) {
                if (const StagePlacement* st = m_pp->stage(pl.ownerLayer))
                    emitWeightLayer(node, *st);
            } else {
                emitWeightFree(node);
            }
        }
    }

    // Each core's work in this partition: the next partition's replacement waits for it.
    std::vector<std::int32_t> coreDone(idx(m_prog.cores), -1);
    for (std::int32_t c = 0; c < m_prog.cores; ++c) {
        if (!m_coreInstrs[idx(c)].empty())
            coreDone[idx(c)] = sync(c, m_coreInstrs[idx(c)]);
    }
    m_prevCoreDone = std::move(coreDone);
    m_prevWeightsLoaded = weightsLoaded;
    part.endInstruction = static_cast<std::int32_t>(m_prog.instructions.size());
    m_prog.partitions.push_back(std::move(part));
}

bool Emitter::run()
{
    m_prog.instructions.clear();
    m_prog.partitions.clear();
    for (std::int32_t p = 0; p < m_s.plan.partitionCount(); ++p)
        emitPartition(p);
    return true;
}

} // namespace

bool InstructionEmissionPass::run(ScheduleState& s, DiagnosticSink& diagnostics)
{
    if (s.placements.size() != static_cast<std::size_t>(s.plan.partitionCount())) {
        diagnostics.error("instruction emission needs the core placement of every partition");
        return false;
    }
    return Emitter(s).run();
}

} // namespace compass
