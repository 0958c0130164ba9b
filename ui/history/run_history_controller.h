// SPDX-License-Identifier: MIT
#pragma once

#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "store/run_record.h"
#endif

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace compass {
class RunStore;
}

namespace compass::ui {

class RunHistoryModel;

/// What the history can do with its database file.
enum class RunDatabaseState
{
    Closed,   ///< No database chosen yet.
    Writable, ///< Open read-write: list, open, rename, tag, annotate, delete.
    ReadOnly, ///< Listed but never written (a newer schema, or a file we may not write).
    Unusable, ///< Damaged, foreign or unreadable: nothing is shown and the file is untouched.
};

/// Widget-free controller of the run history dock: owns the RunStore connection and the
/// RunHistoryModel, reloads the list when the database file (or its -wal) changes, so runs
/// stored meanwhile by `compass optimize` or a sweep show up, and performs the user's edits
/// (rename, tags, notes, delete) each as one store transaction followed by a reload. The
/// database is only read on open, on a file change (debounced) and after an edit, never while
/// painting. A damaged or foreign file is never written: state() becomes Unusable, message()
/// says why, and startNewDatabase() moves it aside. GUI thread only.
class RunHistoryController final : public QObject
{
    Q_OBJECT

public:
    explicit RunHistoryController(QObject* parent = nullptr);
    ~RunHistoryController() override;

    RunHistoryModel* model() const { return m_model; }

    /// Opens `path` read-write (creating it when missing); when that is refused, opens it
    /// read-only if it can be read (a newer schema). Returns true when runs can be listed.
    bool openDatabase(const QString& path);
    /// Moves the current (unusable) file and its -wal/-shm aside to NAME.damaged-<stamp> and
    /// starts a new empty database at the same path. Nothing is deleted.
    bool startNewDatabase();
    void closeDatabase();

    QString databasePath() const { return m_path; }
    RunDatabaseState state() const { return m_state; }
    bool isWritable() const { return m_state == RunDatabaseState::Writable; }
    /// True when the database is Unusable and its file exists, so it can be moved aside.
    bool canMoveAside() const;
    /// Why the database is read-only or unusable (the store's diagnostics, one per line),
    /// empty when it is writable.
    QString message() const { return m_message; }
    /// Where startNewDatabase() moved the damaged file, empty before.
    QString movedAsidePath() const { return m_movedTo; }

    /// Reads the run list again (the model keeps rows of unchanged runs).
    void reload();
    /// Debounce between a file-change notification and the reload (default 200 ms).
    void setReloadDelayMs(int ms) { m_reloadTimer.setInterval(ms); }

    /// The full stored record of a run; nullopt (errorOccurred) when it is gone.
    std::optional<RunRecord> run(RunId id);
    /// The full records of several runs in the given order; runs that are gone are skipped.
    std::vector<RunRecord> runs(const std::vector<RunId>& ids);

    // --- edits: false (and errorOccurred) when refused, e.g. on a read-only database ------
    bool rename(RunId id, const QString& label);
    /// Replaces the run's tags; blanks are trimmed and empty tags dropped.
    bool setTags(RunId id, const QStringList& tags);
    bool setNotes(RunId id, const QString& notes);
    /// Deletes the runs in one transaction (all or nothing).
    bool remove(const std::vector<RunId>& ids);

    /// The text of the last error (formatted diagnostics), empty when none.
    QString lastError() const { return m_lastError; }

signals:
    /// A database was opened, closed, moved aside, or changed state.
    void databaseChanged();
    /// The run list was read again.
    void runsReloaded();
    /// An operation failed; `message` names the file and says why.
    void errorOccurred(const QString& message);

private:
    void watch();
    void unwatch();
    void scheduleReload();
    bool report(bool ok, const QString& diagnostics);

    RunHistoryModel* m_model = nullptr;
    std::unique_ptr<RunStore> m_store;
    QString m_path;
    RunDatabaseState m_state = RunDatabaseState::Closed;
    QString m_message;
    QString m_movedTo;
    QString m_lastError;
    QFileSystemWatcher m_watcher;
    QTimer m_reloadTimer;
};

} // namespace compass::ui
