// SPDX-License-Identifier: MIT
// libFuzzer target: the run store given a database file as bytes. The bytes are written to a
// temporary file, opened read-only (list every run, read each one, integrity check), then
// written again and opened read-write (the same, plus storing and reading back one run).
// A refused file must come with an error naming it and stay byte-for-byte unchanged; the
// read-only open must never change the file; nothing may crash.
#include "fuzz_check.h"
#include "store/run_store.h"

#include <QByteArray>
#include <QDir>
#include <QFile>

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace compass;

const QString& databasePath()
{
    static const QString path = [] {
        const QString dir =
            QDir::tempPath() + QStringLiteral("/compass-fuzz-store-") + QString::number(getpid());
        QDir().mkpath(dir);
        return dir + QStringLiteral("/runs.db");
    }();
    return path;
}

void removeDatabase(const QString& path)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

void writeDatabase(const QString& path, const QByteArray& bytes)
{
    removeDatabase(path);
    QFile file(path);
    fuzz::check(file.open(QIODevice::WriteOnly), "cannot write the temporary database");
    fuzz::check(file.write(bytes) == bytes.size(), "short write of the temporary database");
}

QByteArray readDatabase(const QString& path)
{
    QFile file(path);
    fuzz::check(file.open(QIODevice::ReadOnly), "the database file disappeared");
    return file.readAll();
}

/// Lists and reads every run; errors are allowed (a damaged row), crashes are not.
void readEverything(const RunStore& store)
{
    DiagnosticList diagnostics;
    const std::int64_t count = store.count(diagnostics);
    const std::vector<RunSummary> runs = store.list(RunFilter{}, diagnostics);
    // count() counts every row; list() leaves out a row it cannot read (an unknown method,
    // objective or engine) with a warning naming the run, so the two agree only when nothing
    // was reported, and the list is never longer than the count.
    const auto listed = static_cast<std::int64_t>(runs.size());
    fuzz::check(diagnostics.hasErrors() || listed <= count,
                "list() returned more runs than count()");
    fuzz::check(!diagnostics.empty() || count == listed,
                "count() differs from the number of listed runs and nothing was reported");
    for (const RunSummary& summary : runs) {
        if (const std::optional<RunRecord> record = store.run(summary.id, diagnostics)) {
            (void)record->metricValue(metric::kLatencyPerBatchNs);
            (void)store.findByUuid(record->uuid, diagnostics);
        }
    }
    (void)store.checkIntegrity(diagnostics);
    (void)store.journalMode();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString& path = databasePath();
    const std::string file = path.toStdString();
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    writeDatabase(path, bytes);
    {
        DiagnosticList diagnostics;
        std::optional<RunStore> store = RunStore::open(path, OpenMode::ReadOnly, diagnostics);
        if (store)
            readEverything(*store);
        else
            fuzz::checkFailureExplained(diagnostics, file);
    }
    fuzz::check(readDatabase(path) == bytes, "opening read-only changed the file");

    writeDatabase(path, bytes);
    {
        DiagnosticList diagnostics;
        std::optional<RunStore> store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        if (!store) {
            fuzz::checkFailureExplained(diagnostics, file);
            fuzz::check(readDatabase(path) == bytes, "a refused database was changed");
        } else {
            readEverything(*store);
            RunRecord record;
            record.modelName = "fuzz-model";
            record.archName = "sram-S";
            record.method = PlanMethod::Manual;
            record.metrics[metric::kLatencyPerBatchNs] = 1.0;
            DiagnosticList writeDiagnostics;
            const RunId id = store->insert(record, writeDiagnostics);
            if (id.isValid()) {
                const std::optional<RunRecord> back = store->run(id, writeDiagnostics);
                fuzz::check(back && back->modelName == record.modelName,
                            "a stored run does not read back");
            } else {
                fuzz::check(writeDiagnostics.hasErrors(), "insert failed without an error");
            }
        }
    }
    removeDatabase(path);
    return 0;
}
