// SPDX-License-Identifier: MIT
#pragma once
// Runs the `compass` command line in tests of its contract (exit codes, stdout, stderr).

#include <QProcess>
#include <QStringList>

namespace compass::testing {

/// What one `compass` invocation returned and printed.
struct CliResult
{
    int exitCode = -1; ///< -2 when it crashed or did not finish in time.
    QByteArray out;
    QByteArray err;
};

/// Runs the CLI built with the tests (COMPASS_CLI_PATH) on `args`, waiting up to two minutes.
inline CliResult runCli(const QStringList& args)
{
    QProcess process;
    process.start(QStringLiteral(COMPASS_CLI_PATH), args);
    CliResult result;
    if (!process.waitForFinished(120000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace compass::testing
