// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace compass {
class DiagnosticSink;
}

namespace compass::jobs {

struct Sweep;

/// The sweep's CSV (docs/sweeps.md): a header, then one row per configuration of `slice`
/// that has a run in `runs` (by uuid): config index, uuid, run id, model and its SHA-256,
/// arch, overrides, arch hash, batch, method, objective, seed, status, partitions, cuts, the
/// main metrics in their base units (metric names carry them), objective value, runtime.
QString sweepCsv(const Sweep& sweep, const std::vector<std::size_t>& slice,
                 const std::map<std::string, RunRecord>& runs);

/// Writes `text` to `path`; false with an error naming the file when it cannot.
bool writeSweepCsv(const QString& path, const QString& text, DiagnosticSink& diagnostics);

} // namespace compass::jobs
