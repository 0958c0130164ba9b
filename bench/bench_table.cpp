// SPDX-License-Identifier: MIT
// bench_table: issue 18's benchmark table in one command. For each case the old and the new
// algorithm run side by side on the same problem, each in a child process of its own so that
// its peak RSS is its own: the exact search costing every span against the lazy search (floors,
// then bounds, then costs), the explorer's re-evaluation after a boundary drag from scratch
// against the document's memoised estimator, and the GA and the event simulator, which have
// one algorithm (their rows give it alone). Prints figures, never fails on timing.
//   bench_table [--quick]   (--quick leaves out the slow old runs: exact on resnet152 costing
//                            every span takes about a minute on 2 cores)
#include "core/arch/arch_presets.h"
#include "core/partition/memoised_cost_model.h"
#include "core/pipeline/pipelines.h"
#include "core/search/exact_search.h"
#include "core/search/partition_search.h"
#include "core/search/span_evaluator.h"
#include "core/support/diagnostics.h"
#include "core/support/resource_paths.h"
#include "sim/estimator.h"
#include "sim/event/event_simulator.h"
#include "ui/document/plan_evaluation.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;
using namespace compass;

constexpr int kThreads = 2;

/// What one run reports to the parent through a pipe.
struct Figure
{
    double seconds = -1.0;      ///< Wall time of the measured work (negative: not run).
    long long work = 0;         ///< Spans costed, or instructions simulated.
    double result = 0.0;        ///< Latency per batch (ns) of the plan found or evaluated.
    std::uint64_t planHash = 0; ///< Of the plan's cuts, to compare the old and new plans.
    long peakRssMb = 0;
};

std::uint64_t hashCuts(const Plan& plan)
{
    std::uint64_t h = 1469598103934665603u;
    for (std::int32_t c : plan.cuts())
        h = (h ^ std::uint64_t{static_cast<std::uint32_t>(c)}) * std::uint64_t{1099511628211u};
    return h;
}

std::shared_ptr<const MappedProblem> problemOf(const char* model, const char* preset,
                                               std::int64_t batch)
{
    DiagnosticList diagnostics;
    const auto path = resolveModelPath(model);
    if (!path)
        return nullptr;
    const std::shared_ptr<const Graph> graph = importModel(*path, diagnostics);
    const std::optional<ArchSpec> arch = loadArchSpec(preset, {}, diagnostics);
    if (!graph || !arch)
        return nullptr;
    CostingOptions costing;
    costing.batchSize = batch;
    return mapProblem(graph, *arch, costing, diagnostics);
}

/// A problem mapped for a case, with its estimator and the optimisers' view of it.
struct Setup
{
    std::shared_ptr<const MappedProblem> problem;
    Estimator estimator;
    SearchProblem search;

    explicit Setup(std::shared_ptr<const MappedProblem> p)
        : problem(std::move(p))
        , estimator(problem)
        , search(estimator.searchProblem())
    {}
};

std::unique_ptr<Setup> setUp(const char* model, const char* preset, std::int64_t batch)
{
    auto problem = problemOf(model, preset, batch);
    return problem ? std::make_unique<Setup>(std::move(problem)) : nullptr;
}

/// The figure of work that started at `t0` and found or evaluated `plan`.
Figure figureOf(Clock::time_point t0, long long work, double latencyNs, const Plan& plan)
{
    Figure f;
    f.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    f.work = work;
    f.result = latencyNs;
    f.planHash = hashCuts(plan);
    return f;
}

/// Runs `work` in a child process and returns what it measured, with the child's peak RSS.
Figure inChild(const std::function<Figure()>& work)
{
    int fds[2];
    if (pipe(fds) != 0)
        return {};
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        Figure f = work();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        f.peakRssMb = usage.ru_maxrss / 1024; // kB on Linux
        const ssize_t written = write(fds[1], &f, sizeof f);
        _exit(written == static_cast<ssize_t>(sizeof f) ? 0 : 1);
    }
    close(fds[1]);
    Figure f;
    if (pid < 0 || read(fds[0], &f, sizeof f) != static_cast<ssize_t>(sizeof f))
        f = Figure{};
    close(fds[0]);
    if (pid > 0)
        waitpid(pid, nullptr, 0);
    return f;
}

