// SPDX-License-Identifier: MIT
// The project document without widgets: every undo command's redo/undo/redo round trip, drag
// merging, debounced off-thread evaluation with stale results dropped, invalid plans reported,
// chip changes carrying the plan across.
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "core/arch/arch_fields.h"
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#endif

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace compass;
using namespace compass::ui;

namespace {

QString modelPath(const char* name)
{
    return QStringLiteral(COMPASS_RESOURCE_DIR "/models/%1.onnx").arg(QLatin1String(name));
}

struct Snapshot
{
    std::vector<std::int32_t> cuts;
    ArchSpec arch;
    QString preset;
    std::int64_t batch = 0;
    std::int32_t units = 0;
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const ProjectDocument& doc)
{
    return {doc.innerCuts(), doc.arch(), doc.presetName(), doc.batchSize(), doc.unitCount()};
}

} // namespace

class TestProjectDocument : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void opensWithGreedyPlan();
    void roundTrip_data();
    void roundTrip();
    void dragMergesIntoOneStep();
    void dragBackToStartLeavesNoStep();
    void rejectsImpossibleEdits();
    void badArchValueIsReportedAndNotPushed();
    void archEditDiagnosticsNameTheJsonPath();
    void openFileKeepsImportDiagnostics();
    void chipChangeCarriesCutsOrFallsBackToGreedy();
    void debounceCoalescesRequests();
    void changeComparesWithThePlanBeforeTheDrag();
    void staleEvaluationIsDropped();
    void invalidPlanIsReported();
    void nodeCutsAndMerge();
    void evaluationFillsNodeMappings();
    void modifiedFollowsCleanState();

private:
    std::unique_ptr<ProjectDocument> m_doc;
    std::shared_ptr<const Graph> m_graph;
};

void TestProjectDocument::init()
{
    if (!m_graph) {
        const LoadedGraph loaded = ProjectLoader::loadNow(modelPath("resnet18"));
        QVERIFY(loaded.ok());
        m_graph = loaded.graph;
    }
    m_doc = std::make_unique<ProjectDocument>();
    m_doc->setModel(m_graph, modelPath("resnet18"));
}

void TestProjectDocument::opensWithGreedyPlan()
{
    QCOMPARE(m_doc->presetName(), QStringLiteral("sram-M"));
    QVERIFY(m_doc->unitCount() > 0);
    // ResNet18 needs at least 3 partitions on chip M (method.md §3).
    QVERIFY(m_doc->plan().partitionCount() >= 3);
    QCOMPARE(m_doc->undoStack()->count(), 0);
    const PlanEvaluation e = m_doc->evaluateNow();
    QVERIFY(!e.isEmpty);
    QVERIFY(e.valid);
    QCOMPARE(e.partitionCount(), m_doc->plan().partitionCount());
    QVERIFY(e.cost.latencyPerBatchNs > 0.0);
}

void TestProjectDocument::roundTrip_data()
{
    QTest::addColumn<QString>("edit");
    for (const char* edit : {"moveCut", "addCut", "removeCut", "applyPlan", "setArchField",
                             "setArchSpec", "setArchPreset", "setBatch"})
        QTest::newRow(edit) << QString::fromLatin1(edit);
}

