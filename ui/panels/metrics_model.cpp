// SPDX-License-Identifier: MIT
#include "metrics_model.h"

#include "ui/document/project_document.h"

#include <QBrush>
#include <QColor>

#include <cmath>
#include <limits>

namespace compass::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The metric of row `row` in its display unit, NaN when the plan has none.
double metric(const PlanEvaluation& e, int row)
{
    if (e.isEmpty || !e.valid)
        return row == MetricsModel::PartitionsRow && !e.isEmpty ? e.partitionCount() : kNaN;
    const PlanCost& c = e.cost;
    switch (row) {
    case MetricsModel::LatencyRow:
        return c.latencyPerBatchNs / 1e6; // ms
    case MetricsModel::ThroughputRow:
        return c.throughputIps;
    case MetricsModel::EnergyRow:
        return c.energyPerInferencePj / 1e6; // µJ
    case MetricsModel::EdpRow:
        return c.edpPjS * 1e-3; // pJ·s -> µJ·ms
    case MetricsModel::PartitionsRow:
        return e.partitionCount();
    case MetricsModel::DramRow:
        return (c.dramWeightBytes + c.dramActivationBytes) / (1024.0 * 1024.0); // MiB
    case MetricsModel::UtilizationRow:
        return c.crossbarUtilization * 100.0;
    default:
        return kNaN;
    }
}

/// True when a larger value is better.
/// About four significant digits, never in exponent form.
QString formatValue(double v)
{
    const double a = std::abs(v);
    const int decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
    return QString::number(v, 'f', decimals);
}

bool higherIsBetter(int row)
{
    return row == MetricsModel::ThroughputRow || row == MetricsModel::UtilizationRow;
}

QString unitOf(int row)
{
    switch (row) {
    case MetricsModel::LatencyRow:
        return QStringLiteral("ms");
    case MetricsModel::ThroughputRow:
        return QStringLiteral("inf/s");
    case MetricsModel::EnergyRow:
        return QStringLiteral("µJ");
    case MetricsModel::EdpRow:
        return QStringLiteral("µJ·ms");
    case MetricsModel::DramRow:
        return QStringLiteral("MiB");
    case MetricsModel::UtilizationRow:
        return QStringLiteral("%");
    default:
        return {};
    }
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
                                                "Crossbar utilisation"};
            return tr(names[row]);
        }
        case ValueColumn:
            if (!std::isfinite(value))
                return now.isEmpty ? tr("—") : tr("invalid");
            if (row == PartitionsRow)
                return QString::number(static_cast<int>(value));
            return QStringLiteral("%1 %2").arg(formatValue(value), unitOf(row));
        case ChangeColumn:
            if (!std::isfinite(change))
                return tr("—");
            if (row == PartitionsRow)
                return QStringLiteral("%1%2")
                    .arg(value >= previous ? "+" : "")
                    .arg(value - previous);
            return QStringLiteral("%1%2 %")
                .arg(change >= 0 ? "+" : "")
                .arg(change * 100.0, 0, 'f', 1);
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == ChangeColumn && std::isfinite(change) && std::abs(change) > 1e-9 &&
            row != PartitionsRow) {
            const bool better = higherIsBetter(row) ? change > 0 : change < 0;
            return QBrush(better ? QColor(0, 110, 0) : QColor(190, 0, 0));
        }
        if (index.column() == ValueColumn && !std::isfinite(value) && !now.isEmpty)
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
