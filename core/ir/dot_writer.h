// SPDX-License-Identifier: MIT
#pragma once

#include "graph.h"

#include <string>

namespace compass {

/// The layer graph in Graphviz DOT: one node per compute node (folded constants left out),
/// weight layers as boxes labelled with their matrix size, edges labelled with tensor shapes.
std::string writeDot(const Graph& graph);

} // namespace compass
