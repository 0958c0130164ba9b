// SPDX-License-Identifier: MIT
#include "run_panel.h"

#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace compass::ui {

namespace {

QString methodLabel(const RunOutcome& o)
{
    return o.label + (o.result.cancelled ? QStringLiteral(" (cancelled)") : QString());
}

QString formatElapsed(qint64 ms)
{
    return QStringLiteral("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 1);
}

} // namespace

void showRunsInCharts(ChartPanel& charts, const std::vector<RunOutcome>& runs,
                      const RunOutcome& current)
{
    const QString objective = QString::fromLatin1(objectiveName(current.options.objective));
    const QString subtitle = QStringLiteral("%1, %2 (%3)")
                                 .arg(current.problem.describe(), methodLabel(current), objective);
    charts.setReportTitle(current.problem.describe());
    charts.setPartitionLatency(partitionLatencyData(current.result.cost, subtitle));

    EnergyBreakdownData energy;
    energy.subtitle = current.problem.describe();
    RunComparisonData comparison;
    comparison.subtitle =
        QStringLiteral("%1, objective %2").arg(current.problem.describe(), objective);
    ParetoData pareto;
    pareto.subtitle = comparison.subtitle;
    for (const RunOutcome& r : runs) {
        if (!r.result.cost.valid)
            continue;
        energy.rows.push_back(energyBreakdownRow(methodLabel(r), r.result.cost));
        comparison.runs.push_back(comparisonRun(methodLabel(r), r.result));
        pareto.runs.push_back(
            {methodLabel(r), r.result.cost.latencyPerBatchNs, r.result.cost.energyPerInferencePj});
        if (!r.result.paretoFront.empty())
            setParetoFront(pareto, r.result.paretoFront);
    }
    comparison.baseline = comparison.runs.empty() ? -1 : 0;
    charts.setEnergyBreakdown(energy);
    charts.setComparison(comparison);
    charts.setPareto(pareto);
    if (!current.result.convergence.empty()) {
        charts.setConvergence(
            ConvergenceData{subtitle, current.options.objective, current.result.convergence});
    }
}

RunPanel::RunPanel(QWidget* parent)
    : QWidget(parent)
    , m_controller(new RunController(this))
{
    auto* layout = new QVBoxLayout(this);

    auto* form = new QFormLayout;
    m_method = new QComboBox;
    for (SearchMethod m : allSearchMethods())
        m_method->addItem(QString::fromLatin1(searchMethodName(m)), static_cast<int>(m));
    m_method->setCurrentIndex(2); // ga
    m_method->setObjectName(QStringLiteral("method"));
    m_objective = new QComboBox;
    m_objective->addItem(tr("latency (throughput)"), static_cast<int>(Objective::Latency));
    m_objective->addItem(tr("energy per inference"), static_cast<int>(Objective::Energy));
    m_objective->addItem(tr("EDP"), static_cast<int>(Objective::Edp));
    m_objective->setObjectName(QStringLiteral("objective"));
    m_batch = new QSpinBox;
    m_batch->setRange(1, 1 << 20);
    m_batch->setSuffix(tr(" inputs"));
    m_batch->setObjectName(QStringLiteral("batch"));
    m_seed = new QSpinBox;
    m_seed->setRange(0, 2'000'000'000);
    m_seed->setValue(1);
    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Objective"), m_objective);
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Seed"), m_seed);
    layout->addLayout(form);

    auto* ga = new QGroupBox(tr("Genetic algorithm"));
    auto* gaForm = new QFormLayout(ga);
    const GeneticOptions defaults;
    auto spin = [](int lo, int hi, int value) {
        auto* s = new QSpinBox;
        s->setRange(lo, hi);
        s->setValue(value);
        return s;
    };
    m_population = spin(2, 100000, defaults.population);
    m_generations = spin(1, 100000, defaults.generations);
    m_elite = spin(1, 100000, defaults.elite);
    m_patience = spin(0, 100000, defaults.patience);
    m_patience->setSpecialValueText(tr("never stop early"));
    gaForm->addRow(tr("Population"), m_population);
    gaForm->addRow(tr("Generations (max)"), m_generations);
    gaForm->addRow(tr("Elite kept"), m_elite);
    gaForm->addRow(tr("Patience (generations)"), m_patience);
    layout->addWidget(ga);

    // Two rows, so the panel fits a narrow dock without cutting a button off.
    auto* buttons = new QGridLayout;
    m_run = new QPushButton(tr("Run"));
    m_compare = new QPushButton(tr("Compare methods"));
    m_compare->setToolTip(tr("Run greedy, layerwise, ga and exact and show them side by side"));
    m_sweep = new QPushButton(tr("Sweep batches"));
    m_sweep->setToolTip(tr("Run every method at batch sizes 1 to 64"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop and keep the best plan found so far"));
    buttons->addWidget(m_run, 0, 0);
    buttons->addWidget(m_cancel, 0, 1);
    buttons->addWidget(m_compare, 1, 0);
    buttons->addWidget(m_sweep, 1, 1);
    layout->addLayout(buttons);

    auto* progressRow = new QHBoxLayout;
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_elapsed = new QLabel(formatElapsed(0));
    m_elapsed->setObjectName(QStringLiteral("elapsed"));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_elapsed);
    layout->addLayout(progressRow);
    m_status = new QLabel(tr("Open a network to run the optimisers."));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_live = new ChartView;
    m_live->setMinimumHeight(160);
    layout->addWidget(m_live, 1);

    layout->addWidget(new QLabel(tr("Runs this session:")));
    m_runs = new QListWidget;
    m_runs->setMaximumHeight(120);
    layout->addWidget(m_runs);

    m_clock = new QTimer(this);
    m_clock->setInterval(100);
    connect(m_clock, &QTimer::timeout, this, &RunPanel::updateElapsed);

    connect(m_run, &QPushButton::clicked, this, &RunPanel::run);
    connect(m_compare, &QPushButton::clicked, this, &RunPanel::compareMethods);
    connect(m_sweep, &QPushButton::clicked, this, &RunPanel::sweepBatches);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancel);
    connect(m_method, &QComboBox::currentIndexChanged, this, &RunPanel::updateGaEnabled);
    connect(m_controller, &RunController::runningChanged, this, &RunPanel::setRunning);
    connect(m_controller, &RunController::progressed, this, &RunPanel::showProgress);
    connect(m_controller, &RunController::generationProgressed, this, &RunPanel::addLiveGeneration);
    connect(m_controller, &RunController::runFinished, this, &RunPanel::finishRun);
    connect(m_controller, &RunController::comparisonFinished, this, &RunPanel::comparisonFinished);
    connect(m_controller, &RunController::sweepFinished, this, &RunPanel::sweepFinished);
    setRunning(false);
    updateGaEnabled();
}

void RunPanel::setProblem(const RunProblem& problem)
{
    m_problem = problem;
    m_batch->setValue(static_cast<int>(std::min<std::int64_t>(problem.batch, 1 << 20)));
    m_status->setText(problem.isValid() ? tr("Ready: %1").arg(problem.describe())
                                        : tr("Open a network to run the optimisers."));
    setRunning(m_controller->isRunning());
}

RunProblem RunPanel::problem() const
{
    RunProblem p = m_problem;
    p.batch = m_batch->value();
    return p;
}

void RunPanel::setBatch(std::int64_t batch)
{
    m_batch->setValue(static_cast<int>(batch));
}

SearchOptions RunPanel::options() const
{
    SearchOptions o;
    o.method = static_cast<SearchMethod>(m_method->currentData().toInt());
    o.objective = static_cast<Objective>(m_objective->currentData().toInt());
    o.seed = static_cast<std::uint64_t>(m_seed->value());
    o.genetic.population = m_population->value();
    o.genetic.generations = m_generations->value();
    o.genetic.elite = std::min(m_elite->value(), m_population->value());
    o.genetic.patience = m_patience->value();
    o.paretoFront = o.method == SearchMethod::Exact;
    return o;
}

void RunPanel::setOptions(const SearchOptions& o)
{
    m_method->setCurrentIndex(m_method->findData(static_cast<int>(o.method)));
    m_objective->setCurrentIndex(m_objective->findData(static_cast<int>(o.objective)));
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(o.seed, 2'000'000'000)));
    m_population->setValue(o.genetic.population);
    m_generations->setValue(o.genetic.generations);
    m_elite->setValue(o.genetic.elite);
    m_patience->setValue(o.genetic.patience);
}

void RunPanel::run()
{
    const SearchOptions o = options();
    m_liveData = ConvergenceData{problem().describe(), o.objective, {}};
    m_live->showChart([snapshot = m_liveData] { return buildConvergenceChart(snapshot); },
                      toCsv(m_liveData), toJson(m_liveData));
    m_controller->start(problem(), o);
}

void RunPanel::compareMethods()
{
    SearchOptions o = options();
    o.paretoFront = true; // exact's front is drawn with the runs
    m_liveData = ConvergenceData{problem().describe(), o.objective, {}};
    if (m_controller->compareMethods(problem(), o))
        emit comparisonStarted();
}

void RunPanel::sweepBatches()
{
    m_controller->sweepBatches(problem(), options(), allSearchMethods(), options().method);
}

void RunPanel::cancel()
{
    m_controller->cancel();
    m_status->setText(tr("Cancelling: keeping the best plan so far..."));
}

void RunPanel::setRunning(bool running)
{
    const bool ready = !running && m_problem.isValid();
    m_run->setEnabled(ready);
    m_compare->setEnabled(ready);
    m_sweep->setEnabled(ready);
    m_cancel->setEnabled(running);
    m_method->setEnabled(!running);
    m_objective->setEnabled(!running);
    m_batch->setEnabled(!running);
    if (running) {
        m_progress->setValue(0);
        m_clock->start();
    } else {
        m_clock->stop();
        updateElapsed();
    }
}

void RunPanel::showProgress(double fraction, qint64 elapsedMs, const QString& stage)
{
    m_progress->setValue(static_cast<int>(std::lround(fraction * 1000.0)));
    m_elapsed->setText(formatElapsed(elapsedMs));
    m_status->setText(stage);
}

void RunPanel::addLiveGeneration(const GenerationStats& stats)
{
    // Generation 0 starts a new genetic search (a comparison or sweep runs several).
    if (stats.generation == 0) {
        m_liveData.generations.clear();
        m_liveData.subtitle = tr("live: %1").arg(m_status->text().section(':', 0, 0));
    }
    m_liveData.generations.push_back(stats);
    m_liveDirty = true;
}

void RunPanel::updateElapsed()
{
    m_elapsed->setText(formatElapsed(m_controller->elapsedMs()));
    // Redraw the live convergence at most 10 times a second.
    if (m_liveDirty) {
        m_liveDirty = false;
        m_live->showChart([snapshot = m_liveData] { return buildConvergenceChart(snapshot); },
                          toCsv(m_liveData), toJson(m_liveData));
    }
}

void RunPanel::finishRun(const RunOutcome& outcome)
{
    const PlanCost& c = outcome.result.cost;
    const QString line =
        c.valid ? tr("%1: %2 inferences/s, %3 µJ per inference, %4 partitions, %5 ms%6")
                      .arg(outcome.label)
                      .arg(c.throughputIps, 0, 'g', 4)
                      .arg(c.energyPerInferencePj * 1e-6, 0, 'g', 4)
                      .arg(c.partitions.size())
                      .arg(outcome.result.runtimeMs, 0, 'f', 0)
                      .arg(outcome.result.cancelled ? tr(" (cancelled: best so far)") : QString())
                : tr("%1: no valid plan").arg(outcome.label);
    m_runs->addItem(line);
    m_runs->scrollToBottom();
    m_status->setText(line);
    if (!outcome.result.convergence.empty()) {
        m_liveData.generations = outcome.result.convergence;
        m_liveData.subtitle = outcome.problem.describe() + QStringLiteral(", ") + outcome.label;
        m_liveDirty = false;
        m_live->showChart([snapshot = m_liveData] { return buildConvergenceChart(snapshot); },
                          toCsv(m_liveData), toJson(m_liveData));
    }
    emit runFinished(outcome);
}

void RunPanel::updateGaEnabled()
{
    const bool ga =
        static_cast<SearchMethod>(m_method->currentData().toInt()) == SearchMethod::Genetic;
    for (QSpinBox* s : {m_population, m_generations, m_elite, m_patience})
        s->setEnabled(ga);
}

} // namespace compass::ui
