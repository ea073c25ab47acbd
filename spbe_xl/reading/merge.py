"""One book from several sheets and files: read_workbook's phases.

1. ``parse_files``: open each file (grid) and walk its sheets (walk) into records;
2. ``classify_sheets``: which follow-up sheet holds all indicators, which are agencies';
3. ``resolve_catalog``: the titles' instansi and year, and the framework (the one policy,
   ``framework.framework_resolution``: the year's framework as the indicators confirm it);
4. ``unify_book_agencies``: the agencies each cell names (a cell may name several), one
   spelling per agency, each agency sheet's agency (agencies);
5. ``merge_indicators``: each indicator's records into one row, each field from the sheet
   that owns it, disagreements checked (checks) and reported;
6. ``collect_actions`` and ``book_meta``; the frames are built by frames.frame.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spbe_xl import findings as F
from spbe_xl.book import BookMeta, ReadError, SheetInfo
from spbe_xl.findings import Finding
from spbe_xl.reading.agencies import (
    AliasTable,
    names_agency,
    normalize_agency,
    packaged_aliases,
    split_book_agencies,
    titled_agency,
    unify_agencies,
)
from spbe_xl.reading.checks import (
    check_agencies,
    check_banners,
    check_evaluator_vs_maturity,
    check_level_range,
    check_level_texts,
    check_missing_levels,
    owned_value,
)
from spbe_xl.reading.grid import is_empty_row, open_workbook
from spbe_xl.reading.headers import LayoutCache, group_role
from spbe_xl.reading.records import Record, SheetResult
from spbe_xl.reading.titles import read_title
from spbe_xl.reading.walk import parse_sheet
from spbe_xl.text import fold, indicator_sort_key, match_key

if TYPE_CHECKING:
    from spbe_xl.framework import Framework, Resolution

_FOLLOWUP_FIELDS = ("maturity_level", "maturity_explanation", "recommendation")
_SELF_FIELDS = ("self_level", "self_explanation", "evaluator_level", "evaluator_explanation")

SheetKey = tuple[str, str]  # (file, sheet name)


# --------------------------------------------------------------------------- 1. parse


def parse_files(paths: list[Path]) -> list[SheetResult]:
    """Every sheet of every file walked; ReadError for a file without an indicator table."""
    results: list[SheetResult] = []
    layouts: LayoutCache = {}  # header layouts, for this read only
    for path in paths:
        sheets = open_workbook(path)
        if not sheets or all(all(is_empty_row(row) for row in s.rows) for s in sheets):
            raise ReadError("the workbook has no data (every sheet is empty)", file=path.name)
        parsed = [parse_sheet(sheet, layouts) for sheet in sheets]
        if not any(p.records for p in parsed):
            headers = [p for p in parsed if p.header_row is not None]
            hint = (
                f"sheet {headers[0].sheet.name!r} has an indicator header but no indicator rows"
                if headers
                else "no sheet has an SPBE indicator table (a header row with INDIKATOR, "
                "URAIAN/PERTANYAAN and NILAI TINGKAT KEMATANGAN or PENILAIAN MANDIRI); "
                + sheets_looked_at(parsed)
            )
            raise ReadError(hint, file=path.name)
        results.extend(parsed)
    _one_ignored_column_finding_per_file(results)
    return results


_SHOWN_SHEETS = 5  # sheets named in the "no SPBE table" error, the rest counted
_SHOWN_TEXTS = 4  # texts of a sheet's header-like row shown
_SHOWN_CHARS = 30  # characters of each text shown
_HEADER_SEARCH_ROWS = 40  # rows searched for a header-like row


def sheets_looked_at(parsed: list[SheetResult]) -> str:
    """The sheets of a file with no indicator table, each with the row that looks most
    like a header (the first with two or more short texts, else the first with a text),
    clipped: ``sheets looked at: 'Penjualan' row 1: Tanggal | Barang | Jumlah | Harga``."""
    parts = []
    for result in parsed[:_SHOWN_SHEETS]:
        sheet = result.sheet
        rows = [
            (r, [fold(t) for t in sheet.row_texts(r) if t])
            for r in range(min(len(sheet.rows), _HEADER_SEARCH_ROWS))
        ]
        rows = [(r, texts) for r, texts in rows if texts]
        if not rows:
            parts.append(f"{sheet.name!r} empty")
            continue
        r, texts = next(
            ((r, t) for r, t in rows if len(t) >= 2 and max(map(len, t)) <= 80), rows[0]
        )
        shown = [t if len(t) <= _SHOWN_CHARS else t[: _SHOWN_CHARS - 1] + "…" for t in texts]
        more = " | …" if len(shown) > _SHOWN_TEXTS else ""
        parts.append(f"{sheet.name!r} row {r + 1}: {' | '.join(shown[:_SHOWN_TEXTS])}{more}")
    if len(parsed) > _SHOWN_SHEETS:
        parts.append(f"{len(parsed) - _SHOWN_SHEETS} more")
    return "sheets looked at: " + "; ".join(parts)


def _one_ignored_column_finding_per_file(results: list[SheetResult]) -> None:
    """An ``ignored_column`` finding once per file, column and header: the agency sheets of
    a follow-up repeat its header, and its unread columns are named on the first sheet."""
    seen: set[tuple[str, str]] = set()
    for res in results:
        kept = []
        for finding in res.findings:
            if finding.code == F.IGNORED_COLUMN.code:
                key = (finding.file, finding.message)
                if key in seen:
                    continue
                seen.add(key)
            kept.append(finding)
        res.findings[:] = kept


# --------------------------------------------------------------------------- 2. classify


def classify_sheets(
    results: list[SheetResult], findings: list[Finding] | None = None
) -> dict[SheetKey, str]:
    """Each sheet's kind, from its title, its groups and its columns together (see
    ``sheet_kind``); each result's ``kind_reason`` says why.  Of the follow-up sheets, the
    one with the most rows holds all indicators ("followup"), the others are agencies'
    ("agency_followup").  A sheet whose kind cannot be told is "ambiguous", and an
    ``ambiguous_sheet`` error in ``findings``."""
    sheet_kinds: dict[SheetKey, str] = {}
    for res in results:
        if not res.records and res.header_row is None:
            kind = res.kind if res.kind == "schedule" else "ignored"
            res.kind_reason = (
                "a monthly schedule grid" if kind == "schedule" else "no indicator table"
            )
        else:
            kind, res.kind_reason = sheet_kind(res)
            if kind == "ambiguous" and findings is not None:
                findings.append(
                    F.AMBIGUOUS_SHEET(
                        file=res.sheet.file,
                        source=res.sheet.ref(res.header_row or 0, 0),
                        sheet=res.sheet.name,
                        reason=res.kind_reason,
                    )
                )
        sheet_kinds[(res.sheet.file, res.sheet.name)] = kind
    followups = [
        res for res in results if sheet_kinds[(res.sheet.file, res.sheet.name)] == "followup"
    ]
    main_followup = max(
        (res for res in followups if res.records), key=lambda res: len(res.records), default=None
    )
    for res in followups:
        if res is not main_followup:
            sheet_kinds[(res.sheet.file, res.sheet.name)] = "agency_followup"
            of_main = (
                f" of the {len(main_followup.records)} of {main_followup.sheet.name!r}"
                if main_followup is not None
                else ""
            )
            res.kind_reason = (
                f"{res.kind_reason}; {len(res.records)} indicators{of_main}: an agency's sheet"
            )
        elif len(followups) > 1:
            res.kind_reason = f"{res.kind_reason}; the follow-up sheet with the most indicators"
    return sheet_kinds


# Title words (match form) of each kind; the sheet's name counts as a title line.
_SELF_TITLE_PHRASES = ("PENILAIAN MANDIRI", "LEMBAR KERJA", "SELF ASSESSMENT")
_SELF_TITLE_WORDS = ("PM", "LKE")
_FOLLOWUP_TITLE_PHRASES = ("TINDAK LANJUT", "MONITORING")
_FOLLOWUP_TITLE_WORDS = ("TL",)


def _title_says(res: SheetResult) -> tuple[str | None, str | None]:
    """(kind, the title line that says it) from the sheet's title rows and name; None when
    they say nothing, or both kinds."""
    says: dict[str, str] = {}
    for line in [*res.title, res.sheet.name]:
        key = match_key(line)
        words = key.split()
        if any(p in key for p in _FOLLOWUP_TITLE_PHRASES) or any(
            w in words for w in _FOLLOWUP_TITLE_WORDS
        ):
            says.setdefault("followup", line)
        elif (
            any(p in key for p in _SELF_TITLE_PHRASES)
            or any(w in words for w in _SELF_TITLE_WORDS)
            or key.startswith("EVALUASI")
        ):
            says.setdefault("self_assessment", line)
    if len(says) == 1:
        kind, line = next(iter(says.items()))
        return kind, line
    return None, None


def sheet_kind(res: SheetResult) -> tuple[str, str]:
    """(kind, reason) of a sheet with an indicator table: "self_assessment", "followup" or
    "ambiguous".

    The columns speak first: an evaluator's level, the self-assessment's evidence or a
    PENILAIAN MANDIRI / HASIL EVALUASI group say self-assessment; a maturity level, a
    recommendation, its evidence or action plans say follow-up (a self level says neither:
    a follow-up may carry it).  Columns of one kind decide; columns of both, or of
    neither, leave it to the title rows and the sheet's name; when they say nothing
    either, a sheet of both kinds' columns is ambiguous (an error, its levels unread) and
    one with a self level alone a self-assessment.
    """
    cols = res.columns
    own: list[str] = []
    followup: list[str] = []
    if cols is not None:
        own, followup = cols.evidence_for_kind()
        for group in cols.groups:
            role = group_role(group)
            if role is not None and role[0] == "level" and role[1] in ("self", "evaluator"):
                own.append(f"group {group}")
    title_kind, title_line = _title_says(res)
    title = f"title {title_line!r}" if title_line else "no title of either kind"

    def listed(texts: list[str]) -> str:
        names = list(dict.fromkeys(t.replace("\n", " ") for t in texts))
        return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")

    if own and not followup:
        note = "" if title_kind in (None, "self_assessment") else f" (but the {title})"
        return "self_assessment", f"self-assessment columns: {listed(own)}{note}"
    if followup and not own:
        note = "" if title_kind in (None, "followup") else f" (but the {title})"
        return "followup", f"follow-up columns: {listed(followup)}{note}"
    if own and followup:
        both = f"self-assessment columns {listed(own)} and follow-up columns {listed(followup)}"
        if title_kind is not None:
            return title_kind, f"{both}; decided by the {title}"
        return "ambiguous", f"{both}, {title}"
    if title_kind is not None:
        return title_kind, f"no column of either kind; the {title}"
    if cols is not None and "self" in cols.levels:
        return "self_assessment", "a self level (PENILAIAN MANDIRI) and no follow-up column"
    return "self_assessment", "no level column and no title of either kind"


# --------------------------------------------------------------------------- 3. framework


def resolve_catalog(
    results: list[SheetResult],
    framework: str | Framework | None,
    findings: list[Finding] | None = None,
    *,
    criteria: str | os.PathLike[str] | None = None,
) -> tuple[Framework, str | None, int | None]:
    """(framework, instansi, year): the titles' instansi and evaluation year, and the
    framework of the one policy (``framework.framework_resolution``): the caller's, else the
    one in force in the year as the indicators confirm it.  A year and indicators that
    point to different frameworks are a ``framework_contradiction`` error, a year no
    packaged framework covers a ``framework_year_uncovered`` warning (into ``findings``).
    ``criteria``: an office's criteria CSV put over the framework's (a ReadError when it
    does not fit the framework)."""
    from spbe_xl.framework import framework_resolution, packaged_rounds
    from spbe_xl.reading.scores import decimal_cells

    tables = [res for res in results if res.records]
    records = [rec for res in tables for rec in res.records]
    # The title rows of the sheets that hold indicator tables (not of a summary sheet).
    title_lines = [line for res in tables for line in res.title]
    title = read_title(title_lines, [res.sheet.name for res in tables])
    decimals = decimal_cells(tables)
    resolution = framework_resolution(
        framework,
        indicator_numbers=[rec.indicator_no for rec in records],
        indicator_names=[
            (rec.indicator_no, name) for rec in records if (name := rec.fields.get("name"))
        ],
        year=title.year,
        decimal_values=len(decimals),
        title_lines=title_lines,
    )
    _value_findings(resolution, tables, decimals, findings if findings is not None else [])
    if findings is not None and title.year is not None:
        where = _year_sheet(tables, title.year_text)
        file, source = (where.sheet.file, where.sheet.name) if where else ("", None)
        if resolution.contradiction:
            assert resolution.in_force is not None and resolution.evidence is not None
            findings.append(
                F.FRAMEWORK_CONTRADICTION(
                    file=file,
                    source=source,
                    year=title.year,
                    year_text=title.year_text,
                    in_force=resolution.in_force.id,
                    in_force_rounds=resolution.in_force.rounds_label(),
                    evidence=resolution.evidence.id,
                    evidence_text=resolution.evidence_text,
                    framework=resolution.framework.id,
                )
            )
        elif resolution.year_uncovered:
            findings.append(
                F.FRAMEWORK_YEAR_UNCOVERED(
                    file=file,
                    source=source,
                    year=title.year,
                    year_text=title.year_text,
                    packaged=packaged_rounds(),
                    framework=resolution.framework.id,
                    why=resolution.evidence_text or "nothing else decides: the nearest earlier one",
                )
            )
    catalog = resolution.framework
    if criteria is not None:
        from spbe_xl.framework import FrameworkError
        from spbe_xl.framework.criteria import apply_criteria

        try:
            catalog = apply_criteria(catalog, Path(criteria))
        except FrameworkError as exc:
            raise ReadError(f"the criteria file does not fit {catalog.id}: {exc}") from exc
    return catalog, title.instansi, title.year


def _value_findings(
    resolution: Resolution,
    tables: list[SheetResult],
    decimals: list[tuple[Record, str, float]],
    findings: list[Finding],
) -> None:
    """A framework chosen by the values' decimals or the title (``framework_by_values``),
    or not certain (``framework_undecided``: every value left empty, none scored under a
    framework that may be the wrong one).  Both on the first sheet of indicators."""
    from spbe_xl.reading.scores import withhold_values

    if not tables:
        return  # no indicator read: nothing was weighed
    first = tables[0].sheet
    if resolution.how == "values":
        others = [f.id for f in resolution.candidates if f.id != resolution.framework.id]
        findings.append(
            F.FRAMEWORK_BY_VALUES(
                file=first.file,
                source=first.name,
                why=resolution.evidence_text
                + (
                    " ("
                    + ", ".join(
                        f"{ref} {value:g}".replace(".", ",") for _, ref, value in decimals[:3]
                    )
                    + ")"
                    if decimals
                    else ""
                ),
                framework=resolution.framework.id,
                highest=max(r.indicator_no for res in tables for r in res.records),
                others=", ".join(others),
            )
        )
    elif resolution.undecided:
        count = withhold_values(tables, findings)
        findings.append(
            F.FRAMEWORK_UNDECIDED(
                file=first.file,
                source=first.name,
                reason=resolution.undecided,
                count=count,
                framework=resolution.framework.id,
                candidates=", ".join(f.id for f in resolution.candidates),
            )
        )


def _year_sheet(tables: list[SheetResult], year_text: str | None) -> SheetResult | None:
    """The sheet whose title line (or name) the year was read from."""
    for res in tables:
        if year_text == f"sheet name {res.sheet.name!r}" or any(
            fold(line) == year_text for line in res.title
        ):
            return res
    return tables[0] if tables else None


# --------------------------------------------------------------------------- 4. agencies


@dataclass
class Agencies:
    """The book's agency cells: each cell's parts (the agencies it names, as typed), each
    part's canonical spelling, and each sheet's agency (the one most of its rows name)."""

    mapping: dict[str, str]  # folded part -> canonical
    parts: dict[str, list[str]] = field(default_factory=dict)  # cell text -> its parts
    sheets: dict[SheetKey, str] = field(default_factory=dict)
    # the sheets of one agency: each of its rows that names agencies names that one
    one_agency: set[SheetKey] = field(default_factory=set)
    # cell text -> its (part, canonical) and its canonical names, resolved once
    _resolved: dict[Any, tuple[tuple[str, str], ...]] = field(default_factory=dict, repr=False)
    _names: dict[Any, list[str]] = field(default_factory=dict, repr=False)

    def parts_of(self, rec: Record) -> tuple[tuple[str, str], ...]:
        """(part as typed, canonical) of each agency the record's cell names, in order."""
        raw = rec.fields.get("responsible_agency_raw")
        if not raw:
            return ()
        resolved = self._resolved.get(raw)
        if resolved is None:  # (each cell text resolved once: records repeat them)
            out: list[tuple[str, str]] = []
            for part in self.parts.get(str(raw), [str(raw)]):
                folded = normalize_agency(part)
                canonical = self.mapping.get(folded) if folded else None
                if canonical and all(c != canonical for _, c in out):
                    out.append((part, canonical))
            resolved = self._resolved[raw] = tuple(out)
            self._names[raw] = [canonical for _, canonical in out]
        return resolved

    def all_of(self, rec: Record) -> list[str]:
        """The record's responsible agencies, canonical, the lead first (do not change it:
        it is shared by the records of one cell text)."""
        raw = rec.fields.get("responsible_agency_raw")
        if not raw:
            return []
        names = self._names.get(raw)
        if names is None:
            self.parts_of(rec)
            names = self._names[raw]
        return names

    def of(self, rec: Record) -> str | None:
        """The record's (lead) responsible agency, canonical (None when it names none)."""
        names = self.all_of(rec)
        return names[0] if names else None

    def sheet_agency(self, res: SheetResult) -> str | None:
        return self.sheets.get((res.sheet.file, res.sheet.name))


