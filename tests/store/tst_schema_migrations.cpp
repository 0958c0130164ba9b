// SPDX-License-Identifier: MIT
#include "core/support/diagnostics.h"
#include "fixture_database.h"
#include "sample_runs.h"
#include "store/run_store.h"
#include "store/schema_migrations.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace compass;
using namespace compass::testing;

namespace {

QString schemaOf(const QString& path)
{
    return querySingle(path, "SELECT group_concat(type || ' ' || name || ': ' || sql, '\n') "
                             "FROM (SELECT * FROM sqlite_master WHERE sql IS NOT NULL "
                             "ORDER BY name)")
        .toString();
}

QString v1FixtureSql()
{
    QFile file(COMPASS_STORE_FIXTURE_DIR "/schema_v1.sql");
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestSchemaMigrations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString freshPath() { return m_dir.filePath(QString("m-%1.db").arg(++m_counter)); }

    QString currentSchema()
    {
        const QString path = freshPath();
        DiagnosticList diagnostics;
        if (!RunStore::open(path, OpenMode::ReadWrite, diagnostics))
            return {};
        return schemaOf(path);
    }

private slots:
    void stepsAreConsecutiveUpToTheCurrentVersion()
    {
        int expected = 1;
        for (const SchemaMigration& step : schemaMigrations())
            QCOMPARE(step.toVersion, expected++);
        QCOMPARE(expected - 1, RunStore::kSchemaVersion);
    }

    void newFileIsCreatedAtTheCurrentVersion()
    {
        const QString path = freshPath();
        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), RunStore::kSchemaVersion);
        store.reset();
        QCOMPARE(querySingle(path, "PRAGMA user_version").toInt(), RunStore::kSchemaVersion);
        QCOMPARE(querySingle(path, "PRAGMA application_id").toInt(), RunStore::kApplicationId);
    }

    void emptyFileIsVersionZero()
    {
        const QString path = freshPath();
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), RunStore::kSchemaVersion);
    }

    void migratesFromEveryOlderVersion_data()
    {
        QTest::addColumn<int>("fromVersion");
        for (int v = 0; v < RunStore::kSchemaVersion; ++v)
            QTest::addRow("v%d", v) << v;
    }

    void migratesFromEveryOlderVersion()
    {
        QFETCH(int, fromVersion);
        // Build an older database by replaying the published steps up to fromVersion with
        // Qt Sql, store a run, then let the library migrate it.
        const QString path = freshPath();
        for (const SchemaMigration& step : schemaMigrations()) {
            if (step.toVersion > fromVersion)
                break;
            const QString error =
                runSqlScript(path, QString::fromUtf8(step.sql) +
                                       QString(";PRAGMA user_version = %1;").arg(step.toVersion));
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        QCOMPARE(querySingle(path, "PRAGMA user_version").toInt(), fromVersion);
        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), RunStore::kSchemaVersion);
        const RunRecord record = makeSampleRun(17);
        const RunId id = store->insert(record, diagnostics);
        QVERIFY(id.isValid());
        std::string why;
        QVERIFY2(sameRunContent(record, *store->run(id, diagnostics), &why), why.c_str());
        store.reset();
        QCOMPARE(schemaOf(path), currentSchema());
    }

    void migratesTheFrozenV1FixtureKeepingItsRun()
    {
        const QString path = freshPath();
        const QString error = runSqlScript(path, v1FixtureSql());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(querySingle(path, "PRAGMA user_version").toInt(), 1);

        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY2(store, diagnostics.empty() ? "" : diagnostics.all().front().message.c_str());
        QCOMPARE(store->schemaVersion(), RunStore::kSchemaVersion);
        const auto run = store->run(RunId(7), diagnostics);
        QVERIFY(run);
        QCOMPARE(run->uuid, std::string("0b1c8a52-6a4e-4f53-9d55-5d0e8f7f2a11"));
        QCOMPARE(run->createdAt, QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30, 456), Qt::UTC));
        QCOMPARE(run->label, std::string("v1 run"));
        QCOMPARE(run->engine, RunEngine::Estimator); // added by v2 with its default
        QCOMPARE(run->seed, static_cast<std::uint64_t>(-5));
        QCOMPARE(run->cuts, (std::vector<std::int64_t>{3, 9}));
        QCOMPARE(run->metrics.size(), std::size_t{5});
        QCOMPARE(run->metrics.at("written_bits"), 4096.0);
        QCOMPARE(run->tags, (std::set<std::string>{"old", "paper"}));
        QCOMPARE(run->convergence.size(), std::size_t{2});
        QCOMPARE(run->convergence[1], (ConvergencePoint{1, 8.0, 12.0, 3, 4}));
        QCOMPARE(run->status, RunStatus::Complete);
        // New runs get ids after the old ones.
        QVERIFY(store->insert(makeSampleRun(1), diagnostics).value > 7);
        store.reset();
        // The migrated schema is the one a new database gets: the fixture equals step 1.
        QCOMPARE(schemaOf(path), currentSchema());
    }

    void readOnlyReadsAnOlderVersionWithoutMigrating()
    {
        const QString path = freshPath();
        QVERIFY(runSqlScript(path, v1FixtureSql()).isEmpty());
        const QByteArray before = fileBytes(path);
        DiagnosticList diagnostics;
        {
            auto store = RunStore::open(path, OpenMode::ReadOnly, diagnostics);
            QVERIFY(store);
            QCOMPARE(store->schemaVersion(), 1);
            const auto runs = store->list({}, diagnostics);
            QCOMPARE(runs.size(), std::size_t{1});
            QCOMPARE(runs.front().engine, RunEngine::Estimator);
            QVERIFY(store->run(RunId(7), diagnostics));
        }
        QVERIFY(!diagnostics.hasErrors());
        QCOMPARE(fileBytes(path), before);
    }

    void refusesANewerVersionForWriting()
    {
        const QString path = freshPath();
        DiagnosticList diagnostics;
        {
            auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
            QVERIFY(store);
            QVERIFY(store->insert(makeSampleRun(2), diagnostics).isValid());
        }
        const int newer = RunStore::kSchemaVersion + 1;
        QVERIFY(runSqlScript(path, QString("PRAGMA user_version = %1").arg(newer)).isEmpty());
        // Fold the WAL into the main file so the byte comparison covers everything.
        QVERIFY(runSqlScript(path, "PRAGMA wal_checkpoint(TRUNCATE)").isEmpty());
        const QByteArray before = fileBytes(path);

        QVERIFY(!RunStore::open(path, OpenMode::ReadWrite, diagnostics));
        QCOMPARE(diagnostics.errorCount(), std::size_t{1});
        const Diagnostic& d = diagnostics.all().front();
        QCOMPARE(d.location.file, path.toStdString());
        QVERIFY2(d.message.find("newer COMPASS") != std::string::npos, d.message.c_str());
        QVERIFY(d.message.find(std::to_string(newer)) != std::string::npos);
        QCOMPARE(fileBytes(path), before);

        diagnostics.clear();
        auto readOnly = RunStore::open(path, OpenMode::ReadOnly, diagnostics);
        QVERIFY(readOnly);
        QCOMPARE(readOnly->schemaVersion(), newer);
        QCOMPARE(readOnly->list({}, diagnostics).size(), std::size_t{1});
        QVERIFY(!diagnostics.hasErrors());
        QCOMPARE(diagnostics.all().size(), std::size_t{1}); // the "newer" warning
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigrations)
#include "tst_schema_migrations.moc"
