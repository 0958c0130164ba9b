// SPDX-License-Identifier: MIT
#include "core_packer.h"

#include "core/mapping/unit_table.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>

namespace compass {

const char* packingFailureName(PackingFailure failure)
{
    switch (failure) {
    case PackingFailure::None:
        return "fits";
    case PackingFailure::CrossbarCount:
        return "crossbar count";
    case PackingFailure::CoreCount:
        return "core count";
    case PackingFailure::Packing:
        return "packing";
    }
    return "unknown";
}

CorePacker::CorePacker(std::int64_t cores, std::int64_t crossbarsPerCore)
    : m_cores(std::max<std::int64_t>(0, cores))
    , m_perCore(std::max<std::int64_t>(1, crossbarsPerCore))
{}

PackResult CorePacker::pack(std::span<const std::int64_t> countBySize) const
{
    PackResult result;
    const std::int64_t k = m_perCore;
    std::int64_t bigUnits = 0;
    for (std::size_t s = 1; s < countBySize.size(); ++s) {
        const std::int64_t size = static_cast<std::int64_t>(s);
        result.crossbars += size * countBySize[s];
        if (countBySize[s] > 0 && size > k) {
            result.fits = false;
            result.failure = PackingFailure::CrossbarCount;
        }
        if (2 * size > k)
            bigUnits += countBySize[s];
    }
    if (!result.fits)
        return result;
    if (result.crossbars > m_cores * k) {
        result.fits = false;
        result.failure = PackingFailure::CrossbarCount;
        return result;
    }
    if (bigUnits > m_cores) {
        result.fits = false;
        result.failure = PackingFailure::CoreCount;
        return result;
    }

    // freeCores[f]: cores with f free crossbars; unopened cores count as free K.
    std::int64_t freeStack[257];
    std::vector<std::int64_t> freeHeap;
    std::int64_t* freeCores = freeStack;
    if (k + 1 > 257) {
        freeHeap.assign(static_cast<std::size_t>(k + 1), 0);
        freeCores = freeHeap.data();
    } else {
        std::fill(freeStack, freeStack + k + 1, 0);
    }
    freeCores[k] = m_cores;
    const std::int64_t maxSize =
        std::min<std::int64_t>(k, static_cast<std::int64_t>(countBySize.size()) - 1);
    for (std::int64_t s = maxSize; s >= 1; --s) {
        std::int64_t remaining = countBySize[static_cast<std::size_t>(s)];
        while (remaining > 0) {
            // Best fit: the smallest free room that still holds a unit of size s.
            std::int64_t f = s;
            while (f <= k && freeCores[f] == 0)
                ++f;
            if (f > k) {
                result.fits = false;
                result.failure = PackingFailure::Packing;
                return result;
            }
            // Unit-by-unit BFD fills this core with q units before it turns to the next one
            // (its room after each unit is still the smallest that fits), so whole cores of
            // room f are filled at once.
            const std::int64_t q = f / s;
            if (remaining >= q) {
                const std::int64_t coresTaken = std::min(freeCores[f], remaining / q);
                freeCores[f] -= coresTaken;
                freeCores[f - q * s] += coresTaken;
                remaining -= coresTaken * q;
            } else {
                freeCores[f] -= 1;
                freeCores[f - remaining * s] += 1;
                remaining = 0;
            }
        }
    }
    result.coresUsed = m_cores - freeCores[k];
    return result;
}

PackResult packUnitSpan(const UnitTable& table, std::int32_t begin, std::int32_t end,
                        std::span<const std::int32_t> replicationByLayer)
{
    const std::int64_t k = table.crossbarsPerCore();
    std::int64_t stackCounts[257];
    std::vector<std::int64_t> heapCounts;
    std::int64_t* counts = stackCounts;
    if (k + 1 > 257) {
        heapCounts.assign(static_cast<std::size_t>(k + 1), 0);
        counts = heapCounts.data();
    } else {
        std::fill(stackCounts, stackCounts + k + 1, 0);
    }
    if (begin < end) {
        const std::int32_t lastRun = table.runOf(static_cast<std::size_t>(end - 1));
        for (std::int32_t r = table.runOf(static_cast<std::size_t>(begin)); r <= lastRun; ++r) {
            const UnitRun& run = table.runs()[static_cast<std::size_t>(r)];
            const std::int64_t n = std::min(run.endUnit, end) - std::max(run.firstUnit, begin);
            const std::int64_t copies =
                replicationByLayer.empty()
                    ? 1
                    : replicationByLayer[static_cast<std::size_t>(run.layerIndex)];
            counts[run.crossbarsPerUnit] += n * copies;
        }
        // Crossbars reserved for activation MatMul operands anchored in the span (once each).
        const auto& pieces = table.attentionPieces();
        for (std::int32_t p = table.attentionPieceBegin(begin); p < table.attentionPieceBegin(end);
             ++p)
            counts[pieces[static_cast<std::size_t>(p)].crossbars] += 1;
    }
    const CorePacker packer(table.cores(), k);
    return packer.pack(std::span<const std::int64_t>(counts, static_cast<std::size_t>(k + 1)));
}

std::vector<std::int32_t> placeBestFitDecreasing(std::span<const std::int64_t> sizes,
                                                 std::int64_t cores, std::int64_t crossbarsPerCore)
{
    // Largest first, ties in the given order: a counting sort by size (sizes are crossbar
    // counts of at most one core) keeps the given order within a size, as a stable sort does.
    const std::int64_t room = std::max<std::int64_t>(0, crossbarsPerCore);
    std::int64_t largest = 0;
    for (std::int64_t s : sizes)
        largest = std::max(largest, s);
    std::vector<std::size_t> order(sizes.size());
    if (largest <= room && sizes.size() > 1) {
        // Rank 0 is the largest size.
        const auto rank = [largest](std::int64_t s) {
            return static_cast<std::size_t>(largest - std::max<std::int64_t>(0, s));
        };
        std::vector<std::size_t> start(static_cast<std::size_t>(largest) + 2, 0);
        for (std::int64_t s : sizes)
            ++start[rank(s) + 1];
        for (std::size_t k = 1; k < start.size(); ++k)
            start[k] += start[k - 1];
        for (std::size_t i = 0; i < sizes.size(); ++i)
            order[start[rank(sizes[i])]++] = i;
    } else {
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
    }

    // Best fit: the open core with the least room that still holds the item, the lowest-numbered
    // among equals. Open cores are kept in buckets by their room (0 .. crossbarsPerCore), each a
    // min-heap of core numbers, with a bit per non-empty bucket, so the choice is a scan for the
    // next set bit instead of a pass over every open core. (A core whose room went negative,
    // after an item larger than a core, holds nothing more and is in no bucket.)
    const std::size_t buckets = static_cast<std::size_t>(room) + 1;
    std::vector<std::vector<std::int32_t>> coresWithRoom(buckets);
    std::vector<std::uint64_t> nonEmpty((buckets + 63) / 64, 0);
    const auto mark = [&](std::size_t r, bool on) {
        if (on)
            nonEmpty[r / 64] |= std::uint64_t{1} << (r % 64);
        else
            nonEmpty[r / 64] &= ~(std::uint64_t{1} << (r % 64));
    };
    const auto firstAtLeast = [&](std::size_t r) -> std::size_t {
        if (r >= buckets)
            return buckets;
        std::size_t word = r / 64;
        std::uint64_t bits = nonEmpty[word] & (~std::uint64_t{0} << (r % 64));
        while (bits == 0) {
            if (++word == nonEmpty.size())
                return buckets;
            bits = nonEmpty[word];
        }
        return word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
    };
    const auto byNumber = std::greater<std::int32_t>();
    std::vector<std::int64_t> roomOf;
    std::vector<std::int32_t> coreOf(sizes.size(), -1);
    // Items of one size are consecutive in `order`. The core that takes one of them keeps
    // taking them while it has room: its room after each is still the smallest that fits (any
    // other open core with room of at least the size had more room than it had), so it is
    // filled with as many as fit at once, one heap operation for all of them.
    for (std::size_t at = 0; at < order.size();) {
        const std::int64_t size = sizes[order[at]];
        const std::size_t r =
            firstAtLeast(static_cast<std::size_t>(std::max<std::int64_t>(0, size)));
        std::int32_t core = -1;
        if (r < buckets) {
            std::vector<std::int32_t>& heap = coresWithRoom[r];
            std::pop_heap(heap.begin(), heap.end(), byNumber);
            core = heap.back();
            heap.pop_back();
            if (heap.empty())
                mark(r, false);
        } else {
            if (static_cast<std::int64_t>(roomOf.size()) >= cores)
                return {};
            core = static_cast<std::int32_t>(roomOf.size());
            roomOf.push_back(crossbarsPerCore);
        }
        std::int64_t& left = roomOf[static_cast<std::size_t>(core)];
        // At least one item, then more of the same size while they fit (size > 0: an empty
        // item would fit for ever, so those go one per step).
        do {
            left -= size;
            coreOf[order[at]] = core;
            ++at;
        } while (at < order.size() && sizes[order[at]] == size && size > 0 && left >= size);
        if (left >= 0 && left <= room) {
            std::vector<std::int32_t>& heap = coresWithRoom[static_cast<std::size_t>(left)];
            heap.push_back(core);
            std::push_heap(heap.begin(), heap.end(), byNumber);
            mark(static_cast<std::size_t>(left), true);
        }
    }
    return coreOf;
}

} // namespace compass
