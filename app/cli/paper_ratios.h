// SPDX-License-Identifier: MIT
#pragma once
// The ratios the paper's figures summarise (method.md section 7), per configuration and averaged:
// GA over greedy and layerwise throughput, exact over GA, greedy and layerwise EDP over GA.

#include "paper_configs.h"

#include <QString>

#include <array>
#include <cstdint>

namespace compass::cli {

struct MethodOutcome
{
    double throughputIps = 0.0;
    double energyPerInferencePj = 0.0;
    double edpPjS = 0.0;
    std::int32_t partitions = 0;
    double runtimeMs = 0.0;
    double replacementOverMvm = 0.0; ///< EnergyParts::replacementOverMvm (Fig. 9).
};

struct ConfigRow
{
    QString label;
    QString network;
    std::array<MethodOutcome, kPaperMethods.size()> methods;

    const MethodOutcome& of(SearchMethod m) const { return methods[static_cast<std::size_t>(m)]; }
    double gaOverGreedy() const
    {
        return of(SearchMethod::Genetic).throughputIps / of(SearchMethod::Greedy).throughputIps;
    }
    double gaOverLayerwise() const
    {
        return of(SearchMethod::Genetic).throughputIps / of(SearchMethod::Layerwise).throughputIps;
    }
    double exactOverGa() const
    {
        return of(SearchMethod::Exact).throughputIps / of(SearchMethod::Genetic).throughputIps;
    }
    double edpGreedyOverGa() const
    {
        return of(SearchMethod::Greedy).edpPjS / of(SearchMethod::Genetic).edpPjS;
    }
    double edpLayerwiseOverGa() const
    {
        return of(SearchMethod::Layerwise).edpPjS / of(SearchMethod::Genetic).edpPjS;
    }
};

struct Ratios
{
    double gaGreedy = 0.0, gaLayerwise = 0.0, exactGa = 0.0, edpGreedy = 0.0, edpLayerwise = 0.0;
    int count = 0;

    void add(const ConfigRow& r)
    {
        gaGreedy += r.gaOverGreedy();
        gaLayerwise += r.gaOverLayerwise();
        exactGa += r.exactOverGa();
        edpGreedy += r.edpGreedyOverGa();
        edpLayerwise += r.edpLayerwiseOverGa();
        ++count;
    }
    Ratios mean() const
    {
        const double n = count > 0 ? count : 1;
        return {gaGreedy / n, gaLayerwise / n, exactGa / n, edpGreedy / n, edpLayerwise / n, count};
    }
};

} // namespace compass::cli
