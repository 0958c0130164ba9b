// SPDX-License-Identifier: MIT
// Per-operator shape rules, checked through small ONNX models built in code (and one graph
// built by hand in the IR).
#include <QtTest>

// moc cannot parse the libstdc++ <concepts> header that protobuf pulls in.
#ifndef Q_MOC_RUN
#include "core/onnx/shape_inference.h"
#include "onnx_model_builder.h"
#endif

using namespace compass;
using namespace compass::test;

using I64s = QList<qint64>;

namespace {

std::vector<std::int64_t> vec(const I64s& list)
{
    return {list.begin(), list.end()};
}

I64s list(const Dims& dims)
{
    return {dims.begin(), dims.end()};
}

} // namespace

class TestShapeInference : public QObject
{
    Q_OBJECT

private slots:
    void conv_data();
    void conv();
    void convTranspose();
    void pool_data();
    void pool();
    void globalPool();
    void gemm_data();
    void gemm();
    void matMul_data();
    void matMul();
    void matMulWithoutConstantIsNotAWeightLayer();
    void broadcast_data();
    void broadcast();
    void reshape_data();
    void reshape();
    void flatten_data();
    void flatten();
    void squeezeUnsqueezeBothForms_data();
    void squeezeUnsqueezeBothForms();
    void concat();
    void transpose();
    void padBothForms();
    void sliceGatherShape();
    void padsReversedAsMatrix();
    void modNotKeepIntegerValues();
    void scatterND();
    void batchNormalizationAndActivations();
    void handBuiltGraph();
};

// ---- Conv

void TestShapeInference::conv_data()
{
    QTest::addColumn<I64s>("x");
    QTest::addColumn<I64s>("w");
    QTest::addColumn<I64s>("pads");
    QTest::addColumn<I64s>("strides");
    QTest::addColumn<I64s>("dilations");
    QTest::addColumn<qint64>("group");
    QTest::addColumn<QString>("autoPad");
    QTest::addColumn<I64s>("expected");
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<qint64>("cols");
    QTest::addColumn<qint64>("vectors");

    // clang-format off
    QTest::newRow("3x3 pad 1") << I64s{1, 3, 32, 32} << I64s{8, 3, 3, 3} << I64s{1, 1, 1, 1}
        << I64s{} << I64s{} << qint64(1) << "" << I64s{1, 8, 32, 32} << qint64(27) << qint64(8) << qint64(1024);
    QTest::newRow("stride 2 no pad") << I64s{1, 3, 32, 32} << I64s{8, 3, 3, 3} << I64s{}
        << I64s{2, 2} << I64s{} << qint64(1) << "" << I64s{1, 8, 15, 15} << qint64(27) << qint64(8) << qint64(225);
    QTest::newRow("dilation 2") << I64s{1, 3, 32, 32} << I64s{8, 3, 3, 3} << I64s{}
        << I64s{} << I64s{2, 2} << qint64(1) << "" << I64s{1, 8, 28, 28} << qint64(27) << qint64(8) << qint64(784);
    QTest::newRow("asymmetric pads") << I64s{1, 3, 10, 10} << I64s{8, 3, 3, 3} << I64s{0, 1, 2, 3}
        << I64s{} << I64s{} << qint64(1) << "" << I64s{1, 8, 10, 12} << qint64(27) << qint64(8) << qint64(120);
    QTest::newRow("SAME_UPPER stride 2") << I64s{1, 3, 33, 33} << I64s{8, 3, 3, 3} << I64s{}
        << I64s{2, 2} << I64s{} << qint64(1) << "SAME_UPPER" << I64s{1, 8, 17, 17} << qint64(27) << qint64(8) << qint64(289);
    QTest::newRow("SAME_LOWER") << I64s{1, 3, 32, 30} << I64s{8, 3, 5, 5} << I64s{}
        << I64s{} << I64s{} << qint64(1) << "SAME_LOWER" << I64s{1, 8, 32, 30} << qint64(75) << qint64(8) << qint64(960);
    QTest::newRow("VALID stride 2") << I64s{1, 3, 32, 32} << I64s{8, 3, 3, 3} << I64s{5, 5, 5, 5}
        << I64s{2, 2} << I64s{} << qint64(1) << "VALID" << I64s{1, 8, 15, 15} << qint64(27) << qint64(8) << qint64(225);
    QTest::newRow("grouped") << I64s{1, 16, 8, 8} << I64s{32, 4, 3, 3} << I64s{1, 1, 1, 1}
        << I64s{} << I64s{} << qint64(4) << "" << I64s{1, 32, 8, 8} << qint64(36) << qint64(8) << qint64(64);
    QTest::newRow("depthwise") << I64s{1, 32, 8, 8} << I64s{32, 1, 3, 3} << I64s{1, 1, 1, 1}
        << I64s{2, 2} << I64s{} << qint64(32) << "" << I64s{1, 32, 4, 4} << qint64(9) << qint64(1) << qint64(16);
    QTest::newRow("rectangular kernel") << I64s{1, 3, 8, 8} << I64s{8, 3, 1, 5} << I64s{}
        << I64s{} << I64s{} << qint64(1) << "" << I64s{1, 8, 8, 4} << qint64(15) << qint64(8) << qint64(32);
    QTest::newRow("batch 4 counts per inference") << I64s{4, 3, 8, 8} << I64s{8, 3, 3, 3} << I64s{1, 1, 1, 1}
        << I64s{} << I64s{} << qint64(1) << "" << I64s{4, 8, 8, 8} << qint64(27) << qint64(8) << qint64(64);
    QTest::newRow("conv1d") << I64s{1, 4, 20} << I64s{6, 4, 5} << I64s{}
        << I64s{} << I64s{} << qint64(1) << "" << I64s{1, 6, 16} << qint64(20) << qint64(6) << qint64(16);
    // clang-format on
}

