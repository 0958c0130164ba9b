// SPDX-License-Identifier: MIT
// explorer_demo DIR [--size WxH]: the new-user walk-through of docs/explorer.md, driven the way
// a user would, with a screenshot per step saved into DIR: open ResNet18 from File ▸ Examples,
// drag a cut in the strip, undo, redo, remove a cut, type an impossible chip value. Not part of the
// explorer (which keeps only --screenshot); run it under `xvfb-run -a` or with
// QT_QPA_PLATFORM=offscreen.
#ifndef Q_MOC_RUN
#include "ui/charts/chart_panel.h"
#include "ui/document/project_document.h"
#include "ui/graphview/graph_layout.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/arch_parameter_model.h"
#include "ui/panels/architecture_panel.h"
#include "ui/panels/graph_panel.h"
#include "ui/panels/partition_strip.h"
#include "ui/run/run_panel.h"
#endif

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>

#include <cstdio>

using namespace compass::ui;

namespace {

/// Waits until the document has no evaluation pending and the graph no layout, then `settleMs`
/// more for the paint (evaluation and layout are asynchronous).
void waitUntilIdle(MainWindow& window, int settleMs = 400)
{
    auto* graph = window.findChild<GraphPanel*>();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (!window.document()->isEvaluating() && !graph->isLayoutPending())
            loop.quit();
    });
    poll.start(50);
    loop.exec();
    QTimer::singleShot(settleMs, &loop, &QEventLoop::quit);
    loop.exec();
}

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, pos, widget->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &event);
}

bool save(MainWindow& window, const QString& dir, const QString& name)
{
    waitUntilIdle(window);
    const QString file = QDir(dir).filePath(name);
    const bool ok = window.grab().save(file);
    std::printf("%s %s (undo steps: %d, plan: %s)\n", ok ? "saved" : "FAILED", qPrintable(file),
                window.document()->undoStack()->count(),
                qPrintable(window.document()->evaluation().summary()));
    return ok;
}

