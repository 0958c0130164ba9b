// SPDX-License-Identifier: MIT
// compass simulate MODEL --arch PRESET|FILE --batch B --cuts c1,c2,... [--json]: the cost of
// one partition plan (docs/cost-model.md). MODEL may be a project (docs/projects.md).
#include "arch_options.h"
#include "cli_common.h"
#include "core/partition/cut_list.h"
#include "event_engine.h"
#include "model_argument.h"
#include "model_loading.h"
#include "pass_options.h"
#include "problem_setup.h"
#include "report/plan_report_json.h"
#include "report/plan_report_text.h"
#include "run_recording.h"
#include "sim/estimator.h"
#include "sim/event/trace_writer.h"

#include <QElapsedTimer>
#include <QFile>

namespace compass::cli {

namespace {

bool writeTrace(const QString& path, const QByteArray& trace)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(trace) == trace.size())
        return true;
    err() << file.fileName() << ": error: cannot write: " << file.errorString() << '\n';
    err().flush();
    return false;
}

} // namespace

int runSimulate(const QStringList& args)
{
    QCommandLineParser parser;
    addArchOptions(parser);
    addBatchOption(parser);
    const QCommandLineOption cutsOption(
        "cuts",
        "Cut positions: unit indices 'c1,c2,...' (see 'compass units'), or "
        "'layers:name1,name2' to cut before those weight layers. None: the project's cuts, "
        "else one partition.",
        "CUTS");
    const QCommandLineOption noReplicationOption("no-replication",
                                                 "Do not replicate layers inside partitions.");
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of the table.");
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
    addImportOptions(parser);
    PassOptions::addTo(parser,
                       passInfos({PassGroup::Import, PassGroup::Mapping, PassGroup::Schedule}));
    addModelArgument(parser, "model, import options, chip, batch and cuts");
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
    const QString engine = parser.value(engineOption);
    if (engine != "estimator" && engine != "event")
        return usageError("simulate",
                          QString("--engine must be estimator or event, got '%1'").arg(engine));
    const bool eventEngine = engine == "event";
    if (parser.isSet(traceOption) && !eventEngine)
        return usageError("simulate", "--trace needs --engine event");
    const std::optional<ModelArgument> input =
        ModelArgument::read(parser.positionalArguments().first());
    if (!input)
        return ExitBadInput;
    const std::optional<std::int64_t> batch = input->batch(parser, "simulate");
    const std::optional<OnnxImportOptions> importOptions = input->importOptions(parser, "simulate");
    if (!batch || !importOptions)
        return ExitUsage;
    PassOptions passes;
    if (!passes.read(parser, "simulate",
                     eventEngine
                         ? passInfos({PassGroup::Import, PassGroup::Mapping, PassGroup::Schedule})
                         : passInfos({PassGroup::Import, PassGroup::Mapping})))
        return ExitUsage;

    const std::optional<ArchSpec> arch = input->arch(parser);
    if (!arch)
        return ExitBadInput;
    const QString model = input->model();
    CostingOptions costing;
    costing.batchSize = *batch;
    costing.replicate = !parser.isSet(noReplicationOption);
    const std::shared_ptr<const MappedProblem> problem =
        setUpProblem(model, *importOptions, *arch, costing, passes.instrumentation());
    if (!problem)
        return passes.exitCode(ExitBadInput);
    const Estimator estimator(problem);
    const auto cuts = input->cuts(parser, cutsOption, *problem);
    if (!cuts)
        return ExitUsage;
    const Plan plan = Plan::fromInnerCuts(*cuts, estimator.unitCount());

    DiagnosticList diagnostics;
    const bool valid = validatePlan(plan, problem->validity(), diagnostics, model.toStdString());
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
    SearchResult outcome;
    outcome.plan = plan;
    outcome.cost = estimator.planCost(plan);
    outcome.runtimeMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    PlanReport report =
        makePlanReport(problem->units(), plan, outcome.cost, problem->arch().enduranceWrites);
    report.model = problem->graph().name;
    report.arch = arch->name;
    if (eventEngine) {
        if (!valid)
            return ExitBadInput;
        const auto program = scheduleProgram(problem, plan, model, passes.instrumentation());
        if (!program)
            return passes.exitCode(ExitBadInput);
        const auto sim = simulateProgram(*problem, *program, parser.isSet(traceOption));
        if (!sim)
            return ExitBadInput;
        if (parser.isSet(traceOption) &&
            !writeTrace(parser.value(traceOption), chromeTraceJson(*program, *sim)))
            return ExitBadInput;
        report.event = makeEventReport(*program, *sim);
    }
    if (parser.isSet(jsonOption))
        printJson(planReportToJson(report));
    else
        out() << planReportText(report);
    out().flush();
    // The stored metrics are the estimator's (engine "estimator"), event run or not.
    const bool stored = storeManualRun(parser, model, *importOptions, *problem, outcome);
    return valid && stored ? ExitOk : ExitBadInput;
}

} // namespace compass::cli
