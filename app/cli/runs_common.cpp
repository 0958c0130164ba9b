// SPDX-License-Identifier: MIT
#include "runs_common.h"

#include "cli_common.h"

namespace compass::cli {

QCommandLineOption runsDbOption()
{
    return QCommandLineOption(QStringList{"db"},
                              "Run database (default: " + defaultRunStorePath() + ").", "FILE");
}

QCommandLineOption runsJsonOption()
{
    return QCommandLineOption(QStringList{"json"}, "Print JSON instead of a table.");
}

QString runsDatabasePath(const QCommandLineParser& parser)
{
    return parser.isSet("db") ? parser.value("db") : defaultRunStorePath();
}

std::optional<RunStore> openRunStore(const QString& path, OpenMode mode)
{
    DiagnosticList diagnostics;
    auto store = RunStore::open(path, mode, diagnostics);
    printDiagnostics(diagnostics);
    return store;
}

std::optional<std::vector<RunId>> parseRunIds(const QStringList& words, const QString& command)
{
    std::vector<RunId> ids;
    for (const QString& word : words) {
        bool ok = false;
        const int value = word.toInt(&ok);
        if (!ok || value <= 0) {
            usageError(command, "'" + word + "' is not a run id (a positive number)");
            return std::nullopt;
        }
        ids.push_back(RunId(value));
    }
    return ids;
}

} // namespace compass::cli
