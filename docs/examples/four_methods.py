#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The paper's comparison from Python: the four optimisers (greedy, layerwise, the COMPASS
genetic algorithm, exact DP) choose the partitions of ResNet18 on one chip; the script prints
the table, writes it as JSON and draws throughput and EDP per method with matplotlib (headless,
Agg) when matplotlib is installed. Run: PYTHONPATH=build/python python3 four_methods.py --out DIR
(docs/python.md)."""

import argparse
import json
import os

import compass

METHODS = ["greedy", "layerwise", "ga", "exact"]


def compare(model_name: str, arch_name: str, batch: int) -> list:
    model = compass.load_model(model_name)
    chip = compass.arch(arch_name)
    rows = []
    for method in METHODS:
        report = compass.optimize(model, chip, batch=batch, method=method)
        metrics = report["metrics"]
        rows.append({
            "method": method,
            "partitions": len(report["partitions"]),
            "latency_per_batch_ms": metrics["latency_per_batch_ns"] / 1e6,
            "throughput_ips": metrics["throughput_ips"],
            "energy_per_inference_uj": metrics["energy_per_inference_pj"] / 1e6,
            # EDP is shown in µJ·ms everywhere: 1 pJ·s = 1e-6 µJ x 1e3 ms.
            "edp_uj_ms": metrics["edp_pj_s"] * 1e-3,
            "search_ms": report["search"]["runtime_ms"],
        })
    return rows


def chart(rows: list, path: str, title: str) -> bool:
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed (Debian: python3-matplotlib): no chart")
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["method"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    left.bar(names, [r["throughput_ips"] for r in rows], color="#3b7dd8")
    left.set_ylabel("throughput (inferences/s)")
    right.bar(names, [r["edp_uj_ms"] for r in rows], color="#d8893b")
    right.set_ylabel("EDP (µJ·ms)")
    for axis in (left, right):
        axis.set_xlabel("optimiser")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="resnet18")
    parser.add_argument("--arch", default="sram-M")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--out", default=".")
    args = parser.parse_args()

    rows = compare(args.model, args.arch, args.batch)
    print(f"{'method':<10} {'parts':>5} {'latency/batch ms':>17} {'inf/s':>9} "
          f"{'energy/inf µJ':>14} {'EDP µJ·ms':>11}")
    for r in rows:
        print(f"{r['method']:<10} {r['partitions']:>5} {r['latency_per_batch_ms']:>17.3f} "
              f"{r['throughput_ips']:>9.1f} {r['energy_per_inference_uj']:>14.2f} "
              f"{r['edp_uj_ms']:>11.3f}")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "four_methods.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=2)
    png = os.path.join(args.out, "four_methods.png")
    if chart(rows, png, f"{args.model} on {args.arch}, batch {args.batch}"):
        print(f"chart: {png}")


if __name__ == "__main__":
    main()
