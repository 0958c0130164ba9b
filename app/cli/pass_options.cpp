// SPDX-License-Identifier: MIT
#include "pass_options.h"

#include "cli_common.h"

#include <QStringList>

namespace compass::cli {

namespace {

QString names(const std::vector<PassInfo>& passes)
{
    QStringList list;
    for (const PassInfo& p : passes)
        list << QString::fromStdString(p.name);
    return list.join(", ");
}

} // namespace

PassOptions::~PassOptions()
{
    const std::vector<PassTiming> timings = m_instrumentation.timings();
    if (!m_timePasses || timings.empty())
        return;
    err() << QString::fromStdString(formatPassTimings(timings));
    err().flush();
}

void PassOptions::addTo(QCommandLineParser& parser, const std::vector<PassInfo>& dumpable)
{
    parser.addOption(QCommandLineOption(
        "time-passes", "Print each pass's wall time (runs, time, share) on stderr at the end."));
    if (dumpable.empty())
        return;
    parser.addOption(QCommandLineOption(
        "dump-after",
        "Print the product of pass PASS as stable text on stdout, then stop: the command's own "
        "output is skipped, nothing is stored, and the exit code is 0. PASS: " +
            names(dumpable) + ".",
        "PASS"));
}

bool PassOptions::read(const QCommandLineParser& parser, const QString& command,
                       const std::vector<PassInfo>& passes)
{
    m_timePasses = parser.isSet("time-passes");
    // optionNames() lists the options given, so a command without --dump-after never asks.
    if (!parser.optionNames().contains("dump-after"))
        return true;
    const QString pass = parser.value("dump-after");
    for (const PassInfo& p : passes) {
        if (pass == QString::fromStdString(p.name)) {
            m_instrumentation.setDumpAfter(p.name);
            return true;
        }
    }
    usageError(command, QString("--dump-after: '%1' is not a pass this command runs (with these "
                                "options it runs: %2)")
                            .arg(pass, names(passes)));
    return false;
}

int PassOptions::exitCode(int failure) const
{
    const std::optional<std::string> dump = m_instrumentation.dump();
    if (!dump)
        return failure;
    out() << QString::fromStdString(*dump);
    out().flush();
    return ExitOk;
}

} // namespace compass::cli
