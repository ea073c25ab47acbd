"""Plain tables: a DataFrame as a bordered, print-ready table (``write_table``, and the
tables of the recap workbook).  Texts are written as text, always."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from spbe_xl.writing.cells import Formats, put, put_merged
from spbe_xl.writing.layout import HEADER_SIZE, Paper
from spbe_xl.writing.metrics import COLUMN_UNIT_PX, one_line_width, text_height, text_px
from spbe_xl.writing.pages import Heights, finish_sheet
from spbe_xl.writing.values import is_missing

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet


def _column_format(fm: Formats, name: str, series: pd.Series) -> tuple[Any, float]:
    """A cell format and a width for a frame column."""
    if pd.api.types.is_bool_dtype(series):
        return fm.cell("center"), 8
    if pd.api.types.is_integer_dtype(series):
        return fm.cell("center", num_format="0"), 9
    if pd.api.types.is_float_dtype(series):
        digits = "0.000" if "point" in name.lower() or "poin" in name.lower() else "0.00"
        return fm.cell("right", num_format=digits), 11
    texts = [str(v) for v in series.dropna().head(500)]
    # measured, not counted: a name of wide letters needs more than its length suggests,
    # and a column narrower than its text's one line doubles the rows' heights
    widest = max((one_line_width(line) for t in texts for line in t.split("\n")), default=0.0)
    return fm.cell("left"), float(min(max(widest, 10), 48))


def _cell_value(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _cell_value(value.item())
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def write_frame(
    ws: Worksheet,
    fm: Formats,
    heights: Heights,
    r: int,
    frame: pd.DataFrame,
    widths: list[float],
    *,
    title: str | None = None,
    headers: Sequence[str] | None = None,
    units: list[tuple[int, int]] | None = None,
) -> int:
    """A frame as a bordered table from row ``r`` (title row, header row, data); returns
    the row after it.  ``widths`` grows to fit the columns; texts are strings, always."""
    names = list(headers) if headers is not None else [str(c) for c in frame.columns]
    formats = []
    for c, column in enumerate(frame.columns):
        fmt, width = _column_format(fm, str(column), frame[column])
        width = max(
            width,
            *(
                text_px(w, HEADER_SIZE, True) / COLUMN_UNIT_PX + 1.5
                for w in names[c].split() or [""]
            ),
        )
        while len(widths) <= c:
            widths.append(0.0)
        widths[c] = max(widths[c], min(width, 60))
        formats.append(fmt)
    start = r
    if title:
        span = max(len(names) - 1, 0)
        put_merged(ws, r, 0, r, span, title, fm.get(bold=True, font_size=11, valign="vcenter"))
        heights.need(r, 20)
        r += 1
    head = fm.header()
    for c, name in enumerate(names):
        put(ws, r, c, name, head)
        heights.need(r, text_height(name, widths[c], size=HEADER_SIZE, bold=True))
    r += 1
    for k, values in enumerate(frame.itertuples(index=False, name=None)):
        for c, value in enumerate(values):
            value = _cell_value(value)
            put(ws, r, c, value, formats[c])
            if isinstance(value, str):
                heights.need(r, text_height(value, widths[c]))
        if units is not None:
            units.append((start if k == 0 else r, r))
        r += 1
    if units is not None and frame.empty:
        units.append((start, r - 1))
    return r + 1


def write_table_sheet(
    workbook: Workbook,
    fm: Formats,
    frame: pd.DataFrame,
    name: str,
    title: str | None,
    paper: Paper,
) -> None:
    """The one sheet of :func:`spbe_xl.writers.write_table`: the title, then the frame."""
    ws = workbook.add_worksheet(name)
    heights = Heights()
    widths: list[float] = []
    r = 0
    if title:
        put_merged(ws, r, 0, r, max(len(frame.columns) - 1, 0), title, fm.title(13))
        heights.need(r, 22)
        r += 2
    header_row = r
    units: list[tuple[int, int]] = []
    write_frame(ws, fm, heights, r, frame, widths, units=units)
    finish_sheet(
        ws, heights, widths, units, paper, repeat=(header_row, header_row), freeze=header_row + 1
    )
