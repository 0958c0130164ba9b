// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace compass {

enum class CellTechnology
{
    Sram,
    Reram
};
/// How the latency of one crossbar MVM is computed.
enum class MvmLatencyModel
{
    Puma,    ///< (activation bits / DAC bits + 2) x ADC stage time (PUMA).
    Fixed,   ///< mvm.fixed_latency_ns, whatever the precision.
    Pimcomp, ///< 200 + input-bit steps x 200 + 600 ns (PIMCOMP-NN EvaluationConfig.h).
};

/// PIMCOMP-NN's MVM timing (evaluation/EvaluationConfig.h): a 200 ns array read, 200 ns per
/// input-bit step, then 200 ns ADC + 200 ns shift-add + 200 ns write-back.
inline constexpr double kPimcompMvmReadNs = 200.0;
inline constexpr double kPimcompMvmPerBitNs = 200.0;
inline constexpr double kPimcompMvmTailNs = 600.0;

/// How a partition's layers hand data to each other (docs/event-simulator.md, "Row streaming").
enum class PipelineGranularity
{
    Row,   ///< A layer starts once the rows its window needs exist (PIMCOMP's element pipeline).
    Layer, ///< A layer waits for its producer's whole output (whole-input, for comparison).
};

/// Where activation MatMuls (attention's Q·Kᵀ and A·V) run (docs/cost-model.md, "Attention").
enum class AttentionEngine
{
    Vfu,      ///< Digital, on the vector units of the operator's core (the default).
    Crossbar, ///< The right operand is written into crossbars per input; the rows are MVMs.
};

/// A chip description: every field carries its unit in its name, and its default and
/// source are documented in docs/architecture-spec.md. Values are plain data; an ArchSpec
/// obtained from parseArchSpec() has been validated and never changes afterwards.
struct ArchSpec
{
    std::string name = "custom";
    std::string description;

    // chip
    std::int64_t cores = 16;
    std::int64_t crossbarsPerCore = 16;
    double clockGHz = 1.0;

    // crossbar
    CellTechnology technology = CellTechnology::Sram;
    std::int64_t crossbarRows = 256;
    std::int64_t crossbarCols = 256;
    std::int64_t bitsPerCell = 1;
    /// Array read power of one crossbar while it computes (cells + drivers, not the ADC).
    double crossbarReadPowerMw = 0.0;
    /// Writes a cell survives before it wears out; 0: unlimited (SRAM).
    double enduranceWrites = 0.0;

    // precision
    std::int64_t weightBits = 4;
    std::int64_t activationBits = 4;
    std::int64_t dacBits = 1;

    // ADC: one conversion per column per input-bit step
    std::int64_t adcBits = 8;
    double adcEnergyPerConversionPj = 1.56;
    std::int64_t adcsPerCrossbar = 1; ///< ADCs sharing the columns of one crossbar (ISAAC: 1).
    double adcSampleRateGSps = 1.28;  ///< Conversions per ns of one ADC (ISAAC: 1.28 GS/s).
    /// Explicit time to convert every column of one crossbar for one input-bit step; 0 (the
    /// default) derives it from the columns, the ADCs and their sample rate (adcStageNs()).
    double adcStageLatencyNs = 0.0;

    // MVM
    MvmLatencyModel mvmLatencyModel = MvmLatencyModel::Puma;
    double mvmFixedLatencyNs = 1600.0; ///< PIMCOMP: 200 + 4 x 200 + 600 ns.
    /// Shortest time between two crossbar MVM starts on one core (its issue port); 0 lets
    /// every crossbar of a core start together.
    double mvmIssueIntervalNs = 0.0;

    // cell writes (weight replacement)
    double writeLatencyPerRowNs = 1.0;
    double writeEnergyPerBitPj = 0.0016;

    // local memory, per core
    std::int64_t localMemoryBytes = 64 * 1024;
    double localMemoryBandwidthGBps = 25.6;
    double localMemoryPowerMw = 18.0;

    // vector functional units, per core
    std::int64_t vfuCount = 12;
    double vfuThroughputGBps = 6.4; ///< Per VFU (64 B per 10 ns).
    double vfuPowerMw = 22.8;       ///< All VFUs of one core together.

