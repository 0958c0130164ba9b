// SPDX-License-Identifier: MIT
#pragma once

#include "core/pipeline/pass.h"

#include <functional>
#include <memory>

namespace compass {

class CostModel;
class MappedProblem;

/// Makes the cost model that scores plans of a problem. Core declares only the interface; the
/// caller injects sim's estimator (sim/estimator.h: estimatorFactory()).
using CostModelFactory =
    std::function<std::shared_ptr<const CostModel>(std::shared_ptr<const MappedProblem>)>;

/// Chooses the cuts of state.problem with state.search (runPartitionSearch), scored by
/// state.costModel, made by the factory unless the caller seeded it: sets state.searchResult
/// and state.plan.
class SearchPass final : public Pass
{
public:
    explicit SearchPass(CostModelFactory factory = {})
        : m_factory(std::move(factory))
    {}

    const char* name() const override { return "search"; }
    const char* description() const override
    {
        return "choose the partition cuts (greedy, layerwise, ga or exact)";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;

private:
    CostModelFactory m_factory;
};

} // namespace compass
