// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"

#include <cstdint>
#include <set>
#include <string>

/// A stored-run value for history tests: every field the list shows is filled.
inline compass::RunRecord historyTestRun(const std::string& model, const std::string& chip,
                                         const std::string& method, double throughputIps,
                                         std::set<std::string> tags = {})
{
    compass::RunRecord r;
    r.modelName = model;
    r.modelPath = "/nowhere/" + model + ".onnx";
    r.modelSha256 = std::string(64, '0');
    r.archName = chip;
    r.archJson = "{}";
    r.batch = 4;
    r.method = compass::parsePlanMethod(method).value_or(compass::PlanMethod::Manual);
    r.objective = compass::Objective::Latency;
    r.cuts = {3, 7};
    r.metrics = {{compass::metric::kThroughputIps, throughputIps},
                 {compass::metric::kEnergyPerInferencePj, 2.5e6},
                 {compass::metric::kEdpPjS, 12.0},
                 {compass::metric::kLatencyPerBatchNs, 4e9 / throughputIps}};
    r.tags = std::move(tags);
    r.runtimeMs = 12.0;
    return r;
}
