// SPDX-License-Identifier: MIT
// Monotonic properties of the estimator on hand-built VGG16 and ResNet18.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../core/mapping/graph_builder.h"
#include "core/partition/memoised_cost_model.h"
#include "sim/estimator.h"
#endif

#include <QtTest>

#include <algorithm>
#include <limits>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

using namespace compass;

namespace {

ArchSpec sram(std::int64_t cores, std::int64_t perCore)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = perCore;
    return a;
}

/// Greedy plan: longest valid partitions from the start.
Plan greedyPlan(const Estimator& est)
{
    std::vector<std::int32_t> cuts;
    for (std::int32_t a = est.problem().validity().endMax(0); a < est.unitCount();
         a = est.problem().validity().endMax(a))
        cuts.push_back(a);
    return Plan::fromInnerCuts(cuts, est.unitCount());
}

/// How much of `next`'s weight load runs before `prev` ends, simulated: each load is ready
/// when the latest of its cores is free in `prev` (its slack before the end), and the one
/// channel serves the ready loads in order; the partition cannot start before `prev` ends, so
/// at most the whole load is hidden.
double simulatedOverlapNs(const ReplacementProfile& prev, const ReplacementProfile& next)
{
    if (prev.slackLevels.empty() || next.loadNs.empty())
        return 0.0;
    std::vector<std::pair<double, double>> loads; // (ready, relative to prev's end; ns)
    for (std::size_t k = 0; k < next.loadNs.size(); ++k) {
        double slack = std::numeric_limits<double>::infinity();
        for (std::int32_t i = next.coreBegin[k]; i < next.coreBegin[k + 1]; ++i) {
            const auto c = static_cast<std::size_t>(next.loadCores[static_cast<std::size_t>(i)]);
            const std::int32_t level =
                c < prev.coreLevel.size() ? prev.coreLevel[c] : prev.idleLevel;
            slack = std::min(slack, prev.slackLevels[static_cast<std::size_t>(level)]);
        }
        loads.emplace_back(-slack, next.loadNs[k]);
    }
    std::sort(loads.begin(), loads.end());
    double t = -std::numeric_limits<double>::infinity();
    for (const auto& [ready, ns] : loads)
        t = std::max(t, ready) + ns;
    return std::clamp(next.totalLoadNs - t, 0.0, next.totalLoadNs);
}

} // namespace

class TestEstimatorProperties : public QObject
{
    Q_OBJECT

private slots:
    void moreDramBandwidthNeverIncreasesLatency()
    {
        for (const Graph& g : {testing::buildVgg16(), testing::buildResnet18()}) {
            for (std::int64_t batch : {1, 4, 16}) {
                CostingOptions o;
                o.batchSize = batch;
                double previous = -1.0;
                for (double bw : {3.2, 6.4, 12.8, 25.6, 64.0}) {
                    ArchSpec a = sram(16, 16);
                    a.dramBandwidthGBps = bw;
                    const Estimator est(testing::mapped(g, a, o));
                    const Plan plan = greedyPlan(est);
                    const double latency = est.planCost(plan).latencyPerBatchNs;
                    if (previous >= 0.0)
                        QVERIFY(latency <= previous);
                    previous = latency;
                    // Span by span too.
                    for (std::int32_t a0 = 0; a0 < est.unitCount(); a0 += 7) {
                        ArchSpec faster = a;
                        faster.dramBandwidthGBps = bw * 2.0;
                        const Estimator fast(testing::mapped(g, faster, o));
                        const UnitSpan s{a0, est.problem().validity().endMax(a0)};
                        QVERIFY(fast.partitionCost(s).latencyNs() <=
                                est.partitionCost(s).latencyNs());
                        break; // one span per configuration keeps the test fast
                    }
                }
            }
        }
    }

    void weightReloadEnergyPerInferenceFallsWithBatch()
    {
        const Graph g = testing::buildResnet18();
        double previous = -1.0;
        double mvmPerInference = -1.0;
        for (std::int64_t batch : {1, 2, 4, 8, 16}) {
            CostingOptions o;
            o.batchSize = batch;
            const Estimator est(testing::mapped(g, sram(16, 16), o));
            const PlanCost cost = est.planCost(greedyPlan(est));
            const double reload = (cost.energy.dramWeightPj + cost.energy.crossbarWritePj) /
                                  static_cast<double>(batch);
            if (previous >= 0.0) {
                QVERIFY(reload < previous);
                QVERIFY(std::abs(reload * 2.0 - previous) <= 1e-9 * previous); // exactly 1 / B
            }
            previous = reload;
            // MVM energy per inference does not depend on the batch.
            const double mvm = cost.energy.mvmPj / static_cast<double>(batch);
            if (mvmPerInference >= 0.0)
                QVERIFY(std::abs(mvm - mvmPerInference) <= 1e-9 * mvm);
            mvmPerInference = mvm;
        }
    }

