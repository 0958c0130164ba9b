// SPDX-License-Identifier: MIT
#include "diagnostics_panel.h"

#include "ui/document/project_document.h"
#include "ui/models/diagnostics_model.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace compass::ui {

DiagnosticsPanel::DiagnosticsPanel(ProjectDocument* document, QWidget* parent)
    : DiagnosticsPanel(new DiagnosticsModel, parent)
{
    m_model->setParent(this);
    connect(document, &ProjectDocument::diagnosticsChanged, m_model,
            [this, document] { m_model->setDiagnostics(document->diagnostics()); });
    m_model->setDiagnostics(document->diagnostics());
}

DiagnosticsPanel::DiagnosticsPanel(DiagnosticsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_table(new QTableView(this))
{
    m_table->setModel(model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(DiagnosticsModel::SeverityColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DiagnosticsModel::MessageColumn,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(DiagnosticsModel::NodeColumn,
                                                      QHeaderView::Interactive);
    m_table->setToolTip(tr("Double-click or press Enter on a row to show its node"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    connect(m_table, &QAbstractItemView::activated, this,
            [this](const QModelIndex& index) { activateRow(index.row()); });
}

bool DiagnosticsPanel::activateRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return false;
    const QString node = m_model->index(row, 0).data(DiagnosticsModel::NodeNameRole).toString();
    if (node.isEmpty())
        return false;
    emit nodeActivated(node);
    return true;
}

} // namespace compass::ui
