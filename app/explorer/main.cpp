// SPDX-License-Identifier: MIT
// compass-explorer: the desktop design-space explorer.
#include "app/version.h"
#include "core/onnx/import_options.h"
#include "core/project/project_file.h"
#include "core/support/resource_paths.h"
#include "ui/mainwindow/input_shapes_dialog.h"
#include "ui/mainwindow/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPainter>
#include <QPalette>
#include <QTimer>

#include <cstdio>

namespace {

/// Grabs the window into `file` once layout and evaluation have settled, then quits.
void grabWhenSettled(compass::ui::MainWindow& window, const QString& file)
{
    auto* poll = new QTimer(&window);
    QObject::connect(poll, &QTimer::timeout, &window, [&window, file, poll] {
        if (window.isSettling())
            return;
        poll->stop();
        QTimer::singleShot(300, &window, [&window, file] {
            const bool saved = window.grab().save(file);
            if (!saved)
                std::fprintf(stderr, "compass-explorer: cannot write %s\n", qPrintable(file));
            QApplication::exit(saved ? 0 : 1);
        });
    });
    poll->start(50);
}

// --screenshot: wait for the layout, grab the window, save it and quit (docs, smoke tests).
// Without a model or project, the welcome page; a model that needs input shapes, the window
// with the dialog that asks for them on top.
void scheduleScreenshot(compass::ui::MainWindow& window, const QString& file, const QString& select,
                        bool hasFile)
{
    QObject::connect(
        &window, &compass::ui::MainWindow::importOptionsRequested, &window,
        [&window, file](compass::ui::InputShapesDialog* dialog) {
            QTimer::singleShot(300, &window, [&window, file, dialog] {
                QPixmap shot = window.grab();
                const QPixmap asked = dialog->grab();
                // Offscreen windows have no decoration: draw a frame and the
                // title so the dialog reads as one above the window.
                const int title = 26;
                const QRect frame((shot.width() - asked.width()) / 2 - 1,
                                  (shot.height() - asked.height()) / 3 - title, asked.width() + 2,
                                  asked.height() + title + 1);
                QPainter painter(&shot);
                painter.fillRect(frame.translated(4, 4), QColor(0, 0, 0, 60));
                painter.fillRect(frame, dialog->palette().color(QPalette::Mid));
                painter.setPen(dialog->palette().color(QPalette::BrightText));
                painter.drawText(frame.adjusted(10, 0, 0, -asked.height() - 1),
                                 Qt::AlignVCenter | Qt::AlignLeft, dialog->windowTitle());
                painter.drawPixmap(frame.left() + 1, frame.top() + title, asked);
                painter.end();
                const bool saved = shot.save(file);
                if (!saved)
                    std::fprintf(stderr, "compass-explorer: cannot write %s\n", qPrintable(file));
                QApplication::exit(saved ? 0 : 1);
            });
        });
    if (!hasFile) {
        QTimer::singleShot(0, &window, [&window, file] { grabWhenSettled(window, file); });
        return;
    }
    QObject::connect(
        &window, &compass::ui::MainWindow::modelShown, &window, [&window, file, select](bool ok) {
            if (!ok) {
                std::fprintf(stderr, "compass-explorer: the model could not be opened\n");
                QApplication::exit(1);
                return;
            }
            if (!select.isEmpty())
                window.focusNode(select);
            // Wait for a relayout (a block the search expanded) and the evaluation, then let
            // the paint settle.
            grabWhenSettled(window, file);
        });
}

/// Without a display Qt aborts with a message about platform plugins. Runs that need no
/// window on screen (--screenshot, --help, --version) render offscreen instead; a plain start
/// says what to do. Returns false when the program should stop.
bool chooseHeadlessPlatform(int argc, char* argv[])
{
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        return true;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg.startsWith("--screenshot") || arg == "-h" || arg == "--help" || arg == "-v" ||
            arg == "--version") {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return true;
        }
    }
    std::fprintf(stderr,
                 "compass-explorer: no display (DISPLAY is not set). Start it in a desktop "
                 "session or under `xvfb-run -a compass-explorer`, render a window to a PNG with "
                 "--screenshot FILE, or use the `compass` command line.\n");
    return false;
}

} // namespace

