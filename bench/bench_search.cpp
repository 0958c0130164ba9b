// SPDX-License-Identifier: MIT
// Prints the optimisers' run times against the goals of docs/optimisers.md: exact on VGG16-S,
// the GA with the paper's settings on ResNet18-M-16, and all 45 paper configurations x 4
// methods (what `compass reproduce` runs), and the exact search with and without its
// lower-bound pruning side by side (issue 18). A plain executable: it prints figures, never fails
// on timing. Each figure is the median of several repetitions.
#include "core/arch/arch_presets.h"
#include "core/pipeline/pipelines.h"
#include "core/search/exact_search.h"
#include "core/search/partition_search.h"
#include "core/search/span_evaluator.h"
#include "core/support/resource_paths.h"
#include "sim/estimator.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::shared_ptr<const compass::Graph> load(const char* name)
{
    compass::DiagnosticList diagnostics;
    const auto path = compass::resolveModelPath(name);
    return path ? compass::importModel(*path, diagnostics) : nullptr;
}

/// The estimator of `graph` mapped onto `spec` at batch `batch`.
compass::Estimator estimatorOf(const std::shared_ptr<const compass::Graph>& graph,
                               const compass::ArchSpec& spec, std::int64_t batch)
{
    compass::CostingOptions costing;
    costing.batchSize = batch;
    compass::DiagnosticList diagnostics;
    return compass::Estimator(compass::mapProblem(graph, spec, costing, diagnostics));
}

std::optional<compass::ArchSpec> arch(const char* preset)
{
    compass::DiagnosticList diagnostics;
    return compass::loadArchSpec(preset, {}, diagnostics);
}

/// `model` mapped onto `preset` at `batch`, or nullopt (said on stdout) when either is missing.
std::optional<compass::Estimator> estimatorFor(const char* model, const char* preset,
                                               std::int64_t batch)
{
    const auto graph = load(model);
    const auto spec = arch(preset);
    if (!graph || !spec) {
        std::printf("%s on %s: cannot load\n", model, preset);
        return std::nullopt;
    }
    return estimatorOf(graph, *spec, batch);
}

