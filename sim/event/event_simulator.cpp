// SPDX-License-Identifier: MIT
#include "event_simulator.h"

#include "core/problem/mapped_problem.h"
#include "core/support/diagnostics.h"

#include <queue>

#include <algorithm>
#include <functional>

namespace compass {

namespace {

std::size_t at(std::int32_t i)
{
    return static_cast<std::size_t>(i);
}

struct Pending
{
    double readyNs;
    std::int32_t instruction;
    bool operator>(const Pending& o) const
    {
        return readyNs != o.readyNs ? readyNs > o.readyNs : instruction > o.instruction;
    }
};

using MinHeap = std::priority_queue<Pending, std::vector<Pending>, std::greater<>>;

struct Resource
{
    bool busy = false;
    MinHeap queue;
};

} // namespace

EventSimulator::EventSimulator(const MappedProblem& problem, EventSimOptions options)
    : m_arch(problem.arch())
    , m_options(options)
{}

double EventSimulator::durationNs(const Instruction& i) const
{
    const ArchSpec& a = m_arch;
    switch (i.opcode) {
    case Opcode::LoadWeight:
    case Opcode::LoadData:
    case Opcode::StoreData:
        return i.bytes / a.dramBandwidthGBps;
    case Opcode::WriteWeight:
        return static_cast<double>(i.count) * a.writeLatencyPerRowNs;
    case Opcode::Mvmul:
        return static_cast<double>(i.steps) * a.mvmLatencyNs();
    case Opcode::VfuAccumulate:
    case Opcode::VfuOp:
        return i.bytes / (static_cast<double>(a.vfuCount) * a.vfuThroughputGBps);
    case Opcode::Send:
        return i.bytes / a.busBandwidthGBps;
    case Opcode::Recv:
    case Opcode::Sync:
        return 0.0;
    }
    return 0.0;
}

EventSimResult EventSimulator::run(const Program& program, DiagnosticSink& diagnostics) const
{
    EventSimResult r;
    r.batchSize = program.batchSize;
    const ArchSpec& a = m_arch;
    const std::size_t n = program.instructions.size();
    const std::int32_t cores = program.cores;
    std::int32_t layers = 0;
    std::int32_t operandPieces = 0; // activation MatMul operand pieces (attention.engine)
    for (const Instruction& i : program.instructions) {
        layers = std::max(layers, i.layer + 1);
        if (i.opcode == Opcode::Mvmul && i.node >= 0)
            operandPieces = std::max(operandPieces, i.unit + 1);
    }

    // Resources: 0 DRAM, 1 bus, then per core a write port and the VFUs, then per (core, layer)
    // the crossbars of that stage, then the crossbars of each activation MatMul operand piece.
    // -1: none (zero-time instructions).
    const std::int32_t kDram = 0;
    const std::int32_t kBus = 1;
    auto resourceOf = [&](const Instruction& i) -> std::int32_t {
        switch (i.opcode) {
        case Opcode::LoadWeight:
        case Opcode::LoadData:
        case Opcode::StoreData:
            return kDram;
        case Opcode::Send:
            return kBus;
        case Opcode::WriteWeight:
            return 2 + 2 * i.core;
        case Opcode::VfuAccumulate:
            return 2 + 2 * i.core + 1;
        case Opcode::VfuOp:
            return i.vfuKind == VfuKind::DataMovement ? -1 : 2 + 2 * i.core + 1;
        case Opcode::Mvmul:
            if (i.node >= 0)
                return 2 + 2 * cores + cores * std::max(1, layers) + std::max(0, i.unit);
            return 2 + 2 * cores + i.core * layers + std::max(0, i.layer);
        case Opcode::Recv:
        case Opcode::Sync:
            return -1;
        }
        return -1;
    };
    std::vector<Resource> resources(
        at(2 + 2 * cores + cores * std::max(1, layers) + operandPieces));

    // Dependents in CSR form, remaining dependency counts.
    std::vector<std::int32_t> remaining(n, 0);
    std::vector<std::int32_t> offsets(n + 1, 0);
    for (std::size_t k = 0; k < n; ++k) {
        const Instruction& i = program.instructions[k];
        if (i.core < 0 || i.core >= cores) {
            diagnostics.error("instruction %" + std::to_string(k) + " names core " +
                              std::to_string(i.core) + " of " + std::to_string(cores));
            return r;
        }
        for (std::int32_t d : i.deps) {
            if (d < 0 || at(d) >= k) {
                diagnostics.error("instruction %" + std::to_string(k) +
                                  " depends on a later instruction %" + std::to_string(d));
                return r;
            }
            ++offsets[at(d) + 1];
        }
        remaining[k] = static_cast<std::int32_t>(i.deps.size());
    }
    for (std::size_t k = 0; k < n; ++k)
        offsets[k + 1] += offsets[k];
    std::vector<std::int32_t> dependents(at(offsets[n]));
    {
        std::vector<std::int32_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t k = 0; k < n; ++k)
            for (std::int32_t d : program.instructions[k].deps)
                dependents[at(fill[at(d)]++)] = static_cast<std::int32_t>(k);
    }

