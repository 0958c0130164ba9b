// SPDX-License-Identifier: MIT
// Per-operator shape rules on COMPASS's own IR. Every rule validates its inputs (ranks,
// attribute lengths, divisors, overflow) before computing, because model files are untrusted.
#include "shape_inference.h"

#include "checked_math.h"
#include "core/ir/graph.h"
#include "core/support/diagnostics.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <numeric>
#include <set>
#include <string_view>
#include <utility>

namespace compass {

namespace {

using onnx_detail::ceilDiv;
using onnx_detail::checkedAdd;
using onnx_detail::checkedMul;
using onnx_detail::checkedProduct;
using onnx_detail::checkedSub;
using IntValues = std::optional<std::vector<std::int64_t>>;

/// Integer constants larger than this are not tracked (they are weights, not shapes).
constexpr std::int64_t kMaxFoldedValues = 4096;

std::string dimsText(const Dims& dims)
{
    if (dims.empty())
        return "[] (scalar)";
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0)
            s += 'x';
        s += dims[i] < 0 ? std::string("?") : std::to_string(dims[i]);
    }
    return s + "]";
}

std::string listText(const std::vector<std::int64_t>& values)
{
    std::string s = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            s += ", ";
        s += std::to_string(values[i]);
    }
    return s + "]";
}

std::size_t toIndex(std::int64_t v)
{
    return static_cast<std::size_t>(v);
}

std::int64_t rankOf(const Dims& d)
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

class Inferrer
{
public:
    Inferrer(Graph& graph, DiagnosticSink& diagnostics, std::string file)
        : m_g(graph)
        , m_diag(diagnostics)
        , m_file(std::move(file))
    {}

    bool run();

private:
    Graph& m_g;
    DiagnosticSink& m_diag;
    std::string m_file;
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
    bool setOutput(std::size_t i, ElementType type, Dims dims, IntValues values = {});
    /// Values of a constant integer input (shape, axes, pads...).
    bool constInts(std::size_t i, const char* what, std::vector<std::int64_t>& out);

    // ---- attributes (a present attribute of the wrong type is an error)
    bool readInt(std::string_view name, std::int64_t fallback, std::int64_t& out);
    bool readInts(std::string_view name, std::optional<std::vector<std::int64_t>>& out);
    bool readString(std::string_view name, std::string fallback, std::string& out);
    bool normaliseAxis(std::int64_t axis, std::int64_t rank, std::int64_t& out,
                       const char* what = "axis");

    // ---- rules
    bool inferSameShape(bool keepValues);
    bool inferConstant();
    /// Shared by Conv and ConvTranspose: input and weight shaped, of one rank >= 3, and a
    /// positive group.
    bool convOperands(const Tensor*& x, const Tensor*& w, std::int64_t& group);
    bool inferConv();
    bool inferConvTranspose();
    bool inferGemm();
    bool inferMatMul();
    bool inferBatchNorm();
    bool inferPool();
    bool inferGlobalPool();
    bool inferBinary();
    bool inferConcat();
    bool inferFlatten();
    bool inferReshape();
    bool inferTranspose();
    bool inferSqueeze();
    bool inferUnsqueeze();
    bool inferPad();
    bool inferShape();
    bool inferGather();
    bool inferCast();
    bool inferSlice();
    bool inferConstantOfShape();
    bool inferSoftmax();
    bool inferLrn();
    bool inferDropout();
    bool inferClip();

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
};

