// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/dims.h"

#include <map>
#include <string>
#include <string_view>

namespace compass {

/// The command-line flag that gives a graph input's shape; diagnostics about dynamic dims name
/// it so the user knows what to pass (the explorer's open dialog has the same field).
inline constexpr const char* kInputShapeFlag = "--input-shape";
/// The command-line flag that sets OnnxImportOptions::weightsFromInputs.
inline constexpr const char* kWeightsFromInputsFlag = "--weights-from-inputs";

/// Choices a user makes when importing an ONNX model. Immutable once the import starts; the
/// default imports the file as written.
struct OnnxImportOptions
{
    /// Shapes of graph inputs by name (`--input-shape NAME=1x3x224x224`). A given shape
    /// replaces the declared dims, symbolic or fixed, and must have the declared rank.
    std::map<std::string, Dims> inputShapes;
    /// Graph inputs without initializers that feed weight operands (Conv/ConvTranspose W and
    /// B, Gemm B and C, MatMul B) are weights, as some exporters store them. Off by default:
    /// such inputs are then activations and a warning names them.
    bool weightsFromInputs = false;

    bool operator==(const OnnxImportOptions&) const = default;
    /// True for the default: the file imported as written.
    bool isDefault() const { return inputShapes.empty() && !weightsFromInputs; }
};

/// Parses one `NAME=1x3x224x224` (the value of --input-shape, or the explorer's field) into
/// `options.inputShapes`. Returns false with a reason in `error` when the text is malformed
/// (no '=', an empty name, a dim that is not a positive integer) or names an input twice.
bool parseInputShape(std::string_view text, OnnxImportOptions& options, std::string& error);

/// Dims as --input-shape takes them: "1x3x224x224".
std::string formatDims(const Dims& dims);
/// The options as the command-line flags that give them, in name order:
/// "--input-shape image=1x3x224x224 --weights-from-inputs"; empty for the default. What
/// `runs show`, the explorer's status line and its metrics show, so they read alike.
std::string importOptionsFlags(const OnnxImportOptions& options);

} // namespace compass
