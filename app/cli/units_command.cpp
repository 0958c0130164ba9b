// SPDX-License-Identifier: MIT
// compass units MODEL --arch PRESET|FILE [--json]: the partition units of a network on a chip,
// in their fixed order, with the validity map (the longest valid partition from each unit).
#include "arch_options.h"
#include "cli_common.h"
#include "core/mapping/unit_table.h"
#include "core/partition/validity_map.h"
#include "model_loading.h"

#include <QJsonArray>

namespace compass::cli {

namespace {

/// Why the partition from a unit cannot be one unit longer; "end" when it reaches the end.
const char* limitName(PackingFailure failure)
{
    return failure == PackingFailure::None ? "end" : packingFailureName(failure);
}

struct Summary
{
    std::int64_t lowerBound = 0;
    std::int32_t minimumPartitions = 0;
};

QJsonObject toJson(const UnitTable& units, const ValidityMap& validity, const Summary& s)
{
    QJsonArray list;
    for (const PartitionUnit& u : units.units()) {
        QJsonObject o;
        o["id"] = u.id.value;
        o["layer"] =
            QString::fromStdString(units.layerName(static_cast<std::size_t>(u.layerIndex)));
        o["column_block"] = u.columnBlock;
        o["row_blocks"] =
            QJsonArray{static_cast<qint64>(u.rowBlockBegin), static_cast<qint64>(u.rowBlockEnd)};
        o["crossbars"] = static_cast<qint64>(u.crossbars);
        o["weights"] = static_cast<qint64>(u.weights);
        o["columns"] = static_cast<qint64>(u.cols);
        o["end_max"] = validity.endMax(u.id.value);
        o["limit"] = limitName(validity.failure(u.id.value));
        list.append(o);
    }
    QJsonObject summary;
    summary["units"] = units.unitCount();
    summary["layers"] = units.layerCount();
    summary["crossbars"] = static_cast<qint64>(units.totalCrossbars());
    summary["weights"] = static_cast<qint64>(units.totalWeights());
    summary["capacity_lower_bound"] = static_cast<qint64>(s.lowerBound);
    summary["minimum_partitions"] = s.minimumPartitions;
    QJsonObject root;
    root["summary"] = summary;
    root["units"] = list;
    return root;
}

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
          << limitName(validity.failure(u.id.value)) << '\n';
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
    parser.addPositionalArgument("MODEL", "ONNX file, or the name of a bundled network.");
    if (auto exit = parseCommandLine(
            parser, args, "compass units MODEL --arch PRESET|FILE [--json]",
            "Lists the partition units of a network on a chip in their fixed order (layers, then\n"
            "column blocks, then row chunks) and the validity map: end_max is the end of the\n"
            "longest valid partition starting at the unit, limit why one unit more fails."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("units", "expected exactly one MODEL");
    const std::optional<ArchSpec> arch = archFromParser(parser);
    if (!arch)
        return ExitBadInput;
    std::optional<Graph> graph = loadModel(parser.positionalArguments().first());
    if (!graph)
        return ExitBadInput;

    const UnitTable units = UnitTable::build(*graph, *arch);
    const ValidityMap validity = ValidityMap::build(units);
    Summary s;
    s.lowerBound = capacityLowerBound(units.totalWeights(), arch->weightBits,
                                      arch->totalCrossbars() * arch->crossbarRows *
                                          arch->weightsPerRow() * arch->weightBits);
    s.minimumPartitions = validity.minimumPartitions();
    if (parser.isSet(jsonOption))
        printJson(toJson(units, validity, s));
    else
        printTable(units, validity, s, *arch);
    return ExitOk;
}

} // namespace compass::cli
