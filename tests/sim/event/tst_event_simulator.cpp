// SPDX-License-Identifier: MIT
// Event-driven simulator: hand-built micro programs with timings worked out by hand, energy
// from counted events, the Chrome trace, and agreement with the estimator on a small network.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../../core/mapping/graph_builder.h"
#include "core/arch/arch_presets.h"
#include "core/onnx/onnx_importer.h"
#include "core/schedule/scheduler.h"
#include "core/search/partition_search.h"
#include "core/support/diagnostics.h"
#include "sim/estimator.h"
#include "sim/event/event_simulator.h"
#include "sim/event/trace_writer.h"
#endif

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <filesystem>
#include <set>

using namespace compass;

namespace {

/// PUMA MVM latency (4 + 2) x 100 ns = 600 ns; DRAM 12.8 GB/s = 12.8 bytes/ns; 1 ns per row.
ArchSpec microArch()
{
    ArchSpec a;
    a.cores = 2;
    a.crossbarsPerCore = 4;
    a.adcEnergyPerConversionPj = 1.0;
    a.crossbarReadPowerMw = 2.0;
    a.dramBandwidthGBps = 12.8;
    a.dramEnergyPjPerBit = 3.7;
    a.writeLatencyPerRowNs = 1.0;
    a.writeEnergyPerBitPj = 0.0016;
    a.controlPowerMw = 0.0;
    a.staticPowerMw = 0.0;
    return a;
}

Program emptyProgram(std::int32_t cores, std::int32_t partitions)
{
    Program p;
    p.model = "micro";
    p.arch = "micro";
    p.cores = cores;
    p.partitions.resize(static_cast<std::size_t>(partitions));
    return p;
}

std::int32_t add(Program& p, Instruction i)
{
    p.instructions.push_back(std::move(i));
    return static_cast<std::int32_t>(p.instructions.size() - 1);
}

Instruction op(Opcode opcode, std::int32_t core, std::int32_t partition = 0)
{
    Instruction i;
    i.opcode = opcode;
    i.core = core;
    i.partition = partition;
    return i;
}

EventSimResult simulate(const ArchSpec& a, const Program& p)
{
    DiagnosticList d;
    EventSimResult r = EventSimulator(a).run(p, d);
    if (!r.ok)
        qWarning() << (d.empty() ? "" : d.all().front().message.c_str());
    return r;
}

} // namespace

class TstEventSimulator : public QObject
{
    Q_OBJECT

private slots:
    void oneMvm()
    {
        const ArchSpec a = microArch();
        Program p = emptyProgram(1, 1);
        Instruction m = op(Opcode::Mvmul, 0);
        m.layer = 0;
        m.steps = 1;
        m.count = 1;    // one crossbar activation
        m.events = 256; // 64 columns x 4 input-bit steps
        add(p, m);
        const EventSimResult r = simulate(a, p);
        QVERIFY(r.ok);
        QCOMPARE(r.latencyPerBatchNs, 600.0);
        // 256 conversions x 1 pJ + 600 ns x 2 mW = 256 + 1200 pJ.
        QCOMPARE(r.energy.mvmPj, 1456.0);
        QCOMPARE(r.cores[0].busyNs[static_cast<std::size_t>(Opcode::Mvmul)], 600.0);
        QCOMPARE(r.cores[0].idleNs, 0.0);
    }

    void dramTransferContendedByTwoCores()
    {
        const ArchSpec a = microArch();
        Program p = emptyProgram(2, 1);
        for (std::int32_t core : {0, 1}) {
            Instruction l = op(Opcode::LoadData, core);
            l.bytes = 12800.0; // 1000 ns alone at 12.8 GB/s
            add(p, l);
        }
        const EventSimResult r = simulate(a, p);
        QVERIFY(r.ok);
        // One channel, FIFO: the second transfer waits for the first.
        QCOMPARE(r.timings[0].endNs, 1000.0);
        QCOMPARE(r.timings[1].startNs, 1000.0);
        QCOMPARE(r.latencyPerBatchNs, 2000.0);
        QCOMPARE(r.dramUtilization, 1.0);
        QCOMPARE(r.cores[1].idleNs, 1000.0);
        // 25600 bytes x 8 x 3.7 pJ.
        QCOMPARE(r.energy.dramActivationPj, 25600.0 * 8.0 * 3.7);
    }

