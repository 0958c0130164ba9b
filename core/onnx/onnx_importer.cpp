// SPDX-License-Identifier: MIT
// ONNX protobuf -> COMPASS graph IR. Structure checks (names, dangling inputs, cycles,
// unsupported operators) live here; shapes come from shape_inference.cpp.
#include "onnx_importer.h"

#include "checked_math.h"
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

using IntValues = std::optional<std::vector<std::int64_t>>;

/// Integer tensors larger than this are weights, not shape constants: their values are not kept.
constexpr std::int64_t kMaxIntValues = 4096;
/// Diagnostics that list nodes (cycles, dangling inputs) name at most this many.
constexpr std::size_t kMaxListed = 20;

bool isDefaultDomain(const std::string& domain)
{
    return domain.empty() || domain == "ai.onnx";
}

ElementType elementTypeFromOnnx(std::int64_t dataType)
{
    if (dataType < 0 || dataType > static_cast<std::int64_t>(ElementType::BFloat16))
        return ElementType::Undefined;
    return static_cast<ElementType>(dataType);
}

/// What COMPASS keeps of an ONNX TensorProto: type, dims, and small integer values.
struct TensorSummary
{
    ElementType type = ElementType::Undefined;
    Dims dims;
    bool hasData = false;
    bool external = false;
    std::string externalLocation;
    IntValues ints;
    std::string problem; ///< Non-empty when the tensor is unusable (error).
    std::string dataWarning;
};

template <typename Repeated> IntValues intsFromRepeated(const Repeated& values)
{
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(values.size()));
    for (auto v : values)
        out.push_back(static_cast<std::int64_t>(v));
    return out;
}

/// Decodes little-endian integers of `bytes` wide from raw_data.
IntValues intsFromRaw(const std::string& raw, ElementType type, std::int64_t count)
{
    const std::int64_t width = elementTypeBytes(type);
    if (width <= 0 || static_cast<std::int64_t>(raw.size()) != count * width)
        return std::nullopt;
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(count));
    const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
    for (std::int64_t i = 0; i < count; ++i) {
        std::uint64_t u = 0;
        for (std::int64_t b = width; b-- > 0;)
            u = (u << 8) | p[i * width + b];
        std::int64_t v = 0;
        switch (type) {
        case ElementType::Int8:
            v = static_cast<std::int8_t>(u);
            break;
        case ElementType::Int16:
            v = static_cast<std::int16_t>(u);
            break;
        case ElementType::Int32:
            v = static_cast<std::int32_t>(u);
            break;
        case ElementType::Int64:
        case ElementType::UInt64:
            std::memcpy(&v, &u, sizeof v);
            break;
        default: // unsigned narrow types and bool
            v = static_cast<std::int64_t>(u);
            break;
        }
        out.push_back(v);
    }
    return out;
}

std::int64_t typedDataCount(const onnx::TensorProto& t)
{
    return static_cast<std::int64_t>(t.float_data_size()) + t.int32_data_size() +
           t.string_data_size() + t.int64_data_size() + t.double_data_size() + t.uint64_data_size();
}

TensorSummary summarise(const onnx::TensorProto& t)
{
    TensorSummary s;
    s.type = elementTypeFromOnnx(t.data_type());
    for (std::int64_t d : t.dims()) {
        if (d < 0) {
            s.problem = "has a negative dimension " + std::to_string(d);
            return s;
        }
        s.dims.push_back(d);
    }
    const std::optional<std::int64_t> count = onnx_detail::checkedProduct(s.dims);
    if (!count) {
        s.problem = "element count overflows int64";
        return s;
    }
    s.external = t.data_location() == onnx::TensorProto::EXTERNAL;
    if (s.external) {
        // Only the dims matter: the external file is never opened, wherever it points.
        for (const auto& entry : t.external_data()) {
            if (entry.key() == "location")
                s.externalLocation = entry.value();
        }
        return s;
    }
    const bool hasRaw = !t.raw_data().empty();
    const std::int64_t typed = typedDataCount(t);
    s.hasData = hasRaw || typed > 0;
    if (hasRaw) {
        const std::optional<std::int64_t> bytes =
            onnx_detail::checkedMul(*count, elementTypeBytes(s.type));
        if (elementTypeBytes(s.type) > 0 &&
            (!bytes || *bytes != static_cast<std::int64_t>(t.raw_data().size())))
            s.dataWarning = "raw_data has " + std::to_string(t.raw_data().size()) +
                            " bytes, dims ask for " + (bytes ? std::to_string(*bytes) : "more");
    } else if (typed > 0 && typed != *count && s.type != ElementType::Complex64 &&
               s.type != ElementType::Complex128) {
        s.dataWarning =
            "holds " + std::to_string(typed) + " values, dims ask for " + std::to_string(*count);
    }
    if (!isIntegerElementType(s.type) || *count > kMaxIntValues || !s.hasData)
        return s;
    if (hasRaw) {
        s.ints = intsFromRaw(t.raw_data(), s.type, *count);
    } else if (s.type == ElementType::Int64 && t.int64_data_size() == *count) {
        s.ints = intsFromRepeated(t.int64_data());
    } else if ((s.type == ElementType::UInt32 || s.type == ElementType::UInt64) &&
               t.uint64_data_size() == *count) {
        s.ints = intsFromRepeated(t.uint64_data());
    } else if (t.int32_data_size() == *count) {
        s.ints = intsFromRepeated(t.int32_data());
    }
    return s;
}

