"""A plan workbook (``writers.write_plan``) read back: its action plans, to fill a
follow-up's RENCANA AKSI cells (``convert --plan``), never over what an office wrote.

Each agency sheet of the plan has a header row with ``NO. INDIKATOR`` and ``RENCANA AKSI
TAHUN <year>`` and, under ``JADWAL PELAKSANAAN``, a row of month labels.  A step's action is
the text the office wrote in its RENCANA AKSI cell, in the months it marked; a step whose
cell is still empty gets the plan's own words: ``Mencapai Level <n>: <criterion>``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from spbe_xl.book import ACTION_COLUMNS, ReadError, frame_from_records
from spbe_xl.reading.grid import Sheet, open_workbook
from spbe_xl.reading.values import parse_indicator_id
from spbe_xl.text import MONTH_NUMBERS, fold, match_key

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book

__all__ = ["PlanActions", "add_plan_actions", "read_plan_actions"]

_SUMMARY_TITLE = "RENCANA PENINGKATAN INDEKS"
_SUBTITLE_RE = re.compile(r"^(.*?)\s*-\s*HASIL EVALUASI SPBE\s+(\d{4})\s*$", re.IGNORECASE)
_ACTION_RE = re.compile(r"^RENCANA AKSI TAHUN\s*(\d{4})?", re.IGNORECASE)


@dataclass(frozen=True)
class PlanActions:
    """The action plans of a plan workbook: whose (instansi, evaluation year) and what."""

    file: str
    instansi: str | None
    #: The evaluation year the plan starts from (its actions are for the year after).
    year: int | None
    #: indicator_id, year, month, text, file, source (:data:`~spbe_xl.book.ACTION_COLUMNS`)
    actions: pd.DataFrame
    #: How many of the actions are the office's own text (the others are the plan's words).
    n_written: int

    def applies_to(self, book: Book) -> bool:
        """Whether the plan is for the instansi and evaluation year of ``book``."""
        if self.year is not None and book.meta.year is not None and self.year != book.meta.year:
            return False
        if self.instansi and book.meta.instansi:
            return match_key(self.instansi) == match_key(book.meta.instansi)
        return True


def _summary(sheets: list[Sheet], label: str) -> tuple[str | None, int | None]:
    for sheet in sheets:
        title = sheet.text(0, 0) or ""
        if _SUMMARY_TITLE in fold(title).upper():
            m = _SUBTITLE_RE.match(fold(sheet.text(1, 0) or ""))
            if m:
                return m.group(1).strip() or None, int(m.group(2))
            return None, None
    raise ReadError("not a plan workbook (no RENCANA PENINGKATAN INDEKS summary sheet)", file=label)


def _header(sheet: Sheet) -> tuple[int, dict[str, int], int | None, dict[int, int]] | None:
    """(header row, column by role, the plan year, month columns) of an agency sheet."""
    for r in range(min(len(sheet.rows), 30)):
        texts = [fold(t or "").upper() for t in sheet.row_texts(r)]
        if "NO. INDIKATOR" not in texts:
            continue
        cols = {"id": texts.index("NO. INDIKATOR")}
        year = None
        for c, t in enumerate(texts):
            m = _ACTION_RE.match(t)
            if m:
                cols["action"] = c
                year = int(m.group(1)) if m.group(1) else None
            elif t == "LEVEL TARGET":
                cols["to"] = c
            elif t == "KRITERIA LEVEL TARGET":
                cols["criterion"] = c
        if "action" not in cols:
            return None
        months = {
            c: MONTH_NUMBERS[t]
            for c, t in enumerate(fold(x or "").upper() for x in sheet.row_texts(r + 1))
            if t in MONTH_NUMBERS
        }
        return r, cols, year, months
    return None


def _default_text(sheet: Sheet, r: int, cols: dict[str, int]) -> str | None:
    level = sheet.text(r, cols["to"]) if "to" in cols else None
    if not level:
        return None
    criterion = sheet.text(r, cols["criterion"]) if "criterion" in cols else None
    head = f"Mencapai Level {level}"
    return f"{head}: {' '.join(criterion.split())}" if criterion else head


def read_plan_actions(path: str | Path) -> PlanActions:
    """The action plans of a plan workbook; ReadError when it is not one."""
    path = Path(path)
    label = path.name
    sheets = open_workbook(path)
    instansi, eval_year = _summary(sheets, label)
    records: list[dict[str, Any]] = []
    seen: set[tuple[str, int | None, int | None, str]] = set()
    written = 0
    for sheet in sheets:
        found = _header(sheet)
        if found is None:
            continue
        h, cols, year, months = found
        r = h + 2
        while r < len(sheet.rows):
            parsed = parse_indicator_id(sheet.raw(r, cols["id"]))
            if parsed is None:
                break
            iid = parsed[0]
            own = sheet.text(r, cols["action"])
            text = " ".join(own.split()) if own and own.strip() else _default_text(sheet, r, cols)
            if text:
                marked: list[int | None] = [
                    m for c, m in sorted(months.items()) if (sheet.text(r, c) or "").strip()
                ]
                for month in marked or [None]:
                    key = (iid, year, month, text)
                    if key in seen:
                        continue  # a shared indicator's step, on each agency's sheet
                    seen.add(key)
                    written += bool(own and own.strip())
                    records.append(
                        {
                            "indicator_id": iid,
                            "year": year,
                            "month": month,
                            "text": text,
                            "file": label,
                            "source": sheet.ref(r, cols["action"]),
                        }
                    )
            r += 1
    return PlanActions(
        file=label,
        instansi=instansi,
        year=eval_year,
        actions=frame_from_records(records, ACTION_COLUMNS),
        n_written=written,
    )


def add_plan_actions(book: Book, plan: PlanActions) -> tuple[Book, list[str]]:
    """``book`` with the plan's actions for its indicators that have no action text for
    that year yet (an office's text is never replaced nor added to); and the ids filled."""
    have: set[tuple[str, int | None]] = set()
    actions = book.actions
    if len(actions):
        for iid, year, text in zip(
            actions["indicator_id"], actions["year"], actions["text"], strict=True
        ):
            if not pd.isna(iid) and not pd.isna(text) and str(text).strip():
                have.add((str(iid).strip(), None if pd.isna(year) else int(year)))
    known = {str(i).strip() for i in book.indicators["indicator_id"].dropna()}
    new = plan.actions
    year_of = [None if pd.isna(y) else int(y) for y in new["year"]]
    ids = [str(i) for i in new["indicator_id"]]
    keep = [iid in known and (iid, y) not in have for iid, y in zip(ids, year_of, strict=True)]
    added = new[keep]
    if not len(added):
        return book, []
    filled = list(dict.fromkeys(added["indicator_id"].astype(str)))
    merged = (
        pd.concat([actions, added], ignore_index=True)
        if len(actions)
        else added.reset_index(drop=True)
    )
    merged = merged.astype(ACTION_COLUMNS)
    return dataclasses.replace(book, actions=merged), filled