bool Inferrer::run()
{
    // The batch is dim 0 of the first activation input of rank >= 2.
    m_g.batchSize = 1;
    for (TensorId id : m_g.inputs()) {
        const Tensor& t = m_g.tensor(id);
        if (!t.isConstant && t.hasShape && t.dims.size() >= 2) {
            if (t.dims[0] > 0)
                m_g.batchSize = t.dims[0];
            break;
        }
    }
    for (std::size_t i = 0; i < m_g.nodes().size(); ++i) {
        m_node = &m_g.node(NodeId{i});
        m_node->weights.reset();
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
    const bool folded =
        n.kind == OpKind::Shape || n.kind == OpKind::Constant || (anyInput && allConstant);
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
    switch (m_node->kind) {
    case OpKind::Conv:
        return inferConv();
    case OpKind::ConvTranspose:
        return inferConvTranspose();
    case OpKind::Gemm:
        return inferGemm();
    case OpKind::MatMul:
        return inferMatMul();
    case OpKind::BatchNormalization:
        return inferBatchNorm();
    case OpKind::Relu:
    case OpKind::LeakyRelu:
    case OpKind::Sigmoid:
    case OpKind::HardSigmoid:
    case OpKind::HardSwish:
    case OpKind::Tanh:
        return arity(1, 1) && inferSameShape(false);
    case OpKind::Clip:
        return inferClip();
    case OpKind::Softmax:
        return inferSoftmax();
    case OpKind::LRN:
        return inferLrn();
    case OpKind::MaxPool:
    case OpKind::AveragePool:
        return inferPool();
    case OpKind::GlobalAveragePool:
    case OpKind::GlobalMaxPool:
        return inferGlobalPool();
    case OpKind::Add:
    case OpKind::Mul:
    case OpKind::Sub:
    case OpKind::Div:
        return inferBinary();
    case OpKind::Concat:
        return inferConcat();
    case OpKind::Flatten:
        return inferFlatten();
    case OpKind::Reshape:
        return inferReshape();
    case OpKind::Transpose:
        return inferTranspose();
    case OpKind::Squeeze:
        return inferSqueeze();
    case OpKind::Unsqueeze:
        return inferUnsqueeze();
    case OpKind::Pad:
        return inferPad();
    case OpKind::Dropout:
        return inferDropout();
    case OpKind::Identity:
        return arity(1, 1) && inferSameShape(true);
    case OpKind::Constant:
        return inferConstant();
    case OpKind::Shape:
        return inferShape();
    case OpKind::Gather:
        return inferGather();
    case OpKind::Cast:
        return inferCast();
    case OpKind::Slice:
        return inferSlice();
    case OpKind::ConstantOfShape:
        return inferConstantOfShape();
    case OpKind::Unsupported:
        break;
    }
    return fail("operator is not supported");
}

// ------------------------------------------------------------------------------------------
// Helpers

bool Inferrer::arity(std::size_t required, std::size_t maximum)
{
    for (std::size_t i = 0; i < required; ++i) {
        if (!hasInput(i))
            return fail("expects at least " + std::to_string(required) + " input(s), input " +
                        std::to_string(i) + " is missing");
    }
    if (m_node->inputs.size() > maximum)
        return fail("expects at most " + std::to_string(maximum) + " input(s), has " +
                    std::to_string(m_node->inputs.size()));
    return true;
}

bool Inferrer::shaped(std::size_t i, const Tensor*& out, bool positive)
{
    if (!hasInput(i))
        return fail("input " + std::to_string(i) + " is missing");
    const Tensor& t = in(i);
    if (!t.hasShape)
        return fail("input '" + t.name + "' has no shape");
    for (std::size_t d = 0; d < t.dims.size(); ++d) {
        if (t.dims[d] < 0)
            return fail("input '" + t.name + "' has an unknown dimension " + std::to_string(d) +
                        " in " + dimsText(t.dims) +
                        "; COMPASS needs static shapes (export with a fixed input size)");
        if (positive && t.dims[d] == 0)
            return fail("input '" + t.name + "' has a zero dimension in " + dimsText(t.dims));
    }
    out = &t;
    return true;
}

bool Inferrer::rankAtLeast(const Tensor& t, std::int64_t rank, const char* what)
{
    if (rankOf(t.dims) < rank)
        return fail(std::string(what) + " '" + t.name + "' must have rank >= " +
                    std::to_string(rank) + ", has shape " + dimsText(t.dims));
    return true;
}

bool Inferrer::setOutput(std::size_t i, ElementType type, Dims dims, IntValues values)
{
    if (i >= m_node->outputs.size() || !m_node->outputs[i].isValid())
        return true; // omitted optional output
    for (std::int64_t d : dims) {
        if (d < 0)
            return fail("computed a negative output dimension " + dimsText(dims));
    }
    const std::optional<std::int64_t> count = checkedProduct(dims);
    if (!count)
        return fail("output element count of " + dimsText(dims) + " overflows int64");
    if (values &&
        (static_cast<std::int64_t>(values->size()) != *count || *count > kMaxFoldedValues))
        values.reset();
    Tensor& t = m_g.tensor(m_node->outputs[i]);
    t.type = type;
    t.dims = std::move(dims);
    t.hasShape = true;
    t.intValues = std::move(values);
    return true;
}

bool Inferrer::constInts(std::size_t i, const char* what, std::vector<std::int64_t>& out)
{
    if (!hasInput(i))
        return fail(std::string(what) + " input is missing");
    const Tensor& t = in(i);
    if (!t.isConstant)
        return fail(std::string(what) + " input '" + t.name +
                    "' is not a constant; COMPASS needs it known at compile time");
    if (!t.intValues)
        return fail(std::string(what) + " input '" + t.name +
                    "' has no integer values in the file (its data was stripped or is not int64)");
    out = *t.intValues;
    return true;
}

bool Inferrer::readInt(std::string_view name, std::int64_t fallback, std::int64_t& out)
{
    const Attribute* a = m_node->attribute(name);
    if (!a) {
        out = fallback;
        return true;
    }
    if (a->type != Attribute::Type::Int)
        return fail("attribute '" + std::string(name) + "' must be an int");
    out = a->i;
    return true;
}

bool Inferrer::readInts(std::string_view name, std::optional<std::vector<std::int64_t>>& out)
{
    const Attribute* a = m_node->attribute(name);
    out.reset();
    if (!a)
        return true;
    if (a->type != Attribute::Type::Ints)
        return fail("attribute '" + std::string(name) + "' must be a list of ints");
    out = a->ints;
    return true;
}

bool Inferrer::readString(std::string_view name, std::string fallback, std::string& out)
{
    const Attribute* a = m_node->attribute(name);
    if (!a) {
        out = std::move(fallback);
        return true;
    }
    if (a->type != Attribute::Type::String)
        return fail("attribute '" + std::string(name) + "' must be a string");
    out = a->s;
    return true;
}

bool Inferrer::normaliseAxis(std::int64_t axis, std::int64_t rank, std::int64_t& out,
                             const char* what)
{
    if (axis < -rank || axis >= rank)
        return fail(std::string(what) + " " + std::to_string(axis) + " is out of range for rank " +
                    std::to_string(rank));
    out = axis < 0 ? axis + rank : axis;
    return true;
}

bool Inferrer::setWeights(WeightMatrix wm)
{
    std::optional<std::int64_t> macs = checkedMul(wm.vectorsPerInference, wm.rows);
    if (macs)
        macs = checkedMul(*macs, wm.cols);
    if (macs)
        macs = checkedMul(*macs, wm.groups);
    if (!macs)
        return fail("multiply-accumulate count overflows int64");
    if (!checkedMul(wm.rows, wm.cols) || !checkedMul(wm.rows * wm.cols, wm.groups))
        return fail("weight count overflows int64");
    m_node->macs = *macs;
    m_node->weights = wm;
    return true;
}

// ------------------------------------------------------------------------------------------
// Element-wise and pass-through

bool Inferrer::inferSameShape(bool keepValues)
{
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    return setOutput(0, x->type, x->dims, keepValues ? x->intValues : IntValues{});
}

bool Inferrer::inferClip()
{
    // Opset 11+ takes min/max as optional inputs; earlier opsets as attributes.
    return arity(1, 3) && inferSameShape(false);
}

bool Inferrer::inferDropout()
{
    // Inputs: data, then ratio and training_mode (opset 12+). Output 1 is the optional mask.
    if (!arity(1, 3))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    return setOutput(0, x->type, x->dims, x->intValues) && setOutput(1, ElementType::Bool, x->dims);
}

bool Inferrer::inferSoftmax()
{
    const Tensor* x = nullptr;
    if (!arity(1, 1) || !shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    std::int64_t axis = 0;
    if (!readInt("axis", m_g.opsetVersion >= 13 ? -1 : 1, axis))
        return false;
    std::int64_t normalised = 0;
    if (rank > 0 && !normaliseAxis(axis, rank, normalised))
        return false;
    return setOutput(0, x->type, x->dims);
}

bool Inferrer::inferLrn()
{
    const Tensor* x = nullptr;
    if (!arity(1, 1) || !shaped(0, x))
        return false;
    std::int64_t size = 0;
    if (!readInt("size", 0, size))
        return false;
    if (size <= 0)
        return fail("attribute 'size' must be positive, is " + std::to_string(size));
    if (!rankAtLeast(*x, 2, "input"))
        return false;
    return setOutput(0, x->type, x->dims);
}

bool Inferrer::inferCast()
{
    const Tensor* x = nullptr;
    if (!arity(1, 1) || !shaped(0, x))
        return false;
    std::int64_t to = 0;
    if (!readInt("to", -1, to))
        return false;
    if (to < 1 || to > static_cast<std::int64_t>(ElementType::BFloat16))
        return fail("attribute 'to' has an unknown element type " + std::to_string(to));
    const auto type = static_cast<ElementType>(to);
    return setOutput(0, type, x->dims, isIntegerElementType(type) ? x->intValues : IntValues{});
}

bool Inferrer::inferConstant()
{
    if (!arity(0, 0))
        return false;
    const auto& attrs = m_node->attributes;
    if (attrs.empty())
        return fail("has no value attribute");
    if (attrs.size() > 1)
        return fail("must have exactly one value attribute, has " + std::to_string(attrs.size()));
    const auto& [name, a] = *attrs.begin();
    if ((name == "value" || name == "sparse_value") && a.type == Attribute::Type::Tensor) {
        for (std::int64_t d : a.tensorDims) {
            if (d < 0)
                return fail("value has a negative dimension " + dimsText(a.tensorDims));
        }
        return setOutput(0, a.tensorType, a.tensorDims, a.tensorInts);
    }
    if (name == "value_float" && a.type == Attribute::Type::Float)
        return setOutput(0, ElementType::Float, {});
    if (name == "value_floats" && a.type == Attribute::Type::Floats)
        return setOutput(0, ElementType::Float, {static_cast<std::int64_t>(a.floats.size())});
    if (name == "value_int" && a.type == Attribute::Type::Int)
        return setOutput(0, ElementType::Int64, {}, std::vector<std::int64_t>{a.i});
    if (name == "value_ints" && a.type == Attribute::Type::Ints)
        return setOutput(0, ElementType::Int64, {static_cast<std::int64_t>(a.ints.size())}, a.ints);
    if (name == "value_string" && a.type == Attribute::Type::String)
        return setOutput(0, ElementType::String, {});
    return fail("unsupported value attribute '" + name + "'");
}

bool Inferrer::inferConstantOfShape()
{
    if (!arity(1, 1))
        return false;
    std::vector<std::int64_t> shape;
    if (!constInts(0, "shape", shape))
        return false;
    for (std::int64_t d : shape) {
        if (d < 0)
            return fail("shape " + listText(shape) + " has a negative dimension");
    }
    ElementType type = ElementType::Float;
    IntValues values;
    if (const Attribute* a = m_node->attribute("value"); a && a->type == Attribute::Type::Tensor) {
        type = a->tensorType;
        if (a->tensorInts && a->tensorInts->size() == 1) {
            const std::optional<std::int64_t> count = checkedProduct(shape);
            if (count && *count <= kMaxFoldedValues)
                values = std::vector<std::int64_t>(toIndex(*count), a->tensorInts->front());
        }
    }
    return setOutput(0, type, shape, std::move(values));
}

// ------------------------------------------------------------------------------------------
// Weight layers

bool Inferrer::readWindow(std::size_t spatial, const Dims* weightKernel, Window& w,
                          bool allowDilations)
{
    std::optional<std::vector<std::int64_t>> kernel, strides, dilations, pads;
    if (!readInts("kernel_shape", kernel) || !readInts("strides", strides) ||
        !readInts("dilations", dilations) || !readInts("pads", pads) ||
        !readString("auto_pad", "NOTSET", w.autoPad))
        return false;
    if (weightKernel) {
        if (kernel && *kernel != *weightKernel)
            return fail("attribute kernel_shape " + listText(*kernel) +
                        " does not match the weight's kernel " + listText(*weightKernel));
        w.kernel = *weightKernel;
    } else {
        if (!kernel)
            return fail("attribute 'kernel_shape' is required");
        w.kernel = *kernel;
    }
    if (w.kernel.size() != spatial)
        return fail("kernel_shape " + listText(w.kernel) + " has " +
                    std::to_string(w.kernel.size()) + " entries, the input has " +
                    std::to_string(spatial) + " spatial dimension(s)");
    w.strides = strides.value_or(std::vector<std::int64_t>(spatial, 1));
    w.dilations = dilations.value_or(std::vector<std::int64_t>(spatial, 1));
    w.pads = pads.value_or(std::vector<std::int64_t>(2 * spatial, 0));
    if (w.strides.size() != spatial)
        return fail("attribute strides " + listText(w.strides) + " must have " +
                    std::to_string(spatial) + " entries");
    if (w.dilations.size() != spatial)
        return fail("attribute dilations " + listText(w.dilations) + " must have " +
                    std::to_string(spatial) + " entries");
    if (w.pads.size() != 2 * spatial)
        return fail("attribute pads " + listText(w.pads) + " must have " +
                    std::to_string(2 * spatial) + " entries (begin and end per spatial axis)");
    for (std::size_t i = 0; i < spatial; ++i) {
        if (w.kernel[i] <= 0)
            return fail("kernel size " + std::to_string(w.kernel[i]) + " must be positive");
        if (w.strides[i] <= 0)
            return fail("stride " + std::to_string(w.strides[i]) + " must be positive");
        if (w.dilations[i] <= 0)
            return fail("dilation " + std::to_string(w.dilations[i]) + " must be positive");
        if (!allowDilations && w.dilations[i] != 1)
            return fail("dilations are not supported by this operator");
    }
    for (std::int64_t p : w.pads) {
        if (p < 0)
            return fail("pad " + std::to_string(p) + " must not be negative");
    }
    if (w.autoPad != "NOTSET" && w.autoPad != "VALID" && w.autoPad != "SAME_UPPER" &&
        w.autoPad != "SAME_LOWER")
        return fail("unknown auto_pad value '" + w.autoPad + "'");
    return true;
}

bool Inferrer::windowOutput(std::int64_t inSize, std::size_t axis, const Window& w, bool ceilMode,
                            std::int64_t& out)
{
    const std::size_t spatial = w.kernel.size();
    const std::int64_t stride = w.strides[axis];
    // (k - 1) * d + 1, checked: both come from the file.
    const std::optional<std::int64_t> span = checkedMul(w.kernel[axis] - 1, w.dilations[axis]);
    if (!span || *span == std::numeric_limits<std::int64_t>::max())
        return fail("kernel extent overflows int64");
    const std::int64_t effKernel = *span + 1;
    if (w.autoPad == "SAME_UPPER" || w.autoPad == "SAME_LOWER") {
        out = ceilDiv(inSize, stride);
        return true;
    }
    std::int64_t padBegin = 0;
    std::int64_t padEnd = 0;
    if (w.autoPad == "NOTSET") {
        padBegin = w.pads[axis];
        padEnd = w.pads[axis + spatial];
    }
    std::optional<std::int64_t> padded = checkedAdd(inSize, padBegin);
    if (padded)
        padded = checkedAdd(*padded, padEnd);
    if (!padded)
        return fail("padded input size overflows int64");
    if (*padded < effKernel)
        return fail("kernel extent " + std::to_string(effKernel) + " on spatial axis " +
                    std::to_string(axis) + " is larger than the padded input size " +
                    std::to_string(*padded));
    const std::int64_t span2 = *padded - effKernel;
    out = (ceilMode ? ceilDiv(span2, stride) : span2 / stride) + 1;
    // The last window must start inside the input or its begin padding (PyTorch and ONNX
    // 1.15+ agree on this; it only matters with ceil_mode).
    if (ceilMode && (out - 1) * stride >= inSize + padBegin)
        --out;
    return true;
}

bool Inferrer::convOperands(const Tensor*& x, const Tensor*& w, std::int64_t& group)
{
    if (!arity(2, 3))
        return false;
    if (!shaped(0, x, true) || !shaped(1, w))
        return false;
    if (!rankAtLeast(*x, 3, "input") || !rankAtLeast(*w, 3, "weight"))
        return false;
    if (w->dims.size() != x->dims.size())
        return fail("weight '" + w->name + "' shape " + dimsText(w->dims) + " and input shape " +
                    dimsText(x->dims) + " differ in rank");
    group = 1;
    if (!readInt("group", 1, group))
        return false;
    if (group <= 0)
        return fail("attribute group " + std::to_string(group) + " must be positive");
    return true;
}

bool Inferrer::inferConv()
{
    const Tensor* x = nullptr;
    const Tensor* w = nullptr;
    std::int64_t group = 1;
    if (!convOperands(x, w, group))
        return false;
    const std::size_t spatial = x->dims.size() - 2;
    const std::int64_t n = x->dims[0];
    const std::int64_t c = x->dims[1];
    const std::int64_t m = w->dims[0];
    const std::int64_t cPerGroup = w->dims[1];
    if (m <= 0 || cPerGroup <= 0)
        return fail("weight '" + w->name + "' has an empty shape " + dimsText(w->dims));
    if (c % group != 0)
        return fail("group " + std::to_string(group) + " does not divide the " + std::to_string(c) +
                    " input channels");
    if (m % group != 0)
        return fail("group " + std::to_string(group) + " does not divide the " + std::to_string(m) +
                    " output channels");
    if (c / group != cPerGroup)
        return fail("channel mismatch: input '" + x->name + "' " + dimsText(x->dims) + " has " +
                    std::to_string(c) + " channels, weight '" + w->name + "' " + dimsText(w->dims) +
                    " expects " + std::to_string(cPerGroup) + " x group " + std::to_string(group));
    const Dims kernel(w->dims.begin() + 2, w->dims.end());
    Window win;
    if (!readWindow(spatial, &kernel, win, true))
        return false;
    if (hasInput(2)) {
        const Tensor* b = nullptr;
        if (!shaped(2, b))
            return false;
        if (b->dims.size() != 1 || b->dims[0] != m)
            return fail("bias '" + b->name + "' shape " + dimsText(b->dims) + " must be [" +
                        std::to_string(m) + "]");
    }
    Dims outDims{n, m};
    for (std::size_t i = 0; i < spatial; ++i) {
        std::int64_t o = 0;
        if (!windowOutput(x->dims[i + 2], i, win, false, o))
            return false;
        outDims.push_back(o);
    }
    if (!setOutput(0, x->type, outDims))
        return false;
    if (x->isConstant)
        return true; // folded
    if (!w->isConstant) {
        warn("weight '" + w->name + "' is not a constant; the layer is not mapped to crossbars");
        return true;
    }
    const std::optional<std::int64_t> kernelArea = checkedProduct(kernel);
    const std::optional<std::int64_t> positions = checkedProduct(outDims, 2, outDims.size());
    const std::optional<std::int64_t> rows =
        kernelArea ? checkedMul(*kernelArea, cPerGroup) : std::nullopt;
    const std::optional<std::int64_t> vectors =
        positions ? checkedMul(*positions, perInference(n)) : std::nullopt;
    if (!rows || !vectors)
        return fail("weight matrix size overflows int64");
    WeightMatrix wm;
    wm.rows = *rows;
    wm.cols = m / group;
    wm.groups = group;
    wm.kernelH = spatial >= 2 ? kernel[spatial - 2] : 1;
    wm.kernelW = kernel[spatial - 1];
    wm.inChannels = c;
    wm.outChannels = m;
    wm.vectorsPerInference = *vectors;
    wm.weight = m_node->inputs[1];
    wm.hasBias = hasInput(2);
    return setWeights(wm);
}

bool Inferrer::inferConvTranspose()
{
    const Tensor* x = nullptr;
    const Tensor* w = nullptr;
    std::int64_t group = 1;
    if (!convOperands(x, w, group))
        return false;
    const std::size_t spatial = x->dims.size() - 2;
    const std::int64_t n = x->dims[0];
    const std::int64_t c = x->dims[1];
    // ConvTranspose weights are [C, M / group, k...].
    if (w->dims[0] != c)
        return fail("channel mismatch: input '" + x->name + "' has " + std::to_string(c) +
                    " channels, weight '" + w->name + "' " + dimsText(w->dims) + " expects " +
                    std::to_string(w->dims[0]));
    if (c % group != 0)
        return fail("group " + std::to_string(group) + " does not divide the " + std::to_string(c) +
                    " input channels");
    if (w->dims[1] <= 0)
        return fail("weight '" + w->name + "' has an empty shape " + dimsText(w->dims));
    const std::optional<std::int64_t> mOpt = checkedMul(w->dims[1], group);
    if (!mOpt)
        return fail("output channel count overflows int64");
    const std::int64_t m = *mOpt;
    const Dims kernel(w->dims.begin() + 2, w->dims.end());
    Window win;
    if (!readWindow(spatial, &kernel, win, true))
        return false;
    std::optional<std::vector<std::int64_t>> outputPadding, outputShape;
    if (!readInts("output_padding", outputPadding) || !readInts("output_shape", outputShape))
        return false;
    const std::vector<std::int64_t> outPad =
        outputPadding.value_or(std::vector<std::int64_t>(spatial, 0));
    if (outPad.size() != spatial)
        return fail("attribute output_padding " + listText(outPad) + " must have " +
                    std::to_string(spatial) + " entries");
    if (outputShape && outputShape->size() != spatial)
        return fail("attribute output_shape " + listText(*outputShape) + " must have " +
                    std::to_string(spatial) + " entries");
    if (hasInput(2)) {
        const Tensor* b = nullptr;
        if (!shaped(2, b))
            return false;
        if (b->dims.size() != 1 || b->dims[0] != m)
            return fail("bias '" + b->name + "' shape " + dimsText(b->dims) + " must be [" +
                        std::to_string(m) + "]");
    }
    Dims outDims{n, m};
    for (std::size_t i = 0; i < spatial; ++i) {
        std::int64_t o = 0;
        if (outputShape) {
            o = (*outputShape)[i];
        } else if (win.autoPad == "SAME_UPPER" || win.autoPad == "SAME_LOWER") {
            const std::optional<std::int64_t> v = checkedMul(x->dims[i + 2], win.strides[i]);
            if (!v)
                return fail("output size overflows int64");
            o = *v;
        } else {
            // s * (in - 1) + output_padding + (k - 1) * d + 1 - pads
            std::optional<std::int64_t> v = checkedMul(win.strides[i], x->dims[i + 2] - 1);
            const std::optional<std::int64_t> span = checkedMul(kernel[i] - 1, win.dilations[i]);
            if (v && span)
                v = checkedAdd(*v, *span);
            if (v)
                v = checkedAdd(*v, 1);
            if (v)
                v = checkedAdd(*v, outPad[i]);
            if (v && win.autoPad == "NOTSET")
                v = checkedSub(*v, win.pads[i]);
            if (v && win.autoPad == "NOTSET")
                v = checkedSub(*v, win.pads[i + spatial]);
            if (!v)
                return fail("output size overflows int64");
            o = *v;
        }
        if (o <= 0)
            return fail("output size " + std::to_string(o) + " on spatial axis " +
                        std::to_string(i) + " is not positive");
        outDims.push_back(o);
    }
    if (!setOutput(0, x->type, outDims))
        return false;
    if (x->isConstant)
        return true;
    if (!w->isConstant) {
        warn("weight '" + w->name + "' is not a constant; the layer is not mapped to crossbars");
        return true;
    }
    // Mapped as the equivalent direct convolution over the zero-inserted input: rows =
    // k * Cin / g, one vector per output position (MACs include the inserted zeros).
    const std::optional<std::int64_t> kernelArea = checkedProduct(kernel);
    const std::optional<std::int64_t> positions = checkedProduct(outDims, 2, outDims.size());
    const std::optional<std::int64_t> rows =
        kernelArea ? checkedMul(*kernelArea, c / group) : std::nullopt;
    const std::optional<std::int64_t> vectors =
        positions ? checkedMul(*positions, perInference(n)) : std::nullopt;
    if (!rows || !vectors)
        return fail("weight matrix size overflows int64");
    WeightMatrix wm;
    wm.rows = *rows;
    wm.cols = m / group;
    wm.groups = group;
    wm.kernelH = spatial >= 2 ? kernel[spatial - 2] : 1;
    wm.kernelW = kernel[spatial - 1];
    wm.inChannels = c;
    wm.outChannels = m;
    wm.vectorsPerInference = *vectors;
    wm.weight = m_node->inputs[1];
    wm.hasBias = hasInput(2);
    return setWeights(wm);
}

/// Multidirectional (numpy) broadcasting of two shapes; false when incompatible.
bool broadcastShapes(const Dims& a, const Dims& b, Dims& out)
{
    const std::size_t rank = std::max(a.size(), b.size());
    out.assign(rank, 1);
    for (std::size_t i = 0; i < rank; ++i) {
        const std::int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        const std::int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        if (da == db || db == 1)
            out[i] = da;
        else if (da == 1)
            out[i] = db;
        else
            return false;
    }
    return true;
}

bool Inferrer::inferGemm()
{
    if (!arity(2, 3))
        return false;
    const Tensor* a = nullptr;
    const Tensor* b = nullptr;
    if (!shaped(0, a, true) || !shaped(1, b))
        return false;
    if (a->dims.size() != 2 || b->dims.size() != 2)
        return fail("inputs must be matrices, got " + dimsText(a->dims) + " and " +
                    dimsText(b->dims));
    std::int64_t transA = 0;
    std::int64_t transB = 0;
    if (!readInt("transA", 0, transA) || !readInt("transB", 0, transB))
        return false;
    const std::int64_t m = transA ? a->dims[1] : a->dims[0];
    const std::int64_t k = transA ? a->dims[0] : a->dims[1];
    const std::int64_t kb = transB ? b->dims[1] : b->dims[0];
    const std::int64_t n = transB ? b->dims[0] : b->dims[1];
    if (k != kb)
        return fail("inner dimension mismatch: A '" + a->name + "' " + dimsText(a->dims) +
                    (transA ? " (transposed)" : "") + " has K = " + std::to_string(k) + ", B '" +
                    b->name + "' " + dimsText(b->dims) + (transB ? " (transposed)" : "") +
                    " has K = " + std::to_string(kb));
    if (n <= 0)
        return fail("B '" + b->name + "' has an empty shape " + dimsText(b->dims));
    const Dims outDims{m, n};
    if (hasInput(2)) {
        const Tensor* c = nullptr;
        if (!shaped(2, c))
            return false;
        Dims merged;
        if (c->dims.size() > 2 || !broadcastShapes(outDims, c->dims, merged) || merged != outDims)
            return fail("C '" + c->name + "' " + dimsText(c->dims) +
                        " does not broadcast to the output " + dimsText(outDims));
    }
    if (!setOutput(0, a->type, outDims))
        return false;
    if (a->isConstant)
        return true;
    if (!b->isConstant) {
        warn("B '" + b->name + "' is not a constant; the layer is not mapped to crossbars");
        return true;
    }
    WeightMatrix wm;
    wm.rows = k;
    wm.cols = n;
    wm.groups = 1;
    wm.inChannels = k;
    wm.outChannels = n;
    wm.vectorsPerInference = perInference(m);
    wm.weight = m_node->inputs[1];
    wm.hasBias = hasInput(2);
    return setWeights(wm);
}

bool Inferrer::inferMatMul()
{
    if (!arity(2, 2))
        return false;
    const Tensor* a = nullptr;
    const Tensor* b = nullptr;
    if (!shaped(0, a) || !shaped(1, b))
        return false;
    if (a->dims.empty() || b->dims.empty())
        return fail("inputs must not be scalars, got " + dimsText(a->dims) + " and " +
                    dimsText(b->dims));
    // numpy matmul: 1-D operands get a dim added, then removed from the result.
    Dims da = a->dims;
    Dims db = b->dims;
    const bool aVector = da.size() == 1;
    const bool bVector = db.size() == 1;
    if (aVector)
        da.insert(da.begin(), 1);
    if (bVector)
        db.push_back(1);
    const std::int64_t m = da[da.size() - 2];
    const std::int64_t k = da.back();
    const std::int64_t kb = db[db.size() - 2];
    const std::int64_t n = db.back();
    if (k != kb)
        return fail("inner dimension mismatch: A '" + a->name + "' " + dimsText(a->dims) +
                    " has K = " + std::to_string(k) + ", B '" + b->name + "' " + dimsText(b->dims) +
                    " has K = " + std::to_string(kb));
    const Dims batchA(da.begin(), da.end() - 2);
    const Dims batchB(db.begin(), db.end() - 2);
    Dims outDims;
    if (!broadcastShapes(batchA, batchB, outDims))
        return fail("batch dimensions of " + dimsText(a->dims) + " and " + dimsText(b->dims) +
                    " do not broadcast");
    if (!aVector)
        outDims.push_back(m);
    if (!bVector)
        outDims.push_back(n);
    if (!setOutput(0, a->type, outDims))
        return false;
    if (a->isConstant || !b->isConstant)
        return true; // folded, or activation x activation: not a crossbar layer
    if (k <= 0 || n <= 0)
        return fail("B '" + b->name + "' has an empty shape " + dimsText(b->dims));
    // B = [G..., K, N] holds G block matrices; every output row except the last dim is
    // one input vector.
    const std::optional<std::int64_t> groups = checkedProduct(batchB);
    const std::optional<std::int64_t> leading =
        checkedProduct(outDims, 0, outDims.size() - (bVector ? 0 : 1));
    if (!groups || !leading || *groups <= 0)
        return fail("weight matrix size overflows int64");
    WeightMatrix wm;
    wm.rows = k;
    wm.cols = n;
    wm.groups = *groups;
    wm.inChannels = k;
    wm.outChannels = n;
    wm.vectorsPerInference = perInference(*leading / *groups);
    wm.weight = m_node->inputs[1];
    return setWeights(wm);
}

bool Inferrer::inferBatchNorm()
{
    if (!arity(5, 5))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x) || !rankAtLeast(*x, 2, "input"))
        return false;
    const std::int64_t c = x->dims[1];
    for (std::size_t i = 1; i < 5; ++i) {
        const Tensor* p = nullptr;
        if (!shaped(i, p))
            return false;
        if (p->dims.size() != 1 || p->dims[0] != c)
            return fail("parameter '" + p->name + "' shape " + dimsText(p->dims) + " must be [" +
                        std::to_string(c) + "] for the " + std::to_string(c) +
                        " channels of input " + dimsText(x->dims));
    }
    if (!setOutput(0, x->type, x->dims))
        return false;
    // Training-mode outputs (running/saved mean and variance) are per channel.
    for (std::size_t i = 1; i < m_node->outputs.size(); ++i) {
        if (!setOutput(i, x->type, {c}))
            return false;
    }
    return true;
}

