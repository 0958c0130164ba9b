// SPDX-License-Identifier: MIT
#include "arch_json.h"

#include "arch_fields.h"
#include "arch_internal.h"
#include "arch_presets.h"
#include "arch_validation.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace compass {

namespace {

namespace fs = std::filesystem;

// Doubles at or beyond 2^63 do not convert to std::int64_t.
constexpr double kInt64Limit = 9223372036854775808.0;

std::string quoted(const QString& text)
{
    return "\"" + text.toStdString() + "\"";
}

std::string expectation(const ArchField& field)
{
    std::string unit = field.unit.empty() ? "" : " (" + std::string(field.unit) + ")";
    switch (field.type) {
    case ArchFieldType::Integer:
        return "an integer in " + archFieldRangeText(field) + unit;
    case ArchFieldType::Real:
        return "a number in " + archFieldRangeText(field) + unit;
    case ArchFieldType::Text:
        return "a string";
    case ArchFieldType::Choice:
        return "a string, " + archFieldRangeText(field);
    }
    return {};
}

void typeError(const ArchField& field, const QJsonValue& value, const SourceLocation& location,
               DiagnosticSink& diagnostics)
{
    diagnostics.error("expected " + expectation(field) + ", got " + describeJsonValue(value),
                      location);
}

/// Stores one JSON value in `spec` when its type fits the field; ranges are checked later by
/// validateArchSpec, except for integers too large to store at all.
void readField(ArchSpec& spec, const ArchField& field, const QJsonValue& value,
               const SourceLocation& location, DiagnosticSink& diagnostics)
{
    switch (field.type) {
    case ArchFieldType::Integer: {
        if (!value.isDouble())
            return typeError(field, value, location, diagnostics);
        const double number = value.toDouble();
        if (std::floor(number) != number)
            return typeError(field, value, location, diagnostics);
        if (std::fabs(number) >= kInt64Limit) {
            diagnostics.error(archRangeMessage(field, formatArchNumber(number)), location);
            return;
        }
        spec.*field.integer = static_cast<std::int64_t>(number);
        return;
    }
    case ArchFieldType::Real:
        if (!value.isDouble())
            return typeError(field, value, location, diagnostics);
        spec.*field.real = value.toDouble();
        return;
    case ArchFieldType::Text:
        if (!value.isString())
            return typeError(field, value, location, diagnostics);
        spec.*field.text = value.toString().toStdString();
        return;
    case ArchFieldType::Choice: {
        if (!value.isString())
            return typeError(field, value, location, diagnostics);
        const std::string text = value.toString().toStdString();
        std::vector<std::string> choices;
        for (std::size_t i = 0; i < field.choices.size(); ++i) {
            if (field.choices[i] == text) {
                field.setChoiceIndex(spec, static_cast<int>(i));
                return;
            }
            choices.emplace_back(field.choices[i]);
        }
        std::string message =
            "value \"" + text + "\" is not allowed; allowed range: " + archFieldRangeText(field);
        if (const std::string guess = closestMatch(text, choices); !guess.empty())
            message += "; did you mean \"" + guess + "\"?";
        diagnostics.error(message, location);
        return;
    }
    }
}

void unknownKey(const std::string& key, const SourceLocation& location, DiagnosticSink& diagnostics)
{
    std::string message = "unknown key '" + key + "'";
    if (const std::string guess = suggestArchKey(key); !guess.empty())
        message += "; did you mean '" + guess + "'?";
    else
        message += " (the keys are listed in docs/architecture-spec.md and by "
                   "`compass arch fields`)";
    diagnostics.error(message, location);
}

std::optional<ArchSpec> resolveBase(const std::string& base, const std::string& fileName,
                                    DiagnosticSink& diagnostics, int depth)
{
    const SourceLocation location = fieldAt(fileName, "base");
    if (depth >= detail::kMaxArchBaseDepth) {
        diagnostics.error("\"base\" files nest deeper than " +
                              std::to_string(detail::kMaxArchBaseDepth) +
                              " levels; is there a cycle?",
                          location);
        return std::nullopt;
    }
    std::error_code ec;
    fs::path candidate(base);
    if (candidate.is_relative() && !fileName.empty())
        candidate = fs::path(fileName).parent_path() / candidate;
    if (fs::is_regular_file(candidate, ec))
        return detail::loadArchSpecFileAtDepth(candidate, diagnostics, depth + 1);
    if (const auto preset = archPresetPath(base))
        return detail::loadArchSpecFileAtDepth(*preset, diagnostics, depth + 1);

    const std::vector<std::string> presets = archPresetNames();
    std::string message =
        "value \"" + base + "\" is neither a preset nor a file; allowed: a preset (";
    for (std::size_t i = 0; i < presets.size(); ++i)
        message += (i ? ", " : "") + presets[i];
    message += ") or a path relative to this file";
    if (const std::string guess = closestMatch(base, presets); !guess.empty())
        message += "; did you mean \"" + guess + "\"?";
    diagnostics.error(message, location);
    return std::nullopt;
}

bool isGroup(std::string_view key)
{
    for (std::string_view g : archGroups()) {
        if (g == key)
            return true;
    }
    return false;
}

void appendJsonString(std::string& out, std::string_view text)
{
    out += '"';
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\u%04x",
                              static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += escape;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendValue(std::string& out, const ArchSpec& spec, const ArchField& field)
{
    if (field.type == ArchFieldType::Text || field.type == ArchFieldType::Choice) {
        appendJsonString(out, archFieldValueText(spec, field));
    } else if (field.type == ArchFieldType::Real && !std::isfinite(spec.*field.real)) {
        out += "null"; // JSON has no NaN or infinity; a validated spec never has them.
    } else {
        out += archFieldValueText(spec, field);
    }
}

} // namespace

std::optional<ArchSpec> detail::parseArchSpecAtDepth(const QByteArray& json,
                                                     const std::string& fileName,
                                                     DiagnosticSink& diagnostics, int depth)
{
    CountingSink sink(diagnostics);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const qsizetype offset = std::clamp<qsizetype>(parseError.offset, 0, json.size());
        const qsizetype lineStart = json.lastIndexOf('\n', offset - 1) + 1;
        const qsizetype line = json.left(offset).count('\n') + 1;
        sink.error("not valid JSON: " + parseError.errorString().toStdString() + " at line " +
                       std::to_string(line) + ", column " + std::to_string(offset - lineStart + 1) +
                       " (offset " + std::to_string(offset) + ")",
                   fieldAt(fileName, ""));
        return std::nullopt;
    }
    if (!document.isObject()) {
        sink.error("the top level must be a JSON object ({ ... }), got " +
                       std::string(document.isArray() ? "an array" : "nothing"),
                   fieldAt(fileName, ""));
        return std::nullopt;
    }
    const QJsonObject root = document.object();

