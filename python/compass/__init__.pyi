# SPDX-License-Identifier: MIT
# Type stubs of the compass package (docs/python.md). Results are the CLI's --json dicts.
import os
from typing import Any, Callable, Mapping, Optional, Sequence, Union

__version__: str

class CompassError(ValueError):
    """Bad input; str() is every error as the CLI prints it."""
    diagnostics: list[dict[str, Any]]
    """One dict per diagnostic: severity, message, file, node, path, partition, text."""

class Model:
    """An imported network."""
    @property
    def name(self) -> str: ...
    @property
    def path(self) -> os.PathLike[str]: ...
    @property
    def layers(self) -> list[dict[str, Any]]:
        """Compute nodes: name, op, output, weights, macs (compass inspect --json)."""
    @property
    def totals(self) -> dict[str, int]:
        """weights, conv_weights, fc_weights, macs."""
    @property
    def weight_layers(self) -> int: ...
    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        """The import's warnings and notes."""
    def to_json(self) -> dict[str, Any]:
        """The whole of compass inspect --json."""
    def to_dot(self) -> str:
        """The layer graph in Graphviz DOT."""

class Arch:
    """A validated chip description."""
    @property
    def name(self) -> str: ...
    def __getitem__(self, key: str) -> Union[int, float, str]:
        """A field by key of arch_fields() ("crossbar.rows")."""
    def keys(self) -> list[str]: ...
    def to_json(self) -> dict[str, Any]:
        """The canonical architecture JSON."""

class Program:
    """The per-core instruction streams of a plan."""
    @property
    def partitions(self) -> int: ...
    def to_text(self) -> str: ...
    def to_json(self) -> dict[str, Any]: ...
    def summary(self) -> str: ...

class Report(dict[str, Any]):
    """The plan report of simulate/optimize --json: plan, metrics, partitions, search, event."""
    @property
    def cancelled(self) -> bool:
        """True when a search was interrupted and this is its best plan so far."""
    def to_dataframe(self) -> Any:
        """The partitions as a pandas DataFrame (needs pandas)."""

ModelLike = Union[Model, str, os.PathLike[str]]
ArchLike = Union[Arch, str, os.PathLike[str]]

def arch_fields() -> list[dict[str, Any]]:
    """The field table: key, type, unit, default, range, description, source."""
def arch_presets() -> list[str]: ...
def bundled_models() -> list[str]: ...
def to_dataframe(rows: Sequence[Mapping[str, Any]]) -> Any:
    """A pandas DataFrame of a list of dicts."""
def load_model(path_or_name: Union[str, os.PathLike[str]],
               input_shapes: Optional[Mapping[str, Union[Sequence[int], str]]] = None,
               weights_from_inputs: bool = False) -> Model:
    """Imports an ONNX file or a bundled network; raises CompassError naming file and node."""
def arch(preset_or_path: Union[str, os.PathLike[str]], **overrides: Any) -> Arch:
    """A preset or architecture file with fields overridden (dram__bandwidth_GBps=25.6)."""
def units(model: ModelLike, arch: ArchLike, batch: int = 1) -> dict[str, Any]:
    """compass units --json: {"summary", "units"}."""
def optimize(model: ModelLike, arch: ArchLike, batch: int = 1, method: Optional[str] = None,
             objective: Optional[str] = None, seed: Optional[int] = None,
             ga: Optional[Mapping[str, Any]] = None, threads: Optional[int] = None,
             pareto: bool = False,
             progress: Optional[Callable[[dict[str, Any]], None]] = None) -> Report:
    """compass optimize --json; GIL released; Ctrl-C returns the best plan so far, cancelled."""
def simulate(model: ModelLike, arch: ArchLike, batch: int = 1,
             cuts: Union[None, str, Sequence[int]] = None, engine: str = "estimator",
             replicate: bool = True) -> Report:
    """compass simulate --json; engine "estimator" or "event"."""
def compile(model: ModelLike, arch: ArchLike, batch: int = 1,
            cuts: Union[None, str, Sequence[int]] = None, method: Optional[str] = None,
            objective: Optional[str] = None, seed: Optional[int] = None,
            ga: Optional[Mapping[str, Any]] = None) -> Program:
    """compass compile: the program of the plan of cuts, or of method's plan."""

class RunStore:
    """The run history the CLI and the explorer share."""
    def __init__(self, path: Union[None, str, os.PathLike[str]] = None) -> None: ...
    @property
    def path(self) -> str: ...
    def list(self, model: Optional[str] = None, arch: Optional[str] = None,
             method: Optional[str] = None, status: Optional[str] = None,
             tag: Optional[str] = None, limit: Optional[int] = None) -> list[dict[str, Any]]:
        """compass runs list --json rows, newest first."""
    def read(self, run_id: int) -> dict[str, Any]:
        """compass runs show ID --json."""
    def add(self, report: Report, label: str = "") -> int:
        """Stores the run behind a Report; returns its id."""