int main(int argc, char* argv[])
{
    if (!chooseHeadlessPlatform(argc, argv))
        return 1;
    QApplication app(argc, argv);
    QApplication::setApplicationName("compass-explorer");
    QApplication::setOrganizationName("compass");
    // With the commit: the run recorder stamps every stored run with this text.
    QApplication::setApplicationVersion(COMPASS_VERSION " (" COMPASS_GIT_COMMIT ")");

    QCommandLineParser parser;
    parser.setApplicationDescription("COMPASS design-space explorer");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        "file",
        "ONNX model (a path or a bundled name such as resnet18) or COMPASS project (.compass) "
        "to open.",
        "[file]");
    const QCommandLineOption screenshot(
        "screenshot",
        "Open FILE, save a PNG of the window to FILE, quit (without a file: the welcome page).",
        "PNG");
    const QCommandLineOption select("select", "Select and centre the layer NAME after opening.",
                                    "NAME");
    const QCommandLineOption size("size", "Window size WxH (e.g. 1280x800).", "WxH");
    const QCommandLineOption leftToRight("left-to-right", "Lay the graph out left to right.");
    const QCommandLineOption inputShape(
        QString::fromLatin1(compass::kInputShapeFlag).mid(2),
        "Shape of graph input NAME of the model opened, e.g. input=1x3x224x224 (repeatable); "
        "with it (or --weights-from-inputs) the model opens without the input-shapes dialog.",
        "NAME=DIMS");
    const QCommandLineOption weightsFromInputs(
        QString::fromLatin1(compass::kWeightsFromInputsFlag).mid(2),
        "Treat graph inputs without initializers that feed weight operands as weights.");
    parser.addOptions({screenshot, select, size, leftToRight, inputShape, weightsFromInputs});
    parser.process(app);
    // The command line's import options, read by the same parser as compass's --input-shape.
    compass::OnnxImportOptions importOptions;
    for (const QString& value : parser.values(inputShape)) {
        std::string error;
        if (!compass::parseInputShape(value.toStdString(), importOptions, error)) {
            std::fprintf(stderr, "compass-explorer: %s: %s\n", compass::kInputShapeFlag,
                         error.c_str());
            return 2;
        }
    }
    importOptions.weightsFromInputs = parser.isSet(weightsFromInputs);

    compass::ui::MainWindow window;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split('x');
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    if (parser.isSet(leftToRight))
        window.setLeftToRight(true);
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(screenshot)) {
        scheduleScreenshot(window, parser.value(screenshot), parser.value(select),
                           !positional.isEmpty());
        if (!positional.isEmpty() && compass::isProjectPath(positional.first().toStdString())) {
            // A project shows its model through modelShown as well; a refused one says why.
            QObject::connect(
                &window, &compass::ui::MainWindow::projectOpened, &window, [](bool ok) {
                    if (!ok) {
                        std::fprintf(stderr, "compass-explorer: the project could not be "
                                             "opened\n");
                        QApplication::exit(1);
                    }
                });
        }
    }
    if (!positional.isEmpty()) {
        const auto resolved = compass::resolveModelPath(positional.first().toStdString());
        const QString path =
            resolved ? QString::fromStdString(resolved->string()) : positional.first();
        if (!importOptions.isDefault() && !compass::isProjectPath(path.toStdString()))
            window.openModel(path, importOptions);
        else
            window.openFile(path);
        if (!parser.isSet(screenshot) && parser.isSet(select)) {
            const QString name = parser.value(select);
            QObject::connect(&window, &compass::ui::MainWindow::modelShown, &window,
                             [&window, name](bool ok) {
                                 if (ok)
                                     window.focusNode(name);
                             });
        }
    }
    window.show();
    return QApplication::exec();
}
