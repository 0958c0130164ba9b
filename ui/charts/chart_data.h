// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/search/search_types.h"
#include "core/support/units.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace compass::ui {

// The values below are in base units (ns, pJ, pJ·s); views scale them with core/support/units
// (the charts pick one units::Scale per axis from its largest value).

/// The latency of each partition of one plan, split into the five parts the chart stacks
/// (ns per batch). The bottleneck is the partition with the largest total latency.
struct PartitionLatencyData
{
    /// Stack order, bottom to top.
    enum Part
    {
        WeightLoad,
        CrossbarWrite,
        ActivationIo,
        Compute,
        Bus,
        PartCount
    };
    struct Row
    {
        double partNs[PartCount] = {};
        double totalNs() const;
    };

    QString subtitle; ///< e.g. "resnet18 on sram-M, batch 16, ga (latency)".
    std::int64_t batch = 1;
    std::vector<Row> partitions;
    std::int32_t bottleneck = -1; ///< -1 when there are no partitions.

    static QString partName(int part);
};

/// Per-partition latency of a plan (activation I/O = activation load + store).
PartitionLatencyData partitionLatencyData(const PlanCost& cost, const QString& subtitle = {});

/// Energy per inference by component (pJ) for one or more plans, one row each.
struct EnergyBreakdownData
{
    enum Component
    {
        Mvm,
        Vfu,
        LocalMemory,
        Bus,
        CrossbarWrite,
        DramWeight,
        DramActivation,
        DramBackground,
        Control,
        Static,
        ComponentCount
    };
    struct Row
    {
        QString label;
        double componentPj[ComponentCount] = {}; ///< Per inference.
        double totalPj() const;
    };

    QString subtitle;
    std::vector<Row> rows;

    static QString componentName(int component);
};

/// One row of an energy breakdown: `cost`'s energy per batch divided by its batch size.
EnergyBreakdownData::Row energyBreakdownRow(const QString& label, const PlanCost& cost);

/// Weight-replacement energy (DRAM weight reads + crossbar writes) against MVM energy, per
/// inference, at several batch sizes: the paper's Fig. 9 view.
struct ReloadVsBatchData
{
    struct Point
    {
        std::int64_t batch = 1;
        double replacementPj = 0.0; ///< Per inference.
        double mvmPj = 0.0;         ///< Per inference.
        /// replacement / MVM; 0 when the MVM energy is 0.
        double ratio() const { return mvmPj > 0.0 ? replacementPj / mvmPj : 0.0; }
    };
    QString subtitle;
    std::vector<Point> points; ///< In increasing batch order.
};

ReloadVsBatchData::Point reloadVsBatchPoint(const PlanCost& cost);

/// Metrics of several runs side by side, absolute or relative to a baseline run.
struct RunComparisonData
{
    struct Run
    {
        QString label; ///< e.g. "ga" or "ga #3".
        double throughputIps = 0.0;
        double energyPerInferencePj = 0.0;
        double edpPjS = 0.0;
        double latencyPerBatchNs = 0.0;
        std::int32_t partitions = 0;
        double runtimeMs = 0.0;
        bool cancelled = false;
        QString method; ///< "ga", ...: picks the run's colour (methodColor); may be empty.
        /// What the run ran on ("resnet18 on sram-M, batch 16": jobs::describeConfiguration);
        /// a report groups its runs by it. Empty when unknown.
        QString configuration;
    };
    enum class Metric
    {
        Throughput,
        Energy,
        Edp,
        All ///< The three, normalised (to the first run when no baseline is set).
    };

    QString subtitle;
    std::vector<Run> runs;
    std::int32_t baseline = -1; ///< Index into runs, or -1 for absolute values.

    /// The runs' distinct configurations, in first-seen order (an unknown one as "").
    QStringList configurations() const;
    /// `metric` of run `index`, divided by the baseline's when a baseline is set (and not 0).
    double value(std::size_t index, Metric metric) const;
    /// Whether `value` is normalised for `metric`.
    bool isNormalised(Metric metric) const;
    static QString metricName(Metric metric);
};

RunComparisonData::Run comparisonRun(const QString& label, const SearchResult& result);

/// Throughput and EDP against batch size for several methods.
struct BatchSweepData
{
    struct Point
    {
        std::int64_t batch = 1;
        double throughputIps = 0.0;
        double edpPjS = 0.0;
        double energyPerInferencePj = 0.0;
    };
    struct Series
    {
        QString label;
        std::vector<Point> points;
    };
    enum class Metric
    {
        Throughput,
        Edp
    };

    QString subtitle;
    std::vector<Series> series;
};

/// Runs (as points) in the energy-latency plane with the exact Pareto front.
struct ParetoData
{
    struct Point
    {
        QString label;
        double latencyPerBatchNs = 0.0;
        double energyPerInferencePj = 0.0;
        QString method; ///< As RunComparisonData::Run::method.
    };
    QString subtitle;
    std::vector<Point> runs;
    std::vector<Point> front; ///< Sorted by latency.
};

/// Adds `front` (from an exact search with paretoFront) sorted by latency.
void setParetoFront(ParetoData& data, const std::vector<ParetoPoint>& front);

/// Genetic-search history: best and mean objective and the partition-count spread.
struct ConvergenceData
{
    QString subtitle;
    Objective objective = Objective::Latency;
    std::vector<GenerationStats> generations;
};

/// What the objective measures, as an axis title or tooltip names it: "latency", "energy", "EDP".
QString objectiveQuantity(Objective objective);
/// The objective's axis title with its unit, for values already scaled by `unit`.
/// `shorter`: the form a small view shows ("latency (ms)" for "latency per batch (ms)").
QString objectiveAxisTitle(Objective objective, const units::Scale& unit, bool shorter = false);
/// The unit objective values are best shown in, given their largest value (base units:
/// ns per batch, pJ per inference, pJ·s).
units::Scale objectiveUnitFor(Objective objective, double maxValue);

// Data as CSV (a header row with units, then one row per bar or point) and as JSON (the same
// values in base units, with the units named in the keys).
QString toCsv(const PartitionLatencyData& data);
QString toCsv(const EnergyBreakdownData& data);
QString toCsv(const ReloadVsBatchData& data);
QString toCsv(const RunComparisonData& data);
QString toCsv(const BatchSweepData& data);
QString toCsv(const ParetoData& data);
QString toCsv(const ConvergenceData& data);
QJsonObject toJson(const PartitionLatencyData& data);
QJsonObject toJson(const EnergyBreakdownData& data);
QJsonObject toJson(const ReloadVsBatchData& data);
QJsonObject toJson(const RunComparisonData& data);
QJsonObject toJson(const BatchSweepData& data);
QJsonObject toJson(const ParetoData& data);
QJsonObject toJson(const ConvergenceData& data);

} // namespace compass::ui
