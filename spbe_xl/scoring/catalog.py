"""The framework catalog as typed records, built once per framework, and which one applies."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from spbe_xl.book import indicator_numbers
from spbe_xl.framework import DECIMAL_QUORUM, Framework, packaged, resolve_framework

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book

__all__ = [
    "AspectEntry",
    "Catalog",
    "DomainEntry",
    "IndicatorEntry",
    "book_catalog",
    "catalog_of",
    "frame_catalog",
    "indicator_numbers",
]


@dataclass(frozen=True, slots=True)
class IndicatorEntry:
    """One indicator of the catalog."""

    number: int
    aspect_no: int
    domain_no: int | None  # None in a framework without domains (Pemdi)
    weight: float
    name: str


@dataclass(frozen=True, slots=True)
class AspectEntry:
    """One aspect of the catalog, with its indicators in catalog order."""

    number: int
    name: str
    domain_no: int | None
    weight: float
    indicators: tuple[IndicatorEntry, ...]


@dataclass(frozen=True, slots=True)
class DomainEntry:
    """One domain of the catalog, with its aspects in catalog order."""

    number: int
    name: str
    weight: float
    aspects: tuple[AspectEntry, ...]


@dataclass(frozen=True)
class Catalog:
    """A framework's indicators, aspects and domains by number, in catalog order."""

    framework: Framework
    indicators: dict[int, IndicatorEntry]
    aspects: dict[int, AspectEntry]
    domains: dict[int, DomainEntry]
    #: The aspects' total weight (100 in the shipped frameworks).
    weight_total: float

    @property
    def id(self) -> str:
        return self.framework.id


def _no(value: object) -> int | None:
    """A nullable frame number as an int or None."""
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _build(framework: Framework) -> Catalog:
    indicators = {
        int(r.indicator_no): IndicatorEntry(
            number=int(r.indicator_no),
            aspect_no=int(r.aspect_no),
            domain_no=_no(r.domain_no),
            weight=float(r.weight),
            name=str(r.name),
        )
        for r in framework.indicators.itertuples(index=False)
    }
    aspects = {
        int(r.aspect_no): AspectEntry(
            number=int(r.aspect_no),
            name=str(r.name),
            domain_no=_no(r.domain_no),
            weight=float(r.weight),
            indicators=tuple(i for i in indicators.values() if i.aspect_no == int(r.aspect_no)),
        )
        for r in framework.aspects.itertuples(index=False)
    }
    domains = {
        int(r.domain_no): DomainEntry(
            number=int(r.domain_no),
            name=str(r.name),
            weight=float(r.weight),
            aspects=tuple(a for a in aspects.values() if a.domain_no == int(r.domain_no)),
        )
        for r in framework.domains.itertuples(index=False)
    }
    return Catalog(
        framework=framework,
        indicators=indicators,
        aspects=aspects,
        domains=domains,
        weight_total=math.fsum(a.weight for a in aspects.values()),
    )


# Building a catalog reads three frames (copies); a batch scores hundreds of books under the
# same two framework objects, so catalogs are kept by framework identity.  The framework is
# kept with its catalog so that its id() cannot be reused by another object.
_CATALOGS: dict[int, tuple[Framework, Catalog]] = {}
_CATALOG_CACHE_SIZE = 32


def catalog_of(framework: Framework) -> Catalog:
    """The catalog of a framework (built once per framework object)."""
    kept, catalog = _CATALOGS.get(id(framework), (None, None))
    if kept is framework and catalog is not None:
        return catalog
    catalog = _build(framework)
    if len(_CATALOGS) >= _CATALOG_CACHE_SIZE:
        _CATALOGS.pop(next(iter(_CATALOGS)))
    _CATALOGS[id(framework)] = (framework, catalog)
    return catalog


def frame_catalog(requested: str | Framework | None, frame: pd.DataFrame) -> Catalog:
    """The catalog a frame of levels is scored under (see ``resolve_framework``); without
    a requested framework, a frame holding decimal values (1.26: no SPBE level) in
    ``DECIMAL_QUORUM`` or more cells, as the reader asks of a workbook, is scored under the
    latest packaged score framework that has its indicator numbers (Pemdi).

    Raises ValueError for a frame whose numbers fit a score framework and a level one with
    a single decimal value: a typo in an SPBE level or a Pemdi score, nothing tells which
    (the reader's ``framework_undecided``); ``framework=`` decides it."""
    # the numbers only matter when no framework is requested: the frame is walked then only
    numbers = indicator_numbers(frame) if requested is None else []
    decimals = _decimal_count(frame) if requested is None else 0
    if decimals:
        scored = [
            f for f in packaged() if f.is_score and all(f.has_indicator(n) for n in numbers)
        ]
        if scored and decimals >= DECIMAL_QUORUM:
            return catalog_of(max(scored, key=lambda f: f.first_round or 0))
        if scored:
            raise ValueError(
                "the frame's framework is not certain: its indicator numbers fit "
                f"{', '.join(f.id for f in scored)} and an SPBE framework, and one value "
                f"has a decimal part (a score there, no level here): pass framework= "
                f"({scored[0].id!r} or the SPBE framework's id)"
            )
    return catalog_of(resolve_framework(requested, indicator_numbers=numbers))


def _decimal_count(frame: pd.DataFrame) -> int:
    """How many values of the frame's level columns are not whole numbers."""
    count = 0
    for column in ("self_level", "evaluator_level", "maturity_level"):
        if column in frame.columns and frame[column].dtype.kind == "f":
            values = frame[column].dropna().astype("float64")
            count += int((values != values.round()).sum())
    return count


def book_catalog(book: Book, requested: str | Framework | None) -> Catalog:
    """The catalog a book is scored under: the requested framework, else the book's own
    when it has every indicator number of the frame, else the one in force in the book's
    year that its numbers confirm (``framework.resolve_framework``, as the reader)."""
    if requested is not None:
        return catalog_of(resolve_framework(requested))
    return catalog_of(
        resolve_framework(
            declared=book.meta.framework,
            indicator_numbers=indicator_numbers(book.indicators),
            year=book.meta.year,
        )
    )
