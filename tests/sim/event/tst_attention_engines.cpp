// SPDX-License-Identifier: MIT
// attention.engine (docs/cost-model.md, "Attention"): activation MatMuls on the VFUs or on
// crossbars rewritten per input, in the estimator and the event-driven simulator.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../../core/mapping/graph_builder.h"
#include "core/arch/arch_presets.h"
#include "core/onnx/onnx_importer.h"
#include "core/pipeline/pipelines.h"
#include "core/support/diagnostics.h"
#include "sim/estimator.h"
#include "sim/event/event_simulator.h"
#include "ui/document/plan_evaluation.h"
#endif

#include <QtTest>

#include <cmath>

using namespace compass;

namespace {

/// 1-bit cells, 64 x 64 crossbars, 4-bit weights and activations, 1-bit DACs (4 input steps).
ArchSpec smallChip(std::int64_t cores, AttentionEngine engine)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = 4;
    a.crossbarRows = 64;
    a.crossbarCols = 64;
    a.crossbarReadPowerMw = 0.0;
    a.attentionEngine = engine;
    return a;
}

/// x [1, 32, 4, 4] -> 1x1 convs q and k (32 -> 32: two column blocks of 16 weights, one
/// crossbar each) -> scores = an activation MatMul of M = 16 rows, K = 32, N = 20, 2 products.
Graph attentionGraph()
{
    testing::GraphBuilder b("attention");
    const TensorId x = b.input(32, 4, 4);
    const TensorId q = b.conv("q", x, 32, 1);
    const TensorId k = b.conv("k", x, 32, 1);
    b.output(b.activationMatMul("scores", q, k, 16, 32, 20, 2));
    return b.take();
}

struct Engines
{
    double latencyNs = 0.0;
    double eventLatencyNs = 0.0;
    PlanCost estimator;
    EventSimResult event;
};

/// The plan with greedy cuts (every partition as long as it may be), costed by both engines.
Engines costBoth(const Graph& graph, const ArchSpec& arch, std::int64_t batch)
{
    CostingOptions costing;
    costing.batchSize = batch;
    const auto problem = testing::mapped(graph, arch, costing);
    Engines e;
    if (!problem)
        return e;
    const Estimator est(problem);
    std::vector<std::int32_t> cuts;
    for (std::int32_t s = problem->validity().endMax(0); s < est.unitCount();
         s = problem->validity().endMax(s))
        cuts.push_back(s);
    const Plan plan = Plan::fromInnerCuts(cuts, est.unitCount());
    e.estimator = est.planCost(plan);
    DiagnosticList d;
    const auto program = schedulePlan(problem, plan, {}, d);
    if (!program)
        return e;
    e.event = EventSimulator(*problem).run(*program, d);
    return e;
}

Graph importTestModel(const char* file)
{
    DiagnosticList d;
    std::optional<Graph> g =
        importOnnxFile(std::string(COMPASS_TEST_DATA_DIR "/onnx/") + file + ".onnx", d);
    return g ? std::move(*g) : Graph{};
}

ArchSpec preset(const char* name)
{
    DiagnosticList d;
    const std::optional<ArchSpec> a = loadArchSpec(name, {}, d);
    return a ? *a : ArchSpec{};
}

} // namespace

