// SPDX-License-Identifier: MIT
// The batch sweep ("Sweep batches", `compass chart batch-sweep`): each point is the plan a
// single run at that batch finds, and with a store its runs are stored like a sweep's (once
// per configuration).
#include "jobs/run_jobs.h"
#include "store/run_store.h"
#include "test_problems.h"

#include <QTemporaryDir>
#include <QTest>

using namespace compass;
using namespace compass::jobs;

namespace {

SearchOptions smallGa()
{
    SearchOptions o;
    o.objective = Objective::Edp;
    o.seed = 7;
    o.genetic.population = 12;
    o.genetic.elite = 4;
    o.genetic.generations = 3;
    return o;
}

BatchSweepRequest requestFor(const RunProblem& problem)
{
    BatchSweepRequest request;
    request.problem = problem;
    request.base = smallGa();
    request.methods = {SearchMethod::Greedy, SearchMethod::Genetic, SearchMethod::Exact};
    request.batches = {1, 4, 16};
    request.reloadMethod = SearchMethod::Genetic;
    return request;
}

std::size_t storedRuns(const QString& db, const std::string& tag)
{
    DiagnosticList diagnostics;
    auto store = RunStore::open(db, OpenMode::ReadOnly, diagnostics);
    RunFilter filter;
    filter.tag = tag;
    return store ? store->list(filter, diagnostics).size() : 0;
}

} // namespace

class TestBatchSweep : public QObject
{
    Q_OBJECT

private:
    RunProblem m_problem;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        m_problem = test::problemFor("squeezenet1_1", "sram-M", 1);
        QVERIFY(m_problem.isValid());
    }

    void eachPointIsTheSingleRunsPlan()
    {
        const BatchSweepRequest request = requestFor(m_problem);
        const BatchSweepResult result = runBatchSweep(request);
        QVERIFY(!result.cancelled);
        QCOMPARE(result.points.size(), std::size_t{9});
        QCOMPARE(result.stored, std::size_t{0}); // no store given
        // Batch order, then the request's method order.
        QCOMPARE(result.points[0].batch, std::int64_t{1});
        QCOMPARE(result.points[1].method, SearchMethod::Genetic);
        QCOMPARE(result.points[8].batch, std::int64_t{16});
        for (SearchMethod m : request.methods) {
            for (std::int64_t batch : request.batches) {
                RunProblem at = m_problem;
                at.problem = m_problem.problem->withBatchSize(batch);
                SearchOptions options = request.base;
                options.method = m;
                const SearchResult single = runSearchJob(at, options);
                const BatchSweepResult::Point* p = result.find(m, batch);
                QVERIFY(p);
                QCOMPARE(p->cost.batchSize, batch);
                QCOMPARE(p->cost.throughputIps, single.cost.throughputIps);
                QCOMPARE(p->cost.edpPjS, single.cost.edpPjS);
                QCOMPARE(p->cost.energy.mvmPj, single.cost.energy.mvmPj);
                QCOMPARE(p->runId, qint64{-1});
            }
        }
    }

    void runsAreStoredOncePerConfiguration()
    {
        BatchSweepRequest request = requestFor(m_problem);
        request.storePath = m_dir.filePath("runs.db");
        const BatchSweepResult first = runBatchSweep(request);
        QVERIFY2(first.storeError.isEmpty(), qPrintable(first.storeError));
        QCOMPARE(first.stored, std::size_t{9});
        for (const BatchSweepResult::Point& p : first.points)
            QVERIFY(p.runId > 0);
        QCOMPARE(storedRuns(request.storePath, "sweep:batches"), std::size_t{9});

        // Sweeping again computes every point (the charts need the full costs) and stores
        // nothing twice.
        const BatchSweepResult again = runBatchSweep(request);
        QCOMPARE(again.points.size(), std::size_t{9});
        QCOMPARE(again.stored, std::size_t{0});
        QCOMPARE(again.alreadyStored, std::size_t{9});
        QCOMPARE(storedRuns(request.storePath, "sweep:batches"), std::size_t{9});
    }

    void withoutAModelFileNothingIsStored()
    {
        BatchSweepRequest request = requestFor(m_problem);
        request.problem.modelPath.clear();
        request.storePath = m_dir.filePath("nofile.db");
        const BatchSweepResult result = runBatchSweep(request);
        QCOMPARE(result.points.size(), std::size_t{9});
        QCOMPARE(result.stored, std::size_t{0});
        QVERIFY(!QFileInfo::exists(request.storePath));
    }

    void reloadMethodRunsWhenNotSwept()
    {
        BatchSweepRequest request = requestFor(m_problem);
        request.methods = {SearchMethod::Greedy};
        request.reloadMethod = SearchMethod::Layerwise;
        const BatchSweepResult result = runBatchSweep(request);
        QCOMPARE(result.points.size(), std::size_t{6});
        QVERIFY(result.find(SearchMethod::Layerwise, 16));
    }

    void cancelBeforeTheStartRunsNothing()
    {
        std::atomic<bool> cancel{true};
        SearchControl control;
        control.cancel = &cancel;
        const BatchSweepResult result = runBatchSweep(requestFor(m_problem), control);
        QVERIFY(result.cancelled);
        QVERIFY(result.points.empty());
    }
};

QTEST_GUILESS_MAIN(TestBatchSweep)
#include "tst_batch_sweep.moc"
