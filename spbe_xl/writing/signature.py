"""The signature block under a table: place and date, label, role, space to sign, name, NIP.

The "PLACE, DATE" line is :data:`spbe_xl.text.PLACE_DATE_RE`, the pattern the reader ends a
table at: a line it would not recognise is written under the label, never first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spbe_xl.book import Signature
from spbe_xl.text import PLACE_DATE_RE, fold
from spbe_xl.writing.cells import Formats, put_merged
from spbe_xl.writing.metrics import text_height
from spbe_xl.writing.pages import Heights
from spbe_xl.writing.values import as_text

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.worksheet import Worksheet

    from spbe_xl.writing.table import Col


def signature_lines(signature: Signature) -> list[tuple[str | None, str]]:
    """(text, style) lines of a signature block; None text is the space to sign in."""
    lines: list[tuple[str | None, str]] = []
    place_date = _place_date(signature)
    label = as_text(signature.label) or "MENGETAHUI :"
    # The reader ends the table at a "PLACE, DATE" line or at MENGETAHUI: a place/date line
    # it would not recognise goes under the label, never first.
    if place_date and PLACE_DATE_RE.match(place_date):
        lines.append((place_date, "plain"))
        lines.append((label, "plain"))
    else:
        lines.append((label, "plain"))
        if place_date:
            lines.append((place_date, "plain"))
    role = as_text(signature.role)
    if role:
        lines.append((role, "plain"))
    lines.append((None, "space"))
    name = as_text(signature.name)
    if name:
        lines.append((name, "name"))
    nip = as_text(signature.nip)
    if nip:
        nip = fold(nip)
        if not re.match(r"^NIP\b", nip, re.IGNORECASE):
            nip = f"NIP. {nip}"
        lines.append((nip, "plain"))
    return lines


def _place_date(signature: Signature) -> str | None:
    """ "PLACE, DATE", with dots for the part not known; None when neither is."""
    place, when = as_text(signature.place), as_text(signature.date)
    if place and when:
        return f"{fold(place)}, {fold(when)}"
    if place or when:
        return f"{fold(place or '....................')}, {fold(when or '....................')}"
    return None


def write_signature(
    ws: Worksheet,
    fm: Formats,
    heights: Heights,
    r: int,
    cols: Sequence[Col],
    signature: Signature,
) -> int:
    """The signature block from row ``r`` under the right-hand columns; returns the row after."""
    # The block stands under the right-hand columns, at least ~40 characters wide.
    c1 = len(cols) - 1
    c0 = c1
    width = cols[c1].width
    while c0 > 0 and width < 42:
        c0 -= 1
        width += cols[c0].width
    heights.fix(r, 15)
    r += 1
    for text, style in signature_lines(signature):
        if style == "space":
            heights.fix(r, 48)
            r += 1
            continue
        fmt = (
            fm.plain(align="center", bold=True, underline=1)
            if style == "name"
            else fm.plain(align="center")
        )
        put_merged(ws, r, c0, r, c1, text, fmt)
        heights.need(r, text_height(text, width, bold=style == "name"))
        r += 1
    return r


# --------------------------------------------------------------------------- the book's parts