void TestShapeInference::conv()
{
    QFETCH(I64s, x);
    QFETCH(I64s, w);
    QFETCH(I64s, pads);
    QFETCH(I64s, strides);
    QFETCH(I64s, dilations);
    QFETCH(qint64, group);
    QFETCH(QString, autoPad);
    QFETCH(I64s, expected);
    QFETCH(qint64, rows);
    QFETCH(qint64, cols);
    QFETCH(qint64, vectors);

    OnnxModelBuilder b;
    b.input("x", vec(x)).weight("w", vec(w));
    b.weight("bias", {w[0]});
    auto& n = b.node("Conv", {"x", "w", "bias"}, {"y"}, "conv");
    if (!pads.isEmpty())
        setInts(n, "pads", vec(pads));
    if (!strides.isEmpty())
        setInts(n, "strides", vec(strides));
    if (!dilations.isEmpty())
        setInts(n, "dilations", vec(dilations));
    if (group != 1)
        setInt(n, "group", group);
    if (!autoPad.isEmpty())
        setString(n, "auto_pad", autoPad.toStdString());
    b.output("y");

    DiagnosticList d;
    const std::optional<Graph> g = importModel(b.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), expected);
    const Node* conv = nodeNamed(*g, "conv");
    QVERIFY(conv && conv->weights);
    QCOMPARE(conv->weights->rows, rows);
    QCOMPARE(conv->weights->cols, cols);
    QCOMPARE(conv->weights->groups, group);
    QCOMPARE(conv->weights->vectorsPerInference, vectors);
    QCOMPARE(conv->weights->inChannels, x[1]);
    QCOMPARE(conv->weights->outChannels, w[0]);
    QCOMPARE(conv->weights->kernelW, w.last());
    QVERIFY(conv->weights->hasBias);
    QCOMPARE(conv->weights->weight, g->findTensor("w"));
    // Weights per group times groups is exactly the weight tensor's element count.
    QCOMPARE(conv->weights->weightCount(), g->tensor(g->findTensor("w")).elementCount());
    QCOMPARE(conv->macs, vectors * rows * cols * group);
    QCOMPARE(g->batchSize, x[0]);
}

