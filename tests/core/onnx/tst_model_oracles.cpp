// SPDX-License-Identifier: MIT
// Bundled networks against published figures: weights only, no biases, 4-bit weights
// (0.5 byte each), MiB = 2^20 bytes; MACs per inference at 224x224.
#include <QFileInfo>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the IR headers pull in.
#ifndef Q_MOC_RUN
#include "core/onnx/onnx_importer.h"

#include <cmath>
#endif

using namespace compass;

namespace {

struct Figures
{
    std::int64_t convWeights = 0;
    std::int64_t fcWeights = 0;
    std::int64_t macs = 0;
};

constexpr double kMiB = 1024.0 * 1024.0;

double mib4(std::int64_t weights)
{
    return static_cast<double>(weights) * 0.5 / kMiB;
}

std::string modelPath(const QString& relative)
{
    return QStringLiteral(COMPASS_RESOURCE_DIR "/models/%1.onnx").arg(relative).toStdString();
}

std::string variantPath(const QString& name)
{
    return QStringLiteral(COMPASS_TESTS_DIR "/data/onnx/%1.onnx").arg(name).toStdString();
}

std::optional<Graph> load(const std::string& path, DiagnosticList& d)
{
    if (!QFileInfo::exists(QString::fromStdString(path)))
        return std::nullopt;
    return importOnnxFile(path, d);
}

Figures figuresOf(const Graph& g)
{
    Figures f;
    for (NodeId id : g.weightLayers()) {
        const Node& n = g.node(id);
        if (n.kind == OpKind::Conv || n.kind == OpKind::ConvTranspose)
            f.convWeights += n.weights->weightCount();
        else
            f.fcWeights += n.weights->weightCount();
    }
    f.macs = g.totalMacs();
    return f;
}

} // namespace

class TestModelOracles : public QObject
{
    Q_OBJECT

private slots:
    void everyBundledModelImports_data();
    void everyBundledModelImports();
    void vgg16();
    void resnet18();
    void squeezenet11();
    void variantsMatchTheirBase_data();
    void variantsMatchTheirBase();
};

void TestModelOracles::everyBundledModelImports_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name :
         {"vgg16", "resnet18", "resnet34", "resnet50", "resnet152", "squeezenet1_0",
          "squeezenet1_1", "alexnet", "mobilenet_v2", "googlenet", "densenet121"})
        QTest::newRow(name) << QString(name);
}

void TestModelOracles::everyBundledModelImports()
{
    QFETCH(QString, name);
    DiagnosticList d;
    const std::optional<Graph> g = load(modelPath(name), d);
    if (!g && !d.hasErrors())
        QFAIL("bundled model missing");
    QVERIFY2(g, d.empty() ? "" : d.all().front().message.c_str());
    QVERIFY(!d.hasErrors());
    QVERIFY(g->weightLayers().size() >= 8);
    for (const Tensor& t : g->tensors()) {
        QVERIFY2(t.hasShape, t.name.c_str());
        QVERIFY2(t.elementCount() >= 0, t.name.c_str());
    }
    for (NodeId id : g->weightLayers()) {
        const Node& n = g->node(id);
        QVERIFY(n.macs > 0);
        QCOMPARE(n.macs, n.weights->vectorsPerInference * n.weights->weightCount());
        // The per-group matrix times the groups is exactly the weight tensor.
        QCOMPARE(n.weights->weightCount(), g->tensor(n.weights->weight).elementCount());
    }
}

void TestModelOracles::vgg16()
{
    DiagnosticList d;
    const std::optional<Graph> g = load(modelPath("vgg16"), d);
    if (!g && !d.hasErrors())
        QFAIL("vgg16.onnx missing");
    QVERIFY(g);
    const Figures f = figuresOf(*g);
    QVERIFY2(std::abs(mib4(f.convWeights) - 7.0145) < 0.0001,
             qPrintable(QString::number(mib4(f.convWeights))));
    QVERIFY2(std::abs(mib4(f.fcWeights) - 58.953) < 0.001,
             qPrintable(QString::number(mib4(f.fcWeights))));
    QVERIFY(std::abs(mib4(f.convWeights + f.fcWeights) - 65.97) < 0.005);
    QVERIFY2(std::abs(static_cast<double>(f.macs) / 15.5e9 - 1.0) < 0.02,
             qPrintable(QString::number(f.macs)));
    QCOMPARE(g->weightLayers().size(), std::size_t(16));
}

void TestModelOracles::resnet18()
{
    DiagnosticList d;
    const std::optional<Graph> g = load(modelPath("resnet18"), d);
    if (!g && !d.hasErrors())
        QFAIL("resnet18.onnx missing");
    QVERIFY(g);
    const Figures f = figuresOf(*g);
    QVERIFY2(std::abs(mib4(f.convWeights) - 5.3248) < 0.0001,
             qPrintable(QString::number(mib4(f.convWeights))));
    QVERIFY2(std::abs(mib4(f.fcWeights) - 0.2441) < 0.0001,
             qPrintable(QString::number(mib4(f.fcWeights))));
    QVERIFY(std::abs(mib4(f.convWeights + f.fcWeights) - 5.569) < 0.001);
    QVERIFY2(std::abs(static_cast<double>(f.macs) / 1.82e9 - 1.0) < 0.02,
             qPrintable(QString::number(f.macs)));
    QCOMPARE(g->weightLayers().size(), std::size_t(21)); // 17 conv + 3 downsample + fc
}

void TestModelOracles::squeezenet11()
{
    DiagnosticList d;
    const std::optional<Graph> g = load(modelPath("squeezenet1_1"), d);
    if (!g && !d.hasErrors())
        QFAIL("squeezenet1_1.onnx missing");
    QVERIFY(g);
    QCOMPARE(g->totalWeights(), std::int64_t(1231552));
    QVERIFY(std::abs(mib4(g->totalWeights()) - 0.58725) < 0.00001);
}

void TestModelOracles::variantsMatchTheirBase_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("base");
    QTest::newRow("BatchNormalization kept, opset 9") << "resnet18_bn_opset9"
                                                      << "resnet18";
    QTest::newRow("absent external data") << "resnet18_external"
                                          << "resnet18";
    QTest::newRow("Constant-node weights") << "squeezenet1_1_constants"
                                           << "squeezenet1_1";
    QTest::newRow("full weights") << "squeezenet1_1_full"
                                  << "squeezenet1_1";
}

void TestModelOracles::variantsMatchTheirBase()
{
    QFETCH(QString, variant);
    QFETCH(QString, base);
    DiagnosticList d;
    const std::optional<Graph> v = load(variantPath(variant), d);
    const std::optional<Graph> b = load(modelPath(base), d);
    if ((!v || !b) && !d.hasErrors())
        QFAIL("model files missing");
    QVERIFY2(v && b, d.empty() ? "" : d.all().front().message.c_str());
    QVERIFY(!d.hasErrors());
    const Figures fv = figuresOf(*v);
    const Figures fb = figuresOf(*b);
    QCOMPARE(fv.convWeights, fb.convWeights);
    QCOMPARE(fv.fcWeights, fb.fcWeights);
    QCOMPARE(fv.macs, fb.macs);
    QCOMPARE(v->weightLayers().size(), b->weightLayers().size());
    if (variant.contains("bn")) {
        int bn = 0;
        for (const Node& n : v->nodes())
            bn += n.kind == OpKind::BatchNormalization ? 1 : 0;
        QCOMPARE(bn, 20);
    }
}

QTEST_GUILESS_MAIN(TestModelOracles)
#include "tst_model_oracles.moc"
