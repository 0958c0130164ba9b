# SPDX-License-Identifier: MIT
# The Python results are the CLI's --json output: same keys, same numbers, for every method.
import compass
import pytest


def without_wall_time(report):
    """The report with the search's wall time left out (it differs between any two runs)."""
    report = dict(report)
    if "search" in report:
        report["search"] = {k: v for k, v in report["search"].items() if k != "runtime_ms"}
    return report


@pytest.mark.parametrize("method", ["greedy", "layerwise", "ga", "exact"])
def test_optimize_equals_cli_json(cli, resnet18, method):
    expected = cli("optimize", "resnet18", "--arch", "sram-M", "--batch", "16", "--method",
                   method, "--json", "--no-store")
    got = compass.optimize(resnet18, arch="sram-M", batch=16, method=method)
    assert isinstance(got, compass.Report)
    assert without_wall_time(got) == without_wall_time(expected)
    assert got["metrics"]["throughput_ips"] == expected["metrics"]["throughput_ips"]


def test_ga_options_and_objective_equal_cli(cli, resnet18):
    expected = cli("optimize", "resnet18", "--arch", "sram-S", "--batch", "4", "--method", "ga",
                   "--objective", "edp", "--seed", "7", "--ga-population", "24",
                   "--ga-generations", "6", "--ga-elite", "4", "--json", "--no-store")
    got = compass.optimize("resnet18", arch=compass.arch("sram-S"), batch=4, method="ga",
                           objective="edp", seed=7,
                           ga={"population": 24, "generations": 6, "elite": 4})
    assert without_wall_time(got) == without_wall_time(expected)
    assert got["search"]["options"]["ga"]["population"] == 24
    assert got["search"]["objective"] == "edp" and got["search"]["seed"] == 7


def test_simulate_equals_cli_json(cli, resnet18):
    expected = cli("simulate", "resnet18", "--arch", "sram-M", "--batch", "8", "--cuts",
                   "20,40,75", "--json", "--no-store")
    assert compass.simulate(resnet18, "sram-M", batch=8, cuts=[20, 40, 75]) == expected
    assert compass.simulate(resnet18, "sram-M", batch=8, cuts="20,40,75") == expected


def test_simulate_event_engine_equals_cli_json(cli, resnet18):
    expected = cli("simulate", "resnet18", "--arch", "sram-M", "--batch", "2", "--cuts",
                   "20,40,75", "--engine", "event", "--json", "--no-store")
    got = compass.simulate(resnet18, "sram-M", batch=2, cuts=[20, 40, 75], engine="event")
    assert "event" in got
    assert got == expected


def test_wear_and_energy_parts_are_in_the_results(resnet18):
    # ReRAM wears out (1e12 writes), SRAM does not; control and leakage are separate parts.
    reram = compass.optimize(resnet18, "reram-puma", batch=4, method="greedy")
    wear = reram["metrics"]["wear"]
    partitions = len(reram["partitions"])
    assert wear["endurance_writes"] == 1e12
    assert wear["writes_per_cell_per_inference"] == partitions / 4
    assert wear["lifetime_s"] == pytest.approx(
        1e12 * reram["metrics"]["latency_per_batch_ns"] * 1e-9 / partitions)
    sram = compass.optimize(resnet18, "sram-M", batch=4, method="greedy")
    assert sram["metrics"]["wear"]["lifetime_s"] is None
    energy = sram["metrics"]["energy_per_batch_pj"]
    assert energy["control"] > 0 and energy["dram_background"] > 0 and energy["static"] == 0


def test_arch_overrides_equal_cli_set(cli, resnet18):
    expected = cli("simulate", "resnet18", "--arch", "sram-M", "--set", "dram.bandwidth_GBps=6.4",
                   "--cuts", "35,67,83", "--json", "--no-store")
    chip = compass.arch("sram-M", dram__bandwidth_GBps=6.4)
    assert chip["dram.bandwidth_GBps"] == 6.4
    assert compass.simulate(resnet18, chip, cuts=[35, 67, 83]) == expected
    assert compass.simulate(resnet18, chip, cuts=[35, 67, 83]) != compass.simulate(resnet18, "sram-M",
                                                                          cuts=[35, 67, 83])


def test_units_equal_cli_json(cli, resnet18):
    expected = cli("units", "resnet18", "--arch", "sram-M", "--json")
    assert compass.units(resnet18, "sram-M") == expected


def test_model_equals_cli_inspect(cli, resnet18):
    expected = cli("inspect", "resnet18", "--json")
    assert resnet18.to_json() == expected
    assert resnet18.layers == expected["layers"]
    assert resnet18.totals == expected["totals"]
    assert resnet18.to_dot().startswith("digraph")


def test_compile_equals_cli_emit(cli, resnet18, tmp_path):
    out = tmp_path / "program.json"
    import json
    import subprocess
    import os
    subprocess.run([os.environ["COMPASS_CLI"], "compile", "resnet18", "--arch", "sram-M",
                    "--batch", "2", "--cuts", "20,40,75", "--emit", str(out), "--format", "json"],
                   check=True, capture_output=True)
    program = compass.compile(resnet18, "sram-M", batch=2, cuts=[20, 40, 75])
    assert program.to_json() == json.loads(out.read_text())
    assert program.partitions == 4
    assert "MVMUL" in program.to_text()


def test_field_table_matches_arch():
    fields = compass.arch_fields()
    keys = [f["key"] for f in fields]
    assert "crossbar.rows" in keys
    chip = compass.arch("sram-M")
    assert chip.keys() == keys
    row = next(f for f in fields if f["key"] == "dram.bandwidth_GBps")
    assert row["unit"] and row["source"] and row["range"]
    assert chip.to_json()["name"] == "sram-M"


def test_run_store_round_trip(cli, resnet18, tmp_path):
    store = compass.RunStore(tmp_path / "runs.db")
    report = compass.optimize(resnet18, arch="sram-M", batch=16, method="greedy")
    run_id = store.add(report, label="from python")
    rows = store.list()
    assert [r["id"] for r in rows] == [run_id]
    assert rows[0]["label"] == "from python"
    stored = store.read(run_id)
    assert stored["metrics"]["throughput_ips"] == report["metrics"]["throughput_ips"]
    assert stored == cli("runs", "show", str(run_id), "--db", str(tmp_path / "runs.db"),
                         "--json")
    assert store.list(method="exact") == []


def test_to_dataframe():
    report = compass.simulate("resnet18", "sram-M", cuts=[35, 67, 83])
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pandas"):
            report.to_dataframe()
        return
    frame = report.to_dataframe()
    assert len(frame) == len(report["partitions"])
