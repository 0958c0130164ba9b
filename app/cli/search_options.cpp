// SPDX-License-Identifier: MIT
#include "search_options.h"

#include "cli_common.h"

namespace compass::cli {

namespace {

/// Reads an integer option within [lo, hi]; on error prints it and returns false.
bool readInt(const QCommandLineParser& parser, const QString& name, const QString& command,
             qlonglong lo, qlonglong hi, qlonglong& value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qlonglong v = parser.value(name).toLongLong(&ok);
    if (!ok || v < lo || v > hi) {
        usageError(command, QString("--%1 must be an integer from %2 to %3, got '%4'")
                                .arg(name)
                                .arg(lo)
                                .arg(hi)
                                .arg(parser.value(name)));
        return false;
    }
    value = v;
    return true;
}

} // namespace

void addSearchOptions(QCommandLineParser& parser, bool withMethod)
{
    if (withMethod) {
        parser.addOption({"method",
                          "Optimiser: greedy, layerwise, ga (the COMPASS genetic "
                          "algorithm) or exact (default ga).",
                          "METHOD", "ga"});
    }
    parser.addOption({"objective",
                      "What to minimise: latency (= maximise throughput), energy (per "
                      "inference) or edp (default latency).",
                      "OBJ", "latency"});
    parser.addOption({"seed", "Seed of the genetic algorithm (default 1).", "N", "1"});
    parser.addOption(
        {"threads", "Worker threads for fitness evaluation (default: all cores).", "N", "0"});
    parser.addOption({"ga-population", "GA population size (default 100).", "N"});
    parser.addOption({"ga-generations", "GA generations at most (default 30).", "N"});
    parser.addOption({"ga-elite", "GA plans kept per generation (default 20).", "N"});
    parser.addOption({"ga-patience",
                      "GA early stop after N generations without improvement; 0 never stops "
                      "early (default 5).",
                      "N"});
    parser.addOption({"ga-init",
                      "How the GA draws random plans: layer (half the partition ends at layer "
                      "boundaries) or uniform (every valid end alike) (default layer).",
                      "MODE", "layer"});
}

std::optional<SearchOptions> searchOptionsFromParser(const QCommandLineParser& parser,
                                                     const QString& command, bool withMethod)
{
    SearchOptions options;
    if (withMethod) {
        const std::optional<SearchMethod> method =
            parseSearchMethod(parser.value("method").toStdString());
        if (!method) {
            usageError(command, QString("unknown --method '%1' (greedy, layerwise, ga, exact)")
                                    .arg(parser.value("method")));
            return std::nullopt;
        }
        options.method = *method;
    }
    const std::optional<Objective> objective =
        parseObjective(parser.value("objective").toStdString());
    if (!objective) {
        usageError(command, QString("unknown --objective '%1' (latency, energy, edp)")
                                .arg(parser.value("objective")));
        return std::nullopt;
    }
    options.objective = *objective;

    bool ok = false;
    const qulonglong seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        usageError(
            command,
            QString("--seed must be a non-negative integer, got '%1'").arg(parser.value("seed")));
        return std::nullopt;
    }
    options.seed = seed;
    qlonglong threads = 0;
    qlonglong population = options.genetic.population;
    qlonglong generations = options.genetic.generations;
    qlonglong elite = options.genetic.elite;
    qlonglong patience = options.genetic.patience;
    if (!readInt(parser, "threads", command, 0, 256, threads) ||
        !readInt(parser, "ga-population", command, 2, 100000, population) ||
        !readInt(parser, "ga-generations", command, 1, 100000, generations) ||
        !readInt(parser, "ga-elite", command, 1, 100000, elite) ||
        !readInt(parser, "ga-patience", command, 0, 100000, patience))
        return std::nullopt;
    if (elite >= population) {
        usageError(command, QString("--ga-elite (%1) must be smaller than --ga-population (%2)")
                                .arg(elite)
                                .arg(population));
        return std::nullopt;
    }
    const QString init = parser.value("ga-init");
    if (init != "layer" && init != "uniform") {
        usageError(command, QString("--ga-init must be layer or uniform, got '%1'").arg(init));
        return std::nullopt;
    }
    options.genetic.layerAlignedPlans = init == "layer";
    options.threads = static_cast<std::int32_t>(threads);
    options.genetic.population = static_cast<std::int32_t>(population);
    options.genetic.generations = static_cast<std::int32_t>(generations);
    options.genetic.elite = static_cast<std::int32_t>(elite);
    options.genetic.patience = static_cast<std::int32_t>(patience);
    return options;
}

} // namespace compass::cli
