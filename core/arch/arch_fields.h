// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace compass {

/// The JSON type of an architecture field.
enum class ArchFieldType
{
    Integer, ///< A whole JSON number, stored in an std::int64_t member.
    Real,    ///< A finite JSON number, stored in a double member.
    Text,    ///< A JSON string, stored in an std::string member.
    Choice   ///< A JSON string from a fixed list (an enum member).
};

/// One field of the chip description: its public JSON key, unit, meaning, source and allowed
/// range, plus how to reach it in an ArchSpec. The single table archFields() drives parsing,
/// validation, serialisation, the docs and the GUI's tooltips, so they cannot drift apart.
/// The default of a field is its value in a default-constructed ArchSpec (archFieldDefaultText).
struct ArchField
{
    std::string_view key; ///< JSON path, e.g. "crossbar.rows" ("name" at the top level).
    ArchFieldType type = ArchFieldType::Real;
    std::string_view unit;         ///< Human unit ("ns", "pJ", "count", "bits"), empty for text.
    std::string_view description;  ///< One sentence: what the field means and how it is used.
    std::string_view source;       ///< Where the default comes from (paper, tool, derivation).
    double minimum = 0.0;          ///< Smallest allowed value (numbers only).
    bool minimumExclusive = false; ///< True when the value must be strictly above minimum.
    double maximum = 0.0;          ///< Largest allowed value (numbers only).
    std::span<const std::string_view> choices; ///< Allowed strings of a Choice field.

    std::int64_t ArchSpec::*integer = nullptr;        ///< Member of an Integer field.
    double ArchSpec::*real = nullptr;                 ///< Member of a Real field.
    std::string ArchSpec::*text = nullptr;            ///< Member of a Text field.
    int (*choiceIndex)(const ArchSpec&) = nullptr;    ///< Index into choices (Choice field).
    void (*setChoiceIndex)(ArchSpec&, int) = nullptr; ///< Sets a Choice field by index.

    /// The group the key belongs to ("crossbar" for "crossbar.rows"), empty at the top level.
    std::string_view group() const;
    /// The key inside its group ("rows" for "crossbar.rows").
    std::string_view leaf() const;
    bool isNumber() const { return type == ArchFieldType::Integer || type == ArchFieldType::Real; }
};

/// Every field of an ArchSpec, in the canonical order of the JSON (and of the docs).
std::span<const ArchField> archFields();

/// The field with this JSON key ("dram.bandwidth_GBps"), or nullptr.
const ArchField* findArchField(std::string_view key);

/// The JSON group names in canonical order ("chip", "crossbar", ...).
std::vector<std::string_view> archGroups();

/// The closest known key to an unknown one (edit distance, group-insensitive), or empty when
/// nothing is close enough to be a plausible typo.
std::string suggestArchKey(std::string_view unknownKey);

/// The closest of `candidates` to `word` when it is a plausible typo, else empty.
std::string closestMatch(std::string_view word, std::span<const std::string> candidates);

/// The field's value as canonical text: integers in decimal, reals in the shortest form that
/// reads back to the same double, choices by name, text as is (unquoted).
std::string archFieldValueText(const ArchSpec& spec, const ArchField& field);

/// The field's value in a default-constructed ArchSpec, as archFieldValueText() prints it.
std::string archFieldDefaultText(const ArchField& field);

/// Why `field` has no effect on `spec`, or empty when it does: mvm.fixed_latency_ns unless
/// mvm.latency_model is fixed ("not used: mvm.latency_model is puma, so one MVM takes
/// 1200 ns"), pipeline.rows_per_block at layer granularity.
std::string archFieldUnusedReason(const ArchSpec& spec, const ArchField& field);

/// A numeric field's value as a double (integers converted); 0 for text and choices.
double archFieldNumber(const ArchSpec& spec, const ArchField& field);

/// The allowed values as text: "[1, 65536]", "(0, 1e+06]", "sram | reram", "any text".
std::string archFieldRangeText(const ArchField& field);

/// Shortest decimal text that reads back to exactly `value` ("0.0016", "1e+06", "nan").
std::string formatArchNumber(double value);

const char* technologyName(CellTechnology technology);
const char* mvmLatencyModelName(MvmLatencyModel model);

/// The field table as a Markdown table (key, unit, default, allowed range, meaning, source);
/// docs/architecture-spec.md embeds exactly this text, and a test keeps the two in sync.
std::string archFieldTableMarkdown();

} // namespace compass
