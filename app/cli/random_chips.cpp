// SPDX-License-Identifier: MIT
#include "random_chips.h"

#include "cli_common.h"
#include "core/arch/arch_fields.h"
#include "core/arch/arch_presets.h"
#include "core/arch/arch_validation.h"
#include "core/search/random.h"
#include "core/support/diagnostics.h"

#include <array>
#include <cmath>
#include <span>

namespace compass::cli {

namespace {

constexpr std::array<const char*, 3> kBases = {"sram-S", "sram-M", "sram-L"};

/// One drawn field and its values. Around the presets (docs/architecture-spec.md): cores and
/// crossbars per core include the presets' 16, 36 and 9, 16, with a smaller and a larger chip;
/// one VFU per core next to Table I's 12; a bus 4x slower and 4x faster than PIMCOMP's 25.6
/// GB/s; DRAM of LPDDR3 x32 (6.4), LPDDR3 x64 (12.8, the presets) and PIMCOMP's global memory
/// (64); half and four times the 64 kB local memory. vfu.power_mW (all VFUs of a core) follows
/// vfu.count at Table I's 22.8 mW / 12 per VFU.
struct DrawnField
{
    const char* key;
    std::span<const double> values;
};

constexpr std::array<double, 4> kCores = {8, 16, 36, 64};
constexpr std::array<double, 4> kCrossbarsPerCore = {4, 9, 16, 32};
constexpr std::array<double, 3> kVfus = {1, 4, 12};
constexpr std::array<double, 3> kBus = {6.4, 25.6, 102.4};
constexpr std::array<double, 3> kDram = {6.4, 12.8, 64};
constexpr std::array<double, 3> kLocalMemory = {32768, 65536, 262144};

constexpr std::array<DrawnField, 6> kFields = {
    DrawnField{"chip.cores", kCores},
    DrawnField{"chip.crossbars_per_core", kCrossbarsPerCore},
    DrawnField{"vfu.count", kVfus},
    DrawnField{"bus.bandwidth_GBps", kBus},
    DrawnField{"dram.bandwidth_GBps", kDram},
    DrawnField{"local_memory.size_bytes", kLocalMemory},
};

// COMPASS Table I: 22.8 mW for the 12 VFUs of a core.
constexpr double kVfuPowerMwPerUnit = 22.8 / 12.0;

void setNumber(ArchSpec& spec, const ArchField& field, double value)
{
    if (field.integer)
        spec.*field.integer = static_cast<std::int64_t>(value);
    else
        spec.*field.real = value;
}

} // namespace

QString randomChipDistributionText()
{
    QStringList parts;
    QStringList bases;
    for (const char* b : kBases)
        bases << b;
    parts << "base " + bases.join(" | ");
    for (const DrawnField& f : kFields) {
        QStringList values;
        for (double v : f.values)
            values << QString::fromStdString(formatArchNumber(v));
        parts << QString(f.key) + " " + values.join(" | ");
    }
    return parts.join("; ");
}

std::optional<std::vector<RandomChip>> drawRandomChips(std::int32_t count, std::uint64_t seed)
{
    std::vector<ArchSpec> bases;
    for (const char* name : kBases) {
        DiagnosticList diagnostics;
        std::optional<ArchSpec> base = loadArchSpec(name, {}, diagnostics);
        printDiagnostics(diagnostics);
        if (!base)
            return std::nullopt;
        bases.push_back(std::move(*base));
    }
    // A stream of its own, so the chips do not shift the genetic algorithm's draws.
    Rng rng(seed ^ 0x636869707321ULL);
    std::vector<RandomChip> chips;
    for (std::int32_t k = 0; k < count; ++k) {
        ArchSpec spec;
        ArchVariant variant;
        do {
            spec = bases[rng.below(bases.size())];
            for (const DrawnField& f : kFields) {
                const ArchField* field = findArchField(f.key);
                setNumber(spec, *field, f.values[rng.below(f.values.size())]);
            }
            // Rounded to 1 uW, so the label reads "vfu.power_mW=7.6", not 7.6000000000000005.
            spec.vfuPowerMw =
                std::round(kVfuPowerMwPerUnit * static_cast<double>(spec.vfuCount) * 1000.0) /
                1000.0;
            variant = archVariant(spec);
        } while (!variant.isModified());
        const QString label = QString::fromStdString(variant.summary());
        DiagnosticList diagnostics;
        if (!validateArchSpec(spec, "random chip " + std::to_string(k + 1), diagnostics)) {
            printDiagnostics(diagnostics);
            return std::nullopt;
        }
        chips.push_back({std::move(spec), label});
    }
    return chips;
}

} // namespace compass::cli