void TestProjectDocument::roundTrip()
{
    QFETCH(QString, edit);
    ProjectDocument& doc = *m_doc;
    const Snapshot before = snapshot(doc);
    const std::vector<std::int32_t> cuts = doc.innerCuts();
    QVERIFY(cuts.size() >= 2);
    DiagnosticList diagnostics;
    bool pushed = false;
    if (edit == "moveCut") {
        pushed = doc.moveCut(0, cuts[0] - 1);
    } else if (edit == "addCut") {
        pushed = doc.addCut(cuts[0] + 1 < cuts[1] ? cuts[0] + 1 : cuts[0] - 1);
    } else if (edit == "removeCut") {
        pushed = doc.removeCut(1);
    } else if (edit == "applyPlan") {
        std::vector<std::int32_t> next;
        for (std::int32_t c = 1; c < doc.unitCount(); c += 2)
            next.push_back(c);
        pushed = doc.applyPlan(next, QStringLiteral("Every other unit"));
    } else if (edit == "setArchField") {
        pushed = doc.setArchField(*findArchField("chip.cores"), QStringLiteral("32"), diagnostics);
    } else if (edit == "setArchSpec") {
        std::optional<ArchSpec> spec = loadArchSpec("sram-M", {"chip.cores=20"}, diagnostics);
        QVERIFY(spec);
        spec->name = "my-chip";
        pushed = doc.setArchSpec(*spec, QStringLiteral("Use chip my-chip"), diagnostics);
    } else if (edit == "setArchPreset") {
        pushed = doc.setArchPreset(QStringLiteral("sram-L"), diagnostics);
    } else if (edit == "setBatch") {
        pushed = doc.setBatchSize(16);
    }
    QVERIFY2(pushed, qPrintable(edit));
    QVERIFY(diagnostics.empty());
    QCOMPARE(doc.undoStack()->count(), 1);
    const Snapshot after = snapshot(doc);
    QVERIFY(!(after == before));

    doc.undoStack()->undo();
    QVERIFY(snapshot(doc) == before);
    doc.undoStack()->redo();
    QVERIFY(snapshot(doc) == after);
    doc.undoStack()->undo();
    QVERIFY(snapshot(doc) == before);
    doc.undoStack()->redo();
    QVERIFY(snapshot(doc) == after);
    // The plan stays well formed and evaluable through every step.
    QCOMPARE(doc.plan().unitCount(), doc.unitCount());
    QVERIFY(!doc.evaluateNow().isEmpty);
}

void TestProjectDocument::dragMergesIntoOneStep()
{
    ProjectDocument& doc = *m_doc;
    const std::vector<std::int32_t> cuts = doc.innerCuts();
    const int drag = doc.newDragId();
    const std::int32_t start = cuts[1];
    QVERIFY(doc.moveCut(1, start - 1, drag));
    QVERIFY(doc.moveCut(1, start - 2, drag));
    QVERIFY(doc.moveCut(1, start - 3, drag));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.innerCuts()[1], start - 3);
    doc.undoStack()->undo();
    QCOMPARE(doc.innerCuts(), cuts);
    doc.undoStack()->redo();
    QCOMPARE(doc.innerCuts()[1], start - 3);
    // A second drag is a second step; a move without a drag id never merges.
    const int drag2 = doc.newDragId();
    QVERIFY(doc.moveCut(1, start - 4, drag2));
    QCOMPARE(doc.undoStack()->count(), 2);
    QVERIFY(doc.moveCut(1, start - 5));
    QVERIFY(doc.moveCut(1, start - 6));
    QCOMPARE(doc.undoStack()->count(), 4);
}

void TestProjectDocument::dragBackToStartLeavesNoStep()
{
    ProjectDocument& doc = *m_doc;
    const std::vector<std::int32_t> cuts = doc.innerCuts();
    const int drag = doc.newDragId();
    QVERIFY(doc.moveCut(0, cuts[0] - 1, drag));
    QCOMPARE(doc.undoStack()->count(), 1);
    QVERIFY(doc.moveCut(0, cuts[0], drag)); // back where it started: the step is obsolete
    QCOMPARE(doc.undoStack()->count(), 0);
    QCOMPARE(doc.innerCuts(), cuts);
}

void TestProjectDocument::rejectsImpossibleEdits()
{
    ProjectDocument& doc = *m_doc;
    const std::vector<std::int32_t> cuts = doc.innerCuts();
    QVERIFY(!doc.moveCut(0, 0));           // onto the start
    QVERIFY(!doc.moveCut(0, cuts[1]));     // onto its neighbour
    QVERIFY(!doc.moveCut(7, 3));           // no such cut
    QVERIFY(!doc.addCut(cuts[0]));         // already a cut
    QVERIFY(!doc.addCut(doc.unitCount())); // the end
    QVERIFY(!doc.removeCut(static_cast<int>(cuts.size())));
    QVERIFY(!doc.applyPlan({5, 3}, {})); // not increasing
    QVERIFY(!doc.setBatchSize(0));
    QCOMPARE(doc.undoStack()->count(), 0);
    QCOMPARE(doc.innerCuts(), cuts);
}

