// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/support/diagnostics.h"

#include <QByteArray>
#include <QJsonValue>

#include <optional>
#include <string>

namespace compass {

/// Parses and validates a chip description (JSON, layout in docs/architecture-spec.md).
/// Missing fields keep their defaults; {"base": "sram-M", ...} starts from a preset (or from
/// another file, relative to this one). Every problem is reported to `diagnostics` with the file
/// name and the JSON path, not only the first; returns nullopt when any of them is an error.
/// A spec without "name" is named after the file's stem ("custom" without a file name).
std::optional<ArchSpec> parseArchSpec(const QByteArray& json, const std::string& fileName,
                                      DiagnosticSink& diagnostics);

/// The canonical JSON of a spec: every field, in the order of archFields(), two-space indent,
/// numbers in their shortest exact form. parseArchSpec(archSpecToJson(s)) == s.
std::string archSpecToJson(const ArchSpec& spec);

/// A stable identity of a spec for the run store: the SHA-256 (64 lowercase hex digits) of its
/// canonical JSON, name and description included.
std::string archSpecHash(const ArchSpec& spec);

/// What a JSON value is, for type errors of every JSON reader (chip specs, project files):
/// "null", "true", "a number (16.5)", "a string ("abc")", "an array", "an object".
std::string describeJsonValue(const QJsonValue& value);

} // namespace compass
