// SPDX-License-Identifier: MIT
#include "core/arch/arch_spec.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "graph_builder.h"

#include <QtTest>

using namespace compass;

namespace {

ArchSpec chip(std::int64_t cores, std::int64_t perCore)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = perCore;
    return a;
}

} // namespace

class TestUnitTable : public QObject
{
    Q_OBJECT

private slots:
    void fixedOrderLayersThenColumnsThenRows()
    {
        const Graph g = testing::buildVgg16();
        const UnitTable t = UnitTable::build(g, chip(16, 9));
        QCOMPARE(t.layerCount(), 16);
        for (std::int32_t i = 1; i < t.unitCount(); ++i) {
            const PartitionUnit& p = t.unit(static_cast<std::size_t>(i - 1));
            const PartitionUnit& u = t.unit(static_cast<std::size_t>(i));
            QCOMPARE(u.id.value, i);
            const bool ordered =
                p.layerIndex < u.layerIndex ||
                (p.layerIndex == u.layerIndex &&
                 (p.columnBlock < u.columnBlock ||
                  (p.columnBlock == u.columnBlock && p.rowBlockEnd == u.rowBlockBegin)));
            QVERIFY2(ordered, qPrintable(QString("unit %1").arg(i)));
            QVERIFY(u.crossbars <= 9);
        }
        QCOMPARE(t.totalWeights(), g.totalWeights());
    }

    void inputSplitWhenAColumnBlockExceedsACore()
    {
        const Graph g = testing::buildVgg16();
        const UnitTable t = UnitTable::build(g, chip(16, 9));
        const std::int32_t fc1 = t.layerIndexOf(g.findNode("fc1"));
        QVERIFY(fc1 >= 0);
        // 98 row blocks per column block, 9 crossbars per core: 10 chunks of 9 and one of 8.
        const auto first =
            static_cast<std::size_t>(t.layerFirstUnit(static_cast<std::size_t>(fc1)));
        QCOMPARE(t.layerEndUnit(static_cast<std::size_t>(fc1)) -
                     t.layerFirstUnit(static_cast<std::size_t>(fc1)),
                 64 * 11);
        QCOMPARE(t.unit(first).chunks, 11);
        QCOMPARE(t.unit(first).crossbars, 9);
        QCOMPARE(t.unit(first + 10).crossbars, 8);
        QVERIFY(t.unit(first + 10).isLastChunk());
        QVERIFY(t.cutSplitsColumnBlock(static_cast<std::int32_t>(first) + 1));
        QVERIFY(!t.cutSplitsColumnBlock(static_cast<std::int32_t>(first) + 11));
        // Columns complete with the last chunk of their block.
        QCOMPARE(t.columnsDoneBefore(static_cast<std::int32_t>(first) + 10,
                                     static_cast<std::size_t>(fc1)),
                 0);
        QCOMPARE(t.columnsDoneBefore(static_cast<std::int32_t>(first) + 11,
                                     static_cast<std::size_t>(fc1)),
                 64);
        // On a chip with 128 crossbars per core the same layer needs no input split.
        const UnitTable big = UnitTable::build(g, chip(16, 128));
        const std::int32_t bigFc1 = big.layerIndexOf(g.findNode("fc1"));
        QCOMPARE(big.layerEndUnit(static_cast<std::size_t>(bigFc1)) -
                     big.layerFirstUnit(static_cast<std::size_t>(bigFc1)),
                 64);
    }