class TstAttentionEngines : public QObject
{
    Q_OBJECT

private slots:
    void crossbarEngineHandComputed()
    {
        // The right operand, 2 products of K x N = 32 x 20 at 4 bits, tiled as a weight layer
        // with 2 groups: a row holds 64 / 4 = 16 values, so the 2 x 20 = 40 columns are 3
        // column blocks: [0, 16) of product 0 (rows 0-31), [16, 32) across products 0 and 1
        // (rows 0-63), [32, 40) of product 1 (rows 32-63); all rows fit one 64-row block, so 3
        // crossbars, one piece (a core has 4). Values 32 x 16 + (32 x 4 + 32 x 12) + 32 x 8 =
        // 1280 = 2 x 32 x 20; written rows 32 + 64 + 32 = 128 per input; conversions per
        // left-operand row (16 + 16 + 8) columns x 4 columns per value x 4 input steps = 640.
        // Per input: 16 rows x 3 crossbars = 48 crossbar MVMs, 16 x 640 = 10240 conversions,
        // 1280 x 4 = 5120 bits written.
        const Graph graph = attentionGraph();
        const ArchSpec xbar = smallChip(4, AttentionEngine::Crossbar);
        const ArchSpec vfu = smallChip(4, AttentionEngine::Vfu);
        CostingOptions costing;
        costing.batchSize = 2;
        costing.replicate = false; // the same crossbars on both engines, but the operand's
        const auto onXbar = testing::mapped(graph, xbar, costing);
        const auto onVfu = testing::mapped(graph, vfu, costing);
        QVERIFY(onXbar && onVfu);
        const UnitTable& units = onXbar->units();
        QCOMPARE(units.unitCount(), 4);
        QCOMPARE(units.attention().size(), std::size_t{1});
        QCOMPARE(units.attention()[0].crossbars(), std::int64_t{3});
        QCOMPARE(units.attention()[0].anchorUnit, 3);
        QCOMPARE(units.attentionPieces().size(), std::size_t{1});
        const AttentionPiece& piece = units.attentionPieces()[0];
        QCOMPARE(piece.crossbars, std::int64_t{3});
        QCOMPARE(piece.values, std::int64_t{1280});
        QCOMPARE(piece.writtenRows, std::int64_t{128});
        QCOMPARE(piece.conversionsPerRow, std::int64_t{640});
        QVERIFY(onVfu->units().attention().empty());

        const PartitionCost x = Estimator(onXbar).partitionCost({0, 4});
        const PartitionCost v = Estimator(onVfu).partitionCost({0, 4});
        QVERIFY(x.valid && v.valid);
        const double batch = 2.0;
        QCOMPARE(x.crossbarsUsed - v.crossbarsUsed, std::int64_t{3});
        QCOMPARE(x.writtenBits - v.writtenBits, batch * 5120.0);
        QCOMPARE(x.energy.crossbarWritePj - v.energy.crossbarWritePj,
                 batch * 5120.0 * xbar.writeEnergyPerBitPj);
        QCOMPARE(x.energy.mvmPj - v.energy.mvmPj, batch * 10240.0 * xbar.adcEnergyPerConversionPj);
        QCOMPARE(x.cellWritesPerBatch, batch); // the operand's cells, once per input
        // On the VFUs: 2 x MACs x 0.5 bytes = 2 x (2 x 16 x 32 x 20) x 0.5 = 20480 bytes per
        // input, at 12 VFUs x 6.4 GB/s, 22.8 mW; on crossbars none (no partial sums).
        QVERIFY(std::abs((v.energy.vfuPj - x.energy.vfuPj) -
                         batch * 20480.0 / (12.0 * 6.4) * 22.8) < 1e-6);
        // Wear: the worst cell is written B times per batch.
        const PlanCost plan = aggregatePlanCost({x}, 2);
        QCOMPARE(plan.worstCellWritesPerBatch, batch);

        // The event simulator executes the writes and MVMs: the same counts.
        const Engines both = costBoth(graph, xbar, 2);
        QVERIFY(both.event.ok);
        QCOMPARE(both.event.energy.crossbarWritePj, both.estimator.energy.crossbarWritePj);
        QCOMPARE(both.event.energy.mvmPj, both.estimator.energy.mvmPj);
        QVERIFY(std::abs(both.event.latencyPerBatchNs / both.estimator.latencyPerBatchNs - 1.0) <
                0.10);
    }

