// SPDX-License-Identifier: MIT
#include "paper_configs.h"

#include "cli_common.h"
#include "core/arch/arch_presets.h"
#include "core/pipeline/pipelines.h"
#include "core/support/diagnostics.h"
#include "model_argument.h"
#include "model_loading.h"

namespace compass::cli {

ConfigurationGrid paperGrid(const PaperFilter& filter)
{
    ConfigurationGrid grid;
    for (const PaperNetwork& network : kPaperNetworks) {
        if (filter.networks.isEmpty() ||
            filter.networks.contains(network.label, Qt::CaseInsensitive))
            grid.networks.push_back({network.label, network.model});
    }
    for (const char* chip : kPaperChips) {
        if (filter.chips.isEmpty() || filter.chips.contains(chip, Qt::CaseInsensitive))
            grid.chips.push_back({chip, QStringLiteral("sram-") + chip, std::nullopt});
    }
    for (int batch : kPaperBatches) {
        if (filter.batches.isEmpty() || filter.batches.contains(QString::number(batch)))
            grid.batches.push_back(batch);
    }
    return grid;
}

bool forEachConfiguration(const ConfigurationGrid& grid,
                          const std::function<void(const PaperConfiguration&)>& visit,
                          PassInstrumentation* instrumentation)
{
    if (grid.batches.empty() || grid.chips.empty())
        return true;
    // Chips first, so a wrong chip is reported before any network is imported.
    std::vector<ArchSpec> archs;
    for (const ConfigurationGrid::Chip& chip : grid.chips) {
        if (chip.spec) {
            archs.push_back(*chip.spec);
            continue;
        }
        DiagnosticList diagnostics;
        std::optional<ArchSpec> arch = loadArchSpec(chip.arch.toStdString(), {}, diagnostics);
        printDiagnostics(diagnostics);
        if (!arch)
            return false;
        archs.push_back(std::move(*arch));
    }
    for (const ConfigurationGrid::Network& network : grid.networks) {
        // A project stands for its model, with its import options (docs/projects.md).
        const std::optional<ModelArgument> input = ModelArgument::read(network.model);
        if (!input)
            return false;
        const std::shared_ptr<const Graph> graph =
            loadModel(input->model(),
                      input->project() ? input->project()->importOptions : OnnxImportOptions{},
                      instrumentation);
        if (!graph)
            return false;
        for (std::size_t c = 0; c < grid.chips.size(); ++c) {
            DiagnosticList mapping;
            const std::shared_ptr<const MappedProblem> mapped =
                mapProblem(graph, archs[c], {}, mapping, instrumentation);
            printDiagnostics(mapping);
            if (!mapped)
                return false;
            // A chip named by its changes ("sram-M with chip.cores=64, ...") is bracketed.
            const QString& chipLabel = grid.chips[c].label;
            const QString chipPart = chipLabel.contains(' ') ? "[" + chipLabel + "]" : chipLabel;
            for (std::int64_t batch : grid.batches) {
                visit({QString("%1-%2-%3").arg(network.label, chipPart).arg(batch), network.label,
                       grid.chips[c].label, network.model, batch, mapped->withBatchSize(batch)});
            }
        }
    }
    return true;
}

bool forEachPaperConfiguration(const PaperFilter& filter,
                               const std::function<void(const PaperConfiguration&)>& visit,
                               PassInstrumentation* instrumentation)
{
    return forEachConfiguration(paperGrid(filter), visit, instrumentation);
}

} // namespace compass::cli
