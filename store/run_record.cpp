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

const char* planMethodName(PlanMethod method)
{
    if (const auto search = searchMethodOf(method))
        return searchMethodName(*search);
    return "manual";
}

std::optional<PlanMethod> parsePlanMethod(std::string_view text)
{
    if (text == "manual")
        return PlanMethod::Manual;
    if (const auto search = parseSearchMethod(text))
        return planMethodOf(*search);
    return std::nullopt;
}

std::vector<PlanMethod> allPlanMethods()
{
    return {PlanMethod::Manual, PlanMethod::Greedy, PlanMethod::Layerwise, PlanMethod::Genetic,
            PlanMethod::Exact};
}

std::string planMethodChoices()
{
    std::string text;
    for (PlanMethod m : allPlanMethods())
        text += (text.empty() ? "" : ", ") + std::string(planMethodName(m));
    return text;
}

PlanMethod planMethodOf(SearchMethod method)
{
    switch (method) {
    case SearchMethod::Greedy:
        return PlanMethod::Greedy;
    case SearchMethod::Layerwise:
        return PlanMethod::Layerwise;
    case SearchMethod::Genetic:
        return PlanMethod::Genetic;
    case SearchMethod::Exact:
        return PlanMethod::Exact;
    }
    return PlanMethod::Genetic;
}

std::optional<SearchMethod> searchMethodOf(PlanMethod method)
{
    switch (method) {
    case PlanMethod::Manual:
        return std::nullopt;
    case PlanMethod::Greedy:
        return SearchMethod::Greedy;
    case PlanMethod::Layerwise:
        return SearchMethod::Layerwise;
    case PlanMethod::Genetic:
        return SearchMethod::Genetic;
    case PlanMethod::Exact:
        return SearchMethod::Exact;
    }
    return std::nullopt;
}

const char* runEngineName(RunEngine engine)
{
    return engine == RunEngine::Event ? "event" : "estimator";
}

std::optional<RunEngine> parseRunEngine(std::string_view text)
{
    if (text == "estimator")
        return RunEngine::Estimator;
    if (text == "event")
        return RunEngine::Event;
    return std::nullopt;
}

std::string objectiveText(const std::optional<Objective>& objective)
{
    return objective ? objectiveName(*objective) : "";
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
