// SPDX-License-Identifier: MIT
// The crash harness: a child process inserts runs in a loop and is killed with SIGKILL at
// random moments, 200 times (during start-up, open, migration, inserts and commits). After
// that every run it reported committed must be stored intact, every stored run must be
// complete (a transaction is all or nothing), and PRAGMA integrity_check must pass.
#include "core/support/diagnostics.h"
#include "fixture_database.h"
#include "sample_runs.h"
#include "store/run_store.h"
#include "writer_output.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <random>

using namespace compass;
using namespace compass::testing;

class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void everyCommittedRunSurvivesSigkill()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("crash.db");
        constexpr int kKills = 200;
        std::mt19937 random(20240501);
        std::uniform_int_distribution<int> delayMs(0, 80);

        std::vector<CommittedRun> committed;
        int killedBeforeFirstCommit = 0;
        for (int round = 0; round < kKills; ++round) {
            QProcess writer;
            writer.start(COMPASS_STORE_CRASH_WRITER,
                         {path, "--seed-base", QString::number(round * 100000)});
            QVERIFY(writer.waitForStarted());
            QThread::msleep(static_cast<unsigned long>(delayMs(random)));
            writer.kill(); // SIGKILL
            QVERIFY(writer.waitForFinished());
            // A writer that ended by itself failed: the store must never refuse it here.
            QVERIFY2(writer.exitStatus() == QProcess::CrashExit,
                     writer.readAllStandardError().constData());
            const std::vector<CommittedRun> round_runs =
                parseCommitted(writer.readAllStandardOutput());
            if (round_runs.empty())
                ++killedBeforeFirstCommit;
            committed.insert(committed.end(), round_runs.begin(), round_runs.end());
        }
        qInfo("%d kills, %zu runs reported committed, %d kills before the first commit", kKills,
              committed.size(), killedBeforeFirstCommit);
        QVERIFY(!committed.empty());

        // An independent check first (Qt's SQLite driver), before the library touches it.
        QCOMPARE(querySingle(path, "PRAGMA integrity_check").toString(), QString("ok"));

        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        QVERIFY2(store, diagnostics.empty() ? "" : diagnostics.all().front().message.c_str());
        QVERIFY(store->checkIntegrity(diagnostics));
        for (const CommittedRun& c : committed) {
            const auto run = store->run(RunId(c.id), diagnostics);
            QVERIFY2(run, qPrintable(QString("committed run %1 is missing").arg(c.id)));
            QCOMPARE(run->uuid, c.uuid);
            std::string why;
            QVERIFY2(sameRunContent(makeSampleRun(c.contentSeed), *run, &why, false), why.c_str());
        }
        // Runs committed but killed before their line was printed are complete too.
        RunFilter all;
        const std::vector<RunSummary> stored = store->list(all, diagnostics);
        QVERIFY(stored.size() >= committed.size());
        for (const RunSummary& s : stored) {
            const auto run = store->run(s.id, diagnostics);
            QVERIFY(run);
            const std::uint64_t seed = std::stoull(run->label.substr(4)); // "run <seed>"
            std::string why;
            QVERIFY2(sameRunContent(makeSampleRun(seed), *run, &why, false), why.c_str());
        }
        QVERIFY(!diagnostics.hasErrors());
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crash_recovery.moc"
