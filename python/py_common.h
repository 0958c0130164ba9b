// SPDX-License-Identifier: MIT
#pragma once
// The values the Python module's objects hold, and the JSON bridge: every result is built as
// the CLI builds its --json output and handed to Python through json.loads, so the Python
// dicts have exactly the CLI's keys and numbers.

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/onnx/import_options.h"
#include "core/problem/mapped_problem.h"
#include "core/schedule/program.h"
#include "core/support/diagnostics.h"
#include "store/recording/run_recording.h"

#include <QJsonObject>

#include <pybind11/pybind11.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace compass::python {

/// compass.Model: an imported network (immutable; shared by every call that uses it).
struct PyModel
{
    std::shared_ptr<const Graph> graph;
    std::filesystem::path path;          ///< The resolved ONNX file.
    OnnxImportOptions importOptions;     ///< What it was imported with (stored with runs).
    std::vector<Diagnostic> diagnostics; ///< The import's warnings and notes.
};

/// compass.Arch: a validated chip description.
struct PyArch
{
    ArchSpec spec;
};

/// What RunStore.add needs to store a result: the problem, how the plan was made and the
/// result, exactly as the CLI stores the same run.
struct PyRun
{
    std::shared_ptr<const MappedProblem> problem;
    std::filesystem::path modelPath;
    OnnxImportOptions importOptions;
    RunMethod method;
    SearchResult result;
};

/// compass.Program: the per-core instruction streams of a plan.
struct PyProgram
{
    Program program;
};

/// `object` (a QJsonObject) as Python dicts, lists and numbers, through json.loads.
pybind11::object toPython(const QJsonObject& object);
/// A Python dict (anything json.dumps takes) as a QJsonObject.
QJsonObject toJson(const pybind11::handle& object);

/// Imports `nameOrPath` (a bundled network's name or an ONNX file) with `options`; throws
/// DiagnosticError naming the file or node on failure.
PyModel loadModel(const std::string& nameOrPath, const OnnxImportOptions& options);

/// `model` mapped onto `arch` at `batch` (1..kMaxBatchSize) with `replicate`; throws
/// DiagnosticError on failure.
std::shared_ptr<const MappedProblem> mapModel(const PyModel& model, const PyArch& arch,
                                              std::int64_t batch, bool replicate = true);

void bindInputs(pybind11::module_& module);
void bindRuns(pybind11::module_& module);
void bindStore(pybind11::module_& module);

} // namespace compass::python
