// SPDX-License-Identifier: MIT
// The three scheduling passes: core placement, local memory, instruction emission.
#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/mapping/attention_mapping.h"
#include "core/mapping/core_packer.h"
#include "core/mapping/unit_table.h"
#include "core/partition/replication.h"
#include "core/partition/span_io.h"
#include "core/pipeline/pipeline_state.h"
#include "core/pipeline/product_dump.h"
#include "core/problem/mapped_problem.h"
#include "core/schedule/local_memory_allocator.h"
#include "core/schedule/row_window.h"
#include "core/schedule/schedule_pass.h"
#include "core/support/diagnostics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace compass {

namespace {

/// What the schedule passes read and write, borrowed from the pipeline state for one pass: the
/// mapped problem's parts, the plan, and the schedule products.
struct ScheduleState
{
    const Graph& graph;
    const ArchSpec& arch;
    const UnitTable& units;
    const SpanIoModel& io;
    const CostingOptions& costing;
    const ScheduleOptions& options;
    const Plan& plan;
    std::vector<PartitionPlacement>& placements;
    Program& program;
};

/// The view of `state` for `pass`, or nullopt after reporting what is missing.
std::optional<ScheduleState> scheduleState(PipelineState& state, const Pass& pass,
                                           DiagnosticSink& diagnostics)
{
    const std::string name = pass.name();
    if (!state.problem || !state.plan) {
        diagnostics.error(name + ": needs the mapped problem and a plan (run span-io, then "
                                 "search or give the cuts)");
        return std::nullopt;
    }
    if (!state.program) {
        diagnostics.error(name + ": needs the program core-placement opens (run it first)");
        return std::nullopt;
    }
    const MappedProblem& p = *state.problem;
    return ScheduleState{p.graph(),      p.arch(),    p.units(),        p.io(),        p.costing(),
                         state.schedule, *state.plan, state.placements, *state.program};
}

/// A program with its header and names filled in and no instructions yet.
Program openProgram(const MappedProblem& problem)
{
    Program program;
    program.model = problem.graph().name;
    program.arch = problem.arch().name;
    program.batchSize = problem.batchSize();
    program.cores = static_cast<std::int32_t>(problem.arch().cores);
    program.localMemoryBytes = problem.arch().localMemoryBytes;
    const UnitTable& units = problem.units();
    for (std::int32_t l = 0; l < units.layerCount(); ++l)
        program.layerNames.push_back(units.layerName(static_cast<std::size_t>(l)));
    for (const Tensor& t : problem.graph().tensors())
        program.tensorNames.push_back(t.name);
    for (const Node& n : problem.graph().nodes())
        program.nodeNames.push_back(n.name);
    return program;
}

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
    case OpKind::LayerNormalization:
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
std::vector<std::int64_t> placementSizes(const UnitTable& table, UnitSpan span,
                                         const std::vector<UnitCopyPlacement>& copies)
{
    std::vector<std::int64_t> sizes;
    sizes.reserve(copies.size());
    for (const UnitCopyPlacement& c : copies)
        sizes.push_back(table.unit(idx(c.unit)).crossbars);
    for (std::int32_t p = table.attentionPieceBegin(span.begin);
         p < table.attentionPieceBegin(span.end); ++p)
        sizes.push_back(table.attentionPieces()[idx(p)].crossbars);
    return sizes;
}

std::optional<PartitionPlacement> placeCopies(const UnitTable& table, const ArchSpec& arch,
                                              UnitSpan span,
                                              const std::vector<LayerReplication>& replication)
{
    PartitionPlacement pp;
    pp.span = span;
    pp.replication = replication;
    std::vector<std::int32_t> factorOfLayer(idx(table.layerCount()), 1);
    for (const LayerReplication& r : replication)
        factorOfLayer[idx(r.layerIndex)] = r.factor;
    // Best-fit decreasing, copy by copy (largest first, ties in unit then copy order).
    for (std::int32_t u = span.begin; u < span.end; ++u) {
        const std::int32_t r = factorOfLayer[idx(table.unit(idx(u)).layerIndex)];
        for (std::int32_t k = 0; k < r; ++k)
            pp.copies.push_back(UnitCopyPlacement{u, k, -1});
    }
    const std::vector<std::int64_t> sizes = placementSizes(table, span, pp.copies);
    const std::vector<std::int32_t> coreOf =
        placeBestFitDecreasing(sizes, arch.cores, arch.crossbarsPerCore);
    if (coreOf.empty() && !sizes.empty())
        return std::nullopt;
    for (std::size_t i = 0; i < coreOf.size(); ++i) {
        if (i < pp.copies.size())
            pp.copies[i].core = coreOf[i];
        else
            pp.coreOfAttentionPiece.push_back(coreOf[i]);
        pp.coresUsed = std::max(pp.coresUsed, coreOf[i] + 1);
    }
    pp.coreOfUnit.assign(idx(span.size()), 0);
    for (const UnitCopyPlacement& c : pp.copies) {
        if (c.copy == 0)
            pp.coreOfUnit[idx(c.unit - span.begin)] = c.core;
    }
    return pp;
}

std::optional<PartitionPlacement> placePartition(const MappedProblem& problem, UnitSpan span)
{
    const UnitTable& table = problem.units();
    Replication rep;
    if (problem.costing().replicate)
        rep = solveReplication(table, span.begin, span.end);
    if (!problem.costing().replicate || rep.layers.empty()) {
        rep.layers.clear();
        rep.factors.clear();
        const std::int32_t l0 = table.unit(idx(span.begin)).layerIndex;
        const std::int32_t l1 = table.unit(idx(span.end - 1)).layerIndex;
        for (std::int32_t l = l0; l <= l1; ++l) {
            rep.layers.push_back(l);
            rep.factors.push_back(1);
        }
    }
    std::vector<LayerReplication> replication;
    for (std::size_t i = 0; i < rep.layers.size(); ++i)
        replication.push_back(LayerReplication{rep.layers[i], rep.factors[i]});
    return placePartition(problem, span, replication);
}

std::optional<PartitionPlacement> placePartition(const MappedProblem& problem, UnitSpan span,
                                                 const std::vector<LayerReplication>& replication)
{
    const UnitTable& table = problem.units();
    const ArchSpec& arch = problem.arch();
    const CostingOptions& costing = problem.costing();
    const std::int64_t colsPerWeight = arch.columnsPerWeight();
    const std::int64_t inputSteps = arch.inputSteps();
    {
        std::optional<PartitionPlacement> placed = placeCopies(table, arch, span, replication);
        if (!placed)
            return std::nullopt;
        PartitionPlacement& pp = *placed;
        std::vector<std::int32_t> factorOfLayer(idx(table.layerCount()), 1);
        for (const LayerReplication& r : pp.replication)
            factorOfLayer[idx(r.layerIndex)] = r.factor;
        const std::int32_t coresUsed = pp.coresUsed;
        pp.stages.reserve(replication.size());

        // Stage work per core. The copies of a unit are contiguous in pp.copies (unit order,
        // then copy order): firstCopy[u - begin] is where unit u's start. Per core, one
        // accumulator for the stage being built, and the cores it touched (the estimator
        // places every span it costs, so no map and no vector per unit).
        std::vector<std::size_t> firstCopy(idx(span.size()) + 1, 0);
        for (const UnitCopyPlacement& c : pp.copies)
            ++firstCopy[idx(c.unit - span.begin) + 1];
        for (std::size_t i = 1; i < firstCopy.size(); ++i)
            firstCopy[i] += firstCopy[i - 1];
        std::vector<StageCoreWork> workOfCore(idx(coresUsed));
        std::vector<char> touched(idx(coresUsed), 0);
        std::vector<std::int32_t> touchedCores;
        for (const LayerReplication& layerReplication : replication) {
            const std::int32_t layerIndex = layerReplication.layerIndex;
            const std::size_t l = idx(layerIndex);
            const LayerTiling& tiling = table.layer(l);
            const Node& node = problem.graph().node(tiling.layer);
            const double inBytes = problem.io().tensorBytes(firstInput(node));
            const double outBytes = problem.io().tensorBytes(firstOutput(node));
            const std::int64_t v = tiling.vectorsPerInference;
            const std::int32_t r = factorOfLayer[l];
            StagePlacement stage;
            stage.layer = layerIndex;
            stage.factor = r;
            touchedCores.clear();
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
                const std::size_t first = firstCopy[idx(u - span.begin)];
                const std::size_t end = firstCopy[idx(u - span.begin) + 1];
                for (std::size_t k = 0; k < end - first; ++k) {
                    const std::int64_t share =
                        v / r + (static_cast<std::int64_t>(k) < v % r ? 1 : 0);
                    const std::int32_t core = pp.copies[first + k].core;
                    StageCoreWork& w = workOfCore[idx(core)];
                    if (!touched[idx(core)]) {
                        touched[idx(core)] = 1;
                        touchedCores.push_back(core);
                        w = StageCoreWork{};
                        w.core = core;
                    }
                    const double frac = static_cast<double>(share) / static_cast<double>(v);
                    w.steps = std::max(w.steps, share);
                    w.activations += share * unit.crossbars;
                    w.conversions +=
                        share * unit.crossbars * unit.cols * colsPerWeight * inputSteps;
                    w.inputBytes += frac * inBytes * rowShare;
                    w.outputBytes += frac * outBytes * colShare;
                    w.localBytes += frac * (inBytes * rowShare + outBytes * colShare);
                    w.psumAddBytes += static_cast<double>(share) * static_cast<double>(unit.cols) *
                                      adds * static_cast<double>(costing.partialSumBits) / 8.0;
                }
            }
            // In core order, as the map this replaced gave them.
            std::sort(touchedCores.begin(), touchedCores.end());
            stage.cores.reserve(touchedCores.size());
            for (std::int32_t core : touchedCores) {
                stage.cores.push_back(workOfCore[idx(core)]);
                touched[idx(core)] = 0;
            }
            stage.homeCore = pp.coreOfUnit[idx(y - 1 - span.begin)];
            pp.stages.push_back(std::move(stage));
        }
        return placed;
    }
}

