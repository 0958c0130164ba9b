// SPDX-License-Identifier: MIT
// Shape rules for values known at compile time: Constant, ConstantOfShape, Shape, Cast and
// Range.
#include "checked_math.h"
#include "core/ir/graph.h"
#include "inferrer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace compass::onnx_detail {

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
    // Values survive casts between integer and float types (shape arithmetic in floats).
    IntValues ints;
    FloatValues floats;
    if (isIntegerElementType(type)) {
        ints = x->intValues;
        if (!ints && x->floatValues) {
            std::vector<std::int64_t> v;
            for (double f : *x->floatValues) {
                if (!(std::abs(f) < 9e18))
                    return setOutput(0, type, x->dims);
                v.push_back(static_cast<std::int64_t>(f));
            }
            ints = std::move(v);
        }
    } else if (type == ElementType::Float || type == ElementType::Double) {
        floats = x->floatValues;
        if (!floats && x->intValues)
            floats = std::vector<double>(x->intValues->begin(), x->intValues->end());
    }
    return setOutput(0, type, x->dims, std::move(ints), std::move(floats));
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
        return setOutput(0, a.tensorType, a.tensorDims, a.tensorInts, a.tensorFloats);
    }
    if (name == "value_float" && a.type == Attribute::Type::Float)
        return setOutput(0, ElementType::Float, {}, {}, std::vector<double>{a.f});
    if (name == "value_floats" && a.type == Attribute::Type::Floats)
        return setOutput(0, ElementType::Float, {static_cast<std::int64_t>(a.floats.size())}, {},
                         a.floats);
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

bool Inferrer::inferSize()
{
    const Tensor* x = nullptr;
    if (!arity(1, 1) || !shaped(0, x))
        return false;
    const std::optional<std::int64_t> count = checkedProduct(x->dims);
    if (!count)
        return fail("element count overflows int64");
    return setOutput(0, ElementType::Int64, {}, std::vector<std::int64_t>{*count});
}

bool Inferrer::inferRange()
{
    if (!arity(3, 3))
        return false;
    // start, limit and delta are scalars; the output length depends on their values.
    double bound[3] = {0.0, 0.0, 0.0};
    bool integral = true;
    for (std::size_t i = 0; i < 3; ++i) {
        const Tensor& t = in(i);
        if (t.elementCount() != 1)
            return fail("input '" + t.name + "' must be a scalar, has shape " + dimsText(t.dims));
        if (t.isConstant && t.intValues) {
            bound[i] = static_cast<double>(t.intValues->front());
        } else if (t.isConstant && t.floatValues) {
            bound[i] = t.floatValues->front();
            integral = false;
        } else {
            return fail("input '" + t.name +
                        "' is not a constant with a value in the file; COMPASS needs the "
                        "output length at compile time");
        }
    }
    if (bound[2] == 0.0)
        return fail("delta must not be 0");
    const double length = std::ceil((bound[1] - bound[0]) / bound[2]);
    if (!(length < static_cast<double>(std::numeric_limits<std::int32_t>::max())))
        return fail("output length overflows");
    const std::int64_t count = std::max<std::int64_t>(0, static_cast<std::int64_t>(length));
    IntValues values;
    // Integer bounds beyond 2^53 do not survive the doubles above: their values are not kept.
    constexpr double kExact = 9007199254740992.0;
    if (integral && count <= kMaxFoldedValues && std::abs(bound[0]) < kExact &&
        std::abs(bound[2]) < kExact) {
        std::vector<std::int64_t> v;
        const auto start = static_cast<std::int64_t>(bound[0]);
        const auto delta = static_cast<std::int64_t>(bound[2]);
        for (std::int64_t i = 0; i < count; ++i) {
            std::optional<std::int64_t> value = checkedMul(i, delta);
            if (value)
                value = checkedAdd(*value, start);
            if (!value)
                return fail("output values overflow int64");
            v.push_back(*value);
        }
        values = std::move(v);
    }
    return setOutput(0, in(0).type, {count}, std::move(values));
}

} // namespace compass::onnx_detail
