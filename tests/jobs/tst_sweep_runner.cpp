// SPDX-License-Identifier: MIT
// The sweep runner: every configuration is stored once under its uuid, a rerun resumes, the
// results do not depend on the job count, progress and results reach the calling thread,
// cancel stops a search that would not end and stores nothing of it, and the CSV has a row
// per stored configuration.
#include "core/support/diagnostics.h"
#include "jobs/sweep_csv.h"
#include "jobs/sweep_runner.h"
#include "store/run_store.h"
#include "test_problems.h"
#include "tests/store/stored_runs.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace compass;
using namespace compass::jobs;

namespace {

/// squeezenet1_1 on sram-M: 2 batches x (greedy + layerwise + ga x 2 seeds) = 8 configurations.
Sweep smallSweep()
{
    SweepSpec spec = test::specFor(test::problemFor("squeezenet1_1", "sram-M", 1), "small");
    spec.batches = {1, 4};
    spec.methods = {SearchMethod::Greedy, SearchMethod::Layerwise, SearchMethod::Genetic};
    spec.seeds = {1, 2};
    spec.genetic.population = 12;
    spec.genetic.elite = 4;
    spec.genetic.generations = 3;
    return expandSweep(std::move(spec));
}

/// uuid -> (status, cuts, metrics) of every run in a database.
std::map<std::string, std::tuple<RunStatus, std::vector<std::int64_t>, RunMetrics>>
results(const QString& db)
{
    std::map<std::string, std::tuple<RunStatus, std::vector<std::int64_t>, RunMetrics>> map;
    for (const RunRecord& r : test::storedRuns(db))
        map[r.uuid] = {r.status, r.cuts, r.metrics};
    return map;
}

SweepSummary sweepInto(const Sweep& sweep, const QString& db, std::size_t jobs,
                       const SweepControl& control = {})
{
    DiagnosticList diagnostics;
    auto store = RunStore::open(db, OpenMode::ReadWrite, diagnostics);
    if (!store)
        return {};
    SweepRunOptions options;
    options.jobs = jobs;
    return runSweep(sweep, sweep.allIndices(), &*store, options, control, diagnostics);
}

} // namespace

