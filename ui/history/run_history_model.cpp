// SPDX-License-Identifier: MIT
#include "run_history_model.h"

#include "core/arch/arch_presets.h"
#include "core/support/units.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace compass::ui {

namespace {

constexpr int kColumnCount = static_cast<int>(RunHistoryModel::Column::Count);

/// More changed rows than this and setRuns() resets instead of inserting row by row.
constexpr std::size_t kIncrementalLimit = 200;

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

std::optional<double> finite(const std::optional<double>& value)
{
    if (value && std::isfinite(*value))
        return value;
    return std::nullopt;
}

/// A stored metric (base unit) as the column shows it, "—" when the run has none. Throughput has
/// one unit for every run (named in the header); energy and EDP span prefixes from run to run,
/// so each cell carries its own scaled unit ("55.38 mJ", "47.17 mJ·ms"). Sorting uses the value.
QVariant metric(const std::optional<double>& value, units::Quantity quantity)
{
    const std::optional<double> v = finite(value);
    if (!v)
        return QStringLiteral("—");
    if (quantity == units::Quantity::Energy || quantity == units::Quantity::Edp)
        return units::format(quantity, *v);
    return units::number(*v * units::scaleFor(quantity, *v).factor);
}

QVariant metricSort(const std::optional<double>& value)
{
    const std::optional<double> v = finite(value);
    return v ? QVariant(*v) : QVariant();
}

bool strictlyNewestFirst(const std::vector<RunSummary>& runs)
{
    for (std::size_t i = 1; i < runs.size(); ++i) {
        if (!(runs[i].id.value < runs[i - 1].id.value))
            return false;
    }
    return true;
}

QString methodText(const RunSummary& run)
{
    QString method = QString::fromLatin1(planMethodName(run.method));
    if (run.status != RunStatus::Complete)
        method += QStringLiteral(" (%1)").arg(QString::fromLatin1(runStatusName(run.status)));
    return method;
}

} // namespace

QString joinedTags(const RunSummary& run)
{
    QStringList tags;
    for (const std::string& tag : run.tags)
        tags << text(tag);
    return tags.join(QStringLiteral(", "));
}

RunHistoryModel::RunHistoryModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void RunHistoryModel::setRuns(std::vector<RunSummary> runs)
{
    if (m_runs.empty() || runs.empty() || !strictlyNewestFirst(m_runs) ||
        !strictlyNewestFirst(runs)) {
        beginResetModel();
        m_runs = std::move(runs);
        endResetModel();
        return;
    }
    std::unordered_set<std::int64_t> incoming;
    for (const RunSummary& run : runs)
        incoming.insert(run.id.value);
    std::unordered_set<std::int64_t> present;
    for (const RunSummary& run : m_runs)
        present.insert(run.id.value);
    const auto removed = static_cast<std::size_t>(
        std::count_if(m_runs.begin(), m_runs.end(),
                      [&](const RunSummary& r) { return !incoming.count(r.id.value); }));
    const auto added = static_cast<std::size_t>(std::count_if(
        runs.begin(), runs.end(), [&](const RunSummary& r) { return !present.count(r.id.value); }));
    if (removed + added > kIncrementalLimit) {
        beginResetModel();
        m_runs = std::move(runs);
        endResetModel();
        return;
    }
    // Remove the runs that are gone, bottom up so row numbers stay valid.
    for (int row = static_cast<int>(m_runs.size()) - 1; row >= 0; --row) {
        if (!incoming.count(m_runs[static_cast<std::size_t>(row)].id.value)) {
            beginRemoveRows({}, row, row);
            m_runs.erase(m_runs.begin() + row);
            endRemoveRows();
        }
    }
    // Both lists are now ordered newest first and the old one is a subsequence of the new one:
    // insert the new runs where they belong.
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (i < m_runs.size() && m_runs[i].id == runs[i].id)
            continue;
        const int row = static_cast<int>(i);
        beginInsertRows({}, row, row);
        m_runs.insert(m_runs.begin() + row, runs[i]);
        endInsertRows();
    }
    m_runs = std::move(runs); // same ids in the same order; labels, tags, notes may differ
    if (!m_runs.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, kColumnCount - 1));
}

const RunSummary* RunHistoryModel::runAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return &m_runs[static_cast<std::size_t>(row)];
}

