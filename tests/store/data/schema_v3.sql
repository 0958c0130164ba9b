-- SPDX-License-Identifier: MIT
-- Frozen copy of run database schema version 3 (store/schema_migrations.cpp, steps 1 to 3), the
-- schema before the import options, with one run as version 3 wrote it, so tst_schema_migrations
-- can migrate a v3 database to v4 and read the old run. Never edit: schema changes are new
-- migration steps.
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
ALTER TABLE runs ADD COLUMN engine TEXT NOT NULL DEFAULT 'estimator';
CREATE INDEX runs_created_at ON runs(created_at);
ALTER TABLE runs ADD COLUMN arch_changes TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 3;
-- One run as version 3 wrote it (no import options yet).
INSERT INTO runs (id, uuid, created_at, label, app_version, model_name, model_path, model_sha256,
    arch_name, arch_json, arch_hash, batch, method, objective, options_json, seed, cuts_json,
    partitions_json, runtime_ms, status, notes, latency_per_batch_ns, throughput_ips,
    energy_per_inference_pj, edp_pj_s, engine, arch_changes)
VALUES (12, '5e0d7c1a-3b2f-4e8d-8a61-2c9f0b7e4d33', '2025-02-03T08:09:10.111Z', 'v3 run', '0.1.0',
    'vit_b_16', '/m/vit_b_16.onnx', 'feed42', 'sram-M*', '{"name":"sram-M"}', '0a1b2c', 2,
    'exact', 'latency', '{"replicate":true,"method":"exact","objective":"latency"}', 0, '[5]',
    '[{"partition":0},{"partition":1}]', 42.5, 'complete', 'from v3', 900.0, 2222.0, 1.5e6, 0.5,
    'estimator', 'dram.bandwidth_GBps=25.6');
INSERT INTO run_metrics (run_id, key, value) VALUES (12, 'latency_per_batch_ns', 900.0),
    (12, 'throughput_ips', 2222.0);
INSERT INTO run_tags (run_id, tag) VALUES (12, 'v3');
