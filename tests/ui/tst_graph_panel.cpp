// SPDX-License-Identifier: MIT
// The graph panel's labels, export, zoom signal and focus (issue: graph labels, edge shapes,
// export, zoom level, canvas focus).
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "core/support/diagnostics.h"
#include "test_graphs.h"
#include "ui/charts/partition_palette.h"
#include "ui/document/project_document.h"
#include "ui/graphview/edge_item.h"
#include "ui/graphview/graph_layout.h"
#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/node_item.h"
#include "ui/graphview/partition_legend.h"
#include "ui/graphview/search_box.h"
#include "ui/panels/graph_panel.h"
#endif

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QFile>
#include <QFontMetricsF>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QWindow>

#include <climits>
#include <cmath>
#include <memory>
#include <numeric>

using namespace compass;
using namespace compass::ui;

namespace {

const QChar kTimes(0x00D7);

QString dims(std::initializer_list<int> values)
{
    QStringList parts;
    for (int v : values)
        parts << QString::number(v);
    return parts.join(kTimes);
}

} // namespace

class TestGraphPanel : public QObject
{
    Q_OBJECT

private:
    static void waitForLayout(GraphPanel& panel)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isLayoutPending(), 20000);
        QCoreApplication::processEvents();
    }

    /// A panel showing a small ResNet with three partitions, laid out.
    static std::unique_ptr<GraphPanel> resnetPanel()
    {
        auto panel = std::make_unique<GraphPanel>(nullptr);
        panel->resize(900, 700);
        panel->setModel(buildGraphViewModel(test::makeResNetLike({2, 2}, false)));
        std::vector<int> partitions;
        for (const GraphViewNode& node : panel->fullModel().nodes) {
            const auto id = static_cast<std::size_t>(node.id);
            if (partitions.size() <= id)
                partitions.resize(id + 1, -1);
            partitions[id] = node.id < 8 ? 0 : node.id < 16 ? 1 : 2;
        }
        panel->setPartitions(partitions);
        return panel;
    }

    /// Every box is at least as wide as its title and subtitle, so nothing needs eliding, and
    /// no two boxes overlap (the layout reserved the boxes' real widths).
    static void checkBoxesFitTheirLabels(const GraphScene& scene)
    {
        const QFontMetricsF title(NodeItem::titleFont());
        const QFontMetricsF subtitle(NodeItem::subtitleFont());
        for (int i = 0; i < scene.nodeItemCount(); ++i) {
            const NodeItem* item = scene.nodeItemAt(i);
            const double room = item->boxRect().width() - 2 * NodeItem::kTextMarginPt;
            QVERIFY2(title.horizontalAdvance(item->title()) <= room, qPrintable(item->title()));
            QVERIFY2(subtitle.horizontalAdvance(item->subtitle()) <= room,
                     qPrintable(item->subtitle()));
            const QRectF box = item->mapRectToScene(item->boxRect());
            for (int j = i + 1; j < scene.nodeItemCount(); ++j) {
                const NodeItem* other = scene.nodeItemAt(j);
                QVERIFY2(!box.intersects(other->mapRectToScene(other->boxRect())),
                         qPrintable(item->node().name + " / " + other->node().name));
            }
        }
    }

