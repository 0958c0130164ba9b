// SPDX-License-Identifier: MIT
#include "event_engine.h"

#include "cli_common.h"
#include "core/schedule/scheduler.h"
#include "sim/estimator.h"
#include "store/recording/plan_report_json.h"

#include <QJsonArray>

namespace compass::cli {

std::optional<Program> scheduleProgram(const Graph& graph, const Estimator& estimator,
                                       const Plan& plan, const QString& model,
                                       bool earlyReplacement)
{
    ScheduleOptions options;
    options.batchSize = estimator.options().batchSize;
    options.partialSumBits = estimator.options().partialSumBits;
    options.replicate = estimator.options().replicate;
    options.earlyReplacement = earlyReplacement;
    DiagnosticList diagnostics;
    std::optional<Program> program = Scheduler().compile(
        graph, estimator.arch(), estimator.units(), estimator.io(), plan, options, diagnostics);
    if (!program || diagnostics.hasErrors()) {
        for (const Diagnostic& d : diagnostics.all()) {
            err() << model << ": " << (d.severity == Severity::Error ? "error" : "note") << ": "
                  << (d.location.partition >= 0
                          ? QString("partition %1: ").arg(d.location.partition)
                          : QString())
                  << QString::fromStdString(d.message) << '\n';
        }
        err().flush();
        return std::nullopt;
    }
    return program;
}

std::optional<EventSimResult> simulateProgram(const ArchSpec& arch, const Program& program,
                                              bool recordTimings)
{
    EventSimOptions options;
    options.recordTimings = recordTimings;
    DiagnosticList diagnostics;
    EventSimResult result = EventSimulator(arch, options).run(program, diagnostics);
    if (!result.ok) {
        printDiagnostics(diagnostics);
        return std::nullopt;
    }
    return result;
}

QJsonObject eventResultJson(const Program& program, const EventSimResult& r)
{
    QJsonObject o;
    o["engine"] = "event";
    o["batch"] = static_cast<qint64>(r.batchSize);
    o["latency_per_batch_ns"] = r.latencyPerBatchNs;
    o["throughput_ips"] = r.throughputIps;
    o["energy_per_inference_pj"] = r.energyPerInferencePj;
    o["energy_pj"] = energyPartsJson(r.energy);
    o["dram_weight_bytes"] = r.dramWeightBytes;
    o["dram_activation_bytes"] = r.dramActivationBytes;
    o["dram_spill_bytes"] = r.dramSpillBytes;
    o["bus_bytes"] = r.busBytes;
    o["dram_utilization"] = r.dramUtilization;
    o["bus_utilization"] = r.busUtilization;
    o["crossbar_utilization"] = r.crossbarUtilization;
    o["instructions"] = static_cast<qint64>(r.instructions);
    QJsonArray parts;
    for (std::size_t i = 0; i < r.partitionLatencyNs.size(); ++i)
        parts.append(QJsonObject{{"latency_ns", r.partitionLatencyNs[i]},
                                 {"end_ns", r.partitionEndNs[i]},
                                 {"first_unit", program.partitions[i].span.begin},
                                 {"end_unit", program.partitions[i].span.end}});
    o["partitions"] = parts;
    QJsonArray cores;
    for (const CoreTimeline& c : r.cores) {
        QJsonObject busy;
        for (std::size_t k = 0; k < kOpcodeCount; ++k) {
            if (c.busyNs[k] > 0.0)
                busy[opcodeName(static_cast<Opcode>(k))] = c.busyNs[k];
        }
        cores.append(
            QJsonObject{{"busy_ns", busy}, {"active_ns", c.activeNs}, {"idle_ns", c.idleNs}});
    }
    o["cores"] = cores;
    return o;
}

void printEventResult(const Program& program, const EventSimResult& r)
{
    QTextStream& o = out();
    o << "Event-driven simulation: " << program.partitions.size() << " partitions, "
      << r.instructions << " instructions, batch " << r.batchSize << "\n\n";
    o << QString("#").rightJustified(4) << QString("units").rightJustified(14)
      << QString("latency us").rightJustified(14) << QString("ends at us").rightJustified(14)
      << '\n';
    for (std::size_t i = 0; i < r.partitionLatencyNs.size(); ++i) {
        const UnitSpan s = program.partitions[i].span;
        o << QString::number(i).rightJustified(4)
          << QString("%1-%2").arg(s.begin).arg(s.end).rightJustified(14)
          << QString::number(r.partitionLatencyNs[i] / 1000.0, 'f', 2).rightJustified(14)
          << QString::number(r.partitionEndNs[i] / 1000.0, 'f', 2).rightJustified(14) << '\n';
    }
    o << "\nPer core, busy us by instruction class (classes overlap in time)\n"
      << QString("core").leftJustified(6);
    const std::array shown = {Opcode::LoadWeight, Opcode::WriteWeight, Opcode::LoadData,
                              Opcode::StoreData,  Opcode::Mvmul,       Opcode::VfuAccumulate,
                              Opcode::VfuOp,      Opcode::Send};
    for (Opcode k : shown)
        o << QString(opcodeMnemonic(k)).rightJustified(13);
    o << QString("active").rightJustified(11) << QString("idle").rightJustified(11) << '\n';
    for (std::size_t c = 0; c < r.cores.size(); ++c) {
        o << QString::number(c).leftJustified(6);
        for (Opcode k : shown)
            o << QString::number(r.cores[c].busyNs[static_cast<std::size_t>(k)] / 1000.0, 'f', 1)
                     .rightJustified(13);
        o << QString::number(r.cores[c].activeNs / 1000.0, 'f', 1).rightJustified(11)
          << QString::number(r.cores[c].idleNs / 1000.0, 'f', 1).rightJustified(11) << '\n';
    }
    const EnergyParts& e = r.energy;
    o << "\nLatency per batch:     " << QString::number(r.latencyPerBatchNs / 1e6, 'f', 4)
      << " ms\n"
      << "Throughput:            " << QString::number(r.throughputIps, 'f', 2) << " inferences/s\n"
      << "Energy per inference:  " << QString::number(r.energyPerInferencePj / 1e6, 'f', 3)
      << " uJ (mvm " << QString::number(e.mvmPj / 1e6, 'f', 2) << ", vfu "
      << QString::number(e.vfuPj / 1e6, 'f', 2) << ", local "
      << QString::number(e.localMemoryPj / 1e6, 'f', 2) << ", bus "
      << QString::number(e.busPj / 1e6, 'f', 2) << ", write "
      << QString::number(e.crossbarWritePj / 1e6, 'f', 2) << ", dram weights "
      << QString::number(e.dramWeightPj / 1e6, 'f', 2) << ", dram activations "
      << QString::number(e.dramActivationPj / 1e6, 'f', 2) << ", static "
      << QString::number(e.staticPj / 1e6, 'f', 2) << " uJ per batch)\n"
      << "DRAM traffic:          " << QString::number(r.dramWeightBytes / 1048576.0, 'f', 3)
      << " MiB weights, " << QString::number(r.dramActivationBytes / 1048576.0, 'f', 3)
      << " MiB activations, " << QString::number(r.dramSpillBytes / 1048576.0, 'f', 3)
      << " MiB spills per batch\n"
      << "Utilisation:           DRAM " << QString::number(r.dramUtilization * 100.0, 'f', 1)
      << " %, bus " << QString::number(r.busUtilization * 100.0, 'f', 1) << " %, crossbars "
      << QString::number(r.crossbarUtilization * 100.0, 'f', 1) << " %\n";
    o.flush();
}

} // namespace compass::cli
