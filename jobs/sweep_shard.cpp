// SPDX-License-Identifier: MIT
#include "sweep_shard.h"

#include <QStringList>

namespace compass::jobs {

std::optional<SweepShard> SweepShard::parse(const QString& text)
{
    const QStringList parts = text.split('/');
    if (parts.size() != 2)
        return std::nullopt;
    bool okK = false;
    bool okN = false;
    const std::int64_t k = parts[0].toLongLong(&okK);
    const std::int64_t n = parts[1].toLongLong(&okN);
    if (!okK || !okN || n < 1 || k < 0 || k > n)
        return std::nullopt;
    return SweepShard{k, n};
}

std::vector<std::size_t> SweepShard::slice(std::size_t configurations) const
{
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < configurations; ++i) {
        if (contains(i))
            indices.push_back(i);
    }
    return indices;
}

} // namespace compass::jobs
