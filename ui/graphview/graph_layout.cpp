// SPDX-License-Identifier: MIT
// The only file that includes Graphviz (style.md): everything else sees plain positions.
#include "graph_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>

namespace compass::ui {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Graphviz (cgraph, dotgen) keeps global state, so only one layout runs at a time.
std::timed_mutex& graphvizMutex()
{
    static std::timed_mutex mutex;
    return mutex;
}

// Graphviz reports through a global error function; libraries never print (style.md).
int swallowGraphvizMessage(char*)
{
    return 0;
}

// cgraph's setters take char* although they copy the strings; std::string::data() gives us a
// mutable buffer without casting const away.
void setAttr(void* object, std::string name, std::string value)
{
    std::string empty;
    agsafeset(object, name.data(), value.data(), empty.data());
}

void declareAttr(Agraph_t* graph, int kind, std::string name, std::string defaultValue)
{
    agattr(graph, kind, name.data(), defaultValue.data());
}

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", value);
    return buffer;
}

} // namespace

bool isDenseGraph(const LayoutInput& input)
{
    const std::size_t n = input.nodes.size();
    if (n < 50)
        return false;
    std::vector<int> fanIn(n, 0);
    for (const LayoutInput::Edge& e : input.edges) {
        if (e.to >= 0 && static_cast<std::size_t>(e.to) < n)
            ++fanIn[static_cast<std::size_t>(e.to)];
    }
    int maxFanIn = 0;
    for (int f : fanIn)
        maxFanIn = std::max(maxFanIn, f);
    return maxFanIn >= 8 || static_cast<double>(input.edges.size()) > 1.5 * static_cast<double>(n);
}

