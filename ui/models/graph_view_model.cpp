// SPDX-License-Identifier: MIT
#include "graph_view_model.h"

#include "core/ir/graph.h"
#include "core/support/units.h"

#include <QStringList>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace compass::ui {

namespace {

QString dimsText(const Tensor& tensor)
{
    if (!tensor.hasShape)
        return QStringLiteral("?");
    if (tensor.dims.empty())
        return QStringLiteral("scalar");
    QStringList parts;
    for (std::int64_t d : tensor.dims)
        parts << QString::number(d);
    return parts.join(QChar(0x00D7));
}

QString shapesText(const Graph& graph, const Node& node)
{
    QStringList in;
    for (TensorId id : node.inputs) {
        if (!id.isValid())
            continue;
        const Tensor& t = graph.tensor(id);
        if (t.isConstant)
            continue; // weights and shape constants are not data inputs
        in << dimsText(t);
    }
    QStringList out;
    for (TensorId id : node.outputs) {
        if (id.isValid())
            out << dimsText(graph.tensor(id));
    }
    return in.join(QStringLiteral(", ")) + QStringLiteral(" → ") + out.join(QStringLiteral(", "));
}

// Adds `shape` to a ", "-joined list of distinct shapes.
void addShape(QString& shapes, const QString& shape)
{
    if (shape.isEmpty())
        return;
    if (shapes.isEmpty()) {
        shapes = shape;
        return;
    }
    if (!shapes.split(QStringLiteral(", ")).contains(shape))
        shapes += QStringLiteral(", ") + shape;
}

bool isShown(const Node& node)
{
    return !node.isFolded && node.kind != OpKind::Constant;
}

QString blockName(const GraphViewModel& model, const std::vector<int>& members, int index)
{
    QString prefix = model.nodes[static_cast<std::size_t>(members.front())].name;
    for (int m : members) {
        const QString& name = model.nodes[static_cast<std::size_t>(m)].name;
        qsizetype common = 0;
        while (common < prefix.size() && common < name.size() && prefix[common] == name[common])
            ++common;
        prefix.truncate(common);
    }
    // Cut at a separator so "/layer1/layer1.0/conv" members name the block "/layer1/layer1.0".
    const qsizetype cut =
        std::max({prefix.lastIndexOf('/'), prefix.lastIndexOf('.'), prefix.lastIndexOf('_')});
    prefix = cut > 0 ? prefix.left(cut) : QString();
    while (prefix.endsWith('/') || prefix.endsWith('.') || prefix.endsWith('_'))
        prefix.chop(1);
    if (prefix.size() < 2)
        return QStringLiteral("Block %1").arg(index + 1);
    return prefix;
}

/// The repeated module a node belongs to: its name up to the first scope (not the op's own
/// last segment) that ends in a number: "/encoder/layers/encoder_layer_0", "/layers.0",
/// "/h.11". Empty for nodes outside such a module ("/Cast", "/ln_f/LayerNormalization").
QString numberedModule(const QString& name)
{
    const QStringList parts = name.split(QLatin1Char('/'));
    QString prefix;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (i > 0 || !parts[i].isEmpty())
            prefix += QLatin1Char('/') + parts[i];
        if (!parts[i].isEmpty() && parts[i].back().isDigit())
            return prefix;
    }
    return {};
}