Attribute convertAttribute(const onnx::AttributeProto& a)
{
    Attribute out;
    onnx::AttributeProto::AttributeType type = a.type();
    if (type == onnx::AttributeProto::UNDEFINED) {
        // IR version 1 files do not set the discriminator: infer it from the field present.
        if (a.has_t())
            type = onnx::AttributeProto::TENSOR;
        else if (a.has_f())
            type = onnx::AttributeProto::FLOAT;
        else if (a.has_i())
            type = onnx::AttributeProto::INT;
        else if (a.has_s())
            type = onnx::AttributeProto::STRING;
        else if (a.ints_size() > 0)
            type = onnx::AttributeProto::INTS;
        else if (a.floats_size() > 0)
            type = onnx::AttributeProto::FLOATS;
    }
    switch (type) {
    case onnx::AttributeProto::FLOAT:
        out.type = Attribute::Type::Float;
        out.f = static_cast<double>(a.f());
        break;
    case onnx::AttributeProto::INT:
        out.type = Attribute::Type::Int;
        out.i = a.i();
        break;
    case onnx::AttributeProto::STRING:
        out.type = Attribute::Type::String;
        out.s = a.s();
        break;
    case onnx::AttributeProto::INTS:
        out.type = Attribute::Type::Ints;
        out.ints.assign(a.ints().begin(), a.ints().end());
        break;
    case onnx::AttributeProto::FLOATS:
        out.type = Attribute::Type::Floats;
        for (float f : a.floats())
            out.floats.push_back(static_cast<double>(f));
        break;
    case onnx::AttributeProto::TENSOR: {
        const TensorSummary s = summarise(a.t());
        out.type = Attribute::Type::Tensor;
        out.tensorType = s.type;
        out.tensorDims = s.problem.empty() ? s.dims : Dims{-1};
        out.tensorInts = s.ints;
        out.tensorHasData = s.hasData;
        break;
    }
    case onnx::AttributeProto::SPARSE_TENSOR: {
        out.type = Attribute::Type::Tensor;
        out.tensorType = elementTypeFromOnnx(a.sparse_tensor().values().data_type());
        out.tensorDims.assign(a.sparse_tensor().dims().begin(), a.sparse_tensor().dims().end());
        out.tensorHasData = a.sparse_tensor().values().raw_data().size() > 0 ||
                            typedDataCount(a.sparse_tensor().values()) > 0;
        break;
    }
    default:
        out.type = Attribute::Type::Other;
        break;
    }
    return out;
}

/// One import: the protobuf model, the file name for diagnostics, and the graph being built.
class OnnxReader
{
public:
    OnnxReader(DiagnosticSink& diagnostics, std::string file)
        : m_diag(diagnostics)
        , m_file(std::move(file))
    {}

    std::optional<Graph> read(std::string_view bytes);

private:
    DiagnosticSink& m_diag;
    std::string m_file;
    bool m_failed = false;

    void error(const std::string& message, const std::string& node = {})
    {
        m_failed = true;
        m_diag.error(message, {m_file, node, "", -1});
    }

