// SPDX-License-Identifier: MIT
// The project file (docs/projects.md): JSON read with QJsonDocument, the chip by the arch
// reader, the optimiser options by the search-options reader; written in a fixed key order.
#include "core/project/project_file.h"

#include "core/arch/arch_json.h"
#include "core/onnx/import_options_json.h"
#include "core/problem/costing_options.h"
#include "core/search/search_options_json.h"
#include "core/support/diagnostics.h"
#include "core/support/file_hash.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSaveFile>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <system_error>

namespace compass {

namespace {

namespace fs = std::filesystem;

constexpr const char* kFormatName = "compass-project";

/// Integers beyond 2^53 are not exact in a JSON number (a double).
constexpr double kMaxExactJsonInteger = 9007199254740992.0;

std::string joinPath(const std::string& parent, const std::string& key)
{
    return parent.empty() ? key : parent + "." + key;
}

std::string indexPath(const std::string& array, std::size_t index)
{
    return array + "[" + std::to_string(index) + "]";
}

/// Passes diagnostics on with `prefix` put before their JSON path, and counts the errors: the
/// chip spec's "dram.bandwidth_GBps" is the project's "chip.spec.dram.bandwidth_GBps".
class PrefixingSink final : public DiagnosticSink
{
public:
    PrefixingSink(DiagnosticSink& inner, std::string prefix)
        : m_inner(inner)
        , m_prefix(std::move(prefix))
    {}

    void report(Diagnostic diagnostic) override
    {
        if (diagnostic.severity == Severity::Error)
            ++m_errors;
        diagnostic.location.path = joinPath(m_prefix, diagnostic.location.path);
        m_inner.report(std::move(diagnostic));
    }

    std::size_t errors() const { return m_errors; }

private:
    DiagnosticSink& m_inner;
    std::string m_prefix;
    std::size_t m_errors = 0;
};

/// Reads the fields of one project document, reporting every problem with the file and the
/// field's JSON path; ok() is false after any error.
class ProjectReader
{
public:
    ProjectReader(std::string file, DiagnosticSink& diagnostics)
        : m_file(std::move(file))
        , m_diagnostics(diagnostics)
    {}

    bool ok() const { return m_errors == 0; }
    const std::string& file() const { return m_file; }
    DiagnosticSink& sink() { return m_diagnostics; }

    void error(const std::string& path, const std::string& message)
    {
        ++m_errors;
        m_diagnostics.error(message, location(path));
    }
    void warning(const std::string& path, const std::string& message)
    {
        m_diagnostics.warning(message, location(path));
    }
    void countErrors(std::size_t errors) { m_errors += errors; }

    SourceLocation location(const std::string& path) const
    {
        SourceLocation where;
        where.file = m_file;
        where.path = path;
        return where;
    }

    /// The member `key` of `object` (at `parent`), or nullopt: reported when `required`.
    std::optional<QJsonValue> member(const QJsonObject& object, const std::string& parent,
                                     const char* key, bool required, const char* expected)
    {
        const auto it = object.constFind(QLatin1String(key));
        if (it == object.constEnd()) {
            if (required)
                error(joinPath(parent, key), std::string("missing: expected ") + expected);
            return std::nullopt;
        }
        return it.value();
    }

    std::optional<QJsonObject> object(const QJsonObject& parent, const std::string& parentPath,
                                      const char* key, bool required)
    {
        const auto value = member(parent, parentPath, key, required, "an object");
        if (!value)
            return std::nullopt;
        if (!value->isObject()) {
            error(joinPath(parentPath, key),
                  "expected an object, got " + describeJsonValue(*value));
            return std::nullopt;
        }
        return value->toObject();
    }

    std::optional<std::string> string(const QJsonObject& parent, const std::string& parentPath,
                                      const char* key, bool required)
    {
        const auto value = member(parent, parentPath, key, required, "a string");
        if (!value)
            return std::nullopt;
        if (!value->isString()) {
            error(joinPath(parentPath, key), "expected a string, got " + describeJsonValue(*value));
            return std::nullopt;
        }
        return value->toString().toStdString();
    }

