// SPDX-License-Identifier: MIT
// Energy charged by activity, in both engines: control power only while a core executes an
// instruction, DRAM background and refresh power only while the DRAM transfers, leakage over
// the latency; and the crossbar wear of a plan. The figures are worked out in the comments
// from docs/cost-model.md and docs/event-simulator.md, not taken from the code.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../core/mapping/graph_builder.h"
#include "core/pipeline/pipelines.h"
#include "core/support/diagnostics.h"
#include "sim/estimator.h"
#include "sim/event/event_simulator.h"
#endif

#include <QtTest>

#include <cmath>
#include <limits>

using namespace compass;

namespace {

/// input(256) -> fc1 (256 -> 64) -> fc2 (64 -> 64): one crossbar each (4-bit weights in
/// 1-bit cells: 64 x 4 = 256 columns), one crossbar per core, so fc1 runs on core 0 and fc2 on
/// core 1; any further core idles.
Graph chain()
{
    testing::GraphBuilder b("chain");
    b.output(b.gemm("fc2", b.gemm("fc1", b.input(256), 64), 64));
    return b.take();
}

ArchSpec chainArch(std::int64_t cores)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = 1;
    a.controlPowerMw = 8.0;
    a.staticPowerMw = 0.0;
    return a;
}

std::shared_ptr<const MappedProblem> problemOf(const ArchSpec& a, std::int64_t batch = 1)
{
    CostingOptions o;
    o.batchSize = batch;
    o.replicate = false;
    return testing::mapped(chain(), a, o);
}

EventSimResult simulated(const std::shared_ptr<const MappedProblem>& problem, const Plan& plan)
{
    DiagnosticList d;
    const std::optional<Program> program = schedulePlan(problem, plan, {}, d);
    if (!program)
        return {};
    return EventSimulator(*problem).run(*program, d);
}

void compareNear(double actual, double expected, const char* what)
{
    QVERIFY2(std::abs(actual - expected) <= 1e-9 * std::max(1.0, std::abs(expected)),
             qPrintable(QString("%1: %2, expected %3")
                            .arg(what)
                            .arg(actual, 0, 'g', 15)
                            .arg(expected, 0, 'g', 15)));
}

} // namespace

class TstEnergyAccounting : public QObject
{
    Q_OBJECT

private slots:
    void controlIsChargedPerBusyCoreInBothEngines()
    {
        // Busy time, summed over the cores: fc1's MVM on core 0 and fc2's on core 1, one
        // crossbar for tMvm each (one vector per input, batch 1), each core's only crossbar
        // (an MVM charges 1 / K of its core's control); two crossbar writes of 256 rows x 1 ns;
        // fc1's 64 x 4-bit output (32 B) sent from core 0 to core 1 at 25.6 B/ns = 1.25 ns;
        // no VFU work (no activations, one row chunk). Control = 8 mW x that time. The third
        // core executes nothing and is charged nothing: 2 and 3 cores give the same energy
        // (the old rule, latency x cores x 8 mW, charged the idle core too).
        for (std::int64_t cores : {2, 3}) {
            const ArchSpec a = chainArch(cores);
            const auto problem = problemOf(a);
            const Estimator est(problem);
            QCOMPARE(est.unitCount(), 2);
            const Plan plan = Plan::fromInnerCuts({}, 2);
            const double busyNs = 2.0 * a.mvmLatencyNs() + 2.0 * 256.0 + 1.25;
            const PlanCost c = est.planCost(plan);
            QVERIFY(c.valid);
            compareNear(c.energy.controlPj, 8.0 * busyNs, "estimator control");
            compareNear(c.energy.staticPj, 0.0, "estimator static");
            const EventSimResult r = simulated(problem, plan);
            QVERIFY(r.ok);
            compareNear(r.energy.controlPj, 8.0 * busyNs, "event control");
            compareNear(r.energy.staticPj, 0.0, "event static");
            if (cores == 3)
                QCOMPARE(r.cores[2].activeNs, 0.0); // the idle core really idles
        }
    }

