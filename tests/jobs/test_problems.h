// SPDX-License-Identifier: MIT
// Problems and sweeps on the bundled networks, shared by the jobs tests.
#pragma once

#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/pipeline/pipelines.h"
#include "core/support/diagnostics.h"
#include "core/support/resource_paths.h"
#include "jobs/run_jobs.h"
#include "jobs/sweep_spec.h"

#include <QFileInfo>

namespace compass::test {

/// `model` (a bundled network) on the preset `arch` at `batch`, with its model file; an
/// invalid problem when either cannot be loaded.
inline jobs::RunProblem problemFor(const std::string& model, const std::string& arch,
                                   std::int64_t batch)
{
    jobs::RunProblem p;
    DiagnosticList diagnostics;
    const auto path = resolveModelPath(model);
    if (!path)
        return p;
    std::optional<Graph> graph = importOnnxFile(*path, diagnostics);
    std::optional<ArchSpec> spec = loadArchSpec(arch, {}, diagnostics);
    if (!graph || !spec)
        return p;
    CostingOptions costing;
    costing.batchSize = batch;
    p.problem =
        mapProblem(std::make_shared<const Graph>(std::move(*graph)), *spec, costing, diagnostics);
    p.modelName = QString::fromStdString(model);
    p.modelPath = QFileInfo(QString::fromStdString(path->string())).absoluteFilePath();
    return p;
}

/// A sweep spec of one problem's model and chip (axes left at their defaults).
inline jobs::SweepSpec specFor(const jobs::RunProblem& problem, const QString& name)
{
    DiagnosticList diagnostics;
    jobs::SweepSpec spec;
    spec.name = name;
    const std::optional<ModelIdentity> identity =
        identifyModel(problem.modelPath, problem.importOptions, diagnostics);
    spec.models = {{identity.value_or(ModelIdentity{}), problem.problem->sharedGraph()}};
    spec.archs = {jobs::SweepArch::fromSpec(problem.problem->arch(), "test")};
    return spec;
}

/// A genetic search that cannot end on its own within a test: only cancel stops it.
inline SearchOptions endlessGa()
{
    SearchOptions o;
    o.method = SearchMethod::Genetic;
    o.genetic.population = 400;
    o.genetic.generations = 1'000'000;
    o.genetic.patience = 0;
    o.threads = 1;
    return o;
}

} // namespace compass::test
