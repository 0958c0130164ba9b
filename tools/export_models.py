#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Export the bundled COMPASS networks (and the ONNX importer's variant test files).

Bundled networks: torchvision architectures exported to ONNX at 1x3x224x224 in eval mode (torch
folds BatchNorm into Conv), with every parameter filled with distinct seeded random values (no
pretrained weights are downloaded), then *stripped*: float initializers keep name, dims and
data_type but lose their data, so each file is kilobytes. int64 shape constants stay intact.
graph.name is the network name. Output: resources/models/<name>.onnx.

  /usr/bin/python3 tools/export_models.py                      # all bundled networks
  /usr/bin/python3 tools/export_models.py --only resnet18,vgg16
  /usr/bin/python3 tools/export_models.py --keep-weights --out /tmp/fullmodels --only vgg16
  /usr/bin/python3 tools/export_models.py --variants           # tests/data/onnx/* only

Needs Debian's python3-torch, python3-torchvision and python3-onnx (installed with apt-get when
missing and running as root). See docs/models.md for the file list and figures.
"""

import argparse
import contextlib
import hashlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import zlib

DEBIAN_PYTHON = "/usr/bin/python3"
APT_PACKAGES = ["python3-torch", "python3-torchvision", "python3-onnx", "python3-numpy"]
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NETWORKS = [
    "vgg16",
    "resnet18",
    "resnet34",
    "resnet50",
    "resnet152",
    "squeezenet1_0",
    "squeezenet1_1",
    "alexnet",
    "mobilenet_v2",
    "googlenet",
    "densenet121",
    # Today's CNNs and transformers (issue 15); opset 17 where LayerNormalization is one operator.
    "vit_b_16",
    "swin_t",
    "convnext_tiny",
    "mnasnet1_0",
    "shufflenet_v2_x1_0",
    "efficientnet_b0",
    "bert_base",
    "gpt2_small",
]

# Exported on request (--only) but not bundled (none today; swin_t joined once the importer read
# its shifted-window mask arithmetic: Mod, Not, ScatterND).
NOT_BUNDLED = []

# Networks exported at another opset than --opset (LayerNormalization is one operator from 17).
NETWORK_OPSET = {"vit_b_16": 17, "swin_t": 17, "convnext_tiny": 17, "bert_base": 17, "gpt2_small": 17}

# torch's own figures for every bundled network, written at export time; a test checks the
# importer against them (tests/core/onnx/tst_bundled_models.cpp).
COUNTS_FILE = "counts.json"

# Figures from the paper (weights only, no biases); checked when the network is exported.
EXPECTED_WEIGHTS = {
    "vgg16": {"conv": 14_710_464, "fc": 123_633_664},
    "resnet18": {"conv": 11_166_912, "fc": 512_000},
    "squeezenet1_1": {"conv": 1_231_552, "fc": 0},
}

# Constant nodes with at most this many float elements (scalars) keep their values when stripping.
SMALL_FLOAT_CONSTANT = 16


# --------------------------------------------------------------------------------------------
# Environment: Debian's interpreter and packages
# --------------------------------------------------------------------------------------------


def ensure_debian_python():
    """Re-executes the script with /usr/bin/python3 when started by another interpreter."""
    if not os.path.exists(DEBIAN_PYTHON):
        return
    if os.path.realpath(sys.executable) == os.path.realpath(DEBIAN_PYTHON):
        return
    if os.environ.get("COMPASS_EXPORT_REEXEC") == "1":
        return
    print(f"note: re-running with {DEBIAN_PYTHON} (was {sys.executable})", flush=True)
    env = dict(os.environ, COMPASS_EXPORT_REEXEC="1")
    os.execve(DEBIAN_PYTHON, [DEBIAN_PYTHON, os.path.abspath(__file__)] + sys.argv[1:], env)


def ensure_packages():
    """Installs the Debian packages with apt-get if a module is missing (idempotent)."""
    missing = [m for m in ("torch", "torchvision", "onnx", "numpy") if importlib.util.find_spec(m) is None]
    if not missing:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends"] + APT_PACKAGES
    if os.geteuid() != 0:
        sys.exit(f"error: python modules {missing} missing; run as root: apt-get install -y "
                 + " ".join(APT_PACKAGES))
    print(f"python modules {missing} missing: installing {' '.join(APT_PACKAGES)} with apt-get", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.call(cmd, env=env) != 0:
        subprocess.check_call(["apt-get", "update"], env=env)
        subprocess.check_call(cmd, env=env)
    importlib.invalidate_caches()


# --------------------------------------------------------------------------------------------
# Export helpers
# --------------------------------------------------------------------------------------------


def seed_for(name):
    return zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF


def build_network(name):
    """Returns (model, example inputs, input names) for a bundled network, batch 1."""
    import torch
    import torchvision.models as tvm

    if name in ("bert_base", "gpt2_small"):
        import export_transformers as et  # the BERT/GPT-2 classes, written like their reference code

        if name == "bert_base":
            built = et.bert_like(vocab=30522, tokens=128, d=768, heads=12, layers=12, ffn=3072)
        else:
            built = et.gpt2_like(vocab=50257, tokens=1024, d=768, heads=12, layers=12)
        return built[0], built[1], built[2]
    image = (torch.zeros(1, 3, 224, 224),)
    if name == "googlenet":
        # init_weights=False: every parameter is overwritten by fill_distinct() anyway.
        return tvm.googlenet(weights=None, aux_logits=False, init_weights=False,
                             transform_input=False), image, ["input"]
    return getattr(tvm, name)(weights=None), image, ["input"]


def fill_distinct(model, seed):
    """Fills every float parameter and buffer with distinct random values (seeded).

    torch's exporter deduplicates equal tensors into Identity nodes; untouched init (BN gammas all
    1, betas all 0) would produce them. BN running variances are kept positive.
    """
    import torch

    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for key, tensor in model.state_dict(keep_vars=True).items():
            if not tensor.is_floating_point():
                continue
            values = torch.randn(tensor.shape, generator=gen, dtype=torch.float32)
            if key.endswith("running_var"):
                values = values.abs() + 0.5
            elif tensor.dim() > 1:
                fan_in = max(1, tensor[0].numel())
                values = values / fan_in**0.5
            else:
                values = values * 0.1
            tensor.copy_(values.to(tensor.dtype))


def torch_figures(model, inputs):
    """torch's own weight and MAC counts of one forward pass (batch 1), from the aten calls.

    Every convolution, mm, addmm, bmm and baddbmm torch executes is counted (MACs = output
    elements x reduction length). A product with a parameter operand is a weight layer: its MACs
    are weight MACs and the parameter's elements are weights, each parameter once (a tied head
    shares the embedding's storage, so it counts once). A product of two activations (attention's
    Q·Kᵀ and A·V) counts as attention MACs. Embedding lookups, norms and biases are not counted:
    torch's Conv/Linear weight figure.
    """
    import torch
    from torch.utils._python_dispatch import TorchDispatchMode

    aten = torch.ops.aten
    params = {}
    for p in model.parameters():
        params.setdefault(p.untyped_storage().data_ptr() if hasattr(p, "untyped_storage")
                          else p.storage().data_ptr(), p.numel())

    def storage_of(t):
        return t.untyped_storage().data_ptr() if hasattr(t, "untyped_storage") else t.storage().data_ptr()

    figures = {"weights": 0, "weight_macs": 0, "attention_macs": 0}
    counted = set()

    class Counter(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            packet = func.overloadpacket
            if packet == aten.convolution:
                operands, macs = [args[1]], out.numel() * args[1][0].numel()
            elif packet in (aten.mm, aten.bmm):
                operands, macs = [args[0], args[1]], out.numel() * args[0].shape[-1]
            elif packet in (aten.addmm, aten.baddbmm):
                operands, macs = [args[1], args[2]], out.numel() * args[1].shape[-1]
            else:
                return out
            stored = [storage_of(t) for t in operands if storage_of(t) in params]
            if stored:
                figures["weight_macs"] += macs
                for key in stored:
                    if key not in counted:
                        counted.add(key)
                        figures["weights"] += params[key]
            else:
                figures["attention_macs"] += macs
            return out

    with Counter():
        model(*inputs)
    return figures


def torch_export(model, inputs, input_names, opset, training=None, do_constant_folding=True,
                 no_grad=True):
    import onnx
    import torch

    buf = io.BytesIO()
    kwargs = dict(opset_version=opset, input_names=input_names, output_names=["output"],
                  do_constant_folding=do_constant_folding)
    if training is not None:
        kwargs["training"] = training
    with torch.no_grad() if no_grad else contextlib.nullcontext():
        torch.onnx.export(model, inputs, buf, **kwargs)
    return onnx.load_from_string(buf.getvalue())


def export_network(name, opset):
    """Returns (full ModelProto, torch's figures) for a bundled network."""
    import torch

    torch.manual_seed(seed_for(name))
    model, inputs, input_names = build_network(name)
    model = model.eval()
    fill_distinct(model, seed_for(name))
    # The transformers not under no_grad: nn.MultiheadAttention then skips its fused fast path,
    # which torch 1.13 cannot export, and runs (and traces) the products a reference export has.
    no_grad = name not in NETWORK_OPSET
    with torch.no_grad() if no_grad else contextlib.nullcontext():
        figures = torch_figures(model, inputs)
    proto = torch_export(model, inputs, input_names, NETWORK_OPSET.get(name, opset), no_grad=no_grad)
    proto.graph.name = name
    figures["opset"] = NETWORK_OPSET.get(name, opset)
    figures["inputs"] = {i.name: [d.dim_value for d in i.type.tensor_type.shape.dim]
                         for i in proto.graph.input}
    return proto, figures


# --------------------------------------------------------------------------------------------
# Stripping and inspection
# --------------------------------------------------------------------------------------------


def float_types():
    import onnx

    T = onnx.TensorProto
    return {T.FLOAT, T.FLOAT16, T.DOUBLE, T.BFLOAT16}


def clear_tensor_data(tensor):
    for field in ("raw_data", "float_data", "double_data", "int32_data", "external_data"):
        tensor.ClearField(field)
    tensor.ClearField("data_location")


def numel(tensor):
    n = 1
    for d in tensor.dims:
        n *= d
    return n


def strip_weights(proto):
    """Clears the data of float initializers and of non-scalar float Constant nodes in place.

    Keeps name, dims and data_type; int64/int32 tensors (shape constants) stay intact.
    """
    ftypes = float_types()
    for init in proto.graph.initializer:
        if init.data_type in ftypes:
            clear_tensor_data(init)
    for node in proto.graph.node:
        if node.op_type != "Constant":
            continue
        for attr in node.attribute:
            if attr.name == "value" and attr.t.data_type in ftypes and numel(attr.t) > SMALL_FLOAT_CONSTANT:
                clear_tensor_data(attr.t)
    return proto


def tensor_has_data(t):
    return bool(t.raw_data or t.float_data or t.double_data or t.int32_data or t.int64_data
                or t.external_data)


def constant_tensors(proto):
    """Name -> TensorProto of every initializer and Constant node output."""
    out = {init.name: init for init in proto.graph.initializer}
    for node in proto.graph.node:
        if node.op_type == "Constant":
            for attr in node.attribute:
                if attr.name == "value":
                    out[node.output[0]] = attr.t
    return out


def weight_counts(proto):
    """Conv and Gemm/MatMul weight element counts (weights only, no biases), from the ONNX graph.

    Follows Transpose/Identity nodes between a constant and its consumer.
    """
    consts = constant_tensors(proto)
    producers = {o: n for n in proto.graph.node for o in n.output}

    def const_of(name):
        seen = 0
        while name not in consts and name in producers and seen < 8:
            n = producers[name]
            if n.op_type not in ("Transpose", "Identity"):
                return None
            name = n.input[0]
            seen += 1
        return consts.get(name)

    conv = fc = 0
    conv_layers = fc_layers = 0
    for node in proto.graph.node:
        if node.op_type in ("Conv", "Gemm", "MatMul") and len(node.input) > 1:
            t = const_of(node.input[1])
            if t is None:
                continue
            if node.op_type == "Conv":
                conv += numel(t)
                conv_layers += 1
            else:
                fc += numel(t)
                fc_layers += 1
    return {"conv": conv, "fc": fc, "conv_layers": conv_layers, "fc_layers": fc_layers}


def onnx_macs(proto):
    """Conv/Gemm/MatMul multiply-accumulates (batch 1) from onnx shape inference on a copy.

    Works on stripped files too (inference only needs dims). Returns None if a shape is unknown.
    """
    import onnx

    inferred = onnx.shape_inference.infer_shapes(proto)
    shapes = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        shapes[vi.name] = [d.dim_value for d in vi.type.tensor_type.shape.dim]
    for t in constant_tensors(inferred).items():
        shapes.setdefault(t[0], list(t[1].dims))
    total = 0
    for node in inferred.graph.node:
        if node.op_type not in ("Conv", "Gemm", "MatMul"):
            continue
        out = shapes.get(node.output[0])
        w = shapes.get(node.input[1])
        if not out or not w or 0 in out or 0 in w:
            return None
        if node.op_type == "Conv":
            per_output = 1
            for d in w[1:]:
                per_output *= d  # Cin/group * kh * kw
            n = 1
            for d in out[1:]:
                n *= d
            total += n * per_output
        else:
            a = shapes.get(node.input[0])
            if not a:
                return None
            trans_a = any(x.name == "transA" and x.i for x in node.attribute)
            k = a[-2] if trans_a else a[-1]
            n = 1
            for d in out[1:]:
                n *= d
            total += n * k
    return total


def graph_input_dims(proto):
    init_names = {i.name for i in proto.graph.initializer}
    ins = [i for i in proto.graph.input if i.name not in init_names]
    return [[d.dim_value for d in i.type.tensor_type.shape.dim] for i in ins]


def check_bundled(name, stripped, figures, keep_weights):
    """Asserts what the importer and the oracle tests rely on. Returns (problems, notes)."""
    problems = []
    notes = []
    ftypes = float_types()
    consts_by_name = constant_tensors(stripped)
    if stripped.graph.name != name:
        problems.append(f"graph.name is {stripped.graph.name!r}")
    dims = graph_input_dims(stripped)
    if any(d <= 0 for shape in dims for d in shape):
        problems.append(f"inputs {dims} have symbolic dimensions")
    image_classifier = name not in ("bert_base", "gpt2_small")
    if image_classifier and dims != [[1, 3, 224, 224]]:
        problems.append(f"inputs {dims}")
    # torch leaves some output dims symbolic (0 here) when its own shape inference gives up.
    outs = [[d.dim_value or 1 for d in o.type.tensor_type.shape.dim] for o in stripped.graph.output]
    if image_classifier and outs != [[1, 1000]]:
        problems.append(f"outputs {outs}")
    for init in stripped.graph.initializer:
        if init.data_type in ftypes:
            if keep_weights != tensor_has_data(init):
                problems.append(f"initializer {init.name}: data presence {tensor_has_data(init)}")
            if numel(init) == 0:  # a scalar (no dims) has one element
                problems.append(f"initializer {init.name}: no elements")
        elif not tensor_has_data(init) and numel(init) > 0:
            problems.append(f"int initializer {init.name} lost its data")
    # Equal float weights would be deduplicated into Identity nodes (fill_distinct prevents it);
    # GPT-2's equal causal-mask buffers (bool, one per block) legitimately are.
    deduplicated = [n for n in stripped.graph.node if n.op_type == "Identity"
                    and consts_by_name.get(n.input[0]) is not None
                    and consts_by_name[n.input[0]].data_type in ftypes]
    if deduplicated:
        problems.append(f"{len(deduplicated)} Identity nodes (deduplicated float tensors)")
    # A second opinion from the ONNX graph. It follows only Transpose/Identity from a constant
    # to its consumer, so it is exact for the CNNs and only a note for the transformers (packed
    # and sliced weights); the importer's test is the check there.
    counts = weight_counts(stripped)
    macs = onnx_macs(stripped)
    torch_macs = figures["weight_macs"] + figures["attention_macs"]
    disagreements = []
    if counts["conv"] + counts["fc"] != figures["weights"]:
        disagreements.append(f"ONNX weights {counts['conv'] + counts['fc']:,} != torch {figures['weights']:,}")
    if macs is None:
        notes.append("ONNX shape inference leaves a product's shape unknown: MACs not cross-checked")
    elif macs != torch_macs:
        disagreements.append(f"ONNX MACs {macs:,} != torch {torch_macs:,}")
    (notes if name in NETWORK_OPSET or not image_classifier else problems).extend(disagreements)
    expected = EXPECTED_WEIGHTS.get(name)
    if expected and (counts["conv"], counts["fc"]) != (expected["conv"], expected["fc"]):
        problems.append(f"weights conv {counts['conv']} fc {counts['fc']} != paper {expected}")
    return problems, notes


def mib_at_4bit(weights):
    return weights * 4 / 8 / (1 << 20)


def save(proto, path):
    import onnx

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    data = proto.SerializeToString()
    with open(path, "wb") as f:
        f.write(data)
    return len(data), hashlib.sha256(data).hexdigest()[:12]


def _fmt_count(value):
    return "?" if value is None else f"{value:,}"


def human(size):
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MiB"
    return f"{size / 1024:.1f} kB"


# --------------------------------------------------------------------------------------------
# Bundled networks
# --------------------------------------------------------------------------------------------


def run_bundled(names, out_dir, opset, keep_weights):
    import json
    import onnx

    failures = 0
    counts_path = os.path.join(out_dir, COUNTS_FILE)
    record = {}
    if os.path.exists(counts_path):
        with open(counts_path) as f:
            record = json.load(f)
    print(f"{'network':<19}{'file':>11}{'nodes':>7}{'weights':>13}{'MiB@4b':>9}{'GMACs':>8}"
          f"{'attn %':>8}  sha256")
    for name in names:
        full, figures = export_network(name, opset)
        if keep_weights:
            onnx.checker.check_model(full)
            proto = full
        else:
            proto = strip_weights(full)
        path = os.path.join(out_dir, f"{name}.onnx")
        size, digest = save(proto, path)
        problems, notes = check_bundled(name, proto, figures, keep_weights)
        macs = figures["weight_macs"] + figures["attention_macs"]
        print(f"{name:<19}{human(size):>11}{len(proto.graph.node):>7}{figures['weights']:>13,}"
              f"{mib_at_4bit(figures['weights']):>9.4f}{macs / 1e9:>8.3f}"
              f"{100 * figures['attention_macs'] / macs:>8.1f}  {digest}", flush=True)
        for p in problems:
            print(f"  FAIL {name}: {p}")
        for n in notes:
            print(f"  note {name}: {n}")
        failures += len(problems)
        figures["macs"] = macs
        figures["nodes"] = len(proto.graph.node)
        record[name] = dict(sorted(figures.items()))
    if not keep_weights:
        with open(counts_path, "w") as f:
            json.dump(dict(sorted(record.items())), f, indent=2)
            f.write("\n")
    return failures


# --------------------------------------------------------------------------------------------
# Variant test files (tests/data/onnx)
# --------------------------------------------------------------------------------------------


def rng(seed):
    import numpy as np

    return np.random.default_rng(seed)


def rand_tensor(name, shape, gen, scale=0.1):
    import numpy as np
    from onnx import numpy_helper

    return numpy_helper.from_array((gen.standard_normal(shape) * scale).astype(np.float32), name)


def int64_tensor(name, values):
    import numpy as np
    from onnx import numpy_helper

    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def finish_model(graph, opset, name):
    import onnx
    from onnx import helper

    model = helper.make_model(graph, producer_name="compass-tools", producer_version="1",
                              opset_imports=[helper.make_opsetid("", opset)])
    # ONNX 1.12 picks the newest IR version; pin the one that matches the opset.
    ir = {7: 3, 9: 4, 11: 6, 13: 7, 17: 8}.get(opset, 7)
    model.ir_version = ir
    if ir < 4:
        # IR 3 requires every initializer to be listed as a graph input too (old exporters did so).
        for init in model.graph.initializer:
            model.graph.input.append(
                helper.make_tensor_value_info(init.name, init.data_type, list(init.dims)))
    model.graph.name = name
    onnx.checker.check_model(model)
    onnx.shape_inference.infer_shapes(model, strict_mode=True)
    return model


def variant_bn_opset9():
    import torch
    import torchvision.models as tvm

    torch.manual_seed(seed_for("resnet18_bn"))
    model = tvm.resnet18(weights=None).eval()
    fill_distinct(model, seed_for("resnet18_bn"))
    full = torch_export(model, (torch.zeros(1, 3, 224, 224),), ["input"], 9, training=torch.onnx.TrainingMode.PRESERVE,
                        do_constant_folding=False)
    full.graph.name = "resnet18_bn_opset9"
    bns = [n for n in full.graph.node if n.op_type == "BatchNormalization"]
    assert len(bns) == 20 and all(len(n.output) == 1 for n in bns), "expected 20 inference BNs"
    return strip_weights(full)


def variant_constants(stripped_squeeze):
    """Every float initializer becomes a Constant node (value tensor with dims, no data)."""
    import onnx
    from onnx import helper

    model = onnx.ModelProto()
    model.CopyFrom(stripped_squeeze)
    ftypes = float_types()
    consts = []
    keep = []
    for init in model.graph.initializer:
        if init.data_type in ftypes:
            t = onnx.TensorProto()
            t.CopyFrom(init)
            t.name = ""
            consts.append(helper.make_node("Constant", [], [init.name], name=f"const_{init.name}", value=t))
        else:
            keep.append(init)
    moved = {n.output[0] for n in consts}
    inputs = [i for i in model.graph.input if i.name not in moved]
    del model.graph.input[:]
    model.graph.input.extend(inputs)
    del model.graph.initializer[:]
    model.graph.initializer.extend(keep)
    nodes = consts + list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    model.graph.name = "squeezenet1_1_constants"
    return model


def variant_external(full_resnet18, location):
    """Moves float initializers to external data (offset/length set, 4 kB aligned).

    Returns (model without data, weights bytes) so the caller may write or omit the weights file.
    """
    import onnx

    model = onnx.ModelProto()
    model.CopyFrom(full_resnet18)
    ftypes = float_types()
    blob = bytearray()
    for init in model.graph.initializer:
        if init.data_type not in ftypes:
            continue
        data = init.raw_data
        assert data, f"{init.name} has no raw_data"
        offset = (len(blob) + 4095) // 4096 * 4096
        blob.extend(b"\0" * (offset - len(blob)))
        blob.extend(data)
        init.ClearField("raw_data")
        init.data_location = onnx.TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", str(offset)), ("length", str(len(data)))):
            entry = init.external_data.add()
            entry.key = key
            entry.value = value
    model.graph.name = "resnet18_external"
    return model, bytes(blob)


def variant_typed():
    """Tiny full-weight conv net with weights in float_data (typed fields), not raw_data."""
    from onnx import TensorProto, helper

    gen = rng(7)

    def typed(name, shape):
        t = rand_tensor(name, shape, gen)
        return helper.make_tensor(name, TensorProto.FLOAT, shape, list(_floats(t)), raw=False)

    inits = [
        typed("conv1.weight", [8, 3, 3, 3]), typed("conv1.bias", [8]),
        typed("conv2.weight", [16, 8, 3, 3]), typed("conv2.bias", [16]),
        typed("fc.weight", [10, 16]), typed("fc.bias", [10]),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "conv1.weight", "conv1.bias"], ["c1"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "conv2.weight", "conv2.bias"], ["c2"], name="conv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("GlobalAveragePool", ["r2"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1),
        helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["output"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "resnet18_typed",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], inits)
    model = finish_model(graph, 13, "resnet18_typed")
    assert all(i.float_data and not i.raw_data for i in model.graph.initializer)
    return model