    ArchSpec spec;
    if (root.contains("base")) {
        const QJsonValue base = root.value("base");
        if (!base.isString()) {
            sink.error("expected a preset name or a file name (a string), got " +
                           describeJsonValue(base),
                       fieldAt(fileName, "base"));
        } else if (auto baseSpec =
                       resolveBase(base.toString().toStdString(), fileName, sink, depth)) {
            spec = *baseSpec;
        }
    }

    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it.key().toStdString();
        if (key == "base")
            continue;
        if (const ArchField* field = findArchField(key); field && field->group().empty()) {
            readField(spec, *field, it.value(), fieldAt(fileName, key), sink);
        } else if (field) {
            sink.error("key '" + key + "' belongs inside its group: write {\"" +
                           std::string(field->group()) + "\": {\"" + std::string(field->leaf()) +
                           "\": ...}}",
                       fieldAt(fileName, key));
        } else if (isGroup(key)) {
            if (!it.value().isObject()) {
                sink.error("expected an object (the group of '" + key + ".*' fields), got " +
                               describeJsonValue(it.value()),
                           fieldAt(fileName, key));
                continue;
            }
            const QJsonObject group = it.value().toObject();
            for (auto inner = group.begin(); inner != group.end(); ++inner) {
                const std::string path = key + "." + inner.key().toStdString();
                if (const ArchField* member = findArchField(path))
                    readField(spec, *member, inner.value(), fieldAt(fileName, path), sink);
                else
                    unknownKey(path, fieldAt(fileName, path), sink);
            }
        } else {
            unknownKey(key, fieldAt(fileName, key), sink);
        }
    }
    if (!root.contains("name"))
        spec.name = fileName.empty() ? std::string("custom") : fs::path(fileName).stem().string();

    validateArchSpec(spec, fileName, sink);
    if (sink.errors() > 0)
        return std::nullopt;
    return spec;
}

std::optional<ArchSpec> parseArchSpec(const QByteArray& json, const std::string& fileName,
                                      DiagnosticSink& diagnostics)
{
    return detail::parseArchSpecAtDepth(json, fileName, diagnostics, 0);
}

std::string archSpecToJson(const ArchSpec& spec)
{
    std::string out = "{";
    bool first = true;
    auto separator = [&](const char* indent) {
        out += first ? "\n" : ",\n";
        out += indent;
        first = false;
    };
    for (const ArchField& field : archFields()) {
        if (!field.group().empty())
            continue;
        separator("  ");
        appendJsonString(out, field.key);
        out += ": ";
        appendValue(out, spec, field);
    }
    for (std::string_view group : archGroups()) {
        separator("  ");
        appendJsonString(out, group);
        out += ": {";
        first = true;
        for (const ArchField& field : archFields()) {
            if (field.group() != group)
                continue;
            separator("    ");
            appendJsonString(out, field.leaf());
            out += ": ";
            appendValue(out, spec, field);
        }
        out += "\n  }";
        first = false;
    }
    out += "\n}\n";
    return out;
}

std::string archSpecHash(const ArchSpec& spec)
{
    const QByteArray json = QByteArray::fromStdString(archSpecToJson(spec));
    return QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex().toStdString();
}

std::string describeJsonValue(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return value.toBool() ? "true" : "false";
    case QJsonValue::Double:
        return "a number (" + formatArchNumber(value.toDouble()) + ")";
    case QJsonValue::String:
        return "a string (" + quoted(value.toString()) + ")";
    case QJsonValue::Array:
        return "an array";
    case QJsonValue::Object:
        return "an object";
    case QJsonValue::Undefined:
        break;
    }
    return "nothing";
}

} // namespace compass
