// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstdint>
#include <set>
#include <vector>

namespace compass {
class Graph;
}

namespace compass::ui {

/// One box in the graph view: a compute node of the network, or the summary of a collapsed
/// block. Plain values, no widgets, so the view can be fed from tests and from the document.
struct GraphViewNode
{
    /// Unique in a model: the compass::NodeId value for a network node, -(block + 1) for the
    /// summary of a collapsed block.
    int id = 0;
    QString name;
    QString op;                 ///< ONNX op type, or "Block" for a summary.
    bool isWeightLayer = false; ///< Holds a weight matrix (Conv, Gemm, MatMul).
    /// A MatMul of two activations (attention's Q·Kᵀ and A·V): MACs but no weights.
    bool isAttention = false;
    QString shapesText;       ///< "1×64×56×56 → 1×64×56×56".
    std::int64_t weights = 0; ///< Weight count (crossbar cells before bit slicing).
    std::int64_t macs = 0;    ///< Multiply-accumulates per inference.
    int partition = -1;       ///< Partition index in the current plan; -1 when none.
    int crossbars = -1;       ///< Crossbars used, -1 until a mapping exists.
    int units = -1;           ///< Partition units, -1 until a mapping exists.
    int replication = -1;     ///< Replication factor, -1 until a plan exists.
    int block = -1;           ///< Enclosing block (or the summarised one); -1 when none.
    bool isSummary = false;   ///< Stands for a collapsed block.
    int memberCount = 1;      ///< Network nodes this box stands for.
    /// A summary's partitions, ascending (empty without a plan); a cut inside the block gives
    /// two or more.
    std::vector<int> partitions;
    QString tooltip; ///< Rich text shown on hover; see describeNode().
};

/// A producer -> consumer dependency; indices into GraphViewModel::nodes.
struct GraphViewEdge
{
    int from = 0;
    int to = 0;
    /// The shape of the tensor the consumer reads from the producer ("1×64×56×56"); several
    /// distinct tensors between the same pair are joined with ", ". Empty when unknown.
    QString shape;
};

/// A structurally detected block (ResNet block, Fire module, Inception module, dense block):
/// the nodes strictly between two single-tensor cut points of the DAG.
struct GraphBlock
{
    int index = 0;
    QString name;             ///< Common name prefix of its members, or "Block k".
    std::vector<int> members; ///< Node indices in the full (uncollapsed) model, in order.
    int weightLayers = 0;
};

/// What the graph view shows. Nodes are in a topological order.
struct GraphViewModel
{
    QString modelName;
    std::vector<GraphViewNode> nodes;
    std::vector<GraphViewEdge> edges;
    std::vector<GraphBlock> blocks; ///< Always refers to the full model's node indices.

    /// Position of the node with this id, or -1.
    int indexOfId(int id) const;
    /// Position of the node with exactly this name, or -1.
    int indexOfName(const QString& name) const;
    /// Positions of the nodes with an edge into / out of `index`.
    std::vector<int> predecessors(int index) const;
    std::vector<int> successors(int index) const;
};

/// The view model of a network: every compute node (folded constants left out) and the
/// tensor edges between them, with blocks detected and partitions unset (-1).
GraphViewModel buildGraphViewModel(const Graph& graph);

/// Finds blocks in a full model whose nodes are in topological order: maximal runs of at
/// least `minNodes` nodes between two boundaries that exactly one producer crosses.
/// A transformer (a model with attention MatMuls) is cut into its numbered layers instead
/// ("/encoder/layers/encoder_layer_0", "/h.0"): one block per encoder or decoder layer.
std::vector<GraphBlock> detectBlocks(const GraphViewModel& model, int minNodes = 3);

/// The model with each block in `collapsedBlocks` replaced by one summary node.
/// `full` must be uncollapsed; the result keeps `full.blocks`.
GraphViewModel collapseBlocks(const GraphViewModel& full, const std::set<int>& collapsedBlocks);

/// Sets partition indices by node id (compass::NodeId value); ids beyond the vector get -1.
/// Summary nodes take their first weight member's partition. Refreshes tooltips.
void applyPartitions(GraphViewModel& full, const std::vector<int>& partitionByNodeId);

/// Rich-text tooltip: op, shapes, weights, MACs, crossbars, units, replication, partition.
QString describeNode(const GraphViewNode& node);

/// True for a dense-fan-in, very large or transformer (attention MatMuls) model that should be
/// collapsed before layout.
bool shouldAutoCollapse(const GraphViewModel& full, int maxNodes = 1000);

} // namespace compass::ui
