"""Which files a batch reads and which formats it writes: the inputs and options checked
before anything is written."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FORMATS = ("xlsx", "csv", "parquet", "json")

PathLike = str | os.PathLike[str]


class InputError(ValueError):
    """The inputs name no workbook, or several instansi where one is needed."""


class InputNotFound(InputError):
    """An input that is no file, folder or glob pattern matching a file."""


class FormatError(ValueError):
    """An output format that is unknown, or whose library is not installed."""


# Written into every folder ``convert`` writes: a later scan of the inputs skips it.
OUTPUT_MARKER = ".spbe-xl-output"


def expand_inputs(inputs: Iterable[PathLike], exclude: PathLike | None = None) -> list[Path]:
    """Files, folders (recursed) and glob patterns -> workbook paths, sorted, no duplicates.

    Lock files that Excel leaves beside open workbooks (``~$name.xlsx``) and hidden files
    are skipped; so are, in folders, the folder ``exclude`` (the batch's output folder)
    and every folder spbe-xl wrote (it holds :data:`OUTPUT_MARKER`), and files that are
    not regular files.  Raises InputNotFound for an input that matches nothing.
    """
    skip = {os.path.realpath(exclude)} if exclude is not None else set()
    found: dict[str, Path] = {}
    for given in inputs:
        item = os.fspath(given)
        path = Path(item)
        if path.is_dir():
            candidates = _files_under(path, skip)
        elif path.exists():
            candidates = [path]
        else:
            candidates = sorted(Path(p) for p in glob.glob(item, recursive=True))
            if not candidates:
                raise InputNotFound(f"{item!r}: no such file, folder or pattern")
        for candidate in candidates:
            if candidate.name.startswith(("~$", ".")):
                continue
            if path.is_dir() and candidate.suffix.lower() not in WORKBOOK_SUFFIXES:
                continue
            found.setdefault(str(candidate.resolve()), candidate)
    return sorted(found.values(), key=lambda p: str(p))


def _files_under(folder: Path, skip: set[str]) -> list[Path]:
    """The regular files under ``folder``, without the folders to skip or spbe-xl's own."""

    def skipped(directory: str) -> bool:
        return os.path.realpath(directory) in skip or os.path.exists(
            os.path.join(directory, OUTPUT_MARKER)
        )

    if skipped(str(folder)):
        return []
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not skipped(os.path.join(root, d))]
        files += [Path(root, n) for n in names if os.path.isfile(os.path.join(root, n))]
    return sorted(files)


def parse_formats(value: str | Iterable[str]) -> list[str]:
    """The output formats, from ``"xlsx,csv"`` or a list; FormatError for an unknown one,
    or for parquet without pyarrow."""
    items = value.split(",") if isinstance(value, str) else list(value)
    formats = [f.strip().lower() for f in items if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise FormatError(
            f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}"
        )
    if "parquet" in formats:
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise FormatError("parquet needs pyarrow: pip install 'spbe-xl[parquet]'") from exc
    return formats
