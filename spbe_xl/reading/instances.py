"""Rows numbered on past a multi-instance indicator: the 2018-2020 reports (KemenPANRB's
"Indeks SPBE" of an instansi) list indicator 35, *Layanan Publik Instansi Pemerintah*,
once per public-service system and number the table's rows on: 35 "Layanan Publik
Instansi Pemerintah 1", 36 "... 2", 37 "... 3".  Read as numbered, rows 36 and 37 would be
indicators no 2018 catalog has (and the 47-indicator framework would seem to fit); they are
instances 35-2 and 35-3.

A row is renumbered only when all of this holds: a framework in question (the caller's,
else a packaged one) has a multi-instance indicator M; the row's name is M's name followed
by an instance number j (names compared allowing a typo); and the row's number is M + j - 1,
the running number that continues from M.  Each renumbered row is an info finding.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spbe_xl import findings as F
from spbe_xl.findings import Finding
from spbe_xl.reading.records import Record, SheetResult
from spbe_xl.text import match_key, ratio_at_least

if TYPE_CHECKING:
    from spbe_xl.framework import Framework

# A name ending in an instance number: "Layanan Publik Instansi Pemerintah 2".
_NAME_AND_NUMBER_RE = re.compile(r"^(.*\D)\s*(\d{1,2})\s*$", re.DOTALL)
_ALIKE = 0.8


def read_instance_rows(
    results: list[SheetResult], framework: str | Framework | None, findings: list[Finding]
) -> None:
    """Give each row numbered on past a multi-instance indicator its instance id (``35-2``)
    in place, with an ``instance_row_numbered_on`` finding (see the module)."""
    records = [rec for res in results for rec in res.records]
    for framework_id, highest, number, base_name, key in _multi_instance_names(framework):
        found = [(rec, instance) for rec in records if (instance := _instance_of(rec, number, key))]
        # Only where it makes the numbers fit that framework: a row numbered beyond its
        # catalog that is no such instance means the table is another framework's.
        renumbered = {id(rec) for rec, _ in found}
        if not found or any(
            rec.indicator_no > highest for rec in records if id(rec) not in renumbered
        ):
            continue
        for rec, instance in found:
            name = rec.fields["name"]
            row_number = rec.indicator_no
            rec.indicator_id, rec.indicator_no = f"{number}-{instance}", number
            findings.append(
                F.INSTANCE_ROW_NUMBERED_ON(
                    file=rec.file,
                    source=rec.source,
                    indicator_id=rec.indicator_id,
                    number=row_number,
                    name=name,
                    instance=instance,
                    base=number,
                    base_name=base_name,
                    framework=framework_id,
                )
            )
        return


def _instance_of(rec: Record, number: int, key: str) -> int | None:
    """The instance number of a row named as indicator ``number`` (name ``key``) plus an
    instance number, numbered on from ``number``; else None."""
    name = rec.fields.get("name")
    if not name or "-" in rec.indicator_id:
        return None
    found = _NAME_AND_NUMBER_RE.match(name)
    if found is None:
        return None
    instance = int(found.group(2))
    if instance < 1 or rec.indicator_no != number + instance - 1:
        return None
    return instance if ratio_at_least(match_key(found.group(1)), key, _ALIKE) else None


def _multi_instance_names(
    framework: str | Framework | None,
) -> list[tuple[str, int, int, str, str]]:
    """(framework id, its highest indicator number, indicator number, name, match key of
    the name) of each multi-instance indicator of the framework in question: the caller's,
    else every packaged one."""
    from spbe_xl.framework import packaged, resolve_framework

    frameworks = packaged() if framework is None else [resolve_framework(framework)]
    return [
        (fw.id, fw.highest_indicator, number, name, match_key(name))
        for fw in frameworks
        for number, name in fw.multi_instance_indicators()
    ]
