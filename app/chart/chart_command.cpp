// SPDX-License-Identifier: MIT
// compass chart KIND MODEL --arch ... --out FILE.{png,svg,pdf}: the explorer's charts, rendered
// headless (offscreen platform) so sweeps can produce figures without a display. MODEL may be
// a project (docs/projects.md).
#include "app/cli/arch_options.h"
#include "app/cli/cli_common.h"
#include "app/cli/model_argument.h"
#include "app/cli/model_loading.h"
#include "app/cli/pass_options.h"
#include "app/cli/problem_setup.h"
#include "app/cli/search_options.h"
#include "jobs/run_jobs.h"
#include "ui/charts/batch_sweep_chart_data.h"
#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_export.h"

#include <QChart>
#include <QFileInfo>

#include <unistd.h>

#include <array>
#include <cstdlib>

namespace compass::cli {

namespace {

using ui::BatchSweepData;
using ui::RunComparisonData;

constexpr std::array kKinds = {"partition-latency", "energy-breakdown", "reload-vs-batch",
                               "compare-methods",   "batch-sweep",      "pareto",
                               "convergence"};

struct ChartOutput
{
    std::unique_ptr<QChart> chart;
    QString csv;
    QJsonObject json;
};

QString label(SearchMethod m)
{
    return QString::fromLatin1(searchMethodName(m));
}

} // namespace

int runChart(const QStringList& args)
{
    QCommandLineParser parser;
    addArchOptions(parser);
    addBatchOption(parser);
    addSearchOptions(parser, true);
    const QCommandLineOption outOption("out", "Image to write: .png, .svg or .pdf.", "FILE");
    const QCommandLineOption csvOption("csv", "Also write the chart's data as CSV.", "FILE");
    const QCommandLineOption jsonOption("json", "Also write the chart's data as JSON.", "FILE");
    const QCommandLineOption dpiOption("dpi", "PNG pixel density (default 192).", "N", "192");
    const QCommandLineOption sizeOption("size", "Chart size in points, WxH (default 900x560).",
                                        "WxH", "900x560");
    const QCommandLineOption metricOption(
        "metric",
        "compare-methods: all (relative), throughput, energy or edp (default all); "
        "batch-sweep: throughput or edp (default throughput).",
        "M");
    const QCommandLineOption baselineOption(
        "baseline",
        "compare-methods: the method others are relative to, or none (default "
        "greedy; 'all' always needs one).",
        "METHOD", "greedy");
    parser.addOption(outOption);
    parser.addOption(csvOption);
    parser.addOption(jsonOption);
    parser.addOption(dpiOption);
    parser.addOption(sizeOption);
    parser.addOption(metricOption);
    parser.addOption(baselineOption);
    const std::vector<PassInfo> passInfo = passInfos({PassGroup::Import, PassGroup::Mapping});
    addImportOptions(parser);
    PassOptions::addTo(parser, passInfo);
    parser.addPositionalArgument("KIND", QStringList(kKinds.begin(), kKinds.end()).join(", "));
    addModelArgument(parser, "model, import options, chip, batch and optimiser options");
    if (auto exit = parseCommandLine(
            parser, args,
            "compass chart KIND MODEL --arch PRESET|FILE [--batch B] [--method M] "
            "[--objective O] [--seed N] --out FILE.{png,svg,pdf} [--csv FILE] [--json FILE]",
            "Runs the estimator and optimisers and draws one of the explorer's charts without a\n"
            "display (docs/charts.md). KIND is one of: " +
                QStringList(kKinds.begin(), kKinds.end()).join(", ") +
                ".\n--method applies to partition-latency, reload-vs-batch and convergence;\n"
                "energy-breakdown shows --method if given, else all four methods."))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usageError("chart", "expected KIND and MODEL");
    const QString kind = positional[0];
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
        return usageError("chart",
                          QString("unknown chart kind '%1' (%2)")
                              .arg(kind, QStringList(kKinds.begin(), kKinds.end()).join(", ")));
    }
    if (!parser.isSet(outOption) && !parser.isSet(csvOption) && !parser.isSet(jsonOption))
        return usageError("chart", "nothing to write: give --out, --csv or --json");
    const QString outPath = parser.value(outOption);
    if (!outPath.isEmpty()) {
        const QString suffix = QFileInfo(outPath).suffix().toLower();
        if (suffix != "png" && suffix != "svg" && suffix != "pdf")
            return usageError("chart", "--out must end in .png, .svg or .pdf");
    }
    ui::ExportOptions exportOptions;
    bool dpiOk = false;
    exportOptions.dpi = parser.value(dpiOption).toDouble(&dpiOk);
    if (!dpiOk || exportOptions.dpi < 24.0 || exportOptions.dpi > 1200.0)
        return usageError("chart", "--dpi must be a number from 24 to 1200");
    const QStringList size = parser.value(sizeOption).split('x');
    bool wOk = false;
    bool hOk = false;
    if (size.size() == 2) {
        exportOptions.logicalSize = QSizeF(size[0].toDouble(&wOk), size[1].toDouble(&hOk));
    }
    if (!wOk || !hOk || exportOptions.logicalSize.width() < 200 ||
        exportOptions.logicalSize.height() < 150 || exportOptions.logicalSize.width() > 8000 ||
        exportOptions.logicalSize.height() > 8000)
        return usageError("chart", "--size must be WxH with W, H from 200x150 to 8000x8000");