/// Transformer blocks: maximal runs of nodes of one numbered module (an encoder or decoder
/// layer), a node outside any module joining the run when the same module resumes after it.
/// Residual runs cannot find them: the attention mask every layer reads is live across
/// every layer boundary.
std::vector<GraphBlock> moduleBlocks(const GraphViewModel& model, int minNodes)
{
    std::vector<GraphBlock> blocks;
    const auto n = static_cast<int>(model.nodes.size());
    int p = 0;
    while (p < n) {
        const QString module = numberedModule(model.nodes[static_cast<std::size_t>(p)].name);
        if (module.isEmpty()) {
            ++p;
            continue;
        }
        int last = p; // last member of the module so far
        for (int q = p + 1; q < n; ++q) {
            const QString other = numberedModule(model.nodes[static_cast<std::size_t>(q)].name);
            if (other == module)
                last = q;
            else if (!other.isEmpty())
                break;
        }
        if (last - p + 1 >= std::max(minNodes, 2)) {
            GraphBlock block;
            block.index = static_cast<int>(blocks.size());
            block.name = module;
            for (int m = p; m <= last; ++m) {
                block.members.push_back(m);
                if (model.nodes[static_cast<std::size_t>(m)].isWeightLayer)
                    ++block.weightLayers;
            }
            blocks.push_back(std::move(block));
        }
        p = last + 1;
    }
    return blocks;
}

} // namespace

int GraphViewModel::indexOfId(int id) const
{
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

int GraphViewModel::indexOfName(const QString& name) const
{
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].name == name)
            return static_cast<int>(i);
    }
    return -1;
}

std::vector<int> GraphViewModel::predecessors(int index) const
{
    std::vector<int> result;
    for (const GraphViewEdge& e : edges) {
        if (e.to == index)
            result.push_back(e.from);
    }
    return result;
}

std::vector<int> GraphViewModel::successors(int index) const
{
    std::vector<int> result;
    for (const GraphViewEdge& e : edges) {
        if (e.from == index)
            result.push_back(e.to);
    }
    return result;
}

GraphViewModel buildGraphViewModel(const Graph& graph)
{
    GraphViewModel model;
    model.modelName = QString::fromStdString(graph.name);
    std::vector<int> position(graph.nodes().size(), -1);
    for (const Node& node : graph.nodes()) {
        if (!isShown(node))
            continue;
        GraphViewNode v;
        v.id = node.id.value;
        v.name = QString::fromStdString(node.name);
        v.op = QString::fromStdString(node.opType);
        v.isWeightLayer = node.isWeightLayer();
        v.isAttention = !node.isWeightLayer() && node.isActivationMatMul();
        v.shapesText = shapesText(graph, node);
        v.weights = node.weights ? node.weights->weightCount() : 0;
        v.macs = node.macs;
        position[node.id.index()] = static_cast<int>(model.nodes.size());
        model.nodes.push_back(std::move(v));
    }
    for (const Node& node : graph.nodes()) {
        const int to = position[node.id.index()];
        if (to < 0)
            continue;
        // One edge per producer; the shapes of every tensor it passes to this consumer.
        const std::size_t firstEdge = model.edges.size();
        for (TensorId input : node.inputs) {
            if (!input.isValid())
                continue;
            const Tensor& tensor = graph.tensor(input);
            const NodeId producer = tensor.producer;
            if (!producer.isValid())
                continue;
            const int from = position[producer.index()];
            if (from < 0 || from == to)
                continue;
            const auto same = std::find_if(
                model.edges.begin() + static_cast<std::ptrdiff_t>(firstEdge), model.edges.end(),
                [from](const GraphViewEdge& e) { return e.from == from; });
            if (same == model.edges.end())
                model.edges.push_back({from, to, dimsText(tensor)});
            else
                addShape(same->shape, dimsText(tensor));
        }
    }
    model.blocks = detectBlocks(model);
    for (const GraphBlock& block : model.blocks) {
        for (int m : block.members)
            model.nodes[static_cast<std::size_t>(m)].block = block.index;
    }
    for (GraphViewNode& node : model.nodes)
        node.tooltip = describeNode(node);
    return model;
}

