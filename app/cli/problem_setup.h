// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/onnx/import_options.h"
#include "core/problem/costing_options.h"
#include "core/problem/mapped_problem.h"

#include <QCommandLineParser>
#include <QString>

#include <memory>
#include <optional>

namespace compass {
class CostModel;
class PassInstrumentation;
} // namespace compass

namespace compass::cli {

/// Imports MODEL with `importOptions` and maps it onto `arch` with `costing` (the import and
/// mapping passes); diagnostics go to stderr. Null on failure or after a --dump-after stop.
std::shared_ptr<const MappedProblem>
setUpProblem(const QString& model, const OnnxImportOptions& importOptions, const ArchSpec& arch,
             const CostingOptions& costing, PassInstrumentation* instrumentation = nullptr);

/// The search pass on `problem`, scored by `cost` (the estimator of `problem`); diagnostics go
/// to stderr. nullopt after a --dump-after stop in `instrumentation`.
std::optional<SearchResult> searchProblem(std::shared_ptr<const MappedProblem> problem,
                                          std::shared_ptr<const CostModel> cost,
                                          const SearchOptions& options,
                                          PassInstrumentation* instrumentation,
                                          const SearchControl& control = {});

/// Adds `--batch B`.
void addBatchOption(QCommandLineParser& parser);
/// Reads --batch (`base` when not given: 1, or a project's batch); prints a usage error and
/// returns nullopt when not an integer from 1 to kMaxBatchSize.
std::optional<std::int64_t> batchFromParser(const QCommandLineParser& parser,
                                            const QString& command, std::int64_t base = 1);

} // namespace compass::cli
