// SPDX-License-Identifier: MIT
// The architecture and metrics panels: editing a field is one SetCustomArchCommand, a bad
// value is shown inline and pushes nothing, preset and batch are undoable; both item models
// pass QAbstractItemModelTester.
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "core/arch/arch_fields.h"
#include "core/arch/arch_presets.h"
#include "core/support/units.h"
#include "ui/document/commands/set_arch_preset_command.h"
#include "ui/document/commands/set_batch_command.h"
#include "ui/document/commands/set_custom_arch_command.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#include "ui/panels/arch_parameter_model.h"
#include "ui/panels/architecture_panel.h"
#include "ui/panels/metrics_model.h"
#include "ui/panels/metrics_panel.h"
#endif

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

#include <cmath>

using namespace compass;
using namespace compass::ui;

class TestArchitecturePanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void modelsPassTheTester();
    void rowsCarryUnitsAndTooltips();
    void editingAFieldIsOneCommand();
    void unusedFieldsAreGreyedAndSayWhy();
    void editingThroughTheViewIsOneCommand();
    void badValueIsShownInline();
    void presetAndBatchAreUndoable();
    void metricsShowChangeAgainstPreviousPlan();
    void metricsSayInvalid();
    void metricsShowScaledUnits();
    void modifiedChipIsSavedAsANamedPreset();

private:
    QModelIndex valueIndex(const QString& key) const;

    std::shared_ptr<const Graph> m_graph;
    std::unique_ptr<ProjectDocument> m_doc;
    std::unique_ptr<ArchitecturePanel> m_panel;
};

void TestArchitecturePanel::initTestCase()
{
    const LoadedGraph loaded =
        ProjectLoader::loadNow(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
    QVERIFY(loaded.ok());
    m_graph = loaded.graph;
}

void TestArchitecturePanel::init()
{
    m_doc = std::make_unique<ProjectDocument>();
    m_doc->setModel(m_graph, QStringLiteral("resnet18.onnx"));
    m_panel = std::make_unique<ArchitecturePanel>(m_doc.get());
    m_panel->resize(400, 700);
}

void TestArchitecturePanel::cleanup()
{
    m_panel.reset();
    m_doc.reset();
}

QModelIndex TestArchitecturePanel::valueIndex(const QString& key) const
{
    ArchParameterModel* model = m_panel->model();
    return model->index(model->rowOfKey(key), ArchParameterModel::ValueColumn);
}

void TestArchitecturePanel::modelsPassTheTester()
{
    QAbstractItemModelTester archTester(m_panel->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    MetricsModel metrics(m_doc.get());
    QAbstractItemModelTester metricsTester(&metrics,
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    DiagnosticList diagnostics;
    QVERIFY(m_doc->setArchField(*findArchField("chip.cores"), QStringLiteral("24"), diagnostics));
    QVERIFY(!m_panel->model()->setData(valueIndex(QStringLiteral("crossbar.rows")),
                                       QStringLiteral("-1")));
    QTRY_VERIFY(!m_doc->isEvaluating());
    QVERIFY(m_doc->moveCut(0, m_doc->innerCuts()[0] - 1));
    QTRY_VERIFY(!m_doc->isEvaluating());
    QCOMPARE(metrics.rowCount(), static_cast<int>(MetricsModel::RowCount));
}

void TestArchitecturePanel::rowsCarryUnitsAndTooltips()
{
    ArchParameterModel* model = m_panel->model();
    const int row = model->rowOfKey(QStringLiteral("dram.bandwidth_GBps"));
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, ArchParameterModel::UnitColumn).data().toString(),
             QStringLiteral("GB/s"));
    const QString tip =
        model->index(row, ArchParameterModel::ValueColumn).data(Qt::ToolTipRole).toString();
    QVERIFY(tip.contains(QStringLiteral("Source")));
    QVERIFY(tip.contains(QStringLiteral("Allowed")));
    QCOMPARE(model->index(row, ArchParameterModel::ValueColumn).data().toString(),
             QStringLiteral("12.8"));
    // Text fields (name, description) are not rows; the value column alone is editable.
    QCOMPARE(model->rowOfKey(QStringLiteral("name")), -1);
    QVERIFY(model->flags(model->index(row, ArchParameterModel::ValueColumn)) & Qt::ItemIsEditable);
    QVERIFY(!(model->flags(model->index(row, ArchParameterModel::ParameterColumn)) &
              Qt::ItemIsEditable));
}

void TestArchitecturePanel::editingAFieldIsOneCommand()
{
    QVERIFY(m_panel->model()->setData(valueIndex(QStringLiteral("dram.bandwidth_GBps")),
                                      QStringLiteral("25.6")));
    QCOMPARE(m_doc->undoStack()->count(), 1);
    QVERIFY(dynamic_cast<const SetCustomArchCommand*>(m_doc->undoStack()->command(0)));
    QCOMPARE(m_doc->arch().dramBandwidthGBps, 25.6);
    QCOMPARE(valueIndex(QStringLiteral("dram.bandwidth_GBps")).data().toString(),
             QStringLiteral("25.6"));
    QCOMPARE(m_panel->presetBox()->currentText(), QStringLiteral("(custom)"));
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->arch().dramBandwidthGBps, 12.8);
    QCOMPARE(m_panel->presetBox()->currentText(), QStringLiteral("sram-M"));
}

