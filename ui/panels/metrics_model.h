// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

namespace compass::ui {

class ProjectDocument;

/// The plan's metrics against the previous plan (the one evaluated before it): latency per
/// batch, throughput, energy per inference, EDP, partitions, DRAM traffic, crossbar use.
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
        /// double: the metric in its display unit (NaN when there is none).
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
