// SPDX-License-Identifier: MIT
// The pass pipeline: passes run in order and set their typed products, timings are recorded
// per pass, --dump-after stops after its pass, a pass run too early names the pass it needs,
// and the mapped problem it builds shares its mapping across costing options.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../mapping/graph_builder.h"
#include "core/pipeline/mapping_passes.h"
#include "core/pipeline/pipeline_state.h"
#include "core/pipeline/pipelines.h"
#include "core/problem/mapped_problem.h"
#include "core/support/diagnostics.h"
#endif

#include <QtTest>

using namespace compass;

namespace {

using testing::buildSmallNet;
using testing::smallChip;

std::vector<std::string> names(const std::vector<PassTiming>& timings)
{
    std::vector<std::string> out;
    for (const PassTiming& t : timings)
        out.push_back(t.pass);
    return out;
}

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT

private slots:
    void importAndMappingSetEveryProductInOrder()
    {
        PipelineState state;
        state.modelPath = COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx";
        state.arch = smallChip();
        state.costing.batchSize = 4;
        DiagnosticList d;
        PassInstrumentation instrumentation;
        const Pipeline pipeline = makePipeline({PassGroup::Import, PassGroup::Mapping});
        QCOMPARE(pipeline.run(state, d, &instrumentation), PipelineStatus::Completed);
        QVERIFY(!d.hasErrors());
        const std::vector<std::string> expected{"onnx-import", "shape-inference", "crossbar-tiling",
                                                "unit-table",  "validity",        "span-io"};
        QCOMPARE(pipeline.passNames(), expected);
        QCOMPARE(names(instrumentation.timings()), expected);
        for (const PassTiming& t : instrumentation.timings()) {
            QCOMPARE(t.runs, std::int64_t{1});
            QVERIFY(t.wallNs >= 0.0);
        }
        // The import product moved on to the frozen graph; the problem holds the products.
        QVERIFY(!state.importedGraph);
        QVERIFY(state.graph && state.tiling && state.units && state.validity && state.problem);
        QCOMPARE(state.problem->sharedGraph(), state.graph);
        QCOMPARE(&state.problem->units(), state.units.get());
        QCOMPARE(&state.problem->validity(), state.validity.get());
        QCOMPARE(state.problem->tiling().size(), state.tiling->size());
        QCOMPARE(state.problem->batchSize(), std::int64_t{4});
        QCOMPARE(state.problem->unitCount(), state.units->unitCount());
    }

    void dumpAfterStopsAfterItsPass()
    {
        PipelineState state;
        state.graph = std::make_shared<const Graph>(buildSmallNet());
        state.arch = smallChip();
        DiagnosticList d;
        PassInstrumentation instrumentation;
        instrumentation.setDumpAfter("unit-table");
        QCOMPARE(makePipeline({PassGroup::Mapping}).run(state, d, &instrumentation),
                 PipelineStatus::Stopped);
        QVERIFY(state.units);
        QVERIFY(!state.validity); // validity never ran
        QVERIFY(instrumentation.hasDump());
        const std::string dump = instrumentation.dump().value();
        QVERIFY(dump.rfind("unit table: " + std::to_string(state.units->unitCount()) + " units",
                           0) == 0);
        QCOMPARE(names(instrumentation.timings()),
                 (std::vector<std::string>{"crossbar-tiling", "unit-table"}));
    }

    void timingsAddUpOverRuns()
    {
        const auto graph = std::make_shared<const Graph>(buildSmallNet());
        PassInstrumentation instrumentation;
        DiagnosticList d;
        QVERIFY(mapProblem(graph, smallChip(), {}, d, &instrumentation));
        QVERIFY(mapProblem(graph, smallChip(), {}, d, &instrumentation));
        for (const PassTiming& t : instrumentation.timings())
            QCOMPARE(t.runs, std::int64_t{2});
        const std::string table = formatPassTimings(instrumentation.timings());
        for (const char* pass : {"crossbar-tiling", "unit-table", "validity", "span-io", "total"})
            QVERIFY2(table.find(pass) != std::string::npos, pass);
    }

    void aPassRunTooEarlyNamesThePassItNeeds()
    {
        PipelineState state;
        state.arch = smallChip();
        DiagnosticList d;
        Pipeline pipeline;
        pipeline.add(std::make_unique<ValidityPass>());
        QCOMPARE(pipeline.run(state, d), PipelineStatus::Failed);
        QVERIFY(d.hasErrors());
        QVERIFY(d.all().front().message.find("run unit-table first") != std::string::npos);
    }

    void aNetworkWithoutWeightLayersHasNothingToMap()
    {
        testing::GraphBuilder b("relu only");
        b.output(b.unary("relu", OpKind::Relu, b.input(8, 4, 4)));
        DiagnosticList d;
        QVERIFY(!mapProblem(std::make_shared<const Graph>(b.take()), smallChip(), {}, d));
        QVERIFY(d.hasErrors());
        QVERIFY(d.all().front().message.find("no weight layers") != std::string::npos);
    }

    void otherCostingSharesTheMapping()
    {
        const auto problem = testing::mapped(buildSmallNet(), smallChip());
        QVERIFY(problem);
        const auto batch8 = problem->withBatchSize(8);
        QCOMPARE(batch8->batchSize(), std::int64_t{8});
        QCOMPARE(problem->batchSize(), std::int64_t{1}); // the original is unchanged
        QCOMPARE(&batch8->graph(), &problem->graph());
        QCOMPARE(&batch8->units(), &problem->units());
        QCOMPARE(&batch8->validity(), &problem->validity());
        QCOMPARE(&batch8->io(), &problem->io()); // same partial-sum width: same span I/O
        CostingOptions wide = problem->costing();
        wide.partialSumBits = 32;
        const auto psum32 = problem->withCosting(wide);
        QCOMPARE(&psum32->units(), &problem->units());
        QVERIFY(&psum32->io() != &problem->io());
        QCOMPARE(problem->withBatchSize(0)->batchSize(), std::int64_t{1}); // clamped to B >= 1
    }

    void scheduleRunsInTheSamePipeline()
    {
        PipelineState state;
        state.graph = std::make_shared<const Graph>(buildSmallNet());
        state.arch = smallChip();
        DiagnosticList d;
        QCOMPARE(makePipeline({PassGroup::Mapping}).run(state, d), PipelineStatus::Completed);
        const ValidityMap& v = state.problem->validity();
        std::vector<std::int32_t> cuts;
        for (std::int32_t a = v.endMax(0); a < v.unitCount(); a = v.endMax(a))
            cuts.push_back(a);
        state.plan = Plan::fromInnerCuts(cuts, v.unitCount());
        PassInstrumentation instrumentation;
        QCOMPARE(makePipeline({PassGroup::Schedule}).run(state, d, &instrumentation),
                 PipelineStatus::Completed);
        QCOMPARE(
            names(instrumentation.timings()),
            (std::vector<std::string>{"core-placement", "local-memory", "instruction-emission"}));
        QVERIFY(state.program);
        QCOMPARE(state.placements.size(), static_cast<std::size_t>(state.plan->partitionCount()));
        QCOMPARE(state.program->partitions.size(), state.placements.size());
        QVERIFY(!state.program->instructions.empty());
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
