// SPDX-License-Identifier: MIT
// compass-explorer: the desktop design-space explorer.
#include "app/version.h"
#include "core/support/resource_paths.h"
#include "ui/graphview/graph_layout.h"
#include "ui/mainwindow/main_window.h"
#include "ui/panels/graph_panel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

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

} // namespace

int main(int argc, char* argv[])
{
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
    parser.addOptions({screenshot, select, size, leftToRight});
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
