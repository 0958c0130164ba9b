// SPDX-License-Identifier: MIT
#include "objective.h"

#include <algorithm>

namespace compass {

const char* objectiveName(Objective objective)
{
    switch (objective) {
    case Objective::Latency:
        return "latency";
    case Objective::Energy:
        return "energy";
    case Objective::Edp:
        return "edp";
    }
    return "latency";
}

std::optional<Objective> parseObjective(std::string_view text)
{
    if (text == "latency" || text == "throughput")
        return Objective::Latency;
    if (text == "energy")
        return Objective::Energy;
    if (text == "edp" || text == "EDP")
        return Objective::Edp;
    return std::nullopt;
}

double planObjectiveValue(Objective objective, double latencyNs, double energyPj,
                          std::int64_t batch)
{
    const double b = static_cast<double>(std::max<std::int64_t>(1, batch));
    switch (objective) {
    case Objective::Latency:
        return latencyNs;
    case Objective::Energy:
        return energyPj / b;
    case Objective::Edp:
        // Same definition as aggregatePlanCost: pJ per inference x s per inference.
        return (energyPj / b) * (latencyNs / b) * 1e-9;
    }
    return latencyNs;
}

} // namespace compass