LayoutResult layoutLayeredSimple(const LayoutInput& input)
{
    const auto start = Clock::now();
    const std::size_t n = input.nodes.size();
    LayoutResult result;
    result.engine = LayoutEngine::LayeredSimple;
    result.nodeCentres.resize(n);
    result.edgePoints.resize(input.edges.size());
    result.edgeLabelCentres.resize(input.edges.size());
    if (n == 0)
        return result;

    auto valid = [n](int index) { return index >= 0 && static_cast<std::size_t>(index) < n; };
    std::vector<std::vector<int>> succ(n);
    std::vector<std::vector<int>> pred(n);
    std::vector<int> inDegree(n, 0);
    for (const LayoutInput::Edge& e : input.edges) {
        if (!valid(e.from) || !valid(e.to) || e.from == e.to)
            continue;
        succ[static_cast<std::size_t>(e.from)].push_back(e.to);
        pred[static_cast<std::size_t>(e.to)].push_back(e.from);
        ++inDegree[static_cast<std::size_t>(e.to)];
    }

    // Longest path from the sources (Kahn's order); nodes on a cycle go below everything.
    std::vector<int> rank(n, 0);
    std::vector<int> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (inDegree[i] == 0)
            order.push_back(static_cast<int>(i));
    }
    for (std::size_t head = 0; head < order.size(); ++head) {
        const auto u = static_cast<std::size_t>(order[head]);
        for (int v : succ[u]) {
            const auto vi = static_cast<std::size_t>(v);
            rank[vi] = std::max(rank[vi], rank[u] + 1);
            if (--inDegree[vi] == 0)
                order.push_back(v);
        }
    }
    int maxRank = 0;
    for (std::size_t i = 0; i < n; ++i)
        maxRank = std::max(maxRank, rank[i]);
    for (std::size_t i = 0; i < n; ++i) {
        if (inDegree[i] > 0)
            rank[i] = maxRank + 1; // on a cycle
    }
    for (std::size_t i = 0; i < n; ++i)
        maxRank = std::max(maxRank, rank[i]);

    const bool tb = input.direction == RankDirection::TopToBottom;
    // Edge labels sit in the gap between ranks, beside the edge's midpoint: widen the gap to
    // the tallest (top to bottom) or widest (left to right) label.
    double labelExtent = 0.0;
    for (const LayoutInput::Edge& e : input.edges) {
        if (e.hasLabel())
            labelExtent = std::max(labelExtent, tb ? e.labelHeightPt : e.labelWidthPt);
    }
    const double rankSep = input.rankSepPt + (labelExtent > 0.0 ? labelExtent + 8.0 : 0.0);
    auto along = [&](std::size_t i) {
        return tb ? input.nodes[i].widthPt : input.nodes[i].heightPt;
    };
    auto across = [&](std::size_t i) {
        return tb ? input.nodes[i].heightPt : input.nodes[i].widthPt;
    };

    // Order inside each rank by the barycentre of the predecessors' positions.
    std::vector<std::vector<int>> layers(static_cast<std::size_t>(maxRank) + 1);
    for (std::size_t i = 0; i < n; ++i)
        layers[static_cast<std::size_t>(rank[i])].push_back(static_cast<int>(i));
    std::vector<double> slot(n, 0.0);
    for (std::vector<int>& layer : layers) {
        std::vector<double> key(layer.size());
        for (std::size_t k = 0; k < layer.size(); ++k) {
            const auto& p = pred[static_cast<std::size_t>(layer[k])];
            if (p.empty()) {
                key[k] = static_cast<double>(k);
                continue;
            }
            double sum = 0.0;
            for (int q : p)
                sum += slot[static_cast<std::size_t>(q)];
            key[k] = sum / static_cast<double>(p.size());
        }
        std::vector<std::size_t> idx(layer.size());
        std::iota(idx.begin(), idx.end(), std::size_t{0});
        std::stable_sort(idx.begin(), idx.end(),
                         [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
        std::vector<int> sorted;
        sorted.reserve(layer.size());
        for (std::size_t k : idx)
            sorted.push_back(layer[k]);
        layer = std::move(sorted);
        // Slots are centred positions in "node widths"; centring keeps chains straight.
        const double offset = static_cast<double>(layer.size() - 1) / 2.0;
        for (std::size_t k = 0; k < layer.size(); ++k)
            slot[static_cast<std::size_t>(layer[k])] = static_cast<double>(k) - offset;
    }

    // Coordinates: ranks stacked along the rank axis, nodes side by side across it.
    double rankPos = 0.0;
    double minAcross = 0.0;
    double maxAcross = 0.0;
    std::vector<double> a(n, 0.0); // position along the rank (x in TB)
    std::vector<double> r(n, 0.0); // position across ranks (y in TB)
    for (const std::vector<int>& layer : layers) {
        if (layer.empty())
            continue;
        double thickness = 0.0;
        double total = 0.0;
        for (int v : layer) {
            thickness = std::max(thickness, across(static_cast<std::size_t>(v)));
            total += along(static_cast<std::size_t>(v));
        }
        total += input.nodeSepPt * static_cast<double>(layer.size() - 1);
        double cursor = -total / 2.0;
        for (int v : layer) {
            const auto vi = static_cast<std::size_t>(v);
            a[vi] = cursor + along(vi) / 2.0;
            r[vi] = rankPos + thickness / 2.0;
            cursor += along(vi) + input.nodeSepPt;
        }
        minAcross = std::min(minAcross, -total / 2.0);
        maxAcross = std::max(maxAcross, total / 2.0);
        rankPos += thickness + rankSep;
    }
    const double extentRanks = std::max(0.0, rankPos - rankSep);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = a[i] - minAcross;
        result.nodeCentres[i] = tb ? LayoutPoint{x, r[i]} : LayoutPoint{r[i], x};
    }
    result.widthPt = tb ? maxAcross - minAcross : extentRanks;
    result.heightPt = tb ? extentRanks : maxAcross - minAcross;

    for (std::size_t k = 0; k < input.edges.size(); ++k) {
        const LayoutInput::Edge& e = input.edges[k];
        if (!valid(e.from) || !valid(e.to))
            continue;
        const auto s = static_cast<std::size_t>(e.from);
        const auto t = static_cast<std::size_t>(e.to);
        LayoutPoint p = result.nodeCentres[s];
        LayoutPoint q = result.nodeCentres[t];
        if (tb) {
            p.y += input.nodes[s].heightPt / 2.0;
            q.y -= input.nodes[t].heightPt / 2.0;
        } else {
            p.x += input.nodes[s].widthPt / 2.0;
            q.x -= input.nodes[t].widthPt / 2.0;
        }
        result.edgePoints[k] = {p, q};
        if (e.hasLabel()) {
            // Beside the midpoint: to its right top to bottom, above it left to right.
            const LayoutPoint mid{(p.x + q.x) / 2.0, (p.y + q.y) / 2.0};
            result.edgeLabelCentres[k] =
                tb ? LayoutPoint{mid.x + e.labelWidthPt / 2.0 + 4.0, mid.y}
                   : LayoutPoint{mid.x, mid.y - e.labelHeightPt / 2.0 - 4.0};
        }
    }
    result.elapsedMs = msSince(start);
    return result;
}