    std::optional<Graph> build(const onnx::ModelProto& model);
};

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
    const onnx::GraphProto& gp = model.graph();
    Graph graph;
    graph.sourcePath = m_file;
    graph.name = m_file.empty() ? gp.name() : modelStem(m_file);
    if (graph.name.empty())
        graph.name = gp.name();
    graph.producerName = model.producer_name();

    // ---- opsets
    std::unordered_map<std::string, std::int64_t> opsets;
    for (const auto& op : model.opset_import())
        opsets[isDefaultDomain(op.domain()) ? std::string() : op.domain()] = op.version();
    if (auto it = opsets.find(std::string()); it != opsets.end()) {
        graph.opsetVersion = it->second;
    } else {
        graph.opsetVersion = 7;
        m_diag.warning("the model declares no opset for the default ONNX domain; assuming 7",
                       {m_file, "", "", -1});
    }
    if (graph.opsetVersion < 7 || graph.opsetVersion > 17)
        m_diag.warning("opset " + std::to_string(graph.opsetVersion) +
                           " is outside the tested range 7 to 17",
                       {m_file, "", "", -1});

    // ---- names of values that exist before any node runs
    enum class Origin
    {
        Input,
        Initializer,
        Node
    };
    std::unordered_map<std::string, Origin> origin;
    std::unordered_map<std::string, int> producer; // node output -> node index
    for (const auto& init : gp.initializer()) {
        if (init.name().empty())
            error("an initializer has no name");
        else if (!origin.emplace(init.name(), Origin::Initializer).second)
            error("initializer '" + init.name() + "' is defined twice");
    }
    for (const auto& sparse : gp.sparse_initializer()) {
        const std::string& name = sparse.values().name();
        if (name.empty())
            error("a sparse initializer has no name");
        else if (!origin.emplace(name, Origin::Initializer).second)
            error("initializer '" + name + "' is defined twice");
    }
    std::vector<const onnx::ValueInfoProto*> realInputs;
    for (const auto& input : gp.input()) {
        if (input.name().empty()) {
            error("a graph input has no name");
            continue;
        }
        auto [it, added] = origin.emplace(input.name(), Origin::Input);
        if (added)
            realInputs.push_back(&input);
        else if (it->second == Origin::Input)
            error("graph input '" + input.name() + "' is declared twice");
        // Older exporters list initializers as inputs too: the initializer wins.
    }

    // ---- node names, unique; unnamed nodes get "<OpType>_<index>"
    const int nodeCount = gp.node_size();
    std::vector<std::string> names(static_cast<std::size_t>(nodeCount));
    {
        std::unordered_set<std::string> used;
        for (const auto& n : gp.node()) {
            if (!n.name().empty())
                used.insert(n.name());
        }
        std::unordered_set<std::string> taken;
        for (int i = 0; i < nodeCount; ++i) {
            const auto& n = gp.node(i);
            std::string name = n.name();
            if (name.empty() || taken.count(name)) {
                const std::string base =
                    (name.empty() ? (n.op_type().empty() ? std::string("Node") : n.op_type())
                                  : name) +
                    "_" + std::to_string(i);
                name = base;
                for (int k = 1; taken.count(name) || (name != n.name() && used.count(name)); ++k)
                    name = base + "_" + std::to_string(k);
            }
            taken.insert(name);
            names[static_cast<std::size_t>(i)] = name;
        }
    }

    // ---- producers
    for (int i = 0; i < nodeCount; ++i) {
        for (const std::string& out : gp.node(i).output()) {
            if (out.empty())
                continue; // omitted optional output
            auto [it, added] = origin.emplace(out, Origin::Node);
            if (!added) {
                const std::string first =
                    it->second == Origin::Node
                        ? "node '" + names[static_cast<std::size_t>(producer[out])] + "'"
                        : (it->second == Origin::Input ? "a graph input" : "an initializer");
                error("tensor '" + out + "' is produced twice (also by " + first + ")",
                      names[static_cast<std::size_t>(i)]);
                continue;
            }
            producer[out] = i;
        }
    }

    // ---- dependencies and dangling inputs
    std::vector<std::vector<int>> successors(static_cast<std::size_t>(nodeCount));
    std::vector<int> indegree(static_cast<std::size_t>(nodeCount), 0);
    std::size_t dangling = 0;
    for (int i = 0; i < nodeCount; ++i) {
        const auto& n = gp.node(i);
        for (const std::string& in : n.input()) {
            if (in.empty())
                continue;
            auto it = origin.find(in);
            if (it == origin.end()) {
                if (++dangling <= kMaxListed)
                    error("input '" + in + "' of " + n.op_type() +
                              " is produced by no node and is neither a graph input nor an "
                              "initializer",
                          names[static_cast<std::size_t>(i)]);
                continue;
            }
            if (it->second != Origin::Node)
                continue;
            successors[static_cast<std::size_t>(producer[in])].push_back(i);
            ++indegree[static_cast<std::size_t>(i)];
        }
    }
    if (dangling > kMaxListed)
        error(std::to_string(dangling - kMaxListed) + " more dangling inputs not listed");

    // ---- unsupported operators: one diagnostic listing them all
    {
        std::string list;
        std::size_t count = 0;
        std::string firstName;
        for (int i = 0; i < nodeCount; ++i) {
            const auto& n = gp.node(i);
            const bool known =
                isDefaultDomain(n.domain()) && opKindFromOnnx(n.op_type()) != OpKind::Unsupported;
            if (known)
                continue;
            const std::string domain = isDefaultDomain(n.domain()) ? std::string() : n.domain();
            auto opset = opsets.find(domain);
            if (count++ == 0)
                firstName = names[static_cast<std::size_t>(i)];
            else
                list += ", ";
            list += "'" + names[static_cast<std::size_t>(i)] + "' (" +
                    (domain.empty() ? std::string() : domain + ":") + n.op_type() + ", opset " +
                    (opset == opsets.end() ? std::string("?") : std::to_string(opset->second)) +
                    ")";
        }
        if (count > 0)
            error("unsupported operator" + std::string(count > 1 ? "s" : "") + " (" +
                      std::to_string(count) + "): " + list,
                  count == 1 ? firstName : std::string());
    }

    // ---- topological order (Kahn; ties keep file order)
    std::vector<int> order;
    order.reserve(static_cast<std::size_t>(nodeCount));
    {
        std::priority_queue<int, std::vector<int>, std::greater<>> ready;
        for (int i = 0; i < nodeCount; ++i) {
            if (indegree[static_cast<std::size_t>(i)] == 0)
                ready.push(i);
        }
        while (!ready.empty()) {
            const int i = ready.top();
            ready.pop();
            order.push_back(i);
            for (int s : successors[static_cast<std::size_t>(i)]) {
                if (--indegree[static_cast<std::size_t>(s)] == 0)
                    ready.push(s);
            }
        }
        if (order.size() != static_cast<std::size_t>(nodeCount)) {
            std::string list;
            std::size_t listed = 0;
            for (int i = 0; i < nodeCount; ++i) {
                if (indegree[static_cast<std::size_t>(i)] == 0)
                    continue;
                if (listed++ == kMaxListed) {
                    list += ", ...";
                    break;
                }
                list += (listed > 1 ? ", '" : "'") + names[static_cast<std::size_t>(i)] + "'";
            }
            error("the graph has a cycle through " +
                  std::to_string(static_cast<std::size_t>(nodeCount) - order.size()) +
                  " node(s): " + list);
        }
    }
    if (m_failed)
        return std::nullopt;

    // ---- tensors: graph inputs, initializers, node outputs
    for (const onnx::ValueInfoProto* vi : realInputs) {
        Tensor t;
        t.name = vi->name();
        if (!vi->type().has_tensor_type() || !vi->type().tensor_type().has_shape()) {
            error("graph input '" + t.name + "' has no tensor shape");
            continue;
        }
        const auto& tt = vi->type().tensor_type();
        t.type = elementTypeFromOnnx(tt.elem_type());
        t.hasShape = true;
        for (int d = 0; d < tt.shape().dim_size(); ++d) {
            const auto& dim = tt.shape().dim(d);
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
                    {m_file, "", "", -1});
            } else {
                t.dims.push_back(-1); // an error when a node needs it
            }
        }
        if (!onnx_detail::checkedProduct(t.dims) &&
            std::all_of(t.dims.begin(), t.dims.end(), [](std::int64_t v) { return v > 0; }))
            error("graph input '" + t.name + "' element count overflows int64");
        graph.addInput(graph.addTensor(std::move(t)));
    }
    std::size_t externalCount = 0;
    std::string externalExample;
    auto addInitializer = [&](const onnx::TensorProto& init, const std::string& name,
                              const TensorSummary& s) {
        if (!s.problem.empty()) {
            error("initializer '" + name + "' " + s.problem);
            return;
        }
        if (!s.dataWarning.empty())
            m_diag.warning("initializer '" + name + "' " + s.dataWarning, {m_file, "", "", -1});
        if (s.external) {
            ++externalCount;
            if (externalExample.empty())
                externalExample = s.externalLocation;
        }
        (void)init;
        Tensor t;
        t.name = name;
        t.type = s.type;
        t.dims = s.dims;
        t.hasShape = true;
        t.isConstant = true;
        t.hasData = s.hasData;
        t.intValues = s.ints;
        graph.addTensor(std::move(t));
    };
    for (const auto& init : gp.initializer())
        addInitializer(init, init.name(), summarise(init));
    for (const auto& sparse : gp.sparse_initializer()) {
        TensorSummary s = summarise(sparse.values());
        s.dims.clear();
        s.ints.reset();
        s.problem.clear();
        s.dataWarning.clear();
        for (std::int64_t d : sparse.dims()) {
            if (d < 0)
                s.problem = "has a negative dimension " + std::to_string(d);
            s.dims.push_back(d);
        }
        if (s.problem.empty() && !onnx_detail::checkedProduct(s.dims))
            s.problem = "element count overflows int64";
        addInitializer(sparse.values(), sparse.values().name(), s);
    }
    if (externalCount > 0)
        m_diag.note(std::to_string(externalCount) +
                        " initializer(s) keep their data in external files (e.g. '" +
                        externalExample + "'); only shapes are needed, the files are not read",
                    {m_file, "", "", -1});
    for (int i : order) {
        for (const std::string& out : gp.node(i).output()) {
            if (out.empty())
                continue;
            Tensor t;
            t.name = out;
            graph.addTensor(std::move(t));
        }
    }
    if (m_failed)
        return std::nullopt;

    // ---- nodes in topological order
    for (int i : order) {
        const auto& np = gp.node(i);
        Node n;
        n.name = names[static_cast<std::size_t>(i)];
        n.opType = np.op_type();
        n.domain = isDefaultDomain(np.domain()) ? std::string() : np.domain();
        n.kind = n.domain.empty() ? opKindFromOnnx(n.opType) : OpKind::Unsupported;
        for (const std::string& in : np.input())
            n.inputs.push_back(in.empty() ? TensorId{} : graph.findTensor(in));
        for (const std::string& out : np.output())
            n.outputs.push_back(out.empty() ? TensorId{} : graph.findTensor(out));
        for (const auto& attr : np.attribute()) {
            if (!attr.name().empty())
                n.attributes[attr.name()] = convertAttribute(attr);
        }
        graph.addNode(std::move(n));
    }

    for (const auto& out : gp.output()) {
        const TensorId id = graph.findTensor(out.name());
        if (!id.isValid()) {
            error("graph output '" + out.name() + "' is produced by no node");
            continue;
        }
        graph.addOutput(id);
    }
    if (m_failed)
        return std::nullopt;

    if (!inferShapes(graph, m_diag, m_file))
        return std::nullopt;
    return graph;
}

} // namespace

