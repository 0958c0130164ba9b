// SPDX-License-Identifier: MIT
#include "product_dump.h"

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "core/problem/mapped_problem.h"
#include "core/schedule/program.h"
#include "core/schedule/program_format.h"
#include "core/search/search_types.h"

#include <cstdio>

namespace compass {

namespace {

std::string num(double value)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

std::string str(std::int64_t value)
{
    return std::to_string(value);
}

std::string range(std::int64_t begin, std::int64_t end)
{
    return str(begin) + "-" + str(end);
}

std::string shapeText(const Tensor& t)
{
    std::string text = elementTypeName(t.type);
    if (!t.hasShape)
        return text + "[?]";
    text += '[';
    for (std::size_t i = 0; i < t.dims.size(); ++i)
        text += (i ? "x" : "") + str(t.dims[i]);
    return text + ']';
}

std::string tensorText(const Graph& g, TensorId id)
{
    if (!id.isValid())
        return "<none>";
    const Tensor& t = g.tensor(id);
    return t.name + (t.isConstant ? " const " : " ") + shapeText(t);
}

std::string tensorList(const Graph& g, const std::vector<TensorId>& ids)
{
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i)
        text += (i ? ", " : "") + tensorText(g, ids[i]);
    return text;
}

const char* limitName(PackingFailure failure)
{
    return failure == PackingFailure::None ? "end" : packingFailureName(failure);
}

const std::string& layerName(const UnitTable& units, std::int32_t layerIndex)
{
    return units.layerName(static_cast<std::size_t>(layerIndex));
}

std::string replicationText(const std::vector<LayerReplication>& replication,
                            const UnitTable& units)
{
    std::string text;
    for (std::size_t i = 0; i < replication.size(); ++i)
        text += (i ? ", " : "") + layerName(units, replication[i].layerIndex) + " x" +
                str(replication[i].factor);
    return text;
}

} // namespace

std::string dumpGraph(const Graph& g)
{
    std::int64_t folded = 0;
    for (const Node& n : g.nodes())
        folded += n.isFolded ? 1 : 0;
    std::string out = "graph " + g.name + ": opset " + str(g.opsetVersion) + ", batch " +
                      str(g.batchSize) + ", " + str(static_cast<std::int64_t>(g.nodes().size())) +
                      " nodes (" + str(folded) + " folded), " +
                      str(static_cast<std::int64_t>(g.weightLayers().size())) + " weight layers, " +
                      str(g.totalWeights()) + " weights, " + str(g.totalMacs()) + " MACs\n";
    for (TensorId in : g.inputs())
        out += "input " + tensorText(g, in) + '\n';
    for (TensorId o : g.outputs())
        out += "output " + tensorText(g, o) + '\n';
    for (const Node& n : g.nodes()) {
        out += "node " + str(n.id.value) + ' ' + n.opType + ' ' + n.name + " (" +
               tensorList(g, n.inputs) + ") -> (" + tensorList(g, n.outputs) + ')';
        if (n.isFolded)
            out += " folded";
        if (n.weights) {
            const WeightMatrix& w = *n.weights;
            out += " weights " + str(w.rows) + 'x' + str(w.cols) + " g" + str(w.groups) +
                   " vectors " + str(w.vectorsPerInference);
        }
        if (n.macs != 0)
            out += " macs " + str(n.macs);
        out += '\n';
    }
    return out;
}

std::string dumpTiling(const Graph& graph, const std::vector<LayerTiling>& tiling,
                       const ArchSpec& arch)
{
    std::int64_t crossbars = 0;
    for (const LayerTiling& t : tiling)
        crossbars += t.crossbars;
    std::string out = "tiling: " + str(static_cast<std::int64_t>(tiling.size())) +
                      " weight layers, " + str(crossbars) + " crossbars of " +
                      str(arch.crossbarRows) + 'x' + str(arch.crossbarCols) + ", " +
                      str(arch.weightsPerRow()) + " weights per row\n";
    for (std::size_t i = 0; i < tiling.size(); ++i) {
        const LayerTiling& t = tiling[i];
        out += "layer " + str(static_cast<std::int64_t>(i)) + ' ' + graph.node(t.layer).name +
               ": matrix " + str(t.rows) + 'x' + str(t.cols) + " g" + str(t.groups) + ", vectors " +
               str(t.vectorsPerInference) + ", row blocks " + str(t.rowBlocks) +
               ", column blocks " + str(static_cast<std::int64_t>(t.columnBlocks.size())) +
               ", crossbars " + str(t.crossbars) + '\n';
    }
    return out;
}

