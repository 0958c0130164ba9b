// SPDX-License-Identifier: MIT
#include "graph.h"

#include <array>
#include <utility>

namespace compass {

namespace {

struct OpKindEntry
{
    OpKind kind;
    const char* name;
};

constexpr std::array kOpKinds = {
    OpKindEntry{OpKind::Conv, "Conv"},
    OpKindEntry{OpKind::ConvTranspose, "ConvTranspose"},
    OpKindEntry{OpKind::Gemm, "Gemm"},
    OpKindEntry{OpKind::MatMul, "MatMul"},
    OpKindEntry{OpKind::BatchNormalization, "BatchNormalization"},
    OpKindEntry{OpKind::Relu, "Relu"},
    OpKindEntry{OpKind::Clip, "Clip"},
    OpKindEntry{OpKind::LeakyRelu, "LeakyRelu"},
    OpKindEntry{OpKind::Sigmoid, "Sigmoid"},
    OpKindEntry{OpKind::HardSigmoid, "HardSigmoid"},
    OpKindEntry{OpKind::HardSwish, "HardSwish"},
    OpKindEntry{OpKind::Tanh, "Tanh"},
    OpKindEntry{OpKind::Softmax, "Softmax"},
    OpKindEntry{OpKind::LRN, "LRN"},
    OpKindEntry{OpKind::LayerNormalization, "LayerNormalization"},
    OpKindEntry{OpKind::Gelu, "Gelu"},
    OpKindEntry{OpKind::Erf, "Erf"},
    OpKindEntry{OpKind::Sqrt, "Sqrt"},
    OpKindEntry{OpKind::Reciprocal, "Reciprocal"},
    OpKindEntry{OpKind::Neg, "Neg"},
    OpKindEntry{OpKind::Abs, "Abs"},
    OpKindEntry{OpKind::Exp, "Exp"},
    OpKindEntry{OpKind::Log, "Log"},
    OpKindEntry{OpKind::MaxPool, "MaxPool"},
    OpKindEntry{OpKind::AveragePool, "AveragePool"},
    OpKindEntry{OpKind::GlobalAveragePool, "GlobalAveragePool"},
    OpKindEntry{OpKind::GlobalMaxPool, "GlobalMaxPool"},
    OpKindEntry{OpKind::ReduceMean, "ReduceMean"},
    OpKindEntry{OpKind::ReduceSum, "ReduceSum"},
    OpKindEntry{OpKind::ReduceMax, "ReduceMax"},
    OpKindEntry{OpKind::Add, "Add"},
    OpKindEntry{OpKind::Mul, "Mul"},
    OpKindEntry{OpKind::Sub, "Sub"},
    OpKindEntry{OpKind::Div, "Div"},
    OpKindEntry{OpKind::Pow, "Pow"},
    OpKindEntry{OpKind::Mod, "Mod"},
    OpKindEntry{OpKind::Sum, "Sum"},
    OpKindEntry{OpKind::Min, "Min"},
    OpKindEntry{OpKind::Max, "Max"},
    OpKindEntry{OpKind::Equal, "Equal"},
    OpKindEntry{OpKind::Less, "Less"},
    OpKindEntry{OpKind::Greater, "Greater"},
    OpKindEntry{OpKind::Not, "Not"},
    OpKindEntry{OpKind::Where, "Where"},
    OpKindEntry{OpKind::Einsum, "Einsum"},
    OpKindEntry{OpKind::Concat, "Concat"},
    OpKindEntry{OpKind::Flatten, "Flatten"},
    OpKindEntry{OpKind::Reshape, "Reshape"},
    OpKindEntry{OpKind::Transpose, "Transpose"},
    OpKindEntry{OpKind::Squeeze, "Squeeze"},
    OpKindEntry{OpKind::Unsqueeze, "Unsqueeze"},
    OpKindEntry{OpKind::Pad, "Pad"},
    OpKindEntry{OpKind::Dropout, "Dropout"},
    OpKindEntry{OpKind::Identity, "Identity"},
    OpKindEntry{OpKind::Constant, "Constant"},
    OpKindEntry{OpKind::Shape, "Shape"},
    OpKindEntry{OpKind::Size, "Size"},
    OpKindEntry{OpKind::Gather, "Gather"},
    OpKindEntry{OpKind::ScatterND, "ScatterND"},
    OpKindEntry{OpKind::Cast, "Cast"},
    OpKindEntry{OpKind::Slice, "Slice"},
    OpKindEntry{OpKind::ConstantOfShape, "ConstantOfShape"},
    OpKindEntry{OpKind::Split, "Split"},
    OpKindEntry{OpKind::Expand, "Expand"},
    OpKindEntry{OpKind::Tile, "Tile"},
    OpKindEntry{OpKind::Range, "Range"},
    OpKindEntry{OpKind::Resize, "Resize"},
    OpKindEntry{OpKind::Upsample, "Upsample"},
};

} // namespace

const char* elementTypeName(ElementType type)
{
    switch (type) {
    case ElementType::Undefined:
        return "undefined";
    case ElementType::Float:
        return "float32";
    case ElementType::UInt8:
        return "uint8";
    case ElementType::Int8:
        return "int8";
    case ElementType::UInt16:
        return "uint16";
    case ElementType::Int16:
        return "int16";
    case ElementType::Int32:
        return "int32";
    case ElementType::Int64:
        return "int64";
    case ElementType::String:
        return "string";
    case ElementType::Bool:
        return "bool";
    case ElementType::Float16:
        return "float16";
    case ElementType::Double:
        return "float64";
    case ElementType::UInt32:
        return "uint32";
    case ElementType::UInt64:
        return "uint64";
    case ElementType::Complex64:
        return "complex64";
    case ElementType::Complex128:
        return "complex128";
    case ElementType::BFloat16:
        return "bfloat16";
    }
    return "unknown";
}

bool isIntegerElementType(ElementType type)
{
    switch (type) {
    case ElementType::UInt8:
    case ElementType::Int8:
    case ElementType::UInt16:
    case ElementType::Int16:
    case ElementType::Int32:
    case ElementType::Int64:
    case ElementType::UInt32:
    case ElementType::UInt64:
    case ElementType::Bool:
        return true;
    default:
        return false;
    }
}

std::int64_t elementTypeBytes(ElementType type)
{
    switch (type) {
    case ElementType::UInt8:
    case ElementType::Int8:
    case ElementType::Bool:
        return 1;
    case ElementType::UInt16:
    case ElementType::Int16:
    case ElementType::Float16:
    case ElementType::BFloat16:
        return 2;
    case ElementType::Float:
    case ElementType::Int32:
    case ElementType::UInt32:
        return 4;
    case ElementType::Int64:
    case ElementType::UInt64:
    case ElementType::Double:
    case ElementType::Complex64:
        return 8;
    case ElementType::Complex128:
        return 16;
    case ElementType::Undefined:
    case ElementType::String:
        return 0;
    }
    return 0;
}

const char* opKindName(OpKind kind)
{
    for (const auto& entry : kOpKinds) {
        if (entry.kind == kind)
            return entry.name;
    }
    return "Unsupported";
}

OpKind opKindFromOnnx(std::string_view opType)
{
    for (const auto& entry : kOpKinds) {
        if (opType == entry.name)
            return entry.kind;
    }
    return OpKind::Unsupported;
}

bool isWeightOpKind(OpKind kind)
{
    return kind == OpKind::Conv || kind == OpKind::ConvTranspose || kind == OpKind::Gemm ||
           kind == OpKind::MatMul || kind == OpKind::Einsum;
}

bool isDataMovementOpKind(OpKind kind)
{
    switch (kind) {
    case OpKind::Concat:
    case OpKind::Flatten:
    case OpKind::Reshape:
    case OpKind::Transpose:
    case OpKind::Squeeze:
    case OpKind::Unsqueeze:
    case OpKind::Pad:
    case OpKind::Dropout:
    case OpKind::Identity:
    case OpKind::Constant:
    case OpKind::Shape:
    case OpKind::Size:
    case OpKind::Gather:
    case OpKind::ScatterND:
    case OpKind::Cast:
    case OpKind::Slice:
    case OpKind::ConstantOfShape:
    case OpKind::Split:
    case OpKind::Expand:
    case OpKind::Tile:
    case OpKind::Range:
        return true;
    default:
        return false;
    }
}

std::int64_t Tensor::elementCount() const
{
    if (!hasShape)
        return -1;
    std::int64_t count = 1;
    for (std::int64_t d : dims) {
        // Unknown dims and products that overflow int64 both read as "unknown".
        if (d < 0 || __builtin_mul_overflow(count, d, &count))
            return -1;
    }
    return count;
}

const Attribute* Node::attribute(std::string_view attrName) const
{
    auto it = attributes.find(std::string(attrName));
    return it == attributes.end() ? nullptr : &it->second;
}

std::int64_t Node::attrInt(std::string_view attrName, std::int64_t fallback) const
{
    const Attribute* a = attribute(attrName);
    return a && a->type == Attribute::Type::Int ? a->i : fallback;
}

double Node::attrFloat(std::string_view attrName, double fallback) const
{
    const Attribute* a = attribute(attrName);
    return a && a->type == Attribute::Type::Float ? a->f : fallback;
}

std::string Node::attrString(std::string_view attrName, std::string fallback) const
{
    const Attribute* a = attribute(attrName);
    return a && a->type == Attribute::Type::String ? a->s : std::move(fallback);
}

std::vector<std::int64_t> Node::attrInts(std::string_view attrName,
                                         std::vector<std::int64_t> fallback) const
{
    const Attribute* a = attribute(attrName);
    return a && a->type == Attribute::Type::Ints ? a->ints : std::move(fallback);
}

TensorId Graph::findTensor(std::string_view tensorName) const
{
    auto it = m_tensorByName.find(std::string(tensorName));
    return it == m_tensorByName.end() ? TensorId{} : it->second;
}

NodeId Graph::findNode(std::string_view nodeName) const
{
    auto it = m_nodeByName.find(std::string(nodeName));
    return it == m_nodeByName.end() ? NodeId{} : it->second;
}

TensorId Graph::addTensor(Tensor tensor)
{
    const TensorId id{m_tensors.size()};
    m_tensorByName.emplace(tensor.name, id);
    m_tensors.push_back(std::move(tensor));
    return id;
}

NodeId Graph::addNode(Node node)
{
    const NodeId id{m_nodes.size()};
    node.id = id;
    for (TensorId in : node.inputs) {
        if (in.isValid())
            m_tensors[in.index()].consumers.push_back(id);
    }
    for (TensorId out : node.outputs) {
        if (out.isValid())
            m_tensors[out.index()].producer = id;
    }
    m_nodeByName.emplace(node.name, id);
    m_nodes.push_back(std::move(node));
    return id;
}

std::vector<NodeId> Graph::weightLayers() const
{
    std::vector<NodeId> layers;
    for (const Node& n : m_nodes) {
        if (n.isWeightLayer() && !n.isFolded)
            layers.push_back(n.id);
    }
    return layers;
}

std::int64_t Graph::totalWeights() const
{
    std::int64_t total = 0;
    for (const Node& n : m_nodes) {
        if (n.isWeightLayer() && !n.isFolded)
            total += n.weights->weightCount();
    }
    return total;
}

std::int64_t Graph::activationMatMulMacs() const
{
    std::int64_t total = 0;
    for (const Node& n : m_nodes) {
        if (n.isActivationMatMul() && !n.isFolded)
            total += n.macs;
    }
    return total;
}

std::int64_t Graph::totalMacs() const
{
    std::int64_t total = 0;
    for (const Node& n : m_nodes) {
        if (!n.isFolded)
            total += n.macs;
    }
    return total;
}

} // namespace compass
