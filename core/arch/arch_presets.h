// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/support/diagnostics.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace compass {

struct ArchField;

/// The folder the shipped presets live in: compass::resourceDir() / "arch".
std::filesystem::path archPresetDir();

/// The folder the user's own presets live in: $XDG_CONFIG_HOME/compass/arch (the generic
/// config location of QStandardPaths, so the CLI and the explorer share it).
std::filesystem::path userArchPresetDir();

/// Names of the presets, shipped (archPresetDir()) and the user's (userArchPresetDir()), sorted;
/// a user file with a shipped preset's name is ignored.
std::vector<std::string> archPresetNames();

/// The file of a preset, shipped first, else the user's; nullopt when there is none.
std::optional<std::filesystem::path> archPresetPath(const std::string& name);

/// Saves `spec` as the user's preset `spec.name` (userArchPresetDir()/NAME.json, canonical
/// JSON). Refuses, with an error naming the field "name", a name that is empty, "custom", has a
/// path separator or a trailing "*", or is a shipped preset's; I/O problems name the file.
bool saveUserArchPreset(const ArchSpec& spec, DiagnosticSink& diagnostics);

/// How a chip differs from the preset it is named after: the one place that names a modified
/// chip, so the CLI, the run store and the explorer say the same thing. A spec whose name is
/// not a shipped preset is its own chip (no changes). Name and description are not compared.
struct ArchVariant
{
    std::string name;                 ///< The spec's name (the preset's, for a preset variant).
    std::vector<std::string> changes; ///< "key=value" of every field that differs, in
                                      ///< archFields() order; empty for an unchanged preset.

    bool isModified() const { return !changes.empty(); }
    /// "sram-M*" for a modified preset, else the name as is.
    std::string displayName() const;
    /// "sram-M with dram.bandwidth_GBps=25.6, chip.cores=32", or the bare name.
    std::string summary() const;
    /// The changes joined by ", " ("dram.bandwidth_GBps=25.6"), empty when unchanged.
    std::string changesText() const;

    /// The variant a run store row describes: its displayName() and changesText().
    static ArchVariant fromStored(const std::string& displayName, const std::string& changesText);
};

/// Compares `spec` with the shipped preset of the same name (see ArchVariant).
ArchVariant archVariant(const ArchSpec& spec);

/// Reads and parses one architecture file; I/O and parse problems go to `diagnostics`.
std::optional<ArchSpec> loadArchSpecFile(const std::filesystem::path& path,
                                         DiagnosticSink& diagnostics);

/// Resolves `presetNameOrPath` (an existing file first, else a preset name), parses it, applies
/// `setOverrides` ("KEY=VALUE", in order, as --set gives them) and validates the result.
/// Problems of the file and of every override are all reported; diagnostics caused by an
/// override name "--set" as their file. Returns nullopt when any error was reported.
std::optional<ArchSpec> loadArchSpec(const std::string& presetNameOrPath,
                                     const std::vector<std::string>& setOverrides,
                                     DiagnosticSink& diagnostics);

/// Applies one "KEY=VALUE" override (`--set dram.bandwidth_GBps=25.6`): the key is a JSON path
/// of archFields(), the value is parsed by the field's type and checked against its range.
/// On any problem `spec` is left unchanged, an error naming "--set" and the key (with a
/// "did you mean" suggestion for unknown keys) is reported, and false is returned. Rules that
/// tie fields together are checked by validateArchSpec() afterwards.
bool applyArchOverride(ArchSpec& spec, std::string_view keyEqualsValue,
                       DiagnosticSink& diagnostics);

/// Sets one field of `spec` from text as a user typed it (surrounding blanks ignored, text
/// fields taken as is): parsed by the field's type and checked against its range. On any
/// problem `spec` is left unchanged, one error at `location` is reported and false is
/// returned. applyArchOverride (location "--set") and the explorer's chip table (location:
/// the field's JSON path) share it. Rules that tie fields together are validateArchSpec()'s.
bool setArchFieldText(ArchSpec& spec, const ArchField& field, std::string_view text,
                      const SourceLocation& location, DiagnosticSink& diagnostics);

} // namespace compass
