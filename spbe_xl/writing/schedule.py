"""The JADWAL <year> sheet: one row per action of the plan year, a mark in its month(s)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spbe_xl.book import Book
from spbe_xl.text import indicator_sort_key
from spbe_xl.writing.cells import Formats, put, put_merged
from spbe_xl.writing.followup import agency_of, instansi_line
from spbe_xl.writing.layout import MARK, MONTHS, SHEET_SCHEDULE_PREFIX, TITLE_SCHEDULE, Paper
from spbe_xl.writing.metrics import text_height
from spbe_xl.writing.pages import Heights, page_breaks, print_setup
from spbe_xl.writing.scores import schedule_title
from spbe_xl.writing.values import as_int, as_text, id_value

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

_WIDTHS = [9, 46, *([5.5] * 12), 26]  # INDIKATOR, RENCANA AKSI, JAN ... DES, KETERANGAN


def write_schedule(
    workbook: Workbook,
    fm: Formats,
    book: Book,
    rows: list[dict[str, Any]],
    year: int,
    paper: Paper,
    action_records: list[dict[str, Any]],
) -> None:
    """JADWAL <year>: one row per action of the year, a mark in its month(s) (``rows``: the
    indicator rows in order; ``action_records``: the book's actions, as
    :func:`spbe_xl.writing.followup.actions_by_indicator` takes them)."""
    ws = workbook.add_worksheet(f"{SHEET_SCHEDULE_PREFIX} {year}")
    widths = _WIDTHS
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    heights = Heights()
    r = _write_title(ws, fm, heights, book)
    h0 = r
    r = _write_header(ws, fm, heights, r, year, with_year=bool(book.meta.year))
    items = _months_by_action(action_records, year)
    order = {row["indicator_id"]: k for k, row in enumerate(rows)}
    keys = sorted(items, key=lambda k: (order.get(k[0], len(order)), indicator_sort_key(k[0])))
    agency = {row["indicator_id"]: agency_of(row) for row in rows}
    units: list[tuple[int, int]] = [(0, r)]
    cell = fm.cell("left")
    center = fm.cell("center")
    mark = fm.cell("center", valign="vcenter")
    if not keys:
        put_merged(
            ws,
            r,
            0,
            r,
            len(widths) - 1,
            f"Belum ada rencana aksi untuk tahun {year}.",
            fm.cell("center", italic=True),
        )
        r += 1
    for indicator_id, text in keys:
        put(ws, r, 0, id_value(indicator_id), center)
        put(ws, r, 1, text or None, cell)
        for m in range(12):
            put(ws, r, 2 + m, MARK if (m + 1) in items[(indicator_id, text)] else None, mark)
        note = agency.get(indicator_id)
        put(ws, r, 14, note, cell)
        heights.need(r, max(text_height(text, widths[1]), text_height(note, widths[14])))
        if r > units[0][1]:
            units.append((r, r))
        r += 1
    applied = heights.apply(ws)
    print_setup(ws, paper, repeat=(h0, h0 + 1), freeze=h0 + 2)
    page_breaks(ws, heights, applied, units, widths, paper, (h0, h0 + 1))


def _write_title(ws: Worksheet, fm: Formats, heights: Heights, book: Book) -> int:
    """The title rows and a thin spacer row; returns the row after."""
    last = len(_WIDTHS) - 1
    full = sum(_WIDTHS)
    title = [schedule_title(book.meta.framework, TITLE_SCHEDULE)]
    line = instansi_line(book.meta.instansi, None)
    if line:
        title.append(line)
    r = 0
    for i, text in enumerate(title):
        size = 13 if i == 0 else 12
        put_merged(ws, r, 0, r, last, text, fm.title(size))
        heights.need(r, text_height(text, full, size=size, bold=True) + 2)
        r += 1
    heights.fix(r, 9)
    return r + 1


def _write_header(
    ws: Worksheet, fm: Formats, heights: Heights, r: int, year: int, *, with_year: bool
) -> int:
    """The two header rows (the months under the year); returns the row after."""
    head = fm.header()
    put_merged(ws, r, 0, r + 1, 0, "INDIKATOR", head)
    put_merged(ws, r, 1, r + 1, 1, "RENCANA AKSI", head)
    # "TAHUN <year>" over the months as in the seed; without the book's year in the titles
    # the bare year, so that the reader does not take it for the evaluation year.
    put_merged(ws, r, 2, r, 13, f"TAHUN {year}" if with_year else str(year), head)
    put_merged(ws, r, 14, r + 1, 14, "KETERANGAN", head)
    for m, month in enumerate(MONTHS):
        put(ws, r + 1, 2 + m, month, head)
    heights.need(r, 18)
    heights.need(r + 1, 18)
    return r + 2


def _months_by_action(
    action_records: list[dict[str, Any]], year: int
) -> dict[tuple[str, str], set[int]]:
    """(indicator id, action text) -> the months (1-12) it is planned in, for ``year``."""
    items: dict[tuple[str, str], set[int]] = {}
    for action in action_records:
        if as_int(action.get("year")) != year:
            continue
        key = (str(action["indicator_id"]), as_text(action.get("text")) or "")
        months = items.setdefault(key, set())
        month = as_int(action.get("month"))
        if month is not None and 1 <= month <= 12:
            months.add(month)
    return items
