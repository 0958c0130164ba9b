// SPDX-License-Identifier: MIT
#include "arch_presets.h"

#include "arch_fields.h"
#include "arch_internal.h"
#include "arch_json.h"
#include "arch_validation.h"
#include "core/support/resource_paths.h"

#include <QFile>
#include <QStandardPaths>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace compass {

namespace fs = std::filesystem;

namespace {

constexpr const char* kOverrideFile = "--set";
// Doubles at or beyond 2^63 do not convert to std::int64_t.
constexpr double kInt64Limit = 9223372036854775808.0;

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

/// Parses the whole of `text` as a double ("1e3", "+2.5", "inf", "nan"); nullopt otherwise.
std::optional<double> parseDouble(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    double value = 0.0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || result.ec != std::errc{} || result.ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + items[i];
    return out;
}

bool sameDiagnostic(const Diagnostic& a, const Diagnostic& b)
{
    return a.severity == b.severity && a.message == b.message &&
           a.location.path == b.location.path && a.location.file == b.location.file;
}

/// Forwards the diagnostics of re-validating a spec after --set overrides: drops those the file
/// already produced (its warnings) and labels those about overridden keys as coming from --set.
class OverrideLabellingSink final : public DiagnosticSink
{
public:
    OverrideLabellingSink(DiagnosticSink& inner, const std::set<std::string>& overridden,
                          const std::vector<Diagnostic>& alreadyReported)
        : m_inner(inner)
        , m_overridden(overridden)
        , m_alreadyReported(alreadyReported)
    {}
    void report(Diagnostic diagnostic) override
    {
        for (const Diagnostic& old : m_alreadyReported) {
            if (sameDiagnostic(old, diagnostic))
                return;
        }
        if (m_overridden.count(diagnostic.location.path))
            diagnostic.location.file = kOverrideFile;
        m_inner.report(std::move(diagnostic));
    }

private:
    DiagnosticSink& m_inner;
    const std::set<std::string>& m_overridden;
    const std::vector<Diagnostic>& m_alreadyReported;
};

} // namespace

fs::path archPresetDir()
{
    return resourceDir() / "arch";
}

fs::path userArchPresetDir()
{
    return fs::path(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                        .toStdString()) /
           "compass" / "arch";
}

std::vector<std::string> archPresetNames()
{
    std::vector<std::string> names;
    for (const fs::path& dir : {archPresetDir(), userArchPresetDir()}) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            if (entry.path().extension() == ".json")
                names.push_back(entry.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::optional<fs::path> archPresetPath(const std::string& name)
{
    if (name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
        return std::nullopt;
    for (const fs::path& dir : {archPresetDir(), userArchPresetDir()}) {
        std::error_code ec;
        const fs::path path = dir / (name + ".json");
        if (fs::is_regular_file(path, ec))
            return path;
    }
    return std::nullopt;
}

bool saveUserArchPreset(const ArchSpec& spec, DiagnosticSink& diagnostics)
{
    const std::string& name = spec.name;
    std::string problem;
    std::error_code ec;
    if (name.empty() || name == "custom")
        problem = "give the chip a name of its own to save it as a preset";
    else if (name.find_first_of("/\\") != std::string::npos || name.ends_with('*') ||
             name.front() == '.')
        problem = "'" + name + "' cannot be a file name (no /, \\, leading '.' or trailing '*')";
    else if (fs::is_regular_file(archPresetDir() / (name + ".json"), ec))
        problem = "'" + name + "' is a shipped preset; choose another name";
    if (!problem.empty()) {
        diagnostics.error(problem, fieldAt("", "name"));
        return false;
    }
    const fs::path dir = userArchPresetDir();
    fs::create_directories(dir, ec);
    const fs::path path = dir / (name + ".json");
    QFile file(QString::fromStdString(path.string()));
    const QByteArray json = QByteArray::fromStdString(archSpecToJson(spec) + "\n");
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size() ||
        !file.flush()) {
        diagnostics.error("cannot write the preset: " + file.errorString().toStdString(),
                          fieldAt(path.string(), ""));
        return false;
    }
    return true;
}

std::optional<ArchSpec> detail::loadArchSpecFileAtDepth(const fs::path& path,
                                                        DiagnosticSink& diagnostics, int depth)
{
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly)) {
        diagnostics.error("cannot read: " + file.errorString().toStdString(),
                          fieldAt(path.string(), ""));
        return std::nullopt;
    }
    return parseArchSpecAtDepth(file.readAll(), path.string(), diagnostics, depth);
}

