# SPDX-License-Identifier: MIT
"""COMPASS from Python: load a network, describe a chip, choose and cost partition plans.

Every result is the CLI's ``--json`` output as Python objects (the same keys and numbers,
docs/json.md), built by the same C++ code: ``optimize(...)`` equals
``compass optimize ... --json``. Errors raise :class:`CompassError` carrying the diagnostics
(file, node, field, partition). See docs/python.md.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Mapping, Optional, Sequence, Union

# Installed (<prefix>/lib/python3/dist-packages/compass), the bundled networks and presets are
# in <prefix>/share/compass: tell the native module, which would otherwise look beside the
# interpreter's executable. An explicit COMPASS_DATA_DIR wins; a build tree uses the sources.
_installed_data = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir,
                               os.pardir, os.pardir, "share", "compass")
if not os.environ.get("COMPASS_DATA_DIR") and os.path.isdir(os.path.join(_installed_data, "models")):
    os.environ["COMPASS_DATA_DIR"] = os.path.normpath(_installed_data)

from . import _compass  # noqa: E402
from ._compass import (  # noqa: E402,F401  (re-exported)
    Arch,
    CompassError,
    Model,
    Program,
    __version__,
    arch_fields,
    arch_presets,
    bundled_models,
)

__all__ = [
    "Arch", "CompassError", "Model", "Program", "Report", "RunStore", "__version__", "arch",
    "arch_fields", "arch_presets", "bundled_models", "compile", "load_model", "optimize",
    "simulate", "to_dataframe", "units",
]

ModelLike = Union[Model, str, "os.PathLike[str]"]
ArchLike = Union[Arch, str, "os.PathLike[str]"]


def _error(message: str, path: str = "") -> CompassError:
    """A CompassError raised by this layer, with diagnostics shaped as the native ones."""
    error = CompassError(f"{path}: error: {message}" if path else f"error: {message}")
    error.diagnostics = [{"severity": "error", "message": message, "file": "", "node": "",
                          "path": path, "partition": -1, "text": str(error)}]
    return error


def _pandas():
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise ImportError("to_dataframe() needs pandas (Debian: apt install python3-pandas)") from error
    return pandas


def to_dataframe(rows: Sequence[Mapping[str, Any]]):
    """A pandas DataFrame of a list of dicts (partitions, units, RunStore.list() rows)."""
    return _pandas().DataFrame(list(rows))


class Report(dict):
    """A plan report: the dict ``compass simulate|optimize --json`` prints (plan, metrics,
    partitions, and search or event when present), in base units (ns, pJ, pJ·s, bytes).
    ``RunStore.add(report)`` stores the run behind it."""

    def __init__(self, data: Mapping[str, Any], run: Any = None):
        super().__init__(data)
        self._run = run

    @property
    def cancelled(self) -> bool:
        """True when a search was stopped (KeyboardInterrupt) and this is its best plan so far."""
        return bool(self.get("search", {}).get("cancelled", False))

    def to_dataframe(self):
        """The per-partition rows as a pandas DataFrame (needs pandas)."""
        return to_dataframe(self["partitions"])


def load_model(path_or_name: Union[str, "os.PathLike[str]"],
               input_shapes: Optional[Mapping[str, Union[Sequence[int], str]]] = None,
               weights_from_inputs: bool = False) -> Model:
    """Imports an ONNX network: a file, or a bundled name (bundled_models()).

    input_shapes gives graph inputs' shapes by name, e.g. {"input": (1, 3, 224, 224)} or
    {"input": "1x3x224x224"} (the CLI's --input-shape). Raises CompassError naming the file
    and node at fault."""
    return _compass._load_model(os.fspath(path_or_name), input_shapes, weights_from_inputs)


def _override_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def arch(preset_or_path: Union[str, "os.PathLike[str]"], **overrides: Any) -> Arch:
    """A chip: a preset name (arch_presets()) or an architecture JSON file, with fields
    overridden by keyword. Keys are those of arch_fields(); write the dot as a double
    underscore (dram__bandwidth_GBps=25.6) or pass dotted keys with
    **{"dram.bandwidth_GBps": 25.6}. Raises CompassError naming the field at fault."""
    assignments = [key.replace("__", ".") + "=" + _override_text(value)
                   for key, value in overrides.items()]
    return _compass._arch(os.fspath(preset_or_path), assignments)


def _model(model: ModelLike) -> Model:
    return model if isinstance(model, Model) else load_model(model)


def _arch(chip: ArchLike) -> Arch:
    return chip if isinstance(chip, Arch) else arch(chip)


def units(model: ModelLike, arch: ArchLike, batch: int = 1) -> dict:
    """The partition units and validity map (``compass units --json``): {"summary", "units"}."""
    return _compass._units(_model(model), _arch(arch), batch)


def _search_options(method, objective, seed, ga, threads, pareto) -> dict:
    options: dict = {}
    if method is not None:
        options["method"] = method
    if objective is not None:
        options["objective"] = objective
    if seed is not None:
        options["seed"] = seed
    if ga:
        options["ga"] = dict(ga)
    if threads is not None:
        options["threads"] = threads
    if pareto:
        options["pareto_front"] = True
    return options


def optimize(model: ModelLike, arch: ArchLike, batch: int = 1, method: Optional[str] = None,
             objective: Optional[str] = None, seed: Optional[int] = None,
             ga: Optional[Mapping[str, Any]] = None, threads: Optional[int] = None,
             pareto: bool = False,
             progress: Optional[Callable[[dict], None]] = None) -> Report:
    """Chooses the cuts (``compass optimize --json``).

    method: greedy, layerwise, ga (default) or exact; objective: latency (default), energy or
    edp; seed: the GA's seed (default 1); ga: {"population", "generations", "elite",
    "patience", "init"}; threads: 0 = one per hardware thread; pareto: exact only, also the
    energy-latency front. progress(dict) is called on this thread with fraction, stage,
    generation and best_objective. The GIL is released while the search runs. Ctrl-C (or a
    KeyboardInterrupt raised by progress) stops the search and returns its best plan so far,
    with report["search"]["cancelled"] True."""
    options = _search_options(method, objective, seed, ga, threads, pareto)
    data, run = _compass._optimize(_model(model), _arch(arch), batch, options, progress)
    return Report(data, run)


def simulate(model: ModelLike, arch: ArchLike, batch: int = 1,
             cuts: Union[None, str, Sequence[int]] = None, engine: str = "estimator",
             replicate: bool = True) -> Report:
    """Costs one plan (``compass simulate --json``). cuts: unit indices [c1, c2, ...], or the
    CLI's text ("3,17" or "layers:name1,name2"); None is one partition. engine "event" also
    compiles the plan and runs the event-driven simulator (the report's "event" section).
    An invalid plan raises CompassError naming the partition."""
    data, run = _compass._simulate(_model(model), _arch(arch), batch, cuts, engine, replicate)
    return Report(data, run)


def compile(model: ModelLike, arch: ArchLike, batch: int = 1,
            cuts: Union[None, str, Sequence[int]] = None, method: Optional[str] = None,
            objective: Optional[str] = None, seed: Optional[int] = None,
            ga: Optional[Mapping[str, Any]] = None) -> Program:
    """The per-core instruction streams (``compass compile``) of the plan given by cuts, or
    chosen by method (give one of the two)."""
    if (cuts is None) == (method is None):
        raise _error("give exactly one of cuts and method", "cuts")
    options = None if method is None else _search_options(method, objective, seed, ga, None, False)
    return _compass._compile(_model(model), _arch(arch), batch, cuts, options)


class RunStore:
    """The run history (SQLite) the CLI and the explorer use; path None is the default store
    (``compass runs`` shows the same runs)."""

    def __init__(self, path: Union[None, str, "os.PathLike[str]"] = None):
        self._store = _compass._RunStore(None if path is None else os.fspath(path))

    @property
    def path(self) -> str:
        return self._store.path

    def list(self, model: Optional[str] = None, arch: Optional[str] = None,
             method: Optional[str] = None, status: Optional[str] = None,
             tag: Optional[str] = None, limit: Optional[int] = None) -> list:
        """Runs, newest first, as ``compass runs list --json`` rows."""
        return self._store.list(model, arch, method, status, tag, limit)

    def read(self, run_id: int) -> dict:
        """One run as ``compass runs show ID --json`` prints it."""
        return self._store.read(run_id)

    def add(self, report: Report, label: str = "") -> int:
        """Stores the run behind a Report of optimize() or simulate(); returns its id."""
        if not isinstance(report, Report) or report._run is None:
            raise _error("RunStore.add takes a Report returned by optimize() or simulate()",
                         "report")
        return self._store.add(report._run, label)
