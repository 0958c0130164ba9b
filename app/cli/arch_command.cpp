// SPDX-License-Identifier: MIT
// compass arch list|show|fields: the chip presets and the architecture-spec fields.
#include "cli_common.h"
#include "core/arch/arch_fields.h"
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"

#include <QJsonArray>

#include <algorithm>
#include <tuple>

namespace compass::cli {

namespace {

const char* const kArchHelp =
    "Usage: compass arch list [--json]\n"
    "       compass arch show PRESET|FILE [--set KEY=VALUE]... [--hash]\n"
    "       compass arch fields [--markdown | --json]\n"
    "\n"
    "A chip (architecture spec) is a JSON file: cores, crossbars, precision, ADC, MVM latency,\n"
    "cell writes, local memory, VFUs, control, bus and DRAM, every field with its unit in its\n"
    "name (docs/architecture-spec.md). Presets ship with COMPASS: sram-S, sram-M and sram-L are\n"
    "the paper's chips; reram-puma and reram-pimcomp are ReRAM chips after PUMA and PIMCOMP.\n"
    "\n"
    "Sub-commands:\n"
    "  list      Table of the presets: technology, cores, crossbars, precision, on-chip\n"
    "            weight capacity in MiB. --json prints the same as JSON.\n"
    "  show      Validates a preset or file (with overrides) and prints the full spec as JSON;\n"
    "            --hash prints its SHA-256 instead (the identity the run store keeps).\n"
    "  fields    Every field: key, unit, default, allowed range, meaning and source.\n"
    "\n"
    "Wherever a command takes --arch PRESET|FILE, it also takes --set KEY=VALUE (repeatable),\n"
    "e.g. --set dram.bandwidth_GBps=25.6 --set chip.cores=32. A file may start from a preset:\n"
    "{\"base\": \"sram-M\", \"dram\": {\"bandwidth_GBps\": 25.6}}. Fields a file omits keep\n"
    "their defaults.\n"
    "\n"
    "Exit codes: 0 success, 1 bad input (diagnostics on stderr), 2 bad usage.\n";

QString capacityText(const ArchSpec& spec)
{
    return QString::number(spec.weightCapacityMiB(), 'g', 10);
}

/// Presets in the order a reader compares them: SRAM (the paper's chips) first, small to large.
std::vector<ArchSpec> loadPresets(DiagnosticList& diagnostics)
{
    std::vector<ArchSpec> specs;
    for (const std::string& name : archPresetNames()) {
        if (auto spec = loadArchSpecFile(*archPresetPath(name), diagnostics))
            specs.push_back(std::move(*spec));
    }
    std::stable_sort(specs.begin(), specs.end(), [](const ArchSpec& a, const ArchSpec& b) {
        return std::tuple(a.technology, a.weightCapacityBits(), a.name) <
               std::tuple(b.technology, b.weightCapacityBits(), b.name);
    });
    return specs;
}

int runList(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of the table.");
    parser.addOption(jsonOption);
    if (auto exit = parseCommandLine(parser, args, "compass arch list [--json]",
                                     "Lists the shipped chip presets."))
        return *exit;
    if (!parser.positionalArguments().isEmpty())
        return usageError(args.value(0),
                          "unexpected argument '" + parser.positionalArguments().first() + "'");

    DiagnosticList diagnostics;
    const std::vector<ArchSpec> specs = loadPresets(diagnostics);
    printDiagnostics(diagnostics);

    if (parser.isSet(jsonOption)) {
        QJsonArray presets;
        for (const ArchSpec& s : specs) {
            QJsonObject o;
            o["name"] = QString::fromStdString(s.name);
            o["technology"] = technologyName(s.technology);
            o["cores"] = static_cast<qint64>(s.cores);
            o["crossbars_per_core"] = static_cast<qint64>(s.crossbarsPerCore);
            o["crossbar_rows"] = static_cast<qint64>(s.crossbarRows);
            o["crossbar_cols"] = static_cast<qint64>(s.crossbarCols);
            o["bits_per_cell"] = static_cast<qint64>(s.bitsPerCell);
            o["weight_bits"] = static_cast<qint64>(s.weightBits);
            o["activation_bits"] = static_cast<qint64>(s.activationBits);
            o["weight_capacity_MiB"] = s.weightCapacityMiB();
            o["description"] = QString::fromStdString(s.description);
            presets.append(o);
        }
        QJsonObject root;
        root["presets"] = presets;
        printJson(root);
    } else {
        QTextStream& o = out();
        o << QString("Name").leftJustified(15) << QString("Tech").leftJustified(7)
          << QString("Cores").rightJustified(6) << QString("Xbars/core").rightJustified(11) << "  "
          << QString("Crossbar").leftJustified(9) << QString("Bits/cell").rightJustified(9)
          << QString("W/A bits").rightJustified(9) << QString("Capacity MiB").rightJustified(13)
          << "  Description\n";
        for (const ArchSpec& s : specs) {
            o << QString::fromStdString(s.name).leftJustified(14, ' ', true) << ' '
              << QString(technologyName(s.technology)).leftJustified(7)
              << QString::number(s.cores).rightJustified(6)
              << QString::number(s.crossbarsPerCore).rightJustified(11) << "  "
              << (QString::number(s.crossbarRows) + "x" + QString::number(s.crossbarCols))
                     .leftJustified(9)
              << QString::number(s.bitsPerCell).rightJustified(9)
              << (QString::number(s.weightBits) + "/" + QString::number(s.activationBits))
                     .rightJustified(9)
              << capacityText(s).rightJustified(13) << "  " << QString::fromStdString(s.description)
              << '\n';
        }
        o.flush();
    }
    return diagnostics.hasErrors() ? ExitBadInput : ExitOk;
}

int runShow(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption hashOption("hash", "Print the SHA-256 of the canonical JSON only.");
    parser.addOption(hashOption);
    parser.addOption(QCommandLineOption(
        "set", "Override one field, e.g. --set dram.bandwidth_GBps=25.6 (repeatable).",
        "KEY=VALUE"));
    parser.addPositionalArgument("PRESET|FILE", "A preset name or an architecture JSON file.");
    if (auto exit = parseCommandLine(
            parser, args, "compass arch show PRESET|FILE [--set KEY=VALUE]... [--hash]",
            "Validates a chip and prints every field of it as JSON (the canonical form, which\n"
            "reads back to the same chip)."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError(args.value(0), "expected exactly one PRESET or FILE");

    std::vector<std::string> overrides;
    for (const QString& assignment : parser.values("set"))
        overrides.push_back(assignment.toStdString());
    DiagnosticList diagnostics;
    const std::optional<ArchSpec> spec =
        loadArchSpec(parser.positionalArguments().first().toStdString(), overrides, diagnostics);
    printDiagnostics(diagnostics);
    if (!spec)
        return ExitBadInput;
    if (parser.isSet(hashOption))
        out() << QString::fromStdString(archSpecHash(*spec)) << '\n';
    else
        out() << QString::fromStdString(archSpecToJson(*spec));
    out().flush();
    return ExitOk;
}

int runFields(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption markdownOption("markdown", "Print the Markdown table of the docs.");
    const QCommandLineOption jsonOption("json", "Print one JSON object.");
    parser.addOption(markdownOption);
    parser.addOption(jsonOption);
    if (auto exit = parseCommandLine(parser, args, "compass arch fields [--markdown | --json]",
                                     "Lists every field of an architecture spec: JSON key, unit,\n"
                                     "default, allowed range, meaning and source."))
        return *exit;

    if (parser.isSet(markdownOption)) {
        out() << QString::fromStdString(archFieldTableMarkdown());
    } else if (parser.isSet(jsonOption)) {
        QJsonArray fields;
        for (const ArchField& f : archFields()) {
            QJsonObject o;
            o["key"] = QString::fromUtf8(f.key.data(), static_cast<qsizetype>(f.key.size()));
            o["unit"] = QString::fromUtf8(f.unit.data(), static_cast<qsizetype>(f.unit.size()));
            o["default"] = QString::fromStdString(archFieldDefaultText(f));
            o["allowed"] = QString::fromStdString(archFieldRangeText(f));
            o["description"] = QString::fromUtf8(f.description.data(),
                                                 static_cast<qsizetype>(f.description.size()));
            o["source"] =
                QString::fromUtf8(f.source.data(), static_cast<qsizetype>(f.source.size()));
            fields.append(o);
        }
        QJsonObject root;
        root["fields"] = fields;
        printJson(root);
        return ExitOk;
    } else {
        QTextStream& o = out();
        o << QString("Key").leftJustified(36) << QString("Unit").leftJustified(7)
          << QString("Default").leftJustified(10) << QString("Allowed").leftJustified(22)
          << "Meaning\n";
        for (const ArchField& f : archFields()) {
            o << QString::fromUtf8(f.key.data(), static_cast<qsizetype>(f.key.size()))
                     .leftJustified(35)
              << ' '
              << QString::fromUtf8(f.unit.data(), static_cast<qsizetype>(f.unit.size()))
                     .leftJustified(6)
              << ' ' << QString::fromStdString(archFieldDefaultText(f)).leftJustified(9) << ' '
              << QString::fromStdString(archFieldRangeText(f)).leftJustified(21) << ' '
              << QString::fromUtf8(f.description.data(),
                                   static_cast<qsizetype>(f.description.size()))
              << '\n';
        }
    }
    out().flush();
    return ExitOk;
}

} // namespace

int runArch(const QStringList& args)
{
    const QString sub = args.value(1);
    if (sub.isEmpty() || sub == "-h" || sub == "--help" || sub == "help") {
        out() << kArchHelp;
        out().flush();
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    QStringList subArgs = args.mid(1);
    subArgs[0] = "arch " + sub;
    if (sub == "list")
        return runList(subArgs);
    if (sub == "show")
        return runShow(subArgs);
    if (sub == "fields")
        return runFields(subArgs);
    return usageError("arch", "unknown sub-command '" + sub + "' (list, show, fields)");
}

} // namespace compass::cli
