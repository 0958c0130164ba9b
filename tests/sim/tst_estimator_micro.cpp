// SPDX-License-Identifier: MIT
// Hand-computed micro cases: every figure below is worked out in the comments from the
// formulas of docs/cost-model.md, not taken from the code.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../core/mapping/graph_builder.h"
#include "sim/estimator.h"
#endif

#include <QtTest>

using namespace compass;

namespace {

/// 256 x 256 1-bit crossbars, 4-bit weights and activations, PUMA MVM latency
/// (4 + 2) x 100 ns = 600 ns, 1 pJ per conversion, 12.8 GB/s DRAM at 3.7 pJ/bit.
ArchSpec microArch(std::int64_t cores, std::int64_t perCore)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = perCore;
    a.adcEnergyPerConversionPj = 1.0;
    a.adcStageLatencyNs = 100.0;
    a.crossbarReadPowerMw = 0.0;
    a.writeLatencyPerRowNs = 1.0;
    a.writeEnergyPerBitPj = 0.0016;
    a.localMemoryBandwidthGBps = 25.6;
    a.localMemoryPowerMw = 18.0;
    a.vfuCount = 12;
    a.vfuThroughputGBps = 6.4;
    a.vfuPowerMw = 22.8;
    a.controlPowerMw = 8.0;
    a.busBandwidthGBps = 25.6;
    a.busEnergyPjPerBit = 0.0;
    a.dramBandwidthGBps = 12.8;
    a.dramEnergyPjPerBit = 3.7;
    a.staticPowerMw = 0.0;
    // DRAM background power is tested in tst_energy_accounting.
    a.dramBackgroundPowerMw = 0.0;
    a.dramRefreshPowerMw = 0.0;
    return a;
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

class TestEstimatorMicro : public QObject
{
    Q_OBJECT

private slots:
    void oneLayerOnOneCrossbar()
    {
        testing::GraphBuilder b;
        TensorId x = b.input(256);
        b.output(b.gemm("fc", x, 64));
        const Graph g = b.take();
        CostingOptions o;
        o.batchSize = 4;
        const Estimator est(testing::mapped(g, microArch(2, 2), o));
        QCOMPARE(est.unitCount(), 1);
        const PartitionCost c = est.partitionCost({0, 1});
        QVERIFY(c.valid);
        // 16384 weights x 4 bit = 8192 B at 12.8 B/ns.
        compareNear(c.latency.weightLoadNs, 640.0, "weight load");
        // Write tail after the load: the last unit's 1 crossbar x 256 rows x 1 ns = 256; the
        // even spread ceil(1 / 2) x 256 = 256 is hidden under the 640 ns load.
        compareNear(c.latency.crossbarWriteNs, 256.0, "write");
        // First input's entry: 256 x 4 bit = 128 B / 12.8 = 10 ns (inputs 1-3 load while
        // input 0 computes). Load bound 4 x 10 + 600 + 2.5 = 642.5 and store bound
        // max(10 + 600, 40) + 4 x 2.5 = 620 stay below the pipeline's 2412.5.
        compareNear(c.latency.activationLoadNs, 10.0, "activation load");
        // One stage of 1 x 600 ns: fill 600 + (4 - 1) x 600.
        compareNear(c.latency.computeNs, 2400.0, "compute");
        compareNear(c.latency.busNs, 0.0, "bus");
        // Last input's exit: 64 x 4 bit = 32 B / 12.8 = 2.5 ns.
        compareNear(c.latency.activationStoreNs, 2.5, "store");
        // 640 + 256 + 10 + 2400 + 0 + 2.5.
        compareNear(c.latencyNs(), 3308.5, "total");
        // 4 inputs x 64 weights x 4 columns x 4 input bits x 1 pJ.
        compareNear(c.energy.mvmPj, 4096.0, "mvm");
        compareNear(c.energy.vfuPj, 0.0, "vfu");
        // 4 x (128 B in + 32 B out) / 25.6 B/ns x 18 mW.
        compareNear(c.energy.localMemoryPj, 450.0, "local memory");
        compareNear(c.writtenBits, 65536.0, "written bits");
        compareNear(c.energy.crossbarWritePj, 104.8576, "write energy");
        compareNear(c.energy.dramWeightPj, 242483.2, "dram weights");
        compareNear(c.energy.dramActivationPj, 18944.0, "dram activations");
        // Control, 8 mW while a core executes: 4 MVMs of 1 crossbar x 600 ns / 2 crossbars
        // per core + 256 rows written = 1456 ns (the second core idles and is charged
        // nothing). No leakage.
        compareNear(c.energy.controlPj, 11648.0, "control");
        compareNear(c.energy.staticPj, 0.0, "static");
        QCOMPARE(c.coresUsed, 1);
        QCOMPARE(c.crossbarsUsed, 1);
        QCOMPARE(c.replication.size(), std::size_t(1));
        QCOMPARE(c.replication.front().factor, 1); // one vector: nothing to gain

        const PlanCost plan = est.planCost(Plan::fromInnerCuts({}, 1));
        compareNear(plan.latencyPerBatchNs, 3308.5, "plan latency");
        compareNear(plan.throughputIps, 4.0 / 3308.5e-9, "throughput");
        const double energy = 4096.0 + 450.0 + 104.8576 + 242483.2 + 18944.0 + 11648.0;
        compareNear(plan.energyPerInferencePj, energy / 4.0, "energy per inference");
        compareNear(plan.edpPjS, energy / 4.0 * 3308.5e-9 / 4.0, "edp");
        compareNear(plan.dramWeightBytes, 8192.0, "dram weight bytes");
        compareNear(plan.dramActivationBytes, 640.0, "dram activation bytes");
    }