    void crossbarEngineReservesCapacity()
    {
        // One core of 4 crossbars: the 4 one-crossbar units of q and k fit with the vfu
        // engine; with crossbars the 3 operand crossbars of 'scores' (anchored at unit 3) must
        // fit too, so the longest span from unit 0 ends before unit 3, and unit 3 with its
        // operand is a partition of its own (1 + 3 = 4 crossbars).
        const Graph graph = attentionGraph();
        const auto onVfu = testing::mapped(graph, smallChip(1, AttentionEngine::Vfu));
        const auto onXbar = testing::mapped(graph, smallChip(1, AttentionEngine::Crossbar));
        QVERIFY(onVfu && onXbar);
        QCOMPARE(onVfu->validity().endMax(0), 4);
        QCOMPARE(onXbar->validity().endMax(0), 3);
        QVERIFY(onVfu->validity().isValid(0, 4));
        QVERIFY(!onXbar->validity().isValid(0, 4));
        QVERIFY(onXbar->validity().isValid(3, 4));
        QCOMPARE(onVfu->validity().minimumPartitions(), 1);
        QCOMPARE(onXbar->validity().minimumPartitions(), 2);
        QVERIFY(!Estimator(onXbar).partitionCost({0, 4}).valid);
        // The capacity bound counts the reserved crossbars: ceil((4 + 3) / 4) = 2.
        QCOMPARE(capacityLowerBound(onVfu->units(), onVfu->arch()), std::int64_t{1});
        QCOMPARE(capacityLowerBound(onXbar->units(), onXbar->arch()), std::int64_t{2});
        // The explorer's partition figures count the reserved crossbars too: 1 + 3.
        const ui::PlanEvaluation e =
            ui::evaluatePlan(onXbar, Plan::fromInnerCuts({3}, onXbar->unitCount()));
        QVERIFY(e.valid);
        QCOMPARE(e.partitions.size(), std::size_t{2});
        QCOMPARE(e.partitions[1].crossbars, std::int64_t{4});
        QCOMPARE(ui::evaluatePlan(onVfu, Plan::fromInnerCuts({3}, onVfu->unitCount()))
                     .partitions[1]
                     .crossbars,
                 std::int64_t{1});
    }

    void operandLargerThanTheChipIsAnError()
    {
        // 1 core of 3 crossbars: unit 3 (1 crossbar) and the operand (3) never fit together.
        ArchSpec a = smallChip(1, AttentionEngine::Crossbar);
        a.crossbarsPerCore = 3;
        DiagnosticList d;
        const auto problem = mapProblem(std::make_shared<const Graph>(attentionGraph()), a, {}, d);
        QVERIFY(!problem);
        QVERIFY(d.hasErrors());
        const Diagnostic& e = d.all().back();
        QVERIFY2(e.message.find("attention.engine = crossbar") != std::string::npos &&
                     e.message.find("'scores'") != std::string::npos &&
                     e.message.find("attention.engine = vfu") != std::string::npos,
                 e.message.c_str());
        QCOMPARE(e.location.node, std::string("scores"));
    }

    void normalisationsCostTheirPassesPerElement()
    {
        // conv -> Softmax -> LayerNormalization on [1, 32, 4, 4] (256 bytes at 4 bits):
        // VFU bytes 5 x 256 + 7 x 256 = 3072 per input in both engines.
        testing::GraphBuilder b("norms");
        TensorId x = b.conv("c", b.input(32, 4, 4), 32, 1);
        x = b.unary("softmax", OpKind::Softmax, x);
        x = b.unary("ln", OpKind::LayerNormalization, x);
        b.output(x);
        const Graph graph = b.take();
        const ArchSpec a = smallChip(4, AttentionEngine::Vfu);
        const Engines both = costBoth(graph, a, 1);
        QVERIFY(both.event.ok);
        // The conv's partial sums: 2 units of 1 crossbar, none. Only the two operators.
        const double expected = 3072.0 / (12.0 * 6.4) * a.vfuPowerMw;
        QVERIFY2(std::abs(both.estimator.energy.vfuPj - expected) < 1e-6,
                 qPrintable(QString::number(both.estimator.energy.vfuPj)));
        QVERIFY(std::abs(both.event.energy.vfuPj - expected) < 1e-6);
    }

    void fusedAndDecomposedLayerNormCostAlike()
    {
        // The ViT export at opset 17 (LayerNormalization) and at opset 14 (its pattern): the
        // same VFU work within 5 % (the pattern's reduced tensors add a little).
        const Graph fused = importTestModel("vit_tiny_opset17");
        const Graph pattern = importTestModel("vit_tiny_opset14");
        QVERIFY(fused.nodes().size() > 0 && pattern.nodes().size() > 0);
        const ArchSpec a = preset("sram-M");
        const double f = costBoth(fused, a, 1).estimator.energy.vfuPj;
        const double p = costBoth(pattern, a, 1).estimator.energy.vfuPj;
        QVERIFY2(f > 0.0 && std::abs(p / f - 1.0) < 0.05,
                 qPrintable(QString("opset 17 %1 pJ, opset 14 %2 pJ").arg(f).arg(p)));
    }

