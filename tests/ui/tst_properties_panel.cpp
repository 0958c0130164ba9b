// SPDX-License-Identifier: MIT
// The properties panel: a resnet18 Conv shows its op, attributes, shapes, MACs, crossbars and
// partition; a Relu has no weights; a cut edit updates the partition row; rows copy as
// tab-separated text; -1 shows the hint. The widget-free builder on hand-made graphs.
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "core/ir/graph.h"
#include "core/problem/mapped_problem.h"
#include "test_graphs.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#include "ui/panels/node_properties.h"
#include "ui/panels/properties_panel.h"
#endif

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QStackedWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

#include <limits>

using namespace compass;
using namespace compass::ui;
using Kind = PropertySection::Kind;

namespace {

/// "36 (14.1 % of the chip's 256)" -> "36": the leading number without its digit groups.
QString leadingNumber(const QString& value)
{
    QString digits;
    for (QChar ch : value) {
        if (ch.isDigit())
            digits += ch;
        else if (ch == QChar(0x202F))
            continue;
        else
            break;
    }
    return digits;
}

QString dimsText(const Tensor& t)
{
    QStringList parts;
    for (std::int64_t d : t.dims)
        parts << QString::number(d);
    return parts.join(QChar(0x00D7));
}

QTreeWidgetItem* findRow(QTreeWidget* tree, const QString& section, const QString& name)
{
    for (int s = 0; s < tree->topLevelItemCount(); ++s) {
        QTreeWidgetItem* item = tree->topLevelItem(s);
        if (!item->text(0).startsWith(section))
            continue;
        for (int r = 0; r < item->childCount(); ++r) {
            if (item->child(r)->text(0) == name)
                return item->child(r);
        }
    }
    return nullptr;
}

} // namespace

class TestPropertiesPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void hintWhenNothingIsSelected();
    void convShowsOpShapesWorkAndMapping();
    void reluHasNoWeights();
    void cutEditUpdatesThePartition();
    void copiesSelectedOrAllRows();
    void modelChangeClears();
    void sectionsStayCollapsedAcrossRefresh();
    void builderWithoutMapping();
    void builderFormatsAttributesAndSymbolicDims();

private:
    NodeId firstConv3x3() const;
    NodeId firstOf(OpKind kind) const;
    void waitForEvaluation();

    std::shared_ptr<const Graph> m_graph;
    std::unique_ptr<ProjectDocument> m_doc;
    std::unique_ptr<PropertiesPanel> m_panel;
};

