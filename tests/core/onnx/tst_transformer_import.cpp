// SPDX-License-Identifier: MIT
// What issue 15 asks of the importer, on small models built in code: products classified by
// their operands (weight layers either side, activation MatMuls, Einsum), rows of work, the
// transformer patterns (RMSNorm, GELU, SiLU), Resize with constant scales, graph inputs that
// are weights, input shapes given by the user, and every problem of a file reported at once.
#include <QtTest>

// moc cannot parse the libstdc++ <concepts> header that protobuf pulls in.
#ifndef Q_MOC_RUN
#include "onnx_model_builder.h"
#endif

using namespace compass;
using namespace compass::test;

class TestTransformerImport : public QObject
{
    Q_OBJECT

private slots:
    void attentionIsAnActivationMatMul();
    void weightOnTheLeft();
    void rowsOfWorkAndTheBatch();
    void einsumForms();
    void patternsImportAsTheirPieces_data();
    void patternsImportAsTheirPieces();
    void resizeWithConstantScales();
    void weightsStoredAsGraphInputs();
    void inputShapesGivenByTheUser();
    void parseInputShapeText();
    void everyProblemReportedAtOnce();
};

namespace {

onnx::TensorProto& floats(OnnxModelBuilder& m, const std::string& name,
                          const std::vector<float>& values)
{
    auto* t = m.graph().add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    t->add_dims(static_cast<std::int64_t>(values.size()));
    for (float v : values)
        t->add_float_data(v);
    return *t;
}

std::optional<Graph> import(const OnnxModelBuilder& m, DiagnosticList& d,
                            const OnnxImportOptions& options = {})
{
    return importOnnxBytes(m.bytes(), "model.onnx", d, {}, options);
}

} // namespace

