// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"

#include <QCommandLineParser>

#include <optional>

namespace compass::cli {

/// Adds --method, --objective, --seed, --threads and the --ga-* options.
void addSearchOptions(QCommandLineParser& parser, bool withMethod);

/// Reads them over `base` (the defaults, or a project's optimiser options): a flag that is not
/// given leaves its field as `base` has it. Prints a usage error naming the option and returns
/// nullopt when one is wrong.
std::optional<SearchOptions> searchOptionsFromParser(const QCommandLineParser& parser,
                                                     const QString& command, bool withMethod,
                                                     const SearchOptions& base = {});

} // namespace compass::cli