void TestShapeInference::convTranspose()
{
    OnnxModelBuilder b;
    b.input("x", {1, 16, 8, 8}).weight("w", {16, 4, 4, 4});
    auto& n = b.node("ConvTranspose", {"x", "w"}, {"y"}, "deconv");
    setInts(n, "strides", {2, 2});
    setInts(n, "pads", {1, 1, 1, 1});
    setInt(n, "group", 2);
    b.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(b.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    // 2 * (8 - 1) + 4 - 2 = 16; output channels 4 * group 2.
    QCOMPARE(list(dimsOf(*g, "y")), (I64s{1, 8, 16, 16}));
    const Node* deconv = nodeNamed(*g, "deconv");
    QVERIFY(deconv && deconv->weights);
    QCOMPARE(deconv->weights->weightCount(), 16 * 4 * 4 * 4);
    QCOMPARE(deconv->weights->groups, 2);
    // Real multiplications: 8 * 8 input positions x 16 channels meet 4 * 4 taps x 4 output
    // channels of their group: 64 * 16 * 16 * 4 = 65,536. The crossbars run the zero-inserted
    // form: 16 * 16 outputs x (16 taps * 8 channels) rows x 4 columns x 2 groups = 262,144.
    QCOMPARE(deconv->macs, 65536);
    QCOMPARE(deconv->weights->crossbarMacs(), 262144);
}

// ---- Pooling

void TestShapeInference::pool_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<I64s>("x");
    QTest::addColumn<I64s>("kernel");
    QTest::addColumn<I64s>("strides");
    QTest::addColumn<I64s>("pads");
    QTest::addColumn<bool>("ceilMode");
    QTest::addColumn<QString>("autoPad");
    QTest::addColumn<I64s>("expected");

    // clang-format off
    QTest::newRow("max 2x2 s2") << "MaxPool" << I64s{1, 8, 32, 32} << I64s{2, 2} << I64s{2, 2} << I64s{} << false << "" << I64s{1, 8, 16, 16};
    QTest::newRow("max 3x3 s2 floor") << "MaxPool" << I64s{1, 64, 112, 112} << I64s{3, 3} << I64s{2, 2} << I64s{} << false << "" << I64s{1, 64, 55, 55};
    QTest::newRow("max 3x3 s2 ceil") << "MaxPool" << I64s{1, 64, 112, 112} << I64s{3, 3} << I64s{2, 2} << I64s{} << true << "" << I64s{1, 64, 56, 56};
    QTest::newRow("ceil window must start inside") << "MaxPool" << I64s{1, 1, 4, 4} << I64s{1, 1} << I64s{2, 2} << I64s{1, 1, 1, 1} << true << "" << I64s{1, 1, 3, 3};
    QTest::newRow("avg 3x3 pad 1") << "AveragePool" << I64s{1, 8, 7, 7} << I64s{3, 3} << I64s{1, 1} << I64s{1, 1, 1, 1} << false << "" << I64s{1, 8, 7, 7};
    QTest::newRow("avg ceil") << "AveragePool" << I64s{1, 8, 13, 13} << I64s{2, 2} << I64s{2, 2} << I64s{} << true << "" << I64s{1, 8, 7, 7};
    QTest::newRow("max SAME_UPPER") << "MaxPool" << I64s{1, 8, 7, 7} << I64s{3, 3} << I64s{2, 2} << I64s{} << false << "SAME_UPPER" << I64s{1, 8, 4, 4};
    // clang-format on
}

void TestShapeInference::pool()
{
    QFETCH(QString, op);
    QFETCH(I64s, x);
    QFETCH(I64s, kernel);
    QFETCH(I64s, strides);
    QFETCH(I64s, pads);
    QFETCH(bool, ceilMode);
    QFETCH(QString, autoPad);
    QFETCH(I64s, expected);

    OnnxModelBuilder b;
    b.input("x", vec(x));
    auto& n = b.node(op.toStdString(), {"x"}, {"y"}, "pool");
    setInts(n, "kernel_shape", vec(kernel));
    setInts(n, "strides", vec(strides));
    if (!pads.isEmpty())
        setInts(n, "pads", vec(pads));
    if (ceilMode)
        setInt(n, "ceil_mode", 1);
    if (!autoPad.isEmpty())
        setString(n, "auto_pad", autoPad.toStdString());
    b.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(b.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), expected);
    QVERIFY(!nodeNamed(*g, "pool")->weights);
    QCOMPARE(nodeNamed(*g, "pool")->macs, 0);
}

