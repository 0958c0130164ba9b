// SPDX-License-Identifier: MIT
#include "cli_common.h"

#include <cstdio>

namespace compass::cli {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& args,
                                    const QString& usageLine, const QString& description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption helpOption(QStringList{"h", "help"}, "Show this help.");
    parser.addOption(helpOption);
    if (!parser.parse(args)) {
        return usageError(args.value(0), parser.errorText());
    }
    if (parser.isSet(helpOption)) {
        QString help = parser.helpText();
        // QCommandLineParser names the executable; show the sub-command instead.
        const qsizetype firstLineEnd = help.indexOf('\n');
        help = "Usage: " + usageLine + help.mid(firstLineEnd);
        out() << help;
        out().flush();
        return ExitOk;
    }
    return std::nullopt;
}

void printDiagnostics(const DiagnosticList& diagnostics)
{
    for (const Diagnostic& d : diagnostics.all())
        err() << QString::fromStdString(formatDiagnostic(d)) << '\n';
    err().flush();
}

int usageError(const QString& command, const QString& message)
{
    err() << "compass " << command << ": " << message << '\n'
          << "Try 'compass " << command << " --help'.\n";
    err().flush();
    return ExitUsage;
}

void printJson(const QJsonObject& object)
{
    out() << QJsonDocument(object).toJson(QJsonDocument::Indented);
    out().flush();
}

SearchControl progressOnStderr(bool show)
{
    SearchControl control;
    if (show) {
        control.progress = [](const SearchProgress& p) {
            err() << "\r" << QString::fromStdString(p.stage).left(40).leftJustified(40) << ' '
                  << QString::number(p.fraction * 100.0, 'f', 0) << "%   ";
            err().flush();
        };
    }
    return control;
}

void clearProgressLine()
{
    err() << "\r" << QString(50, ' ') << "\r";
    err().flush();
}

} // namespace compass::cli