void TestPropertiesPanel::initTestCase()
{
    const LoadedGraph loaded =
        ProjectLoader::loadNow(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
    QVERIFY(loaded.ok());
    m_graph = loaded.graph;
}

void TestPropertiesPanel::init()
{
    m_doc = std::make_unique<ProjectDocument>();
    m_doc->setDebounceMs(0);
    m_doc->setModel(m_graph, QStringLiteral("resnet18.onnx"));
    m_panel = std::make_unique<PropertiesPanel>(m_doc.get());
    m_panel->resize(360, 700);
    waitForEvaluation();
}

void TestPropertiesPanel::cleanup()
{
    m_panel.reset();
    m_doc.reset();
}

void TestPropertiesPanel::waitForEvaluation()
{
    QTRY_VERIFY(!m_doc->isEvaluating());
    QTRY_VERIFY(m_doc->evaluation().cuts == m_doc->plan().cuts());
}

NodeId TestPropertiesPanel::firstConv3x3() const
{
    for (const Node& node : m_graph->nodes()) {
        if (node.kind == OpKind::Conv && node.weights &&
            node.attrInts("kernel_shape") == std::vector<std::int64_t>{3, 3})
            return node.id;
    }
    return {};
}

NodeId TestPropertiesPanel::firstOf(OpKind kind) const
{
    for (const Node& node : m_graph->nodes()) {
        if (node.kind == kind && !node.isFolded)
            return node.id;
    }
    return {};
}

void TestPropertiesPanel::hintWhenNothingIsSelected()
{
    QCOMPARE(m_panel->objectName(), QStringLiteral("PropertiesPanel"));
    QCOMPARE(m_panel->nodeId(), -1);
    QVERIFY(m_panel->toText().isEmpty());
    QCOMPARE(m_panel->hintLabel()->text(),
             QStringLiteral("Select a node in the graph to see its properties"));
    auto* stack = qobject_cast<QStackedWidget*>(m_panel->tree()->parentWidget());
    QVERIFY(stack);
    QCOMPARE(stack->currentWidget(), m_panel->hintLabel());

    m_panel->showNode(firstConv3x3().value);
    QCOMPARE(stack->currentWidget(), m_panel->tree());
    m_panel->showNode(-1);
    QCOMPARE(m_panel->nodeId(), -1);
    QCOMPARE(stack->currentWidget(), m_panel->hintLabel());
    QCOMPARE(m_panel->tree()->topLevelItemCount(), 0);
    QVERIFY(m_panel->toText().isEmpty());
    // GraphPanel::nodeSelected's "none" (INT_MIN) and a collapsed block's summary (-k) clear.
    m_panel->showNode(firstConv3x3().value);
    m_panel->showNode(std::numeric_limits<int>::min());
    QCOMPARE(m_panel->nodeId(), -1);
    m_panel->showNode(firstConv3x3().value);
    m_panel->showNode(-2);
    QCOMPARE(m_panel->nodeId(), -1);
    QCOMPARE(stack->currentWidget(), m_panel->hintLabel());
    // An id the network does not have clears too.
    m_panel->showNode(static_cast<int>(m_graph->nodes().size()));
    QCOMPARE(m_panel->nodeId(), -1);
    QCOMPARE(stack->currentWidget(), m_panel->hintLabel());
}

void TestPropertiesPanel::convShowsOpShapesWorkAndMapping()
{
    const NodeId id = firstConv3x3();
    QVERIFY(id.isValid());
    const Node& node = m_graph->node(id);
    m_panel->showNode(id.value);
    QCOMPARE(m_panel->nodeId(), id.value);
    QCOMPARE(m_panel->headerLabel()->text(), QString::fromStdString(node.name));
    const NodeProperties& p = m_panel->properties();

    QCOMPARE(p.row(Kind::Node, QStringLiteral("Name"))->value, QString::fromStdString(node.name));
    QCOMPARE(p.row(Kind::Node, QStringLiteral("Op type"))->value, QStringLiteral("Conv"));
    QCOMPARE(p.row(Kind::Node, QStringLiteral("Domain"))->value, QStringLiteral("ai.onnx"));
    QCOMPARE(p.row(Kind::Attributes, QStringLiteral("kernel_shape"))->value,
             QStringLiteral("[3, 3]"));
    QVERIFY(p.row(Kind::Attributes, QStringLiteral("strides")));

    // Inputs: the activation with its shape, the weight marked as such; the output's shape.
    const Tensor& x = m_graph->tensor(node.inputs[0]);
    const PropertyRow* in = p.row(Kind::Inputs, QString::fromStdString(x.name));
    QVERIFY(in);
    QVERIFY2(in->value.startsWith(dimsText(x) + QStringLiteral(" · float32")),
             qPrintable(in->value));
    QVERIFY(!in->value.contains(QStringLiteral("weight")));
    const Tensor& w = m_graph->tensor(node.weights->weight);
    const PropertyRow* weight = p.row(Kind::Inputs, QString::fromStdString(w.name));
    QVERIFY(weight);
    QVERIFY2(weight->value.startsWith(dimsText(w)), qPrintable(weight->value));
    QVERIFY2(weight->value.contains(QStringLiteral("weight (initializer)")),
             qPrintable(weight->value));
    if (node.weights->hasBias && node.inputs.size() >= 3) {
        const PropertyRow* bias =
            p.row(Kind::Inputs, QString::fromStdString(m_graph->tensor(node.inputs[2]).name));
        QVERIFY(bias);
        QVERIFY2(bias->value.endsWith(QStringLiteral("bias (initializer)")),
                 qPrintable(bias->value));
    }
    const Tensor& y = m_graph->tensor(node.outputs[0]);
    const PropertyRow* out = p.row(Kind::Outputs, QString::fromStdString(y.name));
    QVERIFY(out);
    QVERIFY2(out->value.startsWith(dimsText(y)), qPrintable(out->value));

    // Weights and work.
    QCOMPARE(leadingNumber(p.row(Kind::Weights, QStringLiteral("Weight count"))->value),
             QString::number(node.weights->weightCount()));
    QCOMPARE(p.row(Kind::Weights, QStringLiteral("Kernel"))->value, QStringLiteral("3×3"));
    QVERIFY(p.row(Kind::Weights, QStringLiteral("Size at chip precision"))
                ->value.contains(QStringLiteral("%1-bit").arg(m_doc->arch().weightBits)));
    QCOMPARE(leadingNumber(p.row(Kind::Work, QStringLiteral("MACs per inference"))->value),
             QString::number(node.macs));

    // Mapping: crossbars as the evaluation counts them, the partition the plan puts it in.
    const PropertySection* mapping = p.section(Kind::Mapping);
    QVERIFY(mapping);
    QVERIFY2(mapping->title.startsWith(QStringLiteral("Mapping on sram-M")),
             qPrintable(mapping->title));
    const NodeMapping& m = m_doc->evaluation().nodes[id.index()];
    QVERIFY(m.crossbars > 0);
    QCOMPARE(leadingNumber(mapping->row(QStringLiteral("Crossbars"))->value),
             QString::number(m.crossbars));
    QCOMPARE(
        mapping->row(QStringLiteral("Units"))->value,
        QStringLiteral("%1 [%2..%3]")
            .arg(m.units == 1 ? QStringLiteral("1 unit") : QStringLiteral("%1 units").arg(m.units))
            .arg(m.firstUnit)
            .arg(m.endUnit - 1));
    QCOMPARE(m.partition, m.lastPartition);
    const std::vector<std::int32_t>& cuts = m_doc->plan().cuts();
    int expected = -1;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        if (cuts[i] <= m.firstUnit && m.firstUnit < cuts[i + 1])
            expected = static_cast<int>(i);
    }
    QCOMPARE(mapping->row(QStringLiteral("Partition"))->value, QString::number(expected));
    QCOMPARE(m.partition, expected);
    // The evaluation is current: replication and the partition's cost are shown.
    QCOMPARE(mapping->row(QStringLiteral("Replication"))->value,
             QStringLiteral("×%1").arg(m.replication));
    QVERIFY(mapping->row(QStringLiteral("Partition latency"))
                ->value.contains(QStringLiteral("of the plan")));
    QVERIFY(mapping->row(QStringLiteral("Partition energy")));
    QVERIFY(!mapping->row(QStringLiteral("Cost")));

    // The tree shows the same rows.
    QTreeWidgetItem* kernel =
        findRow(m_panel->tree(), QStringLiteral("Attributes"), QStringLiteral("kernel_shape"));
    QVERIFY(kernel);
    QCOMPARE(kernel->text(1), QStringLiteral("[3, 3]"));
    QVERIFY(kernel->toolTip(1).contains(QStringLiteral("[3, 3]")));
    // A value opens in a read-only line edit, to select part of it; nothing changes.
    m_panel->tree()->editItem(kernel, 1);
    auto* editor = m_panel->tree()->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    QVERIFY(editor->isReadOnly());
    QCOMPARE(editor->text(), QStringLiteral("[3, 3]"));
    m_panel->tree()->closePersistentEditor(kernel, 1);
    QCOMPARE(kernel->text(1), QStringLiteral("[3, 3]"));
    for (int s = 0; s < m_panel->tree()->topLevelItemCount(); ++s)
        QVERIFY(m_panel->tree()->topLevelItem(s)->isExpanded());
    QCOMPARE(m_panel->tree()->headerItem()->text(0), QStringLiteral("Property"));
    QCOMPARE(m_panel->tree()->headerItem()->text(1), QStringLiteral("Value"));
}

