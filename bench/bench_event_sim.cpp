// SPDX-License-Identifier: MIT
// bench_event_sim: compiles and simulates VGG16 on sram-S at batch 16 (the largest of the
// paper's configurations) with the greedy, layerwise and exact plans; prints the scheduling and
// simulation time, simulated instructions per second, and the estimator's latency and energy
// beside the event simulator's. Target: the event simulation under 2 s on one core.
#include "core/arch/arch_presets.h"
#include "core/pipeline/pipelines.h"
#include "core/search/partition_search.h"
#include "core/support/diagnostics.h"
#include "core/support/resource_paths.h"
#include "sim/estimator.h"
#include "sim/event/event_simulator.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char* argv[])
{
    using namespace compass;
    const char* model = argc > 1 ? argv[1] : "vgg16";
    const char* preset = argc > 2 ? argv[2] : "sram-S";
    const std::int64_t batch = argc > 3 ? std::atoll(argv[3]) : 16;
    DiagnosticList diagnostics;
    const auto path = resolveModelPath(model);
    if (!path) {
        std::fprintf(stderr, "bench_event_sim: model %s not found\n", model);
        return 1;
    }
    const std::shared_ptr<const Graph> graph = importModel(*path, diagnostics);
    const std::optional<ArchSpec> arch = loadArchSpec(preset, {}, diagnostics);
    if (!graph || !arch) {
        std::fprintf(stderr, "bench_event_sim: cannot load %s / %s\n", model, preset);
        return 1;
    }
    CostingOptions costing;
    costing.batchSize = batch;
    const std::shared_ptr<const MappedProblem> mapped =
        mapProblem(graph, *arch, costing, diagnostics);
    if (!mapped) {
        std::fprintf(stderr, "bench_event_sim: %s has nothing to map\n", model);
        return 1;
    }
    const Estimator estimator(mapped);
    const SearchProblem problem = estimator.searchProblem();
    std::printf("%s on %s, batch %lld: %d units\n", model, preset, static_cast<long long>(batch),
                estimator.unitCount());
    std::printf("%-10s %6s %10s %9s %9s %12s %12s %12s %8s %12s %12s %8s\n", "method", "parts",
                "instrs", "sched s", "sim s", "instr/s", "est us", "event us", "d lat",
                "est uJ/inf", "ev uJ/inf", "d E");
    for (SearchMethod method :
         {SearchMethod::Greedy, SearchMethod::Layerwise, SearchMethod::Exact}) {
        SearchOptions so;
        so.method = method;
        so.threads = 1;
        const SearchResult found = runPartitionSearch(problem, so);
        auto t0 = std::chrono::steady_clock::now();
        const std::optional<Program> program = schedulePlan(mapped, found.plan, {}, diagnostics);
        const double scheduleS = secondsSince(t0);
        if (!program) {
            std::fprintf(stderr, "bench_event_sim: scheduling failed\n");
            return 1;
        }
        EventSimOptions simOptions;
        simOptions.recordTimings = false;
        t0 = std::chrono::steady_clock::now();
        const EventSimResult sim = EventSimulator(*mapped, simOptions).run(*program, diagnostics);
        const double simS = secondsSince(t0);
        const double estUs = found.cost.latencyPerBatchNs / 1000.0;
        const double evUs = sim.latencyPerBatchNs / 1000.0;
        std::printf(
            "%-10s %6d %10lld %9.3f %9.3f %12.3g %12.1f %12.1f %7.1f%% %12.2f %12.2f %7.1f%%\n",
            searchMethodName(method), found.plan.partitionCount(),
            static_cast<long long>(sim.instructions), scheduleS, simS,
            static_cast<double>(sim.instructions) / simS, estUs, evUs,
            (evUs - estUs) / estUs * 100.0, found.cost.energyPerInferencePj * 1e-6,
            sim.energyPerInferencePj * 1e-6,
            (sim.energyPerInferencePj - found.cost.energyPerInferencePj) /
                found.cost.energyPerInferencePj * 100.0);
    }
    return 0;
}
