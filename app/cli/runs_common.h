// SPDX-License-Identifier: MIT
#pragma once
// What the `compass runs` sub-commands share: the --db and --json flags, opening the store and
// reading run ids.

#include "store/run_store.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace compass::cli {

QCommandLineOption runsDbOption();
QCommandLineOption runsJsonOption();

/// --db, or the default store.
QString runsDatabasePath(const QCommandLineParser& parser);

/// Opens the store and prints its diagnostics.
std::optional<RunStore> openRunStore(const QString& path, OpenMode mode);

/// Parses run ids; prints a usage error for anything that is not a positive integer.
std::optional<std::vector<RunId>> parseRunIds(const QStringList& words, const QString& command);

int runRunsList(const QStringList& args);
int runRunsShow(const QStringList& args);
int runRunsExport(const QStringList& args);

} // namespace compass::cli
