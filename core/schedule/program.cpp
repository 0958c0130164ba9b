// SPDX-License-Identifier: MIT
#include "program.h"

namespace compass {

std::vector<std::int32_t> Program::stream(std::int32_t core) const
{
    std::vector<std::int32_t> out;
    for (std::size_t i = 0; i < instructions.size(); ++i) {
        if (instructions[i].core == core)
            out.push_back(static_cast<std::int32_t>(i));
    }
    return out;
}

namespace {
template <typename Pred> OpcodeCounts countIf(const Program& p, Pred pred)
{
    OpcodeCounts counts{};
    for (const Instruction& i : p.instructions) {
        if (pred(i))
            ++counts[static_cast<std::size_t>(i.opcode)];
    }
    return counts;
}
} // namespace

OpcodeCounts Program::countsOfCore(std::int32_t core) const
{
    return countIf(*this, [core](const Instruction& i) { return i.core == core; });
}

OpcodeCounts Program::countsOfPartition(std::int32_t partition) const
{
    return countIf(*this, [partition](const Instruction& i) { return i.partition == partition; });
}

OpcodeCounts Program::totalCounts() const
{
    return countIf(*this, [](const Instruction&) { return true; });
}

double Program::writtenBits() const
{
    double bits = 0.0;
    for (const Instruction& i : instructions) {
        if (i.opcode == Opcode::WriteWeight)
            bits += static_cast<double>(i.events);
    }
    return bits;
}

double Program::bytesOf(Opcode opcode) const
{
    double bytes = 0.0;
    for (const Instruction& i : instructions) {
        if (i.opcode == opcode)
            bytes += i.bytes;
    }
    return bytes;
}

} // namespace compass
