// SPDX-License-Identifier: MIT
#include "arch_options.h"

#include "cli_common.h"
#include "core/arch/arch_presets.h"
#include "core/arch/arch_validation.h"

#include <string>
#include <vector>

namespace compass::cli {

namespace {

QString presetList()
{
    QStringList names;
    for (const std::string& name : archPresetNames())
        names << QString::fromStdString(name);
    return names.join(", ");
}

} // namespace

void addArchOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(
        "arch", "Chip: a preset name (" + presetList() + ") or an architecture JSON file.",
        "PRESET|FILE"));
    parser.addOption(QCommandLineOption(
        "set",
        "Override one field of the chip, e.g. --set dram.bandwidth_GBps=25.6 (repeatable; "
        "'compass arch fields' lists the keys).",
        "KEY=VALUE"));
}

std::optional<ArchSpec> archFromParser(const QCommandLineParser& parser, const QString& defaultArch)
{
    QString arch = parser.value("arch");
    if (arch.isEmpty())
        arch = defaultArch;
    if (arch.isEmpty()) {
        err() << "error: --arch PRESET|FILE is required (presets: " << presetList() << ")\n";
        err().flush();
        return std::nullopt;
    }
    std::vector<std::string> overrides;
    for (const QString& assignment : parser.values("set"))
        overrides.push_back(assignment.toStdString());
    DiagnosticList diagnostics;
    std::optional<ArchSpec> spec = loadArchSpec(arch.toStdString(), overrides, diagnostics);
    printDiagnostics(diagnostics);
    return spec;
}

std::optional<ArchSpec> archFromParser(const QCommandLineParser& parser, const ArchSpec& base)
{
    if (parser.isSet("arch"))
        return archFromParser(parser);
    ArchSpec spec = base;
    DiagnosticList diagnostics;
    const QStringList overrides = parser.values("set");
    for (const QString& assignment : overrides)
        applyArchOverride(spec, assignment.toStdString(), diagnostics);
    if (!overrides.isEmpty() && !diagnostics.hasErrors())
        validateArchSpec(spec, "--set", diagnostics);
    printDiagnostics(diagnostics);
    if (diagnostics.hasErrors())
        return std::nullopt;
    return spec;
}

} // namespace compass::cli