    void partsAddUpAndPlanSumsPartitions()
    {
        const Graph g = testing::buildVgg16();
        CostingOptions o;
        o.batchSize = 8;
        const Estimator est(testing::mapped(g, sram(16, 9), o));
        const Plan plan = greedyPlan(est);
        const PlanCost cost = est.planCost(plan);
        QVERIFY(cost.valid);
        QCOMPARE(static_cast<std::int32_t>(cost.partitions.size()), plan.partitionCount());
        double latency = 0.0;
        double energy = 0.0;
        double weightBytes = 0.0;
        for (const PartitionCost& p : cost.partitions) {
            latency += p.latencyNs();
            energy += p.energyPj();
            weightBytes += p.dramWeightBytes;
            QVERIFY(p.coreUtilization > 0.0 && p.coreUtilization <= 1.0);
            QVERIFY(p.crossbarUtilization > 0.0 && p.crossbarUtilization <= 1.0);
        }
        QVERIFY(std::abs(cost.latencyPerBatchNs - latency) <= 1e-9 * latency);
        QVERIFY(std::abs(cost.energyPerInferencePj * 8.0 - energy) <= 1e-9 * energy);
        // Every weight is loaded exactly once per batch.
        QCOMPARE(weightBytes, static_cast<double>(g.totalWeights()) * 4.0 / 8.0);
    }

    void replicationNeverSlowsCompute()
    {
        const Graph g = testing::buildResnet18();
        CostingOptions with;
        with.batchSize = 16;
        CostingOptions without = with;
        without.replicate = false;
        const Estimator a(testing::mapped(g, sram(16, 16), with));
        const Estimator b(testing::mapped(g, sram(16, 16), without));
        for (std::int32_t s = 0; s < a.unitCount(); s += 5) {
            const UnitSpan span{s, a.problem().validity().endMax(s)};
            QVERIFY(a.partitionCost(span).latency.computeNs <=
                    b.partitionCost(span).latency.computeNs);
        }
    }

    void rowStreamingIsNeverSlowerThanWholeInputLayers()
    {
        // Every span from every 5th unit, on hand-built VGG16 and ResNet18 (strided
        // convolutions, pooling, residual Adds, Flatten and Gemm), batches 1 and 8.
        for (const Graph& g : {testing::buildVgg16(), testing::buildResnet18()}) {
            for (std::int64_t batch : {1, 8}) {
                CostingOptions o;
                o.batchSize = batch;
                ArchSpec row = sram(16, 16);
                ArchSpec layer = row;
                layer.pipelineGranularity = PipelineGranularity::Layer;
                const Estimator rowEst(testing::mapped(g, row, o));
                const Estimator layerEst(testing::mapped(g, layer, o));
                std::int32_t faster = 0;
                for (std::int32_t a0 = 0; a0 < rowEst.unitCount(); a0 += 5) {
                    for (std::int32_t e = a0 + 1; e <= rowEst.problem().validity().endMax(a0);
                         ++e) {
                        const double r = rowEst.partitionCost({a0, e}).latencyNs();
                        const double l = layerEst.partitionCost({a0, e}).latencyNs();
                        QVERIFY(r <= l * (1.0 + 1e-12));
                        faster += r < l * (1.0 - 1e-9) ? 1 : 0;
                    }
                }
                QVERIFY(faster > 0); // streaming changes something
            }
        }
    }

