// SPDX-License-Identifier: MIT
#include "ui/charts/partition_palette.h"

#include <algorithm>
#include <array>
#include <utility>

namespace compass::ui {

namespace {

// Okabe-Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
constexpr std::array<QRgb, 7> kOkabeIto = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
                                           0x0072B2, 0xD55E00, 0xCC79A7};

QColor mix(const QColor& a, const QColor& b, double t)
{
    auto lerp = [t](int x, int y) {
        return static_cast<int>(static_cast<double>(x) * (1.0 - t) + static_cast<double>(y) * t);
    };
    return QColor(lerp(a.red(), b.red()), lerp(a.green(), b.green()), lerp(a.blue(), b.blue()));
}

} // namespace

int partitionPaletteSize()
{
    return static_cast<int>(kOkabeIto.size());
}

QColor partitionColor(int partition)
{
    if (partition < 0)
        return QColor(0xB8, 0xB8, 0xB8);
    const auto p = static_cast<std::size_t>(partition);
    const QColor hue = QColor::fromRgb(kOkabeIto[p % kOkabeIto.size()]);
    // Past the 7 hues the same hue comes back darker, then lighter, so P0 and P7 differ; a
    // partition's neighbours (P-1, P+1) always have other hues.
    switch ((p / kOkabeIto.size()) % 3) {
    case 1:
        return mix(hue, Qt::black, 0.4);
    case 2:
        return mix(hue, Qt::white, 0.45);
    default:
        return hue;
    }
}

QColor methodColor(const QString& method, int fallback)
{
    if (method == QLatin1String("greedy"))
        return QColor::fromRgb(0x0072B2);
    if (method == QLatin1String("layerwise"))
        return QColor::fromRgb(0x009E73);
    if (method == QLatin1String("ga") || method == QLatin1String("genetic"))
        return QColor::fromRgb(0xD55E00);
    if (method == QLatin1String("exact"))
        return QColor::fromRgb(0xCC79A7);
    if (method == QLatin1String("manual"))
        return QColor(0x80, 0x80, 0x80);
    return partitionColor(fallback);
}

std::vector<QColor> runColors(const std::vector<QString>& methods)
{
    // Shades for the k-th run of a method: the method's own colour, then alternately darker
    // and lighter, further each time (mix weights stay below 0.6 so the hue stays readable).
    constexpr std::array<double, 6> kShade = {0.0, -0.35, 0.4, -0.55, 0.6, -0.2};
    std::vector<QColor> colours;
    colours.reserve(methods.size());
    std::vector<std::pair<QString, std::size_t>> seen;
    for (std::size_t i = 0; i < methods.size(); ++i) {
        std::size_t k = 0;
        auto it = std::find_if(seen.begin(), seen.end(),
                               [&](const auto& s) { return s.first == methods[i]; });
        if (it == seen.end())
            seen.emplace_back(methods[i], 1);
        else
            k = it->second++;
        const QColor base = methodColor(methods[i], static_cast<int>(i));
        const double shade = kShade[k % kShade.size()];
        colours.push_back(shade < 0.0   ? mix(base, Qt::black, -shade)
                          : shade > 0.0 ? mix(base, Qt::white, shade)
                                        : base);
    }
    return colours;
}

QColor partitionTint(int partition)
{
    return mix(partitionColor(partition), Qt::white, 0.6);
}

QColor textColorOn(const QColor& background)
{
    // Relative luminance (sRGB weights, no gamma: good enough to pick black or white).
    const double luminance = 0.2126 * static_cast<double>(background.redF()) +
                             0.7152 * static_cast<double>(background.greenF()) +
                             0.0722 * static_cast<double>(background.blueF());
    return luminance < 0.45 ? QColor(Qt::white) : QColor(Qt::black);
}

} // namespace compass::ui
