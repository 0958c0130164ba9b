// SPDX-License-Identifier: MIT
#include "paper_configs.h"

#include "cli_common.h"
#include "core/arch/arch_presets.h"
#include "core/support/diagnostics.h"

namespace compass::cli {

bool forEachPaperConfiguration(const PaperFilter& filter,
                               const std::function<void(const PaperConfiguration&)>& visit)
{
    for (const PaperNetwork& network : kPaperNetworks) {
        if (!filter.networks.isEmpty() &&
            !filter.networks.contains(network.label, Qt::CaseInsensitive))
            continue;
        for (const char* chip : kPaperChips) {
            if (!filter.chips.isEmpty() && !filter.chips.contains(chip, Qt::CaseInsensitive))
                continue;
            DiagnosticList diagnostics;
            const std::optional<ArchSpec> arch =
                loadArchSpec(std::string("sram-") + chip, {}, diagnostics);
            if (!arch) {
                printDiagnostics(diagnostics);
                return false;
            }
            for (int batch : kPaperBatches) {
                if (!filter.batches.isEmpty() && !filter.batches.contains(QString::number(batch)))
                    continue;
                std::optional<ProblemSetup> setup = setUpProblem(network.model, *arch, batch);
                if (!setup)
                    return false;
                visit({QString("%1-%2-%3").arg(network.label).arg(chip).arg(batch), &network, chip,
                       batch, &*setup});
            }
        }
    }
    return true;
}

} // namespace compass::cli
