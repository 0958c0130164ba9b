// SPDX-License-Identifier: MIT
// Not a test: renders the properties panel for one node of resnet18 at a dock's size and saves
// it, to look at. Usage (from the build dir):
//   xvfb-run -a tests/ui/properties_demo OUT.png [NODE_NAME] [WIDTHxHEIGHT]
// Without a node name it shows the first 3x3 convolution; "-" shows the empty panel.
#ifndef Q_MOC_RUN
#include "core/ir/graph.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#include "ui/panels/properties_panel.h"
#endif

#include <QApplication>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

using namespace compass;
using namespace compass::ui;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s OUT.png [NODE_NAME] [WIDTHxHEIGHT]\n", argv[0]);
        return 2;
    }
    const LoadedGraph loaded =
        ProjectLoader::loadNow(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
    if (!loaded.ok()) {
        std::fprintf(stderr, "cannot load resnet18\n");
        return 1;
    }
    ProjectDocument document;
    document.setModel(loaded.graph, QStringLiteral("resnet18.onnx"));
    document.setDebounceMs(0);

    NodeId id;
    const bool none = argc >= 3 && QByteArray(argv[2]) == "-";
    if (none) {
        // The empty panel.
    } else if (argc >= 3 && argv[2][0] != '\0') {
        id = loaded.graph->findNode(argv[2]);
    } else {
        for (const Node& node : loaded.graph->nodes()) {
            if (node.kind == OpKind::Conv &&
                node.attrInts("kernel_shape") == std::vector<std::int64_t>{3, 3}) {
                id = node.id;
                break;
            }
        }
    }
    if (!none && !id.isValid()) {
        std::fprintf(stderr, "no such node\n");
        return 1;
    }
    int width = 360;
    int height = 700;
    if (argc >= 4)
        std::sscanf(argv[3], "%dx%d", &width, &height);

    PropertiesPanel panel(&document);
    panel.resize(width, height);
    panel.showNode(id.value);
    panel.show();
    QEventLoop loop;
    QObject::connect(&document, &ProjectDocument::evaluationChanged, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (document.evaluation().cuts != document.plan().cuts())
        loop.exec();
    QTimer::singleShot(200, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = panel.grab().save(QString::fromLocal8Bit(argv[1]));
    std::printf("%s %s\n", ok ? "saved" : "FAILED", argv[1]);
    return ok ? 0 : 1;
}
