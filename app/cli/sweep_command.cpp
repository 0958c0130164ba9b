// SPDX-License-Identifier: MIT
// compass sweep SPEC.json [--shard K/N] [--jobs N] [--db FILE] [--csv FILE] [--list]: the cross
// product of models, chips, overrides, batches, methods, objectives and seeds, run on all cores,
// resumable, into the run store and a CSV (docs/sweeps.md).
#include "cli_common.h"
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/onnx/onnx_importer.h"
#include "core/search/objective.h"
#include "run_recording.h"
#include "sim/estimator.h"
#include "store/run_hashes.h"
#include "store/run_store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

namespace compass::cli {

namespace {

constexpr std::int64_t kMaxBatch = 1 << 20;

/// One model of the spec, imported once and shared read-only by every worker.
struct SweepModel
{
    ModelIdentity identity;
    std::shared_ptr<const Graph> graph;
};

/// One chip of the spec with one combination of overrides applied.
struct SweepArch
{
    QString source;                     ///< the archs[] entry
    std::vector<std::string> overrides; ///< "KEY=VALUE", in key order
    ArchSpec spec;
    std::string hash;
};

/// One point of the cross product. `key` is the canonical text that identifies it across
/// machines and databases; the stored run's uuid is derived from it.
struct SweepConfig
{
    std::size_t model = 0;
    std::size_t arch = 0;
    std::int64_t batch = 1;
    RunMethod method;
    std::string key;
    std::string uuid;
};

struct SweepSpec
{
    QString name;
    std::vector<SweepModel> models;
    std::vector<SweepArch> archs;
    std::vector<SweepConfig> configs; ///< sorted by key, duplicates removed
};

/// Parses and expands a sweep spec; every problem is reported naming the spec file and the
/// JSON field ("models[1]", "set.dram.bandwidth_GBps[0]", "ga.elite").
class SpecReader
{
public:
    SpecReader(QString path, DiagnosticSink& diagnostics)
        : m_path(std::move(path))
        , m_file(m_path.toStdString())
        , m_diagnostics(diagnostics)
    {}

    std::optional<SweepSpec> read();

private:
    void error(const std::string& field, const std::string& message)
    {
        m_diagnostics.error(message, {m_file, {}, field, -1});
        m_ok = false;
    }
    std::vector<QString> stringList(const QJsonObject& root, const char* field, bool required,
                                    const QString& fallback);
    std::vector<std::int64_t> integerList(const QJsonObject& root, const char* field,
                                          std::int64_t lo, std::int64_t hi, std::int64_t fallback);
    bool readInt(const QJsonObject& object, const char* field, const std::string& path,
                 std::int64_t lo, std::int64_t hi, std::int32_t& value);
    /// A path in the spec is relative to the spec's folder; a name is a bundled model/preset.
    QString resolveRelative(const QString& entry) const;

