// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"
#include "store/recording/plan_report_json.h"

namespace compass {
class UnitTable;
} // namespace compass

namespace compass::cli {

/// The plan report (see planReportJson) as a readable table on stdout.
void printPlanReport(const UnitTable& units, const Plan& plan, const PlanCost& cost);

} // namespace compass::cli
