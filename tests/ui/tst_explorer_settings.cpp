// SPDX-License-Identifier: MIT
// The explorer's typed preferences: defaults before anything is written, every accessor's
// round trip, and the stored keys kept from earlier versions (an update keeps what the user
// chose).
#ifndef Q_MOC_RUN
#include "store/run_store.h"
#endif
#include "ui/mainwindow/explorer_settings.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace compass;
using namespace compass::ui;

class TestExplorerSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // never the user's settings
        QCoreApplication::setOrganizationName(QStringLiteral("compass-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_explorer_settings"));
    }

    void init() { QSettings().clear(); }

    void defaultsBeforeAnythingIsWritten()
    {
        const ExplorerSettings settings;
        QVERIFY(settings.windowGeometry().isEmpty());
        QVERIFY(settings.windowState().isEmpty());
        QCOMPARE(settings.leftToRight(), false);
        QCOMPARE(settings.showOverview(), true);
        QCOMPARE(settings.stripByLatency(), false);
        QVERIFY(settings.archPreset().isEmpty());
        QCOMPARE(settings.batchSize(), std::int64_t{1});
        QCOMPARE(settings.runDatabase(), defaultRunStorePath());
        QVERIFY(settings.lastDirectory().isEmpty());
        QVERIFY(settings.recentFiles().isEmpty());
    }

    void everyPreferenceRoundTrips()
    {
        {
            ExplorerSettings settings;
            settings.setWindowGeometry("geometry");
            settings.setWindowState("state");
            settings.setLeftToRight(true);
            settings.setShowOverview(false);
            settings.setStripByLatency(true);
            settings.setArchPreset(QStringLiteral("sram-L"));
            settings.setBatchSize(16);
            settings.setRunDatabase(QStringLiteral("/tmp/runs.db"));
            settings.setLastDirectory(QStringLiteral("/tmp/models"));
            settings.setRecentFiles({QStringLiteral("/tmp/a.onnx"), QStringLiteral("/tmp/b.onnx")});
        }
        const ExplorerSettings settings; // a fresh one reads what the first wrote
        QCOMPARE(settings.windowGeometry(), QByteArray("geometry"));
        QCOMPARE(settings.windowState(), QByteArray("state"));
        QCOMPARE(settings.leftToRight(), true);
        QCOMPARE(settings.showOverview(), false);
        QCOMPARE(settings.stripByLatency(), true);
        QCOMPARE(settings.archPreset(), QStringLiteral("sram-L"));
        QCOMPARE(settings.batchSize(), std::int64_t{16});
        QCOMPARE(settings.runDatabase(), QStringLiteral("/tmp/runs.db"));
        QCOMPARE(settings.lastDirectory(), QStringLiteral("/tmp/models"));
        QCOMPARE(settings.recentFiles(),
                 QStringList({QStringLiteral("/tmp/a.onnx"), QStringLiteral("/tmp/b.onnx")}));
        ExplorerSettings().setRecentFiles({});
        QVERIFY(ExplorerSettings().recentFiles().isEmpty());
    }

    void readsTheKeysEarlierVersionsWrote()
    {
        QSettings old;
        old.setValue(QStringLiteral("graph/leftToRight"), true);
        old.setValue(QStringLiteral("graph/overview"), false);
        old.setValue(QStringLiteral("strip/byLatency"), true);
        old.setValue(QStringLiteral("arch/preset"), QStringLiteral("reram-M"));
        old.setValue(QStringLiteral("arch/batch"), 8);
        old.setValue(QStringLiteral("history/database"), QStringLiteral("/data/runs.db"));
        old.setValue(QStringLiteral("lastDirectory"), QStringLiteral("/data"));
        old.setValue(QStringLiteral("recentFiles"), QStringList{QStringLiteral("/data/x.onnx")});
        old.sync();
        const ExplorerSettings settings;
        QCOMPARE(settings.leftToRight(), true);
        QCOMPARE(settings.showOverview(), false);
        QCOMPARE(settings.stripByLatency(), true);
        QCOMPARE(settings.archPreset(), QStringLiteral("reram-M"));
        QCOMPARE(settings.batchSize(), std::int64_t{8});
        QCOMPARE(settings.runDatabase(), QStringLiteral("/data/runs.db"));
        QCOMPARE(settings.lastDirectory(), QStringLiteral("/data"));
        QCOMPARE(settings.recentFiles(), QStringList{QStringLiteral("/data/x.onnx")});
    }

    void aBadBatchReadsAsOne()
    {
        QSettings().setValue(QStringLiteral("arch/batch"), 0);
        QCOMPARE(ExplorerSettings().batchSize(), std::int64_t{1});
        QSettings().setValue(QStringLiteral("arch/batch"), QStringLiteral("many"));
        QCOMPARE(ExplorerSettings().batchSize(), std::int64_t{1});
    }
};

QTEST_GUILESS_MAIN(TestExplorerSettings)
#include "tst_explorer_settings.moc"
