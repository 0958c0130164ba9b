// SPDX-License-Identifier: MIT
#include "span_evaluator.h"

#include "core/partition/cost_model.h"
#include "core/search/search_types.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace compass {

std::int32_t resolveThreadCount(std::int32_t requested)
{
    if (requested > 0)
        return requested;
    const unsigned hw = std::thread::hardware_concurrency();
    return std::max(1, static_cast<std::int32_t>(hw));
}

WorkerPool::WorkerPool(std::size_t extraThreads)
{
    m_threads.reserve(extraThreads);
    for (std::size_t i = 0; i < extraThreads; ++i)
        m_threads.emplace_back([this] { loop(); });
}

WorkerPool::~WorkerPool()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread& t : m_threads)
        t.join();
}

void WorkerPool::loop()
{
    std::uint64_t seen = 0;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || m_generation != seen; });
        if (m_stop)
            return;
        seen = m_generation;
        const std::function<void(bool)>* job = m_job;
        lock.unlock();
        (*job)(false);
        lock.lock();
        if (--m_running == 0)
            m_done.notify_one();
    }
}

void WorkerPool::run(const std::function<void(bool)>& job)
{
    {
        const std::lock_guard lock(m_mutex);
        m_job = &job;
        m_running = m_threads.size();
        ++m_generation;
    }
    m_wake.notify_all();
    job(true);
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [&] { return m_running == 0; });
    m_job = nullptr;
}

SpanEvaluator::SpanEvaluator(const CostModel& cost, std::int32_t threads)
    : m_cost(cost)
    , m_threads(resolveThreadCount(threads))
{}

SpanValue SpanEvaluator::compute(UnitSpan span) const
{
    const PartitionCost c = m_cost.partitionCost(span);
    return {c.latencyNs(), c.energyPj()};
}

SpanValue SpanEvaluator::computeLowerBound(UnitSpan span) const
{
    bool exact = false;
    const PartitionCost c = m_cost.partitionCostLowerBound(span, &exact);
    return {c.latencyNs(), c.energyPj(), exact};
}

SpanValue SpanEvaluator::value(UnitSpan span)
{
    const auto [it, inserted] = m_cache.try_emplace(key(span));
    if (inserted) {
        it->second = compute(span);
        ++m_evaluations;
    }
    return it->second;
}

void SpanEvaluator::prefetch(const std::vector<UnitSpan>& spans)
{
    std::vector<UnitSpan> missing;
    for (const UnitSpan& s : spans) {
        if (!m_cache.contains(key(s)))
            missing.push_back(s);
    }
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    std::vector<SpanValue> values(missing.size());
    evaluateAll(missing, values);
    for (std::size_t i = 0; i < missing.size(); ++i)
        m_cache.emplace(key(missing[i]), values[i]);
}

void SpanEvaluator::evaluateAll(const std::vector<UnitSpan>& spans, std::vector<SpanValue>& out,
                                const SearchControl* control, const SpanProgress& progress)
{
    m_evaluations += static_cast<std::int64_t>(spans.size());
    fanOut(spans, out, false, control, progress);
}

void SpanEvaluator::lowerBoundsAll(const std::vector<UnitSpan>& spans, std::vector<SpanValue>& out,
                                   const SearchControl* control, const SpanProgress& progress)
{
    fanOut(spans, out, true, control, progress);
}

void SpanEvaluator::fanOut(const std::vector<UnitSpan>& spans, std::vector<SpanValue>& out,
                           bool lowerBounds, const SearchControl* control,
                           const SpanProgress& progress)
{
    out.resize(spans.size());
    parallelFor(
        spans.size(),
        [&](std::size_t i) {
            out[i] = lowerBounds ? computeLowerBound(spans[i]) : compute(spans[i]);
        },
        control, progress);
}

void SpanEvaluator::parallelFor(std::size_t count, const std::function<void(std::size_t)>& item,
                                const SearchControl* control, const SpanProgress& progress)
{
    // Work is handed out in blocks from a shared counter, so uneven span costs balance: about
    // eight blocks per thread, at most 64 spans each. Waking the pool costs tens of
    // microseconds, so a batch under kSerialBelow spans runs on the caller.
    const std::size_t threads = static_cast<std::size_t>(m_threads);
    constexpr std::size_t kSerialBelow = 32;
    const std::size_t block = std::clamp<std::size_t>(count / (8 * threads), 1, 64);
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    // Only the calling thread reports progress, so `progress` needs no locking.
    const std::function<void(bool)> work = [&](bool reports) {
        for (;;) {
            if (control && control->isCancelled())
                return;
            const std::size_t first = next.fetch_add(block);
            if (first >= count)
                return;
            const std::size_t last = std::min(count, first + block);
            for (std::size_t i = first; i < last; ++i)
                item(i);
            const std::size_t finished = done.fetch_add(last - first) + (last - first);
            if (reports && progress)
                progress(finished, count);
        }
    };
    if (threads <= 1 || count < kSerialBelow) {
        work(true);
        return;
    }
    if (!m_pool)
        m_pool = std::make_unique<WorkerPool>(threads - 1);
    m_pool->run(work);
    // The workers may have finished the last blocks: report the final count once they are in.
    if (progress && !(control && control->isCancelled()))
        progress(done.load(), count);
}

const ReplacementProfile& SpanEvaluator::profile(UnitSpan span)
{
    const auto [it, inserted] = m_profiles.try_emplace(key(span));
    if (inserted)
        it->second = m_cost.replacementProfile(span);
    return it->second;
}

SpanValue SpanEvaluator::overlap(UnitSpan prev, UnitSpan next)
{
    if (!m_cost.overlapsPartitions())
        return {0.0, 0.0};
    const ReplacementProfile& p = profile(prev);
    const ReplacementProfile& n = profile(next);
    const double ns = replacementOverlapNs(p, n);
    return {ns, ns * n.staticPowerMw};
}

void SpanEvaluator::profilesAll(const std::vector<UnitSpan>& spans,
                                std::vector<ReplacementProfile>& out)
{
    out.resize(spans.size());
    parallelFor(spans.size(), [&](std::size_t i) { out[i] = m_cost.replacementProfile(spans[i]); },
                nullptr, {});
}

void SpanEvaluator::prefetchProfiles(const std::vector<UnitSpan>& spans)
{
    if (!m_cost.overlapsPartitions())
        return;
    std::vector<UnitSpan> missing;
    for (const UnitSpan& s : spans) {
        if (!m_profiles.contains(key(s)))
            missing.push_back(s);
    }
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    std::vector<ReplacementProfile> profiles;
    profilesAll(missing, profiles);
    for (std::size_t i = 0; i < missing.size(); ++i)
        m_profiles.emplace(key(missing[i]), std::move(profiles[i]));
}

} // namespace compass
