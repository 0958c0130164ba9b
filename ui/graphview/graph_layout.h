// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace compass::ui {

/// A point in layout coordinates: points (1/72 inch), x to the right, y pointing DOWN
/// (already flipped from Graphviz's y-up convention).
struct LayoutPoint
{
    double x = 0.0;
    double y = 0.0;
};

enum class RankDirection
{
    TopToBottom,
    LeftToRight,
};

/// Graphviz dot's search limits. The defaults are dot's own; fast() are the limits that keep
/// dense fan-in graphs (DenseNet) to seconds instead of hours (docs/explorer.md).
struct LayoutLimits
{
    double nslimit = -1.0;  ///< Network-simplex iteration factor; < 0 leaves dot's default.
    double nslimit1 = -1.0; ///< Same for the rank assignment pass.
    double mclimit = -1.0;  ///< Crossing-minimisation factor; < 0 leaves dot's default.
    bool remincross = true; ///< Second crossing-minimisation pass.
    bool splines = true;    ///< Curved edges routed around nodes; false draws straight lines.

    static LayoutLimits fast() { return {0.1, 0.1, 0.01, false, false}; }
};

/// A widget-free description of what to lay out. Node indices are positions in `nodes`.
struct LayoutInput
{
    struct Node
    {
        double widthPt = 72.0;
        double heightPt = 36.0;
    };
    struct Edge
    {
        int from = 0;
        int to = 0;
        /// A label box to place beside the edge (dot keeps it clear of the nodes); none when
        /// either side is 0.
        double labelWidthPt = 0.0;
        double labelHeightPt = 0.0;
        bool hasLabel() const { return labelWidthPt > 0.0 && labelHeightPt > 0.0; }
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    RankDirection direction = RankDirection::TopToBottom;
    LayoutLimits limits;
    double nodeSepPt = 18.0; ///< Gap between neighbours in a rank.
    double rankSepPt = 30.0; ///< Gap between ranks.
};

/// Which engine produced a layout.
enum class LayoutEngine
{
    Graphviz,      ///< dot with the requested limits.
    LayeredSimple, ///< Our own rank-by-longest-path layout (fallback).
};

/// Plain positions: one centre per input node, one point list per input edge.
struct LayoutResult
{
    std::vector<LayoutPoint> nodeCentres; ///< Same order as LayoutInput::nodes.
    /// Same order as LayoutInput::edges. When `edgesAreBeziers`, each list is a cubic Bezier
    /// chain (1 + 3k points); otherwise a polyline. Lists run from the source to the target
    /// and stop at the node borders.
    std::vector<std::vector<LayoutPoint>> edgePoints;
    bool edgesAreBeziers = false;
    /// Same order as LayoutInput::edges: the centre of each edge's label box; meaningful only
    /// for edges with a label (hasLabel()), (0, 0) otherwise.
    std::vector<LayoutPoint> edgeLabelCentres;
    double widthPt = 0.0; ///< Bounding box, origin at (0, 0).
    double heightPt = 0.0;
    LayoutEngine engine = LayoutEngine::Graphviz;
    bool budgetExceeded = false; ///< Graphviz did not finish in time; this is the fallback.
    std::string message;         ///< Why a fallback was used, for the status bar.
    double elapsedMs = 0.0;
};

/// True when a graph has so much fan-in that dot's default limits may take minutes
/// (DenseNet-style concatenations); such graphs should use LayoutLimits::fast().
bool isDenseGraph(const LayoutInput& input);

/// Lays the graph out with Graphviz dot, in the calling thread. Serialised by a global lock
/// because Graphviz keeps global state. Never throws; on a Graphviz failure returns the
/// simple layered layout with `message` set.
LayoutResult layoutWithGraphviz(const LayoutInput& input);

/// Our own layered layout: ranks by longest path from the sources, order in a rank by the
/// mean position of predecessors. Linear-ish time; used when Graphviz is too slow.
LayoutResult layoutLayeredSimple(const LayoutInput& input);

/// Runs dot on a worker thread and waits at most `budget`. When dot has not finished, returns
/// layoutLayeredSimple() with budgetExceeded set; the abandoned dot run finishes (or not) in the
/// background and its result is discarded. Safe to call from any thread.
LayoutResult layoutWithBudget(const LayoutInput& input, std::chrono::milliseconds budget);

} // namespace compass::ui
