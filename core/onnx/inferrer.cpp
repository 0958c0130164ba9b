// SPDX-License-Identifier: MIT
// The Inferrer's shared helpers: operand checks, attribute readers, output and weight setters.
#include "inferrer.h"

#include "checked_math.h"
#include "core/ir/graph.h"
#include "core/support/diagnostics.h"

namespace compass::onnx_detail {

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

bool Inferrer::setOutput(std::size_t i, ElementType type, Dims dims, IntValues values,
                         FloatValues floats)
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
    if (floats && static_cast<std::int64_t>(floats->size()) != *count)
        floats.reset();
    Tensor& t = m_g.tensor(m_node->outputs[i]);
    t.type = type;
    t.dims = std::move(dims);
    t.hasShape = true;
    t.intValues = std::move(values);
    t.floatValues = std::move(floats);
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

/// Index into a broadcast operand of `dims` of the output element at `linear`.
std::size_t broadcastSource(const Dims& dims, const Dims& outDims, std::int64_t linear)
{
    const std::size_t rank = outDims.size();
    const std::size_t offset = rank - dims.size();
    std::int64_t index = 0;
    std::int64_t stride = 1;
    for (std::size_t i = rank; i-- > 0;) {
        const std::int64_t coord = linear % outDims[i];
        linear /= outDims[i];
        if (i >= offset) {
            const std::int64_t d = dims[i - offset];
            index += (d == 1 ? 0 : coord) * stride;
            stride *= d;
        }
    }
    return toIndex(index);
}

} // namespace compass::onnx_detail