// ------------------------------------------------------------------------------------------
// Pooling

bool Inferrer::inferPool()
{
    if (!arity(1, 1))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x, true) || !rankAtLeast(*x, 3, "input"))
        return false;
    const std::size_t spatial = x->dims.size() - 2;
    Window win;
    if (!readWindow(spatial, nullptr, win, m_node->kind == OpKind::MaxPool))
        return false;
    std::int64_t ceilMode = 0;
    if (!readInt("ceil_mode", 0, ceilMode))
        return false;
    Dims outDims{x->dims[0], x->dims[1]};
    for (std::size_t i = 0; i < spatial; ++i) {
        std::int64_t o = 0;
        if (!windowOutput(x->dims[i + 2], i, win, ceilMode != 0, o))
            return false;
        outDims.push_back(o);
    }
    return setOutput(0, x->type, outDims) && setOutput(1, ElementType::Int64, outDims);
}

bool Inferrer::inferGlobalPool()
{
    if (!arity(1, 1))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x, true) || !rankAtLeast(*x, 3, "input"))
        return false;
    Dims outDims = x->dims;
    std::fill(outDims.begin() + 2, outDims.end(), std::int64_t{1});
    return setOutput(0, x->type, outDims);
}

// ------------------------------------------------------------------------------------------
// Element-wise arithmetic

