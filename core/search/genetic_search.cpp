// SPDX-License-Identifier: MIT
#include "genetic_search.h"

#include "core/mapping/unit_table.h"
#include "core/partition/validity_map.h"
#include "core/search/partition_search.h"
#include "core/search/random.h"
#include "core/search/span_evaluator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace compass {

namespace {

using Cuts = std::vector<std::int32_t>; // All cuts, 0 and M included.

struct Individual
{
    Cuts cuts;
    double fitness = 0.0;
    double latencyNs = 0.0; ///< Sum over partitions, per batch.
    double energyPj = 0.0;  ///< Sum over partitions, per batch.
};

std::int32_t partitionsOf(const Cuts& cuts)
{
    return static_cast<std::int32_t>(cuts.size()) - 1;
}

UnitSpan spanOf(const Cuts& cuts, std::size_t i)
{
    return {cuts[i], cuts[i + 1]};
}

} // namespace

RandomCover::RandomCover(const ValidityMap& validity, const UnitTable* alignTo)
    : m_validity(validity)
{
    if (!alignTo)
        return;
    for (std::int32_t l = 1; l < alignTo->layerCount(); ++l)
        m_boundaries.push_back(alignTo->layerFirstUnit(static_cast<std::size_t>(l)));
    m_boundaries.push_back(alignTo->unitCount());
}

void RandomCover::append(std::int32_t start, std::int32_t end, Rng& rng,
                         std::vector<std::int32_t>& cuts) const
{
    while (start < end) {
        const std::int32_t furthest = std::min(m_validity.endMax(start), end);
        std::int32_t next = rng.between(start + 1, furthest);
        if (!m_boundaries.empty() && rng.below(2) == 1) {
            // Half the time, end the partition at a layer boundary in its valid range.
            const auto first = std::upper_bound(m_boundaries.begin(), m_boundaries.end(), start);
            const auto last = std::upper_bound(first, m_boundaries.end(), furthest);
            if (first != last)
                next = *(first + static_cast<std::ptrdiff_t>(
                                     rng.below(static_cast<std::uint64_t>(last - first))));
        }
        start = next;
        cuts.push_back(start);
    }
}

namespace {

class GeneticSearch
{
public:
    GeneticSearch(const SearchProblem& problem, Objective objective, const GeneticOptions& options,
                  std::uint64_t seed, SpanEvaluator& evaluator)
        : m_problem(problem)
        , m_validity(problem.validity)
        , m_objective(objective)
        , m_options(options)
        , m_batch(problem.cost.batchSize())
        , m_units(problem.validity.unitCount())
        , m_rng(seed)
        , m_evaluator(evaluator)
        , m_cover(problem.validity, options.layerAlignedPlans ? &problem.units : nullptr)
    {}

    Plan run(const SearchControl& control, std::vector<GenerationStats>& history);

private:
    Cuts randomCuts()
    {
        Cuts cuts{0};
        m_cover.append(0, m_units, m_rng, cuts);
        return cuts;
    }
    void evaluate(std::vector<Individual>& population);
    /// f(P) of partition i of a plan: its contribution to the plan objective.
    double partitionValue(const Individual& plan, std::size_t i);
    void computeUnitShares(std::vector<Individual>& population);
    double shareSum(std::int32_t begin, std::int32_t end) const
    {
        return m_sharePrefix[static_cast<std::size_t>(end)] -
               m_sharePrefix[static_cast<std::size_t>(begin)];
    }
    double score(const Individual& plan, std::size_t i)
    {
        const double f = partitionValue(plan, i);
        const double expected = shareSum(plan.cuts[i], plan.cuts[i + 1]);
        return expected > 0.0 ? f / expected : f;
    }
    Individual mutate(const Individual& parent);
    bool merge(Cuts& cuts, std::size_t target, const Individual& parent);
    bool split(Cuts& cuts, std::size_t target);
    bool move(Cuts& cuts, std::size_t target);
    void fixedRandom(Cuts& cuts, std::size_t keep);

