// SPDX-License-Identifier: MIT
#include "pipelines.h"

#include "core/pipeline/mapping_passes.h"
#include "core/pipeline/pipeline_state.h"
#include "core/problem/mapped_problem.h"
#include "core/schedule/schedule_pass.h"

namespace compass {

Pipeline& addPasses(Pipeline& pipeline, PassGroup group, CostModelFactory factory)
{
    switch (group) {
    case PassGroup::Import:
        pipeline.add(std::make_unique<OnnxImportPass>());
        pipeline.add(std::make_unique<ShapeInferencePass>());
        break;
    case PassGroup::Mapping:
        pipeline.add(std::make_unique<CrossbarTilingPass>());
        pipeline.add(std::make_unique<UnitTablePass>());
        pipeline.add(std::make_unique<ValidityPass>());
        pipeline.add(std::make_unique<SpanIoPass>());
        break;
    case PassGroup::Search:
        pipeline.add(std::make_unique<SearchPass>(std::move(factory)));
        break;
    case PassGroup::Schedule:
        pipeline.add(std::make_unique<CorePlacementPass>());
        pipeline.add(std::make_unique<LocalMemoryPass>());
        pipeline.add(std::make_unique<InstructionEmissionPass>());
        break;
    }
    return pipeline;
}

Pipeline makePipeline(std::initializer_list<PassGroup> groups, CostModelFactory factory)
{
    Pipeline pipeline;
    for (PassGroup group : groups)
        addPasses(pipeline, group, factory);
    return pipeline;
}

std::vector<PassInfo> passInfos(std::initializer_list<PassGroup> groups)
{
    std::vector<PassInfo> infos;
    const Pipeline pipeline = makePipeline(groups);
    for (const auto& pass : pipeline.passes())
        infos.push_back({pass->name(), pass->description()});
    return infos;
}

namespace {

/// Runs `pipeline` on `state`; true when every pass ran (not failed, not stopped for a dump).
bool completes(const Pipeline& pipeline, PipelineState& state, DiagnosticSink& diagnostics,
               PassInstrumentation* instrumentation)
{
    return pipeline.run(state, diagnostics, instrumentation) == PipelineStatus::Completed;
}

} // namespace

std::shared_ptr<const Graph> importModel(const std::filesystem::path& path,
                                         DiagnosticSink& diagnostics,
                                         PassInstrumentation* instrumentation,
                                         const OnnxImportOptions& options)
{
    static const Pipeline pipeline = makePipeline({PassGroup::Import});
    PipelineState state;
    state.modelPath = path;
    state.importOptions = options;
    return completes(pipeline, state, diagnostics, instrumentation) ? state.graph : nullptr;
}

std::shared_ptr<const MappedProblem> mapProblem(std::shared_ptr<const Graph> graph,
                                                const ArchSpec& arch, const CostingOptions& costing,
                                                DiagnosticSink& diagnostics,
                                                PassInstrumentation* instrumentation)
{
    static const Pipeline pipeline = makePipeline({PassGroup::Mapping});
    PipelineState state;
    state.graph = std::move(graph);
    state.arch = arch;
    state.costing = costing;
    return completes(pipeline, state, diagnostics, instrumentation) ? state.problem : nullptr;
}

std::optional<SearchResult> searchPlan(std::shared_ptr<const MappedProblem> problem,
                                       std::shared_ptr<const CostModel> cost,
                                       const SearchOptions& options, DiagnosticSink& diagnostics,
                                       PassInstrumentation* instrumentation,
                                       const SearchControl& control)
{
    static const Pipeline pipeline = makePipeline({PassGroup::Search});
    PipelineState state;
    state.problem = std::move(problem);
    state.costModel = std::move(cost);
    state.search = options;
    state.searchControl = control;
    if (!completes(pipeline, state, diagnostics, instrumentation))
        return std::nullopt;
    return std::move(state.searchResult);
}

std::optional<Program> schedulePlan(std::shared_ptr<const MappedProblem> problem, const Plan& plan,
                                    const ScheduleOptions& options, DiagnosticSink& diagnostics,
                                    PassInstrumentation* instrumentation)
{
    static const Pipeline pipeline = makePipeline({PassGroup::Schedule});
    PipelineState state;
    state.problem = std::move(problem);
    state.plan = plan;
    state.schedule = options;
    if (!completes(pipeline, state, diagnostics, instrumentation))
        return std::nullopt;
    return std::move(state.program);
}

} // namespace compass
