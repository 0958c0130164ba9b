// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace compass {

class UnitTable;

/// Why a set of units does not fit the chip's cores.
enum class PackingFailure
{
    None,          ///< It fits.
    CrossbarCount, ///< More crossbars than the chip has: no packing could fit.
    CoreCount,     ///< More units larger than half a core than there are cores.
    Packing,       ///< The crossbar total fits, but best-fit-decreasing packing does not.
};

const char* packingFailureName(PackingFailure failure);

/// Result of packing atomic units (each sits wholly on one core) into N cores of K crossbars.
struct PackResult
{
    bool fits = true;
    PackingFailure failure = PackingFailure::None;
    std::int64_t coresUsed = 0;
    std::int64_t crossbars = 0; ///< Crossbars of all packed units.
};

/// Packs units given as a histogram of sizes with best-fit decreasing (BFD): units are placed
/// largest first, each into the open core with the least free room that still holds it (a new
/// core when none does). Working on the histogram makes the cost O(K^2), independent of the
/// number of units, and the result is exactly that of unit-by-unit BFD.
class CorePacker
{
public:
    CorePacker(std::int64_t cores, std::int64_t crossbarsPerCore);

    /// `countBySize[s]` units of s crossbars, s = 1..K (index 0 ignored). Sizes above K fail
    /// with CrossbarCount (callers never produce them: units are at most one core).
    PackResult pack(std::span<const std::int64_t> countBySize) const;

    std::int64_t cores() const { return m_cores; }
    std::int64_t crossbarsPerCore() const { return m_perCore; }

private:
    std::int64_t m_cores;
    std::int64_t m_perCore;
};

/// Best-fit decreasing item by item: `sizes[i]` crossbars per item (each at most
/// `crossbarsPerCore`), placed largest first (ties in the given order) into the open core with
/// the least room that still holds it, a new core when none does. Returns each item's core
/// (0-based, in opening order), or an empty vector when more than `cores` cores would be needed.
/// The one placement the scheduler emits and the estimator's issue-port rule reads.
std::vector<std::int32_t> placeBestFitDecreasing(std::span<const std::int64_t> sizes,
                                                 std::int64_t cores, std::int64_t crossbarsPerCore);

/// Packs units [begin, end) of `table` onto the table's chip, with the crossbars reserved for
/// the activation MatMuls anchored in the span (UnitTable::attentionPieces, one copy each).
/// `replicationByLayer`, when not empty, gives every layer's copy count (indexed by layer
/// index; each copy of a unit is a unit).
PackResult packUnitSpan(const UnitTable& table, std::int32_t begin, std::int32_t end,
                        std::span<const std::int32_t> replicationByLayer = {});

} // namespace compass
