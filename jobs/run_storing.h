// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <string>

namespace compass {
class DiagnosticList;
}

namespace compass::jobs {

struct SearchRun;

/// What storing one run gave: the run id, or -1 with the reason in `message`.
struct StoredRun
{
    qint64 runId = -1;
    QString message; ///< "ga #3 stored as run 12" or "ga #3 was not stored: ..."
};

/// Builds the record of a search run with the same builder as the CLI (makeRunRecord) and
/// inserts it into the run store at `storePath`. Blocks on the database: call it off the GUI
/// thread. A run whose problem has no model file is not stored. `appVersion` is the recording
/// application's ("0.1.0 (1a2b3c4)"), stored with the run.
StoredRun storeSearchRun(const QString& storePath, const SearchRun& run,
                         const std::string& appVersion);

/// Every diagnostic formatted as the CLI prints it, joined by "; " (for one status line).
QString joinedDiagnostics(const DiagnosticList& diagnostics);

} // namespace compass::jobs
