// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace compass::ui {

class MetricsModel;
class ProjectDocument;

/// The current plan's metrics with their change against the previous plan, and a status line
/// (evaluating…, invalid with the reason). Ctrl+C and the context menu copy the selected rows
/// (or all) as tab-separated text with the column titles (ui/models/table_copy.h).
class MetricsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit MetricsPanel(ProjectDocument* document, QWidget* parent = nullptr);

    MetricsModel* model() const { return m_model; }
    QLabel* statusLabel() const { return m_status; }
    QTableView* table() const { return m_table; }

private:
    void updateStatus();

    ProjectDocument* m_document;
    MetricsModel* m_model;
    QTableView* m_table;
    QLabel* m_status;
};

} // namespace compass::ui
