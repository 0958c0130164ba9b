// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"

#include <QJsonObject>

namespace compass {
class UnitTable;
} // namespace compass

namespace compass::cli {

/// The plan, metrics and per-partition JSON shared by `simulate` and `optimize`:
/// {"plan": {"cuts", "partitions", "valid"}, "metrics": {...}, "partitions": [...]}.
QJsonObject planReportJson(const UnitTable& units, const Plan& plan, const PlanCost& cost);

/// The same report as a readable table on stdout.
void printPlanReport(const UnitTable& units, const Plan& plan, const PlanCost& cost);

/// Layer names of the weight layers with units in [begin, end), in unit order.
QStringList layersOfSpan(const UnitTable& units, UnitSpan span);

} // namespace compass::cli
