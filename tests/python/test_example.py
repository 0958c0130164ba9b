# SPDX-License-Identifier: MIT
# The worked example (docs/examples/four_methods.py) runs headless and reproduces the
# comparison: the exact DP's plan is never slower than another method's (its objective is
# latency, as theirs is), and the chart is drawn when matplotlib is installed.
import json
import os
import subprocess
import sys

import compass


def test_four_methods_example(tmp_path, cli):
    script = os.environ["COMPASS_EXAMPLE"]
    done = subprocess.run([sys.executable, script, "--out", str(tmp_path)], capture_output=True,
                          text=True, check=False, env=dict(os.environ, MPLBACKEND="Agg"))
    assert done.returncode == 0, done.stderr
    rows = json.loads((tmp_path / "four_methods.json").read_text())
    assert [r["method"] for r in rows] == ["greedy", "layerwise", "ga", "exact"]
    exact = rows[-1]
    for r in rows:
        assert exact["latency_per_batch_ms"] <= r["latency_per_batch_ms"] * (1 + 1e-12)
    expected = cli("optimize", "resnet18", "--arch", "sram-M", "--batch", "16", "--method",
                   "exact", "--json", "--no-store")
    assert exact["throughput_ips"] == expected["metrics"]["throughput_ips"]
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "no chart" in done.stdout
        return
    png = tmp_path / "four_methods.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert compass.__version__