    QString m_path;
    std::string m_file;
    DiagnosticSink& m_diagnostics;
    bool m_ok = true;
};

std::vector<QString> SpecReader::stringList(const QJsonObject& root, const char* field,
                                            bool required, const QString& fallback)
{
    std::vector<QString> values;
    if (!root.contains(field)) {
        if (required)
            error(field, "is required (a list of names or files)");
        else
            values.push_back(fallback);
        return values;
    }
    const QJsonValue value = root.value(field);
    const QJsonArray array = value.isString() ? QJsonArray{value} : value.toArray();
    if ((!value.isArray() && !value.isString()) || array.isEmpty()) {
        error(field, "must be a non-empty list of strings");
        return values;
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array[i].isString() || array[i].toString().isEmpty()) {
            error(std::string(field) + "[" + std::to_string(i) + "]", "must be a non-empty string");
            continue;
        }
        values.push_back(array[i].toString());
    }
    return values;
}

std::vector<std::int64_t> SpecReader::integerList(const QJsonObject& root, const char* field,
                                                  std::int64_t lo, std::int64_t hi,
                                                  std::int64_t fallback)
{
    std::vector<std::int64_t> values;
    if (!root.contains(field))
        return {fallback};
    const QJsonValue value = root.value(field);
    const QJsonArray array = value.isDouble() ? QJsonArray{value} : value.toArray();
    if ((!value.isArray() && !value.isDouble()) || array.isEmpty()) {
        error(field, "must be a non-empty list of integers");
        return values;
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        const double v = array[i].toDouble(-1.0);
        if (!array[i].isDouble() || v != static_cast<double>(static_cast<std::int64_t>(v)) ||
            v < static_cast<double>(lo) || v > static_cast<double>(hi)) {
            error(std::string(field) + "[" + std::to_string(i) + "]",
                  "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
            continue;
        }
        values.push_back(static_cast<std::int64_t>(v));
    }
    return values;
}

bool SpecReader::readInt(const QJsonObject& object, const char* field, const std::string& path,
                         std::int64_t lo, std::int64_t hi, std::int32_t& value)
{
    if (!object.contains(field))
        return true;
    const double v = object.value(field).toDouble(-1.0);
    if (!object.value(field).isDouble() || v != static_cast<double>(static_cast<std::int64_t>(v)) ||
        v < static_cast<double>(lo) || v > static_cast<double>(hi)) {
        error(path, "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
        return false;
    }
    value = static_cast<std::int32_t>(v);
    return true;
}

QString SpecReader::resolveRelative(const QString& entry) const
{
    if (QFileInfo(entry).isAbsolute())
        return entry;
    const QString besideSpec = QFileInfo(m_path).dir().filePath(entry);
    return QFileInfo::exists(besideSpec) ? besideSpec : entry;
}

QString overrideValueText(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return value.toString();
}

std::string uuidFromKey(const std::string& key)
{
    const std::string h = sha256Hex(QByteArray::fromStdString(key));
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20, 12);
}

std::optional<SweepSpec> SpecReader::read()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_diagnostics.error("cannot read the sweep spec: " + file.errorString().toStdString(),
                            {m_file, {}, {}, -1});
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        m_diagnostics.error(parseError.error != QJsonParseError::NoError
                                ? "not valid JSON at byte " + std::to_string(parseError.offset) +
                                      ": " + parseError.errorString().toStdString()
                                : std::string("the spec must be a JSON object"),
                            {m_file, {}, {}, -1});
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    static const std::set<QString> kKnown{"name",    "models",     "archs", "set", "batches",
                                          "methods", "objectives", "seeds", "ga",  "replicate"};
    for (const QString& key : root.keys()) {
        if (!kKnown.count(key)) {
            error(key.toStdString(), "unknown field (known: name, models, archs, set, batches, "
                                     "methods, objectives, seeds, ga, replicate)");
        }
    }

    SweepSpec spec;
    spec.name = root.value("name").toString(QFileInfo(m_path).completeBaseName());
    if (root.contains("name") && !root.value("name").isString())
        error("name", "must be a string");

    // Models: import each once (this also checks the file now, not in the middle of a sweep).
    const std::vector<QString> models = stringList(root, "models", true, {});
    for (std::size_t i = 0; i < models.size(); ++i) {
        const std::string field = "models[" + std::to_string(i) + "]";
        DiagnosticList d;
        std::optional<ModelIdentity> identity = identifyModel(resolveRelative(models[i]), d);
        std::optional<Graph> graph;
        if (identity)
            graph = importOnnxFile(identity->path, d);
        for (const Diagnostic& diagnostic : d.all()) {
            if (diagnostic.severity == Severity::Error)
                error(field, "'" + models[i].toStdString() + "': " + formatDiagnostic(diagnostic));
        }
        if (graph)
            spec.models.push_back({*identity, std::make_shared<const Graph>(std::move(*graph))});
    }

    // Overrides: {"KEY": [v1, v2], ...}; the cross product of every key's values.
    std::vector<std::vector<std::string>> overrideSets{{}};
    if (root.contains("set")) {
        if (!root.value("set").isObject()) {
            error("set", "must be an object of KEY: [values] (keys as in 'compass arch fields')");
        } else {
            const QJsonObject set = root.value("set").toObject();
            for (const QString& key : set.keys()) {
                const QJsonValue v = set.value(key);
                const QJsonArray values = v.isArray() ? v.toArray() : QJsonArray{v};
                if (values.isEmpty()) {
                    error("set." + key.toStdString(), "must list at least one value");
                    continue;
                }
                std::vector<std::vector<std::string>> next;
                for (qsizetype j = 0; j < values.size(); ++j) {
                    const std::string field =
                        "set." + key.toStdString() + "[" + std::to_string(j) + "]";
                    if (!values[j].isDouble() && !values[j].isString() && !values[j].isBool()) {
                        error(field, "must be a number, string or boolean");
                        continue;
                    }
                    const std::string assignment =
                        key.toStdString() + "=" + overrideValueText(values[j]).toStdString();
                    ArchSpec probe;
                    DiagnosticList d;
                    if (!applyArchOverride(probe, assignment, d)) {
                        for (const Diagnostic& diagnostic : d.all())
                            error(field, diagnostic.message);
                        continue;
                    }
                    for (const std::vector<std::string>& base : overrideSets) {
                        next.push_back(base);
                        next.back().push_back(assignment);
                    }
                }
                overrideSets = std::move(next);
            }
        }
    }

    const std::vector<QString> archs = stringList(root, "archs", true, {});
    for (std::size_t i = 0; i < archs.size(); ++i) {
        const std::string field = "archs[" + std::to_string(i) + "]";
        for (const std::vector<std::string>& overrides : overrideSets) {
            DiagnosticList d;
            std::optional<ArchSpec> arch =
                loadArchSpec(resolveRelative(archs[i]).toStdString(), overrides, d);
            if (!arch) {
                std::string with;
                for (const std::string& o : overrides)
                    with += (with.empty() ? " with set " : ", ") + o;
                for (const Diagnostic& diagnostic : d.all()) {
                    if (diagnostic.severity == Severity::Error)
                        error(field, "'" + archs[i].toStdString() + "'" + with + ": " +
                                         formatDiagnostic(diagnostic));
                }
                continue;
            }
            spec.archs.push_back({archs[i], overrides, *arch, archSpecHash(archSpecToJson(*arch))});
        }
    }

    const std::vector<std::int64_t> batches = integerList(root, "batches", 1, kMaxBatch, 1);
    const std::vector<std::int64_t> seeds = integerList(root, "seeds", 0, std::int64_t{1} << 53, 1);

    std::vector<SearchMethod> methods;
    const std::vector<QString> methodNames = stringList(root, "methods", false, "ga");
    for (std::size_t i = 0; i < methodNames.size(); ++i) {
        const auto m = parseSearchMethod(methodNames[i].toStdString());
        if (!m)
            error("methods[" + std::to_string(i) + "]", "unknown method '" +
                                                            methodNames[i].toStdString() +
                                                            "' (greedy, layerwise, ga, exact)");
        else
            methods.push_back(*m);
    }
    std::vector<Objective> objectives;
    const std::vector<QString> objectiveNames = stringList(root, "objectives", false, "latency");
    for (std::size_t i = 0; i < objectiveNames.size(); ++i) {
        const auto o = parseObjective(objectiveNames[i].toStdString());
        if (!o)
            error("objectives[" + std::to_string(i) + "]", "unknown objective '" +
                                                               objectiveNames[i].toStdString() +
                                                               "' (latency, energy, edp)");
        else
            objectives.push_back(*o);
    }

    GeneticOptions genetic;
    if (root.contains("ga")) {
        const QJsonObject ga = root.value("ga").toObject();
        if (!root.value("ga").isObject())
            error("ga", "must be an object {population, generations, elite, patience}");
        for (const QString& key : ga.keys()) {
            if (key != "population" && key != "generations" && key != "elite" && key != "patience")
                error("ga." + key.toStdString(),
                      "unknown field (population, generations, elite, patience)");
        }
        readInt(ga, "population", "ga.population", 2, 100000, genetic.population);
        readInt(ga, "generations", "ga.generations", 1, 100000, genetic.generations);
        readInt(ga, "elite", "ga.elite", 1, 100000, genetic.elite);
        readInt(ga, "patience", "ga.patience", 0, 100000, genetic.patience);
        if (genetic.elite >= genetic.population)
            error("ga.elite", "must be smaller than ga.population");
    }
    bool replicate = true;
    if (root.contains("replicate")) {
        if (!root.value("replicate").isBool())
            error("replicate", "must be true or false");
        replicate = root.value("replicate").toBool(true);
    }
    if (!m_ok)
        return std::nullopt;

    // The cross product. Only ga uses a seed: the other methods run once per point.
    std::map<std::string, SweepConfig> byKey;
    for (std::size_t m = 0; m < spec.models.size(); ++m) {
        for (std::size_t a = 0; a < spec.archs.size(); ++a) {
            for (std::int64_t batch : batches) {
                for (SearchMethod method : methods) {
                    for (Objective objective : objectives) {
                        const bool seeded = method == SearchMethod::Genetic;
                        for (std::int64_t seed : seeded ? seeds : std::vector<std::int64_t>{0}) {
                            SweepConfig c;
                            c.model = m;
                            c.arch = a;
                            c.batch = batch;
                            SearchOptions search;
                            search.method = method;
                            search.objective = objective;
                            search.seed = static_cast<std::uint64_t>(seed);
                            search.genetic = genetic;
                            c.method.search = search;
                            c.method.replicate = replicate;
                            c.key = "model=" + spec.models[m].identity.sha256 +
                                    ";arch=" + spec.archs[a].hash +
                                    ";batch=" + std::to_string(batch) +
                                    ";method=" + searchMethodName(method) +
                                    ";objective=" + objectiveName(objective) +
                                    ";seed=" + std::to_string(seed) +
                                    ";options=" + runOptionsJson(c.method) +
                                    ";engine=" + c.method.engine;
                            c.uuid = uuidFromKey(c.key);
                            byKey.emplace(c.key, std::move(c));
                        }
                    }
                }
            }
        }
    }
    for (auto& [key, config] : byKey)
        spec.configs.push_back(std::move(config));
    return spec;
}

/// --shard K/N: K is taken modulo N, so 0-based (0..N-1) and 1-based (1..N) numbering both
/// name every slice exactly once.
struct Shard
{
    std::int64_t index = 0;
    std::int64_t count = 1;

