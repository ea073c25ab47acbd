"""One table row read into its indicator's record: texts, levels, evidence, action plans."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from spbe_xl import findings as F
from spbe_xl.findings import Finding
from spbe_xl.reading.evidence import read_evidence
from spbe_xl.reading.grid import Sheet, cell_text
from spbe_xl.reading.headers import LEVEL_FIELD, Columns
from spbe_xl.reading.records import Record
from spbe_xl.reading.scores import parse_score
from spbe_xl.reading.values import parse_level
from spbe_xl.text import fold

_TARGET_YEAR_RE = re.compile(r"\b(20\d\d)\b")


def target_year(value: Any) -> int | None:
    """The year of a TARGET (WAKTU) / TAHUN cell: 2022, "2022", "Desember 2022", "TW IV
    2022"; None when it names no year (the book's year is then taken)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 2000 <= value <= 2100 else None
    if isinstance(value, datetime | date):
        return value.year
    years = _TARGET_YEAR_RE.findall(str(value))
    return int(years[-1]) if years else None


def read_row(
    sheet: Sheet,
    r: int,
    cols: Columns,
    rec: Record,
    findings: list[Finding],
) -> None:
    """Read row r (the indicator's own row or one of its sub-rows) into ``rec``."""
    texts = sheet.row_texts(r)
    _put_texts(sheet, r, texts, rec, cols.text_plan)
    _read_levels(sheet, r, cols, rec, findings)
    _put_texts(sheet, r, texts, rec, cols.explanation_plan)
    for kind, (number_col, text_col) in cols.evidence.items():
        read_evidence(
            sheet,
            r,
            kind,
            number_col,
            text_col,
            cols if kind == "recommended" else None,
            rec,
            findings,
        )
    for column_year, c in cols.actions.items():
        text = texts[c] if c < len(texts) else None
        year = column_year
        if year is None and text is not None and cols.action_target is not None:
            year = target_year(sheet.raw(r, cols.action_target))
        if text is not None and not any(
            a["text"] == text and a["year"] == year for a in rec.actions
        ):
            rec.actions.append(
                {
                    "indicator_id": rec.indicator_id,
                    "year": year,
                    "month": None,
                    "text": text,
                    "file": sheet.file,
                    "source": sheet.ref(r, c),
                }
            )


def _read_levels(sheet: Sheet, r: int, cols: Columns, rec: Record, findings: list[Finding]) -> None:
    """The row's levels: the first of each kind is the indicator's, a different one later
    (in a sub-row) is a finding."""
    for kind, c in cols.levels.items():
        raw = sheet.raw(r, c)
        if raw in (None, ""):
            continue
        field_name = LEVEL_FIELD[kind]
        ref = sheet.ref(r, c)
        try:
            level = parse_level(raw)
        except ValueError:
            score = parse_score(raw)
            if score is not None:  # a decimal: settled once the framework is known
                rec.scores.setdefault(field_name, (score, ref))
            findings.append(
                F.UNREADABLE_LEVEL(
                    file=sheet.file,
                    source=ref,
                    indicator_id=rec.indicator_id,
                    text=cell_text(raw),
                )
            )
            continue
        if level is None:
            continue
        if rec.fields.get(field_name) is None:
            rec.fields[field_name] = level
            rec.cells[field_name] = ref
        elif rec.fields[field_name] != level:
            findings.append(
                F.LEVEL_IN_SUBROW(
                    file=sheet.file,
                    source=ref,
                    indicator_id=rec.indicator_id,
                    level=level,
                    kept=rec.fields[field_name],
                    kept_cell=rec.cells[field_name],
                )
            )


def _put_texts(
    sheet: Sheet, r: int, texts: list[str | None], rec: Record, plan: list[tuple[str, int]]
) -> None:
    """Copy row r's texts into the record's fields, for each (field name, column) of plan."""
    fields = rec.fields
    n = len(texts)
    for field_name, c in plan:
        text = texts[c] if c < n else None
        if text is None:
            continue
        old = fields.get(field_name)
        if old is None:
            fields[field_name] = text
            rec.cells[field_name] = sheet.ref(r, c)
        elif old != text and fold(old) != fold(text):
            # Text continued in an unmerged cell below: keep it, joined on a new line.
            fields[field_name] = f"{old}\n{text}"
