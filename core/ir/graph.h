// SPDX-License-Identifier: MIT
#pragma once

#include "core/ir/dims.h"
#include "core/support/strong_id.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace compass {

/// Element types, numbered as ONNX's TensorProto.DataType so conversion is a cast.
enum class ElementType : std::int32_t
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
};

const char* elementTypeName(ElementType type);
/// Integer and boolean element types (the ones whose small constants are folded).
bool isIntegerElementType(ElementType type);
/// Size of one element in bytes; 0 for Undefined and String.
std::int64_t elementTypeBytes(ElementType type);

/// The operators COMPASS understands. Anything else imports as Unsupported and is reported.
enum class OpKind
{
    // Weight layers
    Conv,
    ConvTranspose,
    Gemm,
    MatMul,
    // Normalisation and activations
    BatchNormalization,
    Relu,
    Clip,
    LeakyRelu,
    Sigmoid,
    HardSigmoid,
    HardSwish,
    Tanh,
    Softmax,
    LRN,
    LayerNormalization, ///< Opset 17; earlier exporters write it as a pattern of the ops below.
    Gelu,               ///< Opset 20; exporters mostly write Erf or the tanh pattern.
    Erf,
    Sqrt,
    Reciprocal,
    Neg,
    Abs,
    Exp,
    Log,
    // Pooling
    MaxPool,
    AveragePool,
    GlobalAveragePool,
    GlobalMaxPool,
    // Reductions (ReduceMean over H, W is global pooling)
    ReduceMean,
    ReduceSum,
    ReduceMax,
    // Element-wise arithmetic and comparisons (numpy broadcasting)
    Add,
    Mul,
    Sub,
    Div,
    Pow,
    Mod, ///< integer or float remainder (attribute fmod)
    Sum, ///< n-ary Add
    Min, ///< n-ary
    Max, ///< n-ary
    Equal,
    Less,
    Greater,
    Not,
    Where,
    // Matrix products written as an equation (two operands)
    Einsum,
    // Data movement and shape
    Concat,
    Flatten,
    Reshape,
    Transpose,
    Squeeze,
    Unsqueeze,
    Pad,
    Dropout,
    Identity,
    Constant,
    Shape,
    Size,
    Gather,
    ScatterND, ///< data with the slices at `indices` replaced by `updates`
    Cast,
    Slice,
    ConstantOfShape,
    Split,
    Expand,
    Tile,
    Range,
    Resize,
    Upsample,
    Unsupported,
};

const char* opKindName(OpKind kind);
/// Maps an ONNX op_type (default domain) to an OpKind; Unsupported when unknown.
OpKind opKindFromOnnx(std::string_view opType);
bool isWeightOpKind(OpKind kind);
/// Weight-free operators that only move or reinterpret data (Concat, Reshape, Pad, Cast ...):
/// no vector-unit work. The estimator and the scheduler share this one list.
bool isDataMovementOpKind(OpKind kind);

/// One ONNX attribute value; only the fields matching `type` are meaningful.
struct Attribute
{
    enum class Type
    {
        Int,
        Float,
        String,
        Ints,
        Floats,
        Tensor, ///< A tensor value (Constant, ConstantOfShape): see the tensor* fields.
        Other
    };
    Type type = Type::Other;
    std::int64_t i = 0;
    double f = 0.0;
    std::string s;
    std::vector<std::int64_t> ints;
    std::vector<double> floats;
    // Type::Tensor: the tensor's element type and dims; its bytes are never kept, except the
    // values of small integer tensors (shapes, axes), which constant folding needs.
    ElementType tensorType = ElementType::Undefined;
    Dims tensorDims;
    std::optional<std::vector<std::int64_t>> tensorInts;
    std::optional<std::vector<double>> tensorFloats; ///< Small float tensors only.
    bool tensorHasData = false;
};

/// A value flowing along graph edges. Shapes are always inferred by COMPASS itself.
struct Tensor
{
    std::string name;
    ElementType type = ElementType::Undefined;
    Dims dims; ///< Valid when hasShape; a scalar has no dims.
    bool hasShape = false;
    bool isConstant = false; ///< Initializer, Constant output, or folded from constants.
    bool hasData = false;    ///< Weight/constant bytes were present in the file (never needed).
    /// Known values of small integer constants (shapes, axes, indices), used to fold
    /// Shape/Gather/Concat/Reshape patterns. Empty optional when not known.
    std::optional<std::vector<std::int64_t>> intValues;
    /// Known values of small float constants (Resize scales, Range bounds); empty when not
    /// known. Never set for weights: stripped files have no data, and nothing needs it.
    std::optional<std::vector<double>> floatValues;
    /// Graph inputs only: per dim, the name the file gave a dynamic dim ("" for a fixed one);
    /// empty when every dim is fixed. Kept after the dims are given (OnnxImportOptions).
    std::vector<std::string> symbolicDims;
    NodeId producer;               ///< Invalid for graph inputs and initializers.
    std::vector<NodeId> consumers; ///< Nodes reading this tensor, in node order.

    /// Number of elements; 1 for a scalar, -1 when the shape is unknown.
    std::int64_t elementCount() const;
};

