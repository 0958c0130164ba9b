// SPDX-License-Identifier: MIT
#pragma once

#include "store/recording/run_recording.h"

#include <QCommandLineParser>
#include <QString>

namespace compass {
class Estimator;
} // namespace compass

namespace compass::cli {

/// Adds `--db FILE` and `--no-store`.
void addStoreOptions(QCommandLineParser& parser);

/// Stores `record` unless --no-store, in --db or the default store, and prints "stored as run
/// N in PATH" on stderr. Returns false (after printing the store's error) when it could not.
bool storeRunFromParser(const QCommandLineParser& parser, const RunRecord& record);

/// compass simulate's storing step: identifies the model, builds the "manual" record of `plan`
/// costed by `estimator`, and stores it as storeRunFromParser does. False when not stored.
bool storeManualRun(const QCommandLineParser& parser, const QString& modelArgument,
                    const Estimator& estimator, const Plan& plan, const PlanCost& cost,
                    double runtimeMs, const std::string& engine = "estimator");

} // namespace compass::cli
