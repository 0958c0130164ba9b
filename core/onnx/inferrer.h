// SPDX-License-Identifier: MIT
// Internal to core/onnx: the shape inferrer shared by the per-family rule files
// (shape_rules_*.cpp). The public entry point is inferShapes() in shape_inference.h.
#pragma once

#include "core/ir/graph.h"
#include "core/support/diagnostics.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace compass::onnx_detail {

using IntValues = std::optional<std::vector<std::int64_t>>;
using FloatValues = std::optional<std::vector<double>>;

/// Integer constants larger than this are not tracked (they are weights, not shapes).
constexpr std::int64_t kMaxFoldedValues = 4096;

/// "[1x3x224x224]", "?" for an unknown dim, "[] (scalar)" for rank 0.
std::string dimsText(const Dims& dims);
/// "[1, 2, 3]".
std::string listText(const std::vector<std::int64_t>& values);
/// Multidirectional (numpy) broadcasting of two shapes; false when incompatible.
bool broadcastShapes(const Dims& a, const Dims& b, Dims& out);
/// Index into a broadcast operand of `dims` of the output element at `linear`.
std::size_t broadcastSource(const Dims& dims, const Dims& outDims, std::int64_t linear);

inline std::size_t toIndex(std::int64_t v)
{
    return static_cast<std::size_t>(v);
}

inline std::int64_t rankOf(const Dims& d)
{
    return static_cast<std::int64_t>(d.size());
}

/// Window parameters of Conv, ConvTranspose and pooling, one entry per spatial axis.
struct Window
{
    std::vector<std::int64_t> kernel;
    std::vector<std::int64_t> strides;
    std::vector<std::int64_t> dilations;
    std::vector<std::int64_t> pads; ///< begin values then end values (2 * spatial).
    std::string autoPad = "NOTSET";
};

/// One matrix product as Gemm, MatMul and Einsum describe it: `batch` independent products of
/// left [m x k] by right [k x n]; each operand carries `leftGroups`/`rightGroups` of the batch
/// itself (the rest is broadcast). `left`/`right` are input indices.
struct Product
{
    std::int64_t batch = 1;
    std::int64_t m = 0;
    std::int64_t k = 0;
    std::int64_t n = 0;
    std::int64_t leftGroups = 1;
    std::int64_t rightGroups = 1;
    std::size_t left = 0;
    std::size_t right = 1;
    bool hasBias = false;
};

/// Infers one graph node by node in topological order. Each rule (one member function per
/// operator, grouped by family in shape_rules_*.cpp and dispatched from one table in
/// shape_inference.cpp) validates its operands, sets its outputs' type, dims and small integer
/// values, and for weight layers fills Node::weights and Node::macs. A rule returns false after
/// reporting the problem; the graph is then partially annotated. Not thread-safe: one Inferrer
/// per graph.
class Inferrer
{
public:
    Inferrer(Graph& graph, DiagnosticSink& diagnostics, std::string file, bool weightsFromInputs)
        : m_g(graph)
        , m_diag(diagnostics)
        , m_file(std::move(file))
        , m_weightsFromInputs(weightsFromInputs)
    {}

    bool run();

    /// A shape rule: infers m_node.
    using Rule = bool (Inferrer::*)();

