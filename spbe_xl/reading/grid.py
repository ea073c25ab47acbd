"""The grid: a workbook opened into sheets of cell values and merged ranges.

The only module that imports python_calamine.  Everything above it works on plain grids
(:class:`Sheet`: rows of values, the merged ranges, each row's texts).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter, sub
from pathlib import Path
from typing import Any

from spbe_xl.book import ReadError, cell_ref
from spbe_xl.reading.container import MAX_CELLS, Container, inspect_container


@dataclass
class Sheet:
    """One worksheet: its values as calamine gives them, its merged ranges, and caches."""

    file: str
    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]]  # r0, c0, r1, c1 (inclusive, 0-based)
    uncalculated: tuple[str, ...] = ()  # cells holding a formula without a saved result
    misnamed_as: str | None = None  # the file's kind by content, when its extension names another
    # Caches, speed only (the parser asks the same of a row several times; each is filled
    # on first use): each row's cell texts, the "SHEET!" prefix of cell references, the
    # merged ranges by row (see row_merges), the month columns of a row (see
    # schedule.month_columns), the rows holding a header word (see headers.header_word_rows),
    # whether a row holds data or continues a header (see headers._is_data_row and
    # headers._is_subheader_row).
    _texts: dict[int, list[str | None]] = field(default_factory=dict, repr=False, compare=False)
    _all_texts: list[list[str | None]] | None = field(default=None, repr=False, compare=False)
    _prefix: str | None = field(default=None, repr=False, compare=False)
    _merges_by_row: dict[int, list[tuple[int, int, int]]] | None = field(
        default=None, repr=False, compare=False
    )
    _merges_mode: str = field(default="rows", repr=False, compare=False)  # see row_merges
    # the merged ranges' first rows, sorted, their indexes, the tallest's height - 1 (see
    # _merges_over)
    _merges_by_start: tuple[list[int], list[int], int] | None = field(
        default=None, repr=False, compare=False
    )
    month_columns_by_row: dict[int, dict[int, int]] = field(
        default_factory=dict, repr=False, compare=False
    )
    header_word_rows_found: set[int] | None = field(default=None, repr=False, compare=False)
    data_rows: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)
    subheader_rows: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)

    def row_texts(self, r: int) -> list[str | None]:
        """The texts of row r's cells (``cell_text`` of each value), computed once."""
        texts = self._texts.get(r)
        if texts is None:
            texts = self._texts[r] = texts_of(self.rows[r])
        return texts

    def all_row_texts(self) -> list[list[str | None]]:
        """``row_texts`` of every row, computed in one pass (the parser needs nearly all),
        once (the list is kept: not to be changed)."""
        if self._all_texts is not None:
            return self._all_texts
        done = self._texts
        texts = [done.get(r) or texts_of(row) for r, row in enumerate(self.rows)]
        self._texts = dict(enumerate(texts))
        self._all_texts = texts
        return texts

    def text(self, r: int, c: int) -> str | None:
        if r < 0 or r >= len(self.rows) or c < 0:
            return None
        texts = self._texts.get(r) or self.row_texts(r)  # (a row has at least one cell)
        return texts[c] if c < len(texts) else None

    def raw(self, r: int, c: int) -> Any:
        if r < 0 or r >= len(self.rows) or c < 0:
            return None
        row = self.rows[r]
        return row[c] if c < len(row) else None

    def ref(self, r: int, c: int) -> str:
        """``cell_ref(self.name, r, c)``, with the sheet's prefix computed once."""
        if self._prefix is None:
            self._prefix = cell_ref(self.name, 0, 0)[: -len("A1")]
        return f"{self._prefix}{column_letters(c)}{r + 1}"


def texts_of(row: Sequence[Any]) -> list[str | None]:
    """``cell_text`` of each value of a row.

    Most cells are empty ("": None, tested first as the commonest) or text without a
    carriage return: for those ``cell_text`` is ``v.strip() or None``, done inline (this
    runs on every cell of a workbook)."""
    return [
        None
        if v == ""
        else (v.strip() or None)
        if v.__class__ is str and "\r" not in v
        else None
        if v is None
        else cell_text(v)
        for v in row
    ]


