// SPDX-License-Identifier: MIT
// ONNX protobuf -> COMPASS graph IR. Structure checks (names, dangling inputs, cycles,
// unsupported operators) live here; shapes come from shape_inference.cpp.
#include "onnx_importer.h"

#include "checked_math.h"
#include "onnx_tensors.h"
#include "shape_inference.h"

#include <QByteArray>
#include <QFile>
#include <queue>

#include <google/protobuf/io/coded_stream.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <exception>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace compass {

namespace {

using onnx_detail::convertAttribute;
using onnx_detail::elementTypeFromOnnx;
using onnx_detail::isDefaultDomain;
using onnx_detail::summarise;
using onnx_detail::TensorSummary;

/// Diagnostics that list nodes (cycles, dangling inputs) name at most this many.
constexpr std::size_t kMaxListed = 20;
/// A summary of one unsupported op type names its first few nodes.
constexpr std::size_t kMaxNamed = 5;

/// One import: the protobuf model, the file name for diagnostics, and the graph being built.
/// build() is a list of named steps; each reads the protobuf and the state earlier steps left,
/// reports what is wrong, and carries on so that one run reports every problem of its kind.
class OnnxReader
{
public:
    OnnxReader(DiagnosticSink& diagnostics, std::string file, const OnnxImportOptions& options)
        : m_diag(diagnostics)
        , m_file(std::move(file))
        , m_options(options)
    {}

    std::optional<Graph> read(std::string_view bytes);

private:
    /// Where a value name comes from before any node runs.
    enum class Origin
    {
        Input,
        Initializer,
        Node
    };

    DiagnosticSink& m_diag;
    std::string m_file;
    const OnnxImportOptions& m_options;
    bool m_failed = false;

    // ---- state shared by the build steps
    const onnx::ModelProto* m_model = nullptr;
    const onnx::GraphProto* m_gp = nullptr;
    Graph m_graph;
    std::unordered_map<std::string, std::int64_t> m_opsets; ///< domain ("" default) -> version
    std::unordered_map<std::string, Origin> m_origin;
    std::unordered_map<std::string, int> m_producer;       ///< node output -> node index
    std::vector<const onnx::ValueInfoProto*> m_realInputs; ///< inputs that are not initializers
    std::vector<std::string> m_names;                      ///< unique name per node index
    std::vector<std::vector<int>> m_successors;
    std::vector<int> m_indegree;
    std::vector<int> m_order; ///< node indices in topological order

    void error(const std::string& message, const std::string& node = {})
    {
        m_failed = true;
        m_diag.error(message, {m_file, node, "", -1});
    }
    SourceLocation fileLocation() const { return {m_file, "", "", -1}; }
    int nodeCount() const { return m_gp->node_size(); }
    const std::string& nameOf(int node) const { return m_names[static_cast<std::size_t>(node)]; }

    std::optional<Graph> build(const onnx::ModelProto& model);

    // ---- the build steps, in order
    void describeModel();
    void readOpsets();
    void declareGraphValues();
    void nameNodes();
    void linkProducers();
    void linkConsumers();
    void reportUnsupportedOperators();
    void orderTopologically();
    void addInputTensors();
    void addInitializerTensors();
    void addNodeOutputTensors();
    void addNodes();
    void addGraphOutputs();
};

std::size_t toSize(int i)
{
    return static_cast<std::size_t>(i);
}

std::string modelStem(const std::string& file)
{
    const std::string stem = std::filesystem::path(file).stem().string();
    return stem;
}

std::optional<Graph> OnnxReader::read(std::string_view bytes)
{
    if (bytes.empty()) {
        error("the file is empty, not an ONNX model");
        return std::nullopt;
    }
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        error("the file is larger than 2 GiB; ONNX protobuf files cannot exceed 2 GiB "
              "(store weights as external data)");
        return std::nullopt;
    }
    onnx::ModelProto model;
    google::protobuf::io::CodedInputStream stream(
        reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
    stream.SetTotalBytesLimit(INT_MAX);
    if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage()) {
        error("not an ONNX model: the protobuf data is malformed or truncated");
        return std::nullopt;
    }
    if (!model.has_graph() || model.ir_version() <= 0) {
        error(std::string("not an ONNX model: ") +
              (model.has_graph() ? "no IR version" : "it has no graph"));
        return std::nullopt;
    }
    return build(model);
}

