// SPDX-License-Identifier: MIT
#include "metrics_panel.h"

#include "metrics_model.h"
#include "ui/document/project_document.h"
#include "ui/models/table_copy.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

namespace compass::ui {

MetricsPanel::MetricsPanel(ProjectDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new MetricsModel(document, this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("MetricsPanel"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // The metric's name takes what the values leave (elided, its tooltip in full): the table
    // scrolls sideways only in a dock too narrow for the values, and a wider dock has no
    // scroll range left to stay scrolled in.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setTextElideMode(Qt::ElideRight);
    // Rows are selected to be copied (Ctrl+C, or the context menu's Copy and Copy All).
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setObjectName(QStringLiteral("metricsTable"));
    const TableCopyActions copy = installTableCopyActions(m_table);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this,
            [this, copy](const QPoint& pos) {
                QMenu menu(this);
                addTableCopyActions(menu, *m_table, copy);
                menu.exec(m_table->viewport()->mapToGlobal(pos));
            });
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    connect(document, &ProjectDocument::evaluationStarted, this, &MetricsPanel::updateStatus);
    // The header sizes the value columns to their contents itself; resizing every column here
    // as well gave the stretched name column its full width and cut the values off.
    connect(document, &ProjectDocument::evaluationChanged, this, &MetricsPanel::updateStatus);
    connect(document, &ProjectDocument::planChanged, this, &MetricsPanel::updateStatus);
    updateStatus();
}

void MetricsPanel::updateStatus()
{
    const PlanEvaluation& e = m_document->evaluation();
    if (!m_document->hasModel()) {
        m_status->setText(tr("No network open."));
        m_status->setStyleSheet({});
        return;
    }
    if (e.cuts != m_document->plan().cuts() || m_document->isEvaluating()) {
        m_status->setText(tr("Evaluating…"));
        m_status->setStyleSheet(QStringLiteral("color: #666;"));
        return;
    }
    m_status->setText(e.summary().replace(0, 1, e.summary().left(1).toUpper()));
    m_status->setStyleSheet(e.valid ? QString() : QStringLiteral("color: #b00000;"));
}

} // namespace compass::ui