namespace {

bool placeCores(const ScheduleState& s, const MappedProblem& problem, DiagnosticSink& diagnostics)
{
    s.placements.clear();
    for (std::int32_t p = 0; p < s.plan.partitionCount(); ++p) {
        const UnitSpan span = s.plan.partition(p);
        if (span.begin >= span.end || span.begin < 0 || span.end > s.units.unitCount()) {
            diagnostics.error("partition " + std::to_string(p) + " is empty or out of range",
                              partitionLocation(s, p));
            return false;
        }
        std::optional<PartitionPlacement> pp = placePartition(problem, span);
        if (!pp) {
            diagnostics.error("partition " + std::to_string(p) + " (units " +
                                  std::to_string(span.begin) + "-" + std::to_string(span.end) +
                                  ") does not fit " + std::to_string(s.arch.cores) + " cores of " +
                                  std::to_string(s.arch.crossbarsPerCore) + " crossbars",
                              partitionLocation(s, p));
            return false;
        }
        s.placements.push_back(std::move(*pp));
    }
    return true;
}

} // namespace

bool CorePlacementPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    if (state.problem && state.plan) {
        const std::int32_t units = state.problem->unitCount();
        if (state.plan->unitCount() != units || state.plan->partitionCount() == 0) {
            diagnostics.error("schedule: the plan covers " +
                              std::to_string(state.plan->unitCount()) + " units, the network has " +
                              std::to_string(units));
            return false;
        }
        state.program = openProgram(*state.problem);
    }
    const std::optional<ScheduleState> s = scheduleState(state, *this, diagnostics);
    return s && placeCores(*s, *state.problem, diagnostics);
}

