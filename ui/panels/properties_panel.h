// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QWidget>

#include <memory>
#include <set>

class QAction;
class QLabel;
class QStackedWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace compass::ui {

class ProjectDocument;
struct NodeProperties;

/// Netron's properties pane for the COMPASS explorer: the selected node's name, op, domain,
/// attributes, inputs and outputs with their shapes, weight matrix, work and its mapping on the
/// current chip and plan (partition, crossbars, units, replication, the partition's cost), as a
/// two-column tree (Property, Value) of expanded sections. Follows the document: it refreshes
/// when the plan, its evaluation, the chip or the batch change, and clears when the model does.
/// Rows can be selected and copied (Copy button, Ctrl+C, context menu) as tab-separated
/// "section\tproperty\tvalue" lines.
class PropertiesPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit PropertiesPanel(ProjectDocument* document, QWidget* parent = nullptr);
    ~PropertiesPanel() override;

    /// Shows the node with this compass::NodeId value; -1, any other negative id (GraphPanel::
    /// nodeSelected's INT_MIN for none, a collapsed block's summary) or an id the network does
    /// not have clears the panel and shows the hint. Connect nodeSelected here directly.
    void showNode(int nodeId);
    /// The node shown, -1 when none.
    int nodeId() const;
    /// Every row shown, as "section\tproperty\tvalue" lines; empty when no node is shown.
    QString toText() const;
    /// The selected rows as toText() writes them (a selected section stands for all its rows);
    /// every row when nothing is selected.
    QString selectedText() const;
    /// Puts selectedText() on the clipboard.
    void copy();

    /// The parts, for tests and the screenshot check.
    QTreeWidget* tree() const { return m_tree; }
    QLabel* headerLabel() const { return m_header; }
    QLabel* hintLabel() const { return m_hint; }
    QToolButton* copyButton() const { return m_copyButton; }
    /// The properties shown (empty without a node).
    const NodeProperties& properties() const { return *m_properties; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    /// Rebuilds the rows from the document, keeping collapsed sections, the selection and the
    /// scroll position.
    void refresh();
    void rebuildTree();
    void updateHeader();
    void fitPropertyColumn();

    ProjectDocument* m_document;
    std::unique_ptr<NodeProperties> m_properties;
    int m_nodeId = -1;
    QLabel* m_header = nullptr;
    QToolButton* m_copyButton = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_hint = nullptr;
    QTreeWidget* m_tree = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_copyAllAction = nullptr;
    std::set<int> m_collapsedSections; ///< PropertySection::Kind values the user collapsed.
};

} // namespace compass::ui
