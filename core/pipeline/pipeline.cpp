// SPDX-License-Identifier: MIT
#include "pipeline.h"

#include "core/support/units.h"

#include <algorithm>
#include <chrono>

namespace compass {

void PassInstrumentation::setDumpAfter(std::string pass)
{
    const std::lock_guard lock(m_mutex);
    m_dumpAfter = std::move(pass);
    m_dump.reset();
}

std::string PassInstrumentation::dumpAfter() const
{
    const std::lock_guard lock(m_mutex);
    return m_dumpAfter;
}

bool PassInstrumentation::shouldDumpAfter(std::string_view pass) const
{
    const std::lock_guard lock(m_mutex);
    return !m_dumpAfter.empty() && pass == m_dumpAfter && !m_dump;
}

bool PassInstrumentation::hasDump() const
{
    const std::lock_guard lock(m_mutex);
    return m_dump.has_value();
}

std::optional<std::string> PassInstrumentation::dump() const
{
    const std::lock_guard lock(m_mutex);
    return m_dump;
}

std::vector<PassTiming> PassInstrumentation::timings() const
{
    const std::lock_guard lock(m_mutex);
    return m_timings;
}

void PassInstrumentation::recordTiming(std::string_view pass, double wallNs)
{
    const std::lock_guard lock(m_mutex);
    auto it = std::find_if(m_timings.begin(), m_timings.end(),
                           [&](const PassTiming& t) { return t.pass == pass; });
    if (it == m_timings.end())
        it = m_timings.insert(m_timings.end(), PassTiming{std::string(pass), 0, 0.0});
    it->runs += 1;
    it->wallNs += wallNs;
}

void PassInstrumentation::recordDump(std::string text)
{
    const std::lock_guard lock(m_mutex);
    m_dump = std::move(text);
}

std::string formatPassTimings(const std::vector<PassTiming>& timings)
{
    double total = 0.0;
    std::size_t width = 5; // "total"
    for (const PassTiming& t : timings) {
        total += t.wallNs;
        width = std::max(width, t.pass.size());
    }
    auto cell = [](const QString& text, int w) { return text.rightJustified(w).toStdString(); };
    std::string out = "Pass execution timing (wall clock)\n";
    out += "  " + QString("pass").leftJustified(static_cast<int>(width)).toStdString() +
           cell("runs", 7) + cell("wall time", 13) + cell("share", 9) + '\n';
    for (const PassTiming& t : timings) {
        out += "  " +
               QString::fromStdString(t.pass).leftJustified(static_cast<int>(width)).toStdString() +
               cell(QString::number(t.runs), 7) + cell(units::duration(t.wallNs), 13) +
               cell(units::percent(total > 0.0 ? t.wallNs / total : 0.0), 9) + '\n';
    }
    out += "  " + QString("total").leftJustified(static_cast<int>(width)).toStdString() +
           cell("", 7) + cell(units::duration(total), 13) + cell(units::percent(1.0), 9) + '\n';
    return out;
}

Pipeline& Pipeline::add(std::unique_ptr<Pass> pass)
{
    m_passes.push_back(std::move(pass));
    return *this;
}

Pipeline& Pipeline::append(Pipeline other)
{
    for (auto& p : other.m_passes)
        m_passes.push_back(std::move(p));
    return *this;
}

std::vector<std::string> Pipeline::passNames() const
{
    std::vector<std::string> names;
    for (const auto& p : m_passes)
        names.emplace_back(p->name());
    return names;
}

const Pass* Pipeline::pass(std::string_view name) const
{
    for (const auto& p : m_passes) {
        if (name == p->name())
            return p.get();
    }
    return nullptr;
}

PipelineStatus Pipeline::run(PipelineState& state, DiagnosticSink& diagnostics,
                             PassInstrumentation* instrumentation) const
{
    for (const auto& pass : m_passes) {
        const auto started = std::chrono::steady_clock::now();
        const bool ok = pass->run(state, diagnostics);
        const double ns =
            std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started)
                .count();
        if (instrumentation)
            instrumentation->recordTiming(pass->name(), ns);
        if (!ok)
            return PipelineStatus::Failed;
        if (instrumentation && instrumentation->shouldDumpAfter(pass->name())) {
            instrumentation->recordDump(pass->dump(state));
            return PipelineStatus::Stopped;
        }
    }
    return PipelineStatus::Completed;
}

} // namespace compass
