// SPDX-License-Identifier: MIT
// Opening a stored run without a window: the decision for each state of the run's network, and
// the whole sequence on a document (check off the GUI thread, open the network through the
// document, restore chip, batch and plan as one undo step), including the user's answer for a
// changed file and giving up when another network is opened meanwhile.
#ifndef Q_MOC_RUN
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/support/diagnostics.h"
#include "core/support/file_hash.h"
#include "ui/document/project_document.h"
#include "ui/history/run_opener.h"
#endif

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace compass;
using namespace compass::ui;

namespace {

const QString kResnet18 = QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx");
const QString kSqueezenet = QStringLiteral(COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx");

using Step = RunOpenDecision::Step;
using Outcome = RunOpenResult::Outcome;

} // namespace

class TestRunOpener : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // A run as the store keeps it: resnet18 on sram-S at batch 4 with its greedy plan.
        DiagnosticList d;
        const std::optional<ArchSpec> chip = loadArchSpec("sram-S", {}, d);
        QVERIFY(chip);
        ProjectDocument document;
        document.openFile(kResnet18);
        QSignalSpy opened(&document, &ProjectDocument::openFinished);
        QVERIFY(opened.wait(30000));
        QVERIFY(document.setArchPreset(QStringLiteral("sram-S"), d));
        for (std::int32_t c : document.innerCuts())
            m_run.cuts.push_back(c);
        m_run.id = RunId{12};
        m_run.modelName = "resnet18";
        m_run.modelPath = kResnet18.toStdString();
        m_run.modelSha256 = *fileSha256Hex(kResnet18, d);
        m_run.archName = "sram-S";
        m_run.archJson = archSpecToJson(*chip);
        m_run.batch = 4;
        m_run.method = PlanMethod::Greedy;
    }

    void decidesFromTheCheckAndTheShownNetwork()
    {
        const RunModelCheck ok{RunModelCheck::Status::Ok, kResnet18, {}};
        QCOMPARE(decideRunOpening(ok, {}).step, Step::OpenNetwork);
        QCOMPARE(decideRunOpening(ok, {}).path, kResnet18);
        QCOMPARE(decideRunOpening(ok, kSqueezenet).step, Step::OpenNetwork);
        QCOMPARE(decideRunOpening(ok, kResnet18).step, Step::Restore);
        // The same file reached by another path is the same network.
        const QString indirect =
            QStringLiteral(COMPASS_RESOURCE_DIR "/models/../models/resnet18.onnx");
        QCOMPARE(decideRunOpening(ok, indirect).step, Step::Restore);

        const RunModelCheck changed{RunModelCheck::Status::Changed, kResnet18,
                                    QStringLiteral("The file changed.")};
        const RunOpenDecision ask = decideRunOpening(changed, kResnet18);
        QCOMPARE(ask.step, Step::Confirm); // even when shown: it is asked about first
        QVERIFY(ask.message.startsWith(QStringLiteral("The file changed.")));
        QVERIFY(ask.message.contains(QStringLiteral("Open the file as it is now?")));

        const RunModelCheck missing{
            RunModelCheck::Status::Missing, {}, QStringLiteral("Cannot open run 3.")};
        QCOMPARE(decideRunOpening(missing, kResnet18).step, Step::Refuse);
        QCOMPARE(decideRunOpening(missing, {}).message, QStringLiteral("Cannot open run 3."));
    }

    void opensTheNetworkThenRestoresTheRun()
    {
        ProjectDocument document;
        RunOpener opener(&document);
        QSignalSpy finished(&opener, &RunOpener::finished);
        opener.open(m_run);
        QVERIFY(opener.isBusy());
        QVERIFY(finished.wait(60000));
        const auto result = finished.last().first().value<RunOpenResult>();
        QCOMPARE(result.outcome, Outcome::Opened);
        QVERIFY2(result.message.contains(QStringLiteral("run 12")), qPrintable(result.message));
        QVERIFY(!opener.isBusy());
        QCOMPARE(document.modelPath(), kResnet18);
        QCOMPARE(document.presetName(), QStringLiteral("sram-S"));
        QCOMPARE(document.batchSize(), 4);
        const std::vector<std::int32_t> cuts = document.innerCuts();
        QCOMPARE(std::vector<std::int64_t>(cuts.begin(), cuts.end()), m_run.cuts);
        QCOMPARE(document.undoStack()->count(), 1); // one step: "Open run 12"
    }

    void restoresAtOnceWhenTheNetworkIsShown()
    {
        ProjectDocument document;
        QSignalSpy opened(&document, &ProjectDocument::openFinished);
        document.openFile(kResnet18);
        QVERIFY(opened.wait(30000));
        opened.clear();
        RunOpener opener(&document);
        QSignalSpy finished(&opener, &RunOpener::finished);
        opener.open(m_run);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().first().value<RunOpenResult>().outcome, Outcome::Opened);
        QVERIFY(opened.isEmpty()); // the file was not read again
        QCOMPARE(document.batchSize(), 4);
    }

    void opensTheNetworkWithTheRunsImportOptions()
    {
        // x [1 x 3 x height x width] -> Conv: opens only with the shape the run was made with,
        // and the same file shown with other shapes is read again with the run's.
        DiagnosticList d;
        const QString symbolic =
            QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx_broken/symbolic_spatial_dim.onnx");
        RunRecord run = m_run;
        run.modelName = "symbolic_spatial_dim";
        run.modelPath = symbolic.toStdString();
        run.modelSha256 = *fileSha256Hex(symbolic, d);
        run.importOptions.inputShapes["x"] = {1, 3, 12, 12};
        run.cuts.clear();
        ProjectDocument document;
        QSignalSpy opened(&document, &ProjectDocument::openFinished);
        OnnxImportOptions other;
        other.inputShapes["x"] = {1, 3, 20, 20};
        document.openFile(symbolic, other);
        QVERIFY(opened.wait(30000));
        QVERIFY(document.hasModel());
        opened.clear();
        RunOpener opener(&document);
        QSignalSpy finished(&opener, &RunOpener::finished);
        opener.open(run);
        QVERIFY(finished.wait(60000));
        const auto result = finished.last().first().value<RunOpenResult>();
        QVERIFY2(result.outcome == Outcome::Opened, qPrintable(result.message));
        QCOMPARE(opened.size(), 1); // read again, with the run's shapes
        QCOMPARE(document.importOptions(), run.importOptions);
        const std::shared_ptr<const Graph> graph = document.graph();
        QCOMPARE(graph->tensor(graph->inputs().front()).dims, (Dims{1, 3, 12, 12}));
    }

    void asksAboutAChangedFile()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("mynet.onnx"));
        QVERIFY(QFile::copy(kResnet18, copy));
        RunRecord run = m_run;
        run.modelName = "mynet"; // no bundled network of this name
        run.modelPath = copy.toStdString();
        run.modelSha256 = std::string(64, '0'); // not the file's content any more

        ProjectDocument document;
        RunOpener opener(&document);
        QSignalSpy asked(&opener, &RunOpener::confirmationNeeded);
        QSignalSpy finished(&opener, &RunOpener::finished);
        opener.open(run);
        QVERIFY(asked.wait(30000));
        QVERIFY(asked.last().first().toString().contains(QStringLiteral("SHA-256")));
        opener.confirm(false);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.last().first().value<RunOpenResult>().outcome, Outcome::Cancelled);
        QVERIFY(!document.hasModel());

        opener.open(run);
        QVERIFY(asked.wait(30000));
        opener.confirm(true);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().first().value<RunOpenResult>().outcome, Outcome::Opened);
        QCOMPARE(document.modelPath(), copy);
    }

    void refusesAMissingNetwork()
    {
        RunRecord run = m_run;
        run.modelName = "no-such-network";
        run.modelPath = "/nowhere/no-such-network.onnx";
        ProjectDocument document;
        RunOpener opener(&document);
        QSignalSpy finished(&opener, &RunOpener::finished);
        opener.open(run);
        QVERIFY(finished.wait(30000));
        const auto result = finished.last().first().value<RunOpenResult>();
        QCOMPARE(result.outcome, Outcome::Refused);
        QVERIFY(result.message.contains(QStringLiteral("/nowhere/no-such-network.onnx")));
        QVERIFY(!document.hasModel());
    }

    void givesUpWhenAnotherNetworkIsOpened()
    {
        ProjectDocument document;
        RunOpener opener(&document);
        QSignalSpy finished(&opener, &RunOpener::finished);
        // The user opens SqueezeNet while the run's network is being read: only the newest open
        // is delivered, and the run is not restored onto SqueezeNet.
        connect(&document, &ProjectDocument::openStarted, this, [&](const QString& path) {
            if (path == kResnet18)
                document.openFile(kSqueezenet);
        });
        opener.open(m_run);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().first().value<RunOpenResult>().outcome, Outcome::Cancelled);
        QTRY_COMPARE(document.modelPath(), kSqueezenet);
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void reportsAPlanThatDoesNotFit()
    {
        RunRecord run = m_run;
        run.cuts = {999999}; // beyond this network's unit table
        ProjectDocument document;
        RunOpener opener(&document);
        QSignalSpy finished(&opener, &RunOpener::finished);
        opener.open(run);
        QVERIFY(finished.wait(60000));
        const auto result = finished.last().first().value<RunOpenResult>();
        QCOMPARE(result.outcome, Outcome::Partial);
        QVERIFY2(result.message.contains(QStringLiteral("do not fit")), qPrintable(result.message));
        QCOMPARE(document.batchSize(), 4); // what could be restored was
    }

private:
    RunRecord m_run;
};

QTEST_GUILESS_MAIN(TestRunOpener)
#include "tst_run_opener.moc"
