// SPDX-License-Identifier: MIT
#include "py_errors.h"

namespace py = pybind11;

namespace compass::python {

namespace {

std::string joinedMessage(const std::vector<Diagnostic>& diagnostics)
{
    std::string text;
    for (const Diagnostic& d : diagnostics) {
        if (d.severity != Severity::Error)
            continue;
        if (!text.empty())
            text += '\n';
        text += formatDiagnostic(d);
    }
    return text.empty() ? std::string("error") : text;
}

} // namespace

DiagnosticError::DiagnosticError(std::vector<Diagnostic> diagnostics)
    : m_diagnostics(std::move(diagnostics))
    , m_message(joinedMessage(m_diagnostics))
{}

void throwOnErrors(const DiagnosticList& list)
{
    if (list.hasErrors())
        throw DiagnosticError(list.all());
}

void throwError(std::string message, SourceLocation location)
{
    throw DiagnosticError({{Severity::Error, std::move(message), std::move(location)}});
}

py::list diagnosticsToPython(const std::vector<Diagnostic>& diagnostics)
{
    py::list list;
    for (const Diagnostic& d : diagnostics) {
        py::dict item;
        item["severity"] = severityName(d.severity);
        item["message"] = d.message;
        item["file"] = d.location.file;
        item["node"] = d.location.node;
        item["path"] = d.location.path;
        item["partition"] = d.location.partition;
        item["text"] = formatDiagnostic(d);
        list.append(item);
    }
    return list;
}

void registerErrors(py::module_& module)
{
    // A heap object that lives as long as the interpreter: the translator below refers to it.
    static PyObject* errorType = PyErr_NewExceptionWithDoc(
        "compass.CompassError",
        "Bad input (model, chip, options, cuts, run store). str(error) is every error as the "
        "CLI prints it; error.diagnostics lists them as dicts with severity, message, file, "
        "node, path and partition.",
        PyExc_ValueError, nullptr);
    module.attr("CompassError") = py::handle(errorType);
    py::register_exception_translator([](std::exception_ptr pointer) {
        try {
            if (pointer)
                std::rethrow_exception(pointer);
        } catch (const DiagnosticError& error) {
            py::object instance = py::reinterpret_borrow<py::object>(errorType)(error.what());
            instance.attr("diagnostics") = diagnosticsToPython(error.diagnostics());
            PyErr_SetObject(errorType, instance.ptr());
        }
    });
}

} // namespace compass::python
