// SPDX-License-Identifier: MIT
#ifndef Q_MOC_RUN
#include "core/support/diagnostics.h"
#include "history_test_data.h"
#include "store/run_store.h"
#include "ui/history/run_history_controller.h"
#include "ui/history/run_history_model.h"
#endif

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace compass;
using namespace compass::ui;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

/// A database with `count` runs, closed again (so the file holds everything).
std::vector<RunId> seed(const QString& path, int count)
{
    DiagnosticList d;
    std::optional<RunStore> store = RunStore::open(path, OpenMode::ReadWrite, d);
    std::vector<RunId> ids;
    if (!store)
        return ids;
    const char* models[] = {"resnet18", "vgg16", "squeezenet1_1"};
    for (int i = 0; i < count; ++i) {
        ids.push_back(
            store->insert(historyTestRun(models[i % 3], "sram-M", "greedy", 100.0 + i), d));
    }
    return ids;
}

} // namespace

class TestRunHistoryController : public QObject
{
    Q_OBJECT

private slots:
    void listsRunsOfANewAndAnExistingDatabase()
    {
        QTemporaryDir dir;
        RunHistoryController controller;
        QVERIFY(controller.openDatabase(dir.filePath(QStringLiteral("sub/new.db"))));
        QCOMPARE(controller.state(), RunDatabaseState::Writable);
        QCOMPARE(controller.model()->rowCount(), 0);

        const QString path = dir.filePath(QStringLiteral("runs.db"));
        const std::vector<RunId> ids = seed(path, 4);
        QVERIFY(controller.openDatabase(path));
        QCOMPARE(controller.model()->rowCount(), 4);
        QCOMPARE(controller.model()->runAt(0)->id, ids.back()); // newest first
        QVERIFY(controller.message().isEmpty());
    }

    void editsRoundTripThroughTheStore()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        const std::vector<RunId> ids = seed(path, 3);
        RunHistoryController controller;
        QVERIFY(controller.openDatabase(path));
        QVERIFY(controller.rename(ids[0], QStringLiteral("  baseline  ")));
        QVERIFY(controller.setTags(
            ids[0], {QStringLiteral("paper"), QStringLiteral(" "), QStringLiteral(" fig9 ")}));
        QVERIFY(controller.setNotes(ids[1], QStringLiteral("two lines\nof notes")));
        // The model shows the edits at once ...
        const RunSummary* first = controller.model()->runAt(controller.model()->rowOf(ids[0]));
        QVERIFY(first);
        QCOMPARE(first->label, std::string("baseline"));
        QCOMPARE(first->tags, (std::set<std::string>{"fig9", "paper"}));
        // ... and another connection reads them from the file.
        DiagnosticList d;
        std::optional<RunStore> other = RunStore::open(path, OpenMode::ReadOnly, d);
        QVERIFY(other);
        QCOMPARE(other->run(ids[0], d)->label, std::string("baseline"));
        QCOMPARE(other->run(ids[0], d)->tags, (std::set<std::string>{"fig9", "paper"}));
        QCOMPARE(other->run(ids[1], d)->notes, std::string("two lines\nof notes"));

        // Full records for Open and Compare, in the order asked.
        const std::vector<RunRecord> records = controller.runs({ids[2], ids[0]});
        QCOMPARE(records.size(), std::size_t(2));
        QCOMPARE(records[0].id, ids[2]);
        QCOMPARE(records[1].label, std::string("baseline"));

