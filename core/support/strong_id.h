// SPDX-License-Identifier: MIT
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace compass {

/// An index with a type of its own, so a NodeId is never passed where a TensorId is meant.
/// A default-constructed id is invalid.
template <typename Tag> struct StrongId
{
    std::int32_t value = -1;

    constexpr StrongId() = default;
    constexpr explicit StrongId(std::int32_t v)
        : value(v)
    {}
    constexpr explicit StrongId(std::size_t v)
        : value(static_cast<std::int32_t>(v))
    {}

    constexpr bool isValid() const { return value >= 0; }
    constexpr std::size_t index() const { return static_cast<std::size_t>(value); }
    constexpr auto operator<=>(const StrongId&) const = default;
};

using NodeId = StrongId<struct NodeIdTag>;
using TensorId = StrongId<struct TensorIdTag>;
using UnitId = StrongId<struct UnitIdTag>;

} // namespace compass

template <typename Tag> struct std::hash<compass::StrongId<Tag>>
{
    std::size_t operator()(const compass::StrongId<Tag>& id) const noexcept
    {
        return std::hash<std::int32_t>{}(id.value);
    }
};