std::optional<ArchSpec> loadArchSpecFile(const fs::path& path, DiagnosticSink& diagnostics)
{
    return detail::loadArchSpecFileAtDepth(path, diagnostics, 0);
}

bool setArchFieldText(ArchSpec& spec, const ArchField& field, std::string_view text,
                      const SourceLocation& location, DiagnosticSink& diagnostics)
{
    const std::string_view value = trimmed(text);
    ArchSpec changed = spec;
    const std::string unit = field.unit.empty() ? "" : " (" + std::string(field.unit) + ")";
    switch (field.type) {
    case ArchFieldType::Integer: {
        std::int64_t integer = 0;
        const auto result = std::from_chars(value.data(), value.data() + value.size(), integer);
        if (!value.empty() && result.ec == std::errc{} &&
            result.ptr == value.data() + value.size()) {
            changed.*field.integer = integer;
            break;
        }
        const std::optional<double> number = parseDouble(value);
        if (!number || (std::isfinite(*number) && std::floor(*number) != *number)) {
            diagnostics.error("expected an integer in " + archFieldRangeText(field) + unit +
                                  ", got '" + std::string(value) + "'",
                              location);
            return false;
        }
        if (std::fabs(*number) < kInt64Limit) { // "1e5": a whole number written as a double
            changed.*field.integer = static_cast<std::int64_t>(*number);
            break;
        }
        // Whole but not storable (1e30, inf): out of range.
        diagnostics.error(archRangeMessage(field, formatArchNumber(*number)), location);
        return false;
    }
    case ArchFieldType::Real: {
        const std::optional<double> number = parseDouble(value);
        if (!number) {
            diagnostics.error("expected a number in " + archFieldRangeText(field) + unit +
                                  ", got '" + std::string(value) + "'",
                              location);
            return false;
        }
        changed.*field.real = *number;
        break;
    }
    case ArchFieldType::Text:
        changed.*field.text = std::string(text);
        break;
    case ArchFieldType::Choice: {
        std::vector<std::string> choices;
        for (std::string_view choice : field.choices)
            choices.emplace_back(choice);
        const auto found = std::find(choices.begin(), choices.end(), std::string(value));
        if (found == choices.end()) {
            std::string message = "value '" + std::string(value) +
                                  "' is not allowed; allowed range: " + archFieldRangeText(field);
            if (const std::string guess = closestMatch(value, choices); !guess.empty())
                message += "; did you mean '" + guess + "'?";
            diagnostics.error(message, location);
            return false;
        }
        field.setChoiceIndex(changed, static_cast<int>(found - choices.begin()));
        break;
    }
    }
    if (!checkArchField(changed, field, location, diagnostics))
        return false;
    spec = std::move(changed);
    return true;
}

bool applyArchOverride(ArchSpec& spec, std::string_view keyEqualsValue, DiagnosticSink& diagnostics)
{
    const std::size_t equals = keyEqualsValue.find('=');
    if (equals == std::string_view::npos) {
        diagnostics.error("expected KEY=VALUE (e.g. dram.bandwidth_GBps=25.6), got '" +
                              std::string(keyEqualsValue) + "'",
                          fieldAt(kOverrideFile, ""));
        return false;
    }
    const std::string key(trimmed(keyEqualsValue.substr(0, equals)));
    const SourceLocation location = fieldAt(kOverrideFile, key);
    const ArchField* field = findArchField(key);
    if (!field) {
        std::string message = "unknown key '" + key + "'";
        if (const std::string guess = suggestArchKey(key); !guess.empty() && findArchField(guess))
            message += "; did you mean '" + guess + "'?";
        else
            message += " (`compass arch fields` lists the keys)";
        diagnostics.error(message, location);
        return false;
    }
    return setArchFieldText(spec, *field, keyEqualsValue.substr(equals + 1), location, diagnostics);
}