    // ---- rules, by family (the dispatch table in shape_inference.cpp names them)
    // element-wise and activations (shape_rules_elementwise.cpp)
    bool inferUnary();
    bool inferIdentity();
    bool inferClip();
    bool inferDropout();
    /// Broadcasting arithmetic, comparisons, Where and the n-ary Sum/Min/Max.
    bool inferElementwise();
    // normalisation (shape_rules_normalisation.cpp)
    bool inferBatchNorm();
    bool inferSoftmax();
    bool inferLrn();
    bool inferLayerNorm();
    bool inferReduce();
    // convolution and pooling (shape_rules_conv_pool.cpp)
    bool inferConv();
    bool inferConvTranspose();
    bool inferPool();
    bool inferGlobalPool();
    // matrix products (shape_rules_matmul.cpp)
    bool inferGemm();
    bool inferMatMul();
    bool inferEinsum();
    // data movement (shape_rules_data_movement.cpp), indexing (shape_rules_indexing.cpp)
    bool inferConcat();
    bool inferFlatten();
    bool inferReshape();
    bool inferTranspose();
    bool inferSqueeze();
    bool inferUnsqueeze();
    bool inferPad();
    bool inferGather();
    bool inferScatterND();
    bool inferSlice();
    bool inferSplit();
    bool inferExpand();
    bool inferTile();
    bool inferResize();
    // values known at compile time (shape_rules_constants.cpp)
    bool inferConstant();
    bool inferConstantOfShape();
    bool inferShape();
    bool inferSize();
    bool inferCast();
    bool inferRange();

private:
    Graph& m_g;
    DiagnosticSink& m_diag;
    std::string m_file;
    bool m_weightsFromInputs = false;
    Node* m_node = nullptr;

    bool fail(const std::string& message)
    {
        m_diag.error(m_node->opType + ": " + message, {m_file, m_node->name, "", -1});
        return false;
    }
    void warn(const std::string& message)
    {
        m_diag.warning(m_node->opType + ": " + message, {m_file, m_node->name, "", -1});
    }

    void detectBatch();
    void reviewInputWeights();
    bool inferNode();
    void fold();

    // ---- inputs and outputs
    bool hasInput(std::size_t i) const
    {
        return i < m_node->inputs.size() && m_node->inputs[i].isValid();
    }
    const Tensor& in(std::size_t i) const { return m_g.tensor(m_node->inputs[i]); }
    bool arity(std::size_t required, std::size_t maximum);
    /// Input i with a fully known shape; optionally every dim must be positive.
    bool shaped(std::size_t i, const Tensor*& out, bool positive = false);
    bool rankAtLeast(const Tensor& t, std::int64_t rank, const char* what);
    bool setOutput(std::size_t i, ElementType type, Dims dims, IntValues values = {},
                   FloatValues floats = {});
    /// Values of a constant integer input (shape, axes, pads...).
    bool constInts(std::size_t i, const char* what, std::vector<std::int64_t>& out);

    // ---- attributes (a present attribute of the wrong type is an error)
    bool readInt(std::string_view name, std::int64_t fallback, std::int64_t& out);
    bool readInts(std::string_view name, std::optional<std::vector<std::int64_t>>& out);
    bool readString(std::string_view name, std::string fallback, std::string& out);
    bool normaliseAxis(std::int64_t axis, std::int64_t rank, std::int64_t& out,
                       const char* what = "axis");

    // ---- shared by rules of one family
    bool inferSameShape(bool keepValues);
    /// Shared by Conv and ConvTranspose: input and weight shaped, of one rank >= 3, and a
    /// positive group.
    bool convOperands(const Tensor*& x, const Tensor*& w, std::int64_t& group);
    bool readWindow(std::size_t spatial, const Dims* weightKernel, Window& w, bool allowDilations);
    bool windowOutput(std::int64_t inSize, std::size_t axis, const Window& w, bool ceilMode,
                      std::int64_t& out);
    /// Divides a leading (batch-carrying) count by the graph batch when it is a multiple.
    std::int64_t perInference(std::int64_t leading) const
    {
        return m_g.batchSize > 1 && leading % m_g.batchSize == 0 ? leading / m_g.batchSize
                                                                 : leading;
    }
    bool setWeights(WeightMatrix wm);
    /// Classifies a product by its operands' origin: folded (both constant), a weight layer
    /// (one constant), or an activation MatMul (neither); fills weights or activationMatMul
    /// and the node's MACs.
    bool setProduct(const Product& p);
};

} // namespace compass::onnx_detail
