"""The blank template of a new round: the follow-up table with every indicator of a
framework and empty cells, dropdowns for levels, marks and agencies, and the hidden
KRITERIA and DAFTAR sheets those read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from spbe_xl.framework import Framework
from spbe_xl.writing import scores
from spbe_xl.writing.cells import Formats, Formula, put
from spbe_xl.writing.followup import instansi_line
from spbe_xl.writing.layout import (
    CRITERION_STATUS_LABELS,
    MARK,
    SHEET_CRITERIA,
    SHEET_FOLLOWUP,
    SHEET_LISTS,
    TEMPLATE_EVIDENCE_ROWS,
    TITLE_FOLLOWUP,
)
from spbe_xl.writing.metrics import text_height
from spbe_xl.writing.table import (
    Block,
    TableSheet,
    column_widths,
    finish_block,
    followup_columns,
    group_blocks,
    group_names,
)
from spbe_xl.writing.values import as_int, as_text, records

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook


def template_sheet(
    catalog: Framework,
    instansi: str | None,
    year: int | None,
    years: Sequence[int],
    agency_list: Sequence[str],
) -> TableSheet:
    """TINDAK LANJUT of the template: every indicator of ``catalog``, blank."""
    columns = scores.score_columns(followup_columns(years), catalog)
    widths = column_widths(columns)
    rows = _catalog_rows(catalog)
    blocks = [
        finish_block(_template_block(catalog, row["indicator_no"], row, widths), widths)
        for row in rows
    ]
    names = group_names(catalog, rows)
    title = [scores.title_followup(catalog, TITLE_FOLLOWUP)]
    line = instansi_line(instansi, year)
    if line:
        title.append(line)
    if catalog.is_score:
        title.append(scores.scale_line(catalog))
    return TableSheet(
        SHEET_FOLLOWUP,
        title,
        columns,
        group_blocks(rows, blocks, names),
        None,
        _validations(catalog, agency_list),
    )


def _catalog_rows(catalog: Framework) -> list[dict[str, Any]]:
    """The framework's indicators as indicator rows, in domain, aspect and number order."""
    rows: list[dict[str, Any]] = [
        {
            "indicator_id": str(int(i.indicator_no)),
            "indicator_no": int(i.indicator_no),
            "domain_no": as_int(i.domain_no),  # None: a framework without domains
            "aspect_no": int(i.aspect_no),
            "name": as_text(i.name),
            "question": as_text(i.question),
        }
        for i in catalog.indicators.itertuples()
    ]
    return sorted(
        rows, key=lambda row: (row["domain_no"] or 0, row["aspect_no"], row["indicator_no"])
    )


def _template_block(
    catalog: Framework, number: int, row: dict[str, Any], widths: dict[str, float]
) -> Block:
    """An indicator's blank block: its number, name and question, empty evidence sub-rows,
    tall enough for the longest of its criteria (the lookup's result is not measured)."""
    merged = {
        "id": number,
        "name": row["name"],
        "question": row["question"],
        "level": None,
        # the criterion of the level chosen in the dropdown (looked up in KRITERIA)
        "explanation": _criterion_lookup(number) if catalog.has_criteria else None,
        "recommendation": None,
        "agency": None,
    }
    guidance = catalog.evidence_guidance(number) if catalog.has_criteria else None
    comments = {"ev_text": f"Data dukung: {guidance}"} if guidance else {}
    doubt = _criteria_doubt(catalog, number)
    if doubt:
        comments["explanation"] = doubt
    if catalog.is_score:
        # the level scale beside the value cell: its note (and the check's input message)
        external = scores.external_note(catalog, number)
        comments["level"] = scores.scale_note(catalog) + (f"\n\n{external}" if external else "")
    return Block(
        merged,
        [{} for _ in range(TEMPLATE_EVIDENCE_ROWS)],
        min_row_pt=max(25.5, _criteria_height(catalog, number, widths) / TEMPLATE_EVIDENCE_ROWS),
        comments=comments,
    )


def _criteria_doubt(catalog: Framework, number: int) -> str | None:
    """A note on PENJELASAN LEVEL when some criteria of the indicator are doubtful."""
    if not catalog.has_criteria:
        return None
    by_status: dict[str, list[str]] = {}
    for level in range(catalog.level_min, catalog.level_max + 1):
        info = catalog.criterion_info(number, level)
        if info is not None and info.doubt and info.status:
            by_status.setdefault(info.status, []).append(str(level))
    parts = [
        f"kriteria level {' dan '.join(levels)} {CRITERION_STATUS_LABELS[status]}"
        for status, levels in by_status.items()
    ]
    return f"Catatan kriteria: {'; '.join(parts)}." if parts else None