    void layerThatNeedsInputSplitting()
    {
        // Gemm 1024 -> 64 on 2 crossbars per core: 4 row blocks cut into 2 units of 2.
        testing::GraphBuilder b;
        TensorId x = b.input(1024);
        b.output(b.gemm("fc", x, 64));
        const Graph g = b.take();
        const Estimator est(testing::mapped(g, microArch(4, 2)));
        QCOMPARE(est.unitCount(), 2);
        const PartitionCost c = est.partitionCost({0, 2});
        QVERIFY(c.valid);
        compareNear(c.latency.weightLoadNs, 2560.0, "weight load"); // 32768 B
        // Unit 1 (2 crossbars, alone on its core) is written after its weights arrive at
        // 2560 ns: 2 x 256 rows x 1 ns = 512 (even spread ceil(4 / 4) x 256 is hidden).
        compareNear(c.latency.crossbarWriteNs, 512.0, "write");
        compareNear(c.latency.activationLoadNs, 40.0, "load"); // 512 B
        // Fill: MVM 600 + partial-sum adds spread over the 2 cores of the layer: 384 B / 2 /
        // 76.8 B/ns = 2.5 ns (VFU 5 ns < 600 ns in the stage time).
        compareNear(c.latency.computeNs, 602.5, "compute");
        // 64 partial sums x 16 bit = 128 B cross cores: 5 ns on the bus, on the fill's path.
        compareNear(c.latency.busNs, 5.0, "bus");
        compareNear(c.latency.activationStoreNs, 2.5, "store"); // 32 B
        // 2560 + 512 + 40 + 602.5 + 5 + 2.5.
        compareNear(c.latencyNs(), 3722.0, "total");
        compareNear(c.energy.mvmPj, 4096.0, "mvm"); // 4 crossbars x 64 x 4 x 4
        // Partial-sum adds: 1 in unit 0 and 1 + 1 in unit 1, 64 x 2 B each: 384 B / 76.8 B/ns.
        compareNear(c.energy.vfuPj, 5.0 * 22.8, "vfu");
        // (512 x 2/4) + (512 x 2/4 + 32) = 544 B / 25.6 x 18.
        compareNear(c.energy.localMemoryPj, 382.5, "local memory");
        compareNear(c.energy.crossbarWritePj, 262144.0 * 0.0016, "write");
        compareNear(c.energy.dramWeightPj, 969932.8, "dram weights");
        compareNear(c.energy.dramActivationPj, 544.0 * 8.0 * 3.7, "dram activations");
        // Control: 4 crossbar MVMs x 600 ns / 2 crossbars per core + 5 ns of adds + 4
        // crossbars x 256 rows written + 5 ns of sends = 2234 ns x 8 mW.
        compareNear(c.energy.controlPj, 2234.0 * 8.0, "control");
        compareNear(c.energy.staticPj, 0.0, "static");

        // Cutting between the two row chunks sends the partial sums through DRAM instead.
        const PartitionCost first = est.partitionCost({0, 1});
        const PartitionCost second = est.partitionCost({1, 2});
        compareNear(first.dramActivationBytes, 512.0 + 128.0, "first partition");
        compareNear(second.dramActivationBytes, 512.0 + 128.0 + 32.0, "second partition");
        compareNear(first.latency.busNs + second.latency.busNs, 0.0, "no cross-core sums");
    }