void TestShapeInference::globalPool()
{
    OnnxModelBuilder b;
    b.input("x", {1, 512, 7, 7});
    b.node("GlobalAveragePool", {"x"}, {"y"});
    b.node("GlobalMaxPool", {"x"}, {"z"});
    b.output("y").output("z");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(b.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), (I64s{1, 512, 1, 1}));
    QCOMPARE(list(dimsOf(*g, "z")), (I64s{1, 512, 1, 1}));
}

// ---- Gemm and MatMul

void TestShapeInference::gemm_data()
{
    QTest::addColumn<I64s>("a");
    QTest::addColumn<I64s>("b");
    QTest::addColumn<bool>("transA");
    QTest::addColumn<bool>("transB");
    QTest::addColumn<I64s>("expected");
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<qint64>("cols");
    QTest::addColumn<qint64>("vectors");

    QTest::newRow("plain") << I64s{1, 512} << I64s{512, 10} << false << false << I64s{1, 10}
                           << qint64(512) << qint64(10) << qint64(1);
    QTest::newRow("transB (torch Linear)") << I64s{1, 512} << I64s{10, 512} << false << true
                                           << I64s{1, 10} << qint64(512) << qint64(10) << qint64(1);
    QTest::newRow("transA") << I64s{512, 1} << I64s{512, 10} << true << false << I64s{1, 10}
                            << qint64(512) << qint64(10) << qint64(1);
    // A fixed-size 2-D float input has no batch dim: its 4 rows are 4 vectors of work
    // (issue 15: a [tokens x d] operand costs tokens MVMs, not one).
    QTest::newRow("4 rows are 4 vectors") << I64s{4, 64} << I64s{32, 64} << false << true
                                          << I64s{4, 32} << qint64(64) << qint64(32) << qint64(4);
}

void TestShapeInference::gemm()
{
    QFETCH(I64s, a);
    QFETCH(I64s, b);
    QFETCH(bool, transA);
    QFETCH(bool, transB);
    QFETCH(I64s, expected);
    QFETCH(qint64, rows);
    QFETCH(qint64, cols);
    QFETCH(qint64, vectors);

    OnnxModelBuilder m;
    m.input("a", vec(a)).weight("b", vec(b));
    m.weight("c", {expected[1]});
    auto& n = m.node("Gemm", {"a", "b", "c"}, {"y"}, "fc");
    setInt(n, "transA", transA ? 1 : 0);
    setInt(n, "transB", transB ? 1 : 0);
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), expected);
    const Node* fc = nodeNamed(*g, "fc");
    QVERIFY(fc && fc->weights);
    QCOMPARE(fc->weights->rows, rows);
    QCOMPARE(fc->weights->cols, cols);
    QCOMPARE(fc->weights->groups, 1);
    QCOMPARE(fc->weights->vectorsPerInference, vectors);
    QVERIFY(fc->weights->hasBias);
    QCOMPARE(fc->macs, vectors * rows * cols);
}

void TestShapeInference::matMul_data()
{
    QTest::addColumn<I64s>("a");
    QTest::addColumn<I64s>("b");
    QTest::addColumn<I64s>("expected");
    QTest::addColumn<qint64>("vectors");

    QTest::newRow("dense") << I64s{1, 2048} << I64s{2048, 10} << I64s{1, 10} << qint64(1);
    QTest::newRow("leading dims") << I64s{1, 3, 16, 64} << I64s{64, 32} << I64s{1, 3, 16, 32}
                                  << qint64(48);
    QTest::newRow("vector B") << I64s{1, 64} << I64s{64} << I64s{1} << qint64(1);
}

void TestShapeInference::matMul()
{
    QFETCH(I64s, a);
    QFETCH(I64s, b);
    QFETCH(I64s, expected);
    QFETCH(qint64, vectors);

    OnnxModelBuilder m;
    m.input("a", vec(a)).weight("b", vec(b));
    m.node("MatMul", {"a", "b"}, {"y"}, "mm");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), expected);
    const Node* mm = nodeNamed(*g, "mm");
    QVERIFY(mm && mm->weights);
    const qint64 k = a.last();
    const qint64 n = b.size() == 1 ? 1 : b.last();
    QCOMPARE(mm->weights->rows, k);
    QCOMPARE(mm->weights->cols, n);
    QCOMPARE(mm->weights->vectorsPerInference, vectors);
    QCOMPARE(mm->macs, vectors * k * n);
}