    bool contains(std::size_t configIndex) const
    {
        return static_cast<std::int64_t>(configIndex) % count == index % count;
    }
};

std::optional<Shard> parseShard(const QString& text)
{
    const QStringList parts = text.split('/');
    if (parts.size() != 2)
        return std::nullopt;
    bool okK = false;
    bool okN = false;
    const std::int64_t k = parts[0].toLongLong(&okK);
    const std::int64_t n = parts[1].toLongLong(&okN);
    if (!okK || !okN || n < 1 || k < 0 || k > n)
        return std::nullopt;
    return Shard{k, n};
}

QString configArchText(const SweepArch& arch)
{
    QString text = QString::fromStdString(arch.spec.name);
    for (const std::string& o : arch.overrides)
        text += " " + QString::fromStdString(o);
    return text;
}

QJsonObject configJson(const SweepSpec& spec, std::size_t index)
{
    const SweepConfig& c = spec.configs[index];
    QJsonArray overrides;
    for (const std::string& o : spec.archs[c.arch].overrides)
        overrides.append(QString::fromStdString(o));
    return {{"index", static_cast<qint64>(index)},
            {"key", QString::fromStdString(c.key)},
            {"uuid", QString::fromStdString(c.uuid)},
            {"model", QString::fromStdString(spec.models[c.model].identity.name)},
            {"arch", QString::fromStdString(spec.archs[c.arch].spec.name)},
            {"set", overrides},
            {"batch", static_cast<qint64>(c.batch)},
            {"method", searchMethodName(c.method.search->method)},
            {"objective", objectiveName(c.method.search->objective)},
            {"seed", static_cast<qint64>(c.method.search->seed)}};
}

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

/// Draws "[#####-----] 12/40 ..." on stderr (only called when stderr is a terminal).
void drawProgress(std::size_t done, std::size_t total, std::size_t skipped, qint64 elapsedMs)
{
    constexpr int kWidth = 30;
    const double fraction =
        total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * kWidth);
    QString eta = "--:--";
    if (done > 0 && done < total) {
        const qint64 remainingS =
            static_cast<qint64>(static_cast<double>(elapsedMs) / static_cast<double>(done) *
                                static_cast<double>(total - done) / 1000.0);
        eta = QString("%1:%2").arg(remainingS / 60).arg(remainingS % 60, 2, 10, QChar('0'));
    }
    err() << "\r[" << QString(filled, '#') << QString(kWidth - filled, '-') << "] " << done << '/'
          << total << (skipped ? QString("  (%1 already stored)").arg(skipped) : QString())
          << "  eta " << eta << "   ";
    err().flush();
}

