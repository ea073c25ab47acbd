"""The signature block under a table: "BONTANG, 29 OKTOBER 2018", the role, name and NIP."""

from __future__ import annotations

from spbe_xl.book import Signature
from spbe_xl.reading.grid import Sheet, is_merged_continuation
from spbe_xl.reading.headers import Columns
from spbe_xl.reading.values import parse_indicator_id
from spbe_xl.text import PLACE_DATE_RE, fold, match_key

_SIGNATURE_OPENING = ("MENGETAHUI", "MENYETUJUI")
_SIGNED_MARKS = ("TTD", "TTD DAN CAP", "DTO")


def starts_signature(sheet: Sheet, r: int, c: int, text: str, cols: Columns) -> bool:
    """Whether row r opens the signature block ("BONTANG, 29 OKTOBER 2018" / "MENGETAHUI :").

    Such a text can also be an action plan in an evidence sub-row, so the block must show
    its other lines (a NIP, "TTD", "MENGETAHUI") below, and no indicator may follow it.
    """
    if "," not in text:
        # No place and date (they need the comma), and the opening word, if the text opens
        # with one, stands in the upper-cased text as it is: most rows stop here, cheaply.
        upper = text.upper()
        if not any(word in upper for word in _SIGNATURE_OPENING):
            return False
    folded = fold(text)
    place_date = PLACE_DATE_RE.match(folded) is not None
    if not place_date and not match_key(folded).startswith(_SIGNATURE_OPENING):
        return False
    if is_merged_continuation(sheet, r, cols.id):
        return False  # inside an indicator's merged block
    return _confirmed_below(sheet, r, c, cols, place_date)


def _confirmed_below(sheet: Sheet, r: int, c: int, cols: Columns, place_date: bool) -> bool:
    """Whether the rows under r show a signature's other lines, and no indicator."""
    confirmed = False
    for rr in range(r + 1, min(r + 12, len(sheet.rows))):
        if parse_indicator_id(sheet.raw(rr, cols.id)) is not None:
            return False
        for cc in range(max(0, c - 3), c + 4):
            t = sheet.text(rr, cc)
            if t is None:
                continue
            key = match_key(t)
            if (
                key.startswith("NIP")
                or key in _SIGNED_MARKS
                or (place_date and key.startswith(_SIGNATURE_OPENING))
            ):
                confirmed = True
    return confirmed


def parse_signature(sheet: Sheet, r: int, c: int) -> Signature:
    """The signature block whose first line is (r, c)."""
    lines = _signature_lines(sheet, r, c)
    place, date, label, role, name, nip = _signature_fields([text for _, text in lines])
    return Signature(
        place, date, label, role, name, nip, source=lines[0][0] if lines else sheet.ref(r, c)
    )


def _signature_lines(sheet: Sheet, r: int, c: int) -> list[tuple[str, str]]:
    """(cell, line) of the block: in each row the text nearest column c, split into lines."""
    lines: list[tuple[str, str]] = []
    for rr in range(r, min(r + 14, len(sheet.rows))):
        cells = [(cc, t) for cc, t in enumerate(sheet.row_texts(rr)) if t]
        near = [(cc, t) for cc, t in cells if abs(cc - c) <= 3] or cells[:1]
        for cc, t in near[:1]:
            lines.extend(
                (sheet.ref(rr, cc), part.strip()) for part in t.split("\n") if part.strip()
            )
    return lines


def _signature_fields(texts: list[str]) -> tuple[str | None, ...]:
    """(place, date, label, role, name, nip) from the block's lines, top down."""
    place = date = label = role = name = nip = None
    for text in texts:
        folded = fold(text)
        match = PLACE_DATE_RE.match(folded)
        if place is None and match:
            place, date = match.group(1).strip(), match.group(2).strip()
        elif match_key(folded).startswith(_SIGNATURE_OPENING) and label is None:
            label = folded
        elif match_key(folded).startswith("NIP"):
            nip = folded
            break
        elif match_key(folded) in _SIGNED_MARKS:
            continue
        elif role is None and folded.endswith(",") and _expects_role(place, label, name):
            role = folded
        else:
            name = folded
    return place, date, label, role, name, nip


def _expects_role(place: str | None, label: str | None, name: str | None) -> bool:
    """A line ending in "," is the role after MENGETAHUI (no name yet), or after the place
    and date when there is no MENGETAHUI."""
    return (label is not None and name is None) or (place is not None and label is None)
