// SPDX-License-Identifier: MIT
#pragma once

#include "report/plan_report.h"

#include <QString>

namespace compass {

/// The plan report as text for a person: a heading (network, chip, batch), the search that
/// chose the plan, the plan's metrics, one row per partition, the genetic search's convergence,
/// the Pareto front and the event engine's figures beside the estimator's, each when present.
/// Every figure goes through core/support/units.h (scaled units, no exponents).
/// Lines end in '\n'; the caller prints.
QString planReportText(const PlanReport& report);

/// An objective's value in its unit: latency per batch as a duration, energy per inference as
/// an energy, EDP as an energy times milliseconds ("47.17 mJ·ms").
QString objectiveValueText(Objective objective, double value);

} // namespace compass
