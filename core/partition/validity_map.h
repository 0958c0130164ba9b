// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/core_packer.h"

#include <cstdint>
#include <vector>

namespace compass {

class UnitTable;
struct ArchSpec;

/// For every start unit a, the maximal end b such that every span [a, b') with a < b' <= b
/// packs into the chip's cores with replication 1, and why [a, b + 1) fails. Validity is
/// prefix-closed by this definition, so it is monotone in the end: [a, b) is valid exactly
/// when a < b <= endMax(a). A single unit is always valid (units never exceed one core).
/// Immutable after build; safe to read from several threads.
class ValidityMap
{
public:
    static ValidityMap build(const UnitTable& table);

    std::int32_t unitCount() const { return static_cast<std::int32_t>(m_endMax.size()); }
    /// Largest valid end for start `begin` (exclusive end, in units).
    std::int32_t endMax(std::int32_t begin) const
    {
        return m_endMax[static_cast<std::size_t>(begin)];
    }
    /// Why the span one unit longer than endMax fails; None when endMax is the network's end.
    PackingFailure failure(std::int32_t begin) const
    {
        return m_failure[static_cast<std::size_t>(begin)];
    }
    bool isValid(std::int32_t begin, std::int32_t end) const
    {
        return begin >= 0 && begin < end && end <= unitCount() && end <= endMax(begin);
    }
    /// The fewest partitions any valid plan can have (exact, by dynamic programming).
    std::int32_t minimumPartitions() const;

private:
    std::vector<std::int32_t> m_endMax;
    std::vector<PackingFailure> m_failure;
};

/// The arithmetic lower bound on partitions with no replication and perfect packing:
/// ceil(weights x weight bits / chip bits).
std::int64_t capacityLowerBound(std::int64_t weights, std::int64_t weightBits,
                                std::int64_t chipBits);
/// The same bound for a unit table on `arch`: every weight at arch.weightBits in every
/// crossbar row's weight slots, and with `attention.engine` = crossbar the crossbars reserved
/// for activation MatMul operands too (each a whole crossbar of some partition).
std::int64_t capacityLowerBound(const UnitTable& table, const ArchSpec& arch);

} // namespace compass