void TestArchitecturePanel::unusedFieldsAreGreyedAndSayWhy()
{
    // sram-M times its MVMs with the PUMA formula: mvm.fixed_latency_ns is shown but unused.
    const QModelIndex fixed = valueIndex(QStringLiteral("mvm.fixed_latency_ns"));
    const QModelIndex fixedName = fixed.siblingAtColumn(ArchParameterModel::ParameterColumn);
    QVERIFY(fixedName.data(Qt::ForegroundRole).isValid());
    const QString tip = fixed.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("not used: mvm.latency_model is puma, so one MVM takes "
                                         "1200 ns")),
             qPrintable(tip));
    QVERIFY(!valueIndex(QStringLiteral("dram.bandwidth_GBps")).data(Qt::ForegroundRole).isValid());
    // Choosing the fixed model puts it in use, and the view is told so.
    QSignalSpy changed(m_panel->model(), &QAbstractItemModel::dataChanged);
    QVERIFY(m_panel->model()->setData(valueIndex(QStringLiteral("mvm.latency_model")),
                                      QStringLiteral("fixed")));
    QVERIFY(!fixedName.data(Qt::ForegroundRole).isValid());
    QVERIFY(!fixed.data(Qt::ToolTipRole).toString().contains(QStringLiteral("not used")));
    bool told = false;
    for (const QList<QVariant>& args : changed) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        const auto roles = args.at(2).value<QList<int>>();
        told = told || (topLeft.row() <= fixed.row() && bottomRight.row() >= fixed.row() &&
                        topLeft.column() == 0 && roles.contains(Qt::ForegroundRole));
    }
    QVERIFY(told);
    // Rows per block matter only when rows stream.
    QVERIFY(
        !valueIndex(QStringLiteral("pipeline.rows_per_block")).data(Qt::ForegroundRole).isValid());
    QVERIFY(m_panel->model()->setData(valueIndex(QStringLiteral("pipeline.granularity")),
                                      QStringLiteral("layer")));
    QVERIFY(valueIndex(QStringLiteral("pipeline.rows_per_block"))
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("not used: pipeline.granularity is layer")));
}

void TestArchitecturePanel::editingThroughTheViewIsOneCommand()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QApplication::setActiveWindow(m_panel.get());
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    QTableView* table = m_panel->table();
    const QModelIndex index = valueIndex(QStringLiteral("chip.cores"));
    table->setCurrentIndex(index);
    table->edit(index);
    auto* editor = table->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("32"));
    QCOMPARE(editor->text(), QStringLiteral("32"));
    QTest::keyClick(editor, Qt::Key_Tab); // leaving the editor commits it
    QCOMPARE(m_doc->undoStack()->count(), 1);
    QCOMPARE(m_doc->arch().cores, 32);
}