def _floats(tensor):
    from onnx import numpy_helper

    return numpy_helper.to_array(tensor).flatten().tolist()


def variant_nhwc_glue():
    """TFLite->ONNX style: NHWC input, Transpose glue, OHWI conv weights + Transpose, MatMul+Add."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    gen = rng(11)
    w_ohwi = rand_tensor("conv.weight_ohwi", [8, 3, 3, 3], gen)
    inits = [
        w_ohwi,
        rand_tensor("conv.bias", [8], gen),
        int64_tensor("reshape.shape", [1, -1]),
        rand_tensor("dense.weight_kn", [8 * 16 * 16, 10], gen, 0.02),
        rand_tensor("dense.bias", [10], gen),
    ]
    nodes = [
        helper.make_node("Transpose", ["input"], ["x_nchw"], name="input_to_nchw", perm=[0, 3, 1, 2]),
        helper.make_node("Transpose", ["conv.weight_ohwi"], ["conv.weight_oihw"], name="weight_to_oihw",
                         perm=[0, 3, 1, 2]),
        helper.make_node("Conv", ["x_nchw", "conv.weight_oihw", "conv.bias"], ["conv_out"], name="conv",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["conv_out"], ["relu_out"], name="relu"),
        helper.make_node("Transpose", ["relu_out"], ["relu_nhwc"], name="to_nhwc", perm=[0, 2, 3, 1]),
        helper.make_node("Transpose", ["relu_nhwc"], ["relu_nchw"], name="to_nchw", perm=[0, 3, 1, 2]),
        helper.make_node("MaxPool", ["relu_nchw"], ["pool_out"], name="maxpool", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Reshape", ["pool_out", "reshape.shape"], ["flat"], name="reshape"),
        helper.make_node("MatMul", ["flat", "dense.weight_kn"], ["mm_out"], name="dense_matmul"),
        helper.make_node("Add", ["mm_out", "dense.bias"], ["logits"], name="dense_bias"),
        helper.make_node("Softmax", ["logits"], ["output"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "nhwc_glue",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 32, 32, 3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], inits)
    return finish_model(graph, 11, "nhwc_glue")


def variant_flatten_pattern():
    """Old torch flatten: Shape -> Gather(0) -> Unsqueeze(axes attr) -> Concat([-1]) -> Reshape."""
    from onnx import TensorProto, helper

    gen = rng(13)
    inits = [
        rand_tensor("conv.weight", [8, 3, 3, 3], gen), rand_tensor("conv.bias", [8], gen),
        rand_tensor("fc.weight", [10, 8 * 8 * 8], gen, 0.02), rand_tensor("fc.bias", [10], gen),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "conv.weight", "conv.bias"], ["c"], name="Conv_0",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="Relu_1"),
        helper.make_node("MaxPool", ["r"], ["p"], name="MaxPool_2", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Shape", ["p"], ["shape"], name="Shape_3"),
        helper.make_node("Constant", [], ["zero"], name="Constant_4",
                         value=helper.make_tensor("", TensorProto.INT64, [], [0])),
        helper.make_node("Gather", ["shape", "zero"], ["batch"], name="Gather_5", axis=0),
        helper.make_node("Unsqueeze", ["batch"], ["batch1"], name="Unsqueeze_6", axes=[0]),
        helper.make_node("Constant", [], ["minus_one"], name="Constant_7",
                         value=helper.make_tensor("", TensorProto.INT64, [1], [-1])),
        helper.make_node("Concat", ["batch1", "minus_one"], ["new_shape"], name="Concat_8", axis=0),
        helper.make_node("Reshape", ["p", "new_shape"], ["flat"], name="Reshape_9"),
        helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["output"], name="Gemm_10",
                         alpha=1.0, beta=1.0, transB=1),
    ]
    graph = helper.make_graph(
        nodes, "flatten_pattern",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], inits)
    return finish_model(graph, 9, "flatten_pattern")


def variant_opset7_mlp():
    from onnx import TensorProto, helper

    gen = rng(17)
    inits = [
        rand_tensor("fc1.weight", [64, 32], gen), rand_tensor("fc1.bias", [32], gen),
        rand_tensor("fc2.weight", [32, 10], gen), rand_tensor("fc2.bias", [10], gen),
    ]
    nodes = [
        helper.make_node("Gemm", ["input", "fc1.weight", "fc1.bias"], ["h"], name="fc1"),
        helper.make_node("Relu", ["h"], ["hr"], name="relu1"),
        helper.make_node("Dropout", ["hr"], ["hd"], name="dropout", ratio=0.5),
        helper.make_node("Gemm", ["hd", "fc2.weight", "fc2.bias"], ["output"], name="fc2"),
    ]
    graph = helper.make_graph(
        nodes, "opset7_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 64])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], inits)
    return finish_model(graph, 7, "opset7_mlp")


def variant_opset17_convnet():
    """Opset 17: Pad with pads as an input, Squeeze/Unsqueeze with axes as inputs."""
    from onnx import TensorProto, helper

    gen = rng(19)
    inits = [
        int64_tensor("pad.pads", [0, 0, 1, 1, 0, 0, 1, 1]),
        rand_tensor("conv.weight", [8, 3, 3, 3], gen), rand_tensor("conv.bias", [8], gen),
        int64_tensor("squeeze.axes", [2, 3]),
        rand_tensor("fc.weight", [10, 8], gen), rand_tensor("fc.bias", [10], gen),
        int64_tensor("unsqueeze.axes", [2]),
    ]
    nodes = [
        helper.make_node("Pad", ["input", "pad.pads"], ["padded"], name="pad", mode="constant"),
        helper.make_node("Conv", ["padded", "conv.weight", "conv.bias"], ["c"], name="conv",
                         kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("GlobalAveragePool", ["r"], ["gap"], name="gap"),
        helper.make_node("Squeeze", ["gap", "squeeze.axes"], ["sq"], name="squeeze"),
        helper.make_node("Gemm", ["sq", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1),
        helper.make_node("Unsqueeze", ["logits", "unsqueeze.axes"], ["output"], name="unsqueeze"),
    ]
    graph = helper.make_graph(
        nodes, "opset17_convnet",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10, 1])], inits)
    return finish_model(graph, 17, "opset17_convnet")


def variant_grouped_depthwise():
    import torch

    torch.manual_seed(seed_for("grouped_depthwise"))
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, padding=1, groups=4), torch.nn.ReLU(),
        torch.nn.Conv2d(32, 32, 3, padding=1, stride=2, groups=32), torch.nn.ReLU(),
        torch.nn.Conv2d(32, 32, 1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(32, 10),
    ).eval()
    fill_distinct(model, seed_for("grouped_depthwise"))
    proto = torch_export(model, (torch.zeros(1, 3, 16, 16),), ["input"], 13)
    proto.graph.name = "grouped_depthwise"
    groups = sorted(a.i for n in proto.graph.node if n.op_type == "Conv" for a in n.attribute
                    if a.name == "group")
    assert groups == [1, 1, 4, 32], groups
    return proto


def run_variants(out_dir, bundled_dir, weights_dir):
    import onnx

    os.makedirs(out_dir, exist_ok=True)
    results = []

    squeeze_full, _ = export_network("squeezenet1_1", 13)
    squeeze_stripped = onnx.ModelProto()
    squeeze_stripped.CopyFrom(squeeze_full)
    strip_weights(squeeze_stripped)
    bundled = os.path.join(bundled_dir, "squeezenet1_1.onnx")
    if os.path.exists(bundled):
        with open(bundled, "rb") as f:
            same = f.read() == squeeze_stripped.SerializeToString()
        print(f"squeezenet1_1_full stripped == {bundled}: {same}")
        if not same:
            print("  FAIL: the full squeezenet does not strip to the bundled file (re-export both)")
            results.append(("squeezenet1_1_full", -1))
    squeeze_full.graph.name = "squeezenet1_1"
    onnx.checker.check_model(squeeze_full)

    resnet_full, _ = export_network("resnet18", 13)
    external, blob = variant_external(resnet_full, "resnet18_external.weights")
    if weights_dir:
        # A copy with its weights file present, for local tests (never committed).
        os.makedirs(weights_dir, exist_ok=True)
        save(external, os.path.join(weights_dir, "resnet18_external.onnx"))
        with open(os.path.join(weights_dir, "resnet18_external.weights"), "wb") as f:
            f.write(blob)
        print(f"wrote {weights_dir}/resnet18_external.onnx + .weights ({human(len(blob))})")

    files = {
        "resnet18_bn_opset9.onnx": variant_bn_opset9(),
        "squeezenet1_1_constants.onnx": variant_constants(squeeze_stripped),
        "resnet18_external.onnx": external,
        "resnet18_typed.onnx": variant_typed(),
        "squeezenet1_1_full.onnx": squeeze_full,
        "nhwc_glue.onnx": variant_nhwc_glue(),
        "flatten_pattern.onnx": variant_flatten_pattern(),
        "opset7_mlp.onnx": variant_opset7_mlp(),
        "opset17_convnet.onnx": variant_opset17_convnet(),
        "grouped_depthwise.onnx": variant_grouped_depthwise(),
    }
    stale = os.path.join(out_dir, "resnet18_external.weights")
    if os.path.exists(stale):
        os.remove(stale)
    print(f"{'variant':<30}{'file':>10}{'opset':>6}{'nodes':>7}{'conv w':>11}{'fc w':>9}{'MACs':>14}  sha256")
    for fname, proto in files.items():
        size, digest = save(proto, os.path.join(out_dir, fname))
        counts = weight_counts(proto)
        opset = max(o.version for o in proto.opset_import if o.domain in ("", "ai.onnx"))
        print(f"{fname:<30}{human(size):>10}{opset:>6}{len(proto.graph.node):>7}{counts['conv']:>11,}"
              f"{counts['fc']:>9,}{_fmt_count(onnx_macs(proto)):>14}  {digest}")
    return sum(1 for _, r in results if r < 0)


# --------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "resources", "models"),
                        help="output folder for the bundled networks (default resources/models)")
    parser.add_argument("--only", default="", help="comma-separated network names (default: all)")
    parser.add_argument("--keep-weights", action="store_true",
                        help="keep the (random) weights: full-size files for local tests, never committed")
    parser.add_argument("--opset", type=int, default=13, help="ONNX opset of the bundled networks")
    parser.add_argument("--variants", action="store_true",
                        help="write the importer's variant test files to tests/data/onnx instead")
    parser.add_argument("--variants-out", default=os.path.join(REPO_ROOT, "tests", "data", "onnx"))
    parser.add_argument("--external-weights-dir", default="",
                        help="with --variants: also write resnet18_external.onnx with its weights file here")
    args = parser.parse_args()

    ensure_debian_python()
    ensure_packages()

    if args.variants:
        failures = run_variants(args.variants_out, args.out, args.external_weights_dir)
        return 1 if failures else 0

    names = [n.strip() for n in args.only.split(",") if n.strip()] or NETWORKS
    unknown = [n for n in names if n not in NETWORKS + NOT_BUNDLED]
    if unknown:
        parser.error(f"unknown network(s) {unknown}; known: {', '.join(NETWORKS + NOT_BUNDLED)}")
    bundled_dir = os.path.abspath(os.path.join(REPO_ROOT, "resources", "models"))
    if any(n in NOT_BUNDLED for n in names) and os.path.abspath(args.out) == bundled_dir:
        parser.error(f"{', '.join(n for n in names if n in NOT_BUNDLED)}: not bundled yet, give --out")
    if args.keep_weights and os.path.abspath(args.out) == os.path.abspath(os.path.join(REPO_ROOT, "resources", "models")):
        parser.error("--keep-weights writes hundreds of MB: give --out outside the repository")
    failures = run_bundled(names, args.out, args.opset, args.keep_weights)
    if failures:
        print(f"{failures} problem(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
