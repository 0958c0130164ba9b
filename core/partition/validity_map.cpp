// SPDX-License-Identifier: MIT
#include "validity_map.h"

#include "core/arch/arch_spec.h"
#include "core/mapping/unit_table.h"

#include <algorithm>
#include <limits>

namespace compass {

ValidityMap ValidityMap::build(const UnitTable& table)
{
    ValidityMap map;
    const std::int32_t m = table.unitCount();
    map.m_endMax.assign(static_cast<std::size_t>(m), 0);
    map.m_failure.assign(static_cast<std::size_t>(m), PackingFailure::None);
    const std::int64_t k = table.crossbarsPerCore();
    const CorePacker packer(table.cores(), k);
    std::vector<std::int64_t> counts(static_cast<std::size_t>(k + 1), 0);
    for (std::int32_t a = 0; a < m; ++a) {
        std::fill(counts.begin(), counts.end(), 0);
        std::int64_t crossbars = 0;
        std::int64_t largest = 0;
        std::int32_t end = m;
        PackingFailure failure = PackingFailure::None;
        for (std::int32_t b = a; b < m; ++b) {
            const PartitionUnit& u = table.unit(static_cast<std::size_t>(b));
            counts[static_cast<std::size_t>(u.crossbars)] += 1;
            crossbars += u.crossbars;
            largest = std::max(largest, u.crossbars);
            // Crossbars reserved for the activation MatMuls anchored at b.
            for (std::int32_t p = table.attentionPieceBegin(b);
                 p < table.attentionPieceBegin(b + 1); ++p) {
                const std::int64_t size =
                    table.attentionPieces()[static_cast<std::size_t>(p)].crossbars;
                counts[static_cast<std::size_t>(size)] += 1;
                crossbars += size;
                largest = std::max(largest, size);
            }
            // Cheap rejection first: the crossbar total alone.
            if (crossbars > table.cores() * k) {
                end = b;
                failure = PackingFailure::CrossbarCount;
                break;
            }
            // Cheap acceptance: BFD only fails on a unit of size s when every core already
            // holds more than K - s crossbars, i.e. with a total above N (K - s + 1).
            if (crossbars <= table.cores() * (k - largest + 1))
                continue;
            const PackResult r = packer.pack(counts);
            if (!r.fits) {
                end = b;
                failure = r.failure;
                break;
            }
        }
        // A single unit always fits a core (units are cut to at most one core).
        map.m_endMax[static_cast<std::size_t>(a)] = std::max(end, a + 1);
        map.m_failure[static_cast<std::size_t>(a)] = failure;
    }
    return map;
}

std::int32_t ValidityMap::minimumPartitions() const
{
    // Dynamic programming over cut positions; exact even where endMax is not monotone in a.
    const std::int32_t m = unitCount();
    if (m <= 0)
        return 0;
    constexpr std::int32_t kUnreached = std::numeric_limits<std::int32_t>::max();
    std::vector<std::int32_t> best(m_endMax.size() + 1, kUnreached);
    best.front() = 0;
    for (std::int32_t a = 0; a < m; ++a) {
        if (best[static_cast<std::size_t>(a)] == kUnreached)
            continue;
        for (std::int32_t b = a + 1; b <= endMax(a); ++b) {
            auto& slot = best[static_cast<std::size_t>(b)];
            slot = std::min(slot, best[static_cast<std::size_t>(a)] + 1);
        }
    }
    return best.back();
}

std::int64_t capacityLowerBound(std::int64_t weights, std::int64_t weightBits,
                                std::int64_t chipBits)
{
    if (chipBits <= 0)
        return 0;
    const std::int64_t bits = weights * weightBits;
    return (bits + chipBits - 1) / chipBits;
}

std::int64_t capacityLowerBound(const UnitTable& table, const ArchSpec& arch)
{
    const std::int64_t weightBound = capacityLowerBound(table.totalWeights(), arch.weightBits,
                                                        arch.totalCrossbars() * arch.crossbarRows *
                                                            arch.weightsPerRow() * arch.weightBits);
    if (table.attentionCrossbars() <= 0 || arch.totalCrossbars() <= 0)
        return weightBound;
    // Every reserved crossbar sits in the partition of its MatMul, beside the weights: the
    // partitions together hold weights / weights per crossbar + reserved crossbars.
    const std::int64_t perCrossbar = arch.weightsPerCrossbar();
    const std::int64_t slots = table.totalWeights() + table.attentionCrossbars() * perCrossbar;
    const std::int64_t chipSlots = arch.totalCrossbars() * perCrossbar;
    return std::max(weightBound, (slots + chipSlots - 1) / chipSlots);
}

} // namespace compass
