// SPDX-License-Identifier: MIT
#include "core/support/diagnostics.h"
#include "sample_runs.h"
#include "store/run_store.h"
#include "writer_output.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace compass;
using namespace compass::testing;

class TestConcurrentWriters : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /// Every reported run is stored with the content its seed gives.
    void verifyCommitted(RunStore& store, const std::vector<CommittedRun>& committed)
    {
        DiagnosticList diagnostics;
        for (const CommittedRun& c : committed) {
            const auto run = store.run(RunId(c.id), diagnostics);
            QVERIFY2(run, qPrintable(QString("run %1 missing").arg(c.id)));
            QCOMPARE(run->uuid, c.uuid);
            std::string why;
            QVERIFY2(sameRunContent(makeSampleRun(c.contentSeed), *run, &why, false), why.c_str());
        }
    }

private slots:
    void twoProcessesInsertHundredRunsEach()
    {
        // Both processes also race to create the database and its schema.
        const QString path = m_dir.filePath("shared.db");
        QProcess a;
        QProcess b;
        a.start(COMPASS_STORE_CRASH_WRITER, {path, "--count", "100", "--seed-base", "1000"});
        b.start(COMPASS_STORE_CRASH_WRITER, {path, "--count", "100", "--seed-base", "2000"});
        QVERIFY(a.waitForFinished(120000));
        QVERIFY(b.waitForFinished(120000));
        QVERIFY2(a.exitCode() == 0, a.readAllStandardError().constData());
        QVERIFY2(b.exitCode() == 0, b.readAllStandardError().constData());
        std::vector<CommittedRun> committed = parseCommitted(a.readAllStandardOutput());
        const std::vector<CommittedRun> second = parseCommitted(b.readAllStandardOutput());
        QCOMPARE(committed.size(), std::size_t{100});
        QCOMPARE(second.size(), std::size_t{100});
        committed.insert(committed.end(), second.begin(), second.end());

        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY(store);
        QCOMPARE(store->count(diagnostics), std::int64_t{200});
        verifyCommitted(*store, committed);
        QVERIFY(store->checkIntegrity(diagnostics));
    }

    void twoConnectionsInOneProcessInterleave()
    {
        const QString path = m_dir.filePath("two-connections.db");
        DiagnosticList diagnostics;
        auto first = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        auto second = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY(first && second);
        std::vector<CommittedRun> committed;
        for (std::uint64_t i = 0; i < 100; ++i) {
            for (RunStore* store : {&*first, &*second}) {
                const std::uint64_t seed = (store == &*first ? 5000 : 6000) + i;
                const RunRecord record = makeSampleRun(seed);
                const RunId id = store->insert(record, diagnostics);
                QVERIFY(id.isValid());
                committed.push_back({id.value, record.uuid, seed});
            }
        }
        // Each connection sees the other's runs.
        QCOMPARE(first->count(diagnostics), std::int64_t{200});
        QCOMPARE(second->count(diagnostics), std::int64_t{200});
        verifyCommitted(*second, committed);
        QVERIFY(!diagnostics.hasErrors());
    }
};

QTEST_GUILESS_MAIN(TestConcurrentWriters)
#include "tst_concurrent_writers.moc"