/// The crossbar-relevant view of a weight layer: the weight matrix per group.
/// Rows = kh * kw * Cin / g (the input vector length), columns = Cout / g.
struct WeightMatrix
{
    std::int64_t rows = 0;   ///< Input-vector length per group.
    std::int64_t cols = 0;   ///< Output channels per group.
    std::int64_t groups = 1; ///< Block-diagonal sub-matrices (1 for dense layers).
    std::int64_t kernelH = 1;
    std::int64_t kernelW = 1;
    std::int64_t inChannels = 0;
    std::int64_t outChannels = 0;
    /// Matrix-vector products per group for one inference: the output positions
    /// (Hout * Wout for convolutions, the product of leading dims for Gemm/MatMul).
    std::int64_t vectorsPerInference = 1;
    TensorId weight; ///< The constant weight tensor.
    bool hasBias = false;

    std::int64_t weightCount() const { return rows * cols * groups; }
    /// MACs the crossbars perform: every vector against the whole matrix. Equal to Node::macs
    /// except for ConvTranspose, whose mapping multiplies the inserted zeros too.
    std::int64_t crossbarMacs() const { return vectorsPerInference * rows * cols * groups; }
};

/// A matrix product between two activations (attention's Q·Kᵀ and A·V): nothing is stored,
/// both operands change with every input. Its MACs count in Node::macs and the totals; how it
/// runs on the chip (vector units, or crossbars rewritten per input) is the mapper's choice.
struct ActivationMatMul
{
    std::int64_t rows = 0;     ///< M: rows of the left operand (tokens).
    std::int64_t inner = 0;    ///< K: the contracted length.
    std::int64_t cols = 0;     ///< N: columns of the right operand.
    std::int64_t products = 1; ///< Independent M x K x N products per inference (batch x heads).
    TensorId left;             ///< The operand that provides the rows.
    TensorId right;            ///< The operand that provides the columns (K or V in attention).

    std::int64_t macs() const { return products * rows * inner * cols; }
};

/// One operator. Nodes are stored in a topological order.
struct Node
{
    NodeId id;
    std::string name;   ///< Unique; generated ("Conv_12") when the file has none.
    std::string opType; ///< As written in the file.
    std::string domain; ///< "" for the default ONNX domain.
    OpKind kind = OpKind::Unsupported;
    std::vector<TensorId> inputs; ///< Invalid id for an omitted optional input.
    std::vector<TensorId> outputs;
    std::map<std::string, Attribute> attributes;
    std::optional<WeightMatrix> weights; ///< Set for weight layers only.
    /// Set for a MatMul, Gemm or Einsum between two activations (never with `weights`).
    std::optional<ActivationMatMul> activationMatMul;
    /// Multiply-accumulates per inference: weight layers (for ConvTranspose the real
    /// multiplications, without the zeros the crossbar mapping inserts) and activation MatMuls.
    std::int64_t macs = 0;
    /// True when every input is constant, so the node was folded away (e.g. a Transpose of
    /// a weight, a Shape/Gather/Concat chain feeding Reshape). Folded nodes are not compute.
    bool isFolded = false;

    bool isWeightLayer() const { return weights.has_value(); }
    bool isActivationMatMul() const { return activationMatMul.has_value(); }
    const Attribute* attribute(std::string_view attrName) const;
    std::int64_t attrInt(std::string_view attrName, std::int64_t fallback) const;
    double attrFloat(std::string_view attrName, double fallback) const;
    std::string attrString(std::string_view attrName, std::string fallback) const;
    std::vector<std::int64_t> attrInts(std::string_view attrName,
                                       std::vector<std::int64_t> fallback = {}) const;
};

/// A network in COMPASS's own IR: tensors, and nodes in topological order.
/// Built by the importer, then read-only for every later stage.
class Graph
{
public:
    std::string name;       ///< Model name (graph name or file stem).
    std::string sourcePath; ///< File it was imported from.
    std::int64_t opsetVersion = 0;
    std::string producerName;
    /// Dim 0 of the graph's activation input (1 when dynamic). Node::macs and
    /// WeightMatrix::vectorsPerInference are per inference, i.e. divided by this batch.
    std::int64_t batchSize = 1;

    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<Tensor>& tensors() const { return m_tensors; }
    const Node& node(NodeId id) const { return m_nodes[id.index()]; }
    const Tensor& tensor(TensorId id) const { return m_tensors[id.index()]; }
    Node& node(NodeId id) { return m_nodes[id.index()]; }
    Tensor& tensor(TensorId id) { return m_tensors[id.index()]; }
    const std::vector<TensorId>& inputs() const { return m_inputs; }
    const std::vector<TensorId>& outputs() const { return m_outputs; }

    TensorId findTensor(std::string_view tensorName) const;
    NodeId findNode(std::string_view nodeName) const;

    /// Adds a tensor and returns its id; names must be unique.
    TensorId addTensor(Tensor tensor);
    /// Appends a node; the caller keeps nodes in topological order. Fills consumer and
    /// producer links of the tensors it names.
    NodeId addNode(Node node);
    void addInput(TensorId id) { m_inputs.push_back(id); }
    void addOutput(TensorId id) { m_outputs.push_back(id); }

    /// Weight layers in topological order (not folded).
    std::vector<NodeId> weightLayers() const;
    std::int64_t totalWeights() const;
    /// All MACs: weight layers and activation MatMuls.
    std::int64_t totalMacs() const;
    /// The part of totalMacs() in activation MatMuls.
    std::int64_t activationMatMulMacs() const;

private:
    std::vector<Node> m_nodes;
    std::vector<Tensor> m_tensors;
    std::vector<TensorId> m_inputs;
    std::vector<TensorId> m_outputs;
    std::unordered_map<std::string, TensorId> m_tensorByName;
    std::unordered_map<std::string, NodeId> m_nodeByName;
};

} // namespace compass
