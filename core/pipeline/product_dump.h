// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/crossbar_tiling.h"
#include "core/schedule/schedule_pass.h"

#include <string>
#include <vector>

namespace compass {

class Graph;
class MappedProblem;
class UnitTable;
class ValidityMap;
struct ArchSpec;
struct Program;
struct SearchResult;

// The passes' products as stable, diffable text: what --dump-after prints and the golden tests
// under tests/golden/ compare. Plain ASCII lines, one fact per line, in the products' fixed
// order; no paths, addresses, times or thread-dependent values, so a dump changes exactly when
// the product does. Integers are printed exactly, other numbers with 10 significant digits.

/// The graph (onnx-import, shape-inference): header, inputs, outputs, then one line per node
/// with op, operands and results (type and shape, "?" while unknown), weight matrix and MACs.
std::string dumpGraph(const Graph& graph);
/// The crossbar tiling (crossbar-tiling): one line per weight layer.
std::string dumpTiling(const Graph& graph, const std::vector<LayerTiling>& tiling,
                       const ArchSpec& arch);
/// The unit table (unit-table) of `graph`: totals, one line per unit, then the placement of
/// every compute node.
std::string dumpUnitTable(const Graph& graph, const UnitTable& units);
/// The validity map (validity): partition bounds, then each start unit's end_max and limit.
std::string dumpValidity(const ValidityMap& validity, const UnitTable& units, const ArchSpec& arch);
/// The span I/O model (span-io): bytes per inference of every activation tensor, then the
/// entry, exit, internal and cross-core partial-sum bytes of each layer's span and of the
/// whole network.
std::string dumpSpanIo(const MappedProblem& problem);
/// A search result (search): method, plan, metrics and per-partition costs (no run time).
std::string dumpSearchResult(const SearchResult& result, const UnitTable& units);
/// Core placement (core-placement): per partition its stages and each unit copy's core.
std::string dumpPlacements(const std::vector<PartitionPlacement>& placements,
                           const UnitTable& units);
/// Local memory (local-memory): every buffer of every core, with its offset or "spilled".
std::string dumpLocalMemory(const Program& program);
/// The program (instruction-emission): instruction counts per core and per partition
/// (programSummary; the whole program is `compass compile --emit`).
std::string dumpProgramSummary(const Program& program);

} // namespace compass
