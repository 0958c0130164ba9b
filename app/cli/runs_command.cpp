// SPDX-License-Identifier: MIT
// compass runs list|show|export|delete|rerun|merge: the run history on the command line
// (list, show and export are in runs_list_command.cpp).
#include "cli_common.h"
#include "core/support/units.h"
#include "pass_options.h"
#include "report/text_table.h"
#include "run_recording.h"
#include "runs_common.h"
#include "store/run_evaluator.h"

#include <QFileInfo>

namespace compass::cli {
namespace {

/// Evaluators that `runs rerun` can use, by run method: every method simulate, optimize and
/// sweep store is rebuilt from the stored inputs by reevaluateStoredRun (run_recording.h), its
/// passes timed by `instrumentation`.
RunEvaluatorRegistry rerunEvaluators(PassInstrumentation* instrumentation)
{
    RunEvaluatorRegistry registry;
    for (PlanMethod method : allPlanMethods()) {
        registry.add(
            method, [instrumentation](const RunRecord& stored, DiagnosticSink& diagnostics) {
                return reevaluateStoredRun(stored, appVersionText(), diagnostics, instrumentation);
            });
    }
    return registry;
}

QString runs(std::size_t n)
{
    return units::count(static_cast<std::int64_t>(n), "run", "runs");
}

int runDelete(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(runsDbOption());
    parser.addPositionalArgument("ID...", "The runs to delete.");
    if (auto code = parseCommandLine(parser, args, "compass runs delete ID...",
                                     "Delete runs (all or nothing: an unknown id deletes none)."))
        return *code;
    if (parser.positionalArguments().isEmpty())
        return usageError("runs delete", "give at least one run id");
    const auto ids = parseRunIds(parser.positionalArguments(), "runs delete");
    if (!ids)
        return ExitUsage;
    const QString path = runsDatabasePath(parser);
    if (!QFileInfo::exists(path)) {
        err() << path << ": error: no run database here (the file does not exist)\n";
        err().flush();
        return ExitBadInput;
    }
    auto store = openRunStore(path, OpenMode::ReadWrite);
    if (!store)
        return ExitBadInput;
    DiagnosticList diagnostics;
    const bool removed = store->remove(*ids, diagnostics);
    printDiagnostics(diagnostics);
    if (!removed)
        return ExitBadInput;
    out() << "Deleted " << runs(ids->size()) << " from " << path << '\n';
    out().flush();
    return ExitOk;
}

int runRerun(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(runsDbOption());
    const QCommandLineOption tolerance("tolerance", "Relative tolerance for metrics (1e-9).",
                                       "REL");
    parser.addOption(tolerance);
    PassOptions::addTo(parser);
    parser.addPositionalArgument("ID", "The run to re-evaluate.");
    if (auto code =
            parseCommandLine(parser, args, "compass runs rerun ID",
                             "Re-evaluate a run with its stored inputs and report any difference."))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return usageError("runs rerun", "give exactly one run id");
    const auto ids = parseRunIds(parser.positionalArguments(), "runs rerun");
    PassOptions passes;
    if (!ids || !passes.read(parser, "runs rerun", {}))
        return ExitUsage;
    double relTolerance = 1e-9;
    if (parser.isSet(tolerance)) {
        bool ok = false;
        relTolerance = parser.value(tolerance).toDouble(&ok);
        if (!ok || relTolerance < 0)
            return usageError("runs rerun", "--tolerance takes a non-negative number");
    }
    auto store = openRunStore(runsDatabasePath(parser), OpenMode::ReadOnly);
    if (!store)
        return ExitBadInput;
    DiagnosticList diagnostics;
    const auto stored = store->run(ids->front(), diagnostics);
    std::optional<RerunReport> report;
    if (stored)
        report = rerunStoredRun(*stored, rerunEvaluators(passes.instrumentation()), diagnostics,
                                relTolerance);
    printDiagnostics(diagnostics);
    if (!report)
        return ExitBadInput;
    if (report->differences.empty()) {
        out() << "Run " << ids->front().value << " reproduced: no difference\n";
        out().flush();
        return ExitOk;
    }
    out() << "Run " << ids->front().value << " differs from its re-evaluation:\n";
    TextTable rows({}, "  ");
    rows.addRow({"FIELD", "STORED", "NOW"});
    for (const RunDifference& d : report->differences) {
        rows.addRow({QString::fromStdString(d.field), QString::fromStdString(d.stored),
                     QString::fromStdString(d.fresh)});
    }
    out() << rows.text();
    out().flush();
    return ExitBadInput;
}

int runMerge(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption into("into", "Destination database (created when missing).", "FILE");
    parser.addOption(into);
    parser.addPositionalArgument("DB...", "Databases to merge from.");
    if (auto code = parseCommandLine(parser, args, "compass runs merge A.db B.db --into ALL.db",
                                     "Merge run databases; runs already present (same uuid) "
                                     "are skipped."))
        return *code;
    if (!parser.isSet(into) || parser.positionalArguments().isEmpty())
        return usageError("runs merge", "give source databases and --into FILE");
    auto destination = openRunStore(parser.value(into), OpenMode::ReadWrite);
    if (!destination)
        return ExitBadInput;
    for (const QString& sourcePath : parser.positionalArguments()) {
        auto source = openRunStore(sourcePath, OpenMode::ReadOnly);
        if (!source)
            return ExitBadInput;
        DiagnosticList diagnostics;
        const auto report = destination->mergeFrom(*source, diagnostics);
        printDiagnostics(diagnostics);
        if (!report)
            return ExitBadInput;
        out() << sourcePath << ": " << runs(static_cast<std::size_t>(report->added)) << " added, "
              << report->skipped << " already present\n";
    }
    out().flush();
    return ExitOk;
}

void printRunsHelp()
{
    out() << "Usage: compass runs COMMAND [OPTIONS]\n\n"
          << "The run history: every optimize and simulate run is stored (unless --no-store)\n"
          << "in " << defaultRunStorePath() << " or the database given with --db FILE.\n\n"
          << "Commands:\n"
          << "  list [--model X] [--arch Y] [--json]   List runs, newest first\n"
          << "  show ID [--json]                       Everything about one run\n"
          << "  export ID... --csv FILE                One CSV row per run\n"
          << "  delete ID...                           Delete runs\n"
          << "  rerun ID                               Re-evaluate and report differences\n"
          << "  merge A.db B.db --into ALL.db          Merge databases without duplicates\n\n"
          << "'compass runs COMMAND --help' explains a command.\n";
    out().flush();
}

} // namespace

int runRuns(const QStringList& args)
{
    const QString sub = args.value(1);
    if (sub.isEmpty() || sub == "-h" || sub == "--help" || sub == "help") {
        printRunsHelp();
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    const QStringList rest = QStringList{"runs " + sub} + args.mid(2);
    if (sub == "list")
        return runRunsList(rest);
    if (sub == "show")
        return runRunsShow(rest);
    if (sub == "export")
        return runRunsExport(rest);
    if (sub == "delete")
        return runDelete(rest);
    if (sub == "rerun")
        return runRerun(rest);
    if (sub == "merge")
        return runMerge(rest);
    return usageError("runs", "unknown command '" + sub + "'");
}

} // namespace compass::cli
