// SPDX-License-Identifier: MIT
// compass runs list|show|export|delete|rerun|merge: the run history on the command line.
#include "cli_common.h"
#include "run_recording.h"
#include "store/run_evaluator.h"
#include "store/run_json.h"
#include "store/run_store.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>

#include <cmath>

namespace compass::cli {
namespace {

QCommandLineOption dbOption()
{
    return QCommandLineOption(QStringList{"db"},
                              "Run database (default: " + defaultRunStorePath() + ").", "FILE");
}

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringList{"json"}, "Print JSON instead of a table.");
}

QString databasePath(const QCommandLineParser& parser)
{
    return parser.isSet("db") ? parser.value("db") : defaultRunStorePath();
}

/// Evaluators that `runs rerun` can use, by run method: every method simulate, optimize and
/// sweep store is rebuilt from the stored inputs by reevaluateStoredRun (run_recording.h).
RunEvaluatorRegistry rerunEvaluators()
{
    RunEvaluatorRegistry registry;
    for (const char* method : {"manual", "greedy", "layerwise", "ga", "exact"})
        registry.add(method, reevaluateStoredRun);
    return registry;
}

std::optional<RunStore> openStore(const QString& path, OpenMode mode)
{
    DiagnosticList diagnostics;
    auto store = RunStore::open(path, mode, diagnostics);
    printDiagnostics(diagnostics);
    return store;
}

/// Parses run ids; prints a usage error for anything that is not a positive integer.
std::optional<std::vector<RunId>> parseIds(const QStringList& words, const QString& command)
{
    std::vector<RunId> ids;
    for (const QString& word : words) {
        bool ok = false;
        const int value = word.toInt(&ok);
        if (!ok || value <= 0) {
            usageError(command, "'" + word + "' is not a run id (a positive number)");
            return std::nullopt;
        }
        ids.push_back(RunId(value));
    }
    return ids;
}

QString number(std::optional<double> value, int precision = 6)
{
    if (!value || std::isnan(*value))
        return "-";
    return QString::number(*value, 'g', precision);
}

QString joinTags(const std::set<std::string>& tags)
{
    QStringList list;
    for (const std::string& t : tags)
        list << QString::fromStdString(t);
    return list.join(',');
}

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

/// Prints rows as left-aligned columns sized to their content.
void printTable(const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        out() << line << '\n';
    }
}

