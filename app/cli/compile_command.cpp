// SPDX-License-Identifier: MIT
// compass compile MODEL --arch ... --batch B (--cuts ... | --method ...) --emit FILE
// [--format text|json] [--summary]: the per-core instruction streams of a plan
// (docs/event-simulator.md).
#include "arch_options.h"
#include "cli_common.h"
#include "core/partition/cut_list.h"
#include "core/schedule/program_format.h"
#include "core/search/partition_search.h"
#include "event_engine.h"
#include "problem_setup.h"
#include "search_options.h"

#include <QFile>

namespace compass::cli {

int runCompile(const QStringList& args)
{
    QCommandLineParser parser;
    addArchOptions(parser);
    addBatchOption(parser);
    addSearchOptions(parser, true);
    const QCommandLineOption cutsOption(
        "cuts", "Cut positions: unit indices 'c1,c2,...' or 'layers:name1,name2'.", "CUTS");
    const QCommandLineOption emitOption("emit", "Write the instruction streams to FILE.", "FILE");
    const QCommandLineOption formatOption("format", "text (default) or json.", "FORMAT", "text");
    const QCommandLineOption summaryOption("summary",
                                           "Print instruction counts per core and per partition.");
    parser.addOption(cutsOption);
    parser.addOption(emitOption);
    parser.addOption(formatOption);
    parser.addOption(summaryOption);
    parser.addPositionalArgument("MODEL", "ONNX file, or the name of a bundled network.");
    if (auto exit = parseCommandLine(
            parser, args,
            "compass compile MODEL --arch PRESET|FILE [--batch B] (--cuts CUTS | --method M) "
            "[--emit FILE] [--format text|json] [--summary]",
            "Compiles a partition plan into the instruction stream of every core: LOAD_WEIGHT,\n"
            "WRITE_WEIGHT (with replication), LOAD_DATA, MVMUL, VFU_ACC/VFU_OP, SEND/RECV,\n"
            "STORE_DATA and SYNC, partition by partition. The plan is given by --cuts or chosen\n"
            "by --method. See docs/event-simulator.md for the instruction set."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("compile", "expected exactly one MODEL");
    if (parser.isSet(cutsOption) == parser.isSet("method"))
        return usageError("compile", "give exactly one of --cuts and --method");
    if (!parser.isSet(emitOption) && !parser.isSet(summaryOption))
        return usageError("compile", "nothing to do: give --emit FILE and/or --summary");
    const QString format = parser.value(formatOption);
    if (format != "text" && format != "json")
        return usageError("compile",
                          QString("--format must be text or json, got '%1'").arg(format));
    const auto batch = batchFromParser(parser, "compile");
    if (!batch)
        return ExitUsage;
    const auto searchOptions = searchOptionsFromParser(parser, "compile", true);
    if (!searchOptions)
        return ExitUsage;
    const std::optional<ArchSpec> arch = archFromParser(parser);
    if (!arch)
        return ExitBadInput;
    const QString model = parser.positionalArguments().first();
    std::optional<ProblemSetup> setup = setUpProblem(model, *arch, *batch);
    if (!setup)
        return ExitBadInput;
    const Estimator& estimator = *setup->estimator;

    Plan plan;
    if (parser.isSet(cutsOption)) {
        DiagnosticList cutDiagnostics;
        const auto cuts = parseCutList(parser.value(cutsOption).toStdString(), *setup->graph,
                                       estimator.units(), cutDiagnostics);
        if (!cuts) {
            printDiagnostics(cutDiagnostics);
            return ExitUsage;
        }
        plan = Plan::fromInnerCuts(*cuts, estimator.unitCount());
        DiagnosticList diagnostics;
        if (!validatePlan(plan, estimator.validity(), diagnostics, model.toStdString())) {
            printDiagnostics(diagnostics);
            return ExitBadInput;
        }
    } else {
        plan = runPartitionSearch(setup->searchProblem(), *searchOptions).plan;
    }
    const std::optional<Program> program = scheduleProgram(*setup->graph, estimator, plan, model);
    if (!program)
        return ExitBadInput;
    if (parser.isSet(emitOption)) {
        QFile file(parser.value(emitOption));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            err() << file.fileName() << ": error: cannot write: " << file.errorString() << '\n';
            err().flush();
            return ExitBadInput;
        }
        const QByteArray bytes =
            format == "json"
                ? QJsonDocument(programToJson(*program)).toJson(QJsonDocument::Indented)
                : programToText(*program).toUtf8();
        if (file.write(bytes) != bytes.size()) {
            err() << file.fileName() << ": error: write failed: " << file.errorString() << '\n';
            err().flush();
            return ExitBadInput;
        }
    }
    if (parser.isSet(summaryOption)) {
        out() << programSummary(*program);
        out().flush();
    }
    return ExitOk;
}

} // namespace compass::cli