std::optional<Graph> OnnxReader::build(const onnx::ModelProto& model)
{
    m_model = &model;
    m_gp = &model.graph();
    // Structure first: every problem of the file's structure is reported before giving up.
    describeModel();
    readOpsets();
    declareGraphValues();
    nameNodes();
    linkProducers();
    linkConsumers();
    reportUnsupportedOperators();
    orderTopologically();
    addInputTensors(); // input shapes are checked with the structure, in the same run
    if (m_failed)
        return std::nullopt;
    // Then the IR: tensors before the nodes that name them.
    addInitializerTensors();
    addNodeOutputTensors();
    if (m_failed)
        return std::nullopt;
    addNodes();
    addGraphOutputs();
    if (m_failed)
        return std::nullopt;
    return std::move(m_graph);
}

/// Name (file stem, else graph name), source path and producer.
void OnnxReader::describeModel()
{
    m_graph.sourcePath = m_file;
    m_graph.name = m_file.empty() ? m_gp->name() : modelStem(m_file);
    if (m_graph.name.empty())
        m_graph.name = m_gp->name();
    m_graph.producerName = m_model->producer_name();
}

/// Opset per domain; the default domain's is the graph's opset (7 when undeclared).
void OnnxReader::readOpsets()
{
    for (const auto& op : m_model->opset_import())
        m_opsets[isDefaultDomain(op.domain()) ? std::string() : op.domain()] = op.version();
    if (auto it = m_opsets.find(std::string()); it != m_opsets.end()) {
        m_graph.opsetVersion = it->second;
    } else {
        m_graph.opsetVersion = 7;
        m_diag.warning("the model declares no opset for the default ONNX domain; assuming 7",
                       fileLocation());
    }
    if (m_graph.opsetVersion < 7 || m_graph.opsetVersion > 17)
        m_diag.warning("opset " + std::to_string(m_graph.opsetVersion) +
                           " is outside the tested range 7 to 17",
                       fileLocation());
}

/// Names of values that exist before any node runs: initializers, then graph inputs.
void OnnxReader::declareGraphValues()
{
    for (const auto& init : m_gp->initializer()) {
        if (init.name().empty())
            error("an initializer has no name");
        else if (!m_origin.emplace(init.name(), Origin::Initializer).second)
            error("initializer '" + init.name() + "' is defined twice");
    }
    for (const auto& sparse : m_gp->sparse_initializer()) {
        const std::string& name = sparse.values().name();
        if (name.empty())
            error("a sparse initializer has no name");
        else if (!m_origin.emplace(name, Origin::Initializer).second)
            error("initializer '" + name + "' is defined twice");
    }
    for (const auto& input : m_gp->input()) {
        if (input.name().empty()) {
            error("a graph input has no name");
            continue;
        }
        auto [it, added] = m_origin.emplace(input.name(), Origin::Input);
        if (added)
            m_realInputs.push_back(&input);
        else if (it->second == Origin::Input)
            error("graph input '" + input.name() + "' is declared twice");
        // Older exporters list initializers as inputs too: the initializer wins.
    }
}

/// Node names, unique; unnamed nodes get "<OpType>_<index>".
void OnnxReader::nameNodes()
{
    m_names.assign(static_cast<std::size_t>(nodeCount()), std::string());
    std::unordered_set<std::string> used;
    for (const auto& n : m_gp->node()) {
        if (!n.name().empty())
            used.insert(n.name());
    }
    std::unordered_set<std::string> taken;
    for (int i = 0; i < nodeCount(); ++i) {
        const auto& n = m_gp->node(i);
        std::string name = n.name();
        if (name.empty() || taken.count(name)) {
            const std::string base =
                (name.empty() ? (n.op_type().empty() ? std::string("Node") : n.op_type()) : name) +
                "_" + std::to_string(i);
            name = base;
            for (int k = 1; taken.count(name) || (name != n.name() && used.count(name)); ++k)
                name = base + "_" + std::to_string(k);
        }
        taken.insert(name);
        m_names[static_cast<std::size_t>(i)] = name;
    }
}

