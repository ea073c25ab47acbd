"""Cross-sheet checks of one indicator: what its records say against each other and
against the framework's catalog.  Each appends findings; none changes what was read
(but a level out of the framework's range, which is left empty)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spbe_xl import findings as F
from spbe_xl.findings import Finding
from spbe_xl.reading.headers import EXPLANATION_FIELD, LEVEL_FIELD
from spbe_xl.reading.records import Record
from spbe_xl.text import fold, match_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from spbe_xl.framework import Framework

_LEVEL_LABELS = {
    "self_level": "self-assessed level (PENILAIAN MANDIRI)",
    "evaluator_level": "evaluator's level (HASIL PENILAIAN)",
    "maturity_level": "maturity level (NILAI TINGKAT KEMATANGAN)",
}


def owned_value(
    field_name: str, recs: list[Record], findings: list[Finding], indicator_id: str
) -> Any:
    """The first record's value (the owning sheet); disagreements become findings."""
    holders = [rec for rec in recs if rec.fields.get(field_name) is not None]
    if not holders:
        return None
    owner = holders[0]
    value = owner.fields[field_name]
    for rec in holders[1:]:
        other = rec.fields[field_name]
        if other == value:
            continue  # the same value (most agency sheets copy the main one): no match_key
        if isinstance(value, int):
            differs = other != value
        else:
            differs = match_key(str(other)) != match_key(str(value))
        if differs:
            start = 0 if isinstance(value, int) else _where_texts_differ(str(value), str(other))
            findings.append(
                F.SHEET_DISAGREEMENT(
                    file=rec.file,
                    source=rec.cells[field_name],
                    indicator_id=indicator_id,
                    what=field_name.replace("_", " "),
                    kept=_shown(value, start),
                    kept_file=owner.file,
                    kept_cell=owner.cells[field_name],
                    other=_shown(other, start),
                    other_file=rec.file,
                    other_cell=rec.cells[field_name],
                )
            )
    return value


def _shown(value: Any, start: int) -> Any:
    return value if isinstance(value, int) else _shorten(str(value), start=start)


def _shorten(text: str, width: int = 60, start: int = 0) -> str:
    text = fold(text)
    if start > 0:
        text = "…" + text[start:]
    return text if len(text) <= width else text[: width - 1] + "…"


def _where_texts_differ(a: str, b: str) -> int:
    """Start of a window around the first character where two folded texts differ."""
    a, b = fold(a), fold(b)
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return max(0, i - 20)


def check_banners(rec: Record, info: dict[str, Any], findings: list[Finding]) -> None:
    """The DOMAIN / ASPEK banner a record stands under against the catalog's."""
    for banner, key, label in (
        (rec.banner_domain, "domain_no", "DOMAIN"),
        (rec.banner_aspect, "aspect_no", "ASPEK"),
    ):
        if banner is not None and banner[0] != info[key]:
            findings.append(
                F.BANNER_MISMATCH(
                    file=rec.file,
                    source=rec.source,
                    indicator_id=rec.indicator_id,
                    label=label,
                    banner=banner[0],
                    cell=banner[1],
                    expected=info[key],
                )
            )


def check_agencies(
    indicator_id: str,
    owner: Record | None,
    agency: str | None,
    recs: list[Record],
    agency_of: Callable[[Record], str | None],
    findings: list[Finding],
) -> None:
    """Every record's responsible agency against the owner's (``agency``)."""
    for rec in recs:
        other = agency_of(rec)
        if owner and other and other != agency:
            findings.append(
                F.AGENCY_DISAGREEMENT(
                    file=rec.file,
                    source=rec.cells.get("responsible_agency_raw"),
                    indicator_id=indicator_id,
                    kept=agency,
                    kept_cell=owner.cells.get("responsible_agency_raw"),
                    other=other,
                    other_cell=rec.cells.get("responsible_agency_raw"),
                )
            )


