// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/search/search_types.h"
#include "sim/estimator.h"

#include <QCommandLineParser>
#include <QString>

#include <memory>
#include <optional>

namespace compass::cli {

/// A network on a chip at one batch size: the graph, the chip, and the estimator built on
/// them (which owns the unit table and validity map). Movable; the graph's address is stable.
struct ProblemSetup
{
    QString modelArgument;
    std::unique_ptr<Graph> graph;
    ArchSpec arch;
    std::unique_ptr<Estimator> estimator;

    SearchProblem searchProblem() const
    {
        return {estimator->units(), estimator->validity(), *estimator};
    }
};

/// Imports MODEL and builds the estimator; diagnostics go to stderr.
std::optional<ProblemSetup> setUpProblem(const QString& model, const ArchSpec& arch,
                                         std::int64_t batch);

/// Adds `--batch B`.
void addBatchOption(QCommandLineParser& parser);
/// Reads --batch (default 1); prints a usage error and returns nullopt when not a positive
/// integer.
std::optional<std::int64_t> batchFromParser(const QCommandLineParser& parser,
                                            const QString& command);

} // namespace compass::cli
