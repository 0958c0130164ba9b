// SPDX-License-Identifier: MIT
#pragma once

#include <span>

namespace compass {

/// One forward-only step of the run database schema: the SQL that takes a database at
/// `toVersion - 1` to `toVersion`. Steps run in one transaction together with the
/// PRAGMA user_version update, so a crash leaves the old or the new schema, never a mix.
struct SchemaMigration
{
    int toVersion;
    const char* description;
    const char* sql;
};

/// Every step from an empty database (version 0) to RunStore::kSchemaVersion, in order.
/// Never edit a published step: add a new one (tests compare v1 against a frozen copy).
std::span<const SchemaMigration> schemaMigrations();

} // namespace compass
