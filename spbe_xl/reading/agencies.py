"""Agencies: the responsible agency's spellings, unified across one book."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spbe_xl import findings as F
from spbe_xl.findings import Finding
from spbe_xl.text import fold, ratio_at_least

# Spellings of one word that mean the same in agency names (compared in lower case).
AGENCY_ALIASES: dict[str, str] = {
    "bag": "bagian",
    "bag.": "bagian",
    "sekretariat daerah": "setda",
    "sekda": "setda",
    "kab": "kabupaten",
    "kab.": "kabupaten",
    "kominfo": "komunikasi dan informatika",
    "&": "dan",
}


def normalize_agency(raw: str | None) -> str | None:
    """Fold whitespace and line breaks; ``None`` for blank."""
    if raw is None:
        return None
    folded = fold(raw).strip(" ,;.")
    return folded or None


def _agency_key(name: str) -> tuple[str, ...]:
    return _agency_key_with(name, tuple(AGENCY_ALIASES.items()))


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


def unify_agencies(
    names: list[tuple[str, str, str]],
) -> tuple[dict[str, str], list[Finding]]:
    """Map each folded agency spelling to the book's canonical one.

    ``names`` holds (folded name, file, cell) for every occurrence.  The canonical spelling
    of a group is its most frequent one (the longer on a tie).
    """
    counts = Counter(name for name, _, _ in names)
    where: dict[str, list[tuple[str, str]]] = {}
    for name, file, cell in names:
        where.setdefault(name, []).append((file, cell))
    groups: list[list[str]] = []
    for name in sorted(counts, key=lambda n: (-counts[n], -len(n), n)):
        key = _agency_key(name)
        for group in groups:
            if _same_agency(key, _agency_key(group[0])):
                group.append(name)
                break
        else:
            groups.append([name])
    mapping: dict[str, str] = {}
    findings: list[Finding] = []
    for group in groups:
        canonical = group[0]
        for name in group:
            mapping[name] = canonical
            if name != canonical:
                cells = ", ".join(cell for _, cell in where[name][:5])
                file = where[name][0][0]
                findings.append(
                    F.AGENCY_UNIFIED(
                        file=file,
                        source=where[name][0][1],
                        name=name,
                        cells=cells,
                        canonical=canonical,
                    )
                )
    return mapping, findings
