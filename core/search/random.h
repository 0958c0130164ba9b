// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace compass {

__extension__ using Uint128 = unsigned __int128;

/// A small seeded generator (xoshiro256**, seeded by splitmix64) whose sequence is the same on
/// every platform and library, unlike std::uniform_int_distribution. Not thread-safe.
class Rng
{
public:
    explicit Rng(std::uint64_t seed)
    {
        for (std::uint64_t& word : m_state) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in [0, bound), bound > 0 (Lemire's nearly divisionless method).
    std::uint64_t below(std::uint64_t bound)
    {
        Uint128 m = static_cast<Uint128>(next()) * bound;
        auto low = static_cast<std::uint64_t>(m);
        if (low < bound) {
            const std::uint64_t threshold = (0 - bound) % bound;
            while (low < threshold) {
                m = static_cast<Uint128>(next()) * bound;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    /// Uniform integer in [lo, hi], lo <= hi.
    std::int32_t between(std::int32_t lo, std::int32_t hi)
    {
        return lo + static_cast<std::int32_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4]{};
};

} // namespace compass
