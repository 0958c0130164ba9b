// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace compass {

class DiagnosticSink;
class Graph;
class UnitTable;

/// Parses a plan's cuts as users write them (`--cuts`): unit indices "3,17,40" (each in
/// 0..M), or "layers:name1,name2" to cut before those weight layers; empty text is one
/// partition. Spaces around items are ignored. On a bad item reports an error naming it (JSON
/// path "--cuts") and returns nullopt. Does not validate the plan: see validatePlan.
std::optional<std::vector<std::int32_t>> parseCutList(std::string_view text, const Graph& graph,
                                                      const UnitTable& units,
                                                      DiagnosticSink& diagnostics);

} // namespace compass
