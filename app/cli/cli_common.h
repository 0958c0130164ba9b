// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"
#include "core/support/diagnostics.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace compass::cli {

/// Exit codes of every command: 0 success, 1 bad input (diagnostics on stderr), 2 bad usage.
enum ExitCode : int
{
    ExitOk = 0,
    ExitBadInput = 1,
    ExitUsage = 2
};

QTextStream& out();
QTextStream& err();

/// Parses a sub-command's arguments (args[0] is the command name). Prints help and returns
/// ExitOk for --help, prints the error and returns ExitUsage on bad usage, nullopt to go on.
std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& args,
                                    const QString& usageLine, const QString& description);

/// Prints diagnostics the way compilers do (`file: node 'x': error: ...`) on stderr.
void printDiagnostics(const DiagnosticList& diagnostics);

/// Prints a usage error for `command` on stderr and returns ExitUsage.
int usageError(const QString& command, const QString& message);

void printJson(const QJsonObject& object);

/// A search control that shows the search's stage and percentage on one stderr line when
/// `show` (a terminal, not --json); clearProgressLine() wipes it afterwards.
SearchControl progressOnStderr(bool show);
void clearProgressLine();

} // namespace compass::cli
