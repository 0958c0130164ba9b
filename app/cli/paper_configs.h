// SPDX-License-Identifier: MIT
#pragma once
// The paper's 45 configurations (method.md section 7): networks x sram chips x batches, and
// the four partitioning methods. Shared by `compass reproduce` and `compass crosscheck`.

#include "core/search/search_types.h"

#include <array>

namespace compass::cli {

struct PaperNetwork
{
    const char* label; ///< As in the paper's labels (Network-Chip-Batch).
    const char* model; ///< Bundled model name.
};

inline constexpr std::array kPaperNetworks = {PaperNetwork{"VGG16", "vgg16"},
                                              PaperNetwork{"ResNet18", "resnet18"},
                                              PaperNetwork{"SqueezeNet", "squeezenet1_1"}};
/// Chip sizes; the preset is "sram-" + the letter.
inline constexpr std::array kPaperChips = {"S", "M", "L"};
inline constexpr std::array kPaperBatches = {1, 2, 4, 8, 16};
inline constexpr std::array kPaperMethods = {SearchMethod::Greedy, SearchMethod::Layerwise,
                                             SearchMethod::Genetic, SearchMethod::Exact};

} // namespace compass::cli
