// SPDX-License-Identifier: MIT
// libFuzzer target: compass::importOnnxBytes on arbitrary bytes. Every input must either import
// (shape inference complete, weight and MAC totals computable without overflow) or fail with
// an error that names the input; nothing may crash, leak or hit undefined behaviour.
#include "core/onnx/onnx_importer.h"
#include "fuzz_check.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace compass;
    const std::string name = "fuzz.onnx";
    DiagnosticList diagnostics;
    const std::optional<Graph> graph = importOnnxBytes(
        std::string_view(reinterpret_cast<const char*>(data), size), name, diagnostics);
    if (!graph) {
        fuzz::checkFailureExplained(diagnostics, name);
        return 0;
    }
    fuzz::check(!diagnostics.hasErrors(), "import succeeded but reported an error");
    // The totals the reports and the mapper use: signed overflow here is undefined behaviour,
    // which UBSan turns into a crash.
    fuzz::check(graph->totalWeights() >= 0, "negative weight total");
    fuzz::check(graph->totalMacs() >= 0, "negative MAC total");
    for (const Tensor& t : graph->tensors())
        (void)t.elementCount();
    return 0;
}
