// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>

namespace compass {

/// First-fit bump allocator over one core's local memory for one partition: buffers are
/// allocated in the order the scheduler asks (weight staging first, then stage buffers in layer
/// order) and all freed together when the partition ends. A request that does not fit the
/// remaining capacity returns nullopt: the caller spills that buffer to DRAM.
class LocalMemoryAllocator
{
public:
    explicit LocalMemoryAllocator(std::int64_t capacityBytes)
        : m_capacity(capacityBytes)
    {}

    /// Offset of a new buffer of `bytes` (rounded up to 8-byte alignment), or nullopt.
    std::optional<std::int64_t> allocate(std::int64_t bytes);
    void reset() { m_used = 0; }
    std::int64_t capacityBytes() const { return m_capacity; }
    std::int64_t usedBytes() const { return m_used; }

private:
    std::int64_t m_capacity;
    std::int64_t m_used = 0;
};

} // namespace compass