void TestPropertiesPanel::reluHasNoWeights()
{
    const NodeId id = firstOf(OpKind::Relu);
    QVERIFY(id.isValid());
    m_panel->showNode(id.value);
    const NodeProperties& p = m_panel->properties();
    QCOMPARE(p.row(Kind::Node, QStringLiteral("Op type"))->value, QStringLiteral("Relu"));
    QVERIFY(!p.section(Kind::Weights));
    QVERIFY(!p.section(Kind::Attributes));
    QCOMPARE(p.row(Kind::Mapping, QStringLiteral("Crossbars"))->value,
             QStringLiteral("not mapped (no weights)"));
    QVERIFY(!p.row(Kind::Mapping, QStringLiteral("Replication")));
    QVERIFY(!p.row(Kind::Mapping, QStringLiteral("Units")));
    QVERIFY(p.row(Kind::Work, QStringLiteral("MACs per inference"))
                ->value.startsWith(QStringLiteral("none")));
    // It runs in the partition of the layer that produces its input.
    QCOMPARE(p.row(Kind::Mapping, QStringLiteral("Partition"))->value,
             QString::number(m_doc->evaluation().partitionOfNode(id.value)));
    QVERIFY(p.row(Kind::Mapping, QStringLiteral("Runs with")));
}

void TestPropertiesPanel::cutEditUpdatesThePartition()
{
    // The layer holding the first unit after cut 0: moving the cut to its end puts all of it
    // in partition 0.
    const std::vector<std::int32_t> inner = m_doc->innerCuts();
    QVERIFY(inner.size() >= 2);
    const UnitTable& units = m_doc->problem()->units();
    const std::int32_t layer = units.unit(static_cast<std::size_t>(inner[0])).layerIndex;
    const NodeId id = units.layer(static_cast<std::size_t>(layer)).layer;
    const std::int32_t end = units.layerEndUnit(static_cast<std::size_t>(layer));
    if (end >= inner[1])
        QSKIP("the layer fills partition 1");
    m_panel->showNode(id.value);
    const QString before =
        m_panel->properties().row(Kind::Mapping, QStringLiteral("Partition"))->value;
    QVERIFY(before != QStringLiteral("0"));

    QVERIFY(m_doc->moveCut(0, end));
    // The plan's partition at once; its cost once the evaluation of the new plan arrives.
    QCOMPARE(m_panel->properties().row(Kind::Mapping, QStringLiteral("Partition"))->value,
             QStringLiteral("0"));
    QTreeWidgetItem* row =
        findRow(m_panel->tree(), QStringLiteral("Mapping"), QStringLiteral("Partition"));
    QVERIFY(row);
    QCOMPARE(row->text(1), QStringLiteral("0"));
    if (m_doc->evaluation().cuts != m_doc->plan().cuts())
        QCOMPARE(m_panel->properties().row(Kind::Mapping, QStringLiteral("Cost"))->value,
                 QStringLiteral("evaluating…"));
    waitForEvaluation();
    QVERIFY(!m_panel->properties().row(Kind::Mapping, QStringLiteral("Cost")));
    QCOMPARE(m_doc->evaluation().partitionOfNode(id.value), 0);

    m_doc->undoStack()->undo();
    QCOMPARE(m_panel->properties().row(Kind::Mapping, QStringLiteral("Partition"))->value, before);

    // A whole new plan: one partition.
    QVERIFY(m_doc->applyPlan({}, QStringLiteral("One partition")));
    QCOMPARE(m_panel->properties().row(Kind::Mapping, QStringLiteral("Partition"))->value,
             QStringLiteral("0"));
    QCOMPARE(m_panel->nodeId(), id.value);
    // resnet18 does not fit the chip in one partition: the row says why, no cost is made up.
    waitForEvaluation();
    QVERIFY(!m_doc->evaluation().valid);
    const PropertyRow* status =
        m_panel->properties().row(Kind::Mapping, QStringLiteral("Partition status"));
    QVERIFY(status);
    QVERIFY2(status->value.startsWith(QStringLiteral("invalid: ")), qPrintable(status->value));
    QVERIFY(!m_panel->properties().row(Kind::Mapping, QStringLiteral("Partition latency")));
    QVERIFY(!m_panel->properties().row(Kind::Mapping, QStringLiteral("Replication")));
}

