// SPDX-License-Identifier: MIT
#include "project_document.h"

#include "commands/add_cut_command.h"
#include "commands/apply_plan_command.h"
#include "commands/move_cut_command.h"
#include "commands/remove_cut_command.h"
#include "commands/set_arch_preset_command.h"
#include "commands/set_batch_command.h"
#include "commands/set_custom_arch_command.h"
#include "core/arch/arch_fields.h"
#include "core/arch/arch_presets.h"
#include "core/arch/arch_validation.h"
#include "core/ir/graph.h"
#include "core/partition/memoised_cost_model.h"
#include "core/pipeline/pipelines.h"
#include "core/problem/mapped_problem.h"
#include "core/project/project_file.h"
#include "core/search/partition_search.h"
#include "cut_mapping.h"
#include "project_loader.h"
#include "sim/estimator.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QUndoStack>
#include <QtConcurrent>

#include <algorithm>

namespace compass::ui {

namespace {

constexpr int kDebounceMs = 50;
constexpr const char* kDefaultPreset = "sram-M";

} // namespace

ProjectDocument::ProjectDocument(QObject* parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
    , m_loader(new ProjectLoader(this))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] { startEvaluation(); });
    connect(m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
    connect(m_loader, &ProjectLoader::loaded, this, &ProjectDocument::finishOpening);
    DiagnosticList ignored;
    resetArchPreset(QString::fromLatin1(kDefaultPreset), ignored);
}

ProjectDocument::~ProjectDocument() = default;

QString ProjectDocument::modelName() const
{
    return m_path.isEmpty() ? QString() : QFileInfo(m_path).fileName();
}

QString ProjectDocument::networkName() const
{
    return m_path.isEmpty() ? QString() : QFileInfo(m_path).completeBaseName();
}

DocumentConfiguration ProjectDocument::configuration() const
{
    return {m_arch, m_presetName, m_batch, m_plan.innerCuts()};
}

bool ProjectDocument::isModified() const
{
    return !m_undo->isClean();
}

std::vector<Diagnostic> ProjectDocument::diagnostics() const
{
    std::vector<Diagnostic> all = m_importDiagnostics;
    all.insert(all.end(), m_evaluation.diagnostics.begin(), m_evaluation.diagnostics.end());
    return all;
}

void ProjectDocument::openFile(const QString& path, const OnnxImportOptions& options)
{
    m_loader->load(path, options);
    emit openStarted(path);
}

bool ProjectDocument::isOpening() const
{
    return m_loader->isLoading();
}

void ProjectDocument::finishOpening(const LoadedGraph& loaded)
{
    // The options and hash are the model's before anyone hears of it (the run workbench
    // takes them with the problem on modelChanged).
    if (loaded.ok())
        installModel(loaded.graph, loaded.path, loaded.options, loaded.sha256);
    m_importDiagnostics = loaded.diagnostics; // a failed import keeps the model shown
    emit diagnosticsChanged();
    emit openFinished(loaded.path, loaded.ok(), loaded.importMs);
}

void ProjectDocument::setModel(std::shared_ptr<const Graph> graph, const QString& path)
{
    installModel(std::move(graph), path, {}, {});
}

void ProjectDocument::installModel(std::shared_ptr<const Graph> graph, const QString& path,
                                   const OnnxImportOptions& options, const QString& sha256)
{
    m_undo->clear();
    ++m_undoEpoch;
    m_importDiagnostics.clear();
    m_importOptions = graph ? options : OnnxImportOptions{};
    m_modelSha256 = graph ? sha256 : QString();
    m_graph = std::move(graph);
    m_path = m_graph ? path : QString();
    rebuildProblem();
    m_plan = m_problem ? Plan::fromInnerCuts(greedyCuts(), m_problem->unitCount()) : Plan{};
    m_evaluation = {};
    m_previousEvaluation = {};
    emit modelChanged();
    emit problemChanged();
    emit planChanged();
    emit diagnosticsChanged();
    requestEvaluation();
}

bool ProjectDocument::resetArchPreset(const QString& preset, DiagnosticSink& diagnostics)
{
    std::optional<ArchSpec> spec = loadArchSpec(preset.toStdString(), {}, diagnostics);
    if (!spec)
        return false;
    m_undo->clear();
    ++m_undoEpoch;
    reconfigure(*spec, preset, m_batch);
    return true;
}

void ProjectDocument::resetBatchSize(std::int64_t batch)
{
    if (batch < 1)
        return;
    m_undo->clear();
    ++m_undoEpoch;
    reconfigure(m_arch, m_presetName, batch);
}

// --- project files --------------------------------------------------------------------------

