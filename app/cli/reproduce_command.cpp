// SPDX-License-Identifier: MIT
// compass reproduce: the paper's 45 configurations with all four methods, and the ratios its
// figures summarise (method.md section 7).
#include "cli_common.h"
#include "core/search/partition_search.h"
#include "core/support/diagnostics.h"
#include "paper_configs.h"
#include "problem_setup.h"
#include "search_options.h"

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
constexpr std::size_t kMethodCount = kMethods.size();

struct MethodOutcome
{
    double throughputIps = 0.0;
    double energyPerInferencePj = 0.0;
    double edpPjS = 0.0;
    std::int32_t partitions = 0;
    double runtimeMs = 0.0;
};

struct ConfigRow
{
    QString label;
    QString network;
    std::array<MethodOutcome, kMethodCount> methods;

    const MethodOutcome& of(SearchMethod m) const { return methods[static_cast<std::size_t>(m)]; }
    double gaOverGreedy() const
    {
        return of(SearchMethod::Genetic).throughputIps / of(SearchMethod::Greedy).throughputIps;
    }
    double gaOverLayerwise() const
    {
        return of(SearchMethod::Genetic).throughputIps / of(SearchMethod::Layerwise).throughputIps;
    }
    double exactOverGa() const
    {
        return of(SearchMethod::Exact).throughputIps / of(SearchMethod::Genetic).throughputIps;
    }
    double edpGreedyOverGa() const
    {
        return of(SearchMethod::Greedy).edpPjS / of(SearchMethod::Genetic).edpPjS;
    }
    double edpLayerwiseOverGa() const
    {
        return of(SearchMethod::Layerwise).edpPjS / of(SearchMethod::Genetic).edpPjS;
    }
};

struct Ratios
{
    double gaGreedy = 0.0, gaLayerwise = 0.0, exactGa = 0.0, edpGreedy = 0.0, edpLayerwise = 0.0;
    int count = 0;

    void add(const ConfigRow& r)
    {
        gaGreedy += r.gaOverGreedy();
        gaLayerwise += r.gaOverLayerwise();
        exactGa += r.exactOverGa();
        edpGreedy += r.edpGreedyOverGa();
        edpLayerwise += r.edpLayerwiseOverGa();
        ++count;
    }
    Ratios mean() const
    {
        const double n = count > 0 ? count : 1;
        return {gaGreedy / n, gaLayerwise / n, exactGa / n, edpGreedy / n, edpLayerwise / n, count};
    }
};

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

    o << "\nEnergy per inference (uJ) and EDP (energy per inference x latency per inference)\n";
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
    if (auto exit = parseCommandLine(
            parser, args, "compass reproduce [--csv FILE] [--json] [--objective O] [--seed N]",
            "Runs the paper's 45 configurations (VGG16, ResNet18, SqueezeNet v1.1 x sram-S/M/L x\n"
            "batch 1, 2, 4, 8, 16) with greedy, layerwise, ga and exact, and prints throughput,\n"
            "energy per inference and EDP per method with the ratios the paper reports, averaged\n"
            "per network and overall. Rows are labelled Network-Chip-Batch."))
        return *exit;
    std::optional<SearchOptions> options = searchOptionsFromParser(parser, "reproduce", false);
    if (!options)
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
    const bool visited = forEachPaperConfiguration(
        {networkFilter, {}, batchFilter}, [&](const PaperConfiguration& config) {
            ConfigRow row;
            row.network = config.network->label;
            row.label = config.label;
            for (SearchMethod method : kMethods) {
                SearchOptions o = *options;
                o.method = method;
                const SearchResult r = runPartitionSearch(config.setup->searchProblem(), o);
                row.methods[static_cast<std::size_t>(method)] = {
                    r.cost.throughputIps, r.cost.energyPerInferencePj, r.cost.edpPjS,
                    r.plan.partitionCount(), r.runtimeMs};
            }
            if (!json) {
                err() << row.label << "  ga/greedy " << ratio(row.gaOverGreedy()) << "  exact/ga "
                      << ratio(row.exactOverGa()) << '\n';
                err().flush();
            }
            perNetwork[row.network].add(row);
            overall.add(row);
            rows.push_back(std::move(row));
        });
    if (!visited)
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
                                {"runtime_ms", x.runtimeMs}};
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
