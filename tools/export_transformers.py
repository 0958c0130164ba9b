#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Export small transformer and modern-CNN test networks, as real exporters write them.

Each network is a scaled-down ViT, BERT-like or GPT-2-like model (or a torchvision CNN at a small
input) exported with Debian's torch 1.13 and stripped of weight data the way
tools/export_models.py strips the bundled networks. The files exercise what issue 15 lists:
LayerNormalization (opset 17) and its decomposed form (opset 14), GELU as Erf and as the tanh
approximation, the class-token Equal/Where/Expand chain, packed in-projections (Slice), qkv Split,
causal-mask Where, shape arithmetic (Shape/Gather/Concat/Range), Gemm weights next to attention
MatMuls, SiLU, HardSwish, ReduceMean. torch's own figures are recorded next to the files in
tests/data/onnx/exporters.json: Conv2d/Linear weight counts (a tied head counted once, as a layer
of its own) and MACs (Conv2d/Linear from forward hooks, plus the activation x activation MatMuls
of attention, counted from the configuration).

  /usr/bin/python3 tools/export_transformers.py              # tests/data/onnx/*.onnx + exporters.json
  /usr/bin/python3 tools/export_transformers.py --out DIR

Needs python3-torch python3-torchvision python3-onnx (see tools/export_models.py).
"""

import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_models as em  # noqa: E402  (shared seeding, stripping and saving)


# --------------------------------------------------------------------------------------------
# Small models written the way the big ones are (BERT and GPT-2 from their reference code)
# --------------------------------------------------------------------------------------------


def bert_like(vocab=64, tokens=16, d=32, heads=2, layers=2, ffn=64):
    import torch
    from torch import nn

    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            self.q = nn.Linear(d, d)
            self.k = nn.Linear(d, d)
            self.v = nn.Linear(d, d)
            self.o = nn.Linear(d, d)
            self.ln = nn.LayerNorm(d)

        def split(self, x):
            b, t, _ = x.size()
            return x.view(b, t, heads, d // heads).permute(0, 2, 1, 3)

        def forward(self, x, mask):
            q, k, v = self.split(self.q(x)), self.split(self.k(x)), self.split(self.v(x))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d // heads) + mask
            ctx = torch.matmul(scores.softmax(dim=-1), v)
            ctx = ctx.permute(0, 2, 1, 3).contiguous()
            ctx = ctx.view(ctx.size(0), ctx.size(1), d)
            return self.ln(self.o(ctx) + x)

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.attn = Attention()
            self.up = nn.Linear(d, ffn)
            self.down = nn.Linear(ffn, d)
            self.ln = nn.LayerNorm(d)

        def forward(self, x, mask):
            x = self.attn(x, mask)
            return self.ln(self.down(nn.functional.gelu(self.up(x))) + x)

    class Bert(nn.Module):
        def __init__(self):
            super().__init__()
            self.words = nn.Embedding(vocab, d)
            self.positions = nn.Embedding(tokens, d)
            self.types = nn.Embedding(2, d)
            self.ln = nn.LayerNorm(d)
            self.layers = nn.ModuleList(Layer() for _ in range(layers))
            self.pooler = nn.Linear(d, d)

        def forward(self, input_ids, attention_mask):
            t = input_ids.size(1)
            pos = torch.arange(t, dtype=torch.long).unsqueeze(0)
            x = self.words(input_ids) + self.positions(pos) + self.types(torch.zeros_like(input_ids))
            x = self.ln(x)
            mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
            for layer in self.layers:
                x = layer(x, mask)
            return torch.tanh(self.pooler(x[:, 0]))

    attention_macs = layers * 2 * tokens * tokens * d
    inputs = (torch.zeros(1, tokens, dtype=torch.long), torch.ones(1, tokens, dtype=torch.long))
    return Bert(), inputs, ["input_ids", "attention_mask"], attention_macs


def gpt2_like(vocab=64, tokens=16, d=32, heads=2, layers=2):
    import torch
    from torch import nn

    class Conv1D(nn.Module):
        """GPT-2's Conv1D: addmm on the flattened tokens, which torch exports as Gemm."""

        def __init__(self, nx, nf):
            super().__init__()
            self.weight = nn.Parameter(torch.empty(nx, nf))
            self.bias = nn.Parameter(torch.zeros(nf))
            self.nf = nf

        def forward(self, x):
            shape = x.size()[:-1] + (self.nf,)
            return torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight).view(shape)

    def gelu_new(x):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1 = nn.LayerNorm(d)
            self.c_attn = Conv1D(d, 3 * d)
            self.c_proj = Conv1D(d, d)
            self.ln_2 = nn.LayerNorm(d)
            self.c_fc = Conv1D(d, 4 * d)
            self.c_mlp = Conv1D(4 * d, d)
            self.register_buffer("bias", torch.tril(torch.ones(tokens, tokens, dtype=torch.bool))
                                 .view(1, 1, tokens, tokens))
            self.register_buffer("masked_bias", torch.tensor(-1e4))

        def heads(self, x):
            return x.view(x.size(0), x.size(1), heads, d // heads).permute(0, 2, 1, 3)

        def forward(self, x):
            q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=2)
            q, k, v = self.heads(q), self.heads(k), self.heads(v)
            w = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d // heads)
            t = w.size(-1)
            causal = self.bias[:, :, :t, :t]
            w = torch.where(causal, w, self.masked_bias.to(w.dtype)).softmax(dim=-1)
            a = torch.matmul(w, v).permute(0, 2, 1, 3).contiguous()
            a = a.view(a.size(0), a.size(1), d)
            x = x + self.c_proj(a)
            return x + self.c_mlp(gelu_new(self.c_fc(self.ln_2(x))))

    class Gpt2(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.Embedding(vocab, d)
            self.wpe = nn.Embedding(tokens, d)
            self.h = nn.ModuleList(Block() for _ in range(layers))
            self.ln_f = nn.LayerNorm(d)
            self.lm_head = nn.Linear(d, vocab, bias=False)

        def forward(self, input_ids):
            pos = torch.arange(0, input_ids.size(-1), dtype=torch.long).unsqueeze(0)
            x = self.wte(input_ids) + self.wpe(pos)
            for block in self.h:
                x = block(x)
            return self.lm_head(self.ln_f(x))

    model = Gpt2()
    model.lm_head.weight = model.wte.weight  # tied, as GPT-2's LM head is
    # Conv1D weights and the attention matmuls are not nn.Linear: counted from the configuration.
    conv1d_weights = layers * (d * 3 * d + d * d + d * 4 * d + 4 * d * d)
    extra = {"weights": conv1d_weights, "macs": tokens * conv1d_weights}
    attention_macs = layers * 2 * tokens * tokens * d
    return model, (torch.zeros(1, tokens, dtype=torch.long),), ["input_ids"], attention_macs, extra


def vit_tiny():
    import torch
    from torchvision.models.vision_transformer import VisionTransformer

    model = VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32,
                              mlp_dim=64, num_classes=10)
    tokens = (32 // 8) ** 2 + 1
    attention_macs = 2 * 2 * tokens * tokens * 32
    # nn.MultiheadAttention's in-projection and out_proj are not hooked as Linear: add them.
    extra = {"weights": 2 * (3 * 32 * 32 + 32 * 32), "macs": tokens * 2 * (3 * 32 * 32 + 32 * 32)}
    return model, (torch.zeros(1, 3, 32, 32),), ["input"], attention_macs, extra


def swin_tiny():
    import torch
    from torchvision.models.swin_transformer import SwinTransformer

    # Two stages at 32x32: 8x8 tokens in 4x4 windows shifted by 2 (the masked, shifted windows:
    # Mod, Not, ScatterND, reversed Pad lists), then 4x4 tokens in one window (no shift).
    # torchvision calls F.linear with the modules' weights, which forward hooks do not see:
    # None asks export() for torch's dispatch-level count (export_models.torch_figures).
    model = SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[1, 2],
                            window_size=[4, 4], num_classes=10)
    return model, (torch.zeros(1, 3, 32, 32),), ["input"], None