def unify_book_agencies(
    results: list[SheetResult], findings: list[Finding], aliases: AliasTable | None = None
) -> Agencies:
    """Split the agency cells of every record of the book into the agencies they name,
    unify their spellings (reading.agencies), and find each sheet's agency."""
    table = aliases or packaged_aliases()
    named = [  # (cell text, file, cell) of every record naming an agency, in order
        (str(raw), rec.file, rec.cells.get("responsible_agency_raw") or rec.source)
        for res in results
        for rec in res.records
        if (raw := rec.fields.get("responsible_agency_raw")) and normalize_agency(str(raw))
    ]
    cells: dict[str, list[tuple[str, str]]] = {}  # cell text -> (file, cell) of each
    for raw, file, cell in named:
        cells.setdefault(raw, []).append((file, cell))
    parts, split_findings = split_book_agencies(cells, table)
    findings.extend(split_findings)
    occurrences = [
        (folded, file, cell)
        for raw, file, cell in named
        for part in parts[raw]
        if (folded := normalize_agency(part))
    ]
    mapping, agency_findings = unify_agencies(occurrences, aliases=table)
    findings.extend(agency_findings)
    agencies = Agencies(mapping, parts)
    for res in results:
        agency = _majority_agency(res, agencies, table)
        if agency is not None:
            key = (res.sheet.file, res.sheet.name)
            agencies.sheets[key] = agency
            if all(agency in names for rec in res.records if (names := agencies.all_of(rec))):
                agencies.one_agency.add(key)
    return agencies


