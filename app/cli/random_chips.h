// SPDX-License-Identifier: MIT
#pragma once
// `compass crosscheck --random-chips N`: chips drawn around the sram presets, so the estimator
// is checked against the event simulator away from the three chips it was written for.

#include "core/arch/arch_spec.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace compass::cli {

/// One drawn chip: the spec (named after its base preset, so archVariant() lists what it
/// changes) and that description, "sram-M with chip.cores=64, vfu.count=1".
struct RandomChip
{
    ArchSpec spec;
    QString label;
};

/// The distribution, for the help text and docs/cost-model.md: every field of the list is drawn
/// uniformly from its values, independently.
QString randomChipDistributionText();

/// Draws `count` chips from `seed` (the same chips on every platform: core/search/random.h):
/// a base preset among sram-S, -M, -L, then chip.cores, chip.crossbars_per_core, vfu.count,
/// bus.bandwidth_GBps, dram.bandwidth_GBps and local_memory.size_bytes, each from a fixed set
/// around the presets' values. A draw equal to its base preset is drawn again, so every chip
/// changes at least one field; every chip passes validateArchSpec. Prints diagnostics and
/// returns nullopt when a base preset cannot be loaded or a chip fails validation.
std::optional<std::vector<RandomChip>> drawRandomChips(std::int32_t count, std::uint64_t seed);

} // namespace compass::cli
