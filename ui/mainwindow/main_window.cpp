// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "core/onnx/onnx_importer.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QTableWidget>

namespace compass::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_layers(new QTableWidget(this))
{
    setWindowTitle(tr("COMPASS Explorer"));
    m_layers->setColumnCount(4);
    m_layers->setHorizontalHeaderLabels({tr("Layer"), tr("Op"), tr("Weights"), tr("MACs")});
    m_layers->horizontalHeader()->setStretchLastSection(true);
    setCentralWidget(m_layers);
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseModel);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    resize(900, 600);
}

void MainWindow::chooseModel()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open network"), {}, tr("ONNX models (*.onnx)"));
    if (!path.isEmpty())
        openModel(path);
}

bool MainWindow::openModel(const QString& path)
{
    DiagnosticList diagnostics;
    const std::optional<Graph> graph = importOnnxFile(path.toStdString(), diagnostics);
    if (!graph) {
        QStringList lines;
        for (const Diagnostic& d : diagnostics.all())
            lines << QString::fromStdString(formatDiagnostic(d));
        QMessageBox::warning(this, tr("Cannot open network"), lines.join('\n'));
        return false;
    }
    m_layers->setRowCount(0);
    for (const Node& node : graph->nodes()) {
        if (node.isFolded)
            continue;
        const int row = m_layers->rowCount();
        m_layers->insertRow(row);
        m_layers->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(node.name)));
        m_layers->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(node.opType)));
        const qlonglong weights = node.weights ? node.weights->weightCount() : 0;
        m_layers->setItem(row, 2, new QTableWidgetItem(QString::number(weights)));
        m_layers->setItem(row, 3, new QTableWidgetItem(QString::number(node.macs)));
    }
    setWindowTitle(tr("%1 — COMPASS Explorer").arg(QFileInfo(path).fileName()));
    return true;
}

} // namespace compass::ui
