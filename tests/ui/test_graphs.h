// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/graph.h"

#include <string>
#include <vector>

namespace compass::test {

/// Builds small hand-made graphs for the ui tests and the layout benchmark.
class GraphBuilder
{
public:
    explicit GraphBuilder(std::string name);

    TensorId input(const std::string& name, Dims dims);
    /// Appends a node of `kind` reading `inputs` and producing one tensor of `outDims`.
    /// Weight layers get a WeightMatrix of `rows` x `cols`.
    TensorId op(OpKind kind, const std::string& name, const std::vector<TensorId>& inputs,
                Dims outDims, std::int64_t rows = 0, std::int64_t cols = 0);
    Graph take() { return std::move(m_graph); }

private:
    Graph m_graph;
};

/// conv -> relu -> conv -> relu ... (`layers` weight layers).
Graph makeChain(int layers);
/// A ResNet with bottleneck (or basic) blocks per stage: {3, 8, 36, 3} is ResNet-152's shape.
Graph makeResNetLike(const std::vector<int>& blocksPerStage, bool bottleneck);
/// A DenseNet: every layer of a dense block concatenates all earlier features of the block.
/// {6, 12, 24, 16} is DenseNet-121's shape (about 430 nodes, 950 edges).
Graph makeDenseNetLike(const std::vector<int>& layersPerBlock);
/// SqueezeNet-style Fire modules: squeeze conv, two expand convs, concat.
Graph makeFireNet(int modules);

} // namespace compass::test
