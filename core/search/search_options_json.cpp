// SPDX-License-Identifier: MIT
#include "core/search/search_options_json.h"

#include "core/support/diagnostics.h"

#include <QJsonValue>
#include <QString>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace compass {

namespace {

/// Integers beyond 2^53 are not exact in a JSON number (a double).
constexpr std::uint64_t kMaxExactJsonInteger = std::uint64_t{1} << 53;

/// Range of an integer field.
struct IntegerRange
{
    std::int64_t lo = 0;
    std::int64_t hi = 0;
};

constexpr std::array kFields{
    SearchOptionField{"method", "method", "METHOD",
                      "Optimiser: greedy, layerwise, ga (the COMPASS genetic algorithm) or exact "
                      "(default ga)."},
    SearchOptionField{"objective", "objective", "OBJ",
                      "What to minimise: latency (= maximise throughput), energy (per "
                      "inference) or edp (default latency)."},
    SearchOptionField{"seed", "seed", "N", "Seed of the genetic algorithm (default 1)."},
    SearchOptionField{"ga.population", "ga-population", "N", "GA population size (default 100)."},
    SearchOptionField{"ga.generations", "ga-generations", "N",
                      "GA generations at most (default 30)."},
    SearchOptionField{"ga.elite", "ga-elite", "N", "GA plans kept per generation (default 20)."},
    SearchOptionField{"ga.patience", "ga-patience", "N",
                      "GA early stop after N generations without improvement; 0 never stops "
                      "early (default 5)."},
    SearchOptionField{"ga.init", "ga-init", "MODE",
                      "How the GA draws random plans: layer (half the partition ends at layer "
                      "boundaries) or uniform (every valid end alike) (default layer)."},
    SearchOptionField{"ga.seed_baselines", "ga-seed-baselines", "",
                      "Not the paper's Algorithm 1: start the GA from the greedy and layerwise "
                      "plans besides random ones, so it never ends worse than either (default "
                      "off)."},
    SearchOptionField{"threads", "threads", "N",
                      "Worker threads for fitness evaluation (default: all cores).", false},
    // No generic flag: `compass optimize --pareto` is a switch that needs --method exact.
    SearchOptionField{"pareto_front", "", "",
                      "Exact search: also return the whole energy-latency Pareto front.", false},
};

IntegerRange integerRange(std::string_view path)
{
    if (path == "ga.population")
        return {2, 100000};
    if (path == "ga.generations" || path == "ga.elite")
        return {1, 100000};
    if (path == "ga.patience")
        return {0, 100000};
    if (path == "threads")
        return {0, 256};
    return {0, 0};
}

std::int32_t* integerMember(SearchOptions& o, std::string_view path)
{
    if (path == "ga.population")
        return &o.genetic.population;
    if (path == "ga.generations")
        return &o.genetic.generations;
    if (path == "ga.elite")
        return &o.genetic.elite;
    if (path == "ga.patience")
        return &o.genetic.patience;
    if (path == "threads")
        return &o.threads;
    return nullptr;
}

SourceLocation at(const SourceLocation& where, std::string_view path)
{
    SourceLocation location = where;
    location.path =
        location.path.empty() ? std::string(path) : location.path + "." + std::string(path);
    return location;
}

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

/// Sets one field from its text form; the single place each field's syntax and range live.
bool setFromText(SearchOptions& o, std::string_view path, std::string_view text,
                 DiagnosticSink& diagnostics, const SourceLocation& where)
{
    if (path == "method") {
        const auto method = parseSearchMethod(text);
        if (!method) {
            diagnostics.error("unknown method " + quoted(text) + " (greedy, layerwise, ga, exact)",
                              where);
            return false;
        }
        o.method = *method;
        return true;
    }
    if (path == "objective") {
        const auto objective = parseObjective(text);
        if (!objective) {
            diagnostics.error("unknown objective " + quoted(text) + " (latency, energy, edp)",
                              where);
            return false;
        }
        o.objective = *objective;
        return true;
    }
    if (path == "seed") {
        std::uint64_t seed = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
            diagnostics.error("must be a non-negative integer, got " + quoted(text), where);
            return false;
        }
        o.seed = seed;
        return true;
    }
    if (path == "ga.init") {
        if (text != "layer" && text != "uniform") {
            diagnostics.error("must be layer or uniform, got " + quoted(text), where);
            return false;
        }
        o.genetic.layerAlignedPlans = text == "layer";
        return true;
    }
    if (path == "pareto_front" || path == "ga.seed_baselines") {
        if (text != "true" && text != "false") {
            diagnostics.error("must be true or false, got " + quoted(text), where);
            return false;
        }
        (path == "pareto_front" ? o.paretoFront : o.genetic.seedBaselines) = text == "true";
        return true;
    }
    if (std::int32_t* member = integerMember(o, path)) {
        const IntegerRange range = integerRange(path);
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty() ||
            value < range.lo || value > range.hi) {
            diagnostics.error("must be an integer from " + std::to_string(range.lo) + " to " +
                                  std::to_string(range.hi) + ", got " + quoted(text),
                              where);
            return false;
        }
        *member = static_cast<std::int32_t>(value);
        return true;
    }
    diagnostics.error("unknown search option " + quoted(path), where);
    return false;
}

