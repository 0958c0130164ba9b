// SPDX-License-Identifier: MIT
// compass inspect MODEL [--json] [--dot FILE]: the layer table of an imported network. MODEL
// may be a project (docs/projects.md).
#include "cli_common.h"
#include "core/ir/dot_writer.h"
#include "model_argument.h"
#include "model_loading.h"
#include "pass_options.h"
#include "report/model_json.h"

#include <QFile>

namespace compass::cli {

namespace {

QString dimsText(const Tensor& t)
{
    if (!t.hasShape)
        return "?";
    QStringList parts;
    for (std::int64_t d : t.dims)
        parts << QString::number(d);
    return parts.join('x');
}

QString inputShapes(const Graph& g, const Node& n)
{
    QStringList parts;
    for (TensorId in : n.inputs) {
        if (!in.isValid() || g.tensor(in).isConstant)
            continue;
        parts << dimsText(g.tensor(in));
    }
    return parts.join(", ");
}

/// Groups digits in threes so that large counts stay readable in a table.
QString grouped(std::int64_t value)
{
    QString digits = QString::number(value);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, ',');
    return digits;
}

void printTable(const Graph& g)
{
    struct Row
    {
        QString name, op, input, output, weights, macs;
    };
    std::vector<Row> rows;
    for (const Node& n : g.nodes()) {
        if (n.isFolded)
            continue;
        rows.push_back({QString::fromStdString(n.name), QString::fromStdString(n.opType),
                        inputShapes(g, n),
                        n.outputs.empty() ? QString() : dimsText(g.tensor(n.outputs[0])),
                        n.weights ? grouped(n.weights->weightCount()) : QString("-"),
                        n.macs ? grouped(n.macs) : QString("-")});
    }
    // Columns fit their content; very long node names are cut with an ellipsis.
    constexpr qsizetype kMaxName = 48;
    Row width{"Layer", "Op", "Input", "Output", "Weights", "MACs"};
    auto widen = [](QString& w, const QString& text) {
        if (text.size() > w.size())
            w = QString(text.size(), ' ');
    };
    for (const Row& r : rows) {
        widen(width.name, r.name.left(kMaxName));
        widen(width.op, r.op);
        widen(width.input, r.input);
        widen(width.output, r.output);
        widen(width.weights, r.weights);
        widen(width.macs, r.macs);
    }
    auto fit = [](const QString& text, qsizetype w) {
        return text.size() <= w ? text.leftJustified(w) : text.left(w - 1) + QChar(0x2026);
    };
    QTextStream& o = out();
    o << "Model: " << QString::fromStdString(g.name) << "  (opset " << g.opsetVersion << ", "
      << modelNodeCount(g) << " nodes, " << g.weightLayers().size() << " weight layers)\n\n";
    auto line = [&](const Row& r) {
        o << fit(r.name, width.name.size()) << "  " << r.op.leftJustified(width.op.size()) << "  "
          << r.input.leftJustified(width.input.size()) << "  "
          << r.output.leftJustified(width.output.size()) << "  "
          << r.weights.rightJustified(width.weights.size()) << "  "
          << r.macs.rightJustified(width.macs.size()) << '\n';
    };
    line({"Layer", "Op", "Input", "Output", "Weights", "MACs"});
    for (const Row& r : rows)
        line(r);
    const ModelTotals t = modelTotals(g);
    constexpr double kMiB = 1024.0 * 1024.0;
    auto mib4 = [&](std::int64_t weights) { return static_cast<double>(weights) * 0.5 / kMiB; };
    o << "\nTotals: " << grouped(t.weights) << " weights (conv " << grouped(t.convWeights)
      << ", fc " << grouped(t.fcWeights) << "), " << grouped(t.macs) << " MACs\n";
    o << "At 4-bit weights: " << QString::number(mib4(t.weights), 'f', 4) << " MiB (conv "
      << QString::number(mib4(t.convWeights), 'f', 4) << ", fc "
      << QString::number(mib4(t.fcWeights), 'f', 4) << ")\n";
    o.flush();
}

} // namespace

int runInspect(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOption("json", "Print one JSON object instead of the table.");
    const QCommandLineOption dotOption("dot", "Write the layer graph in Graphviz DOT to FILE.",
                                       "FILE");
    parser.addOption(jsonOption);
    parser.addOption(dotOption);
    const std::vector<PassInfo> passInfo = passInfos({PassGroup::Import});
    addImportOptions(parser);
    PassOptions::addTo(parser, passInfo);
    addModelArgument(parser, "model and import options");
    if (auto exit = parseCommandLine(
            parser, args, "compass inspect MODEL [--json] [--dot FILE]",
            "Imports an ONNX network, infers every shape and prints its layer table: name, op,\n"
            "input and output shapes, weight count and MACs per inference, with totals."))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("inspect", "expected exactly one MODEL");
    const std::optional<ModelArgument> input =
        ModelArgument::read(parser.positionalArguments().first());
    if (!input)
        return ExitBadInput;
    const std::optional<OnnxImportOptions> importOptions = input->importOptions(parser, "inspect");
    if (!importOptions)
        return ExitUsage;
    PassOptions passes;
    if (!passes.read(parser, "inspect", passInfo))
        return ExitUsage;

    const std::shared_ptr<const Graph> graph =
        loadModel(input->model(), *importOptions, passes.instrumentation());
    if (!graph)
        return passes.exitCode(ExitBadInput);

    if (parser.isSet(dotOption)) {
        QFile file(parser.value(dotOption));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            err() << file.fileName() << ": error: cannot write: " << file.errorString() << '\n';
            err().flush();
            return ExitBadInput;
        }
        file.write(QByteArray::fromStdString(writeDot(*graph)));
    }
    if (parser.isSet(jsonOption))
        printJson(modelJson(*graph));
    else
        printTable(*graph);
    return ExitOk;
}

} // namespace compass::cli
