// SPDX-License-Identifier: MIT
#include "run_storing.h"

#include "core/support/diagnostics.h"
#include "run_controller.h"
#include "store/recording/run_recording.h"
#include "store/run_store.h"

#include <QStringList>

namespace compass::jobs {

StoredRun storeSearchRun(const QString& storePath, const SearchRun& run,
                         const std::string& appVersion)
{
    DiagnosticList diagnostics;
    StoredRun outcome;
    if (run.problem.modelPath.isEmpty() || !run.problem.isValid()) {
        outcome.message =
            QStringLiteral("%1 was not stored: the network is not from a file").arg(run.label);
        return outcome;
    }
    const std::optional<ModelIdentity> model =
        identifyModel(run.problem.modelPath, run.problem.importOptions, diagnostics);
    std::optional<RunStore> store =
        model ? RunStore::open(storePath, OpenMode::ReadWrite, diagnostics) : std::nullopt;
    if (store) {
        RunMethod method;
        method.search = run.options;
        const RunId id = store->insert(
            makeRunRecord(*model, *run.problem.problem, method, run.result, appVersion),
            diagnostics);
        if (id.isValid()) {
            outcome.runId = id.value;
            outcome.message = QStringLiteral("%1 stored as run %2").arg(run.label).arg(id.value);
            return outcome;
        }
    }
    outcome.message =
        QStringLiteral("%1 was not stored: %2").arg(run.label, joinedDiagnostics(diagnostics));
    return outcome;
}

QString joinedDiagnostics(const DiagnosticList& diagnostics)
{
    QStringList lines;
    for (const Diagnostic& d : diagnostics.all())
        lines << QString::fromStdString(formatDiagnostic(d));
    return lines.join(QStringLiteral("; "));
}

} // namespace compass::jobs