std::string dumpUnitTable(const Graph& graph, const UnitTable& units)
{
    std::string out = "unit table: " + str(units.unitCount()) + " units in " +
                      str(units.layerCount()) + " weight layers, " + str(units.totalCrossbars()) +
                      " crossbars, " + str(units.totalWeights()) + " weights; " +
                      str(units.cores()) + " cores x " + str(units.crossbarsPerCore()) +
                      " crossbars\n";
    for (const PartitionUnit& u : units.units()) {
        out += "unit " + str(u.id.value) + ' ' + layerName(units, u.layerIndex) + " cb " +
               str(u.columnBlock) + " rows " + range(u.rowBlockBegin, u.rowBlockEnd) + " chunk " +
               str(u.chunk) + '/' + str(u.chunks) + " crossbars " + str(u.crossbars) + " weights " +
               str(u.weights) + " cols " + str(u.cols) + '\n';
    }
    for (std::size_t i = 0; i < units.placements().size(); ++i) {
        const NodePlacement& p = units.placements()[i];
        if (!p.isPlaced())
            continue;
        out += "place " + graph.nodes()[i].name +
               (p.isWeightLayer ? " units " + range(p.firstUnit, p.endUnit)
                                : " anchor " + str(p.firstUnit)) +
               " stage " + str(p.ownerLayer) + '\n';
    }
    return out;
}

std::string dumpValidity(const ValidityMap& validity, const UnitTable& units, const ArchSpec& arch)
{
    std::string out = "validity: " + str(validity.unitCount()) + " start units, at least " +
                      str(capacityLowerBound(units, arch)) + " partitions by capacity, " +
                      str(validity.minimumPartitions()) + " with this tiling and packing\n";
    for (std::int32_t a = 0; a < validity.unitCount(); ++a)
        out += "from " + str(a) + " end_max " + str(validity.endMax(a)) + " limit " +
               limitName(validity.failure(a)) + '\n';
    return out;
}

std::string dumpSpanIo(const MappedProblem& problem)
{
    const Graph& g = problem.graph();
    const UnitTable& units = problem.units();
    const SpanIoModel& io = problem.io();
    std::string out = "span io: activations " + str(problem.arch().activationBits) +
                      " bits, partial sums " + str(problem.costing().partialSumBits) +
                      " bits; bytes per inference\n";
    for (std::size_t i = 0; i < g.tensors().size(); ++i) {
        const double bytes = io.tensorBytes(TensorId{i});
        if (bytes > 0.0)
            out += "tensor " + g.tensors()[i].name + ' ' + num(bytes) + '\n';
    }
    auto span = [&](const std::string& label, std::int32_t begin, std::int32_t end) {
        const SpanIoBytes b = io.spanBytes(begin, end);
        out += label + " units " + range(begin, end) + ": entry " + num(b.entryBytes) + " exit " +
               num(b.exitBytes) + " internal " + num(b.internalBytes) + " psum " +
               num(b.crossCorePartialSumBytes) + '\n';
    };
    for (std::int32_t l = 0; l < units.layerCount(); ++l) {
        const auto li = static_cast<std::size_t>(l);
        span("layer " + str(l) + ' ' + units.layerName(li), units.layerFirstUnit(li),
             units.layerEndUnit(li));
    }
    if (units.unitCount() > 0)
        span("network", 0, units.unitCount());
    return out;
}