def _majority_agency(res: SheetResult, agencies: Agencies, table: AliasTable) -> str | None:
    """The agency most of the sheet's rows name; on a tie, the one its name or title names
    (else the first of them); where no row names one, the one its title names."""
    counts = Counter(a for rec in res.records for a in agencies.all_of(rec))
    if not counts:  # no row names one: the title may ("PERANGKAT DAERAH: …")
        return titled_agency(res.title, dict.fromkeys(agencies.mapping.values()))
    top = counts.most_common(1)[0][1]
    tied = [a for a, n in counts.items() if n == top]
    if len(tied) > 1:
        texts = [res.sheet.name, *res.title]
        named = [a for a in tied if any(names_agency(text, a, table) for text in texts)]
        if len(named) == 1:
            return named[0]
    return tied[0]


# --------------------------------------------------------------------------- 5. merge


@dataclass
class Merged:
    """The rows of the book's frames, as records."""

    indicators: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    responsibilities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Owners:
    """An indicator's records by the kind of their sheet."""

    self_recs: list[Record]
    main_recs: list[Record]
    agency_recs: list[Record]
    # The records of sheets of no certain kind: they give an indicator's name, never a level.
    unsure_recs: list[Record] = field(default_factory=list)
    followup_recs: list[Record] = field(init=False)  # main_recs + agency_recs
    # Where the self-assessment's fields come from: its sheets, then a follow-up that carries
    # them (a monitoring export's Penilaian Mandiri column), which fills their gaps.
    self_source: list[Record] = field(init=False)

    def __post_init__(self) -> None:
        self.followup_recs = self.main_recs + self.agency_recs
        self.self_source = self.self_recs + self.followup_recs


