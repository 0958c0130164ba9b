// SPDX-License-Identifier: MIT
// The run store on the sqlite3 C API (see docs/adr/0002-run-store-sqlite.md for why not Qt Sql).
#include "store/run_store.h"

#include "core/onnx/import_options_json.h"
#include "core/support/diagnostics.h"
#include "store/schema_migrations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <thread>
#include <utility>

namespace compass {
namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr int kWriteAttempts = 8;

/// The outcome of one SQLite call sequence: SQLITE_OK or an error code with its message.
struct SqlStatus
{
    int code = SQLITE_OK;
    std::string message;

    bool ok() const { return code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW; }
    bool isBusy() const
    {
        const int primary = code & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }
    bool isDamage() const
    {
        const int primary = code & 0xff;
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
    }
};

SqlStatus statusOf(sqlite3* db, int code)
{
    if (code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW)
        return {code, {}};
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    return {code, std::move(message)};
}

SourceLocation fileLocation(const QString& path)
{
    return {path.toStdString(), {}, {}, -1};
}

/// A prepared statement that finalizes itself. Text binds are SQLITE_STATIC: the bound
/// strings must outlive step(), which every caller here guarantees.
class Statement
{
public:
    Statement(sqlite3* db, const std::string& sql)
        : m_db(db)
    {
        m_prepare = statusOf(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr));
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    const SqlStatus& prepareStatus() const { return m_prepare; }

    void bind(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
    void bind(int index, double value)
    {
        if (std::isnan(value))
            sqlite3_bind_null(m_stmt, index);
        else
            sqlite3_bind_double(m_stmt, index, value);
    }
    void bind(int index, std::optional<double> value)
    {
        if (value)
            bind(index, *value);
        else
            sqlite3_bind_null(m_stmt, index);
    }
    void bind(int index, const std::string& value)
    {
        sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), nullptr, SQLITE_UTF8);
    }

    /// SQLITE_ROW, SQLITE_DONE or an error.
    SqlStatus step() { return statusOf(m_db, sqlite3_step(m_stmt)); }
    bool hasRow(const SqlStatus& s) const { return s.code == SQLITE_ROW; }
    void reset()
    {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }

    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
    double real(int column) const
    {
        return isNull(column) ? std::numeric_limits<double>::quiet_NaN()
                              : sqlite3_column_double(m_stmt, column);
    }
    std::optional<double> optionalReal(int column) const
    {
        if (isNull(column))
            return std::nullopt;
        return sqlite3_column_double(m_stmt, column);
    }
    std::string text(int column) const
    {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        if (data == nullptr)
            return {};
        return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    SqlStatus m_prepare;
};

SqlStatus exec(sqlite3* db, const char* sql)
{
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    SqlStatus status{rc, error != nullptr ? std::string(error) : std::string()};
    if (status.message.empty() && !status.ok())
        status.message = sqlite3_errmsg(db);
    sqlite3_free(error);
    return status;
}

/// Runs a single-value query, e.g. a PRAGMA; nullopt + status on failure.
std::optional<std::int64_t> queryInteger(sqlite3* db, const std::string& sql, SqlStatus& status)
{
    Statement statement(db, sql);
    if (!statement.prepareStatus().ok()) {
        status = statement.prepareStatus();
        return std::nullopt;
    }
    status = statement.step();
    if (!statement.hasRow(status))
        return status.ok() ? std::optional<std::int64_t>(0) : std::nullopt;
    status = {};
    return statement.integer(0);
}

/// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, retrying the whole transaction when another
/// writer keeps the database busy past the busy timeout. `body` returns its first failure.
SqlStatus writeTransaction(sqlite3* db, const std::function<SqlStatus()>& body)
{
    SqlStatus status;
    for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
        if (attempt > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
        status = exec(db, "BEGIN IMMEDIATE");
        if (!status.ok()) {
            if (status.isBusy())
                continue;
            return status;
        }
        status = body();
        if (status.ok()) {
            status = exec(db, "COMMIT");
            if (status.ok())
                return status;
        }
        exec(db, "ROLLBACK");
        if (!status.isBusy())
            return status;
    }
    return status;
}

std::string isoTime(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs).toStdString();
}

QDateTime parseIsoTime(const std::string& text)
{
    QDateTime time = QDateTime::fromString(QString::fromStdString(text), Qt::ISODateWithMs);
    return time.toUTC();
}

std::string cutsToJson(const std::vector<std::int64_t>& cuts)
{
    QJsonArray array;
    for (std::int64_t c : cuts)
        array.append(static_cast<qint64>(c));
    return QJsonDocument(array).toJson(QJsonDocument::Compact).toStdString();
}

std::vector<std::int64_t> cutsFromJson(const std::string& text)
{
    std::vector<std::int64_t> cuts;
    const QJsonArray array = QJsonDocument::fromJson(QByteArray::fromStdString(text)).array();
    cuts.reserve(static_cast<std::size_t>(array.size()));
    for (const QJsonValue& v : array)
        cuts.push_back(v.toInteger());
    return cuts;
}

/// The stored text of a run's import options: '{}' for the default (as runs stored before
/// schema version 4 read), else core's import-options JSON.
std::string importOptionsToText(const OnnxImportOptions& options)
{
    if (options.isDefault())
        return "{}";
    return QJsonDocument(importOptionsToJson(options)).toJson(QJsonDocument::Compact).toStdString();
}