def torchvision_cnn(name, size):
    import torch
    import torchvision.models as tvm

    return getattr(tvm, name)(weights=None), (torch.zeros(1, 3, size, size),), ["input"], 0


# name -> (builder, opset, what it exercises)
NETWORKS = {
    "vit_tiny_opset17": (vit_tiny, 17, "LayerNormalization, Erf GELU, class token, packed in-projection"),
    "vit_tiny_opset14": (vit_tiny, 14, "LayerNorm decomposed (ReduceMean, Pow, Sqrt), Erf GELU"),
    "bert_tiny_opset17": (bert_like, 17, "Gather embeddings, Range, mask arithmetic, activation MatMuls"),
    "gpt2_tiny_opset17": (gpt2_like, 17, "Gemm weights, MatMul attention, Split, causal Where, tanh GELU, tied head"),
    "swin_tiny_opset17": (swin_tiny, 17, "shifted-window mask (Mod, Not, ScatterND), Pad lists reversed as [n, 2]"),
    "efficientnet_b0_64": (lambda: torchvision_cnn("efficientnet_b0", 64), 13, "SiLU (Sigmoid, Mul), squeeze-excite"),
    "mobilenet_v3_small_64": (lambda: torchvision_cnn("mobilenet_v3_small", 64), 13, "HardSwish, HardSigmoid"),
    "convnext_tiny_64": (lambda: torchvision_cnn("convnext_tiny", 64), 17, "LayerNorm on permuted channels, Erf GELU"),
    "shufflenet_v2_64": (lambda: torchvision_cnn("shufflenet_v2_x0_5", 64), 13, "Split, channel shuffle"),
}