std::string CorePlacementPass::dump(const PipelineState& state) const
{
    return state.problem ? dumpPlacements(state.placements, state.problem->units()) : std::string();
}

// ---------------------------------------------------------------------------------------------
void allocatePartitionBuffers(const MappedProblem& problem, std::int32_t partition,
                              PartitionPlacement& pp, std::vector<LocalBuffer>& buffers)
{
    const Graph& graph = problem.graph();
    const ArchSpec& arch = problem.arch();
    const std::int64_t capacity = arch.localMemoryBytes;
    const std::int64_t stagingBytes = arch.crossbarBits() / 8;
    auto add = [&](LocalBuffer b, LocalMemoryAllocator& alloc) {
        const auto offset = alloc.allocate(static_cast<std::int64_t>(std::ceil(b.bytes)));
        b.offset = offset ? *offset : -1;
        b.spilled = !offset.has_value();
        buffers.push_back(std::move(b));
        return static_cast<std::int32_t>(buffers.size() - 1);
    };
    std::vector<LocalMemoryAllocator> alloc(idx(pp.coresUsed), LocalMemoryAllocator(capacity));
    for (std::int32_t c = 0; c < pp.coresUsed; ++c) {
        LocalBuffer b;
        b.core = c;
        b.partition = partition;
        b.purpose = "weights";
        b.bytes = static_cast<double>(stagingBytes);
        add(std::move(b), alloc[idx(c)]);
    }
    for (StagePlacement& stage : pp.stages) {
        const Node& node = graph.node(problem.units().layer(idx(stage.layer)).layer);
        const LineBufferFractions frac = lineBufferFractions(graph, node);
        const double inFrac = frac.input;
        const double outFrac = frac.output;
        for (StageCoreWork& w : stage.cores) {
            auto buffer = [&](const char* purpose, double bytesPerInput, double fraction) {
                LocalBuffer b;
                b.core = w.core;
                b.partition = partition;
                b.layer = stage.layer;
                b.purpose = purpose;
                b.bytes = bytesPerInput * fraction;
                b.bytesPerInput = bytesPerInput;
                return add(std::move(b), alloc[idx(w.core)]);
            };
            w.inputBuffer = buffer("input", w.inputBytes, inFrac);
            if (w.outputBytes > 0.0)
                w.outputBuffer = buffer("output", w.outputBytes, outFrac);
        }
    }
}

