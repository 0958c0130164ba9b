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
#include <memory>
#include <optional>
#include <vector>

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

/// One configuration, set up: a network on a chip at a batch size.
struct PaperConfiguration
{
    QString label; ///< "ResNet18-M-16" (the paper's), "vit_b_16-reram-pimcomp-64" (a grid's).
    QString networkLabel; ///< "ResNet18", "vit_b_16".
    QString chipLabel;    ///< "M", "reram-pimcomp", "sram-M with chip.cores=64".
    QString model;        ///< What loadModel reads: a bundled name or a path.
    std::int64_t batch = 1;
    std::shared_ptr<const MappedProblem> problem;
};

/// Which of the paper's configurations to visit: empty lists mean all (case-insensitive
/// labels, chip letters, batch numbers).
struct PaperFilter
{
    QStringList networks;
    QStringList chips;
    QStringList batches;
};

/// Any networks x chips x batch sizes, each with the label its rows carry.
struct ConfigurationGrid
{
    struct Network
    {
        QString label;
        QString model; ///< A bundled name, an ONNX path or a project (its model).
    };
    struct Chip
    {
        QString label;
        QString arch; ///< A preset name or an architecture JSON file.
        /// A chip given as a value (a drawn random chip): used instead of `arch`.
        std::optional<ArchSpec> spec = std::nullopt;
    };
    std::vector<Network> networks;
    std::vector<Chip> chips;
    std::vector<std::int64_t> batches;
};

/// The paper's 45 configurations (kPaperNetworks x sram-S/M/L x kPaperBatches) that `filter`
/// keeps, labelled as the paper does.
ConfigurationGrid paperGrid(const PaperFilter& filter);

/// Sets up every configuration of `grid`, networks outermost, then chips, then batches, and
/// calls `visit`: each network is imported once and mapped once per chip; its batch sizes share
/// that mapping (MappedProblem::withBatchSize). Returns false (after printing diagnostics)
/// when a chip or model cannot be loaded. The passes report their timings to
/// `instrumentation`.
bool forEachConfiguration(const ConfigurationGrid& grid,
                          const std::function<void(const PaperConfiguration&)>& visit,
                          PassInstrumentation* instrumentation = nullptr);

/// forEachConfiguration(paperGrid(filter), ...).
bool forEachPaperConfiguration(const PaperFilter& filter,
                               const std::function<void(const PaperConfiguration&)>& visit,
                               PassInstrumentation* instrumentation = nullptr);

} // namespace compass::cli
