// SPDX-License-Identifier: MIT
// Shape rules for element-wise operators and activations: unary activations and math (Erf,
// Sqrt, ...), Clip, Dropout, and broadcasting arithmetic, comparisons, Where and the n-ary
// Sum/Min/Max (which also evaluate small integer constants, for shape arithmetic).
#include "checked_math.h"
#include "core/ir/graph.h"
#include "inferrer.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace compass::onnx_detail {

bool Inferrer::inferSameShape(bool keepValues)
{
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    return setOutput(0, x->type, x->dims, keepValues ? x->intValues : IntValues{},
                     keepValues ? x->floatValues : FloatValues{});
}

bool Inferrer::inferUnary()
{
    if (!arity(1, 1))
        return false;
    const Tensor* x = nullptr;
    if (!shaped(0, x))
        return false;
    // Neg, Abs and Not keep small integer values (shape and mask arithmetic); the others are
    // float math.
    const OpKind kind = m_node->kind;
    IntValues values;
    if (x->intValues && (kind == OpKind::Neg || kind == OpKind::Abs || kind == OpKind::Not)) {
        std::vector<std::int64_t> v;
        for (std::int64_t value : *x->intValues) {
            if (kind == OpKind::Not) {
                v.push_back(value == 0 ? 1 : 0);
                continue;
            }
            if (value == std::numeric_limits<std::int64_t>::min())
                return setOutput(0, x->type, x->dims);
            v.push_back(kind == OpKind::Neg ? -value : std::abs(value));
        }
        values = std::move(v);
    }
    return setOutput(0, x->type, x->dims, std::move(values));
}

bool Inferrer::inferIdentity()
{
    return arity(1, 1) && inferSameShape(true);
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

// ------------------------------------------------------------------------------------------
// Element-wise arithmetic and comparisons

namespace {

bool isComparison(OpKind kind)
{
    return kind == OpKind::Equal || kind == OpKind::Less || kind == OpKind::Greater;
}

} // namespace

bool Inferrer::inferElementwise()
{
    const OpKind kind = m_node->kind;
    const bool variadic = kind == OpKind::Sum || kind == OpKind::Min || kind == OpKind::Max;
    const std::size_t count = kind == OpKind::Where ? 3 : 2;
    if (variadic) {
        if (m_node->inputs.empty())
            return fail("has no inputs");
        for (std::size_t i = 0; i < m_node->inputs.size(); ++i) {
            if (!hasInput(i))
                return fail("input " + std::to_string(i) + " is missing");
        }
    } else if (!arity(count, count)) {
        return false;
    }
    std::vector<const Tensor*> operands(m_node->inputs.size(), nullptr);
    Dims outDims;
    for (std::size_t i = 0; i < operands.size(); ++i) {
        if (!shaped(i, operands[i]))
            return false;
        Dims merged;
        if (!broadcastShapes(outDims, operands[i]->dims, merged))
            return fail("shapes " + dimsText(outDims) +
                        (i == 1 ? " of '" + operands[0]->name + "'" : std::string()) + " and " +
                        dimsText(operands[i]->dims) + " of '" + operands[i]->name +
                        "' do not broadcast");
        outDims = std::move(merged);
    }
    // Mod: the sign of the divisor (Python's %) unless fmod = 1 (C's fmod, the dividend's).
    std::int64_t fmod = 0;
    if (kind == OpKind::Mod && !readInt("fmod", 0, fmod))
        return false;
    const ElementType type = isComparison(kind)      ? ElementType::Bool
                             : kind == OpKind::Where ? operands[1]->type
                                                     : operands[0]->type;
    // Small integer arithmetic (shape computations) is evaluated, with broadcasting.
    IntValues values;
    const std::optional<std::int64_t> elements = checkedProduct(outDims);
    bool known = elements && *elements <= kMaxFoldedValues;
    for (const Tensor* t : operands)
        known = known && t->intValues;
    if (known) {
        std::vector<std::int64_t> result(toIndex(*elements));
        for (std::int64_t i = 0; i < *elements && known; ++i) {
            std::vector<std::int64_t> v;
            for (const Tensor* t : operands)
                v.push_back((*t->intValues)[broadcastSource(t->dims, outDims, i)]);
            std::optional<std::int64_t> r;
            switch (kind) {
            case OpKind::Add:
                r = checkedAdd(v[0], v[1]);
                break;
            case OpKind::Sub:
                r = checkedSub(v[0], v[1]);
                break;
            case OpKind::Mul:
                r = checkedMul(v[0], v[1]);
                break;
            case OpKind::Div:
                if (v[1] == 0)
                    return fail("integer division by zero in constant '" + operands[1]->name + "'");
                if (!(v[0] == std::numeric_limits<std::int64_t>::min() && v[1] == -1))
                    r = v[0] / v[1];
                break;
            case OpKind::Mod:
                if (v[1] == 0)
                    return fail("integer modulo by zero in constant '" + operands[1]->name + "'");
                if (v[1] == -1) {
                    r = 0; // also for INT64_MIN, whose % -1 overflows
                } else {
                    r = v[0] % v[1];
                    if (fmod == 0 && *r != 0 && ((*r < 0) != (v[1] < 0)))
                        r = *r + v[1];
                }
                break;
            case OpKind::Equal:
                r = v[0] == v[1] ? 1 : 0;
                break;
            case OpKind::Less:
                r = v[0] < v[1] ? 1 : 0;
                break;
            case OpKind::Greater:
                r = v[0] > v[1] ? 1 : 0;
                break;
            case OpKind::Where:
                r = v[0] != 0 ? v[1] : v[2];
                break;
            case OpKind::Sum:
                r = v[0];
                for (std::size_t j = 1; j < v.size() && r; ++j)
                    r = checkedAdd(*r, v[j]);
                break;
            case OpKind::Min:
                r = *std::min_element(v.begin(), v.end());
                break;
            case OpKind::Max:
                r = *std::max_element(v.begin(), v.end());
                break;
            default: // Pow: not needed for shapes
                break;
            }
            known = r.has_value();
            if (known)
                result[toIndex(i)] = *r;
        }
        if (known)
            values = std::move(result);
    }
    return setOutput(0, type, outDims, std::move(values));
}

} // namespace compass::onnx_detail
