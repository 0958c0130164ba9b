// SPDX-License-Identifier: MIT
#include "core/arch/arch_spec.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "core/partition/span_io.h"
#include "core/support/diagnostics.h"
#include "graph_builder.h"

#include <QtTest>

#include <random>

using namespace compass;

namespace {

ArchSpec chip(std::int64_t cores, std::int64_t perCore)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = perCore;
    return a;
}

/// input -> c1 -> r1 -> c2 -> r2 -> c3 -> add(c3, r1) -> output; 1x1 convs on 64 x 4 x 4,
/// one crossbar and one unit each. Every activation tensor is 64 x 16 x 4 bit = 512 bytes.
Graph residualChain()
{
    testing::GraphBuilder b;
    TensorId x = b.input(64, 4, 4);
    TensorId c1 = b.conv("c1", x, 64, 1);
    TensorId r1 = b.unary("r1", OpKind::Relu, c1);
    TensorId c2 = b.conv("c2", r1, 64, 1);
    TensorId r2 = b.unary("r2", OpKind::Relu, c2);
    TensorId c3 = b.conv("c3", r2, 64, 1);
    TensorId sum = b.add("add", c3, r1);
    b.output(sum);
    return b.take();
}

double bytesOf(const std::vector<BoundaryTensor>& list, const std::string& name)
{
    for (const BoundaryTensor& t : list) {
        if (t.name == name)
            return t.bytes;
    }
    return -1.0;
}

} // namespace

class TestSpanIo : public QObject
{
    Q_OBJECT

private slots:
    void fastTotalsEqualTheTensorWalk_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("perCore");
        // Skips, concats, attention (operands that stay on a core, the mask read by every
        // layer), layers split into many units, graph inputs read far downstream.
        QTest::newRow("squeezenet1_1")
            << QStringLiteral(COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx") << 4;
        QTest::newRow("resnet18") << QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx")
                                  << 16;
        QTest::newRow("shufflenet")
            << QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx/shufflenet_v2_64.onnx") << 9;
        QTest::newRow("bert_tiny")
            << QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx/bert_tiny_opset17.onnx") << 9;
        QTest::newRow("swin_tiny")
            << QStringLiteral(COMPASS_TEST_DATA_DIR "/onnx/swin_tiny_opset17.onnx") << 9;
    }