int runList(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addOption(jsonOption());
    const QCommandLineOption model("model", "Only runs of this model name.", "NAME");
    const QCommandLineOption arch("arch", "Only runs on this architecture name.", "NAME");
    const QCommandLineOption method("method", "Only runs of this method.", "METHOD");
    const QCommandLineOption tag("tag", "Only runs with this tag.", "TAG");
    const QCommandLineOption status("status", "Only complete, cancelled or failed runs.", "STATUS");
    const QCommandLineOption limit("limit", "At most N runs (newest first).", "N");
    parser.addOptions({model, arch, method, tag, status, limit});
    if (auto code =
            parseCommandLine(parser, args, "compass runs list [--model X] [--arch Y] [--json]",
                             "List stored runs, newest first."))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return usageError("runs list", "unexpected argument " + parser.positionalArguments()[0]);

    RunFilter filter;
    if (parser.isSet(model))
        filter.modelName = parser.value(model).toStdString();
    if (parser.isSet(arch))
        filter.archName = parser.value(arch).toStdString();
    if (parser.isSet(method))
        filter.method = parser.value(method).toStdString();
    if (parser.isSet(tag))
        filter.tag = parser.value(tag).toStdString();
    if (parser.isSet(status)) {
        filter.status = parseRunStatus(parser.value(status).toStdString());
        if (!filter.status)
            return usageError("runs list", "--status takes complete, cancelled or failed");
    }
    if (parser.isSet(limit)) {
        bool ok = false;
        filter.limit = parser.value(limit).toLongLong(&ok);
        if (!ok || *filter.limit < 0)
            return usageError("runs list", "--limit takes a number");
    }

    const QString path = databasePath(parser);
    std::vector<RunSummary> runs;
    if (QFileInfo::exists(path)) {
        auto store = openStore(path, OpenMode::ReadOnly);
        if (!store)
            return ExitBadInput;
        DiagnosticList diagnostics;
        runs = store->list(filter, diagnostics);
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
    if (runs.empty()) {
        out() << "No runs in " << path << '\n';
        out().flush();
        return ExitOk;
    }
    QList<QStringList> rows{{"ID", "CREATED (UTC)", "MODEL", "ARCH", "BATCH", "METHOD", "OBJECTIVE",
                             "STATUS", "PARTS", "LATENCY/BATCH ns", "ENERGY/INF pJ", "EDP pJ*s",
                             "TAGS", "LABEL"}};
    for (const RunSummary& s : runs) {
        rows.append({QString::number(s.id.value),
                     s.createdAt.toUTC().toString("yyyy-MM-dd HH:mm:ss"), qs(s.modelName),
                     qs(s.archName), QString::number(s.batch), qs(s.method), qs(s.objective),
                     runStatusName(s.status), QString::number(s.partitionCount),
                     number(s.latencyPerBatchNs), number(s.energyPerInferencePj), number(s.edpPjS),
                     joinTags(s.tags), qs(s.label)});
    }
    printTable(rows);
    out().flush();
    return ExitOk;
}

void printRun(const RunRecord& r)
{
    QList<QStringList> fields{
        {"Run", QString::number(r.id.value) + (r.label.empty() ? "" : "  " + qs(r.label))},
        {"UUID", qs(r.uuid)},
        {"Created (UTC)", r.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {"Status", runStatusName(r.status)},
        {"COMPASS version", qs(r.appVersion)},
        {"Model", qs(r.modelName) + "  " + qs(r.modelPath)},
        {"Model SHA-256", qs(r.modelSha256)},
        {"Architecture", qs(r.archName) + "  (spec hash " + qs(r.archHash) + ")"},
        {"Batch", QString::number(r.batch)},
        {"Method", qs(r.method)},
        {"Objective", qs(r.objective)},
        {"Engine", qs(r.engine)},
        {"Seed", QString::number(r.seed)},
        {"Options", qs(r.optionsJson)},
        {"Runtime", QString::number(r.runtimeMs, 'f', 1) + " ms"},
        {"Tags", joinTags(r.tags)},
    };
    QStringList cuts;
    for (std::int64_t c : r.cuts)
        cuts << QString::number(c);
    fields.append({"Cuts", cuts.isEmpty() ? "(none: one partition)" : cuts.join(' ')});
    for (QStringList& f : fields)
        f[0] += ':';
    printTable(fields);
    if (!r.notes.empty())
        out() << "Notes:\n  " << qs(r.notes).replace('\n', "\n  ") << '\n';

    out() << "\nMetrics:\n";
    QList<QStringList> metricRows;
    for (const auto& [key, value] : r.metrics)
        metricRows.append({"  " + qs(key), number(value, 10)});
    printTable(metricRows);

    const QJsonArray partitions =
        QJsonDocument::fromJson(QByteArray::fromStdString(r.partitionsJson)).array();
    out() << "\nPartitions (" << partitions.size() << "):\n";
    QStringList columns;
    for (const QJsonValue& row : partitions) {
        for (const QString& key : row.toObject().keys()) {
            if (!columns.contains(key))
                columns << key;
        }
    }
    if (!columns.isEmpty()) {
        QList<QStringList> rows{columns};
        for (const QJsonValue& row : partitions) {
            QStringList cells;
            for (const QString& key : columns) {
                const QJsonValue v = row.toObject().value(key);
                cells << (v.isDouble()   ? QString::number(v.toDouble(), 'g', 8)
                          : v.isString() ? v.toString()
                          : v.isUndefined() || v.isNull()
                              ? QString("-")
                              : QString::fromUtf8(
                                    QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
                                    .mid(1)
                                    .chopped(1));
            }
            rows.append(cells);
        }
        for (QStringList& row : rows)
            row.first().prepend("  ");
        printTable(rows);
    }

    if (!r.convergence.empty()) {
        out() << "\nConvergence (" << r.convergence.size() << " generations):\n";
        QList<QStringList> rows{{"  GENERATION", "BEST", "MEAN", "MIN PARTS", "MAX PARTS"}};
        for (const ConvergencePoint& p : r.convergence) {
            rows.append({"  " + QString::number(p.generation), number(p.best, 8), number(p.mean, 8),
                         QString::number(p.minPartitions), QString::number(p.maxPartitions)});
        }
        printTable(rows);
    }
    out() << "\nArchitecture spec:\n" << qs(r.archJson).trimmed() << '\n';
}

int runShow(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addOption(jsonOption());
    parser.addPositionalArgument("ID", "The run to show.");
    if (auto code = parseCommandLine(parser, args, "compass runs show ID [--json]",
                                     "Show everything stored about one run."))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return usageError("runs show", "give exactly one run id");
    const auto ids = parseIds(parser.positionalArguments(), "runs show");
    if (!ids)
        return ExitUsage;
    auto store = openStore(databasePath(parser), OpenMode::ReadOnly);
    if (!store)
        return ExitBadInput;
    DiagnosticList diagnostics;
    const auto run = store->run(ids->front(), diagnostics);
    printDiagnostics(diagnostics);
    if (!run)
        return ExitBadInput;
    if (parser.isSet("json"))
        printJson(runRecordToJson(*run));
    else
        printRun(*run);
    out().flush();
    return ExitOk;
}

QString csvField(const QString& value)
{
    if (!value.contains(',') && !value.contains('"') && !value.contains('\n') &&
        !value.contains('\r'))
        return value;
    return '"' + QString(value).replace("\"", "\"\"") + '"';
}

QString csvNumber(std::optional<double> value)
{
    return value && !std::isnan(*value)
               ? QString::number(*value, 'g', QLocale::FloatingPointShortest)
               : QString();
}

int runExport(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    const QCommandLineOption csv("csv", "Write CSV to FILE ('-' for standard output).", "FILE");
    parser.addOption(csv);
    parser.addPositionalArgument("ID...", "The runs to export.");
    if (auto code = parseCommandLine(parser, args, "compass runs export ID... --csv FILE",
                                     "Export runs as CSV, one row per run."))
        return *code;
    if (!parser.isSet(csv))
        return usageError("runs export", "--csv FILE is required");
    if (parser.positionalArguments().isEmpty())
        return usageError("runs export", "give at least one run id");
    const auto ids = parseIds(parser.positionalArguments(), "runs export");
    if (!ids)
        return ExitUsage;
    auto store = openStore(databasePath(parser), OpenMode::ReadOnly);
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

    static const char* kMetricColumns[] = {
        metric::kLatencyPerBatchNs,    metric::kThroughputIps,
        metric::kEnergyPerInferencePj, metric::kEdpPjS,
        metric::kDramWeightBytes,      metric::kDramActivationBytes,
        metric::kWrittenBits,          metric::kCoreUtilization};
    QStringList header{"id",   "uuid",      "created_at", "label",  "model",     "model_sha256",
                       "arch", "arch_hash", "batch",      "method", "objective", "engine",
                       "seed", "status",    "partitions", "cuts"};
    for (const char* m : kMetricColumns)
        header << m;
    header << "runtime_ms"
           << "tags"
           << "notes";
    QString text = header.join(',') + '\n';
    for (const RunRecord& r : runs) {
        QStringList cuts;
        for (std::int64_t c : r.cuts)
            cuts << QString::number(c);
        QStringList row{QString::number(r.id.value),
                        qs(r.uuid),
                        r.createdAt.toUTC().toString(Qt::ISODateWithMs),
                        qs(r.label),
                        qs(r.modelName),
                        qs(r.modelSha256),
                        qs(r.archName),
                        qs(r.archHash),
                        QString::number(r.batch),
                        qs(r.method),
                        qs(r.objective),
                        qs(r.engine),
                        QString::number(r.seed),
                        runStatusName(r.status),
                        QString::number(r.cuts.size() + 1),
                        cuts.join(' ')};
        for (const char* m : kMetricColumns)
            row << csvNumber(r.metricValue(m));
        row << QString::number(r.runtimeMs, 'g', QLocale::FloatingPointShortest)
            << joinTags(r.tags).replace(',', ' ') << qs(r.notes);
        for (QString& field : row)
            field = csvField(field);
        text += row.join(',') + '\n';
    }
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
    out() << "Exported " << runs.size() << " run(s) to " << target << '\n';
    out().flush();
    return ExitOk;
}

int runDelete(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addPositionalArgument("ID...", "The runs to delete.");
    if (auto code = parseCommandLine(parser, args, "compass runs delete ID...",
                                     "Delete runs (all or nothing: an unknown id deletes none)."))
        return *code;
    if (parser.positionalArguments().isEmpty())
        return usageError("runs delete", "give at least one run id");
    const auto ids = parseIds(parser.positionalArguments(), "runs delete");
    if (!ids)
        return ExitUsage;
    const QString path = databasePath(parser);
    if (!QFileInfo::exists(path)) {
        err() << path << ": error: no run database here (the file does not exist)\n";
        err().flush();
        return ExitBadInput;
    }
    auto store = openStore(path, OpenMode::ReadWrite);
    if (!store)
        return ExitBadInput;
    DiagnosticList diagnostics;
    const bool removed = store->remove(*ids, diagnostics);
    printDiagnostics(diagnostics);
    if (!removed)
        return ExitBadInput;
    out() << "Deleted " << ids->size() << " run(s) from " << path << '\n';
    out().flush();
    return ExitOk;
}

int runRerun(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    const QCommandLineOption tolerance("tolerance", "Relative tolerance for metrics (1e-9).",
                                       "REL");
    parser.addOption(tolerance);
    parser.addPositionalArgument("ID", "The run to re-evaluate.");
    if (auto code =
            parseCommandLine(parser, args, "compass runs rerun ID",
                             "Re-evaluate a run with its stored inputs and report any difference."))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return usageError("runs rerun", "give exactly one run id");
    const auto ids = parseIds(parser.positionalArguments(), "runs rerun");
    if (!ids)
        return ExitUsage;
    double relTolerance = 1e-9;
    if (parser.isSet(tolerance)) {
        bool ok = false;
        relTolerance = parser.value(tolerance).toDouble(&ok);
        if (!ok || relTolerance < 0)
            return usageError("runs rerun", "--tolerance takes a non-negative number");
    }
    auto store = openStore(databasePath(parser), OpenMode::ReadOnly);
    if (!store)
        return ExitBadInput;
    DiagnosticList diagnostics;
    const auto stored = store->run(ids->front(), diagnostics);
    std::optional<RerunReport> report;
    if (stored)
        report = rerunStoredRun(*stored, rerunEvaluators(), diagnostics, relTolerance);
    printDiagnostics(diagnostics);
    if (!report)
        return ExitBadInput;
    if (report->differences.empty()) {
        out() << "Run " << ids->front().value << " reproduced: no difference\n";
        out().flush();
        return ExitOk;
    }
    out() << "Run " << ids->front().value << " differs from its re-evaluation:\n";
    QList<QStringList> rows{{"  FIELD", "STORED", "NOW"}};
    for (const RunDifference& d : report->differences)
        rows.append({"  " + qs(d.field), qs(d.stored), qs(d.fresh)});
    printTable(rows);
    out().flush();
    return ExitBadInput;
}

int runMerge(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption into("into", "Destination database (created when missing).", "FILE");
    parser.addOption(into);
    parser.addPositionalArgument("DB...", "Databases to merge from.");
    if (auto code = parseCommandLine(parser, args, "compass runs merge A.db B.db --into ALL.db",
                                     "Merge run databases; runs already present (same uuid) "
                                     "are skipped."))
        return *code;
    if (!parser.isSet(into) || parser.positionalArguments().isEmpty())
        return usageError("runs merge", "give source databases and --into FILE");
    auto destination = openStore(parser.value(into), OpenMode::ReadWrite);
    if (!destination)
        return ExitBadInput;
    for (const QString& sourcePath : parser.positionalArguments()) {
        auto source = openStore(sourcePath, OpenMode::ReadOnly);
        if (!source)
            return ExitBadInput;
        DiagnosticList diagnostics;
        const auto report = destination->mergeFrom(*source, diagnostics);
        printDiagnostics(diagnostics);
        if (!report)
            return ExitBadInput;
        out() << sourcePath << ": " << report->added << " run(s) added, " << report->skipped
              << " already present\n";
    }
    out().flush();
    return ExitOk;
}

void printRunsHelp()
{
    out() << "Usage: compass runs COMMAND [OPTIONS]\n\n"
          << "The run history: every optimize and simulate run is stored (unless --no-store)\n"
          << "in " << defaultRunStorePath() << " or the database given with --db FILE.\n\n"
          << "Commands:\n"
          << "  list [--model X] [--arch Y] [--json]   List runs, newest first\n"
          << "  show ID [--json]                       Everything about one run\n"
          << "  export ID... --csv FILE                One CSV row per run\n"
          << "  delete ID...                           Delete runs\n"
          << "  rerun ID                               Re-evaluate and report differences\n"
          << "  merge A.db B.db --into ALL.db          Merge databases without duplicates\n\n"
          << "'compass runs COMMAND --help' explains a command.\n";
    out().flush();
}

} // namespace

int runRuns(const QStringList& args)
{
    const QString sub = args.value(1);
    if (sub.isEmpty() || sub == "-h" || sub == "--help" || sub == "help") {
        printRunsHelp();
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    const QStringList rest = QStringList{"runs " + sub} + args.mid(2);
    if (sub == "list")
        return runList(rest);
    if (sub == "show")
        return runShow(rest);
    if (sub == "export")
        return runExport(rest);
    if (sub == "delete")
        return runDelete(rest);
    if (sub == "rerun")
        return runRerun(rest);
    if (sub == "merge")
        return runMerge(rest);
    return usageError("runs", "unknown command '" + sub + "'");
}

} // namespace compass::cli
