// SPDX-License-Identifier: MIT
// Shape rules for convolution and pooling: Conv, ConvTranspose, MaxPool/AveragePool and
// the global pools, with their shared window arithmetic.
#include "checked_math.h"
#include "core/ir/graph.h"
#include "inferrer.h"

#include <limits>

namespace compass::onnx_detail {

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
    // k * Cin / g, one vector per output position, so the crossbars' MACs
    // (WeightMatrix::crossbarMacs) include the inserted zeros. Node::macs counts the real
    // multiplications: every input element meets k * Cout / g weights.
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
    if (!setWeights(wm))
        return false;
    std::optional<std::int64_t> real = checkedProduct(x->dims, 2, x->dims.size());
    for (const std::int64_t f : {perInference(n), c, *kernelArea, m / group}) {
        if (real)
            real = checkedMul(*real, f);
    }
    if (!real)
        return fail("multiply-accumulate count overflows int64");
    m_node->macs = *real;
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

} // namespace compass::onnx_detail