    // attention: where activation MatMuls run
    AttentionEngine attentionEngine = AttentionEngine::Vfu;

    double controlPowerMw = 8.0; ///< Per core, while the core executes an instruction.

    // interconnect and off-chip memory
    double busBandwidthGBps = 25.6;
    double busEnergyPjPerBit = 0.0;
    double dramBandwidthGBps = 12.8;
    double dramEnergyPjPerBit = 3.7;
    /// Active-standby (background) power of the DRAM while it transfers (DRAMsim3 LPDDR3).
    double dramBackgroundPowerMw = 50.4;
    /// Refresh power of the DRAM, averaged over the refresh interval, while it transfers.
    double dramRefreshPowerMw = 16.67;

    /// Leakage of the whole chip, paid for the whole latency.
    double staticPowerMw = 0.0;

    // pipeline inside a partition
    PipelineGranularity pipelineGranularity = PipelineGranularity::Row;
    /// Output rows a stage computes per step when streaming rows.
    std::int64_t pipelineRowsPerBlock = 4;

    /// Field-by-field equality (exact for doubles): a spec equals its JSON round trip.
    bool operator==(const ArchSpec&) const = default;

    // derived quantities
    /// Crossbar columns one weight occupies: ceil(weight bits / bits per cell).
    std::int64_t columnsPerWeight() const { return (weightBits + bitsPerCell - 1) / bitsPerCell; }
    /// Weights held by one crossbar row.
    std::int64_t weightsPerRow() const { return crossbarCols / columnsPerWeight(); }
    std::int64_t totalCrossbars() const { return cores * crossbarsPerCore; }
    /// Bits one crossbar stores.
    std::int64_t crossbarBits() const { return crossbarRows * crossbarCols * bitsPerCell; }
    /// Input-bit steps of one MVM: ceil(activation bits / DAC bits).
    std::int64_t inputSteps() const { return (activationBits + dacBits - 1) / dacBits; }
    /// Weights one crossbar stores (bit-sliced over columnsPerWeight() adjacent columns).
    std::int64_t weightsPerCrossbar() const { return crossbarRows * weightsPerRow(); }
    /// Weight bits the whole chip holds at once (padding columns excluded).
    std::int64_t weightCapacityBits() const
    {
        return totalCrossbars() * weightsPerCrossbar() * weightBits;
    }
    /// On-chip weight capacity in MiB (2^20 bytes): sram-S 1.125, sram-M 2, sram-L 4.5.
    double weightCapacityMiB() const
    {
        return static_cast<double>(weightCapacityBits()) / (8.0 * 1024.0 * 1024.0);
    }
    /// Rows per streamed block, 0 at layer granularity (one block per tensor).
    std::int64_t streamingRowsPerBlock() const
    {
        return pipelineGranularity == PipelineGranularity::Layer ? 0 : pipelineRowsPerBlock;
    }
    /// Columns each ADC converts per input-bit step: ceil(cols / ADCs per crossbar).
    std::int64_t columnsPerAdc() const
    {
        return (crossbarCols + adcsPerCrossbar - 1) / adcsPerCrossbar;
    }
    /// The stage time the ADCs need for one input-bit step: columnsPerAdc() / sample rate.
    double derivedAdcStageNs() const
    {
        return static_cast<double>(columnsPerAdc()) / adcSampleRateGSps;
    }
    /// Time to convert every column of one crossbar for one input-bit step, in ns: the
    /// explicit adc.stage_latency_ns when above 0, else derivedAdcStageNs().
    double adcStageNs() const
    {
        return adcStageLatencyNs > 0.0 ? adcStageLatencyNs : derivedAdcStageNs();
    }
    /// Latency of one crossbar MVM (all input-bit steps, conversions included), in ns.
    double mvmLatencyNs() const
    {
        switch (mvmLatencyModel) {
        case MvmLatencyModel::Fixed:
            return mvmFixedLatencyNs;
        case MvmLatencyModel::Pimcomp:
            return kPimcompMvmReadNs + static_cast<double>(inputSteps()) * kPimcompMvmPerBitNs +
                   kPimcompMvmTailNs;
        case MvmLatencyModel::Puma:
            break;
        }
        return static_cast<double>(inputSteps() + 2) * adcStageNs();
    }
};

} // namespace compass
