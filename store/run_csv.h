// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"

#include <QString>

#include <vector>

namespace compass {

/// `compass runs export --csv`: a header and one row per run (id, uuid, created_at, label,
/// model, model_sha256, arch, arch_hash, batch, method, objective, engine, seed, status,
/// partitions, cuts, the main metrics, runtime_ms, tags, notes). Base units and the shortest
/// text that reads back to the same double; fields quoted as RFC 4180 says.
QString runsCsv(const std::vector<RunRecord>& runs);

} // namespace compass
