"""The follow-up workbook's table sheets from a Book: the main sheet, one per agency, and
the self-assessment copy.

:func:`plan_followup` decides what each sheet shows (the rows in the catalog's order, one
block per indicator); :func:`spbe_xl.writers.write_followup` writes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spbe_xl.book import Book, Signature, indicator_agencies
from spbe_xl.framework import Criterion, Framework
from spbe_xl.text import fold, indicator_sort_key
from spbe_xl.writing import scores
from spbe_xl.writing.layout import (
    CRITERION_STATUS_LABELS,
    MARK,
    SHEET_FOLLOWUP,
    SHEET_LISTS,
    SHEET_NO_AGENCY,
    SHEET_SCHEDULE_PREFIX,
    SHEET_SELF_ASSESSMENT,
    SHEET_SUMMARY,
    TITLE_FOLLOWUP,
    TITLE_SELF_ASSESSMENT,
)
from spbe_xl.writing.sheetnames import agency_sheet_names
from spbe_xl.writing.table import (
    Block,
    Col,
    TableSheet,
    column_widths,
    finish_block,
    followup_columns,
    group_blocks,
    group_names,
    self_assessment_columns,
)
from spbe_xl.writing.values import as_int, as_text, id_value, is_missing, level_text, records


@dataclass
class FollowupPlan:
    """What the follow-up workbook shows, before a cell is written."""

    rows: list[dict[str, Any]]  # the indicator rows, in order (for JADWAL too)
    action_records: list[dict[str, Any]]  # the book's actions (for the blocks and JADWAL)
    sheets: list[TableSheet]  # TINDAK LANJUT, then one per agency, then TANPA PENANGGUNG JAWAB
    self_sheet: TableSheet | None  # PENILAIAN MANDIRI, only with self-assessment data
    filled: list[str]  # the ids whose PENJELASAN LEVEL was filled from the criteria


def plan_followup(
    book: Book,
    catalog: Framework,
    years: Sequence[int],
    schedule_year: int | None,
    signature: Signature | None,
    *,
    fill_explanations: bool,
) -> FollowupPlan:
    """The sheets of the follow-up workbook of ``book`` (see :func:`spbe_xl.writers.write_followup`)."""
    rows = ordered_indicators(book, catalog)
    agencies = agencies_by_indicator(book, rows)
    names = group_names(catalog, rows)
    evidence = evidence_by_indicator(book)
    action_records = records(book.actions, ACTION_KEYS)  # for the blocks and JADWAL
    actions = actions_by_indicator(book, years, action_records)
    use_evaluator = not _has_followup(rows)
    columns = scores.score_columns(followup_columns(years), catalog)
    widths = column_widths(columns)
    criterion = catalog.criterion_info if fill_explanations and catalog.has_criteria else None

    title = [scores.title_followup(catalog, TITLE_FOLLOWUP)]
    line = instansi_line(book.meta.instansi, book.meta.year)
    if line:
        title.append(line)

    main_blocks = [
        finish_block(
            _followup_block(
                row,
                evidence.get((row["indicator_id"], "recommended"), []),
                actions.get(row["indicator_id"], {}),
                years,
                use_evaluator=use_evaluator,
                agency=_raw_agency(row, agencies[row["indicator_id"]]),
                criterion=criterion,
                score=catalog.is_score,
            ),
            widths,
        )
        for row in rows
    ]
    filled = [
        str(row["indicator_id"])
        for row, block in zip(rows, main_blocks, strict=True)
        if "explanation" in block.comments
    ]
    sheets = [
        TableSheet(
            SHEET_FOLLOWUP, title, columns, group_blocks(rows, main_blocks, names), signature
        ),
        *_agency_sheets(
            rows, agencies, main_blocks, names, title, columns, signature, schedule_year
        ),
    ]
    self_sheet = None
    if _has_self_assessment(book, rows):
        self_sheet = _self_assessment_sheet(rows, agencies, evidence, names, line)
    return FollowupPlan(rows, action_records, sheets, self_sheet, filled)


def filled_note(catalog: Framework, filled: Iterable[str]) -> str:
    """RINGKASAN's note on the PENJELASAN LEVEL cells filled from the criteria."""
    return (
        "PENJELASAN LEVEL kosong diisi dari kriteria level kerangka "
        f"{catalog.id}: indikator {', '.join(filled)} (lihat catatan pada sel)."
    )


