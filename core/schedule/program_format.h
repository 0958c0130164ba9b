// SPDX-License-Identifier: MIT
#pragma once

#include "core/schedule/program.h"

#include <QJsonObject>
#include <QString>

namespace compass {

/// The readable text form: a header, then per partition and per core one instruction per
/// line: "%id OPCODE operands bytes=... deps=[...]". Stable, so tests may diff it.
QString programToText(const Program& program);

/// The JSON form: {"format": "compass-program", "version": 1, "model", "arch", "batch",
/// "cores", "partitions": [...], "buffers": [...], "instructions": [{"id", "op", "core",
/// "partition", ...}]}; optional fields are present only when set.
QJsonObject programToJson(const Program& program);

/// Instruction counts per core and per partition, as a table.
QString programSummary(const Program& program);

} // namespace compass