/// The producer of every node output; a value produced twice is an error.
void OnnxReader::linkProducers()
{
    for (int i = 0; i < nodeCount(); ++i) {
        for (const std::string& out : m_gp->node(i).output()) {
            if (out.empty())
                continue; // omitted optional output
            auto [it, added] = m_origin.emplace(out, Origin::Node);
            if (!added) {
                const std::string first =
                    it->second == Origin::Node
                        ? "node '" + nameOf(m_producer[out]) + "'"
                        : (it->second == Origin::Input ? "a graph input" : "an initializer");
                error("tensor '" + out + "' is produced twice (also by " + first + ")", nameOf(i));
                continue;
            }
            m_producer[out] = i;
        }
    }
}

/// Node-to-node dependencies; an input nobody produces is an error (the first 20 listed).
void OnnxReader::linkConsumers()
{
    m_successors.assign(static_cast<std::size_t>(nodeCount()), {});
    m_indegree.assign(static_cast<std::size_t>(nodeCount()), 0);
    std::size_t dangling = 0;
    for (int i = 0; i < nodeCount(); ++i) {
        const auto& n = m_gp->node(i);
        for (const std::string& in : n.input()) {
            if (in.empty())
                continue;
            auto it = m_origin.find(in);
            if (it == m_origin.end()) {
                if (++dangling <= kMaxListed)
                    error("input '" + in + "' of " + n.op_type() +
                              " is produced by no node and is neither a graph input nor an "
                              "initializer",
                          nameOf(i));
                continue;
            }
            if (it->second != Origin::Node)
                continue;
            m_successors[static_cast<std::size_t>(m_producer[in])].push_back(i);
            ++m_indegree[static_cast<std::size_t>(i)];
        }
    }
    if (dangling > kMaxListed)
        error(std::to_string(dangling - kMaxListed) + " more dangling inputs not listed");
}

/// Unsupported operators: one diagnostic per op type (domain, op, opset, count, the first few
/// node names), located at its first node.
void OnnxReader::reportUnsupportedOperators()
{
    struct OpType
    {
        std::string domain;
        std::string op;
        std::vector<std::string> nodes;
    };
    std::vector<OpType> found; // in file order of first use
    for (int i = 0; i < nodeCount(); ++i) {
        const auto& n = m_gp->node(i);
        const bool known =
            isDefaultDomain(n.domain()) && opKindFromOnnx(n.op_type()) != OpKind::Unsupported;
        if (known)
            continue;
        const std::string domain = isDefaultDomain(n.domain()) ? std::string() : n.domain();
        auto it = std::find_if(found.begin(), found.end(), [&](const OpType& t) {
            return t.domain == domain && t.op == n.op_type();
        });
        if (it == found.end())
            it = found.insert(found.end(), OpType{domain, n.op_type(), {}});
        it->nodes.push_back(nameOf(i));
    }
    for (const OpType& t : found) {
        auto opset = m_opsets.find(t.domain);
        std::string names;
        for (std::size_t i = 0; i < t.nodes.size() && i < kMaxNamed; ++i)
            names += (i ? ", '" : "'") + t.nodes[i] + "'";
        if (t.nodes.size() > kMaxNamed)
            names += " and " + std::to_string(t.nodes.size() - kMaxNamed) + " more";
        const std::string label = t.domain.empty() ? t.op : t.domain + ":" + t.op;
        error("unsupported operator " + label + " (domain " +
                  (t.domain.empty() ? std::string("ai.onnx") : t.domain) + ", opset " +
                  (opset == m_opsets.end() ? std::string("?") : std::to_string(opset->second)) +
                  "): " + std::to_string(t.nodes.size()) + " node" +
                  (t.nodes.size() > 1 ? "s" : "") + ": " + names,
              t.nodes.front());
    }
}

