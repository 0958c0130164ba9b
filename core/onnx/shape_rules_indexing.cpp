// SPDX-License-Identifier: MIT
// Shape rules for indexing and resampling: Gather, Slice, Split, Expand, Tile, Resize and
// Upsample (small integer values flow through them for shape arithmetic).
#include "checked_math.h"
#include "core/ir/graph.h"
#include "inferrer.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace compass::onnx_detail {

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

bool Inferrer::inferScatterND()
{
    // The output is `data` with slices replaced: data's shape and type. Values are not kept
    // (exporters use it for masks, not shapes). indices [..., k] address the first k axes of
    // data; updates are indices' leading dims followed by data's trailing rank - k dims.
    if (!arity(3, 3))
        return false;
    const Tensor* data = nullptr;
    const Tensor* indices = nullptr;
    const Tensor* updates = nullptr;
    if (!shaped(0, data) || !shaped(1, indices) || !shaped(2, updates))
        return false;
    const std::int64_t rank = rankOf(data->dims);
    if (rank == 0 || indices->dims.empty())
        return fail("data '" + data->name + "' and indices '" + indices->name +
                    "' must not be scalars");
    const std::int64_t k = indices->dims.back();
    if (k < 1 || k > rank)
        return fail("indices '" + indices->name + "' address " + std::to_string(k) +
                    " axes of data '" + data->name + "' of rank " + std::to_string(rank));
    Dims expected(indices->dims.begin(), indices->dims.end() - 1);
    expected.insert(expected.end(), data->dims.begin() + k, data->dims.end());
    if (updates->dims != expected)
        return fail("updates '" + updates->name + "' are " + dimsText(updates->dims) +
                    ", the indices and data need " + dimsText(expected));
    return setOutput(0, data->type, data->dims);
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
    std::vector<std::int64_t> first(toIndex(rank), 0); // per axis: first index taken, step
    std::vector<std::int64_t> stride(toIndex(rank), 1);
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
        first[toIndex(axis)] = s;
        stride[toIndex(axis)] = step;
    }
    // Integer values at any rank (pads lists are reversed as [n, 2] matrices).
    IntValues values;
    const std::optional<std::int64_t> outCount = checkedProduct(outDims);
    if (x->intValues && outCount &&
        checkedProduct(x->dims) == static_cast<std::int64_t>(x->intValues->size())) {
        std::vector<std::int64_t> inStride(toIndex(rank), 1);
        for (std::size_t i = toIndex(rank); i-- > 1;)
            inStride[i - 1] = inStride[i] * x->dims[i];
        std::vector<std::int64_t> v(toIndex(*outCount));
        std::vector<std::int64_t> index(toIndex(rank), 0); // output multi-index
        for (std::int64_t& out : v) {
            std::int64_t from = 0;
            for (std::size_t i = 0; i < toIndex(rank); ++i)
                from += (first[i] + index[i] * stride[i]) * inStride[i];
            out = (*x->intValues)[toIndex(from)];
            for (std::size_t i = toIndex(rank); i-- > 0;) {
                if (++index[i] < outDims[i])
                    break;
                index[i] = 0;
            }
        }
        values = std::move(v);
    }
    return setOutput(0, x->type, outDims, std::move(values));
}

bool Inferrer::inferSplit()
{
    if (!arity(1, 2))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    if (rank == 0)
        return fail("input '" + x->name + "' must not be a scalar");
    std::int64_t axisAttr = 0;
    std::int64_t axis = 0;
    if (!readInt("axis", 0, axisAttr) || !normaliseAxis(axisAttr, rank, axis))
        return false;
    const std::int64_t dim = x->dims[toIndex(axis)];
    const std::int64_t parts = static_cast<std::int64_t>(m_node->outputs.size());
    std::optional<std::vector<std::int64_t>> split;
    if (hasInput(1)) { // opset 13+
        std::vector<std::int64_t> v;
        if (!constInts(1, "split", v))
            return false;
        split = v;
    } else if (!readInts("split", split)) {
        return false;
    }
    std::vector<std::int64_t> sizes;
    if (split) {
        if (static_cast<std::int64_t>(split->size()) != parts)
            return fail("split " + listText(*split) + " has " + std::to_string(split->size()) +
                        " entries for " + std::to_string(parts) + " outputs");
        std::int64_t total = 0;
        for (std::int64_t v : *split) {
            const std::optional<std::int64_t> t = checkedAdd(total, v);
            if (v < 0 || !t)
                return fail("split " + listText(*split) + " has an invalid size");
            total = *t;
        }
        if (total != dim)
            return fail("split " + listText(*split) + " sums to " + std::to_string(total) +
                        ", axis " + std::to_string(axis) + " of " + dimsText(x->dims) + " is " +
                        std::to_string(dim));
        sizes = *split;
    } else {
        // Equal parts; from opset 18 the last one may be smaller (num_outputs).
        const std::int64_t part = ceilDiv(dim, parts);
        if (m_g.opsetVersion < 18 && dim % parts != 0)
            return fail("axis " + std::to_string(axis) + " of " + dimsText(x->dims) +
                        " does not split into " + std::to_string(parts) + " equal parts");
        for (std::int64_t i = 0; i < parts; ++i)
            sizes.push_back(std::max<std::int64_t>(0, std::min(part, dim - i * part)));
    }
    std::int64_t offset = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        Dims d = x->dims;
        d[toIndex(axis)] = sizes[i];
        IntValues values;
        if (rank == 1 && x->intValues)
            values = std::vector<std::int64_t>(x->intValues->begin() + offset,
                                               x->intValues->begin() + offset + sizes[i]);
        if (!setOutput(i, x->type, d, std::move(values)))
            return false;
        offset += sizes[i];
    }
    return true;
}

