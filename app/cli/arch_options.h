// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"

#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace compass::cli {

/// Adds the options every command that needs a chip shares: `--arch PRESET|FILE` and the
/// repeatable `--set KEY=VALUE` (keys as in docs/architecture-spec.md).
void addArchOptions(QCommandLineParser& parser);

/// Loads the chip the options name: the preset or file of --arch (or `defaultArch` when --arch
/// is absent and `defaultArch` is not empty), with every --set applied in order, validated.
/// On failure prints the diagnostics on stderr (or, with no --arch and no default, that --arch
/// is required) and returns nullopt: the caller then exits with ExitBadInput. Warnings are
/// printed on success too.
std::optional<ArchSpec> archFromParser(const QCommandLineParser& parser,
                                       const QString& defaultArch = {});

/// The chip when `base` (a project's chip) stands in for a missing --arch: --arch replaces it
/// as above; without --arch, every --set is applied to `base` in order and the result
/// validated (diagnostics name "--set"). nullopt after printing the errors.
std::optional<ArchSpec> archFromParser(const QCommandLineParser& parser, const ArchSpec& base);

} // namespace compass::cli
