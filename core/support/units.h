// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstdint>

/// The one home of every unit the product shows (docs/glossary.md, "Units"). Reports, JSON and
/// the run store keep base units (ns, pJ, pJ·s, bytes, bits); every view that shows a number
/// to a person formats it here, so the metrics dock, the charts, the run history and the CLI
/// agree on the unit and its scaling. Values are never printed with an exponent.
namespace compass::units {

/// The quantities the product shows, each with a base unit.
enum class Quantity
{
    Duration, ///< Base unit ns; shown as ns, µs, ms or s.
    Energy,   ///< Base unit pJ; shown as pJ, nJ, µJ, mJ or J.
    Edp,      ///< Base unit pJ·s; shown as an energy times milliseconds (nJ·ms ... J·ms, J·s).
    Bytes,    ///< Base unit byte; shown as B, KiB, MiB or GiB (binary prefixes).
    Bits,     ///< Base unit bit; shown as bit, kbit, Mbit, Gbit (decimal prefixes).
    Throughput, ///< Base unit inferences per second; shown as inf/s.
    Power,      ///< Base unit mW; shown as µW, mW or W.
};

/// A display unit for a range of values: displayed = base x factor.
struct Scale
{
    double factor = 1.0;
    QString symbol; ///< "ms", "µJ", "µJ·ms", "MiB" ...
};

/// The unit in which `magnitude` (in the quantity's base unit) reads best: the largest prefix
/// that keeps it at or above 1. Charts pick one scale for an axis from its largest value.
Scale scaleFor(Quantity quantity, double magnitude);

/// `value` (base unit) in `scale`, with `significant` digits (never an exponent), and the unit:
/// "5.535 ms".
QString formatIn(double value, const Scale& scale, int significant = 4);

/// `value` (base unit) scaled to read best: formatIn(value, scaleFor(q, |value|)).
QString format(Quantity quantity, double value, int significant = 4);

QString duration(double ns, int significant = 4);
QString energy(double pj, int significant = 4);
QString edp(double pjS, int significant = 4);
QString bytes(double bytes, int significant = 4);
QString bits(double bits, int significant = 4);
QString throughput(double inferencesPerSecond, int significant = 4);
QString power(double mw, int significant = 4);
/// A device lifetime given in seconds: s, min, h, days or years (365.25 days), "unlimited"
/// for +infinity (an endurance without wear-out).
QString lifetime(double seconds, int significant = 3);

/// A plain number with `significant` digits and no exponent ("55378", "0.001234", "12.50" is
/// written "12.5"): trailing zeros after the point are dropped.
QString number(double value, int significant = 4);
/// `fraction` as a percentage with one decimal: "12.5 %".
QString percent(double fraction);
/// A signed relative change: "+1.2 %", "−0.2 %" (a real minus sign), "0.0 %".
QString signedPercent(double fraction);
/// "1 partition", "3 partitions": the noun in the singular for exactly one.
QString count(std::int64_t n, const QString& singular, const QString& plural);

/// The name of the quantity's unit for an axis or column title at `scale`: "latency per batch
/// (ms)". Titles say the unit in brackets.
QString titled(const QString& title, const Scale& scale);

} // namespace compass::units