bool Inferrer::inferExpand()
{
    if (!arity(2, 2))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    std::vector<std::int64_t> shape;
    if (!constInts(1, "shape", shape))
        return false;
    for (std::int64_t d : shape) {
        if (d < 0)
            return fail("shape " + listText(shape) + " has a negative dimension");
    }
    // Expand broadcasts both ways: a 1 in `shape` keeps the input's dim.
    Dims outDims;
    if (!broadcastShapes(x->dims, shape, outDims))
        return fail("input " + dimsText(x->dims) + " does not broadcast to shape " +
                    listText(shape));
    IntValues values;
    const std::optional<std::int64_t> count = checkedProduct(outDims);
    if (x->intValues && count && *count <= kMaxFoldedValues) {
        std::vector<std::int64_t> v;
        for (std::int64_t i = 0; i < *count; ++i)
            v.push_back((*x->intValues)[broadcastSource(x->dims, outDims, i)]);
        values = std::move(v);
    }
    return setOutput(0, x->type, outDims, std::move(values));
}

bool Inferrer::inferTile()
{
    if (!arity(2, 2))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    std::vector<std::int64_t> repeats;
    if (!constInts(1, "repeats", repeats))
        return false;
    if (repeats.size() != x->dims.size())
        return fail("repeats " + listText(repeats) + " must have one entry per dim of " +
                    dimsText(x->dims));
    Dims outDims = x->dims;
    for (std::size_t i = 0; i < repeats.size(); ++i) {
        const std::optional<std::int64_t> d = checkedMul(outDims[i], repeats[i]);
        if (repeats[i] < 0 || !d)
            return fail("repeats " + listText(repeats) + " has an invalid entry");
        outDims[i] = *d;
    }
    return setOutput(0, x->type, outDims);
}

bool Inferrer::inferResize()
{
    // Upsample (opset 7-9): X and scales (attribute at opset 7, input at 9). Resize: X, then
    // scales (opset 10) or roi, scales, sizes (opset 11+), any of them empty.
    const bool upsample = m_node->kind == OpKind::Upsample;
    if (!arity(1, upsample ? 2 : 4))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    const std::size_t rank = x->dims.size();
    auto given = [&](std::size_t i) { return hasInput(i) && in(i).elementCount() > 0; };
    const std::size_t scalesInput = upsample || m_g.opsetVersion < 11 ? 1 : 2;
    std::vector<std::int64_t> axes(rank);
    std::iota(axes.begin(), axes.end(), std::int64_t{0});
    if (std::optional<std::vector<std::int64_t>> a; readInts("axes", a) && a) { // opset 18
        axes.clear();
        for (std::int64_t v : *a) {
            std::int64_t axis = 0;
            if (!normaliseAxis(v, static_cast<std::int64_t>(rank), axis))
                return false;
            axes.push_back(axis);
        }
    }
    std::string policy;
    if (!readString("keep_aspect_ratio_policy", "stretch", policy))
        return false;
    if (policy != "stretch")
        return fail("keep_aspect_ratio_policy '" + policy + "' is not supported");
    Dims outDims = x->dims;
    if (!upsample && given(3)) {
        std::vector<std::int64_t> sizes;
        if (!constInts(3, "sizes", sizes))
            return false;
        if (sizes.size() != axes.size())
            return fail("sizes " + listText(sizes) + " must have " + std::to_string(axes.size()) +
                        " entries for input " + dimsText(x->dims));
        for (std::size_t i = 0; i < axes.size(); ++i) {
            if (sizes[i] <= 0)
                return fail("sizes " + listText(sizes) + " must be positive");
            outDims[toIndex(axes[i])] = sizes[i];
        }
        return setOutput(0, x->type, outDims);
    }
    std::vector<double> scales;
    if (given(scalesInput)) {
        const Tensor& s = in(scalesInput);
        if (!s.isConstant || !s.floatValues)
            return fail("scales input '" + s.name +
                        "' is not a constant with values in the file; COMPASS needs it known "
                        "at compile time");
        scales = *s.floatValues;
    } else if (const Attribute* a = m_node->attribute("scales");
               a && a->type == Attribute::Type::Floats) {
        scales = a->floats;
    } else {
        return fail("has neither scales nor sizes");
    }
    if (scales.size() != axes.size())
        return fail("scales has " + std::to_string(scales.size()) + " entries, input " +
                    dimsText(x->dims) + " needs " + std::to_string(axes.size()));
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const double size = static_cast<double>(x->dims[toIndex(axes[i])]) * scales[i];
        if (!(scales[i] > 0.0) || !(size >= 1.0) || size > 1e15)
            return fail("scale " + std::to_string(scales[i]) + " on axis " +
                        std::to_string(axes[i]) + " gives no valid size");
        outDims[toIndex(axes[i])] = static_cast<std::int64_t>(size); // floor, as ONNX does
    }
    return setOutput(0, x->type, outDims);
}

} // namespace compass::onnx_detail
