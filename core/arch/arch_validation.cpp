// SPDX-License-Identifier: MIT
#include "arch_validation.h"

#include <cmath>

namespace compass {

namespace {

// Cells of the whole chip may reach 2^50 bits (128 TiB): products of them with counts, bits and
// energies then stay exact in int64 and double.
constexpr double kMaxChipBits = 1125899906842624.0; // 2^50

bool inRange(const ArchField& field, double value)
{
    if (!std::isfinite(value))
        return false;
    const bool aboveMin = field.minimumExclusive ? value > field.minimum : value >= field.minimum;
    return aboveMin && value <= field.maximum;
}

} // namespace

std::string archRangeMessage(const ArchField& field, const std::string& valueText)
{
    std::string message = "value " + valueText;
    const bool finite = valueText != "nan" && valueText != "inf" && valueText != "-inf";
    message +=
        finite ? " is outside the allowed range " : " is not a finite number; allowed range ";
    message += archFieldRangeText(field);
    if (!field.unit.empty())
        message += " (" + std::string(field.unit) + ")";
    return message;
}

bool checkArchField(const ArchSpec& spec, const ArchField& field, const SourceLocation& location,
                    DiagnosticSink& diagnostics)
{
    if (field.isNumber()) {
        if (inRange(field, archFieldNumber(spec, field)))
            return true;
        diagnostics.error(archRangeMessage(field, archFieldValueText(spec, field)), location);
        return false;
    }
    if (field.key == "name" && spec.name.empty()) {
        diagnostics.error("the name is empty; allowed range: " + archFieldRangeText(field),
                          location);
        return false;
    }
    return true;
}

bool validateArchSpec(const ArchSpec& spec, const std::string& file, DiagnosticSink& diagnostics)
{
    bool ok = true;
    auto fieldOk = [&](std::string_view key) {
        const ArchField* field = findArchField(key);
        return field && inRange(*field, archFieldNumber(spec, *field));
    };
    for (const ArchField& field : archFields())
        ok = checkArchField(spec, field, fieldAt(file, field.key), diagnostics) && ok;

    // A crossbar narrower than one bit-sliced weight cannot hold anything.
    if (fieldOk("precision.weight_bits") && fieldOk("crossbar.bits_per_cell") &&
        fieldOk("crossbar.cols") && spec.crossbarCols < spec.columnsPerWeight()) {
        const ArchField& cols = *findArchField("crossbar.cols");
        diagnostics.error(
            "value " + std::to_string(spec.crossbarCols) + " is narrower than one weight: a " +
                std::to_string(spec.weightBits) + "-bit weight at " +
                std::to_string(spec.bitsPerCell) + " bit(s) per cell needs ceil(" +
                std::to_string(spec.weightBits) + " / " + std::to_string(spec.bitsPerCell) +
                ") = " + std::to_string(spec.columnsPerWeight()) + " columns; allowed range [" +
                std::to_string(spec.columnsPerWeight()) + ", " + formatArchNumber(cols.maximum) +
                "]",
            fieldAt(file, "crossbar.cols"));
        ok = false;
    }

    // Each count is bounded, but their product may still be absurd.
    if (fieldOk("chip.cores") && fieldOk("chip.crossbars_per_core") && fieldOk("crossbar.rows") &&
        fieldOk("crossbar.cols") && fieldOk("crossbar.bits_per_cell")) {
        const double bits =
            static_cast<double>(spec.cores) * static_cast<double>(spec.crossbarsPerCore) *
            static_cast<double>(spec.crossbarRows) * static_cast<double>(spec.crossbarCols) *
            static_cast<double>(spec.bitsPerCell);
        if (bits > kMaxChipBits) {
            diagnostics.error("the chip's cells, cores x crossbars_per_core x rows x cols x "
                              "bits_per_cell = " +
                                  formatArchNumber(bits) +
                                  " bits, would overflow later arithmetic; allowed range [1, " +
                                  formatArchNumber(kMaxChipBits) + "] bits (2^50)",
                              fieldAt(file, "chip"));
            ok = false;
        }
    }

    if (fieldOk("precision.dac_bits") && fieldOk("precision.activation_bits") &&
        spec.dacBits > spec.activationBits) {
        diagnostics.warning("value " + std::to_string(spec.dacBits) +
                                " is wider than the activations (precision.activation_bits = " +
                                std::to_string(spec.activationBits) +
                                "): one input step, the extra DAC bits are unused",
                            fieldAt(file, "precision.dac_bits"));
    }

    // An explicit ADC stage (files written before the stage was derived from the ADCs) keeps
    // its meaning, but the user should see what the ADC fields would give instead.
    if (fieldOk("adc.stage_latency_ns") && fieldOk("adc.per_crossbar") &&
        fieldOk("adc.sample_rate_GSps") && fieldOk("crossbar.cols") &&
        spec.adcStageLatencyNs > 0.0 && spec.adcStageLatencyNs != spec.derivedAdcStageNs()) {
        diagnostics.warning(
            "value " + formatArchNumber(spec.adcStageLatencyNs) +
                " ns overrides the ADC stage derived from the chip: ceil(crossbar.cols " +
                std::to_string(spec.crossbarCols) + " / adc.per_crossbar " +
                std::to_string(spec.adcsPerCrossbar) + ") / adc.sample_rate_GSps " +
                formatArchNumber(spec.adcSampleRateGSps) + " = " +
                formatArchNumber(spec.derivedAdcStageNs()) +
                " ns; set it to 0 to use the derived stage",
            fieldAt(file, "adc.stage_latency_ns"));
    }
    return ok;
}

} // namespace compass
