// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/core_packer.h"

#include <QJsonObject>

#include <cstdint>

namespace compass {

class Graph;
class MappedProblem;

/// Weight and MAC counts of a network's compute nodes (folded constants left out).
struct ModelTotals
{
    std::int64_t weights = 0;
    std::int64_t convWeights = 0; ///< Conv and ConvTranspose weights.
    std::int64_t fcWeights = 0;   ///< Every other weight layer (Gemm, MatMul).
    std::int64_t macs = 0;
};

ModelTotals modelTotals(const Graph& graph);
/// Compute nodes of `graph`: folded constants are not counted.
int modelNodeCount(const Graph& graph);

/// The layer table of `compass inspect --json` and of the Python API's Model:
/// {"model", "nodes", "weight_layers", "layers": [{"name", "op", "output", "weights", "macs"}],
/// "totals": {"weights", "conv_weights", "fc_weights", "macs"}}.
QJsonObject modelJson(const Graph& graph);

/// Why the partition from a unit cannot be one unit longer: the packing failure's name, "end"
/// when it reaches the end of the network.
const char* unitLimitName(PackingFailure failure);

/// The partition units and validity map of `compass units --json` and of compass.units():
/// {"summary": {"units", "layers", "crossbars", "weights", "capacity_lower_bound",
/// "minimum_partitions"}, "units": [{"id", "layer", "column_block", "row_blocks", "crossbars",
/// "weights", "columns", "end_max", "limit"}]}. "limit" is why the partition from the unit
/// cannot be one unit longer ("end" when it reaches the end).
QJsonObject unitsJson(const MappedProblem& problem);

} // namespace compass
