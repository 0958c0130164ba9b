// SPDX-License-Identifier: MIT
#pragma once

#include "core/onnx/import_options.h"
#include "core/support/diagnostics.h"

#include <QJsonObject>

#include <optional>

namespace compass {

/// The import options as the JSON members every file that keeps them writes (project files,
/// stored runs, sweep specs): {"input_shapes": {"NAME": [1, 3, 224, 224]},
/// "weights_from_inputs": false}. Both members are always written.
QJsonObject importOptionsToJson(const OnnxImportOptions& options);

/// Reads the members "input_shapes" and "weights_from_inputs" of `object` (each may be absent;
/// other members are the caller's). Every problem is an error at `where` with the member's
/// path after `where.path` ("model.input_shapes.image[1]": "expected an integer from 1 to
/// 2147483647, got 0"; an empty name, a shape that is not an array, a flag that is not a
/// boolean). nullopt after any error.
std::optional<OnnxImportOptions> importOptionsFromJson(const QJsonObject& object,
                                                       const SourceLocation& where,
                                                       DiagnosticSink& diagnostics);

} // namespace compass