        // Delete is all or nothing: an unknown id deletes nothing and reports.
        QSignalSpy errors(&controller, &RunHistoryController::errorOccurred);
        QVERIFY(!controller.remove({ids[0], RunId{999}}));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.last().at(0).toString().contains(QStringLiteral("999")));
        QCOMPARE(controller.model()->rowCount(), 3);
        QVERIFY(controller.remove({ids[0], ids[2]}));
        QCOMPARE(controller.model()->rowCount(), 1);
        QCOMPARE(other->count(d), 1);
        QVERIFY(!controller.run(ids[0]));
    }

    void showsRunsStoredByAnotherWriter()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        seed(path, 1);
        RunHistoryController controller;
        controller.setReloadDelayMs(20);
        QVERIFY(controller.openDatabase(path));
        QCOMPARE(controller.model()->rowCount(), 1);
        DiagnosticList d;
        std::optional<RunStore> writer = RunStore::open(path, OpenMode::ReadWrite, d);
        QVERIFY(writer);
        writer->insert(historyTestRun("alexnet", "sram-S", "exact", 5.0), d);
        writer->insert(historyTestRun("alexnet", "sram-L", "exact", 6.0), d);
        QVERIFY(!d.hasErrors());
        QTRY_COMPARE_WITH_TIMEOUT(controller.model()->rowCount(), 3, 5000);
        QCOMPARE(controller.model()->runAt(0)->archName, std::string("sram-L"));
    }

    void damagedFileIsReportedUntouchedAndCanBeMovedAside_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("text") << QStringLiteral("text");
        QTest::newRow("truncated database") << QStringLiteral("truncated");
    }

    void damagedFileIsReportedUntouchedAndCanBeMovedAside()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        if (kind == QLatin1String("text")) {
            QVERIFY(writeAll(path, "these are my lab notes, not a database\n"));
        } else {
            seed(path, 40);
            const QByteArray whole = readAll(path);
            QVERIFY(whole.size() > 8192);
            QVERIFY(writeAll(path, whole.left(whole.size() / 2)));
        }
        const QByteArray before = readAll(path);

        RunHistoryController controller;
        QSignalSpy changed(&controller, &RunHistoryController::databaseChanged);
        QVERIFY(!controller.openDatabase(path));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(controller.state(), RunDatabaseState::Unusable);
        QVERIFY(controller.canMoveAside());
        QVERIFY2(controller.message().contains(path), qPrintable(controller.message()));
        QVERIFY2(controller.message().contains(QStringLiteral("unchanged")),
                 qPrintable(controller.message()));
        QCOMPARE(controller.model()->rowCount(), 0);
        QVERIFY(!controller.rename(RunId{1}, QStringLiteral("x")));
        QCOMPARE(readAll(path), before); // byte for byte

        QVERIFY(controller.startNewDatabase());
        QCOMPARE(controller.state(), RunDatabaseState::Writable);
        QCOMPARE(controller.databasePath(), path);
        QVERIFY(controller.movedAsidePath().startsWith(path + QStringLiteral(".damaged-")));
        QCOMPARE(readAll(controller.movedAsidePath()), before); // kept, not deleted
        QCOMPARE(controller.model()->rowCount(), 0);
        DiagnosticList d;
        std::optional<RunStore> fresh = RunStore::open(path, OpenMode::ReadWrite, d);
        QVERIFY(fresh);
        QCOMPARE(fresh->count(d), 0);
        // The new database takes runs, and the history shows them.
        controller.setReloadDelayMs(20);
        fresh->insert(historyTestRun("alexnet", "sram-S", "exact", 5.0), d);
        QTRY_COMPARE_WITH_TIMEOUT(controller.model()->rowCount(), 1, 5000);
    }

    void missingFolderThatCannotBeCreatedIsUnusableWithoutMoveAside()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("file"));
        QVERIFY(writeAll(blocker, "x"));
        RunHistoryController controller;
        QVERIFY(!controller.openDatabase(blocker + QStringLiteral("/runs.db")));
        QCOMPARE(controller.state(), RunDatabaseState::Unusable);
        QVERIFY(!controller.canMoveAside()); // nothing there to move
        QVERIFY(!controller.message().isEmpty());
    }

    void newerSchemaOpensReadOnlyWithAMessage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        const std::vector<RunId> ids = seed(path, 2);
        // user_version lives at byte 60 of the header (big-endian): a newer COMPASS wrote it.
        QByteArray bytes = readAll(path);
        QVERIFY(bytes.size() > 100);
        const int newer = RunStore::kSchemaVersion + 7;
        bytes[60] = 0;
        bytes[61] = 0;
        bytes[62] = 0;
        bytes[63] = static_cast<char>(newer);
        QVERIFY(writeAll(path, bytes));

        RunHistoryController controller;
        QVERIFY(controller.openDatabase(path));
        QCOMPARE(controller.state(), RunDatabaseState::ReadOnly);
        QVERIFY(!controller.isWritable());
        QVERIFY2(controller.message().contains(QStringLiteral("newer COMPASS")),
                 qPrintable(controller.message()));
        QCOMPARE(controller.model()->rowCount(), 2);
        QSignalSpy errors(&controller, &RunHistoryController::errorOccurred);
        QVERIFY(!controller.rename(ids[0], QStringLiteral("x")));
        QVERIFY(!controller.remove({ids[0]}));
        QCOMPARE(errors.count(), 2);
        QCOMPARE(controller.model()->rowCount(), 2);
        QCOMPARE(readAll(path), bytes);
    }
};

QTEST_GUILESS_MAIN(TestRunHistoryController)
#include "tst_run_history_controller.moc"
