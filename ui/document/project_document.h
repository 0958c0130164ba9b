// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/partition/plan.h"
#include "plan_evaluation.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QUndoStack;

namespace compass {
class DiagnosticSink;
class Estimator;
class Graph;
} // namespace compass

namespace compass::ui {

/// Everything a chip or batch edit changes, as one value: undo commands keep the state before
/// and after their edit.
struct DocumentConfiguration
{
    ArchSpec arch;
    QString presetName; ///< Preset the chip came from ("sram-M"), or empty once edited.
    std::int64_t batchSize = 1;
    std::vector<std::int32_t> innerCuts;
};

/// The project: network, chip, batch size, current plan and the undo stack. Every user edit is
/// a QUndoCommand pushed here; after each change the plan is re-evaluated off the GUI thread
/// (debounced ~50 ms; results of older requests are dropped). Widget-free, GUI thread only.
///
/// Cuts are unit positions. When the chip changes, the unit table changes: the plan's cuts are
/// carried across by layer (mapCutsByLayer); if the carried plan does not fit the new chip, the
/// greedy plan replaces it and statusMessage() says so. The batch size does not change units.
class ProjectDocument final : public QObject
{
    Q_OBJECT

public:
    explicit ProjectDocument(QObject* parent = nullptr);
    ~ProjectDocument() override;

    // --- state -----------------------------------------------------------------------------
    bool hasModel() const { return m_graph != nullptr; }
    QString modelPath() const { return m_path; }
    /// File name of the model ("resnet18.onnx"), or empty.
    QString modelName() const;
    /// The network (immutable, shared); for the document layer (run controller), not widgets.
    std::shared_ptr<const Graph> graph() const { return m_graph; }
    /// The cost model of the current network, chip and batch; null without a model.
    std::shared_ptr<const Estimator> estimator() const { return m_estimator; }
    const ArchSpec& arch() const { return m_arch; }
    QString presetName() const { return m_presetName; }
    std::int64_t batchSize() const { return m_batch; }
    const Plan& plan() const { return m_plan; }
    std::vector<std::int32_t> innerCuts() const { return m_plan.innerCuts(); }
    std::int32_t unitCount() const { return m_plan.unitCount(); }
    const UnitLayout& unitLayout() const { return m_layout; }
    DocumentConfiguration configuration() const;
    QUndoStack* undoStack() const { return m_undo; }
    bool isModified() const;

    // --- model and chip without undo (a new project) ----------------------------------------
    /// Opens a network: clears the undo stack, builds the estimator and starts from the greedy
    /// plan. `graph` may be null (closes the model).
    void setModel(std::shared_ptr<const Graph> graph, const QString& path);
    /// Sets the chip without undo (startup preferences). Returns false (and reports) when the
    /// preset cannot be loaded.
    bool resetArchPreset(const QString& preset, DiagnosticSink& diagnostics);
    void resetBatchSize(std::int64_t batch);

    // --- edits: each pushes one undo command; false when the edit is not possible ---------
    /// Moves inner cut `cutIndex` to `position` (strictly between its neighbours). Moves with
    /// the same non-zero `dragId` merge into one undo step.
    bool moveCut(int cutIndex, std::int32_t position, int dragId = 0);
    bool addCut(std::int32_t position);
    bool removeCut(int cutIndex);
    /// Replaces the whole plan (an optimiser result, a baseline, a pasted list of cuts).
    bool applyPlan(const std::vector<std::int32_t>& innerCuts, const QString& description);
    /// "KEY=VALUE" on the chip (key from archFields()); a bad value is reported to
    /// `diagnostics` and nothing is pushed.
    bool setArchParameter(const QString& key, const QString& value, DiagnosticSink& diagnostics);
    bool setArchPreset(const QString& preset, DiagnosticSink& diagnostics);
    bool setBatchSize(std::int64_t batch);
    /// Cut at the start / end of a node's units; merge the partition with the next one.
    bool cutBeforeNode(int nodeId);
    bool cutAfterNode(int nodeId);
    bool mergeWithNextPartition(int partition);
    /// Where "cut before / after" a node would go, or nullopt when that cut is impossible.
    std::optional<std::int32_t> cutPositionBeforeNode(int nodeId) const;
    std::optional<std::int32_t> cutPositionAfterNode(int nodeId) const;
    /// A fresh id for one drag gesture (see moveCut).
    int newDragId() { return ++m_lastDragId; }
    /// Index of the inner cut at `position`, or -1.
    int cutIndexAt(std::int32_t position) const;

    // --- used by the undo commands only ----------------------------------------------------
    void restoreCuts(const std::vector<std::int32_t>& innerCuts);
    /// Sets chip and batch (rebuilding the estimator when they differ) and the cuts as given.
    void restoreConfiguration(const DocumentConfiguration& configuration);
    /// Sets chip and batch, rebuilds the estimator and carries the current cuts across (see
    /// the class comment); returns the resulting configuration for redo.
    DocumentConfiguration reconfigure(const ArchSpec& arch, const QString& presetName,
                                      std::int64_t batch);

    // --- evaluation ------------------------------------------------------------------------
    /// The latest delivered evaluation of the current plan (may lag edits by the debounce).
    const PlanEvaluation& evaluation() const { return m_evaluation; }
    /// The evaluation before it (a different plan, chip or batch), for "change" columns.
    const PlanEvaluation& previousEvaluation() const { return m_previousEvaluation; }
    /// Evaluates the current plan now, on this thread (tests, scripts).
    PlanEvaluation evaluateNow() const;
    /// Schedules an evaluation after the debounce interval (restarts the timer).
    void requestEvaluation();
    /// Starts an evaluation at once on a worker thread; returns its generation.
    std::uint64_t startEvaluation();
    bool isEvaluating() const { return m_running > 0 || m_debounce.isActive(); }
    std::uint64_t latestGeneration() const { return m_generation; }
    /// Results that arrived after a newer request had been made, and were dropped.
    int droppedEvaluations() const { return m_dropped; }
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }

signals:
    void modelChanged();
    void archChanged();
    void batchChanged();
    void planChanged();
    /// The estimator was rebuilt (model, chip or batch changed).
    void estimatorChanged();
    void evaluationStarted(quint64 generation);
    void evaluationChanged();
    /// Something the user should read in the status bar (e.g. "plan replaced by greedy").
    void statusMessage(const QString& message);
    void modifiedChanged(bool modified);

private:
    void rebuildEstimator();
    std::vector<std::int32_t> greedyCuts() const;
    bool isValidCutList(const std::vector<std::int32_t>& innerCuts) const;
    void deliver(PlanEvaluation evaluation);

    QUndoStack* m_undo = nullptr;
    std::shared_ptr<const Graph> m_graph;
    std::shared_ptr<const Estimator> m_estimator;
    QString m_path;
    ArchSpec m_arch;
    QString m_presetName;
    std::int64_t m_batch = 1;
    Plan m_plan;
    UnitLayout m_layout;
    int m_lastDragId = 0;

    QTimer m_debounce;
    std::uint64_t m_generation = 0;
    int m_running = 0;
    int m_dropped = 0;
    PlanEvaluation m_evaluation;
    PlanEvaluation m_previousEvaluation;
};

} // namespace compass::ui
