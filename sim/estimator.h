// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/mapping/unit_table.h"
#include "core/partition/cost_model.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"

#include <cstdint>
#include <vector>

namespace compass {

class Graph;

/// Options of the analytical estimator that are not properties of the chip.
struct EstimatorOptions
{
    std::int64_t batchSize = 1;
    /// Width of one partial sum sent between cores or through DRAM (bits).
    /// TODO(arch): becomes an ArchSpec field (e.g. "precision.partial_sum_bits") once added.
    std::int64_t partialSumBits = 16;
    /// Replicate layers inside each partition (exact, see core/partition/replication.h).
    bool replicate = true;
};

/// The analytical cost model of docs/cost-model.md: the fitness the optimisers use. Builds the
/// unit table, validity map and per-unit prefix sums once; partitionCost() of a span then costs
/// O(tensors + layers in span + replication search), a few microseconds, and allocates only
/// its result. The Graph must outlive the estimator. const methods are thread-safe.
class Estimator final : public CostModel
{
public:
    Estimator(const Graph& graph, const ArchSpec& arch, EstimatorOptions options = {});

    std::int32_t unitCount() const override { return m_units.unitCount(); }
    std::int64_t batchSize() const override { return m_options.batchSize; }
    bool isValidSpan(UnitSpan span) const override
    {
        return m_validity.isValid(span.begin, span.end);
    }
    PartitionCost partitionCost(UnitSpan span) const override;

    const UnitTable& units() const { return m_units; }
    const ValidityMap& validity() const { return m_validity; }
    const SpanIoModel& io() const { return m_io; }
    const ArchSpec& arch() const { return m_arch; }
    const EstimatorOptions& options() const { return m_options; }

private:
    double range(const std::vector<double>& prefix, std::int32_t begin, std::int32_t end) const
    {
        return prefix[static_cast<std::size_t>(end)] - prefix[static_cast<std::size_t>(begin)];
    }

    /// A tensor produced by a layer's pipeline stage (the layer's output or an output of a
    /// weight-free operator it owns): sent on the bus once per input when a consumer sits in
    /// the span.
    struct StageTensor
    {
        double bytes = 0.0;
        std::int32_t anchorUnit = -1;        ///< Producer's unit; -1: the layer's own output.
        std::int32_t firstConsumerUnit = -1; ///< Smallest first unit of its placed consumers.
    };
    /// Per layer index: the stage's predecessors in the layer DAG (smaller layer indices whose
    /// stage produces an input of this layer, or only of an operator it owns, which runs after
    /// the layer's MVMs) and its tensors.
    struct StageNode
    {
        std::vector<std::int32_t> predecessors;   ///< Of the layer's own input.
        std::vector<std::int32_t> opPredecessors; ///< Of the operators it owns only.
        std::vector<StageTensor> tensors;
    };

    /// Share of layer `l`'s output columns completed by units [begin, end).
    double fractionProduced(std::size_t l, std::int32_t begin, std::int32_t end) const;

    const Graph* m_graph;
    ArchSpec m_arch;
    EstimatorOptions m_options;
    UnitTable m_units;
    ValidityMap m_validity;
    SpanIoModel m_io;
    // Per-unit prefix sums (size units + 1), per inference.
    std::vector<double> m_weights;      ///< Weights held.
    std::vector<double> m_crossbars;    ///< Crossbars.
    std::vector<double> m_conversions;  ///< ADC conversions.
    std::vector<double> m_activations;  ///< Crossbar activations (MVMs).
    std::vector<double> m_vfuBytes;     ///< VFU work: partial-sum adds and weight-free ops.
    std::vector<double> m_opBytes;      ///< VFU work of weight-free ops only (at their anchor).
    std::vector<double> m_psumOutBytes; ///< Partial sums a row chunk hands to the next chunk.
    std::vector<double> m_localBytes;   ///< Local memory traffic.
    std::vector<StageNode> m_stages;    ///< Per layer index.
};

} // namespace compass
