// SPDX-License-Identifier: MIT
#include "problem_setup.h"

#include "cli_common.h"
#include "core/pipeline/pipelines.h"
#include "core/problem/costing_options.h"
#include "model_loading.h"

namespace compass::cli {

std::shared_ptr<const MappedProblem>
setUpProblem(const QString& model, const OnnxImportOptions& importOptions, const ArchSpec& arch,
             const CostingOptions& costing, PassInstrumentation* instrumentation)
{
    std::shared_ptr<const Graph> graph = loadModel(model, importOptions, instrumentation);
    if (!graph)
        return nullptr;
    DiagnosticList diagnostics;
    std::shared_ptr<const MappedProblem> problem =
        mapProblem(std::move(graph), arch, costing, diagnostics, instrumentation);
    printDiagnostics(diagnostics);
    return problem;
}

std::optional<SearchResult> searchProblem(std::shared_ptr<const MappedProblem> problem,
                                          std::shared_ptr<const CostModel> cost,
                                          const SearchOptions& options,
                                          PassInstrumentation* instrumentation,
                                          const SearchControl& control)
{
    DiagnosticList diagnostics;
    std::optional<SearchResult> result = searchPlan(std::move(problem), std::move(cost), options,
                                                    diagnostics, instrumentation, control);
    printDiagnostics(diagnostics);
    return result;
}

void addBatchOption(QCommandLineParser& parser)
{
    parser.addOption({"batch", "Inputs per batch, B (default 1).", "B", "1"});
}

std::optional<std::int64_t> batchFromParser(const QCommandLineParser& parser,
                                            const QString& command, std::int64_t base)
{
    if (!parser.isSet("batch"))
        return base;
    bool ok = false;
    const qlonglong batch = parser.value("batch").toLongLong(&ok);
    if (!ok || batch < 1 || batch > kMaxBatchSize) {
        usageError(command, QString("--batch must be an integer from 1 to %1, got '%2'")
                                .arg(kMaxBatchSize)
                                .arg(parser.value("batch")));
        return std::nullopt;
    }
    return static_cast<std::int64_t>(batch);
}

} // namespace compass::cli