std::vector<GraphBlock> detectBlocks(const GraphViewModel& model, int minNodes)
{
    const auto n = static_cast<int>(model.nodes.size());
    std::vector<GraphBlock> blocks;
    if (n == 0)
        return blocks;
    if (std::any_of(model.nodes.begin(), model.nodes.end(),
                    [](const GraphViewNode& node) { return node.isAttention; }))
        return moduleBlocks(model, minNodes);
    // lastUse[p]: the latest consumer of node p's outputs. Producer p is "live" across every
    // boundary between p and lastUse[p]; a boundary crossed by at most one producer is a cut.
    std::vector<int> lastUse(static_cast<std::size_t>(n));
    for (int p = 0; p < n; ++p)
        lastUse[static_cast<std::size_t>(p)] = p;
    for (const GraphViewEdge& e : model.edges) {
        auto& last = lastUse[static_cast<std::size_t>(e.from)];
        last = std::max(last, e.to);
    }
    std::vector<int> delta(static_cast<std::size_t>(n) + 1, 0);
    for (int p = 0; p < n; ++p) {
        const int last = lastUse[static_cast<std::size_t>(p)];
        if (last > p) {
            ++delta[static_cast<std::size_t>(p)];
            --delta[static_cast<std::size_t>(last)];
        }
    }
    int live = 0;
    int previousCut = -1; // boundary before node 0
    for (int p = 0; p < n; ++p) {
        live += delta[static_cast<std::size_t>(p)]; // producers crossing the boundary after p
        const bool isCut = live <= 1 || p == n - 1;
        if (!isCut)
            continue;
        const int size = p - previousCut;
        if (size >= std::max(minNodes, 2)) {
            GraphBlock block;
            block.index = static_cast<int>(blocks.size());
            for (int m = previousCut + 1; m <= p; ++m) {
                block.members.push_back(m);
                if (model.nodes[static_cast<std::size_t>(m)].isWeightLayer)
                    ++block.weightLayers;
            }
            // Every boundary inside the run is crossed by two or more producers, so the run
            // branches: it is a block, not a chain.
            block.name = blockName(model, block.members, block.index);
            blocks.push_back(std::move(block));
        }
        previousCut = p;
    }
    return blocks;
}

GraphViewModel collapseBlocks(const GraphViewModel& full, const std::set<int>& collapsedBlocks)
{
    GraphViewModel out;
    out.modelName = full.modelName;
    out.blocks = full.blocks;
    std::vector<int> map(full.nodes.size(), -1);
    for (std::size_t i = 0; i < full.nodes.size(); ++i) {
        const GraphViewNode& node = full.nodes[i];
        if (node.block < 0 || !collapsedBlocks.contains(node.block)) {
            map[i] = static_cast<int>(out.nodes.size());
            out.nodes.push_back(node);
            continue;
        }
        const GraphBlock& block = full.blocks[static_cast<std::size_t>(node.block)];
        if (static_cast<std::size_t>(block.members.front()) != i) {
            map[i] = map[static_cast<std::size_t>(block.members.front())];
            continue;
        }
        GraphViewNode summary;
        summary.id = -(block.index + 1);
        summary.name = block.name;
        summary.op = QStringLiteral("Block");
        summary.isSummary = true;
        summary.block = block.index;
        summary.memberCount = static_cast<int>(block.members.size());
        const GraphViewNode& first = full.nodes[static_cast<std::size_t>(block.members.front())];
        const GraphViewNode& last = full.nodes[static_cast<std::size_t>(block.members.back())];
        const qsizetype arrow = first.shapesText.indexOf(QStringLiteral(" → "));
        const qsizetype lastArrow = last.shapesText.indexOf(QStringLiteral(" → "));
        summary.shapesText = (arrow >= 0 ? first.shapesText.left(arrow) : QString()) +
                             QStringLiteral(" → ") +
                             (lastArrow >= 0 ? last.shapesText.mid(lastArrow + 3) : QString());
        std::set<int> partitions;
        for (int m : block.members) {
            const GraphViewNode& member = full.nodes[static_cast<std::size_t>(m)];
            summary.weights += member.weights;
            summary.macs += member.macs;
            summary.isWeightLayer = summary.isWeightLayer || member.isWeightLayer;
            if (member.partition >= 0)
                partitions.insert(member.partition);
            if (summary.partition < 0 && member.isWeightLayer)
                summary.partition = member.partition;
        }
        if (summary.partition < 0 && !partitions.empty())
            summary.partition = *partitions.begin();
        summary.partitions.assign(partitions.begin(), partitions.end());
        summary.tooltip = describeNode(summary);
        if (partitions.size() > 1) {
            summary.tooltip += QStringLiteral("<br>Spans partitions %1–%2")
                                   .arg(*partitions.begin())
                                   .arg(*partitions.rbegin());
        }
        map[i] = static_cast<int>(out.nodes.size());
        out.nodes.push_back(std::move(summary));
    }
    // Edges into, out of or between summaries merge; their distinct shapes are kept.
    std::map<std::pair<int, int>, std::size_t> seen;
    for (const GraphViewEdge& e : full.edges) {
        const int from = map[static_cast<std::size_t>(e.from)];
        const int to = map[static_cast<std::size_t>(e.to)];
        if (from == to)
            continue;
        const auto [it, inserted] = seen.try_emplace({from, to}, out.edges.size());
        if (inserted)
            out.edges.push_back({from, to, e.shape});
        else
            addShape(out.edges[it->second].shape, e.shape);
    }
    return out;
}