bool Inferrer::inferBinary()
{
    if (!arity(2, 2))
        return false;
    const Tensor* a = nullptr;
    const Tensor* b = nullptr;
    if (!shaped(0, a) || !shaped(1, b))
        return false;
    Dims outDims;
    if (!broadcastShapes(a->dims, b->dims, outDims))
        return fail("shapes " + dimsText(a->dims) + " of '" + a->name + "' and " +
                    dimsText(b->dims) + " of '" + b->name + "' do not broadcast");
    IntValues values;
    const std::optional<std::int64_t> count = checkedProduct(outDims);
    if (a->intValues && b->intValues && count && *count <= kMaxFoldedValues) {
        // Evaluate small integer arithmetic (shape computations) with broadcasting.
        std::vector<std::int64_t> result(toIndex(*count));
        const std::size_t rank = outDims.size();
        auto sourceIndex = [&](const Dims& dims, std::int64_t linear) {
            std::int64_t index = 0;
            std::int64_t stride = 1;
            for (std::size_t i = rank; i-- > 0;) {
                const std::int64_t coord = linear % outDims[i];
                linear /= outDims[i];
                const std::size_t offset = rank - dims.size();
                if (i >= offset) {
                    const std::int64_t d = dims[i - offset];
                    index += (d == 1 ? 0 : coord) * stride;
                    stride *= d;
                }
            }
            return toIndex(index);
        };
        bool ok = true;
        for (std::int64_t i = 0; i < *count && ok; ++i) {
            const std::int64_t x = (*a->intValues)[sourceIndex(a->dims, i)];
            const std::int64_t y = (*b->intValues)[sourceIndex(b->dims, i)];
            std::optional<std::int64_t> r;
            switch (m_node->kind) {
            case OpKind::Add:
                r = checkedAdd(x, y);
                break;
            case OpKind::Sub:
                r = checkedSub(x, y);
                break;
            case OpKind::Mul:
                r = checkedMul(x, y);
                break;
            default:
                if (y == 0)
                    return fail("integer division by zero in constant '" + b->name + "'");
                if (!(x == std::numeric_limits<std::int64_t>::min() && y == -1))
                    r = x / y;
                break;
            }
            ok = r.has_value();
            if (ok)
                result[toIndex(i)] = *r;
        }
        if (ok)
            values = std::move(result);
    }
    return setOutput(0, a->type, outDims, std::move(values));
}