/// A JSON value as the text setFromText reads, or nullopt (with an error) for a wrong type.
std::optional<std::string> jsonText(const SearchOptionField& field, const QJsonValue& value,
                                    DiagnosticSink& diagnostics, const SourceLocation& where)
{
    const std::string_view path = field.path;
    const bool isText = path == "method" || path == "objective" || path == "ga.init";
    if (isText) {
        if (!value.isString()) {
            diagnostics.error("must be a string", where);
            return std::nullopt;
        }
        return value.toString().toStdString();
    }
    if (path == "pareto_front" || path == "ga.seed_baselines") {
        if (!value.isBool()) {
            diagnostics.error("must be true or false", where);
            return std::nullopt;
        }
        return value.toBool() ? "true" : "false";
    }
    // Integers: a whole JSON number; the seed may also be a decimal string (above 2^53).
    if (path == "seed" && value.isString())
        return value.toString().toStdString();
    const double v = value.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!value.isDouble() || !std::isfinite(v) || v != std::floor(v) ||
        std::fabs(v) > static_cast<double>(kMaxExactJsonInteger)) {
        diagnostics.error("must be a whole number", where);
        return std::nullopt;
    }
    return std::to_string(static_cast<std::int64_t>(v));
}

} // namespace

std::span<const SearchOptionField> searchOptionFields()
{
    return kFields;
}

const SearchOptionField* findSearchOptionField(std::string_view path)
{
    for (const SearchOptionField& f : kFields) {
        if (f.path == path)
            return &f;
    }
    return nullptr;
}

const char* geneticInitName(bool layerAlignedPlans)
{
    return layerAlignedPlans ? "layer" : "uniform";
}

QJsonObject searchOptionsToJson(const SearchOptions& o, SearchOptionsScope scope)
{
    const bool all = scope == SearchOptionsScope::All;
    const bool genetic = o.method == SearchMethod::Genetic;
    QJsonObject json{{"method", searchMethodName(o.method)},
                     {"objective", objectiveName(o.objective)}};
    if (genetic || all) {
        if (o.seed <= kMaxExactJsonInteger)
            json["seed"] = static_cast<qint64>(o.seed);
        else
            json["seed"] = QString::number(o.seed);
        QJsonObject ga{{"population", o.genetic.population},
                       {"generations", o.genetic.generations},
                       {"elite", o.genetic.elite},
                       {"patience", o.genetic.patience},
                       {"init", geneticInitName(o.genetic.layerAlignedPlans)}};
        // Written only when on, so the records of Algorithm 1 runs keep their canonical text.
        if (o.genetic.seedBaselines)
            ga["seed_baselines"] = true;
        json["ga"] = ga;
    }
    if (all) {
        json["threads"] = o.threads;
        json["pareto_front"] = o.paretoFront;
    }
    return json;
}

bool readSearchOptionsJson(const QJsonObject& json, SearchOptions& options,
                           DiagnosticSink& diagnostics, const SourceLocation& where)
{
    bool ok = true;
    const auto readField = [&](const std::string& path, const QJsonValue& value) {
        const SearchOptionField* field = findSearchOptionField(path);
        const SourceLocation location = at(where, path);
        if (field == nullptr) {
            // List the fields of the same level: "method, objective, ..." or the ga leaves.
            const bool inGa = path.starts_with("ga.");
            std::string known;
            for (const SearchOptionField& f : kFields) {
                const bool fieldInGa = f.path.starts_with("ga.");
                if (fieldInGa != inGa)
                    continue;
                known +=
                    (known.empty() ? "" : ", ") + std::string(inGa ? f.path.substr(3) : f.path);
            }
            if (!inGa)
                known += ", ga";
            diagnostics.error("unknown field (" + known + ")", location);
            ok = false;
            return;
        }
        const std::optional<std::string> text = jsonText(*field, value, diagnostics, location);
        ok = text && setFromText(options, field->path, *text, diagnostics, location) && ok;
    };
    for (auto it = json.begin(); it != json.end(); ++it) {
        const std::string key = it.key().toStdString();
        if (key != "ga") {
            readField(key, it.value());
            continue;
        }
        if (!it.value().isObject()) {
            diagnostics.error("must be an object {population, generations, elite, patience, init, "
                              "seed_baselines}",
                              at(where, "ga"));
            ok = false;
            continue;
        }
        const QJsonObject ga = it.value().toObject();
        for (auto g = ga.begin(); g != ga.end(); ++g)
            readField("ga." + g.key().toStdString(), g.value());
    }
    return validateSearchOptions(options, diagnostics, where) && ok;
}

bool setSearchOptionFromText(SearchOptions& options, std::string_view path, std::string_view text,
                             DiagnosticSink& diagnostics, const SourceLocation& where)
{
    return setFromText(options, path, text, diagnostics, where);
}

bool validateSearchOptions(const SearchOptions& options, DiagnosticSink& diagnostics,
                           const SourceLocation& where)
{
    if (options.genetic.elite >= options.genetic.population) {
        diagnostics.error("must be smaller than ga.population (" +
                              std::to_string(options.genetic.elite) +
                              " >= " + std::to_string(options.genetic.population) + ")",
                          at(where, "ga.elite"));
        return false;
    }
    return true;
}

} // namespace compass
