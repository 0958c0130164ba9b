// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace compass {

/// What one instruction of a core's stream does. See docs/event-simulator.md for the resource
/// each one occupies and how it is costed.
enum class Opcode
{
    LoadWeight,    ///< DRAM -> core: weights of one unit (copy 0; replicas share the transfer).
    WriteWeight,   ///< Program one unit copy's crossbars (R rows per crossbar), or with a
                   ///< node one activation MatMul operand piece for one input (its rows).
    LoadData,      ///< DRAM -> core: an entry tensor (or a spilled buffer) of one input.
    StoreData,     ///< Core -> DRAM: an exit tensor (or a spilled buffer) of one input.
    Mvmul,         ///< Crossbar activations of one layer on one core for one input (aggregated);
                   ///< with a node, of one activation MatMul operand piece.
    VfuAccumulate, ///< Partial-sum additions of one layer's units on one core, one input.
    VfuOp,         ///< A weight-free operator (activation, pooling, add, concat ...), one input.
    Send,          ///< Core -> bus: a tensor (part) or cross-core partial sums.
    Recv,          ///< Completes when the matching Send has crossed the bus.
    Sync,          ///< Zero-time barrier: completes when all its dependencies have.
};

inline constexpr std::size_t kOpcodeCount = 10;

/// Lower-case mnemonic, e.g. "load_weight", "mvmul".
const char* opcodeName(Opcode opcode);
/// Upper-case mnemonic used by the text form, e.g. "LOAD_WEIGHT".
const char* opcodeMnemonic(Opcode opcode);
std::optional<Opcode> parseOpcode(std::string_view mnemonicOrName);

/// Weight-free operator classes the VFU distinguishes (VfuOp only).
enum class VfuKind
{
    None,
    Activation,    ///< Relu, Clip, Sigmoid, Tanh, HardSwish ...
    Normalisation, ///< BatchNormalization, LRN, Softmax.
    Pooling,       ///< MaxPool, AveragePool and their global forms.
    Elementwise,   ///< Add, Mul, Sub, Div.
    DataMovement,  ///< Concat, Flatten, Reshape ...: an address remap, no VFU time.
};
const char* vfuKindName(VfuKind kind);

/// Why a LoadData / StoreData moves bytes.
enum class DataKind
{
    Activation, ///< A boundary tensor (entry or exit of the partition).
    PartialSum, ///< Partial sums of a column block a cut separates.
    Spill,      ///< A local buffer that did not fit local memory.
};
const char* dataKindName(DataKind kind);

/// One instruction of a core's stream. Identical operations are aggregated: `count` says how
/// many (crossbar activations for Mvmul, crossbar rows for WriteWeight), so streams stay
/// compact (one Mvmul per (layer, core, input), see docs/event-simulator.md). Dependencies
/// are indices of earlier instructions of the same Program (the sync tokens): an instruction
/// starts when all of them have completed and its resource is free.
struct Instruction
{
    Opcode opcode = Opcode::Sync;
    std::int32_t core = 0;
    std::int32_t partition = 0;
    std::int32_t input = -1;  ///< Input of the batch (0..B-1); -1 for per-batch work.
    std::int32_t layer = -1;  ///< Layer index (UnitTable) of the stage, -1 when none.
    std::int32_t unit = -1;   ///< First unit for LoadWeight/WriteWeight; operand piece
                              ///< (UnitTable::attentionPieces) of an attention write or MVM.
    std::int32_t copy = 0;    ///< Replica index for WriteWeight.
    std::int32_t tensor = -1; ///< TensorId value for data moves, -1 for partial sums.
    std::int32_t node = -1;   ///< NodeId value for VfuOp, and the activation MatMul of an
                              ///< operand write or MVM (attention.engine = crossbar).
    std::int32_t peer = -1;   ///< Destination core of a Send, source core of a Recv.
    std::int32_t buffer = -1; ///< Local buffer (Program::buffers) used, -1 when none.
    VfuKind vfuKind = VfuKind::None;
    DataKind dataKind = DataKind::Activation;
    double bytes = 0.0;      ///< Bytes moved (DRAM, bus) or processed (VFU).
    double localBytes = 0.0; ///< Local-memory bytes read and written.
    std::int64_t count = 0;  ///< Aggregated operations (see above).
    /// Mvmul: ADC conversions; WriteWeight: cell bits written; otherwise 0.
    std::int64_t events = 0;
    /// Mvmul: crossbar steps in a row (MVM latencies the longest copy needs).
    std::int64_t steps = 0;
    std::vector<std::int32_t> deps;
};

} // namespace compass
