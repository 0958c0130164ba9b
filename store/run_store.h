// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

struct sqlite3;

namespace compass {

class DiagnosticSink;

enum class OpenMode
{
    /// Creates the file (and its folder) when missing, migrates older schemas forward, refuses
    /// damaged, foreign and newer-version files.
    ReadWrite,
    /// Never writes the database; reads every schema version this build knows and newer ones
    /// (the fields it knows). The file must exist.
    ReadOnly,
};

/// What RunStore::mergeFrom did: runs copied, and runs skipped because a run with the same
/// uuid was already in the destination.
struct MergeReport
{
    std::int64_t added = 0;
    std::int64_t skipped = 0;
};

/// The run history: one SQLite database file (WAL mode) holding every run's inputs, results,
/// notes and tags. Every write is one transaction, so a crash leaves each run either fully
/// stored or absent; several processes may write at once (busy timeout plus retries). A
/// damaged, foreign or newer-version file is reported and never written. Not thread-safe:
/// use one RunStore per thread. Owns its connection; movable, not copyable.
class RunStore
{
public:
    /// The schema version this build writes (PRAGMA user_version).
    static constexpr int kSchemaVersion = 4;
    /// PRAGMA application_id of a COMPASS run database ("CMPS").
    static constexpr std::int32_t kApplicationId = 0x434D5053;

    /// Opens (ReadWrite: creates or migrates) the database at `path`. On failure reports an
    /// error naming the file and returns nullopt; the file is left untouched.
    static std::optional<RunStore> open(const QString& path, OpenMode mode,
                                        DiagnosticSink& diagnostics);

    /// Moves a damaged database (and its -wal/-shm files) aside to
    /// `path.damaged-<yyyyMMdd-HHmmss>` and creates a fresh database at `path`. `movedTo`
    /// receives the new name of the damaged file. Nothing is deleted.
    static std::optional<RunStore> moveAsideAndCreate(const QString& path,
                                                      DiagnosticSink& diagnostics,
                                                      QString* movedTo = nullptr);

    RunStore(RunStore&& other) noexcept;
    RunStore& operator=(RunStore&& other) noexcept;
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;
    ~RunStore();

    const QString& path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }
    /// The schema version of the file (may exceed kSchemaVersion in ReadOnly mode).
    int schemaVersion() const { return m_schemaVersion; }

    /// Stores a run in one transaction and returns its new id (invalid on failure). Generates
    /// the uuid and the creation time when the record has none; a uuid already in the store
    /// is an error.
    RunId insert(const RunRecord& record, DiagnosticSink& diagnostics);

    /// The full record of a run; nullopt (with an error) when there is no such run.
    std::optional<RunRecord> run(RunId id, DiagnosticSink& diagnostics) const;
    /// The id of the run with this uuid, nullopt when absent (not an error).
    std::optional<RunId> findByUuid(const std::string& uuid, DiagnosticSink& diagnostics) const;
    std::vector<RunSummary> list(const RunFilter& filter, DiagnosticSink& diagnostics) const;
    std::int64_t count(DiagnosticSink& diagnostics) const;

    /// Deletes the runs in one transaction. All or nothing: an unknown id is an error and
    /// nothing is deleted.
    bool remove(const std::vector<RunId>& ids, DiagnosticSink& diagnostics);
    bool setNotes(RunId id, const std::string& notes, DiagnosticSink& diagnostics);
    bool setTags(RunId id, const std::set<std::string>& tags, DiagnosticSink& diagnostics);
    bool rename(RunId id, const std::string& label, DiagnosticSink& diagnostics);

    /// Copies every run of `source` whose uuid this store lacks, in one transaction; ids are
    /// assigned anew, uuids and creation times are kept.
    std::optional<MergeReport> mergeFrom(const RunStore& source, DiagnosticSink& diagnostics);

    /// PRAGMA integrity_check; reports each problem and returns false when there is any.
    bool checkIntegrity(DiagnosticSink& diagnostics) const;
    /// PRAGMA journal_mode ("wal" for a store opened read-write).
    std::string journalMode() const;

private:
    RunStore(sqlite3* db, QString path, bool readOnly, int schemaVersion);
    void close();

    sqlite3* m_db = nullptr;
    QString m_path;
    bool m_readOnly = false;
    int m_schemaVersion = 0;
};

/// Where the per-user run database lives by default: $XDG_DATA_HOME/compass/runs.db
/// (~/.local/share/compass/runs.db).
QString defaultRunStorePath();

} // namespace compass
