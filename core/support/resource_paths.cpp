// SPDX-License-Identifier: MIT
#include "resource_paths.h"

#include "natural_order.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#ifndef COMPASS_SOURCE_RESOURCE_DIR
#define COMPASS_SOURCE_RESOURCE_DIR ""
#endif
#ifndef COMPASS_INSTALL_DATA_SUBDIR
#define COMPASS_INSTALL_DATA_SUBDIR "share/compass"
#endif

namespace compass {
namespace fs = std::filesystem;

namespace {

fs::path executableDir()
{
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : self.parent_path();
}

bool isResourceDir(const fs::path& dir)
{
    std::error_code ec;
    return !dir.empty() && fs::is_directory(dir / "models", ec);
}

} // namespace

fs::path resourceDir()
{
    if (const char* env = std::getenv("COMPASS_DATA_DIR"); env && *env && isResourceDir(env))
        return env;
    const fs::path exeDir = executableDir();
    if (!exeDir.empty()) {
        const fs::path installed = exeDir.parent_path() / COMPASS_INSTALL_DATA_SUBDIR;
        if (isResourceDir(installed))
            return installed;
    }
    return COMPASS_SOURCE_RESOURCE_DIR;
}

std::vector<std::string> bundledModelNames()
{
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(resourceDir() / "models", ec)) {
        if (entry.path().extension() == ".onnx")
            names.push_back(entry.path().stem().string());
    }
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return naturalLess(a, b); });
    return names;
}

std::optional<fs::path> resolveModelPath(const std::string& nameOrPath)
{
    std::error_code ec;
    if (fs::exists(nameOrPath, ec))
        return fs::path(nameOrPath);
    if (nameOrPath.find('/') == std::string::npos) {
        fs::path bundled = resourceDir() / "models" / (nameOrPath + ".onnx");
        if (fs::exists(bundled, ec))
            return bundled;
    }
    return std::nullopt;
}

} // namespace compass