    std::optional<bool> boolean(const QJsonObject& parent, const std::string& parentPath,
                                const char* key, bool required)
    {
        const auto value = member(parent, parentPath, key, required, "true or false");
        if (!value)
            return std::nullopt;
        if (!value->isBool()) {
            error(joinPath(parentPath, key),
                  "expected true or false, got " + describeJsonValue(*value));
            return std::nullopt;
        }
        return value->toBool();
    }

    /// A whole number in [lo, hi] at `path`; `what` names the range in the message.
    std::optional<std::int64_t> integer(const QJsonValue& value, const std::string& path,
                                        std::int64_t lo, std::int64_t hi)
    {
        const std::string range =
            "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
        const double v = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!value.isDouble() || !std::isfinite(v) || v != std::floor(v) ||
            std::fabs(v) > kMaxExactJsonInteger) {
            error(path, "expected " + range + ", got " + describeJsonValue(value));
            return std::nullopt;
        }
        const auto number = static_cast<std::int64_t>(v);
        if (number < lo || number > hi) {
            error(path, "must be " + range + ", got " + std::to_string(number));
            return std::nullopt;
        }
        return number;
    }

    std::optional<std::int64_t> integer(const QJsonObject& parent, const std::string& parentPath,
                                        const char* key, bool required, std::int64_t lo,
                                        std::int64_t hi)
    {
        const auto value = member(parent, parentPath, key, required, "an integer");
        if (!value)
            return std::nullopt;
        return integer(*value, joinPath(parentPath, key), lo, hi);
    }

