// SPDX-License-Identifier: MIT
// Prints how long the estimator takes per span evaluation (VGG16 on sram-S and friends) and
// the Fig. 9 calibration figures (ResNet18, weight load + write energy over MVM energy).
// A plain executable: it prints figures and never fails on timing.
#include "core/arch/arch_presets.h"
#include "core/pipeline/pipelines.h"
#include "core/support/resource_paths.h"
#include "sim/estimator.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>

namespace {

std::shared_ptr<const compass::Graph> load(const char* name)
{
    compass::DiagnosticList diagnostics;
    const auto path = compass::resolveModelPath(name);
    if (!path)
        return nullptr;
    return compass::importModel(*path, diagnostics);
}

/// `graph` mapped onto `spec` at batch `batch` (the mapping passes).
std::shared_ptr<const compass::MappedProblem>
mapped(const std::shared_ptr<const compass::Graph>& graph, const compass::ArchSpec& spec,
       std::int64_t batch)
{
    compass::CostingOptions costing;
    costing.batchSize = batch;
    compass::DiagnosticList diagnostics;
    return compass::mapProblem(graph, spec, costing, diagnostics);
}

std::optional<compass::ArchSpec> arch(const char* preset)
{
    compass::DiagnosticList diagnostics;
    return compass::loadArchSpec(preset, {}, diagnostics);
}

void benchSpans(const std::shared_ptr<const compass::Graph>& graph, const char* preset)
{
    const auto spec = arch(preset);
    if (!spec)
        return;
    const auto t0 = std::chrono::steady_clock::now();
    const compass::Estimator estimator(mapped(graph, *spec, 16));
    const auto t1 = std::chrono::steady_clock::now();
    const std::int32_t m = estimator.unitCount();
    std::vector<compass::UnitSpan> spans;
    std::mt19937 rng(42);
    for (int i = 0; i < 20000; ++i) {
        const auto a = static_cast<std::int32_t>(rng() % static_cast<unsigned>(m));
        const std::int32_t maxEnd = estimator.problem().validity().endMax(a);
        const auto b = a + 1 + static_cast<std::int32_t>(rng() % static_cast<unsigned>(maxEnd - a));
        spans.push_back({a, b});
    }
    double sink = 0.0;
    const auto t2 = std::chrono::steady_clock::now();
    for (const compass::UnitSpan& s : spans)
        sink += estimator.partitionCost(s).latencyNs();
    const auto t3 = std::chrono::steady_clock::now();
    const double buildMs = std::chrono::duration<double, std::milli>(t1 - t0).count();
    const double perSpanUs = std::chrono::duration<double, std::micro>(t3 - t2).count() /
                             static_cast<double>(spans.size());
    std::printf("%-10s %-8s units %5d  min partitions %3d  build %8.2f ms  span cost %7.3f us "
                "(random valid spans, B = 16, replication on)  [%g]\n",
                graph->name.c_str(), preset, m, estimator.problem().validity().minimumPartitions(),
                buildMs, perSpanUs, sink > 0 ? 1.0 : 0.0);
}

void calibration(const std::shared_ptr<const compass::Graph>& graph, const char* preset,
                 double adcPj)
{
    auto spec = arch(preset);
    if (!spec)
        return;
    if (adcPj > 0.0)
        spec->adcEnergyPerConversionPj = adcPj;
    std::printf("calibration %s %s (adc %.3f pJ/conversion): (weight load + write) / MVM energy:",
                graph->name.c_str(), preset, spec->adcEnergyPerConversionPj);
    for (std::int64_t b : {1, 2, 4, 8, 16}) {
        const compass::Estimator estimator(mapped(graph, *spec, b));
        const compass::PartitionCost whole = estimator.partitionCost({0, estimator.unitCount()});
        // Energy parts do not depend on the plan except activations: use one span
        // (validity is irrelevant for these three parts).
        const double ratio = whole.energy.replacementOverMvm();
        std::printf("  B=%lld %.3f", static_cast<long long>(b), ratio);
    }
    std::printf("\n");
}

} // namespace

int main()
{
    const auto vgg = load("vgg16");
    const auto resnet = load("resnet18");
    const auto squeeze = load("squeezenet1_1");
    for (const char* preset : {"sram-S", "sram-M", "sram-L"}) {
        if (vgg)
            benchSpans(vgg, preset);
        if (resnet)
            benchSpans(resnet, preset);
        if (squeeze)
            benchSpans(squeeze, preset);
    }
    if (const auto big = load("resnet152"))
        benchSpans(big, "reram-pimcomp");
    if (resnet) {
        for (const char* preset : {"sram-S", "sram-M", "sram-L"})
            calibration(resnet, preset, 0.0);
        // The value docs/cost-model.md chose to meet COMPASS Fig. 9.
        calibration(resnet, "sram-M", 0.45);
    }
    return 0;
}
