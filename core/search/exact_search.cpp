// SPDX-License-Identifier: MIT
#include "exact_search.h"

#include "core/partition/cost_model.h"
#include "core/partition/validity_map.h"
#include "core/search/span_evaluator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace compass {

namespace {

/// Every valid span [a, b), grouped by its end b so the DP reads them in order.
struct SpanTable
{
    std::vector<UnitSpan> spans;         ///< Ordered by end, then begin.
    std::vector<std::size_t> firstOfEnd; ///< spans of end b: [firstOfEnd[b], firstOfEnd[b + 1]).
};

SpanTable validSpansByEnd(const ValidityMap& validity)
{
    const auto m = static_cast<std::size_t>(validity.unitCount());
    // Counting sort by end: no assumption on how endMax varies with the start.
    std::vector<std::size_t> count(m + 2, 0);
    for (std::size_t a = 0; a < m; ++a) {
        for (auto b = a + 1;
             b <= static_cast<std::size_t>(validity.endMax(static_cast<std::int32_t>(a))); ++b)
            ++count[b];
    }
    SpanTable table;
    table.firstOfEnd.assign(m + 2, 0);
    for (std::size_t b = 1; b <= m + 1; ++b)
        table.firstOfEnd[b] = table.firstOfEnd[b - 1] + count[b - 1];
    table.spans.resize(table.firstOfEnd[m + 1]);
    std::vector<std::size_t> fill(table.firstOfEnd.begin(), table.firstOfEnd.end());
    for (std::size_t a = 0; a < m; ++a) {
        const auto end = static_cast<std::size_t>(validity.endMax(static_cast<std::int32_t>(a)));
        for (std::size_t b = a + 1; b <= end; ++b)
            table.spans[fill[b]++] = {static_cast<std::int32_t>(a), static_cast<std::int32_t>(b)};
    }
    return table;
}

Plan planFromPredecessors(const std::vector<std::int32_t>& predecessor, std::int32_t m)
{
    std::vector<std::int32_t> cuts;
    for (std::int32_t b = m; b > 0; b = predecessor[static_cast<std::size_t>(b)]) {
        if (b != m)
            cuts.push_back(b);
    }
    std::reverse(cuts.begin(), cuts.end());
    return Plan::fromInnerCuts(std::move(cuts), m);
}

Plan additiveDp(const SpanTable& table, const std::vector<SpanValue>& values, std::int32_t m,
                Objective objective)
{
    constexpr double kInf = std::numeric_limits<double>::infinity();
    std::vector<double> best(static_cast<std::size_t>(m) + 1, kInf);
    std::vector<std::int32_t> predecessor(static_cast<std::size_t>(m) + 1, -1);
    best[0] = 0.0;
    for (std::int32_t b = 1; b <= m; ++b) {
        const auto ub = static_cast<std::size_t>(b);
        for (std::size_t i = table.firstOfEnd[ub]; i < table.firstOfEnd[ub + 1]; ++i) {
            const std::int32_t a = table.spans[i].begin;
            const double f =
                objective == Objective::Energy ? values[i].energyPj : values[i].latencyNs;
            const double candidate = best[static_cast<std::size_t>(a)] + f;
            if (candidate < best[ub]) {
                best[ub] = candidate;
                predecessor[ub] = a;
            }
        }
    }
    return planFromPredecessors(predecessor, m);
}

/// Reports "`what` k of n" as 0 .. `share` of the search's bar.
SpanProgress spanProgress(const SearchControl& control, double share, const char* what)
{
    return [&control, share, what](std::size_t done, std::size_t total) {
        control.report({share * static_cast<double>(done) / static_cast<double>(total),
                        what + std::to_string(done) + " of " + std::to_string(total),
                        -1,
                        0.0,
                        {}});
    };
}

/// How far above a cost its lower bound may come out by rounding alone (relative).
constexpr double kBoundSlack = 1e-9;

double objectiveOf(const SpanValue& v, Objective objective)
{
    return objective == Objective::Energy ? v.energyPj : v.latencyNs;
}

double objectiveOf(const CostFloor& f, Objective objective)
{
    return objective == Objective::Energy ? f.energyPj : f.latencyNs;
}

/// The best candidate found so far for one end of the pruned DPs. Among equal costs the lowest
/// span index wins, as in additiveDp's first-found rule.
struct BestOfEnd
{
    double value = std::numeric_limits<double>::infinity();
    std::size_t span = 0;

