// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace compass::jobs {

/// One of N deterministic slices of a sweep (`--shard K/N`): the configurations whose index
/// is K modulo N. K is taken modulo N, so 0-based (0..N-1) and 1-based (1..N) numbering both
/// name every slice exactly once. Slices are round-robin, so each gets a similar mix.
struct SweepShard
{
    std::int64_t index = 0;
    std::int64_t count = 1; ///< >= 1

    /// "K/N" with N >= 1 and 0 <= K <= N; nullopt otherwise.
    static std::optional<SweepShard> parse(const QString& text);

    bool contains(std::size_t configIndex) const
    {
        return static_cast<std::int64_t>(configIndex) % count == index % count;
    }
    /// The indices of 0 .. configurations-1 in this slice, in order.
    std::vector<std::size_t> slice(std::size_t configurations) const;
    bool isWhole() const { return count == 1; }
};

} // namespace compass::jobs