void TestShapeInference::matMulWithoutConstantIsNotAWeightLayer()
{
    OnnxModelBuilder m;
    m.input("a", {1, 8, 16}).input("b", {1, 16, 4});
    m.node("MatMul", {"a", "b"}, {"y"}, "mm");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), (I64s{1, 8, 4}));
    QVERIFY(!nodeNamed(*g, "mm")->weights);
    QVERIFY(!nodeNamed(*g, "mm")->isFolded);
}

// ---- Element-wise

void TestShapeInference::broadcast_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<I64s>("a");
    QTest::addColumn<I64s>("b");
    QTest::addColumn<I64s>("expected"); // empty: must fail

    QTest::newRow("add same") << "Add" << I64s{1, 8, 4, 4} << I64s{1, 8, 4, 4} << I64s{1, 8, 4, 4};
    QTest::newRow("mul per channel")
        << "Mul" << I64s{1, 8, 4, 4} << I64s{8, 1, 1} << I64s{1, 8, 4, 4};
    QTest::newRow("sub both ways") << "Sub" << I64s{3, 1} << I64s{1, 4} << I64s{3, 4};
    QTest::newRow("div scalar") << "Div" << I64s{2, 5} << I64s{} << I64s{2, 5};
    QTest::newRow("unbroadcastable") << "Add" << I64s{2, 3} << I64s{4, 3} << I64s{};
}

void TestShapeInference::broadcast()
{
    QFETCH(QString, op);
    QFETCH(I64s, a);
    QFETCH(I64s, b);
    QFETCH(I64s, expected);

    OnnxModelBuilder m;
    m.input("a", vec(a)).weight("b", vec(b));
    m.node(op.toStdString(), {"a", "b"}, {"y"}, "op");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    if (expected.isEmpty()) {
        QVERIFY(!g);
        QCOMPARE(d.errorCount(), std::size_t(1));
        QCOMPARE(d.all().front().location.node, std::string("op"));
        QVERIFY(d.all().front().message.find("do not broadcast") != std::string::npos);
        return;
    }
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), expected);
}

// ---- Shape manipulation

void TestShapeInference::reshape_data()
{
    QTest::addColumn<I64s>("x");
    QTest::addColumn<I64s>("shape");
    QTest::addColumn<I64s>("expected"); // empty: must fail

    QTest::newRow("0 and -1") << I64s{1, 8, 4, 4} << I64s{0, -1} << I64s{1, 128};
    QTest::newRow("-1 only") << I64s{2, 3, 4} << I64s{-1} << I64s{24};
    QTest::newRow("0 in the middle") << I64s{2, 3, 4} << I64s{4, 0, -1} << I64s{4, 3, 2};
    QTest::newRow("explicit") << I64s{1, 512, 1, 1} << I64s{1, 512} << I64s{1, 512};
    QTest::newRow("count mismatch") << I64s{2, 3} << I64s{4, 2} << I64s{};
    QTest::newRow("two -1") << I64s{2, 3} << I64s{-1, -1} << I64s{};
    QTest::newRow("-1 not divisible") << I64s{2, 3} << I64s{4, -1} << I64s{};
}

void TestShapeInference::reshape()
{
    QFETCH(I64s, x);
    QFETCH(I64s, shape);
    QFETCH(I64s, expected);

    OnnxModelBuilder m;
    m.input("x", vec(x)).ints("shape", vec(shape));
    m.node("Reshape", {"x", "shape"}, {"y"}, "reshape");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    if (expected.isEmpty()) {
        QVERIFY(!g);
        QVERIFY(d.hasErrors());
        QCOMPARE(d.all().back().location.node, std::string("reshape"));
        return;
    }
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), expected);
}

void TestShapeInference::flatten_data()
{
    QTest::addColumn<qint64>("axis");
    QTest::addColumn<I64s>("expected");

    QTest::newRow("default 1") << qint64(1) << I64s{2, 60};
    QTest::newRow("0") << qint64(0) << I64s{1, 120};
    QTest::newRow("2") << qint64(2) << I64s{6, 20};
    QTest::newRow("-1") << qint64(-1) << I64s{24, 5};
    QTest::newRow("rank") << qint64(4) << I64s{120, 1};
}

