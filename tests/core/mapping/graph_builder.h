// SPDX-License-Identifier: MIT
#pragma once
// Builds small graphs by hand for mapping, partitioning and estimator tests: chains of Conv
// and Gemm layers with WeightMatrix filled, weight-free operators, and Add residuals.

#include "core/ir/graph.h"
#include "core/pipeline/pipelines.h"
#include "core/problem/mapped_problem.h"
#include "core/support/diagnostics.h"

#include <memory>
#include <string>
#include <vector>

namespace compass::testing {

class GraphBuilder
{
public:
    explicit GraphBuilder(std::string name = "test") { m_graph.name = std::move(name); }

    /// A graph input of float32 [1, c, h, w] (or [1, c] when h = w = 0).
    TensorId input(std::int64_t c, std::int64_t h = 0, std::int64_t w = 0)
    {
        Tensor t;
        t.name = "input" + std::to_string(m_graph.inputs().size());
        t.type = ElementType::Float;
        t.dims = h > 0 ? Dims{1, c, h, w} : Dims{1, c};
        t.hasShape = true;
        const TensorId id = m_graph.addTensor(t);
        m_graph.addInput(id);
        return id;
    }

    /// Conv with square kernel k, stride s, padding p and g groups.
    TensorId conv(const std::string& name, TensorId in, std::int64_t cout, std::int64_t k,
                  std::int64_t stride = 1, std::int64_t pad = 0, std::int64_t groups = 1)
    {
        const Dims& d = m_graph.tensor(in).dims;
        const std::int64_t cin = d[1];
        const std::int64_t hout = (d[2] + 2 * pad - k) / stride + 1;
        const std::int64_t wout = (d[3] + 2 * pad - k) / stride + 1;
        WeightMatrix w;
        w.rows = k * k * cin / groups;
        w.cols = cout / groups;
        w.groups = groups;
        w.kernelH = k;
        w.kernelW = k;
        w.inChannels = cin;
        w.outChannels = cout;
        w.vectorsPerInference = hout * wout;
        return weightNode(name, OpKind::Conv, in, w, Dims{1, cout, hout, wout},
                          Dims{cout, cin / groups, k, k},
                          {{"strides", ints({stride, stride})},
                           {"pads", ints({pad, pad, pad, pad})},
                           {"kernel_shape", ints({k, k})}});
    }

    /// Gemm [1, n] -> [1, m].
    TensorId gemm(const std::string& name, TensorId in, std::int64_t outFeatures)
    {
        const std::int64_t n = m_graph.tensor(in).dims[1];
        WeightMatrix w;
        w.rows = n;
        w.cols = outFeatures;
        w.inChannels = n;
        w.outChannels = outFeatures;
        w.vectorsPerInference = 1;
        return weightNode(name, OpKind::Gemm, in, w, Dims{1, outFeatures}, Dims{outFeatures, n});
    }

    /// A weight-free unary operator keeping the shape (Relu, BatchNormalization ...).
    TensorId unary(const std::string& name, OpKind kind, TensorId in)
    {
        return plainNode(name, kind, {in}, m_graph.tensor(in).dims);
    }

    TensorId maxPool(const std::string& name, TensorId in, std::int64_t k)
    {
        Dims d = m_graph.tensor(in).dims;
        d[2] /= k;
        d[3] /= k;
        const TensorId out = plainNode(name, OpKind::MaxPool, {in}, d);
        // Non-overlapping k x k windows, as the shape above assumes.
        m_graph.node(m_graph.tensor(out).producer).attributes = {{"kernel_shape", ints({k, k})},
                                                                 {"strides", ints({k, k})}};
        return out;
    }

    TensorId globalAvgPool(const std::string& name, TensorId in)
    {
        Dims d = m_graph.tensor(in).dims;
        d[2] = 1;
        d[3] = 1;
        return plainNode(name, OpKind::GlobalAveragePool, {in}, d);
    }

