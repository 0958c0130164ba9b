// SPDX-License-Identifier: MIT
#include "search_pass.h"

#include "core/partition/cost_model.h"
#include "core/pipeline/pipeline_state.h"
#include "core/pipeline/product_dump.h"
#include "core/problem/mapped_problem.h"
#include "core/search/partition_search.h"
#include "core/support/diagnostics.h"

namespace compass {

bool SearchPass::run(PipelineState& state, DiagnosticSink& diagnostics) const
{
    if (!state.problem) {
        diagnostics.error("search: needs the mapped problem (run span-io first)");
        return false;
    }
    if (!state.costModel) {
        if (!m_factory) {
            diagnostics.error("search: no cost model (seed one or give the pass a factory)");
            return false;
        }
        state.costModel = m_factory(state.problem);
    }
    state.searchResult = runPartitionSearch(state.problem->searchProblem(*state.costModel),
                                            state.search, state.searchControl);
    state.plan = state.searchResult->plan;
    return true;
}

std::string SearchPass::dump(const PipelineState& state) const
{
    return state.searchResult && state.problem
               ? dumpSearchResult(*state.searchResult, state.problem->units())
               : std::string();
}

} // namespace compass
