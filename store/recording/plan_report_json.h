// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"

#include <QJsonObject>
#include <QStringList>

namespace compass {

class UnitTable;

/// The plan, metrics and per-partition JSON of `compass simulate --json`, which `optimize`
/// extends and every stored run keeps (its "partitions" array):
/// {"plan": {"cuts", "partitions", "valid"}, "metrics": {...}, "partitions": [...]}.
QJsonObject planReportJson(const UnitTable& units, const Plan& plan, const PlanCost& cost);

/// Latency parts in ns and energy parts in pJ, keyed as in the report ("weight_load", "mvm"
/// ...), with a "total".
QJsonObject latencyPartsJson(const LatencyParts& latency);
QJsonObject energyPartsJson(const EnergyParts& energy);

/// Layer names of the weight layers with units in [begin, end), in unit order.
QStringList layersOfSpan(const UnitTable& units, UnitSpan span);

} // namespace compass
