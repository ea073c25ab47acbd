"""The monthly schedule grid (JAN PEB MAR …) of action plans, under a "TAHUN 2020" row."""

from __future__ import annotations

import re
from typing import Any

from spbe_xl.reading.grid import Sheet
from spbe_xl.reading.records import SheetResult
from spbe_xl.reading.values import is_mark, parse_indicator_id
from spbe_xl.text import MONTH_NUMBERS, PLACE_DATE_RE, fold, match_key


def month_columns(sheet: Sheet, r: int) -> dict[int, int]:
    """Month columns of row r (computed once per row: the parser asks for r and r + 1)."""
    found = sheet.month_columns_by_row.get(r)
    if found is None:
        found = sheet.month_columns_by_row[r] = _find_month_columns(sheet, r)
    return found


def may_name_months(row: list[Any]) -> bool:
    """Month names are short texts: only a row with three of them can be a month header."""
    if len(row) - row.count("") - row.count(None) < 3:  # (counted in C: most rows stop here)
        return False
    return len([v for v in row if isinstance(v, str) and 2 < len(v) < 12]) >= 3


def _find_month_columns(sheet: Sheet, r: int) -> dict[int, int]:
    if r >= len(sheet.rows):
        return {}
    if not may_name_months(sheet.rows[r]):
        return {}
    return {
        c: MONTH_NUMBERS[key]
        for c, t in enumerate(sheet.row_texts(r))
        if t and (key := match_key(t)) in MONTH_NUMBERS
    }


def parse_schedule(sheet: Sheet, r: int, months: dict[int, int], result: SheetResult) -> int:
    """Read a monthly grid whose month header is row r; return the row after it."""
    year = _schedule_year(sheet, r)
    result.schedule_year = year
    first_month = min(months)
    rr = r + 1
    while rr < len(sheet.rows):
        texts = [(c, t) for c, t in enumerate(sheet.row_texts(rr)) if t]
        if not texts:
            break
        if PLACE_DATE_RE.match(fold(texts[0][1])):
            break
        label_cells = [(c, t) for c, t in texts if c < first_month]
        parsed = next(
            (p for c, t in label_cells if (p := parse_indicator_id(sheet.raw(rr, c)))), None
        )
        activity = next(
            (t for c, t in label_cells if parse_indicator_id(sheet.raw(rr, c)) is None), None
        )
        for c, month in months.items():
            if is_mark(sheet.raw(rr, c)) and parsed is not None:
                result.schedule_actions.append(
                    {
                        "indicator_id": parsed[0],
                        "year": year,
                        "month": month,
                        "text": activity,
                        "file": sheet.file,
                        "source": sheet.ref(rr, c),
                    }
                )
        rr += 1
    return rr


def _schedule_year(sheet: Sheet, r: int) -> int | None:
    """The last year (20xx) written in the two rows above the month header or in it."""
    year = None
    for rr in range(max(0, r - 2), r + 1):
        for cc in range(len(sheet.rows[rr])):
            t = sheet.text(rr, cc)
            found = re.search(r"\b(20\d\d)\b", t or "")
            if found:
                year = int(found.group(1))
    return year
