// SPDX-License-Identifier: MIT
// Private to core/arch: parsing with a depth counter, so a cycle of "base" files ends.
#pragma once

#include "core/arch/arch_spec.h"
#include "core/support/diagnostics.h"

#include <QByteArray>

#include <filesystem>
#include <optional>
#include <string>

namespace compass::detail {

/// "base" files may nest this deep; deeper chains are reported as a cycle.
inline constexpr int kMaxArchBaseDepth = 8;

std::optional<ArchSpec> parseArchSpecAtDepth(const QByteArray& json, const std::string& fileName,
                                             DiagnosticSink& diagnostics, int depth);

std::optional<ArchSpec> loadArchSpecFileAtDepth(const std::filesystem::path& path,
                                                DiagnosticSink& diagnostics, int depth);

/// A sink that forwards to another one and counts the errors that passed through.
class CountingSink final : public DiagnosticSink
{
public:
    explicit CountingSink(DiagnosticSink& inner)
        : m_inner(inner)
    {}
    void report(Diagnostic diagnostic) override
    {
        if (diagnostic.severity == Severity::Error)
            ++m_errors;
        m_inner.report(std::move(diagnostic));
    }
    std::size_t errors() const { return m_errors; }

private:
    DiagnosticSink& m_inner;
    std::size_t m_errors = 0;
};

} // namespace compass::detail
