// SPDX-License-Identifier: MIT
// Real exporter graphs (tests/data/onnx/*, made by tools/export_transformers.py with Debian's
// torch): every file imports, and its weights and MACs equal torch's own figures recorded at
// export time in exporters.json (Conv2d/Linear weights; MACs from forward hooks, plus the
// attention MatMuls counted from each model's configuration).
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the IR headers pull in.
#ifndef Q_MOC_RUN
#include "core/onnx/onnx_importer.h"
#include "tests/core/onnx/diagnostic_text.h"
#endif

#include <map>

using namespace compass;

class TestExporterModels : public QObject
{
    Q_OBJECT

private slots:
    void recordIsPresent();
    void importsWithTorchFigures_data();
    void importsWithTorchFigures();
    void vitClassTokenChainFolds();
    void swinShiftedWindowMaskFolds();
    void gpt2ClassifiesGemmWeightsAndMatMulAttention();
    void layerNormDecomposedAtOpset14();
};

namespace {

QString dataDir()
{
    return QStringLiteral(COMPASS_TESTS_DIR "/data/onnx");
}

QJsonObject record()
{
    QFile f(dataDir() + "/exporters.json");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::optional<Graph> load(const QString& name, DiagnosticList& d)
{
    return importOnnxFile((dataDir() + "/" + name + ".onnx").toStdString(), d);
}

std::map<std::string, int> liveOps(const Graph& g)
{
    std::map<std::string, int> ops;
    for (const Node& n : g.nodes()) {
        if (!n.isFolded)
            ++ops[n.opType];
    }
    return ops;
}

} // namespace

void TestExporterModels::recordIsPresent()
{
    QVERIFY(record().size() >= 8);
}

void TestExporterModels::importsWithTorchFigures_data()
{
    QTest::addColumn<QString>("name");
    const QJsonObject r = record();
    for (auto it = r.begin(); it != r.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestExporterModels::importsWithTorchFigures()
{
    QFETCH(QString, name);
    const QJsonObject figures = record().value(name).toObject();
    DiagnosticList d;
    const std::optional<Graph> g = load(name, d);
    QVERIFY2(g, test::allMessages(d).c_str());
    QVERIFY2(!d.hasErrors(), test::allMessages(d).c_str());
    QCOMPARE(g->totalWeights(), figures.value("weights").toInteger());
    QCOMPARE(g->activationMatMulMacs(), figures.value("attention_macs").toInteger());
    QCOMPARE(g->totalMacs() - g->activationMatMulMacs(), figures.value("weight_macs").toInteger());
}

void TestExporterModels::vitClassTokenChainFolds()
{
    // torchvision's ViT builds the class token's shape from Shape/Gather/Concat and expands it
    // with ConstantOfShape/Equal/Where/Expand: all constants, so all folded; what remains is
    // the patch Conv, 2 x 4 weight MatMuls/Gemms per layer, 2 attention MatMuls per layer
    // per head batch, LayerNorm, Erf GELU and Softmax.
    DiagnosticList d;
    const std::optional<Graph> g = load("vit_tiny_opset17", d);
    QVERIFY2(g, test::allMessages(d).c_str());
    const std::map<std::string, int> ops = liveOps(*g);
    for (const char* op : {"Equal", "Where", "Expand", "ConstantOfShape", "Shape", "Constant"})
        QVERIFY2(!ops.count(op), op);
    QCOMPARE(ops.at("LayerNormalization"), 5); // 2 per layer + the final one
    QCOMPARE(ops.at("Erf"), 2);
    QCOMPARE(ops.at("Softmax"), 2);
    int attention = 0;
    for (const Node& n : g->nodes())
        attention += n.isActivationMatMul() && !n.isFolded ? 1 : 0;
    QCOMPARE(attention, 4); // Q·Kᵀ and A·V in each of the 2 layers
    // 17 tokens (16 patches + the class token): the packed in-projection [32 x 96] runs 17
    // vectors per inference, the classifier head only the class token's one.
    int inProjections = 0;
    for (const Node& n : g->nodes()) {
        if (n.isFolded || !n.weights)
            continue;
        if (n.kind == OpKind::MatMul && n.weights->cols == 96) {
            ++inProjections;
            QCOMPARE(n.weights->vectorsPerInference, 17);
            QCOMPARE(n.macs, 17 * 32 * 96);
        }
        if (n.name == "/heads/head/Gemm")
            QCOMPARE(n.weights->vectorsPerInference, 1);
    }
    QCOMPARE(inProjections, 2);
}

void TestExporterModels::swinShiftedWindowMaskFolds()
{
    // torchvision's Swin builds the shifted-window mask from constants (Mod, Not, ScatterND)
    // and each roll's Pad from a pads list reversed as an [n, 2] matrix: all folded. What
    // remains per block: qkv and projection weights, Q·Kᵀ and A·V per window batch, Softmax.
    // 2 stages x 2 blocks = 4 blocks, 8 activation MatMuls.
    DiagnosticList d;
    const std::optional<Graph> g = load("swin_tiny_opset17", d);
    QVERIFY2(g, test::allMessages(d).c_str());
    const std::map<std::string, int> ops = liveOps(*g);
    for (const char* op : {"Mod", "Not", "ScatterND", "Shape", "Constant", "Range"})
        QVERIFY2(!ops.count(op), op);
    QCOMPARE(ops.at("Softmax"), 4);
    int attention = 0;
    for (const Node& n : g->nodes())
        attention += n.isActivationMatMul() && !n.isFolded ? 1 : 0;
    QCOMPARE(attention, 8);
}

void TestExporterModels::gpt2ClassifiesGemmWeightsAndMatMulAttention()
{
    // GPT-2 exports its weights as Gemm (Conv1D's addmm) and attention as MatMul: the operands,
    // not the op type, decide.
    DiagnosticList d;
    const std::optional<Graph> g = load("gpt2_tiny_opset17", d);
    QVERIFY2(g, test::allMessages(d).c_str());
    int gemmWeights = 0;
    int matmulAttention = 0;
    int matmulWeights = 0;
    for (const Node& n : g->nodes()) {
        if (n.isFolded)
            continue;
        gemmWeights += n.kind == OpKind::Gemm && n.isWeightLayer() ? 1 : 0;
        matmulAttention += n.kind == OpKind::MatMul && n.isActivationMatMul() ? 1 : 0;
        matmulWeights += n.kind == OpKind::MatMul && n.isWeightLayer() ? 1 : 0;
        if (n.kind == OpKind::Gemm) {
            // [16 tokens x 32] rows: 16 vectors per inference, not 1.
            QVERIFY(n.isWeightLayer());
            QCOMPARE(n.weights->vectorsPerInference, 16);
        }
        if (n.isActivationMatMul()) {
            // [1 x 2 heads x 16 x 16] x [1 x 2 x 16 x 16]: 2 products of 16 x 16 x 16.
            QCOMPARE(n.activationMatMul->products, 2);
            QCOMPARE(n.activationMatMul->rows, 16);
            QCOMPARE(n.macs, 2 * 16 * 16 * 16);
        }
    }
    QCOMPARE(gemmWeights, 8);     // c_attn, c_proj, c_fc, c_mlp in 2 blocks
    QCOMPARE(matmulAttention, 4); // Q·Kᵀ and A·V in 2 blocks
    QCOMPARE(matmulWeights, 1);   // the tied LM head
    const std::map<std::string, int> ops = liveOps(*g);
    QCOMPARE(ops.at("Split"), 2);
    QCOMPARE(ops.at("Tanh"), 2);
    QCOMPARE(ops.at("Pow"), 2);
}

void TestExporterModels::layerNormDecomposedAtOpset14()
{
    // Before opset 17 LayerNorm is ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add:
    // the same weights and MACs as the opset 17 file, the pattern's pieces on the VFU.
    DiagnosticList d14;
    DiagnosticList d17;
    const std::optional<Graph> g14 = load("vit_tiny_opset14", d14);
    const std::optional<Graph> g17 = load("vit_tiny_opset17", d17);
    QVERIFY2(g14 && g17, (test::allMessages(d14) + test::allMessages(d17)).c_str());
    const std::map<std::string, int> ops = liveOps(*g14);
    QVERIFY(!ops.count("LayerNormalization"));
    QCOMPARE(ops.at("ReduceMean"), 10);
    QCOMPARE(ops.at("Sqrt"), 5);
    QCOMPARE(g14->totalWeights(), g17->totalWeights());
    QCOMPARE(g14->totalMacs(), g17->totalMacs());
}

QTEST_GUILESS_MAIN(TestExporterModels)
#include "tst_exporter_models.moc"