def merge_indicators(
    results: list[SheetResult],
    sheet_kinds: dict[SheetKey, str],
    catalog: Framework,
    agencies: Agencies,
    findings: list[Finding],
) -> Merged:
    """Each indicator's records merged into its row, in the catalog's order."""
    by_id: dict[str, dict[str, list[Record]]] = {}
    for res in results:
        kind = sheet_kinds[(res.sheet.file, res.sheet.name)]
        for rec in res.records:
            by_id.setdefault(rec.indicator_id, {}).setdefault(kind, []).append(rec)
    merged = Merged()
    # (Ids sort by number and instance only: "35" and "35-0" keep the order they were read.)
    for indicator_id in sorted(by_id, key=lambda i: indicator_sort_key(i)[:2]):
        kinds = by_id[indicator_id]
        owners = _Owners(
            kinds.get("self_assessment", []),
            kinds.get("followup", []),
            kinds.get("agency_followup", []),
            kinds.get("ambiguous", []),
        )
        row = _indicator_row(indicator_id, owners, catalog, agencies, findings)
        if row is None:
            continue
        merged.responsibilities.extend(row.pop("_responsibilities", []))
        merged.indicators.append(row)
        _take_evidence_and_actions(owners, merged)
    return merged


def _indicator_row(
    indicator_id: str,
    owners: _Owners,
    catalog: Framework,
    agencies: Agencies,
    findings: list[Finding],
) -> dict[str, Any] | None:
    """The indicator's row, or None (and a finding) for an indicator the catalog lacks."""
    self_recs, followup_recs = owners.self_recs, owners.followup_recs
    any_rec = (owners.main_recs or self_recs or owners.agency_recs or owners.unsure_recs)[0]
    number = any_rec.indicator_no
    if not catalog.has_indicator(number):
        findings.append(
            F.UNKNOWN_INDICATOR(
                file=any_rec.file,
                source=any_rec.source,
                indicator_id=indicator_id,
                framework=catalog.id,
                count=len(catalog.indicators),
            )
        )
        return None
    info = catalog.indicator(number)
    if "-" in indicator_id and not info.get("multi_instance", False):
        findings.append(
            F.UNEXPECTED_INSTANCE(
                file=any_rec.file, source=any_rec.source, indicator_id=indicator_id, number=number
            )
        )
    for rec in [*self_recs, *followup_recs]:
        check_banners(rec, info, findings)
    row = _catalog_fields(indicator_id, number, info, catalog)
    owner = (owners.main_recs or followup_recs or self_recs or owners.unsure_recs)[0]
    row["file"], row["source"] = owner.file, owner.source
    for field_name in ("name", "question"):
        row[field_name] = next(
            (
                rec.fields[field_name]
                for rec in [*followup_recs, *self_recs, *owners.unsure_recs]
                if rec.fields.get(field_name)
            ),
            info.get(field_name) or None,
        )
    # Self-assessment fields: owned by the self-assessment sheet; a follow-up that carries
    # them fills its gaps (a different value is a sheet_disagreement).
    self_source = owners.self_source
    for field_name in _SELF_FIELDS:
        row[field_name] = owned_value(field_name, self_source, findings, indicator_id)
    # Follow-up fields: owned by the all-indicators sheet, agency sheets fill gaps; never
    # from a self-assessment sheet (a book without a follow-up has no maturity levels).
    for field_name in _FOLLOWUP_FIELDS:
        row[field_name] = owned_value(field_name, followup_recs, findings, indicator_id)
    _responsible_agency(indicator_id, row, owners, agencies, findings)
    check_evaluator_vs_maturity(indicator_id, row, self_source, followup_recs, findings)
    check_missing_levels(indicator_id, row, self_source, followup_recs, findings)
    check_level_range(catalog, indicator_id, row, [*self_recs, *followup_recs], findings)
    check_level_texts(catalog, number, indicator_id, [*self_recs, *followup_recs], row, findings)
    return row


