// SPDX-License-Identifier: MIT
#include "instruction.h"

#include <array>

namespace compass {

namespace {

struct OpcodeNames
{
    const char* name;
    const char* mnemonic;
};

constexpr std::array<OpcodeNames, kOpcodeCount> kNames = {{
    {"load_weight", "LOAD_WEIGHT"},
    {"write_weight", "WRITE_WEIGHT"},
    {"load_data", "LOAD_DATA"},
    {"store_data", "STORE_DATA"},
    {"mvmul", "MVMUL"},
    {"vfu_accumulate", "VFU_ACC"},
    {"vfu_op", "VFU_OP"},
    {"send", "SEND"},
    {"recv", "RECV"},
    {"sync", "SYNC"},
}};

} // namespace

const char* opcodeName(Opcode opcode)
{
    return kNames[static_cast<std::size_t>(opcode)].name;
}

const char* opcodeMnemonic(Opcode opcode)
{
    return kNames[static_cast<std::size_t>(opcode)].mnemonic;
}

std::optional<Opcode> parseOpcode(std::string_view text)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (text == kNames[i].name || text == kNames[i].mnemonic)
            return static_cast<Opcode>(i);
    }
    return std::nullopt;
}

const char* vfuKindName(VfuKind kind)
{
    switch (kind) {
    case VfuKind::None:
        return "none";
    case VfuKind::Activation:
        return "activation";
    case VfuKind::Normalisation:
        return "normalisation";
    case VfuKind::Pooling:
        return "pooling";
    case VfuKind::Elementwise:
        return "elementwise";
    case VfuKind::DataMovement:
        return "data_movement";
    }
    return "none";
}

const char* dataKindName(DataKind kind)
{
    switch (kind) {
    case DataKind::Activation:
        return "activation";
    case DataKind::PartialSum:
        return "partial_sum";
    case DataKind::Spill:
        return "spill";
    }
    return "activation";
}

} // namespace compass
