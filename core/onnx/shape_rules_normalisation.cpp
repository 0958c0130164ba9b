// SPDX-License-Identifier: MIT
// Shape rules for normalisation and reductions: BatchNormalization, LayerNormalization, LRN,
// Softmax, and ReduceMean/ReduceSum/ReduceMax (ReduceMean over H, W is global pooling).
#include "checked_math.h"
#include "core/ir/graph.h"
#include "inferrer.h"

#include <algorithm>

namespace compass::onnx_detail {

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

bool Inferrer::inferLayerNorm()
{
    // Inputs X, Scale, optional B; outputs Y and the optional Mean and InvStdDev, which keep
    // the leading dims and have size 1 from `axis` on.
    if (!arity(2, 3))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    if (rank == 0)
        return fail("input '" + x->name + "' must not be a scalar");
    std::int64_t axisAttr = -1;
    std::int64_t axis = 0;
    if (!readInt("axis", -1, axisAttr) || !normaliseAxis(axisAttr, rank, axis))
        return false;
    const Dims normalised(x->dims.begin() + axis, x->dims.end());
    for (std::size_t i = 1; i < 3; ++i) {
        if (!hasInput(i))
            continue;
        const Tensor* p = nullptr;
        if (!shaped(i, p))
            return false;
        Dims merged;
        if (!broadcastShapes(normalised, p->dims, merged) || merged != normalised)
            return fail(std::string(i == 1 ? "scale" : "bias") + " '" + p->name + "' " +
                        dimsText(p->dims) + " does not broadcast to the normalised dims " +
                        dimsText(normalised) + " of input " + dimsText(x->dims));
    }
    Dims stats = x->dims;
    std::fill(stats.begin() + axis, stats.end(), std::int64_t{1});
    return setOutput(0, x->type, x->dims) && setOutput(1, ElementType::Float, stats) &&
           setOutput(2, ElementType::Float, stats);
}

bool Inferrer::inferReduce()
{
    if (!arity(1, 2))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    const std::int64_t rank = rankOf(x->dims);
    std::int64_t keepDims = 1;
    std::int64_t noopWithEmptyAxes = 0;
    if (!readInt("keepdims", 1, keepDims) || !readInt("noop_with_empty_axes", 0, noopWithEmptyAxes))
        return false;
    // Axes are an attribute until opset 13 (ReduceSum) or 18 (the others), then an input.
    std::optional<std::vector<std::int64_t>> axes;
    if (hasInput(1)) {
        std::vector<std::int64_t> v;
        if (!constInts(1, "axes", v))
            return false;
        axes = v;
    } else if (!readInts("axes", axes)) {
        return false;
    }
    if ((!axes || axes->empty()) && noopWithEmptyAxes != 0)
        return setOutput(0, x->type, x->dims, x->intValues);
    std::vector<bool> reduced(toIndex(rank), !axes || axes->empty());
    if (axes) {
        for (std::int64_t a : *axes) {
            std::int64_t axis = 0;
            if (!normaliseAxis(a, rank, axis))
                return false;
            if (reduced[toIndex(axis)])
                return fail("axes " + listText(*axes) + " name axis " + std::to_string(axis) +
                            " twice");
            reduced[toIndex(axis)] = true;
        }
    }
    Dims outDims;
    for (std::int64_t i = 0; i < rank; ++i) {
        if (!reduced[toIndex(i)])
            outDims.push_back(x->dims[toIndex(i)]);
        else if (keepDims != 0)
            outDims.push_back(1);
    }
    return setOutput(0, x->type, outDims);
}

} // namespace compass::onnx_detail
