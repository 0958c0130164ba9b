// SPDX-License-Identifier: MIT
// Deterministic sample runs shared by the store tests and the crash-writer helper: the same
// content seed always gives the same record, so a test can rebuild what a child process stored.
#pragma once

#include "core/support/file_hash.h"
#include "store/run_hashes.h"
#include "store/run_record.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace compass::testing {

inline RunRecord makeSampleRun(std::uint64_t contentSeed)
{
    std::mt19937_64 random(contentSeed);
    const auto pick = [&](std::uint64_t n) { return random() % n; };
    static const char* kModels[] = {"resnet18", "vgg16", "mobilenetv2"};
    static const char* kArchs[] = {"puma-like", "isaac-like", "small-chip"};
    static const PlanMethod kMethods[] = {PlanMethod::Manual, PlanMethod::Greedy,
                                          PlanMethod::Genetic, PlanMethod::Layerwise};

    RunRecord r;
    r.uuid = newRunUuid();
    r.createdAt = QDateTime::fromMSecsSinceEpoch(
        1700000000000 + static_cast<qint64>(pick(100000000)), Qt::UTC);
    r.label = "run " + std::to_string(contentSeed);
    r.appVersion = "0.1.0";
    r.modelName = kModels[pick(3)];
    r.modelPath = "/models/" + r.modelName + ".onnx";
    r.modelSha256 = sha256Hex(QByteArray::fromStdString(r.modelName));
    r.archName = kArchs[pick(3)];
    QJsonObject arch{{"name", QString::fromStdString(r.archName)},
                     {"cores", static_cast<int>(pick(64) + 1)},
                     {"crossbar", QJsonObject{{"rows", 256}, {"cols", 256}}}};
    r.archJson = QJsonDocument(arch).toJson(QJsonDocument::Indented).toStdString();
    r.archHash = archSpecHash(r.archJson);
    r.batch = static_cast<std::int64_t>(pick(16) + 1);
    r.method = kMethods[pick(4)];
    r.objective = pick(2) == 0 ? Objective::Latency : Objective::Edp;
    // The pre-"ga"-object layout of GA options, which the recorder still reads.
    r.optionsJson = R"({"population":)" + std::to_string(21 + pick(80)) + "}";
    r.seed = random(); // full 64-bit range, above 2^63 half the time
    r.engine = pick(2) == 0 ? RunEngine::Estimator : RunEngine::Event;
    const std::uint64_t partitions = pick(8) + 1;
    QJsonArray rows;
    // Rows in the plan report's layout (docs/json.md), spans matching the cuts.
    std::int64_t begin = 0;
    for (std::uint64_t p = 0; p < partitions; ++p) {
        const std::int64_t end = p + 1 < partitions ? static_cast<std::int64_t>(p * 3 + 1 + pick(2))
                                                    : static_cast<std::int64_t>(partitions * 3);
        if (p + 1 < partitions)
            r.cuts.push_back(end);
        const double latency = static_cast<double>(pick(1000000)) / 7.0;
        rows.append(QJsonObject{{"first_unit", static_cast<qint64>(begin)},
                                {"end_unit", static_cast<qint64>(end)},
                                {"valid", true},
                                {"latency_ns", QJsonObject{{"compute", latency}}}});
        begin = end;
    }
    r.partitionsJson = QJsonDocument(rows).toJson(QJsonDocument::Compact).toStdString();
    r.metrics[metric::kLatencyPerBatchNs] = static_cast<double>(pick(10000000)) / 3.0;
    r.metrics[metric::kThroughputIps] = static_cast<double>(pick(100000)) / 9.0;
    r.metrics[metric::kEnergyPerInferencePj] = static_cast<double>(pick(1000000000)) * 1.5;
    r.metrics[metric::kEdpPjS] = 1e-3 * static_cast<double>(pick(1000000));
    r.metrics[metric::kWrittenBits] = static_cast<double>(pick(1u << 30));
    r.metrics["custom_" + std::to_string(pick(5))] = -0.25;
    const std::uint64_t generations = pick(6);
    for (std::uint64_t g = 0; g < generations; ++g) {
        r.convergence.push_back({static_cast<std::int64_t>(g), 100.0 / static_cast<double>(g + 1),
                                 200.0 / static_cast<double>(g + 1), 1,
                                 static_cast<std::int64_t>(pick(9) + 1)});
    }
    r.runtimeMs = static_cast<double>(pick(100000)) / 4.0;
    r.status = static_cast<RunStatus>(pick(3));
    r.notes = "notes for " + std::to_string(contentSeed) + " with 'quotes' and\nnewline";
    r.tags = {"sweep-" + std::to_string(pick(4)), "seed"};
    // Import options on every other run (no draw from `random`: the other fields stay as they
    // were for each seed).
    if (contentSeed % 2 == 1) {
        r.importOptions.inputShapes["image"] = {1, 3, static_cast<std::int64_t>(contentSeed), 32};
        r.importOptions.inputShapes["tokens"] = {2, 128};
        r.importOptions.weightsFromInputs = contentSeed % 4 == 1;
    }
    return r;
}

inline bool sameDouble(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

/// Compares every field but `id` (and `uuid` unless `compareUuid`); `why` names the first
/// difference.
inline bool sameRunContent(const RunRecord& a, const RunRecord& b, std::string* why,
                           bool compareUuid = true)
{
    const auto fail = [&](const char* field) {
        if (why != nullptr)
            *why = field;
        return false;
    };
    if (compareUuid && a.uuid != b.uuid)
        return fail("uuid");
    if (a.createdAt != b.createdAt)
        return fail("createdAt");
    if (a.label != b.label)
        return fail("label");
    if (a.appVersion != b.appVersion)
        return fail("appVersion");
    if (a.modelName != b.modelName || a.modelPath != b.modelPath || a.modelSha256 != b.modelSha256)
        return fail("model");
    if (a.importOptions != b.importOptions)
        return fail("importOptions");
    if (a.archName != b.archName || a.archJson != b.archJson || a.archHash != b.archHash)
        return fail("arch");
    if (a.batch != b.batch || a.method != b.method || a.objective != b.objective)
        return fail("batch/method/objective");
    if (a.optionsJson != b.optionsJson)
        return fail("optionsJson");
    if (a.seed != b.seed)
        return fail("seed");
    if (a.engine != b.engine)
        return fail("engine");
    if (a.cuts != b.cuts)
        return fail("cuts");
    if (a.partitionsJson != b.partitionsJson)
        return fail("partitionsJson");
    if (a.metrics.size() != b.metrics.size())
        return fail("metrics count");
    for (const auto& [key, value] : a.metrics) {
        const auto other = b.metricValue(key);
        if (!other || !sameDouble(value, *other))
            return fail("metrics value");
    }
    if (a.convergence.size() != b.convergence.size())
        return fail("convergence count");
    for (std::size_t i = 0; i < a.convergence.size(); ++i) {
        const ConvergencePoint& p = a.convergence[i];
        const ConvergencePoint& q = b.convergence[i];
        if (p.generation != q.generation || !sameDouble(p.best, q.best) ||
            !sameDouble(p.mean, q.mean) || p.minPartitions != q.minPartitions ||
            p.maxPartitions != q.maxPartitions)
            return fail("convergence point");
    }
    if (!sameDouble(a.runtimeMs, b.runtimeMs))
        return fail("runtimeMs");
    if (a.status != b.status)
        return fail("status");
    if (a.notes != b.notes)
        return fail("notes");
    if (a.tags != b.tags)
        return fail("tags");
    return true;
}

} // namespace compass::testing
