// SPDX-License-Identifier: MIT
#include "exact_search.h"

#include "core/partition/cost_model.h"
#include "core/partition/validity_map.h"
#include "core/search/span_evaluator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace compass {

namespace {

/// Every valid span [a, b), grouped by its end b so the DP reads them in order.
struct SpanTable
{
    std::vector<UnitSpan> spans;         ///< Ordered by end, then begin.
    std::vector<std::size_t> firstOfEnd; ///< spans of end b: [firstOfEnd[b], firstOfEnd[b + 1]).
    std::vector<std::int32_t> endMax;    ///< Per start: the last end of a valid span.
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
    for (std::size_t a = 0; a < m; ++a)
        table.endMax.push_back(validity.endMax(static_cast<std::int32_t>(a)));
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

/// Every 64 cuts (and at the last): "costing spans that can win", from `from` to `from + share`
/// of the search's bar.
void reportCosting(const SearchControl& control, double from, double share, std::int32_t b,
                   std::int32_t m, std::size_t costed, std::size_t spans)
{
    if (b % 64 != 0 && b != m)
        return;
    control.report({from + share * static_cast<double>(b) / static_cast<double>(m),
                    "costing spans that can win: " + std::to_string(costed) + " of " +
                        std::to_string(spans) + " so far",
                    -1,
                    0.0,
                    {}});
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
        reportCosting(control, 0.3, 0.6, b, m, costed, table.spans.size());
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

/// The cut positions of the plan whose entry `index` is in the set of m, through the entries'
/// back pointers (`from`, `fromIndex`).
template <typename Entry>
std::vector<std::int32_t> cutsOf(const std::vector<std::vector<Entry>>& sets, std::int32_t m,
                                 std::uint32_t index)
{
    std::vector<std::int32_t> cuts{m};
    std::int32_t b = m;
    while (b > 0) {
        const Entry& e = sets[static_cast<std::size_t>(b)][index];
        b = e.from;
        index = e.fromIndex;
        cuts.push_back(b);
    }
    std::reverse(cuts.begin(), cuts.end());
    return cuts;
}

/// Of the entries reaching m, the plan of smallest EDP; fills `front` with all of them.
template <typename Entry>
Plan paretoPlan(const std::vector<std::vector<Entry>>& sets, std::int32_t m, std::int64_t batch,
                std::vector<ParetoPoint>* front)
{
    const auto& last = sets[static_cast<std::size_t>(m)];
    if (last.empty())
        return {};
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
    return Plan::fromInnerCuts(cutsOf(sets, m, bestIndex), m);
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
    return paretoPlan(sets, m, batch, front);
}

/// Early replacement couples neighbours (CostModel::overlapsPartitions): a plan costs its
/// spans less each pair's overlap, w x replacementOverlapNs(prev, next) in the objective's
/// units (w = 1 for latency, the chip's static power for energy). The DP state is then the last
/// span: V(j) = f(j) + min over spans k ending where j starts of V(k) - w S(k, j). Every span
/// that could be that k for some successor is kept for its end b, the "reach" of b: S(k, j) is
/// at most the largest slack D(k) of k's cores and at most the weight load of j, so k can beat
/// the best span of its end, of value V*(b), only when V(k) - w min(D(k), C(b)) <= V*(b), C(b)
/// being the longest load of a valid span starting at b (CostModel::overlapCapNs). Spans whose
/// lower bound cannot reach that are never costed.
struct Reach
{
    double value = 0.0;     ///< Best objective of a plan of [0, end) ending with this span.
    double maxCredit = 0.0; ///< w min(D, C(end)): no successor gains more from it.
    std::size_t span = 0;   ///< Index in table.spans (unused for the start).
    std::int32_t fromCut = -1;
    std::uint32_t fromIndex = 0; ///< Its predecessor: reach[fromCut][fromIndex].
    ReplacementProfile profile;
    bool hasProfile = false;
};

/// The weight of a nanosecond of overlap in `objective`'s units, read off one span's profile.
double overlapWeight(const SpanTable& table, const CostModel& cost, Objective objective)
{
    if (objective == Objective::Latency)
        return 1.0;
    return table.spans.empty() ? 0.0 : cost.replacementProfile(table.spans.front()).staticPowerMw;
}

std::vector<std::int32_t> cutsOfReach(const std::vector<std::vector<Reach>>& reach, std::int32_t m,
                                      std::uint32_t index)
{
    std::vector<std::int32_t> cuts;
    std::int32_t b = m;
    while (b > 0) {
        const Reach& r = reach[static_cast<std::size_t>(b)][index];
        if (b != m)
            cuts.push_back(b);
        b = r.fromCut;
        index = r.fromIndex;
    }
    std::reverse(cuts.begin(), cuts.end());
    return cuts;
}

Plan overlapDp(const SpanTable& table, SpanEvaluator& evaluator, std::int32_t m,
               Objective objective, const SearchControl& control, ExactStrategy strategy, double w)
{
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const CostModel& cost = evaluator.costModel();
    const auto threads = static_cast<std::size_t>(std::max(1, evaluator.threads()));
    std::vector<double> capNs(static_cast<std::size_t>(m) + 1, 0.0);
    for (std::int32_t b = 0; b < m; ++b)
        capNs[static_cast<std::size_t>(b)] = cost.overlapCapNs(b);
    // What the strategy knows of every span before the DP: nothing (floors on demand), bounds,
    // or costs.
    std::vector<SpanValue> known;
    if (strategy == ExactStrategy::EverySpan)
        evaluator.evaluateAll(table.spans, known, &control,
                              spanProgress(control, 0.5, "evaluating spans: "));
    else if (strategy == ExactStrategy::BoundEverySpan)
        evaluator.lowerBoundsAll(table.spans, known, &control,
                                 spanProgress(control, 0.3, "bounding spans: "));
    if (control.isCancelled())
        return {};

    std::vector<std::vector<Reach>> reach(static_cast<std::size_t>(m) + 1);
    reach[0].push_back(Reach{});
    std::vector<double> fromFloor(static_cast<std::size_t>(m) + 1, kInf); // min V(k) - credit
    std::vector<double> maxCreditOf(static_cast<std::size_t>(m) + 1, 0.0);
    fromFloor[0] = 0.0;

    struct Candidate
    {
        double key;       ///< fromFloor[start] + the span's floor, bound or cost.
        std::size_t span; ///< Index in table.spans.
        int level;        ///< 0: floor, 1: bound, 2: cost (value holds it).
        double value;
        /// For latency, fromFloor[start] + the span's latencyLessSlackFloorNs(): no lower than
        /// V - D, so above the best of its end the span cannot favour a successor either.
        double relevance;
    };
    const auto after = [](const Candidate& x, const Candidate& y) { // min-heap order
        return x.key != y.key ? x.key > y.key : x.span > y.span;
    };
    std::vector<Candidate> heap;
    std::vector<Candidate> round;
    std::vector<UnitSpan> spans;
    std::vector<SpanValue> values;
    std::vector<Reach> finals;
    // With worker threads, the profiles of a round's newly costed spans are made on them too,
    // and settle() takes them from here (per cut).
    std::unordered_map<std::size_t, ReplacementProfile> madeProfiles;
    std::vector<UnitSpan> profileSpans;
    std::vector<std::size_t> profileOf;
    std::vector<ReplacementProfile> profiles;
    std::size_t costed = 0;
    std::int32_t released = 0; // cuts below this hold no profiles
    for (std::int32_t b = 1; b <= m; ++b) {
        if (control.isCancelled())
            return {};
        const auto ub = static_cast<std::size_t>(b);
        const double capB = b < m ? w * capNs[ub] : 0.0;
        heap.clear();
        madeProfiles.clear();
        for (std::size_t i = table.firstOfEnd[ub]; i < table.firstOfEnd[ub + 1]; ++i) {
            const auto a = static_cast<std::size_t>(table.spans[i].begin);
            if (fromFloor[a] == kInf)
                continue;
            const double relevance =
                objective == Objective::Latency
                    ? fromFloor[a] + cost.latencyLessSlackFloorNs(table.spans[i])
                    : -kInf;
            if (strategy == ExactStrategy::EverySpan)
                heap.push_back({fromFloor[a] + objectiveOf(known[i], objective), i, 2,
                                objectiveOf(known[i], objective), relevance});
            else if (strategy == ExactStrategy::BoundEverySpan)
                heap.push_back({fromFloor[a] + objectiveOf(known[i], objective), i,
                                known[i].exact ? 2 : 1, objectiveOf(known[i], objective),
                                relevance});
            else
                heap.push_back(
                    {fromFloor[a] + objectiveOf(cost.partitionCostFloor(table.spans[i]), objective),
                     i, 0, 0.0, relevance});
        }
        std::make_heap(heap.begin(), heap.end(), after);
        BestOfEnd end;
        finals.clear();
        const auto mayMatter = [&](double key) { return end.mayWin(key - capB); };
        // V(j) from the reach of j's start, its predecessors in increasing V.
        const auto settle = [&](const Candidate& c) {
            const UnitSpan span = table.spans[c.span];
            const auto a = static_cast<std::size_t>(span.begin);
            Reach r;
            r.span = c.span;
            r.fromCut = span.begin;
            r.value = kInf;
            const std::vector<Reach>& from = reach[a];
            // No predecessor hides more than this span's whole load.
            double loadCredit = 0.0;
            if (maxCreditOf[a] > 0.0) {
                if (auto made = madeProfiles.find(c.span); made != madeProfiles.end())
                    r.profile = std::move(made->second);
                else
                    r.profile = cost.replacementProfile(span);
                r.hasProfile = true;
                loadCredit = w * r.profile.totalLoadNs;
            }
            // The reach is in increasing order of value - maxCredit: no later entry gives less.
            for (std::uint32_t k = 0; k < from.size(); ++k) {
                if (from[k].value - from[k].maxCredit + c.value >= r.value)
                    break;
                const double most =
                    std::min({from[k].maxCredit, loadCredit,
                              w * replacementOverlapBoundNs(from[k].profile, r.profile)});
                if (from[k].value - most + c.value >= r.value)
                    continue;
                const double credit =
                    most > 0.0 ? w * replacementOverlapNs(from[k].profile, r.profile) : 0.0;
                const double v = from[k].value - credit + c.value;
                if (v < r.value) {
                    r.value = v;
                    r.fromIndex = k;
                }
            }
            end.consider(r.value, c.span);
            finals.push_back(std::move(r));
        };
        std::size_t chunk = threads;
        // A candidate that can neither win its end nor favour a successor is dropped.
        const auto hopeless = [&](const Candidate& c) {
            return !end.mayWin(c.key) && !end.mayWin(c.relevance);
        };
        while (!heap.empty() && mayMatter(heap.front().key)) {
            if (hopeless(heap.front())) {
                std::pop_heap(heap.begin(), heap.end(), after);
                heap.pop_back();
                continue;
            }
            if (heap.front().level == 2) {
                std::pop_heap(heap.begin(), heap.end(), after);
                const Candidate c = heap.back();
                heap.pop_back();
                settle(c);
                continue;
            }
            // A round of floors to bound or bounds to cost, on the worker threads.
            round.clear();
            while (!heap.empty() && round.size() < chunk && heap.front().level < 2 &&
                   mayMatter(heap.front().key)) {
                std::pop_heap(heap.begin(), heap.end(), after);
                if (!hopeless(heap.back()))
                    round.push_back(heap.back());
                heap.pop_back();
            }
            // Each candidate moves up one level per round: floors are bounded, bounds costed.
            for (Candidate& c : round)
                c.level = -1 - c.level; // the level it had, marked as not yet moved
            for (const int level : {0, 1}) {
                spans.clear();
                for (const Candidate& c : round)
                    if (c.level == -1 - level)
                        spans.push_back(table.spans[c.span]);
                if (spans.empty())
                    continue;
                if (level == 0) {
                    evaluator.lowerBoundsAll(spans, values);
                } else {
                    evaluator.evaluateAll(spans, values);
                    costed += spans.size();
                }
                std::size_t j = 0;
                for (Candidate& c : round) {
                    if (c.level != -1 - level)
                        continue;
                    const SpanValue& v = values[j++];
                    const auto a = static_cast<std::size_t>(table.spans[c.span].begin);
                    c.value = objectiveOf(v, objective);
                    c.key = fromFloor[a] + c.value;
                    c.level = level == 1 || v.exact ? 2 : 1;
                    heap.push_back(c);
                    std::push_heap(heap.begin(), heap.end(), after);
                }
            }
            if (threads > 1) {
                profileSpans.clear();
                profileOf.clear();
                for (const Candidate& c : round) {
                    const UnitSpan span = table.spans[c.span];
                    if (c.level == 2 && maxCreditOf[static_cast<std::size_t>(span.begin)] > 0.0) {
                        profileSpans.push_back(span);
                        profileOf.push_back(c.span);
                    }
                }
                evaluator.profilesAll(profileSpans, profiles);
                for (std::size_t k = 0; k < profileOf.size(); ++k)
                    madeProfiles.emplace(profileOf[k], std::move(profiles[k]));
            }
            chunk = std::min<std::size_t>(chunk * 4, 256);
        }
        if (end.value == kInf)
            continue;
        // The reach of b: the best span and every one a successor's overlap could favour.
        std::vector<Reach>& kept = reach[ub];
        for (Reach& r : finals) {
            if (b == m) {
                if (r.span == end.span)
                    kept.push_back(std::move(r));
                continue;
            }
            if (!end.mayWin(r.value - capB))
                continue;
            if (!r.hasProfile) {
                r.profile = cost.replacementProfile(table.spans[r.span]);
                r.hasProfile = true;
            }
            r.maxCredit = w * std::min(r.profile.maxSlackNs, capNs[ub]);
            if (r.span == end.span || end.mayWin(r.value - r.maxCredit))
                kept.push_back(std::move(r));
        }
        std::sort(kept.begin(), kept.end(), [](const Reach& x, const Reach& y) {
            const double lx = x.value - x.maxCredit;
            const double ly = y.value - y.maxCredit;
            if (lx != ly)
                return lx < ly;
            return x.value != y.value ? x.value < y.value : x.span < y.span;
        });
        for (const Reach& r : kept) {
            fromFloor[ub] = std::min(fromFloor[ub], r.value - r.maxCredit);
            maxCreditOf[ub] = std::max(maxCreditOf[ub], r.maxCredit);
        }
        // The profiles of a cut's reach serve only spans starting there: drop them once past.
        for (; released < b && table.endMax[static_cast<std::size_t>(released)] <= b; ++released)
            for (Reach& r : reach[static_cast<std::size_t>(released)])
                r.profile = {};
        reportCosting(control, 0.5, 0.4, b, m, costed, table.spans.size());
    }
    if (reach[static_cast<std::size_t>(m)].empty())
        return {};
    return Plan::fromInnerCuts(cutsOfReach(reach, m, 0), m);
}

/// paretoDp with early replacement: the (latency, energy) pairs of plans reaching a cut are
/// kept per last span, and one is dropped only when another, at its end, is lower in both by
/// at least what any successor could gain from the first one's span (w min(D, C) as in
/// overlapDp; the energy gained is the chip's static power times the time).
Plan overlapParetoDp(const SpanTable& table, const std::vector<SpanValue>& values,
                     SpanEvaluator& evaluator, std::int32_t m, std::int64_t batch,
                     std::vector<ParetoPoint>* front)
{
    const CostModel& cost = evaluator.costModel();
    struct Entry
    {
        double latencyNs;
        double energyPj;
        double marginNs;         ///< No successor of its span gains more from it.
        std::uint32_t profile;   ///< Its span's profile in profiles[end].
        std::int32_t from;       ///< Previous cut position.
        std::uint32_t fromIndex; ///< Entry index in the set of `from`.
    };
    std::vector<std::vector<Entry>> sets(static_cast<std::size_t>(m) + 1);
    std::vector<std::vector<ReplacementProfile>> profiles(static_cast<std::size_t>(m) + 1);
    sets[0].push_back({0.0, 0.0, 0.0, 0, -1, 0});
    // The margin of a span is what its best successor gains from it, max over the spans q
    // starting at its end of S(span, q), when every profile fits in memory at once (a few
    // hundred thousand spans); else the bound min(D, C(end)).
    constexpr std::size_t kAllProfilesUpTo = 300000;
    const bool allProfiles = table.spans.size() <= kAllProfilesUpTo;
    std::vector<ReplacementProfile> everyProfile;
    std::vector<std::vector<std::size_t>> startingAt(static_cast<std::size_t>(m) + 1);
    if (allProfiles) {
        evaluator.profilesAll(table.spans, everyProfile);
        for (std::size_t i = 0; i < table.spans.size(); ++i)
            startingAt[static_cast<std::size_t>(table.spans[i].begin)].push_back(i);
    }
    std::vector<Entry> candidates;
    std::vector<UnitSpan> spans;
    std::vector<ReplacementProfile> spanProfiles;
    std::vector<double> hiddenOf; // per profile of the start's set: overlap with the span
    double staticPowerMw = 0.0;
    for (std::int32_t b = 1; b <= m; ++b) {
        const auto ub = static_cast<std::size_t>(b);
        const double capNs = b < m ? cost.overlapCapNs(b) : 0.0;
        spans.assign(table.spans.begin() + static_cast<std::ptrdiff_t>(table.firstOfEnd[ub]),
                     table.spans.begin() + static_cast<std::ptrdiff_t>(table.firstOfEnd[ub + 1]));
        if (allProfiles)
            spanProfiles.assign(
                everyProfile.begin() + static_cast<std::ptrdiff_t>(table.firstOfEnd[ub]),
                everyProfile.begin() + static_cast<std::ptrdiff_t>(table.firstOfEnd[ub + 1]));
        else
            evaluator.profilesAll(spans, spanProfiles);
        candidates.clear();
        for (std::size_t i = table.firstOfEnd[ub]; i < table.firstOfEnd[ub + 1]; ++i) {
            const std::int32_t a = table.spans[i].begin;
            const std::size_t local = i - table.firstOfEnd[ub];
            const ReplacementProfile& next = spanProfiles[local];
            staticPowerMw = next.staticPowerMw;
            double margin = 0.0;
            if (b < m && allProfiles) {
                for (std::size_t q : startingAt[ub]) {
                    if (replacementOverlapBoundNs(next, everyProfile[q]) > margin)
                        margin = std::max(margin, replacementOverlapNs(next, everyProfile[q]));
                }
            } else if (b < m) {
                margin = std::min(next.maxSlackNs, capNs);
            }
            const auto& from = sets[static_cast<std::size_t>(a)];
            // Entries of one span at a share its overlap with this one: once per span.
            const auto& fromProfiles = profiles[static_cast<std::size_t>(a)];
            hiddenOf.assign(fromProfiles.size(), -1.0);
            for (std::uint32_t k = 0; k < from.size(); ++k) {
                double hidden = 0.0;
                if (a > 0) {
                    double& h = hiddenOf[from[k].profile];
                    if (h < 0.0)
                        h = replacementOverlapNs(fromProfiles[from[k].profile], next);
                    hidden = h;
                }
                candidates.push_back(
                    {from[k].latencyNs - hidden + values[i].latencyNs,
                     from[k].energyPj - hidden * next.staticPowerMw + values[i].energyPj, margin,
                     static_cast<std::uint32_t>(local), a, k});
            }
        }
        // Keep an entry unless another of its span is no higher in both (their successors
        // gain the same), or an earlier one of any span (by latency, then energy) is lower by
        // its margin in both: prefix minima of energy over the latency order.
        const auto byLatency = [](const Entry& x, const Entry& y) {
            return x.latencyNs != y.latencyNs ? x.latencyNs < y.latencyNs : x.energyPj < y.energyPj;
        };
        {
            // Candidates were made span by span: each span's are contiguous.
            std::size_t kept = 0;
            for (std::size_t first = 0; first < candidates.size();) {
                std::size_t last = first;
                while (last < candidates.size() &&
                       candidates[last].profile == candidates[first].profile)
                    ++last;
                std::sort(candidates.begin() + static_cast<std::ptrdiff_t>(first),
                          candidates.begin() + static_cast<std::ptrdiff_t>(last), byLatency);
                double lowest = std::numeric_limits<double>::infinity();
                for (std::size_t k = first; k < last; ++k) {
                    if (candidates[k].energyPj < lowest) {
                        lowest = candidates[k].energyPj;
                        candidates[kept++] = candidates[k];
                    }
                }
                first = last;
            }
            candidates.resize(kept);
        }
        std::sort(candidates.begin(), candidates.end(), byLatency);
        std::vector<double> prefixMin(candidates.size() + 1,
                                      std::numeric_limits<double>::infinity());
        for (std::size_t k = 0; k < candidates.size(); ++k)
            prefixMin[k + 1] = std::min(prefixMin[k], candidates[k].energyPj);
        std::vector<Entry> kept;
        std::vector<std::uint32_t> profileIndex(spans.size(), UINT32_MAX);
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            const Entry& y = candidates[k];
            // Entries with latency <= y's less its margin come before y (all of them when the
            // margin is 0, among equal latencies only those of no higher energy).
            std::size_t before = k;
            if (y.marginNs > 0.0) {
                const double limit = y.latencyNs - y.marginNs;
                before = static_cast<std::size_t>(
                    std::upper_bound(candidates.begin(),
                                     candidates.begin() + static_cast<std::ptrdiff_t>(k), limit,
                                     [](double l, const Entry& e) { return l < e.latencyNs; }) -
                    candidates.begin());
            }
            if (prefixMin[before] <= y.energyPj - y.marginNs * staticPowerMw)
                continue;
            Entry e = y;
            if (profileIndex[y.profile] == UINT32_MAX) {
                profileIndex[y.profile] = static_cast<std::uint32_t>(profiles[ub].size());
                profiles[ub].push_back(std::move(spanProfiles[y.profile]));
            }
            e.profile = profileIndex[y.profile];
            kept.push_back(e);
        }
        sets[ub] = std::move(kept);
    }
    return paretoPlan(sets, m, batch, front);
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
    // Early replacement couples neighbours: the DP's state is then the last span (overlapDp,
    // overlapParetoDp). Energy without static power stays additive.
    const bool overlaps = problem.cost.overlapsPartitions();
    const double w = overlaps && objective != Objective::Edp
                         ? overlapWeight(table, problem.cost, objective)
                         : 0.0;
    const bool paired = w > 0.0;
    Plan additive;
    if (paired) {
        additive = overlapDp(table, evaluator, m, objective, control, strategy, w);
        if (control.isCancelled())
            return {};
        if (!needFront)
            return additive;
    } else if (!needFront && strategy == ExactStrategy::Lazy) {
        return lazyAdditiveDp(table, evaluator, m, objective, control);
    } else if (!needFront && strategy == ExactStrategy::BoundEverySpan) {
        return prunedAdditiveDp(table, evaluator, m, objective, control);
    }
    std::vector<SpanValue> values;
    // Span costs are most of the work: 0 to 90 % of the bar, the dynamic programme the rest.
    evaluator.evaluateAll(table.spans, values, &control,
                          spanProgress(control, 0.9, "evaluating spans: "));
    if (control.isCancelled())
        return {};
    control.report({0.9, "dynamic programming", -1, 0.0, {}});
    if (!needFront)
        return additiveDp(table, values, m, objective);
    Plan pareto =
        overlaps ? overlapParetoDp(table, values, evaluator, m, problem.cost.batchSize(), front)
                 : paretoDp(table, values, m, problem.cost.batchSize(), front);
    if (objective == Objective::Edp)
        return pareto;
    return paired ? additive : additiveDp(table, values, m, objective);
}

} // namespace compass