/// Topological order (Kahn; ties keep file order); a cycle is an error naming its nodes.
void OnnxReader::orderTopologically()
{
    m_order.reserve(static_cast<std::size_t>(nodeCount()));
    std::priority_queue<int, std::vector<int>, std::greater<>> ready;
    for (int i = 0; i < nodeCount(); ++i) {
        if (m_indegree[static_cast<std::size_t>(i)] == 0)
            ready.push(i);
    }
    while (!ready.empty()) {
        const int i = ready.top();
        ready.pop();
        m_order.push_back(i);
        for (int s : m_successors[static_cast<std::size_t>(i)]) {
            if (--m_indegree[static_cast<std::size_t>(s)] == 0)
                ready.push(s);
        }
    }
    if (m_order.size() == static_cast<std::size_t>(nodeCount()))
        return;
    std::string list;
    std::size_t listed = 0;
    for (int i = 0; i < nodeCount(); ++i) {
        if (m_indegree[static_cast<std::size_t>(i)] == 0)
            continue;
        if (listed++ == kMaxListed) {
            list += ", ...";
            break;
        }
        list += (listed > 1 ? ", '" : "'") + nameOf(i) + "'";
    }
    error("the graph has a cycle through " +
          std::to_string(static_cast<std::size_t>(nodeCount()) - m_order.size()) +
          " node(s): " + list);
}

