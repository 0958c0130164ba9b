// SPDX-License-Identifier: MIT
// The explorer's input-shapes dialog: a model with symbolic dims opens only through it, with
// the shapes typed (the document's graph has them, the status bar and the saved project show
// them); Cancel opens nothing; bad text names the input; File ▸ Open With Import Options asks
// for a file that would open without it.
#ifndef Q_MOC_RUN
#include "core/ir/graph.h"
#include "core/project/project_file.h"
#include "core/support/diagnostics.h"
#include "ui/document/project_document.h"
#include "ui/mainwindow/input_shapes_dialog.h"
#include "ui/mainwindow/main_window.h"
#endif

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace compass;
using namespace compass::ui;

namespace {

/// x [1 x 3 x height x width] -> Conv 4x3x3x3 -> y (tools/make_broken_corpus.py).
const QString kSymbolic =
    QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx_broken/symbolic_spatial_dim.onnx");
/// A bundled model with static input dims.
const QString kSqueezenet = QStringLiteral(COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx");

Dims inputDims(const ProjectDocument& document, const std::string& name)
{
    const std::shared_ptr<const Graph> graph = document.graph();
    if (!graph)
        return {};
    for (TensorId id : graph->inputs()) {
        if (graph->tensor(id).name == name)
            return graph->tensor(id).dims;
    }
    return {};
}

/// Waits for the dialog the window puts up for the file being opened.
InputShapesDialog* awaitDialog(QSignalSpy& requested)
{
    if (requested.isEmpty() && !requested.wait(20000))
        return nullptr;
    return requested.takeFirst().at(0).value<InputShapesDialog*>();
}

} // namespace

class TestInputShapesDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // keep QSettings away from the user's
        QCoreApplication::setOrganizationName(QStringLiteral("compass-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_input_shapes_dialog"));
        qRegisterMetaType<InputShapesDialog*>();
        QVERIFY(m_dir.isValid());
    }

    void fieldsAreCheckedNamingTheInput()
    {
        DeclaredInput image{"image", true, {"batch", "3", "224", "224"}, {0, 3, 224, 224}};
        QCOMPARE(declaredDimsText(image), QStringLiteral("batch x 3 x 224 x 224"));
        QCOMPARE(suggestedShape(image, {}), QStringLiteral("1x3x224x224"));
        OnnxImportOptions given;
        given.inputShapes["image"] = {4, 3, 96, 96};
        QCOMPARE(suggestedShape(image, given), QStringLiteral("4x3x96x96"));

        QString error;
        QCOMPARE(parseShapeField(image, " 2x3x64x64 ", error),
                 std::optional<Dims>(Dims{2, 3, 64, 64}));
        QVERIFY(error.isEmpty());
        QVERIFY(!parseShapeField(image, "1x3xhx64", error));
        QVERIFY2(error.contains("“image”") && error.contains("'h'"), qPrintable(error));
        QVERIFY(!parseShapeField(image, "1x3x64", error));
        QVERIFY2(error.contains("“image” has 4 dims (batch x 3 x 224 x 224), 3 given"),
                 qPrintable(error));
        QVERIFY(!parseShapeField(image, "", error));
        QVERIFY2(error.contains("give its shape"), qPrintable(error));

        // Open dims other than the batch stay named until the user gives them.
        DeclaredInput open{"image", true, {"batch", "3", "height", "width"}, {0, 3, 0, 0}};
        QCOMPARE(suggestedShape(open, {}), QStringLiteral("1x3xheightxwidth"));
        QVERIFY(!parseShapeField(open, suggestedShape(open, {}), error));
        QVERIFY2(error.contains("give a number for 'height', 'width'"), qPrintable(error));
        QCOMPARE(parseShapeField(open, "1x3x64x48", error),
                 std::optional<Dims>(Dims{1, 3, 64, 48}));

        DeclaredInput shapeless{"tokens", false, {}, {}};
        QCOMPARE(declaredDimsText(shapeless), QStringLiteral("no shape"));
        QVERIFY(suggestedShape(shapeless, {}).isEmpty());
        QCOMPARE(parseShapeField(shapeless, "1x128", error), std::optional<Dims>(Dims{1, 128}));
    }

    void symbolicDimsAreAskedForAndOpened()
    {
        MainWindow window;
        QSignalSpy requested(&window, &MainWindow::importOptionsRequested);
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModel(kSymbolic);
        InputShapesDialog* dialog = awaitDialog(requested);
        QVERIFY(dialog);
        QVERIFY(!window.document()->isOpening()); // nothing is read before the answer
        QLineEdit* field = dialog->shapeField(QStringLiteral("x"));
        QVERIFY(field);
        // The open height and width are left for the user, by name: Open waits for them.
        QCOMPARE(field->text(), QStringLiteral("1x3xheightxwidth"));
        QVERIFY(!dialog->isValid());
        QVERIFY(!dialog->openButton()->isEnabled());
        QVERIFY2(dialog->errorText().contains("give a number for 'height', 'width'"),
                 qPrintable(dialog->errorText()));
        // The row shows the dims as the file writes them.
        bool written = false;
        for (const QLabel* label : dialog->findChildren<QLabel*>())
            written = written || label->text() == QStringLiteral("1 x 3 x height x width");
        QVERIFY(written);

        field->setText(QStringLiteral("1x3xheightx16"));
        QVERIFY(!dialog->isValid());
        QVERIFY(!dialog->openButton()->isEnabled());
        QVERIFY2(dialog->errorText().contains("“x”") && dialog->errorText().contains("'height'"),
                 qPrintable(dialog->errorText()));
        field->setText(QStringLiteral("1x3x16x16"));
        QVERIFY(dialog->isValid());
        QVERIFY(dialog->errorText().isEmpty());
        QTest::mouseClick(dialog->openButton(), Qt::LeftButton);

        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.last().at(0).toBool(), true);
        ProjectDocument* doc = window.document();
        QCOMPARE(inputDims(*doc, "x"), (Dims{1, 3, 16, 16}));
        QCOMPARE(doc->importOptions().inputShapes.at("x"), (Dims{1, 3, 16, 16}));
        auto* status = window.findChild<QLabel*>(QStringLiteral("importOptionsStatus"));
        QVERIFY(status && !status->isHidden());
        QCOMPARE(status->text(), QStringLiteral("Imported with --input-shape x=1x3x16x16"));

        // The project keeps the options, and opens again without asking.
        const QString project = m_dir.filePath("symbolic.compass");
        QVERIFY(window.saveProjectTo(project));
        DiagnosticList diagnostics;
        const std::optional<ProjectFile> saved =
            readProjectFile(project.toStdString(), diagnostics);
        QVERIFY(saved);
        QCOMPARE(saved->importOptions.inputShapes.at("x"), (Dims{1, 3, 16, 16}));
        MainWindow again;
        QSignalSpy asked(&again, &MainWindow::importOptionsRequested);
        QSignalSpy opened(&again, &MainWindow::projectOpened);
        again.openProject(project);
        QVERIFY(opened.wait(30000));
        QCOMPARE(opened.last().at(0).toBool(), true);
        QVERIFY(asked.isEmpty());
        QCOMPARE(inputDims(*again.document(), "x"), (Dims{1, 3, 16, 16}));
    }

    void cancelLeavesTheDocument()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModel(kSqueezenet); // static dims: opens without a question
        QVERIFY(shown.wait(30000));
        ProjectDocument* doc = window.document();
        const std::shared_ptr<const Graph> before = doc->graph();
        const QString path = doc->modelPath();
        QSignalSpy requested(&window, &MainWindow::importOptionsRequested);
        QSignalSpy started(doc, &ProjectDocument::openStarted);
        QVERIFY(window.openFile(kSymbolic));
        InputShapesDialog* dialog = awaitDialog(requested);
        QVERIFY(dialog);
        dialog->reject();
        QCoreApplication::processEvents();
        QVERIFY(started.isEmpty());
        QCOMPARE(doc->graph(), before);
        QCOMPARE(doc->modelPath(), path);
        QVERIFY(doc->importOptions().isDefault());
        QVERIFY(window.windowTitle().contains(QStringLiteral("squeezenet1_1.onnx")));
    }

    void openWithImportOptionsAsksForAStaticModel()
    {
        MainWindow window;
        auto* action = window.findChild<QAction*>(QStringLiteral("openWithImportOptions"));
        QVERIFY(action && action->isEnabled());
        QSignalSpy requested(&window, &MainWindow::importOptionsRequested);
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModelWithImportOptions(kSqueezenet);
        InputShapesDialog* dialog = awaitDialog(requested);
        QVERIFY(dialog);
        QLineEdit* field = dialog->shapeField(QStringLiteral("input"));
        QVERIFY2(field, "squeezenet's graph input is listed");
        QCOMPARE(field->text(), QStringLiteral("1x3x224x224"));
        // Left as written, the input gets no shape; the weights box is the other option.
        QVERIFY(dialog->options().inputShapes.empty());
        dialog->weightsFromInputsBox()->setChecked(true);
        field->setText(QStringLiteral("2x3x224x224"));
        QTest::mouseClick(dialog->openButton(), Qt::LeftButton);
        QVERIFY(shown.wait(30000));
        QCOMPARE(inputDims(*window.document(), "input"), (Dims{2, 3, 224, 224}));
        QVERIFY(window.document()->importOptions().weightsFromInputs);
        QCOMPARE(window.document()->graph()->batchSize, std::int64_t{2});
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestInputShapesDialog)
#include "tst_input_shapes_dialog.moc"