ProjectFile ProjectDocument::projectState() const
{
    ProjectFile project;
    if (!m_path.isEmpty())
        project.modelPath = QFileInfo(m_path).absoluteFilePath().toStdString();
    project.importOptions = m_importOptions;
    project.archPreset = m_presetName.toStdString();
    project.arch = m_arch;
    project.batch = m_batch;
    project.innerCuts = m_plan.innerCuts();
    return project;
}

bool ProjectDocument::restoreProject(const ProjectFile& project, DiagnosticSink& diagnostics)
{
    if (!validateArchSpec(project.arch, "chip.spec", diagnostics))
        return false;
    if (project.batch < 1) {
        diagnostics.error("the batch size must be at least 1, not " + std::to_string(project.batch),
                          fieldAt({}, "batch"));
        return false;
    }
    m_undo->clear();
    ++m_undoEpoch;
    const bool archDiffers = !(project.arch == m_arch);
    const bool batchDiffers = project.batch != m_batch;
    m_arch = project.arch;
    m_presetName = QString::fromStdString(project.archPreset);
    m_batch = project.batch;
    rebuildProblem();
    // A saved plan comes back as it was saved, an invalid one too (drawn red, as when it was
    // edited). Only cuts that are no plan of this model at all (outside its units, out of
    // order: the model changed) give way to the greedy plan.
    std::vector<std::int32_t> cuts = project.innerCuts;
    if (m_problem) {
        m_plan = Plan::fromInnerCuts({}, m_problem->unitCount());
        if (!isValidCutList(cuts)) {
            cuts = greedyCuts();
            diagnostics.warning("the saved cuts are not positions between the model's " +
                                    std::to_string(m_problem->unitCount()) +
                                    " units on this chip; the greedy plan (" +
                                    std::to_string(cuts.size() + 1) + " partitions) is used",
                                fieldAt({}, "plan.cuts"));
        }
    }
    m_plan = m_problem ? Plan::fromInnerCuts(cuts, m_problem->unitCount()) : Plan{};
    m_evaluation = {};
    m_previousEvaluation = {};
    announceReconfigured(archDiffers, batchDiffers);
    markSaved();
    return true;
}

void ProjectDocument::announceReconfigured(bool archDiffers, bool batchDiffers)
{
    if (archDiffers)
        emit archChanged();
    if (batchDiffers)
        emit batchChanged();
    emit problemChanged();
    emit planChanged();
    requestEvaluation();
}

void ProjectDocument::markSaved()
{
    m_undo->setClean();
    emit modifiedChanged(false);
}

// --- edits ----------------------------------------------------------------------------------

bool ProjectDocument::moveCut(int cutIndex, std::int32_t position, int dragId)
{
    const std::vector<std::int32_t> cuts = m_plan.innerCuts();
    if (cutIndex < 0 || static_cast<std::size_t>(cutIndex) >= cuts.size())
        return false;
    const auto i = static_cast<std::size_t>(cutIndex);
    const std::int32_t low = i == 0 ? 0 : cuts[i - 1];
    const std::int32_t high = i + 1 == cuts.size() ? m_plan.unitCount() : cuts[i + 1];
    if (position <= low || position >= high || position == cuts[i])
        return false;
    m_undo->push(new MoveCutCommand(this, cutIndex, cuts[i], position, dragId));
    return true;
}

bool ProjectDocument::addCut(std::int32_t position)
{
    if (!hasModel() || position <= 0 || position >= m_plan.unitCount() || cutIndexAt(position) >= 0)
        return false;
    m_undo->push(new AddCutCommand(this, position));
    return true;
}

bool ProjectDocument::removeCut(int cutIndex)
{
    const std::vector<std::int32_t> cuts = m_plan.innerCuts();
    if (cutIndex < 0 || static_cast<std::size_t>(cutIndex) >= cuts.size())
        return false;
    m_undo->push(new RemoveCutCommand(this, cuts[static_cast<std::size_t>(cutIndex)]));
    return true;
}

bool ProjectDocument::applyPlan(const std::vector<std::int32_t>& innerCuts,
                                const QString& description)
{
    if (!hasModel() || !isValidCutList(innerCuts) || innerCuts == m_plan.innerCuts())
        return false;
    m_undo->push(new ApplyPlanCommand(this, m_plan.innerCuts(), innerCuts, description));
    return true;
}

bool ProjectDocument::setArchField(const ArchField& field, const QString& value,
                                   DiagnosticSink& diagnostics)
{
    // Not a file: the diagnostics name the field by its JSON path, as the chip table shows it.
    SourceLocation location;
    location.path = std::string(field.key);
    ArchSpec next = m_arch;
    if (!setArchFieldText(next, field, value.toStdString(), location, diagnostics) ||
        !validateArchSpec(next, {}, diagnostics))
        return false;
    return pushArchChange(
        next,
        tr("Set %1 to %2")
            .arg(QString::fromUtf8(field.key.data(), static_cast<qsizetype>(field.key.size())),
                 QString::fromStdString(archFieldValueText(next, field))));
}

