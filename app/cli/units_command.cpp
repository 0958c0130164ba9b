// SPDX-License-Identifier: MIT
// compass units MODEL --arch PRESET|FILE [--json]: the partition units of a network on a chip,
// in their fixed order, with the validity map (the longest valid partition from each unit).
// MODEL may be a project (docs/projects.md).
#include "arch_options.h"
#include "cli_common.h"
#include "core/mapping/unit_table.h"
#include "core/partition/validity_map.h"
#include "model_argument.h"
#include "model_loading.h"
#include "pass_options.h"
#include "problem_setup.h"
#include "report/model_json.h"

namespace compass::cli {

namespace {

struct Summary
{
    std::int64_t lowerBound = 0;
    std::int32_t minimumPartitions = 0;
};

void printTable(const UnitTable& units, const ValidityMap& validity, const Summary& s,
                const ArchSpec& arch)
{
    QTextStream& o = out();
    o << "Chip " << QString::fromStdString(arch.name) << ": " << arch.cores << " cores x "
      << arch.crossbarsPerCore << " crossbars of " << arch.crossbarRows << "x" << arch.crossbarCols
      << "\n\n";
    o << QString("unit").rightJustified(6) << "  " << QString("layer").leftJustified(32)
      << QString("col").rightJustified(5) << QString("rows").rightJustified(10)
      << QString("xbars").rightJustified(7) << QString("weights").rightJustified(10)
      << QString("end_max").rightJustified(9) << "  limit\n";
    for (const PartitionUnit& u : units.units()) {
        o << QString::number(u.id.value).rightJustified(6) << "  "
          << QString::fromStdString(units.layerName(static_cast<std::size_t>(u.layerIndex)))
                 .leftJustified(31, ' ', true)
          << ' ' << QString::number(u.columnBlock).rightJustified(5)
          << QString("%1-%2").arg(u.rowBlockBegin).arg(u.rowBlockEnd).rightJustified(10)
          << QString::number(u.crossbars).rightJustified(7)
          << QString::number(u.weights).rightJustified(10)
          << QString::number(validity.endMax(u.id.value)).rightJustified(9) << "  "
          << unitLimitName(validity.failure(u.id.value)) << '\n';
    }
    o << "\n"
      << units.unitCount() << " units in " << units.layerCount() << " weight layers, "
      << units.totalCrossbars() << " crossbars (chip: " << arch.totalCrossbars() << ")\n"
      << "Partitions: at least " << s.lowerBound << " by capacity, at least " << s.minimumPartitions
      << " with this tiling and packing\n";
    o.flush();
}

} // namespace

int runUnits(const QStringList& args)
{
    QCommandLineParser parser;
    addArchOptions(parser);
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of the table.");
    parser.addOption(jsonOption);
    const std::vector<PassInfo> passInfo = passInfos({PassGroup::Import, PassGroup::Mapping});
    addImportOptions(parser);
    PassOptions::addTo(parser, passInfo);
    addModelArgument(parser, "model, import options and chip");
    if (auto exit = parseCommandLine(
            parser, args, "compass units MODEL --arch PRESET|FILE [--json]",
            "Lists the partition units of a network on a chip in their fixed order (layers, then\n"
            "column blocks, then row chunks) and the validity map: end_max is the end of the\n"
            "longest valid partition starting at the unit, limit why one unit more fails."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("units", "expected exactly one MODEL");
    const std::optional<ModelArgument> input =
        ModelArgument::read(parser.positionalArguments().first());
    if (!input)
        return ExitBadInput;
    const std::optional<OnnxImportOptions> importOptions = input->importOptions(parser, "units");
    if (!importOptions)
        return ExitUsage;
    PassOptions passes;
    if (!passes.read(parser, "units", passInfo))
        return ExitUsage;
    const std::optional<ArchSpec> arch = input->arch(parser);
    if (!arch)
        return ExitBadInput;
    const std::shared_ptr<const MappedProblem> problem =
        setUpProblem(input->model(), *importOptions, *arch, {}, passes.instrumentation());
    if (!problem)
        return passes.exitCode(ExitBadInput);

    const UnitTable& units = problem->units();
    const ValidityMap& validity = problem->validity();
    Summary s;
    s.lowerBound = capacityLowerBound(units, *arch);
    s.minimumPartitions = validity.minimumPartitions();
    if (parser.isSet(jsonOption))
        printJson(unitsJson(*problem));
    else
        printTable(units, validity, s, *arch);
    return ExitOk;
}

} // namespace compass::cli