    /// Warns about the keys of `object` that are not in `known` (a newer COMPASS may add
    /// fields without changing the version: they are ignored, not refused).
    void unknownKeys(const QJsonObject& object, const std::string& path,
                     std::initializer_list<const char*> known)
    {
        std::string list;
        for (const char* k : known)
            list += (list.empty() ? "" : ", ") + std::string(k);
        for (auto it = object.begin(); it != object.end(); ++it) {
            const std::string key = it.key().toStdString();
            if (std::find(known.begin(), known.end(), key) == known.end())
                warning(joinPath(path, key), "unknown field, ignored (known: " + list + ")");
        }
    }

private:
    std::string m_file;
    DiagnosticSink& m_diagnostics;
    std::size_t m_errors = 0;
};

bool isLowerHexSha256(const std::string& text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

void readModel(ProjectReader& r, const QJsonObject& root, ProjectFile& project)
{
    const auto model = r.object(root, "", "model", true);
    if (!model)
        return;
    if (auto path = r.string(*model, "model", "path", true))
        project.modelPath = *path;
    if (auto relative = r.string(*model, "model", "relative_path", false))
        project.modelRelativePath = *relative;
    if (model->contains("path") && project.modelPath.empty() && project.modelRelativePath.empty())
        r.error("model.path", "empty, and no model.relative_path: the project names no model");
    if (auto sha = r.string(*model, "model", "sha256", false)) {
        if (!sha->empty() && !isLowerHexSha256(*sha))
            r.error("model.sha256",
                    "expected 64 lower-case hex digits (or \"\" for none), got \"" + *sha + "\"");
        else
            project.modelSha256 = *sha;
    }
    // The import options' own reader (shared with stored runs and sweep specs).
    if (auto options = importOptionsFromJson(*model, r.location("model"), r.sink()))
        project.importOptions = std::move(*options);
    else
        r.countErrors(1);
    r.unknownKeys(*model, "model",
                  {"path", "relative_path", "sha256", "input_shapes", "weights_from_inputs"});
}

void readChip(ProjectReader& r, const QJsonObject& root, ProjectFile& project)
{
    const auto chip = r.object(root, "", "chip", true);
    if (!chip)
        return;
    if (auto preset = r.string(*chip, "chip", "preset", false))
        project.archPreset = *preset;
    if (auto spec = r.object(*chip, "chip", "spec", true)) {
        // The arch reader checks every field and the rules between them; its paths are put
        // under "chip.spec".
        PrefixingSink prefixed(r.sink(), "chip.spec");
        const std::optional<ArchSpec> arch =
            parseArchSpec(QJsonDocument(*spec).toJson(QJsonDocument::Compact), r.file(), prefixed);
        r.countErrors(prefixed.errors());
        if (arch)
            project.arch = *arch;
        else if (prefixed.errors() == 0)
            r.error("chip.spec", "not a valid chip");
    }
    r.unknownKeys(*chip, "chip", {"preset", "spec"});
}

void readPlan(ProjectReader& r, const QJsonObject& root, ProjectFile& project)
{
    const auto plan = r.object(root, "", "plan", true);
    if (!plan)
        return;
    const auto cuts = r.member(*plan, "plan", "cuts", true, "an array of unit positions");
    if (cuts && !cuts->isArray()) {
        r.error("plan.cuts",
                "expected an array of unit positions, got " + describeJsonValue(*cuts));
    } else if (cuts) {
        const QJsonArray array = cuts->toArray();
        std::optional<std::int64_t> previous;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const std::string path = indexPath("plan.cuts", static_cast<std::size_t>(i));
            const QJsonValue& value = array[i];
            const double v = value.toDouble(std::numeric_limits<double>::quiet_NaN());
            if (value.isDouble() && v < 0.0 && v == std::floor(v)) {
                r.error(path, "a cut is a unit position and cannot be negative, got " +
                                  describeJsonValue(value));
                continue;
            }
            const auto cut = r.integer(value, path, 0, std::numeric_limits<std::int32_t>::max());
            if (!cut)
                continue;
            if (previous && *cut <= *previous)
                r.error(path, "cuts must be strictly increasing: " + std::to_string(*cut) +
                                  " follows " + std::to_string(*previous));
            previous = *cut;
            project.innerCuts.push_back(static_cast<std::int32_t>(*cut));
        }
    }
    r.unknownKeys(*plan, "plan", {"cuts"});
}

void readOptimiser(ProjectReader& r, const QJsonObject& root, ProjectFile& project)
{
    const auto optimiser = r.object(root, "", "optimiser", false);
    if (!optimiser)
        return;
    PrefixingSink counted(r.sink(), "");
    readSearchOptionsJson(*optimiser, project.search, counted, r.location("optimiser"));
    r.countErrors(counted.errors());
}

/// The view is the explorer's: unknown keys are ignored (a newer explorer may show more).
void readView(ProjectReader& r, const QJsonObject& root, ProjectFile& project)
{
    const auto view = r.object(root, "", "view", false);
    if (!view)
        return;
    ProjectViewState& v = project.view;
    const std::pair<const char*, bool*> flags[] = {{"left_to_right", &v.leftToRight},
                                                   {"show_overview", &v.showOverview},
                                                   {"strip_by_latency", &v.stripByLatency},
                                                   {"full_names", &v.fullNames},
                                                   {"edge_shapes", &v.edgeShapes}};
    for (const auto& [key, member] : flags) {
        if (auto value = r.boolean(*view, "view", key, false))
            *member = *value;
    }
    if (auto selected = r.string(*view, "view", "selected_node", false))
        v.selectedNode = *selected;
}

// ---- writing ----------------------------------------------------------------------------

std::string pad(int depth)
{
    return std::string(static_cast<std::size_t>(depth) * 2, ' ');
}

/// A JSON scalar (string, number, bool) as QJsonDocument writes it.
std::string scalarText(const QJsonValue& value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2).toStdString(); // without the array's brackets
}

std::string keyText(const std::string& key)
{
    return scalarText(QString::fromStdString(key));
}