private slots:
    void theLegendNeverPaintsPastItsWidth()
    {
        // 17 partitions in a 1024 px window's legend cut "input of selection" off.
        PartitionLegend legend;
        std::vector<int> partitions(17);
        std::iota(partitions.begin(), partitions.end(), 0);
        legend.setPartitions(partitions);
        for (const int width : {480, 700, 1200}) {
            legend.resize(width, legend.sizeHint().height());
            (void)legend.grab();
            QVERIFY2(legend.paintedWidth() <= width,
                     qPrintable(QStringLiteral("%1 of %2").arg(legend.paintedWidth()).arg(width)));
            QVERIFY(legend.paintedWidth() > width / 3);
        }
    }

    void labelsShowOpTypesByDefaultAndFullNamesWhenToggled()
    {
        auto panel = resnetPanel();
        waitForLayout(*panel);
        GraphScene* scene = panel->scene();
        QVERIFY(!panel->fullNames());
        QVERIFY(!panel->fullNamesAction()->isChecked());
        QVERIFY(panel->fullNamesAction()->isCheckable());
        QVERIFY(panel->viewActions().contains(panel->fullNamesAction()));
        QVERIFY(panel->viewActions().contains(panel->edgeShapesAction()));
        const int conv = panel->displayModel().indexOfName(
            QStringLiteral("/layer2/layer2.0/downsample/downsample.0/Conv"));
        QVERIFY(conv >= 0);
        QCOMPARE(scene->nodeItemAt(conv)->title(), QStringLiteral("Conv"));
        QVERIFY(scene->nodeItemAt(conv)->subtitle().contains(QStringLiteral("weights")));
        const double opWidth = scene->nodeItemAt(conv)->boxRect().width();
        for (int i = 0; i < scene->nodeItemCount(); ++i)
            QCOMPARE(scene->nodeItemAt(i)->title(), scene->nodeItemAt(i)->node().op);
        checkBoxesFitTheirLabels(*scene);

        QSignalSpy applied(panel.get(), &GraphPanel::layoutApplied);
        panel->fullNamesAction()->trigger(); // the View menu's toggle
        QVERIFY(panel->fullNames());
        QVERIFY(panel->isLayoutPending() || !applied.isEmpty()); // boxes resize: a relayout
        waitForLayout(*panel);
        QCOMPARE(panel->lastLayout().engine, LayoutEngine::Graphviz);
        for (int i = 0; i < scene->nodeItemCount(); ++i) {
            QVERIFY(scene->nodeItemAt(i)->showsFullName());
            QCOMPARE(scene->nodeItemAt(i)->title(), scene->nodeItemAt(i)->node().name);
        }
        // The long name is whole, and its box grew to hold it.
        QCOMPARE(scene->nodeItemAt(conv)->title(),
                 QStringLiteral("/layer2/layer2.0/downsample/downsample.0/Conv"));
        QVERIFY(scene->nodeItemAt(conv)->subtitle().startsWith(QStringLiteral("Conv · ")));
        QVERIFY(scene->nodeItemAt(conv)->boxRect().width() > opWidth);
        checkBoxesFitTheirLabels(*scene);

        panel->setFullNames(false); // the main window restoring its setting
        QVERIFY(!panel->fullNamesAction()->isChecked());
        waitForLayout(*panel);
        QCOMPARE(scene->nodeItemAt(conv)->title(), QStringLiteral("Conv"));
        QCOMPARE(scene->nodeItemAt(conv)->boxRect().width(), opWidth);
    }

    void longOpTypesAreNeverElided()
    {
        GraphViewModel model;
        model.modelName = QStringLiteral("custom_ops");
        GraphViewNode a;
        a.id = 0;
        a.name = QStringLiteral("/a/DynamicQuantizeLinearWithAVeryLongCustomName");
        a.op = QStringLiteral("DynamicQuantizeLinearWithAVeryLongCustomName");
        GraphViewNode b;
        b.id = 1;
        b.name = QStringLiteral("/encoder/layers/encoder_layer_11/self_attention/out_proj/Gemm");
        b.op = QStringLiteral("Gemm");
        b.isWeightLayer = true;
        b.weights = 589824;
        b.partition = 12;
        model.nodes = {a, b};
        model.edges = {{0, 1, dims({1, 197, 768})}};
        for (bool fullNames : {false, true}) {
            GraphScene scene;
            const GraphLabels labels{fullNames, true};
            scene.build(model,
                        layoutWithGraphviz(
                            GraphScene::layoutInput(model, RankDirection::TopToBottom, labels)),
                        labels);
            QCOMPARE(scene.labels(), labels);
            QCOMPARE(scene.nodeItemAt(0)->title(), fullNames ? a.name : a.op);
            QCOMPARE(scene.nodeItemAt(1)->title(), fullNames ? b.name : b.op);
            QCOMPARE(scene.nodeItemAt(1)->subtitle(),
                     fullNames ? QStringLiteral("Gemm · 590 k weights · P12")
                               : QStringLiteral("590 k weights · P12"));
            checkBoxesFitTheirLabels(scene);
        }
    }

    void edgeShapeLabelsAppearWhenToggled()
    {
        auto panel = resnetPanel();
        waitForLayout(*panel);
        GraphScene* scene = panel->scene();
        const GraphViewModel& model = panel->displayModel();
        QVERIFY(!panel->edgeShapes());
        for (int k = 0; k < scene->edgeItemCount(); ++k)
            QVERIFY(scene->edgeItemAt(k)->label().isEmpty());

        panel->edgeShapesAction()->trigger();
        QVERIFY(panel->edgeShapes());
        waitForLayout(*panel);
        QCOMPARE(panel->lastLayout().engine, LayoutEngine::Graphviz);
        QCOMPARE(scene->edgeItemCount(), static_cast<int>(model.edges.size()));
        for (int k = 0; k < scene->edgeItemCount(); ++k) {
            const EdgeItem* edge = scene->edgeItemAt(k);
            QVERIFY(!model.edges[static_cast<std::size_t>(k)].shape.isEmpty());
            QCOMPARE(edge->label(), model.edges[static_cast<std::size_t>(k)].shape);
            // Graphviz placed every label clear of every node box, each label fitting its text.
            const QRectF label = edge->labelRect();
            QVERIFY(label.width() >=
                    QFontMetricsF(EdgeItem::labelFont()).horizontalAdvance(edge->label()));
            for (int i = 0; i < scene->nodeItemCount(); ++i) {
                const NodeItem* node = scene->nodeItemAt(i);
                QVERIFY2(!label.intersects(node->mapRectToScene(node->boxRect())),
                         qPrintable(edge->label() + " / " + node->node().name));
            }
        }
        // The stem: conv1 112×112, maxpool 56×56 into the first block.
        auto shapeOf = [&](const QString& from, const QString& to) {
            const int f = model.indexOfName(from);
            const int t = model.indexOfName(to);
            for (int k = 0; k < scene->edgeItemCount(); ++k) {
                if (scene->edgeItemAt(k)->from() == f && scene->edgeItemAt(k)->to() == t)
                    return scene->edgeItemAt(k)->label();
            }
            return QStringLiteral("no edge");
        };
        QCOMPARE(shapeOf(QStringLiteral("/conv1/Conv"), QStringLiteral("/relu/Relu")),
                 dims({1, 64, 112, 112}));
        QCOMPARE(shapeOf(QStringLiteral("/maxpool/MaxPool"),
                         QStringLiteral("/layer1/layer1.0/conv1/Conv")),
                 dims({1, 64, 56, 56}));
        QCOMPARE(shapeOf(QStringLiteral("/layer2/layer2.0/relu_2/Relu"),
                         QStringLiteral("/layer2/layer2.1/conv1/Conv")),
                 dims({1, 128, 28, 28}));

        // Left to right too, and off again.
        panel->setDirection(RankDirection::LeftToRight);
        waitForLayout(*panel);
        QVERIFY(!scene->edgeItemAt(0)->label().isEmpty());
        panel->setEdgeShapes(false);
        QVERIFY(!panel->edgeShapesAction()->isChecked());
        waitForLayout(*panel);
        for (int k = 0; k < scene->edgeItemCount(); ++k)
            QVERIFY(scene->edgeItemAt(k)->label().isEmpty());
    }

    void exportsPngSvgAndPdf()
    {
        auto panel = resnetPanel();
        panel->setFullNames(true);
        panel->setEdgeShapes(true);
        waitForLayout(*panel);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;

        const QString png = dir.filePath(QStringLiteral("graph.png"));
        QVERIFY2(panel->exportGraph(png, &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(!image.isNull());
        // The whole scene at twice its size, whatever part the view shows.
        const QRectF scene = panel->scene()->sceneRect();
        QCOMPARE(image.width(), static_cast<int>(std::ceil(scene.width() * 2)));
        QCOMPARE(image.height(), static_cast<int>(std::ceil(scene.height() * 2)));
        QVERIFY(std::abs(double(image.width()) / image.height() - scene.width() / scene.height()) <
                0.01);
        QCOMPARE(image.pixelColor(1, 1), QColor(Qt::white));
        // Boxes in their partition's colour: just inside the border of a weight layer.
        const NodeItem* conv = panel->scene()->nodeItemById(
            panel->fullModel()
                .nodes[static_cast<std::size_t>(
                    panel->fullModel().indexOfName(QStringLiteral("/layer2/layer2.1/conv2/Conv")))]
                .id);
        QVERIFY(conv);
        const QRectF box = conv->mapRectToScene(conv->boxRect());
        const QPointF inside((box.left() + 2.5 - scene.left()) * 2,
                             (box.center().y() - scene.top()) * 2);
        QCOMPARE(image.pixelColor(inside.toPoint()), partitionColor(conv->node().partition));

        const QString svg = dir.filePath(QStringLiteral("graph.svg"));
        QVERIFY2(panel->exportGraph(svg, &error), qPrintable(error));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QString svgText = QString::fromUtf8(svgFile.readAll());
        QVERIFY(svgText.contains(QStringLiteral("<svg")));
        QVERIFY(svgText.contains(QStringLiteral("/layer2/layer2.0/downsample/downsample.0/Conv")));
        QVERIFY(svgText.contains(QStringLiteral("/layer1/layer1.1/bn2/BatchNormalization")));
        QVERIFY(svgText.contains(dims({1, 64, 112, 112})));

        const QString pdf = dir.filePath(QStringLiteral("Graph.PDF")); // suffix in any case
        QVERIFY2(panel->exportGraph(pdf, &error), qPrintable(error));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.size() > 1000);
        QVERIFY(pdfFile.read(5).startsWith("%PDF"));
    }

    void exportFailuresNameTheFile()
    {
        auto panel = resnetPanel();
        waitForLayout(*panel);
        QString error;
        const QString unwritable = QStringLiteral("/nonexistent-compass-dir/sub/graph.png");
        QVERIFY(!panel->exportGraph(unwritable, &error));
        QVERIFY2(error.contains(unwritable), qPrintable(error));
        QVERIFY(!QFile::exists(unwritable));
        QTemporaryDir dir;
        const QString unknown = dir.filePath(QStringLiteral("graph.bmp"));
        QVERIFY(!panel->exportGraph(unknown, &error));
        QVERIFY2(error.contains(unknown) && error.contains(QStringLiteral(".png")),
                 qPrintable(error));
        QVERIFY(!QFile::exists(unknown));
        GraphPanel empty(nullptr);
        QVERIFY(!empty.exportGraph(dir.filePath(QStringLiteral("empty.png")), &error));
        QVERIFY(error.contains(QStringLiteral("empty.png")));
    }

    void exportActionAndDefaultName()
    {
        auto panel = resnetPanel();
        QVERIFY(panel->exportGraphAction());
        QVERIFY(panel->exportGraphAction()->text().contains(QStringLiteral("Export")));
        QVERIFY(!panel->viewActions().contains(panel->exportGraphAction()));
        // Without a document: the model's name and a custom chip.
        QCOMPARE(panel->defaultExportFileName(), QStringLiteral("resnet_basic-custom-graph.png"));

        ProjectDocument document;
        GraphPanel withDocument(&document);
        QSignalSpy shown(&withDocument, &GraphPanel::networkShown);
        document.setModel(std::make_shared<const Graph>(test::makeResNetLike({1, 1}, false)),
                          QStringLiteral("/models/my net.onnx"));
        QVERIFY(shown.wait(20000));
        DiagnosticList diagnostics;
        QVERIFY(document.resetArchPreset(QStringLiteral("sram-S"), diagnostics));
        QCOMPARE(withDocument.defaultExportFileName(), QStringLiteral("my_net-sram-S-graph.png"));
    }

    void zoomChangedReportsThePercent()
    {
        auto panel = resnetPanel();
        panel->show();
        waitForLayout(*panel);
        GraphView* view = panel->view();
        QSignalSpy zoom(panel.get(), &GraphPanel::zoomChanged);
        view->resetZoom();
        QCOMPARE(panel->zoomPercent(), 100);
        zoom.clear();
        // Zoom In from the View menu: 125 %.
        QAction* zoomIn = nullptr;
        for (QAction* a : panel->viewActions()) {
            if (a->shortcut() == QKeySequence(QKeySequence::ZoomIn))
                zoomIn = a;
        }
        QVERIFY(zoomIn);
        zoomIn->trigger();
        QCOMPARE(zoom.count(), 1);
        QCOMPARE(zoom.last().at(0).toInt(), 125);
        QCOMPARE(panel->zoomPercent(), 125);
        // The wheel: one notch is 15 % more.
        const QPoint centre = view->viewport()->rect().center();
        QWheelEvent wheel(centre, view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view->viewport(), &wheel);
        QCOMPARE(zoom.count(), 2);
        QCOMPARE(zoom.last().at(0).toInt(), static_cast<int>(std::lround(125 * 1.15)));
        // Fit: whatever it picks is announced.
        view->fitAll();
        QCOMPARE(zoom.last().at(0).toInt(), panel->zoomPercent());
        // The same scale again is not a change.
        const auto count = zoom.count();
        view->setZoom(view->zoom());
        QCOMPARE(zoom.count(), count);
    }

    void clickingTheCanvasTakesFocusFromTheSearchBox()
    {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* panel = new GraphPanel(nullptr, &window);
        layout->addWidget(panel->searchBox()); // where the window's toolbar would put it
        layout->addWidget(panel, 1);
        window.resize(800, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        panel->setModel(buildGraphViewModel(test::makeChain(3)));
        waitForLayout(*panel);
        panel->searchBox()->setFocus();
        QTRY_VERIFY(panel->searchBox()->hasFocus());
        // Press on empty canvas, away from any node (the corner is scene padding).
        GraphView* view = panel->view();
        view->fitAll();
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, QPoint(3, 3));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, QPoint(3, 3));
        QVERIFY(!panel->searchBox()->hasFocus());
        QVERIFY(view->hasFocus());
        // And the graph's keys work at once.
        view->resetZoom();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Plus);
        QVERIFY(view->zoom() > 1.0);

        // Typing a name opens the completions; the press on the canvas that closes them goes
        // through the window (as a real click does) and is swallowed by the list, yet the
        // canvas takes the focus.
        SearchBox* box = panel->searchBox();
        box->setNames(panel->nodeNames());
        QTest::mouseClick(box, Qt::LeftButton, {}, box->rect().center());
        QTRY_VERIFY(box->hasFocus());
        QTest::keyClicks(box, QStringLiteral("conv"));
        QTRY_VERIFY(box->completer()->popup()->isVisible());
        // Bottom left: clear of the list (under the box) and of the overview (bottom right).
        const QPoint onCanvas =
            view->viewport()->mapTo(&window, QPoint(3, view->viewport()->height() - 3));
        QTest::mouseClick(window.windowHandle(), Qt::LeftButton, {}, onCanvas);
        QTRY_VERIFY(!box->completer()->popup()->isVisible());
        QTRY_VERIFY(view->hasFocus());
        QVERIFY(!box->hasFocus());
    }
};

QTEST_MAIN(TestGraphPanel)
#include "tst_graph_panel.moc"