def _criteria_height(catalog: Framework, number: int, widths: dict[str, float]) -> float:
    """The height (points) PENJELASAN LEVEL needs for the indicator's longest criterion."""
    if not catalog.has_criteria or "explanation" not in widths:
        return 0.0
    levels = range(catalog.level_min, catalog.level_max + 1)
    texts = [catalog.criterion(number, level) for level in levels]
    return max((text_height(t, widths["explanation"]) for t in texts), default=0.0)


def _validations(catalog: Framework, agency_list: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The dropdowns: the framework's levels, the ✓ mark, and the agencies if any."""
    levels = [f"LEVEL {n}" for n in range(catalog.level_min, catalog.level_max + 1)]
    validations: dict[str, dict[str, Any]] = {
        "level": scores.score_validation(catalog)
        if catalog.is_score
        else {
            "validate": "list",
            "source": levels,
            "input_title": "Tingkat kematangan",
            "input_message": f"Pilih LEVEL {catalog.level_min} sampai LEVEL {catalog.level_max}.",
            "error_title": "Level tidak dikenal",
            "error_message": f"Isi dengan salah satu dari: {', '.join(levels)}.",
        },
        "ada": {"validate": "list", "source": [MARK], "error_type": "warning"},
        "belum": {"validate": "list", "source": [MARK], "error_type": "warning"},
    }
    if agency_list:
        validations["agency"] = {
            "validate": "list",
            "source": f"={SHEET_LISTS}!$A$1:$A${len(agency_list)}",
            "input_title": "Perangkat daerah",
            "input_message": "Pilih perangkat daerah penanggung jawab.",
            "error_title": "Perangkat daerah",
            "error_message": "Nama ini tidak ada dalam daftar. Tetap dipakai?",
            "error_type": "warning",
        }
    return validations


def _criterion_lookup(indicator_no: int) -> Formula:
    """PENJELASAN LEVEL of a template row: the criterion of the level picked beside it."""
    return Formula(
        f'=IFERROR(VLOOKUP("{indicator_no}|"&{{level}},{SHEET_CRITERIA}!$A:$D,4,FALSE),"")'
    )


def write_lists_sheet(workbook: Workbook, agency_list: Sequence[str]) -> None:
    """DAFTAR, hidden: the agencies of the agency dropdown."""
    lists = workbook.add_worksheet(SHEET_LISTS)
    lists.set_column(0, 0, 60)
    for k, agency in enumerate(agency_list):
        put(lists, k, 0, agency, None)
    lists.hide()


def write_criteria_sheet(workbook: Workbook, fm: Formats, catalog: Framework) -> None:
    """KRITERIA, hidden: the framework's level criteria, keyed ``"<indicator>|LEVEL <n>"``
    for the template's VLOOKUPs."""
    ws = workbook.add_worksheet(SHEET_CRITERIA)
    headers = [
        "Kunci", "Indikator", "Level", "Kriteria", "Penjelasan level", "Data dukung",
        "Rumusan lain", "Status kriteria",
    ]  # fmt: skip
    for c, (header, width) in enumerate(zip(headers, (12, 9, 7, 70, 70, 70, 70, 24), strict=True)):
        ws.set_column(c, c, width)
        put(ws, 0, c, header, fm.plain(bold=True))
    criteria = catalog.criteria
    for r, item in enumerate(records(criteria), start=1):
        number, level = int(item["indicator_no"]), int(item["level"])
        for c, value in enumerate(
            (
                f"{number}|LEVEL {level}",
                number,
                level,
                as_text(item.get("criterion")),
                as_text(item.get("level_explanation")),
                as_text(item.get("evidence_guidance")),
                as_text(item.get("alt_criterion")),
                CRITERION_STATUS_LABELS.get(as_text(item.get("criterion_status")) or ""),
            )
        ):
            put(ws, r, c, value, None)
    source = as_text(catalog.criteria_source)
    if source:
        put(ws, len(criteria) + 2, 0, f"Sumber: {source}", None)
    ws.hide()
