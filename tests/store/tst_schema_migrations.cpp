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

QString fixtureSql(const char* name)
{
    QFile file(QStringLiteral(COMPASS_STORE_FIXTURE_DIR "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
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

    void migratesTheFrozenV3FixtureGivingItsRunNoImportOptions()
    {
        // The schema before the import options, with a run: v4 adds the column, the old run
        // reads as imported as written, and a new run keeps its options beside it.
        const QString path = freshPath();
        const QString error = runSqlScript(path, fixtureSql("schema_v3.sql"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(querySingle(path, "PRAGMA user_version").toInt(), 3);

        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY2(store, diagnostics.empty() ? "" : diagnostics.all().front().message.c_str());
        QCOMPARE(store->schemaVersion(), 4);
        QCOMPARE(querySingle(path, "PRAGMA user_version").toInt(), 4);
        const auto old = store->run(RunId(12), diagnostics);
        QVERIFY(old);
        QVERIFY(!diagnostics.hasErrors());
        QCOMPARE(old->label, std::string("v3 run"));
        QCOMPARE(old->archChanges, std::string("dram.bandwidth_GBps=25.6"));
        QCOMPARE(old->cuts, (std::vector<std::int64_t>{5}));
        QVERIFY(old->importOptions.isDefault());
        QCOMPARE(querySingle(path, "SELECT import_options_json FROM runs WHERE id = 12").toString(),
                 QStringLiteral("{}"));

        RunRecord vit = makeSampleRun(3);
        vit.importOptions.inputShapes = {{"pixel_values", {1, 3, 224, 224}}};
        vit.importOptions.weightsFromInputs = true;
        const RunId id = store->insert(vit, diagnostics);
        QVERIFY(id.value > 12);
        const auto back = store->run(id, diagnostics);
        QVERIFY(back);
        QCOMPARE(back->importOptions, vit.importOptions);
        store.reset();
        QCOMPARE(schemaOf(path), currentSchema());
    }

    void damagedImportOptionsAreAnErrorNamingTheRun_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("says");
        QTest::newRow("not json") << "{input_shapes"
                                  << "not JSON";
        QTest::newRow("array") << "[1, 2]"
                               << "not a JSON object";
        QTest::newRow("zero dim") << R"({"input_shapes": {"x": [1, 0]}})"
                                  << "import_options_json.input_shapes.x[1]";
        QTest::newRow("flag") << R"({"weights_from_inputs": "yes"})"
                              << "import_options_json.weights_from_inputs";
    }

    void damagedImportOptionsAreAnErrorNamingTheRun()
    {
        QFETCH(QString, stored);
        QFETCH(QString, says);
        const QString path = freshPath();
        DiagnosticList diagnostics;
        RunId id;
        {
            auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
            QVERIFY(store);
            id = store->insert(makeSampleRun(4), diagnostics);
            QVERIFY(id.isValid());
        }
        QString update = stored;
        update.replace("'", "''");
        QVERIFY(
            runSqlScript(path, QString("UPDATE runs SET import_options_json = '%1' WHERE id = %2")
                                   .arg(update)
                                   .arg(id.value))
                .isEmpty());
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY(store);
        QVERIFY(!store->run(id, diagnostics));
        QVERIFY(diagnostics.hasErrors());
        const Diagnostic& d = diagnostics.all().back();
        const std::string text = formatDiagnostic(d);
        QVERIFY2(text.find("run " + std::to_string(id.value) + " has damaged import options") !=
                     std::string::npos,
                 text.c_str());
        QVERIFY2(text.find(says.toStdString()) != std::string::npos, text.c_str());
        QCOMPARE(d.location.file, path.toStdString());
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
