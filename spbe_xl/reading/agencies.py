"""Agencies: the responsible agencies' names, split where one cell names several, unified
across one book with the known aliases (``data/agency-aliases.csv``) and a user's own.

Three steps, each of which only joins what it can tell is one agency and reports the rest:

* **split** (:func:`split_agencies`): a cell names several agencies when they are joined by
  ``;`` (always), or by a line break, ``/``, ``,``, ``&`` or ``dan`` *between names that are
  each known* (an alias, an agency of the alias table, or a name another cell of the book
  gives alone).  "Dinas Komunikasi, Informatika dan Statistik" is one agency: its commas
  and ``dan`` stand inside one name.  A cell that looks like several agencies but is not
  all known is kept whole, with an ``agency_not_split`` finding;
* **alias** (:func:`alias_entry`): a name is another name of one agency when it is one of
  the table's aliases, the alias's last word possibly going on inside the word
  ("Diskominfo" matches "Diskominfotik") and the name possibly ending in its region
  ("... Kota Denpasar") or, for a part of the Setda, in "Setda";
* **unify** (:func:`unify_agencies`): the spellings of one book that name one agency (the
  same alias agency, or alike spellings of which at most one has an alias) get one
  canonical spelling, the book's most frequent (a user's alias file names its own); each
  other spelling is an ``agency_unified`` finding.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from spbe_xl import findings as F
from spbe_xl.findings import Finding
from spbe_xl.text import fold, ratio_at_least

__all__ = [
    "AGENCY_ALIASES",
    "AgencyAliasError",
    "AliasEntry",
    "AliasTable",
    "alias_entry",
    "alias_table",
    "hard_parts",
    "load_agency_aliases",
    "names_agency",
    "normalize_agency",
    "packaged_aliases",
    "split_agencies",
    "split_book_agencies",
    "titled_agency",
    "unify_agencies",
]

_ALIAS_FILE = "agency-aliases.csv"


class AgencyAliasError(ValueError):
    """An agency alias file that cannot be used; the message names the file and line."""

    def __init__(self, path: str | os.PathLike[str], line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class AliasEntry:
    """One alias: the name as written in the table, its key, the agency it names."""

    alias: str
    key: tuple[str, ...]  # _agency_key(alias)
    agency: str  # the agency's name (a user's file: the name the book then uses)
    group: str  # what entries of one agency share: the packaged agency's name, or "user:…"
    user: bool = False  # from a user's alias file


# eq=False: a table is compared (and hashed, by the caches) by identity, not by its rows.
@dataclass(frozen=True, eq=False)
class AliasTable:
    """The agency aliases a book is read with: a user's (first) and the packaged ones."""

    entries: tuple[AliasEntry, ...]
    source: str = "spbe-xl"
    # entries by the first letter of their key's first word (the candidates of a name)
    _by_letter: dict[str, tuple[AliasEntry, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        by_letter: dict[str, list[AliasEntry]] = {}
        for entry in self.entries:
            by_letter.setdefault(entry.key[0][:1], []).append(entry)
        self._by_letter.update({k: tuple(v) for k, v in by_letter.items()})

    def candidates(self, key: tuple[str, ...]) -> tuple[AliasEntry, ...]:
        return self._by_letter.get(key[0][:1], ()) if key else ()


# --------------------------------------------------------------------------- the data


def _packaged_rows() -> list[dict[str, str]]:
    text = resources.files("spbe_xl").joinpath("data", _ALIAS_FILE).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


_ROWS = _packaged_rows()

# Spellings of one word that mean the same in agency names (compared in lower case):
# the packaged table's rows of kind "word".
AGENCY_ALIASES: dict[str, str] = {
    row["alias"]: row["agency"] for row in _ROWS if row["kind"].strip() == "word"
}


# Cached: a book repeats each agency cell on many rows and sheets (bounded).
@lru_cache(maxsize=4096)
def normalize_agency(raw: str | None) -> str | None:
    """Fold whitespace and line breaks; ``None`` for blank."""
    if raw is None:
        return None
    folded = fold(raw).strip(" ,;.")
    return folded or None


_WORD_ALIASES = tuple(AGENCY_ALIASES.items())


def _agency_key(name: str) -> tuple[str, ...]:
    return _agency_key_with(name, _WORD_ALIASES)


# Cached: a book names a few agencies many times (bounded: a batch shares the cache).
@lru_cache(maxsize=4096)
def _agency_key_with(name: str, aliases: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    text = name.lower()
    for alias, pattern, canonical in _alias_patterns(aliases):
        if alias in text:  # the pattern matches only where the alias is: else no sub
            text = pattern.sub(canonical, text)
    return tuple(w for w in re.findall(r"[a-z0-9]+", text) if w != "dan")


# Cached: the aliases rarely change, compiling their patterns on each name would dominate.
@lru_cache(maxsize=8)
def _alias_patterns(
    aliases: tuple[tuple[str, str], ...],
) -> list[tuple[str, re.Pattern[str], str]]:
    """Each alias (the longest first) with its whole-word pattern, compiled once."""
    return [
        (alias, re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"), canonical)
        for alias, canonical in sorted(aliases, key=lambda kv: -len(kv[0]))
    ]


def _entries(
    rows: Iterable[tuple[str, str]], *, user: bool, group_of: AliasTable | None
) -> list[AliasEntry]:
    """The entries of (alias, agency) rows; each agency's own name is an alias of it too."""
    out: list[AliasEntry] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    for alias, agency in rows:
        if user:
            # a user's agency that the package knows joins the package's group
            known = alias_entry(agency, group_of) if group_of is not None else None
            group = known.group if known is not None else "user:" + " ".join(_agency_key(agency))
        else:
            group = agency
        for name in (alias, agency):
            key = _agency_key(name)
            if key and (key, group) not in seen:
                seen.add((key, group))
                out.append(AliasEntry(name, key, agency, group, user))
    return out


@cache
def packaged_aliases() -> AliasTable:
    """The agency aliases shipped with spbe-xl (``data/agency-aliases.csv``, kind agency)."""
    rows = [(r["alias"], r["agency"]) for r in _ROWS if r["kind"].strip() == "agency"]
    return AliasTable(tuple(_entries(rows, user=False, group_of=None)))


def load_agency_aliases(path: str | os.PathLike[str]) -> AliasTable:
    """A user's alias file (CSV: ``alias,agency``, an optional header row, ``#`` comments,
    further columns ignored) with the packaged aliases after it.

    Raises :class:`AgencyAliasError`, naming the file and line, for a file that cannot be
    read, a row without both an alias and an agency, or an alias given two agencies.
    """
    p = Path(path)
    try:
        stat = p.stat()
    except OSError as exc:
        raise AgencyAliasError(
            path, None, f"cannot read the agency alias file ({exc.strerror})"
        ) from None
    if not p.is_file():
        raise AgencyAliasError(path, None, "is not a file")
    return _load_user_file(str(p.resolve()), str(path), stat.st_mtime_ns, stat.st_size)


# Cached by file and its change time: a batch reads each instansi with the same file.
@lru_cache(maxsize=8)
def _load_user_file(resolved: str, shown: str, mtime_ns: int, size: int) -> AliasTable:
    try:
        text = Path(resolved).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise AgencyAliasError(
            shown, line, "is not UTF-8 text (save the file as CSV UTF-8)"
        ) from None
    except OSError as exc:
        raise AgencyAliasError(
            shown, None, f"cannot read the agency alias file ({exc.strerror})"
        ) from None
    rows = _user_rows(text, shown)
    entries = _entries(rows, user=True, group_of=packaged_aliases())
    return AliasTable((*entries, *packaged_aliases().entries), source=shown)


def _user_rows(text: str, shown: str) -> list[tuple[str, str]]:
    """The (alias, agency) rows of a user's file, checked."""
    rows: list[tuple[str, str]] = []
    first_line: dict[tuple[str, ...], tuple[int, str]] = {}
    reader = csv.reader(io.StringIO(text))
    header_seen = False
    for cells in reader:
        line = reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            if [c.lower() for c in cells[:2]] == ["alias", "agency"]:
                continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise AgencyAliasError(
                shown,
                line,
                f"expected two columns, alias and agency (e.g. Diskominfo,Dinas Komunikasi "
                f"dan Informatika), found {','.join(cells)!r}",
            )
        alias, agency = cells[0], cells[1]
        key = _agency_key(alias)
        if not key or not _agency_key(agency):
            raise AgencyAliasError(shown, line, f"{alias!r} / {agency!r} has no letters")
        earlier = first_line.get(key)
        if earlier is not None and _agency_key(earlier[1]) != _agency_key(agency):
            raise AgencyAliasError(
                shown,
                line,
                f"alias {alias!r} is given agency {agency!r} here but {earlier[1]!r} on "
                f"line {earlier[0]}",
            )
        first_line.setdefault(key, (line, agency))
        rows.append((alias, agency))
    if not rows:
        raise AgencyAliasError(shown, None, "has no alias rows (expected alias,agency rows)")
    return rows


def alias_table(
    aliases: AliasTable | str | os.PathLike[str] | Mapping[str, str] | None,
) -> AliasTable:
    """The table to read a book with: the packaged one, a user's file's, or a mapping's
    (alias -> agency, as a user's file)."""
    if aliases is None:
        return packaged_aliases()
    if isinstance(aliases, AliasTable):
        return aliases
    if isinstance(aliases, str | os.PathLike):
        return load_agency_aliases(aliases)
    return _mapping_table(tuple(sorted(aliases.items())))


@lru_cache(maxsize=8)
def _mapping_table(items: tuple[tuple[str, str], ...]) -> AliasTable:
    entries = _entries(items, user=True, group_of=packaged_aliases())
    return AliasTable((*entries, *packaged_aliases().entries), source="mapping")


# --------------------------------------------------------------------------- matching

# Words after which a name only says where the agency is: "... Kota Denpasar".
_REGION_WORDS = frozenset({"kota", "kabupaten", "provinsi", "pemerintah", "pemkot", "pemkab"})
# Words that may follow an alias without naming another agency: "Inspektorat Daerah",
# "Bagian Hukum Setda".
_TRAILING_WORDS = frozenset({"setda", "daerah"})
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def _only_qualifiers(rest: tuple[str, ...]) -> bool:
    for word in rest:
        if word in _REGION_WORDS:
            return True  # the rest says where
        if word not in _TRAILING_WORDS:
            return False
    return True


def _matches(key: tuple[str, ...], alias: tuple[str, ...]) -> bool:
    """Whether the name ``key`` is the alias: its words, the last possibly going on inside
    the word (at least 4 letters of it), then only qualifiers."""
    n = len(alias)
    if len(key) < n or key[: n - 1] != alias[: n - 1]:
        return False
    word, last = key[n - 1], alias[-1]
    if word != last and not (len(last) >= 4 and word.startswith(last)):
        return False
    return _only_qualifiers(key[n:])


# Cached: a book names a few agencies many times, a batch the same ones in every book.
@lru_cache(maxsize=4096)
def alias_entry(name: str, table: AliasTable | None = None) -> AliasEntry | None:
    """The alias ``name`` is (the longest that matches; a user's first), or None.

    A name with a part in parentheses is tried without it and as that part too:
    "Dinas Komunikasi dan Informatika (Diskominfo)".
    """
    table = table or packaged_aliases()
    candidates = [name]
    inner = _PARENTHESES.search(name)
    if inner is not None:
        candidates += [_PARENTHESES.sub(" ", name), inner.group(1)]
    for text in candidates:
        key = _agency_key(text)
        best: AliasEntry | None = None
        for entry in table.candidates(key):
            if _matches(key, entry.key) and (
                best is None or (len(entry.key), len("".join(entry.key))) > _size(best)
            ):
                best = entry
        if best is not None:
            return best
    return None


def _size(entry: AliasEntry) -> tuple[int, int]:
    return len(entry.key), len("".join(entry.key))


# --------------------------------------------------------------------------- splitting

# An item of a numbered or bulleted list: "1. ", "2) ", "- ", "• ".
_LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[-•·*–])\s*")
# What may join two agencies' names in a cell (besides ";", which always does).
_JOINS = re.compile(r"[ \t]*(?:\r?\n|/|,|&|\bdan\b)[ \t\r\n]*", re.IGNORECASE)
# The first words of an agency's name: a part starting so looks like an agency.
_HEAD_WORDS = frozenset(
    {
        "dinas",
        "badan",
        "bagian",
        "biro",
        "sekretariat",
        "setda",
        "inspektorat",
        "kantor",
        "satuan",
        "satpol",
        "rsud",
        "kecamatan",
        "kelurahan",
        "upt",
        "uptd",
    }
)


def hard_parts(raw: str) -> list[str]:
    """The parts of a cell that surely name different agencies: the items of a numbered
    or bulleted list (one per line), each split on ``;``."""
    lines = [line for line in raw.splitlines() if line.strip()]
    if len(lines) >= 2 and all(_LIST_ITEM.match(line) for line in lines):
        chunks = [_LIST_ITEM.sub("", line, count=1) for line in lines]
    else:
        chunks = [raw]
    return [part.strip() for chunk in chunks for part in chunk.split(";") if part.strip()]


def _segments(chunk: str, ok: Callable[[str], bool]) -> list[str] | None:
    """The chunk cut at joins into the most parts that are each ``ok``; None when there is
    no such cut into two parts or more."""
    texts = _pieces(chunk)
    if texts is None:
        return None
    n = len(texts)
    # count[j]: the most ok parts the first j pieces make (-1: none), cut[j]: the last cut
    count, cut = [0] + [-1] * n, [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j):
            if count[i] < 0 or count[i] + 1 <= count[j]:
                continue
            text = texts[i][j - 1 - i]
            if text and ok(text):
                count[j], cut[j] = count[i] + 1, i
    if count[n] < 2:
        return None
    parts: list[str] = []
    j = n
    while j > 0:
        i = cut[j]
        parts.append(texts[i][j - 1 - i])
        j = i
    return parts[::-1]


# Cached: a book repeats its agency cells; each is cut into the same pieces every time.
@lru_cache(maxsize=2048)
def _pieces(chunk: str) -> tuple[tuple[str, ...], ...] | None:
    """``texts[i][k]``: the chunk's text from its piece i to piece i + k (the pieces are
    what its joins separate); None for a chunk without joins (or too many)."""
    joins = list(_JOINS.finditer(chunk))
    if not joins or len(joins) > 16:
        return None
    starts = [0, *(m.end() for m in joins)]
    ends = [*(m.start() for m in joins), len(chunk)]
    n = len(starts)
    return tuple(tuple(chunk[starts[i] : ends[j]].strip() for j in range(i, n)) for i in range(n))


def split_agencies(
    raw: str, known: Callable[[str], bool], whole: Callable[[str], bool] | None = None
) -> tuple[list[str], list[str]]:
    """The agencies one cell names, as typed; and, where a part was kept whole although it
    looks like several agencies (names starting Dinas, Badan, Bagian …), those names.

    ``known(text)``: whether the text is a known agency's name; ``whole(text)``: whether
    it is one agency's name as it stands (then it is not cut; default: never).
    """
    parts: list[str] = []
    suspect: list[str] = []
    for chunk in hard_parts(raw):
        if whole is not None and whole(chunk):
            parts.append(chunk)
            continue
        cut = _segments(chunk, known)
        if cut is not None:
            parts.extend(cut)
            continue
        parts.append(chunk)
        suspect += _segments(chunk, lambda text: known(text) or _looks_like_agency(text)) or []
    return parts, suspect


def split_book_agencies(
    cells: Mapping[str, list[tuple[str, str]]], table: AliasTable | None = None
) -> tuple[dict[str, list[str]], list[Finding]]:
    """Each agency cell of a book (text -> the (file, cell) it stands in) split into the
    agencies it names (:func:`split_agencies`); an ``agency_not_split`` finding for each
    cell kept whole that looks like several agencies.

    Known names: the table's, and those the book gives alone (a whole cell, or an item
    of a list), so that "Bappeda dan Dinas Koperasi" splits where another cell says
    "Dinas Koperasi".
    """
    table = table or packaged_aliases()
    alone = {
        _agency_key(folded)
        for raw in cells
        for part in hard_parts(raw)
        if (folded := normalize_agency(part))
    }

    def known(text: str) -> bool:
        key, is_alias = _text_info(text, table)
        return is_alias or (bool(key) and key in alone)

    def whole(text: str) -> bool:  # one agency of the alias table: never cut
        return _text_info(text, table)[1]

    parts: dict[str, list[str]] = {}
    findings: list[Finding] = []
    for raw, places in cells.items():
        parts[raw], suspect = split_agencies(raw, known, whole)
        if suspect:
            findings.append(
                F.AGENCY_NOT_SPLIT(
                    file=places[0][0],
                    source=places[0][1],
                    name=fold(raw),
                    cells=", ".join(cell for _, cell in places[:5]),
                    parts=" | ".join(fold(name) for name in suspect),
                )
            )
    return parts, findings


# "PERANGKAT DAERAH: …", "OPD : …" before an agency sheet's name in its title.
_AGENCY_LABEL = re.compile(
    r"^\s*(?:perangkat\s+daerah|opd|unit\s+kerja|pd)\b(?:\s+penanggung\s*jawab)?\s*[:\-]?\s*",
    re.IGNORECASE,
)


# A title line that names the sheet's agency: "PERANGKAT DAERAH: …", "OPD : …".
_AGENCY_TITLE = re.compile(
    r"^\s*(?:perangkat\s+daerah|opd|unit\s+kerja)(?:\s+penanggung\s*jawab)?\s*:\s*(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


# The words of a title that names no agency: "PERANGKAT DAERAH: BELUM DITENTUKAN".
_NO_AGENCY_WORDS = frozenset(
    {"belum", "ditentukan", "tidak", "ada", "tanpa", "penanggung", "jawab"}
)


def titled_agency(lines: Iterable[str], known: Iterable[str] = ()) -> str | None:
    """The agency a sheet's title names ("PERANGKAT DAERAH: Bappeda"), as one of ``known``
    (the book's canonical names) where it is one of them, else folded; None without one."""
    for line in lines:
        match = _AGENCY_TITLE.match(line or "")
        name = normalize_agency(match.group(1)) if match else None
        if name is None or name.startswith("(") or set(_agency_key(name)) <= _NO_AGENCY_WORDS:
            continue  # "(BELUM DITENTUKAN)", "-": no agency named
        for agency in known:
            if names_agency(name, agency) and names_agency(agency, name):
                return agency
        return name
    return None


# Cached: the parts of a book's cells are tried again and again while it is split.
@lru_cache(maxsize=4096)
def _text_info(text: str, table: AliasTable) -> tuple[tuple[str, ...], bool]:
    """A text's agency key and whether it is an alias of the table."""
    folded = normalize_agency(text)
    if folded is None:
        return (), False
    return _agency_key(folded), alias_entry(folded, table) is not None


def names_agency(text: str, agency: str, table: AliasTable | None = None) -> bool:
    """Whether a text (a sheet's name or title line) names the agency: all the agency's
    words are in it, or both are aliases of one agency."""
    text = _AGENCY_LABEL.sub("", text)
    key, own = set(_agency_key(text)), _agency_key(agency)
    if own and key.issuperset(own):
        return True
    entry, mine = alias_entry(fold(text), table), alias_entry(agency, table)
    return entry is not None and mine is not None and entry.group == mine.group


def _looks_like_agency(text: str) -> bool:
    key = _agency_key(text)
    return bool(key) and (key[0] in _HEAD_WORDS or key[:2] == ("rumah", "sakit"))


# --------------------------------------------------------------------------- unifying


# Cached: unify_agencies compares each spelling with every group's; pairs recur across a batch.
@lru_cache(maxsize=8192)
def _same_agency(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return True
    sa, sb = set(a), set(b)
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if len(small) >= 2 and small <= large and len(large - small) == 1:
        return True  # "… Keuangan Daerah" / "… Keuangan Aset Daerah"
    return ratio_at_least(" ".join(a), " ".join(b), 0.92)


@dataclass
class _Group:
    names: list[str]
    group: str | None  # the alias group of its names, if one has an alias
    user_agency: str | None = None  # the agency a user's alias gives it
    by_user: set[str] = field(default_factory=set)  # its names a user's alias matched


def unify_agencies(
    names: list[tuple[str, str, str]], *, aliases: AliasTable | None = None
) -> tuple[dict[str, str], list[Finding]]:
    """Map each folded agency spelling to the book's canonical one.

    ``names`` holds (folded name, file, cell) for every occurrence.  Spellings that are
    aliases of one agency are one agency; of the others, alike spellings are (never two
    spellings that are aliases of two different agencies).  The canonical spelling of a
    group is the agency a user's alias names, else the group's most frequent spelling (the
    longer on a tie).
    """
    table = aliases or packaged_aliases()
    counts = Counter(name for name, _, _ in names)
    where: dict[str, list[tuple[str, str]]] = {}
    for name, file, cell in names:
        where.setdefault(name, []).append((file, cell))
    groups: list[_Group] = []
    for name in sorted(counts, key=lambda n: (-counts[n], -len(n), n)):
        entry = alias_entry(name, table)
        target = None
        if entry is not None:
            target = next((g for g in groups if g.group == entry.group), None)
        if target is None:
            key = _agency_key(name)
            target = next(
                (
                    g
                    for g in groups
                    if (entry is None or g.group is None)
                    and _same_agency(key, _agency_key(g.names[0]))
                ),
                None,
            )
        if target is None:
            target = _Group([], None)
            groups.append(target)
        target.names.append(name)
        if entry is not None:
            target.group = entry.group
            if entry.user:
                target.user_agency = target.user_agency or entry.agency
                target.by_user.add(name)
    mapping: dict[str, str] = {}
    findings: list[Finding] = []
    for group in groups:
        canonical = group.user_agency or group.names[0]
        for name in group.names:
            mapping[name] = canonical
            if name != canonical and name not in group.by_user:
                cells = ", ".join(cell for _, cell in where[name][:5])
                findings.append(
                    F.AGENCY_UNIFIED(
                        file=where[name][0][0],
                        source=where[name][0][1],
                        name=name,
                        cells=cells,
                        canonical=canonical,
                    )
                )
    return mapping, findings