void TestPropertiesPanel::copiesSelectedOrAllRows()
{
    const NodeId id = firstConv3x3();
    m_panel->showNode(id.value);
    QTreeWidget* tree = m_panel->tree();
    QClipboard* clipboard = QApplication::clipboard();

    // Nothing selected: every row.
    clipboard->clear();
    m_panel->copyButton()->click();
    const QString all = clipboard->text();
    QCOMPARE(all, m_panel->toText());
    QVERIFY(all.startsWith(
        QStringLiteral("Node\tName\t%1\n").arg(QString::fromStdString(m_graph->node(id).name))));
    QVERIFY(all.contains(QStringLiteral("Attributes\tkernel_shape\t[3, 3]\n")));
    QVERIFY(all.contains(QStringLiteral("\tCrossbars\t")));
    for (const QString& line : all.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        QCOMPARE(line.count(QLatin1Char('\t')), 2);

    // Two rows selected, copied with Ctrl+C: just those, in display order.
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QApplication::setActiveWindow(m_panel.get());
    tree->setFocus();
    findRow(tree, QStringLiteral("Attributes"), QStringLiteral("kernel_shape"))->setSelected(true);
    findRow(tree, QStringLiteral("Node"), QStringLiteral("Op type"))->setSelected(true);
    clipboard->clear();
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text(),
             QStringLiteral("Node\tOp type\tConv\nAttributes\tkernel_shape\t[3, 3]\n"));

    // A selected section stands for its rows; the context menu has Copy.
    tree->clearSelection();
    tree->topLevelItem(0)->setSelected(true);
    QVERIFY(m_panel->selectedText().startsWith(QStringLiteral("Node\tName\t")));
    QCOMPARE(m_panel->selectedText().count(QLatin1Char('\n')), tree->topLevelItem(0)->childCount());
    QCOMPARE(tree->contextMenuPolicy(), Qt::ActionsContextMenu);
    bool hasCopy = false;
    for (QAction* action : tree->actions())
        hasCopy = hasCopy || action->text() == QStringLiteral("Copy");
    QVERIFY(hasCopy);

    // A refresh of the same node keeps the selection.
    emit m_doc->evaluationChanged();
    QVERIFY(tree->topLevelItem(0)->isSelected());
}

