// SPDX-License-Identifier: MIT
// compass reproduce: the paper's 45 configurations with all four methods, and the ratios its
// figures summarise (method.md section 7).
#include "cli_common.h"
#include "core/support/diagnostics.h"
#include "paper_configs.h"
#include "paper_ratios.h"
#include "pass_options.h"
#include "problem_setup.h"
#include "search_options.h"
#include "sim/estimator.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>

#include <array>
#include <map>

namespace compass::cli {

namespace {

using Network = PaperNetwork;
constexpr const auto& kNetworks = kPaperNetworks;
constexpr const auto& kMethods = kPaperMethods;

QString ratio(double r)
{
    return QString::number(r, 'f', 2) + "x";
}

void printTables(const std::vector<ConfigRow>& rows, const std::map<QString, Ratios>& perNetwork,
                 const Ratios& overall, Objective objective)
{
    QTextStream& o = out();
    o << "\nThroughput (inferences/s); every method minimises " << objectiveName(objective) << "\n";
    o << QString("config").leftJustified(18);
    for (SearchMethod m : kMethods)
        o << QString(searchMethodName(m)).rightJustified(12);
    o << QString("ga/greedy").rightJustified(11) << QString("ga/layerw").rightJustified(11)
      << QString("exact/ga").rightJustified(10) << '\n';
    for (const ConfigRow& r : rows) {
        o << r.label.leftJustified(18);
        for (SearchMethod m : kMethods)
            o << QString::number(r.of(m).throughputIps, 'f', 1).rightJustified(12);
        o << ratio(r.gaOverGreedy()).rightJustified(11)
          << ratio(r.gaOverLayerwise()).rightJustified(11)
          << ratio(r.exactOverGa()).rightJustified(10) << '\n';
    }

    o << "\nEnergy per inference (µJ) and EDP (energy per inference x latency per inference)\n";
    o << QString("config").leftJustified(18);
    for (SearchMethod m : kMethods)
        o << (QString("E ") + searchMethodName(m)).rightJustified(12);
    o << QString("EDP greedy/ga").rightJustified(15) << QString("EDP layerw/ga").rightJustified(15)
      << '\n';
    for (const ConfigRow& r : rows) {
        o << r.label.leftJustified(18);
        for (SearchMethod m : kMethods)
            o << QString::number(r.of(m).energyPerInferencePj * 1e-6, 'f', 1).rightJustified(12);
        o << ratio(r.edpGreedyOverGa()).rightJustified(15)
          << ratio(r.edpLayerwiseOverGa()).rightJustified(15) << '\n';
    }

    o << "\nAverages (arithmetic mean of the per-configuration ratios)\n"
      << QString("").leftJustified(18) << QString("ga/greedy").rightJustified(11)
      << QString("ga/layerw").rightJustified(11) << QString("exact/ga").rightJustified(10)
      << QString("EDP greedy/ga").rightJustified(15) << QString("EDP layerw/ga").rightJustified(15)
      << '\n';
    auto line = [&](const QString& name, const Ratios& sum) {
        const Ratios m = sum.mean();
        o << name.leftJustified(18) << ratio(m.gaGreedy).rightJustified(11)
          << ratio(m.gaLayerwise).rightJustified(11) << ratio(m.exactGa).rightJustified(10)
          << ratio(m.edpGreedy).rightJustified(15) << ratio(m.edpLayerwise).rightJustified(15)
          << '\n';
    };
    for (const Network& n : kNetworks) {
        const auto it = perNetwork.find(n.label);
        if (it != perNetwork.end())
            line(n.label, it->second);
    }
    line(QString("overall (%1)").arg(overall.count), overall);

    // Fig. 9: ResNet18, the GA's plan, per chip and batch.
    o << "\nFig. 9: ResNet18, (DRAM weight reads + crossbar writes) / MVM energy, GA plan\n"
      << QString("chip").leftJustified(18);
    std::map<QString, std::map<QString, double>> fig9; // chip -> batch -> ratio
    for (const ConfigRow& r : rows) {
        const QStringList parts = r.label.split('-');
        if (r.network == QLatin1String("ResNet18") && parts.size() == 3)
            fig9[parts[1]][parts[2]] = r.of(SearchMethod::Genetic).replacementOverMvm;
    }
    const QStringList batches{"1", "2", "4", "8", "16"};
    for (const QString& b : batches)
        o << ("B=" + b).rightJustified(9);
    o << '\n';
    for (const QString& chip : QStringList{"S", "M", "L"}) {
        const auto found = fig9.find(chip);
        if (found == fig9.end())
            continue;
        const std::map<QString, double>& perBatch = found->second;
        o << chip.leftJustified(18);
        for (const QString& b : batches) {
            const auto it = perBatch.find(b);
            o << (it == perBatch.end() ? QString("-") : ratio(it->second)).rightJustified(9);
        }
        o << '\n';
    }
    o << "Paper Fig. 9: bar totals (MVM bar included) 3.65-4.03x at B = 1, 1.18-1.21x at B = 16.\n";
    o << "\nPaper (DATE 2025): ga/greedy 1.80/1.71/2.24 (VGG16/ResNet18/SqueezeNet), 1.78 overall;"
         " ga/layerwise 1.56/1.31/1.98;\nEDP 1.28x better than greedy, 2.08x better than layerwise."
         " See docs/reproduction.md for how ours compares and why.\n";
    o.flush();
}

bool writeCsv(const QString& path, const std::vector<ConfigRow>& rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        err() << path << ": error: cannot write: " << file.errorString() << '\n';
        err().flush();
        return false;
    }
    QTextStream csv(&file);
    csv << "config,network,chip,batch";
    for (SearchMethod m : kMethods) {
        const QString n = searchMethodName(m);
        csv << ',' << n << "_throughput_ips," << n << "_energy_per_inference_pj," << n
            << "_edp_pj_s," << n << "_partitions," << n << "_runtime_ms";
    }
    csv << ",ga_over_greedy,ga_over_layerwise,exact_over_ga,edp_greedy_over_ga,"
           "edp_layerwise_over_ga\n";
    for (const ConfigRow& r : rows) {
        const QStringList parts = r.label.split('-');
        csv << r.label << ',' << r.network << ',' << parts.value(1) << ',' << parts.value(2);
        for (const MethodOutcome& m : r.methods) {
            csv << ',' << QString::number(m.throughputIps, 'g', 10) << ','
                << QString::number(m.energyPerInferencePj, 'g', 10) << ','
                << QString::number(m.edpPjS, 'g', 10) << ',' << m.partitions << ','
                << QString::number(m.runtimeMs, 'f', 2);
        }
        csv << ',' << QString::number(r.gaOverGreedy(), 'g', 6) << ','
            << QString::number(r.gaOverLayerwise(), 'g', 6) << ','
            << QString::number(r.exactOverGa(), 'g', 6) << ','
            << QString::number(r.edpGreedyOverGa(), 'g', 6) << ','
            << QString::number(r.edpLayerwiseOverGa(), 'g', 6) << '\n';
    }
    return true;
}

QJsonObject ratiosJson(const Ratios& sum)
{
    const Ratios m = sum.mean();
    return {{"ga_over_greedy", m.gaGreedy},
            {"ga_over_layerwise", m.gaLayerwise},
            {"exact_over_ga", m.exactGa},
            {"edp_greedy_over_ga", m.edpGreedy},
            {"edp_layerwise_over_ga", m.edpLayerwise},
            {"configurations", m.count}};
}

} // namespace