    const std::optional<ModelArgument> input = ModelArgument::read(positional[1]);
    if (!input)
        return ExitBadInput;
    const std::optional<std::int64_t> batch = input->batch(parser, "chart");
    std::optional<SearchOptions> options = input->searchOptions(parser, "chart", true);
    PassOptions passes;
    const std::optional<OnnxImportOptions> importOptions = input->importOptions(parser, "chart");
    if (!batch || !options || !importOptions || !passes.read(parser, "chart", passInfo))
        return ExitUsage;

    auto metric = RunComparisonData::Metric::All;
    auto sweepMetric = BatchSweepData::Metric::Throughput;
    const QString metricText = parser.value(metricOption);
    if (kind == "compare-methods" && !metricText.isEmpty()) {
        if (metricText == "throughput")
            metric = RunComparisonData::Metric::Throughput;
        else if (metricText == "energy")
            metric = RunComparisonData::Metric::Energy;
        else if (metricText == "edp")
            metric = RunComparisonData::Metric::Edp;
        else if (metricText != "all")
            return usageError("chart", "--metric for compare-methods: all, throughput, energy "
                                       "or edp");
    } else if (kind == "batch-sweep" && !metricText.isEmpty()) {
        if (metricText == "edp")
            sweepMetric = BatchSweepData::Metric::Edp;
        else if (metricText != "throughput")
            return usageError("chart", "--metric for batch-sweep: throughput or edp");
    }
    std::int32_t baseline = -1;
    const std::vector<SearchMethod> methods = jobs::allSearchMethods();
    if (parser.value(baselineOption) != "none") {
        const std::optional<SearchMethod> m =
            parseSearchMethod(parser.value(baselineOption).toStdString());
        if (!m)
            return usageError("chart", "--baseline must be greedy, layerwise, ga, exact or none");
        baseline = static_cast<std::int32_t>(std::find(methods.begin(), methods.end(), *m) -
                                             methods.begin());
    }

    const std::optional<ArchSpec> arch = input->arch(parser);
    if (!arch)
        return ExitBadInput;
    CostingOptions costing;
    costing.batchSize = *batch;
    jobs::RunProblem problem;
    problem.importOptions = *importOptions;
    problem.problem =
        setUpProblem(input->model(), *importOptions, *arch, costing, passes.instrumentation());
    if (!problem.problem)
        return passes.exitCode(ExitBadInput);
    problem.modelName = QString::fromStdString(problem.problem->graph().name);
    if (problem.modelName.isEmpty())
        problem.modelName = QFileInfo(input->model()).completeBaseName();

    const bool showProgress = isatty(STDERR_FILENO) != 0;
    const SearchControl control = progressOnStderr(showProgress);
    const QString describe = problem.describe();
    const QString objective = QString::fromLatin1(objectiveName(options->objective));
    ChartOutput output;

    auto checkValid = [&](const SearchResult& r) {
        if (r.cost.valid)
            return true;
        err() << positional[1] << ": error: no valid plan on " << QString::fromStdString(arch->name)
              << " (the network has no weight layers, or a layer does not fit)\n";
        err().flush();
        return false;
    };

