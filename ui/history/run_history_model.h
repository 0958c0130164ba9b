// SPDX-License-Identifier: MIT
#pragma once

#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "store/run_record.h"
#endif

#include <QAbstractTableModel>

#include <vector>

namespace compass::ui {

/// The run history as a table: one row per stored run (RunSummary values, newest first as the
/// store lists them), one column per field. A thin adapter: it never touches the database;
/// RunHistoryController hands it fresh values after each reload. Explicit roles: DisplayRole is
/// formatted text with units in the headers, SortRole the raw value (numbers as doubles, times
/// as QDateTime, text lower-cased; a missing metric is an invalid QVariant, sorted last),
/// RunIdRole the run's id, FilterTextRole the text the filter matches. GUI thread only.
class RunHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column
    {
        Id,
        Name,
        Model,
        Chip,
        Batch,
        Method,
        Objective,
        Throughput,
        Energy,
        Edp,
        Partitions,
        Created,
        Tags,
        Notes,
        Count
    };

    enum Role
    {
        SortRole = Qt::UserRole + 1,
        RunIdRole,
        FilterTextRole,
    };

    explicit RunHistoryModel(QObject* parent = nullptr);

    /// Replaces the rows. Rows whose run id is kept are updated in place (dataChanged), so a
    /// reload after another program stored a run keeps the view's selection and scroll.
    void setRuns(std::vector<RunSummary> runs);
    const std::vector<RunSummary>& runs() const { return m_runs; }
    /// The run of a row of this model, or nullptr.
    const RunSummary* runAt(int row) const;
    /// The row of a run, or -1.
    int rowOf(RunId id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The header text of a column, with its unit ("Throughput (inf/s)").
    static QString columnTitle(Column column);

private:
    QVariant display(const RunSummary& run, Column column) const;
    QVariant sortValue(const RunSummary& run, Column column) const;
    QString toolTip(const RunSummary& run, Column column) const;
    /// "sram-M with dram.bandwidth_GBps=25.6" for a modified chip, else its name.
    static QString chipText(const RunSummary& run);

    std::vector<RunSummary> m_runs;
};

/// The run's tags joined by ", " in their stored (sorted) order.
QString joinedTags(const RunSummary& run);

} // namespace compass::ui