void TestPropertiesPanel::modelChangeClears()
{
    m_panel->showNode(firstConv3x3().value);
    QVERIFY(m_panel->nodeId() >= 0);
    m_doc->setModel(m_graph, QStringLiteral("resnet18.onnx"));
    QCOMPARE(m_panel->nodeId(), -1);
    QVERIFY(m_panel->toText().isEmpty());
    m_doc->setModel(nullptr, {});
    m_panel->showNode(3);
    QCOMPARE(m_panel->nodeId(), -1);
}

void TestPropertiesPanel::sectionsStayCollapsedAcrossRefresh()
{
    m_panel->showNode(firstConv3x3().value);
    QTreeWidget* tree = m_panel->tree();
    QTreeWidgetItem* attributes = nullptr;
    for (int s = 0; s < tree->topLevelItemCount(); ++s) {
        if (tree->topLevelItem(s)->text(0) == QStringLiteral("Attributes"))
            attributes = tree->topLevelItem(s);
    }
    QVERIFY(attributes);
    attributes->setExpanded(false);
    emit m_doc->planChanged();
    for (int s = 0; s < tree->topLevelItemCount(); ++s) {
        QTreeWidgetItem* item = tree->topLevelItem(s);
        QCOMPARE(item->isExpanded(), item->text(0) != QStringLiteral("Attributes"));
    }
}