// ------------------------------------------------------------------------------------------
// Data movement and shapes

bool Inferrer::inferConcat()
{
    if (m_node->inputs.empty())
        return fail("has no inputs");
    for (std::size_t i = 0; i < m_node->inputs.size(); ++i) {
        if (!hasInput(i))
            return fail("input " + std::to_string(i) + " is missing");
    }
    const Tensor* first = nullptr;
    if (!shaped(0, first))
        return false;
    const std::int64_t rank = rankOf(first->dims);
    if (rank == 0)
        return fail("cannot concatenate scalars");
    std::int64_t axisAttr = 0;
    if (!m_node->attribute("axis"))
        return fail("attribute 'axis' is required");
    std::int64_t axis = 0;
    if (!readInt("axis", 0, axisAttr) || !normaliseAxis(axisAttr, rank, axis))
        return false;
    Dims outDims = first->dims;
    outDims[toIndex(axis)] = 0;
    bool allValues = rank == 1;
    std::vector<std::int64_t> values;
    for (std::size_t i = 0; i < m_node->inputs.size(); ++i) {
        const Tensor* t = nullptr;
        if (!shaped(i, t))
            return false;
        if (rankOf(t->dims) != rank)
            return fail("input '" + t->name + "' " + dimsText(t->dims) + " has rank " +
                        std::to_string(t->dims.size()) + ", input '" + first->name + "' " +
                        dimsText(first->dims) + " has rank " + std::to_string(rank));
        for (std::int64_t d = 0; d < rank; ++d) {
            if (d != axis && t->dims[toIndex(d)] != first->dims[toIndex(d)])
                return fail("input '" + t->name + "' " + dimsText(t->dims) + " does not match '" +
                            first->name + "' " + dimsText(first->dims) +
                            " outside the concatenation axis " + std::to_string(axis));
        }
        const std::optional<std::int64_t> sum =
            checkedAdd(outDims[toIndex(axis)], t->dims[toIndex(axis)]);
        if (!sum)
            return fail("concatenated size overflows int64");
        outDims[toIndex(axis)] = *sum;
        if (allValues && t->intValues)
            values.insert(values.end(), t->intValues->begin(), t->intValues->end());
        else
            allValues = false;
    }
    return setOutput(0, first->type, outDims, allValues ? IntValues(values) : IntValues{});
}

