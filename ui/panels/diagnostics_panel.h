// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QTableView;

namespace compass::ui {

class DiagnosticsModel;

/// Lists import and validation diagnostics; activating a row that names a node asks for
/// that node to be selected and centred.
class DiagnosticsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit DiagnosticsPanel(DiagnosticsModel* model, QWidget* parent = nullptr);

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