    TensorId flatten(const std::string& name, TensorId in)
    {
        const Tensor& t = m_graph.tensor(in);
        return plainNode(name, OpKind::Flatten, {in}, Dims{1, t.elementCount()});
    }

    /// Transpose by `perm` (the output's axis i is the input's axis perm[i]).
    TensorId transpose(const std::string& name, TensorId in, std::vector<std::int64_t> perm)
    {
        const Dims& d = m_graph.tensor(in).dims;
        Dims out;
        for (std::int64_t axis : perm)
            out.push_back(d[static_cast<std::size_t>(axis)]);
        const TensorId o = plainNode(name, OpKind::Transpose, {in}, out);
        m_graph.node(m_graph.tensor(o).producer).attributes = {{"perm", ints(std::move(perm))}};
        return o;
    }

    /// Reshape to `dims` (the same element count; the shape operand is left out).
    TensorId reshape(const std::string& name, TensorId in, Dims dims)
    {
        return plainNode(name, OpKind::Reshape, {in}, std::move(dims));
    }

    TensorId add(const std::string& name, TensorId a, TensorId b)
    {
        return plainNode(name, OpKind::Add, {a, b}, m_graph.tensor(a).dims);
    }

    /// A MatMul of two activations (attention): [1, products, m, k] x [1, products, k, n] ->
    /// [1, products, m, n], with Node::activationMatMul and its MACs filled as the importer does.
    TensorId activationMatMul(const std::string& name, TensorId left, TensorId right,
                              std::int64_t m, std::int64_t k, std::int64_t n, std::int64_t products)
    {
        const TensorId out =
            plainNode(name, OpKind::MatMul, {left, right}, Dims{1, products, m, n});
        Node& node = m_graph.node(m_graph.tensor(out).producer);
        ActivationMatMul am;
        am.rows = m;
        am.inner = k;
        am.cols = n;
        am.products = products;
        am.left = left;
        am.right = right;
        node.activationMatMul = am;
        node.macs = am.macs();
        return out;
    }
    void output(TensorId t) { m_graph.addOutput(t); }

    Graph& graph() { return m_graph; }
    Graph take() { return std::move(m_graph); }

private:
    static Attribute ints(std::vector<std::int64_t> values)
    {
        Attribute a;
        a.type = Attribute::Type::Ints;
        a.ints = std::move(values);
        return a;
    }

    TensorId weightNode(const std::string& name, OpKind kind, TensorId in, WeightMatrix w,
                        Dims outDims, Dims weightDims,
                        std::map<std::string, Attribute> attributes = {})
    {
        Tensor wt;
        wt.name = name + ".weight";
        wt.type = ElementType::Float;
        wt.dims = std::move(weightDims);
        wt.hasShape = true;
        wt.isConstant = true;
        w.weight = m_graph.addTensor(wt);
        const TensorId out = newTensor(name + ".out", std::move(outDims));
        Node n;
        n.name = name;
        n.opType = opKindName(kind);
        n.kind = kind;
        n.inputs = {in, w.weight};
        n.outputs = {out};
        n.macs = w.weightCount() * w.vectorsPerInference;
        n.weights = w;
        n.attributes = std::move(attributes);
        m_graph.addNode(std::move(n));
        return out;
    }

    TensorId plainNode(const std::string& name, OpKind kind, std::vector<TensorId> ins, Dims out)
    {
        const TensorId o = newTensor(name + ".out", std::move(out));
        Node n;
        n.name = name;
        n.opType = opKindName(kind);
        n.kind = kind;
        n.inputs = std::move(ins);
        n.outputs = {o};
        m_graph.addNode(std::move(n));
        return o;
    }

    TensorId newTensor(std::string name, Dims dims)
    {
        Tensor t;
        t.name = std::move(name);
        t.type = ElementType::Float;
        t.dims = std::move(dims);
        t.hasShape = true;
        return m_graph.addTensor(t);
    }