/// Reads run `id`'s stored import options; a damaged value is an error naming the run, the
/// column and what is wrong with it.
std::optional<OnnxImportOptions> importOptionsFromText(const std::string& text, RunId id,
                                                       const QString& file,
                                                       DiagnosticSink& diagnostics)
{
    const std::string run = "run " + std::to_string(id.value);
    constexpr const char* kColumn = "import_options_json";
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        diagnostics.error(run + " has damaged import options ('" + text.substr(0, 60) + "'): " +
                              (parseError.error != QJsonParseError::NoError
                                   ? "not JSON (" + parseError.errorString().toStdString() + ")"
                                   : std::string("not a JSON object")),
                          fieldAt(file.toStdString(), kColumn));
        return std::nullopt;
    }
    DiagnosticList problems;
    std::optional<OnnxImportOptions> options =
        importOptionsFromJson(doc.object(), fieldAt(file.toStdString(), kColumn), problems);
    for (Diagnostic d : problems.all()) {
        d.message = run + " has damaged import options: " + d.message;
        diagnostics.report(std::move(d));
    }
    return options;
}

constexpr const char* kMainMetricColumns[] = {metric::kLatencyPerBatchNs, metric::kThroughputIps,
                                              metric::kEnergyPerInferencePj, metric::kEdpPjS};

/// Every stored spelling of `method` (the current name first, then older ones).
std::vector<const char*> planMethodSpellings(PlanMethod method)
{
    switch (method) {
    case PlanMethod::Genetic:
        return {"ga", "genetic", "compass"};
    case PlanMethod::Exact:
        return {"exact", "dp"};
    default:
        return {planMethodName(method)};
    }
}

/// Parses the stored method, objective and engine texts of run `id`. An unknown value is
/// reported with `severity`, naming the run, the column and the accepted values; returns false
/// then.
bool readRunKinds(const std::string& methodText, const std::string& objectiveText,
                  const std::string& engineText, PlanMethod& method,
                  std::optional<Objective>& objective, RunEngine& engine,
                  DiagnosticSink& diagnostics, SourceLocation where, RunId id,
                  Severity severity = Severity::Error)
{
    const std::string run = "run " + std::to_string(id.value);
    const auto report = [&](const char* column, const std::string& value,
                            const std::string& choices) {
        where.path = column;
        diagnostics.report({severity,
                            run + " has an unknown " + column + " '" + value + "' (" + choices +
                                ")" + (severity == Severity::Error ? "" : "; it is left out"),
                            where});
        return false;
    };
    const auto m = parsePlanMethod(methodText);
    if (!m)
        return report("method", methodText, planMethodChoices());
    method = *m;
    objective.reset();
    if (!objectiveText.empty()) {
        const auto o = parseObjective(objectiveText);
        if (!o)
            return report("objective", objectiveText, "latency, energy, edp, or empty");
        objective = *o;
    }
    const auto e = parseRunEngine(engineText);
    if (!e)
        return report("engine", engineText, "estimator, event");
    engine = *e;
    return true;
}

