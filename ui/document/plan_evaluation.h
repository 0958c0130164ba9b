// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"
#include "core/support/diagnostics.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace compass {
class MappedProblem;
} // namespace compass

namespace compass::ui {

/// Where one graph node sits in an evaluated plan: what its tooltip and colour show.
struct NodeMapping
{
    int partition = -1;     ///< Partition holding the node (its first unit), -1 when unplaced.
    int lastPartition = -1; ///< Partition holding its last unit (differs when a cut splits it).
    int crossbars = -1;     ///< Crossbars of the layer with replication 1; -1 for weight-free ops.
    int units = -1;         ///< Partition units of the layer; -1 for weight-free ops.
    int replication = -1;   ///< Replication factor in its partition; -1 when unknown.
    int firstUnit = -1;     ///< First unit (weight layer) or anchor unit (weight-free operator).
    int endUnit = -1;       ///< One past the last unit; anchor + 1 for weight-free operators.
    bool isWeightLayer = false;
};

/// One partition of an evaluated plan, as the strip and the diagnostics show it.
struct PartitionInfo
{
    UnitSpan span;
    bool valid = true;
    QString reason;                 ///< Why it is invalid ("needs 181 crossbars, chip has 144").
    std::int64_t crossbars = 0;     ///< Of its units at replication 1, and attention operands.
    std::int64_t crossbarsUsed = 0; ///< With replication (valid partitions only).
    double latencyNs = 0.0;         ///< Per batch (0 for invalid partitions).
    QString firstLayer;             ///< Name of the layer of its first unit.
    QString lastLayer;              ///< Name of the layer of its last unit.
};

/// The per-unit facts the partition strip draws, taken from the unit table when the chip or
/// model changes. Plain values: widgets never see the unit table.
struct UnitLayout
{
    std::vector<std::int64_t> unitCrossbars; ///< Crossbars of each unit (size M).
    std::vector<int> unitLayer;              ///< Layer index of each unit (size M).
    std::vector<QString> layerNames;         ///< Node name of each layer.
    std::int64_t chipCrossbars = 0;          ///< cores x crossbars per core.
    int unitCount() const { return static_cast<int>(unitCrossbars.size()); }
};

/// The result of evaluating a plan with the estimator: plan metrics, per-partition validity
/// with reasons, per-node placement, and diagnostics located at partitions. A value: safe to
/// pass between threads and to keep after the document changes.
struct PlanEvaluation
{
    std::uint64_t generation = 0; ///< Request number; later requests have larger numbers.
    /// The document state it describes: one value per undo step (merged drag moves share one),
    /// new after the undo stack is cleared. Set by ProjectDocument.
    std::uint64_t editStep = 0;
    bool isEmpty = true;            ///< No model or no units: nothing was evaluated.
    std::vector<std::int32_t> cuts; ///< Every cut, 0 and M included.
    std::int64_t batchSize = 1;
    QString archName;
    std::string archHash;         ///< archSpecHash of the chip: tells two chips of one name apart.
    double enduranceWrites = 0.0; ///< The chip's crossbar.endurance_writes (0: unlimited).
    bool valid = false;
    PlanCost cost; ///< Meaningful only when valid.
    std::vector<PartitionInfo> partitions;
    std::vector<NodeMapping> nodes; ///< Indexed by compass::NodeId value.
    std::vector<Diagnostic> diagnostics;

    int partitionCount() const { return static_cast<int>(partitions.size()); }
    /// Partition index of a compass::NodeId value, -1 when unknown.
    int partitionOfNode(int nodeId) const;
    /// Partition index per compass::NodeId value, for GraphPanel::setPartitions.
    std::vector<int> partitionByNode() const;
    /// A short one-line summary ("3 partitions, 1.23 ms per batch of 16 inputs" or
    /// "invalid plan: ...").
    QString summary() const;
};

/// Evaluates `plan` on `problem` with the estimator: validity with reasons, plan cost, node
/// placement. Pure and thread-safe (reads only); runs on a worker thread.
PlanEvaluation evaluatePlan(const std::shared_ptr<const MappedProblem>& problem, const Plan& plan,
                            const QString& modelFile = {});
/// The same with partition costs from `cost`, the problem's estimator or a memo of it
/// (MemoisedCostModel: the document's, so a drag costs only the partitions it changed).
PlanEvaluation evaluatePlan(const std::shared_ptr<const MappedProblem>& problem,
                            const CostModel& cost, const Plan& plan, const QString& modelFile = {});

/// The unit layout of a problem's unit table.
UnitLayout unitLayoutOf(const MappedProblem& problem);

} // namespace compass::ui
