// SPDX-License-Identifier: MIT
// compass: the headless command-line front end. Each sub-command is one function in its
// own file; this file only dispatches.
#include "app/version.h"
#include "cli_common.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

namespace compass::cli {
int runInspect(const QStringList& args);
int runArch(const QStringList& args);
int runSimulate(const QStringList& args);
int runCompile(const QStringList& args);
int runCrosscheck(const QStringList& args);
int runUnits(const QStringList& args);
int runOptimize(const QStringList& args);
int runReproduce(const QStringList& args);
int runRuns(const QStringList& args);
int runSweep(const QStringList& args);
} // namespace compass::cli

namespace {

struct Command
{
    const char* name;
    const char* summary;
    int (*run)(const QStringList& args);
};

constexpr std::array kCommands = {
    Command{"inspect", "Import an ONNX network and print its layer table",
            compass::cli::runInspect},
    Command{"arch", "List and show chip presets (architecture specs)", compass::cli::runArch},
    Command{"units", "List a network's partition units and the validity map",
            compass::cli::runUnits},
    Command{"simulate", "Estimate latency, energy and EDP of a partition plan",
            compass::cli::runSimulate},
    Command{"compile", "Compile a plan into per-core instruction streams",
            compass::cli::runCompile},
    Command{"optimize", "Choose partition cuts with greedy, layerwise, ga or exact",
            compass::cli::runOptimize},
    Command{"reproduce", "Run the paper's 45 configurations with all four methods",
            compass::cli::runReproduce},
    Command{"crosscheck", "Estimator vs event-driven simulator on the paper's configurations",
            compass::cli::runCrosscheck},
    Command{"runs", "List, show, export, delete and rerun stored runs", compass::cli::runRuns},
    Command{"sweep", "Run a cross product of configurations (shardable, resumable)",
            compass::cli::runSweep},
};

#ifdef COMPASS_HAVE_CHARTS
constexpr const char* kChartSummary =
    "Draw a chart (PNG, SVG, PDF) and its data (CSV, JSON) headless";

/// `compass chart ARGS`: replaces this process with `compass-chart ARGS` from the folder of
/// this executable (charts need Qt Widgets, which this binary does not link). Returns only
/// when that fails.
int execChart(int argc, char* argv[])
{
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath("compass-chart");
    const QByteArray path = QFile::encodeName(program);
    std::vector<char*> chartArgv{const_cast<char*>(path.constData())};
    for (int i = 2; i < argc; ++i)
        chartArgv.push_back(argv[i]);
    chartArgv.push_back(nullptr);
    compass::cli::out().flush();
    ::execv(path.constData(), chartArgv.data());
    compass::cli::err() << "compass chart: error: cannot run " << program << ": "
                        << std::strerror(errno) << '\n';
    compass::cli::err().flush();
    return compass::cli::ExitBadInput;
}
#endif

void printHelp()
{
    using compass::cli::out;
    out()
        << "Usage: compass COMMAND [OPTIONS]\n\n"
        << "COMPASS compiles DNNs for crossbar processing-in-memory accelerators whose crossbars\n"
        << "cannot hold the whole network: it cuts the network into partitions, reloads weights\n"
        << "between them, and estimates latency, energy and EDP.\n\n"
        << "Commands:\n";
    for (const Command& c : kCommands)
        out() << "  " << QString::fromLatin1(c.name).leftJustified(12) << c.summary << '\n';
#ifdef COMPASS_HAVE_CHARTS
    out() << "  " << QString("chart").leftJustified(12) << kChartSummary << '\n';
#endif
    out() << "\nOptions:\n"
          << "  -h, --help     Show this help; 'compass COMMAND --help' explains a command.\n"
          << "  --version      Print the version and the build's git commit.\n\n"
          << "Models may be given as a path, as the name of a bundled network (e.g. resnet18)\n"
          << "or as a .compass project, whose settings the flags override (docs/projects.md).\n"
          << "Exit codes: 0 success, 1 bad input (diagnostics on stderr), 2 bad usage.\n";
    out().flush();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("compass");
    QCoreApplication::setApplicationVersion(COMPASS_VERSION);
#ifdef COMPASS_HAVE_CHARTS
    if (argc > 1 && QLatin1String(argv[1]) == QLatin1String("chart"))
        return execChart(argc, argv);
#endif

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty()) {
        printHelp();
        return compass::cli::ExitUsage;
    }
    const QString command = args.first();
    if (command == "-h" || command == "--help" || command == "help") {
        printHelp();
        return compass::cli::ExitOk;
    }
    if (command == "--version" || command == "version") {
        compass::cli::out() << "compass " << COMPASS_VERSION << " (build " << COMPASS_GIT_COMMIT
                            << ")\n";
        compass::cli::out().flush();
        return compass::cli::ExitOk;
    }
    for (const Command& c : kCommands) {
        if (command == QLatin1String(c.name))
            return c.run(args);
    }
    compass::cli::err() << "compass: unknown command '" << command
                        << "'. Run 'compass --help' for the list.\n";
    compass::cli::err().flush();
    return compass::cli::ExitUsage;
}
