// SPDX-License-Identifier: MIT
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "core/onnx/onnx_importer.h"
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

    void edgesCarryTheirTensorShape()
    {
        const GraphViewModel full = buildGraphViewModel(test::makeResNetLike({2, 2}, false));
        auto edge = [](const GraphViewModel& model, const QString& from, const QString& to) {
            const int f = model.indexOfName(from);
            const int t = model.indexOfName(to);
            for (const GraphViewEdge& e : model.edges) {
                if (e.from == f && e.to == t)
                    return e.shape;
            }
            return QStringLiteral("no edge");
        };
        for (const GraphViewEdge& e : full.edges)
            QVERIFY(!e.shape.isEmpty());
        QCOMPARE(edge(full, QStringLiteral("/conv1/Conv"), QStringLiteral("/relu/Relu")),
                 QStringLiteral("1×64×112×112"));
        QCOMPARE(edge(full, QStringLiteral("/layer2/layer2.0/downsample/downsample.0/Conv"),
                      QStringLiteral("/layer2/layer2.0/Add")),
                 QStringLiteral("1×128×28×28"));
        // Collapsed blocks keep the shapes of the tensors that cross their border.
        std::set<int> all;
        for (const GraphBlock& b : full.blocks)
            all.insert(b.index);
        const GraphViewModel collapsed = collapseBlocks(full, all);
        QVERIFY(!collapsed.edges.empty());
        for (const GraphViewEdge& e : collapsed.edges) {
            QVERIFY(!e.shape.isEmpty());
            QVERIFY2(!e.shape.contains(QStringLiteral(", ")), qPrintable(e.shape));
        }
        const int maxpool = collapsed.indexOfName(QStringLiteral("/maxpool/MaxPool"));
        QCOMPARE(collapsed.successors(maxpool).size(), std::size_t{1});
        for (const GraphViewEdge& e : collapsed.edges) {
            if (e.from == maxpool)
                QCOMPARE(e.shape, QStringLiteral("1×64×56×56"));
        }
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

    void transformerLayersAreBlocks_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("blocks");
        QTest::addColumn<int>("attention");
        QTest::newRow("vit") << "vit_tiny_opset17"
                             << QStringList{"/encoder/layers/encoder_layer_0",
                                            "/encoder/layers/encoder_layer_1"}
                             << 4;
        QTest::newRow("gpt2") << "gpt2_tiny_opset17" << QStringList{"/h.0", "/h.1"} << 4;
        QTest::newRow("bert") << "bert_tiny_opset17" << QStringList{"/layers.0", "/layers.1"} << 4;
    }

    void transformerLayersAreBlocks()
    {
        // A transformer layer is two residual runs (attention, MLP) of one module: one block
        // each layer, its attention MatMuls marked, and the graph opens collapsed.
        QFETCH(QString, file);
        QFETCH(QStringList, blocks);
        QFETCH(int, attention);
        DiagnosticList d;
        const std::optional<Graph> graph = importOnnxFile(
            QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx/%1.onnx").arg(file).toStdString(), d);
        QVERIFY(graph);
        const GraphViewModel model = buildGraphViewModel(*graph);
        QStringList names;
        for (const GraphBlock& block : model.blocks)
            names << block.name;
        int marked = 0;
        for (const GraphViewNode& node : model.nodes) {
            if (!node.isAttention)
                continue;
            ++marked;
            QVERIFY(!node.isWeightLayer);
            QVERIFY(node.macs > 0);
            QVERIFY(node.tooltip.contains(QStringLiteral("Attention")));
        }
        QCOMPARE(marked, attention);
        QCOMPARE(names, blocks);
        for (const GraphBlock& block : model.blocks) {
            int inBlock = 0; // each layer holds its own Q·Kᵀ and A·V
            for (int m : block.members)
                inBlock += model.nodes[static_cast<std::size_t>(m)].isAttention ? 1 : 0;
            QCOMPARE(inBlock, attention / static_cast<int>(blocks.size()));
            QVERIFY(block.weightLayers >= 4); // q, k, v (or packed), projection, MLP
        }
        QVERIFY(shouldAutoCollapse(model));
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
        QCOMPARE(collapsed.nodes[static_cast<std::size_t>(collapsed.indexOfId(-2))].partitions,
                 std::vector<int>{3});
    }

    void cutThroughABlockShowsEveryPartition()
    {
        // Issue 16: a collapsed block through which cuts run names and colours every partition
        // it holds, not only its first.
        GraphViewModel full = buildGraphViewModel(test::makeFireNet(2));
        std::vector<int> partition(100, 0);
        const std::vector<int>& members = full.blocks[1].members;
        for (std::size_t k = 0; k < members.size(); ++k)
            partition[static_cast<std::size_t>(
                full.nodes[static_cast<std::size_t>(members[k])].id)] = k < 2 ? 1 : (k < 4 ? 2 : 4);
        applyPartitions(full, partition);
        const GraphViewModel collapsed = collapseBlocks(full, {1});
        const GraphViewNode& summary =
            collapsed.nodes[static_cast<std::size_t>(collapsed.indexOfId(-2))];
        QCOMPARE(summary.partitions, (std::vector<int>{1, 2, 4}));
        QVERIFY(summary.tooltip.contains(QStringLiteral("Spans partitions 1–4")));
    }
};

QTEST_GUILESS_MAIN(TestGraphViewModel)
#include "tst_graph_view_model.moc"
