// SPDX-License-Identifier: MIT
#ifndef Q_MOC_RUN
#include "core/ir/graph.h"
#include "tests/ui/history/history_test_data.h"
#include "ui/charts/chart_panel.h"
#include "ui/document/project_document.h"
#include "ui/graphview/graph_scene.h"
#include "ui/history/run_history_panel.h"
#include "ui/mainwindow/main_window.h"
#include "ui/models/diagnostics_model.h"
#include "ui/panels/graph_panel.h"
#include "ui/panels/partition_strip.h"
#endif

#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QUndoStack>

#include <set>

using namespace compass::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // keep QSettings away from the user's
        QCoreApplication::setOrganizationName(QStringLiteral("compass-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
    }

    void opensABundledNetwork()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModel(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().at(0).toBool(), true);
        QVERIFY(window.windowTitle().contains(QStringLiteral("resnet18.onnx")));
        QVERIFY(window.findChild<GraphPanel*>()->scene()->nodeItemCount() > 20);
        QVERIFY(!window.findChild<GraphPanel*>()->fullModel().blocks.empty());
        // A new document starts from the greedy plan, and the graph is coloured by it.
        ProjectDocument* doc = window.document();
        QVERIFY(doc->plan().partitionCount() >= 3);
        QTRY_VERIFY(!doc->isEvaluating() && doc->evaluation().cuts == doc->plan().cuts());
        std::set<int> partitions;
        for (const GraphViewNode& node : window.findChild<GraphPanel*>()->displayModel().nodes) {
            QCOMPARE(node.partition, doc->evaluation().partitionOfNode(node.id));
            if (node.isWeightLayer) {
                QVERIFY(node.crossbars > 0); // tooltip figures filled from the evaluation
                QVERIFY(node.replication >= 1);
            }
            partitions.insert(node.partition);
        }
        QCOMPARE(static_cast<int>(partitions.size()), doc->plan().partitionCount());
    }

    /// Issue 16, item 1: comparing runs of different chips or networks warns in the chart
    /// and where the user asked for it, the history's status line.
    void comparingRunsOfTwoChipsWarns()
    {
        MainWindow window;
        auto* history = window.findChild<RunHistoryPanel*>();
        auto* charts = window.findChild<ChartPanel*>();
        QVERIFY(history && charts);
        std::vector<compass::RunRecord> runs = {
            historyTestRun("resnet18", "sram-M", "greedy", 100.0),
            historyTestRun("resnet18", "sram-M", "exact", 120.0)};
        emit history->compareRequested(runs);
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Comparing 2 runs in Charts"));
        QVERIFY(!charts->reportData().comparison->subtitle.contains("warning"));
        runs[1].archName = "sram-L";
        emit history->compareRequested(runs);
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains("2 configurations") && status.contains("not like for like"),
                 qPrintable(status));
        QVERIFY(charts->reportData().comparison->subtitle.contains("warning: compares 2 chips"));
        QCOMPARE(charts->reportData().configurations().size(), 2);
    }

    void editsAreUndoableFromTheWindow()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::modelShown);
        QVERIFY(window.openExample(QStringLiteral("resnet18")));
        QVERIFY(shown.wait(30000));
        ProjectDocument* doc = window.document();
        const std::vector<std::int32_t> before = doc->innerCuts();
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("undo"))->isEnabled());
        QVERIFY(doc->moveCut(0, before[0] - 2, doc->newDragId()));
        QVERIFY(window.isWindowModified());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("undo"))->isEnabled());
        window.findChild<QAction*>(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc->innerCuts(), before);
        QVERIFY(!window.isWindowModified());
        window.findChild<QAction*>(QStringLiteral("redo"))->trigger();
        QCOMPARE(doc->innerCuts()[0], before[0] - 2);
        // Selecting a node highlights its partition's segment in the strip.
        const compass::NodeId conv = doc->graph()->weightLayers().back();
        QVERIFY(window.findChild<GraphPanel*>()->focusNode(
            QString::fromStdString(doc->graph()->node(conv).name)));
        QTRY_COMPARE(window.findChild<PartitionStrip*>()->highlightedPartition(),
                     doc->plan().partitionCount() - 1);
        // Clicking a segment selects the partition's nodes.
        QVERIFY(window.findChild<GraphPanel*>()->selectPartition(0) > 0);
    }

    void panelsObserveTheDocument()
    {
        // A network opened on the document itself (as the run opener does) reaches the graph,
        // the find box and the title without the window being told.
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.document()->openFile(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().at(0).toBool(), true);
        auto* graph = window.findChild<GraphPanel*>();
        QCOMPARE(graph->fullModel().nodes.size(), window.document()->graph()->nodes().size());
        QVERIFY(window.windowTitle().contains(QStringLiteral("resnet18.onnx")));
        QVERIFY(window.focusNode(QStringLiteral("layer4.1/conv2")));
        // The strip outlines the selected node's partition and follows it when the plan
        // changes under it (here: every cut removed, so it is partition 0).
        const int id = graph->scene()->selectedNodeId();
        auto* strip = window.findChild<PartitionStrip*>();
        ProjectDocument* doc = window.document();
        QTRY_VERIFY(!doc->isEvaluating());
        QCOMPARE(strip->highlightedPartition(), doc->evaluation().partitionOfNode(id));
        QVERIFY(strip->highlightedPartition() > 0);
        QVERIFY(doc->applyPlan({}, QStringLiteral("No cuts")));
        QTRY_COMPARE(strip->highlightedPartition(), 0);
        // The invalid single partition is listed by the diagnostics dock, from the document.
        auto* diagnostics = window.findChild<DiagnosticsModel*>();
        QTRY_COMPARE(diagnostics->rowCount(), static_cast<int>(doc->diagnostics().size()));
        QVERIFY(diagnostics->rowCount() > 0);
        QCOMPARE(diagnostics->diagnostic(0).location.partition, 0);
    }

    void reportsAFileThatCannotBeOpened()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModel(QStringLiteral(COMPASS_TEST_DATA_DIR "/does_not_exist.onnx"));
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().at(0).toBool(), false);
        QVERIFY(window.findChild<DiagnosticsModel*>()->rowCount() > 0);
        QCOMPARE(window.findChild<DiagnosticsModel*>()->count(compass::Severity::Error) > 0, true);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
