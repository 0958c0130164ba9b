// SPDX-License-Identifier: MIT
#include "sweep_spec.h"

#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/onnx/import_options_json.h"
#include "core/pipeline/pipelines.h"
#include "core/problem/costing_options.h"
#include "core/search/objective.h"
#include "core/search/partition_search.h"
#include "core/search/search_options_json.h"
#include "core/support/diagnostics.h"
#include "core/support/file_hash.h"
#include "store/run_hashes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <map>
#include <set>

namespace compass::jobs {

namespace {

QString overrideValueText(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return value.toString();
}

/// Parses one spec object into a SweepSpec, step by step (fields, models, overrides, archs,
/// batches, search options); each step reports problems naming the JSON field.
class SpecReader
{
public:
    SpecReader(QString path, DiagnosticSink& diagnostics, PassInstrumentation* instrumentation)
        : m_path(std::move(path))
        , m_file(m_path.toStdString())
        , m_diagnostics(diagnostics)
        , m_instrumentation(instrumentation)
    {}

    std::optional<SweepSpec> read(const QJsonObject& root);

private:
    void error(const std::string& field, const std::string& message)
    {
        m_diagnostics.error(message, {m_file, {}, field, -1});
        m_ok = false;
    }
    void checkKnownFields(const QJsonObject& root);
    void readModels(const QJsonObject& root, SweepSpec& spec);
    /// The import options of `object` (the spec or one models[] entry) at `field`.
    std::optional<OnnxImportOptions> readImportOptions(const QJsonObject& object,
                                                       const std::string& field);
    std::vector<std::vector<std::string>> readOverrideSets(const QJsonObject& root);
    void readArchs(const QJsonObject& root, const std::vector<std::vector<std::string>>& sets,
                   SweepSpec& spec);
    /// methods, objectives, seeds, ga (core's search-options reader) and replicate.
    void readSearchOptionFields(const QJsonObject& root, SweepSpec& spec);

    std::vector<QString> stringList(const QJsonObject& root, const char* field, bool required,
                                    const QString& fallback);
    /// A list of values of one search option ("methods": ["greedy", "ga"] for "method"), each
    /// read by core's search-options parser; `fallback` when the field is absent.
    template <typename T>
    std::vector<T> optionList(const QJsonObject& root, const char* field, const QString& fallback,
                              std::string_view option, T SearchOptions::*member);
    std::vector<std::int64_t> integerList(const QJsonObject& root, const char* field,
                                          std::int64_t lo, std::int64_t hi, std::int64_t fallback);
    /// A path in the spec is relative to the spec's folder; a name is a bundled model/preset.
    QString resolveRelative(const QString& entry) const;

