// SPDX-License-Identifier: MIT
#pragma once

#include "store/recording/run_recording.h"

#include <QCommandLineParser>
#include <QString>

namespace compass {
class MappedProblem;
} // namespace compass

namespace compass::cli {

/// This build's version and commit as every run it records keeps them: "0.1.0 (1a2b3c4)".
std::string appVersionText();

/// Adds `--db FILE` and `--no-store`.
void addStoreOptions(QCommandLineParser& parser);

/// Stores `record` unless --no-store, in --db or the default store, and prints "stored as run
/// N in PATH" on stderr. Returns false (after printing the store's error) when it could not.
bool storeRunFromParser(const QCommandLineParser& parser, const RunRecord& record);

/// compass simulate's storing step: identifies the model (imported with `importOptions`),
/// builds the "manual" record of the plan in `outcome` (plan, cost, runtime) on `problem`, and
/// stores it as storeRunFromParser does. False when not stored.
bool storeManualRun(const QCommandLineParser& parser, const QString& modelArgument,
                    const OnnxImportOptions& importOptions, const MappedProblem& problem,
                    const SearchResult& outcome);

} // namespace compass::cli