std::optional<Graph> importOnnxBytes(std::string_view bytes, const std::string& displayName,
                                     DiagnosticSink& diagnostics, const std::filesystem::path&)
{
    // baseDir is unused on purpose: external data files are never opened.
    try {
        OnnxReader reader(diagnostics, displayName);
        return reader.read(bytes);
    } catch (const std::exception& e) {
        diagnostics.error(std::string("ONNX import failed: ") + e.what(),
                          {displayName, "", "", -1});
    } catch (...) {
        diagnostics.error("ONNX import failed", {displayName, "", "", -1});
    }
    return std::nullopt;
}

std::optional<Graph> importOnnxFile(const std::filesystem::path& path, DiagnosticSink& diagnostics)
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
            return importOnnxBytes({}, file, diagnostics, path.parent_path());
        // Map rather than read: protobuf copies what it keeps, so the file is not held twice.
        if (uchar* mapped = f.map(0, size)) {
            std::optional<Graph> g =
                importOnnxBytes(std::string_view(reinterpret_cast<const char*>(mapped),
                                                 static_cast<std::size_t>(size)),
                                file, diagnostics, path.parent_path());
            f.unmap(mapped);
            return g;
        }
        const QByteArray data = f.readAll();
        return importOnnxBytes(
            std::string_view(data.constData(), static_cast<std::size_t>(data.size())), file,
            diagnostics, path.parent_path());
    } catch (const std::exception& e) {
        diagnostics.error(std::string("ONNX import failed: ") + e.what(), {file, "", "", -1});
    } catch (...) {
        diagnostics.error("ONNX import failed", {file, "", "", -1});
    }
    return std::nullopt;
}

} // namespace compass
