// SPDX-License-Identifier: MIT
#include "local_memory_allocator.h"

namespace compass {

std::optional<std::int64_t> LocalMemoryAllocator::allocate(std::int64_t bytes)
{
    const std::int64_t aligned = (bytes + 7) / 8 * 8;
    if (aligned < 0 || aligned > m_capacity - m_used)
        return std::nullopt;
    const std::int64_t offset = m_used;
    m_used += aligned;
    return offset;
}

} // namespace compass