    QString m_path;
    std::string m_file;
    DiagnosticSink& m_diagnostics;
    PassInstrumentation* m_instrumentation;
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

template <typename T>
std::vector<T> SpecReader::optionList(const QJsonObject& root, const char* field,
                                      const QString& fallback, std::string_view option,
                                      T SearchOptions::*member)
{
    std::vector<T> values;
    const std::vector<QString> names = stringList(root, field, false, fallback);
    for (std::size_t i = 0; i < names.size(); ++i) {
        SearchOptions probe;
        const SourceLocation where{
            m_file, {}, std::string(field) + "[" + std::to_string(i) + "]", -1};
        if (setSearchOptionFromText(probe, option, names[i].toStdString(), m_diagnostics, where))
            values.push_back(probe.*member);
        else
            m_ok = false;
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

QString SpecReader::resolveRelative(const QString& entry) const
{
    if (QFileInfo(entry).isAbsolute())
        return entry;
    const QString besideSpec = QFileInfo(m_path).dir().filePath(entry);
    return QFileInfo::exists(besideSpec) ? besideSpec : entry;
}

void SpecReader::checkKnownFields(const QJsonObject& root)
{
    static const std::set<QString> kKnown{
        "name",       "models", "archs", "set",       "batches",      "methods",
        "objectives", "seeds",  "ga",    "replicate", "input_shapes", "weights_from_inputs"};
    for (const QString& key : root.keys()) {
        if (!kKnown.count(key)) {
            error(key.toStdString(), "unknown field (known: name, models, archs, set, batches, "
                                     "methods, objectives, seeds, ga, replicate, input_shapes, "
                                     "weights_from_inputs)");
        }
    }
}

std::optional<OnnxImportOptions> SpecReader::readImportOptions(const QJsonObject& object,
                                                               const std::string& field)
{
    // Core's import-options reader, as project files and stored runs use it.
    std::optional<OnnxImportOptions> options =
        importOptionsFromJson(object, fieldAt(m_file, field), m_diagnostics);
    if (!options)
        m_ok = false;
    return options;
}

void SpecReader::readModels(const QJsonObject& root, SweepSpec& spec)
{
    // Import options for every model ("input_shapes", "weights_from_inputs" at the top); a
    // model entry written as an object gives its own, over these.
    const OnnxImportOptions global = readImportOptions(root, {}).value_or(OnnxImportOptions{});
    if (!root.contains("models")) {
        error("models", "is required (a list of names or files)");
        return;
    }
    const QJsonValue value = root.value("models");
    const QJsonArray entries = value.isString() ? QJsonArray{value} : value.toArray();
    if ((!value.isArray() && !value.isString()) || entries.isEmpty()) {
        error("models", "must be a non-empty list of names, files or {\"model\": ...} objects");
        return;
    }
    // Import each once (this also checks the file now, not in the middle of a sweep).
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const std::string field = "models[" + std::to_string(i) + "]";
        QString model;
        OnnxImportOptions options = global;
        if (entries[i].isObject()) {
            const QJsonObject entry = entries[i].toObject();
            for (const QString& key : entry.keys()) {
                if (key != "model" && key != "input_shapes" && key != "weights_from_inputs")
                    error(field + "." + key.toStdString(),
                          "unknown field (known: model, input_shapes, weights_from_inputs)");
            }
            model = entry.value("model").toString();
            if (model.isEmpty()) {
                error(field + ".model", "is required: a bundled network name or an ONNX file");
                continue;
            }
            const std::optional<OnnxImportOptions> own = readImportOptions(entry, field);
            if (!own)
                continue;
            for (const auto& [name, dims] : own->inputShapes)
                options.inputShapes[name] = dims;
            if (entry.contains("weights_from_inputs"))
                options.weightsFromInputs = own->weightsFromInputs;
        } else if (entries[i].isString() && !entries[i].toString().isEmpty()) {
            model = entries[i].toString();
        } else {
            error(field, "must be a non-empty string or an object {\"model\": ...}");
            continue;
        }
        DiagnosticList d;
        std::optional<ModelIdentity> identity = identifyModel(resolveRelative(model), options, d);
        std::shared_ptr<const Graph> graph;
        if (identity)
            graph = importModel(identity->path, d, m_instrumentation, options);
        for (const Diagnostic& diagnostic : d.all()) {
            if (diagnostic.severity == Severity::Error)
                error(field, "'" + model.toStdString() + "': " + formatDiagnostic(diagnostic));
        }
        if (graph)
            spec.models.push_back({*identity, std::move(graph)});
    }
}

std::vector<std::vector<std::string>> SpecReader::readOverrideSets(const QJsonObject& root)
{
    // {"KEY": [v1, v2], ...}; the cross product of every key's values.
    std::vector<std::vector<std::string>> overrideSets{{}};
    if (!root.contains("set"))
        return overrideSets;
    if (!root.value("set").isObject()) {
        error("set", "must be an object of KEY: [values] (keys as in 'compass arch fields')");
        return overrideSets;
    }
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
            const std::string field = "set." + key.toStdString() + "[" + std::to_string(j) + "]";
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
    return overrideSets;
}

void SpecReader::readArchs(const QJsonObject& root,
                           const std::vector<std::vector<std::string>>& overrideSets,
                           SweepSpec& spec)
{
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
            SweepArch entry = SweepArch::fromSpec(*arch, archs[i]);
            entry.overrides = overrides;
            spec.archs.push_back(std::move(entry));
        }
    }
}

void SpecReader::readSearchOptionFields(const QJsonObject& root, SweepSpec& spec)
{
    spec.seeds.clear();
    for (std::int64_t seed : integerList(root, "seeds", 0, std::int64_t{1} << 53, 1))
        spec.seeds.push_back(static_cast<std::uint64_t>(seed));
    spec.methods = optionList(root, "methods", "ga", "method", &SearchOptions::method);
    spec.objectives =
        optionList(root, "objectives", "latency", "objective", &SearchOptions::objective);
    if (root.contains("ga")) {
        // Core's search-options reader, as run records use it: {"ga": {...}} names errors
        // "ga.elite", "ga.init", ... and checks elite < population.
        SearchOptions probe;
        if (readSearchOptionsJson(QJsonObject{{"ga", root.value("ga")}}, probe, m_diagnostics,
                                  {m_file, {}, {}, -1}))
            spec.genetic = probe.genetic;
        else
            m_ok = false;
    }
    if (root.contains("replicate")) {
        if (!root.value("replicate").isBool())
            error("replicate", "must be true or false");
        spec.replicate = root.value("replicate").toBool(true);
    }
}

std::optional<SweepSpec> SpecReader::read(const QJsonObject& root)
{
    checkKnownFields(root);
    SweepSpec spec;
    spec.name = root.value("name").toString(QFileInfo(m_path).completeBaseName());
    if (root.contains("name") && !root.value("name").isString())
        error("name", "must be a string");
    readModels(root, spec);
    const std::vector<std::vector<std::string>> overrideSets = readOverrideSets(root);
    readArchs(root, overrideSets, spec);
    spec.batches = integerList(root, "batches", 1, kMaxBatchSize, 1);
    readSearchOptionFields(root, spec);
    if (!m_ok)
        return std::nullopt;
    return spec;
}

/// The import options' part of a configuration key: empty for the default, so the keys (and
/// run uuids) of sweeps without import options stay what they were.
std::string importKey(const OnnxImportOptions& options)
{
    if (options.isDefault())
        return {};
    return ";import=" +
           QJsonDocument(importOptionsToJson(options)).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

SweepArch SweepArch::fromSpec(const ArchSpec& spec, const QString& source)
{
    return {source, {}, spec, archSpecHash(archSpecToJson(spec))};
}

QString SweepArch::describe() const
{
    QString text = QString::fromStdString(spec.name);
    for (const std::string& o : overrides)
        text += " " + QString::fromStdString(o);
    return text;
}

std::vector<std::size_t> Sweep::allIndices() const
{
    std::vector<std::size_t> indices(configs.size());
    for (std::size_t i = 0; i < indices.size(); ++i)
        indices[i] = i;
    return indices;
}

std::optional<Sweep> readSweep(const QString& specPath, DiagnosticSink& diagnostics,
                               PassInstrumentation* instrumentation)
{
    QFile file(specPath);
    if (!file.open(QIODevice::ReadOnly)) {
        diagnostics.error("cannot read the sweep spec: " + file.errorString().toStdString(),
                          {specPath.toStdString(), {}, {}, -1});
        return std::nullopt;
    }
    return parseSweep(file.readAll(), specPath, diagnostics, instrumentation);
}

std::optional<Sweep> parseSweep(const QByteArray& json, const QString& specPath,
                                DiagnosticSink& diagnostics, PassInstrumentation* instrumentation)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        diagnostics.error(parseError.error != QJsonParseError::NoError
                              ? "not valid JSON at byte " + std::to_string(parseError.offset) +
                                    ": " + parseError.errorString().toStdString()
                              : std::string("the spec must be a JSON object"),
                          {specPath.toStdString(), {}, {}, -1});
        return std::nullopt;
    }
    std::optional<SweepSpec> spec =
        SpecReader(specPath, diagnostics, instrumentation).read(doc.object());
    if (!spec)
        return std::nullopt;
    return expandSweep(std::move(*spec));
}

std::string sweepConfigKey(const std::string& modelSha256, const std::string& archHash,
                           std::int64_t batch, const RunMethod& method,
                           const OnnxImportOptions& importOptions)
{
    const SearchOptions& search = *method.search;
    const std::uint64_t seed = search.method == SearchMethod::Genetic ? search.seed : 0;
    return "model=" + modelSha256 + ";arch=" + archHash + ";batch=" + std::to_string(batch) +
           ";method=" + searchMethodName(search.method) +
           ";objective=" + objectiveName(search.objective) + ";seed=" + std::to_string(seed) +
           ";options=" + runOptionsJson(method) + ";engine=" + runEngineName(method.engine) +
           importKey(importOptions);
}

std::string sweepRunUuid(const std::string& key)
{
    const std::string h = sha256Hex(QByteArray::fromStdString(key));
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20, 12);
}

