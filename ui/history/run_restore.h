// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"

#include <QString>

namespace compass {
class DiagnosticSink;
}

namespace compass::ui {

class ProjectDocument;

/// Whether the network a stored run used can be opened again, and from which file.
struct RunModelCheck
{
    enum class Status
    {
        Ok,      ///< `path` holds exactly the bytes the run used (same SHA-256).
        Changed, ///< `path` exists but its content differs: the stored plan may not fit.
        Missing, ///< Neither the stored file nor a bundled network with its content exists.
    };
    Status status = Status::Missing;
    QString path;    ///< The file to open (empty when Missing).
    QString message; ///< One or two sentences for the user; empty when Ok at the stored path.
};

/// Finds the network of `run`: the stored path when its SHA-256 matches, else a bundled network
/// of the same name with the same content (runs recorded on another machine), else reports
/// the stored file as changed or missing. Hashes whole files: call it off the GUI thread for
/// large models. Thread-safe.
RunModelCheck checkRunModel(const RunRecord& run);

/// Restores the chip (from the stored arch JSON; the preset when it is one), batch size and
/// plan of `run` on a document that already holds the run's network, as ordinary edits that
/// form one undo step ("Open run 12"). Problems (an arch JSON this build cannot read, a plan
/// that does not fit the network) go to `diagnostics`; the edits that could be made stay.
/// Returns true when chip, batch and plan all match the run afterwards.
bool restoreRunSettings(ProjectDocument& document, const RunRecord& run,
                        DiagnosticSink& diagnostics);

/// "run 12" or "run 12 “baseline”" when it has a name.
QString runDisplayName(RunId id, const std::string& label);

} // namespace compass::ui