def _raw_agency(row: dict[str, Any], agencies: list[str]) -> str | None:
    """The agency as the all-indicators sheet shows it: as it was typed (the book's raw
    spelling); agency sheets and the self-assessment sheet show the normalised names."""
    return as_text(row.get("responsible_agency_raw")) or agencies_text(agencies)


def agencies_text(agencies: Sequence[str]) -> str | None:
    """An indicator's agencies as one cell shows them: ``"; "``-joined, the lead first."""
    return "; ".join(agencies) or None


def agencies_by_indicator(book: Book, rows: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Indicator id -> its agencies (normalised, the lead first; several for a shared
    indicator, see ``Book.responsibilities``), for every row of ``rows``."""
    listed = indicator_agencies(book)
    out: dict[str, list[str]] = {}
    for row in rows:
        lead = agency_of(row)
        names = [lead] if lead else []
        names += [a for a in listed.get(str(row["indicator_id"]), []) if a not in names]
        out[row["indicator_id"]] = names
    return out


def _agency_sheets(
    rows: list[dict[str, Any]],
    agencies_of: Mapping[str, list[str]],
    main_blocks: list[Block],
    names: tuple[dict[int, str], dict[int, str]],
    title: list[str],
    columns: list[Col],
    signature: Signature | None,
    schedule_year: int | None,
) -> list[TableSheet]:
    """One sheet per agency, then TANPA PENANGGUNG JAWAB for the indicators without one.
    A shared indicator is on the sheet of each of its agencies."""
    widths = column_widths(columns)
    main_by_id = {row["indicator_id"]: block for row, block in zip(rows, main_blocks, strict=True)}

    def agency_blocks(selected: list[dict[str, Any]]) -> list[Block]:
        """The blocks of an agency sheet: those of the main sheet, but for the agency shown
        (the normalised name there, the raw spelling on the main sheet).  Blocks are not
        changed once finished, so a block whose agency text is the same is shared."""
        out = []
        for row in selected:
            block = main_by_id[row["indicator_id"]]
            agency = agencies_text(agencies_of[row["indicator_id"]])
            if block.merged["agency"] != agency:
                block = finish_block(
                    replace(block, merged={**block.merged, "agency": agency}), widths
                )
            out.append(block)
        return out

    by_agency: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        row_agencies: list[str | None] = [*agencies_of[row["indicator_id"]]] or [None]
        for agency in row_agencies:
            by_agency.setdefault(agency, []).append(row)
    agencies = [a for a in by_agency if a is not None]
    reserved = [
        SHEET_FOLLOWUP,
        SHEET_SUMMARY,
        SHEET_SELF_ASSESSMENT,
        SHEET_NO_AGENCY,
        SHEET_LISTS,
        *(f"{SHEET_SCHEDULE_PREFIX} {y}" for y in ([schedule_year] if schedule_year else [])),
    ]
    sheet_names = agency_sheet_names(agencies, reserved)
    sheets = []
    for agency in agencies:
        selected = by_agency[agency]
        sheets.append(
            TableSheet(
                sheet_names[agency],
                [*title, f"PERANGKAT DAERAH: {agency}"],
                columns,
                group_blocks(selected, agency_blocks(selected), names),
                signature,
            )
        )
    if None in by_agency:
        selected = by_agency[None]
        sheets.append(
            TableSheet(
                SHEET_NO_AGENCY,
                [*title, "PERANGKAT DAERAH: (BELUM DITENTUKAN)"],
                columns,
                group_blocks(selected, agency_blocks(selected), names),
                signature,
            )
        )
    return sheets


def _self_assessment_sheet(
    rows: list[dict[str, Any]],
    agencies_of: Mapping[str, list[str]],
    evidence: Mapping[tuple[str, str], list[dict[str, Any]]],
    names: tuple[dict[int, str], dict[int, str]],
    line: str | None,
) -> TableSheet:
    """PENILAIAN MANDIRI: the self-assessment layout, so that nothing of the book is lost."""
    self_columns = self_assessment_columns()
    self_widths = column_widths(self_columns)
    self_title = [TITLE_SELF_ASSESSMENT]
    if line:
        self_title.append(line)
    blocks = [
        finish_block(
            _self_assessment_block(row, evidence, agencies_text(agencies_of[row["indicator_id"]])),
            self_widths,
        )
        for row in rows
    ]
    return TableSheet(
        SHEET_SELF_ASSESSMENT, self_title, self_columns, group_blocks(rows, blocks, names)
    )


def _has_followup(rows: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the book has follow-up data (a maturity level or explanation); ``rows``: its
    indicators as :func:`ordered_indicators` gives them (no pass over frame columns)."""
    return any(
        not (is_missing(row.get("maturity_level")) and is_missing(row.get("maturity_explanation")))
        for row in rows
    )


_SELF_ASSESSMENT_COLUMNS = (
    "self_level",
    "self_explanation",
    "evaluator_level",
    "evaluator_explanation",
)


def _has_self_assessment(book: Book, rows: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the book has self-assessment data (``rows`` as for :func:`_has_followup`)."""
    if any(not is_missing(row.get(c)) for row in rows for c in _SELF_ASSESSMENT_COLUMNS):
        return True
    return bool(book.evidence["kind"].isin(["self", "optimal"]).any())


def agency_of(row: Mapping[str, Any]) -> str | None:
    """The normalised agency of an indicator row (falls back to the folded raw spelling)."""
    agency = as_text(row.get("responsible_agency"))
    if agency is None and as_text(row.get("responsible_agency_raw")):
        agency = fold(str(row["responsible_agency_raw"])).strip(" ,;.") or None
    return agency


def plan_years(book: Book, plan_years: Sequence[int] | None) -> list[int]:
    """The RENCANA AKSI TAHUN ... years: ``plan_years``, else the book's plan years (else its
    year and the two after it) and every year its actions have."""
    if plan_years is not None:
        years = {int(y) for y in plan_years}
    else:
        years = set(book.meta.plan_years)
        if not years and book.meta.year:
            years = {book.meta.year, book.meta.year + 1, book.meta.year + 2}
        years |= {int(y) for y in book.actions["year"].tolist() if not is_missing(y)}
    for year in years:
        if not 1900 <= year <= 2200:
            raise ValueError(f"plan year {year} is not a year")
    return sorted(years)


def ordered_indicators(book: Book, catalog: Framework) -> list[dict[str, Any]]:
    """The book's indicator rows (ids as text, numbers filled in, domain, aspect, name and
    question from the catalog where the book has none) in the catalog's order."""
    rows = records(book.indicators)
    ids = [str(r["indicator_id"]) for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1}, key=indicator_sort_key)
    if duplicates:
        raise ValueError(f"the book lists indicators {', '.join(duplicates)} more than once")
    for row in rows:
        _fill_from_catalog(row, catalog)

    def order(row: dict[str, Any]) -> tuple[Any, ...]:
        domain, aspect = as_int(row.get("domain_no")), as_int(row.get("aspect_no"))
        return (
            domain is None,
            domain or 0,
            aspect is None,
            aspect or 0,
            indicator_sort_key(row["indicator_id"]),
        )

    return sorted(rows, key=order)