QString csvField(const QString& value)
{
    if (!value.contains(',') && !value.contains('"') && !value.contains('\n'))
        return value;
    return '"' + QString(value).replace("\"", "\"\"") + '"';
}

bool writeCsv(const QString& path, const SweepSpec& spec, const std::vector<std::size_t>& slice,
              const std::map<std::string, RunRecord>& runs)
{
    static const char* kMetrics[] = {metric::kLatencyPerBatchNs,
                                     metric::kThroughputIps,
                                     metric::kEnergyPerInferencePj,
                                     metric::kEdpPjS,
                                     metric::kDramWeightBytes,
                                     metric::kDramActivationBytes,
                                     metric::kWrittenBits,
                                     metric::kCoreUtilization,
                                     "objective_value"};
    QStringList header{"config",    "uuid", "run_id",    "model",      "model_sha256",
                       "arch",      "set",  "arch_hash", "batch",      "method",
                       "objective", "seed", "status",    "partitions", "cuts"};
    for (const char* m : kMetrics)
        header << m;
    header << "runtime_ms";
    QString text = header.join(',') + '\n';
    for (std::size_t index : slice) {
        const SweepConfig& c = spec.configs[index];
        const auto found = runs.find(c.uuid);
        if (found == runs.end())
            continue; // interrupted before it ran
        const RunRecord& r = found->second;
        QStringList cuts;
        for (std::int64_t cut : r.cuts)
            cuts << QString::number(cut);
        QStringList overrides;
        for (const std::string& o : spec.archs[c.arch].overrides)
            overrides << QString::fromStdString(o);
        QStringList row{QString::number(index),
                        QString::fromStdString(c.uuid),
                        QString::number(r.id.value),
                        QString::fromStdString(r.modelName),
                        QString::fromStdString(r.modelSha256),
                        QString::fromStdString(r.archName),
                        overrides.join(' '),
                        QString::fromStdString(r.archHash),
                        QString::number(r.batch),
                        QString::fromStdString(r.method),
                        QString::fromStdString(r.objective),
                        QString::number(r.seed),
                        runStatusName(r.status),
                        QString::number(r.cuts.size() + 1),
                        cuts.join(' ')};
        for (const char* m : kMetrics) {
            const auto v = r.metricValue(m);
            row << (v ? QString::number(*v, 'g', QLocale::FloatingPointShortest) : QString());
        }
        row << QString::number(r.runtimeMs, 'f', 3);
        for (QString& field : row)
            field = csvField(field);
        text += row.join(',') + '\n';
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0) {
        err() << path << ": error: cannot write the CSV: " << file.errorString() << '\n';
        err().flush();
        return false;
    }
    return true;
}