    std::vector<double> readyNs(n, 0.0);
    std::vector<InstructionTiming> timing(n);
    std::vector<std::int32_t> resourceOfInstr(n);
    for (std::size_t k = 0; k < n; ++k)
        resourceOfInstr[k] = resourceOf(program.instructions[k]);

    std::vector<double> issuePortFreeNs(at(cores), 0.0); // per core: the issue port is free
    MinHeap events;                                      // completions: (time, instruction)
    std::vector<std::int32_t> dirty;
    auto makeReady = [&](std::int32_t k, double t) {
        const std::int32_t res = resourceOfInstr[at(k)];
        if (res < 0) {
            timing[at(k)] = {t, t};
            events.push({t, k});
            return;
        }
        resources[at(res)].queue.push({t, k});
        dirty.push_back(res);
    };
    auto dispatch = [&](double now) {
        for (std::int32_t res : dirty) {
            Resource& rs = resources[at(res)];
            if (rs.busy || rs.queue.empty())
                continue;
            const Pending p = rs.queue.top();
            rs.queue.pop();
            const Instruction& instr = program.instructions[at(p.instruction)];
            const double start = std::max(now, p.readyNs);
            double end = start + durationNs(instr);
            if (instr.opcode == Opcode::Mvmul && a.mvmIssueIntervalNs > 0.0) {
                // The core's issue port starts one crossbar MVM per interval, in dispatch order
                // across all its layers: the MVMs end when both the crossbar steps and the
                // port's share of issues are done (docs/event-simulator.md, "Issue port").
                double& portFree = issuePortFreeNs[at(instr.core)];
                portFree = std::max(start, portFree) +
                           static_cast<double>(instr.count) * a.mvmIssueIntervalNs;
                end = std::max(end, portFree);
            }
            timing[at(p.instruction)] = {start, end};
            rs.busy = true;
            events.push({end, p.instruction});
        }
        dirty.clear();
    };
    for (std::size_t k = 0; k < n; ++k)
        if (remaining[k] == 0)
            makeReady(static_cast<std::int32_t>(k), 0.0);
    dispatch(0.0);
    std::size_t completed = 0;
    while (!events.empty()) {
        const double now = events.top().readyNs;
        while (!events.empty() && events.top().readyNs == now) {
            const std::int32_t k = events.top().instruction;
            events.pop();
            ++completed;
            const std::int32_t res = resourceOfInstr[at(k)];
            if (res >= 0) {
                resources[at(res)].busy = false;
                dirty.push_back(res);
            }
            for (std::int32_t e = offsets[at(k)]; e < offsets[at(k) + 1]; ++e) {
                const std::int32_t d = dependents[at(e)];
                readyNs[at(d)] = std::max(readyNs[at(d)], now);
                if (--remaining[at(d)] == 0)
                    makeReady(d, readyNs[at(d)]);
            }
        }
        dispatch(now);
    }
    if (completed != n) {
        diagnostics.error("event simulation stalled: " + std::to_string(n - completed) +
                          " instructions never became ready");
        return r;
    }

    // Results.
    double latency = 0.0;
    for (const InstructionTiming& t : timing)
        latency = std::max(latency, t.endNs);
    r.latencyPerBatchNs = latency;
    r.instructions = static_cast<std::int64_t>(n);
    r.throughputIps = latency > 0.0 ? static_cast<double>(program.batchSize) / latency * 1e9 : 0.0;

    const std::size_t parts = program.partitions.size();
    r.partitionEndNs.assign(parts, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
        const std::int32_t p = program.instructions[k].partition;
        if (p >= 0 && at(p) < parts)
            r.partitionEndNs[at(p)] = std::max(r.partitionEndNs[at(p)], timing[k].endNs);
    }
    double previous = 0.0;
    for (double end : r.partitionEndNs) {
        const double reached = std::max(previous, end);
        r.partitionLatencyNs.push_back(reached - previous);
        previous = reached;
    }

