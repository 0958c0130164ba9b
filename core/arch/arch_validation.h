// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_fields.h"
#include "core/arch/arch_spec.h"
#include "core/support/diagnostics.h"

#include <string>

namespace compass {

/// Checks every field against its allowed range (finite, within [min, max]) and the rules that
/// tie fields together (a crossbar at least one weight wide, a chip small enough that later
/// arithmetic cannot overflow). Reports every problem, each naming `file`, the JSON path, the
/// value and the allowed range. Returns true when no error was found (warnings allowed).
bool validateArchSpec(const ArchSpec& spec, const std::string& file, DiagnosticSink& diagnostics);

/// Checks one field of `spec` on its own (finite and in range; non-empty name). Returns true
/// when it is fine; otherwise reports one error at `location` and returns false.
bool checkArchField(const ArchSpec& spec, const ArchField& field, const SourceLocation& location,
                    DiagnosticSink& diagnostics);

/// The message for a numeric value outside a field's range:
/// "value 0 is outside the allowed range [1, 1048576] (count)".
std::string archRangeMessage(const ArchField& field, const std::string& valueText);

} // namespace compass