/// Graph inputs with their declared dims, or the shapes the options give. A dynamic dim 0 left
/// open reads as a batch of 1 (a note); any other dynamic dim left open is an error naming the
/// input and the flag that gives it.
void OnnxReader::addInputTensors()
{
    std::size_t used = 0;
    for (const onnx::ValueInfoProto* vi : m_realInputs) {
        Tensor t;
        t.name = vi->name();
        if (!vi->type().has_tensor_type() || !vi->type().tensor_type().has_shape()) {
            error("graph input '" + t.name + "' has no tensor shape; give it with " +
                  kInputShapeFlag + " " + t.name + "=DIMS");
            continue;
        }
        const auto& tt = vi->type().tensor_type();
        t.type = elementTypeFromOnnx(tt.elem_type());
        t.hasShape = true;
        const auto given = m_options.inputShapes.find(t.name);
        if (given != m_options.inputShapes.end())
            ++used;
        std::string declared; // "batchx3xheightxwidth"
        std::string example;  // "1x3x<height>x<width>"
        std::vector<std::string> open;
        bool dynamic = false;
        for (int d = 0; d < tt.shape().dim_size(); ++d) {
            const auto& dim = tt.shape().dim(d);
            const std::string param = dim.dim_param().empty() ? "?" : dim.dim_param();
            declared +=
                (d ? "x" : "") + (dim.has_dim_value() ? std::to_string(dim.dim_value()) : param);
            example += (d ? "x" : "") + (dim.has_dim_value() ? std::to_string(dim.dim_value())
                                         : d == 0            ? std::string("1")
                                                             : "<" + param + ">");
            t.symbolicDims.push_back(dim.has_dim_value() ? std::string() : param);
            dynamic = dynamic || !dim.has_dim_value();
            if (given != m_options.inputShapes.end())
                continue;
            if (dim.has_dim_value()) {
                if (dim.dim_value() <= 0) {
                    error("graph input '" + t.name + "' has dimension " + std::to_string(d) +
                          " = " + std::to_string(dim.dim_value()) + "; dims must be positive");
                    break;
                }
                t.dims.push_back(dim.dim_value());
            } else if (d == 0) {
                t.dims.push_back(1);
                m_diag.note(
                    "graph input '" + t.name + "': dynamic batch dimension" +
                        (dim.dim_param().empty() ? std::string() : " '" + dim.dim_param() + "'") +
                        " treated as 1",
                    fileLocation());
            } else {
                t.dims.push_back(-1);
                open.push_back(std::to_string(d) + " '" + param + "'");
            }
        }
        if (!dynamic)
            t.symbolicDims.clear();
        if (given != m_options.inputShapes.end()) {
            if (given->second.size() != static_cast<std::size_t>(tt.shape().dim_size())) {
                error("graph input '" + t.name + "' has rank " +
                      std::to_string(tt.shape().dim_size()) + " ([" + declared + "]), " +
                      kInputShapeFlag + " gives " + std::to_string(given->second.size()) + " dims");
                continue;
            }
            for (int d = 0; d < tt.shape().dim_size(); ++d) {
                const auto& dim = tt.shape().dim(d);
                if (dim.has_dim_value() && dim.dim_value() != given->second[toSize(d)])
                    m_diag.warning("graph input '" + t.name + "': " + kInputShapeFlag +
                                       " sets dimension " + std::to_string(d) + " to " +
                                       std::to_string(given->second[toSize(d)]) +
                                       ", the file declares " + std::to_string(dim.dim_value()),
                                   fileLocation());
            }
            t.dims = given->second;
        } else if (!open.empty()) {
            std::string dims;
            for (std::size_t i = 0; i < open.size(); ++i)
                dims += (i ? ", " : "") + open[i];
            error("graph input '" + t.name + "' [" + declared + "] has dynamic dimension" +
                  (open.size() > 1 ? "s " : " ") + dims +
                  "; COMPASS needs static shapes: give them with " + kInputShapeFlag + " " +
                  t.name + "=" + example);
        }
        if (!onnx_detail::checkedProduct(t.dims) &&
            std::all_of(t.dims.begin(), t.dims.end(), [](std::int64_t v) { return v > 0; }))
            error("graph input '" + t.name + "' element count overflows int64");
        m_graph.addInput(m_graph.addTensor(std::move(t)));
    }
    if (used == m_options.inputShapes.size())
        return;
    std::string inputs;
    for (const onnx::ValueInfoProto* vi : m_realInputs)
        inputs += (inputs.empty() ? "'" : ", '") + vi->name() + "'";
    for (const auto& entry : m_options.inputShapes) {
        const std::string& name = entry.first;
        const bool isInput = std::any_of(m_realInputs.begin(), m_realInputs.end(),
                                         [&](const auto* vi) { return vi->name() == name; });
        if (!isInput)
            error(std::string(kInputShapeFlag) + " names '" + name +
                  "', which is not a graph input of this model (its inputs: " +
                  (inputs.empty() ? std::string("none") : inputs) + ")");
    }
}

/// Initializers (dense and sparse) as constant tensors: dims always, small integer values.
void OnnxReader::addInitializerTensors()
{
    std::size_t externalCount = 0;
    std::string externalExample;
    auto addInitializer = [&](const std::string& name, const TensorSummary& s) {
        if (!s.problem.empty()) {
            error("initializer '" + name + "' " + s.problem);
            return;
        }
        if (!s.dataWarning.empty())
            m_diag.warning("initializer '" + name + "' " + s.dataWarning, fileLocation());
        if (s.external) {
            ++externalCount;
            if (externalExample.empty())
                externalExample = s.externalLocation;
        }
        Tensor t;
        t.name = name;
        t.type = s.type;
        t.dims = s.dims;
        t.hasShape = true;
        t.isConstant = true;
        t.hasData = s.hasData;
        t.intValues = s.ints;
        t.floatValues = s.floats;
        m_graph.addTensor(std::move(t));
    };
    for (const auto& init : m_gp->initializer())
        addInitializer(init.name(), summarise(init));
    for (const auto& sparse : m_gp->sparse_initializer()) {
        TensorSummary s = summarise(sparse.values());
        s.dims.clear();
        s.ints.reset();
        s.floats.reset();
        s.problem.clear();
        s.dataWarning.clear();
        for (std::int64_t d : sparse.dims()) {
            if (d < 0)
                s.problem = "has a negative dimension " + std::to_string(d);
            s.dims.push_back(d);
        }
        if (s.problem.empty() && !onnx_detail::checkedProduct(s.dims))
            s.problem = "element count overflows int64";
        addInitializer(sparse.values().name(), s);
    }
    if (externalCount > 0)
        m_diag.note(std::to_string(externalCount) +
                        " initializer(s) keep their data in external files (e.g. '" +
                        externalExample + "'); only shapes are needed, the files are not read",
                    fileLocation());
}

