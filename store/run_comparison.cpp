// SPDX-License-Identifier: MIT
#include "store/run_comparison.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace compass {
namespace {

std::string formatNumber(double value)
{
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

std::string formatCuts(const std::vector<std::int64_t>& cuts)
{
    std::string text;
    for (std::int64_t c : cuts)
        text += (text.empty() ? "" : ",") + std::to_string(c);
    return "[" + text + "]";
}

bool nearlyEqual(double a, double b, double relTolerance)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (a == b)
        return true;
    const double scale = std::max(std::fabs(a), std::fabs(b));
    return std::fabs(a - b) <= relTolerance * scale;
}

/// JSON text in a canonical form (sorted keys, compact) so formatting never counts as a change.
std::string canonicalJson(const std::string& text)
{
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(text));
    if (document.isNull())
        return text;
    return document.toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

std::vector<RunDifference> compareRunResults(const RunRecord& stored, const RunRecord& fresh,
                                             double relTolerance)
{
    std::vector<RunDifference> differences;
    if (stored.status != fresh.status)
        differences.push_back(
            {"status", runStatusName(stored.status), runStatusName(fresh.status)});
    if (stored.cuts != fresh.cuts)
        differences.push_back({"cuts", formatCuts(stored.cuts), formatCuts(fresh.cuts)});
    if (canonicalJson(stored.partitionsJson) != canonicalJson(fresh.partitionsJson))
        differences.push_back({"partitions", stored.partitionsJson, fresh.partitionsJson});
    RunMetrics keys = stored.metrics;
    keys.insert(fresh.metrics.begin(), fresh.metrics.end());
    for (const auto& entry : keys) {
        const std::string& key = entry.first;
        const auto a = stored.metricValue(key);
        const auto b = fresh.metricValue(key);
        if (a && b && nearlyEqual(*a, *b, relTolerance))
            continue;
        differences.push_back({"metric " + key, a ? formatNumber(*a) : "(absent)",
                               b ? formatNumber(*b) : "(absent)"});
    }
    return differences;
}

} // namespace compass
