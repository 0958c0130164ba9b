// SPDX-License-Identifier: MIT
#include "run_restore.h"

#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/support/diagnostics.h"
#include "core/support/file_hash.h"
#include "core/support/resource_paths.h"
#include "ui/document/project_document.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QUndoStack>

#include <limits>

namespace compass::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RunRestore", text);
}

std::optional<std::string> hashOf(const QString& path)
{
    DiagnosticList ignored; // an unreadable file is reported as missing by the caller
    return fileSha256Hex(path, ignored);
}

/// The shipped preset `name` when it equals `spec`, else empty.
QString matchingPreset(const std::string& name, const ArchSpec& spec)
{
    if (name.empty() || !archPresetPath(name))
        return {};
    DiagnosticList ignored;
    const std::optional<ArchSpec> preset = loadArchSpec(name, {}, ignored);
    return preset && *preset == spec ? QString::fromStdString(name) : QString();
}

} // namespace

QString runDisplayName(RunId id, const std::string& label)
{
    if (label.empty())
        return tr("run %1").arg(id.value);
    return tr("run %1 “%2”").arg(id.value).arg(QString::fromStdString(label));
}

RunModelCheck checkRunModel(const RunRecord& run)
{
    const QString stored = QString::fromStdString(run.modelPath);
    const QString name = runDisplayName(run.id, run.label);
    const bool storedExists = !stored.isEmpty() && QFileInfo(stored).isFile();
    std::optional<std::string> storedHash = storedExists ? hashOf(stored) : std::nullopt;
    if (storedHash && *storedHash == run.modelSha256)
        return {RunModelCheck::Status::Ok, stored, {}};

    // Recorded elsewhere (another machine, an installed copy): a bundled network with the
    // same content is the same network.
    if (const auto bundled = resolveModelPath(run.modelName)) {
        const QString path =
            QFileInfo(QString::fromStdString(bundled->string())).absoluteFilePath();
        if (path != QFileInfo(stored).absoluteFilePath()) {
            if (std::optional<std::string> hash = hashOf(path); hash && *hash == run.modelSha256) {
                return {RunModelCheck::Status::Ok, path,
                        tr("The model file %1 of %2 is not there; using the bundled %3, which "
                           "has the same content.")
                            .arg(stored, name, path)};
            }
        }
    }
    if (storedHash) {
        return {RunModelCheck::Status::Changed, stored,
                tr("The model file %1 has changed since %2 was recorded (its SHA-256 differs). "
                   "The stored plan may not fit the network as it is now.")
                    .arg(stored, name)};
    }
    return {RunModelCheck::Status::Missing,
            {},
            tr("Cannot open %1: its model file %2 is missing or unreadable, and no bundled "
               "network named “%3” has the same content.")
                .arg(name, stored.isEmpty() ? tr("(none stored)") : stored,
                     QString::fromStdString(run.modelName))};
}

bool restoreRunSettings(ProjectDocument& document, const RunRecord& run,
                        DiagnosticSink& diagnostics)
{
    const QString name = runDisplayName(run.id, run.label);
    const std::string where = name.toStdString();
    if (!document.hasModel()) {
        diagnostics.error("open the run's network first", {where, {}, {}, -1});
        return false;
    }
    std::optional<ArchSpec> spec =
        parseArchSpec(QByteArray::fromStdString(run.archJson), where + " arch", diagnostics);
    std::vector<std::int32_t> cuts;
    bool cutsOk = true;
    for (std::int64_t c : run.cuts) {
        if (c <= 0 || c > std::numeric_limits<std::int32_t>::max()) {
            cutsOk = false;
            break;
        }
        cuts.push_back(static_cast<std::int32_t>(c));
    }

    const bool archDiffers = spec && !(*spec == document.arch());
    const bool batchDiffers = run.batch >= 1 && run.batch != document.batchSize();
    QUndoStack* undo = document.undoStack();
    const bool macro = archDiffers || batchDiffers;
    if (macro)
        undo->beginMacro(tr("Open %1").arg(name));
    if (archDiffers) {
        const QString preset = matchingPreset(run.archName, *spec);
        if (!preset.isEmpty())
            document.setArchPreset(preset, diagnostics);
        else
            document.setArchSpec(
                *spec, tr("Use chip %1 of %2").arg(QString::fromStdString(run.archName), name),
                diagnostics);
    }
    if (batchDiffers)
        document.setBatchSize(run.batch);
    bool planOk = cutsOk && (cuts == document.innerCuts() ||
                             document.applyPlan(cuts, tr("Plan of %1").arg(name)));
    if (macro)
        undo->endMacro();

    if (!planOk) {
        diagnostics.error("the stored plan's cuts do not fit this network on this chip (" +
                              std::to_string(run.cuts.size()) + " cuts, " +
                              std::to_string(document.unitCount()) +
                              " partition units); the current plan was kept",
                          {where, {}, "cuts", -1});
    }
    if (run.batch < 1)
        diagnostics.error("the stored batch size is not positive", {where, {}, "batch", -1});
    return spec && planOk && run.batch >= 1 && *spec == document.arch() &&
           document.batchSize() == run.batch;
}

} // namespace compass::ui
