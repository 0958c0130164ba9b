// SPDX-License-Identifier: MIT
#include "model_loading.h"

#include "cli_common.h"
#include "core/onnx/onnx_importer.h"
#include "core/support/resource_paths.h"

namespace compass::cli {

std::optional<Graph> loadModel(const QString& model)
{
    const std::optional<std::filesystem::path> path = resolveModelPath(model.toStdString());
    if (!path) {
        QStringList names;
        for (const std::string& name : bundledModelNames())
            names << QString::fromStdString(name);
        err() << model << ": error: no such file, and no bundled network of that name"
              << (names.isEmpty() ? QString() : " (bundled: " + names.join(", ") + ")") << '\n';
        err().flush();
        return std::nullopt;
    }
    DiagnosticList diagnostics;
    std::optional<Graph> graph = importOnnxFile(*path, diagnostics);
    printDiagnostics(diagnostics);
    return graph;
}

} // namespace compass::cli