/// One tensor per node output, shapes left to shape inference.
void OnnxReader::addNodeOutputTensors()
{
    for (int i : m_order) {
        for (const std::string& out : m_gp->node(i).output()) {
            if (out.empty())
                continue;
            Tensor t;
            t.name = out;
            m_graph.addTensor(std::move(t));
        }
    }
}

/// Nodes in topological order with their attributes.
void OnnxReader::addNodes()
{
    for (int i : m_order) {
        const auto& np = m_gp->node(i);
        Node n;
        n.name = nameOf(i);
        n.opType = np.op_type();
        n.domain = isDefaultDomain(np.domain()) ? std::string() : np.domain();
        n.kind = n.domain.empty() ? opKindFromOnnx(n.opType) : OpKind::Unsupported;
        for (const std::string& in : np.input())
            n.inputs.push_back(in.empty() ? TensorId{} : m_graph.findTensor(in));
        for (const std::string& out : np.output())
            n.outputs.push_back(out.empty() ? TensorId{} : m_graph.findTensor(out));
        for (const auto& attr : np.attribute()) {
            if (!attr.name().empty())
                n.attributes[attr.name()] = convertAttribute(attr);
        }
        m_graph.addNode(std::move(n));
    }
}

/// Graph outputs; each must be produced by a node, an input or an initializer.
void OnnxReader::addGraphOutputs()
{
    for (const auto& out : m_gp->output()) {
        const TensorId id = m_graph.findTensor(out.name());
        if (!id.isValid()) {
            error("graph output '" + out.name() + "' is produced by no node");
            continue;
        }
        m_graph.addOutput(id);
    }
}

} // namespace

std::optional<Graph> readOnnxBytes(std::string_view bytes, const std::string& displayName,
                                   DiagnosticSink& diagnostics, const std::filesystem::path&,
                                   const OnnxImportOptions& options)
{
    // baseDir is unused on purpose: external data files are never opened.
    try {
        OnnxReader reader(diagnostics, displayName, options);
        return reader.read(bytes);
    } catch (const std::exception& e) {
        diagnostics.error(std::string("ONNX import failed: ") + e.what(),
                          {displayName, "", "", -1});
    } catch (...) {
        diagnostics.error("ONNX import failed", {displayName, "", "", -1});
    }
    return std::nullopt;
}

namespace {

/// Calls `read` with the bytes of the file at `path` (mapped when it can be), reporting a
/// missing, unreadable or directory path and anything `read` throws.
template <typename Result, typename Read>
std::optional<Result> withFileBytes(const std::filesystem::path& path, DiagnosticSink& diagnostics,
                                    Read read)
{
    const std::string file = path.string();
    try {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            diagnostics.error("no such file", {file, "", "", -1});
            return std::nullopt;
        }
        if (std::filesystem::is_directory(path, ec)) {
            diagnostics.error("is a directory, not an ONNX file", {file, "", "", -1});
            return std::nullopt;
        }
        QFile f(QString::fromStdString(file));
        if (!f.open(QIODevice::ReadOnly)) {
            diagnostics.error("cannot open: " + f.errorString().toStdString(), {file, "", "", -1});
            return std::nullopt;
        }
        const qint64 size = f.size();
        if (size <= 0)
            return read(std::string_view());
        // Map rather than read: protobuf copies what it keeps, so the file is not held twice.
        if (uchar* mapped = f.map(0, size)) {
            std::optional<Result> result = read(std::string_view(
                reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(size)));
            f.unmap(mapped);
            return result;
        }
        const QByteArray data = f.readAll();
        return read(std::string_view(data.constData(), static_cast<std::size_t>(data.size())));
    } catch (const std::exception& e) {
        diagnostics.error(std::string("ONNX import failed: ") + e.what(), {file, "", "", -1});
    } catch (...) {
        diagnostics.error("ONNX import failed", {file, "", "", -1});
    }
    return std::nullopt;
}

} // namespace

