// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/graph.h"
#include "core/support/diagnostics.h"

#include <filesystem>
#include <optional>
#include <string_view>

namespace compass {

/// Reads an ONNX model into COMPASS's graph IR and infers every shape itself.
/// Weight data is never needed: initializers without data, absent external data files and
/// Constant nodes all import alike. Returns nullopt when the file cannot be used; the reasons
/// (naming the file and node) go to `diagnostics`. Never throws, never aborts.
std::optional<Graph> importOnnxFile(const std::filesystem::path& path, DiagnosticSink& diagnostics);

/// Same as importOnnxFile, from bytes already in memory (fuzzing, tests). `displayName` names
/// the input in diagnostics; external data is looked up relative to `baseDir` when given.
std::optional<Graph> importOnnxBytes(std::string_view bytes, const std::string& displayName,
                                     DiagnosticSink& diagnostics,
                                     const std::filesystem::path& baseDir = {});

} // namespace compass