namespace {

// Runs dot; the caller holds graphvizMutex().
LayoutResult layoutWithGraphvizLocked(const LayoutInput& input)
{
    const auto start = Clock::now();
    const std::size_t n = input.nodes.size();
    if (n == 0)
        return LayoutResult{};

    agseterrf(&swallowGraphvizMessage);
    agseterr(AGMAX);

    GVC_t* gvc = gvContext();
    std::string graphName = "compass";
    Agraph_t* graph = agopen(graphName.data(), Agdirected, nullptr);
    if (!gvc || !graph) {
        if (graph)
            agclose(graph);
        if (gvc)
            gvFreeContext(gvc);
        LayoutResult fallback = layoutLayeredSimple(input);
        fallback.message = "Graphviz could not create a graph; using the simple layout";
        return fallback;
    }

    const LayoutLimits& limits = input.limits;
    setAttr(graph, "rankdir", input.direction == RankDirection::TopToBottom ? "TB" : "LR");
    setAttr(graph, "nodesep", number(input.nodeSepPt / 72.0));
    setAttr(graph, "ranksep", number(input.rankSepPt / 72.0));
    setAttr(graph, "splines", limits.splines ? "true" : "false");
    if (limits.nslimit >= 0.0)
        setAttr(graph, "nslimit", number(limits.nslimit));
    if (limits.nslimit1 >= 0.0)
        setAttr(graph, "nslimit1", number(limits.nslimit1));
    if (limits.mclimit >= 0.0)
        setAttr(graph, "mclimit", number(limits.mclimit));
    setAttr(graph, "remincross", limits.remincross ? "true" : "false");
    declareAttr(graph, AGNODE, "shape", "box");
    declareAttr(graph, AGNODE, "fixedsize", "true");
    declareAttr(graph, AGNODE, "label", "");
    declareAttr(graph, AGNODE, "width", "1");
    declareAttr(graph, AGNODE, "height", "0.5");
    // We draw our own arrowheads; dir=none makes the splines end at the node borders.
    declareAttr(graph, AGEDGE, "dir", "none");
    declareAttr(graph, AGEDGE, "label", "");

    std::vector<Agnode_t*> gvNodes(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
        std::string name = "n" + std::to_string(i);
        Agnode_t* node = agnode(graph, name.data(), 1);
        setAttr(node, "width", number(input.nodes[i].widthPt / 72.0));
        setAttr(node, "height", number(input.nodes[i].heightPt / 72.0));
        gvNodes[i] = node;
    }
    std::vector<Agedge_t*> gvEdges(input.edges.size(), nullptr);
    for (std::size_t k = 0; k < input.edges.size(); ++k) {
        const LayoutInput::Edge& e = input.edges[k];
        if (e.from < 0 || e.to < 0 || static_cast<std::size_t>(e.from) >= n ||
            static_cast<std::size_t>(e.to) >= n)
            continue;
        gvEdges[k] = agedge(graph, gvNodes[static_cast<std::size_t>(e.from)],
                            gvNodes[static_cast<std::size_t>(e.to)], nullptr, 1);
        if (e.hasLabel()) {
            // We draw the text; dot only needs the box to keep free. An empty fixed-size HTML
            // table is a box of exactly that many points, independent of Graphviz's fonts.
            std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
                               "CELLPADDING=\"0\" FIXEDSIZE=\"TRUE\" WIDTH=\"" +
                               std::to_string(static_cast<int>(std::ceil(e.labelWidthPt))) +
                               "\" HEIGHT=\"" +
                               std::to_string(static_cast<int>(std::ceil(e.labelHeightPt))) +
                               "\"><TR><TD></TD></TR></TABLE>";
            std::string name = "label";
            std::string empty;
            agsafeset(gvEdges[k], name.data(), agstrdup_html(graph, html.data()), empty.data());
        }
    }

    std::string engine = "dot";
    if (gvLayout(gvc, graph, engine.data()) != 0) {
        agclose(graph);
        gvFreeContext(gvc);
        LayoutResult fallback = layoutLayeredSimple(input);
        fallback.message = "Graphviz dot failed; using the simple layout";
        return fallback;
    }

    LayoutResult result;
    result.engine = LayoutEngine::Graphviz;
    result.edgesAreBeziers = true;
    const boxf bb = GD_bb(graph);
    const double top = bb.UR.y;
    const double left = bb.LL.x;
    auto toScene = [&](pointf p) { return LayoutPoint{p.x - left, top - p.y}; };
    result.widthPt = bb.UR.x - bb.LL.x;
    result.heightPt = bb.UR.y - bb.LL.y;
    result.nodeCentres.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        result.nodeCentres[i] = toScene(ND_coord(gvNodes[i]));
    result.edgePoints.resize(input.edges.size());
    result.edgeLabelCentres.resize(input.edges.size());
    for (std::size_t k = 0; k < gvEdges.size(); ++k) {
        Agedge_t* edge = gvEdges[k];
        if (!edge)
            continue;
        if (input.edges[k].hasLabel()) {
            const textlabel_t* label = ED_label(edge);
            if (label && label->set) {
                result.edgeLabelCentres[k] = toScene(label->pos);
            } else {
                // dot always places edge labels; should it not, beside the edge's middle.
                const LayoutPoint a =
                    result.nodeCentres[static_cast<std::size_t>(input.edges[k].from)];
                const LayoutPoint b =
                    result.nodeCentres[static_cast<std::size_t>(input.edges[k].to)];
                result.edgeLabelCentres[k] = {(a.x + b.x) / 2.0 + input.edges[k].labelWidthPt / 2.0,
                                              (a.y + b.y) / 2.0};
            }
        }
        std::vector<LayoutPoint>& points = result.edgePoints[k];
        const splines* spl = ED_spl(edge);
        if (spl && spl->size > 0) {
            for (int b = 0; b < spl->size; ++b) {
                const bezier& bz = spl->list[b];
                // Consecutive beziers share their end points; keep the chain 1 + 3k long.
                for (int p = (points.empty() ? 0 : 1); p < bz.size; ++p)
                    points.push_back(toScene(bz.list[p]));
            }
        }
        if (points.size() < 4 || (points.size() - 1) % 3 != 0) {
            // No usable spline (should not happen with dot): a straight Bezier between centres.
            const LayoutPoint a = result.nodeCentres[static_cast<std::size_t>(input.edges[k].from)];
            const LayoutPoint b = result.nodeCentres[static_cast<std::size_t>(input.edges[k].to)];
            points = {a, a, b, b};
        }
    }
    gvFreeLayout(gvc, graph);
    agclose(graph);
    gvFreeContext(gvc);
    result.elapsedMs = msSince(start);
    return result;
}

} // namespace