void applyPartitions(GraphViewModel& full, const std::vector<int>& partitionByNodeId)
{
    for (GraphViewNode& node : full.nodes) {
        if (node.isSummary)
            continue;
        const auto id = static_cast<std::size_t>(node.id);
        node.partition = node.id >= 0 && id < partitionByNodeId.size() ? partitionByNodeId[id] : -1;
        node.tooltip = describeNode(node);
    }
}

QString describeNode(const GraphViewNode& node)
{
    auto count = [&](std::int64_t v) {
        QString s = QString::number(v);
        for (qsizetype i = s.size() - 3; i > 0; i -= 3)
            s.insert(i, QChar(0x202F)); // narrow no-break space as thousands separator
        return s;
    };
    auto orDash = [&](int v) { return v < 0 ? QStringLiteral("—") : QString::number(v); };
    QString text = QStringLiteral("<b>%1</b><br>").arg(node.name.toHtmlEscaped());
    if (node.isSummary)
        text += QStringLiteral("Collapsed block of %1<br>")
                    .arg(units::count(node.memberCount, QStringLiteral("node"),
                                      QStringLiteral("nodes")));
    else
        text += QStringLiteral("Op: %1<br>").arg(node.op.toHtmlEscaped());
    if (node.isAttention)
        text += QStringLiteral("Attention: a product of two activations, no weights (%1 MACs), "
                               "computed on the vector units<br>")
                    .arg(count(node.macs));
    text += QStringLiteral("Shapes: %1<br>").arg(node.shapesText.toHtmlEscaped());
    if (node.isWeightLayer || node.weights > 0) {
        text += QStringLiteral("Weights: %1<br>MACs: %2<br>")
                    .arg(count(node.weights), count(node.macs));
    }
    text += QStringLiteral("Crossbars: %1 · Units: %2 · Replication: %3<br>")
                .arg(orDash(node.crossbars), orDash(node.units), orDash(node.replication));
    text += node.partition < 0 ? QStringLiteral("Partition: —")
                               : QStringLiteral("Partition: %1").arg(node.partition);
    return text;
}

bool shouldAutoCollapse(const GraphViewModel& full, int maxNodes)
{
    const std::size_t n = full.nodes.size();
    if (n > static_cast<std::size_t>(maxNodes))
        return true;
    if (n < 50)
        return false;
    if (std::any_of(full.nodes.begin(), full.nodes.end(),
                    [](const GraphViewNode& node) { return node.isAttention; }))
        return true; // a transformer: its encoder/decoder blocks are the readable unit
    std::vector<int> fanIn(n, 0);
    for (const GraphViewEdge& e : full.edges)
        ++fanIn[static_cast<std::size_t>(e.to)];
    int maxFanIn = 0;
    for (int f : fanIn)
        maxFanIn = std::max(maxFanIn, f);
    return maxFanIn >= 8 || static_cast<double>(full.edges.size()) > 1.5 * static_cast<double>(n);
}

} // namespace compass::ui