void TestTransformerImport::attentionIsAnActivationMatMul()
{
    // Q·Kᵀ of 2 heads: [1 x 2 x 8 x 16] x [1 x 2 x 16 x 8]; both operands are activations.
    OnnxModelBuilder m;
    m.input("x", {1, 2, 8, 16});
    setInts(m.node("Transpose", {"x"}, {"kt"}, "kt"), "perm", {0, 1, 3, 2});
    m.node("MatMul", {"x", "kt"}, {"y"}, "scores");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = import(m, d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(dimsOf(*g, "y"), (Dims{1, 2, 8, 8}));
    const Node* n = nodeNamed(*g, "scores");
    QVERIFY(n && n->isActivationMatMul() && !n->isWeightLayer());
    // 2 products of 8 x 16 x 8 = 2 * 1024 MACs, in the totals.
    QCOMPARE(n->activationMatMul->products, 2);
    QCOMPARE(n->activationMatMul->rows, 8);
    QCOMPARE(n->activationMatMul->inner, 16);
    QCOMPARE(n->activationMatMul->cols, 8);
    QCOMPARE(n->macs, 2048);
    QCOMPARE(g->totalMacs(), 2048);
    QCOMPARE(g->activationMatMulMacs(), 2048);
    QVERIFY(g->weightLayers().empty());
    QVERIFY(d.empty()); // attention is not a weight stored as an input: no warning
}

void TestTransformerImport::weightOnTheLeft()
{
    // y = W · X with W [4 x 16] stored and X [16 x 8]: each of X's 8 columns is one vector
    // against Wᵀ (16 rows, 4 columns): 8 * 16 * 4 = 512 MACs. Gemm likewise with transA.
    OnnxModelBuilder m;
    m.input("x", {16, 8});
    m.weight("w", {4, 16});
    m.weight("wt", {16, 4});
    m.node("MatMul", {"w", "x"}, {"y"}, "mm");
    setInt(m.node("Gemm", {"wt", "x"}, {"z"}, "gemm"), "transA", 1);
    m.output("y").output("z");
    DiagnosticList d;
    const std::optional<Graph> g = import(m, d);
    QVERIFY2(g, allMessages(d).c_str());
    for (const char* name : {"mm", "gemm"}) {
        const Node* n = nodeNamed(*g, name);
        QVERIFY2(n && n->weights, name);
        QCOMPARE(n->weights->rows, 16);
        QCOMPARE(n->weights->cols, 4);
        QCOMPARE(n->weights->vectorsPerInference, 8);
        QCOMPARE(n->macs, 512);
    }
}

void TestTransformerImport::rowsOfWorkAndTheBatch()
{
    struct Row
    {
        Dims input;
        std::string symbol; ///< non-empty: dim 0 is declared dynamic, given by the options
        std::int64_t batch;
        std::int64_t vectors;
    };
    // [256 x 64] tokens x d: 256 MVMs (issue 15's "counted as one row" case).
    // [2 x 10 x 64] B x tokens x d: batch 2, 10 MVMs per inference.
    // [batch x 64] with the dynamic batch given as 4: 1 MVM per inference.
    for (const Row& r :
         {Row{{256, 64}, "", 1, 256}, Row{{2, 10, 64}, "", 2, 10}, Row{{-1, 64}, "batch", 4, 1}}) {
        OnnxModelBuilder m;
        m.input("x", r.input, onnx::TensorProto::FLOAT, "batch");
        m.weight("w", {64, 32});
        m.node("MatMul", {"x", "w"}, {"y"}, "fc");
        m.output("y");
        OnnxImportOptions options;
        if (!r.symbol.empty())
            options.inputShapes["x"] = {4, 64};
        DiagnosticList d;
        const std::optional<Graph> g = import(m, d, options);
        QVERIFY2(g, allMessages(d).c_str());
        QCOMPARE(g->batchSize, r.batch);
        const Node* fc = nodeNamed(*g, "fc");
        QVERIFY(fc && fc->weights);
        QCOMPARE(fc->weights->vectorsPerInference, r.vectors);
        QCOMPARE(fc->macs, r.vectors * 64 * 32);
    }
}

void TestTransformerImport::einsumForms()
{
    OnnxModelBuilder m;
    m.input("x", {1, 10, 16});
    m.input("q", {1, 2, 5, 4}).input("k", {1, 2, 5, 4});
    m.weight("w", {16, 8});
    setString(m.node("Einsum", {"x", "w"}, {"y"}, "proj"), "equation", "btd,df->btf");
    setString(m.node("Einsum", {"q", "k"}, {"s"}, "scores"), "equation", "bhqd,bhkd->bhqk");
    setString(m.node("Einsum", {"q", "k"}, {"e"}, "ellipsis"), "equation", "...qd,...kd");
    m.output("y").output("s").output("e");
    DiagnosticList d;
    const std::optional<Graph> g = import(m, d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(dimsOf(*g, "y"), (Dims{1, 10, 8}));
    QCOMPARE(dimsOf(*g, "s"), (Dims{1, 2, 5, 5}));
    // Implicit output: the ellipsis, then the labels used once in alphabetical order (k, q).
    QCOMPARE(dimsOf(*g, "e"), (Dims{1, 2, 5, 5}));
    const Node* proj = nodeNamed(*g, "proj");
    QVERIFY(proj && proj->weights);
    QCOMPARE(proj->weights->rows, 16);
    QCOMPARE(proj->weights->cols, 8);
    QCOMPARE(proj->weights->vectorsPerInference, 10);
    const Node* scores = nodeNamed(*g, "scores");
    QVERIFY(scores && scores->isActivationMatMul());
    QCOMPARE(scores->macs, 2 * 5 * 4 * 5);

    OnnxModelBuilder one;
    one.input("x", {3, 4});
    setString(one.node("Einsum", {"x"}, {"y"}, "transpose"), "equation", "ij->ji");
    one.output("y");
    DiagnosticList d1;
    QVERIFY(!import(one, d1));
    QVERIFY2(allMessages(d1).find("two-operand forms") != std::string::npos,
             allMessages(d1).c_str());
    QCOMPARE(d1.all().front().location.node, std::string("transpose"));
}

void TestTransformerImport::patternsImportAsTheirPieces_data()
{
    QTest::addColumn<QString>("pattern");
    for (const char* p : {"RMSNorm", "LayerNorm opset 14", "GELU erf", "GELU tanh", "Gelu op",
                          "SiLU", "HardSwish", "global ReduceMean", "Sum"})
        QTest::newRow(p) << QString(p);
}

void TestTransformerImport::patternsImportAsTheirPieces()
{
    // Each pattern on [1 x 4 x 16]: every piece keeps the shape (reductions keep dims), no MACs.
    QFETCH(QString, pattern);
    OnnxModelBuilder m(pattern == "Gelu op" ? 20 : 14);
    m.input("x", {1, 4, 16});
    floats(m, "two", {2.0f});
    floats(m, "eps", {1e-6f});
    floats(m, "half", {0.5f});
    std::string out = "y";
    auto reduceMean = [&](const std::string& in, const std::string& o) {
        auto& n = m.node("ReduceMean", {in}, {o});
        setInts(n, "axes", {-1});
    };
    if (pattern == "RMSNorm") { // x * 1 / sqrt(mean(x^2) + eps)
        m.node("Pow", {"x", "two"}, {"sq"});
        reduceMean("sq", "ms");
        m.node("Add", {"ms", "eps"}, {"mse"});
        m.node("Sqrt", {"mse"}, {"rms"});
        m.node("Reciprocal", {"rms"}, {"inv"});
        m.node("Mul", {"x", "inv"}, {"y"});
    } else if (pattern == "LayerNorm opset 14") {
        reduceMean("x", "mean");
        m.node("Sub", {"x", "mean"}, {"c"});
        m.node("Pow", {"c", "two"}, {"c2"});
        reduceMean("c2", "var");
        m.node("Add", {"var", "eps"}, {"ve"});
        m.node("Sqrt", {"ve"}, {"sd"});
        m.node("Div", {"c", "sd"}, {"n"});
        m.weight("gamma", {16});
        m.weight("beta", {16});
        m.node("Mul", {"n", "gamma"}, {"s"});
        m.node("Add", {"s", "beta"}, {"y"});
    } else if (pattern == "GELU erf") { // 0.5 x (1 + erf(x / sqrt 2))
        floats(m, "sqrt2", {1.4142135f});
        floats(m, "one", {1.0f});
        m.node("Div", {"x", "sqrt2"}, {"a"});
        m.node("Erf", {"a"}, {"e"});
        m.node("Add", {"e", "one"}, {"b"});
        m.node("Mul", {"x", "b"}, {"c"});
        m.node("Mul", {"c", "half"}, {"y"});
    } else if (pattern == "GELU tanh") { // 0.5 x (1 + tanh(0.79788 (x + 0.044715 x^3)))
        floats(m, "three", {3.0f});
        floats(m, "k", {0.044715f});
        floats(m, "s", {0.7978846f});
        floats(m, "one", {1.0f});
        m.node("Pow", {"x", "three"}, {"x3"});
        m.node("Mul", {"x3", "k"}, {"kx3"});
        m.node("Add", {"x", "kx3"}, {"in"});
        m.node("Mul", {"in", "s"}, {"arg"});
        m.node("Tanh", {"arg"}, {"t"});
        m.node("Add", {"t", "one"}, {"t1"});
        m.node("Mul", {"x", "t1"}, {"xt"});
        m.node("Mul", {"xt", "half"}, {"y"});
    } else if (pattern == "Gelu op") {
        setString(m.node("Gelu", {"x"}, {"y"}), "approximate", "tanh");
    } else if (pattern == "SiLU") {
        m.node("Sigmoid", {"x"}, {"s"});
        m.node("Mul", {"x", "s"}, {"y"});
    } else if (pattern == "HardSwish") {
        m.node("HardSwish", {"x"}, {"y"});
    } else if (pattern == "global ReduceMean") { // over the token axis, as global pooling
        auto& n = m.node("ReduceMean", {"x"}, {"y"});
        setInts(n, "axes", {1});
        setInt(n, "keepdims", 0);
        out = "";
    } else if (pattern == "Sum") {
        m.node("Sum", {"x", "x", "x"}, {"y"});
    }
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = import(m, d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(dimsOf(*g, "y"), out.empty() ? (Dims{1, 16}) : (Dims{1, 4, 16}));
    QCOMPARE(g->totalMacs(), 0);
    for (const Node& n : g->nodes())
        QVERIFY2(!n.isFolded, n.name.c_str()); // every piece is real work on the activation
}

void TestTransformerImport::resizeWithConstantScales()
{
    // Resize (opset 13: X, roi, scales) with scales from a Constant, and Upsample (opset 9).
    OnnxModelBuilder m;
    m.input("x", {1, 3, 8, 8});
    auto& c = m.node("Constant", {}, {"scales"}, "scales");
    onnx::TensorProto& t = setTensorValue(c, {4});
    for (float v : {1.0f, 1.0f, 2.0f, 1.5f})
        t.add_float_data(v);
    m.node("Resize", {"x", "", "scales"}, {"y"}, "resize");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = import(m, d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(dimsOf(*g, "y"), (Dims{1, 3, 16, 12}));

    OnnxModelBuilder u(9);
    u.input("x", {1, 3, 8, 8});
    floats(u, "s", {1.0f, 1.0f, 2.0f, 2.0f});
    u.node("Upsample", {"x", "s"}, {"y"}, "up");
    u.output("y");
    DiagnosticList du;
    const std::optional<Graph> gu = import(u, du);
    QVERIFY2(gu, allMessages(du).c_str());
    QCOMPARE(dimsOf(*gu, "y"), (Dims{1, 3, 16, 16}));

    // Scales that are not constants cannot give a static shape: refused, naming the node.
    OnnxModelBuilder v;
    v.input("x", {1, 3, 8, 8}).input("s", {4});
    v.node("Resize", {"x", "", "s"}, {"y"}, "resize");
    v.output("y");
    DiagnosticList dv;
    QVERIFY(!import(v, dv));
    QCOMPARE(dv.all().back().location.node, std::string("resize"));
}

void TestTransformerImport::weightsStoredAsGraphInputs()
{
    // Weights as graph inputs without initializers: a Conv and a MatMul. By default both are
    // activations and one warning names each input with its layer and the flag; with
    // weightsFromInputs they are weight layers.
    OnnxModelBuilder m;
    m.input("x", {1, 3, 8, 8}).input("conv.w", {4, 3, 3, 3}).input("fc.w", {144, 10});
    m.node("Conv", {"x", "conv.w"}, {"c"}, "conv");
    m.node("Reshape", {"c", "shape"}, {"f"}, "flatten");
    m.ints("shape", {1, 144});
    m.node("MatMul", {"f", "fc.w"}, {"y"}, "fc");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = import(m, d);
    QVERIFY2(g, allMessages(d).c_str());
    QVERIFY(!nodeNamed(*g, "fc")->isWeightLayer());
    QVERIFY(nodeNamed(*g, "fc")->isActivationMatMul());
    const std::string all = allMessages(d);
    QVERIFY2(all.find("2 graph input(s) without initializers feed weight operands") !=
                 std::string::npos,
             all.c_str());
    for (const char* part :
         {"'conv.w' (Conv 'conv')", "'fc.w' (MatMul 'fc')", "--weights-from-inputs"})
        QVERIFY2(all.find(part) != std::string::npos, (all + " lacks " + part).c_str());

    OnnxImportOptions options;
    options.weightsFromInputs = true;
    DiagnosticList dw;
    const std::optional<Graph> gw = import(m, dw, options);
    QVERIFY2(gw, allMessages(dw).c_str());
    QVERIFY(!dw.hasErrors());
    QCOMPARE(gw->weightLayers().size(), std::size_t(2));
    QCOMPARE(gw->totalWeights(), 4 * 27 + 144 * 10);
    QCOMPARE(gw->batchSize, 1);
}

void TestTransformerImport::inputShapesGivenByTheUser()
{
    OnnxModelBuilder m;
    m.input("x", {-1, 3, -1, -1}, onnx::TensorProto::FLOAT, "n");
    m.graph()
        .mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(2)
        ->set_dim_param("height");
    m.graph()
        .mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(3)
        ->set_dim_param("width");
    m.weight("w", {8, 3, 3, 3});
    m.node("Conv", {"x", "w"}, {"y"}, "conv");
    m.output("y");

    DiagnosticList d;
    QVERIFY(!import(m, d));
    QCOMPARE(d.errorCount(), std::size_t(1));
    QCOMPARE(d.all().back().message,
             std::string("graph input 'x' [nx3xheightxwidth] has dynamic dimensions 2 'height', "
                         "3 'width'; COMPASS needs static shapes: give them with --input-shape "
                         "x=1x3x<height>x<width>"));

    OnnxImportOptions options;
    options.inputShapes["x"] = {2, 3, 16, 16};
    DiagnosticList ok;
    const std::optional<Graph> g = import(m, ok, options);
    QVERIFY2(g, allMessages(ok).c_str());
    QCOMPARE(dimsOf(*g, "y"), (Dims{2, 8, 14, 14}));
    QCOMPARE(g->batchSize, 2);
    QCOMPARE(g->tensor(g->inputs()[0]).symbolicDims,
             (std::vector<std::string>{"n", "", "height", "width"}));

    OnnxImportOptions wrong;
    wrong.inputShapes["x"] = {1, 3, 16};
    wrong.inputShapes["image"] = {1, 3, 16, 16};
    DiagnosticList bad;
    QVERIFY(!import(m, bad, wrong));
    const std::string all = allMessages(bad);
    QVERIFY2(all.find("has rank 4 ([nx3xheightxwidth]), --input-shape gives 3 dims") !=
                 std::string::npos,
             all.c_str());
    QVERIFY2(all.find("--input-shape names 'image', which is not a graph input of this model "
                      "(its inputs: 'x')") != std::string::npos,
             all.c_str());
}

void TestTransformerImport::parseInputShapeText()
{
    OnnxImportOptions o;
    std::string error;
    QVERIFY(parseInputShape("input=1x3x224x224", o, error));
    QVERIFY(parseInputShape("ids=1,128", o, error));
    QCOMPARE(o.inputShapes.at("input"), (Dims{1, 3, 224, 224}));
    QCOMPARE(o.inputShapes.at("ids"), (Dims{1, 128}));
    for (const char* bad : {"input", "=1x3", "x=", "x=1xx3", "x=1x-3", "x=1x3a", "input=1x3"}) {
        error.clear();
        QVERIFY2(!parseInputShape(bad, o, error), bad);
        QVERIFY2(!error.empty(), bad);
    }
}

void TestTransformerImport::everyProblemReportedAtOnce()
{
    // An unsupported operator, a dangling input and a dynamic dim: three errors in one run.
    OnnxModelBuilder m;
    m.input("x", {1, -1}, onnx::TensorProto::FLOAT, "tokens");
    m.graph()
        .mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(0)
        ->set_dim_value(1);
    m.node("TopK", {"x"}, {"a"}, "topk");
    m.node("Add", {"a", "nowhere"}, {"y"}, "add");
    m.output("y");
    DiagnosticList d;
    QVERIFY(!import(m, d));
    QCOMPARE(d.errorCount(), std::size_t(3));
    const std::string all = allMessages(d);
    for (const char* part : {"'nowhere'", "unsupported operator TopK", "dynamic dimension 1"})
        QVERIFY2(all.find(part) != std::string::npos, (all + " lacks " + part).c_str());
}

QTEST_GUILESS_MAIN(TestTransformerImport)
#include "tst_transformer_import.moc"
