// SPDX-License-Identifier: MIT
#include "node_properties.h"

#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/problem/mapped_problem.h"
#include "core/support/units.h"
#include "ui/document/plan_evaluation.h"
#include "ui/document/project_document.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace compass::ui {

namespace {

using Kind = PropertySection::Kind;

constexpr int kListShown = 8;      ///< Values of a list shown in the value column.
constexpr int kListInTooltip = 64; ///< Values of a list the tooltip spells out.
constexpr int kConsumersNamed = 6;

/// 2359296 -> "2 359 296" with narrow no-break spaces, as the graph's tooltips write counts.
QString grouped(std::int64_t value)
{
    QString s = QString::number(value < 0 ? -value : value);
    for (qsizetype i = s.size() - 3; i > 0; i -= 3)
        s.insert(i, QChar(0x202F));
    return value < 0 ? QStringLiteral("-") + s : s;
}

/// A share as a percentage; small ones keep two significant digits ("0.028 %"), never "0.0 %".
QString share(double fraction)
{
    if (fraction > 0.0 && fraction < 0.001)
        return units::number(100.0 * fraction, 2) + QStringLiteral(" %");
    return units::percent(fraction);
}

QString times()
{
    return QString(QChar(0x00D7));
}

QString joinNumbers(const std::vector<std::int64_t>& values, int limit)
{
    QStringList parts;
    const auto shown = std::min<std::size_t>(values.size(), static_cast<std::size_t>(limit));
    for (std::size_t i = 0; i < shown; ++i)
        parts << QString::number(values[i]);
    if (values.size() > shown)
        parts << QStringLiteral("…");
    return parts.join(QStringLiteral(", "));
}

QString joinNumbers(const std::vector<double>& values, int limit)
{
    QStringList parts;
    const auto shown = std::min<std::size_t>(values.size(), static_cast<std::size_t>(limit));
    for (std::size_t i = 0; i < shown; ++i)
        parts << units::number(values[i], 6);
    if (values.size() > shown)
        parts << QStringLiteral("…");
    return parts.join(QStringLiteral(", "));
}

/// "[3, 3]"; a long list is cut after kListShown values and the tooltip has more of it.
template <typename T> PropertyRow listRow(const QString& name, const std::vector<T>& values)
{
    PropertyRow row{name, QStringLiteral("[%1]").arg(joinNumbers(values, kListShown)), {}};
    if (values.size() > static_cast<std::size_t>(kListShown)) {
        row.value += QStringLiteral(" (%1)").arg(
            units::count(static_cast<std::int64_t>(values.size()), QStringLiteral("value"),
                         QStringLiteral("values")));
        row.tooltip = QStringLiteral("[%1]").arg(joinNumbers(values, kListInTooltip));
    }
    return row;
}

QString dimsText(const Dims& dims)
{
    if (dims.empty())
        return QStringLiteral("scalar");
    QStringList parts;
    for (std::int64_t d : dims)
        parts << (d < 0 ? QStringLiteral("?") : QString::number(d));
    return parts.join(times());
}

/// "1×64×56×56"; a graph input with named dynamic dims reads "batch×3×224×224 (batch = 1)".
QString shapeText(const Tensor& tensor)
{
    if (!tensor.hasShape)
        return QStringLiteral("unknown shape");
    if (tensor.dims.empty())
        return QStringLiteral("scalar");
    bool symbolic = false;
    QStringList parts;
    QStringList given;
    for (std::size_t i = 0; i < tensor.dims.size(); ++i) {
        const std::int64_t d = tensor.dims[i];
        const QString fixed = d < 0 ? QStringLiteral("?") : QString::number(d);
        if (i < tensor.symbolicDims.size() && !tensor.symbolicDims[i].empty()) {
            const QString name = QString::fromStdString(tensor.symbolicDims[i]);
            parts << name;
            if (!given.contains(name + QStringLiteral(" = ") + fixed))
                given << name + QStringLiteral(" = ") + fixed;
            symbolic = true;
        } else {
            parts << fixed;
        }
    }
    QString text = parts.join(times());
    if (symbolic)
        text += QStringLiteral(" (%1)").arg(given.join(QStringLiteral(", ")));
    return text;
}

PropertyRow attributeRow(const std::string& name, const Attribute& a)
{
    const QString key = QString::fromStdString(name);
    switch (a.type) {
    case Attribute::Type::Int:
        return {key, QString::number(a.i), {}};
    case Attribute::Type::Float:
        return {key, units::number(a.f, 6), {}};
    case Attribute::Type::String: {
        const QString s = QString::fromStdString(a.s);
        if (s.isEmpty())
            return {key, QStringLiteral("\"\" (empty string)"), {}};
        if (s.size() <= 80)
            return {key, s, {}};
        return {key, s.left(77) + QStringLiteral("…"), s.left(2000)};
    }
    case Attribute::Type::Ints:
        return listRow(key, a.ints);
    case Attribute::Type::Floats:
        return listRow(key, a.floats);
    case Attribute::Type::Tensor: {
        // "tensor float32 1×64 = [0.5, …]": the type and dims, and the values COMPASS kept.
        QString text =
            QStringLiteral("tensor %1 %2")
                .arg(QString::fromLatin1(elementTypeName(a.tensorType)), dimsText(a.tensorDims));
        QString tooltip;
        auto addValues = [&](const auto& values) {
            text += QStringLiteral(" = [%1]").arg(joinNumbers(values, kListShown));
            if (values.size() > static_cast<std::size_t>(kListShown))
                tooltip = QStringLiteral("[%1]").arg(joinNumbers(values, kListInTooltip));
        };
        if (a.tensorInts)
            addValues(*a.tensorInts);
        else if (a.tensorFloats)
            addValues(*a.tensorFloats);
        else if (a.tensorHasData)
            tooltip = QStringLiteral("The values are in the file; COMPASS keeps only small "
                                     "integer and float tensors.");
        return {key, text, tooltip};
    }
    case Attribute::Type::Other:
        break;
    }
    return {key, QStringLiteral("(a value of a type COMPASS does not read)"), {}};
}

/// The ONNX name of input `slot` of the weight and normalisation operators, else "input k".
QString inputSlotName(const Node& node, std::size_t slot)
{
    static const QStringList conv{QStringLiteral("X"), QStringLiteral("W"), QStringLiteral("B")};
    static const QStringList gemm{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")};
    static const QStringList batchNorm{QStringLiteral("X"), QStringLiteral("scale"),
                                       QStringLiteral("B"), QStringLiteral("input_mean"),
                                       QStringLiteral("input_var")};
    const QStringList* names = nullptr;
    switch (node.kind) {
    case OpKind::Conv:
    case OpKind::ConvTranspose:
        names = &conv;
        break;
    case OpKind::Gemm:
    case OpKind::MatMul:
        names = &gemm;
        break;
    case OpKind::BatchNormalization:
        names = &batchNorm;
        break;
    default:
        break;
    }
    if (names && slot < static_cast<std::size_t>(names->size()))
        return names->at(static_cast<qsizetype>(slot));
    return QStringLiteral("input %1").arg(slot);
}

bool isGraphInput(const Graph& graph, TensorId id)
{
    return std::find(graph.inputs().begin(), graph.inputs().end(), id) != graph.inputs().end();
}

bool isGraphOutput(const Graph& graph, TensorId id)
{
    return std::find(graph.outputs().begin(), graph.outputs().end(), id) != graph.outputs().end();
}

/// One input or output: the tensor's name, "shape · type · role", and where it comes from and
/// goes to in the tooltip.
PropertyRow tensorRow(const Graph& graph, const Node& node, TensorId id, const QString& slot,
                      bool isInput)
{
    if (!id.isValid())
        return {slot, QStringLiteral("omitted (optional)"), {}};
    const Tensor& t = graph.tensor(id);
    QStringList value{shapeText(t), QString::fromLatin1(elementTypeName(t.type))};
    const bool isWeight = node.weights && node.weights->weight == id;
    const bool isInitializer = t.isConstant && !t.producer.isValid();
    // Conv's B and Gemm's C: the bias the weight matrix's layer adds.
    const bool isBias = isInput && node.weights && node.weights->hasBias && t.isConstant &&
                        node.inputs.size() >= 3 && node.inputs[2] == id &&
                        (node.kind == OpKind::Conv || node.kind == OpKind::ConvTranspose ||
                         node.kind == OpKind::Gemm);
    if (isWeight)
        value << (isInitializer ? QStringLiteral("weight (initializer)")
                                : QStringLiteral("weight"));
    else if (isBias)
        value << (isInitializer ? QStringLiteral("bias (initializer)") : QStringLiteral("bias"));
    else if (isInitializer)
        value << QStringLiteral("initializer");
    else if (t.isConstant)
        value << QStringLiteral("constant");
    if (isGraphInput(graph, id))
        value << QStringLiteral("graph input");
    if (isGraphOutput(graph, id))
        value << QStringLiteral("graph output");

    QStringList tip;
    tip << QStringLiteral("%1 %2 of %3: %4")
               .arg(isInput ? QStringLiteral("Input") : QStringLiteral("Output"), slot,
                    QString::fromStdString(node.opType), QString::fromStdString(t.name));
    if (t.producer.isValid() && isInput)
        tip << QStringLiteral("Produced by %1 (%2)")
                   .arg(QString::fromStdString(graph.node(t.producer).name),
                        QString::fromStdString(graph.node(t.producer).opType));
    else if (isInitializer)
        tip << (t.hasData ? QStringLiteral("Initializer: its values are in the file")
                          : QStringLiteral("Initializer: the file holds no values for it"));
    const std::int64_t elements = t.elementCount();
    const std::int64_t elementBytes = elementTypeBytes(t.type);
    if (elements >= 0 && elementBytes > 0)
        tip << QStringLiteral("%1 elements, %2")
                   .arg(grouped(elements), units::bytes(static_cast<double>(elements) *
                                                        static_cast<double>(elementBytes)));
    QStringList others;
    for (NodeId c : t.consumers) {
        if (c == node.id)
            continue;
        if (others.size() == kConsumersNamed) {
            others << QStringLiteral("…");
            break;
        }
        others << QString::fromStdString(graph.node(c).name);
    }
    if (!others.isEmpty())
        tip << (isInput ? QStringLiteral("Also read by: %1") : QStringLiteral("Read by: %1"))
                   .arg(others.join(QStringLiteral(", ")));
    return {QString::fromStdString(t.name), value.join(QStringLiteral(" · ")),
            tip.join(QLatin1Char('\n'))};
}

int partitionOfUnit(const std::vector<std::int32_t>& cuts, std::int32_t unit)
{
    if (cuts.size() < 2 || unit < 0 || unit >= cuts.back())
        return -1;
    const auto it = std::upper_bound(cuts.begin(), cuts.end(), unit);
    return static_cast<int>(it - cuts.begin()) - 1;
}

QString unitRange(std::int32_t first, std::int32_t end)
{
    return QStringLiteral("%1 [%2..%3]")
        .arg(units::count(end - first, QStringLiteral("unit"), QStringLiteral("units")))
        .arg(first)
        .arg(end - 1);
}

/// The evaluation describes the context's plan on its problem's chip and batch.
bool evaluationIsCurrent(const NodePropertiesContext& c)
{
    if (!c.evaluation || !c.plan || !c.problem || c.evaluation->isEmpty)
        return false;
    const PlanEvaluation& e = *c.evaluation;
    return e.cuts == c.plan->cuts() && e.batchSize == c.problem->batchSize() &&
           e.archHash == archSpecHash(c.problem->arch());
}

PropertySection nodeSection(const Node& node)
{
    PropertySection s{Kind::Node, QStringLiteral("Node"), {}};
    s.rows.push_back({QStringLiteral("Name"), QString::fromStdString(node.name), {}});
    s.rows.push_back({QStringLiteral("Op type"), QString::fromStdString(node.opType), {}});
    s.rows.push_back(
        {QStringLiteral("Domain"),
         node.domain.empty() ? QStringLiteral("ai.onnx") : QString::fromStdString(node.domain),
         node.domain.empty() ? QStringLiteral("The default ONNX domain") : QString()});
    if (node.kind == OpKind::Unsupported)
        s.rows.push_back({QStringLiteral("Support"),
                          QStringLiteral("not an operator COMPASS models"),
                          QStringLiteral("Reported when the network was opened")});
    if (node.isFolded)
        s.rows.push_back({QStringLiteral("Folded"),
                          QStringLiteral("yes: every input is constant, computed when the network "
                                         "was opened"),
                          {}});
    return s;
}

PropertySection weightsSection(const Node& node, const Graph& graph, const MappedProblem* problem)
{
    const WeightMatrix& w = *node.weights;
    PropertySection s{Kind::Weights, QStringLiteral("Weights"), {}};
    const bool isConv = node.kind == OpKind::Conv || node.kind == OpKind::ConvTranspose;
    s.rows.push_back(
        {QStringLiteral("Matrix"),
         QStringLiteral("%1 rows %2 %3 cols %2 %4")
             .arg(grouped(w.rows), times(), grouped(w.cols),
                  units::count(w.groups, QStringLiteral("group"), QStringLiteral("groups"))),
         isConv ? QStringLiteral("Per group: rows = kernel height %1 kernel width %1 input "
                                 "channels / groups = %2 (the input vector), cols = output "
                                 "channels / groups = %3; %4 such block-diagonal matrices")
                      .arg(times())
                      .arg(w.rows)
                      .arg(w.cols)
                      .arg(w.groups)
                : QStringLiteral("Rows = the input vector's length (%1), cols = the outputs (%2)")
                      .arg(w.rows)
                      .arg(w.cols)});
    if (isConv)
        s.rows.push_back({QStringLiteral("Kernel"),
                          QStringLiteral("%1%2%3").arg(w.kernelH).arg(times()).arg(w.kernelW),
                          {}});
    if (w.inChannels > 0 && w.outChannels > 0)
        s.rows.push_back(
            {QStringLiteral("Channels"),
             QStringLiteral("%1 in → %2 out").arg(grouped(w.inChannels), grouped(w.outChannels)),
             {}});
    s.rows.push_back(
        {QStringLiteral("Weight count"), grouped(w.weightCount()),
         QStringLiteral("rows %1 cols %1 groups = %2").arg(times()).arg(w.weightCount())});
    s.rows.push_back(
        {QStringLiteral("Bias"), w.hasBias ? QStringLiteral("yes") : QStringLiteral("no"), {}});
    if (problem) {
        const std::int64_t bitsPerWeight = problem->arch().weightBits;
        s.rows.push_back(
            {QStringLiteral("Size at chip precision"),
             QStringLiteral("%1 (%2-bit weights)")
                 .arg(units::bytes(static_cast<double>(w.weightCount()) *
                                   static_cast<double>(bitsPerWeight) / 8.0))
                 .arg(bitsPerWeight),
             QStringLiteral("Weight count %1 %2 bits, as the chip stores and loads them")
                 .arg(times())
                 .arg(bitsPerWeight)});
    }
    if (w.weight.isValid()) {
        const Tensor& t = graph.tensor(w.weight);
        const std::int64_t elements = t.elementCount();
        const std::int64_t elementBytes = elementTypeBytes(t.type);
        if (elements > 0 && elementBytes > 0)
            s.rows.push_back(
                {QStringLiteral("Size as %1").arg(QString::fromLatin1(elementTypeName(t.type))),
                 units::bytes(static_cast<double>(elements) * static_cast<double>(elementBytes)),
                 QStringLiteral("The weight tensor %1 at its element type in the file")
                     .arg(QString::fromStdString(t.name))});
    }
    s.rows.push_back({QStringLiteral("Vectors per inference"), grouped(w.vectorsPerInference),
                      QStringLiteral("Matrix-vector products per group for one inference: the "
                                     "output positions")});
    return s;
}

PropertySection workSection(const Node& node, const Graph& graph, const MappedProblem* problem)
{
    PropertySection s{Kind::Work, QStringLiteral("Work"), {}};
    if (node.macs > 0) {
        const std::int64_t total = graph.totalMacs();
        QString tooltip =
            QStringLiteral("Multiply-accumulates for one inference: %1").arg(node.macs);
        s.rows.push_back({QStringLiteral("MACs per inference"), grouped(node.macs), tooltip});
        if (total > 0)
            s.rows.push_back(
                {QStringLiteral("Share of the network"),
                 share(static_cast<double>(node.macs) / static_cast<double>(total)),
                 QStringLiteral("Of the network's %1 MACs per inference").arg(grouped(total))});
        if (problem && problem->batchSize() > 1)
            s.rows.push_back({QStringLiteral("MACs per batch of %1").arg(problem->batchSize()),
                              grouped(node.macs * problem->batchSize()),
                              {}});
        if (node.weights && node.weights->crossbarMacs() != node.macs)
            s.rows.push_back({QStringLiteral("Crossbar MACs"),
                              grouped(node.weights->crossbarMacs()),
                              QStringLiteral("The crossbars also multiply the zeros the "
                                             "transposed convolution inserts")});
    } else if (node.isFolded) {
        s.rows.push_back({QStringLiteral("MACs per inference"),
                          QStringLiteral("none (folded into a constant)"),
                          {}});
    } else if (isDataMovementOpKind(node.kind)) {
        s.rows.push_back({QStringLiteral("MACs per inference"),
                          QStringLiteral("none (moves or reshapes data only)"),
                          {}});
    } else {
        s.rows.push_back({QStringLiteral("MACs per inference"),
                          QStringLiteral("none (runs on the vector units)"),
                          {}});
    }
    if (node.activationMatMul) {
        const ActivationMatMul& m = *node.activationMatMul;
        s.rows.push_back(
            {QStringLiteral("Matrix product"),
             QStringLiteral("%1 %5 %2 %5 %3 %5 %4")
                 .arg(grouped(m.rows), grouped(m.inner), grouped(m.cols),
                      units::count(m.products, QStringLiteral("product"),
                                   QStringLiteral("products")),
                      times()),
             QStringLiteral("M %1 K %1 N %1 products: M rows of the left operand, K the "
                            "contracted length, N columns of the right operand; independent "
                            "products per inference (batch %1 heads). Both operands are "
                            "activations: nothing is stored in crossbars.")
                 .arg(times())});
        if (m.left.isValid() && m.right.isValid())
            s.rows.push_back(
                {QStringLiteral("Operands"),
                 QStringLiteral("%1 · %2").arg(QString::fromStdString(graph.tensor(m.left).name),
                                               QString::fromStdString(graph.tensor(m.right).name)),
                 QStringLiteral("Left (rows) and right (columns) operand")});
    }
    return s;
}

/// Latency and energy of partition `p` of a current evaluation, or why it is invalid; `label`
/// is "Partition", or "Partition 3" when a node spans several.
void addPartitionCost(PropertySection& s, const PlanEvaluation& e, int p, const QString& label)
{
    if (p < 0 || p >= e.partitionCount())
        return;
    const PartitionInfo& info = e.partitions[static_cast<std::size_t>(p)];
    if (!info.valid) {
        s.rows.push_back({QStringLiteral("%1 status").arg(label),
                          QStringLiteral("invalid: %1").arg(info.reason),
                          {}});
        return;
    }
    if (static_cast<std::size_t>(p) >= e.cost.partitions.size())
        return;
    const PartitionCost& pc = e.cost.partitions[static_cast<std::size_t>(p)];
    double planLatency = 0.0;
    double planEnergy = 0.0;
    for (const PartitionCost& other : e.cost.partitions) {
        planLatency += other.latencyNs();
        planEnergy += other.energyPj();
    }
    const QString batch =
        units::count(e.batchSize, QStringLiteral("input"), QStringLiteral("inputs"));
    QString latency = units::duration(pc.latencyNs());
    if (e.valid && planLatency > 0.0)
        latency += QStringLiteral(" (%1 of the plan)").arg(share(pc.latencyNs() / planLatency));
    s.rows.push_back({QStringLiteral("%1 latency").arg(label), latency,
                      QStringLiteral("Latency of the whole partition per batch of %1").arg(batch)});
    QString energy = units::energy(pc.energyPj());
    if (e.valid && planEnergy > 0.0)
        energy += QStringLiteral(" (%1 of the plan)").arg(share(pc.energyPj() / planEnergy));
    s.rows.push_back({QStringLiteral("%1 energy").arg(label), energy,
                      QStringLiteral("Energy of the whole partition per batch of %1").arg(batch)});
}

PropertySection mappingSection(const Node& node, const NodePropertiesContext& c)
{
    PropertySection s{Kind::Mapping, QStringLiteral("Mapping"), {}};
    if (!c.problem) {
        if (node.isWeightLayer())
            s.rows.push_back({QStringLiteral("Crossbars"), QStringLiteral("not mapped"),
                              QStringLiteral("The network is not mapped onto a chip")});
        else
            s.rows.push_back(
                {QStringLiteral("Crossbars"), QStringLiteral("not mapped (no weights)"), {}});
        return s;
    }
    const MappedProblem& problem = *c.problem;
    const UnitTable& units = problem.units();
    s.title = QStringLiteral("Mapping on %1")
                  .arg(QString::fromStdString(archVariant(problem.arch()).displayName()));
    if (node.id.index() >= units.placements().size())
        return s;
    const NodePlacement& place = units.placement(node.id);
    if (!node.isWeightLayer()) {
        s.rows.push_back(
            {QStringLiteral("Crossbars"),
             node.isFolded ? QStringLiteral("not mapped (no weights; folded into a constant)")
                           : QStringLiteral("not mapped (no weights)"),
             node.isActivationMatMul()
                 ? QStringLiteral("A product of two activations: computed on the vector units")
                 : QString()});
    }
    if (!place.isPlaced()) {
        if (node.isWeightLayer())
            s.rows.push_back({QStringLiteral("Crossbars"),
                              node.isFolded ? QStringLiteral("not mapped (folded into a constant)")
                                            : QStringLiteral("not mapped"),
                              {}});
        return s;
    }

    const bool current = evaluationIsCurrent(c);
    const PlanEvaluation* e = current ? c.evaluation : nullptr;
    const std::int32_t layer = units.layerIndexOf(node.id);
    if (place.isWeightLayer && layer >= 0) {
        const LayerTiling& tiling = units.layer(static_cast<std::size_t>(layer));
        std::int64_t crossbars = 0;
        bool chunked = false;
        for (std::int32_t u = place.firstUnit; u < place.endUnit; ++u) {
            const PartitionUnit& unit = units.unit(static_cast<std::size_t>(u));
            crossbars += unit.crossbars;
            chunked = chunked || unit.chunks > 1;
        }
        const std::int64_t chip = c.layout && c.layout->chipCrossbars > 0
                                      ? c.layout->chipCrossbars
                                      : units.cores() * units.crossbarsPerCore();
        const ArchSpec& arch = problem.arch();
        QString value = grouped(crossbars);
        if (chip > 0)
            value += QStringLiteral(" (%1 of the chip's %2)")
                         .arg(share(static_cast<double>(crossbars) / static_cast<double>(chip)),
                              grouped(chip));
        s.rows.push_back(
            {QStringLiteral("Crossbars"), value,
             QStringLiteral("Crossbars holding the layer's weights once (replication 1): "
                            "%1%2%3 cells, %4-bit weights in %5 per weight")
                 .arg(arch.crossbarRows)
                 .arg(times())
                 .arg(arch.crossbarCols)
                 .arg(arch.weightBits)
                 .arg(units::count(arch.columnsPerWeight(), QStringLiteral("column"),
                                   QStringLiteral("columns")))});
        s.rows.push_back(
            {QStringLiteral("Tiling"),
             QStringLiteral("%1 %2 %3")
                 .arg(units::count(tiling.rowBlocks, QStringLiteral("row block"),
                                   QStringLiteral("row blocks")),
                      times(),
                      units::count(static_cast<std::int64_t>(tiling.columnBlocks.size()),
                                   QStringLiteral("column block"),
                                   QStringLiteral("column blocks"))),
             QStringLiteral("%1 weights per crossbar row; only tiles that hold weights count")
                 .arg(tiling.weightsPerRow)});
        s.rows.push_back(
            {QStringLiteral("Units"), unitRange(place.firstUnit, place.endUnit),
             chunked ? QStringLiteral("Partition units: the pieces one core holds. Some column "
                                      "blocks are cut into row chunks on several cores, so "
                                      "partial sums cross cores.")
                     : QStringLiteral("Partition units: the pieces one core holds (one column "
                                      "block each); cuts go between units.")});
    }

    int first = -1;
    int last = -1;
    if (c.plan && c.plan->unitCount() == units.unitCount()) {
        first = partitionOfUnit(c.plan->cuts(), place.firstUnit);
        last = partitionOfUnit(c.plan->cuts(), place.endUnit - 1);
    }
    if (first >= 0) {
        const UnitSpan span = c.plan->partition(first);
        QString value = QString::number(first);
        QString tooltip;
        if (last > first) {
            value = QStringLiteral("%1–%2 (split by a cut)").arg(first).arg(last);
            tooltip = QStringLiteral("The layer's units start in partition %1 and end in %2")
                          .arg(first)
                          .arg(last);
        } else if (place.isWeightLayer) {
            tooltip = QStringLiteral("Partition %1 of %2: %3")
                          .arg(first)
                          .arg(c.plan->partitionCount())
                          .arg(unitRange(span.begin, span.end));
        } else {
            tooltip = QStringLiteral("A weight-free operator runs in the partition in which its "
                                     "input is complete (with unit %1)")
                          .arg(place.firstUnit);
        }
        s.rows.push_back({QStringLiteral("Partition"), value, tooltip});
    }
    if (!place.isWeightLayer && place.ownerLayer >= 0 && place.ownerLayer < units.layerCount())
        s.rows.push_back(
            {QStringLiteral("Runs with"),
             QString::fromStdString(units.layerName(static_cast<std::size_t>(place.ownerLayer))),
             QStringLiteral("The weight layer whose pipeline stage does this operator's work")});
    if (first < 0)
        return s;
    if (!e) {
        s.rows.push_back({QStringLiteral("Cost"), QStringLiteral("evaluating…"),
                          QStringLiteral("The plan is being evaluated")});
        return s;
    }
    if (place.isWeightLayer && layer >= 0) {
        QStringList factors;
        for (int p = first; p <= last; ++p) {
            if (p >= static_cast<int>(e->cost.partitions.size()) ||
                !e->partitions[static_cast<std::size_t>(p)].valid)
                continue;
            for (const LayerReplication& r :
                 e->cost.partitions[static_cast<std::size_t>(p)].replication) {
                if (r.layerIndex != layer)
                    continue;
                factors << (last > first ? QStringLiteral("%1%2 in partition %3")
                                               .arg(times())
                                               .arg(r.factor)
                                               .arg(p)
                                         : QStringLiteral("%1%2").arg(times()).arg(r.factor));
            }
        }
        if (!factors.isEmpty())
            s.rows.push_back({QStringLiteral("Replication"), factors.join(QStringLiteral(", ")),
                              QStringLiteral("Copies of the layer's weights the plan's partition "
                                             "holds, so the copies share its input vectors")});
    }
    for (int p = first; p <= last; ++p) {
        const QString label =
            last > first ? QStringLiteral("Partition %1").arg(p) : QStringLiteral("Partition");
        addPartitionCost(s, *e, p, label);
    }
    return s;
}

} // namespace

const PropertyRow* PropertySection::row(const QString& rowName) const
{
    for (const PropertyRow& r : rows) {
        if (r.name == rowName)
            return &r;
    }
    return nullptr;
}

const PropertySection* NodeProperties::section(PropertySection::Kind kind) const
{
    for (const PropertySection& s : sections) {
        if (s.kind == kind)
            return &s;
    }
    return nullptr;
}

const PropertyRow* NodeProperties::row(PropertySection::Kind kind, const QString& rowName) const
{
    const PropertySection* s = section(kind);
    return s ? s->row(rowName) : nullptr;
}

QString propertyTextCell(const QString& text)
{
    QString cell = text;
    cell.replace(QLatin1Char('\t'), QLatin1Char(' '));
    cell.replace(QLatin1Char('\n'), QLatin1Char(' '));
    cell.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return cell;
}

QString NodeProperties::toText() const
{
    QString text;
    for (const PropertySection& s : sections) {
        for (const PropertyRow& r : s.rows) {
            text += propertyTextCell(s.title) + QLatin1Char('\t') + propertyTextCell(r.name) +
                    QLatin1Char('\t') + propertyTextCell(r.value) + QLatin1Char('\n');
        }
    }
    return text;
}

NodeProperties buildNodeProperties(const NodePropertiesContext& context, int nodeId)
{
    NodeProperties out;
    if (!context.graph || nodeId < 0 ||
        static_cast<std::size_t>(nodeId) >= context.graph->nodes().size())
        return out;
    const Graph& graph = *context.graph;
    const Node& node = graph.node(NodeId(static_cast<std::int32_t>(nodeId)));
    out.nodeId = nodeId;
    out.nodeName = QString::fromStdString(node.name);
    out.opType = QString::fromStdString(node.opType);

    out.sections.push_back(nodeSection(node));
    if (!node.attributes.empty()) {
        PropertySection s{Kind::Attributes, QStringLiteral("Attributes"), {}};
        for (const auto& [name, attribute] : node.attributes)
            s.rows.push_back(attributeRow(name, attribute));
        out.sections.push_back(std::move(s));
    }
    PropertySection inputs{Kind::Inputs, QStringLiteral("Inputs"), {}};
    for (std::size_t i = 0; i < node.inputs.size(); ++i)
        inputs.rows.push_back(tensorRow(graph, node, node.inputs[i], inputSlotName(node, i), true));
    if (!inputs.rows.empty())
        out.sections.push_back(std::move(inputs));
    PropertySection outputs{Kind::Outputs, QStringLiteral("Outputs"), {}};
    for (std::size_t i = 0; i < node.outputs.size(); ++i)
        outputs.rows.push_back(tensorRow(graph, node, node.outputs[i],
                                         node.outputs.size() == 1
                                             ? QStringLiteral("output")
                                             : QStringLiteral("output %1").arg(i),
                                         false));
    if (!outputs.rows.empty())
        out.sections.push_back(std::move(outputs));
    if (node.weights)
        out.sections.push_back(weightsSection(node, graph, context.problem));
    out.sections.push_back(workSection(node, graph, context.problem));
    out.sections.push_back(mappingSection(node, context));
    return out;
}

NodeProperties buildNodeProperties(const ProjectDocument& document, int nodeId)
{
    const std::shared_ptr<const Graph> graph = document.graph();
    const std::shared_ptr<const MappedProblem> problem = document.problem();
    NodePropertiesContext context;
    context.graph = graph.get();
    context.problem = problem.get();
    context.layout = &document.unitLayout();
    context.plan = &document.plan();
    context.evaluation = &document.evaluation();
    return buildNodeProperties(context, nodeId);
}

} // namespace compass::ui
