// SPDX-License-Identifier: MIT
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "test_graphs.h"
#include "ui/graphview/graph_layout.h"
#include "ui/graphview/graph_scene.h"
#include "ui/models/graph_view_model.h"
#endif

#include <QRectF>
#include <QTest>

#include <cmath>

using namespace compass;
using namespace compass::ui;

class TestGraphLayout : public QObject
{
    Q_OBJECT

private:
    static LayoutInput inputFor(const Graph& graph, RankDirection direction)
    {
        return GraphScene::layoutInput(buildGraphViewModel(graph), direction);
    }

    static void checkPositions(const LayoutInput& input, const LayoutResult& result)
    {
        QCOMPARE(result.nodeCentres.size(), input.nodes.size());
        QCOMPARE(result.edgePoints.size(), input.edges.size());
        for (const LayoutPoint& p : result.nodeCentres) {
            QVERIFY(std::isfinite(p.x) && std::isfinite(p.y));
            QVERIFY(p.x >= -1.0 && p.x <= result.widthPt + 1.0);
            QVERIFY(p.y >= -1.0 && p.y <= result.heightPt + 1.0);
        }
        for (const auto& points : result.edgePoints) {
            QVERIFY(points.size() >= 2);
            if (result.edgesAreBeziers)
                QCOMPARE((points.size() - 1) % 3, std::size_t{0});
        }
    }

    // Producers come before consumers along the rank axis (y grows downwards).
    static void checkDirection(const LayoutInput& input, const LayoutResult& result)
    {
        const bool tb = input.direction == RankDirection::TopToBottom;
        for (const LayoutInput::Edge& e : input.edges) {
            const LayoutPoint& a = result.nodeCentres[static_cast<std::size_t>(e.from)];
            const LayoutPoint& b = result.nodeCentres[static_cast<std::size_t>(e.to)];
            if (tb)
                QVERIFY2(a.y < b.y,
                         qPrintable(QStringLiteral("edge %1->%2").arg(e.from).arg(e.to)));
            else
                QVERIFY2(a.x < b.x,
                         qPrintable(QStringLiteral("edge %1->%2").arg(e.from).arg(e.to)));
        }
    }

private slots:
    void graphvizPlacesEveryNodeTopToBottom()
    {
        const LayoutInput input =
            inputFor(test::makeResNetLike({2, 2}, false), RankDirection::TopToBottom);
        const LayoutResult result = layoutWithGraphviz(input);
        QCOMPARE(result.engine, LayoutEngine::Graphviz);
        QVERIFY(result.edgesAreBeziers);
        checkPositions(input, result);
        checkDirection(input, result);
        QVERIFY(result.heightPt > result.widthPt); // a deep, narrow network stands upright
    }

    void graphvizLeftToRight()
    {
        const LayoutInput input = inputFor(test::makeFireNet(3), RankDirection::LeftToRight);
        const LayoutResult result = layoutWithGraphviz(input);
        QCOMPARE(result.engine, LayoutEngine::Graphviz);
        checkPositions(input, result);
        checkDirection(input, result);
        QVERIFY(result.widthPt > result.heightPt);
    }

    void edgesEndAtTheirNodes()
    {
        const LayoutInput input = inputFor(test::makeChain(4), RankDirection::TopToBottom);
        const LayoutResult result = layoutWithGraphviz(input);
        for (std::size_t k = 0; k < input.edges.size(); ++k) {
            const auto& pts = result.edgePoints[k];
            const LayoutPoint& to = result.nodeCentres[static_cast<std::size_t>(input.edges[k].to)];
            const double halfH =
                input.nodes[static_cast<std::size_t>(input.edges[k].to)].heightPt / 2;
            // The last point touches the consumer's top border (within a point or two).
            QVERIFY(std::abs(pts.back().y - (to.y - halfH)) < 3.0);
            QVERIFY(std::abs(pts.back().x - to.x) < 3.0);
        }
    }

    void edgeLabelsAreKeptClearOfNodes_data()
    {
        QTest::addColumn<int>("direction");
        QTest::addColumn<bool>("graphviz");
        QTest::newRow("graphviz top-to-bottom")
            << static_cast<int>(RankDirection::TopToBottom) << true;
        QTest::newRow("graphviz left-to-right")
            << static_cast<int>(RankDirection::LeftToRight) << true;
        QTest::newRow("simple top-to-bottom")
            << static_cast<int>(RankDirection::TopToBottom) << false;
        QTest::newRow("simple left-to-right")
            << static_cast<int>(RankDirection::LeftToRight) << false;
    }

