#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes tests/data/onnx_broken/: small ONNX files, each damaged in one way.

Every file must make the importer fail with an error naming the file, never crash.
Run with Debian's interpreter and python3-onnx:  /usr/bin/python3 tools/make_broken_corpus.py
The generated files are committed; the test suite does not need Python.
"""
import os
import sys

from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "onnx_broken")


def weight(name, dims):
    # Weights-free: name, type and dims only, like the bundled models.
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend(dims)
    return t


def ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


def model(nodes, inputs, outputs, inits=(), opset=13):
    g = helper.make_graph(nodes, "broken", inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="compass-corpus")
    m.ir_version = 8
    return m.SerializeToString()


def inp(name, dims, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, dims)


def out(name):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, None)


def conv_model(x_dims, w_dims, **attrs):
    return model([helper.make_node("Conv", ["x", "w"], ["y"], name="conv", **attrs)],
                 [inp("x", x_dims)], [out("y")], [weight("w", w_dims)])


def main():
    os.makedirs(OUT, exist_ok=True)
    good = conv_model([1, 3, 8, 8], [4, 3, 3, 3])
    files = {
        "empty.onnx": b"",
        "not_onnx_text.onnx": b"This is a README, not an ONNX model.\n",
        "not_onnx_png.onnx": b"\x89PNG\r\n\x1a\n" + bytes(range(64)),
        "random_bytes.onnx": bytes((i * 2654435761 >> 13) & 0xFF for i in range(512)),
        "truncated_half.onnx": good[: len(good) // 2],
        "truncated_last_byte.onnx": good[:-1],
        "no_graph.onnx": helper.make_model(helper.make_graph([], "g", [], [])).SerializeToString()[:2],
        "cycle.onnx": model([helper.make_node("Add", ["x", "b"], ["a"], name="first"),
                             helper.make_node("Relu", ["a"], ["b"], name="second")],
                            [inp("x", [1, 4])], [out("b")]),
        "dangling_input.onnx": model([helper.make_node("Add", ["x", "ghost"], ["y"], name="add")],
                                     [inp("x", [1, 4])], [out("y")]),
        "unsupported_ops.onnx": model([helper.make_node("NonMaxSuppression", ["x"], ["a"], name="nms"),
                                       helper.make_node("Loop", ["a"], ["b"], name="loop"),
                                       helper.make_node("Custom", ["b"], ["y"], name="custom", domain="com.example")],
                                      [inp("x", [1, 4])], [out("y")]),
        "conv_channel_mismatch.onnx": conv_model([1, 3, 8, 8], [4, 5, 3, 3]),
        "add_unbroadcastable.onnx": model([helper.make_node("Add", ["x", "b"], ["y"], name="add")],
                                          [inp("x", [1, 8, 4, 4])], [out("y")], [weight("b", [3, 1, 1])]),
        "gemm_k_mismatch.onnx": model([helper.make_node("Gemm", ["x", "w"], ["y"], name="fc", transB=1)],
                                      [inp("x", [1, 500])], [out("y")], [weight("w", [10, 512])]),
        "reshape_count_mismatch.onnx": model([helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")],
                                             [inp("x", [1, 8, 4, 4])], [out("y")], [ints("s", [1, 100])]),
        "negative_dim.onnx": conv_model([1, 3, 8, 8], [4, 3, -3, 3]),
        "zero_input_dim.onnx": conv_model([1, 3, 0, 8], [4, 3, 3, 3]),
        "overflow_dims.onnx": conv_model([1, 3, 8, 8], [1 << 40, 1 << 40, 3, 3]),
        "stride_zero.onnx": conv_model([1, 3, 8, 8], [4, 3, 3, 3], strides=[0, 1]),
        "group_zero.onnx": conv_model([1, 3, 8, 8], [4, 3, 3, 3], group=0),
        "group_not_dividing.onnx": conv_model([1, 4, 8, 8], [6, 1, 3, 3], group=3),
        "pads_wrong_length.onnx": conv_model([1, 3, 8, 8], [4, 3, 3, 3], pads=[1, 1, 1]),
        "strides_wrong_rank.onnx": conv_model([1, 3, 8, 8], [4, 3, 3, 3], strides=[1, 1, 1]),
        "dilation_overflow.onnx": conv_model([1, 3, 8, 8], [4, 3, 3, 3], dilations=[1 << 62, 1]),
        "kernel_larger_than_input.onnx": conv_model([1, 3, 4, 4], [4, 3, 7, 7]),
        "bad_auto_pad.onnx": conv_model([1, 3, 8, 8], [4, 3, 3, 3], auto_pad="SOMETIMES"),
        "symbolic_spatial_dim.onnx": conv_model([1, 3, "height", "width"], [4, 3, 3, 3]),
        "transpose_bad_perm.onnx": model([helper.make_node("Transpose", ["x"], ["y"], name="t", perm=[0, 0, 1])],
                                         [inp("x", [1, 2, 3])], [out("y")]),
        "duplicate_producer.onnx": model([helper.make_node("Relu", ["x"], ["y"], name="a"),
                                          helper.make_node("Sigmoid", ["x"], ["y"], name="b")],
                                         [inp("x", [1, 4])], [out("y")]),
        "missing_graph_output.onnx": model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                                           [inp("x", [1, 4])], [out("nothing")]),
        "pool_stride_zero.onnx": model([helper.make_node("MaxPool", ["x"], ["y"], name="pool",
                                                         kernel_shape=[2, 2], strides=[2, 0])],
                                       [inp("x", [1, 3, 8, 8])], [out("y")]),
        "squeeze_non_unit_axis.onnx": model([helper.make_node("Squeeze", ["x", "a"], ["y"], name="squeeze")],
                                            [inp("x", [1, 3, 8, 8])], [out("y")], [ints("a", [1])]),
        "gather_out_of_range.onnx": model([helper.make_node("Shape", ["x"], ["s"], name="shape"),
                                           helper.make_node("Gather", ["s", "i"], ["y"], name="gather")],
                                          [inp("x", [1, 2, 3])], [out("y")],
                                          [helper.make_tensor("i", TensorProto.INT64, [], [9])]),
        # Issue 15's operators, each broken in one way.
        "split_sizes_mismatch.onnx": model([helper.make_node("Split", ["x", "s"], ["a", "b"], name="split", axis=1)],
                                           [inp("x", [1, 8])], [out("a"), out("b")], [ints("s", [3, 4])]),
        "einsum_one_operand.onnx": model([helper.make_node("Einsum", ["x"], ["y"], name="einsum", equation="ij->ji")],
                                         [inp("x", [3, 4])], [out("y")]),
        "einsum_label_mismatch.onnx": model([helper.make_node("Einsum", ["x", "w"], ["y"], name="einsum",
                                                              equation="bij,jk->bik")],
                                            [inp("x", [1, 3, 4])], [out("y")], [weight("w", [5, 2])]),
        "expand_unbroadcastable.onnx": model([helper.make_node("Expand", ["x", "s"], ["y"], name="expand")],
                                             [inp("x", [1, 3])], [out("y")], [ints("s", [2, 4])]),
        "layernorm_bad_scale.onnx": model([helper.make_node("LayerNormalization", ["x", "g"], ["y"], name="ln")],
                                          [inp("x", [1, 4, 16])], [out("y")], [weight("g", [8])], opset=17),
        "range_not_constant.onnx": model([helper.make_node("Range", ["a", "b", "c"], ["y"], name="range")],
                                         [inp("a", [], TensorProto.INT64), inp("b", [], TensorProto.INT64),
                                          inp("c", [], TensorProto.INT64)], [out("y")]),
        "matmul_activation_k_mismatch.onnx": model([helper.make_node("MatMul", ["q", "k"], ["y"], name="scores")],
                                                   [inp("q", [1, 2, 8, 16]), inp("k", [1, 2, 8, 16])], [out("y")]),
        "symbolic_sequence_dim.onnx": model([helper.make_node("Gather", ["e", "ids"], ["y"], name="embed")],
                                            [inp("ids", [1, "sequence"], TensorProto.INT64)], [out("y")],
                                            [weight("e", [100, 16])]),
    }
    # A graph node whose attribute has the wrong type (ints given as one int).
    files["strides_as_int.onnx"] = conv_model([1, 3, 8, 8], [4, 3, 3, 3], strides=2)
    for name, data in sorted(files.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(files)} files to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