def _catalog_fields(
    indicator_id: str, number: int, info: dict[str, Any], catalog: Framework
) -> dict[str, Any]:
    """The row's fields the catalog gives: numbers and names of its domain and aspect."""
    lookups = catalog_lookups(catalog)
    return {
        "indicator_id": indicator_id,
        "indicator_no": number,
        "domain_no": info["domain_no"],
        "aspect_no": info["aspect_no"],
        "domain": lookups.domains.get(info["domain_no"]),
        "aspect": lookups.aspects.get(info["aspect_no"]),
    }


def _responsible_agency(
    indicator_id: str,
    row: dict[str, Any],
    owners: _Owners,
    agencies: Agencies,
    findings: list[Finding],
) -> None:
    """The responsible agencies: those the follow-up's cell names, else the
    self-assessment's; the lead (the first named) is the row's responsible agency, all of
    them its responsibilities (``row["_responsibilities"]``, taken by merge_indicators).

    Where the all-indicators sheet names the indicator's agencies, it decides (as it owns
    the other follow-up fields).  Where it does not (no agency cell there, or it is one
    agency's list itself), an indicator on the sheets of two agencies or more, each sheet's
    row naming its own agency, is shared by them (an ``agency_shared_by_sheets`` finding
    where the owner's cell does not name them all).  Any other record that names an agency
    the indicator's do not include is an ``agency_disagreement``.
    """
    recs = [*owners.followup_recs, *owners.self_recs]
    owner = next((rec for rec in recs if rec.fields.get("responsible_agency_raw")), None)
    row["responsible_agency_raw"] = owner.fields["responsible_agency_raw"] if owner else None
    row["responsible_agency"] = agencies.of(owner) if owner else None
    shared = (
        [(part, canonical, owner) for part, canonical in agencies.parts_of(owner)] if owner else []
    )
    names = [canonical for _, canonical, _ in shared]
    main_decides = (
        owner is not None
        and owner in owners.main_recs
        and (owner.file, owner.sheet) not in agencies.one_agency
    )
    by_sheets = [] if main_decides else _shared_by_sheets(owners.followup_recs, agencies)
    added = []
    for rec in by_sheets:
        for part, canonical in agencies.parts_of(rec):
            if canonical not in names:
                names.append(canonical)
                shared.append((part, canonical, rec))
                added.append(rec)
    if owner is not None and added:
        findings.append(
            F.AGENCY_SHARED_BY_SHEETS(
                file=owner.file,
                source=owner.cells.get("responsible_agency_raw"),
                indicator_id=indicator_id,
                agencies=", ".join(repr(agencies.sheets[(r.file, r.sheet)]) for r in by_sheets),
                cells=", ".join(r.cells.get("responsible_agency_raw", r.source) for r in by_sheets),
                kept_cell=owner.cells.get("responsible_agency_raw"),
                kept="; ".join(agencies.all_of(owner)),
                shared="; ".join(names),
            )
        )
    row["_responsibilities"] = [
        {
            "indicator_id": indicator_id,
            "agency": canonical,
            "order": order,
            "agency_raw": part,
            "file": rec.file,
            "source": rec.cells.get("responsible_agency_raw", rec.source),
        }
        for order, (part, canonical, rec) in enumerate(shared, start=1)
    ]

    def disagreeing(rec: Record) -> str | None:
        """The record's agencies when it names one the indicator's do not include."""
        own = agencies.all_of(rec)
        return "; ".join(own) if own and not set(own) <= set(names) else None

    check_agencies(indicator_id, owner, "; ".join(names) or None, recs, disagreeing, findings)