void TestProjectDocument::badArchValueIsReportedAndNotPushed()
{
    DiagnosticList diagnostics;
    QVERIFY(
        !m_doc->setArchField(*findArchField("crossbar.rows"), QStringLiteral("0"), diagnostics));
    QVERIFY(diagnostics.hasErrors());
    QVERIFY(QString::fromStdString(diagnostics.all().front().message).contains("range"));
    diagnostics.clear();
    QVERIFY(
        !m_doc->setArchField(*findArchField("crossbar.rows"), QStringLiteral("many"), diagnostics));
    QVERIFY(diagnostics.hasErrors());
    QCOMPARE(m_doc->undoStack()->count(), 0);
    QCOMPARE(m_doc->presetName(), QStringLiteral("sram-M"));
}

void TestProjectDocument::archEditDiagnosticsNameTheJsonPath()
{
    // A value out of range, a value that does not parse, and one that breaks a rule between
    // fields (8-bit weights at 1 bit per cell need 8 columns): each names the field's JSON
    // path, never the command line's "--set".
    const struct
    {
        const char* key;
        const char* value;
        const char* path;
    } edits[] = {{"dram.bandwidth_GBps", "0", "dram.bandwidth_GBps"},
                 {"dram.bandwidth_GBps", "fast", "dram.bandwidth_GBps"},
                 {"crossbar.cols", "4", "crossbar.cols"}};
    ArchSpec narrow = m_doc->arch();
    narrow.weightBits = 8;
    DiagnosticList ignored;
    QVERIFY(m_doc->setArchSpec(narrow, QStringLiteral("8-bit weights"), ignored));
    for (const auto& edit : edits) {
        DiagnosticList diagnostics;
        QVERIFY2(!m_doc->setArchField(*findArchField(edit.key), QString::fromLatin1(edit.value),
                                      diagnostics),
                 edit.value);
        QVERIFY(diagnostics.hasErrors());
        for (const Diagnostic& d : diagnostics.all()) {
            QCOMPARE(QString::fromStdString(d.location.path), QString::fromLatin1(edit.path));
            QVERIFY2(d.location.file.empty(), d.location.file.c_str());
            QVERIFY(formatDiagnostic(d).find("--set") == std::string::npos);
        }
    }
    QCOMPARE(m_doc->undoStack()->count(), 1);
    // The undo text names the field and the value as stored.
    QVERIFY(m_doc->setArchField(*findArchField("dram.bandwidth_GBps"), QStringLiteral(" 25.60 "),
                                ignored));
    QCOMPARE(m_doc->undoStack()->undoText(), QStringLiteral("Set dram.bandwidth_GBps to 25.6"));
}

void TestProjectDocument::openFileKeepsImportDiagnostics()
{
    ProjectDocument doc;
    QSignalSpy finished(&doc, &ProjectDocument::openFinished);
    QSignalSpy changed(&doc, &ProjectDocument::diagnosticsChanged);
    doc.openFile(QStringLiteral(COMPASS_TEST_DATA_DIR "/does_not_exist.onnx"));
    QVERIFY(doc.isOpening());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().at(1).toBool(), false);
    QVERIFY(!doc.hasModel());
    QVERIFY(!changed.isEmpty());
    QVERIFY(!doc.importDiagnostics().empty());
    QCOMPARE(doc.importDiagnostics().front().severity, Severity::Error);
    QCOMPARE(doc.diagnostics().size(), doc.importDiagnostics().size());

    // A good file replaces the model and the import's messages; a failed one afterwards keeps
    // the model shown and lists its own errors.
    doc.openFile(modelPath("resnet18"));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().at(1).toBool(), true);
    QVERIFY(doc.hasModel());
    QCOMPARE(doc.modelPath(), modelPath("resnet18"));
    QVERIFY(doc.importDiagnostics().empty());
    doc.openFile(QStringLiteral(COMPASS_TEST_DATA_DIR "/does_not_exist.onnx"));
    QVERIFY(finished.wait(30000));
    QVERIFY(doc.hasModel());
    QVERIFY(!doc.importDiagnostics().empty());
}