/// Any JSON value at nesting `depth`: objects one member a line (QJsonObject's sorted order),
/// arrays of scalars on one line.
std::string valueText(const QJsonValue& value, int depth)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty())
            return "{}";
        std::string out = "{";
        for (auto it = object.begin(); it != object.end(); ++it) {
            out += (it == object.begin() ? "\n" : ",\n") + pad(depth + 1) +
                   keyText(it.key().toStdString()) + ": " + valueText(it.value(), depth + 1);
        }
        return out + "\n" + pad(depth) + "}";
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        const bool flat = std::none_of(array.begin(), array.end(), [](const QJsonValue& v) {
            return v.isArray() || v.isObject();
        });
        std::string out = "[";
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (flat)
                out += (i == 0 ? "" : ", ") + valueText(array[i], depth + 1);
            else
                out += (i == 0 ? "\n" : ",\n") + pad(depth + 1) + valueText(array[i], depth + 1);
        }
        return out + (flat || array.isEmpty() ? "]" : "\n" + pad(depth) + "]");
    }
    return scalarText(value);
}

/// An object whose members come in the given order; each value is already text at `depth + 1`.
std::string orderedObject(const std::vector<std::pair<std::string, std::string>>& members,
                          int depth)
{
    std::string out = "{";
    for (std::size_t i = 0; i < members.size(); ++i) {
        out += (i == 0 ? "\n" : ",\n") + pad(depth + 1) + keyText(members[i].first) + ": " +
               members[i].second;
    }
    return out + "\n" + pad(depth) + "}";
}

/// The optimiser options in the order of searchOptionFields() (method, objective, seed, the
/// "ga" object, ...), each object's members too, rather than QJsonObject's sorted order.
std::string searchOptionsText(const SearchOptions& options, int depth)
{
    const QJsonObject json = searchOptionsToJson(options, SearchOptionsScope::All);
    const QJsonObject ga = json.value("ga").toObject();
    std::vector<std::pair<std::string, std::string>> members;
    std::vector<std::pair<std::string, std::string>> gaMembers;
    std::vector<QString> written;
    for (const SearchOptionField& field : searchOptionFields()) {
        const std::string path(field.path);
        if (path.starts_with("ga.")) {
            const QString leaf = QString::fromStdString(path.substr(3));
            if (gaMembers.empty() && json.contains("ga"))
                members.emplace_back("ga", std::string()); // filled in below
            if (ga.contains(leaf))
                gaMembers.emplace_back(leaf.toStdString(), valueText(ga.value(leaf), depth + 2));
            continue;
        }
        const QString key = QString::fromStdString(path);
        if (json.contains(key)) {
            members.emplace_back(path, valueText(json.value(key), depth + 1));
            written.push_back(key);
        }
    }
    written.push_back("ga");
    for (auto it = json.begin(); it != json.end(); ++it) { // a field the table does not list
        if (std::find(written.begin(), written.end(), it.key()) == written.end())
            members.emplace_back(it.key().toStdString(), valueText(it.value(), depth + 1));
    }
    for (auto& [key, text] : members) {
        if (key == "ga")
            text = gaMembers.empty() ? std::string("{}") : orderedObject(gaMembers, depth + 1);
    }
    return orderedObject(members, depth);
}

/// archSpecToJson's text (two-space indent, archFields() order) nested at `depth`.
std::string nestedArchSpec(const ArchSpec& spec, int depth)
{
    std::string text = archSpecToJson(spec);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n')
            out += pad(depth);
    }
    return out;
}

std::string lowerCase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// Whether `path` holds a project this build must not replace (a newer version); the reason
/// in `version`.
bool holdsNewerProject(const fs::path& path, int& version)
{
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    if (root.value("format").toString() != QLatin1String(kFormatName))
        return false;
    const double v = root.value("version").toDouble(0.0);
    if (v <= ProjectFile::kVersion)
        return false;
    version = v > 1e9 ? 1000000000 : static_cast<int>(v);
    return true;
}

} // namespace

