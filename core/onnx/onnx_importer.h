// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/graph.h"
#include "core/onnx/import_options.h"
#include "core/support/diagnostics.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace compass {

/// Reads an ONNX model into COMPASS's graph IR: tensors, initializers (dims, no data needed) and
/// nodes in topological order, with nothing inferred yet (the `onnx-import` pass). Graph inputs
/// get the shapes `options.inputShapes` gives; a dynamic dim 0 left open is a batch of 1 (a
/// note), any other dynamic dim left open is an error naming the input and --input-shape.
/// Returns nullopt when the file cannot be used; every problem found (structure, unsupported
/// operators, one summary per op type, input shapes) goes to `diagnostics` in one run, naming
/// the file and node. Never throws, never aborts.
std::optional<Graph> readOnnxFile(const std::filesystem::path& path, DiagnosticSink& diagnostics,
                                  const OnnxImportOptions& options = {});
/// Same as readOnnxFile, from bytes already in memory. `displayName` names the input in
/// diagnostics; external data files are never opened.
std::optional<Graph> readOnnxBytes(std::string_view bytes, const std::string& displayName,
                                   DiagnosticSink& diagnostics,
                                   const std::filesystem::path& baseDir = {},
                                   const OnnxImportOptions& options = {});

/// readOnnxFile followed by inferShapes (core/onnx/shape_inference.h): the graph with every
/// shape inferred by COMPASS itself.
/// Weight data is never needed: initializers without data, absent external data files and
/// Constant nodes all import alike. Returns nullopt when the file cannot be used; the reasons
/// (naming the file and node) go to `diagnostics`. Never throws, never aborts.
std::optional<Graph> importOnnxFile(const std::filesystem::path& path, DiagnosticSink& diagnostics,
                                    const OnnxImportOptions& options = {});

/// Same as importOnnxFile, from bytes already in memory (fuzzing, tests). `displayName` names
/// the input in diagnostics; external data is looked up relative to `baseDir` when given.
std::optional<Graph> importOnnxBytes(std::string_view bytes, const std::string& displayName,
                                     DiagnosticSink& diagnostics,
                                     const std::filesystem::path& baseDir = {},
                                     const OnnxImportOptions& options = {});

/// A graph input as the file declares it (inputs that are initializers are left out): what
/// the explorer's input-shapes dialog lists.
struct DeclaredInput
{
    std::string name;
    bool hasShape = false; ///< false: the file gives no shape at all
    /// Each dim as written: "224", a symbol ("batch"), or "?" for an unnamed dynamic dim.
    std::vector<std::string> dims;
    /// The dims as numbers, 0 where the file leaves them open.
    Dims values;
    /// Every dim is a number: the input imports without options.
    bool isStatic() const;
};

/// The graph inputs of the ONNX file at `path`, in file order, without importing anything
/// else. nullopt with a diagnostic naming the file when it is no ONNX model (the import then
/// says what is wrong in full).
std::optional<std::vector<DeclaredInput>> readOnnxInputs(const std::filesystem::path& path,
                                                         DiagnosticSink& diagnostics);

} // namespace compass