def _fill_from_catalog(row: dict[str, Any], catalog: Framework) -> None:
    """The row's id as text, its number (from the id if need be), and what it lacks of its
    domain, aspect, name and question from the catalog."""
    row["indicator_id"] = str(row["indicator_id"])
    number = as_int(row.get("indicator_no"))
    if number is None:
        match = re.match(r"\d+", row["indicator_id"])
        number = int(match.group(0)) if match else None
    row["indicator_no"] = number
    info = catalog.indicator(number) if number is not None and catalog.has_indicator(number) else {}
    for key in ("domain_no", "aspect_no"):
        if as_int(row.get(key)) is None and info:
            row[key] = info[key]
    for key in ("name", "question"):
        if as_text(row.get(key)) is None and info.get(key):
            row[key] = info[key]


EVIDENCE_KEYS = ("indicator_id", "kind", "item_no", "text", "status")  # what the blocks read
ACTION_KEYS = ("indicator_id", "year", "month", "text")  # what the blocks and JADWAL read


def evidence_by_indicator(book: Book) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(indicator id, kind) -> the book's evidence items, in the book's order."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in records(book.evidence, EVIDENCE_KEYS):
        out.setdefault((str(item["indicator_id"]), str(item["kind"])), []).append(item)
    return out


def actions_by_indicator(
    book: Book, plan_years: Sequence[int], actions: list[dict[str, Any]]
) -> dict[str, dict[int, list[str]]]:
    """indicator -> year -> distinct action texts, in the book's order (``actions``: the
    book's actions, ``records(book.actions, ACTION_KEYS)``)."""
    default_year = book.meta.year if book.meta.year in plan_years else None
    if default_year is None and plan_years:
        default_year = plan_years[0]
    out: dict[str, dict[int, list[str]]] = {}
    for action in actions:
        text = as_text(action.get("text"))
        year = as_int(action.get("year"))
        year = default_year if year is None else year
        if text is None or year is None or year not in plan_years:
            continue
        texts = out.setdefault(str(action["indicator_id"]), {}).setdefault(year, [])
        if text not in texts:
            texts.append(text)
    return out


