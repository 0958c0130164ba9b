// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/search/search_types.h"
#include "store/recording/run_recording.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace compass {
class DiagnosticSink;
class Graph;
class PassInstrumentation;
} // namespace compass

namespace compass::jobs {

/// One model of a sweep, imported once and shared read-only by every worker.
struct SweepModel
{
    /// sha256 empty: not from a file (its runs cannot be stored); importOptions: what the
    /// spec gives for it (its own over the spec's), used for the import and every run.
    ModelIdentity identity;
    std::shared_ptr<const Graph> graph;
};

/// One chip of a sweep with one combination of overrides applied.
struct SweepArch
{
    QString source;                     ///< the archs[] entry (a preset name or a file)
    std::vector<std::string> overrides; ///< "KEY=VALUE", in key order
    ArchSpec spec;
    std::string hash; ///< archSpecHash of `spec`: part of every configuration key

    /// A chip with no overrides, e.g. the explorer's current chip.
    static SweepArch fromSpec(const ArchSpec& spec, const QString& source);
    /// "sram-M dram.bandwidth_GBps=25.6" (the name, then each override).
    QString describe() const;
};

/// The axes of a sweep, parsed once and validated: the cross product of models x archs x
/// batches x methods x objectives (x seeds for ga) is its configurations (expandSweep).
struct SweepSpec
{
    QString name; ///< tags every run "sweep:NAME"
    std::vector<SweepModel> models;
    std::vector<SweepArch> archs; ///< every archs[] entry with every combination of `set`
    std::vector<std::int64_t> batches{1};
    std::vector<SearchMethod> methods{SearchMethod::Genetic};
    std::vector<Objective> objectives{Objective::Latency};
    std::vector<std::uint64_t> seeds{1}; ///< only the genetic algorithm is seeded
    GeneticOptions genetic;
    bool replicate = true;
};

/// One point of the cross product. `key` is the canonical text that identifies it across
/// machines and databases (docs/sweeps.md); the stored run's uuid is derived from it.
struct SweepConfig
{
    std::size_t model = 0; ///< index into SweepSpec::models
    std::size_t arch = 0;  ///< index into SweepSpec::archs
    std::int64_t batch = 1;
    RunMethod method; ///< always has a search
    std::string key;
    std::string uuid;
};

/// A spec and its configurations, sorted by key with duplicates (the same model file named
/// twice, overrides that give the same chip) removed. Immutable once expanded; the index of a
/// configuration in `configs` is what shards and the CSV's "config" column count.
struct Sweep
{
    SweepSpec spec;
    std::vector<SweepConfig> configs;

    const SweepModel& model(const SweepConfig& c) const { return spec.models[c.model]; }
    const SweepArch& arch(const SweepConfig& c) const { return spec.archs[c.arch]; }
    /// Every configuration index, in order.
    std::vector<std::size_t> allIndices() const;
};

/// Reads, validates and expands a sweep spec (docs/sweeps.md). Every problem is reported to
/// `diagnostics` naming the spec file and the JSON field ("models[1]", "set.KEY[0]",
/// "ga.elite"); models are imported and every chip/override combination validated before
/// anything runs. Relative model and arch paths are relative to the spec's folder.
std::optional<Sweep> readSweep(const QString& specPath, DiagnosticSink& diagnostics,
                               PassInstrumentation* instrumentation = nullptr);
/// The same from the spec's text; `specPath` names it in diagnostics and anchors relative paths.
std::optional<Sweep> parseSweep(const QByteArray& json, const QString& specPath,
                                DiagnosticSink& diagnostics,
                                PassInstrumentation* instrumentation = nullptr);

/// The configurations of `spec`: its cross product, keyed, sorted and deduplicated.
Sweep expandSweep(SweepSpec spec);

/// The configuration key: model SHA-256, arch hash, batch, method, objective, seed, options
/// JSON, engine and, when not the default, the model's import options (docs/sweeps.md).
/// Changing it re-runs every stored sweep: tests pin it.
std::string sweepConfigKey(const std::string& modelSha256, const std::string& archHash,
                           std::int64_t batch, const RunMethod& method,
                           const OnnxImportOptions& importOptions);
/// The run uuid of a configuration key: its SHA-256 written as a uuid.
std::string sweepRunUuid(const std::string& key);

/// One configuration as `compass sweep --list --json` prints it: index, key, uuid, model,
/// arch, set, batch, method, objective, seed.
QJsonObject sweepConfigJson(const Sweep& sweep, std::size_t index);

} // namespace compass::jobs