/// Inserts one run and its child rows; the caller owns the transaction.
SqlStatus insertRunRows(sqlite3* db, const RunRecord& record, RunId& newId)
{
    Statement insert(db, "INSERT INTO runs (uuid, created_at, label, app_version, model_name, "
                         "model_path, model_sha256, arch_name, arch_json, arch_hash, batch, "
                         "method, objective, options_json, seed, engine, cuts_json, "
                         "partitions_json, runtime_ms, status, notes, latency_per_batch_ns, "
                         "throughput_ips, energy_per_inference_pj, edp_pj_s, arch_changes, "
                         "import_options_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                         "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
                         "?25, ?26, ?27)");
    if (!insert.prepareStatus().ok())
        return insert.prepareStatus();
    const std::string uuid = record.uuid.empty() ? newRunUuid() : record.uuid;
    const std::string created =
        isoTime(record.createdAt.isValid() ? record.createdAt : QDateTime::currentDateTimeUtc());
    const std::string cuts = cutsToJson(record.cuts);
    const std::string options = record.optionsJson.empty() ? "{}" : record.optionsJson;
    const std::string partitions = record.partitionsJson.empty() ? "[]" : record.partitionsJson;
    const std::string status = runStatusName(record.status);
    // Bound text must outlive step(): keep the enum names in locals.
    const std::string method = planMethodName(record.method);
    const std::string objective = objectiveText(record.objective);
    const std::string engine = runEngineName(record.engine);
    const std::string importOptions = importOptionsToText(record.importOptions);
    insert.bind(1, uuid);
    insert.bind(2, created);
    insert.bind(3, record.label);
    insert.bind(4, record.appVersion);
    insert.bind(5, record.modelName);
    insert.bind(6, record.modelPath);
    insert.bind(7, record.modelSha256);
    insert.bind(8, record.archName);
    insert.bind(9, record.archJson);
    insert.bind(10, record.archHash);
    insert.bind(11, record.batch);
    insert.bind(12, method);
    insert.bind(13, objective);
    insert.bind(14, options);
    // The seed is a full 64-bit value; SQLite integers are signed, so store the bit pattern.
    insert.bind(15, static_cast<std::int64_t>(record.seed));
    insert.bind(16, engine);
    insert.bind(17, cuts);
    insert.bind(18, partitions);
    insert.bind(19, record.runtimeMs);
    insert.bind(20, status);
    insert.bind(21, record.notes);
    int column = 22;
    for (const char* key : kMainMetricColumns)
        insert.bind(column++, record.metricValue(key));
    insert.bind(column++, record.archChanges);
    insert.bind(column, importOptions);
    SqlStatus s = insert.step();
    if (!s.ok()) {
        if ((s.code & 0xff) == SQLITE_CONSTRAINT && s.message.find("uuid") != std::string::npos)
            s.message = "a run with uuid " + uuid + " is already stored";
        return s;
    }
    const std::int64_t rowId = sqlite3_last_insert_rowid(db);
    newId = RunId(static_cast<std::int32_t>(rowId));

    Statement metricRow(db, "INSERT INTO run_metrics (run_id, key, value) VALUES (?1, ?2, ?3)");
    if (!metricRow.prepareStatus().ok())
        return metricRow.prepareStatus();
    for (const auto& [key, value] : record.metrics) {
        metricRow.reset();
        metricRow.bind(1, rowId);
        metricRow.bind(2, key);
        metricRow.bind(3, value);
        if (s = metricRow.step(); !s.ok())
            return s;
    }
    Statement tagRow(db, "INSERT INTO run_tags (run_id, tag) VALUES (?1, ?2)");
    if (!tagRow.prepareStatus().ok())
        return tagRow.prepareStatus();
    for (const std::string& tag : record.tags) {
        tagRow.reset();
        tagRow.bind(1, rowId);
        tagRow.bind(2, tag);
        if (s = tagRow.step(); !s.ok())
            return s;
    }
    Statement pointRow(db, "INSERT INTO run_convergence (run_id, seq, generation, best, mean, "
                           "min_partitions, max_partitions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!pointRow.prepareStatus().ok())
        return pointRow.prepareStatus();
    std::int64_t seq = 0;
    for (const ConvergencePoint& p : record.convergence) {
        pointRow.reset();
        pointRow.bind(1, rowId);
        pointRow.bind(2, seq++);
        pointRow.bind(3, p.generation);
        pointRow.bind(4, p.best);
        pointRow.bind(5, p.mean);
        pointRow.bind(6, p.minPartitions);
        pointRow.bind(7, p.maxPartitions);
        if (s = pointRow.step(); !s.ok())
            return s;
    }
    return {};
}

SqlStatus loadTags(sqlite3* db, std::int64_t runId, std::set<std::string>& tags)
{
    Statement query(db, "SELECT tag FROM run_tags WHERE run_id = ?1 ORDER BY tag");
    if (!query.prepareStatus().ok())
        return query.prepareStatus();
    query.bind(1, runId);
    SqlStatus s;
    while (query.hasRow(s = query.step()))
        tags.insert(query.text(0));
    return s;
}

/// True when a run with this id exists; status carries any SQL failure.
bool runExists(sqlite3* db, RunId id, SqlStatus& status)
{
    const auto found = queryInteger(
        db, "SELECT count(*) FROM runs WHERE id = " + std::to_string(id.value), status);
    return found.value_or(0) > 0;
}

void reportSql(DiagnosticSink& diagnostics, const QString& path, const std::string& what,
               const SqlStatus& status)
{
    std::string message = what + ": " + status.message;
    if (status.isBusy())
        message += " (another program kept the database busy; try again)";
    else if (status.isDamage())
        message += " (the database file is damaged)";
    diagnostics.error(std::move(message), fileLocation(path));
}

/// Why a file cannot be a COMPASS database before SQLite reads it; empty when it may be one.
std::string headerProblem(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return "cannot read the file: " + file.errorString().toStdString();
    const QByteArray header = file.read(100);
    static const QByteArray kMagic("SQLite format 3\0", 16);
    if (header.size() < 100 || !header.startsWith(kMagic)) {
        return "not a COMPASS run database: the file is not an SQLite database (" +
               std::to_string(QFileInfo(path).size()) + " bytes, it was left unchanged)";
    }
    return {};
}

} // namespace

RunStore::RunStore(sqlite3* db, QString path, bool readOnly, int schemaVersion)
    : m_db(db)
    , m_path(std::move(path))
    , m_readOnly(readOnly)
    , m_schemaVersion(schemaVersion)
{}

RunStore::RunStore(RunStore&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
    , m_readOnly(other.m_readOnly)
    , m_schemaVersion(other.m_schemaVersion)
{}

RunStore& RunStore::operator=(RunStore&& other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_readOnly = other.m_readOnly;
        m_schemaVersion = other.m_schemaVersion;
    }
    return *this;
}

RunStore::~RunStore()
{
    close();
}