def _followup_block(
    row: dict[str, Any],
    evidence: list[dict[str, Any]],
    actions: dict[int, list[str]],
    plan_years: Sequence[int],
    *,
    use_evaluator: bool,
    agency: str | None,
    criterion: Callable[[int, int], Criterion | None] | None = None,
    score: bool = False,
) -> Block:
    level_key, expl_key = (
        ("evaluator_level", "evaluator_explanation")
        if use_evaluator
        else ("maturity_level", "maturity_explanation")
    )
    if score:  # a decimal value (Pemdi): the number itself, never cut to a level
        return scores.score_block(
            _followup_block(row, evidence, actions, plan_years, use_evaluator=use_evaluator,
                            agency=agency),
            row.get(level_key),
        )  # fmt: skip
    level = as_int(row.get(level_key))
    explanation = as_text(row.get(expl_key))
    comments: dict[str, str] = {}
    if explanation is None and level is not None and criterion is not None:
        info = criterion(int(row["indicator_no"]), level)
        if info is not None:
            explanation = info.text
            comments["explanation"] = (
                f"Diisi otomatis oleh spbe-xl dari kriteria LEVEL {level} indikator "
                f"{row['indicator_id']}: penjelasan di workbook asal kosong."
            )
            if info.doubt and info.status:  # suspect or single source: say so
                comments["explanation"] += f" Kriteria ini {CRITERION_STATUS_LABELS[info.status]}."
    merged: dict[str, Any] = {
        "id": id_value(row["indicator_id"]),
        "name": as_text(row.get("name")),
        "question": as_text(row.get("question")),
        "level": level_text(level),
        "explanation": explanation,
        "recommendation": as_text(row.get("recommendation")),
        "agency": agency,
    }
    rows: list[dict[str, Any]] = []
    for item in evidence:
        status = as_text(item.get("status"))
        rows.append(
            {
                "ev_no": as_int(item.get("item_no")),
                "ev_text": as_text(item.get("text")),
                "ada": MARK if status == "ada" else None,
                "belum": MARK if status == "belum ada" else None,
            }
        )
    for year in plan_years:
        texts = actions.get(year, [])
        if len(texts) <= 1:
            merged[f"action:{year}"] = texts[0] if texts else None
            continue
        while len(rows) < len(texts):
            rows.append({})
        for k, text in enumerate(texts):
            rows[k][f"action:{year}"] = text
    return Block(merged, rows, comments=comments)


def _self_assessment_block(
    row: dict[str, Any],
    evidence: Mapping[tuple[str, str], list[dict[str, Any]]],
    agency: str | None,
) -> Block:
    merged: dict[str, Any] = {
        "id": id_value(row["indicator_id"]),
        "name": as_text(row.get("name")),
        "question": as_text(row.get("question")),
        "self_level": scores.level_cell(row.get("self_level")),
        "self_explanation": as_text(row.get("self_explanation")),
        "evaluator_level": scores.level_cell(row.get("evaluator_level")),
        "evaluator_explanation": as_text(row.get("evaluator_explanation")),
        "agency": agency,
    }
    rows: list[dict[str, Any]] = []
    for kind in ("self", "optimal"):
        for k, item in enumerate(evidence.get((row["indicator_id"], kind), [])):
            while len(rows) <= k:
                rows.append({})
            rows[k][f"{kind}_no"] = as_int(item.get("item_no"))
            rows[k][f"{kind}_text"] = as_text(item.get("text"))
    return Block(merged, rows)


def instansi_line(instansi: str | None, year: int | None) -> str | None:
    """The title line "DI LINGKUNGAN <INSTANSI> TAHUN <year>" (None without either)."""
    parts = []
    if instansi:
        parts.append(f"DI LINGKUNGAN {fold(instansi).upper()}")
    if year:
        parts.append(f"TAHUN {year}")
    return " ".join(parts) or None
