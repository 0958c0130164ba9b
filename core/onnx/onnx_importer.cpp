// SPDX-License-Identifier: MIT
// Placeholder until the importer lands.
#include "onnx_importer.h"

namespace compass {

std::optional<Graph> importOnnxFile(const std::filesystem::path& path, DiagnosticSink& diagnostics)
{
    diagnostics.error("ONNX import is not built yet", {path.string(), "", "", -1});
    return std::nullopt;
}

std::optional<Graph> importOnnxBytes(std::string_view, const std::string& displayName,
                                     DiagnosticSink& diagnostics, const std::filesystem::path&)
{
    diagnostics.error("ONNX import is not built yet", {displayName, "", "", -1});
    return std::nullopt;
}

} // namespace compass