QByteArray projectToJson(const ProjectFile& project)
{
    const QJsonObject shapes =
        importOptionsToJson(project.importOptions).value("input_shapes").toObject();
    const auto str = [](const std::string& text) {
        return scalarText(QString::fromStdString(text));
    };
    const auto flag = [](bool value) { return std::string(value ? "true" : "false"); };

    QJsonArray cuts;
    for (std::int32_t c : project.innerCuts)
        cuts.append(c);
    const ProjectViewState& v = project.view;
    const std::string text = orderedObject(
        {
            {"format", str(kFormatName)},
            {"version", std::to_string(ProjectFile::kVersion)},
            {"model",
             orderedObject({{"path", str(project.modelPath)},
                            {"relative_path", str(project.modelRelativePath)},
                            {"sha256", str(project.modelSha256)},
                            {"input_shapes", valueText(shapes, 2)},
                            {"weights_from_inputs", flag(project.importOptions.weightsFromInputs)}},
                           1)},
            {"chip", orderedObject({{"preset", str(project.archPreset)},
                                    {"spec", nestedArchSpec(project.arch, 2)}},
                                   1)},
            {"batch", std::to_string(project.batch)},
            {"plan", orderedObject({{"cuts", valueText(cuts, 2)}}, 1)},
            {"optimiser", searchOptionsText(project.search, 1)},
            {"view", orderedObject({{"left_to_right", flag(v.leftToRight)},
                                    {"show_overview", flag(v.showOverview)},
                                    {"strip_by_latency", flag(v.stripByLatency)},
                                    {"full_names", flag(v.fullNames)},
                                    {"edge_shapes", flag(v.edgeShapes)},
                                    {"selected_node", str(v.selectedNode)}},
                                   1)},
        },
        0);
    return QByteArray::fromStdString(text + "\n");
}

std::optional<ProjectFile> parseProject(const QByteArray& json, const std::string& fileName,
                                        DiagnosticSink& diagnostics)
{
    ProjectReader r(fileName, diagnostics);
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const qsizetype offset = std::clamp<qsizetype>(parseError.offset, 0, json.size());
        const qsizetype lineStart = json.lastIndexOf('\n', offset - 1) + 1;
        const qsizetype line = json.left(offset).count('\n') + 1;
        std::string message = "not valid JSON: " + parseError.errorString().toStdString() +
                              " at line " + std::to_string(line) + ", column " +
                              std::to_string(offset - lineStart + 1);
        if (json.trimmed().isEmpty())
            message = "empty file: not a project";
        else if (offset >= json.trimmed().size())
            message += " (the file ends early: truncated?)";
        r.error("", message);
        return std::nullopt;
    }
    if (!document.isObject()) {
        r.error("", "not a project: the top level must be a JSON object, got an array");
        return std::nullopt;
    }
    const QJsonObject root = document.object();

    // Format and version first: a file that is not a project, or is a newer one, is refused
    // without judging its other fields.
    const auto format = r.member(root, "", "format", false, "");
    if (!format) {
        r.error("format", std::string("missing: not a COMPASS project (expected \"format\": \"") +
                              kFormatName + "\")");
        return std::nullopt;
    }
    if (!format->isString() || format->toString() != QLatin1String(kFormatName)) {
        r.error("format", "not a COMPASS project: expected \"" + std::string(kFormatName) +
                              "\", got " + describeJsonValue(*format));
        return std::nullopt;
    }
    const auto versionValue = r.member(root, "", "version", true, "an integer");
    if (!versionValue)
        return std::nullopt;
    const auto version = r.integer(*versionValue, "version", 1, 1000000000);
    if (!version)
        return std::nullopt;
    if (*version > ProjectFile::kVersion) {
        r.error("version", "written by a newer COMPASS: version " + std::to_string(*version) +
                               ", this build reads version " +
                               std::to_string(ProjectFile::kVersion));
        return std::nullopt;
    }

    ProjectFile project;
    r.unknownKeys(root, "",
                  {"format", "version", "model", "chip", "batch", "plan", "optimiser", "view"});
    readModel(r, root, project);
    readChip(r, root, project);
    if (auto batch = r.integer(root, "", "batch", true, 1, kMaxBatchSize))
        project.batch = *batch;
    readPlan(r, root, project);
    readOptimiser(r, root, project);
    readView(r, root, project);
    if (!r.ok())
        return std::nullopt;
    return project;
}