/// The result of one configuration, handed from a worker to the writer.
struct Finished
{
    std::size_t index = 0;
    RunRecord record;
};

} // namespace

int runSweep(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption dbOption(
        "db", "Run database (default: " + defaultRunStorePath() + ").", "FILE");
    const QCommandLineOption csvOption(
        "csv", "CSV of this sweep's results (default: SPEC's name.csv in the current folder).",
        "FILE");
    const QCommandLineOption shardOption(
        "shard",
        "Run only slice K of N (configurations whose index modulo N is K modulo N: K may count "
        "from 0 or from 1).",
        "K/N");
    const QCommandLineOption jobsOption("jobs", "Configurations run at once (default: all cores).",
                                        "N");
    const QCommandLineOption listOption(
        "list", "Print the configurations of this shard (and whether they are stored); run none.");
    const QCommandLineOption jsonOption("json", "With --list: print JSON.");
    parser.addOptions({dbOption, csvOption, shardOption, jobsOption, listOption, jsonOption});
    parser.addPositionalArgument("SPEC", "Sweep specification (JSON, see docs/sweeps.md).");
    if (auto exit = parseCommandLine(
            parser, args, "compass sweep SPEC.json [--shard K/N] [--db FILE] [--csv FILE]",
            "Runs the cross product of the models, chips, overrides, batches, methods,\n"
            "objectives and seeds that SPEC names, on all cores, storing every run. A rerun\n"
            "skips configurations already in the database, so an interrupted sweep resumes.\n"
            "--shard K/N splits the sweep for a Slurm array or GNU parallel; merge the\n"
            "databases with 'compass runs merge'. See docs/sweeps.md."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("sweep", "expected exactly one SPEC file");
    Shard shard;
    if (parser.isSet(shardOption)) {
        const auto parsed = parseShard(parser.value(shardOption));
        if (!parsed)
            return usageError("sweep", "--shard takes K/N with N >= 1 and 0 <= K <= N, got '" +
                                           parser.value(shardOption) + "'");
        shard = *parsed;
    }
    std::int64_t jobs = std::max<std::int64_t>(1, std::thread::hardware_concurrency());
    if (parser.isSet(jobsOption)) {
        bool ok = false;
        jobs = parser.value(jobsOption).toLongLong(&ok);
        if (!ok || jobs < 1 || jobs > 1024)
            return usageError("sweep", "--jobs takes a number from 1 to 1024");
    }

    const QString specPath = parser.positionalArguments().first();
    DiagnosticList specDiagnostics;
    std::optional<SweepSpec> spec = SpecReader(specPath, specDiagnostics).read();
    printDiagnostics(specDiagnostics);
    if (!spec)
        return ExitBadInput;

    std::vector<std::size_t> slice;
    for (std::size_t i = 0; i < spec->configs.size(); ++i) {
        if (shard.contains(i))
            slice.push_back(i);
    }

    const QString dbPath = parser.isSet(dbOption) ? parser.value(dbOption) : defaultRunStorePath();
    std::set<std::string> storedUuids;
    std::optional<RunStore> store;
    {
        DiagnosticList d;
        if (parser.isSet(listOption)) {
            if (QFileInfo::exists(dbPath))
                store = RunStore::open(dbPath, OpenMode::ReadOnly, d);
        } else {
            store = RunStore::open(dbPath, OpenMode::ReadWrite, d);
        }
        if (store) {
            for (const RunSummary& s : store->list(RunFilter{}, d))
                storedUuids.insert(s.uuid);
        }
        printDiagnostics(d);
        if (d.hasErrors())
            return ExitBadInput;
    }

    if (parser.isSet(listOption)) {
        QJsonArray list;
        for (std::size_t index : slice) {
            QJsonObject o = configJson(*spec, index);
            o["stored"] = storedUuids.count(spec->configs[index].uuid) > 0;
            list.append(o);
        }
        if (parser.isSet(jsonOption)) {
            printJson({{"sweep", spec->name},
                       {"configurations", static_cast<qint64>(spec->configs.size())},
                       {"shard", QString("%1/%2").arg(shard.index).arg(shard.count)},
                       {"slice", list}});
            return ExitOk;
        }
        for (const QJsonValue& v : list) {
            const QJsonObject o = v.toObject();
            out() << o["index"].toInteger() << "  " << o["model"].toString() << "  "
                  << configArchText(
                         spec->archs[spec->configs[static_cast<std::size_t>(o["index"].toInteger())]
                                         .arch])
                  << "  batch " << o["batch"].toInteger() << "  " << o["method"].toString() << "  "
                  << o["objective"].toString() << "  seed " << o["seed"].toInteger()
                  << (o["stored"].toBool() ? "  (stored)" : "") << '\n';
        }
        out() << slice.size() << " of " << spec->configs.size() << " configurations in shard "
              << shard.index << '/' << shard.count << '\n';
        out().flush();
        return ExitOk;
    }

    std::vector<std::size_t> todo;
    for (std::size_t index : slice) {
        if (!storedUuids.count(spec->configs[index].uuid))
            todo.push_back(index);
    }
    const std::size_t skipped = slice.size() - todo.size();

    // Workers: a pool of threads each running one configuration at a time single-threaded
    // (measured faster than one configuration at a time with a multi-threaded GA, see
    // docs/sweeps.md); one writer (this thread) stores results as they arrive.
    const std::size_t workerCount = static_cast<std::size_t>(
        std::min<std::int64_t>(jobs, static_cast<std::int64_t>(todo.size())));
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Finished> finished;
    std::size_t workersDone = 0;
    std::atomic<bool> cancel{false};
    g_interrupted.store(false);
    const auto previousHandler = std::signal(SIGINT, onInterrupt);

    auto work = [&] {
        SearchControl control;
        control.cancel = &cancel;
        for (;;) {
            const std::size_t n = next.fetch_add(1);
            if (n >= todo.size() || cancel.load())
                break;
            const std::size_t index = todo[n];
            const SweepConfig& c = spec->configs[index];
            const SweepModel& model = spec->models[c.model];
            EstimatorOptions options;
            options.batchSize = c.batch;
            options.replicate = c.method.replicate;
            const Estimator estimator(*model.graph, spec->archs[c.arch].spec, options);
            RunMethod method = c.method;
            method.search->threads = workerCount > 1 ? 1 : 0;
            const RunOutcome outcome = evaluateRun(estimator, method, {}, control);
            if (outcome.cancelled)
                break;
            Finished f{index, makeRunRecord(model.identity, estimator, method, outcome)};
            f.record.uuid = c.uuid;
            f.record.tags = {"sweep:" + spec->name.toStdString()};
            std::lock_guard lock(mutex);
            finished.push_back(std::move(f));
            ready.notify_one();
        }
        std::lock_guard lock(mutex);
        ++workersDone;
        ready.notify_one();
    };
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < workerCount; ++i)
        workers.emplace_back(work);

    const bool showProgress = isatty(STDERR_FILENO) != 0;
    QElapsedTimer timer;
    timer.start();
    std::size_t stored = 0;
    std::size_t failed = 0;
    std::size_t alreadyStored = 0;
    bool storeFailed = false;
    for (;;) {
        std::unique_lock lock(mutex);
        ready.wait_for(lock, std::chrono::milliseconds(200),
                       [&] { return !finished.empty() || workersDone == workerCount; });
        std::deque<Finished> batch;
        batch.swap(finished);
        const bool allDone = workersDone == workerCount;
        lock.unlock();
        if (g_interrupted.load())
            cancel.store(true);
        for (Finished& f : batch) {
            DiagnosticList d;
            if (f.record.status == RunStatus::Failed)
                ++failed;
            if (store->insert(f.record, d).isValid()) {
                ++stored;
            } else if (DiagnosticList again; store->findByUuid(f.record.uuid, again)) {
                ++alreadyStored; // another process sweeping into the same database was first
            } else {
                if (showProgress)
                    err() << '\n';
                printDiagnostics(d);
                storeFailed = true;
                cancel.store(true);
            }
        }
        if (showProgress)
            drawProgress(stored, todo.size(), skipped, timer.elapsed());
        if (allDone && batch.empty())
            break;
    }
    for (std::thread& t : workers)
        t.join();
    std::signal(SIGINT, previousHandler);
    if (showProgress)
        err() << '\n';

    // The CSV covers the whole slice, runs from earlier (resumed) invocations included.
    std::map<std::string, RunRecord> runs;
    {
        DiagnosticList d;
        for (std::size_t index : slice) {
            const std::string& uuid = spec->configs[index].uuid;
            if (const auto id = store->findByUuid(uuid, d)) {
                if (auto r = store->run(*id, d))
                    runs.emplace(uuid, std::move(*r));
            }
        }
        printDiagnostics(d);
    }
    QString csvPath = parser.value(csvOption);
    if (csvPath.isEmpty()) {
        csvPath = QFileInfo(specPath).completeBaseName();
        if (parser.isSet(shardOption))
            csvPath += QString(".shard-%1-of-%2").arg(shard.index).arg(shard.count);
        csvPath += ".csv";
    }
    const bool csvWritten = writeCsv(csvPath, *spec, slice, runs);

    out() << "Sweep " << spec->name << ": " << slice.size() << " configuration(s)";
    if (shard.count > 1)
        out() << " in shard " << shard.index << '/' << shard.count << " of "
              << spec->configs.size();
    out() << "; " << stored << " run and stored, " << skipped + alreadyStored << " already stored";
    if (failed)
        out() << ", " << failed << " without a valid plan (status failed)";
    out() << ", " << QString::number(static_cast<double>(timer.elapsed()) / 1000.0, 'f', 1)
          << " s\n"
          << "Runs in " << dbPath << "; CSV in " << csvPath << '\n';
    out().flush();
    if (g_interrupted.load()) {
        err() << "sweep: interrupted; run the same command again to resume\n";
        err().flush();
        return 130;
    }
    return storeFailed || !csvWritten ? ExitBadInput : ExitOk;
}

} // namespace compass::cli
