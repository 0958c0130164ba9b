// SPDX-License-Identifier: MIT
// compass optimize MODEL --arch ... --batch B --method M --objective O [--save-project FILE]:
// choose the cuts. MODEL may be a project (docs/projects.md).
#include "arch_options.h"
#include "cli_common.h"
#include "model_argument.h"
#include "model_loading.h"
#include "pass_options.h"
#include "problem_setup.h"
#include "report/plan_report_json.h"
#include "report/plan_report_text.h"
#include "run_recording.h"
#include "search_options.h"
#include "sim/estimator.h"

#include <unistd.h>

namespace compass::cli {

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
    addSaveProjectOption(parser);
    const std::vector<PassInfo> passInfo =
        passInfos({PassGroup::Import, PassGroup::Mapping, PassGroup::Search});
    addImportOptions(parser);
    PassOptions::addTo(parser, passInfo);
    addModelArgument(parser, "model, import options, chip, batch and optimiser options");
    if (auto exit = parseCommandLine(
            parser, args,
            "compass optimize MODEL --arch PRESET|FILE [--batch B] [--method M] [--objective O] "
            "[--seed N] [--json] [--save-project FILE]",
            "Chooses the partition cuts of a network on a chip with one of four optimisers and\n"
            "prints the plan, its metrics and a per-partition table (docs/optimisers.md)."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("optimize", "expected exactly one MODEL");
    if (!checkSaveProjectOption(parser, "optimize"))
        return ExitUsage;
    const std::optional<ModelArgument> input =
        ModelArgument::read(parser.positionalArguments().first());
    if (!input)
        return ExitBadInput;
    const std::optional<std::int64_t> batch = input->batch(parser, "optimize");
    std::optional<SearchOptions> options = input->searchOptions(parser, "optimize", true);
    if (!batch || !options)
        return ExitUsage;
    // A project's Pareto request holds for its exact method only; --pareto asks for it.
    options->paretoFront = parser.isSet(paretoOption) ||
                           (options->paretoFront && options->method == SearchMethod::Exact);
    if (options->paretoFront && options->method != SearchMethod::Exact)
        return usageError("optimize", "--pareto needs --method exact");
    const std::optional<OnnxImportOptions> importOptions = input->importOptions(parser, "optimize");
    if (!importOptions)
        return ExitUsage;
    PassOptions passes;
    if (!passes.read(parser, "optimize", passInfo))
        return ExitUsage;

    const std::optional<ArchSpec> arch = input->arch(parser);
    if (!arch)
        return ExitBadInput;
    const QString modelArgument = input->model();
    CostingOptions costing;
    costing.batchSize = *batch;
    const std::shared_ptr<const MappedProblem> problem =
        setUpProblem(modelArgument, *importOptions, *arch, costing, passes.instrumentation());
    if (!problem)
        return passes.exitCode(ExitBadInput);
    DiagnosticList modelDiagnostics;
    const bool noStore = parser.isSet("no-store") || parser.isSet("dump-after");
    const std::optional<ModelIdentity> model =
        noStore ? ModelIdentity{} : identifyModel(modelArgument, *importOptions, modelDiagnostics);
    printDiagnostics(modelDiagnostics);
    if (!model)
        return ExitBadInput;

    const bool showProgress = isatty(STDERR_FILENO) && !parser.isSet(jsonOption);
    const std::optional<SearchResult> found =
        searchProblem(problem, std::make_shared<const Estimator>(problem), *options,
                      passes.instrumentation(), progressOnStderr(showProgress));
    if (showProgress)
        clearProgressLine();
    if (!found)
        return passes.exitCode(ExitBadInput);
    const SearchResult& result = *found;
    PlanReport report =
        makePlanReport(problem->units(), result.plan, result.cost, problem->arch().enduranceWrites);
    report.model = problem->graph().name;
    report.arch = problem->arch().name;
    report.search = makeSearchReport(*options, result);
    if (parser.isSet(jsonOption))
        printJson(planReportToJson(report));
    else
        out() << planReportText(report);
    out().flush();
    const bool stored = storeRunFromParser(
        parser, makeRunRecord(*model, *problem, RunMethod{*options}, result, appVersionText()));
    bool saved = true;
    if (parser.isSet("save-project") && !result.cost.valid) {
        err() << parser.value("save-project")
              << ": error: the project was not saved: no valid plan\n";
        err().flush();
        saved = false;
    } else {
        saved = saveProjectFromParser(parser, *input, *importOptions, *arch, *batch,
                                      result.plan.innerCuts(), *options);
    }
    return result.cost.valid && stored && saved ? ExitOk : ExitBadInput;
}

} // namespace compass::cli
