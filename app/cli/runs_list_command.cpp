// SPDX-License-Identifier: MIT
// compass runs list|show|export: reading the run history.
#include "cli_common.h"
#include "core/arch/arch_presets.h"
#include "core/support/units.h"
#include "report/plan_report_text.h"
#include "report/text_table.h"
#include "runs_common.h"
#include "store/recording/run_recording.h"
#include "store/run_csv.h"
#include "store/run_json.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>

namespace compass::cli {
namespace {

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QString joinTags(const std::set<std::string>& tags)
{
    QStringList list;
    for (const std::string& t : tags)
        list << qs(t);
    return list.join(',');
}

/// A stored metric for a person, "-" when the run has none.
QString shown(std::optional<double> value, QString (*format)(double, int))
{
    return value && !std::isnan(*value) ? format(*value, 4) : QStringLiteral("-");
}

/// Reads the list filters; nullopt after a usage error.
std::optional<RunFilter> filterFromParser(const QCommandLineParser& parser)
{
    RunFilter filter;
    if (parser.isSet("model"))
        filter.modelName = parser.value("model").toStdString();
    if (parser.isSet("arch"))
        filter.archName = parser.value("arch").toStdString();
    if (parser.isSet("method")) {
        filter.method = parsePlanMethod(parser.value("method").toStdString());
        if (!filter.method) {
            usageError("runs list", "--method takes " + qs(planMethodChoices()));
            return std::nullopt;
        }
    }
    if (parser.isSet("tag"))
        filter.tag = parser.value("tag").toStdString();
    if (parser.isSet("status")) {
        filter.status = parseRunStatus(parser.value("status").toStdString());
        if (!filter.status) {
            usageError("runs list", "--status takes complete, cancelled or failed");
            return std::nullopt;
        }
    }
    if (parser.isSet("limit")) {
        bool ok = false;
        filter.limit = parser.value("limit").toLongLong(&ok);
        if (!ok || *filter.limit < 0) {
            usageError("runs list", "--limit takes a number");
            return std::nullopt;
        }
    }
    return filter;
}

void printList(const std::vector<RunSummary>& runs)
{
    TextTable table({4, 8, 9, 10, 11});
    table.addRow({"ID", "CREATED (UTC)", "MODEL", "ARCH", "BATCH", "METHOD", "OBJECTIVE", "STATUS",
                  "PARTS", "LATENCY/BATCH", "ENERGY/INF", "EDP", "TAGS", "LABEL"});
    for (const RunSummary& s : runs) {
        table.addRow(
            {QString::number(s.id.value), s.createdAt.toUTC().toString("yyyy-MM-dd HH:mm:ss"),
             qs(s.modelName), qs(s.archName), QString::number(s.batch), planMethodName(s.method),
             s.objective ? objectiveName(*s.objective) : "-", runStatusName(s.status),
             QString::number(s.partitionCount), shown(s.latencyPerBatchNs, units::duration),
             shown(s.energyPerInferencePj, units::energy), shown(s.edpPjS, units::edp),
             joinTags(s.tags), qs(s.label)});
    }
    out() << table.text();
}

/// "sram-M*: sram-M with dram.bandwidth_GBps=25.6" for a modified preset, else the name.
QString chipText(const RunRecord& r)
{
    const ArchVariant variant = ArchVariant::fromStored(r.archName, r.archChanges);
    if (!variant.isModified())
        return qs(r.archName);
    return qs(variant.displayName()) + ": " + qs(variant.summary());
}

void printRun(const RunRecord& r)
{
    QStringList cuts;
    for (std::int64_t c : r.cuts)
        cuts << QString::number(c);
    TextTable fields;
    const QList<QStringList> rows{
        {"Run:", QString::number(r.id.value) + (r.label.empty() ? "" : "  " + qs(r.label))},
        {"UUID:", qs(r.uuid)},
        {"Created (UTC):", r.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {"Status:", runStatusName(r.status)},
        {"COMPASS version:", qs(r.appVersion)},
        {"Model:", qs(r.modelName) + "  " + qs(r.modelPath)},
        {"Model SHA-256:", qs(r.modelSha256)},
        {"Import options:", r.importOptions.isDefault()
                                ? QStringLiteral("(none: imported as written)")
                                : qs(importOptionsFlags(r.importOptions))},
        {"Architecture:", chipText(r) + "  (spec hash " + qs(r.archHash) + ")"},
        {"Batch:", QString::number(r.batch)},
        {"Method:", planMethodName(r.method)},
        {"Objective:", r.objective ? objectiveName(*r.objective) : "-"},
        {"Engine:", runEngineName(r.engine)},
        {"Seed:", QString::number(r.seed)},
        {"Options:", qs(r.optionsJson)},
        {"Runtime:", units::duration(r.runtimeMs * 1e6)},
        {"Tags:", joinTags(r.tags)},
        {"Cuts:", cuts.isEmpty() ? "(none: one partition)" : cuts.join(' ')},
    };
    for (const QStringList& row : rows)
        fields.addRow(row);
    out() << fields.text();
    if (!r.notes.empty())
        out() << "Notes:\n  " << qs(r.notes).replace('\n', "\n  ") << '\n';

    DiagnosticList diagnostics;
    if (const auto report = planReportOfRun(r, diagnostics)) {
        out() << '\n' << planReportText(*report);
    } else {
        // A run whose stored partitions do not read as a report still shows its metrics.
        for (const Diagnostic& d : diagnostics.all())
            err() << QString::fromStdString(d.location.file) << ": warning: the plan report "
                  << "cannot be shown: " << qs(d.location.path) << ": " << qs(d.message) << '\n';
        err().flush();
        TextTable metrics({1}, "  ");
        for (const auto& [key, value] : r.metrics)
            metrics.addRow({qs(key), units::number(value, 10)});
        out() << "\nMetrics (base units):\n" << metrics.text();
    }
    out() << "\nArchitecture spec:\n" << qs(r.archJson).trimmed() << '\n';
}

} // namespace

int runRunsList(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(runsDbOption());
    parser.addOption(runsJsonOption());
    parser.addOptions({{"model", "Only runs of this model name.", "NAME"},
                       {"arch", "Only runs on this architecture name.", "NAME"},
                       {"method", "Only runs of this method.", "METHOD"},
                       {"tag", "Only runs with this tag.", "TAG"},
                       {"status", "Only complete, cancelled or failed runs.", "STATUS"},
                       {"limit", "At most N runs (newest first).", "N"}});
    if (auto code =
            parseCommandLine(parser, args, "compass runs list [--model X] [--arch Y] [--json]",
                             "List stored runs, newest first."))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return usageError("runs list", "unexpected argument " + parser.positionalArguments()[0]);
    const std::optional<RunFilter> filter = filterFromParser(parser);
    if (!filter)
        return ExitUsage;

    const QString path = runsDatabasePath(parser);
    std::vector<RunSummary> runs;
    if (QFileInfo::exists(path)) {
        auto store = openRunStore(path, OpenMode::ReadOnly);
        if (!store)
            return ExitBadInput;
        DiagnosticList diagnostics;
        runs = store->list(*filter, diagnostics);
        printDiagnostics(diagnostics);
        if (diagnostics.hasErrors())
            return ExitBadInput;
    }
    if (parser.isSet("json")) {
        QJsonArray array;
        for (const RunSummary& s : runs)
            array.append(runSummaryToJson(s));
        printJson(QJsonObject{{"database", path}, {"runs", array}});
        return ExitOk;
    }
    if (runs.empty())
        out() << "No runs in " << path << '\n';
    else
        printList(runs);
    out().flush();
    return ExitOk;
}

int runRunsShow(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(runsDbOption());
    parser.addOption(runsJsonOption());
    parser.addPositionalArgument("ID", "The run to show.");
    if (auto code = parseCommandLine(parser, args, "compass runs show ID [--json]",
                                     "Show everything stored about one run: its inputs and the "
                                     "plan report (docs/json.md)."))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return usageError("runs show", "give exactly one run id");
    const auto ids = parseRunIds(parser.positionalArguments(), "runs show");
    if (!ids)
        return ExitUsage;
    auto store = openRunStore(runsDatabasePath(parser), OpenMode::ReadOnly);
    if (!store)
        return ExitBadInput;
    DiagnosticList diagnostics;
    const auto run = store->run(ids->front(), diagnostics);
    if (run && parser.isSet("json"))
        printJson(storedRunJson(*run, diagnostics));
    else if (run)
        printRun(*run);
    printDiagnostics(diagnostics);
    out().flush();
    return run ? ExitOk : ExitBadInput;
}

int runRunsExport(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(runsDbOption());
    const QCommandLineOption csv("csv", "Write CSV to FILE ('-' for standard output).", "FILE");
    parser.addOption(csv);
    parser.addPositionalArgument("ID...", "The runs to export.");
    if (auto code = parseCommandLine(parser, args, "compass runs export ID... --csv FILE",
                                     "Export runs as CSV, one row per run (base units)."))
        return *code;
    if (!parser.isSet(csv))
        return usageError("runs export", "--csv FILE is required");
    if (parser.positionalArguments().isEmpty())
        return usageError("runs export", "give at least one run id");
    const auto ids = parseRunIds(parser.positionalArguments(), "runs export");
    if (!ids)
        return ExitUsage;
    auto store = openRunStore(runsDatabasePath(parser), OpenMode::ReadOnly);
    if (!store)
        return ExitBadInput;
    DiagnosticList diagnostics;
    std::vector<RunRecord> runs;
    for (RunId id : *ids) {
        if (auto run = store->run(id, diagnostics))
            runs.push_back(std::move(*run));
    }
    printDiagnostics(diagnostics);
    if (diagnostics.hasErrors())
        return ExitBadInput;
    const QString text = runsCsv(runs);
    const QString target = parser.value(csv);
    if (target == "-") {
        out() << text;
        out().flush();
        return ExitOk;
    }
    QFile file(target);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0) {
        err() << target << ": error: cannot write: " << file.errorString() << '\n';
        err().flush();
        return ExitBadInput;
    }
    out() << "Exported " << units::count(static_cast<std::int64_t>(runs.size()), "run", "runs")
          << " to " << target << '\n';
    out().flush();
    return ExitOk;
}

} // namespace compass::cli