def _shared_by_sheets(recs: list[Record], agencies: Agencies) -> list[Record]:
    """The indicator's rows that name their sheet's own agency, when they are on the
    sheets of two agencies or more (else none)."""
    own = [
        rec
        for rec in recs
        if (agency := agencies.sheets.get((rec.file, rec.sheet))) in agencies.all_of(rec)
        and agency is not None
    ]
    return own if len({agencies.sheets[(rec.file, rec.sheet)] for rec in own}) >= 2 else []


def _take_evidence_and_actions(owners: _Owners, merged: Merged) -> None:
    """Evidence: each kind from the first record (of the sheets that own it) with items of
    that kind.  Action plans: from the first follow-up record with any."""
    for kind, recs in (
        ("self", owners.self_recs),
        ("optimal", owners.self_recs),
        ("recommended", owners.followup_recs),
    ):
        for rec in recs:
            items = [e for e in rec.evidence if e["kind"] == kind]
            if items:
                merged.evidence.extend(items)
                break
    action_owner = next((rec for rec in owners.followup_recs if rec.actions), None)
    if action_owner is not None:
        merged.actions.extend(action_owner.actions)


# --------------------------------------------------------------------------- 6. the rest


def collect_actions(
    results: list[SheetResult], merged: Merged, year: int | None
) -> SheetResult | None:
    """Add the schedule grid's actions; give a year to actions without one (the book's, else
    the latest RENCANA AKSI year).  Returns the sheet with the schedule, if any."""
    schedule = next((res for res in results if res.schedule_year or res.schedule_actions), None)
    if schedule is not None:
        merged.actions.extend(schedule.schedule_actions)
    default_year = max((y for res in results for y in res.plan_years), default=None)
    for action in merged.actions:
        if action["year"] is None:
            action["year"] = year or default_year
    return schedule