void TestShapeInference::flatten()
{
    QFETCH(qint64, axis);
    QFETCH(I64s, expected);
    OnnxModelBuilder m;
    m.input("x", {2, 3, 4, 5});
    setInt(m.node("Flatten", {"x"}, {"y"}), "axis", axis);
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), expected);
}

void TestShapeInference::squeezeUnsqueezeBothForms_data()
{
    QTest::addColumn<qint64>("opset");
    QTest::newRow("opset 11: axes attribute") << qint64(11);
    QTest::newRow("opset 13: axes input") << qint64(13);
}

void TestShapeInference::squeezeUnsqueezeBothForms()
{
    QFETCH(qint64, opset);
    OnnxModelBuilder m(opset);
    m.input("x", {1, 8, 1, 1});
    auto& sq = m.node("Squeeze", {"x"}, {"s"});
    auto& un = m.node("Unsqueeze", {"s"}, {"u"});
    if (opset >= 13) {
        m.ints("sq_axes", {2, -1});
        m.ints("un_axes", {0, -1});
        sq.add_input("sq_axes");
        un.add_input("un_axes");
    } else {
        setInts(sq, "axes", {2, -1});
        setInts(un, "axes", {0, -1});
    }
    m.node("Squeeze", {"x"}, {"all"}); // no axes: every 1 dim goes
    m.output("u").output("all");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "s")), (I64s{1, 8}));
    QCOMPARE(list(dimsOf(*g, "u")), (I64s{1, 1, 8, 1}));
    QCOMPARE(list(dimsOf(*g, "all")), (I64s{8}));
}

void TestShapeInference::concat()
{
    OnnxModelBuilder m;
    m.input("a", {1, 2, 4, 4}).input("b", {1, 3, 4, 4});
    setInt(m.node("Concat", {"a", "b", "a"}, {"y"}), "axis", 1);
    setInt(m.node("Concat", {"a", "b"}, {"z"}), "axis", -3);
    m.input("c", {1, 3, 5, 4});
    setInt(m.node("Concat", {"a", "c"}, {"bad"}, "bad_concat"), "axis", 1);
    m.output("y").output("z").output("bad");
    DiagnosticList d;
    std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY(!g);
    QCOMPARE(d.all().back().location.node, std::string("bad_concat"));

    m.graph().mutable_node()->RemoveLast();
    m.graph().mutable_output()->RemoveLast();
    d.clear();
    g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), (I64s{1, 7, 4, 4}));
    QCOMPARE(list(dimsOf(*g, "z")), (I64s{1, 5, 4, 4}));
}

void TestShapeInference::transpose()
{
    OnnxModelBuilder m;
    m.input("x", {1, 2, 3, 4});
    setInts(m.node("Transpose", {"x"}, {"y"}), "perm", {0, 2, 3, 1});
    m.node("Transpose", {"x"}, {"r"}); // default: reversed
    m.output("y").output("r");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), (I64s{1, 3, 4, 2}));
    QCOMPARE(list(dimsOf(*g, "r")), (I64s{4, 3, 2, 1}));
}

void TestShapeInference::padBothForms()
{
    for (const std::int64_t opset : {10, 13}) {
        OnnxModelBuilder m(opset);
        m.input("x", {1, 3, 8, 8});
        auto& pad = m.node("Pad", {"x"}, {"y"});
        if (opset >= 11) {
            m.ints("pads", {0, 0, 1, 2, 0, 0, 3, 4});
            pad.add_input("pads");
        } else {
            setInts(pad, "pads", {0, 0, 1, 2, 0, 0, 3, 4});
        }
        m.output("y");
        DiagnosticList d;
        const std::optional<Graph> g = importModel(m.model(), d);
        QVERIFY2(g, allMessages(d).c_str());
        QCOMPARE(list(dimsOf(*g, "y")), (I64s{1, 3, 12, 14}));
    }
}

