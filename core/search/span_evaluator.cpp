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
    const std::size_t workers =
        std::min<std::size_t>(static_cast<std::size_t>(m_threads), (spans.size() + 63) / 64);
    // Work is handed out in small blocks from a shared counter, so uneven span costs balance.
    constexpr std::size_t kBlock = 64;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    // Only the calling thread reports progress, so `progress` needs no locking.
    auto work = [&](bool reports) {
        for (;;) {
            if (control && control->isCancelled())
                return;
            const std::size_t first = next.fetch_add(kBlock);
            if (first >= spans.size())
                return;
            const std::size_t last = std::min(spans.size(), first + kBlock);
            for (std::size_t i = first; i < last; ++i)
                out[i] = lowerBounds ? computeLowerBound(spans[i]) : compute(spans[i]);
            const std::size_t finished = done.fetch_add(last - first) + (last - first);
            if (reports && progress)
                progress(finished, spans.size());
        }
    };
    if (workers <= 1) {
        work(true);
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (std::size_t w = 1; w < workers; ++w)
        pool.emplace_back(work, false);
    work(true);
    for (std::thread& t : pool)
        t.join();
    // The workers may have finished the last blocks: report the final count once they are in.
    if (progress && !(control && control->isCancelled()))
        progress(done.load(), spans.size());
}

} // namespace compass
