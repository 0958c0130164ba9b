// SPDX-License-Identifier: MIT
// Scheduler: instruction counts that follow from the plan, byte conservation across
// partitions, spills when local memory is too small, and well-formed streams.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../mapping/graph_builder.h"
#include "core/arch/arch_spec.h"
#include "core/mapping/unit_table.h"
#include "core/partition/replication.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "core/pipeline/pipelines.h"
#include "core/schedule/program_format.h"
#include "core/support/diagnostics.h"
#endif

#include <QJsonArray>
#include <QtTest>

#include <map>
#include <set>

using namespace compass;

namespace {

struct Fixture
{
    Graph graph = testing::buildSmallNet();
    ArchSpec arch = testing::smallChip();
    UnitTable units = UnitTable::build(graph, arch);
    ValidityMap validity = ValidityMap::build(units);

    /// The greedy plan: each partition as long as it may be.
    Plan greedyPlan() const
    {
        std::vector<std::int32_t> cuts;
        std::int32_t a = 0;
        while (a < units.unitCount()) {
            a = validity.endMax(a);
            if (a < units.unitCount())
                cuts.push_back(a);
        }
        return Plan::fromInnerCuts(cuts, units.unitCount());
    }
    /// One layer per partition where it fits (leaves spare crossbars for replication).
    Plan layerPlan() const
    {
        std::vector<std::int32_t> cuts;
        std::int32_t a = 0;
        while (a < units.unitCount()) {
            std::int32_t b = a + 1;
            const std::int32_t layer = units.unit(static_cast<std::size_t>(a)).layerIndex;
            while (b < validity.endMax(a) &&
                   units.unit(static_cast<std::size_t>(b)).layerIndex == layer)
                ++b;
            a = b;
            if (a < units.unitCount())
                cuts.push_back(a);
        }
        return Plan::fromInnerCuts(cuts, units.unitCount());
    }
    /// The program of `plan` on the graph mapped onto `arch` as it is now.
    Program compile(const Plan& plan, std::int64_t batch, bool replicate = true)
    {
        CostingOptions o;
        o.batchSize = batch;
        o.replicate = replicate;
        DiagnosticList d;
        auto p = schedulePlan(testing::mapped(graph, arch, o), plan, {}, d);
        if (!p)
            qWarning() << (d.empty() ? "" : d.all().front().message.c_str());
        return p ? *p : Program{};
    }
};

} // namespace

class TstScheduler : public QObject
{
    Q_OBJECT

private slots:
    void planNeedsSeveralPartitions()
    {
        Fixture f;
        QVERIFY(f.greedyPlan().partitionCount() >= 3);
        // The gemm's column blocks need more row blocks than a core holds: row chunks.
        bool chunked = false;
        for (const PartitionUnit& u : f.units.units())
            chunked = chunked || u.chunks > 1;
        QVERIFY(chunked);
    }

    void bitsWrittenAreWeightsTimesBitsTimesReplication()
    {
        Fixture f;
        const Plan plan = f.layerPlan();
        const Program p = f.compile(plan, 2);
        QVERIFY(!p.instructions.empty());
        double expectedBits = 0.0;
        double expectedLoadBytes = 0.0;
        for (std::int32_t k = 0; k < plan.partitionCount(); ++k) {
            const UnitSpan s = plan.partition(k);
            const Replication rep = solveReplication(f.units, s.begin, s.end);
            std::map<std::int32_t, std::int32_t> factor;
            for (std::size_t i = 0; i < rep.layers.size(); ++i)
                factor[rep.layers[i]] = rep.factors[i];
            for (std::int32_t u = s.begin; u < s.end; ++u) {
                const PartitionUnit& unit = f.units.unit(static_cast<std::size_t>(u));
                expectedBits += static_cast<double>(unit.weights * f.arch.weightBits *
                                                    factor.at(unit.layerIndex));
                expectedLoadBytes += static_cast<double>(unit.weights * f.arch.weightBits) / 8.0;
            }
        }
        QCOMPARE(p.writtenBits(), expectedBits);
        // Each weight crosses DRAM once per batch, replicas are written from that copy.
        QCOMPARE(p.bytesOf(Opcode::LoadWeight), expectedLoadBytes);
        // Some layer is replicated in this plan, so the check above is not trivially 1x.
        bool replicated = false;
        for (const ProgramPartition& part : p.partitions)
            for (const LayerReplication& r : part.replication)
                replicated = replicated || r.factor > 1;
        QVERIFY(replicated);
        // Without replication the bits written equal the weights once.
        const Program flat = f.compile(plan, 2, false);
        QCOMPARE(flat.writtenBits(),
                 static_cast<double>(f.units.totalWeights() * f.arch.weightBits));
    }

    void mvmActivationsFollowFromTheUnits()
    {
        Fixture f;
        const std::int64_t batch = 3;
        const Program p = f.compile(f.greedyPlan(), batch);
        std::int64_t expected = 0;
        for (const PartitionUnit& u : f.units.units())
            expected += f.units.layer(static_cast<std::size_t>(u.layerIndex)).vectorsPerInference *
                        u.crossbars;
        std::int64_t got = 0;
        std::int64_t mvmuls = 0;
        for (const Instruction& i : p.instructions) {
            if (i.opcode == Opcode::Mvmul) {
                got += i.count;
                ++mvmuls;
                QVERIFY(i.steps > 0);
            }
        }
        QCOMPARE(got, expected * batch);
        QVERIFY(mvmuls % batch == 0);
    }