Figure exactRun(const char* model, const char* preset, std::int64_t batch, ExactStrategy strategy)
{
    const std::unique_ptr<Setup> setup = setUp(model, preset, batch);
    if (!setup)
        return {};
    const auto& [problem, estimator, search] = *setup;
    SpanEvaluator evaluator(estimator, kThreads);
    const auto t0 = Clock::now();
    const Plan plan = exactSearch(search, Objective::Latency, evaluator, {}, nullptr, strategy);
    return figureOf(t0, evaluator.evaluations(), estimator.planCost(plan).latencyPerBatchNs, plan);
}

Figure geneticRun(const char* model, const char* preset, std::int64_t batch)
{
    const std::unique_ptr<Setup> setup = setUp(model, preset, batch);
    if (!setup)
        return {};
    const auto& [problem, estimator, search] = *setup;
    SearchOptions options;
    options.method = SearchMethod::Genetic;
    options.threads = kThreads;
    const auto t0 = Clock::now();
    const SearchResult r = runPartitionSearch(search, options);
    return figureOf(t0, r.spanEvaluations, r.cost.latencyPerBatchNs, r.plan);
}

/// The explorer after a drag: the layerwise plan's first movable inner cut moved by one unit,
/// evaluated as the document does (evaluatePlan). Old: a fresh estimator costing every partition.
/// New: the document's memoised estimator, which has already costed the plan before the drag.
Figure dragRun(const char* model, const char* preset, std::int64_t batch, bool memoised)
{
    const std::unique_ptr<Setup> setup = setUp(model, preset, batch);
    if (!setup)
        return {};
    const auto& [problem, estimator, search] = *setup;
    SearchOptions options;
    options.method = SearchMethod::Layerwise; // many partitions, as a user's plan has
    const Plan before = runPartitionSearch(search, options).plan;
    std::vector<std::int32_t> cuts = before.cuts();
    // Move the first inner cut one unit right (or left, when that is not valid).
    std::optional<Plan> after;
    for (std::size_t i = 1; i + 1 < cuts.size() && !after; ++i) {
        for (int step : {1, -1}) {
            std::vector<std::int32_t> moved = cuts;
            moved[i] += step;
            if (moved[i] <= moved[i - 1] || moved[i] >= moved[i + 1])
                continue;
            const Plan candidate = Plan::fromInnerCuts(
                std::vector<std::int32_t>(moved.begin() + 1, moved.end() - 1), moved.back());
            bool valid = true;
            for (std::int32_t p = 0; p < candidate.partitionCount(); ++p)
                valid = valid && estimator.isValidSpan(candidate.partition(p));
            if (valid) {
                after = candidate;
                break;
            }
        }
    }
    if (!after)
        return {};
    const auto memo = std::make_shared<MemoisedCostModel>(std::make_shared<Estimator>(problem));
    if (memoised)
        ui::evaluatePlan(problem, *memo, before); // what the document did before the drag
    const auto t0 = Clock::now();
    const ui::PlanEvaluation e =
        memoised ? ui::evaluatePlan(problem, *memo, *after) : ui::evaluatePlan(problem, *after);
    return figureOf(t0,
                    memoised ? static_cast<long long>(memo->cachedSpans())
                             : static_cast<long long>(after->partitionCount()),
                    e.cost.latencyPerBatchNs, *after);
}

Figure eventRun(const char* model, const char* preset, std::int64_t batch)
{
    const std::unique_ptr<Setup> setup = setUp(model, preset, batch);
    if (!setup)
        return {};
    const auto& [problem, estimator, search] = *setup;
    SearchOptions options;
    options.method = SearchMethod::Exact;
    const Plan plan = runPartitionSearch(search, options).plan;
    DiagnosticList diagnostics;
    const auto t0 = Clock::now();
    const std::optional<Program> program = schedulePlan(problem, plan, {}, diagnostics);
    if (!program)
        return {};
    EventSimOptions simOptions;
    simOptions.recordTimings = false;
    const EventSimResult sim = EventSimulator(*problem, simOptions).run(*program, diagnostics);
    return figureOf(t0, sim.instructions, sim.latencyPerBatchNs, plan);
}

