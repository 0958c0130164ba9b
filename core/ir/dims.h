// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

namespace compass {

/// A tensor's dims, outermost first. Apart from the graph so that headers moc reads (import
/// options, run records) can name it without the graph's C++20 headers.
using Dims = std::vector<std::int64_t>;

} // namespace compass