def book_meta(
    results: list[SheetResult],
    sheet_kinds: dict[SheetKey, str],
    agencies: Agencies,
    paths: list[Path],
    *,
    instansi: str | None,
    year: int | None,
    framework_id: str,
    schedule: SheetResult | None,
) -> BookMeta:
    """The book's meta: title, framework, files, each sheet's kind, signature, plan years."""
    sheets_info = tuple(
        SheetInfo(
            file=res.sheet.file,
            name=res.sheet.name,
            kind=sheet_kinds[(res.sheet.file, res.sheet.name)],
            header_row=None if res.header_row is None else res.header_row + 1,
            n_indicators=len(res.records),
            agency=agencies.sheet_agency(res)
            if sheet_kinds[(res.sheet.file, res.sheet.name)] == "agency_followup"
            else None,
            reason=res.kind_reason,
        )
        for res in results
    )
    return BookMeta(
        instansi=instansi,
        year=year,
        framework=framework_id,
        files=tuple(p.name for p in paths),
        sheets=sheets_info,
        signature=next((res.signature for res in results if res.signature), None),
        plan_years=tuple(sorted({y for res in results for y in res.plan_years})),
        schedule_year=schedule.schedule_year if schedule else None,
    )


# --------------------------------------------------------------------------- catalog cache


@dataclass(frozen=True)
class CatalogLookups:
    """A catalog's domain and aspect names by number (``catalog.domains`` and the like copy
    a frame on each call): built once per catalog object."""

    catalog: Any
    domains: dict[Any, Any]  # domain_no -> name
    aspects: dict[Any, Any]  # aspect_no -> name


# framework id -> its lookups; rebuilt if load() gives another catalog object.
_CATALOG_LOOKUPS: dict[str, CatalogLookups] = {}


def catalog_lookups(catalog: Framework) -> CatalogLookups:
    """The catalog's lookups, cached by framework id (speed: saves two frame copies per
    indicator)."""
    cached = _CATALOG_LOOKUPS.get(catalog.id)
    if cached is None or cached.catalog is not catalog:
        domains, aspects = catalog.domains, catalog.aspects
        cached = _CATALOG_LOOKUPS[catalog.id] = CatalogLookups(
            catalog,
            dict(zip(domains["domain_no"], domains["name"], strict=True)),
            dict(zip(aspects["aspect_no"], aspects["name"], strict=True)),
        )
    return cached
