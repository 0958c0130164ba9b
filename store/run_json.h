// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"

#include <QJsonObject>

namespace compass {

/// A run as JSON for `compass runs show --json` and exports. Keys are snake_case; metrics,
/// per-partition rows and the options/arch spec are nested as JSON (not strings) when they
/// parse; NaN metrics become null. The seed is a decimal string (JSON numbers lose bits
/// above 2^53).
QJsonObject runRecordToJson(const RunRecord& record);

/// The list columns of a run as JSON (`compass runs list --json`).
QJsonObject runSummaryToJson(const RunSummary& summary);

} // namespace compass