void RunStore::close()
{
    if (m_db != nullptr) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

namespace {

// The steps of RunStore::open, in order. Each reports its own problem and returns false (or
// nullopt) when the database must not be used; none writes before the inspection steps have
// accepted the file, so a damaged or foreign file stays byte-for-byte unchanged.

/// Step 1: the path must be a regular file (or absent, when writing) that may be a database.
bool checkPath(const QString& path, bool readOnly, DiagnosticSink& diagnostics)
{
    const SourceLocation where = fileLocation(path);
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        diagnostics.error("not a COMPASS run database: not a regular file", where);
        return false;
    }
    if (!info.exists() && readOnly) {
        diagnostics.error("no run database here (the file does not exist)", where);
        return false;
    }
    if (info.exists() && info.size() > 0) {
        if (std::string problem = headerProblem(path); !problem.empty()) {
            diagnostics.error(std::move(problem), where);
            return false;
        }
    }
    if (!info.exists() && !QDir().mkpath(info.absolutePath())) {
        diagnostics.error("cannot create the folder " + info.absolutePath().toStdString(), where);
        return false;
    }
    return true;
}

/// What the file says about itself, read in one snapshot.
struct DatabaseHeader
{
    std::int64_t applicationId = 0;
    std::int64_t userVersion = 0;
    std::int64_t tableCount = 0;

    bool isEmpty() const { return applicationId == 0 && userVersion == 0 && tableCount == 0; }
};

/// Step 3: reads application_id, user_version and the table count. The reads share one read
/// transaction: otherwise another process creating the schema between them makes a brand-new
/// database look foreign.
std::optional<DatabaseHeader> readHeader(sqlite3* db, const QString& path,
                                         DiagnosticSink& diagnostics)
{
    SqlStatus status = exec(db, "BEGIN");
    const bool inReadTransaction = status.ok();
    const auto applicationId = queryInteger(db, "PRAGMA application_id", status);
    const auto userVersion =
        applicationId ? queryInteger(db, "PRAGMA user_version", status) : std::nullopt;
    if (!applicationId || !userVersion) {
        if (status.isDamage()) {
            diagnostics.error("the run database is damaged or not an SQLite database (" +
                                  status.message + "); it was left unchanged",
                              fileLocation(path));
        } else {
            reportSql(diagnostics, path, "cannot read the run database", status);
        }
        return std::nullopt;
    }
    const auto tableCount = queryInteger(
        db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'", status);
    if (inReadTransaction)
        exec(db, "COMMIT");
    if (!tableCount) {
        reportSql(diagnostics, path, "the run database is damaged; it was left unchanged", status);
        return std::nullopt;
    }
    return DatabaseHeader{*applicationId, *userVersion, *tableCount};
}

/// Step 4: the file is ours (or empty), of a schema this build may open in this mode.
bool checkHeader(const DatabaseHeader& header, bool readOnly, const QString& path,
                 DiagnosticSink& diagnostics)
{
    const SourceLocation where = fileLocation(path);
    if (!header.isEmpty() && header.applicationId != RunStore::kApplicationId) {
        diagnostics.error("not a COMPASS run database: an SQLite database of another program "
                          "(application_id " +
                              std::to_string(header.applicationId) + ", " +
                              std::to_string(header.tableCount) + " tables); it was left unchanged",
                          where);
        return false;
    }
    if (header.userVersion > RunStore::kSchemaVersion && !readOnly) {
        diagnostics.error("the run database was written by a newer COMPASS (schema version " +
                              std::to_string(header.userVersion) + ", this build knows up to " +
                              std::to_string(RunStore::kSchemaVersion) +
                              "); refusing to open it for writing. Update COMPASS, or open "
                              "it read-only to list its runs",
                          where);
        return false;
    }
    if (header.isEmpty() && readOnly) {
        diagnostics.error("the run database is empty (no run was ever stored)", where);
        return false;
    }
    return true;
}

/// Step 5: quick_check reads every page, so it finds truncation and torn pages in O(size).
bool checkPages(sqlite3* db, const QString& path, DiagnosticSink& diagnostics)
{
    Statement check(db, "PRAGMA quick_check(20)");
    SqlStatus s = check.prepareStatus();
    std::vector<std::string> problems;
    if (s.ok()) {
        while (check.hasRow(s = check.step())) {
            if (std::string row = check.text(0); row != "ok")
                problems.push_back(std::move(row));
        }
    }
    if (s.ok() && problems.empty())
        return true;
    std::string detail = !s.ok() ? s.message : problems.front();
    if (problems.size() > 1)
        detail += " (and " + std::to_string(problems.size() - 1) + " more problems)";
    diagnostics.error("the run database is damaged (" + detail +
                          "); it was left unchanged. Move it aside and start a new one",
                      fileLocation(path));
    return false;
}

/// Step 6 (writing only): foreign keys on; FULL sync, so a commit reaches the disk before
/// insert() returns and a power cut loses nothing reported as stored. Runs are written a few
/// per second at most; the fsync is cheap.
bool configureForWriting(sqlite3* db, const QString& path, DiagnosticSink& diagnostics)
{
    for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"}) {
        if (const SqlStatus status = exec(db, pragma); !status.ok()) {
            reportSql(diagnostics, path, "cannot configure the run database", status);
            return false;
        }
    }
    return true;
}

/// Step 7 (writing only): runs every migration above the file's version in one write
/// transaction; returns the version reached.
std::optional<int> migrateSchema(sqlite3* db, const QString& path, DiagnosticSink& diagnostics)
{
    int finalVersion = 0;
    const SqlStatus status = writeTransaction(db, [&]() -> SqlStatus {
        // Re-read inside the write lock: another process may have migrated meanwhile.
        SqlStatus s;
        const auto current = queryInteger(db, "PRAGMA user_version", s);
        if (!current)
            return s;
        finalVersion = static_cast<int>(*current);
        if (finalVersion > RunStore::kSchemaVersion)
            return {SQLITE_ERROR, "the database was upgraded by a newer COMPASS meanwhile"};
        for (const SchemaMigration& step : schemaMigrations()) {
            if (step.toVersion <= finalVersion)
                continue;
            s = exec(db, step.sql);
            if (!s.ok()) {
                s.message = "migration to schema version " + std::to_string(step.toVersion) +
                            " failed: " + s.message;
                return s;
            }
            const std::string setVersion =
                "PRAGMA user_version = " + std::to_string(step.toVersion);
            if (s = exec(db, setVersion.c_str()); !s.ok())
                return s;
            finalVersion = step.toVersion;
        }
        return {};
    });
    if (!status.ok()) {
        reportSql(diagnostics, path, "cannot prepare the run database", status);
        return std::nullopt;
    }
    return finalVersion;
}

/// Step 8 (writing only): WAL, only once the schema is ours and current: switching earlier
/// rewrites the header of a file that a failed migration then refuses (found by
/// fuzz_run_store).
bool enableWal(sqlite3* db, const QString& path, DiagnosticSink& diagnostics)
{
    Statement wal(db, "PRAGMA journal_mode = WAL");
    SqlStatus status = wal.prepareStatus();
    if (status.ok())
        status = wal.step();
    if (status.ok() && wal.text(0) == "wal")
        return true;
    if (status.ok())
        status.message = "journal mode stayed '" + wal.text(0) + "'";
    reportSql(diagnostics, path, "cannot switch the run database to WAL mode", status);
    return false;
}

} // namespace