bool Inferrer::inferFlatten()
{
    const Tensor* x = nullptr;
    if (!arity(1, 1) || !shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    std::int64_t axis = 1;
    if (!readInt("axis", 1, axis))
        return false;
    if (axis < -rank || axis > rank)
        return fail("axis " + std::to_string(axis) + " is out of range for rank " +
                    std::to_string(rank));
    if (axis < 0)
        axis += rank;
    const std::optional<std::int64_t> outer = checkedProduct(x->dims, 0, toIndex(axis));
    const std::optional<std::int64_t> inner =
        checkedProduct(x->dims, toIndex(axis), x->dims.size());
    if (!outer || !inner)
        return fail("element count overflows int64");
    return setOutput(0, x->type, {*outer, *inner}, x->intValues);
}

bool Inferrer::inferReshape()
{
    const Tensor* x = nullptr;
    if (!arity(1, 2) || !shaped(0, x))
        return false;
    std::vector<std::int64_t> shape;
    if (hasInput(1)) {
        if (!constInts(1, "shape", shape))
            return false;
        if (in(1).dims.size() != 1)
            return fail("shape input '" + in(1).name + "' must be 1-D, has shape " +
                        dimsText(in(1).dims));
    } else {
        std::optional<std::vector<std::int64_t>> attr; // opset < 5
        if (!readInts("shape", attr))
            return false;
        if (!attr)
            return fail("has no shape input");
        shape = *attr;
    }
    std::int64_t allowZero = 0;
    if (!readInt("allowzero", 0, allowZero))
        return false;
    const std::optional<std::int64_t> count = checkedProduct(x->dims);
    if (!count)
        return fail("input element count overflows int64");
    Dims outDims(shape.size());
    std::optional<std::size_t> inferred;
    std::int64_t known = 1;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        std::int64_t d = shape[i];
        if (d == 0 && allowZero == 0) {
            if (i >= x->dims.size())
                return fail("shape " + listText(shape) + " copies dimension " + std::to_string(i) +
                            " (0) which input " + dimsText(x->dims) + " does not have");
            d = x->dims[i];
        }
        if (d == -1) {
            if (inferred)
                return fail("shape " + listText(shape) + " has more than one -1");
            inferred = i;
            continue;
        }
        if (d < 0)
            return fail("shape " + listText(shape) + " has an invalid dimension " +
                        std::to_string(d));
        const std::optional<std::int64_t> k = checkedMul(known, d);
        if (!k)
            return fail("shape " + listText(shape) + " element count overflows int64");
        known = *k;
        outDims[i] = d;
    }
    if (inferred) {
        if (known == 0 || *count % known != 0)
            return fail("cannot reshape " + dimsText(x->dims) + " (" + std::to_string(*count) +
                        " elements) to " + listText(shape));
        outDims[*inferred] = *count / known;
    } else if (known != *count) {
        return fail("element count mismatch: cannot reshape " + dimsText(x->dims) + " (" +
                    std::to_string(*count) + " elements) to " + dimsText(outDims) + " (" +
                    std::to_string(known) + " elements)");
    }
    return setOutput(0, x->type, outDims, x->intValues);
}

