"""Evidence items (DATA DUKUNG) of a row: numbers, texts and ADA / BELUM ADA marks."""

from __future__ import annotations

import re

from spbe_xl import findings as F
from spbe_xl.findings import Finding
from spbe_xl.reading.grid import Sheet
from spbe_xl.reading.headers import Columns
from spbe_xl.reading.records import Record
from spbe_xl.reading.values import is_mark, split_numbers, split_texts

_LEADING_NUMBER_RE = re.compile(r"^(\d{1,2})[.)]\s")

# Returned by _status when the row is done with (a mark without an item).
_NO_ITEM = "no item"


def read_evidence(
    sheet: Sheet,
    r: int,
    kind: str,
    number_col: int | None,
    text_col: int,
    status_cols: Columns | None,
    rec: Record,
    findings: list[Finding],
) -> None:
    """Add row r's evidence items of ``kind`` (number and text columns) to ``rec``.

    ``status_cols`` is the layout whose ADA / BELUM ADA columns mark the items' status
    (for the recommended evidence of a follow-up), else None.
    """
    texts = sheet.row_texts(r)  # (columns of a header are never negative)
    text = texts[text_col] if text_col < len(texts) else None
    number_text = texts[number_col] if number_col is not None and number_col < len(texts) else None
    no_item = text is None and number_text is None
    status = (
        _status(sheet, r, status_cols, rec, findings, no_item) if status_cols is not None else None
    )
    if no_item or status == _NO_ITEM:
        return
    numbers, text = _numbers_and_text(number_text, text)
    source = sheet.ref(r, text_col if text is not None else (number_col or text_col))
    if numbers and len(numbers) > 1:
        items = _several_items(
            sheet, r, rec, numbers, text, number_col or text_col, source, findings
        )
    else:
        items = [(_item_number(rec, kind, numbers, text, number_col), text)]
    for item_no, item_text in items:
        if item_text is None:
            findings.append(
                F.EVIDENCE_WITHOUT_TEXT(
                    file=sheet.file, source=source, indicator_id=rec.indicator_id, item_no=item_no
                )
            )
        rec.evidence.append(
            {
                "indicator_id": rec.indicator_id,
                "kind": kind,
                "item_no": item_no,
                "text": item_text,
                "status": status,
                "file": sheet.file,
                "source": source,
            }
        )


def _numbers_and_text(
    number_text: str | None, text: str | None
) -> tuple[list[int] | None, str | None]:
    """The item numbers in the number cell, and the item's text.  A number cell that holds
    no numbers holds text: it goes before the text cell's."""
    numbers = split_numbers(number_text) if number_text else None
    if number_text and numbers is None:
        text = f"{number_text}\n{text}" if text else number_text
    return numbers, text


def _status(
    sheet: Sheet,
    r: int,
    status_cols: Columns,
    rec: Record,
    findings: list[Finding],
    no_item: bool,
) -> str | None:
    """The row's ADA / BELUM ADA status (None when unmarked or marked both ways), or
    ``_NO_ITEM`` for a mark on a row without an evidence item (``no_item``)."""
    if not status_cols.status:
        return None
    ada_raw = sheet.raw(r, status_cols.status.get("ada", -1))
    belum_raw = sheet.raw(r, status_cols.status.get("belum ada", -1))
    # An empty cell ("" or None) is no mark: skip converting it.
    ada = ada_raw not in ("", None) and is_mark(ada_raw)
    belum = belum_raw not in ("", None) and is_mark(belum_raw)
    if ada and belum:
        findings.append(
            F.BOTH_MARKS(
                file=sheet.file,
                source=sheet.ref(r, status_cols.status["ada"]),
                indicator_id=rec.indicator_id,
            )
        )
        return None
    if not (ada or belum):
        return None
    if no_item:
        findings.append(
            F.MARK_WITHOUT_EVIDENCE(
                file=sheet.file,
                source=sheet.ref(r, status_cols.status["ada" if ada else "belum ada"]),
                indicator_id=rec.indicator_id,
            )
        )
        return _NO_ITEM
    return "ada" if ada else "belum ada"


def _several_items(
    sheet: Sheet,
    r: int,
    rec: Record,
    numbers: list[int],
    text: str | None,
    number_col: int,
    source: str,
    findings: list[Finding],
) -> list[tuple[int | None, str | None]]:
    """Several numbers typed in one cell, each with its piece of the text; when the text
    does not split into as many pieces, one item (and a finding)."""
    pieces = split_texts(text, len(numbers)) if text else None
    if pieces is not None:
        return list(zip(numbers, pieces, strict=True))
    findings.append(
        F.EVIDENCE_NUMBERS_IN_ONE_CELL(
            file=sheet.file,
            source=source,
            indicator_id=rec.indicator_id,
            numbers=" ".join(map(str, numbers)),
            cell=sheet.ref(r, number_col),
            count=len(numbers),
        )
    )
    return [(numbers[0], text)]


def _item_number(
    rec: Record, kind: str, numbers: list[int] | None, text: str | None, number_col: int | None
) -> int | None:
    """One item's number: typed, or leading its text ("2. SK …"), or the next of its kind."""
    if numbers:
        return numbers[0]
    if not text:
        return None
    lead = _LEADING_NUMBER_RE.match(text)
    if lead and number_col is None:
        return int(lead.group(1))
    # the next number after this indicator's items of this kind
    return 1 + max(
        (e["item_no"] for e in rec.evidence if e["kind"] == kind and e["item_no"] is not None),
        default=0,
    )
