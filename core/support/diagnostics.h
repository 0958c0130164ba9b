// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace compass {

enum class Severity
{
    Note,
    Warning,
    Error
};

/// Where a diagnostic points: any of file, node, JSON path or partition may be empty/unset.
struct SourceLocation
{
    std::string file;   ///< File the problem was found in (model, arch JSON, database).
    std::string node;   ///< Graph node name, when the problem is about one node.
    std::string path;   ///< JSON path ("crossbar.rows") or field name, for specs and edits.
    int partition = -1; ///< Partition index in a plan, -1 when not about a partition.
};

/// The location of a field: `path` ("crossbar.rows", "plan.cuts") in `file` (may be empty).
SourceLocation fieldAt(const std::string& file, std::string_view path);

/// One message for the user. Libraries never print: they hand these to a DiagnosticSink.
struct Diagnostic
{
    Severity severity = Severity::Error;
    std::string message;
    SourceLocation location;
};

/// Receives diagnostics from a library operation; the caller decides how to show them.
class DiagnosticSink
{
public:
    virtual ~DiagnosticSink() = default;
    virtual void report(Diagnostic diagnostic) = 0;

    void error(std::string message, SourceLocation location = {});
    void warning(std::string message, SourceLocation location = {});
    void note(std::string message, SourceLocation location = {});
};

/// A sink that keeps every diagnostic, in order.
class DiagnosticList final : public DiagnosticSink
{
public:
    void report(Diagnostic diagnostic) override;

    const std::vector<Diagnostic>& all() const { return m_diagnostics; }
    bool hasErrors() const { return m_errorCount > 0; }
    std::size_t errorCount() const { return m_errorCount; }
    bool empty() const { return m_diagnostics.empty(); }
    void clear();

private:
    std::vector<Diagnostic> m_diagnostics;
    std::size_t m_errorCount = 0;
};

/// Formats a diagnostic the way the CLI prints it: `file: node 'x': error: message`.
std::string formatDiagnostic(const Diagnostic& diagnostic);
/// formatDiagnostic of each, one per line (no newline after the last).
std::string formatDiagnostics(const std::vector<Diagnostic>& diagnostics);

const char* severityName(Severity severity);

} // namespace compass
