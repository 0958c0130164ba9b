// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/graph.h"
#include "core/onnx/import_options.h"

#include <QCommandLineParser>
#include <QString>

#include <memory>
#include <optional>

namespace compass {
class PassInstrumentation;
} // namespace compass

namespace compass::cli {

/// Adds the import options of every command that loads a model: `--input-shape NAME=DIMS`
/// (repeatable) and `--weights-from-inputs` (docs/models.md, "Import options").
void addImportOptions(QCommandLineParser& parser);
/// Reads them over `base` (a project's import options): each --input-shape replaces the
/// shape of the input it names, --weights-from-inputs turns that option on. Prints a usage
/// error naming the malformed value and returns nullopt.
std::optional<OnnxImportOptions> importOptionsFromParser(const QCommandLineParser& parser,
                                                         const QString& command,
                                                         const OnnxImportOptions& base = {});

/// Resolves MODEL (a path or a bundled name) and runs the import passes (onnx-import,
/// shape-inference) on it with `options`; diagnostics go to stderr, warnings even on success.
/// Null on failure or when `instrumentation` stopped after its --dump-after pass.
std::shared_ptr<const Graph> loadModel(const QString& model, const OnnxImportOptions& options,
                                       PassInstrumentation* instrumentation = nullptr);

} // namespace compass::cli
