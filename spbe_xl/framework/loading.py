"""Where frameworks come from: the packaged TOML files, or a framework file's path.

The packaged frameworks are parsed once per process (:func:`_load_builtin` caches them),
so that every layer can ask for one by id as often as it likes.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from spbe_xl.framework.criteria import apply_criteria
from spbe_xl.framework.model import Framework, FrameworkError
from spbe_xl.framework.schema import parse_framework
from spbe_xl.framework.weights import apply_weights

_DATA_PACKAGE = "spbe_xl"
_DATA_DIR = "data"


def _data_folder() -> Traversable:
    return resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR)


# Cached: the packaged files do not change while the process runs, and listing the data
# folder on every load() and available() cost about 0.1 ms a read.
@cache
def _data_files() -> dict[str, Traversable]:
    return {
        entry.name[: -len(".toml")]: entry
        for entry in _data_folder().iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    }


def available() -> list[str]:
    """The ids of the frameworks shipped with spbe-xl, sorted: ``["spbe2018", "spbe2020"]``."""
    return sorted(_data_files())


def load(
    framework: str | os.PathLike[str] = "spbe2018",
    *,
    weights: str | os.PathLike[str] | None = None,
    criteria: str | os.PathLike[str] | None = None,
) -> Framework:
    """Load a framework: an id from :func:`available`, or the path of a framework TOML file.

    ``weights`` names a custom weights CSV (see the package docstring) that replaces the
    indicator weights; aspect and domain weights are re-derived from them.
    ``criteria`` names an office's criteria CSV whose rows replace the framework's criteria
    of those indicators and levels (:func:`~spbe_xl.framework.criteria.apply_criteria`).
    Raises :class:`FrameworkError` for an unknown id, an unreadable or inconsistent file.
    """
    if isinstance(framework, str) and framework.strip().lower() in _data_files():
        base = _load_builtin(framework.strip().lower())
    elif isinstance(framework, (str, os.PathLike)):
        base = _load_file(framework)
    else:
        raise TypeError(f"framework must be an id or a path, not {type(framework).__name__}")
    if weights is not None:
        base = apply_weights(base, Path(weights))
    if criteria is not None:
        base = apply_criteria(base, Path(criteria))
    return base


def _load_file(framework: str | os.PathLike[str]) -> Framework:
    path = Path(framework)
    if not path.is_file():
        raise FrameworkError(
            f"unknown framework {os.fspath(framework)!r}: neither one of "
            f"{', '.join(available())} nor an existing file"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"cannot read the file: {exc}", file=str(path)) from exc
    return parse_framework(
        data, str(path), expected_id=None, sibling=lambda name: _read_sibling(path, name)
    )


@cache
def _load_builtin(framework_id: str) -> Framework:
    entry = _data_files()[framework_id]
    folder = _data_folder()
    return parse_framework(
        entry.read_bytes(),
        str(entry),
        expected_id=framework_id,
        sibling=lambda name: (str(folder.joinpath(name)), folder.joinpath(name).read_bytes()),
    )


def _read_sibling(toml_path: Path, name: str) -> tuple[str, bytes]:
    """A file named in a framework TOML file, relative to that file: (its name, its bytes)."""
    path = Path(name) if Path(name).is_absolute() else toml_path.parent / name
    return str(path), path.read_bytes()
