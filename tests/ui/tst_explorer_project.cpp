// SPDX-License-Identifier: MIT
// The explorer as a user meets it: the welcome page, project files saved and opened through the
// window, the "save changes?" prompt, drops on the canvas, the wheel over fields, the default
// layout, the error banner and the Help menu.
#ifndef Q_MOC_RUN
#include "core/ir/graph.h"
#include "core/project/project_file.h"
#include "core/support/diagnostics.h"
#include "tests/app/cli_runner.h"
#include "ui/document/project_document.h"
#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/mainwindow/help_dialogs.h"
#include "ui/mainwindow/main_window.h"
#include "ui/mainwindow/message_banner.h"
#include "ui/mainwindow/welcome_page.h"
#include "ui/panels/graph_panel.h"
#include "ui/panels/partition_strip.h"
#include "ui/run/run_panel.h"
#endif

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>

using namespace compass::ui;

namespace {

const QString kResnet18 = QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx");

bool openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy shown(&window, &MainWindow::modelShown);
    if (!window.openFile(path))
        return false;
    return shown.wait(30000) && shown.last().at(0).toBool();
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestExplorerProject : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // keep QSettings away from the user's
        QCoreApplication::setOrganizationName(QStringLiteral("compass-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_explorer_project"));
        QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7 (abc1234)"));
    }

    void startsOnTheWelcomePage()
    {
        MainWindow window;
        window.show();
        auto* welcome = window.findChild<WelcomePage*>();
        QVERIFY(welcome);
        QVERIFY(welcome->isVisible());
        // The bundled examples in natural order: resnet18 before resnet152.
        const QStringList names = welcome->exampleNames();
        QVERIFY(names.indexOf(QStringLiteral("resnet18")) >= 0);
        QVERIFY(names.indexOf(QStringLiteral("resnet18")) < names.indexOf("resnet152"));
        QVERIFY(names.indexOf(QStringLiteral("resnet34")) < names.indexOf("resnet50"));
        QSignalSpy shown(&window, &MainWindow::modelShown);
        QVERIFY(welcome->activateExample(QStringLiteral("resnet18")));
        QVERIFY(shown.wait(30000));
        QVERIFY(!welcome->isVisible());
        QVERIFY(window.findChild<GraphPanel*>()->isVisible());
        // Closing the network brings the page back, with the network among the recent files.
        QVERIFY(window.closeModel());
        QVERIFY(welcome->isVisible());
        QVERIFY(welcome->recentPaths().contains(QFileInfo(kResnet18).absoluteFilePath()));
        QVERIFY(!window.document()->hasModel());
    }

    void projectRoundTripsThroughTheWindow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.compass"));
        compass::ProjectFile saved;
        {
            MainWindow window;
            window.show();
            QVERIFY(openAndWait(window, kResnet18));
            ProjectDocument* doc = window.document();
            compass::DiagnosticList diagnostics;
            QVERIFY(doc->setArchPreset(QStringLiteral("sram-S"), diagnostics));
            QVERIFY(doc->setBatchSize(4));
            // The chip and batch edits are the unsaved changes (greedy cuts stay a valid plan,
            // so the command line below can cost it).
            compass::SearchOptions options = window.findChild<RunPanel*>()->options();
            options.method = compass::SearchMethod::Exact;
            options.seed = 42;
            window.findChild<RunPanel*>()->setOptions(options);
            window.setLeftToRight(true);
            window.findChild<GraphPanel*>()->setEdgeShapes(true);
            QTRY_VERIFY(!window.isSettling());
            QVERIFY(window.focusNode(QStringLiteral("layer2.0/conv1")));
            QVERIFY(window.isWindowModified());
            QVERIFY(window.saveProjectTo(path));
            QVERIFY(!window.isWindowModified());
            QCOMPARE(window.projectPath(), QFileInfo(path).absoluteFilePath());
            QVERIFY(window.windowTitle().contains(QStringLiteral("study.compass")));
            saved = doc->projectState();
            compass::DiagnosticList read;
            const std::optional<compass::ProjectFile> file =
                compass::readProjectFile(path.toStdString(), read);
            QVERIFY(file);
            QCOMPARE(file->modelSha256.size(), std::size_t{64});
            QCOMPARE(file->search.method, compass::SearchMethod::Exact);
            QCOMPARE(file->search.seed, std::uint64_t{42});
            QVERIFY(file->view.leftToRight);
            QVERIFY(file->view.edgeShapes);
            QVERIFY(!file->view.fullNames);
            QVERIFY(!file->view.selectedNode.empty());
            // The command line reads the file the window wrote, to the same plan and cost.
            const PlanEvaluation gui = doc->evaluateNow();
            QVERIFY(gui.valid);
            const compass::testing::CliResult cli =
                compass::testing::runCli({QStringLiteral("simulate"), path,
                                          QStringLiteral("--no-store"), QStringLiteral("--json")});
            QVERIFY2(cli.exitCode == 0, cli.err.constData());
            const QJsonObject json = QJsonDocument::fromJson(cli.out).object();
            QCOMPARE(json.value(QStringLiteral("arch")).toString(), QStringLiteral("sram-S"));
            const QJsonObject metrics = json.value(QStringLiteral("metrics")).toObject();
            QCOMPARE(metrics.value(QStringLiteral("batch")).toInt(), 4);
            QCOMPARE(metrics.value(QStringLiteral("latency_per_batch_ns")).toDouble(),
                     gui.cost.latencyPerBatchNs);
        }
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::projectOpened);
        QSignalSpy shown(&window, &MainWindow::modelShown);
        QVERIFY(window.openFile(path));
        QVERIFY(opened.wait(30000));
        QCOMPARE(opened.last().at(0).toBool(), true);
        ProjectDocument* doc = window.document();
        QCOMPARE(doc->presetName(), QStringLiteral("sram-S"));
        QVERIFY(doc->arch() == saved.arch);
        QCOMPARE(doc->batchSize(), std::int64_t{4});
        QCOMPARE(doc->innerCuts(), saved.innerCuts);
        QVERIFY(!window.isWindowModified()); // just opened: nothing to save
        QVERIFY(!doc->undoStack()->canUndo());
        QCOMPARE(window.findChild<RunPanel*>()->options().method, compass::SearchMethod::Exact);
        QCOMPARE(window.findChild<RunPanel*>()->options().seed, std::uint64_t{42});
        QCOMPARE(window.findChild<GraphPanel*>()->direction(), RankDirection::LeftToRight);
        QVERIFY(window.findChild<GraphPanel*>()->edgeShapes());
        QVERIFY(shown.count() > 0 || shown.wait(30000));
        QTRY_VERIFY(window.findChild<GraphPanel*>()->scene()->selectedNodeId() >= 0);
        QCOMPARE(window.projectPath(), QFileInfo(path).absoluteFilePath());
        // The status says what was restored, not that a greedy plan was made.
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.startsWith(QStringLiteral("Opened project study.compass")),
                 qPrintable(status));
    }

    void aDamagedProjectIsRefusedAndLeftAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.compass"));
        {
            MainWindow window;
            QVERIFY(openAndWait(window, kResnet18));
            QVERIFY(window.saveProjectTo(path));
        }
        // Truncated in the middle, as a full disk would leave it.
        QByteArray bytes = fileBytes(path);
        bytes.truncate(bytes.size() / 2);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(bytes);
        }
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::projectOpened);
        window.openProject(path);
        QVERIFY(opened.wait(30000));
        QCOMPARE(opened.last().at(0).toBool(), false);
        auto* banner = window.findChild<MessageBanner*>();
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("broken.compass")),
                 qPrintable(banner->text()));
        QVERIFY(window.projectPath().isEmpty()); // Save can never write over it
        QCOMPARE(fileBytes(path), bytes);
        QVERIFY(!window.document()->hasModel());
    }

    void unsavedEditsAreAskedAbout()
    {
        MainWindow window;
        QVERIFY(openAndWait(window, kResnet18));
        QStringList questions;
        UnsavedChoice answer = UnsavedChoice::Cancel;
        window.setUnsavedPrompt([&](const QString& question) {
            questions << question;
            return answer;
        });
        // No edit yet: nothing to ask.
        QVERIFY(window.confirmLosingEdits(QStringLiteral("testing")));
        QVERIFY(questions.isEmpty());
        ProjectDocument* doc = window.document();
        const std::vector<std::int32_t> edited = {doc->innerCuts()[0] - 1};
        QVERIFY(doc->applyPlan(edited, QStringLiteral("one cut")));
        const QString squeezenet =
            QStringLiteral(COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx");
        QVERIFY(!window.openFile(squeezenet)); // Cancel: stays
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.first().contains(QStringLiteral("resnet18.onnx")));
        QCOMPARE(doc->innerCuts(), edited);
        QVERIFY(!window.closeModel());
        QVERIFY(doc->hasModel());
        // Quitting asks too, and Cancel keeps the window open.
        window.show();
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        // Save writes the project (to the file it came from) and goes on.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kept.compass"));
        QVERIFY(window.saveProjectTo(path));
        QVERIFY(doc->moveCut(0, edited[0] - 1));
        answer = UnsavedChoice::Save;
        QVERIFY(openAndWait(window, squeezenet));
        compass::DiagnosticList diagnostics;
        const auto kept = compass::readProjectFile(path.toStdString(), diagnostics);
        QVERIFY(kept);
        QCOMPARE(kept->innerCuts, std::vector<std::int32_t>{edited[0] - 1});
        // Discard goes on without writing.
        QVERIFY(doc->applyPlan({doc->unitCount() / 2}, QStringLiteral("edit")));
        answer = UnsavedChoice::Discard;
        QVERIFY(window.closeModel());
        QVERIFY(!doc->hasModel());
    }

    void filesDroppedOnTheCanvasOpen()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, kResnet18));
        QWidget* canvas = window.findChild<GraphPanel*>()->view()->viewport();
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(
            QStringLiteral(COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx"))});
        const QPoint at = canvas->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &move);
        QVERIFY(move.isAccepted());
        QSignalSpy shown(&window, &MainWindow::modelShown);
        QDropEvent drop(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &drop);
        QVERIFY(shown.wait(30000));
        QCOMPARE(window.document()->modelName(), QStringLiteral("squeezenet1_1.onnx"));
        // Other files are refused at the drag.
        QMimeData text;
        text.setUrls({QUrl::fromLocalFile(QStringLiteral(COMPASS_RESOURCE_DIR "/arch"))});
        QDragEnterEvent refused(at, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &refused);
        QVERIFY(!refused.isAccepted());
    }

    void theWheelNeverChangesAnUnfocusedField()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* field = window.findChild<RunPanel*>()->findChild<QSpinBox*>(QStringLiteral("batch"));
        QVERIFY(field);
        const int before = field->value();
        QVERIFY(!field->hasFocus());
        const QPointF at = QPointF(field->rect().center());
        QWheelEvent up(at, field->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                       Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(field, &up);
        QCOMPARE(field->value(), before);
        QCOMPARE(field->focusPolicy(), Qt::StrongFocus);
        // Once the user is in the field, the wheel changes it.
        window.activateWindow();
        field->setFocus(Qt::MouseFocusReason);
        QTRY_VERIFY(field->hasFocus());
        QWheelEvent again(at, field->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(field, &again);
        QCOMPARE(field->value(), before + 1);
    }

    void theDefaultLayoutGivesTheGraphTheScreen()
    {
        MainWindow window;
        window.resetLayout();
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, kResnet18));
        QTest::qWait(50);
        const QWidget* central = window.centralWidget();
        const double share = double(central->width()) * central->height() /
                             (double(window.width()) * window.height());
        QVERIFY2(share >= 0.5, qPrintable(QStringLiteral("graph share %1").arg(share)));
        // At the minimum size nothing overlaps: docks, toolbar and the graph page are apart.
        window.resize(window.minimumSize());
        QCOMPARE(window.minimumSize(), QSize(1024, 700));
        QTest::qWait(50);
        QList<QRect> areas{central->geometry()};
        // Every dock keeps its values readable: none is squeezed below 230 px.
        for (const QDockWidget* d : window.findChildren<QDockWidget*>()) {
            if (d->isVisible() && !d->visibleRegion().isEmpty())
                QVERIFY2(d->width() >= 230, qPrintable(d->objectName()));
        }
        QVERIFY(central->geometry().right() < window.width());
        for (const QDockWidget* d : window.findChildren<QDockWidget*>()) {
            if (d->isVisible() && !d->isFloating() && !d->visibleRegion().isEmpty())
                areas << d->geometry();
        }
        for (qsizetype i = 0; i < areas.size(); ++i) {
            for (qsizetype j = i + 1; j < areas.size(); ++j) {
                // Tabbed docks share one place; distinct places never intersect.
                if (areas[i] != areas[j])
                    QVERIFY2(!areas[i].intersects(areas[j]),
                             qPrintable(QStringLiteral("%1,%2 %3x%4 overlaps %5,%6 %7x%8")
                                            .arg(areas[i].x())
                                            .arg(areas[i].y())
                                            .arg(areas[i].width())
                                            .arg(areas[i].height())
                                            .arg(areas[j].x())
                                            .arg(areas[j].y())
                                            .arg(areas[j].width())
                                            .arg(areas[j].height())));
            }
        }
        QVERIFY(window.findChild<PartitionStrip*>()->height() > 0);
        QVERIFY(window.findChild<GraphPanel*>()->height() >= 250);
    }

    void theToolBarKeepsItsLabels()
    {
        MainWindow window;
        QVERIFY(openAndWait(window, kResnet18));
        auto* undo = window.findChild<QAction*>(QStringLiteral("toolBarUndo"));
        QVERIFY(undo);
        QVERIFY(!undo->isEnabled());
        ProjectDocument* doc = window.document();
        QVERIFY(doc->moveCut(0, doc->innerCuts()[0] - 1));
        QVERIFY(undo->isEnabled());
        QCOMPARE(undo->text(), QStringLiteral("Undo"));
        QVERIFY2(undo->toolTip().contains(doc->undoStack()->undoText()),
                 qPrintable(undo->toolTip()));
        undo->trigger();
        QVERIFY(!undo->isEnabled());
    }

    void aFileThatCannotBeOpenedIsShownInTheBanner()
    {
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::modelShown);
        const QString bad = QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx_broken/cycle.onnx");
        window.openModel(bad);
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().at(0).toBool(), false);
        auto* banner = window.findChild<MessageBanner*>();
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("cycle.onnx")), qPrintable(banner->text()));
        QVERIFY(banner->text().contains(QStringLiteral("error")));
    }

    void helpSaysWhatItIs()
    {
        QVERIFY(aboutText().contains(QStringLiteral("9.8.7 (abc1234)")));
        QVERIFY(aboutText().contains(QStringLiteral("Graphviz")));
        QVERIFY(aboutText().contains(QStringLiteral("LGPL")));
        MainWindow window;
        const std::vector<ShortcutRow> rows = shortcutRows(window.findChildren<QAction*>());
        const auto has = [&rows](const QString& action, const QKeySequence& keys) {
            const QString text = keys.toString(QKeySequence::NativeText);
            return std::any_of(rows.begin(), rows.end(), [&](const ShortcutRow& r) {
                return r.action == action && r.keys.contains(text);
            });
        };
        QVERIFY(has(QStringLiteral("Open"), QKeySequence::Open));
        QVERIFY(has(QStringLiteral("Save Project"), QKeySequence::Save));
        QVERIFY(!compass::ui::manualDir().empty());
        ManualWindow manual;
        QCOMPARE(manual.currentPage(), QStringLiteral("explorer.md"));
        QVERIFY(manual.browser()->toPlainText().contains(QStringLiteral("compass-explorer")));
        QVERIFY(manual.showPage(QStringLiteral("optimisers.md")));
        QVERIFY(!manual.showPage(QStringLiteral("no-such-page.md")));
    }
};

QTEST_MAIN(TestExplorerProject)
#include "tst_explorer_project.moc"
