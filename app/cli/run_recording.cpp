// SPDX-License-Identifier: MIT
// The CLI's side of storing runs: --db / --no-store and the messages on stderr. The records
// themselves are built by store/recording, shared with the explorer.
#include "run_recording.h"

#include "app/version.h"
#include "cli_common.h"
#include "core/problem/mapped_problem.h"
#include "store/run_store.h"

namespace compass::cli {

std::string appVersionText()
{
    return COMPASS_VERSION_TEXT;
}

void addStoreOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(
        "db", "Store the run in FILE (default: " + defaultRunStorePath() + ").", "FILE"));
    parser.addOption(QCommandLineOption("no-store", "Do not store the run."));
}

bool storeRunFromParser(const QCommandLineParser& parser, const RunRecord& record)
{
    if (parser.isSet("no-store"))
        return true;
    const QString path = parser.isSet("db") ? parser.value("db") : defaultRunStorePath();
    DiagnosticList diagnostics;
    std::optional<RunStore> store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
    RunId id;
    if (store)
        id = store->insert(record, diagnostics);
    printDiagnostics(diagnostics);
    if (!store || !id.isValid()) {
        err() << path << ": error: the run was not stored (its result is printed above)\n";
        err().flush();
        return false;
    }
    err() << "stored as run " << id.value << " in " << path << '\n';
    err().flush();
    return true;
}

bool storeManualRun(const QCommandLineParser& parser, const QString& modelArgument,
                    const OnnxImportOptions& importOptions, const MappedProblem& problem,
                    const SearchResult& outcome)
{
    if (parser.isSet("no-store"))
        return true;
    DiagnosticList diagnostics;
    const std::optional<ModelIdentity> model =
        identifyModel(modelArgument, importOptions, diagnostics);
    printDiagnostics(diagnostics);
    if (!model)
        return false;
    RunMethod method;
    method.replicate = problem.costing().replicate;
    return storeRunFromParser(parser,
                              makeRunRecord(*model, problem, method, outcome, appVersionText()));
}

} // namespace compass::cli