    if (kind == "partition-latency" || kind == "convergence") {
        const SearchResult r = jobs::runSearchJob(problem, *options, control);
        if (!checkValid(r))
            return ExitBadInput;
        const QString subtitle = QString("%1, %2 (%3)").arg(describe, label(r.method), objective);
        if (kind == "partition-latency") {
            const ui::PartitionLatencyData data = ui::partitionLatencyData(r.cost, subtitle);
            output = {ui::buildPartitionLatencyChart(data), ui::toCsv(data), ui::toJson(data)};
        } else {
            if (r.method != SearchMethod::Genetic)
                return usageError("chart", "convergence needs --method ga");
            ui::ConvergenceData data{subtitle, options->objective, r.convergence};
            output = {ui::buildConvergenceChart(data), ui::toCsv(data), ui::toJson(data)};
        }
    } else if (kind == "energy-breakdown" || kind == "compare-methods" || kind == "pareto") {
        std::vector<SearchMethod> chosen = methods;
        if (kind == "energy-breakdown" && parser.isSet("method"))
            chosen = {options->method};
        SearchOptions base = *options;
        base.paretoFront = kind == "pareto";
        const std::vector<SearchResult> results =
            jobs::runSearchJobs(problem, base, chosen, control);
        for (const SearchResult& r : results) {
            if (!checkValid(r))
                return ExitBadInput;
        }
        const QString subtitle = QString("%1, objective %2").arg(describe, objective);
        if (kind == "energy-breakdown") {
            ui::EnergyBreakdownData data;
            data.subtitle = subtitle;
            for (const SearchResult& r : results)
                data.rows.push_back(ui::energyBreakdownRow(label(r.method), r.cost));
            output = {ui::buildEnergyBreakdownChart(data), ui::toCsv(data), ui::toJson(data)};
        } else if (kind == "compare-methods") {
            RunComparisonData data;
            data.subtitle = subtitle;
            for (const SearchResult& r : results)
                data.runs.push_back(ui::comparisonRun(label(r.method), r));
            data.baseline = baseline;
            output = {ui::buildRunComparisonChart(data, metric), ui::toCsv(data), ui::toJson(data)};
        } else {
            ui::ParetoData data;
            data.subtitle = subtitle;
            for (const SearchResult& r : results) {
                data.runs.push_back({label(r.method), r.cost.latencyPerBatchNs,
                                     r.cost.energyPerInferencePj,
                                     QString::fromLatin1(searchMethodName(r.method))});
                if (!r.paretoFront.empty())
                    ui::setParetoFront(data, r.paretoFront);
            }
            output = {ui::buildParetoChart(data), ui::toCsv(data), ui::toJson(data)};
        }
    } else {
        // batch-sweep and reload-vs-batch: every batch size 1..64.
        const bool sweep = kind == "batch-sweep";
        jobs::BatchSweepRequest request;
        request.problem = problem;
        request.base = *options;
        request.methods = sweep ? methods : std::vector<SearchMethod>{options->method};
        request.reloadMethod = options->method;
        const jobs::BatchSweepResult r = jobs::runBatchSweep(request, control);
        if (sweep) {
            const ui::BatchSweepData data = ui::batchSweepData(r);
            output = {ui::buildBatchSweepChart(data, sweepMetric), ui::toCsv(data),
                      ui::toJson(data)};
        } else {
            const ui::ReloadVsBatchData data = ui::reloadVsBatchData(r);
            output = {ui::buildReloadVsBatchChart(data), ui::toCsv(data), ui::toJson(data)};
        }
    }
    if (showProgress)
        clearProgressLine();

    QString error;
    const QString csvPath = parser.value(csvOption);
    const QString jsonPath = parser.value(jsonOption);
    if (!(outPath.isEmpty() || ui::exportChart(*output.chart, outPath, exportOptions, &error)) ||
        !(csvPath.isEmpty() || ui::writeTextFile(csvPath, output.csv, &error)) ||
        !(jsonPath.isEmpty() || ui::writeJsonFile(jsonPath, output.json, &error))) {
        err() << "compass chart: error: " << error << '\n';
        err().flush();
        return ExitBadInput;
    }
    for (const QString& path : {outPath, csvPath, jsonPath}) {
        if (!path.isEmpty())
            out() << "wrote " << path << '\n';
    }
    out().flush();
    return ExitOk;
}

} // namespace compass::cli
