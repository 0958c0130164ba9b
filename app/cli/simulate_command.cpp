// SPDX-License-Identifier: MIT
// compass simulate MODEL --arch PRESET|FILE --batch B --cuts c1,c2,... [--json]: the cost of
// one partition plan (docs/cost-model.md).
#include "arch_options.h"
#include "cli_common.h"
#include "core/partition/cut_list.h"
#include "event_engine.h"
#include "model_loading.h"
#include "run_recording.h"
#include "sim/estimator.h"
#include "sim/event/trace_writer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>

namespace compass::cli {

namespace {

QJsonObject latencyJson(const LatencyParts& l)
{
    QJsonObject o;
    o["weight_load"] = l.weightLoadNs;
    o["crossbar_write"] = l.crossbarWriteNs;
    o["activation_load"] = l.activationLoadNs;
    o["compute"] = l.computeNs;
    o["bus"] = l.busNs;
    o["activation_store"] = l.activationStoreNs;
    o["total"] = l.totalNs();
    return o;
}

QJsonObject energyJson(const EnergyParts& e)
{
    QJsonObject o;
    o["mvm"] = e.mvmPj;
    o["vfu"] = e.vfuPj;
    o["local_memory"] = e.localMemoryPj;
    o["bus"] = e.busPj;
    o["crossbar_write"] = e.crossbarWritePj;
    o["dram_weights"] = e.dramWeightPj;
    o["dram_activations"] = e.dramActivationPj;
    o["static"] = e.staticPj;
    o["total"] = e.totalPj();
    return o;
}

QStringList layerNames(const UnitTable& units, UnitSpan span)
{
    QStringList names;
    const std::int32_t l0 = units.unit(static_cast<std::size_t>(span.begin)).layerIndex;
    const std::int32_t l1 = units.unit(static_cast<std::size_t>(span.end - 1)).layerIndex;
    for (std::int32_t l = l0; l <= l1; ++l)
        names << QString::fromStdString(units.layerName(static_cast<std::size_t>(l)));
    return names;
}

QJsonObject toJson(const Plan& plan, const PlanCost& cost, const UnitTable& units)
{
    QJsonObject root;
    QJsonObject planJson;
    QJsonArray cuts;
    for (std::int32_t c : plan.innerCuts())
        cuts.append(c);
    planJson["cuts"] = cuts;
    planJson["partitions"] = plan.partitionCount();
    planJson["valid"] = cost.valid;
    if (!cost.valid) {
        planJson["invalid_partition"] = cost.firstInvalidPartition;
        planJson["reason"] = packingFailureName(
            cost.partitions[static_cast<std::size_t>(cost.firstInvalidPartition)].failure);
    }
    root["plan"] = planJson;

    QJsonObject metrics;
    metrics["batch"] = static_cast<qint64>(cost.batchSize);
    metrics["latency_per_batch_ns"] = cost.latencyPerBatchNs;
    metrics["throughput_ips"] = cost.throughputIps;
    metrics["energy_per_inference_pj"] = cost.energyPerInferencePj;
    metrics["edp_pj_s"] = cost.edpPjS;
    metrics["dram_weight_bytes"] = cost.dramWeightBytes;
    metrics["dram_activation_bytes"] = cost.dramActivationBytes;
    metrics["written_bits"] = cost.writtenBits;
    metrics["core_utilization"] = cost.coreUtilization;
    metrics["crossbar_utilization"] = cost.crossbarUtilization;
    root["metrics"] = metrics;

    QJsonArray partitions;
    for (const PartitionCost& p : cost.partitions) {
        QJsonObject o;
        o["first_unit"] = p.span.begin;
        o["end_unit"] = p.span.end;
        o["layers"] = QJsonArray::fromStringList(layerNames(units, p.span));
        o["latency_ns"] = latencyJson(p.latency);
        o["energy_pj"] = energyJson(p.energy);
        QJsonObject replication;
        for (const LayerReplication& r : p.replication)
            replication[QString::fromStdString(
                units.layerName(static_cast<std::size_t>(r.layerIndex)))] = r.factor;
        o["replication"] = replication;
        o["valid"] = p.valid;
        o["cores_used"] = static_cast<qint64>(p.coresUsed);
        o["crossbars_used"] = static_cast<qint64>(p.crossbarsUsed);
        partitions.append(o);
    }
    root["partitions"] = partitions;
    return root;
}

void printText(const Plan& plan, const PlanCost& cost, const UnitTable& units)
{
    QTextStream& o = out();
    o << "Plan: " << plan.partitionCount() << " partitions over " << units.unitCount()
      << " units, batch " << cost.batchSize << (cost.valid ? "" : "  (INVALID)") << "\n\n";
    o << QString("#").rightJustified(4) << QString("units").rightJustified(14)
      << QString("latency us").rightJustified(14) << QString("load+write us").rightJustified(15)
      << QString("compute us").rightJustified(13) << QString("energy uJ").rightJustified(12)
      << QString("cores").rightJustified(7) << "  layers (replication)\n";
    for (std::size_t i = 0; i < cost.partitions.size(); ++i) {
        const PartitionCost& p = cost.partitions[i];
        QStringList layers;
        for (const LayerReplication& r : p.replication) {
            layers << QString::fromStdString(
                          units.layerName(static_cast<std::size_t>(r.layerIndex))) +
                          (r.factor > 1 ? QString(" x%1").arg(r.factor) : QString());
        }
        o << QString::number(i).rightJustified(4)
          << QString("%1-%2").arg(p.span.begin).arg(p.span.end).rightJustified(14)
          << QString::number(p.latencyNs() / 1000.0, 'f', 2).rightJustified(14)
          << QString::number((p.latency.weightLoadNs + p.latency.crossbarWriteNs) / 1000.0, 'f', 2)
                 .rightJustified(15)
          << QString::number((p.latency.computeNs + p.latency.busNs) / 1000.0, 'f', 2)
                 .rightJustified(13)
          << QString::number(p.energyPj() / 1e6, 'f', 3).rightJustified(12)
          << QString::number(p.coresUsed).rightJustified(7) << "  " << layers.join(", ")
          << (p.valid ? "" : "  INVALID") << '\n';
    }
    o << "\nLatency per batch:     " << QString::number(cost.latencyPerBatchNs / 1e6, 'f', 4)
      << " ms\n"
      << "Throughput:            " << QString::number(cost.throughputIps, 'f', 2)
      << " inferences/s\n"
      << "Energy per inference:  " << QString::number(cost.energyPerInferencePj / 1e6, 'f', 3)
      << " uJ\n"
      << "EDP:                   " << QString::number(cost.edpPjS, 'g', 6)
      << " pJ*s (energy per inference x latency per batch / B)\n"
      << "DRAM weights:          " << QString::number(cost.dramWeightBytes / 1048576.0, 'f', 3)
      << " MiB per batch\n"
      << "DRAM activations:      " << QString::number(cost.dramActivationBytes / 1048576.0, 'f', 3)
      << " MiB per batch\n"
      << "Bits written:          " << QString::number(cost.writtenBits, 'g', 6) << " per batch\n"
      << "Core utilisation:      " << QString::number(cost.coreUtilization * 100.0, 'f', 1)
      << " % (latency-weighted)\n";
    o.flush();
}

} // namespace

int runSimulate(const QStringList& args)
{
    QCommandLineParser parser;
    addArchOptions(parser);
    const QCommandLineOption batchOption("batch", "Inputs per batch (default 1).", "B", "1");
    const QCommandLineOption cutsOption(
        "cuts",
        "Cut positions: unit indices 'c1,c2,...' (see 'compass units'), or "
        "'layers:name1,name2' to cut before those weight layers. None: one partition.",
        "CUTS");
    const QCommandLineOption noReplicationOption("no-replication",
                                                 "Do not replicate layers inside partitions.");
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of the table.");
    parser.addOption(batchOption);
    parser.addOption(cutsOption);
    parser.addOption(noReplicationOption);
    parser.addOption(jsonOption);
    const QCommandLineOption engineOption(
        "engine",
        "estimator (default: the analytical model) or event (compile the plan and run the "
        "event-driven simulator, docs/event-simulator.md).",
        "ENGINE", "estimator");
    const QCommandLineOption traceOption(
        "trace", "With --engine event: write a Chrome trace-event JSON (Perfetto) to FILE.",
        "FILE");
    parser.addOption(engineOption);
    parser.addOption(traceOption);
    addStoreOptions(parser);
    parser.addPositionalArgument("MODEL", "ONNX file, or the name of a bundled network.");
    if (auto exit = parseCommandLine(
            parser, args,
            "compass simulate MODEL --arch PRESET|FILE [--batch B] [--cuts CUTS] [--json] "
            "[--engine estimator|event] [--trace FILE]",
            "Estimates latency, throughput, energy and EDP of a partition plan given by its cut\n"
            "positions. EDP = energy per inference x latency per inference (latency per batch / "
            "B).\n"
            "Formulas: docs/cost-model.md. An invalid plan is reported with the partition at "
            "fault\n"
            "and exit code 1."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("simulate", "expected exactly one MODEL");
    bool ok = false;
    const qint64 batch = parser.value(batchOption).toLongLong(&ok);
    if (!ok || batch < 1)
        return usageError("simulate", "--batch must be a positive integer");
    const QString engine = parser.value(engineOption);
    if (engine != "estimator" && engine != "event")
        return usageError("simulate",
                          QString("--engine must be estimator or event, got '%1'").arg(engine));
    const bool eventEngine = engine == "event";
    if (parser.isSet(traceOption) && !eventEngine)
        return usageError("simulate", "--trace needs --engine event");

    const std::optional<ArchSpec> arch = archFromParser(parser);
    if (!arch)
        return ExitBadInput;
    const QString model = parser.positionalArguments().first();
    std::optional<Graph> graph = loadModel(model);
    if (!graph)
        return ExitBadInput;

    EstimatorOptions options;
    options.batchSize = batch;
    options.replicate = !parser.isSet(noReplicationOption);
    const Estimator estimator(*graph, *arch, options);
    if (estimator.unitCount() == 0) {
        err() << model << ": error: the network has no weight layers to map\n";
        err().flush();
        return ExitBadInput;
    }
    DiagnosticList cutDiagnostics;
    const auto cuts = parseCutList(parser.value(cutsOption).toStdString(), *graph,
                                   estimator.units(), cutDiagnostics);
    if (!cuts) {
        printDiagnostics(cutDiagnostics);
        return ExitUsage;
    }
    const Plan plan = Plan::fromInnerCuts(*cuts, estimator.unitCount());

    DiagnosticList diagnostics;
    const bool valid = validatePlan(plan, estimator.validity(), diagnostics, model.toStdString());
    if (!valid) {
        printDiagnostics(diagnostics);
        // Out-of-order cuts cannot be costed; a plan of valid spans but one too long can.
        for (std::int32_t i = 0; i < plan.partitionCount(); ++i) {
            const UnitSpan s = plan.partition(i);
            if (s.begin >= s.end)
                return ExitBadInput;
        }
    }
    QElapsedTimer timer;
    timer.start();
    const PlanCost cost = estimator.planCost(plan);
    const double runtimeMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    if (eventEngine) {
        if (!valid)
            return ExitBadInput;
        const auto program = scheduleProgram(*graph, estimator, plan, model);
        if (!program)
            return ExitBadInput;
        const auto sim = simulateProgram(*arch, *program, parser.isSet(traceOption));
        if (!sim)
            return ExitBadInput;
        if (parser.isSet(traceOption)) {
            QFile file(parser.value(traceOption));
            const QByteArray trace = chromeTraceJson(*program, *sim);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
                file.write(trace) != trace.size()) {
                err() << file.fileName() << ": error: cannot write: " << file.errorString() << '\n';
                err().flush();
                return ExitBadInput;
            }
        }
        if (parser.isSet(jsonOption)) {
            QJsonObject root = toJson(plan, cost, estimator.units());
            root["engine"] = "event";
            root["event"] = eventResultJson(*program, *sim);
            printJson(root);
        } else {
            printEventResult(*program, *sim);
            out() << "Estimator:             "
                  << QString::number(cost.latencyPerBatchNs / 1e6, 'f', 4) << " ms, "
                  << QString::number(cost.energyPerInferencePj / 1e6, 'f', 3)
                  << " uJ per inference (event / estimator - 1: latency "
                  << QString::number(
                         (sim->latencyPerBatchNs / cost.latencyPerBatchNs - 1.0) * 100.0, 'f', 1)
                  << " %, energy "
                  << QString::number((sim->energyPerInferencePj / cost.energyPerInferencePj - 1.0) *
                                         100.0,
                                     'f', 1)
                  << " %)\n";
            out().flush();
        }
        const bool storedRun = storeManualRun(parser, model, estimator, plan, cost, runtimeMs);
        return storedRun ? ExitOk : ExitBadInput;
    }
    if (parser.isSet(jsonOption))
        printJson(toJson(plan, cost, estimator.units()));
    else
        printText(plan, cost, estimator.units());
    const bool stored = storeManualRun(parser, model, estimator, plan, cost, runtimeMs);
    return valid && stored ? ExitOk : ExitBadInput;
}

} // namespace compass::cli