std::optional<RunStore> RunStore::open(const QString& path, OpenMode mode,
                                       DiagnosticSink& diagnostics)
{
    const bool readOnly = mode == OpenMode::ReadOnly;
    if (!checkPath(path, readOnly, diagnostics))
        return std::nullopt;

    // Step 2: connect. Wrapped at once so every early return closes the connection.
    sqlite3* db = nullptr;
    const int flags =
        readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db, flags, nullptr);
    RunStore store(db, path, readOnly, 0);
    if (rc != SQLITE_OK) {
        reportSql(diagnostics, path, "cannot open the run database", statusOf(db, rc));
        return std::nullopt;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);

    const std::optional<DatabaseHeader> header = readHeader(db, path, diagnostics);
    if (!header || !checkHeader(*header, readOnly, path, diagnostics))
        return std::nullopt;
    if (!header->isEmpty() && !checkPages(db, path, diagnostics))
        return std::nullopt;
    const int version = static_cast<int>(header->userVersion);
    if (readOnly) {
        if (version > kSchemaVersion) {
            diagnostics.warning("the run database was written by a newer COMPASS (schema " +
                                    std::to_string(version) +
                                    "); showing the fields this build knows",
                                fileLocation(path));
        }
        store.m_schemaVersion = version;
        return store;
    }
    if (!configureForWriting(db, path, diagnostics))
        return std::nullopt;
    const std::optional<int> finalVersion = migrateSchema(db, path, diagnostics);
    if (!finalVersion || !enableWal(db, path, diagnostics))
        return std::nullopt;
    store.m_schemaVersion = *finalVersion;
    return store;
}

std::optional<RunStore> RunStore::moveAsideAndCreate(const QString& path,
                                                     DiagnosticSink& diagnostics, QString* movedTo)
{
    const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    QString target = path + ".damaged-" + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = path + ".damaged-" + stamp + "-" + QString::number(n);
    if (QFileInfo::exists(path) && !QFile::rename(path, target)) {
        diagnostics.error("cannot move the damaged run database aside to " + target.toStdString(),
                          fileLocation(path));
        return std::nullopt;
    }
    // A stale WAL next to a fresh database would be replayed into it: move those along too.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const QString side = path + suffix;
        if (QFileInfo::exists(side) && !QFile::rename(side, target + suffix)) {
            diagnostics.error("cannot move " + side.toStdString() + " aside", fileLocation(path));
            return std::nullopt;
        }
    }
    if (movedTo != nullptr)
        *movedTo = target;
    diagnostics.note("moved the damaged run database aside to " + target.toStdString(),
                     fileLocation(path));
    return open(path, OpenMode::ReadWrite, diagnostics);
}

RunId RunStore::insert(const RunRecord& record, DiagnosticSink& diagnostics)
{
    if (m_readOnly) {
        diagnostics.error("the run database is open read-only", fileLocation(m_path));
        return {};
    }
    RunId id;
    const SqlStatus status =
        writeTransaction(m_db, [&]() { return insertRunRows(m_db, record, id); });
    if (!status.ok()) {
        reportSql(diagnostics, m_path, "cannot store the run", status);
        return {};
    }
    return id;
}

