// SPDX-License-Identifier: MIT
#ifndef Q_MOC_RUN
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/support/diagnostics.h"
#include "store/run_hashes.h"
#include "store/run_store.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#include "ui/history/run_history_controller.h"
#include "ui/history/run_history_model.h"
#include "ui/history/run_restore.h"
#endif

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <cmath>

using namespace compass;
using namespace compass::ui;

namespace {

const QString kResnet18 = QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx");

/// Opens a network in the document as File ▸ Open does (the loader, then setModel).
bool openNetwork(ProjectDocument& document, const QString& path)
{
    LoadedGraph loaded = ProjectLoader::loadNow(path);
    if (!loaded.ok())
        return false;
    document.setModel(loaded.graph, loaded.path);
    return true;
}

} // namespace

class TestRunRestore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("runs.db"));
        // A run recorded by the command line, as a user would.
        QProcess cli;
        cli.start(QStringLiteral(COMPASS_CLI_PATH),
                  {QStringLiteral("optimize"), QStringLiteral("resnet18"), QStringLiteral("--arch"),
                   QStringLiteral("sram-M"), QStringLiteral("--batch"), QStringLiteral("4"),
                   QStringLiteral("--method"), QStringLiteral("greedy"), QStringLiteral("--db"),
                   m_db});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0,
                 cli.readAllStandardError().constData());
        RunHistoryController controller;
        QVERIFY(controller.openDatabase(m_db));
        QCOMPARE(controller.model()->rowCount(), 1);
        std::optional<RunRecord> run = controller.run(controller.model()->runAt(0)->id);
        QVERIFY(run);
        m_run = *run;
        QCOMPARE(m_run.batch, 4);
        QVERIFY(!m_run.cuts.empty());
    }

    void findsTheModelOfARecordedRun()
    {
        const RunModelCheck check = checkRunModel(m_run);
        QCOMPARE(check.status, RunModelCheck::Status::Ok);
        QCOMPARE(QFileInfo(check.path).canonicalFilePath(),
                 QFileInfo(kResnet18).canonicalFilePath());
    }

    void reportsAChangedOrMissingModelFile()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("mynet.onnx"));
        QVERIFY(QFile::copy(kResnet18, copy));
        RunRecord run = m_run;
        run.modelName = "mynet"; // no bundled network of this name
        run.modelPath = copy.toStdString();
        QCOMPARE(checkRunModel(run).status, RunModelCheck::Status::Ok);

        QFile file(copy);
        QVERIFY(file.open(QIODevice::Append));
        file.write("changed");
        file.close();
        RunModelCheck changed = checkRunModel(run);
        QCOMPARE(changed.status, RunModelCheck::Status::Changed);
        QCOMPARE(changed.path, copy);
        QVERIFY(changed.message.contains(QStringLiteral("SHA-256")));

        QVERIFY(QFile::remove(copy));
        RunModelCheck missing = checkRunModel(run);
        QCOMPARE(missing.status, RunModelCheck::Status::Missing);
        QVERIFY(missing.path.isEmpty());
        QVERIFY(missing.message.contains(copy));
    }

    void fallsBackToABundledNetworkWithTheSameContent()
    {
        RunRecord run = m_run;
        run.modelPath = "/home/colleague/models/resnet18.onnx"; // recorded on another machine
        const RunModelCheck check = checkRunModel(run);
        QCOMPARE(check.status, RunModelCheck::Status::Ok);
        QCOMPARE(QFileInfo(check.path).canonicalFilePath(),
                 QFileInfo(kResnet18).canonicalFilePath());
        QVERIFY(check.message.contains(QStringLiteral("same content")));
    }

    void restoresChipBatchAndPlanAsOneUndoStep()
    {
        ProjectDocument document;
        document.setDebounceMs(0);
        QVERIFY(openNetwork(document, kResnet18));
        DiagnosticList d;
        QVERIFY(document.setArchPreset(QStringLiteral("sram-L"), d));
        QVERIFY(document.setBatchSize(16));
        const DocumentConfiguration before = document.configuration();
        const int undoBefore = document.undoStack()->count();

        QVERIFY2(restoreRunSettings(document, m_run, d),
                 d.empty() ? "" : d.all()[0].message.c_str());
        QVERIFY(!d.hasErrors());
        DiagnosticList ignored;
        QCOMPARE(document.arch(),
                 *parseArchSpec(QByteArray::fromStdString(m_run.archJson), "", ignored));
        QCOMPARE(document.presetName(), QStringLiteral("sram-M"));
        QCOMPARE(document.batchSize(), 4);
        const std::vector<std::int32_t> cuts = document.innerCuts();
        QCOMPARE(std::vector<std::int64_t>(cuts.begin(), cuts.end()), m_run.cuts);
        QCOMPARE(document.undoStack()->count(), undoBefore + 1);
        QVERIFY(document.undoStack()->undoText().contains(QStringLiteral("run")));

        // The restored plan costs what the run stored.
        const PlanEvaluation evaluation = document.evaluateNow();
        QVERIFY(evaluation.valid);
        const double stored = *m_run.metricValue(metric::kThroughputIps);
        QVERIFY2(std::abs(evaluation.cost.throughputIps - stored) <= 1e-9 * stored,
                 qPrintable(QString::number(evaluation.cost.throughputIps) + " vs " +
                            QString::number(stored)));

        document.undoStack()->undo();
        QCOMPARE(document.arch(), before.arch);
        QCOMPARE(document.batchSize(), before.batchSize);
        QCOMPARE(document.innerCuts(), before.innerCuts);
        document.undoStack()->redo();
        QCOMPARE(document.batchSize(), 4);
        QCOMPARE(std::vector<std::int64_t>(cuts.begin(), cuts.end()), m_run.cuts);
    }

    void restoresACustomChip()
    {
        DiagnosticList d;
        std::optional<ArchSpec> spec = loadArchSpec("sram-M", {"chip.cores=20"}, d);
        QVERIFY(spec);
        spec->name = "my-chip";
        RunRecord run = m_run;
        run.archName = spec->name;
        run.archJson = archSpecToJson(*spec);
        run.cuts = {999999}; // beyond this network's unit table: the plan cannot be restored

        ProjectDocument document;
        QVERIFY(openNetwork(document, kResnet18));
        QVERIFY(!restoreRunSettings(document, run, d));
        QCOMPARE(document.arch(), *spec);
        QVERIFY(document.presetName().isEmpty());
        QCOMPARE(document.batchSize(), 4);
        QVERIFY(d.hasErrors());
        QVERIFY(
            QString::fromStdString(d.all().back().message).contains(QStringLiteral("do not fit")));
        QCOMPARE(document.undoStack()->count(), 1);
    }

    void needsTheNetworkFirst()
    {
        ProjectDocument document;
        DiagnosticList d;
        QVERIFY(!restoreRunSettings(document, m_run, d));
        QVERIFY(d.hasErrors());
        QCOMPARE(document.undoStack()->count(), 0);
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    RunRecord m_run;
};

QTEST_GUILESS_MAIN(TestRunRestore)
#include "tst_run_restore.moc"
