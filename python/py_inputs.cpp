// SPDX-License-Identifier: MIT
// compass.load_model, compass.Model, compass.arch, compass.Arch, compass.arch_fields and
// compass.units: the inputs of every run.
#include "core/arch/arch_fields.h"
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/ir/dot_writer.h"
#include "core/pipeline/pipelines.h"
#include "core/problem/costing_options.h"
#include "core/support/resource_paths.h"
#include "py_common.h"
#include "py_errors.h"
#include "report/model_json.h"

#include <QJsonDocument>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace compass::python {

py::object toPython(const QJsonObject& object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return py::module_::import("json").attr("loads")(py::str(text.constData(), text.size()));
}

QJsonObject toJson(const py::handle& object)
{
    const std::string text = py::module_::import("json").attr("dumps")(object).cast<std::string>();
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

PyModel loadModel(const std::string& nameOrPath, const OnnxImportOptions& options)
{
    const std::optional<std::filesystem::path> path = resolveModelPath(nameOrPath);
    if (!path) {
        std::string bundled;
        for (const std::string& name : bundledModelNames())
            bundled += (bundled.empty() ? "" : ", ") + name;
        throwError("no such file, and no bundled network of that name" +
                       (bundled.empty() ? std::string() : " (bundled: " + bundled + ")"),
                   {nameOrPath, {}, {}, -1});
    }
    DiagnosticList diagnostics;
    PyModel model;
    {
        py::gil_scoped_release release;
        model.graph = importModel(*path, diagnostics, nullptr, options);
    }
    if (!model.graph && !diagnostics.hasErrors())
        throwError("the import failed", {path->string(), {}, {}, -1});
    throwOnErrors(diagnostics);
    model.path = *path;
    model.importOptions = options;
    model.diagnostics = diagnostics.all();
    return model;
}

std::shared_ptr<const MappedProblem> mapModel(const PyModel& model, const PyArch& arch,
                                              std::int64_t batch, bool replicate)
{
    if (batch < 1 || batch > kMaxBatchSize)
        throwError("must be an integer from 1 to " + std::to_string(kMaxBatchSize) + ", got " +
                       std::to_string(batch),
                   {{}, {}, "batch", -1});
    CostingOptions costing;
    costing.batchSize = batch;
    costing.replicate = replicate;
    DiagnosticList diagnostics;
    std::shared_ptr<const MappedProblem> problem;
    {
        py::gil_scoped_release release;
        problem = mapProblem(model.graph, arch.spec, costing, diagnostics);
    }
    throwOnErrors(diagnostics);
    if (!problem)
        throwError("the network could not be mapped onto the chip",
                   {model.path.string(), {}, {}, -1});
    return problem;
}

namespace {

OnnxImportOptions importOptions(const py::object& inputShapes, bool weightsFromInputs)
{
    OnnxImportOptions options;
    options.weightsFromInputs = weightsFromInputs;
    if (inputShapes.is_none())
        return options;
    for (const auto& [key, value] : inputShapes.cast<py::dict>()) {
        const std::string name = py::str(key);
        std::string dims;
        if (py::isinstance<py::str>(value)) {
            dims = value.cast<std::string>();
        } else {
            for (const py::handle& d : value.cast<py::sequence>())
                dims += (dims.empty() ? "" : "x") + std::string(py::str(d));
        }
        std::string error;
        if (!parseInputShape(name + "=" + dims, options, error))
            throwError(error, {{}, {}, "input_shapes." + name, -1});
    }
    return options;
}

py::object archFieldValue(const ArchSpec& spec, const ArchField& field)
{
    switch (field.type) {
    case ArchFieldType::Integer:
        return py::int_(spec.*field.integer);
    case ArchFieldType::Real:
        return py::float_(spec.*field.real);
    case ArchFieldType::Text:
    case ArchFieldType::Choice:
        break;
    }
    return py::str(archFieldValueText(spec, field));
}

const ArchField& fieldOrThrow(const std::string& key)
{
    const ArchField* field = findArchField(key);
    if (!field) {
        const std::string suggestion = suggestArchKey(key);
        throwError("no such architecture field" + (suggestion.empty()
                                                       ? std::string()
                                                       : " (did you mean '" + suggestion + "'?)"),
                   {{}, {}, key, -1});
    }
    return *field;
}

const char* fieldTypeName(ArchFieldType type)
{
    switch (type) {
    case ArchFieldType::Integer:
        return "integer";
    case ArchFieldType::Real:
        return "real";
    case ArchFieldType::Text:
        return "text";
    case ArchFieldType::Choice:
        return "choice";
    }
    return "text";
}

py::list archFieldTable()
{
    py::list table;
    for (const ArchField& field : archFields()) {
        py::dict row;
        row["key"] = std::string(field.key);
        row["type"] = fieldTypeName(field.type);
        row["unit"] = std::string(field.unit);
        row["default"] = archFieldValue(ArchSpec{}, field);
        row["range"] = archFieldRangeText(field);
        if (field.isNumber()) {
            row["minimum"] = field.minimum;
            row["minimum_exclusive"] = field.minimumExclusive;
            row["maximum"] = field.maximum;
        }
        py::list choices;
        for (std::string_view choice : field.choices)
            choices.append(std::string(choice));
        row["choices"] = choices;
        row["description"] = std::string(field.description);
        row["source"] = std::string(field.source);
        table.append(row);
    }
    return table;
}

PyArch loadArch(const std::string& presetOrPath, const std::vector<std::string>& overrides)
{
    DiagnosticList diagnostics;
    std::optional<ArchSpec> spec = loadArchSpec(presetOrPath, overrides, diagnostics);
    if (!spec) {
        // The library names an override's file "--set", the CLI's flag; here it is a keyword.
        std::vector<Diagnostic> all = diagnostics.all();
        for (Diagnostic& d : all) {
            if (d.location.file == "--set")
                d.location.file = "arch(" + presetOrPath + ")";
        }
        if (all.empty())
            all.push_back({Severity::Error, "cannot load the chip", {presetOrPath, {}, {}, -1}});
        throw DiagnosticError(std::move(all));
    }
    return PyArch{std::move(*spec)};
}

} // namespace

void bindInputs(py::module_& m)
{
    py::class_<PyModel>(m, "Model",
                        "An imported network: its layer table, totals and DOT graph. Immutable; "
                        "pass it to units(), optimize(), simulate() and compile().")
        .def_property_readonly(
            "name", [](const PyModel& model) { return model.graph->name; }, "The network's name.")
        .def_property_readonly(
            "path", [](const PyModel& model) { return model.path; }, "The resolved ONNX file.")
        .def_property_readonly(
            "layers",
            [](const PyModel& model) {
                return py::object(toPython(modelJson(*model.graph))["layers"]);
            },
            "Compute nodes as dicts (name, op, output dims, weights, macs), as "
            "`compass inspect --json` lists them.")
        .def_property_readonly(
            "totals",
            [](const PyModel& model) {
                return py::object(toPython(modelJson(*model.graph))["totals"]);
            },
            "Weight and MAC totals (weights, conv_weights, fc_weights, macs).")
        .def_property_readonly(
            "weight_layers",
            [](const PyModel& model) { return model.graph->weightLayers().size(); },
            "The number of weight layers (Conv, Gemm, MatMul with weights).")
        .def_property_readonly(
            "diagnostics",
            [](const PyModel& model) { return diagnosticsToPython(model.diagnostics); },
            "The import's warnings and notes, as CompassError.diagnostics lists errors.")
        .def(
            "to_json", [](const PyModel& model) { return toPython(modelJson(*model.graph)); },
            "The whole of `compass inspect --json`: model, nodes, weight_layers, layers, totals.")
        .def(
            "to_dot", [](const PyModel& model) { return writeDot(*model.graph); },
            "The layer graph in Graphviz DOT (what `compass inspect --dot` writes).")
        .def("__repr__", [](const PyModel& model) {
            return "<compass.Model " + model.graph->name + ": " +
                   std::to_string(model.graph->weightLayers().size()) + " weight layers>";
        });

    m.def(
        "_load_model",
        [](const std::string& nameOrPath, const py::object& inputShapes, bool weightsFromInputs) {
            return loadModel(nameOrPath, importOptions(inputShapes, weightsFromInputs));
        },
        py::arg("name_or_path"), py::arg("input_shapes") = py::none(),
        py::arg("weights_from_inputs") = false);

    py::class_<PyArch>(m, "Arch",
                       "A validated chip description. arch['crossbar.rows'] reads a field (keys "
                       "of arch_fields()); to_json() is the canonical architecture JSON.")
        .def_property_readonly(
            "name", [](const PyArch& arch) { return arch.spec.name; }, "The chip's name.")
        .def(
            "__getitem__",
            [](const PyArch& arch, const std::string& key) {
                return archFieldValue(arch.spec, fieldOrThrow(key));
            },
            py::arg("key"))
        .def(
            "keys",
            [](const PyArch&) {
                py::list keys;
                for (const ArchField& field : archFields())
                    keys.append(std::string(field.key));
                return keys;
            },
            "Every field key, in the order of the architecture JSON.")
        .def(
            "to_json",
            [](const PyArch& arch) {
                const std::string text = archSpecToJson(arch.spec);
                return py::module_::import("json").attr("loads")(text);
            },
            "The canonical architecture JSON (every field) as a dict.")
        .def("__repr__",
             [](const PyArch& arch) { return "<compass.Arch " + arch.spec.name + ">"; });

    m.def("_arch", &loadArch, py::arg("preset_or_path"), py::arg("overrides"));
    m.def("arch_fields", &archFieldTable,
          "The architecture field table: one dict per field with key, type, unit, default, "
          "range (and minimum, maximum, choices), description and source "
          "(docs/architecture-spec.md).");
    m.def("arch_presets", &archPresetNames, "Names of the bundled chip presets.");
    m.def("bundled_models", &bundledModelNames, "Names of the bundled ONNX networks.");
    m.def(
        "_units",
        [](const PyModel& model, const PyArch& arch, std::int64_t batch) {
            return toPython(unitsJson(*mapModel(model, arch, batch)));
        },
        py::arg("model"), py::arg("arch"), py::arg("batch"));
}

} // namespace compass::python
