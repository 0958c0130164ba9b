// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "core/onnx/import_options.h"
#endif
#include "core/partition/plan.h"
#include "core/support/diagnostics.h"
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
struct ArchField;
class DiagnosticSink;
class Graph;
class MappedProblem;
class MemoisedCostModel;
struct ProjectFile;
} // namespace compass

namespace compass::ui {

class DocumentCommand;
class ProjectLoader;
struct LoadedGraph;

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
/// (debounced ~50 ms; results of older requests are dropped). It opens network files itself
/// (off the GUI thread) and keeps what the import reported, so every view of the diagnostics
/// observes one list. Widget-free, GUI thread only.
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
    /// The network's name as runs are stored under it: the file's base name ("resnet18"),
    /// as store/recording's identifyModel gives it. Empty without a model.
    QString networkName() const;
    /// The network (immutable, shared); for the document layer (run controller), not widgets.
    std::shared_ptr<const Graph> graph() const { return m_graph; }
    /// The network mapped onto the current chip at the current batch (immutable, shared); null
    /// without a model or when it has no weight layers. For the document layer, not widgets.
    std::shared_ptr<const MappedProblem> problem() const { return m_problem; }
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
    /// Imports the ONNX file at `path` with `options` off the GUI thread; on success it becomes
    /// the model (as setModel) and importOptions() the options. Either way importDiagnostics()
    /// then holds what the import reported and openFinished() follows. Only the newest request
    /// is delivered.
    void openFile(const QString& path, const OnnxImportOptions& options = {});
    /// The options the current model was imported with (default when none is open).
    const OnnxImportOptions& importOptions() const { return m_importOptions; }
    /// Lower-case hex SHA-256 of the model file as it was opened (empty without a model, or
    /// for a model set with setModel).
    QString modelSha256() const { return m_modelSha256; }
    bool isOpening() const;
    /// Opens a network: clears the undo stack, maps it and starts from the greedy
    /// plan. `graph` may be null (closes the model).
    void setModel(std::shared_ptr<const Graph> graph, const QString& path);
    /// What the last openFile() reported (its errors when it failed).
    const std::vector<Diagnostic>& importDiagnostics() const { return m_importDiagnostics; }
    /// importDiagnostics() followed by the current evaluation's diagnostics.
    std::vector<Diagnostic> diagnostics() const;
    /// Sets the chip without undo (startup preferences). Returns false (and reports) when the
    /// preset cannot be loaded.
    bool resetArchPreset(const QString& preset, DiagnosticSink& diagnostics);
    void resetBatchSize(std::int64_t batch);

    // --- project files (core/project/project_file.h) -----------------------------------------
    /// What a project file keeps of the document: model path and import options, chip and its
    /// preset, batch and cuts. The model's hash, the optimiser options and the view state are
    /// the caller's to fill (they are not the document's).
    ProjectFile projectState() const;
    /// Sets chip, batch and plan from `project` without undo, for the model already open (a
    /// project just opened is unmodified). The chip is validated first: an invalid one is
    /// reported (under "chip.spec") and nothing changes (false). The cuts come back as saved,
    /// an invalid plan too (shown as invalid, as when it was edited); cuts that are no plan of
    /// the model at all (beyond its units or out of order) are reported as a warning naming
    /// "plan.cuts", and the greedy plan is used instead.
    bool restoreProject(const ProjectFile& project, DiagnosticSink& diagnostics);
    /// The current state was saved: isModified() is false until the next edit.
    void markSaved();

