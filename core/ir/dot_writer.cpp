// SPDX-License-Identifier: MIT
#include "dot_writer.h"

#include <sstream>

namespace compass {

namespace {

std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '\n') { // a line break in a label is DOT's \n escape
            out += "\\n";
            continue;
        }
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string shapeText(const Tensor& t)
{
    if (!t.hasShape)
        return "?";
    std::string s;
    for (std::size_t i = 0; i < t.dims.size(); ++i)
        s += (i ? "x" : "") + std::to_string(t.dims[i]);
    return s.empty() ? "scalar" : s;
}

} // namespace

std::string writeDot(const Graph& graph)
{
    std::ostringstream dot;
    dot << "digraph " << quoted(graph.name) << " {\n"
        << "  rankdir=TB;\n  node [fontname=\"DejaVu Sans\", fontsize=10];\n";
    for (const Node& n : graph.nodes()) {
        if (n.isFolded)
            continue;
        std::string label = n.name + "\n" + n.opType;
        if (n.weights)
            label += "\n" + std::to_string(n.weights->rows) + "x" +
                     std::to_string(n.weights->cols) +
                     (n.weights->groups > 1 ? " x" + std::to_string(n.weights->groups) + " groups"
                                            : std::string());
        dot << "  n" << n.id.value << " [label=" << quoted(label)
            << (n.weights ? ", shape=box, style=filled, fillcolor=\"#dbe9f6\"" : ", shape=ellipse")
            << "];\n";
    }
    for (const Node& n : graph.nodes()) {
        if (n.isFolded)
            continue;
        for (TensorId in : n.inputs) {
            if (!in.isValid())
                continue;
            const Tensor& t = graph.tensor(in);
            if (!t.producer.isValid() || graph.node(t.producer).isFolded)
                continue;
            dot << "  n" << t.producer.value << " -> n" << n.id.value
                << " [label=" << quoted(shapeText(t)) << "];\n";
        }
    }
    dot << "}\n";
    return dot.str();
}

} // namespace compass
