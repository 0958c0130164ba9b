// SPDX-License-Identifier: MIT
// Internal to core/onnx: what the reader keeps of ONNX protobuf tensors and attributes (types,
// dims, small integer and float values; never weight data).
#pragma once

#include "core/ir/graph.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onnx {
class AttributeProto;
class TensorProto;
} // namespace onnx

namespace compass::onnx_detail {

bool isDefaultDomain(const std::string& domain);
ElementType elementTypeFromOnnx(std::int64_t dataType);

/// What COMPASS keeps of an ONNX TensorProto: type, dims, and small integer and float values.
struct TensorSummary
{
    ElementType type = ElementType::Undefined;
    Dims dims;
    bool hasData = false;
    bool external = false;
    std::string externalLocation;
    std::optional<std::vector<std::int64_t>> ints;
    std::optional<std::vector<double>> floats;
    std::string problem; ///< Non-empty when the tensor is unusable (error).
    std::string dataWarning;
};

TensorSummary summarise(const onnx::TensorProto& t);
Attribute convertAttribute(const onnx::AttributeProto& a);

} // namespace compass::onnx_detail
