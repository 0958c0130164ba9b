// SPDX-License-Identifier: MIT
#include "run_history_controller.h"

#include "core/support/diagnostics.h"
#include "run_history_model.h"
#include "store/run_store.h"

#include <QFileInfo>

#include <set>

namespace compass::ui {

namespace {

QString formatted(const DiagnosticList& diagnostics)
{
    return QString::fromStdString(formatDiagnostics(diagnostics.all()));
}

} // namespace

RunHistoryController::RunHistoryController(QObject* parent)
    : QObject(parent)
    , m_model(new RunHistoryModel(this))
{
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(200);
    connect(&m_reloadTimer, &QTimer::timeout, this, &RunHistoryController::reload);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this,
            &RunHistoryController::scheduleReload);
    // The -wal file comes and goes with the last connection of any process: re-watch it when
    // the folder changes, and reload (a new database may have replaced ours).
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        watch();
        scheduleReload();
    });
}

RunHistoryController::~RunHistoryController() = default;

bool RunHistoryController::openDatabase(const QString& path)
{
    closeDatabase();
    m_path = QFileInfo(path).absoluteFilePath();
    m_movedTo.clear();
    DiagnosticList writeProblems;
    if (std::optional<RunStore> store =
            RunStore::open(m_path, OpenMode::ReadWrite, writeProblems)) {
        m_store = std::make_unique<RunStore>(std::move(*store));
        m_state = RunDatabaseState::Writable;
    } else if (QFileInfo::exists(m_path)) {
        // Refused for writing: a newer schema, or a file we may not write, can still be listed.
        DiagnosticList readProblems;
        std::optional<RunStore> readOnly = RunStore::open(m_path, OpenMode::ReadOnly, readProblems);
        if (readOnly) {
            m_store = std::make_unique<RunStore>(std::move(*readOnly));
            m_state = RunDatabaseState::ReadOnly;
            m_message = m_store->schemaVersion() > RunStore::kSchemaVersion
                            ? tr("%1 was written by a newer COMPASS (schema version %2; this "
                                 "build knows up to %3). Update COMPASS to edit its runs.")
                                  .arg(m_path)
                                  .arg(m_store->schemaVersion())
                                  .arg(RunStore::kSchemaVersion)
                            : formatted(writeProblems);
        } else {
            m_state = RunDatabaseState::Unusable;
            m_message = formatted(writeProblems);
        }
    } else {
        m_state = RunDatabaseState::Unusable;
        m_message = formatted(writeProblems);
    }
    if (m_store)
        watch();
    reload();
    emit databaseChanged();
    return m_store != nullptr;
}

bool RunHistoryController::canMoveAside() const
{
    return m_state == RunDatabaseState::Unusable && QFileInfo(m_path).isFile();
}

bool RunHistoryController::startNewDatabase()
{
    if (!canMoveAside())
        return false;
    const QString path = m_path;
    DiagnosticList diagnostics;
    QString movedTo;
    std::optional<RunStore> store = RunStore::moveAsideAndCreate(path, diagnostics, &movedTo);
    if (!store)
        return report(false, formatted(diagnostics));
    closeDatabase();
    m_path = path;
    m_movedTo = movedTo;
    m_store = std::make_unique<RunStore>(std::move(*store));
    m_state = RunDatabaseState::Writable;
    watch();
    reload();
    emit databaseChanged();
    return true;
}

void RunHistoryController::closeDatabase()
{
    unwatch();
    m_reloadTimer.stop();
    m_store.reset();
    m_state = RunDatabaseState::Closed;
    m_message.clear();
    m_model->setRuns({});
}

void RunHistoryController::reload()
{
    if (!m_store) {
        m_model->setRuns({});
        emit runsReloaded();
        return;
    }
    DiagnosticList diagnostics;
    std::vector<RunSummary> runs = m_store->list(RunFilter{}, diagnostics);
    if (diagnostics.hasErrors()) {
        // Keep what is shown: a busy writer or a torn read is reported, not a blank table.
        report(false, formatted(diagnostics));
        return;
    }
    m_model->setRuns(std::move(runs));
    emit runsReloaded();
}

std::optional<RunRecord> RunHistoryController::run(RunId id)
{
    if (!m_store)
        return std::nullopt;
    DiagnosticList diagnostics;
    std::optional<RunRecord> record = m_store->run(id, diagnostics);
    if (!record)
        report(false, formatted(diagnostics));
    return record;
}

std::vector<RunRecord> RunHistoryController::runs(const std::vector<RunId>& ids)
{
    std::vector<RunRecord> records;
    for (RunId id : ids) {
        if (std::optional<RunRecord> record = run(id))
            records.push_back(std::move(*record));
    }
    return records;
}

bool RunHistoryController::rename(RunId id, const QString& label)
{
    if (!m_store)
        return false;
    DiagnosticList diagnostics;
    const bool ok = m_store->rename(id, label.trimmed().toStdString(), diagnostics);
    return report(ok, formatted(diagnostics));
}

bool RunHistoryController::setTags(RunId id, const QStringList& tags)
{
    if (!m_store)
        return false;
    std::set<std::string> clean;
    for (const QString& tag : tags) {
        if (const QString t = tag.trimmed(); !t.isEmpty())
            clean.insert(t.toStdString());
    }
    DiagnosticList diagnostics;
    const bool ok = m_store->setTags(id, clean, diagnostics);
    return report(ok, formatted(diagnostics));
}

bool RunHistoryController::setNotes(RunId id, const QString& notes)
{
    if (!m_store)
        return false;
    DiagnosticList diagnostics;
    const bool ok = m_store->setNotes(id, notes.toStdString(), diagnostics);
    return report(ok, formatted(diagnostics));
}

bool RunHistoryController::remove(const std::vector<RunId>& ids)
{
    if (!m_store || ids.empty())
        return false;
    DiagnosticList diagnostics;
    const bool ok = m_store->remove(ids, diagnostics);
    return report(ok, formatted(diagnostics));
}

bool RunHistoryController::report(bool ok, const QString& diagnostics)
{
    if (ok) {
        m_lastError.clear();
        reload(); // at once: the user expects to see the edit
    } else {
        m_lastError = diagnostics;
        emit errorOccurred(diagnostics);
    }
    return ok;
}

void RunHistoryController::watch()
{
    if (m_path.isEmpty())
        return;
    QStringList wanted{m_path, m_path + QStringLiteral("-wal"), QFileInfo(m_path).absolutePath()};
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    for (const QString& path : wanted) {
        if (!watched.contains(path) && QFileInfo::exists(path))
            m_watcher.addPath(path);
    }
}

void RunHistoryController::unwatch()
{
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
}

void RunHistoryController::scheduleReload()
{
    if (m_store)
        m_reloadTimer.start();
}

} // namespace compass::ui
