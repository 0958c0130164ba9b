// SPDX-License-Identifier: MIT
#include "diagnostics.h"

namespace compass {

void DiagnosticSink::error(std::string message, SourceLocation location)
{
    report({Severity::Error, std::move(message), std::move(location)});
}

void DiagnosticSink::warning(std::string message, SourceLocation location)
{
    report({Severity::Warning, std::move(message), std::move(location)});
}

void DiagnosticSink::note(std::string message, SourceLocation location)
{
    report({Severity::Note, std::move(message), std::move(location)});
}

void DiagnosticList::report(Diagnostic diagnostic)
{
    if (diagnostic.severity == Severity::Error)
        ++m_errorCount;
    m_diagnostics.push_back(std::move(diagnostic));
}

void DiagnosticList::clear()
{
    m_diagnostics.clear();
    m_errorCount = 0;
}

const char* severityName(Severity severity)
{
    switch (severity) {
    case Severity::Note:
        return "note";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "error";
}

SourceLocation fieldAt(const std::string& file, std::string_view path)
{
    SourceLocation location;
    location.file = file;
    location.path = std::string(path);
    return location;
}

std::string formatDiagnostic(const Diagnostic& diagnostic)
{
    std::string out;
    const SourceLocation& loc = diagnostic.location;
    if (!loc.file.empty())
        out += loc.file + ": ";
    if (!loc.node.empty())
        out += "node '" + loc.node + "': ";
    if (!loc.path.empty())
        out += loc.path + ": ";
    if (loc.partition >= 0)
        out += "partition " + std::to_string(loc.partition) + ": ";
    out += severityName(diagnostic.severity);
    out += ": ";
    out += diagnostic.message;
    return out;
}

std::string formatDiagnostics(const std::vector<Diagnostic>& diagnostics)
{
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        if (!out.empty())
            out += '\n';
        out += formatDiagnostic(d);
    }
    return out;
}

} // namespace compass
