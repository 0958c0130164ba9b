// SPDX-License-Identifier: MIT
// bench_layout: how long the explorer takes to import, lay out and draw networks.
// Prints figures; never asserts on them. Usage: bench_layout [model names or .onnx paths]
#include "core/onnx/onnx_importer.h"
#include "core/support/resource_paths.h"
#include "test_graphs.h"
#include "ui/graphview/graph_layout.h"
#include "ui/graphview/graph_scene.h"
#include "ui/models/graph_view_model.h"

#include <QApplication>

#include <chrono>
#include <cstdio>
#include <set>

using namespace compass;
using namespace compass::ui;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

const char* engineName(const LayoutResult& r)
{
    if (r.budgetExceeded)
        return "fallback(budget)";
    return r.engine == LayoutEngine::Graphviz ? "graphviz" : "layered";
}

// What opening a network costs in the explorer: view model, collapse decision, layout with
// the explorer's budget, scene items and colours. Import time is measured by the caller.
void measure(const std::string& name, const GraphViewModel& full, double importMs)
{
    const auto start = Clock::now();
    std::set<int> collapsed;
    if (shouldAutoCollapse(full)) {
        for (const GraphBlock& b : full.blocks)
            collapsed.insert(b.index);
    }
    GraphViewModel display = collapseBlocks(full, collapsed);
    const LayoutInput input = GraphScene::layoutInput(display, RankDirection::TopToBottom);
    const LayoutResult layout = layoutWithBudget(input, std::chrono::milliseconds(2500));
    const double layoutMs = msSince(start);
    GraphViewModel coloured = full;
    applyPartitions(coloured, std::vector<int>(full.nodes.size() * 2 + 16, 0));
    display = collapseBlocks(coloured, collapsed);
    GraphScene scene;
    scene.build(display, layout);
    const double totalMs = msSince(start) + importMs;
    std::printf("%-22s %5zu %5zu %4zu %5s %-17s %9.1f %9.1f %9.1f\n", name.c_str(),
                full.nodes.size(), full.edges.size(), full.blocks.size(),
                collapsed.empty() ? "no" : "yes", engineName(layout), importMs, layoutMs, totalMs);
}

// The uncollapsed graph with fixed limits and no budget: what dot itself costs.
void measureRaw(const std::string& name, const GraphViewModel& full, bool fast)
{
    LayoutInput input = GraphScene::layoutInput(full, RankDirection::TopToBottom);
    input.limits = fast ? LayoutLimits::fast() : LayoutLimits{};
    const auto start = Clock::now();
    const LayoutResult r = layoutWithGraphviz(input);
    std::printf("%-22s %5zu nodes %5zu edges  dot %-7s limits: %9.1f ms\n", name.c_str(),
                full.nodes.size(), full.edges.size(), fast ? "fast" : "default", msSince(start));
    (void)r;
}

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("COMPASS_DATA_DIR"))
        qputenv("COMPASS_DATA_DIR", COMPASS_RESOURCE_DIR);

    std::vector<std::string> models;
    for (int i = 1; i < argc; ++i)
        models.emplace_back(argv[i]);
    if (models.empty())
        models = bundledModelNames();

    std::printf("Open = import + view model + layout (2.5 s budget) + scene with colours.\n");
    std::printf("%-22s %5s %5s %4s %5s %-17s %9s %9s %9s\n", "network", "nodes", "edges", "blks",
                "coll", "engine", "import ms", "layout ms", "open ms");
    std::vector<std::pair<std::string, GraphViewModel>> loaded;
    for (const std::string& model : models) {
        const auto path = resolveModelPath(model);
        if (!path) {
            std::printf("%-22s not found\n", model.c_str());
            continue;
        }
        DiagnosticList diagnostics;
        const auto start = Clock::now();
        const std::optional<Graph> graph = importOnnxFile(*path, diagnostics);
        if (!graph) {
            std::printf("%-22s import failed\n", model.c_str());
            continue;
        }
        GraphViewModel full = buildGraphViewModel(*graph);
        const double importMs = msSince(start);
        measure(model, full, importMs);
        loaded.emplace_back(model, std::move(full));
    }
    measure("synthetic-resnet152", buildGraphViewModel(test::makeResNetLike({3, 8, 36, 3}, true)),
            0.0);
    measure("synthetic-densenet121", buildGraphViewModel(test::makeDenseNetLike({6, 12, 24, 16})),
            0.0);

    std::printf("\nRaw dot on the uncollapsed graph (no budget):\n");
    for (const auto& [name, full] : loaded) {
        if (name == "resnet152" || name == "googlenet" || name == "resnet18")
            measureRaw(name, full, false);
        if (name == "densenet121")
            measureRaw(name, full, true); // default limits do not finish (platform.md)
    }
    return 0;
}
