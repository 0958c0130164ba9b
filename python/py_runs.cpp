// SPDX-License-Identifier: MIT
// compass.optimize, compass.simulate and compass.compile. Each builds its result exactly as
// the CLI's optimize, simulate and compile commands do (the one plan report and its JSON), so
// the dicts equal `--json` output. Long work runs with the GIL released.
#include "core/partition/cut_list.h"
#include "core/pipeline/pipelines.h"
#include "core/schedule/program_format.h"
#include "core/search/search_options_json.h"
#include "py_common.h"
#include "py_errors.h"
#include "report/plan_report_json.h"
#include "sim/estimator.h"

#include <QElapsedTimer>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace py = pybind11;

namespace compass::python {

namespace {

SearchOptions searchOptions(const py::dict& json)
{
    SearchOptions options;
    DiagnosticList diagnostics;
    readSearchOptionsJson(toJson(json), options, diagnostics, {});
    throwOnErrors(diagnostics);
    return options;
}

py::dict progressToPython(const SearchProgress& p)
{
    py::dict item;
    item["fraction"] = p.fraction;
    item["stage"] = p.stage;
    item["generation"] = p.generation;
    item["best_objective"] = p.bestObjective;
    if (p.generationStats) {
        py::dict stats;
        stats["generation"] = p.generationStats->generation;
        stats["best"] = p.generationStats->best;
        stats["mean"] = p.generationStats->mean;
        item["generation_stats"] = stats;
    }
    return item;
}

/// Runs the search pass on a worker thread while the calling thread, GIL released, waits in
/// short slices; between slices it takes the GIL, hands queued progress to `progress` and
/// checks for signals. Ctrl-C (KeyboardInterrupt, from a signal or raised by the callback)
/// cancels the search, which then returns its best plan so far marked cancelled; any other
/// exception of the callback cancels it too and is re-raised once the worker has stopped.
SearchResult runSearch(std::shared_ptr<const MappedProblem> problem, const SearchOptions& options,
                       const py::object& progress)
{
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    std::condition_variable wake;
    std::vector<SearchProgress> queued;
    bool done = false;
    std::optional<SearchResult> found;
    DiagnosticList diagnostics;

    SearchControl control;
    control.cancel = &cancel;
    control.progress = [&](const SearchProgress& p) {
        const std::lock_guard lock(mutex);
        queued.push_back(p);
    };
    auto cost = std::make_shared<const Estimator>(problem);
    std::thread worker([&] {
        std::optional<SearchResult> result =
            searchPlan(std::move(problem), std::move(cost), options, diagnostics, nullptr, control);
        const std::lock_guard lock(mutex);
        found = std::move(result);
        done = true;
        wake.notify_all();
    });

    std::optional<py::error_already_set> pending;
    auto stopOn = [&](py::error_already_set& error) {
        cancel = true;
        if (!error.matches(PyExc_KeyboardInterrupt) && !pending)
            pending = std::move(error);
    };
    for (bool finished = false; !finished;) {
        std::vector<SearchProgress> batch;
        {
            py::gil_scoped_release release;
            std::unique_lock lock(mutex);
            wake.wait_for(lock, std::chrono::milliseconds(20), [&] { return done; });
            finished = done;
            batch.swap(queued);
        }
        if (!progress.is_none() && !cancel) {
            for (const SearchProgress& p : batch) {
                try {
                    progress(progressToPython(p));
                } catch (py::error_already_set& error) {
                    stopOn(error);
                    break;
                }
            }
        }
        if (PyErr_CheckSignals() != 0) {
            py::error_already_set error;
            stopOn(error);
        }
    }
    {
        py::gil_scoped_release release;
        worker.join();
    }
    if (pending)
        throw std::move(*pending);
    throwOnErrors(diagnostics);
    if (!found)
        throwError("the search failed");
    return std::move(*found);
}

/// The report's JSON and the run behind it, as the Python layer's Report takes them.
py::tuple reportResult(const PlanReport& report, PyRun run)
{
    return py::make_tuple(toPython(planReportToJson(report)), std::move(run));
}

std::string cutsText(const py::object& cuts)
{
    if (cuts.is_none())
        return {};
    if (py::isinstance<py::str>(cuts))
        return cuts.cast<std::string>();
    std::string text;
    for (const py::handle& cut : cuts.cast<py::sequence>())
        text += (text.empty() ? "" : ",") + std::to_string(cut.cast<std::int64_t>());
    return text;
}

/// The plan `cuts` gives on `problem`, validated; throws naming the cut or partition at fault.
Plan planOfCuts(const MappedProblem& problem, const PyModel& model, const py::object& cuts)
{
    DiagnosticList diagnostics;
    const auto list = parseCutList(cutsText(cuts), problem.graph(), problem.units(), diagnostics);
    throwOnErrors(diagnostics);
    if (!list)
        throwError("bad cut list", {{}, {}, "cuts", -1});
    Plan plan = Plan::fromInnerCuts(*list, problem.unitCount());
    validatePlan(plan, problem.validity(), diagnostics, model.path.string());
    throwOnErrors(diagnostics);
    return plan;
}

Program scheduled(std::shared_ptr<const MappedProblem> problem, const Plan& plan)
{
    DiagnosticList diagnostics;
    std::optional<Program> program;
    {
        py::gil_scoped_release release;
        program = schedulePlan(std::move(problem), plan, ScheduleOptions{}, diagnostics);
    }
    throwOnErrors(diagnostics);
    if (!program)
        throwError("the plan could not be scheduled");
    return std::move(*program);
}

py::tuple optimize(const PyModel& model, const PyArch& arch, std::int64_t batch,
                   const py::dict& optionsJson, const py::object& progress)
{
    const SearchOptions options = searchOptions(optionsJson);
    std::shared_ptr<const MappedProblem> problem = mapModel(model, arch, batch);
    SearchResult result = runSearch(problem, options, progress);
    PlanReport report =
        makePlanReport(problem->units(), result.plan, result.cost, problem->arch().enduranceWrites);
    report.model = problem->graph().name;
    report.arch = problem->arch().name;
    report.search = makeSearchReport(options, result);
    RunMethod method;
    method.search = options;
    return reportResult(report,
                        {problem, model.path, model.importOptions, method, std::move(result)});
}

py::tuple simulate(const PyModel& model, const PyArch& arch, std::int64_t batch,
                   const py::object& cuts, const std::string& engine, bool replicate)
{
    if (engine != "estimator" && engine != "event")
        throwError("must be 'estimator' or 'event', got '" + engine + "'", {{}, {}, "engine", -1});
    std::shared_ptr<const MappedProblem> problem = mapModel(model, arch, batch, replicate);
    const Plan plan = planOfCuts(*problem, model, cuts);
    SearchResult outcome;
    outcome.plan = plan;
    {
        py::gil_scoped_release release;
        QElapsedTimer timer;
        timer.start();
        outcome.cost = Estimator(problem).planCost(plan);
        outcome.runtimeMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    }
    PlanReport report =
        makePlanReport(problem->units(), plan, outcome.cost, problem->arch().enduranceWrites);
    report.model = problem->graph().name;
    report.arch = problem->arch().name;
    if (engine == "event") {
        const Program program = scheduled(problem, plan);
        DiagnosticList diagnostics;
        EventSimResult sim;
        {
            py::gil_scoped_release release;
            EventSimOptions options;
            options.recordTimings = false; // as `compass simulate --engine event` without --trace
            sim = EventSimulator(*problem, options).run(program, diagnostics);
        }
        throwOnErrors(diagnostics);
        if (!sim.ok)
            throwError("the event-driven simulation failed");
        report.event = makeEventReport(program, sim);
    }
    RunMethod method;
    method.replicate = replicate;
    return reportResult(report,
                        {problem, model.path, model.importOptions, method, std::move(outcome)});
}

PyProgram compile(const PyModel& model, const PyArch& arch, std::int64_t batch,
                  const py::object& cuts, const py::object& optionsJson)
{
    std::shared_ptr<const MappedProblem> problem = mapModel(model, arch, batch);
    Plan plan;
    if (optionsJson.is_none())
        plan = planOfCuts(*problem, model, cuts);
    else
        plan = runSearch(problem, searchOptions(optionsJson), py::none()).plan;
    return PyProgram{scheduled(problem, plan)};
}

} // namespace

void bindRuns(py::module_& m)
{
    py::class_<PyRun>(m, "_Run", "The inputs and result of one run, for RunStore.add.");

    py::class_<PyProgram>(m, "Program",
                          "The per-core instruction streams of a plan (docs/event-simulator.md).")
        .def(
            "to_text", [](const PyProgram& p) { return programToText(p.program).toStdString(); },
            "The program as text, as `compass compile --emit FILE` writes it.")
        .def(
            "to_json", [](const PyProgram& p) { return toPython(programToJson(p.program)); },
            "The program as `compass compile --emit FILE --format json` writes it.")
        .def(
            "summary", [](const PyProgram& p) { return programSummary(p.program).toStdString(); },
            "Instruction counts per core and per partition (`compass compile --summary`).")
        .def_property_readonly(
            "partitions", [](const PyProgram& p) { return p.program.partitions.size(); },
            "The number of partitions.")
        .def("__repr__", [](const PyProgram& p) {
            return "<compass.Program " + std::to_string(p.program.partitions.size()) +
                   " partitions>";
        });

    m.def("_optimize", &optimize, py::arg("model"), py::arg("arch"), py::arg("batch"),
          py::arg("options"), py::arg("progress"));
    m.def("_simulate", &simulate, py::arg("model"), py::arg("arch"), py::arg("batch"),
          py::arg("cuts"), py::arg("engine"), py::arg("replicate"));
    m.def("_compile", &compile, py::arg("model"), py::arg("arch"), py::arg("batch"),
          py::arg("cuts"), py::arg("options"));
}

} // namespace compass::python
