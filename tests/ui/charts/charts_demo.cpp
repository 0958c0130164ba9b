// SPDX-License-Identifier: MIT
// charts_demo MODEL ARCH BATCH OUTDIR: the run panel and the charts in one window, driven the
// way a user would (Compare methods, then Sweep batches), with a screenshot of every chart tab,
// of a hovered bar's and a hovered point's tooltip, of a zoomed Pareto chart and of the export
// dialog, and the report written to OUTDIR. For checking the charts by eye (e.g. under xvfb-run);
// it is not a test and asserts nothing.
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/pipeline/pipelines.h"
#include "core/support/diagnostics.h"
#include "core/support/resource_paths.h"
#include "ui/charts/batch_sweep_chart_data.h"
#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_export_dialog.h"
#include "ui/charts/chart_panel.h"
#include "ui/run/run_panel.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QDir>
#include <QEventLoop>
#include <QMouseEvent>
#include <QPainter>
#include <QScatterSeries>
#include <QSplitter>
#include <QTextStream>
#include <QTimer>
#include <QWheelEvent>

using namespace compass;
using namespace compass::ui;

namespace {

void settle(int ms = 150)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/// `window` as on screen, with the tooltip (a window of its own) painted where it shows.
void saveWithToolTip(QWidget& window, const QString& file)
{
    QPixmap shot = window.grab();
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (w->inherits("QTipLabel") && w->isVisible()) {
            QPainter painter(&shot);
            painter.drawPixmap(window.mapFromGlobal(w->pos()), w->grab());
        }
    }
    QTextStream(stdout) << (shot.save(file) ? "saved " : "FAILED ") << file << '\n';
}