Sweep expandSweep(SweepSpec spec)
{
    // The cross product. Only ga uses a seed: the other methods run once per point (seed 0).
    std::map<std::string, SweepConfig> byKey;
    for (std::size_t m = 0; m < spec.models.size(); ++m) {
        for (std::size_t a = 0; a < spec.archs.size(); ++a) {
            for (std::int64_t batch : spec.batches) {
                for (SearchMethod method : spec.methods) {
                    for (Objective objective : spec.objectives) {
                        const bool seeded = method == SearchMethod::Genetic;
                        for (std::uint64_t seed :
                             seeded ? spec.seeds : std::vector<std::uint64_t>{0}) {
                            SweepConfig c;
                            c.model = m;
                            c.arch = a;
                            c.batch = batch;
                            SearchOptions search;
                            search.method = method;
                            search.objective = objective;
                            search.seed = seed;
                            search.genetic = spec.genetic;
                            c.method.search = search;
                            c.method.replicate = spec.replicate;
                            c.key = sweepConfigKey(spec.models[m].identity.sha256,
                                                   spec.archs[a].hash, batch, c.method,
                                                   spec.models[m].identity.importOptions);
                            c.uuid = sweepRunUuid(c.key);
                            byKey.emplace(c.key, std::move(c));
                        }
                    }
                }
            }
        }
    }
    Sweep sweep{std::move(spec), {}};
    for (auto& [key, config] : byKey)
        sweep.configs.push_back(std::move(config));
    return sweep;
}

QJsonObject sweepConfigJson(const Sweep& sweep, std::size_t index)
{
    const SweepConfig& c = sweep.configs[index];
    QJsonArray overrides;
    for (const std::string& o : sweep.arch(c).overrides)
        overrides.append(QString::fromStdString(o));
    return {{"index", static_cast<qint64>(index)},
            {"key", QString::fromStdString(c.key)},
            {"uuid", QString::fromStdString(c.uuid)},
            {"model", QString::fromStdString(sweep.model(c).identity.name)},
            {"import_options", importOptionsToJson(sweep.model(c).identity.importOptions)},
            {"arch", QString::fromStdString(sweep.arch(c).spec.name)},
            {"set", overrides},
            {"batch", static_cast<qint64>(c.batch)},
            {"method", searchMethodName(c.method.search->method)},
            {"objective", objectiveName(c.method.search->objective)},
            {"seed", static_cast<qint64>(c.method.search->seed)}};
}

} // namespace compass::jobs
