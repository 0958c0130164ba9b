// SPDX-License-Identifier: MIT
// compass-chart: `compass chart`, in a binary of its own so that the headless CLI links no Qt
// Gui or Widgets. `compass chart ARGS` runs `compass-chart ARGS` from the same folder; it can
// be run directly too.
#include "app/version.h"

#include <QApplication>
#include <QStringList>

namespace compass::cli {
int runChart(const QStringList& args);
} // namespace compass::cli

int main(int argc, char* argv[])
{
    // Charts are QGraphicsWidgets: they need a QApplication, which aborts without a display
    // unless a platform that needs none is chosen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName("compass");
    QCoreApplication::setApplicationVersion(COMPASS_VERSION);
    QStringList args = QCoreApplication::arguments();
    args.first() = QStringLiteral("chart"); // the command name, as `compass chart` gives it
    return compass::cli::runChart(args);
}