    void everyStoredByteIsLoadedOrIsAnOutput()
    {
        Fixture f;
        const std::int64_t batch = 2;
        const Plan plan = f.greedyPlan();
        const Program p = f.compile(plan, batch);
        // key: tensor id or psum unit; per input bytes stored / loaded and where.
        struct Flow
        {
            double stored = 0.0;
            double loaded = 0.0;
            std::int32_t lastStorePartition = -1;
            std::int32_t firstLoadPartition = 1 << 30;
            std::int32_t loads = 0;
        };
        std::map<std::pair<std::string, std::int32_t>, Flow> flows;
        for (const Instruction& i : p.instructions) {
            if ((i.opcode != Opcode::StoreData && i.opcode != Opcode::LoadData) ||
                i.dataKind == DataKind::Spill)
                continue;
            const std::string key = i.dataKind == DataKind::PartialSum
                                        ? "psum" + std::to_string(i.unit)
                                        : "t" + std::to_string(i.tensor);
            Flow& fl = flows[{key, i.input}];
            if (i.opcode == Opcode::StoreData) {
                fl.stored += i.bytes;
                fl.lastStorePartition = std::max(fl.lastStorePartition, i.partition);
            } else {
                fl.loaded += i.bytes;
                ++fl.loads;
                fl.firstLoadPartition = std::min(fl.firstLoadPartition, i.partition);
            }
        }
        QVERIFY(!flows.empty());
        std::set<std::string> outputs;
        for (TensorId t : f.graph.outputs())
            outputs.insert("t" + std::to_string(t.value));
        std::set<std::string> inputs;
        for (TensorId t : f.graph.inputs())
            inputs.insert("t" + std::to_string(t.value));
        bool sawPsum = false;
        for (const auto& [key, fl] : flows) {
            sawPsum = sawPsum || key.first.rfind("psum", 0) == 0;
            if (inputs.count(key.first)) {
                QCOMPARE(fl.stored, 0.0);
                QVERIFY(fl.loaded > 0.0);
                continue;
            }
            QVERIFY2(fl.stored > 0.0, key.first.c_str());
            if (outputs.count(key.first) && fl.loads == 0)
                continue;
            // Loaded by a later partition, each load reading the whole stored tensor.
            QVERIFY2(fl.loads > 0, key.first.c_str());
            QVERIFY(fl.firstLoadPartition > fl.lastStorePartition);
            QCOMPARE(fl.loaded / fl.loads, fl.stored);
        }
        QVERIFY(sawPsum);
    }

    void dependenciesPointBackwardsAndStreamsCoverEveryCore()
    {
        Fixture f;
        const Program p = f.compile(f.greedyPlan(), 2);
        for (std::size_t k = 0; k < p.instructions.size(); ++k) {
            for (std::int32_t d : p.instructions[k].deps)
                QVERIFY(d >= 0 && static_cast<std::size_t>(d) < k);
        }
        std::size_t total = 0;
        for (std::int32_t c = 0; c < p.cores; ++c)
            total += p.stream(c).size();
        QCOMPARE(total, p.instructions.size());
        QCOMPARE(p.partitions.back().endInstruction,
                 static_cast<std::int32_t>(p.instructions.size()));
        // The text form has one line per instruction.
        const QString text = programToText(p);
        QCOMPARE(text.count(QRegularExpression("^  %\\d+ ", QRegularExpression::MultilineOption)),
                 static_cast<qsizetype>(p.instructions.size()));
        QVERIFY(text.contains("MVMUL in=1 layer=conv2"));
        const QJsonObject json = programToJson(p);
        QCOMPARE(json["instructions"].toArray().size(),
                 static_cast<qsizetype>(p.instructions.size()));
    }

    void tooSmallLocalMemorySpillsToDram()
    {
        Fixture f;
        const Plan plan = f.greedyPlan();
        const Program roomy = f.compile(plan, 1);
        for (const LocalBuffer& b : roomy.buffers)
            QVERIFY(!b.spilled);
        f.arch.localMemoryBytes = 600; // the 512 B weight staging buffer and little else
        const Program tight = f.compile(plan, 1);
        double spilledBytes = 0.0;
        for (const LocalBuffer& b : tight.buffers)
            if (b.spilled)
                spilledBytes += b.bytesPerInput;
        QVERIFY(spilledBytes > 0.0);
        double spillStores = 0.0;
        double spillLoads = 0.0;
        for (const Instruction& i : tight.instructions) {
            if (i.dataKind != DataKind::Spill)
                continue;
            (i.opcode == Opcode::StoreData ? spillStores : spillLoads) += i.bytes;
        }
        QCOMPARE(spillStores, spilledBytes);
        QCOMPARE(spillLoads, spilledBytes);
    }

    void invalidPlanIsReportedWithItsPartition()
    {
        Fixture f;
        const Plan whole = Plan::fromInnerCuts({}, f.units.unitCount());
        QVERIFY(!f.validity.isValid(0, f.units.unitCount()));
        DiagnosticList d;
        const auto p = schedulePlan(testing::mapped(f.graph, f.arch), whole, {}, d);
        QVERIFY(!p.has_value());
        QVERIFY(d.hasErrors());
        QCOMPARE(d.all().front().location.partition, 0);
    }
};

QTEST_GUILESS_MAIN(TstScheduler)
#include "tst_scheduler.moc"