    /// Issue 18: the explorer's memo gives the estimator's costs, costs each span once, and
    /// after a boundary move only the two partitions it touches are new; threads share it.
    void memoisedCostsAreTheEstimatorsAndCostADragTwice()
    {
        const Graph g = testing::buildVgg16();
        CostingOptions o;
        o.batchSize = 4;
        const auto problem = testing::mapped(g, sram(16, 9), o);
        const auto estimator = std::make_shared<Estimator>(problem);
        const MemoisedCostModel memo(estimator);
        const Plan plan = greedyPlan(*estimator);
        QVERIFY(plan.partitionCount() >= 3);
        const PlanCost direct = estimator->planCost(plan);
        const PlanCost first = memo.planCost(plan);
        QCOMPARE(first.latencyPerBatchNs, direct.latencyPerBatchNs);
        QCOMPARE(first.energyPerInferencePj, direct.energyPerInferencePj);
        QCOMPARE(memo.cachedSpans(), static_cast<std::size_t>(plan.partitionCount()));
        // Move the first inner cut one unit left: two new spans, the rest from the memo.
        std::vector<std::int32_t> inner(plan.cuts().begin() + 1, plan.cuts().end() - 1);
        inner[0] -= 1;
        const Plan moved = Plan::fromInnerCuts(inner, plan.unitCount());
        const PlanCost again = memo.planCost(moved);
        QCOMPARE(memo.cachedSpans(), static_cast<std::size_t>(plan.partitionCount()) + 2);
        QCOMPARE(again.latencyPerBatchNs, estimator->planCost(moved).latencyPerBatchNs);
        // Four threads costing the same plans find the same figures.
        std::vector<double> latency(4, 0.0);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < latency.size(); ++t)
            threads.emplace_back([&, t] {
                latency[t] = memo.planCost(t % 2 == 0 ? plan : moved).latencyPerBatchNs;
            });
        for (std::thread& t : threads)
            t.join();
        for (std::size_t t = 0; t < latency.size(); ++t)
            QCOMPARE(latency[t], t % 2 == 0 ? direct.latencyPerBatchNs : again.latencyPerBatchNs);
        QCOMPARE(memo.cachedSpans(), static_cast<std::size_t>(plan.partitionCount()) + 2);
    }

    /// The bounds the exact search prunes early replacement with hold on every pair of
    /// neighbouring valid spans, and the overlap is the one-channel service it stands for,
    /// simulated load by load (simulatedOverlapNs).
    void overlapBoundsHoldOnEveryNeighbourPair()
    {
        for (const Graph& g : {testing::buildVgg16(), testing::buildResnet18()}) {
            for (std::int64_t batch : {1, 8}) {
                CostingOptions o;
                o.batchSize = batch;
                const Estimator est(testing::mapped(g, sram(16, 9), o));
                QVERIFY(est.overlapsPartitions());
                const ValidityMap& validity = est.problem().validity();
                const std::int32_t m = est.unitCount();
                std::vector<std::vector<UnitSpan>> endingAt(static_cast<std::size_t>(m) + 1);
                std::vector<std::vector<ReplacementProfile>> profilesEndingAt(endingAt.size());
                for (std::int32_t a = 0; a < m; ++a) {
                    for (std::int32_t e = a + 1; e <= validity.endMax(a); ++e) {
                        endingAt[static_cast<std::size_t>(e)].push_back({a, e});
                        profilesEndingAt[static_cast<std::size_t>(e)].push_back(
                            est.replacementProfile({a, e}));
                    }
                }
                std::int64_t pairs = 0;
                std::int64_t overlapping = 0;
                std::int64_t tighter = 0;
                for (std::int32_t b = 1; b < m; ++b) {
                    const auto& prevs = profilesEndingAt[static_cast<std::size_t>(b)];
                    for (std::size_t i = 0; i < prevs.size(); ++i) {
                        const ReplacementProfile& prev = prevs[i];
                        QVERIFY(!prev.slackLevels.empty());
                        QVERIFY(prev.maxSlackNs <= prev.slackLevels.front());
                        QVERIFY(prev.busySlackNs <= prev.slackLevels.front());
                        // What no successor can hide: at least the floor the search reads.
                        const UnitSpan span = endingAt[static_cast<std::size_t>(b)][i];
                        QVERIFY(est.partitionCost(span).latencyNs() - prev.slackLevels.front() >=
                                est.latencyLessSlackFloorNs(span) * (1.0 - 1e-12));
                    }
                    for (std::int32_t e = b + 1; e <= validity.endMax(b); ++e) {
                        const ReplacementProfile next = est.replacementProfile({b, e});
                        for (const ReplacementProfile& prev : prevs) {
                            const double s = replacementOverlapNs(prev, next);
                            const double tol = 1e-9 * next.totalLoadNs + 1e-9;
                            const double bound = replacementOverlapBoundNs(prev, next);
                            QVERIFY2(std::abs(s - simulatedOverlapNs(prev, next)) <= tol,
                                     qPrintable(QStringLiteral("cut %1").arg(b)));
                            QVERIFY(s <= bound + tol);
                            QVERIFY(s <= prev.maxSlackNs + tol);
                            QVERIFY(s <= est.overlapCapNs(b) + tol);
                            ++pairs;
                            overlapping += s > 0.0 ? 1 : 0;
                            tighter += bound < std::min(prev.slackLevels.front(), next.totalLoadNs)
                                           ? 1
                                           : 0;
                        }
                    }
                }
                // The check means something: loads do overlap, and the bound is often below
                // the plain min(largest slack, load).
                QVERIFY(overlapping > pairs / 10);
                QVERIFY(tighter > pairs / 10);
            }
        }
    }

    void invalidSpanIsReported()
    {
        const Graph g = testing::buildVgg16();
        const Estimator est(testing::mapped(g, sram(16, 9)));
        const UnitSpan tooLong{0, est.problem().validity().endMax(0) + 1};
        const PartitionCost c = est.partitionCost(tooLong);
        QVERIFY(!c.valid);
        QVERIFY(c.failure != PackingFailure::None);
        const PlanCost plan = est.planCost(Plan::fromInnerCuts({tooLong.end}, est.unitCount()));
        QVERIFY(!plan.valid);
        QCOMPARE(plan.firstInvalidPartition, 0);
    }
};

QTEST_GUILESS_MAIN(TestEstimatorProperties)
#include "tst_estimator_properties.moc"
