"""Make variants of a workbook the way people change them by hand.

Works on value grids read with openpyxl and writes new workbooks with openpyxl, so the
readers are tested against files that spbe-xl's own writers did not produce.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter


@dataclass
class Grid:
    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1, 0-based

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def load(path: Path) -> list[Grid]:
    workbook = openpyxl.load_workbook(path)
    grids = []
    for ws in workbook.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in ws.merged_cells.ranges
        ]
        grids.append(Grid(ws.title, rows, merges))
    return grids


def save(grids: list[Grid], path: Path, *, formulas: bool = False) -> Path:
    """Write the grids; a text starting with "=" stays text unless ``formulas``.

    A text of only whitespace is written as Excel writes it (``xml:space="preserve"``),
    which openpyxl would not do: openpyxl writes a placeholder, replaced in the zip after.
    """
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    blanks: dict[str, str] = {}
    for grid in grids:
        ws = workbook.create_sheet(grid.name)
        for r, row in enumerate(grid.rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and value and not value.strip():
                    placeholder = f"SPBEXLBLANK{len(blanks)}X"
                    blanks[placeholder] = value
                    value = placeholder
                if value is not None:
                    cell = ws.cell(row=r + 1, column=c + 1, value=value)
                    if isinstance(value, str) and value.startswith("=") and not formulas:
                        cell.data_type = "s"
        for r0, c0, r1, c1 in grid.merges:
            if (r0, c0) != (r1, c1):
                ws.merge_cells(
                    f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
                )
    workbook.save(path)
    if blanks:
        _put_blanks(path, blanks)
    return path


def _put_blanks(path: Path, blanks: dict[str, str]) -> None:
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename.endswith(".xml"):
                for placeholder, blank in blanks.items():
                    data = data.replace(
                        f"<t>{placeholder}</t>".encode(),
                        f'<t xml:space="preserve">{escape(blank)}</t>'.encode(),
                    )
            archive.writestr(info, data)


def reorder_columns(grid: Grid, order: list[int]) -> None:
    """Put old column ``order[i]`` at position i; merges that stay contiguous are kept."""
    width = grid.width
    order = order + [c for c in range(width) if c not in order]
    new_of = {old: new for new, old in enumerate(order)}
    grid.rows = [[(row[old] if old < len(row) else None) for old in order] for row in grid.rows]
    merges = []
    for r0, c0, r1, c1 in grid.merges:
        cols = sorted(new_of[c] for c in range(c0, c1 + 1))
        if cols == list(range(cols[0], cols[-1] + 1)) and new_of[c0] == cols[0]:
            merges.append((r0, cols[0], r1, cols[-1]))
    grid.merges = merges


def insert_blank_columns(grid: Grid, at: int, count: int = 1) -> None:
    grid.rows = [row[:at] + [None] * count + row[at:] for row in grid.rows]
    grid.merges = [
        (r0, c0 + count if c0 >= at else c0, r1, c1 + count if c1 >= at else c1)
        for r0, c0, r1, c1 in grid.merges
    ]


def insert_blank_rows(grid: Grid, at: int, count: int = 1) -> None:
    grid.rows = grid.rows[:at] + [[None] * grid.width for _ in range(count)] + grid.rows[at:]
    grid.merges = [
        (r0 + count if r0 >= at else r0, c0, r1 + count if r1 >= at else r1, c1)
        for r0, c0, r1, c1 in grid.merges
    ]


def drop_rows(grid: Grid, predicate: Callable[[list[Any]], bool]) -> None:
    """Remove rows for which ``predicate(row)`` holds (merges touching them are dropped)."""
    keep = [i for i, row in enumerate(grid.rows) if not predicate(row)]
    new_of = {old: new for new, old in enumerate(keep)}
    grid.rows = [grid.rows[i] for i in keep]
    grid.merges = [
        (new_of[r0], c0, new_of[r1], c1)
        for r0, c0, r1, c1 in grid.merges
        if all(r in new_of for r in range(r0, r1 + 1))
    ]


def unmerge(grid: Grid) -> None:
    grid.merges = []


def map_cells(grid: Grid, fn: Callable[[Any], Any]) -> None:
    grid.rows = [[fn(v) for v in row] for row in grid.rows]
