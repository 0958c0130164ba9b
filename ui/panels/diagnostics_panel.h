// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QTableView;

namespace compass::ui {

class DiagnosticsModel;
class ProjectDocument;

/// Lists import and validation diagnostics; activating a row that names a node asks for
/// that node to be selected and centred.
class DiagnosticsPanel final : public QWidget
{
    Q_OBJECT

public:
    /// Lists the document's diagnostics (its import's, then its evaluation's) and follows
    /// every change of them.
    explicit DiagnosticsPanel(ProjectDocument* document, QWidget* parent = nullptr);
    /// Lists the diagnostics `model` holds (tests, other sources).
    explicit DiagnosticsPanel(DiagnosticsModel* model, QWidget* parent = nullptr);

    DiagnosticsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    /// Emits nodeActivated for `row` when it names a node; returns whether it did.
    bool activateRow(int row);

signals:
    void nodeActivated(const QString& nodeName);

private:
    DiagnosticsModel* m_model = nullptr;
    QTableView* m_table = nullptr;
};

} // namespace compass::ui