    void residualEdgeCrossingACut()
    {
        // input -> c1 -> r1 -> c2 -> r2 -> c3 -> add(c3, r1): 1x1 convs, 64 ch, 4 x 4.
        testing::GraphBuilder b;
        TensorId x = b.input(64, 4, 4);
        TensorId r1 = b.unary("r1", OpKind::Relu, b.conv("c1", x, 64, 1));
        TensorId r2 = b.unary("r2", OpKind::Relu, b.conv("c2", r1, 64, 1));
        TensorId c3 = b.conv("c3", r2, 64, 1);
        b.output(b.add("add", c3, r1));
        const Graph g = b.take();
        const Estimator est(testing::mapped(g, microArch(4, 2)));
        QCOMPARE(est.unitCount(), 3);
        const PlanCost plan = est.planCost(Plan::fromInnerCuts({1, 2}, 3));
        QVERIFY(plan.valid);
        // DRAM activations: p0 512 in + 512 out (r1, stored once), p1 512 + 512,
        // p2 1024 (r1 from DRAM and r2) + 512.
        compareNear(plan.dramActivationBytes, 3584.0, "dram activation bytes");
        const PartitionCost& p2 = plan.partitions[2];
        // 4096 weights = 2048 B; 16 vectors: 8 copies fill the 8 crossbars, 2 MVMs each.
        QCOMPARE(p2.replication.front().factor, 8);
        compareNear(p2.latency.weightLoadNs, 160.0, "weight load");
        // The 8 one-crossbar copies sit 2 per core: the last (only) unit's copies on one core
        // take 2 x 256 = 512 after the load (even spread ceil(8 / 4) x 256 - 160 = 352 less).
        compareNear(p2.latency.crossbarWriteNs, 512.0, "write");
        compareNear(p2.latency.activationLoadNs, 80.0, "load"); // r1 and r2, 1024 B
        // Fill: 2 MVMs x 600, then the Add on the VFU: (512 + 512) B / 76.8 B/ns = 13.333 ns
        // (r1 comes from DRAM, so the Add waits for nothing else).
        compareNear(p2.latency.computeNs, 1200.0 + 1024.0 / 76.8, "compute");
        // c3.out is read only by the Add its stage owns, on c3's home core: no bus.
        compareNear(p2.latency.busNs, 0.0, "bus");
        compareNear(p2.latency.activationStoreNs, 40.0, "store");
        // 160 + 512 + 80 + 1213.333 + 40; the event simulator gives the same (tested in
        // tst_event_simulator).
        compareNear(p2.latencyNs(), 1992.0 + 1024.0 / 76.8, "total");
        compareNear(p2.writtenBits, 8.0 * 4096.0 * 4.0, "written bits");
        // 16 vectors x 64 columns x 4 x 4 steps, whatever the replication.
        compareNear(p2.energy.mvmPj, 16384.0, "mvm");
    }