# Cached: every cell reference of a sheet spells the same few columns.
@lru_cache(maxsize=1024)
def column_letters(col: int) -> str:
    """Excel letters of a 0-based column, as ``cell_ref`` writes them."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _calamine_open(path: Path, container: Container) -> Any:
    """calamine's workbook, its parser chosen by the content (calamine's ``from_path``
    chooses by the extension, and refuses an .xlsx named .xls as a damaged .xls; nor can
    it open a path that is not UTF-8)."""
    import python_calamine

    name = str(path)
    if container.misnamed(path) is None and not any("\udc80" <= ch <= "\udcff" for ch in name):
        return python_calamine.CalamineWorkbook.from_path(name)
    with path.open("rb") as handle:
        return python_calamine.CalamineWorkbook.from_filelike(handle)


def title_rows(path: Path, rows: int) -> Generator[tuple[str, list[list[str | None]]], None, None]:
    """Each visible sheet's name and the texts of its first ``rows`` rows, reading only those.

    Raises ReadError for a file that is not a readable workbook.
    """

    container = inspect_container(path, path.name)
    try:
        workbook = _calamine_open(path, container)
    except Exception as exc:
        raise ReadError(
            f"the workbook is damaged or not a workbook ({exc})", file=path.name
        ) from exc
    try:
        for meta in workbook.sheets_metadata:
            if "Visible" not in str(meta.visible):
                continue
            grid = workbook.get_sheet_by_name(meta.name).to_python(
                skip_empty_area=False, nrows=rows
            )
            yield meta.name, [texts_of(row) for row in grid]
    except Exception as exc:
        raise ReadError(f"the workbook is damaged ({exc})", file=path.name) from exc
    finally:
        workbook.close()


def open_workbook(path: Path) -> list[Sheet]:
    """All sheets of a workbook as value grids, or ReadError naming the file."""
    label = path.name
    container = inspect_container(path, label)
    uncalculated = container.uncalculated
    misnamed_as = container.misnamed(path)

    import python_calamine

    try:
        workbook = _calamine_open(path, container)
    except python_calamine.PasswordError as exc:
        raise ReadError("the workbook is password-protected", file=label) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadError(f"the workbook is damaged or not a workbook ({exc})", file=label) from exc

    sheets: list[Sheet] = []
    total_cells = 0
    try:
        for meta in workbook.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            total_cells += (sheet.total_height or 0) * (sheet.total_width or 0)
            if total_cells > MAX_CELLS:
                raise ReadError(
                    f"the workbook has more than {MAX_CELLS:,} cells; refusing to read it",
                    file=label,
                    sheet=meta.name,
                )
            rows = sheet.to_python(skip_empty_area=False)
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            sheets.append(
                Sheet(
                    label,
                    meta.name,
                    rows,
                    merges,
                    tuple(uncalculated.get(meta.name, ())),
                    misnamed_as,
                )
            )
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"the workbook is damaged ({exc})", file=label) from exc
    finally:
        workbook.close()
    return sheets


def cell_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def is_empty_row(row: list[Any]) -> bool:
    """``not any(v not in (None, "") for v in row)``, counted in C: no value calamine gives
    equals both "" and None, so the row is empty when the two counts make its length."""
    return row.count("") + row.count(None) == len(row)


# Index merged ranges by row unless they cover more rows than this in all (then scan them).
_MERGE_INDEX_MAX_ROWS = 200_000


# Rows whose merged ranges are found by scanning the sheet's list before indexing them all.
_MERGE_ROWS_SCANNED = 32


def row_merges(sheet: Sheet, r: int) -> list[tuple[int, int, int]] | None:
    """The merged ranges over row r as (r0, c0, c1), in the sheet's order; None when the
    sheet has too many merged rows to index (then scan ``sheet.merges``).

    The parser asks about few rows (header rows, the odd continuation): the first
    ``_MERGE_ROWS_SCANNED`` rows asked are found by a scan each, which costs less than
    indexing every merged row; a sheet asked about more rows is indexed in full.
    ``sheet._merges_mode`` is "rows" (rows cached one by one), "index" or "scan".
    """
    if sheet._merges_mode == "scan":
        return None
    found_rows = sheet._merges_by_row
    if found_rows is None:
        found_rows = sheet._merges_by_row = {}
    spans = found_rows.get(r)
    if spans is not None:
        return spans
    if sheet._merges_mode == "index":
        return []  # every merged row is in the index
    if len(found_rows) < _MERGE_ROWS_SCANNED:
        spans = found_rows[r] = _merges_over(sheet, r)
        return spans
    if sum(r1 - r0 + 1 for r0, _, r1, _ in sheet.merges) > _MERGE_INDEX_MAX_ROWS:
        sheet._merges_mode, sheet._merges_by_row = "scan", {}
        return None
    index: dict[int, list[tuple[int, int, int]]] = {}
    for r0, c0, r1, c1 in sheet.merges:  # each row's list keeps the sheet's order
        for rr in range(max(r0, 0), r1 + 1):
            index.setdefault(rr, []).append((r0, c0, c1))
    sheet._merges_mode, sheet._merges_by_row = "index", index
    return index.get(r, [])


def _merges_over(sheet: Sheet, r: int) -> list[tuple[int, int, int]]:
    """``[(r0, c0, c1) for r0, c0, r1, c1 in sheet.merges if r0 <= r <= r1]``, looked up
    among the ranges starting at most the tallest range's height above r (the ranges
    sorted by their first row once per sheet), in the sheet's order."""
    by_start = sheet._merges_by_start
    if by_start is None:
        merges = sheet.merges
        first_rows = list(map(itemgetter(0), merges))
        order = sorted(range(len(merges)), key=first_rows.__getitem__)
        tallest = max(map(sub, map(itemgetter(2), merges), first_rows), default=0)
        starts = list(map(first_rows.__getitem__, order))
        by_start = sheet._merges_by_start = (starts, order, tallest)
    starts, order, tallest = by_start
    merges = sheet.merges
    found = [
        i
        for i in order[bisect_left(starts, r - tallest) : bisect_right(starts, r)]
        if merges[i][2] >= r
    ]
    found.sort()
    return [(merges[i][0], merges[i][1], merges[i][3]) for i in found]


def merge_parent(sheet: Sheet, r: int, c: int) -> tuple[int, int] | None:
    """The top-left cell of the first merged range (in the sheet's order) holding (r, c)."""
    spans = row_merges(sheet, r)
    if spans is None:
        for r0, c0, r1, c1 in sheet.merges:
            if r0 <= r <= r1 and c0 <= c <= c1:
                return r0, c0
        return None
    for r0, c0, c1 in spans:
        if c0 <= c <= c1:
            return r0, c0
    return None


def is_merged_continuation(sheet: Sheet, r: int, c: int) -> bool:
    parent = merge_parent(sheet, r, c)
    return parent is not None and parent[0] < r
