// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/graph.h"

#include <QString>

#include <optional>

namespace compass::cli {

/// Resolves MODEL (a path or a bundled name) and imports it; diagnostics go to stderr.
/// Warnings are printed even on success.
std::optional<Graph> loadModel(const QString& model);

} // namespace compass::cli