void TestArchitecturePanel::badValueIsShownInline()
{
    m_panel->show();
    const QModelIndex index = valueIndex(QStringLiteral("crossbar.rows"));
    QVERIFY(!m_panel->model()->setData(index, QStringLiteral("0")));
    QCOMPARE(m_doc->undoStack()->count(), 0);
    QCOMPARE(m_doc->arch().crossbarRows, 256);
    const QString error = index.data(ArchParameterModel::ErrorRole).toString();
    QVERIFY2(error.contains(QStringLiteral("range")), qPrintable(error));
    QVERIFY(index.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Rejected")));
    QVERIFY(index.data(Qt::BackgroundRole).isValid());
    QVERIFY(m_panel->errorLabel()->isVisible());
    QVERIFY(m_panel->errorLabel()->text().contains(QStringLiteral("crossbar.rows")));
    // A good value clears the message.
    QVERIFY(m_panel->model()->setData(index, QStringLiteral("128")));
    QVERIFY(index.data(ArchParameterModel::ErrorRole).toString().isEmpty());
    QVERIFY(!m_panel->errorLabel()->isVisible());
}

void TestArchitecturePanel::presetAndBatchAreUndoable()
{
    QComboBox* presets = m_panel->presetBox();
    const int large = presets->findText(QStringLiteral("sram-L"));
    QVERIFY(large >= 0);
    presets->setCurrentIndex(large);
    emit presets->activated(large);
    QCOMPARE(m_doc->presetName(), QStringLiteral("sram-L"));
    QVERIFY(dynamic_cast<const SetArchPresetCommand*>(m_doc->undoStack()->command(0)));
    m_panel->batchBox()->setValue(8);
    QCOMPARE(m_doc->batchSize(), 8);
    QVERIFY(dynamic_cast<const SetBatchCommand*>(m_doc->undoStack()->command(1)));
    m_doc->undoStack()->undo();
    QCOMPARE(m_panel->batchBox()->value(), 1);
    m_doc->undoStack()->undo();
    QCOMPARE(presets->currentText(), QStringLiteral("sram-M"));
    QCOMPARE(m_doc->undoStack()->count(), 2);
}

void TestArchitecturePanel::metricsShowChangeAgainstPreviousPlan()
{
    MetricsModel metrics(m_doc.get());
    QTRY_VERIFY(!m_doc->isEvaluating());
    const QModelIndex latency = metrics.index(MetricsModel::LatencyRow, MetricsModel::ValueColumn);
    const QModelIndex change = metrics.index(MetricsModel::LatencyRow, MetricsModel::ChangeColumn);
    QVERIFY(latency.data().toString().endsWith(QStringLiteral(" ms")));
    QVERIFY(std::isnan(change.data(MetricsModel::ChangeRole).toDouble())); // nothing before
    const double before = latency.data(MetricsModel::NumberRole).toDouble();
    QVERIFY(m_doc->setBatchSize(16));
    QTRY_VERIFY(!m_doc->isEvaluating());
    const double after = latency.data(MetricsModel::NumberRole).toDouble();
    QVERIFY(after > before); // 16 inputs take longer than 1
    QCOMPARE(change.data(MetricsModel::ChangeRole).toDouble(), (after - before) / before);
    QVERIFY(change.data().toString().startsWith(QLatin1Char('+')));
}

void TestArchitecturePanel::metricsSayInvalid()
{
    MetricsPanel panel(m_doc.get());
    QVERIFY(m_doc->applyPlan({}, QStringLiteral("No cuts")));
    QTRY_VERIFY(!m_doc->isEvaluating());
    MetricsModel* metrics = panel.model();
    QCOMPARE(metrics->index(MetricsModel::StatusRow, MetricsModel::ValueColumn).data().toString(),
             QStringLiteral("INVALID"));
    QCOMPARE(metrics->index(MetricsModel::LatencyRow, MetricsModel::ValueColumn).data().toString(),
             QStringLiteral("invalid"));
    QVERIFY(panel.statusLabel()->text().contains(QStringLiteral("too many crossbars")));
}

void TestArchitecturePanel::metricsShowScaledUnits()
{
    // ResNet18 on sram-M at batch 16: every value in the unit that reads best (one module,
    // core/support/units), EDP always in µJ·ms, no exponents, and the figures match the cost.
    QVERIFY(m_doc->setBatchSize(16));
    MetricsModel metrics(m_doc.get());
    QTRY_VERIFY(!m_doc->isEvaluating());
    const PlanCost& cost = m_doc->evaluation().cost;
    const auto text = [&](int row) {
        return metrics.index(row, MetricsModel::ValueColumn).data().toString();
    };
    QCOMPARE(text(MetricsModel::LatencyRow), units::duration(cost.latencyPerBatchNs));
    QCOMPARE(text(MetricsModel::EnergyRow), units::energy(cost.energyPerInferencePj));
    QCOMPARE(text(MetricsModel::EdpRow), units::edp(cost.edpPjS));
    QVERIFY(text(MetricsModel::EdpRow).endsWith(QStringLiteral("J·ms")) ||
            text(MetricsModel::EdpRow).endsWith(QStringLiteral(" J·s")));
    QVERIFY(text(MetricsModel::ThroughputRow).endsWith(QStringLiteral(" inf/s")));
    QVERIFY(text(MetricsModel::DramRow).endsWith(QStringLiteral("iB")));
    QVERIFY(text(MetricsModel::UtilizationRow).endsWith(QStringLiteral(" %")));
    QCOMPARE(text(MetricsModel::LifetimeRow), QStringLiteral("unlimited")); // SRAM cells
    // Unlimited is not a failure: not painted in the invalid plan's red.
    QVERIFY(!metrics.index(MetricsModel::LifetimeRow, MetricsModel::ValueColumn)
                 .data(Qt::ForegroundRole)
                 .isValid());
    for (int row = MetricsModel::LatencyRow; row < MetricsModel::RowCount; ++row) {
        const QString shown = text(row);
        QVERIFY2(!shown.contains(QStringLiteral("e+")) && !shown.contains(QStringLiteral("e-")),
                 qPrintable(shown));
        // Scaled quantities read below 1000 in their unit (no "55378 µJ").
        if (row == MetricsModel::LatencyRow || row == MetricsModel::EnergyRow ||
            row == MetricsModel::DramRow)
            QVERIFY2(shown.section(' ', 0, 0).toDouble() < 1024.0, qPrintable(shown));
    }
    // The number behind the text is in base units; the change is a signed percentage.
    QCOMPARE(metrics.index(MetricsModel::EnergyRow, 0).data(MetricsModel::NumberRole).toDouble(),
             cost.energyPerInferencePj);
    QVERIFY(m_doc->setBatchSize(1));
    QTRY_VERIFY(!m_doc->isEvaluating());
    const QString change =
        metrics.index(MetricsModel::ThroughputRow, MetricsModel::ChangeColumn).data().toString();
    QVERIFY2(change.startsWith(QChar(0x2212)) && change.endsWith(QStringLiteral(" %")),
             qPrintable(change)); // batch 1 has a lower throughput than batch 16
}

/// Issue 16, item 1: a modified chip can be named and saved as the user's preset; it then
/// appears in the preset list with its description and capacity, and is the document's chip.
void TestArchitecturePanel::modifiedChipIsSavedAsANamedPreset()
{
    QStandardPaths::setTestModeEnabled(true); // ~/.qttest/config, not the user's own
    const QDir userDir(QString::fromStdString(userArchPresetDir().string()));
    QVERIFY(m_panel->model()->setData(valueIndex(QStringLiteral("dram.bandwidth_GBps")),
                                      QStringLiteral("25.6")));
    QCOMPARE(archVariant(m_doc->arch()).displayName(), std::string("sram-M*"));

    QVERIFY(!m_panel->saveAsPreset(QStringLiteral("sram-M"))); // a shipped name
    QVERIFY(!m_panel->errorLabel()->isHidden());
    QVERIFY(m_panel->errorLabel()->text().contains(QStringLiteral("shipped")));

    QVERIFY(m_panel->saveAsPreset(QStringLiteral("tst-panel-chip")));
    QCOMPARE(m_doc->presetName(), QStringLiteral("tst-panel-chip"));
    QCOMPARE(m_doc->arch().dramBandwidthGBps, 25.6);
    QCOMPARE(m_panel->presetBox()->currentText(), QStringLiteral("tst-panel-chip"));
    const int item = m_panel->presetBox()->findText(QStringLiteral("tst-panel-chip"));
    const QString tip = m_panel->presetBox()->itemData(item, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("sram-M with dram.bandwidth_GBps=25.6")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Weight capacity: ")), qPrintable(tip));
    QVERIFY(QFile::remove(userDir.filePath(QStringLiteral("tst-panel-chip.json"))));
    QStandardPaths::setTestModeEnabled(false);
}

QTEST_MAIN(TestArchitecturePanel)
#include "tst_architecture_panel.moc"