    void replacementOverlapsAnotherCoresCompute()
    {
        const ArchSpec a = microArch();
        Program p = emptyProgram(2, 2);
        Instruction slow = op(Opcode::Mvmul, 0, 0);
        slow.layer = 0;
        slow.steps = 10; // 6000 ns
        add(p, slow);
        Instruction quick = op(Opcode::Mvmul, 1, 0);
        quick.layer = 0;
        quick.steps = 1; // 600 ns
        const std::int32_t q = add(p, quick);
        // Partition 1 on core 1: its replacement waits only for core 1's own work.
        Instruction load = op(Opcode::LoadWeight, 1, 1);
        load.bytes = 6400.0; // 500 ns
        load.deps = {q};
        const std::int32_t l = add(p, load);
        Instruction write = op(Opcode::WriteWeight, 1, 1);
        write.count = 256; // one 256-row crossbar: 256 ns
        write.events = 256 * 64 * 4;
        write.deps = {l};
        add(p, write);
        const EventSimResult r = simulate(a, p);
        QVERIFY(r.ok);
        QCOMPARE(r.timings[2].startNs, 600.0);
        QCOMPARE(r.timings[3].endNs, 600.0 + 500.0 + 256.0);
        // Hidden under core 0's compute: the batch takes 6000 ns, partition 1 adds nothing.
        QCOMPARE(r.latencyPerBatchNs, 6000.0);
        QCOMPARE(r.partitionLatencyNs[0], 6000.0);
        QCOMPARE(r.partitionLatencyNs[1], 0.0);
        QCOMPARE(r.energy.crossbarWritePj, 256.0 * 64.0 * 4.0 * 0.0016);
        QCOMPARE(r.energy.dramWeightPj, 6400.0 * 8.0 * 3.7);
    }

    void dependenciesWaitForTheLatestProducer()
    {
        const ArchSpec a = microArch();
        Program p = emptyProgram(2, 1);
        Instruction s = op(Opcode::Send, 0);
        s.bytes = 2560.0; // 100 ns at 25.6 GB/s
        const std::int32_t si = add(p, s);
        Instruction m = op(Opcode::Mvmul, 1);
        m.layer = 0;
        m.steps = 2;
        const std::int32_t mi = add(p, m);
        Instruction recv = op(Opcode::Recv, 1);
        recv.deps = {si};
        const std::int32_t ri = add(p, recv);
        Instruction v = op(Opcode::VfuOp, 1);
        v.vfuKind = VfuKind::Activation;
        v.bytes = 768.0; // 10 ns at 12 x 6.4 GB/s
        v.deps = {ri, mi};
        add(p, v);
        const EventSimResult r = simulate(a, p);
        QVERIFY(r.ok);
        QCOMPARE(r.timings[3].startNs, 1200.0);
        QCOMPARE(r.latencyPerBatchNs, 1210.0);
        QCOMPARE(r.busBytes, 2560.0);
    }

    void rejectsForwardDependencies()
    {
        Program p = emptyProgram(1, 1);
        Instruction s = op(Opcode::Sync, 0);
        s.deps = {1};
        add(p, s);
        add(p, op(Opcode::Sync, 0));
        DiagnosticList d;
        const EventSimResult r = EventSimulator(microArch()).run(p, d);
        QVERIFY(!r.ok);
        QVERIFY(d.hasErrors());
    }

