// SPDX-License-Identifier: MIT
#include "store/run_record.h"

#include <QUuid>

namespace compass {

const char* runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Complete:
        return "complete";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Failed:
        return "failed";
    }
    return "complete";
}

std::optional<RunStatus> parseRunStatus(const std::string& name)
{
    for (RunStatus s : {RunStatus::Complete, RunStatus::Cancelled, RunStatus::Failed}) {
        if (name == runStatusName(s))
            return s;
    }
    return std::nullopt;
}

std::optional<double> RunRecord::metricValue(const std::string& key) const
{
    const auto it = metrics.find(key);
    if (it == metrics.end())
        return std::nullopt;
    return it->second;
}

std::string newRunUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace compass
