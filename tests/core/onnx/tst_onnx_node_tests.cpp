// SPDX-License-Identifier: MIT
// The ONNX project's own node tests (Debian's libonnx-testdata, /usr/share/libonnx-testdata):
// each is a one-operator model with reference inputs and outputs. Integer inputs and float
// inputs of rank <= 1 (shapes, axes, pads, scales, Range bounds) are bound to their reference
// values as initializers, because COMPASS needs them at compile time; then every model must
// either import with exactly the reference output shapes, or be refused with an error naming
// the file. A list of operators COMPASS supports must import.
#include <QDir>
#include <QFile>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the IR headers pull in.
#ifndef Q_MOC_RUN
#include "core/onnx/onnx_importer.h"

#include <onnx/onnx_pb.h>
#endif

#include <set>

using namespace compass;

class TestOnnxNodeTests : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void eachModelMatchesOrIsRefused_data();
    void eachModelMatchesOrIsRefused();
    void supportedOperatorsImport_data();
    void supportedOperatorsImport();
    void cleanupTestCase();

private:
    std::set<QString> m_imported;
};

namespace {

const QString kRoot = QStringLiteral("/usr/share/libonnx-testdata/data/node");

bool readProto(const QString& path, google::protobuf::MessageLite& message)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray bytes = f.readAll();
    return message.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()));
}

bool bindable(const onnx::ValueInfoProto& input)
{
    const auto& tt = input.type().tensor_type();
    const int type = tt.elem_type();
    const bool integer = type == onnx::TensorProto::INT64 || type == onnx::TensorProto::INT32;
    const bool smallFloat =
        (type == onnx::TensorProto::FLOAT || type == onnx::TensorProto::DOUBLE) &&
        tt.shape().dim_size() <= 1;
    return input.type().has_tensor_type() && (integer || smallFloat);
}

struct Case
{
    std::string bytes;
    std::vector<std::vector<std::int64_t>> outputs; ///< Reference dims, per graph output.
};

/// The model with its shape-like inputs bound to the reference values, and the reference
/// output dims; nullopt when the test directory is not a tensor test.
std::optional<Case> loadCase(const QString& dir)
{
    onnx::ModelProto model;
    if (!readProto(dir + "/model.onnx", model))
        return std::nullopt;
    const QString data = dir + "/test_data_set_0";
    auto* graph = model.mutable_graph();
    google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> kept;
    for (int i = 0; i < graph->input_size(); ++i) {
        const onnx::ValueInfoProto& input = graph->input(i);
        onnx::TensorProto value;
        if (bindable(input) && readProto(data + QString("/input_%1.pb").arg(i), value)) {
            value.set_name(input.name());
            *graph->add_initializer() = value;
        } else {
            *kept.Add() = input;
        }
    }
    graph->mutable_input()->Swap(&kept);
    Case c;
    for (int i = 0; i < graph->output_size(); ++i) {
        onnx::TensorProto value;
        if (!readProto(data + QString("/output_%1.pb").arg(i), value))
            return std::nullopt;
        c.outputs.emplace_back(value.dims().begin(), value.dims().end());
    }
    c.bytes = model.SerializeAsString();
    return c;
}

} // namespace

void TestOnnxNodeTests::initTestCase()
{
    if (!QDir(kRoot).exists())
        QSKIP("libonnx-testdata is not installed (tools/install-deps.sh installs it)");
}

void TestOnnxNodeTests::eachModelMatchesOrIsRefused_data()
{
    QTest::addColumn<QString>("dir");
    for (const QString& name : QDir(kRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        QTest::newRow(qPrintable(name)) << kRoot + "/" + name;
}

void TestOnnxNodeTests::eachModelMatchesOrIsRefused()
{
    QFETCH(QString, dir);
    const std::optional<Case> c = loadCase(dir);
    if (!c)
        QSKIP("not a tensor test (sequence or optional values)");
    const std::string file = QDir(dir).dirName().toStdString() + ".onnx";
    DiagnosticList d;
    const std::optional<Graph> g = importOnnxBytes(c->bytes, file, d);
    if (!g) {
        QVERIFY(d.hasErrors());
        for (const Diagnostic& diag : d.all())
            QCOMPARE(diag.location.file, file);
        return;
    }
    QCOMPARE(g->outputs().size(), c->outputs.size());
    for (std::size_t i = 0; i < c->outputs.size(); ++i) {
        const Tensor& t = g->tensor(g->outputs()[i]);
        QVERIFY2(t.dims == c->outputs[i], t.name.c_str());
    }
    m_imported.insert(QDir(dir).dirName());
}

void TestOnnxNodeTests::supportedOperatorsImport_data()
{
    // One or more reference tests per operator and form COMPASS supports (issue 15's list
    // among them); each must have imported above with the reference shapes.
    QTest::addColumn<QString>("name");
    for (const char* name : {
             "test_layer_normalization_3d_axis_negative_1_epsilon",
             "test_layer_normalization_4d_axis1",
             "test_layer_normalization_2d_axis0_expanded",
             "test_matmul_2d",
             "test_matmul_3d",
             "test_matmul_4d",
             "test_gemm_default_no_bias",
             "test_gemm_transposeA",
             "test_einsum_batch_matmul",
             "test_einsum_inner_prod",
             "test_erf",
             "test_tanh",
             "test_pow",
             "test_pow_bcast_array",
             "test_sqrt",
             "test_neg",
             "test_exp",
             "test_log",
             "test_reciprocal",
             "test_softmax_axis_1",
             "test_reduce_mean_default_axes_keepdims_example",
             "test_reduce_mean_do_not_keepdims_random",
             "test_reduce_max_keepdims_random",
             "test_reduce_sum_keepdims_random",
             "test_reduce_sum_do_not_keepdims_example",
             "test_sum_example",
             "test_sum_one_input",
             "test_max_example",
             "test_min_two_inputs",
             "test_resize_upsample_scales_nearest",
             "test_resize_downsample_sizes_linear_pytorch_half_pixel",
             "test_split_equal_parts_1d",
             "test_split_variable_parts_2d",
             "test_slice",
             "test_slice_neg_steps",
             "test_gather_1",
             "test_gather_negative_indices",
             "test_expand_dim_changed",
             "test_where_example",
             "test_where_long_example",
             "test_equal_bcast",
             "test_less",
             "test_greater",
             "test_constantofshape_float_ones",
             "test_range_float_type_positive_delta",
             "test_range_int32_type_negative_delta",
             "test_tile",
             "test_hardswish",
             "test_hardswish_expanded",
             "test_sigmoid",
             "test_conv_with_strides_padding",
             "test_convtranspose",
             "test_averagepool_2d_pads",
             "test_concat_3d_axis_negative_1",
             "test_transpose_all_permutations_3",
             "test_reshape_negative_extended_dims",
             "test_unsqueeze_two_axes",
             "test_squeeze",
             "test_flatten_axis2",
             "test_constant_pad",
             "test_cast_FLOAT_to_DOUBLE",
             "test_mod_mixed_sign_int64",
             "test_mod_int64_fmod",
             "test_not_2d",
             "test_scatternd",
         })
        QTest::newRow(name) << QString(name);
}

void TestOnnxNodeTests::supportedOperatorsImport()
{
    QFETCH(QString, name);
    QVERIFY2(m_imported.count(name),
             qPrintable(name + " did not import with the reference shapes"));
}

void TestOnnxNodeTests::cleanupTestCase()
{
    qInfo("%zu node tests imported with the reference output shapes", m_imported.size());
}

QTEST_GUILESS_MAIN(TestOnnxNodeTests)
#include "tst_onnx_node_tests.moc"
