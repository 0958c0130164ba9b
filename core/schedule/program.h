// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"
#include "core/schedule/instruction.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace compass {

/// A buffer of one core's local memory within one partition. A buffer that does not fit the
/// core's capacity is `spilled`: its data goes through DRAM (a StoreData and a LoadData of
/// `bytesPerInput` per input), costed like any other DRAM traffic.
struct LocalBuffer
{
    std::int32_t core = 0;
    std::int32_t partition = 0;
    std::int32_t layer = -1;    ///< Stage the buffer serves, -1 for the weight staging buffer.
    std::string purpose;        ///< "weights", "input", "output".
    double bytes = 0.0;         ///< Space it needs in local memory.
    double bytesPerInput = 0.0; ///< Data passing through it per input (spill traffic).
    std::int64_t offset = -1;   ///< Byte offset in local memory; -1 when spilled.
    bool spilled = false;
};

/// One partition of the program: its span, replication and the instructions it owns.
struct ProgramPartition
{
    UnitSpan span;
    std::vector<LayerReplication> replication;
    std::int32_t coresUsed = 0;
    std::int32_t firstInstruction = 0; ///< Instructions [first, end) belong to it.
    std::int32_t endInstruction = 0;
};

/// Instruction counts by opcode.
using OpcodeCounts = std::array<std::int64_t, kOpcodeCount>;

/// The compiled program of a plan: every core's instruction stream, partition by partition.
/// Instructions are stored once in program order; a core's stream is the subsequence with
/// that core. Dependencies only point backwards. A value: copyable, no references.
struct Program
{
    std::string model;
    std::string arch;
    std::int64_t batchSize = 1;
    std::int32_t cores = 0;
    std::int64_t localMemoryBytes = 0; ///< Capacity per core.
    std::vector<Instruction> instructions;
    std::vector<ProgramPartition> partitions;
    std::vector<LocalBuffer> buffers;
    // Names for readable output, indexed by layer index, TensorId and NodeId values.
    std::vector<std::string> layerNames;
    std::vector<std::string> tensorNames;
    std::vector<std::string> nodeNames;

    /// Instruction indices of core `core`, in program order.
    std::vector<std::int32_t> stream(std::int32_t core) const;
    OpcodeCounts countsOfCore(std::int32_t core) const;
    OpcodeCounts countsOfPartition(std::int32_t partition) const;
    OpcodeCounts totalCounts() const;
    /// Sum of `events` over WriteWeight (cell bits written).
    double writtenBits() const;
    /// Bytes by opcode (e.g. DRAM bytes of LoadWeight).
    double bytesOf(Opcode opcode) const;
};

} // namespace compass
