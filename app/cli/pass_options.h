// SPDX-License-Identifier: MIT
#pragma once

#include "core/pipeline/pipelines.h"

#include <QCommandLineParser>
#include <QString>

#include <vector>

namespace compass::cli {

/// A command's --time-passes and --dump-after PASS, and the pass instrumentation it hands to
/// every pipeline it runs. With --time-passes the timing table goes to stderr when the object
/// goes out of scope, after the command's own output, whichever way the command exits.
class PassOptions
{
public:
    PassOptions() = default;
    ~PassOptions();
    PassOptions(const PassOptions&) = delete;
    PassOptions& operator=(const PassOptions&) = delete;

    /// Adds --time-passes, and --dump-after PASS naming `dumpable` in its help when not empty.
    static void addTo(QCommandLineParser& parser, const std::vector<PassInfo>& dumpable = {});
    /// Reads the options. `passes`: the passes this command runs with the flags given, the only
    /// names --dump-after accepts; any other prints a usage error listing them (false).
    bool read(const QCommandLineParser& parser, const QString& command,
              const std::vector<PassInfo>& passes);

    PassInstrumentation* instrumentation() { return &m_instrumentation; }
    /// Where a pipeline returned nothing: after a --dump-after stop, prints the pass's dump on
    /// stdout and returns ExitOk; otherwise returns `failure` (the diagnostics are printed).
    int exitCode(int failure) const;

private:
    PassInstrumentation m_instrumentation;
    bool m_timePasses = false;
};

} // namespace compass::cli
