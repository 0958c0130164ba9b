// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

namespace compass {

/// Orders names as people read them: runs of digits compare by their value, so "resnet18"
/// comes before "resnet152" and "squeezenet1_0" before "squeezenet1_1"; other characters
/// compare case-insensitively, then by byte as a tie-break (a total order).
bool naturalLess(std::string_view a, std::string_view b);

} // namespace compass
