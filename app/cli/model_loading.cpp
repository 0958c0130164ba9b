// SPDX-License-Identifier: MIT
#include "model_loading.h"

#include "cli_common.h"
#include "core/pipeline/pipelines.h"
#include "core/support/resource_paths.h"

namespace compass::cli {

namespace {

QString flagName(const char* flag)
{
    return QString::fromLatin1(flag).mid(2); // "--input-shape" -> "input-shape"
}

} // namespace

void addImportOptions(QCommandLineParser& parser)
{
    parser.addOption({flagName(kInputShapeFlag),
                      "Shape of graph input NAME, e.g. input=1x3x224x224 (repeatable): needed "
                      "when the file leaves a dimension symbolic; replaces the declared dims.",
                      "NAME=DIMS"});
    parser.addOption({flagName(kWeightsFromInputsFlag),
                      "Treat graph inputs without initializers that feed weight operands (Conv "
                      "W, Gemm/MatMul B) as stored weights, as some exporters write them."});
}

std::optional<OnnxImportOptions> importOptionsFromParser(const QCommandLineParser& parser,
                                                         const QString& command,
                                                         const OnnxImportOptions& base)
{
    OnnxImportOptions flags; // the flags alone, so that one input named twice is refused
    for (const QString& value : parser.values(flagName(kInputShapeFlag))) {
        std::string error;
        if (!parseInputShape(value.toStdString(), flags, error)) {
            usageError(command,
                       QString::fromLatin1(kInputShapeFlag) + ": " + QString::fromStdString(error));
            return std::nullopt;
        }
    }
    OnnxImportOptions options = base;
    for (auto& [name, dims] : flags.inputShapes)
        options.inputShapes[name] = std::move(dims);
    options.weightsFromInputs =
        base.weightsFromInputs || parser.isSet(flagName(kWeightsFromInputsFlag));
    return options;
}

std::shared_ptr<const Graph> loadModel(const QString& model, const OnnxImportOptions& options,
                                       PassInstrumentation* instrumentation)
{
    const std::optional<std::filesystem::path> path = resolveModelPath(model.toStdString());
    if (!path) {
        QStringList names;
        for (const std::string& name : bundledModelNames())
            names << QString::fromStdString(name);
        err() << model << ": error: no such file, and no bundled network of that name"
              << (names.isEmpty() ? QString() : " (bundled: " + names.join(", ") + ")") << '\n';
        err().flush();
        return nullptr;
    }
    DiagnosticList diagnostics;
    std::shared_ptr<const Graph> graph = importModel(*path, diagnostics, instrumentation, options);
    printDiagnostics(diagnostics);
    return graph;
}

} // namespace compass::cli