    // --- edits: each pushes one undo command; false when the edit is not possible ---------
    /// Moves inner cut `cutIndex` to `position` (strictly between its neighbours). Moves with
    /// the same non-zero `dragId` merge into one undo step.
    bool moveCut(int cutIndex, std::int32_t position, int dragId = 0);
    bool addCut(std::int32_t position);
    bool removeCut(int cutIndex);
    /// Replaces the whole plan (an optimiser result, a baseline, a pasted list of cuts).
    bool applyPlan(const std::vector<std::int32_t>& innerCuts, const QString& description);
    /// Sets one chip field (from archFields()) to `value` as typed. A value that does not parse,
    /// is out of range or breaks a rule between fields is reported to `diagnostics` at the
    /// field's JSON path ("dram.bandwidth_GBps") and nothing is pushed. The chip becomes custom.
    bool setArchField(const ArchField& field, const QString& value, DiagnosticSink& diagnostics);
    /// Replaces the whole chip by `spec` (a stored run's custom chip), validated first; the
    /// chip becomes custom. `description` is the undo text.
    bool setArchSpec(const ArchSpec& spec, const QString& description, DiagnosticSink& diagnostics);
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

    // --- evaluation ------------------------------------------------------------------------
    /// The latest delivered evaluation of the current plan (may lag edits by the debounce).
    const PlanEvaluation& evaluation() const { return m_evaluation; }
    /// The evaluation of the state before the current undo step (a different plan, chip or
    /// batch), for "change" columns: a drag's intermediate positions are never the reference.
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
    /// openFile(path) started reading the file.
    void openStarted(const QString& path);
    /// openFile(path) finished: `ok` when the network is now the model; `importMs` is how long
    /// reading and checking the file took.
    void openFinished(const QString& path, bool ok, double importMs);
    /// diagnostics() changed (an import finished or an evaluation arrived).
    void diagnosticsChanged();
    void modelChanged();
    void archChanged();
    void batchChanged();
    void planChanged();
    /// The mapped problem was rebuilt (model, chip or batch changed).
    void problemChanged();
    void evaluationStarted(quint64 generation);
    void evaluationChanged();
    /// Something the user should read in the status bar (e.g. "plan replaced by greedy").
    void statusMessage(const QString& message);
    void modifiedChanged(bool modified);

private:
    // The undo commands (DocumentCommand and its subclasses) are the only callers of these:
    // they change the state without pushing anything.
    friend class DocumentCommand;
    void restoreCuts(const std::vector<std::int32_t>& innerCuts);
    /// Sets chip and batch (mapping again when they differ) and the cuts as given.
    void restoreConfiguration(const DocumentConfiguration& configuration);
    /// Sets chip and batch, maps the network again and carries the current cuts across (see
    /// the class comment); returns the resulting configuration for redo.
    DocumentConfiguration reconfigure(const ArchSpec& arch, const QString& presetName,
                                      std::int64_t batch);

    void finishOpening(const LoadedGraph& loaded);
    /// setModel with the options the graph was imported with and the file's hash.
    void installModel(std::shared_ptr<const Graph> graph, const QString& path,
                      const OnnxImportOptions& options, const QString& sha256);
    bool pushArchChange(const ArchSpec& next, const QString& description);
    void rebuildProblem();
    /// The signals after the problem was rebuilt for a new chip or batch, then an evaluation.
    void announceReconfigured(bool archDiffers, bool batchDiffers);
    std::vector<std::int32_t> greedyCuts() const;
    bool isValidCutList(const std::vector<std::int32_t>& innerCuts) const;
    void deliver(PlanEvaluation evaluation);

    QUndoStack* m_undo = nullptr;
    ProjectLoader* m_loader = nullptr;
    std::vector<Diagnostic> m_importDiagnostics;
    OnnxImportOptions m_importOptions;
    QString m_modelSha256;
    std::shared_ptr<const Graph> m_graph;
    std::shared_ptr<const MappedProblem> m_problem;
    /// The estimator of m_problem with every partition cost it has given kept: a drag costs
    /// only the partitions it changed (issue 18). Rebuilt with the problem.
    std::shared_ptr<const MemoisedCostModel> m_costs;
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
    std::uint64_t m_undoEpoch = 0; ///< Counts m_undo->clear(): see PlanEvaluation::editStep.
};

} // namespace compass::ui
