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

/// The folder the shipped presets live in: compass::resourceDir() / "arch".
std::filesystem::path archPresetDir();

/// Names of the shipped presets (file stems of archPresetDir()/*.json), sorted.
std::vector<std::string> archPresetNames();

/// The file of a shipped preset, or nullopt when there is no preset of that name.
std::optional<std::filesystem::path> archPresetPath(const std::string& name);

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

} // namespace compass