    const SearchProblem& m_problem;
    const ValidityMap& m_validity;
    Objective m_objective;
    GeneticOptions m_options;
    std::int64_t m_batch;
    std::int32_t m_units;
    Rng m_rng;
    SpanEvaluator& m_evaluator;
    RandomCover m_cover;
    std::vector<double> m_sharePrefix; ///< Prefix sums of the population's mean unit shares.
};

void GeneticSearch::evaluate(std::vector<Individual>& population)
{
    std::vector<UnitSpan> spans;
    for (const Individual& p : population) {
        for (std::size_t i = 0; i + 1 < p.cuts.size(); ++i)
            spans.push_back(spanOf(p.cuts, i));
    }
    m_evaluator.prefetch(spans);
    // Early replacement: a plan costs its partitions less each one's load hidden under the
    // one before (CostModel::planCost).
    const bool overlaps = m_evaluator.costModel().overlapsPartitions();
    if (overlaps)
        m_evaluator.prefetchProfiles(spans);
    for (Individual& p : population) {
        p.latencyNs = 0.0;
        p.energyPj = 0.0;
        for (std::size_t i = 0; i + 1 < p.cuts.size(); ++i) {
            const SpanValue v = m_evaluator.value(spanOf(p.cuts, i));
            p.latencyNs += v.latencyNs;
            p.energyPj += v.energyPj;
            if (overlaps && i > 0) {
                const SpanValue hidden =
                    m_evaluator.overlap(spanOf(p.cuts, i - 1), spanOf(p.cuts, i));
                p.latencyNs -= hidden.latencyNs;
                p.energyPj -= hidden.energyPj;
            }
        }
        p.fitness = planObjectiveValue(m_objective, p.latencyNs, p.energyPj, m_batch);
    }
}

double GeneticSearch::partitionValue(const Individual& plan, std::size_t i)
{
    const SpanValue v = m_evaluator.value(spanOf(plan.cuts, i));
    const double b = static_cast<double>(std::max<std::int64_t>(1, m_batch));
    switch (m_objective) {
    case Objective::Latency:
        return v.latencyNs;
    case Objective::Energy:
        return v.energyPj / b;
    case Objective::Edp:
        // EDP is a product, not a sum: a partition's share is its first-order contribution,
        // E_P * L + L_P * E (scaled like the plan EDP); the shares add up to twice the EDP.
        return (v.energyPj * plan.latencyNs + v.latencyNs * plan.energyPj) / (b * b) * 1e-9;
    }
    return v.latencyNs;
}

void GeneticSearch::computeUnitShares(std::vector<Individual>& population)
{
    std::vector<double> mean(static_cast<std::size_t>(m_units), 0.0);
    for (const Individual& p : population) {
        for (std::size_t i = 0; i + 1 < p.cuts.size(); ++i) {
            const double share =
                partitionValue(p, i) / static_cast<double>(p.cuts[i + 1] - p.cuts[i]);
            for (std::int32_t u = p.cuts[i]; u < p.cuts[i + 1]; ++u)
                mean[static_cast<std::size_t>(u)] += share;
        }
    }
    m_sharePrefix.assign(static_cast<std::size_t>(m_units) + 1, 0.0);
    const double n = static_cast<double>(population.size());
    for (std::size_t u = 0; u < mean.size(); ++u)
        m_sharePrefix[u + 1] = m_sharePrefix[u] + mean[u] / n;
}

bool GeneticSearch::merge(Cuts& cuts, std::size_t target, const Individual& parent)
{
    // Of the two pairs the target belongs to, merge the worse-scoring one that stays valid.
    const std::size_t k = cuts.size() - 1;
    double bestScore = -1.0;
    std::size_t bestLeft = k;
    std::vector<std::size_t> lefts;
    if (target > 0)
        lefts.push_back(target - 1);
    if (target + 1 < k)
        lefts.push_back(target);
    for (std::size_t left : lefts) {
        const std::int32_t a = cuts[left];
        const std::int32_t c = cuts[left + 2];
        if (!m_validity.isValid(a, c))
            continue;
        const double f = partitionValue(parent, left) + partitionValue(parent, left + 1);
        const double expected = shareSum(a, c);
        const double pairScore = expected > 0.0 ? f / expected : f;
        if (pairScore > bestScore) {
            bestScore = pairScore;
            bestLeft = left;
        }
    }
    if (bestLeft == k)
        return false;
    cuts.erase(cuts.begin() + static_cast<std::ptrdiff_t>(bestLeft) + 1);
    return true;
}

bool GeneticSearch::split(Cuts& cuts, std::size_t target)
{
    const std::int32_t a = cuts[target];
    const std::int32_t b = cuts[target + 1];
    if (b - a < 2)
        return false;
    cuts.insert(cuts.begin() + static_cast<std::ptrdiff_t>(target) + 1,
                m_rng.between(a + 1, b - 1));
    return true;
}

bool GeneticSearch::move(Cuts& cuts, std::size_t target)
{
    // Candidate new positions for the target's inner boundaries, one unit either way, kept
    // only when both partitions beside the boundary stay non-empty and valid.
    struct Option
    {
        std::size_t boundary;
        std::int32_t position;
    };
    std::vector<Option> options;
    const std::size_t k = cuts.size() - 1;
    for (std::size_t boundary : {target, target + 1}) {
        if (boundary == 0 || boundary == k)
            continue;
        for (std::int32_t delta : {-1, +1}) {
            const std::int32_t p = cuts[boundary] + delta;
            if (p <= cuts[boundary - 1] || p >= cuts[boundary + 1])
                continue;
            if (m_validity.isValid(cuts[boundary - 1], p) &&
                m_validity.isValid(p, cuts[boundary + 1]))
                options.push_back({boundary, p});
        }
    }
    if (options.empty())
        return false;
    const Option& o = options[m_rng.below(options.size())];
    cuts[o.boundary] = o.position;
    return true;
}

void GeneticSearch::fixedRandom(Cuts& cuts, std::size_t keep)
{
    const std::int32_t a = cuts[keep];
    const std::int32_t b = cuts[keep + 1];
    Cuts fresh{0};
    m_cover.append(0, a, m_rng, fresh);
    if (fresh.back() != b)
        fresh.push_back(b);
    m_cover.append(b, m_units, m_rng, fresh);
    cuts = std::move(fresh);
}

Individual GeneticSearch::mutate(const Individual& parent)
{
    Individual child;
    child.cuts = parent.cuts;
    const std::size_t k = parent.cuts.size() - 1;
    // The target is the partition with the largest score R(P) = f(P) / F[a, b].
    std::size_t target = 0;
    std::size_t best = 0;
    double highest = -1.0;
    double lowest = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        const double r = score(parent, i);
        if (r > highest) {
            highest = r;
            target = i;
        }
        if (i == 0 || r < lowest) {
            lowest = r;
            best = i;
        }
    }
    const auto kind = static_cast<MutationKind>(m_rng.below(4));
    bool changed = false;
    switch (kind) {
    case MutationKind::Merge:
        changed = merge(child.cuts, target, parent);
        break;
    case MutationKind::Split:
        changed = split(child.cuts, target);
        break;
    case MutationKind::Move:
        changed = move(child.cuts, target);
        break;
    case MutationKind::FixedRandom:
        fixedRandom(child.cuts, best);
        changed = true;
        break;
    }
    // An operator that cannot apply (a merge that would not fit, a one-unit split) falls back
    // to moving a boundary, so that every offspring differs from its parent where possible.
    if (!changed && kind != MutationKind::Move)
        move(child.cuts, target);
    return child;
}

