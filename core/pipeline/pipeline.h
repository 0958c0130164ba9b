// SPDX-License-Identifier: MIT
#pragma once

#include "core/pipeline/pass.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace compass {

class DiagnosticSink;
struct PipelineState;

/// Wall-clock time of every run of one pass.
struct PassTiming
{
    std::string pass;
    std::int64_t runs = 0;
    double wallNs = 0.0;
};

/// Observes pipeline runs: records each pass's wall time (summed per pass, in the order passes
/// first ran) and, when asked, keeps the dump of one pass and stops the pipeline after it
/// (--time-passes, --dump-after). Thread-safe: pipelines on several threads may share one
/// instrumentation (a sweep's workers do); their timings add up.
class PassInstrumentation
{
public:
    /// Stop after the first run of pass `pass` and keep its dump; empty: never stop.
    void setDumpAfter(std::string pass);
    std::string dumpAfter() const;
    /// Whether the pipeline that ran `pass` must keep its dump and stop.
    bool shouldDumpAfter(std::string_view pass) const;
    /// True once the dump pass has run (the pipeline stopped after it).
    bool hasDump() const;
    /// The dump of the dumpAfter() pass, once it ran.
    std::optional<std::string> dump() const;

    std::vector<PassTiming> timings() const;

    // Called by Pipeline::run.
    void recordTiming(std::string_view pass, double wallNs);
    void recordDump(std::string text);

private:
    mutable std::mutex m_mutex;
    std::string m_dumpAfter;
    std::optional<std::string> m_dump;
    std::vector<PassTiming> m_timings;
};

/// The timing table `--time-passes` prints: one row per pass (runs, wall time, share of the
/// total) and the total, in the units of core/support/units.h.
std::string formatPassTimings(const std::vector<PassTiming>& timings);

enum class PipelineStatus
{
    Completed, ///< Every pass ran.
    Failed,    ///< A pass reported an error (the diagnostics say which and why).
    Stopped,   ///< Stopped after the instrumentation's dump pass.
};

/// An ordered list of passes run on one PipelineState. Passes are stateless, so run() is
/// const and one pipeline may run on several threads at once, each with its own state.
class Pipeline
{
public:
    Pipeline() = default;
    Pipeline(Pipeline&&) = default;
    Pipeline& operator=(Pipeline&&) = default;

    Pipeline& add(std::unique_ptr<Pass> pass);
    /// Appends every pass of `other`, in order.
    Pipeline& append(Pipeline other);

    const std::vector<std::unique_ptr<Pass>>& passes() const { return m_passes; }
    std::vector<std::string> passNames() const;
    /// The pass named `name`, or null.
    const Pass* pass(std::string_view name) const;

    /// Runs the passes in order on `state` until one fails, or until the instrumentation's dump
    /// pass has run and been dumped. Each pass's wall time goes to `instrumentation`.
    PipelineStatus run(PipelineState& state, DiagnosticSink& diagnostics,
                       PassInstrumentation* instrumentation = nullptr) const;

private:
    std::vector<std::unique_ptr<Pass>> m_passes;
};

} // namespace compass