bool Inferrer::inferTranspose()
{
    const Tensor* x = nullptr;
    if (!arity(1, 1) || !shaped(0, x))
        return false;
    const std::size_t rank = x->dims.size();
    std::optional<std::vector<std::int64_t>> permAttr;
    if (!readInts("perm", permAttr))
        return false;
    std::vector<std::int64_t> perm(rank);
    if (permAttr) {
        perm = *permAttr;
    } else {
        for (std::size_t i = 0; i < rank; ++i)
            perm[i] = static_cast<std::int64_t>(rank - 1 - i);
    }
    if (perm.size() != rank)
        return fail("perm " + listText(perm) + " has " + std::to_string(perm.size()) +
                    " entries, input " + dimsText(x->dims) + " has rank " + std::to_string(rank));
    std::vector<bool> seen(rank, false);
    Dims outDims(rank);
    for (std::size_t i = 0; i < rank; ++i) {
        const std::int64_t p = perm[i];
        if (p < 0 || p >= static_cast<std::int64_t>(rank) || seen[toIndex(p)])
            return fail("perm " + listText(perm) + " is not a permutation of 0.." +
                        std::to_string(static_cast<std::int64_t>(rank) - 1));
        seen[toIndex(p)] = true;
        outDims[i] = x->dims[toIndex(p)];
    }
    return setOutput(0, x->type, outDims, rank <= 1 ? x->intValues : IntValues{});
}

bool Inferrer::inferSqueeze()
{
    const Tensor* x = nullptr;
    if (!arity(1, 2) || !shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    std::optional<std::vector<std::int64_t>> axes;
    if (hasInput(1)) { // opset 13+
        std::vector<std::int64_t> v;
        if (!constInts(1, "axes", v))
            return false;
        axes = v;
    } else if (!readInts("axes", axes)) {
        return false;
    }
    std::vector<bool> drop(toIndex(rank), false);
    if (!axes) {
        for (std::int64_t i = 0; i < rank; ++i)
            drop[toIndex(i)] = x->dims[toIndex(i)] == 1;
    } else {
        for (std::int64_t a : *axes) {
            std::int64_t axis = 0;
            if (!normaliseAxis(a, rank, axis))
                return false;
            if (drop[toIndex(axis)])
                return fail("axes " + listText(*axes) + " name axis " + std::to_string(axis) +
                            " twice");
            if (x->dims[toIndex(axis)] != 1)
                return fail("cannot squeeze axis " + std::to_string(axis) + " of size " +
                            std::to_string(x->dims[toIndex(axis)]) + " in " + dimsText(x->dims));
            drop[toIndex(axis)] = true;
        }
    }
    Dims outDims;
    for (std::int64_t i = 0; i < rank; ++i) {
        if (!drop[toIndex(i)])
            outDims.push_back(x->dims[toIndex(i)]);
    }
    return setOutput(0, x->type, outDims, x->intValues);
}

bool Inferrer::inferUnsqueeze()
{
    const Tensor* x = nullptr;
    if (!arity(1, 2) || !shaped(0, x))
        return false;
    std::vector<std::int64_t> axes;
    if (hasInput(1)) { // opset 13+
        if (!constInts(1, "axes", axes))
            return false;
    } else {
        std::optional<std::vector<std::int64_t>> attr;
        if (!readInts("axes", attr))
            return false;
        if (!attr)
            return fail("has neither an 'axes' attribute nor an axes input");
        axes = *attr;
    }
    if (axes.size() > 64)
        return fail("too many axes (" + std::to_string(axes.size()) + ")");
    const std::int64_t outRank = rankOf(x->dims) + static_cast<std::int64_t>(axes.size());
    std::vector<bool> inserted(toIndex(outRank), false);
    for (std::int64_t a : axes) {
        std::int64_t axis = 0;
        if (!normaliseAxis(a, outRank, axis))
            return false;
        if (inserted[toIndex(axis)])
            return fail("axes " + listText(axes) + " name axis " + std::to_string(axis) + " twice");
        inserted[toIndex(axis)] = true;
    }
    Dims outDims;
    std::size_t next = 0;
    for (std::int64_t i = 0; i < outRank; ++i)
        outDims.push_back(inserted[toIndex(i)] ? 1 : x->dims[next++]);
    return setOutput(0, x->type, outDims, x->intValues);
}

bool Inferrer::inferPad()
{
    const Tensor* x = nullptr;
    if (!arity(1, 4) || !shaped(0, x))
        return false;
    const std::size_t rank = x->dims.size();
    std::vector<std::int64_t> pads;
    if (hasInput(1)) { // opset 11+
        if (!constInts(1, "pads", pads))
            return false;
    } else {
        std::optional<std::vector<std::int64_t>> attr;
        if (!readInts("pads", attr))
            return false;
        if (!attr && !readInts("paddings", attr)) // opset 1
            return false;
        if (!attr)
            return fail("has no pads");
        pads = *attr;
    }
    std::string mode;
    if (!readString("mode", "constant", mode))
        return false;
    if (mode != "constant" && mode != "reflect" && mode != "edge" && mode != "wrap")
        return fail("unknown mode '" + mode + "'");
    // Opset 18 adds an axes input naming the padded axes; default is every axis.
    std::vector<std::int64_t> axes(rank);
    std::iota(axes.begin(), axes.end(), std::int64_t{0});
    if (hasInput(3)) {
        std::vector<std::int64_t> raw;
        if (!constInts(3, "axes", raw))
            return false;
        axes.clear();
        for (std::int64_t a : raw) {
            std::int64_t axis = 0;
            if (!normaliseAxis(a, static_cast<std::int64_t>(rank), axis))
                return false;
            axes.push_back(axis);
        }
    }
    if (pads.size() != 2 * axes.size())
        return fail("pads " + listText(pads) + " must have " + std::to_string(2 * axes.size()) +
                    " entries for input " + dimsText(x->dims));
    Dims outDims = x->dims;
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const std::size_t axis = toIndex(axes[i]);
        std::optional<std::int64_t> d = checkedAdd(outDims[axis], pads[i]);
        if (d)
            d = checkedAdd(*d, pads[i + axes.size()]);
        if (!d)
            return fail("padded size overflows int64");
        if (*d <= 0)
            return fail("pads " + listText(pads) + " leave nothing of axis " +
                        std::to_string(axis) + " of " + dimsText(x->dims));
        outDims[axis] = *d;
    }
    return setOutput(0, x->type, outDims);
}