Plan GeneticSearch::run(const SearchControl& control, std::vector<GenerationStats>& history)
{
    const auto populationSize = static_cast<std::size_t>(std::max(1, m_options.population));
    const std::size_t elite = std::clamp<std::size_t>(
        static_cast<std::size_t>(std::max(1, m_options.elite)), 1, populationSize);
    const std::int32_t generations = std::max(1, m_options.generations);

    std::vector<Individual> population(populationSize);
    for (Individual& p : population)
        p.cuts = randomCuts();
    if (m_options.seedBaselines) {
        // Drawn after the random plans, so the rest of the population is the one Algorithm 1
        // starts from with the same seed.
        population[0].cuts = greedyPlan(m_problem).cuts();
        if (populationSize > 1)
            population[1].cuts = layerwisePlan(m_problem).cuts();
    }

    Cuts bestCuts;
    double bestFitness = 0.0;
    std::int32_t lastImprovement = 0;
    for (std::int32_t generation = 0; generation < generations; ++generation) {
        evaluate(population);
        std::sort(population.begin(), population.end(),
                  [](const Individual& x, const Individual& y) {
                      return x.fitness != y.fitness ? x.fitness < y.fitness : x.cuts < y.cuts;
                  });

        GenerationStats stats;
        stats.generation = generation;
        stats.best = population.front().fitness;
        stats.minPartitions = partitionsOf(population.front().cuts);
        stats.maxPartitions = stats.minPartitions;
        double sum = 0.0;
        double partitionSum = 0.0;
        for (const Individual& p : population) {
            sum += p.fitness;
            partitionSum += partitionsOf(p.cuts);
            stats.minPartitions = std::min(stats.minPartitions, partitionsOf(p.cuts));
            stats.maxPartitions = std::max(stats.maxPartitions, partitionsOf(p.cuts));
        }
        stats.mean = sum / static_cast<double>(population.size());
        stats.meanPartitions = partitionSum / static_cast<double>(population.size());
        history.push_back(stats);

        if (bestCuts.empty() || stats.best < bestFitness) {
            // Improvement is relative so the rule does not depend on the objective's units.
            if (!bestCuts.empty() && stats.best < bestFitness * (1.0 - 1e-9))
                lastImprovement = generation;
            bestFitness = stats.best;
            bestCuts = population.front().cuts;
        }
        control.report({static_cast<double>(generation + 1) / generations, "generation", generation,
                        bestFitness, stats});
        if (control.isCancelled())
            break;
        if (m_options.patience > 0 && generation - lastImprovement >= m_options.patience)
            break;
        if (generation + 1 == generations)
            break;

        computeUnitShares(population);
        std::vector<Individual> next(population.begin(),
                                     population.begin() + static_cast<std::ptrdiff_t>(elite));
        next.reserve(populationSize);
        while (next.size() < populationSize)
            next.push_back(mutate(population[m_rng.below(elite)]));
        population = std::move(next);
    }
    Cuts inner(bestCuts.begin() + 1, bestCuts.end() - 1);
    return Plan::fromInnerCuts(std::move(inner), m_units);
}

} // namespace

std::vector<std::int32_t> randomValidCuts(const ValidityMap& validity, std::uint64_t seed,
                                          const UnitTable* alignTo)
{
    Rng rng(seed);
    Cuts cuts{0};
    RandomCover(validity, alignTo).append(0, validity.unitCount(), rng, cuts);
    return cuts;
}

Plan geneticSearch(const SearchProblem& problem, Objective objective, const GeneticOptions& options,
                   std::uint64_t seed, SpanEvaluator& evaluator, const SearchControl& control,
                   std::vector<GenerationStats>& history)
{
    if (problem.validity.unitCount() == 0)
        return {};
    GeneticSearch search(problem, objective, options, seed, evaluator);
    return search.run(control, history);
}

} // namespace compass