std::optional<RunRecord> RunStore::run(RunId id, DiagnosticSink& diagnostics) const
{
    const std::string engineColumn = m_schemaVersion >= 2 ? "engine" : "'estimator'";
    const std::string changesColumn = m_schemaVersion >= 3 ? "arch_changes" : "''";
    const std::string importColumn = m_schemaVersion >= 4 ? "import_options_json" : "'{}'";
    Statement query(m_db, "SELECT id, uuid, created_at, label, app_version, model_name, "
                          "model_path, model_sha256, arch_name, arch_json, arch_hash, batch, "
                          "method, objective, options_json, seed, " +
                              engineColumn +
                              ", cuts_json, partitions_json, runtime_ms, status, notes, " +
                              changesColumn + ", " + importColumn + " FROM runs WHERE id = ?1");
    SqlStatus s = query.prepareStatus();
    if (!s.ok()) {
        reportSql(diagnostics, m_path, "cannot read run " + std::to_string(id.value), s);
        return std::nullopt;
    }
    query.bind(1, static_cast<std::int64_t>(id.value));
    s = query.step();
    if (!query.hasRow(s)) {
        if (s.ok())
            diagnostics.error("no run with id " + std::to_string(id.value), fileLocation(m_path));
        else
            reportSql(diagnostics, m_path, "cannot read run " + std::to_string(id.value), s);
        return std::nullopt;
    }
    RunRecord r;
    r.id = RunId(static_cast<std::int32_t>(query.integer(0)));
    r.uuid = query.text(1);
    r.createdAt = parseIsoTime(query.text(2));
    r.label = query.text(3);
    r.appVersion = query.text(4);
    r.modelName = query.text(5);
    r.modelPath = query.text(6);
    r.modelSha256 = query.text(7);
    r.archName = query.text(8);
    r.archJson = query.text(9);
    r.archHash = query.text(10);
    r.batch = query.integer(11);
    if (!readRunKinds(query.text(12), query.text(13), query.text(16), r.method, r.objective,
                      r.engine, diagnostics, fileLocation(m_path), id))
        return std::nullopt;
    r.optionsJson = query.text(14);
    r.seed = static_cast<std::uint64_t>(query.integer(15));
    r.cuts = cutsFromJson(query.text(17));
    r.partitionsJson = query.text(18);
    r.runtimeMs = query.real(19);
    const std::string statusText = query.text(20);
    r.status = parseRunStatus(statusText).value_or(RunStatus::Failed);
    if (!parseRunStatus(statusText)) {
        diagnostics.warning("run " + std::to_string(id.value) + " has an unknown status '" +
                                statusText + "'; it is shown as failed",
                            fileLocation(m_path));
    }
    r.notes = query.text(21);
    r.archChanges = query.text(22);
    std::optional<OnnxImportOptions> importOptions =
        importOptionsFromText(query.text(23), id, m_path, diagnostics);
    if (!importOptions)
        return std::nullopt;
    r.importOptions = std::move(*importOptions);

    Statement metrics(m_db, "SELECT key, value FROM run_metrics WHERE run_id = ?1");
    s = metrics.prepareStatus();
    if (s.ok()) {
        metrics.bind(1, static_cast<std::int64_t>(id.value));
        while (metrics.hasRow(s = metrics.step()))
            r.metrics[metrics.text(0)] = metrics.real(1);
    }
    if (s.ok())
        s = loadTags(m_db, id.value, r.tags);
    if (s.ok()) {
        Statement points(m_db, "SELECT generation, best, mean, min_partitions, max_partitions "
                               "FROM run_convergence WHERE run_id = ?1 ORDER BY seq");
        s = points.prepareStatus();
        if (s.ok()) {
            points.bind(1, static_cast<std::int64_t>(id.value));
            while (points.hasRow(s = points.step())) {
                r.convergence.push_back({points.integer(0), points.real(1), points.real(2),
                                         points.integer(3), points.integer(4)});
            }
        }
    }
    if (!s.ok()) {
        reportSql(diagnostics, m_path, "cannot read run " + std::to_string(id.value), s);
        return std::nullopt;
    }
    return r;
}

std::optional<RunId> RunStore::findByUuid(const std::string& uuid,
                                          DiagnosticSink& diagnostics) const
{
    Statement query(m_db, "SELECT id FROM runs WHERE uuid = ?1");
    SqlStatus s = query.prepareStatus();
    if (s.ok()) {
        query.bind(1, uuid);
        s = query.step();
        if (query.hasRow(s))
            return RunId(static_cast<std::int32_t>(query.integer(0)));
    }
    if (!s.ok())
        reportSql(diagnostics, m_path, "cannot look up run " + uuid, s);
    return std::nullopt;
}

