// SPDX-License-Identifier: MIT
#pragma once

#include "core/support/diagnostics.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace compass::fuzz {

/// Stops the fuzzer with a message when an invariant of the code under test does not hold;
/// libFuzzer then saves the input as a crash. Fuzz harnesses only: libraries never abort.
inline void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        std::abort();
    }
}

/// A failed operation must have said why, naming the input: at least one error, and every
/// error carries a non-empty message and the input's display name as its file.
inline void checkFailureExplained(const DiagnosticList& diagnostics, const std::string& file)
{
    check(diagnostics.hasErrors(), "failure without an error diagnostic");
    for (const Diagnostic& d : diagnostics.all()) {
        if (d.severity != Severity::Error)
            continue;
        check(!d.message.empty(), "error diagnostic with an empty message");
        check(d.location.file == file, "error diagnostic does not name the input file");
    }
}

} // namespace compass::fuzz
