// SPDX-License-Identifier: MIT
// Shape rules for operators that move or reinterpret data: Concat, Flatten, Reshape,
// Transpose, Squeeze, Unsqueeze and Pad (indexing and resampling: shape_rules_indexing.cpp).
#include "checked_math.h"
#include "core/ir/graph.h"
#include "inferrer.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace compass::onnx_detail {

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
    // Integer values follow the permutation at any rank: exporters build Pad's pads by
    // reshaping a list to [n, 2], reversing it and transposing (swin_t's shifted windows).
    IntValues values;
    if (x->intValues &&
        checkedProduct(x->dims) == static_cast<std::int64_t>(x->intValues->size())) {
        std::vector<std::int64_t> inStride(rank, 1);
        for (std::size_t i = rank; i-- > 1;)
            inStride[i - 1] = inStride[i] * x->dims[i];
        std::vector<std::int64_t> v(x->intValues->size());
        std::vector<std::int64_t> index(rank, 0); // output multi-index
        for (std::int64_t& out : v) {
            std::int64_t from = 0;
            for (std::size_t i = 0; i < rank; ++i)
                from += index[i] * inStride[toIndex(perm[i])];
            out = (*x->intValues)[toIndex(from)];
            for (std::size_t i = rank; i-- > 0;) {
                if (++index[i] < outDims[i])
                    break;
                index[i] = 0;
            }
        }
        values = std::move(v);
    }
    return setOutput(0, x->type, outDims, std::move(values));
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

} // namespace compass::onnx_detail
