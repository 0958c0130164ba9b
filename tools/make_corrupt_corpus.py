#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes tests/data/corrupt/: mass-produced damaged copies of the bundled networks and chip
presets, the complement of the 33 hand-made files in tests/data/onnx_broken/.

Every file must either import cleanly or fail with an error naming the file, and never crash
(tests/reliability/tst_corrupt_corpus.cpp). The output is deterministic (fixed seed), so
re-running the script reproduces the committed files byte for byte.

    /usr/bin/python3 tools/make_corrupt_corpus.py        # needs python3-onnx (Debian)

Kinds of damage (the file name says which):
  onnx/trunc_*     the file cut at many offsets          onnx/flip_*      random bit flips
  onnx/dim_*       a weight or input dimension set to 0, negative or huge
  onnx/cycle_*     a node fed by its own or a later output
  onnx/dangling_*  inputs, outputs and initializers that name nothing
  onnx/type_*      wrong or unknown element types
  onnx/extdata_*   external data outside the model folder (../../etc/passwd, absolute paths,
                   devices); the importer must never open them
  onnx/attr_*      attribute values out of range or of the wrong kind
  onnx/opset_*     missing or absurd opset imports, duplicate names
  arch/*.json      damaged chip descriptions (truncation, wrong types, huge numbers, base cycles)
  store/*.db       run databases that pass SQLite's checks but not COMPASS's (schema version 1
                   with a damaged table, for the forward migration), and fuzzer finds
"""
import json
import os
import random
import shutil
import sqlite3
import sys

try:
    import onnx
    from onnx import TensorProto, helper
except ImportError:
    sys.exit("make_corrupt_corpus.py: needs python3-onnx (apt-get install python3-onnx) "
             "and Debian's /usr/bin/python3")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODELS = os.path.join(ROOT, "resources", "models")
PRESETS = os.path.join(ROOT, "resources", "arch")
OUT = os.path.join(ROOT, "tests", "data", "corrupt")

HUGE = [1 << 31, 1 << 40, 1 << 62, (1 << 63) - 1]


def load(name):
    return onnx.load(os.path.join(MODELS, name + ".onnx"))


def compact(model):
    """A copy with short tensor and node names and no doc strings: the same network in about
    half the bytes, so the corpus stays small. Names the damage made up are kept distinct."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    names = {}

    def short(x):
        if x == "":
            return x
        if x not in names:
            names[x] = "t%d" % len(names)
        return names[x]

    for v in list(g.input) + list(g.initializer):
        v.name = short(v.name)
    for n in g.node:
        for k in range(len(n.input)):
            n.input[k] = short(n.input[k])
        for k in range(len(n.output)):
            n.output[k] = short(n.output[k])
        if n.name.startswith("/"):
            n.name = "n" + short(n.output[0])[1:] if len(n.output) else ""
        n.doc_string = ""
    for v in g.output:
        v.name = short(v.name)
    m.producer_name = m.producer_version = m.doc_string = g.doc_string = ""
    return m


def copy(model):
    m = onnx.ModelProto()
    m.CopyFrom(model)
    return m


class Writer:
    def __init__(self):
        self.count = 0
        self.bytes = 0

    def write(self, sub, name, data):
        if isinstance(data, onnx.ModelProto):
            data = compact(data).SerializeToString()
        if isinstance(data, str):
            data = data.encode("utf-8")
        path = os.path.join(OUT, sub, name)
        with open(path, "wb") as f:
            f.write(data)
        self.count += 1
        self.bytes += len(data)


def initializer(model, name):
    for t in model.graph.initializer:
        if t.name == name:
            return t
    raise KeyError(name)


def node(model, op_type, index=0):
    return [n for n in model.graph.node if n.op_type == op_type][index]


def set_attr(n, name, value):
    for a in list(n.attribute):
        if a.name == name:
            n.attribute.remove(a)
    n.attribute.append(helper.make_attribute(name, value))


def onnx_files(w, rng):
    alex = load("alexnet")
    alex_bytes = compact(alex).SerializeToString()
    resnet = load("resnet18")
    resnet_bytes = compact(resnet).SerializeToString()

    # ---- truncations: every region of the file (header, nodes, initializers, tail)
    for i in range(24):
        cut = 1 + (len(alex_bytes) - 2) * i // 23
        w.write("onnx", "trunc_alexnet_%05d.onnx" % cut, alex_bytes[:cut])
    for frac in (0.1, 0.37, 0.63, 0.9):
        cut = int(len(resnet_bytes) * frac)
        w.write("onnx", "trunc_resnet18_%05d.onnx" % cut, resnet_bytes[:cut])

    # ---- bit flips: 1, 4 and 32 random bits
    for i in range(18):
        data = bytearray(alex_bytes)
        bits = (1, 4, 32)[i % 3]
        for _ in range(bits):
            pos = rng.randrange(len(data))
            data[pos] ^= 1 << rng.randrange(8)
        w.write("onnx", "flip_alexnet_%02d_%dbits.onnx" % (i, bits), bytes(data))
    for i in range(4):
        data = bytearray(resnet_bytes)
        for _ in range(8):
            pos = rng.randrange(len(data))
            data[pos] = rng.randrange(256)
        w.write("onnx", "flip_resnet18_%02d_8bytes.onnx" % i, bytes(data))

    # ---- dimensions: 0, negative, huge on a conv weight, a gemm weight, a bias, the input
    targets = [("conv", "features.0.weight", 0), ("convk", "features.0.weight", 2),
               ("gemm", "classifier.1.weight", 1), ("bias", "features.3.bias", 0)]
    values = [0, -1, -(1 << 40)] + HUGE
    for label, name, axis in targets:
        for v in values:
            m = copy(alex)
            initializer(m, name).dims[axis] = v
            w.write("onnx", "dim_%s_%s.onnx" % (label, str(v).replace("-", "neg")), m)
    for axis in (0, 1, 2):
        for v in (0, -7, 1 << 40, (1 << 63) - 1):
            m = copy(alex)
            m.graph.input[0].type.tensor_type.shape.dim[axis].dim_value = v
            w.write("onnx", "dim_input%d_%s.onnx" % (axis, str(v).replace("-", "neg")), m)
    m = copy(alex)
    d = m.graph.input[0].type.tensor_type.shape.dim[2]
    d.dim_param = "height"
    w.write("onnx", "dim_input_symbolic.onnx", m)
    m = copy(alex)
    m.graph.input[0].type.tensor_type.ClearField("shape")
    w.write("onnx", "dim_input_no_shape.onnx", m)
    m = copy(alex)
    del initializer(m, "classifier.1.weight").dims[:]
    w.write("onnx", "dim_gemm_scalar.onnx", m)
    m = copy(alex)
    initializer(m, "features.0.weight").dims.extend([2, 2, 2, 2, 2, 2, 2, 2])
    w.write("onnx", "dim_conv_rank12.onnx", m)

    # ---- cycles
    m = copy(alex)
    first = m.graph.node[0]
    first.input[0] = m.graph.node[1].output[0]  # conv <- its own relu
    w.write("onnx", "cycle_alexnet_two_nodes.onnx", m)
    m = copy(alex)
    m.graph.node[3].input[0] = m.graph.node[-1].output[0]  # conv fed by the last gemm
    w.write("onnx", "cycle_alexnet_long.onnx", m)
    m = copy(alex)
    n = m.graph.node[1]
    n.input[0] = n.output[0]  # relu of itself
    w.write("onnx", "cycle_alexnet_self.onnx", m)
    m = copy(resnet)
    add = node(m, "Add", 1)
    add.input[1] = add.output[0]
    w.write("onnx", "cycle_resnet18_residual.onnx", m)

    # ---- dangling names
    m = copy(alex)
    m.graph.node[3].input[0] = "no_such_tensor"
    w.write("onnx", "dangling_alexnet_node_input.onnx", m)
    m = copy(alex)
    m.graph.initializer.remove(initializer(m, "classifier.4.weight"))
    w.write("onnx", "dangling_alexnet_missing_weight.onnx", m)
    m = copy(alex)
    m.graph.output[0].name = "ghost_output"
    w.write("onnx", "dangling_alexnet_graph_output.onnx", m)
    m = copy(alex)
    del m.graph.node[5]  # a MaxPool: its consumer now reads nothing
    w.write("onnx", "dangling_alexnet_removed_node.onnx", m)
    m = copy(alex)
    m.graph.input[0].name = "renamed_input"
    w.write("onnx", "dangling_alexnet_renamed_input.onnx", m)
    m = copy(alex)
    del m.graph.output[:]
    w.write("onnx", "dangling_alexnet_no_outputs.onnx", m)
    m = copy(alex)
    del m.graph.node[:]
    w.write("onnx", "dangling_alexnet_no_nodes.onnx", m)
    m = copy(resnet)
    node(m, "Add", 2).input[1] = ""
    w.write("onnx", "dangling_resnet18_empty_add_input.onnx", m)

    # ---- element types
    for label, t in (("undefined", TensorProto.UNDEFINED), ("string", TensorProto.STRING),
                     ("int8", TensorProto.INT8), ("bool", TensorProto.BOOL),
                     ("complex128", TensorProto.COMPLEX128), ("unknown999", 999),
                     ("negative", -3)):
        m = copy(alex)
        initializer(m, "features.0.weight").data_type = t
        w.write("onnx", "type_weight_%s.onnx" % label, m)
    for label, t in (("string", TensorProto.STRING), ("unknown77", 77), ("int64", TensorProto.INT64)):
        m = copy(alex)
        m.graph.input[0].type.tensor_type.elem_type = t
        w.write("onnx", "type_input_%s.onnx" % label, m)
    m = copy(alex)
    initializer(m, "features.0.bias").raw_data = b"\x01\x02\x03"  # 3 bytes for 64 floats
    w.write("onnx", "type_bias_raw_data_short.onnx", m)
    m = copy(alex)
    initializer(m, "features.0.bias").float_data.extend([1.0, 2.0])  # 2 values for 64
    w.write("onnx", "type_bias_float_data_short.onnx", m)
    m = copy(alex)
    initializer(m, "features.0.bias").int64_data.extend([5] * 64)  # data in the wrong field
    w.write("onnx", "type_bias_int64_field.onnx", m)
    m = copy(alex)
    m.graph.input[0].type.ClearField("tensor_type")
    m.graph.input[0].type.sequence_type.elem_type.tensor_type.elem_type = TensorProto.FLOAT
    w.write("onnx", "type_input_sequence.onnx", m)

    # ---- external data outside the model folder: the importer only needs dims and must never
    # open these (a device would block or never end, a secret file must not be read)
    locations = [("dotdot_passwd", "../../etc/passwd"), ("abs_shadow", "/etc/shadow"),
                 ("dev_zero", "/dev/zero"), ("dev_stdin", "/dev/stdin"),
                 ("proc_mem", "/proc/self/mem"), ("dotdot_deep", "../" * 40 + "etc/hostname"),
                 ("empty", ""), ("nul_byte", "weights\x00.bin")]
    for label, location in locations:
        m = copy(alex)
        for t in m.graph.initializer:
            if t.name in ("features.0.weight", "classifier.1.weight"):
                t.data_location = TensorProto.EXTERNAL
                del t.external_data[:]
                for k, v in (("location", location), ("offset", "0"), ("length", "4096")):
                    e = t.external_data.add()
                    e.key, e.value = k, v
        w.write("onnx", "extdata_%s.onnx" % label, m)
    for label, offset, length in (("neg_offset", "-4096", "16"), ("huge_length", "0", str((1 << 63) - 1)),
                                  ("not_a_number", "twelve", "1e99")):
        m = copy(alex)
        t = initializer(m, "features.3.weight")
        t.data_location = TensorProto.EXTERNAL
        for k, v in (("location", "weights.bin"), ("offset", offset), ("length", length)):
            e = t.external_data.add()
            e.key, e.value = k, v
        w.write("onnx", "extdata_%s.onnx" % label, m)
    m = copy(alex)
    initializer(m, "features.0.weight").data_location = TensorProto.EXTERNAL  # no location
    w.write("onnx", "extdata_missing_location.onnx", m)

    # ---- attributes
    for label, name, value in (("strides_neg", "strides", [-1, -1]), ("strides_huge", "strides", [1 << 62, 1]),
                               ("pads_neg", "pads", [-100, -100, -100, -100]),
                               ("pads_huge", "pads", [1 << 62, 0, 0, 0]),
                               ("kernel_mismatch", "kernel_shape", [5, 5]),
                               ("dilations_huge", "dilations", [1 << 40, 1]),
                               ("group_neg", "group", -4), ("group_huge", "group", 1 << 40),
                               ("strides_string", "strides", "fast"),
                               ("auto_pad_same", "auto_pad", "SAME_UPPER")):
        m = copy(alex)
        set_attr(node(m, "Conv", 0), name, value)
        w.write("onnx", "attr_conv_%s.onnx" % label, m)
    for label, name, value in (("kernel_zero", "kernel_shape", [0, 0]), ("kernel_huge", "kernel_shape", [1 << 40, 3]),
                               ("strides_zero", "strides", [0, 0])):
        m = copy(alex)
        set_attr(node(m, "MaxPool", 0), name, value)
        w.write("onnx", "attr_maxpool_%s.onnx" % label, m)
    m = copy(alex)
    set_attr(node(m, "Gemm", 0), "transB", 7)
    w.write("onnx", "attr_gemm_transB_7.onnx", m)
    m = copy(alex)
    set_attr(node(m, "Flatten", 0), "axis", -99)
    w.write("onnx", "attr_flatten_axis_neg99.onnx", m)

    # ---- opsets and names
    m = copy(alex)
    del m.opset_import[:]
    w.write("onnx", "opset_none.onnx", m)
    for v in (0, -1, 100000):
        m = copy(alex)
        m.opset_import[0].version = v
        w.write("onnx", "opset_version_%s.onnx" % str(v).replace("-", "neg"), m)
    m = copy(alex)
    m.opset_import[0].domain = "com.example"
    w.write("onnx", "opset_foreign_domain.onnx", m)
    m = copy(alex)
    m.ir_version = 99
    w.write("onnx", "opset_ir_version_99.onnx", m)
    m = copy(alex)
    for n in m.graph.node:
        n.name = "same"
    w.write("onnx", "opset_duplicate_node_names.onnx", m)
    m = copy(alex)
    for n in m.graph.node:
        n.name = ""
    w.write("onnx", "opset_empty_node_names.onnx", m)
    m = copy(alex)
    m.graph.node[4].output[0] = m.graph.node[1].output[0]  # two producers of one tensor
    w.write("onnx", "opset_duplicate_output.onnx", m)
    m = copy(alex)
    m.graph.initializer.extend([initializer(m, "features.0.weight")])  # same name twice
    w.write("onnx", "opset_duplicate_initializer.onnx", m)


def arch_files(w):
    with open(os.path.join(PRESETS, "sram-S.json"), "rb") as f:
        preset = f.read()
    spec = json.loads(preset)
    for i in range(8):
        cut = 1 + (len(preset) - 2) * i // 7
        w.write("arch", "trunc_sram-S_%04d.json" % cut, preset[:cut])

    def variant(label, change):
        s = json.loads(json.dumps(spec))
        change(s)
        w.write("arch", label + ".json", json.dumps(s, indent=1))

    variant("rows_zero", lambda s: s["crossbar"].__setitem__("rows", 0))
    variant("rows_negative", lambda s: s["crossbar"].__setitem__("rows", -256))
    variant("rows_huge", lambda s: s["crossbar"].__setitem__("rows", 1 << 62))
    variant("rows_fraction", lambda s: s["crossbar"].__setitem__("rows", 255.5))
    variant("rows_string", lambda s: s["crossbar"].__setitem__("rows", "256"))
    variant("cores_float_huge", lambda s: s["chip"].__setitem__("cores", 1e300))
    variant("bits_per_cell_zero", lambda s: s["crossbar"].__setitem__("bits_per_cell", 0))
    variant("weight_bits_huge", lambda s: s["precision"].__setitem__("weight_bits", 1 << 40))
    variant("dram_bandwidth_zero", lambda s: s["dram"].__setitem__("bandwidth_GBps", 0))
    variant("dram_bandwidth_negative", lambda s: s["dram"].__setitem__("bandwidth_GBps", -1.5))
    variant("clock_tiny", lambda s: s["chip"].__setitem__("clock_GHz", 1e-320))
    variant("group_is_array", lambda s: s.__setitem__("adc", [8, 1.56, 100]))
    variant("technology_unknown", lambda s: s["crossbar"].__setitem__("technology", "dram"))
    variant("base_dotdot_passwd", lambda s: s.__setitem__("base", "../../etc/passwd"))
    variant("base_dev_zero", lambda s: s.__setitem__("base", "/dev/zero"))
    variant("base_self", lambda s: s.__setitem__("base", "base_self.json"))
    variant("base_number", lambda s: s.__setitem__("base", 7))
    w.write("arch", "base_cycle_a.json", json.dumps({"base": "base_cycle_b.json"}))
    w.write("arch", "base_cycle_b.json", json.dumps({"base": "base_cycle_a.json"}))
    w.write("arch", "not_an_object.json", "[1, 2, 3]")
    w.write("arch", "deep_nesting.json", "[" * 2000 + "]" * 2000)
    w.write("arch", "nul_bytes.json", b"{\"name\": \"a\x00b\"}")
    w.write("arch", "utf16.json", json.dumps(spec).encode("utf-16"))
    w.write("arch", "duplicate_keys.json", '{"chip": {"cores": 4, "cores": -4}}')


V1_SCHEMA = os.path.join(ROOT, "tests", "store", "data", "schema_v1.sql")
APPLICATION_ID = 0x434D5053  # "CMPS", store/run_store.h


def v1_database(path, edit_schema=lambda sql: sql):
    """A schema-version-1 run database (1 kB pages, rollback journal) built from the frozen
    v1 schema, after `edit_schema` damaged its SQL."""
    with open(V1_SCHEMA) as f:
        sql = edit_schema(f.read())
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 1024")
    db.executescript(sql)
    db.execute("PRAGMA application_id = %d" % APPLICATION_ID)
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.execute("VACUUM")
    db.close()


def store_files(w):
    out = os.path.join(OUT, "store")
    # Passes quick_check, but the v1 -> v2 migration fails (its index names created_at).
    v1_database(os.path.join(out, "migrate_v1_missing_created_at.db"),
                lambda sql: sql.replace("created_at", "created_on"))
    # Without the CHECK constraint a status no COMPASS writes gets in: readers must report it,
    # not crash or invent a status.
    v1_database(os.path.join(out, "v1_unknown_status.db"),
                lambda sql: sql.replace("CHECK (status IN ('complete', 'cancelled', 'failed'))", "")
                               .replace("1234.5, 'complete'", "1234.5, 'exploded'"))
    # The fuzzer's find (fuzz_run_store, minimised by hand to the case above): a v1 file whose
    # schema text lost the created_at column.
    shutil.copy(os.path.join(ROOT, "fuzz", "crashes", "run_store_migration_changes_file.db"),
                os.path.join(out, "fuzz_migration_changes_file.db"))
    for name in sorted(os.listdir(out)):
        w.count += 1
        w.bytes += os.path.getsize(os.path.join(out, name))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for sub in ("onnx", "arch", "store"):
        os.makedirs(os.path.join(OUT, sub))
    rng = random.Random(20261126)
    w = Writer()
    onnx_files(w, rng)
    arch_files(w)
    store_files(w)
    print("make_corrupt_corpus.py: wrote %d files, %d bytes, to %s" % (w.count, w.bytes, os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
