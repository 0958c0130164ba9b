// SPDX-License-Identifier: MIT
// charts_demo MODEL ARCH BATCH OUTDIR: the run panel and the charts in one window, driven the
// way a user would (Compare methods, then Sweep batches), with a screenshot of every chart tab
// and the report written to OUTDIR. For checking the charts by eye (e.g. under xvfb-run); it is
// not a test and asserts nothing.
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/pipeline/pipelines.h"
#include "core/support/diagnostics.h"
#include "core/support/resource_paths.h"
#include "ui/charts/batch_sweep_chart_data.h"
#include "ui/charts/chart_panel.h"
#include "ui/run/run_panel.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QSplitter>
#include <QTextStream>
#include <QTimer>

using namespace compass;
using namespace compass::ui;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() != 5) {
        QTextStream(stderr) << "usage: charts_demo MODEL ARCH BATCH OUTDIR\n";
        return 2;
    }
    DiagnosticList diagnostics;
    const auto path = resolveModelPath(args[1].toStdString());
    std::optional<Graph> graph = path ? importOnnxFile(*path, diagnostics) : std::nullopt;
    std::optional<ArchSpec> arch = loadArchSpec(args[2].toStdString(), {}, diagnostics);
    if (!graph || !arch) {
        QTextStream(stderr) << "cannot load the model or the chip\n";
        return 1;
    }
    CostingOptions costing;
    costing.batchSize = args[3].toLongLong();
    jobs::RunProblem problem{
        mapProblem(std::make_shared<const Graph>(std::move(*graph)), *arch, costing, diagnostics),
        args[1], QString()}; // no model file: the demo's runs are not stored
    if (!problem.isValid()) {
        QTextStream(stderr) << "the model has nothing to map\n";
        return 1;
    }
    const QString outDir = args[4];
    QDir().mkpath(outDir);

    QSplitter window;
    auto* runs = new RunPanel;
    auto* charts = new ChartPanel;
    window.addWidget(runs);
    window.addWidget(charts);
    window.setStretchFactor(1, 3);
    window.resize(1500, 900);
    window.setWindowTitle(QStringLiteral("COMPASS charts demo"));
    window.show();
    runs->setProblem(problem);

    std::vector<jobs::SearchRun> all;
    // Single runs join the session's comparison; Compare methods shows its four runs alone.
    bool comparing = false;
    QObject::connect(runs, &RunPanel::runFinished, [&](const jobs::SearchRun& o) {
        all.push_back(o);
        if (!comparing)
            showRunsInCharts(*charts, all, o);
    });
    QObject::connect(runs, &RunPanel::comparisonFinished,
                     [&](const std::vector<jobs::SearchRun>& o) {
                         comparing = false;
                         showRunsInCharts(*charts, o, o[2]); // the ga run becomes the current plan
                     });
    QObject::connect(runs, &RunPanel::sweepFinished, [&](const jobs::BatchSweepResult& r) {
        charts->setBatchSweep(batchSweepData(r), batchSweepConfiguration(r));
        charts->setReloadVsBatch(reloadVsBatchData(r), batchSweepConfiguration(r));
    });
    auto waitFor = [&](auto* sender, auto signal) {
        QEventLoop loop;
        QObject::connect(sender, signal, &loop, &QEventLoop::quit);
        loop.exec();
    };

    // A GA run first (live convergence), then Compare methods, then Sweep batches.
    SearchOptions ga;
    runs->setOptions(ga);
    runs->run();
    QTimer::singleShot(150, [&] { window.grab().save(outDir + "/window-ga-running.png"); });
    waitFor(runs->controller(), &jobs::RunController::runningChanged);
    comparing = true;
    runs->compareMethods();
    waitFor(runs, &RunPanel::comparisonFinished);
    window.grab().save(outDir + "/window-after-compare.png");
    runs->sweepBatches();
    waitFor(runs, &RunPanel::sweepFinished);
    QApplication::processEvents();

    const char* names[] = {"partition-latency", "energy", "comparison", "batch-sweep",
                           "reload-vs-batch",   "pareto", "convergence"};
    for (int t = 0; t < 7; ++t) {
        charts->showTab(static_cast<ChartPanel::Tab>(t));
        QApplication::processEvents();
        window.grab().save(outDir + "/window-" + names[t] + ".png");
    }
    QString error;
    const QStringList files = writeReport(outDir + "/report", charts->reportData(), {}, &error);
    QTextStream(stdout) << "wrote " << files.size() << " report files to " << outDir << "/report"
                        << (error.isEmpty() ? QString() : " error: " + error) << '\n';
    return files.isEmpty() ? 1 : 0;
}
