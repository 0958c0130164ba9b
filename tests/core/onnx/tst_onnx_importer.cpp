// SPDX-License-Identifier: MIT
// The ONNX importer: weight forms, exporter patterns, node order and naming, opset variants,
// and every kind of broken input.
#include <QTemporaryDir>
#include <QtTest>

// moc cannot parse the libstdc++ <concepts> header that protobuf pulls in.
#ifndef Q_MOC_RUN
#include "onnx_model_builder.h"

#include <fstream>
#include <functional>
#include <map>
#include <random>
#endif

using namespace compass;
using namespace compass::test;

namespace {

/// conv(3->8, 3x3, pad 1) -> relu -> flatten -> gemm(->10) on a 1x3x8x8 input.
OnnxModelBuilder smallConvNet(WeightForm form, std::int64_t opset = 13)
{
    OnnxModelBuilder m(opset);
    m.input("x", {1, 3, 8, 8});
    m.weight("conv.w", {8, 3, 3, 3}, form);
    m.weight("conv.b", {8}, form);
    m.weight("fc.w", {10, 512}, form);
    m.weight("fc.b", {10}, form);
    setInts(m.node("Conv", {"x", "conv.w", "conv.b"}, {"c"}, "conv"), "pads", {1, 1, 1, 1});
    m.node("Relu", {"c"}, {"r"}, "relu");
    m.node("Flatten", {"r"}, {"f"}, "flatten");
    setInt(m.node("Gemm", {"f", "fc.w", "fc.b"}, {"y"}, "fc"), "transB", 1);
    m.output("y");
    return m;
}

/// Everything a later stage reads, except whether bytes were present.
std::string fingerprint(const Graph& g)
{
    std::string s = g.name + "|" + std::to_string(g.batchSize) + "\n";
    for (const Tensor& t : g.tensors()) {
        s += t.name + ":" + std::to_string(static_cast<int>(t.type)) + ":";
        for (std::int64_t d : t.dims)
            s += std::to_string(d) + ",";
        s += t.isConstant ? "c" : "a";
        s += t.intValues ? std::to_string(t.intValues->size()) : "-";
        s += "\n";
    }
    for (const Node& n : g.nodes()) {
        s +=
            n.name + ":" + n.opType + ":" + (n.isFolded ? "F" : "-") + ":" + std::to_string(n.macs);
        if (n.weights)
            s += ":" + std::to_string(n.weights->rows) + "x" + std::to_string(n.weights->cols) +
                 "x" + std::to_string(n.weights->groups) + "@" +
                 std::to_string(n.weights->vectorsPerInference) + (n.weights->hasBias ? "b" : "") +
                 g.tensor(n.weights->weight).name;
        s += "\n";
    }
    return s;
}

struct ExpectedError
{
    std::function<OnnxModelBuilder()> build;
    std::string node;    ///< Node the error must name ("" when about the file).
    std::string snippet; ///< Text the message must contain.
};

std::map<std::string, ExpectedError> errorCases()
{
    std::map<std::string, ExpectedError> cases;
    cases["cycle"] = {[] {
                          OnnxModelBuilder m;
                          m.input("x", {1, 4});
                          m.node("Add", {"x", "b"}, {"a"}, "first");
                          m.node("Relu", {"a"}, {"b"}, "second");
                          m.output("b");
                          return m;
                      },
                      "", "cycle"};
    cases["dangling input"] = {[] {
                                   OnnxModelBuilder m;
                                   m.input("x", {1, 4});
                                   m.node("Add", {"x", "ghost"}, {"y"}, "add");
                                   m.output("y");
                                   return m;
                               },
                               "add", "'ghost' of Add is produced by no node"};
    cases["conv channel mismatch"] = {[] {
                                          OnnxModelBuilder m;
                                          m.input("x", {1, 3, 8, 8}).weight("w", {8, 4, 3, 3});
                                          m.node("Conv", {"x", "w"}, {"y"}, "conv");
                                          m.output("y");
                                          return m;
                                      },
                                      "conv", "channel mismatch"};
    cases["add unbroadcastable"] = {[] {
                                        OnnxModelBuilder m;
                                        m.input("x", {1, 8, 4, 4}).weight("b", {3, 1, 1});
                                        m.node("Add", {"x", "b"}, {"y"}, "add");
                                        m.output("y");
                                        return m;
                                    },
                                    "add", "do not broadcast"};
    cases["gemm K mismatch"] = {[] {
                                    OnnxModelBuilder m;
                                    m.input("x", {1, 500}).weight("w", {10, 512});
                                    setInt(m.node("Gemm", {"x", "w"}, {"y"}, "fc"), "transB", 1);
                                    m.output("y");
                                    return m;
                                },
                                "fc", "inner dimension mismatch"};
    cases["reshape count mismatch"] = {[] {
                                           OnnxModelBuilder m;
                                           m.input("x", {1, 8, 4, 4}).ints("s", {1, 100});
                                           m.node("Reshape", {"x", "s"}, {"y"}, "reshape");
                                           m.output("y");
                                           return m;
                                       },
                                       "reshape", "element count mismatch"};
    cases["negative initializer dim"] = {[] {
                                             OnnxModelBuilder m;
                                             m.input("x", {1, 3, 8, 8});
                                             m.weight("w", {8, 3, -3, 3});
                                             m.node("Conv", {"x", "w"}, {"y"}, "conv");
                                             m.output("y");
                                             return m;
                                         },
                                         "", "negative dimension"};
    cases["zero input dim"] = {[] {
                                   OnnxModelBuilder m;
                                   m.input("x", {1, 3, 0, 8});
                                   m.node("Relu", {"x"}, {"y"});
                                   m.output("y");
                                   return m;
                               },
                               "", "dims must be positive"};
    cases["overflowing dims"] = {[] {
                                     OnnxModelBuilder m;
                                     m.input("x", {1, 3, 8, 8});
                                     m.weight("w", {1LL << 40, 1LL << 40, 3, 3});
                                     m.node("Conv", {"x", "w"}, {"y"}, "conv");
                                     m.output("y");
                                     return m;
                                 },
                                 "", "overflows"};
    cases["overflowing conv output"] = {[] {
                                            OnnxModelBuilder m;
                                            m.input("x", {1, 1, 1LL << 31, 1LL << 31});
                                            m.weight("w", {1LL << 20, 1, 1, 1});
                                            m.node("Conv", {"x", "w"}, {"y"}, "conv");
                                            m.output("y");
                                            return m;
                                        },
                                        "conv", "overflows"};
    auto convWith = [](std::function<void(onnx::NodeProto&)> attrs, std::vector<std::int64_t> w) {
        return [attrs, w] {
            OnnxModelBuilder m;
            m.input("x", {1, 4, 8, 8}).weight("w", w);
            attrs(m.node("Conv", {"x", "w"}, {"y"}, "conv"));
            m.output("y");
            return m;
        };
    };
    cases["stride 0"] = {convWith(
                             [](onnx::NodeProto& n) {
                                 setInts(n, "strides", {0, 1});
                             },
                             {8, 4, 3, 3}),
                         "conv", "stride 0 must be positive"};
    cases["group 0"] = {convWith([](onnx::NodeProto& n) { setInt(n, "group", 0); }, {8, 4, 3, 3}),
                        "conv", "group 0 must be positive"};
    cases["group not dividing"] = {
        convWith([](onnx::NodeProto& n) { setInt(n, "group", 3); }, {8, 1, 3, 3}), "conv",
        "does not divide"};
    cases["pads wrong length"] = {convWith(
                                      [](onnx::NodeProto& n) {
                                          setInts(n, "pads", {1, 1, 1});
                                      },
                                      {8, 4, 3, 3}),
                                  "conv", "pads"};
    cases["strides wrong rank"] = {convWith(
                                       [](onnx::NodeProto& n) {
                                           setInts(n, "strides", {1, 1, 1});
                                       },
                                       {8, 4, 3, 3}),
                                   "conv", "strides"};
    cases["strides as int"] = {
        convWith([](onnx::NodeProto& n) { setInt(n, "strides", 2); }, {8, 4, 3, 3}), "conv",
        "must be a list of ints"};
    cases["bad auto_pad"] = {
        convWith([](onnx::NodeProto& n) { setString(n, "auto_pad", "SOMETIMES"); }, {8, 4, 3, 3}),
        "conv", "auto_pad"};
    cases["kernel larger than input"] = {convWith([](onnx::NodeProto&) {}, {8, 4, 9, 9}), "conv",
                                         "larger than the padded input"};
    cases["huge dilation"] = {convWith(
                                  [](onnx::NodeProto& n) {
                                      setInts(n, "dilations", {1LL << 62, 1});
                                  },
                                  {8, 4, 3, 3}),
                              "conv", "overflows"};
    cases["transpose bad perm"] = {
        [] {
            OnnxModelBuilder m;
            m.input("x", {1, 2, 3});
            setInts(m.node("Transpose", {"x"}, {"y"}, "t"), "perm", {0, 0, 1});
            m.output("y");
            return m;
        },
        "t", "not a permutation"};
    cases["gather out of range"] = {[] {
                                        OnnxModelBuilder m;
                                        m.input("x", {1, 2, 3});
                                        m.node("Shape", {"x"}, {"s"});
                                        m.ints("i", {7}, true);
                                        m.node("Gather", {"s", "i"}, {"y"}, "g");
                                        m.output("y");
                                        return m;
                                    },
                                    "g", "out of range"};
    cases["symbolic spatial dim"] = {
        [] {
            OnnxModelBuilder m;
            m.input("x", {1, 3, -1, 8}, onnx::TensorProto::FLOAT, "height");
            m.weight("w", {8, 3, 3, 3});
            m.node("Conv", {"x", "w"}, {"y"}, "conv");
            m.output("y");
            return m;
        },
        "",
        "dynamic dimension 2 'height'; COMPASS needs static shapes: give them with "
        "--input-shape x=1x3x<height>x8"};
    cases["reshape shape not constant"] = {
        [] {
            OnnxModelBuilder m;
            m.input("x", {1, 8}).input("s", {2}, onnx::TensorProto::INT64);
            m.node("Reshape", {"x", "s"}, {"y"}, "reshape");
            m.output("y");
            return m;
        },
        "reshape", "not a constant"};
    cases["duplicate producer"] = {[] {
                                       OnnxModelBuilder m;
                                       m.input("x", {1, 4});
                                       m.node("Relu", {"x"}, {"y"}, "a");
                                       m.node("Sigmoid", {"x"}, {"y"}, "b");
                                       m.output("y");
                                       return m;
                                   },
                                   "b", "produced twice"};
    cases["missing graph output"] = {[] {
                                         OnnxModelBuilder m;
                                         m.input("x", {1, 4});
                                         m.node("Relu", {"x"}, {"y"});
                                         m.output("nothing");
                                         return m;
                                     },
                                     "", "graph output 'nothing'"};
    cases["no graph"] = {[] {
                             OnnxModelBuilder m;
                             m.model().clear_graph();
                             return m;
                         },
                         "", "no graph"};
    return cases;
}

} // namespace

