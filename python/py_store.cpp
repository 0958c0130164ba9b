// SPDX-License-Identifier: MIT
// compass.RunStore: the run history the CLI and the explorer share (store/run_store.h).
#include "app/version.h"
#include "py_common.h"
#include "py_errors.h"
#include "store/run_json.h"
#include "store/run_store.h"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace compass::python {

namespace {

/// One open run database. Not thread-safe (RunStore is not): use one per thread.
class PyRunStore
{
public:
    explicit PyRunStore(const py::object& path)
    {
        const QString file =
            path.is_none() ? defaultRunStorePath() : QString::fromStdString(py::str(path));
        DiagnosticList diagnostics;
        m_store = RunStore::open(file, OpenMode::ReadWrite, diagnostics);
        throwOnErrors(diagnostics);
        if (!m_store)
            throwError("cannot open the run store", {file.toStdString(), {}, {}, -1});
    }

    std::string path() const { return m_store->path().toStdString(); }

    py::list list(const py::object& model, const py::object& arch, const py::object& method,
                  const py::object& status, const py::object& tag, const py::object& limit) const
    {
        RunFilter filter;
        if (!model.is_none())
            filter.modelName = model.cast<std::string>();
        if (!arch.is_none())
            filter.archName = arch.cast<std::string>();
        if (!method.is_none()) {
            filter.method = parsePlanMethod(method.cast<std::string>());
            if (!filter.method)
                throwError("unknown method '" + method.cast<std::string>() + "'",
                           {{}, {}, "method", -1});
        }
        if (!status.is_none()) {
            filter.status = parseRunStatus(status.cast<std::string>());
            if (!filter.status)
                throwError("unknown status '" + status.cast<std::string>() +
                               "' (complete, cancelled or failed)",
                           {{}, {}, "status", -1});
        }
        if (!tag.is_none())
            filter.tag = tag.cast<std::string>();
        if (!limit.is_none())
            filter.limit = limit.cast<std::int64_t>();
        DiagnosticList diagnostics;
        const std::vector<RunSummary> runs = m_store->list(filter, diagnostics);
        throwOnErrors(diagnostics);
        py::list rows;
        for (const RunSummary& run : runs)
            rows.append(toPython(runSummaryToJson(run)));
        return rows;
    }

    py::object read(std::int64_t id) const
    {
        DiagnosticList diagnostics;
        const std::optional<RunRecord> run =
            m_store->run(RunId{static_cast<std::int32_t>(id)}, diagnostics);
        throwOnErrors(diagnostics);
        if (!run)
            throwError("no run " + std::to_string(id), {path(), {}, {}, -1});
        const QJsonObject json = storedRunJson(*run, diagnostics);
        return toPython(json);
    }

    std::int64_t add(const PyRun& run, const std::string& label)
    {
        DiagnosticList diagnostics;
        const std::optional<ModelIdentity> model = identifyModel(
            QString::fromStdString(run.modelPath.string()), run.importOptions, diagnostics);
        throwOnErrors(diagnostics);
        if (!model)
            throwError("cannot read the model file", {run.modelPath.string(), {}, {}, -1});
        RunRecord record =
            makeRunRecord(*model, *run.problem, run.method, run.result, COMPASS_VERSION_TEXT);
        record.label = label;
        const RunId id = m_store->insert(record, diagnostics);
        throwOnErrors(diagnostics);
        if (!id.isValid())
            throwError("the run was not stored", {path(), {}, {}, -1});
        return id.value;
    }

private:
    std::optional<RunStore> m_store;
};

} // namespace

void bindStore(py::module_& m)
{
    py::class_<PyRunStore>(m, "_RunStore")
        .def(py::init<const py::object&>(), py::arg("path") = py::none())
        .def_property_readonly("path", &PyRunStore::path)
        .def("list", &PyRunStore::list, py::arg("model") = py::none(), py::arg("arch") = py::none(),
             py::arg("method") = py::none(), py::arg("status") = py::none(),
             py::arg("tag") = py::none(), py::arg("limit") = py::none())
        .def("read", &PyRunStore::read, py::arg("id"))
        .def("add", &PyRunStore::add, py::arg("run"), py::arg("label") = std::string());
}

} // namespace compass::python