bool Inferrer::inferShape()
{
    const Tensor* x = nullptr;
    if (!arity(1, 1) || !shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    std::int64_t start = 0;
    std::int64_t end = rank;
    if (!readInt("start", 0, start) || !readInt("end", rank, end))
        return false;
    // Opset 15 start/end are clamped like Slice.
    auto clampIndex = [rank](std::int64_t v) {
        if (v < 0)
            v = v < -rank ? 0 : v + rank;
        return std::min(v, rank);
    };
    start = clampIndex(start);
    end = std::max(clampIndex(end), start);
    std::vector<std::int64_t> values(x->dims.begin() + start, x->dims.begin() + end);
    return setOutput(0, ElementType::Int64, {end - start}, values);
}

bool Inferrer::inferGather()
{
    if (!arity(2, 2))
        return false;
    const Tensor* data = nullptr;
    const Tensor* indices = nullptr;
    if (!shaped(0, data) || !shaped(1, indices))
        return false;
    const std::int64_t rank = rankOf(data->dims);
    if (rank == 0)
        return fail("data '" + data->name + "' must not be a scalar");
    std::int64_t axisAttr = 0;
    std::int64_t axis = 0;
    if (!readInt("axis", 0, axisAttr) || !normaliseAxis(axisAttr, rank, axis))
        return false;
    const std::int64_t size = data->dims[toIndex(axis)];
    if (indices->intValues) {
        for (std::int64_t idx : *indices->intValues) {
            if (idx < -size || idx >= size)
                return fail("index " + std::to_string(idx) + " is out of range for axis " +
                            std::to_string(axis) + " of size " + std::to_string(size));
        }
    }
    Dims outDims(data->dims.begin(), data->dims.begin() + axis);
    outDims.insert(outDims.end(), indices->dims.begin(), indices->dims.end());
    outDims.insert(outDims.end(), data->dims.begin() + axis + 1, data->dims.end());
    IntValues values;
    if (rank == 1 && data->intValues && indices->intValues) {
        std::vector<std::int64_t> v;
        for (std::int64_t idx : *indices->intValues)
            v.push_back((*data->intValues)[toIndex(idx < 0 ? idx + size : idx)]);
        values = std::move(v);
    }
    return setOutput(0, data->type, outDims, std::move(values));
}

bool Inferrer::inferSlice()
{
    const Tensor* x = nullptr;
    if (!arity(1, 5) || !shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    std::vector<std::int64_t> starts, ends, axes, steps;
    if (hasInput(1) || hasInput(2)) { // opset 10+
        if (!constInts(1, "starts", starts) || !constInts(2, "ends", ends))
            return false;
        if (hasInput(3) && !constInts(3, "axes", axes))
            return false;
        if (hasInput(4) && !constInts(4, "steps", steps))
            return false;
    } else {
        std::optional<std::vector<std::int64_t>> s, e, a;
        if (!readInts("starts", s) || !readInts("ends", e) || !readInts("axes", a))
            return false;
        if (!s || !e)
            return fail("has no starts/ends");
        starts = *s;
        ends = *e;
        if (a)
            axes = *a;
    }
    if (axes.empty()) {
        axes.resize(starts.size());
        std::iota(axes.begin(), axes.end(), std::int64_t{0});
    }
    if (steps.empty())
        steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size())
        return fail("starts, ends, axes and steps must have the same length");
    Dims outDims = x->dims;
    std::vector<bool> seen(toIndex(rank), false);
    std::int64_t firstStart = 0;
    std::int64_t firstStep = 1;
    for (std::size_t i = 0; i < starts.size(); ++i) {
        std::int64_t axis = 0;
        if (!normaliseAxis(axes[i], rank, axis))
            return false;
        if (seen[toIndex(axis)])
            return fail("axis " + std::to_string(axis) + " is sliced twice");
        seen[toIndex(axis)] = true;
        const std::int64_t dim = x->dims[toIndex(axis)];
        const std::int64_t step = steps[i];
        if (step == 0)
            return fail("step must not be 0");
        auto clampIndex = [dim](std::int64_t v, std::int64_t lo, std::int64_t hi) {
            if (v < 0)
                v = v < -dim ? -1 : v + dim; // -1 sentinel: before the start
            return std::clamp(v, lo, hi);
        };
        std::int64_t s = 0;
        std::int64_t e = 0;
        std::int64_t count = 0;
        if (step > 0) {
            s = clampIndex(starts[i], 0, dim);
            e = clampIndex(ends[i], 0, dim);
            count = e > s ? (e - s - 1) / step + 1 : 0;
        } else {
            s = clampIndex(starts[i], -1, dim - 1);
            e = clampIndex(ends[i], -1, dim - 1);
            const std::int64_t negStep = step == std::numeric_limits<std::int64_t>::min()
                                             ? std::numeric_limits<std::int64_t>::max()
                                             : -step;
            count = s > e ? (s - e - 1) / negStep + 1 : 0;
        }
        outDims[toIndex(axis)] = count;
        if (axis == 0) {
            firstStart = s;
            firstStep = step;
        }
    }
    IntValues values;
    if (rank == 1 && x->intValues) {
        std::vector<std::int64_t> v;
        for (std::int64_t i = 0; i < outDims[0]; ++i)
            v.push_back((*x->intValues)[toIndex(firstStart + i * firstStep)]);
        values = std::move(v);
    }
    return setOutput(0, x->type, outDims, std::move(values));
}

} // namespace

bool inferShapes(Graph& graph, DiagnosticSink& diagnostics, const std::string& file)
{
    try {
        Inferrer inferrer(graph, diagnostics, file);
        return inferrer.run();
    } catch (const std::exception& e) {
        diagnostics.error(std::string("shape inference failed: ") + e.what(), {file, "", "", -1});
    } catch (...) {
        diagnostics.error("shape inference failed", {file, "", "", -1});
    }
    return false;
}

} // namespace compass