double medianMs(int repetitions, const std::function<void()>& work)
{
    std::vector<double> ms;
    for (int i = 0; i < repetitions; ++i) {
        const auto t0 = Clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

void benchOne(const char* model, const char* preset, std::int64_t batch,
              compass::SearchMethod method, compass::Objective objective, int threads,
              const char* goal)
{
    const std::optional<compass::Estimator> mapped = estimatorFor(model, preset, batch);
    if (!mapped)
        return;
    const compass::Estimator& estimator = *mapped;
    const compass::SearchProblem problem = estimator.searchProblem();
    compass::SearchOptions options;
    options.method = method;
    options.objective = objective;
    options.threads = threads;
    compass::SearchResult last;
    const double ms = medianMs(5, [&] { last = compass::runPartitionSearch(problem, options); });
    std::printf("%-6s %-9s %-7s B=%-2lld %-7s threads=%d: %8.1f ms  (%lld span evaluations, "
                "%zu generations, %d partitions)  goal %s\n",
                compass::searchMethodName(method), model, preset, static_cast<long long>(batch),
                compass::objectiveName(objective), threads, ms,
                static_cast<long long>(last.spanEvaluations), last.convergence.size(),
                last.plan.partitionCount(), goal);
}

void benchReproduction(int threads)
{
    struct Net
    {
        const char* model;
    };
    const char* models[] = {"vgg16", "resnet18", "squeezenet1_1"};
    const char* chips[] = {"sram-S", "sram-M", "sram-L"};
    const std::int64_t batches[] = {1, 2, 4, 8, 16};
    std::vector<std::shared_ptr<const compass::Graph>> graphs;
    for (const char* m : models) {
        if (auto g = load(m))
            graphs.push_back(std::move(g));
    }
    std::vector<compass::ArchSpec> specs;
    for (const char* c : chips) {
        if (auto s = arch(c))
            specs.push_back(*s);
    }
    const auto t0 = Clock::now();
    int runs = 0;
    for (const auto& g : graphs) {
        for (const compass::ArchSpec& s : specs) {
            for (std::int64_t b : batches) {
                const compass::Estimator estimator = estimatorOf(g, s, b);
                const compass::SearchProblem problem = estimator.searchProblem();
                for (auto m : {compass::SearchMethod::Greedy, compass::SearchMethod::Layerwise,
                               compass::SearchMethod::Genetic, compass::SearchMethod::Exact}) {
                    compass::SearchOptions options;
                    options.method = m;
                    options.threads = threads;
                    compass::runPartitionSearch(problem, options);
                    ++runs;
                }
            }
        }
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("reproduce: %d configurations x 4 methods = %d runs, threads=%d: %.2f s  "
                "goal < 60 s on 2 cores\n",
                runs / 4, runs, threads, s);
}

/// Issue 18: the exact search with its lower-bound pruning against costing every span (what it
/// did before), in one run, on the same problem: wall times, spans costed, the ratio, and
/// whether the plans agree.
void benchExactPruning(const char* model, const char* preset, std::int64_t batch, int threads,
                       bool alsoEverySpan)
{
    const std::optional<compass::Estimator> mapped = estimatorFor(model, preset, batch);
    if (!mapped)
        return;
    const compass::Estimator& estimator = *mapped;
    const compass::SearchProblem problem = estimator.searchProblem();
    auto run = [&](compass::ExactStrategy strategy, compass::Plan& plan, std::int64_t& costed) {
        compass::SpanEvaluator evaluator(estimator, threads);
        const auto t0 = Clock::now();
        plan = compass::exactSearch(problem, compass::Objective::Latency, evaluator, {}, nullptr,
                                    strategy);
        costed = evaluator.evaluations();
        return std::chrono::duration<double>(Clock::now() - t0).count();
    };
    std::int64_t spans = 0;
    for (std::int32_t a = 0; a < problem.validity.unitCount(); ++a)
        spans += problem.validity.endMax(a) - a;
    compass::Plan pruned;
    std::int64_t prunedCosted = 0;
    const double prunedS = run(compass::ExactStrategy::Lazy, pruned, prunedCosted);
    std::printf("exact  %-13s %-13s B=%-2lld threads=%d, %9lld valid spans: pruned %9.1f ms, "
                "%9lld costed",
                model, preset, static_cast<long long>(batch), threads,
                static_cast<long long>(spans), prunedS * 1e3, static_cast<long long>(prunedCosted));
    if (!alsoEverySpan) {
        std::printf("; every span: not run here (see docs/optimisers.md)\n");
        return;
    }
    compass::Plan all;
    std::int64_t allCosted = 0;
    const double allS = run(compass::ExactStrategy::EverySpan, all, allCosted);
    std::printf("; every span %9.1f ms; x%.1f, %s\n", allS * 1e3,
                prunedS > 0.0 ? allS / prunedS : 0.0,
                pruned.cuts() == all.cuts() ? "same plan" : "PLANS DIFFER");
}

long peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024; // kB on Linux
}

} // namespace

int main()
{
    using compass::Objective;
    using compass::SearchMethod;
    for (int threads : {1, 2}) {
        benchOne("vgg16", "sram-S", 16, SearchMethod::Exact, Objective::Latency, threads,
                 "< 100 ms");
        benchOne("vgg16", "sram-S", 16, SearchMethod::Exact, Objective::Edp, threads,
                 "(Pareto DP)");
        benchOne("resnet18", "sram-M", 16, SearchMethod::Genetic, Objective::Latency, threads,
                 "< 1 s");
        benchOne("vgg16", "sram-S", 16, SearchMethod::Genetic, Objective::Latency, threads,
                 "(largest paper network)");
    }
    benchReproduction(2);
    benchExactPruning("vgg16", "sram-S", 16, 2, true);
    benchExactPruning("resnet18", "reram-pimcomp", 4, 2, true);
    benchExactPruning("mobilenet_v2", "reram-pimcomp", 4, 2, true);
    benchExactPruning("vit_b_16", "sram-S", 1, 2, true);
    benchExactPruning("gpt2_small", "sram-M", 1, 2, true);
    benchExactPruning("resnet152", "reram-pimcomp", 4, 2, false);
    std::printf("peak RSS: %ld MB\n", peakRssMb());
    return 0;
}
