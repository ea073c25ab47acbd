"""What the results page shows of one instansi, computed by the library in a worker process.

:func:`page_detail` is the batch's ``on_book`` hook: in the worker that converted the
instansi, it takes the Book the batch read and the summary the rules made (the official and
the self-assessment index, the agency rollup) and returns plain values that the templates
lay out, with the Book kept (pickled) for the plan form.  Nothing here scores: every number
comes from ``rules.summarize``.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.rules import Summary

# The chart's geometry (SVG user units): a label column, then the bars on the level scale.
CHART_WIDTH = 800
LABEL_WIDTH = 350
BAR_HEIGHT = 11
ROW_GAP = 8
DOMAIN_GAP = 14
TOP = 34


@dataclass
class Bar:
    """One row of the chart: a domain or an aspect, its self and official index."""

    label: str
    kind: str  # "domain" or "aspect"
    self_index: float | None
    official: float | None
    y: float = 0.0
    self_width: float = 0.0
    official_width: float = 0.0


@dataclass
class Chart:
    """The domain/aspect chart, laid out for an inline SVG drawn server-side."""

    bars: list[Bar]
    level_max: int
    width: int = CHART_WIDTH
    height: float = 0.0
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (level, x)


@dataclass
class PageView:
    """One instansi as the results page shows it (plain values: sent from a worker)."""

    files: list[str]
    instansi: str | None
    year: int | None
    framework: str
    framework_title: str
    regulation: str
    index: float | None  # None: no level to score (a blank template)
    predicate: str
    self_index: float | None
    self_predicate: str | None
    skipped: list[str]
    chart: Chart
    findings: list[dict[str, Any]]
    finding_titles: dict[str, str]
    rollup: list[dict[str, Any]]
    notes: list[str]
    #: Decimal values 1.00-5.00 (Indeks Pemerintah Digital) rather than whole levels (SPBE).
    is_score: bool = False
    #: Whether the framework groups its aspects in domains (SPBE; Pemdi has none).
    has_domains: bool = True
    #: The indicators valued from other national indices (Pemdi): indicator_id, name,
    #: aspect_no, weight, value (official), index, agency (its publisher), conversion.
    externals: list[dict[str, Any]] = field(default_factory=list)
    #: The framework's predicates, lowest first (the plan form's targets).
    predicates: list[str] = field(default_factory=list)
    #: The finding codes' title and what to do in Indonesian (``FindingKind.title_id``,
    #: ``action_id``): the Indonesian page shows them, the English message as the detail.
    finding_titles_id: dict[str, str] = field(default_factory=dict)
    finding_actions_id: dict[str, str] = field(default_factory=dict)


@dataclass
class PageDetail:
    """What the worker sends back of one instansi: its page and its Book, pickled (our
    own bytes, made in our worker, never a user's), read again for the plan form."""

    view: PageView
    book: bytes


def split_source(source: object) -> tuple[str, str]:
    """``"'TL SEMUA'!D16"`` -> ``("TL SEMUA", "D16")``; a source without a cell: (it, "")."""
    if not isinstance(source, str) or not source:
        return "", ""
    sheet, bang, cell = source.rpartition("!")
    if not bang:
        return source, ""
    if len(sheet) >= 2 and sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _text(value: Any) -> str:
    if value is None:
        return ""
    try:
        if value != value:  # NaN, pd.NA raises TypeError
            return ""
    except TypeError:
        return ""
    return str(value)


def layout_chart(bars: list[Bar], level_max: int) -> Chart:
    """Place the bars: y per row (a gap before each domain), widths on the 0..level_max scale."""
    scale = (CHART_WIDTH - LABEL_WIDTH - 40) / max(level_max, 1)
    y = float(TOP)
    for i, bar in enumerate(bars):
        if bar.kind == "domain" and i:
            y += DOMAIN_GAP
        bar.y = y
        bar.self_width = round((bar.self_index or 0.0) * scale, 1)
        bar.official_width = round((bar.official or 0.0) * scale, 1)
        y += 2 * BAR_HEIGHT + ROW_GAP
    ticks = [(level, round(LABEL_WIDTH + level * scale, 1)) for level in range(level_max + 1)]
    return Chart(bars, level_max, height=y + 6, ticks=ticks)


def _chart(scores: Any, self_scores: Any, catalog: Any) -> Chart:
    """Domains and their aspects, self-assessment beside official (``rules`` results); the
    aspects alone under a framework without domains (Pemdi).  Values as published."""

    def by(frame: Any, key: str) -> dict[Any, float | None]:
        if frame is None:
            return {}
        return {
            row[key]: (None if (v := _number(row["index"])) is None else catalog.publish(v))
            for row in frame.to_dict("records")
        }

    self_domains = by(self_scores.by_domain if self_scores else None, "domain_no")
    self_aspects = by(self_scores.by_aspect if self_scores else None, "aspect_no")
    official_domains = by(scores.by_domain, "domain_no")
    official_aspects = by(scores.by_aspect, "aspect_no")
    aspects = scores.by_aspect.to_dict("records")

    def aspect_bar(aspect: dict[str, Any]) -> Bar:
        ano = aspect["aspect_no"]
        return Bar(
            f"Aspek {ano}. {_text(aspect['aspect'])}",
            "aspect",
            self_aspects.get(ano),
            official_aspects.get(ano),
        )

    if scores.by_domain.empty:  # no domains (Pemdi): the aspects are the top
        return layout_chart([aspect_bar(a) for a in aspects], catalog.level_max)
    bars: list[Bar] = []
    for domain in scores.by_domain.to_dict("records"):
        no = domain["domain_no"]
        bars.append(
            Bar(
                f"Domain {no}. {_text(domain['domain'])}",
                "domain",
                self_domains.get(no),
                official_domains.get(no),
            )
        )
        bars.extend(aspect_bar(a) for a in aspects if a["domain_no"] == no)
    return layout_chart(bars, catalog.level_max)


def _externals(summary: Summary, catalog: Any) -> list[dict[str, Any]]:
    """The indicators valued from other national indices, with their official value and
    the index they come from (``LevelDeltas.table.external_index``, ``Framework.externals``)."""
    sources = {int(e["indicator_no"]): e for e in catalog.externals.to_dict("records")}
    table = summary.deltas.table
    if "external_index" not in table.columns:
        return []
    out = []
    for row in table[table["external_index"].notna()].to_dict("records"):
        no = int(row["indicator_no"])
        source = sources.get(no, {})
        out.append(
            {
                "indicator_id": _text(row.get("indicator_id")),
                "name": _text(row.get("name")),
                "aspect_no": _text(row.get("aspect_no")),
                "weight": _number(catalog.weight(no)),
                "value": _number(row.get("official_level")),
                "index": _text(row.get("external_index")),
                "agency": _text(source.get("agency")),
                "conversion": _text(source.get("conversion")),
            }
        )
    return out


def _published(catalog: Any, value: float) -> float | None:
    """An index as published: two decimals, half up under SPBE (the batch's summary.csv
    rounds so), by the framework's rounding under a decimal-score framework (Pemdi); None
    when there is none (a book without any level)."""
    from spbe_xl import rules

    if _number(value) is None:
        return None
    return catalog.publish(value) if catalog.is_score else rules.round_half_up(value)


def book_view(book: Book, summary: Summary) -> PageView:
    """The page of one instansi from its Book and ``rules.summarize`` of it."""
    from spbe_xl.findings import REGISTRY
    from spbe_xl.framework import load

    scores, self_scores = summary.scores, summary.self_scores
    catalog = load(scores.framework)
    findings = []
    for row in book.findings.to_dict("records"):
        sheet, cell = split_source(row.get("source"))
        findings.append(
            {
                "severity": _text(row.get("severity")),
                "code": _text(row.get("code")),
                "message": _text(row.get("message")),
                "indicator": _text(row.get("indicator_id")),
                "file": _text(row.get("file")),
                "sheet": sheet,
                "cell": cell,
            }
        )
    rollup = [
        {
            "agency": _text(r.get("responsible_agency")),
            "n_indicators": int(r["n_indicators"]),
            "indicator_ids": _text(r.get("indicator_ids")),
            "shared_with": _text(r.get("shared_with")),
            "mean_level": _number(r.get("mean_level")),
            "points_now": _number(r.get("points_now")),
            "points_to_win": _number(r.get("points_to_win")),
        }
        for r in summary.rollup.to_dict("records")
    ]
    codes = sorted({f["code"] for f in findings})
    return PageView(
        files=list(book.meta.files),
        instansi=book.meta.instansi,
        year=book.meta.year,
        framework=catalog.id,
        framework_title=catalog.title,
        regulation=catalog.regulation,
        index=_published(catalog, scores.total),
        predicate=scores.predicate,
        self_index=None if self_scores is None else _published(catalog, self_scores.total),
        self_predicate=self_scores.predicate if self_scores else None,
        skipped=list(scores.skipped),
        chart=_chart(scores, self_scores, catalog),
        findings=findings,
        finding_titles={c: REGISTRY[c].title for c in codes if c in REGISTRY},
        rollup=rollup,
        notes=list(summary.notes),
        is_score=catalog.is_score,
        has_domains=catalog.has_domains,
        externals=_externals(summary, catalog),
        predicates=[str(name) for name in catalog.predicates["name"]],
        finding_titles_id={c: REGISTRY[c].title_id for c in codes if c in REGISTRY},
        finding_actions_id={c: REGISTRY[c].action_id for c in codes if c in REGISTRY},
    )


def page_detail(book: Book, summary: Summary) -> PageDetail | str:
    """``batch.convert``'s ``on_book`` hook: the page of a converted instansi and its Book;
    a message instead when the page cannot be made.  Never raises (it runs in a worker)."""
    try:
        return PageDetail(book_view(book, summary), pickle.dumps(book, pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # the page's message, the batch's outcome stays
        return f"{type(exc).__name__}: {exc}"


def page_view(paths: Sequence[str]) -> PageView | str:
    """The page of the instansi whose workbooks are ``paths``; the reader's or the rules'
    message instead when they cannot be read.  Never raises (it runs in a worker)."""
    try:
        from spbe_xl import rules
        from spbe_xl.book import ReadError
        from spbe_xl.readers import read_workbook

        try:
            book = read_workbook(list(paths))
        except ReadError as exc:
            return str(exc)
        return book_view(book, rules.summarize(book))
    except Exception as exc:  # a worker must not raise: its failure is the page's message
        return f"{type(exc).__name__}: {exc}"
