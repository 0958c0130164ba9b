// SPDX-License-Identifier: MIT
#include "store/schema_migrations.h"

#include <array>

namespace compass {
namespace {

// v1: the first layout. Main metrics are duplicated into indexed columns of `runs` for fast
// listing and sorting; every metric (main ones included) is a row of run_metrics, so new
// metrics need no schema change. AUTOINCREMENT keeps deleted ids from being reused.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    app_version TEXT NOT NULL,
    model_name TEXT NOT NULL,
    model_path TEXT NOT NULL,
    model_sha256 TEXT NOT NULL,
    arch_name TEXT NOT NULL,
    arch_json TEXT NOT NULL,
    arch_hash TEXT NOT NULL,
    batch INTEGER NOT NULL,
    method TEXT NOT NULL,
    objective TEXT NOT NULL,
    options_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    cuts_json TEXT NOT NULL,
    partitions_json TEXT NOT NULL,
    runtime_ms REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('complete', 'cancelled', 'failed')),
    notes TEXT NOT NULL DEFAULT '',
    latency_per_batch_ns REAL,
    throughput_ips REAL,
    energy_per_inference_pj REAL,
    edp_pj_s REAL
);
CREATE INDEX runs_model_name ON runs(model_name);
CREATE INDEX runs_arch_name ON runs(arch_name);
CREATE TABLE run_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE TABLE run_tags (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;
CREATE INDEX run_tags_tag ON run_tags(tag);
CREATE TABLE run_convergence (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    best REAL,
    mean REAL,
    min_partitions INTEGER NOT NULL,
    max_partitions INTEGER NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
PRAGMA application_id = 1129140307;
)sql";

// v2: which evaluator produced the metrics (the analytical estimator or the event-driven
// simulator), and an index for time-ordered history views.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE runs ADD COLUMN engine TEXT NOT NULL DEFAULT 'estimator';
CREATE INDEX runs_created_at ON runs(created_at);
)sql";

// v3: how a run's chip differs from the preset it is named after ("dram.bandwidth_GBps=25.6"),
// so lists can name a modified chip without parsing every spec (core/arch archVariant).
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE runs ADD COLUMN arch_changes TEXT NOT NULL DEFAULT '';
)sql";

// v4: the import options the model was read with (--input-shape, --weights-from-inputs) as
// core's import-options JSON; a file with symbolic dims reproduces only with them. Older runs
// read '{}': imported as written.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE runs ADD COLUMN import_options_json TEXT NOT NULL DEFAULT '{}';
)sql";

constexpr std::array kMigrations = {
    SchemaMigration{1, "initial layout: runs, metrics, tags, convergence", kSchemaV1},
    SchemaMigration{2, "runs.engine (estimator/event) and a created_at index", kSchemaV2},
    SchemaMigration{3, "runs.arch_changes: the fields a chip changes from its preset", kSchemaV3},
    SchemaMigration{4, "runs.import_options_json: input shapes and weights_from_inputs", kSchemaV4},
};

} // namespace

std::span<const SchemaMigration> schemaMigrations()
{
    return kMigrations;
}

} // namespace compass