namespace {

bool allocateLocalMemory(const ScheduleState& s, const MappedProblem& problem,
                         DiagnosticSink& diagnostics)
{
    std::vector<LocalBuffer>& buffers = s.program.buffers;
    buffers.clear();
    for (std::size_t p = 0; p < s.placements.size(); ++p)
        allocatePartitionBuffers(problem, static_cast<std::int32_t>(p), s.placements[p], buffers);
    std::int64_t spills = 0;
    for (const LocalBuffer& b : buffers)
        spills += b.spilled ? 1 : 0;
    if (spills > 0) {
        diagnostics.note(std::to_string(spills) + " local buffers do not fit " +
                         std::to_string(s.arch.localMemoryBytes) +
                         " bytes of local memory and spill to DRAM");
    }
    return true;
}

} // namespace

bool LocalMemoryPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    const std::optional<ScheduleState> s = scheduleState(state, *this, diagnostics);
    return s && allocateLocalMemory(*s, *state.problem, diagnostics);
}

std::string LocalMemoryPass::dump(const PipelineState& state) const
{
    return state.program ? dumpLocalMemory(*state.program) : std::string();
}

// ---------------------------------------------------------------------------------------------
namespace {

/// Builds the instruction list; one instance per compile.
class Emitter
{
public:
    explicit Emitter(const ScheduleState& s)
        : m_s(s)
        , m_prog(s.program)
        , m_blocking{s.arch.streamingRowsPerBlock()}
    {}