    void parallelBranchesFillAlongTheCriticalPath()
    {
        // x -> c1 -> (ca, cb) -> add(ca, cb): 1x1 convs, 64 ch, 4 x 4 (16 vectors each), one
        // crossbar each, no replication. The Add's anchor is cb's unit, so cb's stage owns it.
        testing::GraphBuilder b;
        TensorId x = b.input(64, 4, 4);
        TensorId c1 = b.conv("c1", x, 64, 1);
        TensorId ca = b.conv("ca", c1, 64, 1);
        TensorId cb = b.conv("cb", c1, 64, 1);
        b.output(b.add("add", ca, cb));
        const Graph g = b.take();
        CostingOptions o;
        o.replicate = false;
        const Estimator est(testing::mapped(g, microArch(4, 2), o));
        QCOMPARE(est.unitCount(), 3);
        const PartitionCost c = est.partitionCost({0, 3});
        QVERIFY(c.valid);
        // 3 x 4096 weights x 4 bit = 6144 B / 12.8 = 480; the last unit's crossbar: 256.
        compareNear(c.latency.weightLoadNs, 480.0, "weight load");
        compareNear(c.latency.crossbarWriteNs, 256.0, "write");
        compareNear(c.latency.activationLoadNs, 40.0, "load"); // 512 B
        // Stages: 16 MVMs x 600 = 9600 each; an output another stage reads, 512 B, takes
        // 20 ns on the bus (cb's output stays on cb's home core, where its Add runs).
        // c1 ends at 9600 + 20 = 9620; ca and cb run in parallel from there: ca ends at
        // 9620 + 9600 + 20 = 19240; cb's MVMs end at 19220, its Add waits for ca (19240) and
        // adds 1024 B / 76.8 B/ns = 13.333 ns: fill 19253.333.
        // Without the bus: 9600 + 9600 + 13.333 = 19213.333 (a chain would take 28813.333).
        compareNear(c.latency.computeNs, 19200.0 + 1024.0 / 76.8, "compute");
        compareNear(c.latency.busNs, 40.0, "bus");
        compareNear(c.latency.activationStoreNs, 40.0, "store"); // the Add's 512 B
        // 480 + 256 + 40 + 19213.333 + 40 + 40; the event simulator gives the same.
        compareNear(c.latencyNs(), 20069.0 + 1.0 / 3.0, "total");

        // B = 4: the 9600 ns stages bound the period (bus 2 x 20 = 40 ns per input):
        // 40 + 19253.333 + 3 x 9600 + 40. DRAM bounds: 4 x 40 + 19253.333 + 40 and
        // max(40 + 19253.333, 160) + 4 x 40 are smaller.
        o.batchSize = 4;
        const Estimator est4(testing::mapped(g, microArch(4, 2), o));
        const PartitionCost c4 = est4.partitionCost({0, 3});
        compareNear(c4.latency.computeNs, 19213.0 + 1.0 / 3.0 + 3.0 * 9600.0, "compute B=4");
        compareNear(c4.latency.busNs, 40.0, "bus B=4");
        compareNear(c4.latency.activationLoadNs, 40.0, "load B=4");
        compareNear(c4.latencyNs(), 480.0 + 256.0 + 48133.0 + 1.0 / 3.0, "total B=4");
    }

    void activationTrafficBoundPartition()
    {
        // One Gemm 4096 -> 64 (1 MVM of 600 ns per input): its 2048 B input takes 160 ns of
        // DRAM per input, its 32 B output 2.5 ns; at 1.28 B/ns the DRAM bounds the batch.
        testing::GraphBuilder b;
        TensorId x = b.input(4096);
        b.output(b.gemm("fc", x, 64)); // 4096 rows: 16 row blocks, 8 units of 2 on K = 2
        const Graph g = b.take();
        CostingOptions o;
        o.batchSize = 16;
        o.replicate = false;
        const Estimator est(testing::mapped(g, microArch(8, 2), o));
        QCOMPARE(est.unitCount(), 8);
        const PartitionCost c = est.partitionCost({0, 8});
        QVERIFY(c.valid);
        // Fill: MVM 600 + 7 partial-sum sends of 128 B (5 ns each) on the bus + the adds of
        // one core: units 0..7 have 1, 2, ..., 2 adds = 15 x 128 B = 1920 B over 8 cores,
        // 240 B / 76.8 = 3.125 ns. Period: max(600, VFU 3.125, bus 35) = 600.
        // Pipeline: 160 + 638.125 + 15 x 600 + 2.5 = 9800.625; load bound:
        // 16 x 160 + 638.125 + 2.5 = 3200.625; store bound max(798.125, 2560) + 40 = 2600.
        compareNear(c.latency.activationLoadNs, 160.0, "load");
        compareNear(c.latency.computeNs, 603.125 + 15.0 * 600.0, "compute");
        compareNear(c.latency.busNs, 35.0, "bus");
        compareNear(c.latency.activationStoreNs, 2.5, "store");
        // Slower DRAM (1.28 B/ns): 1600 ns per input's entry, 25 ns per exit. Load bound
        // 16 x 1600 + 638.125 + 25 = 26263.125 > pipeline 1600 + 638.125 + 9000 + 25 =
        // 11263.125 > store bound max(2238.125, 25600) + 400 = 26000: the loads add 15000.
        ArchSpec slow = microArch(8, 2);
        slow.dramBandwidthGBps = 1.28;
        const Estimator slowEst(testing::mapped(g, slow, o));
        const PartitionCost s = slowEst.partitionCost({0, 8});
        compareNear(s.latency.activationLoadNs, 1600.0 + 15000.0, "load, DRAM bound");
        compareNear(s.latency.activationStoreNs, 25.0, "store, DRAM bound");
        compareNear(s.latency.activationLoadNs + s.latency.computeNs + s.latency.busNs +
                        s.latency.activationStoreNs,
                    26263.125, "activation phase, DRAM bound");
    }
};

QTEST_GUILESS_MAIN(TestEstimatorMicro)
#include "tst_estimator_micro.moc"
