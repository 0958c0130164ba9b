// SPDX-License-Identifier: MIT
#include "ui/graphview/graph_scene.h"
#include "ui/mainwindow/main_window.h"
#include "ui/models/diagnostics_model.h"
#include "ui/panels/graph_panel.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

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
        QVERIFY(window.graphPanel()->scene()->nodeItemCount() > 20);
        QVERIFY(!window.graphPanel()->fullModel().blocks.empty());
        // Every node starts in partition 0 until a plan exists.
        for (const GraphViewNode& node : window.graphPanel()->displayModel().nodes)
            QCOMPARE(node.partition, 0);
    }

    void reportsAFileThatCannotBeOpened()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModel(QStringLiteral(COMPASS_TEST_DATA_DIR "/does_not_exist.onnx"));
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().at(0).toBool(), false);
        QVERIFY(window.diagnostics()->rowCount() > 0);
        QCOMPARE(window.diagnostics()->count(compass::Severity::Error) > 0, true);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