LayoutResult layoutWithGraphviz(const LayoutInput& input)
{
    std::lock_guard lock(graphvizMutex());
    return layoutWithGraphvizLocked(input);
}

LayoutResult layoutWithBudget(const LayoutInput& input, std::chrono::milliseconds budget)
{
    const auto start = Clock::now();
    struct Shared
    {
        std::mutex mutex;
        std::condition_variable done;
        bool finished = false;
        bool abandoned = false;
        LayoutResult result;
    };
    auto shared = std::make_shared<Shared>();
    // The worker owns a copy of the input and the shared state, so it may outlive this call.
    std::thread([shared, input] {
        // Wait for the Graphviz lock (an earlier, abandoned run may still hold it), but give up
        // as soon as our caller has: a stale layout is not worth computing.
        std::timed_mutex& gvMutex = graphvizMutex();
        for (;;) {
            {
                std::lock_guard lock(shared->mutex);
                if (shared->abandoned)
                    return;
            }
            if (gvMutex.try_lock_for(std::chrono::milliseconds(20)))
                break;
        }
        LayoutResult result = layoutWithGraphvizLocked(input);
        gvMutex.unlock();
        std::lock_guard lock(shared->mutex);
        shared->result = std::move(result);
        shared->finished = true;
        shared->done.notify_all();
    }).detach();

    std::unique_lock lock(shared->mutex);
    if (shared->done.wait_for(lock, budget, [&] { return shared->finished; })) {
        LayoutResult result = std::move(shared->result);
        result.elapsedMs = msSince(start);
        return result;
    }
    shared->abandoned = true;
    lock.unlock();
    LayoutResult fallback = layoutLayeredSimple(input);
    fallback.budgetExceeded = true;
    fallback.message = "Graphviz did not finish within " + std::to_string(budget.count()) +
                       " ms; showing the simple layered layout";
    fallback.elapsedMs = msSince(start);
    return fallback;
}

} // namespace compass::ui
