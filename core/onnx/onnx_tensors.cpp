// SPDX-License-Identifier: MIT
// ONNX TensorProto and AttributeProto -> what the IR keeps: type, dims, small values.
#include "onnx_tensors.h"

#include "checked_math.h"

#include <onnx/onnx_pb.h>

#include <cstring>

namespace compass::onnx_detail {

namespace {

using IntValues = std::optional<std::vector<std::int64_t>>;

/// Integer tensors larger than this are weights, not shape constants: their values are not kept.
constexpr std::int64_t kMaxIntValues = 4096;
/// Float tensors up to this size keep their values (Resize scales, Range bounds, Clip limits);
/// larger ones are weights, whose values nothing needs.
constexpr std::int64_t kMaxFloatValues = 64;

template <typename Repeated> IntValues intsFromRepeated(const Repeated& values)
{
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(values.size()));
    for (auto v : values)
        out.push_back(static_cast<std::int64_t>(v));
    return out;
}

/// Decodes little-endian integers of `bytes` wide from raw_data.
IntValues intsFromRaw(const std::string& raw, ElementType type, std::int64_t count)
{
    const std::int64_t width = elementTypeBytes(type);
    if (width <= 0 || static_cast<std::int64_t>(raw.size()) != count * width)
        return std::nullopt;
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(count));
    const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
    for (std::int64_t i = 0; i < count; ++i) {
        std::uint64_t u = 0;
        for (std::int64_t b = width; b-- > 0;)
            u = (u << 8) | p[i * width + b];
        std::int64_t v = 0;
        switch (type) {
        case ElementType::Int8:
            v = static_cast<std::int8_t>(u);
            break;
        case ElementType::Int16:
            v = static_cast<std::int16_t>(u);
            break;
        case ElementType::Int32:
            v = static_cast<std::int32_t>(u);
            break;
        case ElementType::Int64:
        case ElementType::UInt64:
            std::memcpy(&v, &u, sizeof v);
            break;
        default: // unsigned narrow types and bool
            v = static_cast<std::int64_t>(u);
            break;
        }
        out.push_back(v);
    }
    return out;
}