std::string dumpSearchResult(const SearchResult& r, const UnitTable& units)
{
    std::string cuts;
    for (std::int32_t c : r.plan.innerCuts())
        cuts += (cuts.empty() ? "" : ",") + str(c);
    const PlanCost& c = r.cost;
    std::string out = std::string("search ") + searchMethodName(r.method) + ", objective " +
                      objectiveName(r.objective) + ", seed " + std::to_string(r.seed) +
                      (r.cancelled ? ", cancelled" : "") + '\n';
    out += "plan " + str(r.plan.partitionCount()) + " partitions, cuts [" + cuts + "]" +
           (c.valid ? "" : " INVALID at partition " + str(c.firstInvalidPartition)) + '\n';
    out += "objective_value " + num(r.objectiveValue) + '\n';
    out += "latency_per_batch_ns " + num(c.latencyPerBatchNs) + '\n';
    out += "throughput_ips " + num(c.throughputIps) + '\n';
    out += "energy_per_inference_pj " + num(c.energyPerInferencePj) + '\n';
    out += "edp_pj_s " + num(c.edpPjS) + '\n';
    out += "dram_weight_bytes " + num(c.dramWeightBytes) + '\n';
    out += "dram_activation_bytes " + num(c.dramActivationBytes) + '\n';
    out += "written_bits " + num(c.writtenBits) + '\n';
    for (std::size_t i = 0; i < c.partitions.size(); ++i) {
        const PartitionCost& p = c.partitions[i];
        out += "partition " + str(static_cast<std::int64_t>(i)) + " units " +
               range(p.span.begin, p.span.end) + (p.valid ? "" : " INVALID") + ": latency_ns " +
               num(p.latencyNs()) + " energy_pj " + num(p.energyPj()) + " cores " +
               str(p.coresUsed) + " crossbars " + str(p.crossbarsUsed) + " replication [" +
               replicationText(p.replication, units) + "]\n";
    }
    return out;
}

std::string dumpPlacements(const std::vector<PartitionPlacement>& placements,
                           const UnitTable& units)
{
    std::string out =
        "core placement: " + str(static_cast<std::int64_t>(placements.size())) + " partitions\n";
    for (std::size_t p = 0; p < placements.size(); ++p) {
        const PartitionPlacement& pp = placements[p];
        out += "partition " + str(static_cast<std::int64_t>(p)) + " units " +
               range(pp.span.begin, pp.span.end) + ": " + str(pp.coresUsed) +
               " cores, replication [" + replicationText(pp.replication, units) + "]\n";
        for (const StagePlacement& s : pp.stages) {
            out += "  stage " + layerName(units, s.layer) + " x" + str(s.factor) + " home core " +
                   str(s.homeCore) + ":";
            for (const StageCoreWork& w : s.cores)
                out += " core " + str(w.core) + " steps " + str(w.steps);
            out += '\n';
        }
        out += "  copies:";
        for (const UnitCopyPlacement& c : pp.copies)
            out += ' ' + str(c.unit) + '.' + str(c.copy) + '@' + str(c.core);
        out += '\n';
    }
    return out;
}

std::string dumpLocalMemory(const Program& program)
{
    std::int64_t spilled = 0;
    for (const LocalBuffer& b : program.buffers)
        spilled += b.spilled ? 1 : 0;
    std::string out = "local memory: " + str(program.localMemoryBytes) + " bytes per core, " +
                      str(static_cast<std::int64_t>(program.buffers.size())) + " buffers, " +
                      str(spilled) + " spilled\n";
    for (const LocalBuffer& b : program.buffers) {
        out += "partition " + str(b.partition) + " core " + str(b.core) + ' ' + b.purpose;
        if (b.layer >= 0 && static_cast<std::size_t>(b.layer) < program.layerNames.size())
            out += ' ' + program.layerNames[static_cast<std::size_t>(b.layer)];
        out +=
            ' ' + num(b.bytes) + " bytes " + (b.spilled ? "spilled" : "at " + str(b.offset)) + '\n';
    }
    return out;
}

std::string dumpProgramSummary(const Program& program)
{
    return programSummary(program).toStdString();
}

} // namespace compass
