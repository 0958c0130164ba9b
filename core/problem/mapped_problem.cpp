// SPDX-License-Identifier: MIT
#include "mapped_problem.h"

#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"

#include <algorithm>
#include <cassert>

namespace compass {

MappedProblem::MappedProblem(std::shared_ptr<const Graph> graph, ArchSpec arch,
                             CostingOptions costing, std::shared_ptr<const UnitTable> units,
                             std::shared_ptr<const ValidityMap> validity,
                             std::shared_ptr<const SpanIoModel> io)
    : m_graph(std::move(graph))
    , m_arch(std::move(arch))
    , m_costing(costing)
    , m_units(std::move(units))
    , m_validity(std::move(validity))
    , m_io(std::move(io))
{
    assert(m_graph && m_units && m_validity && m_io);
    assert(m_validity->unitCount() == m_units->unitCount());
    m_costing.batchSize = std::max<std::int64_t>(1, m_costing.batchSize);
}

const std::vector<LayerTiling>& MappedProblem::tiling() const
{
    return m_units->layers();
}

std::int32_t MappedProblem::unitCount() const
{
    return m_units->unitCount();
}

std::shared_ptr<const MappedProblem> MappedProblem::withCosting(CostingOptions costing) const
{
    std::shared_ptr<const SpanIoModel> io = m_io;
    if (costing.partialSumBits != m_costing.partialSumBits)
        io =
            std::make_shared<const SpanIoModel>(*m_graph, *m_units, m_arch, costing.partialSumBits);
    return std::make_shared<const MappedProblem>(m_graph, m_arch, costing, m_units, m_validity,
                                                 std::move(io));
}

std::shared_ptr<const MappedProblem> MappedProblem::withBatchSize(std::int64_t batchSize) const
{
    CostingOptions costing = m_costing;
    costing.batchSize = batchSize;
    return withCosting(costing);
}

SearchProblem MappedProblem::searchProblem(const CostModel& cost) const
{
    return {*m_units, *m_validity, cost};
}

} // namespace compass
