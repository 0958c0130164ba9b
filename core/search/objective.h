// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace compass {

/// What an optimiser minimises.
enum class Objective
{
    Latency, ///< Latency per batch (the same as maximising throughput).
    Energy,  ///< Energy per inference.
    Edp,     ///< Energy per inference x latency per inference.
};

const char* objectiveName(Objective objective);
std::optional<Objective> parseObjective(std::string_view text);

/// The two additive quantities of a span, per batch: all a plan's objective needs.
struct SpanValue
{
    double latencyNs = 0.0;
    double energyPj = 0.0;
    /// For a lower bound (SpanEvaluator::lowerBoundsAll): whether it is the cost itself.
    bool exact = true;
};

/// The objective of a plan whose partitions sum to `latencyNs` and `energyPj` per batch of
/// `batch` inputs, in the units the reports use: ns per batch, pJ per inference, pJ x s.
/// Lower is better for every objective.
double planObjectiveValue(Objective objective, double latencyNs, double energyPj,
                          std::int64_t batch);

} // namespace compass