void TestShapeInference::sliceGatherShape()
{
    OnnxModelBuilder m;
    m.input("x", {2, 3, 10, 12});
    m.node("Shape", {"x"}, {"shape"}, "shape");
    m.ints("idx", {3}, true);
    m.node("Gather", {"shape", "idx"}, {"w"}, "gather");
    m.ints("starts", {1});
    m.ints("ends", {-1});
    m.ints("axes", {2});
    m.ints("steps", {2});
    m.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"sliced"});
    m.ints("s0", {0});
    m.ints("s2", {2});
    m.node("Slice", {"shape", "s0", "s2"}, {"head"}, "head");
    m.output("sliced").output("w").output("head");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    const Tensor& w = g->tensor(g->findTensor("w"));
    QVERIFY(w.dims.empty()); // scalar index -> scalar
    QVERIFY(w.intValues);
    QCOMPARE(w.intValues->front(), 12);
    QCOMPARE(list(dimsOf(*g, "sliced")), (I64s{2, 3, 4, 12})); // rows 1, 3, 5, 7
    const Tensor& head = g->tensor(g->findTensor("head"));
    QCOMPARE(list(head.dims), (I64s{2}));
    QCOMPARE(list(*head.intValues), (I64s{2, 3}));
    QVERIFY(nodeNamed(*g, "shape")->isFolded);
    QVERIFY(nodeNamed(*g, "gather")->isFolded);
    QVERIFY(nodeNamed(*g, "head")->isFolded);
}

void TestShapeInference::padsReversedAsMatrix()
{
    // torch's Pad export (swin_t's shifted windows): the pads list is reshaped to [n, 2],
    // reversed along axis 0, transposed and flattened; the values must survive each step.
    // [[0, 0], [0, 0], [1, 2], [3, 4]] reversed -> [[3, 4], [1, 2], [0, 0], [0, 0]],
    // transposed -> [[3, 1, 0, 0], [4, 2, 0, 0]]: begins (3, 1, 0, 0), ends (4, 2, 0, 0).
    OnnxModelBuilder m;
    m.input("x", {1, 2, 5, 6});
    m.ints("flat", {0, 0, 0, 0, 1, 2, 3, 4});
    m.ints("matrix", {-1, 2});
    m.node("Reshape", {"flat", "matrix"}, {"pairs"});
    m.ints("start", {-1});
    m.ints("end", {std::numeric_limits<std::int64_t>::min()});
    m.ints("axis", {0});
    m.ints("step", {-1});
    m.node("Slice", {"pairs", "start", "end", "axis", "step"}, {"reversed"});
    setInts(m.node("Transpose", {"reversed"}, {"transposed"}), "perm", {1, 0});
    m.ints("row", {-1});
    m.node("Reshape", {"transposed", "row"}, {"pads"});
    m.node("Pad", {"x", "pads"}, {"y"});
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(*g->tensor(g->findTensor("transposed")).intValues),
             (I64s{3, 1, 0, 0, 4, 2, 0, 0}));
    QCOMPARE(list(dimsOf(*g, "y")), (I64s{8, 5, 5, 6}));
}

void TestShapeInference::modNotKeepIntegerValues()
{
    // Mod follows the divisor's sign (Python's %) unless fmod = 1 (C's fmod, the dividend's):
    // -7 mod 3 = 2, 7 mod -3 = -2; fmod: -1, 1. Not of Equal(a, b) = (1, 1): a != b everywhere.
    auto build = [](const std::vector<std::int64_t>& divisor) {
        OnnxModelBuilder m;
        m.input("x", {1});
        m.ints("a", {-7, 7});
        m.ints("b", divisor);
        m.node("Mod", {"a", "b"}, {"python"});
        setInt(m.node("Mod", {"a", "b"}, {"c"}), "fmod", 1);
        m.node("Equal", {"a", "b"}, {"same"});
        m.node("Not", {"same"}, {"differ"});
        m.output("x");
        return m;
    };
    DiagnosticList d;
    const std::optional<Graph> g = importModel(build({3, -3}).model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(*g->tensor(g->findTensor("python")).intValues), (I64s{2, -2}));
    QCOMPARE(list(*g->tensor(g->findTensor("c")).intValues), (I64s{-1, 1}));
    QCOMPARE(list(*g->tensor(g->findTensor("differ")).intValues), (I64s{1, 1}));

    DiagnosticList zero;
    QVERIFY(!importModel(build({0, 1}).model(), zero)); // refused, naming the divisor
    QVERIFY2(allMessages(zero).find("modulo by zero in constant 'b'") != std::string::npos,
             allMessages(zero).c_str());
}