std::optional<ProjectFile> readProjectFile(const fs::path& path, DiagnosticSink& diagnostics)
{
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly)) {
        diagnostics.error("cannot read the project: " + file.errorString().toStdString(),
                          {path.string(), {}, {}, -1});
        return std::nullopt;
    }
    return parseProject(file.readAll(), path.string(), diagnostics);
}

bool writeProjectFile(const fs::path& path, const ProjectFile& project, DiagnosticSink& diagnostics)
{
    const SourceLocation where{path.string(), {}, {}, -1};
    int newer = 0;
    if (holdsNewerProject(path, newer)) {
        diagnostics.error("not replaced: it holds a project of version " + std::to_string(newer) +
                              ", written by a newer COMPASS (this build writes version " +
                              std::to_string(ProjectFile::kVersion) + ")",
                          where);
        return false;
    }
    // What this build would refuse to read is not written.
    if (project.batch < 1 || project.batch > kMaxBatchSize) {
        diagnostics.error("not written: the batch size must be from 1 to " +
                              std::to_string(kMaxBatchSize) + ", got " +
                              std::to_string(project.batch),
                          {path.string(), {}, "batch", -1});
        return false;
    }
    for (std::size_t i = 0; i < project.innerCuts.size(); ++i) {
        if (project.innerCuts[i] < 0 ||
            (i > 0 && project.innerCuts[i] <= project.innerCuts[i - 1])) {
            diagnostics.error("not written: the cuts must be non-negative and strictly increasing",
                              {path.string(), {}, indexPath("plan.cuts", i), -1});
            return false;
        }
    }

    ProjectFile saved = project;
    std::error_code ec;
    if (!saved.modelPath.empty()) {
        const fs::path model = fs::absolute(saved.modelPath, ec).lexically_normal();
        const fs::path folder = fs::absolute(path, ec).parent_path().lexically_normal();
        saved.modelPath = model.string();
        saved.modelRelativePath = model.lexically_relative(folder).generic_string();
    }

    const QByteArray bytes = projectToJson(saved);
    QSaveFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly)) {
        diagnostics.error("cannot write the project: " + file.errorString().toStdString(), where);
        return false;
    }
    if (file.write(bytes) != bytes.size()) {
        const std::string reason = file.errorString().toStdString();
        file.cancelWriting();
        diagnostics.error("cannot write the project: " + reason, where);
        return false;
    }
    if (!file.commit()) {
        diagnostics.error("cannot write the project: " + file.errorString().toStdString(), where);
        return false;
    }
    return true;
}

std::vector<fs::path> projectModelCandidates(const ProjectFile& project,
                                             const fs::path& projectPath)
{
    std::error_code ec;
    const fs::path folder = fs::absolute(projectPath, ec).parent_path();
    std::vector<fs::path> candidates;
    const auto add = [&](const fs::path& candidate) {
        const fs::path normal = candidate.lexically_normal();
        if (std::find(candidates.begin(), candidates.end(), normal) == candidates.end())
            candidates.push_back(normal);
    };
    if (!project.modelPath.empty()) {
        const fs::path saved(project.modelPath);
        add(saved.is_absolute() ? saved : folder / saved);
    }
    if (!project.modelRelativePath.empty())
        add(folder / fs::path(project.modelRelativePath));
    return candidates;
}

ProjectModelLocation locateProjectModel(const ProjectFile& project, const fs::path& projectPath)
{
    ProjectModelLocation location;
    for (const fs::path& candidate : projectModelCandidates(project, projectPath)) {
        std::error_code ec;
        if (!fs::is_regular_file(candidate, ec))
            continue;
        location.path = candidate;
        DiagnosticList ignored; // an unreadable file has no hash: it cannot match
        location.sha256 = fileSha256Hex(QString::fromStdString(candidate.string()), ignored)
                              .value_or(std::string());
        location.status = project.modelSha256.empty() || location.sha256 == project.modelSha256
                              ? ProjectModelLocation::Status::Found
                              : ProjectModelLocation::Status::Changed;
        return location;
    }
    return location;
}

bool isProjectPath(const fs::path& path)
{
    return lowerCase(path.extension().string()) == kProjectSuffix;
}

} // namespace compass