    Graph m_graph;
};

/// VGG16 (ImageNet, 224 x 224) built by hand: 13 convolutions and 3 fully connected layers.
inline Graph buildVgg16()
{
    GraphBuilder b("vgg16");
    TensorId x = b.input(3, 224, 224);
    const int blocks[5][2] = {{2, 64}, {2, 128}, {3, 256}, {3, 512}, {3, 512}};
    int index = 0;
    for (int blk = 0; blk < 5; ++blk) {
        for (int i = 0; i < blocks[blk][0]; ++i) {
            const std::string name = "conv" + std::to_string(++index);
            x = b.conv(name, x, blocks[blk][1], 3, 1, 1);
            x = b.unary(name + ".relu", OpKind::Relu, x);
        }
        x = b.maxPool("pool" + std::to_string(blk + 1), x, 2);
    }
    x = b.flatten("flatten", x);
    x = b.gemm("fc1", x, 4096);
    x = b.unary("fc1.relu", OpKind::Relu, x);
    x = b.gemm("fc2", x, 4096);
    x = b.unary("fc2.relu", OpKind::Relu, x);
    x = b.gemm("fc3", x, 1000);
    b.output(x);
    return b.take();
}

/// ResNet18 (ImageNet, 224 x 224, BatchNorm folded) built by hand.
inline Graph buildResnet18()
{
    GraphBuilder b("resnet18");
    TensorId x = b.input(3, 224, 224);
    x = b.conv("conv1", x, 64, 7, 2, 3);
    x = b.unary("relu1", OpKind::Relu, x);
    x = b.maxPool("maxpool", x, 2);
    const std::int64_t widths[4] = {64, 128, 256, 512};
    std::int64_t channels = 64;
    for (int stage = 0; stage < 4; ++stage) {
        for (int blk = 0; blk < 2; ++blk) {
            const std::string n = "layer" + std::to_string(stage + 1) + "." + std::to_string(blk);
            const std::int64_t stride = (stage > 0 && blk == 0) ? 2 : 1;
            TensorId y = b.conv(n + ".conv1", x, widths[stage], 3, stride, 1);
            y = b.unary(n + ".relu1", OpKind::Relu, y);
            y = b.conv(n + ".conv2", y, widths[stage], 3, 1, 1);
            TensorId shortcut = x;
            if (stride != 1 || channels != widths[stage])
                shortcut = b.conv(n + ".downsample", x, widths[stage], 1, stride, 0);
            y = b.add(n + ".add", y, shortcut);
            x = b.unary(n + ".relu2", OpKind::Relu, y);
            channels = widths[stage];
        }
    }
    x = b.globalAvgPool("avgpool", x);
    x = b.flatten("flatten", x);
    x = b.gemm("fc", x, 1000);
    b.output(x);
    return b.take();
}

/// A small network for scheduling and pipeline tests: conv, relu, conv, pool, fc on 8x12x12.
inline Graph buildSmallNet()
{
    GraphBuilder b("small");
    TensorId x = b.input(8, 12, 12);
    x = b.conv("conv1", x, 32, 3, 1, 1);
    x = b.unary("relu1", OpKind::Relu, x);
    x = b.conv("conv2", x, 32, 3, 1, 1);
    x = b.maxPool("pool", x, 2);
    x = b.flatten("flat", x);
    x = b.gemm("fc", x, 40);
    b.output(x);
    return b.take();
}

/// A tiny chip for buildSmallNet(): 4 cores of 4 crossbars of 64 x 64.
inline ArchSpec smallChip()
{
    ArchSpec a;
    a.name = "tiny";
    a.cores = 4;
    a.crossbarsPerCore = 4;
    a.crossbarRows = 64;
    a.crossbarCols = 64;
    return a;
}

/// `graph` mapped onto `arch` with `costing` by the mapping passes (mapProblem); null when the
/// graph has no weight layers.
inline std::shared_ptr<const MappedProblem> mapped(const Graph& graph, const ArchSpec& arch,
                                                   const CostingOptions& costing = {})
{
    DiagnosticList ignored;
    return mapProblem(std::make_shared<const Graph>(graph), arch, costing, ignored);
}

} // namespace compass::testing
