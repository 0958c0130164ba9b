// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

namespace compass {
class UnitTable;
}

namespace compass::ui {

/// Carries a plan's inner cuts from one unit table to another of the same network (the chip
/// changed, so layers have different unit counts). A cut at a layer's first unit stays at that
/// layer's first unit; a cut inside a layer keeps its relative position in the layer (rounded).
/// Cuts that collide are merged. The layers of both tables must be the same (same graph).
std::vector<std::int32_t> mapCutsByLayer(const UnitTable& from, const UnitTable& to,
                                         const std::vector<std::int32_t>& innerCuts);

} // namespace compass::ui
