"""The sheet walk: one sheet's rows, top down, into records (see records.SheetResult).

Rows above the first header are the title; a header row (found by headers.find_columns)
sets the columns until the next one; DOMAIN / ASPEK banners, indicator rows and their
sub-rows follow; a monthly schedule grid is read on its own; the signature block ends the
table.
"""

from __future__ import annotations

import re
from itertools import chain

from spbe_xl import findings as F
from spbe_xl.book import cell_ref
from spbe_xl.reading.container import ref_to_row_col
from spbe_xl.reading.grid import Sheet, column_letters, is_empty_row, is_merged_continuation
from spbe_xl.reading.headers import (
    LEVEL_FIELD,
    Columns,
    LayoutCache,
    find_columns,
    header_word_rows,
)
from spbe_xl.reading.records import Record, SheetResult
from spbe_xl.reading.rows import read_row
from spbe_xl.reading.schedule import may_name_months, month_columns, parse_schedule
from spbe_xl.reading.signature import parse_signature, starts_signature
from spbe_xl.reading.values import parse_indicator_id

# The most characters an Excel cell holds.
EXCEL_MAX_TEXT = 32_767

# Above the first header, the rows tried as a header though they hold no header word.
_UNHINTED_HEADER_ROWS = 40

_BANNER_RE = re.compile(
    r"^(DOMAIN|ASPEK)\s*[:.]?\s*(\d+)\b\s*[:.\-]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)


def parse_sheet(sheet: Sheet, layouts: LayoutCache | None = None) -> SheetResult:
    """What the sheet holds; ``layouts`` (see headers.find_columns) is shared by a read's sheets."""
    return _SheetWalk(sheet, layouts).run()


class _SheetWalk:
    """The state of one sheet's walk: the columns in force, the indicator being read, the
    banners above it, the ids seen."""

    def __init__(self, sheet: Sheet, layouts: LayoutCache | None) -> None:
        self.sheet = sheet
        self.layouts = layouts
        self.result = SheetResult(sheet, "ignored", None, [], [], [])
        self.cols: Columns | None = None
        self.current: Record | None = None
        self.domain: tuple[int, str] | None = None
        self.aspect: tuple[int, str] | None = None
        self.seen_ids: dict[str, str] = {}
        self.reported_ignored: set[tuple[int, str]] = set()
        self.first_header_texts: list[str | None] | None = None

    def run(self) -> SheetResult:
        sheet, result = self.sheet, self.result
        self._uncalculated_cells()
        self._texts_over_excel_limit()
        n = len(sheet.rows)
        r = 0
        month_like = [may_name_months(row) for row in sheet.rows]
        month_like.append(False)  # the row after the last
        hint_rows = header_word_rows(sheet)  # (only these rows can be a header: see find_columns)
        while r < n:
            if is_empty_row(sheet.rows[r]):
                r += 1
                continue
            # A monthly schedule grid (JAN PEB MAR …), possibly under a "TAHUN 2020" row.
            if month_like[r] or month_like[r + 1]:
                month_row = next(
                    (rr for rr in (r, r + 1) if len(month_columns(sheet, rr)) >= 3), None
                )
                if month_row is not None:
                    r = parse_schedule(sheet, month_row, month_columns(sheet, month_row), result)
                    self.current = None
                    continue
            # A header holds a header word; above the first header, or where the first
            # header's texts come back, a row is tried without one (a typo in every word).
            header = (
                find_columns(sheet, r, self.layouts, hinted=r in hint_rows)
                if r in hint_rows
                or (self.cols is None and r < _UNHINTED_HEADER_ROWS)
                or sheet.row_texts(r) == self.first_header_texts
                else None
            )
            if header is not None:
                self._header(r, header)
                r += header.n_header_rows
                continue
            if self.cols is None:
                result.title.extend(t for t in sheet.row_texts(r) if t)
            elif self._table_row(r, self.cols):
                break  # the signature block ends the table
            r += 1
        if self.cols is not None:
            result.kind = self.cols.kind  # what the columns say (merge.classify_sheets decides)
        elif result.schedule_year is not None or result.schedule_actions:
            result.kind = "schedule"
        return result

    def _uncalculated_cells(self) -> None:
        sheet = self.sheet
        for ref in sheet.uncalculated:
            self.result.findings.append(
                F.FORMULA_WITHOUT_VALUE(
                    file=sheet.file, source=cell_ref(sheet.name, *ref_to_row_col(ref)), cell=ref
                )
            )

    def _texts_over_excel_limit(self) -> None:
        """A warning for each cell text longer than an Excel cell holds: read whole (the
        book and the CSV keep it), but no Excel workbook can hold it as it is."""
        sheet = self.sheet
        all_texts = sheet.all_row_texts()
        # (the longest text first, in one pass: over the limit in nearly no workbook)
        if max(map(len, filter(None, chain.from_iterable(all_texts))), default=0) <= EXCEL_MAX_TEXT:
            return
        for r, texts in enumerate(all_texts):
            for c, text in enumerate(texts):
                if text is not None and len(text) > EXCEL_MAX_TEXT:
                    self.result.findings.append(
                        F.TEXT_OVER_EXCEL_LIMIT(
                            file=sheet.file,
                            source=sheet.ref(r, c),
                            cell=sheet.ref(r, c),
                            length=len(text),
                        )
                    )

    def _header(self, r: int, header: Columns) -> None:
        if self.cols is None:
            self.result.header_row = r
            self.result.columns = header
            self.first_header_texts = self.sheet.row_texts(r)
        self._ignored_columns(r, header)
        self.cols = header
        self.result.plan_years.update(y for y in header.actions if y is not None)
        self.current = None

    def _ignored_columns(self, r: int, header: Columns) -> None:
        """An info finding for each headed column the rows are not read from (once per
        sheet and header text)."""
        for c, text in header.ignored().items():
            if (c, text) in self.reported_ignored:
                continue
            self.reported_ignored.add((c, text))
            self.result.findings.append(
                F.IGNORED_COLUMN(
                    file=self.sheet.file,
                    source=self.sheet.ref(r, c),
                    column=column_letters(c),
                    header=text,
                )
            )

    def _table_row(self, r: int, cols: Columns) -> bool:
        """Read row r under a header; True when it opens the signature block."""
        sheet = self.sheet
        # The row's first text and its column, found in C (texts are None or non-empty;
        # the first text's column is where the first equal text stands).
        row_texts = sheet.row_texts(r)
        first_text = next(filter(None, row_texts), None)
        if first_text is None:
            # Only whitespace (a cell typed over with spaces, a stray line break): a blank
            # row, which neither ends nor continues anything.
            return False
        first_col = row_texts.index(first_text)
        if starts_signature(sheet, r, first_col, first_text, cols):
            self.result.signature = parse_signature(sheet, r, first_col)
            return True
        banner = _BANNER_RE.match(first_text)
        if banner and first_col <= max(cols.id, 1):
            self._banner(r, first_col, banner)
            return False
        parsed = parse_indicator_id(sheet.raw(r, cols.id))
        if parsed is not None:
            self._indicator_row(r, cols, parsed)
        elif self.current is not None:
            self._sub_row(r, cols, self.current, row_texts, first_col)
        elif not _label_alone(row_texts, first_col, cols):
            self.result.findings.append(
                F.ROW_OUTSIDE_INDICATOR(file=sheet.file, source=sheet.ref(r, first_col), row=r + 1)
            )
        return False

    def _banner(self, r: int, c: int, banner: re.Match[str]) -> None:
        number = int(banner.group(2))
        if banner.group(1).upper() == "DOMAIN":
            self.domain, self.aspect = (number, self.sheet.ref(r, c)), None
        else:
            self.aspect = (number, self.sheet.ref(r, c))
        self.current = None

    def _indicator_row(self, r: int, cols: Columns, parsed: tuple[str, int]) -> None:
        sheet, findings = self.sheet, self.result.findings
        indicator_id, number = parsed
        if indicator_id in self.seen_ids:
            findings.append(
                F.DUPLICATE_INDICATOR(
                    file=sheet.file,
                    source=sheet.ref(r, cols.id),
                    indicator_id=indicator_id,
                    first=self.seen_ids[indicator_id],
                    second=sheet.ref(r, cols.id),
                )
            )
            self.current = None
            return
        self.seen_ids[indicator_id] = sheet.ref(r, cols.id)
        current = self.current = Record(
            indicator_id,
            number,
            sheet.file,
            sheet.name,
            cols.kind,
            r,
            cols.id,
            banner_domain=self.domain,
            banner_aspect=self.aspect,
        )
        current.level_cells = {LEVEL_FIELD[k]: sheet.ref(r, c) for k, c in cols.levels.items()}
        self.result.records.append(current)
        read_row(sheet, r, cols, current, findings)

    def _sub_row(
        self, r: int, cols: Columns, current: Record, row_texts: list[str | None], first_col: int
    ) -> None:
        """A row of the indicator above (its cells merged down, or an evidence sub-row)."""
        sheet = self.sheet
        id_text = sheet.text(r, cols.id)
        if id_text is not None and not is_merged_continuation(sheet, r, cols.id):
            if _label_alone(row_texts, first_col, cols):
                return  # a banner's name row, kept as is
            self.result.findings.append(
                F.UNREADABLE_INDICATOR_ID(
                    file=sheet.file,
                    source=sheet.ref(r, cols.id),
                    indicator_id=current.indicator_id,
                    text=id_text,
                )
            )
        read_row(sheet, r, cols, current, self.result.findings)


def _label_alone(row_texts: list[str | None], first_col: int, cols: Columns) -> bool:
    """A label alone in the id column: a banner's name row ("KEBIJAKAN INTERNAL SPBE")."""
    return first_col == cols.id and len(row_texts) - row_texts.count(None) == 1
