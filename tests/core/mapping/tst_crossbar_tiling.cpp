// SPDX-License-Identifier: MIT
#include "core/arch/arch_spec.h"
#include "core/mapping/crossbar_tiling.h"
#include "graph_builder.h"

#include <QtTest>

using namespace compass;

namespace {

ArchSpec sram(std::int64_t cores, std::int64_t perCore)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = perCore;
    return a; // 256 x 256, 1 bit per cell, 4-bit weights: 64 weights per crossbar row.
}

std::int64_t sumWeights(const LayerTiling& t, std::int64_t rowsPerCrossbar)
{
    std::int64_t total = 0;
    for (const ColumnBlock& cb : t.columnBlocks) {
        for (std::int64_t rb = cb.rowBlockBegin; rb < cb.rowBlockEnd; ++rb)
            total += tileWeights(t, cb, rb, rowsPerCrossbar);
    }
    return total;
}

} // namespace

class TestCrossbarTiling : public QObject
{
    Q_OBJECT

private slots:
    void denseLayerBlocks_data()
    {
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("cols");
        QTest::addColumn<qint64>("rowBlocks");
        QTest::addColumn<qint64>("colBlocks");
        QTest::newRow("one crossbar") << qint64(256) << qint64(64) << qint64(1) << qint64(1);
        QTest::newRow("one row over") << qint64(257) << qint64(64) << qint64(2) << qint64(1);
        QTest::newRow("one col over") << qint64(256) << qint64(65) << qint64(1) << qint64(2);
        QTest::newRow("vgg conv1") << qint64(27) << qint64(64) << qint64(1) << qint64(1);
        QTest::newRow("vgg fc1") << qint64(25088) << qint64(4096) << qint64(98) << qint64(64);
        QTest::newRow("vgg fc3") << qint64(4096) << qint64(1000) << qint64(16) << qint64(16);
    }

    void denseLayerBlocks()
    {
        QFETCH(qint64, rows);
        QFETCH(qint64, cols);
        QFETCH(qint64, rowBlocks);
        QFETCH(qint64, colBlocks);
        const LayerTiling t = tileLayer(NodeId{0}, rows, cols, 1, 1, sram(16, 9));
        QCOMPARE(t.weightsPerRow, 64);
        QCOMPARE(t.rowBlocks, rowBlocks);
        QCOMPARE(static_cast<qint64>(t.columnBlocks.size()), colBlocks);
        QCOMPARE(t.crossbars, rowBlocks * colBlocks);
        QCOMPARE(sumWeights(t, 256), rows * cols);
        QCOMPARE(t.columnBlocks.back().width, cols - (colBlocks - 1) * 64);
    }

    void bitSlicingFollowsCellBits()
    {
        ArchSpec a = sram(16, 9);
        a.bitsPerCell = 2; // 4-bit weights on 2 columns: 128 weights per row.
        const LayerTiling t = tileLayer(NodeId{0}, 256, 200, 1, 1, a);
        QCOMPARE(t.weightsPerRow, 128);
        QCOMPARE(static_cast<int>(t.columnBlocks.size()), 2);
        a.bitsPerCell = 3; // ceil(4 / 3) = 2 columns per weight too.
        QCOMPARE(tileLayer(NodeId{0}, 256, 200, 1, 1, a).weightsPerRow, 128);
    }

    void depthwiseIsBlockDiagonal()
    {
        // 32-channel depthwise 3x3: 32 groups of a 9 x 1 matrix, block-diagonal 288 x 32.
        const LayerTiling t = tileLayer(NodeId{0}, 9, 1, 32, 1, sram(16, 9));
        QCOMPARE(t.rowBlocks, 2);
        QCOMPARE(static_cast<int>(t.columnBlocks.size()), 1);
        QCOMPARE(t.crossbars, 2);
        QCOMPARE(sumWeights(t, 256), 9 * 32);
        // A dense view would need 2 x 1 crossbars as well here, but 576 channels differ:
        const LayerTiling wide = tileLayer(NodeId{0}, 9, 1, 576, 1, sram(16, 9));
        // Column block b (64 groups) touches rows [576 b, 576 b + 576): 3 or 4 row blocks.
        std::int64_t expected = 0;
        for (std::int64_t b = 0; b < 9; ++b)
            expected += (576 * b + 576 + 255) / 256 - (576 * b) / 256;
        QCOMPARE(wide.crossbars, expected);
        QVERIFY(wide.crossbars < wide.rowBlocks * 9); // never counted as one dense matrix
        QCOMPARE(sumWeights(wide, 256), 9 * 576);
    }

    void groupedConvolutionCountsExactly()
    {
        // 2 groups of 1152 x 64 (ResNeXt-like): each group owns its own column block and the
        // row blocks of its rows only.
        const LayerTiling t = tileLayer(NodeId{0}, 1152, 64, 2, 1, sram(16, 9));
        QCOMPARE(static_cast<int>(t.columnBlocks.size()), 2);
        QCOMPARE(t.columnBlocks[0].rowBlockBegin, 0);
        QCOMPARE(t.columnBlocks[0].rowBlockEnd, 5);   // rows [0, 1152)
        QCOMPARE(t.columnBlocks[1].rowBlockBegin, 4); // rows [1152, 2304)
        QCOMPARE(t.columnBlocks[1].rowBlockEnd, 9);
        QCOMPARE(t.crossbars, 10);
        QCOMPARE(sumWeights(t, 256), 2 * 1152 * 64);
    }

    void graphTilingFollowsTopologicalOrder()
    {
        const Graph g = testing::buildVgg16();
        const std::vector<LayerTiling> tilings = tileGraph(g, sram(16, 9));
        QCOMPARE(static_cast<int>(tilings.size()), 16);
        std::int64_t weights = 0;
        for (const LayerTiling& t : tilings)
            weights += t.weightCount();
        QCOMPARE(weights, g.totalWeights());
        QCOMPARE(g.node(tilings.front().layer).name, std::string("conv1"));
        QCOMPARE(g.node(tilings.back().layer).name, std::string("fc3"));
    }
};

QTEST_GUILESS_MAIN(TestCrossbarTiling)
#include "tst_crossbar_tiling.moc"