    void vfuAttentionStreamsScoresIntoTheValueStage()
    {
        // Separate q, k and v projections, as BERT exports them: Q·Kᵀ and Softmax belong to
        // k's stage, A·V to v's. The scores [2, 16, 16] stream 16 rows where the projections'
        // outputs have none, so on the VFUs A·V takes the scores' row blocks as k's stage
        // ends them, on another core, and the two stages' VFU work overlaps (the event
        // simulator's per-block operators). A first version ran all of k's operators before
        // any of v's: 1112 ns against the event simulator's 928 ns (now 898 ns).
        testing::GraphBuilder b("qkv");
        const TensorId x = b.input(64);
        const TensorId q = b.gemm("q", x, 32);
        const TensorId k = b.gemm("k", x, 32);
        const TensorId v = b.gemm("v", x, 32);
        const TensorId scores = b.activationMatMul("scores", q, k, 16, 32, 16, 2);
        const TensorId soft = b.unary("softmax", OpKind::Softmax, scores);
        b.output(b.activationMatMul("av", soft, v, 16, 16, 32, 2));
        const Graph graph = b.take();
        ArchSpec a = smallChip(4, AttentionEngine::Vfu);
        a.pipelineGranularity = PipelineGranularity::Row;
        a.pipelineRowsPerBlock = 1;
        const Engines both = costBoth(graph, a, 1);
        QVERIFY(both.event.ok && both.estimator.valid);
        QCOMPARE(both.estimator.partitions.size(), std::size_t{1});
        const double dl = both.event.latencyPerBatchNs / both.estimator.latencyPerBatchNs - 1.0;
        QVERIFY2(std::abs(dl) < 0.05, qPrintable(QString("event %1 ns, estimator %2 ns")
                                                     .arg(both.event.latencyPerBatchNs)
                                                     .arg(both.estimator.latencyPerBatchNs)));
    }

    void tinyTransformersAgreeOnBothEngines_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("crossbar");
        QTest::addColumn<int>("batch");
        for (const char* m : {"bert_tiny_opset17", "gpt2_tiny_opset17"})
            for (bool xbar : {false, true})
                for (int batch : {1, 4})
                    QTest::addRow("%s-%s-%d", m, xbar ? "crossbar" : "vfu", batch)
                        << QString(m) << xbar << batch;
    }

    void tinyTransformersAgreeOnBothEngines()
    {
        QFETCH(QString, model);
        QFETCH(bool, crossbar);
        QFETCH(int, batch);
        const Graph graph = importTestModel(model.toUtf8().constData());
        QVERIFY(!graph.nodes().empty());
        ArchSpec a = preset("sram-M");
        a.attentionEngine = crossbar ? AttentionEngine::Crossbar : AttentionEngine::Vfu;
        const Engines both = costBoth(graph, a, batch);
        QVERIFY(both.event.ok && both.estimator.valid);
        const double dl = both.event.latencyPerBatchNs / both.estimator.latencyPerBatchNs - 1.0;
        const double de =
            both.event.energyPerInferencePj / both.estimator.energyPerInferencePj - 1.0;
        QVERIFY2(std::abs(dl) < 0.10 && std::abs(de) < 0.10,
                 qPrintable(QString("latency %1 %, energy %2 %").arg(100 * dl).arg(100 * de)));
        if (crossbar) {
            // The operand writes happen for every input: B x the per-input bits.
            QVERIFY(both.estimator.worstCellWritesPerBatch >= batch);
            QCOMPARE(both.event.energy.crossbarWritePj, both.estimator.energy.crossbarWritePj);
        }
    }
};

QTEST_GUILESS_MAIN(TstAttentionEngines)
#include "tst_attention_engines.moc"