class TestOnnxImporter : public QObject
{
    Q_OBJECT

private slots:
    void weightForms_data();
    void weightForms();
    void reinflatedModelImportsIdentically();
    void constantNodeInsteadOfInitializer();
    void weightThroughTransposeIdentityCast();
    void shapeGatherConcatReshapePattern();
    void nhwcGlue();
    void opset7And17Agree();
    void nodesInAnyOrderAndGeneratedNames();
    void dynamicBatchIsNoted();
    void batchLargerThanOneDividesMacs();
    void unsupportedOperatorsAreAllListed();
    void errors_data();
    void errors();
    void notOnnxEmptyTruncated();
    void fileErrors();
    void externalDataIsNeverOpened();
    void mutatedBytesNeverCrash();
};

void TestOnnxImporter::weightForms_data()
{
    QTest::addColumn<int>("form");
    QTest::addColumn<bool>("hasData");
    QTest::newRow("no data") << int(WeightForm::NoData) << false;
    QTest::newRow("raw_data") << int(WeightForm::RawData) << true;
    QTest::newRow("float_data") << int(WeightForm::FloatData) << true;
    QTest::newRow("external, file absent") << int(WeightForm::External) << false;
}

void TestOnnxImporter::weightForms()
{
    QFETCH(int, form);
    QFETCH(bool, hasData);
    DiagnosticList d;
    const std::optional<Graph> g =
        importModel(smallConvNet(static_cast<WeightForm>(form)).model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(g->weightLayers().size(), std::size_t(2));
    QCOMPARE(g->totalWeights(), std::int64_t(8 * 27 + 512 * 10));
    QCOMPARE(g->totalMacs(), std::int64_t(64 * 27 * 8 + 512 * 10));
    QCOMPARE(g->tensor(g->findTensor("conv.w")).hasData, hasData);
    QVERIFY(g->tensor(g->findTensor("conv.w")).isConstant);
    QCOMPARE(dimsOf(*g, "y"), (Dims{1, 10}));
    const std::string reference =
        fingerprint(*importModel(smallConvNet(WeightForm::NoData).model(), d));
    QCOMPARE(fingerprint(*g), reference);
}

void TestOnnxImporter::reinflatedModelImportsIdentically()
{
    // Take a weights-free model, fill every float initializer with zeros of the right size,
    // and check the import does not change.
    OnnxModelBuilder stripped = smallConvNet(WeightForm::NoData);
    onnx::ModelProto full = stripped.model();
    for (auto& init : *full.mutable_graph()->mutable_initializer()) {
        if (init.data_type() != onnx::TensorProto::FLOAT)
            continue;
        std::int64_t count = 1;
        for (std::int64_t dim : init.dims())
            count *= dim;
        init.set_raw_data(std::string(static_cast<std::size_t>(count) * 4, '\0'));
    }
    QVERIFY(full.ByteSizeLong() > stripped.model().ByteSizeLong() + 5000);
    DiagnosticList d;
    const std::optional<Graph> a = importModel(stripped.model(), d, "m.onnx");
    const std::optional<Graph> b = importModel(full, d, "m.onnx");
    QVERIFY2(a && b, allMessages(d).c_str());
    QVERIFY(d.empty());
    QCOMPARE(fingerprint(*a), fingerprint(*b));
    QVERIFY(!a->tensor(a->findTensor("fc.w")).hasData);
    QVERIFY(b->tensor(b->findTensor("fc.w")).hasData);
}

void TestOnnxImporter::constantNodeInsteadOfInitializer()
{
    OnnxModelBuilder m;
    m.input("x", {1, 3, 8, 8});
    setTensorValue(m.node("Constant", {}, {"w"}, "w_const"), {8, 3, 3, 3});
    m.node("Conv", {"x", "w"}, {"y"}, "conv");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QVERIFY(nodeNamed(*g, "w_const")->isFolded);
    const Node* conv = nodeNamed(*g, "conv");
    QVERIFY(conv->weights);
    QCOMPARE(conv->weights->rows, 27);
    QCOMPARE(conv->weights->weight, g->findTensor("w"));
    QCOMPARE(dimsOf(*g, "y"), (Dims{1, 8, 6, 6}));
    QCOMPARE(g->weightLayers().size(), std::size_t(1));
}

void TestOnnxImporter::weightThroughTransposeIdentityCast()
{
    // TFLite-style HWIO weight, transposed to OIHW, then passed through Identity and Cast.
    OnnxModelBuilder m;
    m.input("x", {1, 3, 8, 8});
    m.weight("w_hwio", {3, 3, 3, 8}, WeightForm::RawData);
    setInts(m.node("Transpose", {"w_hwio"}, {"w_oihw"}, "wt"), "perm", {3, 2, 0, 1});
    m.node("Identity", {"w_oihw"}, {"w_id"}, "wid");
    setInt(m.node("Cast", {"w_id"}, {"w"}, "wcast"), "to", onnx::TensorProto::FLOAT);
    m.node("Conv", {"x", "w"}, {"y"}, "conv");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    for (const char* folded : {"wt", "wid", "wcast"})
        QVERIFY2(nodeNamed(*g, folded)->isFolded, folded);
    QCOMPARE(dimsOf(*g, "w"), (Dims{8, 3, 3, 3}));
    const Node* conv = nodeNamed(*g, "conv");
    QVERIFY(conv->weights && !conv->isFolded);
    QCOMPARE(conv->weights->cols, 8);
    QCOMPARE(g->weightLayers(), std::vector<NodeId>{conv->id});
}

void TestOnnxImporter::shapeGatherConcatReshapePattern()
{
    // The old torch flatten: Shape -> Gather(0) -> Unsqueeze -> Concat(-1) -> Reshape.
    OnnxModelBuilder m(9);
    m.input("x", {1, 4, 4, 4});
    m.node("Shape", {"x"}, {"shape"}, "shape");
    setIntTensorValue(m.node("Constant", {}, {"zero"}, "zero"), {0});
    m.graph().mutable_node(1)->mutable_attribute(0)->mutable_t()->clear_dims(); // scalar
    setInt(m.node("Gather", {"shape", "zero"}, {"batch"}, "gather"), "axis", 0);
    setInts(m.node("Unsqueeze", {"batch"}, {"batch1"}, "unsqueeze"), "axes", {0});
    m.ints("minus_one", {-1});
    setInt(m.node("Concat", {"batch1", "minus_one"}, {"target"}, "concat"), "axis", 0);
    m.node("Reshape", {"x", "target"}, {"flat"}, "reshape");
    m.weight("fc.w", {10, 64});
    setInt(m.node("Gemm", {"flat", "fc.w"}, {"y"}, "fc"), "transB", 1);
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(dimsOf(*g, "flat"), (Dims{1, 64}));
    for (const char* folded : {"shape", "zero", "gather", "unsqueeze", "concat"})
        QVERIFY2(nodeNamed(*g, folded)->isFolded, folded);
    QVERIFY(!nodeNamed(*g, "reshape")->isFolded);
    const Tensor& target = g->tensor(g->findTensor("target"));
    QCOMPARE(*target.intValues, (std::vector<std::int64_t>{1, -1}));
    QCOMPARE(nodeNamed(*g, "fc")->weights->rows, 64);
}

void TestOnnxImporter::nhwcGlue()
{
    OnnxModelBuilder m(11);
    m.input("x", {1, 32, 32, 3});
    setInts(m.node("Transpose", {"x"}, {"nchw"}, "to_nchw"), "perm", {0, 3, 1, 2});
    m.weight("w", {16, 3, 3, 3});
    setInts(m.node("Conv", {"nchw", "w"}, {"c"}, "conv"), "strides", {2, 2});
    setInts(m.node("Transpose", {"c"}, {"nhwc"}, "to_nhwc"), "perm", {0, 2, 3, 1});
    m.ints("shape", {1, -1});
    m.node("Reshape", {"nhwc", "shape"}, {"flat"}, "reshape");
    m.weight("dense", {3600, 10});
    m.node("MatMul", {"flat", "dense"}, {"y"}, "dense");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(dimsOf(*g, "c"), (Dims{1, 16, 15, 15}));
    QCOMPARE(dimsOf(*g, "nhwc"), (Dims{1, 15, 15, 16}));
    QVERIFY(!nodeNamed(*g, "to_nchw")->isFolded); // activation glue is kept
    QCOMPARE(nodeNamed(*g, "dense")->weights->rows, 3600);
    QCOMPARE(g->weightLayers().size(), std::size_t(2));
}

void TestOnnxImporter::opset7And17Agree()
{
    // The same network in the opset 7 spelling (attributes) and the opset 17 one (inputs).
    auto build = [](std::int64_t opset) {
        OnnxModelBuilder m(opset);
        m.input("x", {1, 4, 6, 6});
        auto& pad = m.node("Pad", {"x"}, {"p"}, "pad");
        auto& unsq = m.node("Unsqueeze", {"p"}, {"u"}, "unsqueeze");
        auto& sq = m.node("Squeeze", {"u"}, {"s"}, "squeeze");
        if (opset >= 13) {
            m.ints("pads", {0, 0, 1, 1, 0, 0, 1, 1});
            m.ints("axes", {0});
            pad.add_input("pads");
            unsq.add_input("axes");
            sq.add_input("axes");
        } else {
            setInts(pad, "pads", {0, 0, 1, 1, 0, 0, 1, 1});
            setInts(unsq, "axes", {0});
            setInts(sq, "axes", {0});
        }
        m.weight("w", {8, 4, 3, 3});
        m.node("Conv", {"s", "w"}, {"c"}, "conv");
        m.node("Dropout", {"c"}, {"dr"}, "dropout");
        m.node("Softmax", {"dr"}, {"y"}, "softmax");
        m.output("y");
        return m;
    };
    DiagnosticList d;
    const std::optional<Graph> g7 = importModel(build(7).model(), d);
    const std::optional<Graph> g17 = importModel(build(17).model(), d);
    QVERIFY2(g7 && g17, allMessages(d).c_str());
    QCOMPARE(g7->opsetVersion, 7);
    QCOMPARE(g17->opsetVersion, 17);
    QCOMPARE(dimsOf(*g7, "y"), (Dims{1, 8, 6, 6}));
    QCOMPARE(dimsOf(*g17, "y"), dimsOf(*g7, "y"));
    QCOMPARE(g7->totalMacs(), g17->totalMacs());
    QCOMPARE(g7->totalMacs(), std::int64_t(36 * 36 * 8));
}

void TestOnnxImporter::nodesInAnyOrderAndGeneratedNames()
{
    OnnxModelBuilder m = smallConvNet(WeightForm::NoData);
    auto* nodes = m.graph().mutable_node();
    nodes->SwapElements(0, 3);
    nodes->SwapElements(1, 2);
    // Unnamed nodes get "<OpType>_<index in file>"; duplicates are made unique.
    for (auto& n : *nodes)
        n.clear_name();
    (*nodes)[0].set_name("dup");
    (*nodes)[1].set_name("dup");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(g->nodes().size(), std::size_t(4));
    QCOMPARE(g->nodes().front().opType, std::string("Conv"));
    QCOMPARE(g->nodes().back().opType, std::string("Gemm"));
    QVERIFY(g->findNode("dup").isValid());
    QVERIFY(g->findNode("dup_1").isValid());
    QVERIFY(g->findNode("Relu_2").isValid());
    QVERIFY(g->findNode("Conv_3").isValid());
    // Producers come before consumers.
    for (const Node& n : g->nodes()) {
        for (TensorId in : n.inputs) {
            const NodeId p = g->tensor(in).producer;
            QVERIFY(!p.isValid() || p < n.id);
        }
    }
    QCOMPARE(g->totalWeights(), std::int64_t(8 * 27 + 5120));
}

void TestOnnxImporter::dynamicBatchIsNoted()
{
    OnnxModelBuilder m;
    m.input("x", {-1, 3, 8, 8});
    m.weight("w", {4, 3, 3, 3});
    m.node("Conv", {"x", "w"}, {"y"}, "conv");
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(dimsOf(*g, "y"), (Dims{1, 4, 6, 6}));
    QCOMPARE(d.all().size(), std::size_t(1));
    QCOMPARE(d.all().front().severity, Severity::Note);
    QVERIFY(d.all().front().message.find("batch_size") != std::string::npos);
}

void TestOnnxImporter::batchLargerThanOneDividesMacs()
{
    OnnxModelBuilder one = smallConvNet(WeightForm::NoData);
    OnnxModelBuilder eight = smallConvNet(WeightForm::NoData);
    eight.graph()
        .mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(0)
        ->set_dim_value(8);
    DiagnosticList d;
    const std::optional<Graph> g1 = importModel(one.model(), d);
    const std::optional<Graph> g8 = importModel(eight.model(), d);
    QVERIFY2(g1 && g8, allMessages(d).c_str());
    QCOMPARE(g8->batchSize, 8);
    QCOMPARE(dimsOf(*g8, "y"), (Dims{8, 10}));
    QCOMPARE(g8->totalMacs(), g1->totalMacs());
}

void TestOnnxImporter::unsupportedOperatorsAreAllListed()
{
    // One summary per op type (domain, op, opset, count, the first five names), located at
    // its first node; supported nodes are not named.
    OnnxModelBuilder m;
    auto* ml = m.model().add_opset_import();
    ml->set_domain("com.example");
    ml->set_version(3);
    m.input("x", {1, 4});
    m.node("Relu", {"x"}, {"a0"}, "relu");
    for (int i = 0; i < 7; ++i)
        m.node("TopK", {"a" + std::to_string(i)}, {"a" + std::to_string(i + 1)},
               "topk" + std::to_string(i));
    m.node("FancyOp", {"a7"}, {"c"}, "fancy").set_domain("com.example");
    m.node("NonMaxSuppression", {"c"}, {"y"});
    m.output("y");
    DiagnosticList d;
    const std::optional<Graph> g = importModel(m.model(), d, "weird.onnx");
    QVERIFY(!g);
    QCOMPARE(d.errorCount(), std::size_t(3));
    const std::vector<Diagnostic>& e = d.all();
    QCOMPARE(e[0].message, std::string("unsupported operator TopK (domain ai.onnx, opset 13): 7 "
                                       "nodes: 'topk0', 'topk1', 'topk2', 'topk3', 'topk4' and 2 "
                                       "more"));
    QCOMPARE(e[0].location.node, std::string("topk0"));
    QCOMPARE(e[1].message, std::string("unsupported operator com.example:FancyOp (domain "
                                       "com.example, opset 3): 1 node: 'fancy'"));
    QCOMPARE(e[2].message, std::string("unsupported operator NonMaxSuppression (domain ai.onnx, "
                                       "opset 13): 1 node: 'NonMaxSuppression_9'"));
    for (const Diagnostic& diag : e) {
        QCOMPARE(diag.location.file, std::string("weird.onnx"));
        QVERIFY(diag.message.find("relu") == std::string::npos);
    }
}

void TestOnnxImporter::errors_data()
{
    QTest::addColumn<QString>("name");
    for (const auto& [name, c] : errorCases())
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestOnnxImporter::errors()
{
    QFETCH(QString, name);
    const ExpectedError c = errorCases().at(name.toStdString());
    DiagnosticList d;
    const std::optional<Graph> g = importModel(c.build().model(), d, "broken.onnx");
    QVERIFY(!g);
    QVERIFY(d.hasErrors());
    bool found = false;
    for (const Diagnostic& diag : d.all()) {
        if (diag.severity != Severity::Error)
            continue;
        QCOMPARE(diag.location.file, std::string("broken.onnx"));
        found = found || (diag.message.find(c.snippet) != std::string::npos &&
                          (c.node.empty() || diag.location.node == c.node));
    }
    QVERIFY2(
        found,
        ("expected '" + c.snippet + "' on node '" + c.node + "', got:\n" + allMessages(d)).c_str());
}

void TestOnnxImporter::notOnnxEmptyTruncated()
{
    DiagnosticList d;
    QVERIFY(!importOnnxBytes("", "empty.onnx", d));
    QVERIFY(d.all().back().message.find("empty") != std::string::npos);

    d.clear();
    QVERIFY(!importOnnxBytes("This is a README, not a model.\n", "readme.onnx", d));
    QVERIFY(d.hasErrors());
    QCOMPARE(d.all().back().location.file, std::string("readme.onnx"));
    QVERIFY(d.all().back().message.find("not an ONNX model") != std::string::npos);

    const std::string bytes = smallConvNet(WeightForm::RawData).bytes();
    // Every cut either fails cleanly or (at a field boundary) is caught by the graph checks.
    for (std::size_t cut : {std::size_t(1), bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
        d.clear();
        QVERIFY(!importOnnxBytes(std::string_view(bytes).substr(0, cut), "cut.onnx", d));
        QVERIFY(d.hasErrors());
        QCOMPARE(d.all().back().location.file, std::string("cut.onnx"));
    }
    std::string garbage(4096, '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i)
        garbage[i] = static_cast<char>((i * 2654435761u) >> 13);
    d.clear();
    QVERIFY(!importOnnxBytes(garbage, "random.onnx", d));
    QVERIFY(d.hasErrors());
}

void TestOnnxImporter::fileErrors()
{
    DiagnosticList d;
    QVERIFY(!importOnnxFile("/nonexistent/model.onnx", d));
    QCOMPARE(d.all().back().location.file, std::string("/nonexistent/model.onnx"));
    QTemporaryDir dir;
    d.clear();
    QVERIFY(!importOnnxFile(dir.path().toStdString(), d));
    QVERIFY(d.hasErrors());

    const std::string path = dir.filePath("net.onnx").toStdString();
    {
        std::ofstream out(path, std::ios::binary);
        const std::string bytes = smallConvNet(WeightForm::RawData).bytes();
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    d.clear();
    const std::optional<Graph> g = importOnnxFile(path, d);
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(g->name, std::string("net"));
    QCOMPARE(g->sourcePath, path);
    {
        std::ofstream out(dir.filePath("empty.onnx").toStdString(), std::ios::binary);
    }
    d.clear();
    QVERIFY(!importOnnxFile(dir.filePath("empty.onnx").toStdString(), d));
    QVERIFY(d.all().back().message.find("empty") != std::string::npos);
}

void TestOnnxImporter::externalDataIsNeverOpened()
{
    // Locations outside the model folder (or pointing at a directory, which could not be read
    // as weights) import like any other: only dims are used.
    OnnxModelBuilder m = smallConvNet(WeightForm::External);
    int i = 0;
    for (auto& init : *m.graph().mutable_initializer()) {
        init.mutable_external_data(0)->set_value(i++ % 2 ? "../../../etc/shadow" : "/");
    }
    DiagnosticList d;
    const std::optional<Graph> g = importOnnxBytes(m.bytes(), "ext.onnx", d, "/tmp");
    QVERIFY2(g, allMessages(d).c_str());
    QCOMPARE(g->totalWeights(), std::int64_t(8 * 27 + 5120));
    QVERIFY(!d.hasErrors());
}

void TestOnnxImporter::mutatedBytesNeverCrash()
{
    // A poor man's fuzzer with a fixed seed: flip, drop or duplicate a few bytes of valid
    // models. Each import must either succeed with fully shaped tensors or report an error
    // naming the input; under ASan/UBSan this also checks for memory errors and overflow.
    const std::vector<std::string> seeds = {smallConvNet(WeightForm::NoData).bytes(),
                                            smallConvNet(WeightForm::FloatData, 9).bytes()};
    std::mt19937 rng(20250101u);
    int failures = 0;
    int successes = 0;
    for (int iteration = 0; iteration < 3000; ++iteration) {
        std::string bytes = seeds[static_cast<std::size_t>(iteration) % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            const std::size_t at = rng() % bytes.size();
            switch (rng() % 3) {
            case 0:
                bytes[at] = static_cast<char>(rng() & 0xFF);
                break;
            case 1:
                bytes.erase(at, 1 + rng() % 8);
                break;
            default:
                bytes.insert(at, bytes.substr(at, 1 + rng() % 8));
                break;
            }
        }
        DiagnosticList d;
        const std::optional<Graph> g = importOnnxBytes(bytes, "mutant.onnx", d);
        if (g) {
            ++successes;
            QVERIFY(!d.hasErrors());
            for (const Tensor& t : g->tensors())
                QVERIFY(t.hasShape);
        } else {
            ++failures;
            QVERIFY(d.hasErrors());
            for (const Diagnostic& diag : d.all())
                QCOMPARE(diag.location.file, std::string("mutant.onnx"));
        }
    }
    QVERIFY(failures > 0);
    QVERIFY(successes > 0);
}

QTEST_GUILESS_MAIN(TestOnnxImporter)
#include "tst_onnx_importer.moc"