    void chromeTraceHasOneTrackPerCoreAndResource()
    {
        const ArchSpec a = microArch();
        Program p = emptyProgram(2, 1);
        Instruction l = op(Opcode::LoadData, 0);
        l.bytes = 1280.0;
        const std::int32_t li = add(p, l);
        Instruction m = op(Opcode::Mvmul, 1);
        m.layer = 0;
        m.steps = 1;
        m.deps = {li};
        add(p, m);
        p.layerNames = {"conv\"1"};
        const EventSimResult r = simulate(a, p);
        const QByteArray trace = chromeTraceJson(p, r);
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(trace, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        std::set<int> tids;
        int complete = 0;
        for (const QJsonValue& v : doc.object()["traceEvents"].toArray()) {
            const QJsonObject e = v.toObject();
            if (e["ph"].toString() != "X")
                continue;
            ++complete;
            tids.insert(e["tid"].toInt());
            if (e["cat"].toString() == "mvmul") {
                QCOMPARE(e["ts"].toDouble(), 0.1); // after the 100 ns load, in us
                QCOMPARE(e["dur"].toDouble(), 0.6);
                QCOMPARE(e["name"].toString(), QString("MVMUL conv\"1"));
            }
        }
        QCOMPARE(complete, 2);
        QCOMPARE(tids.size(), std::size_t{2}); // the DRAM track and core 1's crossbars
    }

    void agreesWithTheEstimatorOnASmallNetwork()
    {
        testing::GraphBuilder b("small");
        TensorId x = b.input(16, 16, 16);
        x = b.conv("conv1", x, 64, 3, 1, 1);
        x = b.unary("relu1", OpKind::Relu, x);
        x = b.conv("conv2", x, 64, 3, 1, 1);
        x = b.maxPool("pool", x, 2);
        x = b.flatten("flat", x);
        x = b.gemm("fc", x, 64);
        b.output(x);
        const Graph graph = b.take();
        ArchSpec a;
        a.cores = 4;
        a.crossbarsPerCore = 4;
        a.crossbarRows = 128;
        a.crossbarCols = 128;
        for (std::int64_t batch : {1, 8}) {
            EstimatorOptions eo;
            eo.batchSize = batch;
            const Estimator est(graph, a, eo);
            // Greedy cuts: every partition as long as it may be.
            std::vector<std::int32_t> cuts;
            for (std::int32_t s = est.validity().endMax(0); s < est.unitCount();
                 s = est.validity().endMax(s))
                cuts.push_back(s);
            const Plan plan = Plan::fromInnerCuts(cuts, est.unitCount());
            QVERIFY(plan.partitionCount() >= 2);
            ScheduleOptions so;
            so.batchSize = batch;
            DiagnosticList d;
            const auto program = Scheduler().compile(graph, a, est.units(), est.io(), plan, so, d);
            QVERIFY(program.has_value());
            const EventSimResult r = simulate(a, *program);
            const PlanCost c = est.planCost(plan);
            QVERIFY(r.ok);
            QVERIFY2(std::abs(r.latencyPerBatchNs / c.latencyPerBatchNs - 1.0) < 0.10,
                     qPrintable(QString("B=%1 event %2 ns, estimator %3 ns")
                                    .arg(batch)
                                    .arg(r.latencyPerBatchNs)
                                    .arg(c.latencyPerBatchNs)));
            // Event counts equal the estimator's where the model has no choice.
            QCOMPARE(r.energy.mvmPj, c.energy.mvmPj);
            QCOMPARE(r.energy.crossbarWritePj, c.energy.crossbarWritePj);
            QCOMPARE(r.energy.dramWeightPj, c.energy.dramWeightPj);
            QVERIFY(std::abs(r.energy.dramActivationPj - c.energy.dramActivationPj) <=
                    1e-9 * c.energy.dramActivationPj);
            QVERIFY(std::abs(r.energy.vfuPj - c.energy.vfuPj) <= 1e-9 * c.energy.vfuPj);
        }
    }

    void parallelBranchesMatchTheEstimatorExactly()
    {
        // The estimator's hand-computed case (tst_estimator_micro): x -> c1 -> (ca, cb) ->
        // add. Event: loads 3 x 160 = 480; ca is written on core 0 after c1 (416-672), cb on
        // core 1 (480-736); entry 40 -> 776; c1 9600 -> 10376, send 20; ca and cb in parallel
        // -> 19996; their sends share the bus -> 20036; Add 13.333; store 40: 20089.333.
        testing::GraphBuilder b;
        TensorId x = b.input(64, 4, 4);
        TensorId c1 = b.conv("c1", x, 64, 1);
        TensorId ca = b.conv("ca", c1, 64, 1);
        TensorId cb = b.conv("cb", c1, 64, 1);
        b.output(b.add("add", ca, cb));
        const Graph graph = b.take();
        ArchSpec a = microArch();
        a.cores = 4;
        a.crossbarsPerCore = 2;
        a.crossbarReadPowerMw = 0.0;
        EstimatorOptions eo;
        eo.replicate = false;
        const Estimator est(graph, a, eo);
        const Plan plan = Plan::fromInnerCuts({}, est.unitCount());
        ScheduleOptions so;
        so.replicate = false;
        DiagnosticList d;
        const auto program = Scheduler().compile(graph, a, est.units(), est.io(), plan, so, d);
        QVERIFY(program.has_value());
        const EventSimResult r = simulate(a, *program);
        QVERIFY(r.ok);
        QVERIFY(std::abs(r.latencyPerBatchNs - (20089.0 + 1.0 / 3.0)) < 1e-6);
        QVERIFY(std::abs(est.planCost(plan).latencyPerBatchNs - r.latencyPerBatchNs) < 1e-6);
    }

    void agreesWithTheEstimatorOnPaperConfigurations()
    {
        // ResNet18-M-16 and SqueezeNet-S-4 (sram presets), the plans of all four methods
        // (GA with a small population to stay fast): latency and energy within 10 %.
        struct Config
        {
            const char* model;
            const char* arch;
            std::int64_t batch;
        };
        for (const Config& config :
             {Config{"resnet18", "sram-M", 16}, Config{"squeezenet1_1", "sram-S", 4}}) {
            DiagnosticList d;
            const std::optional<Graph> graph =
                importOnnxFile(std::filesystem::path(COMPASS_RESOURCE_DIR) / "models" /
                                   (std::string(config.model) + ".onnx"),
                               d);
            QVERIFY(graph.has_value());
            const std::optional<ArchSpec> arch =
                loadArchSpecFile(std::filesystem::path(COMPASS_RESOURCE_DIR) / "arch" /
                                     (std::string(config.arch) + ".json"),
                                 d);
            QVERIFY(arch.has_value());
            EstimatorOptions eo;
            eo.batchSize = config.batch;
            const Estimator est(*graph, *arch, eo);
            for (SearchMethod method : {SearchMethod::Greedy, SearchMethod::Layerwise,
                                        SearchMethod::Genetic, SearchMethod::Exact}) {
                SearchOptions options;
                options.method = method;
                options.threads = 1;
                options.genetic.population = 30;
                options.genetic.generations = 8;
                const SearchResult found =
                    runPartitionSearch({est.units(), est.validity(), est}, options);
                ScheduleOptions so;
                so.batchSize = config.batch;
                const auto program =
                    Scheduler().compile(*graph, *arch, est.units(), est.io(), found.plan, so, d);
                QVERIFY(program.has_value());
                EventSimOptions quiet;
                quiet.recordTimings = false;
                const EventSimResult r = EventSimulator(*arch, quiet).run(*program, d);
                QVERIFY(r.ok);
                const double latency = r.latencyPerBatchNs / found.cost.latencyPerBatchNs - 1.0;
                const double energy =
                    r.energyPerInferencePj / found.cost.energyPerInferencePj - 1.0;
                QVERIFY2(std::abs(latency) <= 0.10 && std::abs(energy) <= 0.10,
                         qPrintable(QString("%1 on %2, B=%3, %4: latency %5 %, energy %6 %")
                                        .arg(config.model)
                                        .arg(config.arch)
                                        .arg(config.batch)
                                        .arg(searchMethodName(method))
                                        .arg(latency * 100.0)
                                        .arg(energy * 100.0)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TstEventSimulator)
#include "tst_event_simulator.moc"
