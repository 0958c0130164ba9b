// SPDX-License-Identifier: MIT
#include "core/support/diagnostics.h"
#include "fixture_database.h"
#include "sample_runs.h"
#include "store/run_store.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace compass;
using compass::testing::makeSampleRun;
using compass::testing::sameRunContent;

namespace {

std::string firstMessage(const DiagnosticList& list)
{
    return list.all().empty() ? std::string() : list.all().front().message;
}

} // namespace

class TestRunStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshPath() { return m_dir.filePath(QString("runs-%1.db").arg(++m_counter)); }

    RunStore openFresh()
    {
        DiagnosticList diagnostics;
        auto store = RunStore::open(freshPath(), OpenMode::ReadWrite, diagnostics);
        if (!store)
            qFatal("cannot open a fresh store: %s", firstMessage(diagnostics).c_str());
        return std::move(*store);
    }

private slots:
    void roundTripsEveryField()
    {
        RunStore store = openFresh();
        DiagnosticList diagnostics;
        RunRecord record = makeSampleRun(7);
        record.seed = std::numeric_limits<std::uint64_t>::max() - 3; // above INT64_MAX
        record.metrics["nan_metric"] = std::numeric_limits<double>::quiet_NaN();
        record.metrics["inf_metric"] = std::numeric_limits<double>::infinity();
        record.convergence.push_back({9, 1.5, std::numeric_limits<double>::quiet_NaN(), 2, 7});
        record.notes = "ünïcode notes ✓ and \"quotes\"";
        record.tags = {"a", "b c", "ß"};
        record.status = RunStatus::Cancelled;
        record.engine = RunEngine::Event;
        const RunId id = store.insert(record, diagnostics);
        QVERIFY2(id.isValid(), firstMessage(diagnostics).c_str());
        const auto loaded = store.run(id, diagnostics);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->id, id);
        std::string why;
        QVERIFY2(sameRunContent(record, *loaded, &why), why.c_str());
        QVERIFY(std::isnan(loaded->metrics.at("nan_metric")));
        QCOMPARE(loaded->seed, std::numeric_limits<std::uint64_t>::max() - 3);
    }

    void generatesUuidAndTimeWhenMissing()
    {
        RunStore store = openFresh();
        DiagnosticList diagnostics;
        RunRecord record = makeSampleRun(1);
        record.uuid.clear();
        record.createdAt = QDateTime();
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        const RunId id = store.insert(record, diagnostics);
        const auto loaded = store.run(id, diagnostics);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->uuid.size(), std::size_t{36});
        QVERIFY(loaded->createdAt >= before);
        QVERIFY(loaded->createdAt <= QDateTime::currentDateTimeUtc().addSecs(1));
        QCOMPARE(store.findByUuid(loaded->uuid, diagnostics), std::optional<RunId>(id));
    }

    void rejectsDuplicateUuid()
    {
        RunStore store = openFresh();
        DiagnosticList diagnostics;
        const RunRecord record = makeSampleRun(2);
        QVERIFY(store.insert(record, diagnostics).isValid());
        QVERIFY(!store.insert(record, diagnostics).isValid());
        QVERIFY(diagnostics.hasErrors());
        QVERIFY(firstMessage(diagnostics).find(record.uuid) != std::string::npos);
        QCOMPARE(store.count(diagnostics), std::int64_t{1});
    }

    void listsWithFilters()
    {
        RunStore store = openFresh();
        DiagnosticList diagnostics;
        std::vector<RunRecord> records;
        for (std::uint64_t seed = 100; seed < 140; ++seed) {
            records.push_back(makeSampleRun(seed));
            records.back().id = store.insert(records.back(), diagnostics);
            QVERIFY(records.back().id.isValid());
        }
        const auto expectIds = [&](const RunFilter& filter, auto predicate) {
            DiagnosticList d;
            const std::vector<RunSummary> got = store.list(filter, d);
            QVERIFY(!d.hasErrors());
            std::vector<RunId> want;
            for (auto it = records.rbegin(); it != records.rend(); ++it) {
                if (predicate(*it))
                    want.push_back(it->id);
            }
            std::vector<RunId> ids;
            for (const RunSummary& s : got)
                ids.push_back(s.id);
            QCOMPARE(ids, want);
        };
        expectIds(RunFilter{}, [](const RunRecord&) { return true; });
        RunFilter byModel;
        byModel.modelName = "vgg16";
        expectIds(byModel, [](const RunRecord& r) { return r.modelName == "vgg16"; });
        RunFilter byModelArch;
        byModelArch.modelName = "resnet18";
        byModelArch.archName = "small-chip";
        expectIds(byModelArch, [](const RunRecord& r) {
            return r.modelName == "resnet18" && r.archName == "small-chip";
        });
        RunFilter byTag;
        byTag.tag = "sweep-2";
        expectIds(byTag, [](const RunRecord& r) { return r.tags.count("sweep-2") > 0; });
        RunFilter byStatus;
        byStatus.status = RunStatus::Failed;
        byStatus.method = PlanMethod::Genetic;
        expectIds(byStatus, [](const RunRecord& r) {
            return r.status == RunStatus::Failed && r.method == PlanMethod::Genetic;
        });
        RunFilter byEngine;
        byEngine.engine = RunEngine::Event;
        expectIds(byEngine, [](const RunRecord& r) { return r.engine == RunEngine::Event; });
        RunFilter since;
        since.since = records[10].createdAt;
        expectIds(since, [&](const RunRecord& r) { return r.createdAt >= records[10].createdAt; });

        RunFilter limited;
        limited.limit = 5;
        limited.oldestFirst = true;
        const auto first = store.list(limited, diagnostics);
        QCOMPARE(first.size(), std::size_t{5});
        QCOMPARE(first.front().id, records.front().id);
        // Summary columns mirror the record.
        const RunRecord& r = records.front();
        QCOMPARE(first.front().uuid, r.uuid);
        QCOMPARE(first.front().partitionCount, static_cast<std::int64_t>(r.cuts.size() + 1));
        QCOMPARE(first.front().latencyPerBatchNs, r.metricValue(metric::kLatencyPerBatchNs));
        QCOMPARE(first.front().edpPjS, r.metricValue(metric::kEdpPjS));
        QCOMPARE(first.front().tags, r.tags);
        QCOMPARE(first.front().engine, r.engine);
    }

    void deletesAllOrNothing()
    {
        RunStore store = openFresh();
        DiagnosticList diagnostics;
        const RunId a = store.insert(makeSampleRun(1), diagnostics);
        const RunId b = store.insert(makeSampleRun(2), diagnostics);
        const RunId c = store.insert(makeSampleRun(3), diagnostics);
        QVERIFY(!store.remove({a, RunId(999)}, diagnostics));
        QVERIFY(firstMessage(diagnostics).find("999") != std::string::npos);
        QCOMPARE(store.count(diagnostics), std::int64_t{3});
        diagnostics.clear();
        QVERIFY(store.remove({a, c}, diagnostics));
        QCOMPARE(store.count(diagnostics), std::int64_t{1});
        QVERIFY(!store.run(a, diagnostics).has_value());
        QVERIFY(store.run(b, diagnostics).has_value());
        // Ids are never reused after a delete.
        const RunId d = store.insert(makeSampleRun(4), diagnostics);
        QVERIFY(d.value > c.value);
    }

    void deleteRemovesChildRows()
    {
        const QString path = freshPath();
        {
            DiagnosticList diagnostics;
            auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
            QVERIFY(store);
            const RunId a = store->insert(makeSampleRun(5), diagnostics);
            QVERIFY(store->remove({a}, diagnostics));
        }
        auto db = QSqlDatabase::addDatabase("QSQLITE", "children");
        db.setDatabaseName(path);
        QVERIFY(db.open());
        for (const char* table : {"run_metrics", "run_tags", "run_convergence"}) {
            QSqlQuery q(QString("SELECT count(*) FROM %1").arg(table), db);
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase("children");
    }

    void unknownStatusIsShownAsFailedWithAWarning()
    {
        const QString path = freshPath();
        RunId id;
        {
            DiagnosticList diagnostics;
            auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
            QVERIFY(store);
            id = store->insert(makeSampleRun(6), diagnostics);
            QVERIFY(id.isValid());
        }
        // A later COMPASS (with a wider CHECK) wrote a status this build does not know.
        QCOMPARE(testing::runSqlScript(path, QString("PRAGMA ignore_check_constraints = ON;"
                                                     "UPDATE runs SET status = 'exploded' "
                                                     "WHERE id = %1;")
                                                 .arg(id.value)),
                 QString());
        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadOnly, diagnostics);
        QVERIFY(store);
        const std::optional<RunRecord> run = store->run(id, diagnostics);
        QVERIFY(run);
        QCOMPARE(run->status, RunStatus::Failed);
        QVERIFY(!diagnostics.hasErrors());
        bool warned = false;
        for (const Diagnostic& d : diagnostics.all())
            warned = warned || (d.severity == Severity::Warning &&
                                d.message.find("exploded") != std::string::npos);
        QVERIFY(warned);
    }

    void editsNotesTagsAndLabel()
    {
        RunStore store = openFresh();
        DiagnosticList diagnostics;
        const RunId id = store.insert(makeSampleRun(11), diagnostics);
        QVERIFY(store.setNotes(id, "best so far", diagnostics));
        QVERIFY(store.setTags(id, {"keep", "paper-fig-3"}, diagnostics));
        QVERIFY(store.rename(id, "baseline", diagnostics));
        auto loaded = store.run(id, diagnostics);
        QCOMPARE(loaded->notes, std::string("best so far"));
        QCOMPARE(loaded->tags, (std::set<std::string>{"keep", "paper-fig-3"}));
        QCOMPARE(loaded->label, std::string("baseline"));
        QVERIFY(store.setTags(id, {}, diagnostics));
        QVERIFY(store.run(id, diagnostics)->tags.empty());
        QVERIFY(!diagnostics.hasErrors());
        QVERIFY(!store.setNotes(RunId(4242), "x", diagnostics));
        QVERIFY(!store.setTags(RunId(4242), {"x"}, diagnostics));
        QVERIFY(!store.rename(RunId(4242), "x", diagnostics));
        QCOMPARE(diagnostics.errorCount(), std::size_t{3});
    }

    void usesWalAndReopensReadOnly()
    {
        const QString path = freshPath();
        DiagnosticList diagnostics;
        RunId id;
        {
            auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
            QVERIFY(store);
            QCOMPARE(store->journalMode(), std::string("wal"));
            QCOMPARE(store->schemaVersion(), RunStore::kSchemaVersion);
            id = store->insert(makeSampleRun(3), diagnostics);
        }
        const QByteArray before = [&] {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        auto readOnly = RunStore::open(path, OpenMode::ReadOnly, diagnostics);
        QVERIFY(readOnly);
        QVERIFY(readOnly->isReadOnly());
        QVERIFY(readOnly->run(id, diagnostics).has_value());
        QVERIFY(!diagnostics.hasErrors());
        QVERIFY(!readOnly->insert(makeSampleRun(4), diagnostics).isValid());
        QVERIFY(!readOnly->remove({id}, diagnostics));
        QVERIFY(readOnly->checkIntegrity(diagnostics));
        readOnly.reset();
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void readOnlyNeedsAnExistingFile()
    {
        DiagnosticList diagnostics;
        const QString path = m_dir.filePath("missing.db");
        QVERIFY(!RunStore::open(path, OpenMode::ReadOnly, diagnostics));
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(diagnostics.all().front().location.file, path.toStdString());
    }

    void createsMissingFolders()
    {
        DiagnosticList diagnostics;
        const QString path = m_dir.filePath("deep/er/runs.db");
        QVERIFY(RunStore::open(path, OpenMode::ReadWrite, diagnostics));
        QVERIFY(QFileInfo::exists(path));
    }

    void mergesWithoutDuplicates()
    {
        RunStore a = openFresh();
        RunStore b = openFresh();
        RunStore all = openFresh();
        DiagnosticList diagnostics;
        const RunRecord shared = makeSampleRun(50);
        QVERIFY(a.insert(shared, diagnostics).isValid());
        QVERIFY(b.insert(shared, diagnostics).isValid());
        for (std::uint64_t s = 51; s < 54; ++s)
            QVERIFY(a.insert(makeSampleRun(s), diagnostics).isValid());
        for (std::uint64_t s = 60; s < 62; ++s)
            QVERIFY(b.insert(makeSampleRun(s), diagnostics).isValid());
        auto first = all.mergeFrom(a, diagnostics);
        QVERIFY(first);
        QCOMPARE(first->added, std::int64_t{4});
        QCOMPARE(first->skipped, std::int64_t{0});
        auto second = all.mergeFrom(b, diagnostics);
        QVERIFY(second);
        QCOMPARE(second->added, std::int64_t{2});
        QCOMPARE(second->skipped, std::int64_t{1});
        auto again = all.mergeFrom(a, diagnostics);
        QCOMPARE(again->added, std::int64_t{0});
        QCOMPARE(all.count(diagnostics), std::int64_t{6});
        const auto id = all.findByUuid(shared.uuid, diagnostics);
        QVERIFY(id);
        std::string why;
        QVERIFY2(sameRunContent(shared, *all.run(*id, diagnostics), &why), why.c_str());
    }

    void defaultPathFollowsXdgDataHome()
    {
        const QByteArray saved = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", m_dir.path().toUtf8());
        const QString path = defaultRunStorePath();
        if (saved.isEmpty())
            qunsetenv("XDG_DATA_HOME");
        else
            qputenv("XDG_DATA_HOME", saved);
        QCOMPARE(path, m_dir.path() + "/compass/runs.db");
    }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_run_store.moc"
