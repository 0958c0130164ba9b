// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"

#include <QJsonObject>

#include <span>
#include <string_view>

namespace compass {

class DiagnosticSink;
struct SourceLocation;

/// One field of SearchOptions as it appears in JSON (run records, sweep specs, the "search"
/// section of `optimize --json`) and on the command line. The single table
/// searchOptionFields() drives the CLI flags, the JSON reader and writer and docs/json.md, so a
/// new option added here reaches every one of them.
struct SearchOptionField
{
    std::string_view path;        ///< JSON path: "method", "ga.population".
    std::string_view flag;        ///< Command-line flag without the dashes: "ga-population".
    std::string_view valueName;   ///< "METHOD", "N", "MODE".
    std::string_view description; ///< One sentence for --help and the docs, with the default.
    /// False for options that never change the chosen plan (threads, pareto_front): the run
    /// record leaves them out (searchOptionsToJson with SearchOptionsScope::PlanInputs).
    bool changesPlan = true;
};

/// Every field, in the canonical order of the JSON.
std::span<const SearchOptionField> searchOptionFields();

/// The field with this JSON path ("ga.elite"), or nullptr.
const SearchOptionField* findSearchOptionField(std::string_view path);

/// Which fields searchOptionsToJson writes.
enum class SearchOptionsScope
{
    /// What changes the plan, and only where it applies: method, objective; for ga also seed
    /// and the "ga" object. Canonical: equal options give equal JSON text (run records).
    PlanInputs,
    /// Every field, threads and pareto_front included (reports).
    All,
};

/// The options as JSON:
/// {"method": "ga", "objective": "latency", "seed": 1,
///  "ga": {"population": 100, "generations": 30, "elite": 20, "patience": 5, "init": "layer"},
///  "threads": 0, "pareto_front": false}.
/// A seed above 2^53 (not exact in a JSON number) is written as a decimal string.
QJsonObject searchOptionsToJson(const SearchOptions& options,
                                SearchOptionsScope scope = SearchOptionsScope::PlanInputs);

/// Reads the fields present in `json` over `options` (absent fields keep their value), then
/// checks the rules between fields (validateSearchOptions). Unknown keys, wrong types and
/// values out of range are errors whose location is `where` with the field's JSON path
/// appended to where.path ("sweep.json: ga.elite: error: ..."). Returns false on any error;
/// `options` may then be partly updated. The sweep spec's "ga" object is read by passing
/// {"ga": object}.
bool readSearchOptionsJson(const QJsonObject& json, SearchOptions& options,
                           DiagnosticSink& diagnostics, const SourceLocation& where);

/// Sets the field at `path` from text as a command line gives it ("30" for ga.population,
/// "uniform" for ga.init). An error names the field by `where` (the caller's location, e.g.
/// the flag) and says what the field takes. Does not check the rules between fields.
bool setSearchOptionFromText(SearchOptions& options, std::string_view path, std::string_view text,
                             DiagnosticSink& diagnostics, const SourceLocation& where);

/// The rules between fields: ga.elite < ga.population. Errors name "ga.elite" under `where`.
bool validateSearchOptions(const SearchOptions& options, DiagnosticSink& diagnostics,
                           const SourceLocation& where);

/// "layer" or "uniform": how the genetic search draws random plans (GeneticOptions).
const char* geneticInitName(bool layerAlignedPlans);

} // namespace compass