void TestShapeInference::scatterND()
{
    // data [4, 4, 4], indices [2, 1] address axis 0: updates are [2] + [4, 4].
    OnnxModelBuilder m;
    m.input("data", {4, 4, 4});
    m.input("updates", {2, 4, 4});
    m.weight("indices", {2, 1});
    m.node("ScatterND", {"data", "indices", "updates"}, {"y"});
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, "y")), (I64s{4, 4, 4}));

    OnnxModelBuilder bad;
    bad.input("data", {4, 4, 4});
    bad.input("updates", {2, 4});
    bad.weight("indices", {2, 1});
    bad.node("ScatterND", {"data", "indices", "updates"}, {"y"});
    bad.output("y");
    DiagnosticList e;
    QVERIFY(!importModel(bad.model(), e));
    QVERIFY2(
        allMessages(e).find("updates 'updates' are [2x4], the indices and data need [2x4x4]") !=
            std::string::npos,
        allMessages(e).c_str());
}

void TestShapeInference::batchNormalizationAndActivations()
{
    OnnxModelBuilder m(9);
    m.input("x", {1, 16, 8, 8});
    for (const char* p : {"scale", "bias", "mean", "var"})
        m.weight(p, {16});
    m.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"bn"}, "bn");
    std::string prev = "bn";
    for (const char* op : {"Relu", "Clip", "LeakyRelu", "Sigmoid", "HardSigmoid", "Tanh", "LRN",
                           "Dropout", "Identity", "Softmax"}) {
        auto& n = m.node(op, {prev}, {std::string(op) + "_out"});
        if (std::string(op) == "LRN")
            setInt(n, "size", 5);
        prev = std::string(op) + "_out";
    }
    m.output(prev);
    DiagnosticList d;
    std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(list(dimsOf(*g, prev)), (I64s{1, 16, 8, 8}));
    QVERIFY(!nodeNamed(*g, "bn")->isFolded);

    // A BN parameter of the wrong length is an error naming the node.
    m.graph().mutable_initializer(0)->set_dims(0, 15);
    d.clear();
    g = importModel(m.model(), d);
    QVERIFY(!g);
    QCOMPARE(d.all().back().location.node, std::string("bn"));
}

void TestShapeInference::handBuiltGraph()
{
    // Shape inference works on graphs built directly in the IR, without ONNX.
    Graph g;
    Tensor x;
    x.name = "x";
    x.type = ElementType::Float;
    x.dims = {1, 3, 16, 16};
    x.hasShape = true;
    const TensorId xId = g.addTensor(x);
    g.addInput(xId);
    Tensor w;
    w.name = "w";
    w.type = ElementType::Float;
    w.dims = {4, 3, 3, 3};
    w.hasShape = true;
    w.isConstant = true;
    const TensorId wId = g.addTensor(w);
    Tensor y;
    y.name = "y";
    const TensorId yId = g.addTensor(y);
    Node conv;
    conv.name = "conv";
    conv.opType = "Conv";
    conv.kind = OpKind::Conv;
    conv.inputs = {xId, wId};
    conv.outputs = {yId};
    Attribute strides;
    strides.type = Attribute::Type::Ints;
    strides.ints = {2, 2};
    conv.attributes["strides"] = strides;
    g.addNode(conv);
    g.addOutput(yId);

    DiagnosticList d;
    QVERIFY2(inferShapes(g, d, "hand-built"), allMessages(d).c_str());
    QCOMPARE(list(g.tensor(yId).dims), (I64s{1, 4, 7, 7}));
    QCOMPARE(g.totalWeights(), 4 * 27);
    QCOMPARE(g.totalMacs(), 49 * 27 * 4);

    // Stride 0 must be reported, not divided by.
    g.node(NodeId{0}).attributes["strides"].ints = {0, 2};
    d.clear();
    QVERIFY(!inferShapes(g, d, "hand-built"));
    QCOMPARE(d.all().back().location.file, std::string("hand-built"));
    QCOMPARE(d.all().back().location.node, std::string("conv"));
}

QTEST_GUILESS_MAIN(TestShapeInference)
#include "tst_shape_inference.moc"