int runReproduce(const QStringList& args)
{
    QCommandLineParser parser;
    addSearchOptions(parser, false);
    const QCommandLineOption csvOption("csv", "Also write the table to FILE as CSV.", "FILE");
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of tables.");
    const QCommandLineOption networksOption(
        "networks", "Comma-separated subset of VGG16, ResNet18, SqueezeNet.", "LIST");
    const QCommandLineOption batchesOption("batches", "Comma-separated subset of 1,2,4,8,16.",
                                           "LIST");
    parser.addOption(csvOption);
    parser.addOption(jsonOption);
    parser.addOption(networksOption);
    parser.addOption(batchesOption);
    PassOptions::addTo(parser);
    if (auto exit = parseCommandLine(
            parser, args, "compass reproduce [--csv FILE] [--json] [--objective O] [--seed N]",
            "Runs the paper's 45 configurations (VGG16, ResNet18, SqueezeNet v1.1 x sram-S/M/L x\n"
            "batch 1, 2, 4, 8, 16) with greedy, layerwise, ga and exact, and prints throughput,\n"
            "energy per inference and EDP per method with the ratios the paper reports, averaged\n"
            "per network and overall. Rows are labelled Network-Chip-Batch."))
        return *exit;
    std::optional<SearchOptions> options = searchOptionsFromParser(parser, "reproduce", false);
    PassOptions passes;
    if (!options || !passes.read(parser, "reproduce", {}))
        return ExitUsage;
    const QStringList networkFilter =
        parser.isSet(networksOption) ? parser.value(networksOption).split(',') : QStringList();
    const QStringList batchFilter =
        parser.isSet(batchesOption) ? parser.value(batchesOption).split(',') : QStringList();
    const bool json = parser.isSet(jsonOption);

    std::vector<ConfigRow> rows;
    std::map<QString, Ratios> perNetwork;
    Ratios overall;
    QElapsedTimer timer;
    timer.start();
    bool failed = false;
    const bool visited = forEachPaperConfiguration(
        {networkFilter, {}, batchFilter},
        [&](const PaperConfiguration& config) {
            if (failed)
                return;
            ConfigRow row;
            row.network = config.networkLabel;
            row.label = config.label;
            const auto estimator = std::make_shared<const Estimator>(config.problem);
            for (SearchMethod method : kMethods) {
                SearchOptions o = *options;
                o.method = method;
                const std::optional<SearchResult> found =
                    searchProblem(config.problem, estimator, o, passes.instrumentation());
                if (!found) {
                    failed = true;
                    return;
                }
                const SearchResult& r = *found;
                row.methods[static_cast<std::size_t>(method)] = {
                    r.cost.throughputIps, r.cost.energyPerInferencePj,
                    r.cost.edpPjS,        r.plan.partitionCount(),
                    r.runtimeMs,          r.cost.energy.replacementOverMvm()};
            }
            if (!json) {
                err() << row.label << "  ga/greedy " << ratio(row.gaOverGreedy()) << "  exact/ga "
                      << ratio(row.exactOverGa()) << '\n';
                err().flush();
            }
            perNetwork[row.network].add(row);
            overall.add(row);
            rows.push_back(std::move(row));
        },
        passes.instrumentation());
    if (!visited || failed)
        return ExitBadInput;
    const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    if (parser.isSet(csvOption) && !writeCsv(parser.value(csvOption), rows))
        return ExitBadInput;
    if (json) {
        QJsonArray configs;
        for (const ConfigRow& r : rows) {
            QJsonObject methods;
            for (SearchMethod m : kMethods) {
                const MethodOutcome& x = r.of(m);
                methods[searchMethodName(m)] =
                    QJsonObject{{"throughput_ips", x.throughputIps},
                                {"energy_per_inference_pj", x.energyPerInferencePj},
                                {"edp_pj_s", x.edpPjS},
                                {"partitions", x.partitions},
                                {"runtime_ms", x.runtimeMs},
                                {"replacement_over_mvm_energy", x.replacementOverMvm}};
            }
            configs.append(QJsonObject{{"config", r.label},
                                       {"network", r.network},
                                       {"methods", methods},
                                       {"ga_over_greedy", r.gaOverGreedy()},
                                       {"ga_over_layerwise", r.gaOverLayerwise()},
                                       {"exact_over_ga", r.exactOverGa()},
                                       {"edp_greedy_over_ga", r.edpGreedyOverGa()},
                                       {"edp_layerwise_over_ga", r.edpLayerwiseOverGa()}});
        }
        QJsonObject averages;
        for (const auto& [name, ratios] : perNetwork)
            averages[name] = ratiosJson(ratios);
        averages["overall"] = ratiosJson(overall);
        printJson({{"objective", objectiveName(options->objective)},
                   {"seed", QString::number(options->seed).toLongLong()},
                   {"configurations", configs},
                   {"averages", averages},
                   {"runtime_s", seconds}});
    } else {
        printTables(rows, perNetwork, overall, options->objective);
        out() << "\n"
              << rows.size() << " configurations x 4 methods in "
              << QString::number(seconds, 'f', 1) << " s\n";
        out().flush();
    }
    return ExitOk;
}

} // namespace compass::cli
