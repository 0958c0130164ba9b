// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace compass {

/// Locates the bundled data (networks in models/, chip presets in arch/).
/// Order: $COMPASS_DATA_DIR, the installed share/compass beside the executable, the source tree.
std::filesystem::path resourceDir();

/// Bundled ONNX networks, by stem name ("resnet18"), in natural order (resnet18
/// before resnet152: naturalLess).
std::vector<std::string> bundledModelNames();

/// Resolves a model argument: an existing path, or the name of a bundled network.
std::optional<std::filesystem::path> resolveModelPath(const std::string& nameOrPath);

} // namespace compass