    void edgeLabelsAreKeptClearOfNodes()
    {
        QFETCH(int, direction);
        QFETCH(bool, graphviz);
        // A chain, so that the simple layout's labels (beside the midpoints) stay clear too.
        const GraphViewModel model = buildGraphViewModel(test::makeChain(4));
        const LayoutInput input = GraphScene::layoutInput(
            model, static_cast<RankDirection>(direction), GraphLabels{false, true});
        for (const LayoutInput::Edge& e : input.edges)
            QVERIFY(e.hasLabel());
        const LayoutResult result =
            graphviz ? layoutWithGraphviz(input) : layoutLayeredSimple(input);
        QCOMPARE(result.engine, graphviz ? LayoutEngine::Graphviz : LayoutEngine::LayeredSimple);
        checkPositions(input, result);
        checkDirection(input, result);
        QCOMPARE(result.edgeLabelCentres.size(), input.edges.size());
        auto rect = [](LayoutPoint c, double w, double h) {
            return QRectF(c.x - w / 2, c.y - h / 2, w, h);
        };
        for (std::size_t k = 0; k < input.edges.size(); ++k) {
            const LayoutInput::Edge& e = input.edges[k];
            const QRectF label = rect(result.edgeLabelCentres[k], e.labelWidthPt, e.labelHeightPt);
            for (std::size_t i = 0; i < input.nodes.size(); ++i) {
                const QRectF node =
                    rect(result.nodeCentres[i], input.nodes[i].widthPt, input.nodes[i].heightPt);
                QVERIFY2(!label.intersects(node),
                         qPrintable(QStringLiteral("label %1, node %2").arg(k).arg(i)));
            }
        }
        // Without labels the input asks for none.
        for (const LayoutInput::Edge& e :
             GraphScene::layoutInput(model, RankDirection::TopToBottom).edges)
            QVERIFY(!e.hasLabel());
    }

    void fastLimitsAreChosenForDenseGraphs()
    {
        const LayoutInput dense =
            inputFor(test::makeDenseNetLike({6, 12}), RankDirection::TopToBottom);
        QVERIFY(isDenseGraph(dense));
        QVERIFY(!dense.limits.splines);
        QCOMPARE(dense.limits.mclimit, 0.01);
        const LayoutInput resnet =
            inputFor(test::makeResNetLike({3, 4, 6, 3}, true), RankDirection::TopToBottom);
        QVERIFY(!isDenseGraph(resnet));
        QVERIFY(resnet.limits.splines);
    }

    void layeredSimpleKeepsDirection_data()
    {
        QTest::addColumn<int>("direction");
        QTest::newRow("top-to-bottom") << static_cast<int>(RankDirection::TopToBottom);
        QTest::newRow("left-to-right") << static_cast<int>(RankDirection::LeftToRight);
    }

    void layeredSimpleKeepsDirection()
    {
        QFETCH(int, direction);
        const LayoutInput input = inputFor(test::makeDenseNetLike({6, 12, 24, 16}),
                                           static_cast<RankDirection>(direction));
        const LayoutResult result = layoutLayeredSimple(input);
        QCOMPARE(result.engine, LayoutEngine::LayeredSimple);
        QVERIFY(!result.edgesAreBeziers);
        checkPositions(input, result);
        checkDirection(input, result);
    }

    void layeredSimpleDoesNotOverlapNodesInARank()
    {
        const LayoutInput input = inputFor(test::makeFireNet(2), RankDirection::TopToBottom);
        const LayoutResult result = layoutLayeredSimple(input);
        for (std::size_t i = 0; i < input.nodes.size(); ++i) {
            for (std::size_t j = i + 1; j < input.nodes.size(); ++j) {
                const LayoutPoint& a = result.nodeCentres[i];
                const LayoutPoint& b = result.nodeCentres[j];
                const bool apartX =
                    std::abs(a.x - b.x) >= (input.nodes[i].widthPt + input.nodes[j].widthPt) / 2;
                const bool apartY =
                    std::abs(a.y - b.y) >= (input.nodes[i].heightPt + input.nodes[j].heightPt) / 2;
                QVERIFY(apartX || apartY);
            }
        }
    }

    void emptyGraph()
    {
        const LayoutResult result =
            layoutWithBudget(LayoutInput{}, std::chrono::milliseconds(1000));
        QVERIFY(result.nodeCentres.empty());
        QVERIFY(!result.budgetExceeded);
    }

    void budgetMetReturnsGraphviz()
    {
        const LayoutInput input = inputFor(test::makeChain(5), RankDirection::TopToBottom);
        const LayoutResult result = layoutWithBudget(input, std::chrono::milliseconds(20000));
        QCOMPARE(result.engine, LayoutEngine::Graphviz);
        QVERIFY(!result.budgetExceeded);
        checkDirection(input, result);
    }

    // Keep last: the abandoned dot run may hold the Graphviz lock until the process exits.
    void budgetExceededFallsBack()
    {
        // Dense graph with dot's default limits: far slower than a 1 ms budget.
        LayoutInput input =
            inputFor(test::makeDenseNetLike({6, 12, 24}), RankDirection::TopToBottom);
        input.limits = LayoutLimits{};
        const LayoutResult result = layoutWithBudget(input, std::chrono::milliseconds(1));
        QVERIFY(result.budgetExceeded);
        QCOMPARE(result.engine, LayoutEngine::LayeredSimple);
        QVERIFY(!result.message.empty());
        checkPositions(input, result);
        checkDirection(input, result);
        // A second request while the first dot run is still going also returns in time.
        const LayoutResult second = layoutWithBudget(input, std::chrono::milliseconds(1));
        QVERIFY(second.budgetExceeded);
    }
};

// A GUI application: the boxes' sizes come from their labels' font metrics.
QTEST_MAIN(TestGraphLayout)
#include "tst_graph_layout.moc"
