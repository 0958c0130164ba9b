// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"
#include "core/search/objective.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace compass {

class CostModel;
struct SearchControl;

/// Spans evaluated so far and the total, for progress bars.
using SpanProgress = std::function<void(std::size_t done, std::size_t total)>;

/// Threads that stay parked between jobs, so a search that fans out many small batches (the
/// exact search's rounds, the GA's generations) does not start threads for each one.
class WorkerPool
{
public:
    explicit WorkerPool(std::size_t extraThreads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Runs job(false) on every pool thread and job(true) on the caller; returns when all have
    /// returned. One job at a time (the owner's thread calls it).
    void run(const std::function<void(bool)>& job);

private:
    void loop();

    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    const std::function<void(bool)>* m_job = nullptr;
    std::uint64_t m_generation = 0;
    std::size_t m_running = 0;
    bool m_stop = false;
};

/// Memoised span costs for one search, evaluated on several threads. Not itself thread-safe:
/// one search thread owns it and fans evaluation out to workers in evaluateAll().
class SpanEvaluator
{
public:
    SpanEvaluator(const CostModel& cost, std::int32_t threads);

    /// Cost of one span, from the cache or evaluated now on the calling thread.
    SpanValue value(UnitSpan span);
    /// Evaluates every span not yet cached, spread over the worker threads.
    void prefetch(const std::vector<UnitSpan>& spans);
    /// Evaluates `spans` in order into `out` (same size) on the worker threads, without caching.
    /// Stops early, leaving the rest zero, when `control` is cancelled.
    /// `progress` (spans evaluated so far, of the total) is called on the calling thread only.
    void evaluateAll(const std::vector<UnitSpan>& spans, std::vector<SpanValue>& out,
                     const SearchControl* control = nullptr, const SpanProgress& progress = {});
    /// As evaluateAll, with the cost model's lower bounds (CostModel::partitionCostLowerBound)
    /// instead of the costs.
    void lowerBoundsAll(const std::vector<UnitSpan>& spans, std::vector<SpanValue>& out,
                        const SearchControl* control = nullptr, const SpanProgress& progress = {});

    /// Early replacement (CostModel::overlapsPartitions): how much of `next`'s weight load runs
    /// under `prev`, its neighbour before it (CostModel::replacementProfile, cached per span),
    /// and the static energy of that time: what a plan holding both saves.
    SpanValue overlap(UnitSpan prev, UnitSpan next);
    /// Caches the profiles of `spans` (those not cached yet) on the worker threads.
    void prefetchProfiles(const std::vector<UnitSpan>& spans);
    /// Computes the profiles of `spans` into `out` on the worker threads, without caching.
    void profilesAll(const std::vector<UnitSpan>& spans, std::vector<ReplacementProfile>& out);

    std::int64_t evaluations() const { return m_evaluations; }
    std::int32_t threads() const { return m_threads; }
    const CostModel& costModel() const { return m_cost; }

private:
    static std::uint64_t key(UnitSpan span)
    {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(span.begin)) << 32) |
               static_cast<std::uint32_t>(span.end);
    }
    SpanValue compute(UnitSpan span) const;
    SpanValue computeLowerBound(UnitSpan span) const;
    void fanOut(const std::vector<UnitSpan>& spans, std::vector<SpanValue>& out, bool lowerBounds,
                const SearchControl* control, const SpanProgress& progress);
    /// Runs work(i) for i in [0, count) on the worker threads (serially for few items).
    void parallelFor(std::size_t count, const std::function<void(std::size_t)>& work,
                     const SearchControl* control, const SpanProgress& progress);
    const ReplacementProfile& profile(UnitSpan span);

    const CostModel& m_cost;
    std::int32_t m_threads;
    std::int64_t m_evaluations = 0;
    std::unordered_map<std::uint64_t, SpanValue> m_cache;
    std::unordered_map<std::uint64_t, ReplacementProfile> m_profiles;
    std::unique_ptr<WorkerPool> m_pool; ///< m_threads - 1 threads, started on first use.
};

/// Worker threads to use for `requested` (0 = one per hardware thread, at least 1).
std::int32_t resolveThreadCount(std::int32_t requested);

} // namespace compass
