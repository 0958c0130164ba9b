// SPDX-License-Identifier: MIT
#include "arch_fields.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace compass {

namespace {

constexpr std::array<std::string_view, 2> kTechnologies = {"sram", "reram"};
constexpr std::array<std::string_view, 3> kLatencyModels = {"puma", "fixed", "pimcomp"};
constexpr std::array<std::string_view, 2> kGranularities = {"row", "layer"};
constexpr std::array<std::string_view, 2> kAttentionEngines = {"vfu", "crossbar"};

// Limits that keep every later product (cores x crossbars x rows x cols x bits, energies x
// counts) far from overflow while leaving room for any plausible chip.
constexpr double kMaxPowerMw = 1e9;       // 1 MW
constexpr double kMaxEnergyPj = 1e6;      // 1 uJ per bit or per conversion
constexpr double kMaxBandwidthGBps = 1e6; // 1 PB/s
constexpr double kMaxLatencyNs = 1e12;    // 1000 s

ArchField integerField(std::string_view key, std::int64_t ArchSpec::*member, std::string_view unit,
                       double minimum, double maximum, std::string_view description,
                       std::string_view source)
{
    ArchField f;
    f.key = key;
    f.type = ArchFieldType::Integer;
    f.unit = unit;
    f.description = description;
    f.source = source;
    f.minimum = minimum;
    f.maximum = maximum;
    f.integer = member;
    return f;
}

ArchField realField(std::string_view key, double ArchSpec::*member, std::string_view unit,
                    double minimum, bool minimumExclusive, double maximum,
                    std::string_view description, std::string_view source)
{
    ArchField f;
    f.key = key;
    f.type = ArchFieldType::Real;
    f.unit = unit;
    f.description = description;
    f.source = source;
    f.minimum = minimum;
    f.minimumExclusive = minimumExclusive;
    f.maximum = maximum;
    f.real = member;
    return f;
}

ArchField textField(std::string_view key, std::string ArchSpec::*member,
                    std::string_view description, std::string_view source)
{
    ArchField f;
    f.key = key;
    f.type = ArchFieldType::Text;
    f.description = description;
    f.source = source;
    f.text = member;
    return f;
}

ArchField choiceField(std::string_view key, std::span<const std::string_view> choices,
                      int (*get)(const ArchSpec&), void (*set)(ArchSpec&, int),
                      std::string_view description, std::string_view source)
{
    ArchField f;
    f.key = key;
    f.type = ArchFieldType::Choice;
    f.description = description;
    f.source = source;
    f.choices = choices;
    f.choiceIndex = get;
    f.setChoiceIndex = set;
    return f;
}

std::vector<ArchField> buildFields()
{
    using S = ArchSpec;
    std::vector<ArchField> f;
    f.push_back(textField("name", &S::name,
                          "Name of the chip; a preset's name is its file name in resources/arch.",
                          "-"));
    f.push_back(
        textField("description", &S::description, "Free text shown by `compass arch list`.", "-"));

    f.push_back(integerField("chip.cores", &S::cores, "count", 1, 1048576,
                             "Cores on the chip, connected by the shared bus.",
                             "COMPASS Table I, chip M (S: 16, L: 36)"));
    f.push_back(integerField("chip.crossbars_per_core", &S::crossbarsPerCore, "count", 1, 65536,
                             "Crossbars in each core.", "COMPASS Table I, chip M (S: 9, L: 16)"));
    f.push_back(realField("chip.clock_GHz", &S::clockGHz, "GHz", 0, true, 1000,
                          "Core clock; one cycle writes one crossbar row of an SRAM array.",
                          "PIMCOMP, PUMA, pimsim-nn and NeuroSim all use 1 GHz"));
    f.push_back(realField("chip.static_power_mW", &S::staticPowerMw, "mW", 0, false, kMaxPowerMw,
                          "Leakage of the whole chip, charged for the whole latency.",
                          "no published figure for the paper's chips; 0 leaves leakage out"));

    f.push_back(choiceField(
        "pipeline.granularity", kGranularities,
        [](const ArchSpec& s) {
            return s.pipelineGranularity == PipelineGranularity::Layer ? 1 : 0;
        },
        [](ArchSpec& s, int i) {
            s.pipelineGranularity = i == 1 ? PipelineGranularity::Layer : PipelineGranularity::Row;
        },
        "row: a layer starts once the producer rows its kernel window needs exist, and inputs "
        "follow each other through the stages; layer: a layer waits for its producer's whole "
        "output (for comparison).",
        "COMPASS section III (partitions run PIMCOMP style); PIMCOMP element and batch "
        "pipelines"));
    f.push_back(integerField("pipeline.rows_per_block", &S::pipelineRowsPerBlock, "rows", 1, 65536,
                             "Output rows a stage computes per streamed step at row granularity "
                             "(1: PIMCOMP's row-by-row element pipeline).",
                             "simulation granularity, not a hardware figure: 4 keeps the event "
                             "simulation of VGG16-S-16 fast (docs/event-simulator.md)"));

    f.push_back(choiceField(
        "crossbar.technology", kTechnologies,
        [](const ArchSpec& s) { return s.technology == CellTechnology::Reram ? 1 : 0; },
        [](ArchSpec& s, int i) {
            s.technology = i == 1 ? CellTechnology::Reram : CellTechnology::Sram;
        },
        "Cell technology: sram reloads fast (DRAM-bound), reram writes slowly (write-bound).",
        "COMPASS Table I (SRAM prototype); ISAAC, PUMA (ReRAM)"));
    f.push_back(integerField("crossbar.rows", &S::crossbarRows, "count", 1, 65536,
                             "Word lines of one crossbar: inputs summed per column.",
                             "COMPASS Table I (256); ISAAC, PUMA (128)"));
    f.push_back(integerField("crossbar.cols", &S::crossbarCols, "count", 1, 65536,
                             "Bit lines of one crossbar; a weight takes ceil(weight_bits / "
                             "bits_per_cell) adjacent columns.",
                             "COMPASS Table I (256); ISAAC, PUMA (128)"));
    f.push_back(integerField("crossbar.bits_per_cell", &S::bitsPerCell, "bits", 1, 16,
                             "Bits stored in one cell.",
                             "COMPASS Table I (1, SRAM); ISAAC, PUMA (2, ReRAM)"));
    f.push_back(realField("crossbar.read_power_mW", &S::crossbarReadPowerMw, "mW", 0, false,
                          kMaxPowerMw,
                          "Array read power of one crossbar while it computes (cells and drivers, "
                          "not the ADC).",
                          "SRAM: 0, folded into the ADC energy; ReRAM: 0.3 mW per 128x128 array "
                          "(ISAAC: 2.4 mW for 8 arrays)"));
    f.push_back(realField("crossbar.endurance_writes", &S::enduranceWrites, "writes", 0, false,
                          1e30,
                          "Writes a cell survives before it wears out, for the lifetime in the "
                          "metrics; 0: unlimited.",
                          "SRAM: 0 (no write wear-out); ReRAM: 1e12 (Ta2O5-x/TaO2-x bilayer, Lee "
                          "et al., Nature Materials 2011; devices report 1e6 to 1e12)"));

    f.push_back(integerField("precision.weight_bits", &S::weightBits, "bits", 1, 32,
                             "Bits of one weight, bit-sliced over adjacent columns.",
                             "COMPASS Table I (4); ISAAC, PUMA (16)"));
    f.push_back(integerField("precision.activation_bits", &S::activationBits, "bits", 1, 32,
                             "Bits of one input activation, fed bit-serially.",
                             "COMPASS Table I (4); ISAAC, PUMA (16)"));
    f.push_back(integerField("precision.dac_bits", &S::dacBits, "bits", 1, 32,
                             "Input bits applied per step; an MVM takes ceil(activation_bits / "
                             "dac_bits) steps.",
                             "bit-serial inputs: ISAAC, PUMA, MNSIM"));

    f.push_back(integerField("adc.bits", &S::adcBits, "bits", 1, 32,
                             "Resolution of the column ADCs.", "ISAAC, PUMA"));
    f.push_back(realField(
        "adc.energy_per_conversion_pJ", &S::adcEnergyPerConversionPj, "pJ", 0, false, kMaxEnergyPj,
        "Energy of one conversion; one conversion per column per input-bit step.",
        "ISAAC: 2 mW at 1.28 GS/s; alternatives 0.70 pJ (ZigZag-IMC), 15.6 pJ (MNSIM); the "
        "calibration constant of the sram presets"));
    f.push_back(integerField("adc.per_crossbar", &S::adcsPerCrossbar, "count", 1, 65536,
                             "ADCs serving the columns of one crossbar; each converts "
                             "ceil(crossbar.cols / adc.per_crossbar) columns per input-bit step.",
                             "ISAAC, PUMA: one ADC per crossbar"));
    f.push_back(realField("adc.sample_rate_GSps", &S::adcSampleRateGSps, "GS/s", 0, true, 1000,
                          "Conversions per second of one ADC, in 10^9.",
                          "ISAAC: 8-bit ADC at 1.28 GS/s"));
    f.push_back(realField(
        "adc.stage_latency_ns", &S::adcStageLatencyNs, "ns", 0, false, kMaxLatencyNs,
        "Time to convert every column of one crossbar for one input-bit step. 0: derived, "
        "ceil(crossbar.cols / adc.per_crossbar) / adc.sample_rate_GSps; above 0: this time "
        "whatever the columns (files written before the ADC was sized; loading one warns).",
        "derived from ISAAC: 256 columns / 1 ADC at 1.28 GS/s = 200 ns, 128 columns = 100 ns"));

    f.push_back(choiceField(
        "mvm.latency_model", kLatencyModels,
        [](const ArchSpec& s) { return static_cast<int>(s.mvmLatencyModel); },
        [](ArchSpec& s, int i) { s.mvmLatencyModel = static_cast<MvmLatencyModel>(i); },
        "puma: (ceil(activation_bits / dac_bits) + 2) x the ADC stage; pimcomp: 200 + "
        "ceil(activation_bits / dac_bits) x 200 + 600 ns; fixed: mvm.fixed_latency_ns.",
        "PUMA (formula); PIMCOMP-NN evaluation/EvaluationConfig.h (pimcomp)"));
    f.push_back(realField("mvm.fixed_latency_ns", &S::mvmFixedLatencyNs, "ns", 0, true,
                          kMaxLatencyNs, "Latency of one crossbar MVM when latency_model is fixed.",
                          "PIMCOMP: 200 + bits x 200 + 600 ns, here for 4-bit inputs"));
    f.push_back(realField("mvm.issue_interval_ns", &S::mvmIssueIntervalNs, "ns", 0, false,
                          kMaxLatencyNs,
                          "Shortest time between two crossbar MVM starts on one core: every "
                          "crossbar activation holds the core's issue port this long, shared by "
                          "all layers on the core; 0 lets every crossbar of a core start "
                          "together.",
                          "0: no published limit for the paper's chips; PIMCOMP-NN: 200 ns"));

    f.push_back(realField("write.latency_per_row_ns", &S::writeLatencyPerRowNs, "ns", 0, false,
                          kMaxLatencyNs,
                          "Time to write one crossbar row when weights are replaced.",
                          "SRAM: one row per 1 GHz cycle (MNSIM); ReRAM: 10 ns (MNSIM) or 85.7 "
                          "ns (PUMA: 10.97 us per 128-row crossbar)"));
    f.push_back(realField("write.energy_per_bit_pJ", &S::writeEnergyPerBitPj, "pJ", 0, false,
                          kMaxEnergyPj, "Energy to write one bit into a crossbar cell.",
                          "SRAM: 1.6 fJ (MNSIM; ZigZag-IMC example 10 fJ); ReRAM: 0.69 pJ "
                          "(PUMA: 22.6 nJ per 128x128x2-bit crossbar)"));

    f.push_back(integerField("local_memory.size_bytes", &S::localMemoryBytes, "bytes", 1,
                             1099511627776.0, "Local memory (SRAM buffer) of one core.",
                             "64 kB: PIMCOMP, PUMA, COMPASS Table I"));
    f.push_back(realField("local_memory.bandwidth_GBps", &S::localMemoryBandwidthGBps, "GB/s", 0,
                          true, kMaxBandwidthGBps, "Bandwidth of one core's local memory.",
                          "PIMCOMP, PUMA"));
    f.push_back(realField("local_memory.power_mW", &S::localMemoryPowerMw, "mW", 0, false,
                          kMaxPowerMw, "Power of one core's local memory while the core works.",
                          "COMPASS Table I"));

    f.push_back(integerField("vfu.count", &S::vfuCount, "count", 1, 65536,
                             "Vector functional units per core (activation, pooling, add, "
                             "partial sums).",
                             "COMPASS Table I, PIMCOMP"));
    f.push_back(realField("vfu.throughput_GBps", &S::vfuThroughputGBps, "GB/s", 0, true,
                          kMaxBandwidthGBps, "Throughput of one VFU.", "PIMCOMP: 64 B per 10 ns"));
    f.push_back(realField("vfu.power_mW", &S::vfuPowerMw, "mW", 0, false, kMaxPowerMw,
                          "Power of all VFUs of one core together.", "COMPASS Table I"));

    f.push_back(choiceField(
        "attention.engine", kAttentionEngines,
        [](const ArchSpec& s) { return s.attentionEngine == AttentionEngine::Crossbar ? 1 : 0; },
        [](ArchSpec& s, int i) {
            s.attentionEngine = i == 1 ? AttentionEngine::Crossbar : AttentionEngine::Vfu;
        },
        "Where activation MatMuls (attention's Q·Kᵀ and A·V) run. vfu: on the VFUs of the "
        "operator's core, 2 x MACs x activation bytes each; crossbar: the right operand (Kᵀ or V) "
        "is written into crossbars for every input, which stay reserved in the partition (write "
        "latency, energy and wear counted), and the left operand's rows are MVMs on them.",
        "vfu: X-Former, MXFormer, NeuroSim 1.5's hybrid mode, HyFlexPIM (digital units beside "
        "the crossbars); crossbar: MICSim (dynamic-MVM cells with write costs), ETA (writes "
        "overlapped with compute)"));

    f.push_back(realField("control.power_mW", &S::controlPowerMw, "mW", 0, false, kMaxPowerMw,
                          "Power of one core's control unit, charged while the core executes: "
                          "VFU work, crossbar writes, sends, and 1 / crossbars_per_core of it "
                          "per computing crossbar.",
                          "COMPASS Table I, PIMCOMP"));

    f.push_back(realField("bus.bandwidth_GBps", &S::busBandwidthGBps, "GB/s", 0, true,
                          kMaxBandwidthGBps, "Bandwidth of the on-chip bus, shared by all cores.",
                          "PIMCOMP"));
    f.push_back(realField("bus.energy_per_bit_pJ", &S::busEnergyPjPerBit, "pJ", 0, false,
                          kMaxEnergyPj, "Energy to move one bit over the bus.",
                          "no figure in the references; 0 makes on-chip transfers free"));

    f.push_back(realField("dram.bandwidth_GBps", &S::dramBandwidthGBps, "GB/s", 0, true,
                          kMaxBandwidthGBps,
                          "Bandwidth of the external DRAM (weights and activations).",
                          "LPDDR3 64-bit; 6.4 (LPDDR3 x32); 64 (PIMCOMP global memory)"));
    f.push_back(realField("dram.energy_per_bit_pJ", &S::dramEnergyPjPerBit, "pJ", 0, false,
                          kMaxEnergyPj, "Energy to move one bit between DRAM and the chip.",
                          "LPDDR3 (ZigZag-IMC); LPDDR4 13-14; off-chip link 203 (pessimistic)"));
    f.push_back(realField("dram.background_power_mW", &S::dramBackgroundPowerMw, "mW", 0, false,
                          kMaxPowerMw,
                          "Active-standby power of the DRAM, charged while it transfers.",
                          "DRAMsim3 LPDDR3_8Gb_x32_1600: VDD x IDD3N x 2 devices = 1.2 V x 21 mA "
                          "x 2"));
    f.push_back(realField("dram.refresh_power_mW", &S::dramRefreshPowerMw, "mW", 0, false,
                          kMaxPowerMw, "Refresh power of the DRAM, charged while it transfers.",
                          "DRAMsim3 LPDDR3_8Gb_x32_1600: VDD x (IDD5AB - IDD3N) x 2 devices x "
                          "tRFC / tREFI = 1.2 V x 129 mA x 2 x 168 / 3120"));
    return f;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string_view leafOf(std::string_view key)
{
    const std::size_t dot = key.rfind('.');
    return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

std::string_view groupOf(std::string_view key)
{
    const std::size_t dot = key.rfind('.');
    return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
}

/// A plausible typo: at most a third of the word changed, and at least one edit allowed.
bool isClose(std::size_t distance, std::size_t length)
{
    return distance <= std::max<std::size_t>(2, length / 3);
}

std::string escapeMarkdown(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else
            out += c;
    }
    return out;
}

} // namespace

std::string_view ArchField::group() const
{
    return groupOf(key);
}

std::string_view ArchField::leaf() const
{
    return leafOf(key);
}

std::span<const ArchField> archFields()
{
    static const std::vector<ArchField> fields = buildFields();
    return fields;
}

const ArchField* findArchField(std::string_view key)
{
    for (const ArchField& f : archFields()) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

std::vector<std::string_view> archGroups()
{
    std::vector<std::string_view> groups;
    for (const ArchField& f : archFields()) {
        const std::string_view g = f.group();
        if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end())
            groups.push_back(g);
    }
    return groups;
}

std::string closestMatch(std::string_view word, std::span<const std::string> candidates)
{
    const std::string w = lower(word);
    std::string best;
    std::size_t bestDistance = std::string::npos;
    for (const std::string& c : candidates) {
        const std::size_t d = editDistance(w, lower(c));
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return !best.empty() && isClose(bestDistance, word.size()) ? best : std::string{};
}

std::string suggestArchKey(std::string_view unknownKey)
{
    const std::string key = lower(unknownKey);
    const std::string leaf = lower(leafOf(unknownKey));
    const std::string group = lower(groupOf(unknownKey));
    std::string best;
    std::size_t bestDistance = std::string::npos;
    auto consider = [&](std::string_view candidate, std::size_t distance) {
        if (distance < bestDistance) {
            bestDistance = distance;
            best = std::string(candidate);
        }
    };
    for (const ArchField& f : archFields()) {
        consider(f.key, editDistance(key, lower(f.key)));
        // The right leaf in the wrong group ("chip.rows") is one step from "crossbar.rows".
        if (!group.empty() && !f.group().empty()) {
            const std::size_t groupCost = lower(f.group()) == group ? 0 : 1;
            consider(f.key, editDistance(leaf, lower(f.leaf())) + groupCost);
        }
    }
    if (group.empty()) {
        for (std::string_view g : archGroups())
            consider(g, editDistance(key, lower(g)));
        consider("base", editDistance(key, "base"));
    }
    const std::size_t length = group.empty() ? key.size() : std::min(key.size(), leaf.size());
    return !best.empty() && isClose(bestDistance, length) ? best : std::string{};
}

std::string formatArchNumber(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

std::string archFieldValueText(const ArchSpec& spec, const ArchField& field)
{
    switch (field.type) {
    case ArchFieldType::Integer:
        return std::to_string(spec.*field.integer);
    case ArchFieldType::Real:
        return formatArchNumber(spec.*field.real);
    case ArchFieldType::Text:
        return spec.*field.text;
    case ArchFieldType::Choice: {
        const int index = field.choiceIndex(spec);
        return std::string(field.choices[static_cast<std::size_t>(index)]);
    }
    }
    return {};
}

std::string archFieldDefaultText(const ArchField& field)
{
    static const ArchSpec defaults;
    return archFieldValueText(defaults, field);
}

std::string archFieldUnusedReason(const ArchSpec& spec, const ArchField& field)
{
    if (field.key == "mvm.fixed_latency_ns" && spec.mvmLatencyModel != MvmLatencyModel::Fixed)
        return std::string("not used: mvm.latency_model is ") +
               mvmLatencyModelName(spec.mvmLatencyModel) + ", so one MVM takes " +
               formatArchNumber(spec.mvmLatencyNs()) + " ns";
    if (field.key == "pipeline.rows_per_block" &&
        spec.pipelineGranularity == PipelineGranularity::Layer)
        return "not used: pipeline.granularity is layer, so every tensor is one block";
    return {};
}

double archFieldNumber(const ArchSpec& spec, const ArchField& field)
{
    if (field.type == ArchFieldType::Integer)
        return static_cast<double>(spec.*field.integer);
    if (field.type == ArchFieldType::Real)
        return spec.*field.real;
    return 0.0;
}

std::string archFieldRangeText(const ArchField& field)
{
    switch (field.type) {
    case ArchFieldType::Integer:
    case ArchFieldType::Real:
        return std::string(field.minimumExclusive ? "(" : "[") + formatArchNumber(field.minimum) +
               ", " + formatArchNumber(field.maximum) + "]";
    case ArchFieldType::Text:
        return field.key == "name" ? "non-empty text" : "any text";
    case ArchFieldType::Choice: {
        std::string out = "one of ";
        for (std::size_t i = 0; i < field.choices.size(); ++i)
            out += (i ? ", " : "") + std::string(field.choices[i]);
        return out;
    }
    }
    return {};
}

const char* technologyName(CellTechnology technology)
{
    return technology == CellTechnology::Reram ? "reram" : "sram";
}

const char* mvmLatencyModelName(MvmLatencyModel model)
{
    return kLatencyModels[static_cast<std::size_t>(model)].data();
}

std::string archFieldTableMarkdown()
{
    std::string out = "| key | unit | default | allowed | meaning | source |\n"
                      "|---|---|---|---|---|---|\n";
    for (const ArchField& f : archFields()) {
        std::string def = archFieldDefaultText(f);
        if (f.type == ArchFieldType::Text || f.type == ArchFieldType::Choice)
            def = "\"" + def + "\"";
        out += "| `" + std::string(f.key) + "` | " + (f.unit.empty() ? "-" : std::string(f.unit)) +
               " | " + escapeMarkdown(def) + " | " + escapeMarkdown(archFieldRangeText(f)) + " | " +
               escapeMarkdown(f.description) + " | " + escapeMarkdown(f.source) + " |\n";
    }
    return out;
}

} // namespace compass
