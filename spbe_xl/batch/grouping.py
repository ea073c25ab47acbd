"""The workbooks of one instansi go together: grouping by the title rows, one safe output
folder name per group, and reading a group's book."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from spbe_xl.batch.inputs import InputError, PathLike, expand_inputs

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book, ReadError
    from spbe_xl.readers import TitleInfo


@dataclass
class Group:
    """The workbooks of one instansi (and one evaluation year), and why they are together
    (``reason``: the title texts each file's instansi and year were read from)."""

    key: str
    instansi: str | None
    year: int | None
    paths: list[Path] = field(default_factory=list)
    reason: str = ""


# What peek found in one file: its TitleInfo (instansi, year and the texts they were read
# from), or the ReadError's message.  An (instansi, year) pair is accepted too.
Title: TypeAlias = "TitleInfo | tuple[str | None, int | None] | str"


def peek(path: Path) -> Title:
    """``readers.peek_title_info(path)``, with a ReadError returned as its message (a plain
    string crosses a process boundary where an exception with extra fields may not)."""
    from spbe_xl.readers import ReadError, peek_title_info

    try:
        return peek_title_info(path)
    except ReadError as exc:
        return str(exc)


def group_inputs(
    paths: Sequence[Path], titles: Sequence[Title] | None = None
) -> tuple[list[Group], list[tuple[Path, str]]]:
    """Group workbooks by the instansi and year named in their title rows.

    Instansi are compared normalised (``KAB. BADUNG``, ``PEMERINTAH KABUPATEN BADUNG`` and
    ``DI LINGKUNGAN PEMERINTAH KABUPATEN BADUNG`` are one: ``readers.peek_title_info``), so
    one title lacking words does not split an instansi.  A file whose title names no year
    (a self-assessment workbook, say) joins its instansi's group when that instansi has
    exactly one year among the inputs.  Files whose instansi cannot be told stay alone.
    Each group says why its files are together (``Group.reason``).  Returns the groups and
    the files that could not be opened at all, with the reason.  ``titles`` (``peek`` of
    each path, in order) may be given when they were read elsewhere, e.g. in parallel.
    """
    if titles is None:
        titles = [peek(path) for path in paths]
    by_instansi: dict[str, list[tuple[Path, TitleInfo]]] = {}
    failed: list[tuple[Path, str]] = []
    groups: list[Group] = []
    for path, title in zip(paths, titles, strict=True):
        if isinstance(title, str):
            failed.append((path, title))
            continue
        info = _as_info(title)
        if info.instansi is None:
            groups.append(
                Group(
                    f"file:{path}",
                    None,
                    info.year,
                    [path],
                    "no instansi in its titles: converted alone",
                )
            )
        else:
            by_instansi.setdefault(info.key or "", []).append((path, info))
    for key, members in by_instansi.items():
        name = members[0][1].instansi
        years = sorted({info.year for _, info in members if info.year is not None})
        for year in years:
            mine = [
                (p, info)
                for p, info in members
                if info.year == year or (info.year is None and len(years) == 1)
            ]
            groups.append(
                Group(f"{key}|{year}", name, year, [p for p, _ in mine], _reason(name, year, mine))
            )
        undated = [(p, info) for p, info in members if info.year is None]
        if not years:
            groups.append(
                Group(f"{key}|", name, None, [p for p, _ in undated], _reason(name, None, undated))
            )
        elif len(years) > 1:
            listed = ", ".join(map(str, years))
            groups.extend(
                Group(
                    f"file:{p}",
                    name,
                    None,
                    [p],
                    f"no year in its titles, and {name} has files of {listed}: converted alone",
                )
                for p, _ in undated
            )
    return groups, failed


def _as_info(title: TitleInfo | tuple[str | None, int | None]) -> TitleInfo:
    from spbe_xl.readers import TitleInfo, normalize_instansi

    if isinstance(title, tuple):
        instansi, year = title
        normal = normalize_instansi(instansi) if instansi else None
        return TitleInfo(normal or instansi, year, instansi, None)
    return title


def _reason(name: str | None, year: int | None, members: list[tuple[Path, TitleInfo]]) -> str:
    """Why these files are one group: each file's title texts."""
    parts = []
    for path, info in members:
        said = repr(info.instansi_text or info.instansi)
        if info.year is None:
            said += ", no year: the instansi's only year"
        elif info.year_text and info.year_text != info.instansi_text:
            said += f", year from {info.year_text!r}"
        parts.append(f"{path.name}: {said}")
    who = f"{name} {year}" if year is not None else f"{name} (no year)"
    if len(members) == 1:
        return f"the only file of {who} ({parts[0]})"
    return f"{len(members)} files of {who}, the titles normalised: " + "; ".join(parts)


_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_slug(text: str, *, fallback: str = "instansi", max_length: int = 80) -> str:
    """A file-name part that is safe on every system: ascii letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if not slug or slug in _WINDOWS_RESERVED:
        slug = f"{fallback}-{slug}" if slug else fallback
    return slug


def output_names(groups: Sequence[Group]) -> dict[str, str]:
    """One unique, safe folder name per group: ``pemerintah-kota-bontang-2018``."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for group in sorted(groups, key=lambda g: g.key):
        if group.instansi:
            base = safe_slug(f"{group.instansi} {group.year or ''}")
        else:
            base = safe_slug(group.paths[0].stem, fallback="workbook")
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names[group.key] = name
    return names


# --------------------------------------------------------------------------- reading books


def read_one_book(
    inputs: Iterable[PathLike],
    framework: str | None = None,
    *,
    agency_aliases: PathLike | None = None,
) -> Book:
    """The book of the one instansi (and year) that ``inputs`` hold (``agency_aliases``:
    a user's agency alias file, see ``read_workbook``).

    Raises InputError when the inputs hold no workbook or more than one instansi or
    year, ReadError when a workbook cannot be read.
    """
    from spbe_xl.book import ReadError
    from spbe_xl.readers import read_workbook

    paths = expand_inputs(inputs)
    if not paths:
        raise InputError("no workbook found in the inputs")
    groups, unreadable = group_inputs(paths)
    if unreadable:
        raise ReadError(unreadable[0][1])
    if len(groups) > 1:
        listing = "; ".join(
            f"{g.instansi or '?'} {g.year or ''}: {', '.join(p.name for p in g.paths)}"
            for g in groups
        )
        raise InputError(f"the inputs hold more than one instansi or year ({listing}); give one")
    return read_workbook(groups[0].paths, framework=framework, agency_aliases=agency_aliases)


def read_groups(
    groups: Iterable[Group],
    *,
    agency_aliases: PathLike | None = None,
    criteria: PathLike | None = None,
) -> Iterator[tuple[Group, Book | ReadError]]:
    """Each group with its book, or with the ReadError that stopped it, as each is read
    (``agency_aliases``: a user's agency alias file; ``criteria``: an office's criteria
    CSV; see ``read_workbook``)."""
    from spbe_xl.book import ReadError
    from spbe_xl.readers import read_workbook

    for group in groups:
        try:
            yield (
                group,
                read_workbook(group.paths, agency_aliases=agency_aliases, criteria=criteria),
            )
        except ReadError as exc:
            yield group, exc
