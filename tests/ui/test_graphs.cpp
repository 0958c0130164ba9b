// SPDX-License-Identifier: MIT
#include "test_graphs.h"

namespace compass::test {

GraphBuilder::GraphBuilder(std::string name)
{
    m_graph.name = std::move(name);
}

TensorId GraphBuilder::input(const std::string& name, Dims dims)
{
    Tensor t;
    t.name = name;
    t.type = ElementType::Float;
    t.dims = std::move(dims);
    t.hasShape = true;
    const TensorId id = m_graph.addTensor(std::move(t));
    m_graph.addInput(id);
    return id;
}

TensorId GraphBuilder::op(OpKind kind, const std::string& name, const std::vector<TensorId>& inputs,
                          Dims outDims, std::int64_t rows, std::int64_t cols)
{
    Tensor out;
    out.name = name + "_out";
    out.type = ElementType::Float;
    out.dims = std::move(outDims);
    out.hasShape = true;
    const TensorId outId = m_graph.addTensor(std::move(out));
    Node node;
    node.name = name;
    node.opType = opKindName(kind);
    node.kind = kind;
    node.inputs = inputs;
    node.outputs = {outId};
    if (isWeightOpKind(kind)) {
        WeightMatrix w;
        w.rows = rows;
        w.cols = cols;
        node.weights = w;
        node.macs = rows * cols;
    }
    m_graph.addNode(std::move(node));
    return outId;
}

Graph makeChain(int layers)
{
    GraphBuilder b("chain");
    TensorId x = b.input("x", {1, 16, 8, 8});
    for (int i = 0; i < layers; ++i) {
        const std::string p = "/layer" + std::to_string(i);
        x = b.op(OpKind::Conv, p + "/Conv", {x}, {1, 16, 8, 8}, 144, 16);
        x = b.op(OpKind::Relu, p + "/Relu", {x}, {1, 16, 8, 8});
    }
    return b.take();
}

Graph makeResNetLike(const std::vector<int>& blocksPerStage, bool bottleneck)
{
    GraphBuilder b(bottleneck ? "resnet_bottleneck" : "resnet_basic");
    TensorId x = b.input("input", {1, 3, 224, 224});
    x = b.op(OpKind::Conv, "/conv1/Conv", {x}, {1, 64, 112, 112}, 147, 64);
    x = b.op(OpKind::Relu, "/relu/Relu", {x}, {1, 64, 112, 112});
    x = b.op(OpKind::MaxPool, "/maxpool/MaxPool", {x}, {1, 64, 56, 56});
    std::int64_t channels = 64;
    std::int64_t size = 56;
    for (std::size_t s = 0; s < blocksPerStage.size(); ++s) {
        const std::int64_t width = 64 << s;
        const std::int64_t outC = bottleneck ? width * 4 : width;
        if (s > 0)
            size /= 2;
        for (int k = 0; k < blocksPerStage[s]; ++k) {
            const std::string p = "/layer" + std::to_string(s + 1) + "/layer" +
                                  std::to_string(s + 1) + "." + std::to_string(k);
            const Dims mid{1, width, size, size};
            const Dims out{1, outC, size, size};
            TensorId y = b.op(OpKind::Conv, p + "/conv1/Conv", {x}, mid, channels, width);
            y = b.op(OpKind::BatchNormalization, p + "/bn1/BatchNormalization", {y}, mid);
            y = b.op(OpKind::Relu, p + "/relu/Relu", {y}, mid);
            y = b.op(OpKind::Conv, p + "/conv2/Conv", {y}, bottleneck ? mid : out, 9 * width,
                     bottleneck ? width : outC);
            y = b.op(OpKind::BatchNormalization, p + "/bn2/BatchNormalization", {y},
                     bottleneck ? mid : out);
            if (bottleneck) {
                y = b.op(OpKind::Relu, p + "/relu_1/Relu", {y}, mid);
                y = b.op(OpKind::Conv, p + "/conv3/Conv", {y}, out, width, outC);
                y = b.op(OpKind::BatchNormalization, p + "/bn3/BatchNormalization", {y}, out);
            }
            TensorId shortcut = x;
            if (k == 0 && channels != outC) {
                shortcut = b.op(OpKind::Conv, p + "/downsample/downsample.0/Conv", {x}, out,
                                channels, outC);
            }
            y = b.op(OpKind::Add, p + "/Add", {y, shortcut}, out);
            x = b.op(OpKind::Relu, p + "/relu_2/Relu", {y}, out);
            channels = outC;
        }
    }
    x = b.op(OpKind::GlobalAveragePool, "/avgpool/GlobalAveragePool", {x}, {1, channels, 1, 1});
    x = b.op(OpKind::Flatten, "/Flatten", {x}, {1, channels});
    b.op(OpKind::Gemm, "/fc/Gemm", {x}, {1, 1000}, channels, 1000);
    return b.take();
}

Graph makeDenseNetLike(const std::vector<int>& layersPerBlock)
{
    GraphBuilder b("densenet_like");
    TensorId x = b.input("input", {1, 3, 224, 224});
    x = b.op(OpKind::Conv, "/features/conv0/Conv", {x}, {1, 64, 112, 112}, 147, 64);
    x = b.op(OpKind::Relu, "/features/relu0/Relu", {x}, {1, 64, 112, 112});
    x = b.op(OpKind::MaxPool, "/features/pool0/MaxPool", {x}, {1, 64, 56, 56});
    std::int64_t channels = 64;
    std::int64_t size = 56;
    const std::int64_t growth = 32;
    for (std::size_t blk = 0; blk < layersPerBlock.size(); ++blk) {
        std::vector<TensorId> features{x};
        const std::string bp = "/features/denseblock" + std::to_string(blk + 1);
        for (int l = 0; l < layersPerBlock[blk]; ++l) {
            const std::string p = bp + "/denselayer" + std::to_string(l + 1);
            const Dims in{1, channels, size, size};
            TensorId y = features.size() == 1 ? features.front()
                                              : b.op(OpKind::Concat, p + "/Concat", features, in);
            y = b.op(OpKind::BatchNormalization, p + "/norm1/BatchNormalization", {y}, in);
            y = b.op(OpKind::Relu, p + "/relu1/Relu", {y}, in);
            y = b.op(OpKind::Conv, p + "/conv1/Conv", {y}, {1, 128, size, size}, channels, 128);
            y = b.op(OpKind::BatchNormalization, p + "/norm2/BatchNormalization", {y},
                     {1, 128, size, size});
            y = b.op(OpKind::Relu, p + "/relu2/Relu", {y}, {1, 128, size, size});
            y = b.op(OpKind::Conv, p + "/conv2/Conv", {y}, {1, growth, size, size}, 9 * 128,
                     growth);
            features.push_back(y);
            channels += growth;
        }
        x = b.op(OpKind::Concat, bp + "/Concat", features, {1, channels, size, size});
        if (blk + 1 < layersPerBlock.size()) {
            const std::string tp = "/features/transition" + std::to_string(blk + 1);
            x = b.op(OpKind::BatchNormalization, tp + "/norm/BatchNormalization", {x},
                     {1, channels, size, size});
            x = b.op(OpKind::Relu, tp + "/relu/Relu", {x}, {1, channels, size, size});
            channels /= 2;
            x = b.op(OpKind::Conv, tp + "/conv/Conv", {x}, {1, channels, size, size}, channels * 2,
                     channels);
            size /= 2;
            x = b.op(OpKind::AveragePool, tp + "/pool/AveragePool", {x}, {1, channels, size, size});
        }
    }
    x = b.op(OpKind::GlobalAveragePool, "/GlobalAveragePool", {x}, {1, channels, 1, 1});
    x = b.op(OpKind::Flatten, "/Flatten", {x}, {1, channels});
    b.op(OpKind::Gemm, "/classifier/Gemm", {x}, {1, 1000}, channels, 1000);
    return b.take();
}

Graph makeFireNet(int modules)
{
    GraphBuilder b("firenet");
    TensorId x = b.input("input", {1, 3, 224, 224});
    x = b.op(OpKind::Conv, "/features/features.0/Conv", {x}, {1, 64, 111, 111}, 27, 64);
    x = b.op(OpKind::Relu, "/features/features.1/Relu", {x}, {1, 64, 111, 111});
    std::int64_t channels = 64;
    for (int m = 0; m < modules; ++m) {
        const std::string p = "/features/features." + std::to_string(m + 3);
        const Dims sq{1, 16, 55, 55};
        const Dims ex{1, 64, 55, 55};
        TensorId s = b.op(OpKind::Conv, p + "/squeeze/Conv", {x}, sq, channels, 16);
        s = b.op(OpKind::Relu, p + "/squeeze_activation/Relu", {s}, sq);
        TensorId e1 = b.op(OpKind::Conv, p + "/expand1x1/Conv", {s}, ex, 16, 64);
        e1 = b.op(OpKind::Relu, p + "/expand1x1_activation/Relu", {e1}, ex);
        TensorId e3 = b.op(OpKind::Conv, p + "/expand3x3/Conv", {s}, ex, 144, 64);
        e3 = b.op(OpKind::Relu, p + "/expand3x3_activation/Relu", {e3}, ex);
        x = b.op(OpKind::Concat, p + "/Concat", {e1, e3}, {1, 128, 55, 55});
        channels = 128;
    }
    x = b.op(OpKind::Conv, "/classifier/classifier.1/Conv", {x}, {1, 1000, 55, 55}, channels, 1000);
    x = b.op(OpKind::GlobalAveragePool, "/classifier/GlobalAveragePool", {x}, {1, 1000, 1, 1});
    b.op(OpKind::Flatten, "/Flatten", {x}, {1, 1000});
    return b.take();
}

} // namespace compass::test
