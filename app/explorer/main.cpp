// SPDX-License-Identifier: MIT
// compass-explorer: the desktop design-space explorer.
#include "app/version.h"
#include "ui/mainwindow/main_window.h"

#include <QApplication>
#include <QCommandLineParser>

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
    parser.addPositionalArgument("model", "ONNX model to open.", "[model]");
    parser.process(app);

    compass::ui::MainWindow window;
    if (!parser.positionalArguments().isEmpty())
        window.openModel(parser.positionalArguments().first());
    window.show();
    return QApplication::exec();
}