class TestSweepRunner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void storesEveryConfigurationOnceUnderItsUuid()
    {
        const Sweep sweep = smallSweep();
        QCOMPARE(sweep.configs.size(), std::size_t{8});
        const QString db = m_dir.filePath("once.db");
        const SweepSummary summary = sweepInto(sweep, db, 2);
        QCOMPARE(summary.configurations, std::size_t{8});
        QCOMPARE(summary.ran, std::size_t{8});
        QCOMPARE(summary.stored, std::size_t{8});
        QCOMPARE(summary.skipped, std::size_t{0});
        QVERIFY(!summary.cancelled && !summary.storeFailed);
        const auto stored = results(db);
        QCOMPARE(stored.size(), std::size_t{8});
        for (const SweepConfig& c : sweep.configs) {
            QVERIFY(stored.count(c.uuid));
            QCOMPARE(std::get<0>(stored.at(c.uuid)), RunStatus::Complete);
        }
        DiagnosticList diagnostics;
        auto store = RunStore::open(db, OpenMode::ReadOnly, diagnostics);
        RunFilter filter;
        filter.tag = "sweep:small";
        QCOMPARE(store->list(filter, diagnostics).size(), std::size_t{8});
    }

    void rerunResumesWhereItStopped()
    {
        const Sweep sweep = smallSweep();
        const QString db = m_dir.filePath("resume.db");
        DiagnosticList diagnostics;
        {
            // Half of it first (a shard), then the whole: only the other half runs.
            auto store = RunStore::open(db, OpenMode::ReadWrite, diagnostics);
            QVERIFY(store);
            const std::vector<std::size_t> half{0, 2, 4, 6};
            const SweepSummary first =
                runSweep(sweep, half, &*store, {}, SweepControl{}, diagnostics);
            QCOMPARE(first.stored, std::size_t{4});
        }
        const SweepSummary whole = sweepInto(sweep, db, 2);
        QCOMPARE(whole.skipped, std::size_t{4});
        QCOMPARE(whole.ran, std::size_t{4});
        QCOMPARE(whole.stored, std::size_t{4});
        QCOMPARE(sweepInto(sweep, db, 2).ran, std::size_t{0});

        // Without resume every configuration runs again, and none is stored twice.
        auto store = RunStore::open(db, OpenMode::ReadWrite, diagnostics);
        SweepRunOptions again;
        again.resume = false;
        const SweepSummary rerun =
            runSweep(sweep, sweep.allIndices(), &*store, again, SweepControl{}, diagnostics);
        QCOMPARE(rerun.ran, std::size_t{8});
        QCOMPARE(rerun.stored, std::size_t{0});
        QCOMPARE(rerun.alreadyStored, std::size_t{8});
        QCOMPARE(store->count(diagnostics), std::int64_t{8});
        QVERIFY(!diagnostics.hasErrors());
    }

    void resultsDoNotDependOnTheJobCount()
    {
        const Sweep sweep = smallSweep();
        sweepInto(sweep, m_dir.filePath("one.db"), 1);
        sweepInto(sweep, m_dir.filePath("two.db"), 2);
        const auto one = results(m_dir.filePath("one.db"));
        QCOMPARE(one.size(), std::size_t{8});
        QVERIFY(one == results(m_dir.filePath("two.db")));
    }

    void progressAndResultsReachTheCallingThread()
    {
        const Sweep sweep = smallSweep();
        std::vector<std::size_t> finishedCounts;
        std::vector<std::size_t> delivered;
        bool onCaller = true;
        QThread* caller = QThread::currentThread();
        SweepControl control;
        control.progress = [&](const SweepProgress& p) {
            onCaller = onCaller && QThread::currentThread() == caller;
            QCOMPARE(p.total, std::size_t{8});
            finishedCounts.push_back(p.finished);
        };
        control.finished = [&](const SweepRun& run) {
            onCaller = onCaller && QThread::currentThread() == caller;
            QVERIFY(run.record.id.isValid()); // stored before it is handed over
            QCOMPARE(run.record.uuid, sweep.configs[run.index].uuid);
            delivered.push_back(run.index);
        };
        const SweepSummary summary = sweepInto(sweep, m_dir.filePath("progress.db"), 2, control);
        QCOMPARE(summary.ran, std::size_t{8});
        QVERIFY(onCaller);
        QVERIFY(std::is_sorted(finishedCounts.begin(), finishedCounts.end()));
        QCOMPARE(finishedCounts.back(), std::size_t{8});
        std::sort(delivered.begin(), delivered.end());
        QCOMPARE(delivered, sweep.allIndices());
    }

    void cancelStopsAndStoresNothingCutShort()
    {
        // Two searches that would not end: only the cancel flag stops them.
        const SearchOptions ga = test::endlessGa();
        SweepSpec spec = test::specFor(test::problemFor("resnet18", "sram-M", 1), "endless");
        spec.methods = {SearchMethod::Genetic};
        spec.seeds = {1, 2};
        spec.genetic = ga.genetic;
        const Sweep sweep = expandSweep(std::move(spec));
        std::atomic<bool> cancel{false};
        std::atomic<int> generations{0};
        SweepControl control;
        control.cancel = &cancel;
        control.searchProgress = [&](std::size_t, const SearchProgress& p) {
            if (p.generation >= 0 && ++generations == 2)
                cancel.store(true); // from a worker thread, as a SIGINT handler would
        };
        const QString db = m_dir.filePath("cancel.db");
        const SweepSummary summary = sweepInto(sweep, db, 2, control);
        QVERIFY(summary.cancelled);
        QCOMPARE(summary.ran, std::size_t{0});
        QVERIFY(generations >= 2);
        QVERIFY(results(db).empty());
    }

    void csvHasARowPerStoredConfiguration()
    {
        const Sweep sweep = smallSweep();
        const QString db = m_dir.filePath("csv.db");
        sweepInto(sweep, db, 2);
        DiagnosticList diagnostics;
        auto store = RunStore::open(db, OpenMode::ReadOnly, diagnostics);
        const std::vector<std::size_t> slice{1, 3, 5};
        const QString csv =
            sweepCsv(sweep, slice, storedSweepRuns(*store, sweep, slice, diagnostics));
        const QStringList lines = csv.split('\n');
        QCOMPARE(lines.size(), 3 + 2); // header, rows, final empty
        QCOMPARE(lines[0],
                 QStringLiteral("config,uuid,run_id,model,model_sha256,arch,set,arch_hash,batch,"
                                "method,objective,seed,status,partitions,cuts,"
                                "latency_per_batch_ns,throughput_ips,energy_per_inference_pj,"
                                "edp_pj_s,dram_weight_bytes,dram_activation_bytes,written_bits,"
                                "core_utilization,objective_value,runtime_ms"));
        QVERIFY(lines[1].startsWith("1," + QString::fromStdString(sweep.configs[1].uuid) + ","));
        QVERIFY(lines[3].startsWith("5,"));
        // Only stored configurations have rows.
        QCOMPARE(sweepCsv(sweep, slice, {}).count('\n'), 1);

        QVERIFY(writeSweepCsv(m_dir.filePath("out.csv"), csv, diagnostics));
        QVERIFY(!writeSweepCsv(m_dir.filePath("no/such/folder/out.csv"), csv, diagnostics));
        QVERIFY(diagnostics.all().back().location.file.find("out.csv") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSweepRunner)
#include "tst_sweep_runner.moc"