    void weightFreeOperatorsJoinTheirProducer()
    {
        testing::GraphBuilder b;
        TensorId x = b.input(64, 8, 8);
        TensorId pre = b.unary("pre", OpKind::Relu, x);
        TensorId c1 = b.conv("c1", pre, 128, 3, 1, 1); // 576 rows: 3 row blocks, 2 col blocks
        TensorId r1 = b.unary("r1", OpKind::Relu, c1);
        TensorId c2 = b.conv("c2", r1, 128, 1);
        TensorId sum = b.add("add", c2, r1);
        b.output(sum);
        const Graph g = b.take();
        const UnitTable t = UnitTable::build(g, chip(4, 4));
        QCOMPARE(t.unitCount(), 4);
        QCOMPARE(t.placement(g.findNode("pre")).firstUnit, 0);
        QCOMPARE(t.placement(g.findNode("r1")).firstUnit, 1);  // last unit of c1
        QCOMPARE(t.placement(g.findNode("add")).firstUnit, 3); // last unit of c2
        QCOMPARE(t.placement(g.findNode("add")).ownerLayer, 1);
        QCOMPARE(t.placement(g.findNode("c2")).firstUnit, 2);
        QCOMPARE(t.placement(g.findNode("c2")).endUnit, 4);
    }

    void everyBundledNetworkMapsEveryWeight_data()
    {
        QTest::addColumn<QString>("model");
        for (const char* name : {"alexnet", "googlenet", "mobilenet_v2", "resnet18", "resnet50",
                                 "squeezenet1_1", "densenet121", "vgg16"})
            QTest::newRow(name) << QString(name);
    }

    void everyBundledNetworkMapsEveryWeight()
    {
        QFETCH(QString, model);
        DiagnosticList diagnostics;
        const auto g = importOnnxFile(std::string(COMPASS_RESOURCE_DIR "/models/") +
                                          model.toStdString() + ".onnx",
                                      diagnostics);
        if (!g)
            QSKIP("network does not import");
        for (std::int64_t perCore : {9, 16, 64}) {
            ArchSpec a = chip(16, perCore);
            const UnitTable t = UnitTable::build(*g, a);
            QCOMPARE(t.totalWeights(), g->totalWeights());
            // Never fewer crossbars than the weights need, each unit within one core.
            const std::int64_t perCrossbar = a.crossbarRows * a.weightsPerRow();
            QVERIFY(t.totalCrossbars() * perCrossbar >= t.totalWeights());
            std::int64_t crossbars = 0;
            for (const PartitionUnit& u : t.units()) {
                QVERIFY(u.crossbars >= 1 && u.crossbars <= perCore);
                QVERIFY(u.weights >= 1 && u.weights <= u.crossbars * perCrossbar);
                crossbars += u.crossbars;
            }
            QCOMPARE(crossbars, t.totalCrossbars());
            // Every compute node is placed, never before a unit that produces its inputs.
            for (const Node& n : g->nodes()) {
                if (n.isFolded)
                    continue;
                const NodePlacement& p = t.placement(n.id);
                QVERIFY(p.isPlaced());
                for (TensorId in : n.inputs) {
                    if (!in.isValid() || !g->tensor(in).producer.isValid())
                        continue;
                    const NodePlacement& pp = t.placement(g->tensor(in).producer);
                    if (pp.isPlaced())
                        QVERIFY(pp.endUnit - 1 <= p.firstUnit);
                }
            }
        }
    }

    void importedVgg16MatchesHandBuilt()
    {
        DiagnosticList diagnostics;
        const auto g = importOnnxFile(COMPASS_RESOURCE_DIR "/models/vgg16.onnx", diagnostics);
        if (!g)
            QSKIP("vgg16.onnx does not import (importer not available)");
        const Graph hand = testing::buildVgg16();
        for (std::int64_t perCore : {9, 16}) {
            const UnitTable real = UnitTable::build(*g, chip(16, perCore));
            const UnitTable ref = UnitTable::build(hand, chip(16, perCore));
            QCOMPARE(real.unitCount(), ref.unitCount());
            QCOMPARE(real.totalCrossbars(), ref.totalCrossbars());
            QCOMPARE(real.totalWeights(), ref.totalWeights());
        }
    }
};

QTEST_GUILESS_MAIN(TestUnitTable)
#include "tst_unit_table.moc"
