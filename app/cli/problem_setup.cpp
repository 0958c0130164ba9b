// SPDX-License-Identifier: MIT
#include "problem_setup.h"

#include "cli_common.h"
#include "model_loading.h"

namespace compass::cli {

namespace {
constexpr std::int64_t kMaxBatch = 1 << 20;
} // namespace

std::optional<ProblemSetup> setUpProblem(const QString& model, const ArchSpec& arch,
                                         std::int64_t batch)
{
    std::optional<Graph> graph = loadModel(model);
    if (!graph)
        return std::nullopt;
    ProblemSetup setup;
    setup.modelArgument = model;
    setup.graph = std::make_unique<Graph>(std::move(*graph));
    setup.arch = arch;
    EstimatorOptions options;
    options.batchSize = batch;
    setup.estimator = std::make_unique<Estimator>(*setup.graph, setup.arch, options);
    if (setup.estimator->unitCount() == 0) {
        err() << model << ": error: the network has no weight layers (Conv, Gemm, MatMul with a"
              << " constant operand), so there is nothing to map onto crossbars\n";
        err().flush();
        return std::nullopt;
    }
    return setup;
}

void addBatchOption(QCommandLineParser& parser)
{
    parser.addOption({"batch", "Inputs per batch, B (default 1).", "B", "1"});
}

std::optional<std::int64_t> batchFromParser(const QCommandLineParser& parser,
                                            const QString& command)
{
    bool ok = false;
    const qlonglong batch = parser.value("batch").toLongLong(&ok);
    if (!ok || batch < 1 || batch > kMaxBatch) {
        usageError(command, QString("--batch must be an integer from 1 to %1, got '%2'")
                                .arg(kMaxBatch)
                                .arg(parser.value("batch")));
        return std::nullopt;
    }
    return static_cast<std::int64_t>(batch);
}

} // namespace compass::cli
