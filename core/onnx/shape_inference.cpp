// SPDX-License-Identifier: MIT
// The shape-inference driver: the batch, one dispatch table from operator to shape rule, constant
// folding of nodes whose inputs are all known, and the MAC total check. The rules themselves live
// in shape_rules_*.cpp, one file per operator family; every rule validates its inputs (ranks,
// attribute lengths, divisors, overflow) before computing, because model files are untrusted.
#include "shape_inference.h"

#include "checked_math.h"
#include "inferrer.h"

#include <algorithm>
#include <array>
#include <exception>

namespace compass {

namespace onnx_detail {

namespace {

struct RuleEntry
{
    OpKind kind;
    Inferrer::Rule rule;
};

/// The one dispatch table: every supported OpKind and its shape rule, by family.
constexpr std::array kRules = {
    // convolution and pooling
    RuleEntry{OpKind::Conv, &Inferrer::inferConv},
    RuleEntry{OpKind::ConvTranspose, &Inferrer::inferConvTranspose},
    RuleEntry{OpKind::MaxPool, &Inferrer::inferPool},
    RuleEntry{OpKind::AveragePool, &Inferrer::inferPool},
    RuleEntry{OpKind::GlobalAveragePool, &Inferrer::inferGlobalPool},
    RuleEntry{OpKind::GlobalMaxPool, &Inferrer::inferGlobalPool},
    // matrix products
    RuleEntry{OpKind::Gemm, &Inferrer::inferGemm},
    RuleEntry{OpKind::MatMul, &Inferrer::inferMatMul},
    RuleEntry{OpKind::Einsum, &Inferrer::inferEinsum},
    // element-wise and activations
    RuleEntry{OpKind::Relu, &Inferrer::inferUnary},
    RuleEntry{OpKind::LeakyRelu, &Inferrer::inferUnary},
    RuleEntry{OpKind::Sigmoid, &Inferrer::inferUnary},
    RuleEntry{OpKind::HardSigmoid, &Inferrer::inferUnary},
    RuleEntry{OpKind::HardSwish, &Inferrer::inferUnary},
    RuleEntry{OpKind::Tanh, &Inferrer::inferUnary},
    RuleEntry{OpKind::Gelu, &Inferrer::inferUnary},
    RuleEntry{OpKind::Erf, &Inferrer::inferUnary},
    RuleEntry{OpKind::Sqrt, &Inferrer::inferUnary},
    RuleEntry{OpKind::Reciprocal, &Inferrer::inferUnary},
    RuleEntry{OpKind::Neg, &Inferrer::inferUnary},
    RuleEntry{OpKind::Abs, &Inferrer::inferUnary},
    RuleEntry{OpKind::Exp, &Inferrer::inferUnary},
    RuleEntry{OpKind::Log, &Inferrer::inferUnary},
    RuleEntry{OpKind::Clip, &Inferrer::inferClip},
    RuleEntry{OpKind::Add, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Mul, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Sub, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Div, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Pow, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Sum, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Min, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Max, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Equal, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Less, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Greater, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Mod, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Not, &Inferrer::inferUnary},
    RuleEntry{OpKind::Where, &Inferrer::inferElementwise},
    RuleEntry{OpKind::Dropout, &Inferrer::inferDropout},
    RuleEntry{OpKind::Identity, &Inferrer::inferIdentity},
    // normalisation
    RuleEntry{OpKind::BatchNormalization, &Inferrer::inferBatchNorm},
    RuleEntry{OpKind::Softmax, &Inferrer::inferSoftmax},
    RuleEntry{OpKind::LRN, &Inferrer::inferLrn},
    RuleEntry{OpKind::LayerNormalization, &Inferrer::inferLayerNorm},
    RuleEntry{OpKind::ReduceMean, &Inferrer::inferReduce},
    RuleEntry{OpKind::ReduceSum, &Inferrer::inferReduce},
    RuleEntry{OpKind::ReduceMax, &Inferrer::inferReduce},
    // data movement
    RuleEntry{OpKind::Concat, &Inferrer::inferConcat},
    RuleEntry{OpKind::Flatten, &Inferrer::inferFlatten},
    RuleEntry{OpKind::Reshape, &Inferrer::inferReshape},
    RuleEntry{OpKind::Transpose, &Inferrer::inferTranspose},
    RuleEntry{OpKind::Squeeze, &Inferrer::inferSqueeze},
    RuleEntry{OpKind::Unsqueeze, &Inferrer::inferUnsqueeze},
    RuleEntry{OpKind::Pad, &Inferrer::inferPad},
    RuleEntry{OpKind::Gather, &Inferrer::inferGather},
    RuleEntry{OpKind::ScatterND, &Inferrer::inferScatterND},
    RuleEntry{OpKind::Slice, &Inferrer::inferSlice},
    RuleEntry{OpKind::Split, &Inferrer::inferSplit},
    RuleEntry{OpKind::Expand, &Inferrer::inferExpand},
    RuleEntry{OpKind::Tile, &Inferrer::inferTile},
    RuleEntry{OpKind::Resize, &Inferrer::inferResize},
    RuleEntry{OpKind::Upsample, &Inferrer::inferResize},
    // values known at compile time
    RuleEntry{OpKind::Constant, &Inferrer::inferConstant},
    RuleEntry{OpKind::ConstantOfShape, &Inferrer::inferConstantOfShape},
    RuleEntry{OpKind::Shape, &Inferrer::inferShape},
    RuleEntry{OpKind::Size, &Inferrer::inferSize},
    RuleEntry{OpKind::Cast, &Inferrer::inferCast},
    RuleEntry{OpKind::Range, &Inferrer::inferRange},
};

Inferrer::Rule ruleFor(OpKind kind)
{
    for (const RuleEntry& entry : kRules) {
        if (entry.kind == kind)
            return entry.rule;
    }
    return nullptr;
}

} // namespace

bool Inferrer::run()
{
    reviewInputWeights();
    detectBatch();
    for (std::size_t i = 0; i < m_g.nodes().size(); ++i) {
        m_node = &m_g.node(NodeId{i});
        m_node->weights.reset();
        m_node->activationMatMul.reset();
        m_node->macs = 0;
        m_node->isFolded = false;
        if (!inferNode())
            return false;
        fold();
    }
    std::int64_t total = 0;
    for (const Node& n : m_g.nodes()) {
        if (n.isFolded)
            continue;
        const std::optional<std::int64_t> sum = checkedAdd(total, n.macs);
        if (!sum) {
            m_diag.error("total multiply-accumulate count overflows int64", {m_file, "", "", -1});
            return false;
        }
        total = *sum;
    }
    return true;
}

void Inferrer::detectBatch()
{
    m_g.batchSize = 1;
    for (TensorId id : m_g.inputs()) {
        const Tensor& t = m_g.tensor(id);
        if (t.isConstant || !t.hasShape || t.dims.size() < 2)
            continue;
        const bool declaredDynamic = !t.symbolicDims.empty() && !t.symbolicDims[0].empty();
        const bool batchAxis =
            t.dims.size() >= 3 || isIntegerElementType(t.type) || declaredDynamic;
        if (batchAxis && t.dims[0] > 0)
            m_g.batchSize = t.dims[0];
        break;
    }
}

namespace {

/// Operators a stored weight may pass through on its way to a weight operand.
bool passesWeightThrough(OpKind kind)
{
    switch (kind) {
    case OpKind::Transpose:
    case OpKind::Reshape:
    case OpKind::Cast:
    case OpKind::Identity:
    case OpKind::Squeeze:
    case OpKind::Unsqueeze:
    case OpKind::Flatten:
        return true;
    default:
        return false;
    }
}

/// Input indices that hold weights when they are stored (W and B of Conv, B and C of Gemm...).
std::vector<std::size_t> weightOperands(OpKind kind)
{
    switch (kind) {
    case OpKind::Conv:
    case OpKind::ConvTranspose:
    case OpKind::Gemm:
        return {1, 2};
    case OpKind::MatMul:
    case OpKind::Einsum:
        return {1};
    default:
        return {};
    }
}

} // namespace

void Inferrer::reviewInputWeights()
{
    // The first activation input is the network's data, never a weight.
    TensorId data;
    for (TensorId id : m_g.inputs()) {
        if (!m_g.tensor(id).isConstant) {
            data = id;
            break;
        }
    }
    std::vector<TensorId> found;
    std::vector<std::string> users;
    for (const Node& n : m_g.nodes()) {
        for (std::size_t slot : weightOperands(n.kind)) {
            if (slot >= n.inputs.size() || !n.inputs[slot].isValid())
                continue;
            TensorId id = n.inputs[slot];
            for (int hops = 0; hops < 16 && m_g.tensor(id).producer.isValid(); ++hops) {
                const Node& p = m_g.node(m_g.tensor(id).producer);
                if (!passesWeightThrough(p.kind) || p.inputs.empty() || !p.inputs[0].isValid())
                    break;
                id = p.inputs[0];
            }
            const Tensor& t = m_g.tensor(id);
            const auto& inputs = m_g.inputs();
            if (t.producer.isValid() || t.isConstant || id == data ||
                std::find(inputs.begin(), inputs.end(), id) == inputs.end() ||
                std::find(found.begin(), found.end(), id) != found.end())
                continue;
            found.push_back(id);
            users.push_back(n.opType + " '" + n.name + "'");
        }
    }
    if (found.empty())
        return;
    constexpr std::size_t kListed = 8;
    std::string list;
    for (std::size_t i = 0; i < found.size() && i < kListed; ++i)
        list += (i ? ", '" : "'") + m_g.tensor(found[i]).name + "' (" + users[i] + ")";
    if (found.size() > kListed)
        list += " and " + std::to_string(found.size() - kListed) + " more";
    const std::string count = std::to_string(found.size()) + " graph input(s) without initializers";
    if (m_weightsFromInputs) {
        for (TensorId id : found)
            m_g.tensor(id).isConstant = true;
        m_diag.note(count + " are treated as weights (" + kWeightsFromInputsFlag + "): " + list,
                    {m_file, "", "", -1});
        return;
    }
    m_diag.warning(count +
                       " feed weight operands and are treated as activations, so those "
                       "layers are not mapped to crossbars: " +
                       list + "; pass " + kWeightsFromInputsFlag + " if they are stored weights",
                   {m_file, "", "", -1});
}

void Inferrer::fold()
{
    Node& n = *m_node;
    bool allConstant = true;
    bool anyInput = false;
    for (TensorId id : n.inputs) {
        if (!id.isValid())
            continue;
        anyInput = true;
        allConstant = allConstant && m_g.tensor(id).isConstant;
    }
    // Shapes are static in COMPASS, so Shape's output is known whatever its input is.
    const bool folded = n.kind == OpKind::Shape || n.kind == OpKind::Size ||
                        n.kind == OpKind::Constant || (anyInput && allConstant);
    if (!folded)
        return;
    n.isFolded = true;
    n.weights.reset();
    n.macs = 0;
    for (TensorId id : n.outputs) {
        if (id.isValid())
            m_g.tensor(id).isConstant = true;
    }
}

bool Inferrer::inferNode()
{
    if (m_node->outputs.empty())
        return fail("node has no outputs");
    for (std::size_t i = 0; i < m_node->inputs.size(); ++i) {
        if (hasInput(i) && !in(i).hasShape)
            return fail("input '" + in(i).name + "' has no shape (its producer was not inferred)");
    }
    const Rule rule = ruleFor(m_node->kind);
    if (!rule)
        return fail("operator is not supported");
    return (this->*rule)();
}

} // namespace onnx_detail

bool inferShapes(Graph& graph, DiagnosticSink& diagnostics, const std::string& file,
                 const OnnxImportOptions& options)
{
    try {
        onnx_detail::Inferrer inferrer(graph, diagnostics, file, options.weightsFromInputs);
        return inferrer.run();
    } catch (const std::exception& e) {
        diagnostics.error(std::string("shape inference failed: ") + e.what(), {file, "", "", -1});
    } catch (...) {
        diagnostics.error("shape inference failed", {file, "", "", -1});
    }
    return false;
}

} // namespace compass