/// Drags the last cut of the strip a quarter of the way to the one before it, in small steps.
void dragLastCut(PartitionStrip& strip, const std::vector<std::int32_t>& cuts)
{
    const std::size_t last = cuts.size() - 1;
    const double y = strip.barRect().center().y();
    const double x0 = strip.geometry().xOfPosition(cuts[last]);
    const double x1 = strip.geometry().xOfPosition(cuts[last - 1]);
    const double target = x0 - 0.25 * (x0 - x1);
    sendMouse(&strip, QEvent::MouseButtonPress, {x0, y}, Qt::LeftButton);
    for (int step = 1; step <= 8; ++step)
        sendMouse(&strip, QEvent::MouseMove, {x0 + (target - x0) * step / 8.0, y}, Qt::LeftButton);
    sendMouse(&strip, QEvent::MouseButtonRelease, {target, y}, Qt::NoButton);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // never the user's settings or recent files
    QApplication::setOrganizationName(QStringLiteral("compass-demo"));
    QApplication::setApplicationName(QStringLiteral("explorer_demo"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument("dir", "Folder for the screenshots.", "DIR");
    const QCommandLineOption size("size", "Window size WxH (default 1500x900).", "WxH", "1500x900");
    parser.addOption(size);
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QString dir = parser.positionalArguments().first();
    QDir().mkpath(dir);

    MainWindow window;
    const QStringList wh = parser.value(size).split('x');
    if (wh.size() == 2)
        window.resize(wh[0].toInt(), wh[1].toInt());
    window.setLeftToRight(false);
    window.show();
    // Before any network: the welcome page.
    waitUntilIdle(window);
    bool welcome = save(window, dir, QStringLiteral("explorer-welcome.png"));
    QEventLoop loop;
    bool shown = false;
    QObject::connect(&window, &MainWindow::modelShown, &loop, [&](bool ok) {
        shown = ok;
        loop.quit();
    });
    if (!window.openExample(QStringLiteral("resnet18")))
        return 1;
    loop.exec();
    if (!shown)
        return 1;

    auto* strip = window.findChild<PartitionStrip*>();
    auto* undo = window.findChild<QAction*>(QStringLiteral("undo"));
    auto* redo = window.findChild<QAction*>(QStringLiteral("redo"));
    bool ok = save(window, dir, QStringLiteral("explorer-1-greedy.png"));
    dragLastCut(*strip, window.document()->innerCuts());
    ok = save(window, dir, QStringLiteral("explorer-2-drag.png")) && ok;
    undo->trigger();
    ok = save(window, dir, QStringLiteral("explorer-3-undo.png")) && ok;
    redo->trigger();
    ok = save(window, dir, QStringLiteral("explorer-4-redo.png")) && ok;
    // Select the first cut and press Delete: the merged span is too big.
    strip->setFocus();
    strip->setSelectedCut(0);
    QKeyEvent del(QEvent::KeyPress, Qt::Key_Delete, Qt::NoModifier);
    QCoreApplication::sendEvent(strip, &del);
    ok = save(window, dir, QStringLiteral("explorer-5-invalid.png")) && ok;
    // Type 0 as the DRAM bandwidth: refused, the row turns red, the message names the field.
    auto* arch = window.findChild<ArchitecturePanel*>();
    ArchParameterModel* fields = arch->model();
    const QModelIndex bandwidth = fields->index(
        fields->rowOfKey(QStringLiteral("dram.bandwidth_GBps")), ArchParameterModel::ValueColumn);
    arch->table()->scrollTo(bandwidth);
    fields->setData(bandwidth, QStringLiteral("0"));
    std::printf("chip edit: %s\n", qPrintable(arch->errorLabel()->text()));
    ok = save(window, dir, QStringLiteral("explorer-6-bad-value.png")) && ok;
    // Optimise: a finished run offers its plan against the current (invalid) one; nothing
    // changes until Apply.
    auto* runs = window.findChild<RunPanel*>();
    for (QWidget* w = runs; w; w = w->parentWidget()) {
        if (auto* dock = qobject_cast<QDockWidget*>(w))
            dock->raise();
    }
    compass::SearchOptions options;
    options.method = compass::SearchMethod::Greedy;
    runs->setOptions(options);
    QEventLoop running;
    QObject::connect(runs, &RunPanel::runFinished, &running, &QEventLoop::quit);
    runs->run();
    running.exec();
    ok = save(window, dir, QStringLiteral("explorer-7-apply-offer.png")) && ok;

    // Charts: a ga run (its live convergence), then Compare methods and Sweep batches, and a
    // screenshot of every chart tab at this window size (issue 16: titles and units readable).
    undo->trigger(); // the chip edit was refused; back to the valid plan before the delete
    // A long ga (no early stop) so its live convergence can be seen, cancelled after the shot.
    options.method = compass::SearchMethod::Genetic;
    options.genetic.generations = 100000;
    options.genetic.patience = 0;
    runs->setOptions(options);
    runs->run();
    QTimer::singleShot(1500, &running, [&] {
        const QString file = QDir(dir).filePath(QStringLiteral("explorer-8-ga-live.png"));
        std::printf("%s %s\n", window.grab().save(file) ? "saved" : "FAILED", qPrintable(file));
        runs->cancel();
    });
    running.exec();
    options.genetic = {};
    runs->setOptions(options);
    QObject::connect(runs, &RunPanel::comparisonFinished, &running, &QEventLoop::quit);
    QObject::connect(runs, &RunPanel::sweepFinished, &running, &QEventLoop::quit);
    QTimer::singleShot(0, runs, &RunPanel::compareMethods);
    running.exec(); // the first of the four runs
    while (runs->controller()->isRunning()) {
        QTimer::singleShot(100, &running, &QEventLoop::quit);
        running.exec();
    }
    QTimer::singleShot(0, runs, &RunPanel::sweepBatches);
    running.exec();
    while (runs->controller()->isRunning()) {
        QTimer::singleShot(100, &running, &QEventLoop::quit);
        running.exec();
    }
    auto* charts = window.findChild<ChartPanel*>();
    const char* tabs[] = {"partition-latency", "energy", "comparison", "batch-sweep",
                          "reload-vs-batch",   "pareto", "convergence"};
    for (int t = 0; t < 7; ++t) {
        charts->showTab(static_cast<ChartPanel::Tab>(t));
        for (QWidget* w = charts; w; w = w->parentWidget()) {
            if (auto* dock = qobject_cast<QDockWidget*>(w))
                dock->raise();
        }
        ok = save(window, dir, QStringLiteral("explorer-chart-%1.png").arg(tabs[t])) && ok;
    }
    // The partition chart follows a manual edit: "current plan: ...".
    dragLastCut(*strip, window.document()->innerCuts());
    charts->showTab(ChartPanel::Tab::PartitionLatency);
    ok = save(window, dir, QStringLiteral("explorer-chart-current-plan.png")) && ok;
    // Run History: every run of the walk-through, by run id, with units on every value.
    for (auto* dock : window.findChildren<QDockWidget*>()) {
        if (dock->objectName() == QLatin1String("RunHistoryDock")) {
            dock->show();
            dock->raise();
        }
    }
    ok = save(window, dir, QStringLiteral("explorer-history-runs.png")) && ok;
    // The properties of a selected layer, and Help ▸ About.
    window.focusNode(QStringLiteral("layer3.0/conv1"));
    waitUntilIdle(window);
    ok = save(window, dir, QStringLiteral("explorer-properties.png")) && ok;
    QTimer::singleShot(500, &window, [dir, &ok] {
        QWidget* box = QApplication::activeModalWidget();
        const QString file = dir + QStringLiteral("/explorer-about.png");
        const bool saved = box && box->grab().save(file);
        std::printf("%s %s\n", saved ? "saved" : "FAILED", qPrintable(file));
        ok = saved && ok;
        if (box)
            box->close();
    });
    window.findChild<QAction*>(QStringLiteral("about"))->trigger();
    return ok && welcome ? 0 : 1;
}
