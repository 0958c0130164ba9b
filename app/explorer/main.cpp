// SPDX-License-Identifier: MIT
// compass-explorer: the desktop design-space explorer.
#include "app/version.h"
#include "core/support/resource_paths.h"
#include "ui/document/project_document.h"
#include "ui/graphview/graph_layout.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/graph_panel.h"
#include "ui/panels/partition_strip.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMouseEvent>
#include <QTimer>
#include <QUndoStack>

#include <cstdio>
#include <functional>

namespace {

// --screenshot: wait for the layout, grab the window, save it and quit (docs, smoke tests).
void scheduleScreenshot(compass::ui::MainWindow& window, const QString& file, const QString& select)
{
    QObject::connect(
        &window, &compass::ui::MainWindow::modelShown, &window, [&window, file, select](bool ok) {
            if (!ok) {
                std::fprintf(stderr, "compass-explorer: the model could not be opened\n");
                QApplication::exit(1);
                return;
            }
            if (!select.isEmpty())
                window.graphPanel()->focusNode(select);
            // Let pending paints and a possible relayout (block expanded by the search) settle.
            QTimer::singleShot(select.isEmpty() ? 200 : 1500, &window, [&window, file] {
                const bool saved = window.grab().save(file);
                if (!saved)
                    std::fprintf(stderr, "compass-explorer: cannot write %s\n", qPrintable(file));
                QApplication::exit(saved ? 0 : 1);
            });
        });
}

// Runs `then` once the document has no evaluation pending (polling: evaluation is async).
void whenIdle(compass::ui::MainWindow& window, std::function<void()> then, int settleMs = 400)
{
    auto* timer = new QTimer(&window);
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, timer, then, settleMs] {
        if (window.document()->isEvaluating() || window.graphPanel()->isLayoutPending())
            return;
        timer->deleteLater();
        timer->stop();
        QTimer::singleShot(settleMs, &window, then);
    });
    timer->start();
}

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, pos, widget->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &event);
}

bool save(compass::ui::MainWindow& window, const QString& dir, const QString& name)
{
    const QString file = QDir(dir).filePath(name);
    const bool ok = window.grab().save(file);
    std::printf("%s %s (undo steps: %d, plan: %s)\n", ok ? "saved" : "FAILED", qPrintable(file),
                window.document()->undoStack()->count(),
                qPrintable(window.document()->evaluation().summary()));
    return ok;
}

// --demo DIR: the new-user walk-through of docs/explorer.md, with a screenshot per step:
// open ResNet18 from File > Examples, drag a cut in the strip, undo, redo, remove a cut.
void scheduleDemo(compass::ui::MainWindow& window, const QString& dir)
{
    using compass::ui::PartitionStrip;
    QObject::connect(
        &window, &compass::ui::MainWindow::modelShown, &window, [&window, dir](bool ok) {
            if (!ok) {
                QApplication::exit(1);
                return;
            }
            whenIdle(window, [&window, dir] {
                save(window, dir, QStringLiteral("explorer-1-greedy.png"));
                // Drag the last cut to the left, as a user would, in small steps.
                PartitionStrip* strip = window.partitionStrip();
                const std::vector<std::int32_t> cuts = window.document()->innerCuts();
                const std::size_t last = cuts.size() - 1;
                const double y = strip->barRect().center().y();
                const double x0 = strip->geometry().xOfPosition(cuts[last]);
                const double x1 = strip->geometry().xOfPosition(cuts[last - 1]);
                const double target = x0 - 0.25 * (x0 - x1);
                sendMouse(strip, QEvent::MouseButtonPress, {x0, y}, Qt::LeftButton);
                for (int step = 1; step <= 8; ++step)
                    sendMouse(strip, QEvent::MouseMove, {x0 + (target - x0) * step / 8.0, y},
                              Qt::LeftButton);
                sendMouse(strip, QEvent::MouseButtonRelease, {target, y}, Qt::NoButton);
                whenIdle(window, [&window, dir] {
                    save(window, dir, QStringLiteral("explorer-2-drag.png"));
                    window.undoAction()->trigger();
                    whenIdle(window, [&window, dir] {
                        save(window, dir, QStringLiteral("explorer-3-undo.png"));
                        window.redoAction()->trigger();
                        whenIdle(window, [&window, dir] {
                            save(window, dir, QStringLiteral("explorer-4-redo.png"));
                            // Select the first cut and press Delete: the merged span is too big.
                            PartitionStrip* s = window.partitionStrip();
                            s->setFocus();
                            s->setSelectedCut(0);
                            QKeyEvent del(QEvent::KeyPress, Qt::Key_Delete, Qt::NoModifier);
                            QCoreApplication::sendEvent(s, &del);
                            whenIdle(window, [&window, dir] {
                                const bool saved =
                                    save(window, dir, QStringLiteral("explorer-5-invalid.png"));
                                QApplication::exit(saved ? 0 : 1);
                            });
                        });
                    });
                });
            });
        });
}

/// Without a display Qt aborts with a message about platform plugins. Runs that need no
/// window on screen (--screenshot, --demo, --help, --version) render offscreen instead; a
/// plain start says what to do. Returns false when the program should stop.
bool chooseHeadlessPlatform(int argc, char* argv[])
{
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        return true;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg.startsWith("--screenshot") || arg.startsWith("--demo") || arg == "-h" ||
            arg == "--help" || arg == "-v" || arg == "--version") {
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
    QApplication::setApplicationVersion(COMPASS_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("COMPASS design-space explorer");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("model", "ONNX model (path or bundled name) to open.", "[model]");
    const QCommandLineOption screenshot(
        "screenshot", "Open MODEL, save a PNG of the window to FILE, quit.", "FILE");
    const QCommandLineOption select("select", "Select and centre the layer NAME after opening.",
                                    "NAME");
    const QCommandLineOption size("size", "Window size WxH (e.g. 1280x800).", "WxH");
    const QCommandLineOption leftToRight("left-to-right", "Lay the graph out left to right.");
    const QCommandLineOption demo(
        "demo",
        "Scripted walk-through: open resnet18 from Examples, drag a cut, undo, redo, "
        "remove a cut; save a screenshot of each step into DIR and quit.",
        "DIR");
    parser.addOptions({screenshot, select, size, leftToRight, demo});
    parser.process(app);

    compass::ui::MainWindow window;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split('x');
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    if (parser.isSet(leftToRight))
        window.setLeftToRight(true);
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(demo)) {
        scheduleDemo(window, parser.value(demo));
        window.show();
        if (!window.openExample(QStringLiteral("resnet18")))
            return 1;
        return QApplication::exec();
    }
    if (parser.isSet(screenshot)) {
        if (positional.isEmpty()) {
            std::fprintf(stderr, "compass-explorer: --screenshot needs a model\n");
            return 2;
        }
        scheduleScreenshot(window, parser.value(screenshot), parser.value(select));
    }
    if (!positional.isEmpty()) {
        const auto resolved = compass::resolveModelPath(positional.first().toStdString());
        window.openModel(resolved ? QString::fromStdString(resolved->string())
                                  : positional.first());
        if (!parser.isSet(screenshot) && parser.isSet(select)) {
            const QString name = parser.value(select);
            QObject::connect(&window, &compass::ui::MainWindow::modelShown, &window,
                             [&window, name](bool ok) {
                                 if (ok)
                                     window.graphPanel()->focusNode(name);
                             });
        }
    }
    window.show();
    return QApplication::exec();
}