    bool run();

private:
    /// How one tensor of the current input becomes available: whole-tensor loads (entries),
    /// or the bus transfer of each row block its producer sends (one block when it is not
    /// streamed); blocks are sent in order, so a consumer waits for the last block it needs.
    struct Avail
    {
        std::vector<std::int32_t> loads;
        std::int32_t producerCore = -1;
        /// Read only by the producing stage's operators, on its home core: `send` holds the
        /// producing instructions and nothing crosses the bus (SpanIoModel::staysOnProducerCore).
        bool local = false;
        std::vector<std::int32_t> send;                          ///< Per block.
        std::vector<std::map<std::int32_t, std::int32_t>> recvs; ///< Per block, by core.
    };
    /// Output rows [begin, end) of one row block of a node, of `rows`.
    struct BlockRows
    {
        std::int64_t begin = 0;
        std::int64_t end = 1;
        std::int64_t rows = 1;
        double share() const
        {
            return static_cast<double>(end - begin) /
                   static_cast<double>(std::max<std::int64_t>(1, rows));
        }
        /// The block's part of an integer total (the parts of all blocks sum to the total).
        std::int64_t part(std::int64_t total) const
        {
            return total * end / rows - total * begin / rows;
        }
    };
    BlockRows blockRows(TensorId output, std::int64_t block) const
    {
        const std::int64_t rows = std::max<std::int64_t>(1, tensorRows(m_s.graph, output));
        if (m_blocking.blockCount(rows) <= 1)
            return BlockRows{0, rows, rows};
        return BlockRows{m_blocking.blockBegin(rows, block), m_blocking.blockBegin(rows, block + 1),
                         rows};
    }
    std::int64_t blocksOf(TensorId output) const
    {
        return m_blocking.blockCount(tensorRows(m_s.graph, output));
    }
    /// Dependencies of `node`'s block `block` on every input it reads, on `core`.
    void addInputDeps(const Node& node, std::int64_t block, std::int32_t core,
                      std::vector<std::int32_t>& deps)
    {
        for (TensorId t : node.inputs) {
            const auto d = depsOn(t, core, inputBlockNeeded(m_s.graph, node, t, m_blocking, block));
            deps.insert(deps.end(), d.begin(), d.end());
        }
    }
    /// Chains `instruction` after the previous one of the same (node, core) key: row blocks
    /// run in order and input b + 1 follows input b through each stage.
    void chainAfterPrevious(std::int32_t node, std::int32_t core, std::vector<std::int32_t>& deps)
    {
        const auto it = m_chain.find({node, core});
        if (it != m_chain.end())
            deps.push_back(it->second);
    }

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
    std::vector<std::int32_t> depsOn(TensorId t, std::int32_t core, std::int64_t block);
    void produced(TensorId t, std::int32_t producer, std::int32_t core, double fraction,
                  std::int64_t block, std::int64_t blocks);
    std::vector<std::int32_t> spillRoundTrip(std::int32_t bufferIndex, std::int32_t core,
                                             std::int32_t layer, std::vector<std::int32_t> deps,
                                             double share);
    void emitPartition(std::int32_t p);
    void emitWeightLayer(const Node& node, const StagePlacement& stage);
    void emitWeightFree(const Node& node);
    void emitAttentionOnCrossbars(const Node& node, const AttentionMapping& mapping);
    double fractionProducedInSpan(std::int32_t layer) const;

