"""Agency sheet names: short, readable, valid in Excel and unique in their workbook."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_INVALID_SHEET_CHARS = {"/": "-", "\\": "-", "[": "(", "]": ")", ":": "-", "*": " ", "?": " "}
_AGENCY_HEADS = {
    "DINAS",
    "BADAN",
    "KANTOR",
    "SATUAN",
    "LEMBAGA",
    "SEKRETARIAT",
    "BIRO",
    "DIREKTORAT",
    "PUSAT",
    "INSPEKTORAT",
    "DEPUTI",
    "KEMENTERIAN",
}
_ACRONYM_SKIP = {"DAN", "&", "SERTA", "ATAU", "DI", "KE", "DARI", "YANG", "UNTUK", "PADA"}
_WORD_ABBREVIATIONS = {"KELURAHAN": "KEL", "KECAMATAN": "KEC", "KABUPATEN": "KAB"}
_SETDA_SUFFIXES = (("SETDA",), ("SEKDA",), ("SEKRETARIAT", "DAERAH"))
_SHEET_MAX = 31


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 units (Excel counts those)."""
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def clean_sheet_text(name: str) -> str:
    """``name`` upper-cased, single-spaced, without the characters Excel refuses."""
    text = unicodedata.normalize("NFC", str(name))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    for bad, good in _INVALID_SHEET_CHARS.items():
        text = text.replace(bad, good)
    text = re.sub(r"\s+", " ", text).upper()
    text = re.sub(r"-{2,}", "-", text)
    return text.strip(" .-'")


def _short_agency_name(name: str) -> str:
    """A readable sheet name for an agency (not yet made unique)."""
    text = clean_sheet_text(name)
    if not text:
        return "PD"
    # A name that carries its own acronym: "Badan Perencanaan ... (BAPPEDA)".
    own = re.search(r"\(([A-Z0-9][A-Z0-9 .&-]{1,29})\)", text)
    if own and _utf16_len(text) > _SHEET_MAX:
        return own.group(1).strip(" .-")
    words = _bagian_words(text.split(" "))
    candidate = " ".join(words)
    if _utf16_len(candidate) <= _SHEET_MAX:
        return candidate
    if words[0] in _WORD_ABBREVIATIONS:
        words = [_WORD_ABBREVIATIONS[words[0]], *words[1:]]
        candidate = " ".join(words)
        if _utf16_len(candidate) <= _SHEET_MAX:
            return candidate
    if words[0].strip(",") in _AGENCY_HEADS:
        acronym = _initials(words)
        if 2 <= _utf16_len(acronym) <= _SHEET_MAX:
            return acronym
    return _cut_at_word(candidate)


def _bagian_words(words: list[str]) -> list[str]:
    """The words of "Bagian X Setda" as ["BAG", "X"]: a Bagian belongs to the Setda anyway."""
    if words[0] not in ("BAGIAN", "BAG", "BAG."):
        return words
    words = ["BAG", *words[1:]]
    for suffix in _SETDA_SUFFIXES:
        if len(words) > len(suffix) + 1 and tuple(words[-len(suffix) :]) == suffix:
            return words[: -len(suffix)]
    return words


def _initials(words: list[str]) -> str:
    """Initials per agency, joint agencies ("Dinas A dan Dinas B") joined with "-"."""
    parts: list[list[str]] = [[]]
    for i, word in enumerate(words):
        bare = word.strip(",;()")
        if (
            bare == "DAN"
            and i + 1 < len(words)
            and words[i + 1].strip(",") in _AGENCY_HEADS
            and parts[-1]
        ):
            parts.append([])
            continue
        parts[-1].append(bare)
    return "-".join(
        "".join(w[0] for w in part if w and w not in _ACRONYM_SKIP and w[0].isalnum())
        for part in parts
    ).strip("-")


def _cut_at_word(candidate: str) -> str:
    """``candidate`` cut after the last word (or hyphenated part) that fits."""
    out = ""
    for piece in re.findall(r" ?[^ -]+-?", candidate):  # words, and parts of hyphenated ones
        if _utf16_len(out + piece) > _SHEET_MAX:
            break
        out += piece
    return (out or _cut(candidate, _SHEET_MAX)).strip(" .-'") or "PD"


def unique_sheet_name(base: str, used: set[str]) -> str:
    """``base`` cut to 31 units and made unique against ``used`` (which it joins)."""
    base = _cut(base, _SHEET_MAX).strip(" '") or "PD"
    name = base
    k = 2
    while name.casefold() in used or name.casefold() == "history":
        suffix = f" ({k})"
        name = _cut(base, _SHEET_MAX - len(suffix)).rstrip(" '") + suffix
        k += 1
    used.add(name.casefold())
    return name


def agency_sheet_names(agencies: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Valid, unique, readable Excel sheet names for agencies: ``{agency: sheet name}``.

    Short forms: ``"Bagian Organisasi Setda"`` -> ``"BAG ORGANISASI"``; a name that fits in
    31 characters is kept (upper-cased); a longer Dinas/Badan/... name becomes its initials
    (``"Dinas Komunikasi, Informatika dan Statistik"`` -> ``"DKIS"``, joint agencies joined
    with ``-``), or the acronym it carries in brackets; any other long name is cut at a word.
    Characters Excel refuses (``[]:*?/\\``) are replaced, leading and trailing ``'`` removed,
    ``History`` avoided, and names are made unique case-insensitively (also against
    ``reserved``) by appending `` (2)``, `` (3)`` ...
    """
    used = {name.casefold() for name in reserved}
    out: dict[str, str] = {}
    for agency in agencies:
        if agency in out:
            continue
        out[agency] = unique_sheet_name(_short_agency_name(agency), used)
    return out
