// SPDX-License-Identifier: MIT
#include "cut_list.h"

#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/support/diagnostics.h"

#include <charconv>
#include <string>

namespace compass {

namespace {

std::string_view trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

/// Calls `item` for every non-empty, trimmed comma-separated item; stops when it returns false.
template <typename Fn> bool forEachItem(std::string_view list, Fn item)
{
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view part = trimmed(list.substr(0, comma));
        if (!part.empty() && !item(part))
            return false;
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return true;
}

SourceLocation cutsLocation()
{
    return {{}, {}, "--cuts", -1};
}

} // namespace

std::optional<std::vector<std::int32_t>> parseCutList(std::string_view text, const Graph& graph,
                                                      const UnitTable& units,
                                                      DiagnosticSink& diagnostics)
{
    std::vector<std::int32_t> cuts;
    text = trimmed(text);
    constexpr std::string_view kLayers = "layers:";
    if (text.substr(0, kLayers.size()) == kLayers) {
        const bool ok = forEachItem(text.substr(kLayers.size()), [&](std::string_view name) {
            const NodeId node = graph.findNode(name);
            const std::int32_t layer = units.layerIndexOf(node);
            if (layer < 0) {
                diagnostics.error("'" + std::string(name) +
                                      (node.isValid() ? "' is not a weight layer"
                                                      : "' is not a layer of the model"),
                                  cutsLocation());
                return false;
            }
            cuts.push_back(units.layerFirstUnit(static_cast<std::size_t>(layer)));
            return true;
        });
        return ok ? std::optional(cuts) : std::nullopt;
    }
    const bool ok = forEachItem(text, [&](std::string_view part) {
        std::int32_t value = -1;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (ec != std::errc{} || end != part.data() + part.size() || value < 0 ||
            value > units.unitCount()) {
            diagnostics.error("'" + std::string(part) + "' is not a unit index in 0.." +
                                  std::to_string(units.unitCount()),
                              cutsLocation());
            return false;
        }
        cuts.push_back(value);
        return true;
    });
    return ok ? std::optional(cuts) : std::nullopt;
}

} // namespace compass
