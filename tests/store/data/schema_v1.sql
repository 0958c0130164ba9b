-- SPDX-License-Identifier: MIT
-- Frozen copy of run database schema version 1 (store/schema_migrations.cpp, step 1), kept as
-- a fixture so tst_schema_migrations can build a v1 database and migrate it forward.
-- Never edit: schema changes are new migration steps.
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
PRAGMA user_version = 1;
-- One run as version 1 wrote it (no engine column yet).
INSERT INTO runs (id, uuid, created_at, label, app_version, model_name, model_path, model_sha256,
    arch_name, arch_json, arch_hash, batch, method, objective, options_json, seed, cuts_json,
    partitions_json, runtime_ms, status, notes, latency_per_batch_ns, throughput_ips,
    energy_per_inference_pj, edp_pj_s)
VALUES (7, '0b1c8a52-6a4e-4f53-9d55-5d0e8f7f2a11', '2024-05-01T10:20:30.456Z', 'v1 run', '0.0.9',
    'resnet18', '/m/resnet18.onnx', 'abc123', 'puma-like', '{"name":"puma-like"}', 'def456', 4,
    'genetic', 'edp', '{"population":32}', -5, '[3,9]', '[{"partition":0},{"partition":1},{"partition":2}]',
    1234.5, 'complete', 'from v1', 100.5, 2000.25, 3.5e6, 0.125);
INSERT INTO run_metrics (run_id, key, value) VALUES (7, 'latency_per_batch_ns', 100.5),
    (7, 'throughput_ips', 2000.25), (7, 'energy_per_inference_pj', 3500000.0),
    (7, 'edp_pj_s', 0.125), (7, 'written_bits', 4096);
INSERT INTO run_tags (run_id, tag) VALUES (7, 'old'), (7, 'paper');
INSERT INTO run_convergence (run_id, seq, generation, best, mean, min_partitions, max_partitions)
VALUES (7, 0, 0, 10.0, 20.0, 2, 5), (7, 1, 1, 8.0, 12.0, 3, 4);
