// SPDX-License-Identifier: MIT
#include "run_panel.h"

#include "core/problem/costing_options.h"
#include "core/support/units.h"
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

QString methodLabel(const jobs::SearchRun& o)
{
    return o.label + (o.result.cancelled ? QStringLiteral(" (cancelled)") : QString());
}

QString formatElapsed(qint64 ms)
{
    // A running clock: fixed tenths of a second, so the text does not jump as it counts.
    return QStringLiteral("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 1);
}

} // namespace

void showRunsInCharts(ChartPanel& charts, const std::vector<jobs::SearchRun>& runs,
                      const jobs::SearchRun& current)
{
    const QString objective = QString::fromLatin1(objectiveName(current.options.objective));
    const QString what = current.problem.describe();
    const QString configuration = current.problem.configuration();
    const QString subtitle =
        QStringLiteral("%1, %2 (%3)").arg(what, methodLabel(current), objective);
    charts.setPartitionLatency(partitionLatencyData(current.result.cost, subtitle), configuration);

    // Only runs of the current run's configuration are like for like: runs of another chip or
    // batch size stay in the history, and the subtitle says how many are left out.
    std::size_t otherConfigurations = 0;
    EnergyBreakdownData energy;
    RunComparisonData comparison;
    ParetoData pareto;
    for (const jobs::SearchRun& r : runs) {
        if (!r.result.cost.valid)
            continue;
        if (r.problem.configuration() != configuration) {
            ++otherConfigurations;
            continue;
        }
        energy.rows.push_back(energyBreakdownRow(methodLabel(r), r.result.cost));
        RunComparisonData::Run run =
            comparisonRun(r.label, r.result); // the chart marks "cancelled"
        run.configuration = configuration;
        comparison.runs.push_back(run);
        pareto.runs.push_back({methodLabel(r), r.result.cost.latencyPerBatchNs,
                               r.result.cost.energyPerInferencePj,
                               QString::fromLatin1(searchMethodName(r.result.method))});
        if (!r.result.paretoFront.empty())
            setParetoFront(pareto, r.result.paretoFront);
    }
    QString leftOut;
    if (otherConfigurations > 0) {
        leftOut = QStringLiteral(" (%1 of other chips or batch sizes not shown)")
                      .arg(units::count(static_cast<std::int64_t>(otherConfigurations),
                                        QStringLiteral("run"), QStringLiteral("runs")));
    }
    energy.subtitle = what + leftOut;
    comparison.subtitle = QStringLiteral("%1, objective %2%3").arg(what, objective, leftOut);
    pareto.subtitle = comparison.subtitle;
    comparison.baseline = comparison.runs.empty() ? -1 : 0;
    charts.setEnergyBreakdown(energy, configuration);
    charts.setComparison(comparison);
    charts.setPareto(pareto, configuration);
    if (!current.result.convergence.empty()) {
        charts.setConvergence(
            ConvergenceData{subtitle, current.options.objective, current.result.convergence},
            configuration);
    }
}

RunPanel::RunPanel(QWidget* parent)
    : QWidget(parent)
    , m_controller(new jobs::RunController(this))
{
    auto* layout = new QVBoxLayout(this);

    auto* form = new QFormLayout;
    m_method = new QComboBox;
    for (SearchMethod m : jobs::allSearchMethods())
        m_method->addItem(QString::fromLatin1(searchMethodName(m)), static_cast<int>(m));
    m_method->setCurrentIndex(2); // ga
    m_method->setObjectName(QStringLiteral("method"));
    m_objective = new QComboBox;
    m_objective->addItem(tr("latency (throughput)"), static_cast<int>(Objective::Latency));
    m_objective->addItem(tr("energy per inference"), static_cast<int>(Objective::Energy));
    m_objective->addItem(tr("EDP"), static_cast<int>(Objective::Edp));
    m_objective->setObjectName(QStringLiteral("objective"));
    m_batch = new QSpinBox;
    m_batch->setRange(1, static_cast<int>(kMaxBatchSize));
    m_batch->setSuffix(tr(" input")); // the value is 1
    connect(m_batch, &QSpinBox::valueChanged, this,
            [this](int b) { m_batch->setSuffix(b == 1 ? tr(" input") : tr(" inputs")); });
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
    const int offerIndex = layout->count(); // the offer goes here, under the buttons

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
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    // A finished run's plan waits here until the user applies it.
    m_offer = new QWidget;
    m_offer->setObjectName(QStringLiteral("planOffer"));
    auto* offerRow = new QHBoxLayout(m_offer);
    offerRow->setContentsMargins(0, 0, 0, 0);
    m_offerText = new QLabel;
    m_offerText->setObjectName(QStringLiteral("planOfferText"));
    m_offerText->setWordWrap(true);
    m_apply = new QPushButton(tr("Apply"));
    m_apply->setObjectName(QStringLiteral("applyPlan"));
    offerRow->addWidget(m_offerText, 1);
    offerRow->addWidget(m_apply);
    m_offer->setVisible(false);
    // Right under Run, so a narrow dock shows it without scrolling.
    layout->insertWidget(offerIndex, m_offer);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        clearOffer();
        emit applyOfferRequested();
    });

    m_live = new ChartView;
    m_live->setMinimumSize(200, 160); // the Optimise dock is narrow
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
    connect(m_controller, &jobs::RunController::runningChanged, this, &RunPanel::setRunning);
    connect(m_controller, &jobs::RunController::progressed, this, &RunPanel::showProgress);
    connect(m_controller, &jobs::RunController::generationProgressed, this,
            &RunPanel::addLiveGeneration);
    connect(m_controller, &jobs::RunController::runFinished, this, &RunPanel::finishRun);
    connect(m_controller, &jobs::RunController::comparisonFinished, this,
            &RunPanel::comparisonFinished);
    connect(m_controller, &jobs::RunController::sweepFinished, this, &RunPanel::sweepFinished);
    setRunning(false);
    updateGaEnabled();
}