    void fastTotalsEqualTheTensorWalk()
    {
        // spanBytes() sums the tensors inside a span from prefix sums and visits only those
        // crossing its cuts; spanIo() walks every tensor. They must agree on every span.
        QFETCH(QString, path);
        QFETCH(int, perCore);
        DiagnosticList d;
        const std::optional<Graph> g = importOnnxFile(path.toStdString(), d);
        QVERIFY(g.has_value());
        const ArchSpec a = chip(16, perCore);
        const UnitTable t = UnitTable::build(*g, a);
        const SpanIoModel model(*g, t, a, 16);
        const std::int32_t m = t.unitCount();
        QVERIFY(m > 1);
        std::mt19937 rng(7);
        std::int64_t checked = 0;
        auto same = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, y); };
        for (std::int32_t x = 0; x < m; ++x) {
            // Every short span, and a few long ones from each start.
            std::vector<std::int32_t> ends;
            for (std::int32_t y = x + 1; y <= std::min(m, x + 24); ++y)
                ends.push_back(y);
            for (int k = 0; k < 4 && x + 1 < m; ++k)
                ends.push_back(std::uniform_int_distribution<std::int32_t>(x + 1, m)(rng));
            for (const std::int32_t y : ends) {
                const SpanIoBytes fast = model.spanBytes(x, y);
                const SpanIo walk = model.spanIo(x, y);
                QVERIFY2(same(fast.entryBytes, walk.entryBytes) &&
                             same(fast.exitBytes, walk.exitBytes) &&
                             same(fast.internalBytes, walk.internalBytes),
                         qPrintable(QString("[%1, %2): entry %3 / %4, exit %5 / %6, internal "
                                            "%7 / %8")
                                        .arg(x)
                                        .arg(y)
                                        .arg(fast.entryBytes)
                                        .arg(walk.entryBytes)
                                        .arg(fast.exitBytes)
                                        .arg(walk.exitBytes)
                                        .arg(fast.internalBytes)
                                        .arg(walk.internalBytes)));
                ++checked;
            }
        }
        QVERIFY(checked > 100);
    }

    void residualCrossingTwoCuts()
    {
        const Graph g = residualChain();
        const ArchSpec a = chip(4, 2);
        const UnitTable t = UnitTable::build(g, a);
        QCOMPARE(t.unitCount(), 3);
        const SpanIoModel model(g, t, a, 16);

        const SpanIo p0 = model.spanIo(0, 1);
        QCOMPARE(p0.entries.size(), std::size_t(1));
        QCOMPARE(bytesOf(p0.entries, "input0"), 512.0);
        QCOMPARE(p0.exits.size(), std::size_t(1));
        QCOMPARE(bytesOf(p0.exits, "r1.out"), 512.0); // stored once, used twice later
        QCOMPARE(p0.internalBytes, 0.0); // c1.out -> r1, c1's own operator: on c1's core

        const SpanIo p1 = model.spanIo(1, 2);
        QCOMPARE(bytesOf(p1.entries, "r1.out"), 512.0);
        QCOMPARE(p1.exits.size(), std::size_t(1)); // r1.out stays in DRAM, not re-stored
        QCOMPARE(bytesOf(p1.exits, "r2.out"), 512.0);

        const SpanIo p2 = model.spanIo(2, 3);
        QCOMPARE(p2.entries.size(), std::size_t(2)); // two entries: the skip and the chain
        QCOMPARE(bytesOf(p2.entries, "r1.out"), 512.0);
        QCOMPARE(bytesOf(p2.entries, "r2.out"), 512.0);
        QCOMPARE(bytesOf(p2.exits, "add.out"), 512.0);
        QCOMPARE(p2.entryBytes, 1024.0);

        // One partition: only the graph input enters and the output leaves.
        const SpanIo all = model.spanIo(0, 3);
        QCOMPARE(all.entryBytes, 512.0);
        QCOMPARE(all.exitBytes, 512.0);
        // Between cores: r1.out (to c2 and to the Add c3's stage owns) and r2.out (to c3);
        // c1.out, c2.out and c3.out are read only by their own stage's Relu or Add.
        QCOMPARE(all.internalBytes, 1024.0);

        // Totals agree with the lists.
        for (std::int32_t x = 0; x < 3; ++x) {
            for (std::int32_t y = x + 1; y <= 3; ++y) {
                const SpanIo io = model.spanIo(x, y);
                const SpanIoBytes bytes = model.spanBytes(x, y);
                QCOMPARE(bytes.entryBytes, io.entryBytes);
                QCOMPARE(bytes.exitBytes, io.exitBytes);
                QCOMPARE(bytes.internalBytes, io.internalBytes);
            }
        }
    }

    void splitLayerHandsOnPartialSums()
    {
        // Gemm 1024 -> 64 on 2 crossbars per core: 4 row blocks in 2 chunks (2 units).
        testing::GraphBuilder b;
        TensorId x = b.input(1024);
        TensorId y = b.gemm("fc", x, 64);
        b.output(y);
        const Graph g = b.take();
        const ArchSpec a = chip(4, 2);
        const UnitTable t = UnitTable::build(g, a);
        QCOMPARE(t.unitCount(), 2);
        const SpanIoModel model(g, t, a, 16);
        const SpanIo first = model.spanIo(0, 1);
        QCOMPARE(bytesOf(first.entries, "input0"), 512.0);
        QCOMPARE(bytesOf(first.exits, "fc:psum[0]"), 128.0); // 64 sums x 16 bit
        QCOMPARE(first.exits.size(), std::size_t(1));        // no output columns completed
        const SpanIo second = model.spanIo(1, 2);
        QCOMPARE(bytesOf(second.entries, "fc:psum[0]"), 128.0);
        QCOMPARE(bytesOf(second.entries, "input0"), 512.0);
        QCOMPARE(bytesOf(second.exits, "fc.out"), 32.0);
        const SpanIo whole = model.spanIo(0, 2);
        QCOMPARE(whole.crossCorePartialSumBytes, 128.0);
        QCOMPARE(whole.entryBytes, 512.0);
    }

    void layerCutBetweenColumnBlocksProducesParts()
    {
        // Gemm 256 -> 256: 4 column blocks of 64; cut after two of them.
        testing::GraphBuilder b;
        TensorId x = b.input(256);
        TensorId y = b.gemm("fc", x, 256);
        TensorId z = b.unary("act", OpKind::Relu, y);
        b.output(z);
        const Graph g = b.take();
        const ArchSpec a = chip(4, 2);
        const UnitTable t = UnitTable::build(g, a);
        QCOMPARE(t.unitCount(), 4);
        const SpanIoModel model(g, t, a, 16);
        const SpanIo first = model.spanIo(0, 2);
        QCOMPARE(bytesOf(first.exits, "fc.out"), 64.0); // half of 128 bytes
        const SpanIo second = model.spanIo(2, 4);
        QCOMPARE(bytesOf(second.entries, "fc.out"), 64.0);
        QCOMPARE(bytesOf(second.entries, "input0"), 128.0); // both halves read the input
        QCOMPARE(bytesOf(second.exits, "act.out"), 128.0);
    }
};

QTEST_GUILESS_MAIN(TestSpanIo)
#include "tst_span_io.moc"
