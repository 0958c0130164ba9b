// SPDX-License-Identifier: MIT
// Overflow-checked int64 arithmetic for shape computations on untrusted model files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace compass::onnx_detail {

/// a * b, or nullopt when the product does not fit in int64.
inline std::optional<std::int64_t> checkedMul(std::int64_t a, std::int64_t b)
{
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

/// a + b, or nullopt when the sum does not fit in int64.
inline std::optional<std::int64_t> checkedAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

/// a - b, or nullopt on overflow.
inline std::optional<std::int64_t> checkedSub(std::int64_t a, std::int64_t b)
{
    std::int64_t r = 0;
    if (__builtin_sub_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

/// Product of dims[begin, end); nullopt on overflow or a negative (unknown) dim.
inline std::optional<std::int64_t> checkedProduct(const std::vector<std::int64_t>& dims,
                                                  std::size_t begin, std::size_t end)
{
    std::int64_t r = 1;
    for (std::size_t i = begin; i < end && i < dims.size(); ++i) {
        if (dims[i] < 0 || __builtin_mul_overflow(r, dims[i], &r))
            return std::nullopt;
    }
    return r;
}

inline std::optional<std::int64_t> checkedProduct(const std::vector<std::int64_t>& dims)
{
    return checkedProduct(dims, 0, dims.size());
}

/// Ceiling division for a non-negative numerator and a positive denominator.
inline std::int64_t ceilDiv(std::int64_t num, std::int64_t den)
{
    return num / den + (num % den != 0 ? 1 : 0);
}

} // namespace compass::onnx_detail
