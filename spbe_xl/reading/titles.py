"""The title rows above a table: the instansi ("DI LINGKUNGAN PEMERINTAH KOTA BONTANG")
and the evaluation year ("TAHUN 2018")."""

from __future__ import annotations

import re

from spbe_xl.text import fold


def title_meta(titles: list[str]) -> tuple[str | None, int | None]:
    """(instansi, year) named in the title lines; None for what they do not name."""
    instansi = year = None
    for line in titles:
        if instansi is not None and year is not None:
            break  # both found: later lines change neither
        folded = fold(line)
        found = re.search(r"\bTAHUN\s+(\d{4})\b", folded, re.IGNORECASE)
        if found and year is None:
            year = int(found.group(1))
        place = re.search(
            r"\bDI\s+LINGKUNGAN\s+(.+?)(?:\s+TAHUN\s+\d{4})?\s*$", folded, re.IGNORECASE
        )
        if place and instansi is None:
            instansi = " ".join(
                w.capitalize() if w.isupper() or w.islower() else w
                for w in place.group(1).strip().split()
            )
            instansi = re.sub(r"\bDan\b", "dan", instansi)
    return instansi, year
