// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

namespace compass::ui {

class ProjectDocument;

/// The plan's metrics against the previous plan (the one evaluated before it): latency per
/// batch, throughput, energy per inference, EDP, partitions, DRAM traffic, crossbar use,
/// crossbar lifetime.
/// Rows are fixed; values follow ProjectDocument::evaluationChanged.
class MetricsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Row
    {
        StatusRow,
        LatencyRow,
        ThroughputRow,
        EnergyRow,
        EdpRow,
        PartitionsRow,
        DramRow,
        UtilizationRow,
        LifetimeRow,
        RowCount
    };
    enum Column
    {
        MetricColumn,
        ValueColumn,
        ChangeColumn,
        ColumnCount
    };
    enum Role
    {
        /// double: the metric in its base unit (ns, inf/s, pJ, pJ·s, count, bytes, fraction of
        /// crossbars, s; +infinity for an unlimited lifetime), NaN when there is none; the text is
        /// scaled by core/support/units.
        NumberRole = Qt::UserRole + 1,
        /// double: relative change against the previous plan (0.1 = +10 %), NaN when none.
        ChangeRole,
    };

    explicit MetricsModel(ProjectDocument* document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    ProjectDocument* m_document;
};

} // namespace compass::ui
