// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <vector>

namespace compass {
class Graph;
class MappedProblem;
class Plan;
} // namespace compass

namespace compass::ui {

class ProjectDocument;
struct PlanEvaluation;
struct UnitLayout;

/// One line of the properties panel: a property, its value as shown, and an optional tooltip
/// with the longer story (exact figures, where a number comes from).
struct PropertyRow
{
    QString name;
    QString value;
    QString tooltip;
};

/// A titled group of rows ("Node", "Attributes", "Mapping on sram-M" ...).
struct PropertySection
{
    enum class Kind
    {
        Node,
        Attributes,
        Inputs,
        Outputs,
        Weights,
        Work,
        Mapping,
    };
    Kind kind = Kind::Node;
    QString title;
    std::vector<PropertyRow> rows;

    /// The first row called `name`, or null.
    const PropertyRow* row(const QString& name) const;
};

/// What the properties panel shows for one graph node: its sections in display order. Empty
/// (no sections) when the node id is not a node of the graph. A value: widget-free.
struct NodeProperties
{
    int nodeId = -1;
    QString nodeName;
    QString opType;
    std::vector<PropertySection> sections;

    bool isEmpty() const { return sections.empty(); }
    /// The section of `kind`, or null when the node has none (no attributes, no weights).
    const PropertySection* section(PropertySection::Kind kind) const;
    /// The row `name` of the section of `kind`, or null.
    const PropertyRow* row(PropertySection::Kind kind, const QString& name) const;
    /// Every row as "section\tproperty\tvalue" lines, the panel's "Copy all".
    QString toText() const;
};

/// The document state a node's properties are read from. Every pointer but `graph` may be
/// null: rows that need a missing part are left out (no mapping without a problem, no cost
/// without an evaluation of the current plan).
struct NodePropertiesContext
{
    const Graph* graph = nullptr;
    /// The network mapped on the current chip; null without weight layers.
    const MappedProblem* problem = nullptr;
    const UnitLayout* layout = nullptr;
    const Plan* plan = nullptr;
    /// Used only when it describes `plan` on the problem's chip and batch (an evaluation still
    /// running for an edit is not shown as the plan's cost).
    const PlanEvaluation* evaluation = nullptr;
};

/// The properties of node `nodeId` (a compass::NodeId value): Node, Attributes, Inputs,
/// Outputs, Weights, Work and Mapping sections, each present only when it has something true
/// to say. Values are formatted as the rest of the UI formats them (core/support/units.h).
NodeProperties buildNodeProperties(const NodePropertiesContext& context, int nodeId);
/// The same, from the document's current network, problem, unit layout, plan and evaluation.
NodeProperties buildNodeProperties(const ProjectDocument& document, int nodeId);

/// A value (or a name) as one line of the copied text: tabs and line breaks become spaces.
QString propertyTextCell(const QString& text);

} // namespace compass::ui