    const double tMvm = a.mvmLatencyNs();
    const double vfuBandwidth = static_cast<double>(a.vfuCount) * a.vfuThroughputGBps;
    r.cores.assign(at(cores), CoreTimeline{});
    std::vector<std::vector<std::pair<double, double>>> intervals(at(cores));
    double crossbarNs = 0.0;
    double localBytes = 0.0;
    double controlBusyNs = 0.0; // summed over the cores (docs/event-simulator.md)
    EnergyParts& e = r.energy;
    for (std::size_t k = 0; k < n; ++k) {
        const Instruction& i = program.instructions[k];
        const double dur = timing[k].endNs - timing[k].startNs;
        r.cores[at(i.core)].busyNs[static_cast<std::size_t>(i.opcode)] += dur;
        if (dur > 0.0)
            intervals[at(i.core)].emplace_back(timing[k].startNs, timing[k].endNs);
        localBytes += i.localBytes;
        // Control: an MVM keeps 1 / K of its core's control busy per crossbar activation; VFU
        // work, writes and sends keep it busy for their duration.
        if (i.opcode == Opcode::Mvmul)
            controlBusyNs +=
                static_cast<double>(i.count) * tMvm / static_cast<double>(a.crossbarsPerCore);
        else if (i.opcode == Opcode::VfuAccumulate || i.opcode == Opcode::VfuOp ||
                 i.opcode == Opcode::WriteWeight || i.opcode == Opcode::Send)
            controlBusyNs += dur;
        switch (i.opcode) {
        case Opcode::LoadWeight:
            r.dramWeightBytes += i.bytes;
            r.dramBusyNs += dur;
            break;
        case Opcode::LoadData:
        case Opcode::StoreData:
            (i.dataKind == DataKind::Spill ? r.dramSpillBytes : r.dramActivationBytes) += i.bytes;
            r.dramBusyNs += dur;
            break;
        case Opcode::WriteWeight:
            e.crossbarWritePj += static_cast<double>(i.events) * a.writeEnergyPerBitPj;
            break;
        case Opcode::Mvmul:
            e.mvmPj += static_cast<double>(i.events) * a.adcEnergyPerConversionPj +
                       static_cast<double>(i.count) * tMvm * a.crossbarReadPowerMw;
            crossbarNs += static_cast<double>(i.count) * tMvm;
            break;
        case Opcode::VfuAccumulate:
        case Opcode::VfuOp:
            e.vfuPj += i.bytes / vfuBandwidth * a.vfuPowerMw;
            break;
        case Opcode::Send:
            r.busBytes += i.bytes;
            r.busBusyNs += dur;
            e.busPj += i.bytes * 8.0 * a.busEnergyPjPerBit;
            break;
        case Opcode::Recv:
        case Opcode::Sync:
            break;
        }
    }
    e.localMemoryPj = localBytes / a.localMemoryBandwidthGBps * a.localMemoryPowerMw;
    e.dramWeightPj = r.dramWeightBytes * 8.0 * a.dramEnergyPjPerBit;
    // Spills are DRAM activation traffic too.
    e.dramActivationPj = (r.dramActivationBytes + r.dramSpillBytes) * 8.0 * a.dramEnergyPjPerBit;
    e.dramBackgroundPj = r.dramBusyNs * (a.dramBackgroundPowerMw + a.dramRefreshPowerMw);
    e.controlPj = controlBusyNs * a.controlPowerMw;
    e.staticPj = latency * a.staticPowerMw;
    r.energyPerInferencePj =
        e.totalPj() / static_cast<double>(std::max<std::int64_t>(1, program.batchSize));

    for (std::size_t c = 0; c < at(cores); ++c) {
        auto& iv = intervals[c];
        std::sort(iv.begin(), iv.end());
        double active = 0.0;
        double curStart = -1.0;
        double curEnd = -1.0;
        for (const auto& [s, t] : iv) {
            if (s > curEnd) {
                active += curEnd - curStart;
                curStart = s;
                curEnd = t;
            } else {
                curEnd = std::max(curEnd, t);
            }
        }
        active += curEnd - curStart;
        r.cores[c].activeNs = active;
        r.cores[c].idleNs = latency - active;
    }
    if (latency > 0.0) {
        r.dramUtilization = r.dramBusyNs / latency;
        r.busUtilization = r.busBusyNs / latency;
        r.crossbarUtilization = crossbarNs / (latency * static_cast<double>(a.totalCrossbars()));
    }
    if (m_options.recordTimings)
        r.timings = std::move(timing);
    r.ok = true;
    return r;
}

} // namespace compass
