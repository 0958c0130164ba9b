// SPDX-License-Identifier: MIT
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "test_graphs.h"
#include "ui/models/graph_view_model.h"
#endif

#include <QTest>

#include <set>

using namespace compass;
using namespace compass::ui;

class TestGraphViewModel : public QObject
{
    Q_OBJECT

private:
    static std::set<int> ids(const GraphViewModel& model)
    {
        std::set<int> result;
        for (const GraphViewNode& n : model.nodes)
            result.insert(n.id);
        return result;
    }

    static void checkEdgesForward(const GraphViewModel& model)
    {
        for (const GraphViewEdge& e : model.edges) {
            QVERIFY(e.from >= 0 && e.to >= 0);
            QVERIFY(static_cast<std::size_t>(e.to) < model.nodes.size());
            QVERIFY2(e.from < e.to, "edges must follow the topological node order");
        }
    }

private slots:
    void buildsNodesEdgesAndText()
    {
        const GraphViewModel model = buildGraphViewModel(test::makeChain(3));
        QCOMPARE(model.nodes.size(), std::size_t{6});
        QCOMPARE(model.edges.size(), std::size_t{5});
        QCOMPARE(model.nodes[0].op, QStringLiteral("Conv"));
        QVERIFY(model.nodes[0].isWeightLayer);
        QVERIFY(!model.nodes[1].isWeightLayer);
        QCOMPARE(model.nodes[0].weights, std::int64_t{144 * 16});
        QCOMPARE(model.nodes[0].partition, -1);
        QVERIFY(model.nodes[0].shapesText.contains(QStringLiteral("1×16×8×8 → 1×16×8×8")));
        QVERIFY(model.nodes[0].tooltip.contains(QStringLiteral("Op: Conv")));
        QVERIFY(model.blocks.empty()); // a chain has no branching blocks
        QCOMPARE(model.predecessors(1), std::vector<int>{0});
        QCOMPARE(model.successors(1), std::vector<int>{2});
    }

    void foldedNodesAreLeftOut()
    {
        Graph graph = test::makeChain(2);
        graph.node(NodeId{std::int32_t{1}}).isFolded = true;
        const GraphViewModel model = buildGraphViewModel(graph);
        QCOMPARE(model.nodes.size(), std::size_t{3});
        QCOMPARE(model.indexOfId(1), -1);
    }

    void resnetBlocksAreDetected()
    {
        const GraphViewModel model = buildGraphViewModel(test::makeResNetLike({3, 8, 36, 3}, true));
        QCOMPARE(model.blocks.size(), std::size_t{50});
        for (const GraphBlock& block : model.blocks) {
            const GraphViewNode& first =
                model.nodes[static_cast<std::size_t>(block.members.front())];
            const GraphViewNode& last = model.nodes[static_cast<std::size_t>(block.members.back())];
            QCOMPARE(first.op, QStringLiteral("Conv"));
            QCOMPARE(last.op, QStringLiteral("Add"));
            QVERIFY(block.weightLayers == 3 || block.weightLayers == 4);
        }
        QCOMPARE(model.blocks[0].name, QStringLiteral("/layer1/layer1.0"));
        QCOMPARE(model.blocks[49].name, QStringLiteral("/layer4/layer4.2"));
    }

    void fireModulesAreDetected()
    {
        const GraphViewModel model = buildGraphViewModel(test::makeFireNet(8));
        QCOMPARE(model.blocks.size(), std::size_t{8});
        for (const GraphBlock& block : model.blocks) {
            QCOMPARE(block.members.size(), std::size_t{5});
            QCOMPARE(model.nodes[static_cast<std::size_t>(block.members.back())].op,
                     QStringLiteral("Concat"));
        }
    }

    void denseBlocksAreDetected()
    {
        const GraphViewModel model = buildGraphViewModel(test::makeDenseNetLike({6, 12, 24, 16}));
        QCOMPARE(model.blocks.size(), std::size_t{4});
        QCOMPARE(model.blocks[1].name, QStringLiteral("/features/denseblock2"));
        QVERIFY(shouldAutoCollapse(model));
        QVERIFY(
            !shouldAutoCollapse(buildGraphViewModel(test::makeResNetLike({3, 8, 36, 3}, true))));
    }

    void collapseExpandRoundTripKeepsNodes()
    {
        const GraphViewModel full = buildGraphViewModel(test::makeResNetLike({2, 2, 2, 2}, false));
        std::set<int> all;
        std::size_t memberCount = 0;
        for (const GraphBlock& b : full.blocks) {
            all.insert(b.index);
            memberCount += b.members.size();
        }
        const GraphViewModel collapsed = collapseBlocks(full, all);
        QCOMPARE(collapsed.nodes.size(), full.nodes.size() - memberCount + full.blocks.size());
        checkEdgesForward(collapsed);
        int summaries = 0;
        for (const GraphViewNode& n : collapsed.nodes) {
            if (!n.isSummary)
                continue;
            ++summaries;
            QCOMPARE(n.id, -(n.block + 1));
            QCOMPARE(
                n.memberCount,
                static_cast<int>(full.blocks[static_cast<std::size_t>(n.block)].members.size()));
            // Each summary is one step of a chain: one producer in, one consumer out.
            const int index = collapsed.indexOfId(n.id);
            QCOMPARE(collapsed.predecessors(index).size(), std::size_t{1});
            QCOMPARE(collapsed.successors(index).size(), std::size_t{1});
        }
        QCOMPARE(summaries, static_cast<int>(full.blocks.size()));

        // One block only, then expand again.
        const GraphViewModel one = collapseBlocks(full, {1});
        QCOMPARE(one.nodes.size(), full.nodes.size() - full.blocks[1].members.size() + 1);
        checkEdgesForward(one);
        const GraphViewModel expanded = collapseBlocks(full, {});
        QCOMPARE(ids(expanded), ids(full));
        QCOMPARE(expanded.edges.size(), full.edges.size());
    }

    void partitionsReachSummaries()
    {
        GraphViewModel full = buildGraphViewModel(test::makeFireNet(2));
        std::vector<int> partition(100, 0);
        for (int m : full.blocks[1].members)
            partition[static_cast<std::size_t>(full.nodes[static_cast<std::size_t>(m)].id)] = 3;
        applyPartitions(full, partition);
        QCOMPARE(full.nodes[static_cast<std::size_t>(full.blocks[1].members.front())].partition, 3);
        QVERIFY(
            full.nodes[static_cast<std::size_t>(full.blocks[1].members.front())].tooltip.contains(
                QStringLiteral("Partition: 3")));
        const GraphViewModel collapsed = collapseBlocks(full, {0, 1});
        QCOMPARE(collapsed.nodes[static_cast<std::size_t>(collapsed.indexOfId(-2))].partition, 3);
        QCOMPARE(collapsed.nodes[static_cast<std::size_t>(collapsed.indexOfId(-1))].partition, 0);
    }
};

QTEST_GUILESS_MAIN(TestGraphViewModel)
#include "tst_graph_view_model.moc"