def check_evaluator_vs_maturity(
    indicator_id: str,
    row: dict[str, Any],
    self_recs: list[Record],
    followup_recs: list[Record],
    findings: list[Finding],
) -> None:
    """The evaluator's level (self-assessment) against the follow-up's maturity level."""
    if (
        row["evaluator_level"] is not None
        and row["maturity_level"] is not None
        and row["evaluator_level"] != row["maturity_level"]
    ):
        ev = next(rec for rec in self_recs if rec.fields.get("evaluator_level") is not None)
        mt = next(rec for rec in followup_recs if rec.fields.get("maturity_level") is not None)
        findings.append(
            F.EVALUATOR_VS_MATURITY(
                file=mt.file,
                source=mt.cells["maturity_level"],
                indicator_id=indicator_id,
                evaluator_level=row["evaluator_level"],
                evaluator_file=ev.file,
                evaluator_cell=ev.cells["evaluator_level"],
                maturity_level=row["maturity_level"],
                maturity_file=mt.file,
                maturity_cell=mt.cells["maturity_level"],
            )
        )


def check_missing_levels(
    indicator_id: str,
    row: dict[str, Any],
    self_recs: list[Record],
    followup_recs: list[Record],
    findings: list[Finding],
) -> None:
    """A level column a sheet has, left empty for the indicator."""
    for field_name, recs in (
        ("self_level", self_recs),
        ("evaluator_level", self_recs),
        ("maturity_level", followup_recs),
    ):
        with_column = [rec for rec in recs if field_name in rec.level_cells]
        if not with_column or row[field_name] is not None:
            continue
        # A cell holding text that is no level is not empty: its unreadable_level error
        # names it already; only the cells left blank are missing.
        unreadable = {(f.file, f.source) for f in findings if f.code == F.UNREADABLE_LEVEL.code}
        blank = [
            rec for rec in with_column if (rec.file, rec.level_cells[field_name]) not in unreadable
        ]
        if blank:
            cells = ", ".join(f"{rec.file} {rec.level_cells[field_name]}" for rec in blank)
            findings.append(
                F.MISSING_LEVEL(
                    file=blank[0].file,
                    source=blank[0].level_cells[field_name],
                    indicator_id=indicator_id,
                    label=_LEVEL_LABELS[field_name],
                    cells=cells,
                )
            )


def check_level_range(
    catalog: Framework,
    indicator_id: str,
    row: dict[str, Any],
    recs: list[Record],
    findings: list[Finding],
) -> None:
    """A level outside the framework's range is a finding, and is left empty in ``row``."""
    for field_name in ("self_level", "evaluator_level", "maturity_level"):
        level = row[field_name]
        if level is not None and not catalog.level_min <= level <= catalog.level_max:
            owner = next(rec for rec in recs if rec.fields.get(field_name) == level)
            findings.append(
                F.LEVEL_OUT_OF_RANGE(
                    file=owner.file,
                    source=owner.cells.get(field_name),
                    indicator_id=indicator_id,
                    level=level,
                    framework=catalog.id,
                    level_min=catalog.level_min,
                    level_max=catalog.level_max,
                )
            )
            row[field_name] = None


def check_level_texts(
    catalog: Framework,
    number: int,
    indicator_id: str,
    recs: list[Record],
    row: dict[str, Any],
    findings: list[Finding],
) -> None:
    """Compare each level cell's explanation with the framework's level criteria.

    A label whose text quotes another level's criterion clearly better is a warning naming
    the cell; the level itself is never changed (the published index follows the labels).
    ``row[<kind>_level_by_text]`` is the level the kept explanation describes.
    """
    for kind, level_field in LEVEL_FIELD.items():
        text_field = EXPLANATION_FIELD[kind]
        text = row.get(text_field)
        match = catalog.match_level(number, text) if text else None
        row[f"{kind}_level_by_text"] = match.level if match else None
        for rec in recs:
            level, explanation = rec.fields.get(level_field), rec.fields.get(text_field)
            if level is None or not explanation:
                continue
            check = catalog.check_label(number, level, explanation)
            if check is None:
                continue
            findings.append(
                F.LEVEL_TEXT_MISMATCH(
                    file=rec.file,
                    source=rec.cells.get(text_field),
                    indicator_id=indicator_id,
                    label_level=check.label_level,
                    label_cell=rec.cells.get(level_field),
                    text_level=check.text_level,
                    text_score=check.text_score,
                    label_score=check.label_score,
                    # "; low confidence: ..." when a criterion is suspect or single-source
                    confidence=check.doubt_note(),
                )
            )
