// SPDX-License-Identifier: MIT
#include "metrics_model.h"

#include "core/support/units.h"
#include "ui/document/project_document.h"

#include <QBrush>
#include <QColor>

#include <cmath>
#include <limits>

namespace compass::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The metric of row `row` in its base unit (ns, inf/s, pJ, pJ·s, count, bytes, fraction), NaN
/// when the plan has none.
double metric(const PlanEvaluation& e, int row)
{
    if (e.isEmpty || !e.valid)
        return row == MetricsModel::PartitionsRow && !e.isEmpty ? e.partitionCount() : kNaN;
    const PlanCost& c = e.cost;
    switch (row) {
    case MetricsModel::LatencyRow:
        return c.latencyPerBatchNs;
    case MetricsModel::ThroughputRow:
        return c.throughputIps;
    case MetricsModel::EnergyRow:
        return c.energyPerInferencePj;
    case MetricsModel::EdpRow:
        return c.edpPjS;
    case MetricsModel::PartitionsRow:
        return e.partitionCount();
    case MetricsModel::DramRow:
        return static_cast<double>(c.dramWeightBytes + c.dramActivationBytes);
    case MetricsModel::UtilizationRow:
        return c.crossbarUtilization;
    case MetricsModel::LifetimeRow:
        return planWear(c, e.enduranceWrites).lifetimeS;
    default:
        return kNaN;
    }
}

/// The value as shown, scaled to its unit by the one units module (EDP as an energy times ms).
QString formatValue(int row, double v)
{
    switch (row) {
    case MetricsModel::LatencyRow:
        return units::duration(v);
    case MetricsModel::ThroughputRow:
        return units::throughput(v);
    case MetricsModel::EnergyRow:
        return units::energy(v);
    case MetricsModel::EdpRow:
        return units::edp(v);
    case MetricsModel::DramRow:
        return units::bytes(v);
    case MetricsModel::UtilizationRow:
        return units::percent(v);
    case MetricsModel::LifetimeRow:
        return units::lifetime(v);
    default:
        return units::number(v);
    }
}

/// True when a larger value is better.
bool higherIsBetter(int row)
{
    return row == MetricsModel::ThroughputRow || row == MetricsModel::UtilizationRow ||
           row == MetricsModel::LifetimeRow;
}

} // namespace

MetricsModel::MetricsModel(ProjectDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(document, &ProjectDocument::evaluationChanged, this,
            [this] { emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1)); });
    connect(document, &ProjectDocument::modelChanged, this,
            [this] { emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1)); });
}

int MetricsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : RowCount;
}

int MetricsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlanEvaluation& now = m_document->evaluation();
    const PlanEvaluation& before = m_document->previousEvaluation();
    const int row = index.row();
    const double value = metric(now, row);
    const double previous = metric(before, row);
    const double change = std::isfinite(value) && std::isfinite(previous) && previous != 0.0
                              ? (value - previous) / std::abs(previous)
                              : kNaN;
    if (role == NumberRole)
        return value;
    if (role == ChangeRole)
        return change;
    if (row == StatusRow) {
        if (role == Qt::DisplayRole) {
            if (index.column() == MetricColumn)
                return tr("Plan");
            if (index.column() == ValueColumn)
                return now.isEmpty ? tr("—") : now.valid ? tr("valid") : tr("INVALID");
            return {};
        }
        if (role == Qt::ForegroundRole && index.column() == ValueColumn && !now.isEmpty)
            return QBrush(now.valid ? QColor(0, 110, 0) : QColor(190, 0, 0));
        if (role == Qt::ToolTipRole)
            return now.summary();
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case MetricColumn: {
            static const char* const names[] = {"",
                                                "Latency per batch",
                                                "Throughput",
                                                "Energy per inference",
                                                "EDP",
                                                "Partitions",
                                                "DRAM traffic per batch",
                                                "Crossbar utilisation",
                                                "Crossbar lifetime"};
            return tr(names[row]);
        }
        case ValueColumn:
            if (row == LifetimeRow && std::isinf(value) && value > 0)
                return units::lifetime(value);
            if (!std::isfinite(value))
                return now.isEmpty ? tr("—") : tr("invalid");
            if (row == PartitionsRow)
                return QString::number(static_cast<int>(value));
            return formatValue(row, value);
        case ChangeColumn:
            if (!std::isfinite(change))
                return tr("—");
            if (row == PartitionsRow) {
                const auto delta = static_cast<int>(value - previous);
                return delta == 0 ? QStringLiteral("0")
                                  : (delta > 0 ? QStringLiteral("+") : QStringLiteral("\u2212")) +
                                        QString::number(std::abs(delta));
            }
            return units::signedPercent(change);
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == ChangeColumn && std::isfinite(change) && std::abs(change) > 1e-9 &&
            row != PartitionsRow) {
            const bool better = higherIsBetter(row) ? change > 0 : change < 0;
            return QBrush(better ? QColor(0, 110, 0) : QColor(190, 0, 0));
        }
        // Red for an invalid plan's figures; an unlimited lifetime (SRAM) is not a failure.
        if (index.column() == ValueColumn && !std::isfinite(value) && !now.isEmpty &&
            !(row == LifetimeRow && std::isinf(value) && value > 0))
            return QBrush(QColor(190, 0, 0));
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == MetricColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (row == EdpRow)
            return tr("Energy-delay product: energy per inference × latency per inference "
                      "(latency per batch / batch size)");
        if (row == DramRow)
            return tr("Weights loaded plus activations loaded and stored, per batch");
        if (row == UtilizationRow)
            return tr("Crossbars in use (with replication), latency-weighted over partitions");
        if (row == LifetimeRow)
            return tr("Continuous inference until the most written cell reaches the chip's "
                      "crossbar.endurance_writes: every partition rewrites the first crossbar "
                      "once per batch; unlimited when the endurance is (SRAM)");
        if (index.column() == ChangeColumn)
            return tr("Change against the previously evaluated plan");
        return {};
    default:
        return {};
    }
}

QVariant MetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MetricColumn:
        return tr("Metric");
    case ValueColumn:
        return tr("Value");
    case ChangeColumn:
        return tr("Change");
    default:
        return {};
    }
}

} // namespace compass::ui
