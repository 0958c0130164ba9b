// SPDX-License-Identifier: MIT
#include "import_options.h"

#include <charconv>

namespace compass {

bool parseInputShape(std::string_view text, OnnxImportOptions& options, std::string& error)
{
    const std::size_t eq = text.rfind('=');
    if (eq == std::string_view::npos || eq == 0) {
        error = "'" + std::string(text) + "' is not NAME=DIMS (e.g. input=1x3x224x224)";
        return false;
    }
    const std::string name(text.substr(0, eq));
    const std::string_view dimsText = text.substr(eq + 1);
    if (options.inputShapes.count(name)) {
        error = "input '" + name + "' is given twice";
        return false;
    }
    Dims dims;
    std::size_t start = 0;
    while (start <= dimsText.size()) {
        std::size_t end = dimsText.find_first_of("x,", start);
        if (end == std::string_view::npos)
            end = dimsText.size();
        const std::string_view part = dimsText.substr(start, end - start);
        std::int64_t value = 0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size() || value <= 0) {
            error = "'" + std::string(text) + "': dimension '" + std::string(part) +
                    "' is not a positive integer (write dims as 1x3x224x224)";
            return false;
        }
        dims.push_back(value);
        start = end + 1;
    }
    options.inputShapes.emplace(name, std::move(dims));
    return true;
}

std::string formatDims(const Dims& dims)
{
    std::string text;
    for (std::size_t i = 0; i < dims.size(); ++i)
        text += (i ? "x" : "") + std::to_string(dims[i]);
    return text;
}

std::string importOptionsFlags(const OnnxImportOptions& options)
{
    std::string text;
    for (const auto& [name, dims] : options.inputShapes)
        text += (text.empty() ? "" : " ") + std::string(kInputShapeFlag) + " " + name + "=" +
                formatDims(dims);
    if (options.weightsFromInputs)
        text += (text.empty() ? "" : " ") + std::string(kWeightsFromInputsFlag);
    return text;
}

} // namespace compass
