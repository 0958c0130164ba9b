// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace compass::ui {

class MetricsModel;
class ProjectDocument;

/// The current plan's metrics with their change against the previous plan, and a status line
/// (evaluating…, invalid with the reason).
class MetricsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit MetricsPanel(ProjectDocument* document, QWidget* parent = nullptr);

    MetricsModel* model() const { return m_model; }
    QLabel* statusLabel() const { return m_status; }

private:
    void updateStatus();

    ProjectDocument* m_document;
    MetricsModel* m_model;
    QTableView* m_table;
    QLabel* m_status;
};

} // namespace compass::ui
