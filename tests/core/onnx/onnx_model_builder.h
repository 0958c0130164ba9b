// SPDX-License-Identifier: MIT
// Builds small ONNX models in test code with the protobuf API, and imports them.
#pragma once

#include "core/ir/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/support/diagnostics.h"
#include "tests/core/onnx/diagnostic_text.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace compass::test {

/// How a float weight initializer carries (or does not carry) its data.
enum class WeightForm
{
    NoData,    ///< Weights-free copy: name, dims and type only.
    RawData,   ///< raw_data filled with zeros.
    FloatData, ///< float_data filled with zeros.
    External,  ///< data_location EXTERNAL pointing at a file that does not exist.
};

class OnnxModelBuilder
{
public:
    explicit OnnxModelBuilder(std::int64_t opset = 13)
    {
        m_model.set_ir_version(opset >= 15 ? 8 : 7);
        auto* op = m_model.add_opset_import();
        op->set_domain("");
        op->set_version(opset);
        m_model.set_producer_name("compass-tests");
        m_model.mutable_graph()->set_name("test_graph");
    }

    onnx::ModelProto& model() { return m_model; }
    onnx::GraphProto& graph() { return *m_model.mutable_graph(); }

    /// A graph input; a negative dim becomes a symbolic dim_param named `symbol`.
    OnnxModelBuilder& input(const std::string& name, const std::vector<std::int64_t>& dims,
                            int elemType = onnx::TensorProto::FLOAT,
                            const std::string& symbol = "batch_size")
    {
        auto* vi = graph().add_input();
        vi->set_name(name);
        auto* tt = vi->mutable_type()->mutable_tensor_type();
        tt->set_elem_type(elemType);
        auto* shape = tt->mutable_shape();
        for (std::int64_t d : dims) {
            auto* dim = shape->add_dim();
            if (d < 0)
                dim->set_dim_param(symbol);
            else
                dim->set_dim_value(d);
        }
        return *this;
    }

    onnx::TensorProto& weight(const std::string& name, const std::vector<std::int64_t>& dims,
                              WeightForm form = WeightForm::NoData)
    {
        auto* t = graph().add_initializer();
        fillWeight(*t, name, dims, form);
        return *t;
    }

    onnx::TensorProto& ints(const std::string& name, const std::vector<std::int64_t>& values,
                            bool scalar = false)
    {
        auto* t = graph().add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::INT64);
        if (!scalar)
            t->add_dims(static_cast<std::int64_t>(values.size()));
        for (std::int64_t v : values)
            t->add_int64_data(v);
        return *t;
    }

    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs, const std::string& name = {})
    {
        auto* n = graph().add_node();
        n->set_op_type(op);
        n->set_name(name);
        for (const auto& in : inputs)
            n->add_input(in);
        for (const auto& out : outputs)
            n->add_output(out);
        return *n;
    }

    OnnxModelBuilder& output(const std::string& name)
    {
        graph().add_output()->set_name(name);
        return *this;
    }

    std::string bytes() const { return m_model.SerializeAsString(); }

    static void fillWeight(onnx::TensorProto& t, const std::string& name,
                           const std::vector<std::int64_t>& dims, WeightForm form)
    {
        t.set_name(name);
        t.set_data_type(onnx::TensorProto::FLOAT);
        std::int64_t count = 1;
        bool overflow = false;
        for (std::int64_t d : dims) {
            t.add_dims(d);
            overflow = overflow || __builtin_mul_overflow(count, d, &count);
        }
        if (overflow || count < 0) // absurd dims: only meaningful without data
            form = WeightForm::NoData;
        switch (form) {
        case WeightForm::NoData:
            break;
        case WeightForm::RawData:
            t.set_raw_data(std::string(static_cast<std::size_t>(count) * 4, '\0'));
            break;
        case WeightForm::FloatData:
            for (std::int64_t i = 0; i < count; ++i)
                t.add_float_data(0.0f);
            break;
        case WeightForm::External: {
            t.set_data_location(onnx::TensorProto::EXTERNAL);
            auto* loc = t.add_external_data();
            loc->set_key("location");
            loc->set_value("absent_weights.bin");
            auto* len = t.add_external_data();
            len->set_key("length");
            len->set_value(std::to_string(count * 4));
            break;
        }
        }
    }

private:
    onnx::ModelProto m_model;
};

inline void setInts(onnx::NodeProto& n, const std::string& name,
                    const std::vector<std::int64_t>& values)
{
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (std::int64_t v : values)
        a->add_ints(v);
}

inline void setInt(onnx::NodeProto& n, const std::string& name, std::int64_t value)
{
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
}

inline void setString(onnx::NodeProto& n, const std::string& name, const std::string& value)
{
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(value);
}

/// A Constant node's `value` attribute: float tensor of `dims` (no data) or int64 values.
inline onnx::TensorProto& setTensorValue(onnx::NodeProto& n, const std::vector<std::int64_t>& dims)
{
    auto* a = n.add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto::TENSOR);
    auto* t = a->mutable_t();
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims)
        t->add_dims(d);
    return *t;
}

inline void setIntTensorValue(onnx::NodeProto& n, const std::vector<std::int64_t>& values)
{
    auto* a = n.add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto::TENSOR);
    auto* t = a->mutable_t();
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<std::int64_t>(values.size()));
    for (std::int64_t v : values)
        t->add_int64_data(v);
}

inline std::optional<Graph> importModel(const onnx::ModelProto& model, DiagnosticList& diagnostics,
                                        const std::string& name = "model.onnx")
{
    return importOnnxBytes(model.SerializeAsString(), name, diagnostics);
}

inline Dims dimsOf(const Graph& g, const std::string& tensorName)
{
    const TensorId id = g.findTensor(tensorName);
    return id.isValid() ? g.tensor(id).dims : Dims{-99};
}

inline const Node* nodeNamed(const Graph& g, const std::string& name)
{
    const NodeId id = g.findNode(name);
    return id.isValid() ? &g.node(id) : nullptr;
}

} // namespace compass::test