void TestProjectDocument::chipChangeCarriesCutsOrFallsBackToGreedy()
{
    ProjectDocument& doc = *m_doc;
    QSignalSpy messages(&doc, &ProjectDocument::statusMessage);
    QSignalSpy arch(&doc, &ProjectDocument::archChanged);
    DiagnosticList diagnostics;
    // A smaller chip: M's greedy partitions do not fit S, so greedy replaces them.
    QVERIFY(doc.setArchPreset(QStringLiteral("sram-S"), diagnostics));
    QCOMPARE(arch.count(), 1);
    QVERIFY(doc.evaluateNow().valid);
    QVERIFY(!messages.isEmpty());
    QVERIFY(messages.last().first().toString().contains("greedy"));
    // Same units, different weight precision halves nothing: cuts at layer starts stay at
    // layer starts (ADC energy does not change units at all).
    const std::vector<std::int32_t> cuts = doc.innerCuts();
    QVERIFY(doc.setArchField(*findArchField("adc.energy_per_conversion_pJ"), QStringLiteral("0.5"),
                             diagnostics));
    QCOMPARE(doc.innerCuts(), cuts);
    QVERIFY(doc.presetName().isEmpty()); // edited: no longer the preset
}

void TestProjectDocument::debounceCoalescesRequests()
{
    ProjectDocument& doc = *m_doc;
    QSignalSpy started(&doc, &ProjectDocument::evaluationStarted);
    QSignalSpy changed(&doc, &ProjectDocument::evaluationChanged);
    QTRY_VERIFY(!doc.isEvaluating()); // the one requested by setModel
    started.clear();
    changed.clear();
    const std::vector<std::int32_t> cuts = doc.innerCuts();
    const int drag = doc.newDragId();
    for (int step = 1; step <= 3; ++step)
        QVERIFY(doc.moveCut(1, cuts[1] - step, drag));
    QTRY_VERIFY(!doc.isEvaluating());
    QCOMPARE(started.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(doc.evaluation().cuts, doc.plan().cuts());
}

/// Issue 16, item 2: the reference of the "Change" column is the plan before the edit (one
/// undo step), not an intermediate position of the drag that was evaluated on the way.
void TestProjectDocument::changeComparesWithThePlanBeforeTheDrag()
{
    ProjectDocument& doc = *m_doc;
    QTRY_VERIFY(!doc.isEvaluating());
    const std::vector<std::int32_t> before = doc.plan().cuts();
    const std::vector<std::int32_t> cuts = doc.innerCuts();
    const int drag = doc.newDragId();
    for (int step = 1; step <= 3; ++step) {
        QVERIFY(doc.moveCut(1, cuts[1] - step, drag));
        doc.startEvaluation(); // each position is evaluated, as a slow drag does
        QTRY_VERIFY(!doc.isEvaluating());
        QCOMPARE(doc.evaluation().cuts, doc.plan().cuts());
        QCOMPARE(doc.previousEvaluation().cuts, before);
    }
    QCOMPARE(doc.undoStack()->count(), 1);

    // The next edit is the next comparison: against the end of the drag.
    const std::vector<std::int32_t> dragged = doc.plan().cuts();
    QVERIFY(doc.moveCut(0, cuts[0] - 1));
    doc.startEvaluation();
    QTRY_VERIFY(!doc.isEvaluating());
    QCOMPARE(doc.previousEvaluation().cuts, dragged);

    // Undo is a step too: it compares with the state it left.
    const std::vector<std::int32_t> edited = doc.plan().cuts();
    doc.undoStack()->undo();
    doc.startEvaluation();
    QTRY_VERIFY(!doc.isEvaluating());
    QCOMPARE(doc.evaluation().cuts, dragged);
    QCOMPARE(doc.previousEvaluation().cuts, edited);
}

void TestProjectDocument::staleEvaluationIsDropped()
{
    ProjectDocument& doc = *m_doc;
    QTRY_VERIFY(!doc.isEvaluating());
    const int droppedBefore = doc.droppedEvaluations();
    QSignalSpy changed(&doc, &ProjectDocument::evaluationChanged);
    const std::uint64_t first = doc.startEvaluation();
    QVERIFY(doc.applyPlan({doc.innerCuts().front()}, {})); // the plan changes while `first` runs
    const std::uint64_t second = doc.startEvaluation();
    QVERIFY(second > first);
    QTRY_VERIFY(!doc.isEvaluating());
    QCOMPARE(doc.droppedEvaluations(), droppedBefore + 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(doc.evaluation().generation, doc.latestGeneration());
    QCOMPARE(doc.evaluation().cuts, doc.plan().cuts());
}

void TestProjectDocument::invalidPlanIsReported()
{
    ProjectDocument& doc = *m_doc;
    // The whole of ResNet18 (5.6 MiB at 4 bit) in one partition of a 2 MiB chip.
    QVERIFY(doc.applyPlan({}, QStringLiteral("No cuts")));
    const PlanEvaluation e = doc.evaluateNow();
    QVERIFY(!e.valid);
    QCOMPARE(e.partitionCount(), 1);
    QVERIFY(!e.partitions[0].valid);
    QVERIFY2(e.partitions[0].reason.contains("too many crossbars"),
             qPrintable(e.partitions[0].reason));
    QVERIFY(e.partitions[0].crossbars > doc.unitLayout().chipCrossbars);
    QVERIFY(!e.diagnostics.empty());
    QCOMPARE(e.diagnostics.front().location.partition, 0);
    QCOMPARE(e.diagnostics.front().severity, Severity::Error);
    QVERIFY(e.summary().startsWith("invalid"));
}

void TestProjectDocument::nodeCutsAndMerge()
{
    ProjectDocument& doc = *m_doc;
    const PlanEvaluation e = doc.evaluateNow();
    // The first weight layer (conv1) sits at unit 0: nothing can go before it.
    const NodeId conv = m_graph->weightLayers().front();
    const int id = static_cast<int>(conv.index());
    QVERIFY(!doc.cutPositionBeforeNode(id));
    const std::optional<std::int32_t> after = doc.cutPositionAfterNode(id);
    QVERIFY(after);
    QCOMPARE(*after, e.nodes[conv.index()].endUnit);
    const int partitions = doc.plan().partitionCount();
    QVERIFY(doc.cutAfterNode(id));
    QCOMPARE(doc.plan().partitionCount(), partitions + 1);
    QVERIFY(!doc.cutAfterNode(id)); // already cut there
    QVERIFY(doc.mergeWithNextPartition(0));
    QCOMPARE(doc.plan().partitionCount(), partitions);
    QCOMPARE(doc.undoStack()->count(), 2);
}

void TestProjectDocument::evaluationFillsNodeMappings()
{
    const PlanEvaluation e = m_doc->evaluateNow();
    QCOMPARE(e.nodes.size(), m_graph->nodes().size());
    int weightLayers = 0;
    for (const NodeId id : m_graph->weightLayers()) {
        const NodeMapping& m = e.nodes[id.index()];
        QVERIFY(m.isWeightLayer);
        QVERIFY(m.partition >= 0);
        QVERIFY(m.crossbars > 0);
        QVERIFY(m.units > 0);
        QVERIFY(m.replication >= 1);
        ++weightLayers;
    }
    QVERIFY(weightLayers > 0);
    // Partitions are in order along the network.
    int last = 0;
    for (const NodeId id : m_graph->weightLayers()) {
        QVERIFY(e.nodes[id.index()].partition >= last);
        last = e.nodes[id.index()].partition;
    }
    QCOMPARE(last, e.partitionCount() - 1);
}

void TestProjectDocument::modifiedFollowsCleanState()
{
    QSignalSpy modified(m_doc.get(), &ProjectDocument::modifiedChanged);
    QVERIFY(!m_doc->isModified());
    QVERIFY(m_doc->setBatchSize(4));
    QVERIFY(m_doc->isModified());
    m_doc->undoStack()->undo();
    QVERIFY(!m_doc->isModified());
    QCOMPARE(modified.count(), 2);
}

QTEST_GUILESS_MAIN(TestProjectDocument)
#include "tst_project_document.moc"