bool ProjectDocument::setArchSpec(const ArchSpec& spec, const QString& description,
                                  DiagnosticSink& diagnostics)
{
    if (!validateArchSpec(spec, spec.name, diagnostics))
        return false;
    return pushArchChange(spec, description);
}

bool ProjectDocument::pushArchChange(const ArchSpec& next, const QString& description)
{
    if (next == m_arch)
        return false;
    m_undo->push(new SetCustomArchCommand(this, next, description));
    return true;
}

bool ProjectDocument::setArchPreset(const QString& preset, DiagnosticSink& diagnostics)
{
    std::optional<ArchSpec> spec = loadArchSpec(preset.toStdString(), {}, diagnostics);
    if (!spec)
        return false;
    if (*spec == m_arch && preset == m_presetName)
        return false;
    m_undo->push(new SetArchPresetCommand(this, preset, *spec));
    return true;
}

bool ProjectDocument::setBatchSize(std::int64_t batch)
{
    if (batch < 1 || batch == m_batch)
        return false;
    m_undo->push(new SetBatchCommand(this, batch));
    return true;
}

std::optional<std::int32_t> ProjectDocument::cutPositionBeforeNode(int nodeId) const
{
    if (!m_problem || nodeId < 0)
        return std::nullopt;
    const UnitTable& units = m_problem->units();
    if (static_cast<std::size_t>(nodeId) >= units.placements().size())
        return std::nullopt;
    const NodePlacement& p = units.placements()[static_cast<std::size_t>(nodeId)];
    // A weight-free operator joins the partition of its producer: nothing can go between.
    if (!p.isPlaced() || !p.isWeightLayer || p.firstUnit <= 0 || cutIndexAt(p.firstUnit) >= 0)
        return std::nullopt;
    return p.firstUnit;
}

std::optional<std::int32_t> ProjectDocument::cutPositionAfterNode(int nodeId) const
{
    if (!m_problem || nodeId < 0)
        return std::nullopt;
    const UnitTable& units = m_problem->units();
    if (static_cast<std::size_t>(nodeId) >= units.placements().size())
        return std::nullopt;
    const NodePlacement& p = units.placements()[static_cast<std::size_t>(nodeId)];
    if (!p.isPlaced() || p.endUnit >= units.unitCount() || cutIndexAt(p.endUnit) >= 0)
        return std::nullopt;
    return p.endUnit;
}

bool ProjectDocument::cutBeforeNode(int nodeId)
{
    const std::optional<std::int32_t> at = cutPositionBeforeNode(nodeId);
    return at && addCut(*at);
}

bool ProjectDocument::cutAfterNode(int nodeId)
{
    const std::optional<std::int32_t> at = cutPositionAfterNode(nodeId);
    return at && addCut(*at);
}

bool ProjectDocument::mergeWithNextPartition(int partition)
{
    // Partition p ends at inner cut p.
    return removeCut(partition);
}

int ProjectDocument::cutIndexAt(std::int32_t position) const
{
    const std::vector<std::int32_t> cuts = m_plan.innerCuts();
    const auto it = std::find(cuts.begin(), cuts.end(), position);
    return it == cuts.end() ? -1 : static_cast<int>(it - cuts.begin());
}

// --- used by the commands -------------------------------------------------------------------

void ProjectDocument::restoreCuts(const std::vector<std::int32_t>& innerCuts)
{
    m_plan = Plan::fromInnerCuts(innerCuts, m_plan.unitCount());
    emit planChanged();
    requestEvaluation();
}

void ProjectDocument::restoreConfiguration(const DocumentConfiguration& configuration)
{
    const bool archDiffers = !(configuration.arch == m_arch);
    const bool batchDiffers = configuration.batchSize != m_batch;
    m_arch = configuration.arch;
    m_presetName = configuration.presetName;
    m_batch = configuration.batchSize;
    if (archDiffers || batchDiffers)
        rebuildProblem();
    m_plan =
        m_problem ? Plan::fromInnerCuts(configuration.innerCuts, m_problem->unitCount()) : Plan{};
    if (archDiffers)
        emit archChanged();
    if (batchDiffers)
        emit batchChanged();
    if (archDiffers || batchDiffers)
        emit problemChanged();
    emit planChanged();
    requestEvaluation();
}