def hooked_figures(model, inputs):
    """Conv2d/Linear weights and MACs from a forward pass (tied weights counted once per layer)."""
    import torch

    weights = 0
    macs = 0

    def hook(module, args, output):
        nonlocal weights, macs
        if isinstance(module, torch.nn.Conv2d):
            weights += module.weight.numel()
            macs += output.numel() // output.shape[0] * (module.in_channels // module.groups) * \
                module.kernel_size[0] * module.kernel_size[1]
        elif isinstance(module, torch.nn.Linear):
            weights += module.weight.numel()
            rows = output.numel() // output.shape[-1]
            macs += rows * module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        model(*inputs)
    for h in handles:
        h.remove()
    return weights, macs


def export(name, builder, opset):
    import onnx
    import torch
    import io

    torch.manual_seed(em.seed_for(name))
    built = builder()
    model, inputs, input_names, attention_macs = built[:4]
    extra = built[4] if len(built) > 4 else {"weights": 0, "macs": 0}
    model = model.eval()
    em.fill_distinct(model, em.seed_for(name))
    if attention_macs is None:
        counted = em.torch_figures(model, inputs)
        weights, macs, attention_macs = counted["weights"], counted["weight_macs"], counted["attention_macs"]
    else:
        weights, macs = hooked_figures(model, inputs)
    buf = io.BytesIO()
    # Not under no_grad: nn.MultiheadAttention then skips its fused fast path, which torch 1.13
    # cannot export, and traces the ops a full-size ViT export has.
    torch.onnx.export(model, inputs, buf, opset_version=opset, input_names=input_names,
                      output_names=["output"], do_constant_folding=True)
    proto = em.strip_weights(onnx.load_from_string(buf.getvalue()))
    proto.graph.name = name
    figures = {"opset": opset, "weights": weights + extra["weights"],
               "weight_macs": macs + extra["macs"], "attention_macs": attention_macs,
               "nodes": len(proto.graph.node)}
    return proto, figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(em.REPO_ROOT, "tests", "data", "onnx"))
    parser.add_argument("--only", default="", help="comma-separated network names (default: all)")
    args = parser.parse_args()
    em.ensure_debian_python()
    em.ensure_packages()

    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(NETWORKS)
    record_path = os.path.join(args.out, "exporters.json")
    record = {}
    if os.path.exists(record_path):
        with open(record_path) as f:
            record = json.load(f)
    print(f"{'network':<24}{'file':>10}{'nodes':>7}{'weights':>10}{'weight MACs':>13}{'attn MACs':>11}  sha256")
    for name in names:
        builder, opset, what = NETWORKS[name]
        proto, figures = export(name, builder, opset)
        size, digest = em.save(proto, os.path.join(args.out, f"{name}.onnx"))
        figures["exercises"] = what
        record[name] = figures
        print(f"{name:<24}{em.human(size):>10}{figures['nodes']:>7}{figures['weights']:>10,}"
              f"{figures['weight_macs']:>13,}{figures['attention_macs']:>11,}  {digest}", flush=True)
    with open(record_path, "w") as f:
        json.dump(dict(sorted(record.items())), f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
