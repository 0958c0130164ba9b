# SPDX-License-Identifier: MIT
# Bad input raises compass.CompassError whose diagnostics name the file, node or field.
import os

import compass
import pytest

DATA = os.environ.get("COMPASS_TEST_DATA_DIR", "")


def test_unknown_model_names_the_argument():
    with pytest.raises(compass.CompassError) as raised:
        compass.load_model("no-such-net")
    d = raised.value.diagnostics[0]
    assert d["file"] == "no-such-net"
    assert "resnet18" in d["message"]  # lists the bundled networks
    assert isinstance(raised.value, ValueError)


def test_corrupt_onnx_names_the_file(tmp_path):
    bad = tmp_path / "broken.onnx"
    bad.write_bytes(b"\x08\x07this is not a protobuf model" * 4)
    with pytest.raises(compass.CompassError) as raised:
        compass.load_model(bad)
    assert any(d["file"] == str(bad) for d in raised.value.diagnostics)
    assert str(bad) in str(raised.value)


def test_bad_input_shape_names_the_input():
    with pytest.raises(compass.CompassError) as raised:
        compass.load_model("resnet18", input_shapes={"input": "1xAx224"})
    assert raised.value.diagnostics[0]["path"] == "input_shapes.input"


def test_input_shapes_reach_the_import():
    model = compass.load_model("resnet18")
    name = None
    for layer in model.layers:
        name = layer["name"]
        break
    assert name
    small = compass.load_model("resnet18", input_shapes={"input": (1, 3, 112, 112)})
    assert small.totals["macs"] < model.totals["macs"]
    assert small.totals["weights"] == model.totals["weights"]


def test_arch_override_error_names_the_field():
    with pytest.raises(compass.CompassError) as raised:
        compass.arch("sram-M", crossbar__rows=-4)
    d = raised.value.diagnostics[0]
    assert "crossbar.rows" in (d["path"] + d["message"])
    with pytest.raises(compass.CompassError) as raised:
        compass.arch("sram-M", **{"crossbar.rowz": 128})
    assert "crossbar.rows" in str(raised.value)  # did you mean


def test_unknown_preset_raises():
    with pytest.raises(compass.CompassError) as raised:
        compass.arch("sram-XXL")
    assert "sram-XXL" in str(raised.value)


def test_bad_search_options_name_the_field(resnet18):
    with pytest.raises(compass.CompassError) as raised:
        compass.optimize(resnet18, "sram-M", method="ga", ga={"population": 10, "elite": 10})
    assert raised.value.diagnostics[0]["path"] == "ga.elite"
    with pytest.raises(compass.CompassError) as raised:
        compass.optimize(resnet18, "sram-M", method="simulated-annealing")
    assert raised.value.diagnostics[0]["path"] == "method"


def test_bad_batch_names_the_argument(resnet18):
    with pytest.raises(compass.CompassError) as raised:
        compass.simulate(resnet18, "sram-M", batch=0)
    assert raised.value.diagnostics[0]["path"] == "batch"


def test_invalid_plan_names_the_partition(resnet18):
    with pytest.raises(compass.CompassError) as raised:
        compass.simulate(resnet18, "sram-S", cuts=[])  # one partition cannot hold resnet18
    assert any(d["partition"] >= 0 for d in raised.value.diagnostics)
    with pytest.raises(compass.CompassError) as raised:
        compass.simulate(resnet18, "sram-M", cuts=[40, 20])
    with pytest.raises(compass.CompassError) as raised:
        compass.simulate(resnet18, "sram-M", cuts="layers:no_such_layer")
    assert "no_such_layer" in str(raised.value)


def test_bad_engine_and_damaged_store(tmp_path, resnet18):
    with pytest.raises(compass.CompassError) as raised:
        compass.simulate(resnet18, "sram-M", cuts=[35, 67, 83], engine="spice")
    assert raised.value.diagnostics[0]["path"] == "engine"
    damaged = tmp_path / "runs.db"
    damaged.write_bytes(b"not a database" * 100)
    with pytest.raises(compass.CompassError) as raised:
        compass.RunStore(damaged)
    assert str(damaged) in str(raised.value)


def test_python_layer_errors_carry_diagnostics(resnet18, tmp_path):
    with pytest.raises(compass.CompassError) as raised:
        compass.compile(resnet18, "sram-M", cuts=[35], method="greedy")
    assert raised.value.diagnostics[0]["path"] == "cuts"
    with pytest.raises(compass.CompassError) as raised:
        compass.RunStore(tmp_path / "runs.db").add({"metrics": {}})
    assert raised.value.diagnostics[0]["path"] == "report"