DocumentConfiguration ProjectDocument::reconfigure(const ArchSpec& arch, const QString& presetName,
                                                   std::int64_t batch)
{
    const bool archDiffers = !(arch == m_arch);
    const bool batchDiffers = batch != m_batch;
    const std::shared_ptr<const MappedProblem> old = m_problem;
    std::vector<std::int32_t> cuts = m_plan.innerCuts();
    m_arch = arch;
    m_presetName = presetName;
    m_batch = batch;
    rebuildProblem();
    if (m_problem && old && archDiffers) {
        const std::vector<std::int32_t> before = cuts;
        cuts = mapCutsByLayer(old->units(), m_problem->units(), cuts);
        DiagnosticList ignored;
        const Plan mapped = Plan::fromInnerCuts(cuts, m_problem->unitCount());
        if (!validatePlan(mapped, m_problem->validity(), ignored)) {
            cuts = greedyCuts();
            emit statusMessage(tr("The plan does not fit chip “%1”: replaced by the greedy plan "
                                  "(%2 partitions)")
                                   .arg(QString::fromStdString(archVariant(m_arch).displayName()))
                                   .arg(cuts.size() + 1));
        } else if (cuts != before) {
            emit statusMessage(tr("Cuts carried over to chip “%1” by layer")
                                   .arg(QString::fromStdString(archVariant(m_arch).displayName())));
        }
    } else if (m_problem && !old) {
        cuts = greedyCuts();
    }
    m_plan = m_problem ? Plan::fromInnerCuts(cuts, m_problem->unitCount()) : Plan{};
    announceReconfigured(archDiffers, batchDiffers);
    return configuration();
}

void ProjectDocument::rebuildProblem()
{
    const std::shared_ptr<const MappedProblem> old = std::move(m_problem);
    m_problem.reset();
    m_layout = {};
    if (!m_graph)
        return;
    if (old && old->sharedGraph() == m_graph && old->arch() == m_arch) {
        // Only the batch changed: the mapping stays, and the unit layout with it.
        m_problem = old->withBatchSize(m_batch);
    } else {
        CostingOptions costing;
        costing.batchSize = m_batch;
        // A network without weight layers has no problem (the document shows no plan).
        DiagnosticList ignored;
        m_problem = mapProblem(m_graph, m_arch, costing, ignored);
    }
    m_costs.reset();
    if (m_problem) {
        m_layout = unitLayoutOf(*m_problem);
        m_costs = std::make_shared<const MemoisedCostModel>(std::make_shared<Estimator>(m_problem));
    }
}

std::vector<std::int32_t> ProjectDocument::greedyCuts() const
{
    if (!m_problem)
        return {};
    const Estimator estimator(m_problem);
    return greedyPlan(estimator.searchProblem()).innerCuts();
}

bool ProjectDocument::isValidCutList(const std::vector<std::int32_t>& innerCuts) const
{
    std::int32_t previous = 0;
    for (std::int32_t c : innerCuts) {
        if (c <= previous || c >= m_plan.unitCount())
            return false;
        previous = c;
    }
    return true;
}

// --- evaluation -----------------------------------------------------------------------------

PlanEvaluation ProjectDocument::evaluateNow() const
{
    if (!m_problem)
        return {};
    PlanEvaluation result = evaluatePlan(m_problem, *m_costs, m_plan, m_path);
    result.generation = m_generation;
    return result;
}

void ProjectDocument::requestEvaluation()
{
    m_debounce.start();
}

std::uint64_t ProjectDocument::startEvaluation()
{
    m_debounce.stop();
    const std::uint64_t generation = ++m_generation;
    const std::uint64_t step = (m_undoEpoch << 32) | static_cast<std::uint32_t>(m_undo->index());
    emit evaluationStarted(generation);
    ++m_running;
    auto* watcher = new QFutureWatcher<PlanEvaluation>(this);
    connect(watcher, &QFutureWatcher<PlanEvaluation>::finished, this, [this, watcher] {
        --m_running;
        watcher->deleteLater();
        deliver(watcher->result());
    });
    // The task holds the problem alive even if the document moves on.
    watcher->setFuture(QtConcurrent::run(
        [problem = m_problem, costs = m_costs, plan = m_plan, path = m_path, generation, step] {
            PlanEvaluation result;
            if (problem && costs)
                result = evaluatePlan(problem, *costs, plan, path);
            result.generation = generation;
            result.editStep = step;
            return result;
        }));
    return generation;
}

void ProjectDocument::deliver(PlanEvaluation evaluation)
{
    if (evaluation.generation != m_generation) {
        ++m_dropped; // a newer request exists: this result describes an older state
        return;
    }
    // The comparison is the state before the current undo step: moves of one drag merge into
    // one step, so their intermediate positions never become the reference.
    const bool same = evaluation.cuts == m_evaluation.cuts &&
                      evaluation.batchSize == m_evaluation.batchSize &&
                      evaluation.archHash == m_evaluation.archHash && !m_evaluation.isEmpty;
    const bool newStep = evaluation.editStep != m_evaluation.editStep;
    if (!same && newStep && !m_evaluation.isEmpty)
        m_previousEvaluation = std::move(m_evaluation);
    m_evaluation = std::move(evaluation);
    emit evaluationChanged();
    emit diagnosticsChanged();
}

} // namespace compass::ui