int RunHistoryModel::rowOf(RunId id) const
{
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        if (m_runs[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

int RunHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunSummary& run = m_runs[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return display(run, column);
    case Qt::ToolTipRole:
        return toolTip(run, column);
    case Qt::TextAlignmentRole:
        switch (column) {
        case Column::Id:
        case Column::Batch:
        case Column::Throughput:
        case Column::Energy:
        case Column::Edp:
        case Column::Partitions:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return {};
        }
    case SortRole:
        return sortValue(run, column);
    case RunIdRole:
        return QVariant::fromValue(static_cast<qlonglong>(run.id.value));
    case FilterTextRole:
        return QStringList{text(run.modelName), text(run.archName),
                           QString::fromLatin1(planMethodName(run.method)), joinedTags(run),
                           text(run.label)}
            .join(QLatin1Char(' '));
    default:
        return {};
    }
}

QString RunHistoryModel::chipText(const RunSummary& run)
{
    return text(ArchVariant::fromStored(run.archName, run.archChanges).summary());
}

QVariant RunHistoryModel::display(const RunSummary& run, Column column) const
{
    switch (column) {
    case Column::Id:
        return QString::number(run.id.value);
    case Column::Name:
        return text(run.label);
    case Column::Model:
        return text(run.modelName);
    case Column::Chip:
        return text(run.archName);
    case Column::Batch:
        return QString::number(run.batch);
    case Column::Method:
        return methodText(run);
    case Column::Objective:
        return text(objectiveText(run.objective));
    case Column::Throughput:
        return metric(run.throughputIps, units::Quantity::Throughput);
    case Column::Energy:
        return metric(run.energyPerInferencePj, units::Quantity::Energy);
    case Column::Edp:
        return metric(run.edpPjS, units::Quantity::Edp);
    case Column::Partitions:
        return QString::number(run.partitionCount);
    case Column::Created:
        return run.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Column::Tags:
        return joinedTags(run);
    case Column::Notes:
        return text(run.notes).section(QLatin1Char('\n'), 0, 0); // first line
    case Column::Count:
        break;
    }
    return {};
}

QVariant RunHistoryModel::sortValue(const RunSummary& run, Column column) const
{
    switch (column) {
    case Column::Id:
        return QVariant::fromValue(static_cast<qlonglong>(run.id.value));
    case Column::Batch:
        return QVariant::fromValue(static_cast<qlonglong>(run.batch));
    case Column::Throughput:
        return metricSort(run.throughputIps);
    case Column::Energy:
        return metricSort(run.energyPerInferencePj);
    case Column::Edp:
        return metricSort(run.edpPjS);
    case Column::Partitions:
        return QVariant::fromValue(static_cast<qlonglong>(run.partitionCount));
    case Column::Created:
        return run.createdAt;
    default:
        return display(run, column).toString().toLower();
    }
}

QString RunHistoryModel::toolTip(const RunSummary& run, Column column) const
{
    switch (column) {
    case Column::Edp:
        return tr("Energy-delay product: energy per inference × latency per inference "
                  "(latency per batch / batch size), as an energy times milliseconds "
                  "(1 µJ·ms = 1000 pJ·s)");
    case Column::Throughput:
        return tr("Inferences per second: batch size / latency per batch");
    case Column::Notes:
        return text(run.notes);
    case Column::Created:
        return run.createdAt.toLocalTime().toString(Qt::ISODateWithMs);
    case Column::Chip:
        return chipText(run);
    default: {
        QString tip = tr("Run %1: %2 on %3, batch %4, %5")
                          .arg(run.id.value)
                          .arg(text(run.modelName), chipText(run))
                          .arg(run.batch)
                          .arg(methodText(run));
        if (run.latencyPerBatchNs && std::isfinite(*run.latencyPerBatchNs))
            tip += tr("\nLatency per batch: %1").arg(units::duration(*run.latencyPerBatchNs));
        tip += tr("\nEngine: %1; run took %2")
                   .arg(QString::fromLatin1(runEngineName(run.engine)),
                        units::duration(run.runtimeMs * 1e6, 3));
        if (!run.notes.empty())
            tip += QLatin1Char('\n') + text(run.notes);
        return tip;
    }
    }
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= kColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    const auto column = static_cast<Column>(section);
    if (role == Qt::DisplayRole)
        return columnTitle(column);
    if (role == Qt::ToolTipRole && column == Column::Edp)
        return toolTip({}, column);
    return {};
}

QString RunHistoryModel::columnTitle(Column column)
{
    switch (column) {
    case Column::Id:
        return tr("Run");
    case Column::Name:
        return tr("Name");
    case Column::Model:
        return tr("Model");
    case Column::Chip:
        return tr("Chip");
    case Column::Batch:
        return tr("Batch");
    case Column::Method:
        return tr("Method");
    case Column::Objective:
        return tr("Objective");
    case Column::Throughput:
        return tr("Throughput (inf/s)");
    case Column::Energy:
        return tr("Energy/inf");
    case Column::Edp:
        return tr("EDP");
    case Column::Partitions:
        return tr("Partitions");
    case Column::Created:
        return tr("Time");
    case Column::Tags:
        return tr("Tags");
    case Column::Notes:
        return tr("Notes");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace compass::ui
