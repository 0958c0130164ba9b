// SPDX-License-Identifier: MIT
// compass optimize MODEL --arch ... --batch B --method M --objective O: choose the cuts.
#include "arch_options.h"
#include "cli_common.h"
#include "core/search/partition_search.h"
#include "plan_report.h"
#include "problem_setup.h"
#include "run_recording.h"
#include "search_options.h"

#include <QJsonArray>

#include <unistd.h>

namespace compass::cli {

namespace {

QJsonObject resultJson(const ProblemSetup& setup, const SearchResult& r)
{
    QJsonObject root = planReportJson(setup.estimator->units(), r.plan, r.cost);
    root["model"] = QString::fromStdString(setup.graph->name);
    root["arch"] = QString::fromStdString(setup.arch.name);
    root["batch"] = static_cast<qint64>(r.cost.batchSize);
    root["method"] = QString::fromLatin1(searchMethodName(r.method));
    root["objective"] = QString::fromLatin1(objectiveName(r.objective));
    root["objective_value"] = r.objectiveValue;
    root["seed"] = QString::number(r.seed).toLongLong();
    root["runtime_ms"] = r.runtimeMs;
    root["cancelled"] = r.cancelled;
    root["span_evaluations"] = static_cast<qint64>(r.spanEvaluations);
    if (r.method == SearchMethod::Genetic) {
        QJsonArray history;
        for (const GenerationStats& g : r.convergence) {
            history.append(QJsonObject{{"generation", g.generation},
                                       {"best", g.best},
                                       {"mean", g.mean},
                                       {"min_partitions", g.minPartitions},
                                       {"max_partitions", g.maxPartitions},
                                       {"mean_partitions", g.meanPartitions}});
        }
        root["convergence"] = history;
    }
    if (!r.paretoFront.empty()) {
        QJsonArray front;
        for (const ParetoPoint& p : r.paretoFront) {
            QJsonArray cuts;
            for (std::size_t i = 1; i + 1 < p.cuts.size(); ++i)
                cuts.append(p.cuts[i]);
            front.append(QJsonObject{{"latency_per_batch_ns", p.latencyPerBatchNs},
                                     {"energy_per_inference_pj", p.energyPerInferencePj},
                                     {"cuts", cuts}});
        }
        root["pareto_front"] = front;
    }
    return root;
}

void printResult(const ProblemSetup& setup, const SearchResult& r)
{
    QTextStream& o = out();
    o << "Model " << QString::fromStdString(setup.graph->name) << " on "
      << QString::fromStdString(setup.arch.name) << ", batch " << r.cost.batchSize << '\n'
      << "Method " << searchMethodName(r.method) << ", objective " << objectiveName(r.objective);
    if (r.method == SearchMethod::Genetic)
        o << ", seed " << r.seed << ", " << r.convergence.size() << " generations";
    o << ", " << QString::number(r.runtimeMs, 'f', 1) << " ms"
      << (r.cancelled ? "  (CANCELLED: best plan so far)" : "") << "\n\n";
    printPlanReport(setup.estimator->units(), r.plan, r.cost);
    if (!r.paretoFront.empty()) {
        o << "\nEnergy-latency Pareto front (" << r.paretoFront.size() << " plans):\n"
          << QString("latency/batch (ns)").rightJustified(20)
          << QString("energy/inference (pJ)").rightJustified(24)
          << QString("partitions").rightJustified(12) << '\n';
        for (const ParetoPoint& p : r.paretoFront) {
            o << QString::number(p.latencyPerBatchNs, 'f', 0).rightJustified(20)
              << QString::number(p.energyPerInferencePj, 'f', 0).rightJustified(24)
              << QString::number(p.cuts.size() - 1).rightJustified(12) << '\n';
        }
    }
    o.flush();
}

} // namespace

int runOptimize(const QStringList& args)
{
    QCommandLineParser parser;
    addArchOptions(parser);
    addBatchOption(parser);
    addSearchOptions(parser, true);
    const QCommandLineOption paretoOption(
        "pareto", "With --method exact: also print the whole energy-latency Pareto front.");
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of tables.");
    parser.addOption(paretoOption);
    parser.addOption(jsonOption);
    addStoreOptions(parser);
    parser.addPositionalArgument("MODEL", "ONNX file, or the name of a bundled network.");
    if (auto exit = parseCommandLine(
            parser, args,
            "compass optimize MODEL --arch PRESET|FILE [--batch B] [--method M] [--objective O] "
            "[--seed N] [--json]",
            "Chooses the partition cuts of a network on a chip with one of four optimisers and\n"
            "prints the plan, its metrics and a per-partition table (docs/optimisers.md)."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("optimize", "expected exactly one MODEL");
    const std::optional<std::int64_t> batch = batchFromParser(parser, "optimize");
    std::optional<SearchOptions> options = searchOptionsFromParser(parser, "optimize", true);
    if (!batch || !options)
        return ExitUsage;
    options->paretoFront = parser.isSet(paretoOption);
    if (options->paretoFront && options->method != SearchMethod::Exact)
        return usageError("optimize", "--pareto needs --method exact");

    const std::optional<ArchSpec> arch = archFromParser(parser);
    if (!arch)
        return ExitBadInput;
    std::optional<ProblemSetup> setup =
        setUpProblem(parser.positionalArguments().first(), *arch, *batch);
    if (!setup)
        return ExitBadInput;
    DiagnosticList modelDiagnostics;
    const std::optional<ModelIdentity> model =
        parser.isSet("no-store") ? ModelIdentity{}
                                 : identifyModel(setup->modelArgument, modelDiagnostics);
    printDiagnostics(modelDiagnostics);
    if (!model)
        return ExitBadInput;

    SearchControl control;
    const bool showProgress = isatty(STDERR_FILENO) && !parser.isSet(jsonOption);
    if (showProgress) {
        control.progress = [](const SearchProgress& p) {
            err() << "\r" << QString::fromStdString(p.stage) << ' '
                  << QString::number(p.fraction * 100.0, 'f', 0) << "%   ";
            err().flush();
        };
    }
    const SearchResult result = runPartitionSearch(setup->searchProblem(), *options, control);
    if (showProgress) {
        err() << "\r" << QString(40, ' ') << "\r";
        err().flush();
    }
    if (parser.isSet(jsonOption))
        printJson(resultJson(*setup, result));
    else
        printResult(*setup, result);
    const RunOutcome outcome{result.plan,           result.cost,      result.convergence,
                             result.objectiveValue, result.runtimeMs, result.cancelled};
    const bool stored = storeRunFromParser(
        parser, makeRunRecord(*model, *setup->estimator, RunMethod{*options}, outcome));
    return result.cost.valid && stored ? ExitOk : ExitBadInput;
}

} // namespace compass::cli
