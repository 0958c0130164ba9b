// SPDX-License-Identifier: MIT
// compass compile MODEL --arch ... --batch B (--cuts ... | --method ...) --emit FILE
// [--format text|json] [--summary]: the per-core instruction streams of a plan
// (docs/event-simulator.md). MODEL may be a project (docs/projects.md).
#include "arch_options.h"
#include "cli_common.h"
#include "core/partition/cut_list.h"
#include "core/schedule/program_format.h"
#include "event_engine.h"
#include "model_argument.h"
#include "model_loading.h"
#include "pass_options.h"
#include "problem_setup.h"
#include "search_options.h"
#include "sim/estimator.h"

#include <QFile>

namespace compass::cli {

int runCompile(const QStringList& args)
{
    QCommandLineParser parser;
    addArchOptions(parser);
    addBatchOption(parser);
    addSearchOptions(parser, true);
    const QCommandLineOption cutsOption(
        "cuts",
        "Cut positions: unit indices 'c1,c2,...' or 'layers:name1,name2' (default with a "
        "project: its cuts).",
        "CUTS");
    const QCommandLineOption emitOption("emit", "Write the instruction streams to FILE.", "FILE");
    const QCommandLineOption formatOption("format", "text (default) or json.", "FORMAT", "text");
    const QCommandLineOption summaryOption("summary",
                                           "Print instruction counts per core and per partition.");
    parser.addOption(cutsOption);
    parser.addOption(emitOption);
    parser.addOption(formatOption);
    parser.addOption(summaryOption);
    addImportOptions(parser);
    PassOptions::addTo(parser, passInfos({PassGroup::Import, PassGroup::Mapping, PassGroup::Search,
                                          PassGroup::Schedule}));
    addModelArgument(parser, "model, import options, chip, batch, cuts and optimiser options");
    if (auto exit = parseCommandLine(
            parser, args,
            "compass compile MODEL --arch PRESET|FILE [--batch B] (--cuts CUTS | --method M) "
            "[--emit FILE] [--format text|json] [--summary]",
            "Compiles a partition plan into the instruction stream of every core: LOAD_WEIGHT,\n"
            "WRITE_WEIGHT (with replication), LOAD_DATA, MVMUL, VFU_ACC/VFU_OP, SEND/RECV,\n"
            "STORE_DATA and SYNC, partition by partition. The plan is given by --cuts or chosen\n"
            "by --method (a project's plan needs neither). See docs/event-simulator.md for the\n"
            "instruction set."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("compile", "expected exactly one MODEL");
    if (parser.isSet(cutsOption) && parser.isSet("method"))
        return usageError("compile", "give exactly one of --cuts and --method");
    if (!parser.isSet(emitOption) && !parser.isSet(summaryOption))
        return usageError("compile", "nothing to do: give --emit FILE and/or --summary");
    const QString format = parser.value(formatOption);
    if (format != "text" && format != "json")
        return usageError("compile",
                          QString("--format must be text or json, got '%1'").arg(format));
    const std::optional<ModelArgument> input =
        ModelArgument::read(parser.positionalArguments().first());
    if (!input)
        return ExitBadInput;
    // The plan: --cuts, or the project's cuts; --method searches for one.
    const bool search = parser.isSet("method");
    if (!search && !parser.isSet(cutsOption) && !input->project())
        return usageError("compile", "give exactly one of --cuts and --method");
    const auto batch = input->batch(parser, "compile");
    if (!batch)
        return ExitUsage;
    const auto searchOptions = input->searchOptions(parser, "compile", true);
    if (!searchOptions)
        return ExitUsage;
    const std::optional<OnnxImportOptions> importOptions = input->importOptions(parser, "compile");
    if (!importOptions)
        return ExitUsage;
    PassOptions passes;
    if (!passes.read(parser, "compile",
                     !search
                         ? passInfos({PassGroup::Import, PassGroup::Mapping, PassGroup::Schedule})
                         : passInfos({PassGroup::Import, PassGroup::Mapping, PassGroup::Search,
                                      PassGroup::Schedule})))
        return ExitUsage;
    const std::optional<ArchSpec> arch = input->arch(parser);
    if (!arch)
        return ExitBadInput;
    const QString model = input->model();
    CostingOptions costing;
    costing.batchSize = *batch;
    const std::shared_ptr<const MappedProblem> problem =
        setUpProblem(model, *importOptions, *arch, costing, passes.instrumentation());
    if (!problem)
        return passes.exitCode(ExitBadInput);

    Plan plan;
    if (!search) {
        const auto cuts = input->cuts(parser, cutsOption, *problem);
        if (!cuts)
            return ExitUsage;
        plan = Plan::fromInnerCuts(*cuts, problem->unitCount());
        DiagnosticList diagnostics;
        if (!validatePlan(plan, problem->validity(), diagnostics, model.toStdString())) {
            printDiagnostics(diagnostics);
            return ExitBadInput;
        }
    } else {
        const std::optional<SearchResult> found =
            searchProblem(problem, std::make_shared<const Estimator>(problem), *searchOptions,
                          passes.instrumentation());
        if (!found)
            return passes.exitCode(ExitBadInput);
        plan = found->plan;
    }
    const std::optional<Program> program =
        scheduleProgram(problem, plan, model, passes.instrumentation());
    if (!program)
        return passes.exitCode(ExitBadInput);
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
