// SPDX-License-Identifier: MIT
#pragma once
// The paper's 45 configurations (method.md section 7): networks x sram chips x batches, and
// the four partitioning methods. Shared by `compass reproduce` and `compass crosscheck`.

#include "core/search/search_types.h"
#include "problem_setup.h"

#include <QString>
#include <QStringList>

#include <array>
#include <functional>

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

/// One of the paper's configurations, set up: the network on its chip at its batch size.
struct PaperConfiguration
{
    QString label; ///< "ResNet18-M-16".
    const PaperNetwork* network = nullptr;
    const char* chip = "";
    int batch = 1;
    ProblemSetup* setup = nullptr;
};

/// Which configurations to visit: empty lists mean all (case-insensitive labels, chip
/// letters, batch numbers).
struct PaperFilter
{
    QStringList networks;
    QStringList chips;
    QStringList batches;
};

/// Sets up every configuration the filter keeps, in the paper's order, and calls `visit`.
/// Returns false (after printing diagnostics) when a preset or model cannot be loaded.
bool forEachPaperConfiguration(const PaperFilter& filter,
                               const std::function<void(const PaperConfiguration&)>& visit);

} // namespace compass::cli
