// SPDX-License-Identifier: MIT
#include "units.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

namespace compass::units {

namespace {

struct Step
{
    double base; ///< Base units per displayed unit.
    const char* symbol;
};

constexpr std::array<Step, 4> kDuration{{{1.0, "ns"}, {1e3, "µs"}, {1e6, "ms"}, {1e9, "s"}}};
constexpr std::array<Step, 5> kEnergy{
    {{1.0, "pJ"}, {1e3, "nJ"}, {1e6, "µJ"}, {1e9, "mJ"}, {1e12, "J"}}};
constexpr std::array<Step, 4> kBytes{
    {{1.0, "B"}, {1024.0, "KiB"}, {1048576.0, "MiB"}, {1073741824.0, "GiB"}}};
constexpr std::array<Step, 4> kBits{{{1.0, "bit"}, {1e3, "kbit"}, {1e6, "Mbit"}, {1e9, "Gbit"}}};
// EDP (base pJ·s) as energy per inference times latency per inference in ms, the energy
// prefix scaled like an energy: 1 pJ·s = 1 nJ·ms, 1000 J·ms = 1 J·s.
constexpr std::array<Step, 6> kEdp{{{1e-3, "pJ·ms"},
                                    {1.0, "nJ·ms"},
                                    {1e3, "µJ·ms"},
                                    {1e6, "mJ·ms"},
                                    {1e9, "J·ms"},
                                    {1e12, "J·s"}}};
constexpr std::array<Step, 3> kPower{{{1e-3, "µW"}, {1.0, "mW"}, {1e3, "W"}}};

Scale pick(std::span<const Step> steps, double magnitude)
{
    const double v = std::abs(magnitude);
    const Step* chosen = &steps.front();
    for (const Step& s : steps) {
        if (v >= s.base)
            chosen = &s;
    }
    return {1.0 / chosen->base, QString::fromUtf8(chosen->symbol)};
}

} // namespace

Scale scaleFor(Quantity quantity, double magnitude)
{
    if (!std::isfinite(magnitude))
        magnitude = 0.0;
    switch (quantity) {
    case Quantity::Duration:
        return pick(kDuration, magnitude);
    case Quantity::Energy:
        return pick(kEnergy, magnitude);
    case Quantity::Edp:
        return pick(kEdp, magnitude);
    case Quantity::Bytes:
        return pick(kBytes, magnitude);
    case Quantity::Bits:
        return pick(kBits, magnitude);
    case Quantity::Throughput:
        return {1.0, QStringLiteral("inf/s")};
    case Quantity::Power:
        return pick(kPower, magnitude);
    }
    return {};
}

QString number(double value, int significant)
{
    if (std::isnan(value))
        return QStringLiteral("n/a");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("∞") : QStringLiteral("-∞");
    significant = std::clamp(significant, 1, 15);
    if (value == 0.0)
        return QStringLiteral("0");
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
    const int decimals = std::clamp(significant - 1 - magnitude, 0, 15);
    QString text = QString::number(value, 'f', decimals);
    if (decimals > 0) {
        while (text.endsWith('0'))
            text.chop(1);
        if (text.endsWith('.'))
            text.chop(1);
    }
    if (text == QLatin1String("-0"))
        text = QStringLiteral("0");
    return text;
}

QString formatIn(double value, const Scale& scale, int significant)
{
    return number(value * scale.factor, significant) + ' ' + scale.symbol;
}

QString format(Quantity quantity, double value, int significant)
{
    return formatIn(value, scaleFor(quantity, value), significant);
}

QString duration(double ns, int significant)
{
    return format(Quantity::Duration, ns, significant);
}

QString energy(double pj, int significant)
{
    return format(Quantity::Energy, pj, significant);
}

QString edp(double pjS, int significant)
{
    return format(Quantity::Edp, pjS, significant);
}

QString bytes(double b, int significant)
{
    return format(Quantity::Bytes, b, significant);
}

QString bits(double b, int significant)
{
    return format(Quantity::Bits, b, significant);
}

QString throughput(double inferencesPerSecond, int significant)
{
    return format(Quantity::Throughput, inferencesPerSecond, significant);
}

QString power(double mw, int significant)
{
    return format(Quantity::Power, mw, significant);
}

QString lifetime(double seconds, int significant)
{
    if (std::isinf(seconds) && seconds > 0)
        return QStringLiteral("unlimited");
    if (!std::isfinite(seconds))
        return QStringLiteral("n/a");
    constexpr std::array<Step, 5> kLifetime{
        {{1.0, "s"}, {60.0, "min"}, {3600.0, "h"}, {86400.0, "days"}, {31557600.0, "years"}}};
    return formatIn(seconds, pick(kLifetime, seconds), significant);
}

QString percent(double fraction)
{
    if (!std::isfinite(fraction))
        return QStringLiteral("n/a");
    return QString::number(fraction * 100.0, 'f', 1) + QStringLiteral(" %");
}

QString signedPercent(double fraction)
{
    if (!std::isfinite(fraction))
        return QStringLiteral("n/a");
    const double p = fraction * 100.0;
    const QString magnitude = QString::number(std::abs(p), 'f', 1);
    if (magnitude == QLatin1String("0.0"))
        return QStringLiteral("0.0 %");
    return (p > 0 ? QStringLiteral("+") : QStringLiteral("\u2212")) + magnitude +
           QStringLiteral(" %");
}

QString count(std::int64_t n, const QString& singular, const QString& plural)
{
    return QString::number(n) + ' ' + (n == 1 ? singular : plural);
}

QString titled(const QString& title, const Scale& scale)
{
    return title + QStringLiteral(" (") + scale.symbol + ')';
}

} // namespace compass::units