std::vector<RunSummary> RunStore::list(const RunFilter& filter, DiagnosticSink& diagnostics) const
{
    const std::string engineColumn = m_schemaVersion >= 2 ? "engine" : "'estimator'";
    const std::string changesColumn = m_schemaVersion >= 3 ? "arch_changes" : "''";
    std::string sql = "SELECT id, uuid, created_at, label, model_name, arch_name, batch, method, "
                      "objective, " +
                      engineColumn +
                      ", status, latency_per_batch_ns, throughput_ips, "
                      "energy_per_inference_pj, edp_pj_s, cuts_json, runtime_ms, notes, " +
                      changesColumn + " FROM runs WHERE 1";
    std::vector<std::string> texts;
    const auto addText = [&](const char* clause, const std::optional<std::string>& value) {
        if (value) {
            texts.push_back(*value);
            sql += std::string(" AND ") + clause + " = ?" + std::to_string(texts.size());
        }
    };
    addText("model_name", filter.modelName);
    addText("arch_name", filter.archName);
    if (filter.method) {
        // Older runs spell ga "genetic": match every spelling that reads back as the method.
        std::string any;
        for (const char* spelling : planMethodSpellings(*filter.method)) {
            texts.push_back(spelling);
            any += (any.empty() ? "?" : ", ?") + std::to_string(texts.size());
        }
        sql += " AND method IN (" + any + ")";
    }
    if (m_schemaVersion >= 2)
        addText("engine", filter.engine ? std::optional<std::string>(runEngineName(*filter.engine))
                                        : std::nullopt);
    addText("status", filter.status ? std::optional<std::string>(runStatusName(*filter.status))
                                    : std::nullopt);
    if (filter.since) {
        // ISO 8601 UTC text with milliseconds sorts like the time it names.
        texts.push_back(isoTime(*filter.since));
        sql += " AND created_at >= ?" + std::to_string(texts.size());
    }
    if (filter.tag) {
        texts.push_back(*filter.tag);
        sql += " AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = runs.id AND t.tag = ?" +
               std::to_string(texts.size()) + ")";
    }
    sql += filter.oldestFirst ? " ORDER BY id ASC" : " ORDER BY id DESC";
    if (filter.limit)
        sql += " LIMIT " + std::to_string(*filter.limit);

    std::vector<RunSummary> runs;
    Statement query(m_db, sql);
    SqlStatus s = query.prepareStatus();
    if (s.ok()) {
        for (std::size_t i = 0; i < texts.size(); ++i)
            query.bind(static_cast<int>(i + 1), texts[i]);
        while (query.hasRow(s = query.step())) {
            RunSummary r;
            r.id = RunId(static_cast<std::int32_t>(query.integer(0)));
            r.uuid = query.text(1);
            r.createdAt = parseIsoTime(query.text(2));
            r.label = query.text(3);
            r.modelName = query.text(4);
            r.archName = query.text(5);
            r.batch = query.integer(6);
            if (!readRunKinds(query.text(7), query.text(8), query.text(9), r.method, r.objective,
                              r.engine, diagnostics, fileLocation(m_path), r.id, Severity::Warning))
                continue; // reported: the row is left out of the list

            r.status = parseRunStatus(query.text(10)).value_or(RunStatus::Failed);
            r.latencyPerBatchNs = query.optionalReal(11);
            r.throughputIps = query.optionalReal(12);
            r.energyPerInferencePj = query.optionalReal(13);
            r.edpPjS = query.optionalReal(14);
            r.partitionCount = static_cast<std::int64_t>(cutsFromJson(query.text(15)).size()) + 1;
            r.runtimeMs = query.real(16);
            r.notes = query.text(17);
            r.archChanges = query.text(18);
            runs.push_back(std::move(r));
        }
    }
    for (RunSummary& r : runs) {
        if (!s.ok())
            break;
        s = loadTags(m_db, r.id.value, r.tags);
    }
    if (!s.ok()) {
        reportSql(diagnostics, m_path, "cannot list runs", s);
        return {};
    }
    return runs;
}

std::int64_t RunStore::count(DiagnosticSink& diagnostics) const
{
    SqlStatus s;
    const auto n = queryInteger(m_db, "SELECT count(*) FROM runs", s);
    if (!n) {
        reportSql(diagnostics, m_path, "cannot count runs", s);
        return 0;
    }
    return *n;
}

bool RunStore::remove(const std::vector<RunId>& ids, DiagnosticSink& diagnostics)
{
    if (m_readOnly) {
        diagnostics.error("the run database is open read-only", fileLocation(m_path));
        return false;
    }
    std::vector<RunId> missing;
    const SqlStatus status = writeTransaction(m_db, [&]() -> SqlStatus {
        missing.clear();
        SqlStatus s;
        for (RunId id : ids) {
            if (!runExists(m_db, id, s)) {
                if (!s.ok())
                    return s;
                missing.push_back(id);
            }
        }
        if (!missing.empty())
            return {SQLITE_NOTFOUND, "no such run"};
        for (RunId id : ids) {
            const std::string key = std::to_string(id.value);
            for (const char* table : {"run_metrics", "run_tags", "run_convergence"}) {
                const std::string sql =
                    std::string("DELETE FROM ") + table + " WHERE run_id = " + key;
                if (s = exec(m_db, sql.c_str()); !s.ok())
                    return s;
            }
            const std::string sql = "DELETE FROM runs WHERE id = " + key;
            if (s = exec(m_db, sql.c_str()); !s.ok())
                return s;
        }
        return {};
    });
    if (!missing.empty()) {
        for (RunId id : missing)
            diagnostics.error("no run with id " + std::to_string(id.value) + "; nothing deleted",
                              fileLocation(m_path));
        return false;
    }
    if (!status.ok()) {
        reportSql(diagnostics, m_path, "cannot delete runs", status);
        return false;
    }
    return true;
}