void RunPanel::setProblem(const jobs::RunProblem& problem)
{
    m_problem = problem;
    m_batch->setValue(static_cast<int>(std::min(problem.batch(), kMaxBatchSize)));
    m_status->setText(problem.isValid() ? tr("Ready: %1").arg(problem.describe())
                                        : tr("Open a network to run the optimisers."));
    setRunning(m_controller->isRunning());
}

jobs::RunProblem RunPanel::problem() const
{
    jobs::RunProblem p = m_problem;
    if (p.problem && p.problem->batchSize() != m_batch->value())
        p.problem = p.problem->withBatchSize(m_batch->value());
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
    m_controller->sweepBatches(problem(), options(), jobs::allSearchMethods(), options().method);
}

void RunPanel::cancel()
{
    m_controller->cancel();
    m_status->setText(tr("Cancelling: keeping the best plan so far..."));
}

void RunPanel::offerPlan(const QString& text, const QString& applyText)
{
    m_offerText->setText(text);
    m_offerText->setToolTip(text);
    m_apply->setToolTip(applyText); // the button stays short: "Apply"
    m_offer->setVisible(true);
}

void RunPanel::clearOffer()
{
    m_offer->setVisible(false);
    m_offerText->clear();
}

void RunPanel::relabelRun(const QString& from, const QString& to)
{
    const auto rename = [&](QString text) {
        if (text.startsWith(from + QLatin1Char(':')) || text.startsWith(from + QLatin1Char(' ')))
            text.replace(0, from.size(), to);
        return text;
    };
    for (int i = 0; i < m_runs->count(); ++i) {
        QListWidgetItem* item = m_runs->item(i);
        item->setText(rename(item->text()));
        item->setToolTip(item->text());
    }
    m_offerText->setText(rename(m_offerText->text()));
    m_offerText->setToolTip(m_offerText->text());
    if (m_apply->toolTip() == tr("Apply %1").arg(from))
        m_apply->setToolTip(tr("Apply %1").arg(to));
    m_status->setText(rename(m_status->text()));
}

bool RunPanel::hasOffer() const
{
    return !m_offer->isHidden();
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
        m_progress->setFormat(QStringLiteral("%p%"));
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
    // Only the genetic search reports generations: the live chart names the run reporting
    // them, not the stage shown when its first generation arrived.
    if (stage.contains(QLatin1String("generation")))
        m_liveData.subtitle = tr("live: %1").arg(stage.section(':', 0, 0));
}

void RunPanel::addLiveGeneration(const GenerationStats& stats)
{
    // Generation 0 starts a new genetic search (a comparison or sweep runs several).
    if (stats.generation == 0) {
        m_liveData.generations.clear();
        m_liveData.subtitle = tr("live: genetic search");
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
        emit liveConvergence(m_liveData, problem().configuration());
    }
}

void RunPanel::finishRun(const jobs::SearchRun& outcome)
{
    const PlanCost& c = outcome.result.cost;
    const QString line =
        c.valid ? tr("%1: %2, %3 per inference, %4, EDP %5; searched in %6%7")
                      .arg(outcome.label, units::throughput(c.throughputIps),
                           units::energy(c.energyPerInferencePj),
                           units::count(static_cast<std::int64_t>(c.partitions.size()),
                                        tr("partition"), tr("partitions")),
                           units::edp(c.edpPjS), units::duration(outcome.result.runtimeMs * 1e6, 3),
                           outcome.result.cancelled ? tr(" (cancelled: best so far)") : QString())
                : tr("%1: no valid plan").arg(outcome.label);
    m_runs->addItem(line);
    m_runs->item(m_runs->count() - 1)->setToolTip(line); // the dock is narrower than the line
    m_runs->scrollToBottom();
    m_status->setText(line);
    // A cancelled search did not finish: the bar says so instead of a percentage.
    if (outcome.result.cancelled)
        m_progress->setFormat(tr("cancelled"));
    if (!outcome.result.convergence.empty()) {
        m_liveData.generations = outcome.result.convergence;
        m_liveData.subtitle = outcome.problem.describe() + QStringLiteral(", ") + outcome.label;
        m_liveDirty = false;
        m_live->showChart([snapshot = m_liveData] { return buildConvergenceChart(snapshot); },
                          toCsv(m_liveData), toJson(m_liveData));
        emit liveConvergence(m_liveData, outcome.problem.configuration());
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
