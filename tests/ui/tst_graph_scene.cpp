// SPDX-License-Identifier: MIT
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "core/onnx/onnx_importer.h"
#include "test_graphs.h"
#include "ui/graphview/graph_layout.h"
#include "ui/graphview/graph_overview.h"
#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/node_item.h"
#include "ui/graphview/partition_legend.h"
#include "ui/graphview/search_box.h"
#include "ui/panels/graph_panel.h"
#endif

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

#include <climits>

using namespace compass;
using namespace compass::ui;

class TestGraphScene : public QObject
{
    Q_OBJECT

private:
    static void waitForLayout(GraphPanel& panel)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isLayoutPending(), 20000);
        QCoreApplication::processEvents();
    }

    static int idOf(const GraphViewModel& model, const QString& name)
    {
        const int index = model.indexOfName(name);
        return index < 0 ? INT_MIN : model.nodes[static_cast<std::size_t>(index)].id;
    }

private slots:
    void buildsOneItemPerNodeAndEdge()
    {
        const GraphViewModel model = buildGraphViewModel(test::makeResNetLike({2, 2}, false));
        GraphScene scene;
        scene.build(model,
                    layoutWithGraphviz(GraphScene::layoutInput(model, RankDirection::TopToBottom)));
        QCOMPARE(scene.nodeItemCount(), static_cast<int>(model.nodes.size()));
        QCOMPARE(scene.edgeItemCount(), static_cast<int>(model.edges.size()));
        QCOMPARE(scene.blockFrameCount(), static_cast<int>(model.blocks.size()));
        // Items sit where the layout put them, inside the scene rectangle.
        for (int i = 0; i < scene.nodeItemCount(); ++i)
            QVERIFY(scene.sceneRect().contains(scene.nodeItemAt(i)->sceneBoundingRect()));
        // Weight-free operators are drawn smaller than weight layers.
        const int conv = model.indexOfName(QStringLiteral("/conv1/Conv"));
        const int relu = model.indexOfName(QStringLiteral("/relu/Relu"));
        QVERIFY(scene.nodeItemAt(relu)->boundingRect().width() <
                scene.nodeItemAt(conv)->boundingRect().width());
    }

    void selectionHighlightsInputsAndOutputs()
    {
        const GraphViewModel model = buildGraphViewModel(test::makeResNetLike({2, 2}, false));
        GraphScene scene;
        scene.build(
            model, layoutLayeredSimple(GraphScene::layoutInput(model, RankDirection::TopToBottom)));
        QSignalSpy selected(&scene, &GraphScene::nodeSelected);
        const int add = idOf(model, QStringLiteral("/layer2/layer2.0/Add"));
        QVERIFY(scene.selectNodeById(add));
        QCOMPARE(scene.selectedNodeId(), add);
        QVERIFY(!selected.isEmpty());
        QCOMPARE(selected.last().at(0).toInt(), add);
        const std::set<int> inputs{
            idOf(model, QStringLiteral("/layer2/layer2.0/bn2/BatchNormalization")),
            idOf(model, QStringLiteral("/layer2/layer2.0/downsample/downsample.0/Conv"))};
        QCOMPARE(scene.highlightedInputs(), inputs);
        QCOMPARE(scene.highlightedOutputs(),
                 std::set<int>{idOf(model, QStringLiteral("/layer2/layer2.0/relu_2/Relu"))});
        scene.clearSelection();
        QVERIFY(scene.highlightedInputs().empty());
        QVERIFY(scene.highlightedOutputs().empty());
        QCOMPARE(selected.last().at(0).toInt(), INT_MIN);
    }

    void panelLaysOutAndSearchFindsAndCentres()
    {
        GraphPanel panel(nullptr); // fed view models directly, no document
        panel.resize(800, 600);
        panel.show();
        panel.setModel(buildGraphViewModel(test::makeResNetLike({3, 4, 6, 3}, true)));
        waitForLayout(panel);
        QCOMPARE(panel.scene()->nodeItemCount(), static_cast<int>(panel.fullModel().nodes.size()));
        QCOMPARE(panel.lastLayout().engine, LayoutEngine::Graphviz);

        QVERIFY(panel.focusNode(QStringLiteral("layer3.4/conv2")));
        const int id = idOf(panel.fullModel(), QStringLiteral("/layer3/layer3.4/conv2/Conv"));
        QCOMPARE(panel.scene()->selectedNodeId(), id);
        const QRectF visible =
            panel.view()->mapToScene(panel.view()->viewport()->rect()).boundingRect();
        QVERIFY(visible.contains(panel.scene()->nodeItemById(id)->scenePos()));
        QVERIFY(!panel.focusNode(QStringLiteral("no such layer")));
    }

    void searchBoxRequestsOnEnter()
    {
        SearchBox box;
        box.setNames({QStringLiteral("/a/Conv"), QStringLiteral("/b/Relu")});
        QSignalSpy spy(&box, &SearchBox::searchRequested);
        box.show();
        QTest::keyClicks(&box, QStringLiteral("Relu"));
        QTest::keyClick(&box, Qt::Key_Return);
        QVERIFY(!spy.isEmpty());
        QCOMPARE(spy.last().at(0).toString(), QStringLiteral("Relu"));
    }

    void collapseAndExpandBlocks()
    {
        GraphPanel panel(nullptr); // fed view models directly, no document
        panel.setModel(buildGraphViewModel(test::makeFireNet(4)));
        waitForLayout(panel);
        const int fullCount = panel.scene()->nodeItemCount();
        QCOMPARE(panel.scene()->blockFrameCount(), 4);

        panel.toggleBlock(2);
        waitForLayout(panel);
        QCOMPARE(panel.scene()->nodeItemCount(), fullCount - 5 + 1);
        QVERIFY(panel.scene()->nodeItemById(-3) != nullptr);
        QCOMPARE(panel.scene()->blockFrameCount(), 3);

        panel.collapseAllBlocks();
        waitForLayout(panel);
        QCOMPARE(panel.scene()->nodeItemCount(), fullCount - 4 * 5 + 4);

        // Searching a member of a collapsed block expands it and selects the member.
        QVERIFY(panel.focusNode(QStringLiteral("/features/features.4/expand3x3/Conv")));
        waitForLayout(panel);
        const int id =
            idOf(panel.fullModel(), QStringLiteral("/features/features.4/expand3x3/Conv"));
        QTRY_COMPARE(panel.scene()->selectedNodeId(), id);
        QVERIFY(!panel.collapsedBlocks().contains(1));

        panel.expandAllBlocks();
        waitForLayout(panel);
        QCOMPARE(panel.scene()->nodeItemCount(), fullCount);
        std::set<int> shown;
        for (const GraphViewNode& n : panel.displayModel().nodes)
            shown.insert(n.id);
        std::set<int> original;
        for (const GraphViewNode& n : panel.fullModel().nodes)
            original.insert(n.id);
        QCOMPARE(shown, original);
    }

    void denseGraphsStartCollapsed()
    {
        GraphPanel panel(nullptr); // fed view models directly, no document
        panel.setModel(buildGraphViewModel(test::makeDenseNetLike({6, 12, 24, 16})));
        QCOMPARE(panel.collapsedBlocks().size(), std::size_t{4});
        waitForLayout(panel);
        QVERIFY(panel.scene()->nodeItemCount() < 40);
    }

    void findInCollapsedDenseNetSelectsTheExactNode()
    {
        // The bundled DenseNet-121 opens collapsed; finding a layer deep inside a dense block
        // must select that layer, not the block's first one.
        DiagnosticList d;
        const std::optional<Graph> graph =
            importOnnxFile(COMPASS_RESOURCE_DIR "/models/densenet121.onnx", d);
        QVERIFY(graph);
        GraphPanel panel(nullptr); // fed view models directly, no document
        panel.resize(900, 700);
        panel.show();
        panel.setModel(buildGraphViewModel(*graph));
        QVERIFY(!panel.collapsedBlocks().empty());
        waitForLayout(panel);
        for (const QString& name :
             {QStringLiteral("/features/denseblock3/denselayer5/conv2/Conv"),
              QStringLiteral("/features/denseblock2/denselayer12/conv1/Conv")}) {
            const int id = idOf(panel.fullModel(), name);
            QVERIFY2(id != INT_MIN, qPrintable(name));
            QVERIFY(panel.focusNode(name));
            waitForLayout(panel);
            QTRY_COMPARE(panel.scene()->selectedNodeId(), id);
            QVERIFY(panel.scene()->nodeItemById(id) != nullptr);
            // ... and centre it: the node is in the middle of what the view shows.
            auto* view = panel.findChild<GraphView*>();
            QVERIFY(view);
            QApplication::processEvents();
            const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
            const QPointF centre = panel.scene()->nodeItemById(id)->sceneBoundingRect().center();
            QVERIFY2(visible
                         .adjusted(visible.width() / 4, visible.height() / 4, -visible.width() / 4,
                                   -visible.height() / 4)
                         .contains(centre),
                     qPrintable(QStringLiteral("%1 at %2,%3; the view shows %4,%5 %6x%7")
                                    .arg(name)
                                    .arg(centre.x())
                                    .arg(centre.y())
                                    .arg(visible.x())
                                    .arg(visible.y())
                                    .arg(visible.width())
                                    .arg(visible.height())));
        }
        // The same through the box, its completer popup open as the user types.
        panel.collapseAllBlocks();
        waitForLayout(panel);
        auto* box = panel.findChild<SearchBox*>();
        QVERIFY(box);
        box->setNames(panel.nodeNames());
        box->setFocus();
        const QString name = QStringLiteral("/features/denseblock3/denselayer5/conv2/Conv");
        QTest::keyClicks(box, name);
        QTest::keyClick(box, Qt::Key_Return);
        waitForLayout(panel);
        QTRY_COMPARE(panel.scene()->selectedNodeId(), idOf(panel.fullModel(), name));
    }

    void findThroughTheSearchBoxCyclesAndClears()
    {
        // Typed into the box as a user would: Enter selects the first match, Enter again the
        // next one (in graph order), and opening another network clears the box.
        GraphPanel panel(nullptr); // fed view models directly, no document
        panel.resize(900, 700);
        panel.show();
        panel.setModel(buildGraphViewModel(test::makeResNetLike({2, 2, 2, 2}, true)));
        waitForLayout(panel);
        auto* box = panel.findChild<SearchBox*>();
        QVERIFY(box);
        QStringList matches;
        for (const GraphViewNode& n : panel.fullModel().nodes) {
            if (n.name.contains(QStringLiteral("conv2"), Qt::CaseInsensitive))
                matches << n.name;
        }
        QVERIFY(matches.size() >= 3);
        box->setFocus();
        QTest::keyClicks(box, QStringLiteral("conv2"));
        for (int i = 0; i < 3; ++i) {
            QTest::keyClick(box, Qt::Key_Return);
            waitForLayout(panel);
            QTRY_COMPARE(panel.scene()->selectedNodeId(), idOf(panel.fullModel(), matches[i]));
        }
        panel.setModel(buildGraphViewModel(test::makeChain(3)));
        QVERIFY(box->text().isEmpty());
    }

    void partitionsRecolourWithoutRelayout()
    {
        GraphPanel panel(nullptr); // fed view models directly, no document
        panel.setModel(buildGraphViewModel(test::makeChain(3)));
        waitForLayout(panel);
        const QPointF before = panel.scene()->nodeItemAt(2)->pos();
        panel.setPartitions({0, 0, 1, 1, 2, 2});
        QVERIFY(!panel.isLayoutPending());
        QCOMPARE(panel.scene()->nodeItemAt(2)->node().partition, 1);
        QCOMPARE(panel.scene()->nodeItemAt(2)->pos(), before);
        QCOMPARE(panel.legend()->partitions(), (std::vector<int>{0, 1, 2}));
        panel.setPartitionOfNode(5, 7);
        QCOMPARE(panel.scene()->nodeItemById(5)->node().partition, 7);
        QVERIFY(panel.scene()->nodeItemById(5)->toolTip().contains(QStringLiteral("Partition: 7")));
    }

    void viewKeysZoomAndFit()
    {
        GraphPanel panel(nullptr); // fed view models directly, no document
        panel.resize(600, 400);
        panel.show();
        panel.setModel(buildGraphViewModel(test::makeResNetLike({3, 4, 6, 3}, true)));
        waitForLayout(panel);
        GraphView* view = panel.view();
        view->resetZoom();
        QCOMPARE(view->zoom(), 1.0);
        QTest::keyClick(view, Qt::Key_Plus);
        QVERIFY(view->zoom() > 1.0);
        QTest::keyClick(view, Qt::Key_0);
        QCOMPARE(view->zoom(), 1.0);
        QTest::keyClick(view, Qt::Key_Minus);
        QVERIFY(view->zoom() < 1.0);
        QTest::keyClick(view, Qt::Key_F);
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY(visible.adjusted(-2, -2, 2, 2).contains(panel.scene()->sceneRect()));
        // A tall graph zoomed to 100 % does not fit: the overview shows.
        view->resetZoom();
        QVERIFY(view->overview()->isVisible());
    }
};

QTEST_MAIN(TestGraphScene)
#include "tst_graph_scene.moc"