/// Values of a small float32/float64 tensor, from raw_data or the typed fields.
std::optional<std::vector<double>> floatsOf(const onnx::TensorProto& t, ElementType type,
                                            std::int64_t count)
{
    std::vector<double> out;
    const std::string& raw = t.raw_data();
    if (type == ElementType::Float) {
        if (!raw.empty()) {
            if (static_cast<std::int64_t>(raw.size()) != count * 4)
                return std::nullopt;
            for (std::int64_t i = 0; i < count; ++i) {
                float f = 0;
                std::memcpy(&f, raw.data() + i * 4, sizeof f); // ONNX raw data is little-endian
                out.push_back(static_cast<double>(f));
            }
        } else if (t.float_data_size() == count) {
            for (float f : t.float_data())
                out.push_back(static_cast<double>(f));
        } else {
            return std::nullopt;
        }
    } else if (type == ElementType::Double) {
        if (!raw.empty()) {
            if (static_cast<std::int64_t>(raw.size()) != count * 8)
                return std::nullopt;
            for (std::int64_t i = 0; i < count; ++i) {
                double d = 0;
                std::memcpy(&d, raw.data() + i * 8, sizeof d);
                out.push_back(d);
            }
        } else if (t.double_data_size() == count) {
            out.assign(t.double_data().begin(), t.double_data().end());
        } else {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    return out;
}

std::int64_t typedDataCount(const onnx::TensorProto& t)
{
    return static_cast<std::int64_t>(t.float_data_size()) + t.int32_data_size() +
           t.string_data_size() + t.int64_data_size() + t.double_data_size() + t.uint64_data_size();
}

} // namespace

bool isDefaultDomain(const std::string& domain)
{
    return domain.empty() || domain == "ai.onnx";
}

ElementType elementTypeFromOnnx(std::int64_t dataType)
{
    if (dataType < 0 || dataType > static_cast<std::int64_t>(ElementType::BFloat16))
        return ElementType::Undefined;
    return static_cast<ElementType>(dataType);
}

TensorSummary summarise(const onnx::TensorProto& t)
{
    TensorSummary s;
    s.type = elementTypeFromOnnx(t.data_type());
    for (std::int64_t d : t.dims()) {
        if (d < 0) {
            s.problem = "has a negative dimension " + std::to_string(d);
            return s;
        }
        s.dims.push_back(d);
    }
    const std::optional<std::int64_t> count = onnx_detail::checkedProduct(s.dims);
    if (!count) {
        s.problem = "element count overflows int64";
        return s;
    }
    s.external = t.data_location() == onnx::TensorProto::EXTERNAL;
    if (s.external) {
        // Only the dims matter: the external file is never opened, wherever it points.
        for (const auto& entry : t.external_data()) {
            if (entry.key() == "location")
                s.externalLocation = entry.value();
        }
        return s;
    }
    const bool hasRaw = !t.raw_data().empty();
    const std::int64_t typed = typedDataCount(t);
    s.hasData = hasRaw || typed > 0;
    if (hasRaw) {
        const std::optional<std::int64_t> bytes =
            onnx_detail::checkedMul(*count, elementTypeBytes(s.type));
        if (elementTypeBytes(s.type) > 0 &&
            (!bytes || *bytes != static_cast<std::int64_t>(t.raw_data().size())))
            s.dataWarning = "raw_data has " + std::to_string(t.raw_data().size()) +
                            " bytes, dims ask for " + (bytes ? std::to_string(*bytes) : "more");
    } else if (typed > 0 && typed != *count && s.type != ElementType::Complex64 &&
               s.type != ElementType::Complex128) {
        s.dataWarning =
            "holds " + std::to_string(typed) + " values, dims ask for " + std::to_string(*count);
    }
    if (s.hasData && *count <= kMaxFloatValues)
        s.floats = floatsOf(t, s.type, *count);
    if (!isIntegerElementType(s.type) || *count > kMaxIntValues || !s.hasData)
        return s;
    if (hasRaw) {
        s.ints = intsFromRaw(t.raw_data(), s.type, *count);
    } else if (s.type == ElementType::Int64 && t.int64_data_size() == *count) {
        s.ints = intsFromRepeated(t.int64_data());
    } else if ((s.type == ElementType::UInt32 || s.type == ElementType::UInt64) &&
               t.uint64_data_size() == *count) {
        s.ints = intsFromRepeated(t.uint64_data());
    } else if (t.int32_data_size() == *count) {
        s.ints = intsFromRepeated(t.int32_data());
    }
    return s;
}

Attribute convertAttribute(const onnx::AttributeProto& a)
{
    Attribute out;
    onnx::AttributeProto::AttributeType type = a.type();
    if (type == onnx::AttributeProto::UNDEFINED) {
        // IR version 1 files do not set the discriminator: infer it from the field present.
        if (a.has_t())
            type = onnx::AttributeProto::TENSOR;
        else if (a.has_f())
            type = onnx::AttributeProto::FLOAT;
        else if (a.has_i())
            type = onnx::AttributeProto::INT;
        else if (a.has_s())
            type = onnx::AttributeProto::STRING;
        else if (a.ints_size() > 0)
            type = onnx::AttributeProto::INTS;
        else if (a.floats_size() > 0)
            type = onnx::AttributeProto::FLOATS;
    }
    switch (type) {
    case onnx::AttributeProto::FLOAT:
        out.type = Attribute::Type::Float;
        out.f = static_cast<double>(a.f());
        break;
    case onnx::AttributeProto::INT:
        out.type = Attribute::Type::Int;
        out.i = a.i();
        break;
    case onnx::AttributeProto::STRING:
        out.type = Attribute::Type::String;
        out.s = a.s();
        break;
    case onnx::AttributeProto::INTS:
        out.type = Attribute::Type::Ints;
        out.ints.assign(a.ints().begin(), a.ints().end());
        break;
    case onnx::AttributeProto::FLOATS:
        out.type = Attribute::Type::Floats;
        for (float f : a.floats())
            out.floats.push_back(static_cast<double>(f));
        break;
    case onnx::AttributeProto::TENSOR: {
        const TensorSummary s = summarise(a.t());
        out.type = Attribute::Type::Tensor;
        out.tensorType = s.type;
        out.tensorDims = s.problem.empty() ? s.dims : Dims{-1};
        out.tensorInts = s.ints;
        out.tensorFloats = s.floats;
        out.tensorHasData = s.hasData;
        break;
    }
    case onnx::AttributeProto::SPARSE_TENSOR: {
        out.type = Attribute::Type::Tensor;
        out.tensorType = elementTypeFromOnnx(a.sparse_tensor().values().data_type());
        out.tensorDims.assign(a.sparse_tensor().dims().begin(), a.sparse_tensor().dims().end());
        out.tensorHasData = a.sparse_tensor().values().raw_data().size() > 0 ||
                            typedDataCount(a.sparse_tensor().values()) > 0;
        break;
    }
    default:
        out.type = Attribute::Type::Other;
        break;
    }
    return out;
}

} // namespace compass::onnx_detail