namespace {

/// Updates one text column of one run in its own transaction.
bool updateRunText(sqlite3* db, const QString& path, bool readOnly, RunId id, const char* column,
                   const std::string& value, DiagnosticSink& diagnostics)
{
    if (readOnly) {
        diagnostics.error("the run database is open read-only", fileLocation(path));
        return false;
    }
    bool found = true;
    const SqlStatus status = writeTransaction(db, [&]() -> SqlStatus {
        Statement update(db, std::string("UPDATE runs SET ") + column + " = ?1 WHERE id = ?2");
        if (!update.prepareStatus().ok())
            return update.prepareStatus();
        update.bind(1, value);
        update.bind(2, static_cast<std::int64_t>(id.value));
        SqlStatus s = update.step();
        found = sqlite3_changes(db) > 0;
        return s;
    });
    if (!status.ok()) {
        reportSql(diagnostics, path, "cannot update run " + std::to_string(id.value), status);
        return false;
    }
    if (!found) {
        diagnostics.error("no run with id " + std::to_string(id.value), fileLocation(path));
        return false;
    }
    return true;
}

} // namespace

bool RunStore::setNotes(RunId id, const std::string& notes, DiagnosticSink& diagnostics)
{
    return updateRunText(m_db, m_path, m_readOnly, id, "notes", notes, diagnostics);
}

bool RunStore::rename(RunId id, const std::string& label, DiagnosticSink& diagnostics)
{
    return updateRunText(m_db, m_path, m_readOnly, id, "label", label, diagnostics);
}

bool RunStore::setTags(RunId id, const std::set<std::string>& tags, DiagnosticSink& diagnostics)
{
    if (m_readOnly) {
        diagnostics.error("the run database is open read-only", fileLocation(m_path));
        return false;
    }
    bool found = true;
    const SqlStatus status = writeTransaction(m_db, [&]() -> SqlStatus {
        SqlStatus s;
        found = runExists(m_db, id, s);
        if (!found || !s.ok())
            return s;
        const std::string sql = "DELETE FROM run_tags WHERE run_id = " + std::to_string(id.value);
        if (s = exec(m_db, sql.c_str()); !s.ok())
            return s;
        Statement tagRow(m_db, "INSERT INTO run_tags (run_id, tag) VALUES (?1, ?2)");
        if (!tagRow.prepareStatus().ok())
            return tagRow.prepareStatus();
        for (const std::string& tag : tags) {
            tagRow.reset();
            tagRow.bind(1, static_cast<std::int64_t>(id.value));
            tagRow.bind(2, tag);
            if (s = tagRow.step(); !s.ok())
                return s;
        }
        return {};
    });
    if (!status.ok()) {
        reportSql(diagnostics, m_path, "cannot set the tags of run " + std::to_string(id.value),
                  status);
        return false;
    }
    if (!found) {
        diagnostics.error("no run with id " + std::to_string(id.value), fileLocation(m_path));
        return false;
    }
    return true;
}

std::optional<MergeReport> RunStore::mergeFrom(const RunStore& source, DiagnosticSink& diagnostics)
{
    if (m_readOnly) {
        diagnostics.error("the run database is open read-only", fileLocation(m_path));
        return std::nullopt;
    }
    RunFilter all;
    all.oldestFirst = true;
    DiagnosticList readProblems;
    const std::vector<RunSummary> runs = source.list(all, readProblems);
    std::vector<RunRecord> records;
    records.reserve(runs.size());
    for (const RunSummary& summary : runs) {
        if (auto record = source.run(summary.id, readProblems))
            records.push_back(std::move(*record));
    }
    for (const Diagnostic& d : readProblems.all())
        diagnostics.report(d); // warnings too: a run left out of the list is not merged
    if (readProblems.hasErrors())
        return std::nullopt;
    MergeReport report;
    const SqlStatus status = writeTransaction(m_db, [&]() -> SqlStatus {
        report = {};
        Statement lookup(m_db, "SELECT count(*) FROM runs WHERE uuid = ?1");
        if (!lookup.prepareStatus().ok())
            return lookup.prepareStatus();
        for (const RunRecord& record : records) {
            lookup.reset();
            lookup.bind(1, record.uuid);
            SqlStatus s = lookup.step();
            if (!s.ok())
                return s;
            if (lookup.integer(0) > 0) {
                ++report.skipped;
                continue;
            }
            RunId id;
            if (s = insertRunRows(m_db, record, id); !s.ok())
                return s;
            ++report.added;
        }
        return {};
    });
    if (!status.ok()) {
        reportSql(diagnostics, m_path, "cannot merge " + source.path().toStdString(), status);
        return std::nullopt;
    }
    return report;
}

bool RunStore::checkIntegrity(DiagnosticSink& diagnostics) const
{
    Statement check(m_db, "PRAGMA integrity_check");
    SqlStatus s = check.prepareStatus();
    bool clean = true;
    if (s.ok()) {
        while (check.hasRow(s = check.step())) {
            if (std::string row = check.text(0); row != "ok") {
                diagnostics.error("integrity check: " + row, fileLocation(m_path));
                clean = false;
            }
        }
    }
    if (!s.ok()) {
        reportSql(diagnostics, m_path, "integrity check failed", s);
        return false;
    }
    return clean;
}

std::string RunStore::journalMode() const
{
    Statement query(m_db, "PRAGMA journal_mode");
    if (!query.prepareStatus().ok() || !query.hasRow(query.step()))
        return {};
    return query.text(0);
}

QString defaultRunStorePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           "/compass/runs.db";
}

} // namespace compass