    void consider(double candidate, std::size_t i)
    {
        if (candidate < value || (candidate == value && i < span)) {
            value = candidate;
            span = i;
        }
    }
    /// Whether a candidate whose lower bound is `key` could still equal or beat the best. The
    /// bounds are the cost's sums with terms left out, so rounding can put one an ulp or two
    /// above a cost it equals: keys within a relative kBoundSlack of the best may win.
    bool mayWin(double key) const { return key <= value + std::abs(value) * kBoundSlack; }
};

/// additiveDp without evaluating every span: a span is costed only when its lower bound
/// (CostModel::partitionCostLowerBound) plus the best cost of reaching its start could still
/// beat the best candidate found for its end. Candidates of an end are tried in increasing order
/// of that bound, so the search for an end stops at the first bound above its best. The result
/// is additiveDp's, ties included: every candidate whose cost could equal the minimum is
/// costed, and among equal costs the lowest span index (the earliest start) wins, as there.
Plan prunedAdditiveDp(const SpanTable& table, SpanEvaluator& evaluator, std::int32_t m,
                      Objective objective, const SearchControl& control)
{
    constexpr double kInf = std::numeric_limits<double>::infinity();
    std::vector<SpanValue> bounds;
    evaluator.lowerBoundsAll(table.spans, bounds, &control,
                             spanProgress(control, 0.3, "bounding spans: "));
    if (control.isCancelled())
        return {};
    std::vector<double> best(static_cast<std::size_t>(m) + 1, kInf);
    std::vector<std::int32_t> predecessor(static_cast<std::size_t>(m) + 1, -1);
    best[0] = 0.0;
    std::vector<std::pair<double, std::size_t>> order; // (bound of the candidate, span index)
    std::vector<UnitSpan> batch;
    std::vector<std::size_t> batchIndex;
    std::vector<SpanValue> costs;
    std::size_t costed = 0;
    for (std::int32_t b = 1; b <= m; ++b) {
        if (control.isCancelled())
            return {};
        const auto ub = static_cast<std::size_t>(b);
        order.clear();
        for (std::size_t i = table.firstOfEnd[ub]; i < table.firstOfEnd[ub + 1]; ++i) {
            const double from = best[static_cast<std::size_t>(table.spans[i].begin)];
            if (from < kInf)
                order.emplace_back(from + objectiveOf(bounds[i], objective), i);
        }
        std::sort(order.begin(), order.end());
        BestOfEnd end;
        const auto consider = [&](std::size_t i, const SpanValue& cost) {
            end.consider(best[static_cast<std::size_t>(table.spans[i].begin)] +
                             objectiveOf(cost, objective),
                         i);
        };
        std::size_t k = 0;
        // Small batches first (usually one or two spans decide an end), larger ones after,
        // which evaluateAll spreads over the worker threads.
        std::size_t chunk = 4;
        while (k < order.size() && end.mayWin(order[k].first)) {
            batch.clear();
            batchIndex.clear();
            while (k < order.size() && end.mayWin(order[k].first) && batch.size() < chunk) {
                const std::size_t i = order[k].second;
                ++k;
                if (bounds[i].exact) { // the bound is the cost: nothing to evaluate
                    consider(i, bounds[i]);
                    continue;
                }
                batch.push_back(table.spans[i]);
                batchIndex.push_back(i);
            }
            evaluator.evaluateAll(batch, costs);
            costed += batch.size();
            for (std::size_t j = 0; j < batch.size(); ++j)
                consider(batchIndex[j], costs[j]);
            chunk = std::min<std::size_t>(chunk * 16, 1024);
        }
        if (end.value < kInf) {
            best[ub] = end.value;
            predecessor[ub] = table.spans[end.span].begin;
        }
        if (b % 64 == 0 || b == m) {
            control.report({0.3 + 0.6 * static_cast<double>(b) / static_cast<double>(m),
                            "costing spans that can win: " + std::to_string(costed) + " of " +
                                std::to_string(table.spans.size()) + " so far",
                            -1,
                            0.0,
                            {}});
        }
    }
    return planFromPredecessors(predecessor, m);
}

/// prunedAdditiveDp with fewer evaluations. Per end b: every candidate gets its floor
/// (CostModel::partitionCostFloor, constant time); the one or two of lowest floor are costed
/// for an incumbent; the candidates whose floor, plus the best cost of reaching their start,
/// can still beat it are bounded together (partitionCostLowerBound, on the worker threads);
/// and those whose bound still can are costed in increasing order of it, a few at a time at
/// first (a thread's worth), more per round after (up to 256, so that the evaluator's threads
/// share them), until the next bound is above the best found. Floors and bounds are lower bounds,
/// so a candidate left out cannot win; the result is additiveDp's, ties included, as for
/// prunedAdditiveDp (a candidate whose key equals the best is costed, and of equal costs the
/// lowest span index wins).
Plan lazyAdditiveDp(const SpanTable& table, SpanEvaluator& evaluator, std::int32_t m,
                    Objective objective, const SearchControl& control)
{
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const CostModel& cost = evaluator.costModel();
    std::vector<double> best(static_cast<std::size_t>(m) + 1, kInf);
    std::vector<std::int32_t> predecessor(static_cast<std::size_t>(m) + 1, -1);
    best[0] = 0.0;
    struct Candidate
    {
        double key;       ///< Best cost of reaching the start + the span's floor or bound.
        std::size_t span; ///< Index in table.spans.
    };
    // Of equal keys the lower span index first.
    const auto before = [](const Candidate& x, const Candidate& y) {
        return x.key != y.key ? x.key < y.key : x.span < y.span;
    };
    const auto threads = static_cast<std::size_t>(std::max(1, evaluator.threads()));
    std::vector<Candidate> candidates;
    std::vector<Candidate> boundedCandidates;
    std::vector<UnitSpan> spans;
    std::vector<std::size_t> indices;
    std::vector<SpanValue> values;
    std::size_t bounded = 0;
    std::size_t costed = 0;
    for (std::int32_t b = 1; b <= m; ++b) {
        if (control.isCancelled())
            return {};
        const auto ub = static_cast<std::size_t>(b);
        candidates.clear();
        for (std::size_t i = table.firstOfEnd[ub]; i < table.firstOfEnd[ub + 1]; ++i) {
            const double from = best[static_cast<std::size_t>(table.spans[i].begin)];
            if (from == kInf)
                continue;
            candidates.push_back(
                {from + objectiveOf(cost.partitionCostFloor(table.spans[i]), objective), i});
        }
        BestOfEnd end;
        const auto consider = [&](std::size_t i, const SpanValue& v) {
            end.consider(best[static_cast<std::size_t>(table.spans[i].begin)] +
                             objectiveOf(v, objective),
                         i);
        };
        const auto mayWin = [&](double key) { return end.mayWin(key); };
        // Costs `spans` (indices alongside) on the worker threads.
        const auto costAll = [&]() {
            evaluator.evaluateAll(spans, values);
            costed += spans.size();
            for (std::size_t j = 0; j < spans.size(); ++j)
                consider(indices[j], values[j]);
        };
        // 1. An incumbent: the candidates of lowest floor, a thread's worth.
        const std::size_t first = std::min(threads, candidates.size());
        std::partial_sort(candidates.begin(),
                          candidates.begin() + static_cast<std::ptrdiff_t>(first), candidates.end(),
                          before);
        spans.clear();
        indices.clear();
        for (std::size_t k = 0; k < first; ++k) {
            spans.push_back(table.spans[candidates[k].span]);
            indices.push_back(candidates[k].span);
        }
        costAll();
        // 2. Bound every other candidate whose floor can still beat it.
        spans.clear();
        indices.clear();
        for (std::size_t k = first; k < candidates.size(); ++k) {
            if (mayWin(candidates[k].key)) {
                spans.push_back(table.spans[candidates[k].span]);
                indices.push_back(candidates[k].span);
            }
        }
        boundedCandidates.clear();
        if (!spans.empty()) {
            evaluator.lowerBoundsAll(spans, values);
            bounded += spans.size();
            for (std::size_t j = 0; j < spans.size(); ++j) {
                const std::size_t i = indices[j];
                if (values[j].exact) { // the bound is the cost: nothing to evaluate
                    consider(i, values[j]);
                    continue;
                }
                const double key = best[static_cast<std::size_t>(table.spans[i].begin)] +
                                   objectiveOf(values[j], objective);
                boundedCandidates.push_back({key, i});
            }
        }
        // 3. Cost in increasing order of bound while a bound can still win.
        std::sort(boundedCandidates.begin(), boundedCandidates.end(), before);
        std::size_t chunk = threads;
        for (std::size_t k = 0; k < boundedCandidates.size() && mayWin(boundedCandidates[k].key);
             chunk = std::min<std::size_t>(chunk * 4, 256)) {
            spans.clear();
            indices.clear();
            for (; k < boundedCandidates.size() && spans.size() < chunk &&
                   mayWin(boundedCandidates[k].key);
                 ++k) {
                spans.push_back(table.spans[boundedCandidates[k].span]);
                indices.push_back(boundedCandidates[k].span);
            }
            costAll();
        }
        if (end.value < kInf) {
            best[ub] = end.value;
            predecessor[ub] = table.spans[end.span].begin;
        }
        if (b % 64 == 0 || b == m) {
            control.report({0.9 * static_cast<double>(b) / static_cast<double>(m),
                            "costing spans that can win: " + std::to_string(costed) + " costed, " +
                                std::to_string(bounded) + " bounded of " +
                                std::to_string(table.spans.size()) + " so far",
                            -1,
                            0.0,
                            {}});
        }
    }
    return planFromPredecessors(predecessor, m);
}

/// One non-dominated (latency, energy) pair reaching a cut position, with its back pointer.
struct ParetoEntry
{
    double latencyNs;
    double energyPj;
    std::int32_t from;       ///< Previous cut position.
    std::uint32_t fromIndex; ///< Entry index in the set of `from`.
};

/// Keeps the entries no other entry dominates (lower or equal in both, lower in one); sorted by
/// latency ascending with energy strictly descending.
void keepNonDominated(std::vector<ParetoEntry>& entries)
{
    std::sort(entries.begin(), entries.end(), [](const ParetoEntry& x, const ParetoEntry& y) {
        return x.latencyNs != y.latencyNs ? x.latencyNs < y.latencyNs : x.energyPj < y.energyPj;
    });
    std::size_t kept = 0;
    double lowestEnergy = std::numeric_limits<double>::infinity();
    for (const ParetoEntry& e : entries) {
        if (e.energyPj < lowestEnergy) {
            lowestEnergy = e.energyPj;
            entries[kept++] = e;
        }
    }
    entries.resize(kept);
}

std::vector<std::int32_t> cutsOf(const std::vector<std::vector<ParetoEntry>>& sets, std::int32_t m,
                                 std::uint32_t index)
{
    std::vector<std::int32_t> cuts{m};
    std::int32_t b = m;
    while (b > 0) {
        const ParetoEntry& e = sets[static_cast<std::size_t>(b)][index];
        b = e.from;
        index = e.fromIndex;
        cuts.push_back(b);
    }
    std::reverse(cuts.begin(), cuts.end());
    return cuts;
}

Plan paretoDp(const SpanTable& table, const std::vector<SpanValue>& values, std::int32_t m,
              std::int64_t batch, std::vector<ParetoPoint>* front)
{
    std::vector<std::vector<ParetoEntry>> sets(static_cast<std::size_t>(m) + 1);
    sets[0].push_back({0.0, 0.0, -1, 0});
    std::vector<ParetoEntry> candidates;
    for (std::int32_t b = 1; b <= m; ++b) {
        const auto ub = static_cast<std::size_t>(b);
        candidates.clear();
        for (std::size_t i = table.firstOfEnd[ub]; i < table.firstOfEnd[ub + 1]; ++i) {
            const std::int32_t a = table.spans[i].begin;
            const auto& from = sets[static_cast<std::size_t>(a)];
            for (std::uint32_t k = 0; k < from.size(); ++k) {
                candidates.push_back({from[k].latencyNs + values[i].latencyNs,
                                      from[k].energyPj + values[i].energyPj, a, k});
            }
        }
        keepNonDominated(candidates);
        sets[ub] = candidates;
    }
    const auto& last = sets[static_cast<std::size_t>(m)];
    std::uint32_t bestIndex = 0;
    double bestEdp = std::numeric_limits<double>::infinity();
    for (std::uint32_t k = 0; k < last.size(); ++k) {
        const double edp =
            planObjectiveValue(Objective::Edp, last[k].latencyNs, last[k].energyPj, batch);
        if (edp < bestEdp) {
            bestEdp = edp;
            bestIndex = k;
        }
    }
    if (front) {
        const double b = static_cast<double>(std::max<std::int64_t>(1, batch));
        front->clear();
        for (std::uint32_t k = 0; k < last.size(); ++k)
            front->push_back({last[k].latencyNs, last[k].energyPj / b, cutsOf(sets, m, k)});
    }
    std::vector<std::int32_t> cuts = cutsOf(sets, m, bestIndex);
    return Plan::fromInnerCuts(std::move(cuts), m);
}

} // namespace

