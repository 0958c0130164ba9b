// SPDX-License-Identifier: MIT
#include "model_json.h"

#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/partition/validity_map.h"
#include "core/problem/mapped_problem.h"

#include <QJsonArray>

namespace compass {

namespace {

QJsonArray dimsJson(const Tensor& t)
{
    QJsonArray dims;
    for (std::int64_t d : t.dims)
        dims.append(static_cast<qint64>(d));
    return dims;
}

} // namespace

const char* unitLimitName(PackingFailure failure)
{
    return failure == PackingFailure::None ? "end" : packingFailureName(failure);
}

ModelTotals modelTotals(const Graph& graph)
{
    ModelTotals t;
    for (const Node& n : graph.nodes()) {
        if (n.isFolded)
            continue;
        t.macs += n.macs;
        if (!n.weights)
            continue;
        const std::int64_t w = n.weights->weightCount();
        t.weights += w;
        if (n.kind == OpKind::Conv || n.kind == OpKind::ConvTranspose)
            t.convWeights += w;
        else
            t.fcWeights += w;
    }
    return t;
}

int modelNodeCount(const Graph& graph)
{
    int count = 0;
    for (const Node& n : graph.nodes())
        count += n.isFolded ? 0 : 1;
    return count;
}

QJsonObject modelJson(const Graph& graph)
{
    QJsonArray layers;
    for (const Node& n : graph.nodes()) {
        if (n.isFolded)
            continue;
        QJsonObject layer;
        layer["name"] = QString::fromStdString(n.name);
        layer["op"] = QString::fromStdString(n.opType);
        layer["output"] = n.outputs.empty() ? QJsonArray() : dimsJson(graph.tensor(n.outputs[0]));
        layer["weights"] = static_cast<qint64>(n.weights ? n.weights->weightCount() : 0);
        layer["macs"] = static_cast<qint64>(n.macs);
        layers.append(layer);
    }
    const ModelTotals t = modelTotals(graph);
    QJsonObject totals;
    totals["weights"] = static_cast<qint64>(t.weights);
    totals["conv_weights"] = static_cast<qint64>(t.convWeights);
    totals["fc_weights"] = static_cast<qint64>(t.fcWeights);
    totals["macs"] = static_cast<qint64>(t.macs);

    QJsonObject root;
    root["model"] = QString::fromStdString(graph.name);
    root["nodes"] = modelNodeCount(graph);
    root["weight_layers"] = static_cast<int>(graph.weightLayers().size());
    root["layers"] = layers;
    root["totals"] = totals;
    return root;
}

QJsonObject unitsJson(const MappedProblem& problem)
{
    const UnitTable& units = problem.units();
    const ValidityMap& validity = problem.validity();
    QJsonArray list;
    for (const PartitionUnit& u : units.units()) {
        QJsonObject o;
        o["id"] = u.id.value;
        o["layer"] =
            QString::fromStdString(units.layerName(static_cast<std::size_t>(u.layerIndex)));
        o["column_block"] = u.columnBlock;
        o["row_blocks"] =
            QJsonArray{static_cast<qint64>(u.rowBlockBegin), static_cast<qint64>(u.rowBlockEnd)};
        o["crossbars"] = static_cast<qint64>(u.crossbars);
        o["weights"] = static_cast<qint64>(u.weights);
        o["columns"] = static_cast<qint64>(u.cols);
        o["end_max"] = validity.endMax(u.id.value);
        o["limit"] = unitLimitName(validity.failure(u.id.value));
        list.append(o);
    }
    QJsonObject summary;
    summary["units"] = units.unitCount();
    summary["layers"] = units.layerCount();
    summary["crossbars"] = static_cast<qint64>(units.totalCrossbars());
    summary["weights"] = static_cast<qint64>(units.totalWeights());
    summary["capacity_lower_bound"] =
        static_cast<qint64>(capacityLowerBound(units, problem.arch()));
    summary["minimum_partitions"] = validity.minimumPartitions();
    QJsonObject root;
    root["summary"] = summary;
    root["units"] = list;
    return root;
}

} // namespace compass
