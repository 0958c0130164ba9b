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
        EstimatorOptions o;
        o.batchSize = 4;
        const Estimator est(g, microArch(2, 2), o);
        QCOMPARE(est.unitCount(), 1);
        const PartitionCost c = est.partitionCost({0, 1});
        QVERIFY(c.valid);
        // 16384 weights x 4 bit = 8192 B at 12.8 B/ns.
        compareNear(c.latency.weightLoadNs, 640.0, "weight load");
        // ceil(1 crossbar / 2 cores) x 256 rows x 1 ns.
        compareNear(c.latency.crossbarWriteNs, 256.0, "write");
        // 4 inputs x 256 x 4 bit = 512 B.
        compareNear(c.latency.activationLoadNs, 40.0, "activation load");
        // One stage of 1 x 600 ns: 600 + (4 - 1) x 600.
        compareNear(c.latency.computeNs, 2400.0, "compute");
        compareNear(c.latency.busNs, 0.0, "bus");
        // 4 x 64 x 4 bit = 128 B.
        compareNear(c.latency.activationStoreNs, 10.0, "store");
        compareNear(c.latencyNs(), 3346.0, "total");
        // 4 inputs x 64 weights x 4 columns x 4 input bits x 1 pJ.
        compareNear(c.energy.mvmPj, 4096.0, "mvm");
        compareNear(c.energy.vfuPj, 0.0, "vfu");
        // 4 x (128 B in + 32 B out) / 25.6 B/ns x 18 mW.
        compareNear(c.energy.localMemoryPj, 450.0, "local memory");
        compareNear(c.writtenBits, 65536.0, "written bits");
        compareNear(c.energy.crossbarWritePj, 104.8576, "write energy");
        compareNear(c.energy.dramWeightPj, 242483.2, "dram weights");
        compareNear(c.energy.dramActivationPj, 18944.0, "dram activations");
        // 3346 ns x 2 cores x 8 mW.
        compareNear(c.energy.staticPj, 53536.0, "static");
        QCOMPARE(c.coresUsed, 1);
        QCOMPARE(c.crossbarsUsed, 1);
        QCOMPARE(c.replication.size(), std::size_t(1));
        QCOMPARE(c.replication.front().factor, 1); // one vector: nothing to gain

        const PlanCost plan = est.planCost(Plan::fromInnerCuts({}, 1));
        compareNear(plan.latencyPerBatchNs, 3346.0, "plan latency");
        compareNear(plan.throughputIps, 4.0 / 3346e-9, "throughput");
        const double energy = 4096.0 + 450.0 + 104.8576 + 242483.2 + 18944.0 + 53536.0;
        compareNear(plan.energyPerInferencePj, energy / 4.0, "energy per inference");
        compareNear(plan.edpPjS, energy / 4.0 * 3346e-9 / 4.0, "edp");
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
        const Estimator est(g, microArch(4, 2));
        QCOMPARE(est.unitCount(), 2);
        const PartitionCost c = est.partitionCost({0, 2});
        QVERIFY(c.valid);
        compareNear(c.latency.weightLoadNs, 2560.0, "weight load"); // 32768 B
        compareNear(c.latency.crossbarWriteNs, 256.0, "write");     // 4 crossbars, 4 cores
        compareNear(c.latency.activationLoadNs, 40.0, "load");      // 512 B
        compareNear(c.latency.computeNs, 600.0, "compute");         // VFU 5 ns < 600 ns
        // 64 partial sums x 16 bit = 128 B cross cores: 5 ns on the bus, not hidden at B = 1.
        compareNear(c.latency.busNs, 5.0, "bus");
        compareNear(c.latency.activationStoreNs, 2.5, "store"); // 32 B
        compareNear(c.latencyNs(), 3463.5, "total");
        compareNear(c.energy.mvmPj, 4096.0, "mvm"); // 4 crossbars x 64 x 4 x 4
        // Partial-sum adds: 1 in unit 0 and 1 + 1 in unit 1, 64 x 2 B each: 384 B / 76.8 B/ns.
        compareNear(c.energy.vfuPj, 5.0 * 22.8, "vfu");
        // (512 x 2/4) + (512 x 2/4 + 32) = 544 B / 25.6 x 18.
        compareNear(c.energy.localMemoryPj, 382.5, "local memory");
        compareNear(c.energy.crossbarWritePj, 262144.0 * 0.0016, "write");
        compareNear(c.energy.dramWeightPj, 969932.8, "dram weights");
        compareNear(c.energy.dramActivationPj, 544.0 * 8.0 * 3.7, "dram activations");
        compareNear(c.energy.staticPj, 3463.5 * 32.0, "static");

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
        const Estimator est(g, microArch(4, 2));
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
        compareNear(p2.latency.crossbarWriteNs, 512.0, "write"); // ceil(8 / 4) x 256
        compareNear(p2.latency.activationLoadNs, 80.0, "load");
        compareNear(p2.latency.computeNs, 1200.0, "compute");
        compareNear(p2.latency.busNs, 20.0, "bus"); // c3.out to the add: 512 B
        compareNear(p2.latency.activationStoreNs, 40.0, "store");
        compareNear(p2.latencyNs(), 2012.0, "total");
        compareNear(p2.writtenBits, 8.0 * 4096.0 * 4.0, "written bits");
        // 16 vectors x 64 columns x 4 x 4 steps, whatever the replication.
        compareNear(p2.energy.mvmPj, 16384.0, "mvm");
    }
};

QTEST_GUILESS_MAIN(TestEstimatorMicro)
#include "tst_estimator_micro.moc"
