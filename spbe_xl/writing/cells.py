"""Cells: the formats cache and the helpers that write one cell or one merged range.

Every text is written as a string (a text that starts with ``=`` stays text, never a
formula): only a :class:`Formula` spbe-xl builds itself is written as a formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spbe_xl.writing.layout import EXCEL_MAX_TEXT, HEADER_SIZE

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet


class Formats:
    """Cell formats, created once per distinct property set."""

    FONT = "Arial"

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Any] = {}
        self._by_call: dict[tuple[tuple[str, Any], ...], Any] = {}  # props as passed -> format
        self._cells: dict[tuple[Any, ...], Any] = {}  # cell()'s arguments -> format

    def get(self, **props: Any) -> Any:
        """The format of ``props`` over Arial 10, created once per distinct set."""
        call = tuple(props.items())
        fmt = self._by_call.get(call)
        if fmt is None:
            base: dict[str, Any] = {"font_name": self.FONT, "font_size": 10}
            base.update(props)
            key = tuple(sorted(base.items()))
            if key not in self._cache:
                self._cache[key] = self._workbook.add_format(base)
            fmt = self._by_call[call] = self._cache[key]
        return fmt

    def cell(self, align: str = "left", *, num_format: str | None = None, **extra: Any) -> Any:
        """A bordered, wrapped, top-aligned table cell."""
        # Asked for once per cell of a table: the format by its arguments, before the props
        # are built (the format of the same arguments is the same object either way).
        key = (align, num_format, *extra.items())
        fmt = self._cells.get(key)
        if fmt is None:
            fmt = self._cells[key] = self._cell(align, num_format, extra)
        return fmt

    def _cell(self, align: str, num_format: str | None, extra: dict[str, Any]) -> Any:
        props: dict[str, Any] = {
            "border": 1,
            "text_wrap": True,
            "valign": "top",
            "align": align,
        }
        if num_format:
            props["num_format"] = num_format
        props.update(extra)
        return self.get(**props)

    def header(self, **extra: Any) -> Any:
        """A column header: bold 9 pt, grey, centred."""
        props: dict[str, Any] = {
            "bold": True,
            "font_size": HEADER_SIZE,
            "border": 1,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "bg_color": "#D9D9D9",
        }
        props.update(extra)
        return self.get(**props)

    def banner(self, level: str) -> Any:
        """A DOMAIN (blue) or ASPEK (green) banner."""
        color = "#BDD7EE" if level == "domain" else "#E2EFDA"
        return self.get(
            bold=True, border=1, text_wrap=True, align="left", valign="vcenter", bg_color=color
        )

    def title(self, size: float = 13) -> Any:
        """A title row: bold, centred."""
        return self.get(bold=True, font_size=size, align="center", valign="vcenter", text_wrap=True)

    def plain(self, **extra: Any) -> Any:
        """Text without a border, wrapped, top-aligned."""
        props: dict[str, Any] = {"valign": "top", "text_wrap": True}
        props.update(extra)
        return self.get(**props)


@dataclass(frozen=True)
class Formula:
    """A formula spbe-xl itself writes (never text from a workbook).

    ``{level}`` in ``text`` stands for the cell of the block's level, filled in when the
    block is placed; ``value`` is the result saved with it (what readers see until the
    workbook is recalculated).
    """

    text: str
    value: str = ""


def fit_text(text: str) -> str:
    """``text`` as an Excel cell holds it: whole up to 32,767 characters; a longer one cut,
    ending with a visible note of its length (the reader's ``text_over_excel_limit``
    finding names the cell, and the CSV outputs keep the whole text)."""
    if len(text) <= EXCEL_MAX_TEXT:
        return text
    note = f" [...] (teks dipotong: {len(text):,} karakter; teks lengkap di berkas CSV)"
    return text[: EXCEL_MAX_TEXT - len(note)] + note


def put(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    """Write one cell: text always as a string, numbers as numbers, None as a blank."""
    # The common cases first, by exact type (a text, a blank, a whole or finite number):
    # what the general dispatch below does for them, with fewer checks per cell.
    kind = type(value)
    if kind is str and len(value) <= EXCEL_MAX_TEXT:
        ws.write_string(row, col, value, fmt)
    elif value is None:
        ws.write_blank(row, col, None, fmt)
    elif kind is int or (kind is float and math.isfinite(value)):
        ws.write_number(row, col, value, fmt)
    else:
        _put_other(ws, row, col, value, fmt)


def _put_other(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    """:func:`put` of any other value (formulas, NaN/inf, subclasses, too long texts)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, Formula):
        ws.write_formula(row, col, value.text, fmt, value.value)
    elif isinstance(value, str):
        ws.write_string(row, col, fit_text(value), fmt)
    elif isinstance(value, bool):  # pragma: no cover - never written
        ws.write_string(row, col, "YA" if value else "TIDAK", fmt)
    elif isinstance(value, int | float):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    else:
        raise TypeError(f"cannot write {type(value).__name__} {value!r}")


def put_merged(ws: Worksheet, r0: int, c0: int, r1: int, c1: int, value: Any, fmt: Any) -> None:
    """Write a merged range (or one cell) as :func:`put` writes a cell."""
    if r0 == r1 and c0 == c1:
        put(ws, r0, c0, value, fmt)
        return
    kind = type(value)
    if (
        (
            (kind is str and 0 < len(value) <= EXCEL_MAX_TEXT)
            or kind is int
            or (kind is float and math.isfinite(value))
        )
        and not (ws.strings_to_formulas or ws.strings_to_urls or ws.strings_to_numbers)
        and not ws.write_handlers
    ):
        # merge_range writes a plain text as write_string does and a finite number as
        # write_number does (no conversion is on, no handler): the same cells as a blank
        # merge overwritten by put, with one write less per merge.
        ws.merge_range(r0, c0, r1, c1, value, fmt)
        return
    ws.merge_range(r0, c0, r1, c1, "", fmt)
    if value is not None:
        put(ws, r0, c0, value, fmt)