void TestPropertiesPanel::builderWithoutMapping()
{
    // A network without weight layers has no mapped problem: nothing is said about chips.
    test::GraphBuilder b("no_weights");
    const TensorId x = b.input("x", {1, 8, 4, 4});
    b.op(OpKind::Relu, "/relu/Relu", {x}, {1, 8, 4, 4});
    const Graph graph = b.take();
    NodePropertiesContext context;
    context.graph = &graph;
    const NodeProperties p = buildNodeProperties(context, 0);
    QCOMPARE(p.nodeName, QStringLiteral("/relu/Relu"));
    QCOMPARE(p.section(Kind::Mapping)->title, QStringLiteral("Mapping"));
    QCOMPARE(p.row(Kind::Mapping, QStringLiteral("Crossbars"))->value,
             QStringLiteral("not mapped (no weights)"));
    QVERIFY(!p.row(Kind::Mapping, QStringLiteral("Partition")));
    QCOMPARE(p.row(Kind::Inputs, QStringLiteral("x"))->value,
             QStringLiteral("1×8×4×4 · float32 · graph input"));
    QVERIFY(buildNodeProperties(context, 1).isEmpty());
    QVERIFY(buildNodeProperties(context, -1).isEmpty());
    QVERIFY(buildNodeProperties(NodePropertiesContext{}, 0).isEmpty());
}

void TestPropertiesPanel::builderFormatsAttributesAndSymbolicDims()
{
    test::GraphBuilder b("attributes");
    const TensorId x = b.input("x", {1, 16});
    b.op(OpKind::Gemm, "/fc/Gemm", {x}, {1, 8}, 16, 8);
    Graph graph = b.take();
    graph.tensor(x).symbolicDims = {"batch", ""};
    Node& node = graph.node(NodeId(0));
    node.domain = "com.example";
    Attribute alpha;
    alpha.type = Attribute::Type::Float;
    alpha.f = 0.5;
    node.attributes["alpha"] = alpha;
    Attribute many;
    many.type = Attribute::Type::Ints;
    for (int i = 0; i < 20; ++i)
        many.ints.push_back(i);
    node.attributes["many"] = many;
    Attribute tensor;
    tensor.type = Attribute::Type::Tensor;
    tensor.tensorType = ElementType::Int64;
    tensor.tensorDims = {2};
    tensor.tensorInts = std::vector<std::int64_t>{4, 5};
    node.attributes["value"] = tensor;
    Attribute name;
    name.type = Attribute::Type::String;
    name.s = "NOTSET";
    node.attributes["auto_pad"] = name;

    NodePropertiesContext context;
    context.graph = &graph;
    const NodeProperties p = buildNodeProperties(context, 0);
    QCOMPARE(p.row(Kind::Node, QStringLiteral("Domain"))->value, QStringLiteral("com.example"));
    QCOMPARE(p.row(Kind::Attributes, QStringLiteral("alpha"))->value, QStringLiteral("0.5"));
    QCOMPARE(p.row(Kind::Attributes, QStringLiteral("auto_pad"))->value, QStringLiteral("NOTSET"));
    QCOMPARE(p.row(Kind::Attributes, QStringLiteral("many"))->value,
             QStringLiteral("[0, 1, 2, 3, 4, 5, 6, 7, …] (20 values)"));
    QVERIFY(
        p.row(Kind::Attributes, QStringLiteral("many"))->tooltip.contains(QStringLiteral("19]")));
    QCOMPARE(p.row(Kind::Attributes, QStringLiteral("value"))->value,
             QStringLiteral("tensor int64 2 = [4, 5]"));
    // Attributes are listed by name.
    QCOMPARE(p.section(Kind::Attributes)->rows.front().name, QStringLiteral("alpha"));
    QCOMPARE(p.row(Kind::Inputs, QStringLiteral("x"))->value,
             QStringLiteral("batch×16 (batch = 1) · float32 · graph input"));
    QCOMPARE(p.row(Kind::Weights, QStringLiteral("Matrix"))->value,
             QStringLiteral("16 rows × 8 cols × 1 group"));
    QVERIFY(!p.row(Kind::Weights, QStringLiteral("Kernel"))); // not a convolution
    QCOMPARE(p.row(Kind::Mapping, QStringLiteral("Crossbars"))->value,
             QStringLiteral("not mapped"));
}

QTEST_MAIN(TestPropertiesPanel)
#include "tst_properties_panel.moc"