/// Moves the mouse to `chartPoint` (chart coordinates) of `view`, as a user would: the scene's
/// hover events reach the series, whose hovered signal shows the tooltip.
void hover(ChartView& view, const QPointF& chartPoint)
{
    const QPoint at = view.mapFromScene(view.chart()->mapToScene(chartPoint));
    const QPoint global = view.viewport()->mapToGlobal(at);
    QCursor::setPos(global);
    for (const QPoint& p : {at + QPoint(-3, -3), at}) {
        QMouseEvent move(QEvent::MouseMove, p, view.viewport()->mapToGlobal(p), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &move);
    }
    settle();
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() != 5) {
        QTextStream(stderr) << "usage: charts_demo MODEL ARCH BATCH OUTDIR\n";
        return 2;
    }
    DiagnosticList diagnostics;
    const auto path = resolveModelPath(args[1].toStdString());
    std::optional<Graph> graph = path ? importOnnxFile(*path, diagnostics) : std::nullopt;
    std::optional<ArchSpec> arch = loadArchSpec(args[2].toStdString(), {}, diagnostics);
    if (!graph || !arch) {
        QTextStream(stderr) << "cannot load the model or the chip\n";
        return 1;
    }
    CostingOptions costing;
    costing.batchSize = args[3].toLongLong();
    jobs::RunProblem problem{
        mapProblem(std::make_shared<const Graph>(std::move(*graph)), *arch, costing, diagnostics),
        args[1],
        QString(),
        {}}; // no model file: the demo's runs are not stored
    if (!problem.isValid()) {
        QTextStream(stderr) << "the model has nothing to map\n";
        return 1;
    }
    const QString outDir = args[4];
    QDir().mkpath(outDir);

    QSplitter window;
    auto* runs = new RunPanel;
    auto* charts = new ChartPanel;
    window.addWidget(runs);
    window.addWidget(charts);
    window.setStretchFactor(1, 3);
    window.resize(1500, 900);
    window.setWindowTitle(QStringLiteral("COMPASS charts demo"));
    window.show();
    runs->setProblem(problem);

    std::vector<jobs::SearchRun> all;
    // Single runs join the session's comparison; Compare methods shows its four runs alone.
    bool comparing = false;
    QObject::connect(runs, &RunPanel::runFinished, [&](const jobs::SearchRun& o) {
        all.push_back(o);
        if (!comparing)
            showRunsInCharts(*charts, all, o);
    });
    QObject::connect(runs, &RunPanel::comparisonFinished,
                     [&](const std::vector<jobs::SearchRun>& o) {
                         comparing = false;
                         showRunsInCharts(*charts, o, o[2]); // the ga run becomes the current plan
                     });
    QObject::connect(runs, &RunPanel::sweepFinished, [&](const jobs::BatchSweepResult& r) {
        charts->setBatchSweep(batchSweepData(r), batchSweepConfiguration(r));
        charts->setReloadVsBatch(reloadVsBatchData(r), batchSweepConfiguration(r));
    });
    auto waitFor = [&](auto* sender, auto signal) {
        QEventLoop loop;
        QObject::connect(sender, signal, &loop, &QEventLoop::quit);
        loop.exec();
    };

    // A GA run first (live convergence), then Compare methods, then Sweep batches.
    SearchOptions ga;
    runs->setOptions(ga);
    runs->run();
    QTimer::singleShot(150, [&] { window.grab().save(outDir + "/window-ga-running.png"); });
    waitFor(runs->controller(), &jobs::RunController::runningChanged);
    comparing = true;
    runs->compareMethods();
    waitFor(runs, &RunPanel::comparisonFinished);
    window.grab().save(outDir + "/window-after-compare.png");
    runs->sweepBatches();
    waitFor(runs, &RunPanel::sweepFinished);
    QApplication::processEvents();

    const char* names[] = {"partition-latency", "energy", "comparison", "batch-sweep",
                           "reload-vs-batch",   "pareto", "convergence"};
    for (int t = 0; t < 7; ++t) {
        charts->showTab(static_cast<ChartPanel::Tab>(t));
        QApplication::processEvents();
        window.grab().save(outDir + "/window-" + names[t] + ".png");
    }
    // Tooltips: a bar of the comparison (the ga run's energy), then a point of the Pareto chart.
    charts->showTab(ChartPanel::Tab::Comparison);
    QApplication::processEvents();
    ChartView* comparison = charts->view(ChartPanel::Tab::Comparison);
    for (QAbstractSeries* s : comparison->chart()->series()) {
        auto* bars = qobject_cast<QAbstractBarSeries*>(s);
        if (!bars || bars->count() < 3)
            continue;
        // Grouped bars: set i of n in category c spans [c - w/2 + i w/n, c - w/2 + (i+1) w/n].
        const int set = 2;
        const int category = 1;
        const double w = bars->barWidth();
        const double x = category - w / 2 + (set + 0.5) * w / bars->count();
        const double value = bars->barSets().at(set)->at(category);
        hover(*comparison, comparison->chart()->mapToPosition(QPointF(x, value / 2), bars));
    }
    QTextStream(stdout) << "bar tooltip: " << comparison->hoverText() << '\n';
    saveWithToolTip(window, outDir + "/tooltip-bar.png");

    charts->showTab(ChartPanel::Tab::Pareto);
    QApplication::processEvents();
    ChartView* pareto = charts->view(ChartPanel::Tab::Pareto);
    for (QAbstractSeries* s : pareto->chart()->series()) {
        if (auto* point = qobject_cast<QScatterSeries*>(s);
            point && point->name().startsWith("ga")) {
            hover(*pareto, pareto->chart()->mapToPosition(point->at(0), point));
            break;
        }
    }
    QTextStream(stdout) << "point tooltip: " << pareto->hoverText() << '\n';
    saveWithToolTip(window, outDir + "/tooltip-pareto.png");

    // Zoom: three wheel notches about the hovered point.
    {
        const QPoint at = pareto->viewport()->mapFromGlobal(QCursor::pos());
        QWheelEvent wheel(at, pareto->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 360),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(pareto->viewport(), &wheel);
        QApplication::processEvents();
        window.grab().save(outDir + "/pareto-zoomed.png");
        pareto->resetZoom();
    }

    // The export dialog, as the Export button opens it, for the comparison chart.
    charts->showTab(ChartPanel::Tab::Comparison);
    QTimer::singleShot(300, [&] {
        if (auto* dialog = qobject_cast<ChartExportDialog*>(QApplication::activeModalWidget())) {
            QTextStream(stdout) << "export dialog offers " << dialog->options().fileName() << '\n';
            dialog->grab().save(outDir + "/export-dialog.png");
            dialog->reject();
        }
    });
    charts->exportCurrentInteractively();

    QString error;
    const QStringList files = writeReport(outDir + "/report", charts->reportData(), {}, &error);
    QTextStream(stdout) << "wrote " << files.size() << " report files to " << outDir << "/report"
                        << (error.isEmpty() ? QString() : " error: " + error) << '\n';
    return files.isEmpty() ? 1 : 0;
}
