// SPDX-License-Identifier: MIT
// The one JSON spelling of the import options, shared by project files, the run store and
// sweep specs, so a shape written by one reads in every other.
#include "core/onnx/import_options_json.h"

#include "core/arch/arch_json.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>
#include <limits>

namespace compass {

namespace {

constexpr const char* kInputShapesKey = "input_shapes";
constexpr const char* kWeightsFromInputsKey = "weights_from_inputs";

std::string memberPath(const std::string& parent, const std::string& key)
{
    return parent.empty() ? key : parent + "." + key;
}

} // namespace

QJsonObject importOptionsToJson(const OnnxImportOptions& options)
{
    QJsonObject shapes;
    for (const auto& [name, dims] : options.inputShapes) {
        QJsonArray array;
        for (std::int64_t d : dims)
            array.append(static_cast<qint64>(d));
        shapes[QString::fromStdString(name)] = array;
    }
    return {{kInputShapesKey, shapes}, {kWeightsFromInputsKey, options.weightsFromInputs}};
}

std::optional<OnnxImportOptions> importOptionsFromJson(const QJsonObject& object,
                                                       const SourceLocation& where,
                                                       DiagnosticSink& diagnostics)
{
    OnnxImportOptions options;
    bool ok = true;
    const auto error = [&](const std::string& path, const std::string& message) {
        SourceLocation at = where;
        at.path = path;
        diagnostics.error(message, at);
        ok = false;
    };
    const std::string shapesPath = memberPath(where.path, kInputShapesKey);
    if (object.contains(QLatin1String(kInputShapesKey))) {
        const QJsonValue shapes = object.value(QLatin1String(kInputShapesKey));
        if (!shapes.isObject()) {
            error(shapesPath,
                  "expected an object of NAME: [dims], got " + describeJsonValue(shapes));
        }
        const QJsonObject byName = shapes.toObject();
        for (auto it = byName.begin(); it != byName.end(); ++it) {
            const std::string name = it.key().toStdString();
            const std::string path = shapesPath + "." + name;
            if (name.empty()) {
                error(path, "an input name must not be empty");
                continue;
            }
            if (!it.value().isArray()) {
                error(path, "expected an array of dims ([1, 3, 224, 224]), got " +
                                describeJsonValue(it.value()));
                continue;
            }
            const QJsonArray dims = it.value().toArray();
            if (dims.isEmpty()) {
                error(path, "expected at least one dim ([1, 3, 224, 224]), got an empty array");
                continue;
            }
            Dims shape;
            for (qsizetype i = 0; i < dims.size(); ++i) {
                constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
                const double v = dims[i].toDouble(std::numeric_limits<double>::quiet_NaN());
                const std::string at = path + "[" + std::to_string(i) + "]";
                const std::string range = "an integer from 1 to " + std::to_string(kMax);
                if (!dims[i].isDouble() || !std::isfinite(v) || v != std::floor(v)) {
                    error(at, "expected " + range + ", got " + describeJsonValue(dims[i]));
                    continue;
                }
                if (v < 1 || v > static_cast<double>(kMax)) {
                    error(at, "must be " + range + ", got " + describeJsonValue(dims[i]));
                    continue;
                }
                shape.push_back(static_cast<std::int64_t>(v));
            }
            if (shape.size() == static_cast<std::size_t>(dims.size()))
                options.inputShapes[name] = std::move(shape);
        }
    }
    if (object.contains(QLatin1String(kWeightsFromInputsKey))) {
        const QJsonValue flag = object.value(QLatin1String(kWeightsFromInputsKey));
        if (flag.isBool())
            options.weightsFromInputs = flag.toBool();
        else
            error(memberPath(where.path, kWeightsFromInputsKey),
                  "expected true or false, got " + describeJsonValue(flag));
    }
    if (!ok)
        return std::nullopt;
    return options;
}

} // namespace compass