    void staticIsLeakageOverTheLatency()
    {
        ArchSpec a = chainArch(2);
        a.staticPowerMw = 100.0;
        const auto problem = problemOf(a);
        const Plan plan = Plan::fromInnerCuts({}, 2);
        const PlanCost c = Estimator(problem).planCost(plan);
        compareNear(c.energy.staticPj, 100.0 * c.latencyPerBatchNs, "estimator static");
        const EventSimResult r = simulated(problem, plan);
        QVERIFY(r.ok);
        compareNear(r.energy.staticPj, 100.0 * r.latencyPerBatchNs, "event static");
    }

    void dramBackgroundFollowsDramBusyTime()
    {
        // Bytes through the DRAM: weights (256 x 64 + 64 x 64) x 4 bit = 10240 B, entry 256 x
        // 4 bit = 128 B, exit 64 x 4 bit = 32 B: 10400 B at 12.8 B/ns = 812.5 ns busy, charged
        // (background + refresh) power; batch 2 adds one more entry and exit: 10560 B, 825 ns.
        for (std::int64_t batch : {1, 2}) {
            ArchSpec a = chainArch(2);
            a.dramBackgroundPowerMw = 50.0;
            a.dramRefreshPowerMw = 10.0;
            const auto problem = problemOf(a, batch);
            const Plan plan = Plan::fromInnerCuts({}, 2);
            const double busyNs = batch == 1 ? 812.5 : 825.0;
            const PlanCost c = Estimator(problem).planCost(plan);
            compareNear(c.energy.dramBackgroundPj, 60.0 * busyNs, "estimator background");
            const EventSimResult r = simulated(problem, plan);
            QVERIFY(r.ok);
            compareNear(r.dramBusyNs, busyNs, "event DRAM busy time");
            compareNear(r.energy.dramBackgroundPj, 60.0 * busyNs, "event background");
            // Idle DRAM costs nothing: the latency is far longer than the busy time.
            QVERIFY(r.latencyPerBatchNs > 2.0 * busyNs);
        }
    }

    void wearOfTwoPartitionsSharingACrossbar()
    {
        // Cut between fc1 and fc2: each partition packs its one crossbar from core 0's first
        // crossbar on, so that crossbar is written twice per batch; at batch 4 each cell of it
        // sees 2 / 4 = 0.5 writes per inference. Lifetime at 1e12 writes: 1e12 / (2 writes per
        // batch latency).
        ArchSpec a = chainArch(2);
        const auto problem = problemOf(a, 4);
        const PlanCost two = Estimator(problem).planCost(Plan::fromInnerCuts({1}, 2));
        QCOMPARE(two.partitions.size(), std::size_t{2});
        QCOMPARE(two.partitions[0].crossbarsUsed, 1);
        QCOMPARE(two.partitions[1].crossbarsUsed, 1);
        compareNear(two.worstCellWritesPerBatch, 2.0, "worst cell writes per batch");
        const PlanWear wear = planWear(two, 1e12);
        compareNear(wear.writesPerCellPerInference, 0.5, "writes per cell per inference");
        compareNear(wear.lifetimeS, 1e12 / (2.0 / (two.latencyPerBatchNs * 1e-9)), "lifetime");
        // One partition writes every cell once per batch: half the wear.
        const PlanCost one = Estimator(problem).planCost(Plan::fromInnerCuts({}, 2));
        compareNear(planWear(one, 1e12).writesPerCellPerInference, 0.25, "one partition");
        // Unlimited endurance (SRAM): no wear-out.
        QVERIFY(std::isinf(planWear(two, 0.0).lifetimeS));
    }
};

QTEST_GUILESS_MAIN(TstEnergyAccounting)
#include "tst_energy_accounting.moc"
