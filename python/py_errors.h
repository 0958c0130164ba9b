// SPDX-License-Identifier: MIT
#pragma once
// compass.CompassError: how the Python module turns a library's diagnostics into an exception.

#include "core/support/diagnostics.h"

#include <pybind11/pybind11.h>

#include <exception>
#include <string>
#include <vector>

namespace compass::python {

/// Thrown by the bindings when a library call reported errors; translated to
/// compass.CompassError carrying the diagnostics (severity, message, file, node, path,
/// partition) as a list of dicts in its `diagnostics` attribute.
class DiagnosticError : public std::exception
{
public:
    explicit DiagnosticError(std::vector<Diagnostic> diagnostics);
    const char* what() const noexcept override { return m_message.c_str(); }
    const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }

private:
    std::vector<Diagnostic> m_diagnostics;
    std::string m_message;
};

/// Throws DiagnosticError with every diagnostic of `list` when it has errors.
void throwOnErrors(const DiagnosticList& list);
/// Throws DiagnosticError with one error `message` at `location`.
[[noreturn]] void throwError(std::string message, SourceLocation location = {});

/// The diagnostics as a list of dicts, the form CompassError.diagnostics and Model.diagnostics
/// give them.
pybind11::list diagnosticsToPython(const std::vector<Diagnostic>& diagnostics);

/// Creates compass.CompassError (a ValueError) in `module` and registers the translator.
void registerErrors(pybind11::module_& module);

} // namespace compass::python
