// SPDX-License-Identifier: MIT
#pragma once

// The problem's parts, complete: every user reads them.
#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "core/problem/costing_options.h"
#include "core/search/search_types.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace compass {

class CostModel;

/// A network mapped onto a chip at one batch size: the graph, the chip, the costing options and
/// the products of the mapping passes (crossbar tiling, unit table, validity map, span I/O
/// model). Built by the mapping passes of core/pipeline (mapProblem() runs them), immutable once
/// built, and shared as std::shared_ptr<const MappedProblem>: every member is const, so any
/// number of threads may read one problem at once. The graph and the products are held by
/// shared_ptr, so their addresses never change while any problem uses them, and a variant at
/// other costing options (withCosting) shares them instead of mapping again.
class MappedProblem
{
public:
    /// Assembles a problem from the mapping passes' products, which must all have been built
    /// from `graph` on `arch` (the span I/O model with `costing.partialSumBits`). The span-io
    /// pass is the one caller; everyone else calls mapProblem() (core/pipeline/pipelines.h).
    MappedProblem(std::shared_ptr<const Graph> graph, ArchSpec arch, CostingOptions costing,
                  std::shared_ptr<const UnitTable> units,
                  std::shared_ptr<const ValidityMap> validity,
                  std::shared_ptr<const SpanIoModel> io);

    MappedProblem(const MappedProblem&) = delete;
    MappedProblem& operator=(const MappedProblem&) = delete;

    const Graph& graph() const { return *m_graph; }
    /// The graph, to map it again on another chip (the document does on a chip edit).
    const std::shared_ptr<const Graph>& sharedGraph() const { return m_graph; }
    const ArchSpec& arch() const { return m_arch; }
    const CostingOptions& costing() const { return m_costing; }
    std::int64_t batchSize() const { return m_costing.batchSize; }

    /// The crossbar tiling of every weight layer, in topological order (the crossbar-tiling
    /// pass's product, as the unit table keeps it).
    const std::vector<LayerTiling>& tiling() const;
    const UnitTable& units() const { return *m_units; }
    const ValidityMap& validity() const { return *m_validity; }
    const SpanIoModel& io() const { return *m_io; }
    std::int32_t unitCount() const;

    /// The same mapping costed with `costing`: shares the graph, tiling, unit table and
    /// validity map (none depends on the costing) and rebuilds the span I/O model only when
    /// the partial-sum width differs. Cheap; safe from any thread.
    std::shared_ptr<const MappedProblem> withCosting(CostingOptions costing) const;
    /// withCosting with only the batch size changed.
    std::shared_ptr<const MappedProblem> withBatchSize(std::int64_t batchSize) const;

    /// What the optimisers read: this problem's units and validity, scored by `cost` (which
    /// must cost this problem and outlive the returned references).
    SearchProblem searchProblem(const CostModel& cost) const;

private:
    std::shared_ptr<const Graph> m_graph;
    ArchSpec m_arch;
    CostingOptions m_costing;
    std::shared_ptr<const UnitTable> m_units;
    std::shared_ptr<const ValidityMap> m_validity;
    std::shared_ptr<const SpanIoModel> m_io;
};

} // namespace compass
