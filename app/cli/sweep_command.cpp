// SPDX-License-Identifier: MIT
// compass sweep SPEC.json [--shard K/N] [--jobs N] [--db FILE] [--csv FILE] [--list]: the cross
// product of models, chips, overrides, batches, methods, objectives and seeds, run on all cores,
// resumable, into the run store and a CSV (docs/sweeps.md). The sweep itself is compass::jobs
// (jobs/sweep_*.h); this file has the flags, the printing, the progress bar and the SIGINT
// bridge.
#include "cli_common.h"
#include "jobs/sweep_csv.h"
#include "jobs/sweep_runner.h"
#include "jobs/sweep_shard.h"
#include "jobs/sweep_spec.h"
#include "pass_options.h"
#include "run_recording.h"
#include "store/run_store.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

#include <unistd.h>

#include <csignal>
#include <set>
#include <thread>

namespace compass::cli {

namespace {

using jobs::Sweep;
using jobs::SweepShard;

/// Set by SIGINT; the sweep runner reads it as its cancel flag (lock-free, so the handler may
/// store to it).
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

/// Draws "[#####-----] 12/40 ..." on stderr (only called when stderr is a terminal).
void drawProgress(const jobs::SweepProgress& p, qint64 elapsedMs)
{
    constexpr int kWidth = 30;
    const double fraction =
        p.total == 0 ? 1.0 : static_cast<double>(p.finished) / static_cast<double>(p.total);
    const int filled = static_cast<int>(fraction * kWidth);
    QString eta = "--:--";
    if (p.finished > 0 && p.finished < p.total) {
        const qint64 remainingS =
            static_cast<qint64>(static_cast<double>(elapsedMs) / static_cast<double>(p.finished) *
                                static_cast<double>(p.total - p.finished) / 1000.0);
        eta = QString("%1:%2").arg(remainingS / 60).arg(remainingS % 60, 2, 10, QChar('0'));
    }
    err() << "\r[" << QString(filled, '#') << QString(kWidth - filled, '-') << "] " << p.finished
          << '/' << p.total
          << (p.skipped ? QString("  (%1 already stored)").arg(p.skipped) : QString()) << "  eta "
          << eta << "   ";
    err().flush();
}

/// --list: the configurations of the shard and whether the database holds them.
int printList(const Sweep& sweep, const std::vector<std::size_t>& slice, const SweepShard& shard,
              const std::set<std::string>& stored, bool json)
{
    QJsonArray list;
    for (std::size_t index : slice) {
        QJsonObject o = jobs::sweepConfigJson(sweep, index);
        o["stored"] = stored.count(sweep.configs[index].uuid) > 0;
        list.append(o);
    }
    if (json) {
        printJson({{"sweep", sweep.spec.name},
                   {"configurations", static_cast<qint64>(sweep.configs.size())},
                   {"shard", QString("%1/%2").arg(shard.index).arg(shard.count)},
                   {"slice", list}});
        return ExitOk;
    }
    for (const QJsonValue& v : list) {
        const QJsonObject o = v.toObject();
        const auto& config = sweep.configs[static_cast<std::size_t>(o["index"].toInteger())];
        out() << o["index"].toInteger() << "  " << o["model"].toString() << "  "
              << sweep.arch(config).describe() << "  batch " << o["batch"].toInteger() << "  "
              << o["method"].toString() << "  " << o["objective"].toString() << "  seed "
              << o["seed"].toInteger() << (o["stored"].toBool() ? "  (stored)" : "") << '\n';
    }
    out() << slice.size() << " of " << sweep.configs.size() << " configurations in shard "
          << shard.index << '/' << shard.count << '\n';
    out().flush();
    return ExitOk;
}

/// Runs the slice with the progress bar on a terminal; Ctrl-C cancels it.
jobs::SweepSummary runWithProgress(const Sweep& sweep, const std::vector<std::size_t>& slice,
                                   RunStore& store, std::size_t jobCount,
                                   PassInstrumentation* instrumentation,
                                   DiagnosticSink& diagnostics)
{
    const bool showProgress = isatty(STDERR_FILENO) != 0;
    QElapsedTimer timer;
    timer.start();
    jobs::SweepControl control;
    control.cancel = &g_interrupted;
    if (showProgress)
        control.progress = [&timer](const jobs::SweepProgress& p) {
            drawProgress(p, timer.elapsed());
        };
    g_interrupted.store(false);
    const auto previousHandler = std::signal(SIGINT, onInterrupt);
    jobs::SweepRunOptions options;
    options.jobs = jobCount;
    options.appVersion = appVersionText();
    options.instrumentation = instrumentation;
    const jobs::SweepSummary summary =
        jobs::runSweep(sweep, slice, &store, options, control, diagnostics);
    std::signal(SIGINT, previousHandler);
    if (showProgress)
        err() << '\n';
    return summary;
}

void printSummary(const Sweep& sweep, const SweepShard& shard, const jobs::SweepSummary& s,
                  const QString& dbPath, const QString& csvPath)
{
    out() << "Sweep " << sweep.spec.name << ": " << s.configurations << " configuration(s)";
    if (!shard.isWhole())
        out() << " in shard " << shard.index << '/' << shard.count << " of "
              << sweep.configs.size();
    out() << "; " << s.stored << " run and stored, " << s.skipped + s.alreadyStored
          << " already stored";
    if (s.failed)
        out() << ", " << s.failed << " without a valid plan (status failed)";
    out() << ", " << QString::number(s.elapsedMs / 1000.0, 'f', 1) << " s\n"
          << "Runs in " << dbPath << "; CSV in " << csvPath << '\n';
    out().flush();
}

} // namespace

int runSweep(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption dbOption(
        "db", "Run database (default: " + defaultRunStorePath() + ").", "FILE");
    const QCommandLineOption csvOption(
        "csv", "CSV of this sweep's results (default: SPEC's name.csv in the current folder).",
        "FILE");
    const QCommandLineOption shardOption(
        "shard",
        "Run only slice K of N (configurations whose index modulo N is K modulo N: K may count "
        "from 0 or from 1).",
        "K/N");
    const QCommandLineOption jobsOption("jobs", "Configurations run at once (default: all cores).",
                                        "N");
    const QCommandLineOption listOption(
        "list", "Print the configurations of this shard (and whether they are stored); run none.");
    const QCommandLineOption jsonOption("json", "With --list: print JSON.");
    parser.addOptions({dbOption, csvOption, shardOption, jobsOption, listOption, jsonOption});
    PassOptions::addTo(parser);
    parser.addPositionalArgument("SPEC", "Sweep specification (JSON, see docs/sweeps.md).");
    if (auto exit = parseCommandLine(
            parser, args, "compass sweep SPEC.json [--shard K/N] [--db FILE] [--csv FILE]",
            "Runs the cross product of the models, chips, overrides, batches, methods,\n"
            "objectives and seeds that SPEC names, on all cores, storing every run. A rerun\n"
            "skips configurations already in the database, so an interrupted sweep resumes.\n"
            "--shard K/N splits the sweep for a Slurm array or GNU parallel; merge the\n"
            "databases with 'compass runs merge'. See docs/sweeps.md."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("sweep", "expected exactly one SPEC file");
    SweepShard shard;
    if (parser.isSet(shardOption)) {
        const auto parsed = SweepShard::parse(parser.value(shardOption));
        if (!parsed)
            return usageError("sweep", "--shard takes K/N with N >= 1 and 0 <= K <= N, got '" +
                                           parser.value(shardOption) + "'");
        shard = *parsed;
    }
    std::int64_t jobCount = std::max<std::int64_t>(1, std::thread::hardware_concurrency());
    if (parser.isSet(jobsOption)) {
        bool ok = false;
        jobCount = parser.value(jobsOption).toLongLong(&ok);
        if (!ok || jobCount < 1 || jobCount > 1024)
            return usageError("sweep", "--jobs takes a number from 1 to 1024");
    }

    const QString specPath = parser.positionalArguments().first();
    DiagnosticList specDiagnostics;
    PassOptions passes;
    passes.read(parser, "sweep", {});
    const std::optional<Sweep> sweep =
        jobs::readSweep(specPath, specDiagnostics, passes.instrumentation());
    printDiagnostics(specDiagnostics);
    if (!sweep)
        return ExitBadInput;
    const std::vector<std::size_t> slice = shard.slice(sweep->configs.size());

    const QString dbPath = parser.isSet(dbOption) ? parser.value(dbOption) : defaultRunStorePath();
    const bool listOnly = parser.isSet(listOption);
    std::optional<RunStore> store;
    {
        DiagnosticList d;
        if (!listOnly)
            store = RunStore::open(dbPath, OpenMode::ReadWrite, d);
        else if (QFileInfo::exists(dbPath))
            store = RunStore::open(dbPath, OpenMode::ReadOnly, d);
        printDiagnostics(d);
        if (d.hasErrors())
            return ExitBadInput;
    }
    if (listOnly) {
        DiagnosticList d;
        const std::set<std::string> stored =
            store ? jobs::storedRunUuids(*store, d) : std::set<std::string>{};
        printDiagnostics(d);
        return printList(*sweep, slice, shard, stored, parser.isSet(jsonOption));
    }

    DiagnosticList runDiagnostics;
    const jobs::SweepSummary summary =
        runWithProgress(*sweep, slice, *store, static_cast<std::size_t>(jobCount),
                        passes.instrumentation(), runDiagnostics);
    printDiagnostics(runDiagnostics);

    // The CSV covers the whole slice, runs from earlier (resumed) invocations included.
    DiagnosticList csvDiagnostics;
    const QString csv =
        jobs::sweepCsv(*sweep, slice, jobs::storedSweepRuns(*store, *sweep, slice, csvDiagnostics));
    QString csvPath = parser.value(csvOption);
    if (csvPath.isEmpty()) {
        csvPath = QFileInfo(specPath).completeBaseName();
        if (parser.isSet(shardOption))
            csvPath += QString(".shard-%1-of-%2").arg(shard.index).arg(shard.count);
        csvPath += ".csv";
    }
    const bool csvWritten = jobs::writeSweepCsv(csvPath, csv, csvDiagnostics);
    printDiagnostics(csvDiagnostics);

    printSummary(*sweep, shard, summary, dbPath, csvPath);
    if (summary.cancelled) {
        err() << "sweep: interrupted; run the same command again to resume\n";
        err().flush();
        return 130;
    }
    return summary.storeFailed || !csvWritten ? ExitBadInput : ExitOk;
}

} // namespace compass::cli