    const ScheduleState& m_s;
    Program& m_prog;
    RowBlocking m_blocking;
    /// Last instruction per (node id, core; -1 for the stage's completion) in this partition.
    std::map<std::pair<std::int32_t, std::int32_t>, std::int32_t> m_chain;
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

std::vector<std::int32_t> Emitter::depsOn(TensorId t, std::int32_t core, std::int64_t block)
{
    std::vector<std::int32_t> deps;
    if (!t.isValid())
        return deps;
    auto it = m_avail.find(t.value);
    if (it == m_avail.end())
        return deps;
    Avail& a = it->second;
    deps = a.loads;
    if (a.send.empty())
        return deps;
    const std::size_t b =
        std::min(a.send.size() - 1, static_cast<std::size_t>(std::max<std::int64_t>(0, block)));
    const std::int32_t send = a.send[b];
    if (send < 0)
        return deps;
    if (core == a.producerCore || a.local) {
        deps.push_back(send);
    } else {
        auto r = a.recvs[b].find(core);
        if (r == a.recvs[b].end()) {
            Instruction recv;
            recv.opcode = Opcode::Recv;
            recv.core = core;
            recv.input = m_input;
            recv.tensor = t.value;
            recv.peer = a.producerCore;
            recv.bytes = m_prog.instructions[idx(send)].bytes;
            recv.deps = {send};
            r = a.recvs[b].emplace(core, emit(std::move(recv))).first;
        }
        deps.push_back(r->second);
    }
    return deps;
}

void Emitter::produced(TensorId t, std::int32_t producer, std::int32_t core, double fraction,
                       std::int64_t block, std::int64_t blocks)
{
    if (!t.isValid())
        return;
    // A tensor whose rows do not follow the node's blocks is handed over whole at the end.
    const bool streamed = blocksOf(t) == blocks && blocks > 1;
    if (!streamed && block + 1 < blocks)
        return;
    const double share = streamed ? blockRows(t, block).share() : 1.0;
    const double bytes = m_s.io.tensorBytes(t) * fraction * share;
    if (bytes <= 0.0)
        return;
    const bool last = block + 1 >= blocks;
    if (consumedInSpan(t) && m_s.io.staysOnProducerCore(t)) {
        Avail& a = m_avail[t.value];
        const std::size_t count = streamed ? static_cast<std::size_t>(blocks) : 1;
        a.send.resize(count, -1);
        a.recvs.resize(count);
        a.send[streamed ? static_cast<std::size_t>(block) : 0] = producer;
        a.producerCore = core;
        a.local = true;
    } else if (consumedInSpan(t)) {
        Instruction send;
        send.opcode = Opcode::Send;
        send.core = core;
        send.input = m_input;
        send.tensor = t.value;
        send.bytes = bytes;
        send.deps = {producer};
        Avail& a = m_avail[t.value];
        const std::size_t count = streamed ? static_cast<std::size_t>(blocks) : 1;
        a.send.resize(count, -1);
        a.recvs.resize(count);
        a.send[streamed ? static_cast<std::size_t>(block) : 0] = emit(std::move(send));
        a.producerCore = core;
    }
    // Exit tensors are stored whole once their last block exists (blocks complete in order).
    for (const BoundaryTensor& e : m_io.exits) {
        if (!last || e.kind != BoundaryTensor::Kind::Activation || e.tensor != t)
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
                                                  std::vector<std::int32_t> deps, double share)
{
    if (bufferIndex < 0 || !m_prog.buffers[idx(bufferIndex)].spilled)
        return deps;
    const double bytes = m_prog.buffers[idx(bufferIndex)].bytesPerInput * share;
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
    // Partial sums between consecutive row chunks on different cores, per input.
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
                            static_cast<double>(m_s.costing.partialSumBits) / 8.0;
    }
    const bool psumEntryHere =
        m_psumEntryLoad >= 0 && m_s.units.unit(idx(m_span.begin)).layerIndex == stage.layer;
    const TensorId output = firstOutput(node);
    const std::int64_t blocks = blocksOf(output);
    const double producedFraction = fractionProducedInSpan(stage.layer);
    for (std::int64_t block = 0; block < blocks; ++block) {
        const BlockRows rows = blockRows(output, block);
        const double share = rows.share();
        std::map<std::int32_t, std::int32_t> mvmOfCore;
        for (const StageCoreWork& w : stage.cores) {
            std::vector<std::int32_t> deps = {m_partitionReady};
            addInputDeps(node, block, w.core, deps);
            chainAfterPrevious(node.id.value, w.core, deps);
            deps = spillRoundTrip(w.inputBuffer, w.core, stage.layer, std::move(deps), share);
            Instruction mvm;
            mvm.opcode = Opcode::Mvmul;
            mvm.core = w.core;
            mvm.input = m_input;
            mvm.layer = stage.layer;
            mvm.count = rows.part(w.activations);
            mvm.events = rows.part(w.conversions);
            mvm.steps = rows.part(w.steps);
            mvm.localBytes = w.localBytes * share;
            mvm.buffer = w.inputBuffer;
            mvm.deps = std::move(deps);
            mvmOfCore[w.core] = emit(std::move(mvm));
            m_chain[{node.id.value, w.core}] = mvmOfCore[w.core];
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
            send.bytes = bytes * share;
            send.deps = {mvmOfCore[pair.first]};
            const std::int32_t si = emit(std::move(send));
            Instruction recv = m_prog.instructions[idx(si)];
            recv.opcode = Opcode::Recv;
            recv.core = pair.second;
            recv.peer = pair.first;
            recv.deps = {si};
            recvsOfCore[pair.second].push_back(emit(std::move(recv)));
        }
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
                acc.bytes = w.psumAddBytes * share;
                acc.deps = {last};
                for (std::int32_t r : recvsOfCore[w.core])
                    acc.deps.push_back(r);
                if (entryOnCore)
                    acc.deps.push_back(m_psumEntryLoad);
                last = emit(std::move(acc));
            }
            const auto d = spillRoundTrip(w.outputBuffer, w.core, stage.layer, {last}, share);
            last = d.front();
            lastOfCore[w.core] = last;
            stageDeps.push_back(last);
        }
        // The stage's blocks complete in order, so a consumer waits for the last one it needs.
        chainAfterPrevious(node.id.value, -1, stageDeps);
        const std::int32_t done = sync(stage.homeCore, stageDeps, m_input, stage.layer);
        m_chain[{node.id.value, -1}] = done;
        produced(output, done, stage.homeCore, producedFraction, block, blocks);
        // Partial sums crossing the partition's end go to DRAM, once the last block is done.
        if (block + 1 < blocks || !m_s.units.cutSplitsColumnBlock(m_span.end) ||
            m_s.units.unit(idx(m_span.end - 1)).layerIndex != stage.layer)
            continue;
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

void Emitter::emitAttentionOnCrossbars(const Node& node, const AttentionMapping& mapping)
{
    // docs/cost-model.md, "Attention on crossbars": for every input, each piece's core writes
    // its part of the right operand once all of it exists (and once the previous input's MVMs
    // on those crossbars are done), then each block of left-operand rows is MVMs on them.
    const NodePlacement& p = m_s.units.placement(node.id);
    const StagePlacement* stage = m_pp->stage(p.ownerLayer);
    const std::int32_t home = stage ? stage->homeCore : 0;
    const ActivationMatMul& am = *node.activationMatMul;
    const std::int32_t pieceBase = m_s.units.attentionPieceBegin(m_span.begin);
    const auto& pieces = m_s.units.attentionPieces();
    const TensorId output = firstOutput(node);
    const std::int64_t blocks = blocksOf(output);
    double inBytes = 0.0;
    double outBytes = 0.0;
    for (TensorId t : node.inputs)
        inBytes += m_s.io.tensorBytes(t);
    for (TensorId t : node.outputs)
        outBytes += m_s.io.tensorBytes(t);
    const double psumBytes = static_cast<double>(mapping.partialSumAdds) *
                             static_cast<double>(m_s.costing.partialSumBits) / 8.0;
    auto pieceKey = [](std::int32_t piece) { return -2 - piece; };
    // The operand write and the MVMs of piece q on its core, for this input.
    auto pieceInstruction = [&](Opcode opcode, std::int32_t q, std::int32_t core) {
        Instruction i;
        i.opcode = opcode;
        i.core = core;
        i.input = m_input;
        i.layer = p.ownerLayer;
        i.node = node.id.value;
        i.unit = q;
        return i;
    };
    std::vector<std::int32_t> writeOf(idx(mapping.endPiece - mapping.firstPiece), -1);
    for (std::int32_t q = mapping.firstPiece; q < mapping.endPiece; ++q) {
        const AttentionPiece& piece = pieces[idx(q)];
        const std::int32_t core = m_pp->coreOfAttentionPiece[idx(q - pieceBase)];
        std::vector<std::int32_t> deps = {m_partitionReady};
        const auto d =
            depsOn(am.right, core, inputBlockNeeded(m_s.graph, node, am.right, m_blocking, 0));
        deps.insert(deps.end(), d.begin(), d.end());
        chainAfterPrevious(node.id.value, pieceKey(q), deps); // the previous input's MVMs
        Instruction write = pieceInstruction(Opcode::WriteWeight, q, core);
        write.count = piece.writtenRows;
        write.events = piece.values * m_s.arch.activationBits;
        write.deps = std::move(deps);
        writeOf[idx(q - mapping.firstPiece)] = emit(std::move(write));
    }
    for (std::int64_t block = 0; block < blocks; ++block) {
        const BlockRows rows = blockRows(output, block);
        const std::int64_t vectors = rows.part(mapping.rows);
        std::vector<std::int32_t> mvms;
        for (std::int32_t q = mapping.firstPiece; q < mapping.endPiece; ++q) {
            const AttentionPiece& piece = pieces[idx(q)];
            const std::int32_t core = m_pp->coreOfAttentionPiece[idx(q - pieceBase)];
            std::vector<std::int32_t> deps = {writeOf[idx(q - mapping.firstPiece)]};
            const auto d = depsOn(am.left, core,
                                  inputBlockNeeded(m_s.graph, node, am.left, m_blocking, block));
            deps.insert(deps.end(), d.begin(), d.end());
            chainAfterPrevious(node.id.value, pieceKey(q), deps);
            Instruction mvm = pieceInstruction(Opcode::Mvmul, q, core);
            mvm.count = vectors * piece.crossbars;
            mvm.events = vectors * piece.conversionsPerRow;
            mvm.steps = vectors;
            mvm.deps = std::move(deps);
            const std::int32_t i = emit(std::move(mvm));
            m_chain[{node.id.value, pieceKey(q)}] = i;
            mvms.push_back(i);
        }
        // The pieces' outputs meet on the home core: partial sums of operands deeper than a
        // crossbar are added there.
        Instruction done;
        done.opcode = psumBytes > 0.0 ? Opcode::VfuOp : Opcode::Sync;
        done.core = home;
        done.input = m_input;
        done.layer = p.ownerLayer;
        done.node = node.id.value;
        done.vfuKind = psumBytes > 0.0 ? VfuKind::Elementwise : VfuKind::None;
        done.bytes = psumBytes * rows.share();
        done.localBytes = (inBytes + outBytes) * rows.share();
        done.deps = std::move(mvms);
        chainAfterPrevious(node.id.value, home, done.deps);
        const std::int32_t i = emit(std::move(done));
        m_chain[{node.id.value, home}] = i;
        for (TensorId t : node.outputs)
            produced(t, i, home, 1.0, block, blocks);
    }
}

void Emitter::emitWeightFree(const Node& node)
{
    const NodePlacement& p = m_s.units.placement(node.id);
    if (node.isActivationMatMul() && m_s.arch.attentionEngine == AttentionEngine::Crossbar) {
        for (const AttentionMapping& m : m_s.units.attention()) {
            if (m.node == node.id)
                return emitAttentionOnCrossbars(node, m);
        }
    }
    const StagePlacement* stage = m_pp->stage(p.ownerLayer);
    const std::int32_t core = stage ? stage->homeCore : 0;
    double inBytes = 0.0;
    double outBytes = 0.0;
    for (TensorId t : node.inputs)
        inBytes += m_s.io.tensorBytes(t);
    for (TensorId t : node.outputs)
        outBytes += m_s.io.tensorBytes(t);
    const TensorId output = firstOutput(node);
    const std::int64_t blocks = blocksOf(output);
    for (std::int64_t block = 0; block < blocks; ++block) {
        const double share = blockRows(output, block).share();
        std::vector<std::int32_t> deps = {m_partitionReady};
        addInputDeps(node, block, core, deps);
        chainAfterPrevious(node.id.value, core, deps);
        Instruction op;
        op.opcode = Opcode::VfuOp;
        op.core = core;
        op.input = m_input;
        op.layer = p.ownerLayer;
        op.node = node.id.value;
        op.vfuKind = vfuKindOf(node.kind);
        if (op.vfuKind != VfuKind::DataMovement) {
            op.bytes = vfuOperatorBytes(node, inBytes, m_s.arch) * share;
            op.localBytes = (inBytes + outBytes) * share;
        }
        op.deps = std::move(deps);
        const std::int32_t i = emit(std::move(op));
        m_chain[{node.id.value, core}] = i;
        for (TensorId t : node.outputs)
            produced(t, i, core, 1.0, block, blocks);
    }
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
    m_chain.clear();

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
            if (!m_s.costing.earlyReplacement) {
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

bool InstructionEmissionPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    const std::optional<ScheduleState> s = scheduleState(state, *this, diagnostics);
    if (!s)
        return false;
    if (s->placements.size() != static_cast<std::size_t>(s->plan.partitionCount())) {
        diagnostics.error("instruction emission needs the core placement of every partition");
        return false;
    }
    return Emitter(*s).run();
}

std::string InstructionEmissionPass::dump(const PipelineState& state) const
{
    return state.program ? dumpProgramSummary(*state.program) : std::string();
}

} // namespace compass