std::optional<Graph> readOnnxFile(const std::filesystem::path& path, DiagnosticSink& diagnostics,
                                  const OnnxImportOptions& options)
{
    return withFileBytes<Graph>(path, diagnostics, [&](std::string_view bytes) {
        return readOnnxBytes(bytes, path.string(), diagnostics, path.parent_path(), options);
    });
}

bool DeclaredInput::isStatic() const
{
    return hasShape &&
           std::all_of(values.begin(), values.end(), [](std::int64_t v) { return v > 0; });
}

std::optional<std::vector<DeclaredInput>> readOnnxInputs(const std::filesystem::path& path,
                                                         DiagnosticSink& diagnostics)
{
    using Inputs = std::vector<DeclaredInput>;
    return withFileBytes<Inputs>(
        path, diagnostics, [&](std::string_view bytes) -> std::optional<Inputs> {
            onnx::ModelProto model;
            google::protobuf::io::CodedInputStream stream(
                reinterpret_cast<const std::uint8_t*>(bytes.data()),
                static_cast<int>(bytes.size()));
            stream.SetTotalBytesLimit(INT_MAX);
            if (bytes.empty() || bytes.size() > static_cast<std::size_t>(INT_MAX) ||
                !model.ParseFromCodedStream(&stream) || !model.has_graph()) {
                diagnostics.error("not an ONNX model", {path.string(), "", "", -1});
                return std::nullopt;
            }
            std::unordered_set<std::string> initializers;
            for (const auto& init : model.graph().initializer())
                initializers.insert(init.name());
            for (const auto& sparse : model.graph().sparse_initializer())
                initializers.insert(sparse.values().name());
            Inputs inputs;
            for (const auto& vi : model.graph().input()) {
                if (vi.name().empty() || initializers.count(vi.name()))
                    continue;
                DeclaredInput input;
                input.name = vi.name();
                input.hasShape = vi.type().has_tensor_type() && vi.type().tensor_type().has_shape();
                if (input.hasShape) {
                    for (const auto& dim : vi.type().tensor_type().shape().dim()) {
                        const bool known = dim.has_dim_value() && dim.dim_value() > 0;
                        input.dims.push_back(known ? std::to_string(dim.dim_value())
                                             : dim.dim_param().empty() ? std::string("?")
                                                                       : dim.dim_param());
                        input.values.push_back(known ? dim.dim_value() : 0);
                    }
                }
                inputs.push_back(std::move(input));
            }
            return inputs;
        });
}

namespace {

std::optional<Graph> inferred(std::optional<Graph> graph, DiagnosticSink& diagnostics,
                              const std::string& file, const OnnxImportOptions& options)
{
    if (!graph)
        return std::nullopt;
    try {
        if (inferShapes(*graph, diagnostics, file, options))
            return graph;
    } catch (const std::exception& e) {
        diagnostics.error(std::string("ONNX import failed: ") + e.what(), {file, "", "", -1});
    } catch (...) {
        diagnostics.error("ONNX import failed", {file, "", "", -1});
    }
    return std::nullopt;
}

} // namespace

std::optional<Graph> importOnnxBytes(std::string_view bytes, const std::string& displayName,
                                     DiagnosticSink& diagnostics,
                                     const std::filesystem::path& baseDir,
                                     const OnnxImportOptions& options)
{
    return inferred(readOnnxBytes(bytes, displayName, diagnostics, baseDir, options), diagnostics,
                    displayName, options);
}

std::optional<Graph> importOnnxFile(const std::filesystem::path& path, DiagnosticSink& diagnostics,
                                    const OnnxImportOptions& options)
{
    return inferred(readOnnxFile(path, diagnostics, options), diagnostics, path.string(), options);
}

} // namespace compass
