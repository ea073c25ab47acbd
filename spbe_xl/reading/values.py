"""Values: levels, indicator ids, ADA/BELUM ADA marks and evidence numbers as typed in cells."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from spbe_xl.reading.grid import cell_text
from spbe_xl.text import fold

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_LEVEL_RE = re.compile(
    r"^(LEVEL|LVL|TINGKAT|TK)?(\s*[:.\-]?\s*)(\d+(?:[.,]0+)?|I{1,3}|IV|V)\b", re.IGNORECASE
)
_DIGIT_RE = re.compile(r"\d")
# After the level, another level spelled as a roman numeral ("LEVEL III / IV") or in words.
_ROMAN_WORD_RE = re.compile(r"\b(?:I{1,3}|IV|V)\b", re.IGNORECASE)
_NUMBER_WORDS = {"NOL": 0, "SATU": 1, "DUA": 2, "TIGA": 3, "EMPAT": 4, "LIMA": 5}
_NUMBER_WORD_RE = re.compile(r"\b(NOL|SATU|DUA|TIGA|EMPAT|LIMA)\b", re.IGNORECASE)


def parse_level(value: Any) -> int | None:
    """``LEVEL 3``, ``Level 3 (tiga)``, ``3``, ``3.0``, ``III``, ``３``, ``ＬＥＶＥＬ　３`` -> 3;
    blank -> None.

    Raises ValueError for text that holds no level, or more than one whole level.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a level: {value!r}")
    if isinstance(value, int | float):
        if float(value).is_integer():
            return int(value)
        raise ValueError(f"not a whole level: {value!r}")
    text = str(value)
    if not text.isascii():  # full-width digits and letters, Ⅲ: as their plain forms (NFKC)
        text = unicodedata.normalize("NFKC", text)
    text = fold(text)
    if not text or text in ("-", "–"):
        return None
    match = _LEVEL_RE.match(text)
    if not match:
        raise ValueError(f"not a level: {text!r}")
    # One whole level, or nothing: "3,5", "LEVEL 3.7", "2-3", "LEVEL 2 / LEVEL 3" and a time
    # "03:00" hold a second number, and "-1" a sign; cutting them to their first number would
    # be a confident wrong level.  A word after the level ("LEVEL 3 (tiga)") is kept.
    if _DIGIT_RE.search(text, match.end()) or _ROMAN_WORD_RE.search(text, match.end()):
        raise ValueError(f"not one whole level: {text!r}")
    prefix, between = match.group(1), match.group(2)
    if between.endswith("-") and (not prefix or between.startswith(" ")):  # "-1", "Level -1"
        raise ValueError(f"not a level (a sign): {text!r}")
    token = match.group(3).upper()
    level = _ROMAN[token] if token in _ROMAN else int(float(token.replace(",", ".")))
    # "LEVEL 3 (tiga)" names its level twice; "LEVEL 3 (empat)" names two.
    for word in _NUMBER_WORD_RE.findall(text, match.end()):
        if _NUMBER_WORDS[word.upper()] != level:
            raise ValueError(f"not one whole level: {text!r}")
    return level


_ID_RE = re.compile(
    r"^(?:IND(?:IKATOR)?\.?\s*)?(\d{1,3})(?:\s*[-./_ ]\s*(\d{1,2}))?\s*\.?$", re.IGNORECASE
)


def parse_indicator_id(value: Any) -> tuple[str, int] | None:
    """``1``, ``1.0``, ``"35-1"``, ``"35.1"``, ``"Indikator 7"`` -> (id, number); else None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return (str(value), value) if value > 0 else None
    match = _ID_RE.match(fold(str(value)))
    if not match:
        return None
    number = int(match.group(1))
    if number <= 0:
        return None
    return (f"{number}-{int(match.group(2))}" if match.group(2) else str(number)), number


_MARK_NO = {"", "-", "–", "0", "FALSE", "TIDAK", "N", "NO"}


def is_mark(value: Any) -> bool:
    text = cell_text(value)
    return text is not None and text.upper() not in _MARK_NO


_NUMBER_SEPARATORS_RE = re.compile(r"[\s,;]+")
_ITEM_NUMBER_RE = re.compile(r"\d{1,3}\.?")


def split_numbers(text: str) -> list[int] | None:
    if len(text) <= 3 and text.isdecimal():  # one number, the usual case (isdecimal is \d)
        return [int(text)]
    parts = _NUMBER_SEPARATORS_RE.split(text.strip().rstrip("."))
    if parts and all(_ITEM_NUMBER_RE.fullmatch(p) for p in parts):
        return [int(p.rstrip(".")) for p in parts]
    return None


def split_texts(text: str, count: int) -> list[str] | None:
    """Split one cell's text into ``count`` evidence texts, if the cell shows the breaks."""
    for pattern in (r"\n+", r"\s{2,}"):
        pieces = [p.strip() for p in re.split(pattern, text) if p.strip()]
        if len(pieces) == count:
            return pieces
    return None
