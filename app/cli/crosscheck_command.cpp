// SPDX-License-Identifier: MIT
// compass crosscheck: the analytical estimator against the event-driven simulator on the
// paper's configurations, per method: latency and energy and their relative difference.
#include "cli_common.h"
#include "core/arch/arch_presets.h"
#include "core/support/units.h"
#include "event_engine.h"
#include "paper_configs.h"
#include "pass_options.h"
#include "problem_setup.h"
#include "random_chips.h"
#include "search_options.h"
#include "sim/estimator.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>

namespace compass::cli {

namespace {

struct CrossRow
{
    QString config;
    QString network;
    QString chip;
    std::int64_t batch = 1;
    QString method;
    std::int32_t partitions = 0;
    double estimatorLatencyNs = 0.0;
    double eventLatencyNs = 0.0;
    double estimatorEnergyPj = 0.0; ///< Per inference.
    double eventEnergyPj = 0.0;     ///< Per inference.
    std::int64_t instructions = 0;

    double latencyDiff() const { return eventLatencyNs / estimatorLatencyNs - 1.0; }
    double energyDiff() const { return eventEnergyPj / estimatorEnergyPj - 1.0; }
};

/// A CSV field, quoted when it holds a comma or a quote (a random chip's label does).
QString csvField(const QString& text)
{
    if (!text.contains(',') && !text.contains('"'))
        return text;
    return '"' + QString(text).replace('"', "\"\"") + '"';
}

} // namespace

int runCrosscheck(const QStringList& args)
{
    QCommandLineParser parser;
    addSearchOptions(parser, false);
    const QCommandLineOption csvOption("csv", "Also write the rows to FILE as CSV.", "FILE");
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of the table.");
    const QCommandLineOption networksOption(
        "networks", "Comma-separated subset of the paper's VGG16, ResNet18, SqueezeNet.", "LIST");
    const QCommandLineOption chipsOption("chips", "Comma-separated subset of the paper's S, M, L.",
                                         "LIST");
    const QCommandLineOption modelsOption(
        "models",
        "Any networks instead of the paper's: comma-separated bundled names, ONNX files or "
        ".compass projects (their model and import options, docs/projects.md).",
        "LIST");
    const QCommandLineOption archOption(
        "arch", "Any chips instead of the paper's: comma-separated presets or JSON files.", "LIST");
    const QCommandLineOption batchesOption(
        "batches",
        "Comma-separated batch sizes (default 1,2,4,8,16; with the paper's networks and chips "
        "a subset of those).",
        "LIST");
    const QCommandLineOption randomChipsOption(
        "random-chips",
        "Also N chips drawn around the sram presets from --seed (" + randomChipDistributionText() +
            "), each named by the fields it changes ('sram-M with chip.cores=64, vfu.count=1').",
        "N");
    const QCommandLineOption methodsOption(
        "methods", "Comma-separated subset of greedy, layerwise, ga, exact.", "LIST");
    const QCommandLineOption noEarlyOption(
        "no-early-replacement",
        "Both engines: a partition's weight loads wait for the whole previous partition "
        "instead of only the loading core's own work in it (early replacement).");
    const QCommandLineOption partitionsOption(
        "partitions", "Also print each partition's estimator parts and event-side latency "
                      "(to stderr), to find where the two engines differ.");
    for (const auto& o :
         {csvOption, jsonOption, networksOption, chipsOption, modelsOption, archOption,
          batchesOption, randomChipsOption, methodsOption, noEarlyOption, partitionsOption})
        parser.addOption(o);
    PassOptions::addTo(parser);
    if (auto exit = parseCommandLine(
            parser, args,
            "compass crosscheck [--csv FILE] [--json] [--networks LIST] [--chips LIST] "
            "[--models LIST] [--arch LIST] [--random-chips N [--seed S]] [--batches LIST] "
            "[--methods LIST]",
            "For the paper's 45 configurations (as 'compass reproduce'), or any networks x chips\n"
            "x batches given with --models, --arch, --random-chips and --batches, and every\n"
            "method: plans the network with the estimator, compiles the plan, runs the\n"
            "event-driven simulator and prints both latencies and energies per inference with\n"
            "their relative difference (event / estimator - 1). Target: within 10 %;\n"
            "docs/cost-model.md says what the estimator leaves out. --random-chips N draws N\n"
            "chips from --seed (the same chips for the same seed; --seed also seeds the genetic\n"
            "algorithm) and adds them to the --arch chips, or replaces the paper's."))
        return *exit;
    const std::optional<SearchOptions> options =
        searchOptionsFromParser(parser, "crosscheck", false);
    PassOptions passes;
    if (!options || !passes.read(parser, "crosscheck", {}))
        return ExitUsage;
    auto filter = [&](const QCommandLineOption& o) {
        return parser.isSet(o) ? parser.value(o).split(',', Qt::SkipEmptyParts) : QStringList();
    };
    const QStringList networks = filter(networksOption);
    const QStringList chips = filter(chipsOption);
    const QStringList batches = filter(batchesOption);
    const QStringList methods = filter(methodsOption);
    for (const QString& m : methods) {
        if (!parseSearchMethod(m.toLower().toStdString()))
            return usageError("crosscheck", "--methods: unknown method '" + m +
                                                "' (greedy, layerwise, ga, exact)");
    }
    const QStringList models = filter(modelsOption);
    const QStringList archs = filter(archOption);
    std::vector<RandomChip> randomChips;
    if (parser.isSet(randomChipsOption)) {
        bool ok = false;
        const int count = parser.value(randomChipsOption).toInt(&ok);
        if (!ok || count < 1 || count > 1000)
            return usageError("crosscheck", "--random-chips: '" + parser.value(randomChipsOption) +
                                                "' is not a chip count from 1 to 1000");
        std::optional<std::vector<RandomChip>> drawn = drawRandomChips(count, options->seed);
        if (!drawn)
            return ExitBadInput;
        randomChips = std::move(*drawn);
    }
    const bool anyGrid = !models.isEmpty() || !archs.isEmpty() || !randomChips.empty();
    if (anyGrid && (!networks.isEmpty() || !chips.isEmpty()))
        return usageError("crosscheck", "--networks and --chips pick among the paper's "
                                        "configurations; with --models or --arch, list the "
                                        "networks and chips there");
    ConfigurationGrid grid = paperGrid({networks, chips, anyGrid ? QStringList() : batches});
    if (anyGrid) {
        if (!models.isEmpty()) {
            grid.networks.clear();
            for (const QString& m : models)
                grid.networks.push_back({QFileInfo(m).completeBaseName(), m});
        }
        if (!archs.isEmpty() || !randomChips.empty()) {
            grid.chips.clear();
            for (const QString& a : archs)
                grid.chips.push_back({QFileInfo(a).completeBaseName(), a, std::nullopt});
            for (const RandomChip& chip : randomChips)
                grid.chips.push_back({chip.label, chip.label, chip.spec});
        }
        if (!batches.isEmpty()) {
            grid.batches.clear();
            for (const QString& b : batches) {
                bool ok = false;
                const std::int64_t batch = b.toLongLong(&ok);
                if (!ok || batch < 1 || batch > kMaxBatchSize)
                    return usageError("crosscheck", "--batches: '" + b +
                                                        "' is not a batch size from 1 to " +
                                                        QString::number(kMaxBatchSize));
                grid.batches.push_back(batch);
            }
        }
    }
    const bool json = parser.isSet(jsonOption);

    std::vector<CrossRow> rows;
    QElapsedTimer timer;
    timer.start();
    bool failed = false;
    const bool visited = forEachConfiguration(
        grid,
        [&](const PaperConfiguration& config) {
            if (failed)
                return;
            std::shared_ptr<const MappedProblem> problem = config.problem;
            if (parser.isSet(noEarlyOption)) {
                CostingOptions costing = problem->costing();
                costing.earlyReplacement = false;
                problem = problem->withCosting(costing);
            }
            const auto estimator = std::make_shared<const Estimator>(problem);
            for (SearchMethod method : kPaperMethods) {
                if (!methods.isEmpty() &&
                    !methods.contains(searchMethodName(method), Qt::CaseInsensitive))
                    continue;
                SearchOptions o = *options;
                o.method = method;
                const std::optional<SearchResult> searched =
                    searchProblem(problem, estimator, o, passes.instrumentation());
                if (!searched) {
                    failed = true;
                    return;
                }
                const SearchResult& found = *searched;
                const auto program =
                    scheduleProgram(problem, found.plan, config.model, passes.instrumentation());
                if (!program) {
                    failed = true;
                    return;
                }
                const auto sim = simulateProgram(*problem, *program, false);
                if (!sim) {
                    failed = true;
                    return;
                }
                if (parser.isSet(partitionsOption)) {
                    for (std::size_t p = 0; p < found.cost.partitions.size(); ++p) {
                        const PartitionCost& c = found.cost.partitions[p];
                        const LatencyParts& l = c.latency;
                        err() << "  " << config.label << ' ' << searchMethodName(method) << " p"
                              << p << " [" << c.span.begin << ',' << c.span.end << ") est us: load "
                              << l.weightLoadNs / 1e3 << " write " << l.crossbarWriteNs / 1e3
                              << " in " << l.activationLoadNs / 1e3 << " compute "
                              << l.computeNs / 1e3 << " bus " << l.busNs / 1e3 << " out "
                              << l.activationStoreNs / 1e3 << " total " << l.totalNs() / 1e3
                              << "  event "
                              << (p < sim->partitionLatencyNs.size()
                                      ? sim->partitionLatencyNs[p] / 1e3
                                      : 0.0)
                              << " d "
                              << units::percent(p < sim->partitionLatencyNs.size()
                                                    ? sim->partitionLatencyNs[p] / l.totalNs() - 1.0
                                                    : 0.0)
                              << '\n';
                    }
                }
                CrossRow row{config.label,
                             config.networkLabel,
                             config.chipLabel,
                             config.batch,
                             searchMethodName(method),
                             found.plan.partitionCount(),
                             found.cost.latencyPerBatchNs,
                             sim->latencyPerBatchNs,
                             found.cost.energyPerInferencePj,
                             sim->energyPerInferencePj,
                             sim->instructions};
                if (!json) {
                    err() << config.label << ' ' << row.method << "  latency "
                          << units::percent(row.latencyDiff()) << "  energy "
                          << units::percent(row.energyDiff()) << '\n';
                    err().flush();
                }
                rows.push_back(row);
            }
        },
        passes.instrumentation());
    if (!visited || failed)
        return ExitBadInput;

    double worstLatency = 0.0;
    double worstEnergy = 0.0;
    int within = 0;
    for (const CrossRow& r : rows) {
        worstLatency = std::max(worstLatency, std::abs(r.latencyDiff()));
        worstEnergy = std::max(worstEnergy, std::abs(r.energyDiff()));
        within += std::abs(r.latencyDiff()) <= 0.10 && std::abs(r.energyDiff()) <= 0.10 ? 1 : 0;
    }
    if (parser.isSet(csvOption)) {
        QFile file(parser.value(csvOption));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            err() << file.fileName() << ": error: cannot write: " << file.errorString() << '\n';
            err().flush();
            return ExitBadInput;
        }
        QTextStream csv(&file);
        csv << "config,method,partitions,estimator_latency_ns,event_latency_ns,latency_diff,"
               "estimator_energy_per_inference_pj,event_energy_per_inference_pj,energy_diff,"
               "instructions\n";
        for (const CrossRow& r : rows) {
            csv << csvField(r.config) << ',' << r.method << ',' << r.partitions << ','
                << QString::number(r.estimatorLatencyNs, 'g', 10) << ','
                << QString::number(r.eventLatencyNs, 'g', 10) << ','
                << QString::number(r.latencyDiff(), 'g', 6) << ','
                << QString::number(r.estimatorEnergyPj, 'g', 10) << ','
                << QString::number(r.eventEnergyPj, 'g', 10) << ','
                << QString::number(r.energyDiff(), 'g', 6) << ',' << r.instructions << '\n';
        }
    }
    const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    if (json) {
        QJsonArray array;
        for (const CrossRow& r : rows) {
            array.append(QJsonObject{{"config", r.config},
                                     {"network", r.network},
                                     {"chip", r.chip},
                                     {"batch", static_cast<qint64>(r.batch)},
                                     {"method", r.method},
                                     {"partitions", r.partitions},
                                     {"estimator_latency_ns", r.estimatorLatencyNs},
                                     {"event_latency_ns", r.eventLatencyNs},
                                     {"latency_diff", r.latencyDiff()},
                                     {"estimator_energy_per_inference_pj", r.estimatorEnergyPj},
                                     {"event_energy_per_inference_pj", r.eventEnergyPj},
                                     {"energy_diff", r.energyDiff()},
                                     {"instructions", static_cast<qint64>(r.instructions)}});
        }
        printJson({{"rows", array},
                   {"within_10_percent", within},
                   {"max_abs_latency_diff", worstLatency},
                   {"max_abs_energy_diff", worstEnergy},
                   {"runtime_s", seconds}});
        return ExitOk;
    }
    QTextStream& o = out();
    qsizetype labelWidth = 18; // the paper's labels; a grid's may be longer
    for (const CrossRow& r : rows)
        labelWidth = std::max(labelWidth, r.config.size() + 2);
    o << "\nEstimator vs event-driven simulator (difference = event / estimator - 1)\n"
      << QString("config").leftJustified(labelWidth) << QString("method").leftJustified(10)
      << QString("parts").rightJustified(6) << QString("est ms").rightJustified(11)
      << QString("event ms").rightJustified(11) << QString("d lat").rightJustified(8)
      << QString("est µJ").rightJustified(11) << QString("event µJ").rightJustified(11)
      << QString("d E").rightJustified(8) << '\n';
    for (const CrossRow& r : rows) {
        o << r.config.leftJustified(labelWidth) << r.method.leftJustified(10)
          << QString::number(r.partitions).rightJustified(6)
          << QString::number(r.estimatorLatencyNs / 1e6, 'f', 3).rightJustified(11)
          << QString::number(r.eventLatencyNs / 1e6, 'f', 3).rightJustified(11)
          << units::percent(r.latencyDiff()).rightJustified(8)
          << QString::number(r.estimatorEnergyPj / 1e6, 'f', 1).rightJustified(11)
          << QString::number(r.eventEnergyPj / 1e6, 'f', 1).rightJustified(11)
          << units::percent(r.energyDiff()).rightJustified(8)
          << (std::abs(r.latencyDiff()) > 0.10 || std::abs(r.energyDiff()) > 0.10 ? "  >10%" : "")
          << '\n';
    }
    o << '\n'
      << within << " of " << rows.size() << " rows within 10 % on both; largest difference "
      << units::percent(worstLatency) << " latency, " << units::percent(worstEnergy) << " energy; "
      << QString::number(seconds, 'f', 1) << " s\n";
    o.flush();
    return ExitOk;
}

} // namespace compass::cli
