// SPDX-License-Identifier: MIT
#pragma once

#include "report/plan_report.h"

#include <QJsonObject>

#include <optional>

namespace compass {

class DiagnosticSink;
struct SourceLocation;

/// The plan report as JSON, the schema of docs/json.md: {"model", "arch", "plan", "metrics",
/// "partitions", "search" (a search's report only), "event" (the event engine's, only with it)}.
/// Base units and full precision; NaN and infinities are written as null.
QJsonObject planReportToJson(const PlanReport& report);

/// The "partitions" array alone, exactly as every stored run keeps it (RunRecord::partitionsJson)
/// and planReportToJson writes it.
QJsonArray partitionsJson(const PlanReport& report);

/// Latency parts in ns and energy parts in pJ, keyed as in the report ("weight_load", "mvm"
/// ...), with a "total".
QJsonObject latencyPartsJson(const LatencyParts& latency);
QJsonObject energyPartsJson(const EnergyParts& energy);

/// Reads a report written by planReportToJson, or assembled from a stored run, back into a
/// value. Required: "plan.cuts" and "partitions"; "plan.units" defaults to the last partition's
/// "end_unit", metric totals missing from "metrics" are summed over the partitions, "search" is
/// optional, "event" is not read. Errors name `where.file` and the JSON path at fault.
std::optional<PlanReport> planReportFromJson(const QJsonObject& json, DiagnosticSink& diagnostics,
                                             const SourceLocation& where);

} // namespace compass