std::string timeText(const Figure& f)
{
    if (f.seconds < 0.0)
        return "-";
    char text[32];
    if (f.seconds < 1.0)
        std::snprintf(text, sizeof text, "%.1f ms", f.seconds * 1e3);
    else
        std::snprintf(text, sizeof text, "%.2f s", f.seconds);
    return text;
}

void row(const char* what, const char* problem, const char* goal, const Figure& old,
         const Figure& now)
{
    char ratio[32] = "-";
    if (old.seconds > 0.0 && now.seconds > 0.0)
        std::snprintf(ratio, sizeof ratio, "x%.1f", old.seconds / now.seconds);
    const char* same = old.seconds < 0.0 || now.seconds < 0.0                     ? "-"
                       : old.planHash == now.planHash && old.result == now.result ? "same"
                                                                                  : "DIFFER";
    const long rss = std::max(old.peakRssMb, now.peakRssMb);
    std::printf("| %-26s | %-27s | %9s | %9s | %7s | %-6s | %11lld | %11lld | %6ld | %-9s |\n",
                what, problem, timeText(old).c_str(), timeText(now).c_str(), ratio, same, old.work,
                now.work, rss, goal);
}

} // namespace

int main(int argc, char* argv[])
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf("threads=%d%s. old/new work: spans costed (exact, GA), partitions costed "
                "(drag), instructions (event simulation). RSS: the larger of the two runs, MB.\n",
                kThreads, quick ? ", --quick: slow old runs left out" : "");
    std::printf("| %-26s | %-27s | %9s | %9s | %7s | %-6s | %11s | %11s | %6s | %-9s |\n", "case",
                "problem", "old", "new", "ratio", "result", "old work", "new work", "RSS MB",
                "goal");
    std::printf(
        "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(28, '-').c_str(),
        std::string(29, '-').c_str(), std::string(11, '-').c_str(), std::string(11, '-').c_str(),
        std::string(9, '-').c_str(), std::string(8, '-').c_str(), std::string(13, '-').c_str(),
        std::string(13, '-').c_str(), std::string(8, '-').c_str(), std::string(11, '-').c_str());
    struct Case
    {
        const char* model;
        const char* preset;
        std::int64_t batch;
        const char* label;
        const char* goal;
        bool slowOld;
    };
    const Case cases[] = {
        {"resnet152", "reram-pimcomp", 4, "resnet152 / reram-pimcomp / B4", "< 1 s", true},
        {"vgg16", "sram-S", 16, "vgg16 / sram-S / B16", "< 100 ms", false},
        {"vit_b_16", "sram-S", 1, "vit_b_16 / sram-S / B1", "< 1 s", false},
        {"gpt2_small", "sram-M", 1, "gpt2_small / sram-M / B1", "", false},
    };
    for (const Case& c : cases) {
        const Figure old = quick && c.slowOld ? Figure{} : inChild([&] {
            return exactRun(c.model, c.preset, c.batch, ExactStrategy::EverySpan);
        });
        const Figure now =
            inChild([&] { return exactRun(c.model, c.preset, c.batch, ExactStrategy::Lazy); });
        row("exact (every span / lazy)", c.label, c.goal, old, now);
    }
    for (const Case& c : cases) {
        const Figure now = inChild([&] { return geneticRun(c.model, c.preset, c.batch); });
        row("GA (one algorithm)", c.label, "", Figure{}, now);
    }
    {
        const Figure old = inChild([] { return dragRun("resnet152", "reram-pimcomp", 4, false); });
        const Figure now = inChild([] { return dragRun("resnet152", "reram-pimcomp", 4, true); });
        row("drag re-evaluation", "resnet152 / reram-pimcomp / B4", "< 50 ms", old, now);
    }
    {
        const Figure now = inChild([] { return eventRun("vgg16", "sram-S", 16); });
        row("event simulation (exact)", "vgg16 / sram-S / B16", "< 2 s", Figure{}, now);
    }
    return 0;
}