Plan exactSearch(const SearchProblem& problem, Objective objective, SpanEvaluator& evaluator,
                 const SearchControl& control, std::vector<ParetoPoint>* front,
                 ExactStrategy strategy)
{
    const std::int32_t m = problem.validity.unitCount();
    if (m == 0)
        return {};
    control.report({0.0, "evaluating spans", -1, 0.0, {}});
    const SpanTable table = validSpansByEnd(problem.validity);
    const bool needFront = objective == Objective::Edp || front != nullptr;
    if (!needFront && strategy == ExactStrategy::Lazy)
        return lazyAdditiveDp(table, evaluator, m, objective, control);
    if (!needFront && strategy == ExactStrategy::BoundEverySpan)
        return prunedAdditiveDp(table, evaluator, m, objective, control);
    std::vector<SpanValue> values;
    // Span costs are most of the work: 0 to 90 % of the bar, the dynamic programme the rest.
    evaluator.evaluateAll(table.spans, values, &control,
                          spanProgress(control, 0.9, "evaluating spans: "));
    if (control.isCancelled())
        return {};
    control.report({0.9, "dynamic programming", -1, 0.0, {}});
    if (!needFront)
        return additiveDp(table, values, m, objective);
    Plan pareto = paretoDp(table, values, m, problem.cost.batchSize(), front);
    return objective == Objective::Edp ? pareto : additiveDp(table, values, m, objective);
}

} // namespace compass