std::optional<ArchSpec> loadArchSpec(const std::string& presetNameOrPath,
                                     const std::vector<std::string>& setOverrides,
                                     DiagnosticSink& diagnostics)
{
    detail::CountingSink sink(diagnostics);
    DiagnosticList fileDiagnostics;
    std::optional<ArchSpec> spec;
    std::string file = presetNameOrPath;
    std::error_code ec;
    if (fs::is_regular_file(presetNameOrPath, ec)) {
        spec = loadArchSpecFile(presetNameOrPath, fileDiagnostics);
    } else if (const auto preset = archPresetPath(presetNameOrPath)) {
        file = preset->string();
        spec = loadArchSpecFile(*preset, fileDiagnostics);
    } else {
        const std::vector<std::string> presets = archPresetNames();
        std::string message =
            "no such file, and no preset of that name (presets: " + joined(presets) + ")";
        if (const std::string guess = closestMatch(presetNameOrPath, presets); !guess.empty())
            message += "; did you mean '" + guess + "'?";
        sink.error(message, fieldAt(presetNameOrPath, ""));
    }
    for (const Diagnostic& d : fileDiagnostics.all())
        sink.report(d);

    // Check every override even when the file failed, so that one run shows every problem.
    ArchSpec result = spec.value_or(ArchSpec{});
    std::set<std::string> overridden;
    for (const std::string& assignment : setOverrides) {
        if (applyArchOverride(result, assignment, sink)) {
            const std::size_t equals = assignment.find('=');
            overridden.insert(std::string(trimmed(std::string_view(assignment).substr(0, equals))));
        }
    }
    if (!spec)
        return std::nullopt;
    if (!overridden.empty()) {
        OverrideLabellingSink labelled(sink, overridden, fileDiagnostics.all());
        validateArchSpec(result, file, labelled);
    }
    if (sink.errors() > 0)
        return std::nullopt;
    return result;
}

std::string ArchVariant::displayName() const
{
    return isModified() ? name + "*" : name;
}

std::string ArchVariant::changesText() const
{
    return joined(changes);
}

std::string ArchVariant::summary() const
{
    return isModified() ? name + " with " + changesText() : name;
}

ArchVariant ArchVariant::fromStored(const std::string& displayName, const std::string& changesText)
{
    ArchVariant variant;
    variant.name = displayName;
    if (changesText.empty())
        return variant;
    if (variant.name.ends_with('*'))
        variant.name.pop_back();
    // Values are numbers or choice names (name and description are never compared): no ", ".
    std::size_t start = 0;
    while (start <= changesText.size()) {
        const std::size_t end = std::min(changesText.find(", ", start), changesText.size());
        variant.changes.push_back(changesText.substr(start, end - start));
        start = end + 2;
    }
    return variant;
}

ArchVariant archVariant(const ArchSpec& spec)
{
    ArchVariant variant;
    variant.name = spec.name;
    const std::optional<fs::path> path = archPresetPath(spec.name);
    if (!path)
        return variant;
    DiagnosticList ignored;
    const std::optional<ArchSpec> preset = loadArchSpecFile(*path, ignored);
    if (!preset)
        return variant;
    for (const ArchField& field : archFields()) {
        if (field.key == "name" || field.key == "description")
            continue;
        const std::string value = archFieldValueText(spec, field);
        if (value != archFieldValueText(*preset, field))
            variant.changes.push_back(std::string(field.key) + "=" + value);
    }
    return variant;
}

} // namespace compass
