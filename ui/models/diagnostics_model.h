// SPDX-License-Identifier: MIT
#pragma once

#include "core/support/diagnostics.h"

#include <QAbstractTableModel>

#include <vector>

namespace compass::ui {

/// Import and validation messages as a table: severity, message, node, file. A thin adapter
/// over compass::Diagnostic values with explicit roles.
class DiagnosticsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        MessageColumn,
        NodeColumn,
        FileColumn,
        ColumnCount
    };
    enum Role
    {
        SeverityRole = Qt::UserRole + 1, ///< int(compass::Severity)
        NodeNameRole,                    ///< QString, empty when not about a node
        PartitionRole,                   ///< int, -1 when not about a partition
    };

    explicit DiagnosticsModel(QObject* parent = nullptr);

    void setDiagnostics(std::vector<Diagnostic> diagnostics);
    void append(const std::vector<Diagnostic>& diagnostics);
    void clear();
    const Diagnostic& diagnostic(int row) const;
    int count(Severity severity) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<Diagnostic> m_diagnostics;
};

} // namespace compass::ui
