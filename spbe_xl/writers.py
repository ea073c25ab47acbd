"""Writers: tidy frames back into the official SPBE workbooks, print-ready and round-trip safe.

:func:`write_followup` writes the follow-up workbook ("Tindak Lanjut Hasil Indeks SPBE",
``../shared/layout.md`` section 2) of a :class:`~spbe_xl.book.Book`:

``TINDAK LANJUT``
    every indicator in the seed's layout: two title rows, DOMAIN and ASPEK banners, the
    two-row column header under each DOMAIN banner (KELENGKAPAN DATA DUKUNG SAAT INI over
    ADA | BELUM ADA), one sub-row per recommended evidence item with the indicator's cells
    merged down over them, the action plan per year, the responsible agency, and the
    signature block under the table.
one sheet per responsible agency
    the same layout with only that agency's indicators and the agency's full name in a third
    title row; the sheet name is a short form of the name (see :func:`agency_sheet_names`).
    Indicators without an agency go to ``TANPA PENANGGUNG JAWAB``.
``RINGKASAN``
    index and predicate, domain and aspect indices with a native column chart (official
    and self-assessment side by side), the level-delta table and the agency rollup, all from
    :func:`spbe_xl.rules.summarize` -- writers never compute scores.
``JADWAL <year>``
    the monthly grid (JAN ... DES) of the plan year's actions.
``PENILAIAN MANDIRI``
    only when the book has self-assessment data (self or evaluator levels, their evidence):
    the self-assessment layout (layout.md section 1), so that nothing of the book is lost.

:func:`write_template` writes the blank workbook of a new round: every indicator of a
framework with its name and question, empty level cells with a dropdown of the framework's
levels, three empty evidence sub-rows per indicator and, given a list of agencies, a dropdown
of agencies.

Every text is written as text (a recommendation that starts with ``=`` stays a string, never
a formula), and every file is written through :func:`atomic_output`: to a temporary file in the
target's folder, renamed over the target only when complete.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from spbe_xl.book import Book, Signature
from spbe_xl.files import atomic_output

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from spbe_xl import rules

__all__ = [
    "MARK",
    "MONTHS",
    "SHEET_FOLLOWUP",
    "SHEET_NO_AGENCY",
    "SHEET_SELF_ASSESSMENT",
    "SHEET_SUMMARY",
    "agency_sheet_names",
    "atomic_output",
    "count_lines",
    "text_height",
    "write_followup",
    "write_recap",
    "write_table",
    "write_template",
]

Paper = Literal["folio", "a4"]

#: xlsxwriter paper codes: 14 is Folio 8.5 x 13 in (what Indonesian offices call F4), 9 is A4.
PAPER_SIZES = {"folio": 14, "a4": 9}

SHEET_FOLLOWUP = "TINDAK LANJUT"
SHEET_SUMMARY = "RINGKASAN"
SHEET_SELF_ASSESSMENT = "PENILAIAN MANDIRI"
SHEET_NO_AGENCY = "TANPA PENANGGUNG JAWAB"
SHEET_SCHEDULE_PREFIX = "JADWAL"
SHEET_LISTS = "DAFTAR"  # hidden: the template's dropdown lists

TITLE_FOLLOWUP = "TINDAK LANJUT HASIL INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)"
TITLE_SELF_ASSESSMENT = "EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)"
TITLE_SCHEDULE = "JADWAL PELAKSANAAN RENCANA AKSI TINDAK LANJUT HASIL INDEKS SPBE"
TITLE_SUMMARY = "RINGKASAN HASIL INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)"

#: Month abbreviations as Indonesian offices write them (PEB, AGS, NOP).
MONTHS = ("JAN", "PEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOP", "DES")
MARK = "✓"
HEADER_SIZE = 9  # column headers: bold 9 pt, so that KEMATANGAN fits a narrow column
TEMPLATE_EVIDENCE_ROWS = 3

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "nan_inf_to_errors": False,
    # Arial 10 as the workbook's Normal font (with its default row height and column
    # width in pixels), as Indonesian office documents use: LibreOffice renders it with the
    # metric-compatible Liberation Sans, so widths and wrapped heights agree with Excel's.
    "default_format_properties": {"font_name": "Arial", "font_size": 10},
    "default_row_height": 17,
    "default_column_width": 64,
}

_EXCEL_MAX_TEXT = 32_767
_EXCEL_MAX_ROW_PT = 409.0
_BLOCK_ROW_PT = 400.0  # split a merged cell's text over more sub-rows beyond this per row

_LEVEL_LABELS = {
    "official": "NILAI TINGKAT KEMATANGAN (tindak lanjut); bila kosong, HASIL PENILAIAN TIM EVALUATOR",
    "maturity": "NILAI TINGKAT KEMATANGAN (tindak lanjut)",
    "evaluator": "HASIL PENILAIAN TIM EVALUATOR",
    "self": "PENILAIAN MANDIRI",
    "maturity_level": "NILAI TINGKAT KEMATANGAN (tindak lanjut)",
    "evaluator_level": "HASIL PENILAIAN TIM EVALUATOR",
    "self_level": "PENILAIAN MANDIRI",
}
_INSTANCE_LABELS = {
    "items": "setiap instans (mis. 35-1, 35-2) dihitung sebagai satu butir dalam rata-rata aspeknya",
    "mean": "level indikator = rata-rata level instansnya",
    "max": "level indikator = level tertinggi instansnya",
    "min": "level indikator = level terendah instansnya",
}


# --------------------------------------------------------------------------- sheet names

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


def _clean_sheet_text(name: str) -> str:
    text = unicodedata.normalize("NFC", str(name))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    for bad, good in _INVALID_SHEET_CHARS.items():
        text = text.replace(bad, good)
    text = re.sub(r"\s+", " ", text).upper()
    text = re.sub(r"-{2,}", "-", text)
    return text.strip(" .-'")


def _short_agency_name(name: str) -> str:
    """A readable sheet name for an agency (not yet made unique)."""
    text = _clean_sheet_text(name)
    if not text:
        return "PD"
    # A name that carries its own acronym: "Badan Perencanaan ... (BAPPEDA)".
    own = re.search(r"\(([A-Z0-9][A-Z0-9 .&-]{1,29})\)", text)
    if own and _utf16_len(text) > _SHEET_MAX:
        return own.group(1).strip(" .-")
    words = text.split(" ")
    if words[0] in ("BAGIAN", "BAG", "BAG."):
        words = ["BAG", *words[1:]]
        for suffix in _SETDA_SUFFIXES:
            if len(words) > len(suffix) + 1 and tuple(words[-len(suffix) :]) == suffix:
                words = words[: -len(suffix)]
                break
    candidate = " ".join(words)
    if _utf16_len(candidate) <= _SHEET_MAX:
        return candidate
    if words[0] in _WORD_ABBREVIATIONS:
        words = [_WORD_ABBREVIATIONS[words[0]], *words[1:]]
        candidate = " ".join(words)
        if _utf16_len(candidate) <= _SHEET_MAX:
            return candidate
    if words[0].strip(",") in _AGENCY_HEADS:
        # Initials per agency, joint agencies ("Dinas A dan Dinas B") joined with "-".
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
        acronym = "-".join(
            "".join(w[0] for w in part if w and w not in _ACRONYM_SKIP and w[0].isalnum())
            for part in parts
        ).strip("-")
        if 2 <= _utf16_len(acronym) <= _SHEET_MAX:
            return acronym
    out = ""
    for piece in re.findall(r" ?[^ -]+-?", candidate):  # words, and parts of hyphenated ones
        if _utf16_len(out + piece) > _SHEET_MAX:
            break
        out += piece
    return (out or _cut(candidate, _SHEET_MAX)).strip(" .-'") or "PD"


def _unique_sheet_name(base: str, used: set[str]) -> str:
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
        out[agency] = _unique_sheet_name(_short_agency_name(agency), used)
    return out


# --------------------------------------------------------------------------- text metrics

# Advance widths of Arial / Liberation Sans / Helvetica, 1/1000 em (the AFM metrics).
_CHAR_WIDTHS: dict[str, int] = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191,
    "(": 333, ")": 333, "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278,
    ":": 278, ";": 278, "<": 584, "=": 584, ">": 584, "?": 556, "@": 1015,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722,
    "I": 278, "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667,
    "Q": 778, "R": 722, "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667,
    "Y": 667, "Z": 611, "[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556,
    "i": 222, "j": 222, "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556,
    "q": 556, "r": 333, "s": 500, "t": 278, "u": 556, "v": 500, "w": 722, "x": 500,
    "y": 500, "z": 500, "{": 334, "|": 260, "}": 334, "~": 584,
}  # fmt: skip
_DIGIT_WIDTH = 556
_OTHER_WIDTH = 720  # letters outside ASCII, symbols: on the wide side, so text is never cut
_PX_PER_PT = 96 / 72
_COLUMN_UNIT_PX = 7  # Excel column width unit: the default font's digit width
_CELL_PADDING_PX = 7  # left + right inner margins, and a little slack
# Calibrated against LibreOffice's rendering (Liberation Sans, metric-compatible with Arial):
# with these the estimate is never short of the lines rendered and ~12 % above on average,
# which leaves room for Excel, whose columns are a few pixels narrower than LibreOffice's.
_WRAP_SLACK = 1.0


def _char_width(ch: str) -> int:
    if ch.isdigit():
        return _DIGIT_WIDTH
    width = _CHAR_WIDTHS.get(ch)
    if width is not None:
        return width
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    return _OTHER_WIDTH


class _CharTable(dict[str, int]):
    """:func:`_char_width` per character, looked up by ``sum(map(table.__getitem__, text))``
    (one C loop per text instead of a Python call per character).  Printable ASCII is
    filled in advance; other characters are added on first use, at most ``_LIMIT`` of them
    (a pure function of the character, so the table stays valid across workbooks)."""

    _LIMIT = 4096

    def __missing__(self, ch: str) -> int:
        width = _char_width(ch)
        if len(self) < self._LIMIT:
            self[ch] = width
        return width


_CHAR_TABLE = _CharTable({chr(i): _char_width(chr(i)) for i in range(32, 127)})


def _em_sum(text: str) -> int:
    """Width of ``text`` in thousandths of an em, not cached (see :func:`_milli_em`)."""
    return sum(map(_CHAR_TABLE.__getitem__, text))


@lru_cache(maxsize=8192)  # caches bounded: a batch's memory must not grow with N
def _milli_em(text: str) -> int:
    """Width of ``text`` in thousandths of an em (a pure function of the text: cached)."""
    return _em_sum(text)


def _text_px(text: str, size: float, bold: bool) -> float:
    em = _milli_em(text) / 1000
    return em * size * _PX_PER_PT * (1.08 if bold else 1.0)


@lru_cache(maxsize=8192)
def _word_pieces(word: str) -> tuple[int, ...]:
    """A word's widths (thousandths of an em) in the pieces Excel may break it into."""
    if "-" not in word:  # one piece (what the pattern below finds for it), without a regex
        return (_em_sum(word),)
    return tuple(_milli_em(piece) for piece in (re.findall(r"[^-]*-+|[^-]+", word) or [""]))


def _column_px(width: float) -> float:
    return width * _COLUMN_UNIT_PX + 5


def count_lines(text: str, width: float, *, size: float = 10, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` Excel units wide (word wrap).

    Lines break at spaces and after hyphens, as Excel and LibreOffice break them; a word
    longer than the line breaks anywhere.
    """
    return _count_lines(str(text), width, size, bold)


# A paragraph narrower than the line by this fraction is one line without the word loop: the
# loop only adds the same widths (rounded per word, far less than this) over fewer characters.
_FITS = 1 - 1e-6
# The narrowest character but combining marks ("'"): a paragraph of more characters than the
# line holds of it is not measured as a whole first (it is wider than the line, or nearly so).
_NARROWEST = min(w for w in _CHAR_WIDTHS.values())


@lru_cache(maxsize=4096)
def _count_lines(text: str, width: float, size: float, bold: bool) -> int:
    avail = max(_column_px(width) - _CELL_PADDING_PX, 8) * _WRAP_SLACK
    space = _text_px(" ", size, bold)
    scale = 1.08 if bold else 1.0
    fits = avail * _FITS
    most = fits / (_NARROWEST / 1000 * size * _PX_PER_PT * scale)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        if len(paragraph) < most and _em_sum(paragraph) / 1000 * size * _PX_PER_PT * scale < fits:
            continue
        current = 0.0
        for word in paragraph.split(" "):
            for k, milli_em in enumerate(_word_pieces(word)):
                w = milli_em / 1000 * size * _PX_PER_PT * scale  # _text_px(piece, size, bold)
                gap = space if k == 0 and current > 0 else 0.0
                need = current + gap + w
                if need <= avail:
                    current = need
                    continue
                if current > 0:
                    lines += 1
                while w > avail:  # longer than a line: breaks anywhere
                    lines += 1
                    w -= avail
                current = w
    return max(lines, 1)


def _line_pt(size: float) -> float:
    return size * 1.275  # Excel: 12.75 pt per line of Arial 10


def text_height(text: str | None, width: float, *, size: float = 10, bold: bool = False) -> float:
    """Row height (points) that shows all of ``text`` wrapped in a column ``width`` wide."""
    if not text:
        return 0.0
    return _text_height(str(text), width, size, bold)


@lru_cache(maxsize=4096)
def _text_height(text: str, width: float, size: float, bold: bool) -> float:
    """:func:`text_height` of a non-empty text, cached: a cell's height is asked for when its
    block is sized and again when it is written, and per agency sheet it is on."""
    return _count_lines(text, width, size, bold) * _line_pt(size) + 3


# --------------------------------------------------------------------------- values


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    kind = type(value)
    if kind is str or kind is int or kind is bool:  # the common cases, without pd.isna
        return False
    if kind is float:
        return value != value  # NaN
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    if _missing(value):
        return None
    text = str(value)
    return text if text.strip() else None


def _int(value: Any) -> int | None:
    if _missing(value):
        return None
    return int(value)


def _float(value: Any) -> float | None:
    if _missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _id_value(indicator_id: str) -> str | int:
    """``"7"`` -> 7 (a number, as offices type it); ``"35-1"`` stays text."""
    return int(indicator_id) if re.fullmatch(r"[0-9]{1,9}", indicator_id) else indicator_id


def _id_key(indicator_id: str) -> tuple[int, int, str]:
    match = re.fullmatch(r"(\d+)(?:-(\d+))?", indicator_id)
    if match:
        return int(match.group(1)), int(match.group(2) or 0), ""
    return 10**9, 0, indicator_id


def _level_text(level: int | None) -> str | None:
    return None if level is None else f"LEVEL {level}"


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``, the same values (NA as None, numpy scalars as Python
    ones), built column by column: about twice as fast on pandas' string columns.  With
    ``columns``, the records hold only those of them the frame has (what the caller reads)."""
    import numpy as np
    from pandas.api.extensions import ExtensionDtype

    dtypes = frame.dtypes.tolist()
    if frame.columns.has_duplicates or any(dtype.kind in "mM" for dtype in dtypes):
        records = frame.to_dict("records")
        if columns is not None:
            records = [{k: v for k, v in r.items() if k in columns} for r in records]
        return records
    names = frame.columns.tolist()
    if columns is not None:
        keep = [i for i, name in enumerate(names) if name in columns]
        names = [names[i] for i in keep]
        dtypes = [dtypes[i] for i in keep]
    data = []
    for column, dtype in zip(names, dtypes, strict=True):
        series = frame[column]
        array = series.array
        if isinstance(array, _NA_ARRAYS) and dtype.na_value is pd.NA:
            # Python scalars with None for NA in one step: what the loop below makes of them
            values = array.to_numpy(dtype=object, na_value=None).tolist()
        else:
            values = series.tolist()
            if dtype == np.dtype(object) or isinstance(dtype, ExtensionDtype):
                values = [
                    None if v is pd.NA else v.item() if isinstance(v, np.generic) else v
                    for v in values
                ]
        data.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*data, strict=True)]


# pandas' arrays of strings (pyarrow or Python storage) and masked numbers: with pd.NA as
# their missing value, their to_numpy(object, na_value=None) holds Python str/int/float/bool.
_NA_ARRAYS = (
    pd.arrays.ArrowStringArray,
    pd.arrays.StringArray,
    pd.arrays.IntegerArray,
    pd.arrays.FloatingArray,
    pd.arrays.BooleanArray,
)


# --------------------------------------------------------------------------- formats


class _Formats:
    """Cell formats, created once per distinct property set."""

    FONT = "Arial"

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Any] = {}
        self._by_call: dict[tuple[tuple[str, Any], ...], Any] = {}  # props as passed -> format
        self._cells: dict[tuple[Any, ...], Any] = {}  # cell()'s arguments -> format

    def get(self, **props: Any) -> Any:
        call = tuple(props.items())
        fmt = self._by_call.get(call)
        if fmt is None:
            base: dict[str, Any] = {"font_name": self.FONT, "font_size": 10}
            base.update(props)
            key = tuple(sorted(base.items()))
            if key not in self._cache:
                self._cache[key] = self._workbook.add_format(base)
            fmt = self._by_call[call] = self._cache[key]
        return fmt

    def cell(self, align: str = "left", *, num_format: str | None = None, **extra: Any) -> Any:
        # Asked for once per cell of a table: the format by its arguments, before the props
        # are built (the format of the same arguments is the same object either way).
        key = (align, num_format, *extra.items())
        fmt = self._cells.get(key)
        if fmt is None:
            fmt = self._cells[key] = self._cell(align, num_format, extra)
        return fmt

    def _cell(self, align: str, num_format: str | None, extra: dict[str, Any]) -> Any:
        props: dict[str, Any] = {
            "border": 1,
            "text_wrap": True,
            "valign": "top",
            "align": align,
        }
        if num_format:
            props["num_format"] = num_format
        props.update(extra)
        return self.get(**props)

    def header(self, **extra: Any) -> Any:
        props: dict[str, Any] = {
            "bold": True,
            "font_size": HEADER_SIZE,
            "border": 1,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "bg_color": "#D9D9D9",
        }
        props.update(extra)
        return self.get(**props)

    def banner(self, level: str) -> Any:
        color = "#BDD7EE" if level == "domain" else "#E2EFDA"
        return self.get(
            bold=True, border=1, text_wrap=True, align="left", valign="vcenter", bg_color=color
        )

    def title(self, size: float = 13) -> Any:
        return self.get(bold=True, font_size=size, align="center", valign="vcenter", text_wrap=True)

    def plain(self, **extra: Any) -> Any:
        props: dict[str, Any] = {"valign": "top", "text_wrap": True}
        props.update(extra)
        return self.get(**props)


@dataclass(frozen=True)
class _Formula:
    """A formula spbe-xl itself writes (never text from a workbook).

    ``{level}`` in ``text`` stands for the cell of the block's level, filled in when the
    block is placed; ``value`` is the result saved with it (what readers see until the
    workbook is recalculated).
    """

    text: str
    value: str = ""


def _put(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    """Write one cell: text always as a string, numbers as numbers, None as a blank."""
    # The common cases first, by exact type (a text, a blank, a whole or finite number):
    # what the general dispatch below does for them, with fewer checks per cell.
    kind = type(value)
    if kind is str and len(value) <= _EXCEL_MAX_TEXT:
        ws.write_string(row, col, value, fmt)
    elif value is None:
        ws.write_blank(row, col, None, fmt)
    elif kind is int or (kind is float and math.isfinite(value)):
        ws.write_number(row, col, value, fmt)
    else:
        _put_other(ws, row, col, value, fmt)


def _put_other(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    """:func:`_put` of any other value (formulas, NaN/inf, subclasses, too long texts)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, _Formula):
        ws.write_formula(row, col, value.text, fmt, value.value)
    elif isinstance(value, str):
        if len(value) > _EXCEL_MAX_TEXT:
            raise ValueError(
                f"a text of {len(value):,} characters does not fit in an Excel cell "
                f"(at most {_EXCEL_MAX_TEXT:,}): {value[:60]!r}..."
            )
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):  # pragma: no cover - never written
        ws.write_string(row, col, "YA" if value else "TIDAK", fmt)
    elif isinstance(value, int | float):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    else:
        raise TypeError(f"cannot write {type(value).__name__} {value!r}")


def _put_merged(ws: Worksheet, r0: int, c0: int, r1: int, c1: int, value: Any, fmt: Any) -> None:
    if r0 == r1 and c0 == c1:
        _put(ws, r0, c0, value, fmt)
        return
    kind = type(value)
    if (
        (
            (kind is str and 0 < len(value) <= _EXCEL_MAX_TEXT)
            or kind is int
            or (kind is float and math.isfinite(value))
        )
        and not (ws.strings_to_formulas or ws.strings_to_urls or ws.strings_to_numbers)
        and not ws.write_handlers
    ):
        # merge_range writes a plain text as write_string does and a finite number as
        # write_number does (no conversion is on, no handler): the same cells as a blank
        # merge overwritten by _put, with one write less per merge.
        ws.merge_range(r0, c0, r1, c1, value, fmt)
        return
    ws.merge_range(r0, c0, r1, c1, "", fmt)
    if value is not None:
        _put(ws, r0, c0, value, fmt)


class _Heights:
    """Row heights from what each row (and each vertically merged range) must show."""

    def __init__(self, default: float = 12.75) -> None:
        self.default = default
        self.rows: dict[int, float] = {}
        self.fixed: dict[int, float] = {}
        self.spans: list[tuple[int, int, float]] = []

    def need(self, row: int, points: float) -> None:
        self.rows[row] = max(self.rows.get(row, 0.0), points)

    def need_span(self, r0: int, r1: int, points: float) -> None:
        if r0 == r1:
            self.need(r0, points)
        else:
            self.spans.append((r0, r1, points))

    def fix(self, row: int, points: float) -> None:
        self.fixed[row] = points

    def apply(self, ws: Worksheet) -> dict[int, float]:
        """Set the rows' heights; return them (points, rows without an entry are default)."""
        height = {r: max(self.default, pt) for r, pt in self.rows.items()}
        for r0, r1, points in sorted(self.spans, key=lambda s: s[1] - s[0]):
            rows = range(r0, r1 + 1)
            have = sum(height.get(r, self.default) for r in rows)
            if have < points:
                extra = (points - have) / len(rows)
                for r in rows:
                    height[r] = height.get(r, self.default) + extra
        height.update(self.fixed)
        out: dict[int, float] = {}
        for r, pt in sorted(height.items()):
            out[r] = min(math.ceil(pt * 4) / 4, _EXCEL_MAX_ROW_PT)
            ws.set_row(r, out[r])
        return out

    def height(self, applied: Mapping[int, float], r0: int, r1: int) -> float:
        return sum(applied.get(r, self.default) for r in range(r0, r1 + 1))


# Landscape page (width, height) in inches, and the margins of _print_setup.
_PAGE_INCHES = {"folio": (13.0, 8.5), "a4": (11.69, 8.27)}
_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.55, "bottom": 0.6}


def _page_breaks(
    ws: Worksheet,
    heights: _Heights,
    applied: Mapping[int, float],
    units: Sequence[tuple[int, int]],
    widths: Sequence[float],
    paper: Paper,
    repeat: tuple[int, int] | None = None,
) -> list[int]:
    """Manual page breaks so that no unit (an indicator with its banners, a signature
    block, a chart) is split over two printed pages; return the rows they precede.

    The sheet prints fit to one page wide, so a page holds the printable height divided by
    the width scale (a whole percent, as Excel computes it, less a little for safety).
    """
    page_w, page_h = _PAGE_INCHES[paper]
    printable_w = (page_w - _MARGINS["left"] - _MARGINS["right"]) * 72
    printable_h = (page_h - _MARGINS["top"] - _MARGINS["bottom"]) * 72
    columns_pt = sum((int(w * _COLUMN_UNIT_PX + 0.5) + 5) * 0.75 for w in widths)
    scale = min(100, math.floor(printable_w / columns_pt * 100)) / 100 if columns_pt else 1.0
    capacity = printable_h / scale * 0.97
    repeat_pt = heights.height(applied, *repeat) if repeat else 0.0
    breaks: list[int] = []
    used = 0.0
    for r0, r1 in units:
        size = heights.height(applied, r0, r1)
        if used > 0 and used + size > capacity:
            breaks.append(r0)
            used = repeat_pt
        used += size
        # Rows between units (blank spacers) are part of the next unit's page.
    if breaks:
        ws.set_h_pagebreaks(breaks[:1023])
    return breaks


def _print_setup(
    ws: Worksheet,
    paper: Paper,
    *,
    repeat: tuple[int, int] | None = None,
    freeze: int | None = None,
) -> None:
    ws.set_landscape()
    ws.set_paper(PAPER_SIZES[paper])
    ws.fit_to_pages(1, 0)
    ws.set_margins(**_MARGINS)
    ws.center_horizontally()
    ws.set_footer("&C&9Halaman &P dari &N", {"margin": 0.25})
    if repeat is not None:
        ws.repeat_rows(*repeat)
    if freeze is not None:
        ws.freeze_panes(freeze, 0)


# --------------------------------------------------------------------------- table layout


@dataclass(frozen=True)
class _Col:
    key: str
    header: str
    width: float
    align: str = "left"
    group: str | None = None  # a header over several columns (one header row)
    span_header: bool = False  # the header merges with the next column (number + text)


@dataclass
class _Block:
    """One indicator: cells merged down over its sub-rows, and cells per sub-row."""

    merged: dict[str, Any]
    rows: list[dict[str, Any]]
    n_rows: int = 1
    min_row_pt: float = 0.0  # the template's empty sub-rows: room to type or write in
    comments: dict[str, str] = field(default_factory=dict)  # column key -> note on its first cell


@dataclass
class _Aspect:
    number: int | None
    name: str | None
    blocks: list[_Block] = field(default_factory=list)


@dataclass
class _Domain:
    number: int | None
    name: str | None
    aspects: list[_Aspect] = field(default_factory=list)


@dataclass
class _TableSheet:
    name: str
    title: list[str]
    columns: list[_Col]
    domains: list[_Domain]
    signature: Signature | None = None
    validations: dict[str, dict[str, Any]] = field(default_factory=dict)  # column key -> options


def _fit_header_words(columns: list[_Col]) -> list[_Col]:
    """Widen columns so that no header word is broken inside (Excel does not hyphenate)."""
    out = []
    for i, col in enumerate(columns):
        spanned = i > 0 and columns[i - 1].span_header
        words = [] if col.span_header or spanned else col.header.split()
        if col.group is None and not words:
            out.append(col)
            continue
        px = max((_text_px(w, HEADER_SIZE, True) for w in words), default=0.0)
        need = (px + _CELL_PADDING_PX + 2 - 5) / _COLUMN_UNIT_PX
        out.append(replace(col, width=max(col.width, math.ceil(need * 2) / 2)))
    return out


def _followup_columns(plan_years: Sequence[int]) -> list[_Col]:
    return _fit_header_words(
        [
            _Col("id", "INDIKATOR", 8, "center"),
            _Col("name", "URAIAN INDIKATOR", 20),
            _Col("question", "PERTANYAAN", 24),
            _Col("level", "NILAI TINGKAT KEMATANGAN", 11.5, "center"),
            _Col("explanation", "PENJELASAN LEVEL", 26),
            _Col("recommendation", "REKOMENDASI MENPAN", 28),
            _Col("ev_no", "DATA DUKUNG REKOMENDASI MENPAN", 4, "center", span_header=True),
            _Col("ev_text", "DATA DUKUNG REKOMENDASI MENPAN", 30),
            _Col("ada", "ADA", 7, "center", group="KELENGKAPAN DATA DUKUNG SAAT INI"),
            _Col("belum", "BELUM ADA", 7, "center", group="KELENGKAPAN DATA DUKUNG SAAT INI"),
            *(_Col(f"action:{y}", f"RENCANA AKSI TAHUN {y}", 21) for y in plan_years),
            _Col("agency", "PERANGKAT DAERAH PENANGGUNG JAWAB", 19),
        ]
    )


def _self_assessment_columns() -> list[_Col]:
    return _fit_header_words(
        [
            _Col("id", "INDIKATOR", 8, "center"),
            _Col("name", "URAIAN INDIKATOR", 20),
            _Col("question", "PERTANYAAN", 24),
            _Col("self_level", "PENILAIAN MANDIRI", 11.5, "center"),
            _Col("self_explanation", "PENJELASAN LEVEL", 25),
            _Col("self_no", "DATA DUKUNG", 4, "center", span_header=True),
            _Col("self_text", "DATA DUKUNG", 28),
            _Col("evaluator_level", "HASIL PENILAIAN TIM EVALUATOR", 11.5, "center"),
            _Col("evaluator_explanation", "PENJELASAN LEVEL", 25),
            _Col(
                "optimal_no", "DATA DUKUNG PENCAPAIAN LEVEL OPTIMAL", 4, "center", span_header=True
            ),
            _Col("optimal_text", "DATA DUKUNG PENCAPAIAN LEVEL OPTIMAL", 28),
            _Col("agency", "PERANGKAT DAERAH PENANGGUNG JAWAB", 19),
        ]
    )


def _column_widths(columns: Sequence[_Col]) -> dict[str, float]:
    """``{key: width}`` of a sheet's columns, for :func:`_finish_block`."""
    return {col.key: col.width for col in columns}


def _finish_block(block: _Block, widths: Mapping[str, float]) -> _Block:
    """Give the block enough sub-rows for its tallest merged text (409 pt per row at most);
    ``widths`` is :func:`_column_widths` of the sheet's columns."""
    tallest = max(
        (
            text_height(v, widths[k])
            for k, v in block.merged.items()
            if isinstance(v, str) and k in widths
        ),
        default=0.0,
    )
    block.n_rows = max(len(block.rows), 1, math.ceil(tallest / _BLOCK_ROW_PT))
    return block


def _write_table_sheet(
    workbook: Workbook, fm: _Formats, sheet: _TableSheet, paper: Paper
) -> Worksheet:
    ws = workbook.add_worksheet(sheet.name)
    cols = sheet.columns
    last = len(cols) - 1
    total_width = sum(c.width for c in cols)
    for i, col in enumerate(cols):
        ws.set_column(i, i, col.width)
    heights = _Heights()
    two_rows = any(c.group for c in cols)
    r = 0
    for i, line in enumerate(sheet.title):
        size = 13 if i == 0 else 12
        _put_merged(ws, r, 0, r, last, line, fm.title(size))
        heights.need(r, text_height(line, total_width, size=size, bold=True) + 2)
        r += 1
    heights.fix(r, 9)
    r += 1

    first_header: tuple[int, int] | None = None
    # The cells of the columns that get a dropdown (only those: naming cells costs time).
    validation_cells: dict[str, list[str]] = {key: [] for key in sheet.validations}
    units: list[tuple[int, int]] = []  # rows kept on one printed page
    # What _write_block needs per column, made once per sheet.  Made at the first block, not
    # here: the cell formats must be created after the title, banner and header ones, in
    # the order the first block asks for them, as the workbook's styles list them.
    plan: list[tuple[int, str, Any, float, list[str] | None]] | None = None
    level_col = next((i for i, col in enumerate(cols) if col.key == "level"), None)
    for domain in sheet.domains:
        unit_start = r
        if domain.number is not None:
            r = _write_banner(ws, fm, heights, r, last, total_width, "domain", domain)
        h0 = r
        r = _write_header(ws, fm, heights, r, cols, two_rows)
        if first_header is None:
            first_header = (h0, r - 1)
            unit_start = 0  # the title stays with the first indicator
        for aspect in domain.aspects:
            if aspect.number is not None:
                if unit_start is None:
                    unit_start = r
                r = _write_banner(ws, fm, heights, r, last, total_width, "aspect", aspect)
            for block in aspect.blocks:
                start = r if unit_start is None else unit_start
                if plan is None:
                    plan = [
                        (c, col.key, fm.cell(col.align), col.width, validation_cells.get(col.key))
                        for c, col in enumerate(cols)
                    ]
                r = _write_block(ws, heights, r, plan, level_col, block)
                units.append((start, r - 1))
                unit_start = None
    end_of_table = r

    if sheet.signature is not None:
        end = _write_signature(ws, fm, heights, end_of_table + 1, cols, sheet.signature)
        units.append((end_of_table, end - 1))

    for key, options in sheet.validations.items():
        cells = validation_cells.get(key)
        if not cells:
            continue
        first = cells[0]
        ws.data_validation(first, {**options, "multi_range": " ".join(cells)})

    applied = heights.apply(ws)
    assert first_header is not None
    _print_setup(ws, paper, repeat=first_header, freeze=first_header[1] + 1)
    _page_breaks(ws, heights, applied, units, [c.width for c in cols], paper, first_header)
    return ws


def _write_banner(
    ws: Worksheet,
    fm: _Formats,
    heights: _Heights,
    r: int,
    last: int,
    total_width: float,
    level: str,
    group: _Domain | _Aspect,
) -> int:
    label = "DOMAIN" if level == "domain" else "ASPEK"
    fmt = fm.banner(level)
    _put_merged(ws, r, 0, r, last, f"{label} {group.number}", fmt)
    name = (group.name or "").upper() or None
    _put_merged(ws, r + 1, 0, r + 1, last, name, fmt)
    heights.need(r, 16)
    heights.need(r + 1, max(16, text_height(name, total_width, bold=True)))
    return r + 2


def _write_header(
    ws: Worksheet, fm: _Formats, heights: _Heights, r: int, cols: Sequence[_Col], two_rows: bool
) -> int:
    fmt = fm.header()
    bottom = r + 1 if two_rows else r
    c = 0
    while c < len(cols):
        col = cols[c]
        if col.group:
            c1 = c
            while c1 + 1 < len(cols) and cols[c1 + 1].group == col.group:
                c1 += 1
            span_width = sum(x.width for x in cols[c : c1 + 1])
            _put_merged(ws, r, c, r, c1, col.group, fmt)
            heights.need(r, text_height(col.group, span_width, size=HEADER_SIZE, bold=True))
            for k in range(c, c1 + 1):
                _put(ws, bottom, k, cols[k].header, fmt)
                heights.need(
                    bottom, text_height(cols[k].header, cols[k].width, size=HEADER_SIZE, bold=True)
                )
            c = c1 + 1
            continue
        c1 = c + 1 if col.span_header and c + 1 < len(cols) else c
        span_width = sum(x.width for x in cols[c : c1 + 1])
        _put_merged(ws, r, c, bottom, c1, col.header, fmt)
        heights.need_span(
            r, bottom, text_height(col.header, span_width, size=HEADER_SIZE, bold=True)
        )
        c = c1 + 1
    return bottom + 1


def _write_block(
    ws: Worksheet,
    heights: _Heights,
    r: int,
    plan: Sequence[tuple[int, str, Any, float, list[str] | None]],
    level_col: int | None,
    block: _Block,
) -> int:
    """One indicator from row ``r``; returns the row after it.  ``plan`` has per column its
    index, key, cell format, width and the list of cells that get its dropdown (or None)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    n = block.n_rows
    last = r + n - 1
    need = heights.need
    for k in range(r, r + n):
        need(k, block.min_row_pt)
    merged = block.merged
    sub_rows = block.rows
    comments = block.comments
    for c, key, fmt, width, dropdown in plan:
        if comments and key in comments:
            ws.write_comment(r, c, comments[key], {"x_scale": 3, "y_scale": 3})
        if key in merged:
            value = merged[key]
            if isinstance(value, _Formula) and level_col is not None:
                value = replace(
                    value, text=value.text.replace("{level}", xl_rowcol_to_cell(r, level_col))
                )
            _put_merged(ws, r, c, last, c, value, fmt)
            if isinstance(value, str):
                # text_height(value, width), without its wrapper (the hottest call here)
                heights.need_span(r, last, _text_height(value, width, 10, False) if value else 0.0)
            if dropdown is not None:
                dropdown.append(xl_rowcol_to_cell(r, c))
        else:
            for k in range(n):
                value = sub_rows[k].get(key) if k < len(sub_rows) else None
                _put(ws, r + k, c, value, fmt)
                if isinstance(value, str):
                    need(r + k, _text_height(value, width, 10, False) if value else 0.0)
                if dropdown is not None:
                    dropdown.append(xl_rowcol_to_cell(r + k, c))
    return r + n


def _signature_lines(signature: Signature) -> list[tuple[str | None, str]]:
    """(text, style) lines of a signature block; None text is the space to sign in."""
    lines: list[tuple[str | None, str]] = []
    place, when = _text(signature.place), _text(signature.date)
    place_date = None
    if place and when:
        place_date = f"{_fold(place)}, {_fold(when)}"
    elif place or when:
        place_date = (
            f"{_fold(place or '....................')}, {_fold(when or '....................')}"
        )
    label = _text(signature.label) or "MENGETAHUI :"
    # The reader ends the table at a "PLACE, DATE" line or at MENGETAHUI: a place/date line
    # it would not recognise goes under the label, never first.
    if place_date and _PLACE_DATE.match(place_date):
        lines.append((place_date, "plain"))
        lines.append((label, "plain"))
    else:
        lines.append((label, "plain"))
        if place_date:
            lines.append((place_date, "plain"))
    if _text(signature.role):
        lines.append((_text(signature.role), "plain"))  # type: ignore[arg-type]
    lines.append((None, "space"))
    if _text(signature.name):
        lines.append((_text(signature.name), "name"))  # type: ignore[arg-type]
    nip = _text(signature.nip)
    if nip:
        nip = _fold(nip)
        if not re.match(r"^NIP\b", nip, re.IGNORECASE):
            nip = f"NIP. {nip}"
        lines.append((nip, "plain"))
    return lines


# What spbe_xl.readers recognises as the "PLACE, DATE" line that opens a signature block.
_PLACE_DATE = re.compile(
    r"^([A-Za-z .'-]{3,40}),\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$"
)


def _write_signature(
    ws: Worksheet,
    fm: _Formats,
    heights: _Heights,
    r: int,
    cols: Sequence[_Col],
    signature: Signature,
) -> int:
    # The block stands under the right-hand columns, at least ~40 characters wide.
    c1 = len(cols) - 1
    c0 = c1
    width = cols[c1].width
    while c0 > 0 and width < 42:
        c0 -= 1
        width += cols[c0].width
    heights.fix(r, 15)
    r += 1
    for text, style in _signature_lines(signature):
        if style == "space":
            heights.fix(r, 48)
            r += 1
            continue
        fmt = (
            fm.plain(align="center", bold=True, underline=1)
            if style == "name"
            else fm.plain(align="center")
        )
        _put_merged(ws, r, c0, r, c1, text, fmt)
        heights.need(r, text_height(text, width, bold=style == "name"))
        r += 1
    return r


# --------------------------------------------------------------------------- the book's parts


def _catalog(framework_id: str) -> Any:
    from spbe_xl import framework as fw

    return fw.load(framework_id)


def _book_framework(book: Book) -> Any | None:
    try:
        return _catalog(book.meta.framework or "spbe2018")
    except Exception:  # an unknown framework id: write what the book has
        return None


def _has_followup(rows: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the book has follow-up data (a maturity level or explanation); ``rows``: its
    indicators as :func:`_ordered_indicators` gives them (no pass over frame columns)."""
    return any(
        not (_missing(row.get("maturity_level")) and _missing(row.get("maturity_explanation")))
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
    if any(not _missing(row.get(c)) for row in rows for c in _SELF_ASSESSMENT_COLUMNS):
        return True
    return bool(book.evidence["kind"].isin(["self", "optimal"]).any())


def _agency_of(row: Mapping[str, Any]) -> str | None:
    """The normalised agency of an indicator row (falls back to the folded raw spelling)."""
    agency = _text(row.get("responsible_agency"))
    if agency is None and _text(row.get("responsible_agency_raw")):
        agency = _fold(str(row["responsible_agency_raw"])).strip(" ,;.") or None
    return agency


def _plan_years(book: Book, plan_years: Sequence[int] | None) -> list[int]:
    if plan_years is not None:
        years = {int(y) for y in plan_years}
    else:
        years = set(book.meta.plan_years)
        if not years and book.meta.year:
            years = {book.meta.year, book.meta.year + 1, book.meta.year + 2}
        years |= {int(y) for y in book.actions["year"].tolist() if not _missing(y)}
    for year in years:
        if not 1900 <= year <= 2200:
            raise ValueError(f"plan year {year} is not a year")
    return sorted(years)


def _ordered_indicators(book: Book, catalog: Any | None) -> list[dict[str, Any]]:
    rows = _records(book.indicators)
    ids = [str(r["indicator_id"]) for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1}, key=_id_key)
    if duplicates:
        raise ValueError(f"the book lists indicators {', '.join(duplicates)} more than once")
    for row in rows:
        row["indicator_id"] = str(row["indicator_id"])
        number = _int(row.get("indicator_no"))
        if number is None:
            match = re.match(r"\d+", row["indicator_id"])
            number = int(match.group(0)) if match else None
        row["indicator_no"] = number
        info = (
            catalog.indicator(number)
            if catalog is not None and number is not None and catalog.has_indicator(number)
            else {}
        )
        for key in ("domain_no", "aspect_no"):
            if _int(row.get(key)) is None and info:
                row[key] = info[key]
        for key in ("name", "question"):
            if _text(row.get(key)) is None and info.get(key):
                row[key] = info[key]

    def order(row: dict[str, Any]) -> tuple[Any, ...]:
        domain, aspect = _int(row.get("domain_no")), _int(row.get("aspect_no"))
        return (
            domain is None,
            domain or 0,
            aspect is None,
            aspect or 0,
            _id_key(row["indicator_id"]),
        )

    return sorted(rows, key=order)


def _group_names(
    catalog: Any | None, rows: list[dict[str, Any]]
) -> tuple[dict[int, str], dict[int, str]]:
    domains: dict[int, str] = {}
    aspects: dict[int, str] = {}
    if catalog is not None:
        for frame, key, out in (
            (catalog.domains, "domain_no", domains),
            (catalog.aspects, "aspect_no", aspects),
        ):
            # column lists, not itertuples(): the same values, without a tuple per row
            out.update(
                {
                    int(n): str(name)
                    for n, name in zip(frame[key].tolist(), frame["name"].tolist(), strict=True)
                }
            )
    for row in rows:
        d, a = _int(row.get("domain_no")), _int(row.get("aspect_no"))
        if d is not None and _text(row.get("domain")):
            domains.setdefault(d, str(row["domain"]))
        if a is not None and _text(row.get("aspect")):
            aspects.setdefault(a, str(row["aspect"]))
    return domains, aspects


def _group(
    rows: list[dict[str, Any]],
    blocks: list[_Block],
    names: tuple[dict[int, str], dict[int, str]],
) -> list[_Domain]:
    domains: list[_Domain] = []
    for row, block in zip(rows, blocks, strict=True):
        d, a = _int(row.get("domain_no")), _int(row.get("aspect_no"))
        if not domains or domains[-1].number != d:
            domains.append(_Domain(d, names[0].get(d) if d is not None else None))
        domain = domains[-1]
        if not domain.aspects or domain.aspects[-1].number != a:
            domain.aspects.append(_Aspect(a, names[1].get(a) if a is not None else None))
        domain.aspects[-1].blocks.append(block)
    return domains


_EVIDENCE_KEYS = ("indicator_id", "kind", "item_no", "text", "status")  # what the blocks read
_ACTION_KEYS = ("indicator_id", "year", "month", "text")  # what the blocks and JADWAL read


def _evidence_by_indicator(book: Book) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in _records(book.evidence, _EVIDENCE_KEYS):
        out.setdefault((str(item["indicator_id"]), str(item["kind"])), []).append(item)
    return out


def _actions_by_indicator(
    book: Book, plan_years: Sequence[int], records: list[dict[str, Any]]
) -> dict[str, dict[int, list[str]]]:
    """indicator -> year -> distinct action texts, in the book's order (``records``: the
    book's actions, ``_records(book.actions, _ACTION_KEYS)``)."""
    default_year = book.meta.year if book.meta.year in plan_years else None
    if default_year is None and plan_years:
        default_year = plan_years[0]
    out: dict[str, dict[int, list[str]]] = {}
    for action in records:
        text = _text(action.get("text"))
        year = _int(action.get("year"))
        year = default_year if year is None else year
        if text is None or year not in plan_years:
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
    criterion: Any = None,
) -> _Block:
    level_key, expl_key = (
        ("evaluator_level", "evaluator_explanation")
        if use_evaluator
        else ("maturity_level", "maturity_explanation")
    )
    level = _int(row.get(level_key))
    explanation = _text(row.get(expl_key))
    comments: dict[str, str] = {}
    if explanation is None and level is not None and criterion is not None:
        explanation = criterion(int(row["indicator_no"]), level)
        if explanation is not None:
            comments["explanation"] = (
                f"Diisi otomatis oleh spbe-xl dari kriteria LEVEL {level} indikator "
                f"{row['indicator_id']}: penjelasan di workbook asal kosong."
            )
    merged: dict[str, Any] = {
        "id": _id_value(row["indicator_id"]),
        "name": _text(row.get("name")),
        "question": _text(row.get("question")),
        "level": _level_text(level),
        "explanation": explanation,
        "recommendation": _text(row.get("recommendation")),
        "agency": agency,
    }
    rows: list[dict[str, Any]] = []
    for item in evidence:
        status = _text(item.get("status"))
        rows.append(
            {
                "ev_no": _int(item.get("item_no")),
                "ev_text": _text(item.get("text")),
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
    return _Block(merged, rows, comments=comments)


def _self_assessment_block(
    row: dict[str, Any],
    evidence: Mapping[tuple[str, str], list[dict[str, Any]]],
    agency: str | None,
) -> _Block:
    merged: dict[str, Any] = {
        "id": _id_value(row["indicator_id"]),
        "name": _text(row.get("name")),
        "question": _text(row.get("question")),
        "self_level": _level_text(_int(row.get("self_level"))),
        "self_explanation": _text(row.get("self_explanation")),
        "evaluator_level": _level_text(_int(row.get("evaluator_level"))),
        "evaluator_explanation": _text(row.get("evaluator_explanation")),
        "agency": agency,
    }
    rows: list[dict[str, Any]] = []
    for kind in ("self", "optimal"):
        for k, item in enumerate(evidence.get((row["indicator_id"], kind), [])):
            while len(rows) <= k:
                rows.append({})
            rows[k][f"{kind}_no"] = _int(item.get("item_no"))
            rows[k][f"{kind}_text"] = _text(item.get("text"))
    return _Block(merged, rows)


def _instansi_line(instansi: str | None, year: int | None) -> str | None:
    parts = []
    if instansi:
        parts.append(f"DI LINGKUNGAN {_fold(instansi).upper()}")
    if year:
        parts.append(f"TAHUN {year}")
    return " ".join(parts) or None


# --------------------------------------------------------------------------- write_followup


def write_followup(
    book: Book,
    path: str | os.PathLike[str],
    *,
    summary: rules.Summary | None = None,
    paper: Paper = "folio",
    signature: Signature | None = None,
    plan_years: Sequence[int] | None = None,
    schedule_year: int | None = None,
    fill_explanations: bool = True,
) -> Path:
    """Write ``book`` as the official follow-up workbook; return the path written.

    ``summary`` is what the RINGKASAN sheet shows (default :func:`spbe_xl.rules.summarize`
    of the book).  ``paper`` is ``"folio"`` (8.5 x 13 in, F4) or ``"a4"``.  ``signature``
    defaults to the book's (``book.meta.signature``); without either no block is written.
    ``plan_years`` are the RENCANA AKSI TAHUN ... columns (default: the book's plan years,
    else its year and the two after it, plus any year its actions have); ``schedule_year``
    the year of the JADWAL sheet (default: the last plan year).

    NILAI TINGKAT KEMATANGAN shows the follow-up's maturity levels; a book without any
    follow-up data (no maturity level or explanation at all) shows the evaluator's levels
    there instead.  With ``fill_explanations`` a level without its PENJELASAN LEVEL gets
    the framework's criterion of that level (where the framework has criteria), marked by a
    cell note and listed in RINGKASAN's notes.  The file is written atomically (see
    :func:`atomic_output`).
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    if book.indicators.empty:
        raise ValueError("the book has no indicators: nothing to write")
    catalog = _book_framework(book)
    years = _plan_years(book, plan_years)
    if schedule_year is None:
        schedule_year = years[-1] if years else None
    if summary is None:
        from spbe_xl import rules

        summary = rules.summarize(book)
    signature = signature if signature is not None else book.meta.signature

    rows = _ordered_indicators(book, catalog)
    names = _group_names(catalog, rows)
    evidence = _evidence_by_indicator(book)
    action_records = _records(book.actions, _ACTION_KEYS)  # for the blocks and JADWAL
    actions = _actions_by_indicator(book, years, action_records)
    use_evaluator = not _has_followup(rows)
    columns = _followup_columns(years)
    widths = _column_widths(columns)
    criterion = (
        catalog.criterion
        if fill_explanations and catalog is not None and catalog.has_criteria
        else None
    )

    title = [TITLE_FOLLOWUP]
    line = _instansi_line(book.meta.instansi, book.meta.year)
    if line:
        title.append(line)

    # The all-indicators sheet keeps each agency as it was typed (the book's raw spelling);
    # agency sheets and the self-assessment sheet show the normalised name.
    def raw_agency(row: dict[str, Any]) -> str | None:
        return _text(row.get("responsible_agency_raw")) or _agency_of(row)

    main_blocks = [
        _finish_block(
            _followup_block(
                row,
                evidence.get((row["indicator_id"], "recommended"), []),
                actions.get(row["indicator_id"], {}),
                years,
                use_evaluator=use_evaluator,
                agency=raw_agency(row),
                criterion=criterion,
            ),
            widths,
        )
        for row in rows
    ]
    main_by_id = {row["indicator_id"]: block for row, block in zip(rows, main_blocks, strict=True)}

    def agency_blocks(selected: list[dict[str, Any]]) -> list[_Block]:
        """The blocks of an agency sheet: those of the main sheet, but for the agency shown
        (the normalised name there, the raw spelling on the main sheet).  Blocks are not
        changed once finished, so a block whose agency text is the same is shared."""
        out = []
        for row in selected:
            block = main_by_id[row["indicator_id"]]
            agency = _agency_of(row)
            if block.merged["agency"] != agency:
                block = _finish_block(
                    replace(block, merged={**block.merged, "agency": agency}), widths
                )
            out.append(block)
        return out

    filled = [
        str(row["indicator_id"])
        for row, block in zip(rows, main_blocks, strict=True)
        if "explanation" in block.comments
    ]
    if filled:
        summary = replace(
            summary,
            notes=(
                *summary.notes,
                "PENJELASAN LEVEL kosong diisi dari kriteria level kerangka "
                f"{catalog.id}: indikator {', '.join(filled)} (lihat catatan pada sel).",
            ),
        )
    sheets: list[_TableSheet] = [
        _TableSheet(
            SHEET_FOLLOWUP,
            title,
            columns,
            _group(rows, main_blocks, names),
            signature,
        )
    ]
    by_agency: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        by_agency.setdefault(_agency_of(row), []).append(row)
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
    for agency in agencies:
        selected = by_agency[agency]
        sheets.append(
            _TableSheet(
                sheet_names[agency],
                [*title, f"PERANGKAT DAERAH: {agency}"],
                columns,
                _group(selected, agency_blocks(selected), names),
                signature,
            )
        )
    if None in by_agency:
        selected = by_agency[None]
        sheets.append(
            _TableSheet(
                SHEET_NO_AGENCY,
                [*title, "PERANGKAT DAERAH: (BELUM DITENTUKAN)"],
                columns,
                _group(selected, agency_blocks(selected), names),
                signature,
            )
        )
    self_sheet = None
    if _has_self_assessment(book, rows):
        self_columns = _self_assessment_columns()
        self_widths = _column_widths(self_columns)
        self_title = [TITLE_SELF_ASSESSMENT]
        if line:
            self_title.append(line)
        self_sheet = _TableSheet(
            SHEET_SELF_ASSESSMENT,
            self_title,
            self_columns,
            _group(
                rows,
                [
                    _finish_block(
                        _self_assessment_block(row, evidence, _agency_of(row)), self_widths
                    )
                    for row in rows
                ],
                names,
            ),
        )

    with atomic_output(path) as tmp, _xlsx(tmp) as workbook:
        fm = _Formats(workbook)
        _set_properties(
            workbook, book.meta.instansi, book.meta.year, "Tindak lanjut hasil indeks SPBE"
        )
        for sheet in sheets:
            _write_table_sheet(workbook, fm, sheet, paper)
        _write_summary(workbook, fm, summary, book, catalog, years, paper)
        if schedule_year is not None:
            _write_schedule(workbook, fm, book, rows, schedule_year, paper, action_records)
        if self_sheet is not None:
            _write_table_sheet(workbook, fm, self_sheet, paper)
    return Path(path)


@contextlib.contextmanager
def _xlsx(path: Path) -> Iterator[Workbook]:
    """An xlsxwriter workbook that is closed (written) only when the block succeeds.

    xlsxwriter's warnings (a merge over a merge, an invalid validation...) are errors here:
    a workbook is either right or not written.
    """
    import xlsxwriter

    # in_memory: the parts are assembled in memory and zipped once, instead of each being
    # written to a temporary file and removed (the same bytes, ~15 % less time per workbook).
    workbook = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "in_memory": True})
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        yield workbook
        workbook.close()


def _set_properties(
    workbook: Workbook, instansi: str | None, year: int | None, subject: str
) -> None:
    from spbe_xl import __version__

    title = subject + (f" - {instansi}" if instansi else "") + (f" {year}" if year else "")
    workbook.set_properties(
        {"title": title, "subject": subject, "comments": f"spbe-xl {__version__}"}
    )


# --------------------------------------------------------------------------- summary sheet


def _frame(value: Any) -> pd.DataFrame:
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def _write_summary(
    workbook: Workbook,
    fm: _Formats,
    summary: Any,
    book: Book,
    catalog: Any | None,
    plan_years: Sequence[int],
    paper: Paper,
) -> None:
    """RINGKASAN: only the summary's numbers, never a header the reader takes for a table.

    Indicator-number columns are headed "No." (never INDIKATOR / KODE / ID).
    """
    ws = workbook.add_worksheet(SHEET_SUMMARY)
    widths = [7, 44, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13]
    scores = summary.scores
    self_scores = getattr(summary, "self_scores", None)
    rollup = _frame(getattr(summary, "rollup", None))
    action_cols = [c for c in rollup.columns if str(c).startswith("actions_")]
    n_cols = max(10, 10 + len(action_cols))
    widths += [13] * (n_cols - len(widths))
    for i, w in enumerate(widths[:n_cols]):
        ws.set_column(i, i, w)
    last = n_cols - 1
    full = sum(widths[:n_cols])
    heights = _Heights()
    head = fm.header()
    num2 = fm.cell("right", num_format="0.00")
    num0 = fm.cell("center", num_format="0")
    text = fm.cell("left")
    center = fm.cell("center")
    section = fm.get(bold=True, font_size=11, valign="vcenter")

    r = 0
    _put_merged(ws, r, 0, r, last, TITLE_SUMMARY, fm.title(13))
    heights.need(r, text_height(TITLE_SUMMARY, full, size=13, bold=True) + 2)
    r += 1
    sub = " - ".join(
        p
        for p in (
            _fold(book.meta.instansi).upper() if book.meta.instansi else None,
            f"EVALUASI SPBE {book.meta.year}" if book.meta.year else None,
        )
        if p
    )
    if sub:
        _put_merged(ws, r, 0, r, last, sub, fm.title(12))
        heights.need(r, 18)
        r += 1
    r += 1

    # Index and predicate, big.
    big = fm.get(
        bold=True, font_size=22, align="center", valign="vcenter", border=1, num_format="0.00"
    )
    big_text = fm.get(
        bold=True, font_size=18, align="center", valign="vcenter", border=1, text_wrap=True
    )
    label = fm.get(bold=True, valign="vcenter", border=1, text_wrap=True, bg_color="#D9D9D9")
    cards: list[tuple[str, Any]] = [("INDEKS SPBE (hasil resmi)", scores)]
    if self_scores is not None:
        cards.append(("INDEKS SPBE (penilaian mandiri)", self_scores))
    _put(ws, r, 1, "", head)
    _put_merged(ws, r, 2, r, 3, "INDEKS", head)
    _put_merged(ws, r, 4, r, 6, "PREDIKAT", head)
    r += 1
    for caption, result in cards:
        _put(ws, r, 1, caption, label)
        _put_merged(ws, r, 2, r, 3, _float(getattr(result, "total", None)), big)
        _put_merged(ws, r, 4, r, 6, _text(getattr(result, "predicate", None)), big_text)
        heights.fix(r, 36)
        r += 1
    r += 1

    info: list[tuple[str, str | None]] = []
    level = _text(getattr(scores, "level", None))
    if level:
        info.append(("Sumber level resmi", f"{_LEVEL_LABELS.get(level, level)} [{level}]"))
    instances = _text(getattr(scores, "instances", None))
    if instances:
        info.append(
            (
                "Indikator multi-instans",
                f"{_INSTANCE_LABELS.get(instances, instances)} [{instances}]",
            )
        )
    skipped = tuple(getattr(scores, "skipped", ()) or ())
    if skipped:
        info.append(("Indikator tanpa level (tidak dihitung)", ", ".join(map(str, skipped))))
    for k, note in enumerate(getattr(summary, "notes", ()) or ()):
        info.append(("Catatan" if k == 0 else "", str(note)))
    note_width = sum(widths[2 : last + 1])
    for caption, value in info:
        _put(ws, r, 1, caption, fm.plain(bold=True))
        _put_merged(ws, r, 2, r, last, value, fm.plain())
        heights.need(
            r, max(text_height(value, note_width), text_height(caption, widths[1], bold=True))
        )
        r += 1
    r += 1

    units: list[tuple[int, int]] = [(0, r - 1)]

    def table(r: int, title: str, headers: list[str], data: list[list[tuple[Any, Any]]]) -> int:
        start = r
        _put_merged(ws, r, 0, r, len(headers) - 1, title, section)
        heights.need(r, 20)
        r += 1
        for c, h in enumerate(headers):
            _put(ws, r, c, h, head)
            heights.need(r, text_height(h, widths[c], size=HEADER_SIZE, bold=True))
        r += 1
        for k, values in enumerate(data):
            for c, (value, fmt) in enumerate(values):
                _put(ws, r, c, value, fmt)
                if isinstance(value, str):
                    heights.need(r, text_height(value, widths[c]))
            units.append((start if k == 0 else r, r))
            r += 1
        if not data:
            units.append((start, r - 1))
        return r + 1

    self_dom = _frame(getattr(self_scores, "by_domain", None)) if self_scores is not None else None
    self_asp = _frame(getattr(self_scores, "by_aspect", None)) if self_scores is not None else None

    lookups: dict[int, dict[Any, Any]] = {}

    def self_index(frame: pd.DataFrame | None, key: str, number: Any) -> float | None:
        if frame is None or frame.empty or key not in frame:
            return None
        if type(number) is int and "index" in frame:
            # The first row whose key equals the number, from a {key: index} built once.
            table = lookups.get(id(frame))
            if table is None:
                table = {}
                for k, v in zip(frame[key].tolist(), frame["index"].tolist(), strict=True):
                    if not _missing(k):
                        table.setdefault(k, v)
                lookups[id(frame)] = table
            return _float(table[number]) if number in table else None
        hit = frame.loc[frame[key] == number, "index"]
        return _float(hit.iloc[0]) if len(hit) else None

    dom = _frame(getattr(scores, "by_domain", None))
    dom_rows = []
    for d in _records(dom):
        row = [
            (_int(d.get("domain_no")), center),
            (_text(d.get("domain")), text),
            (_float(d.get("weight")), num2),
            (_float(d.get("index")), num2),
        ]
        if self_scores is not None:
            row.append((self_index(self_dom, "domain_no", d.get("domain_no")), num2))
        row.append((_int(d.get("n_indicators")), num0))
        dom_rows.append(row)
    headers = ["No.", "Domain", "Bobot (%)", "Indeks"]
    if self_scores is not None:
        headers.append("Indeks mandiri")
    headers.append("Jumlah indikator dinilai")
    r = table(r, "INDEKS PER DOMAIN", headers, dom_rows)

    asp = _frame(getattr(scores, "by_aspect", None))
    asp_rows = []
    for a in _records(asp):
        row = [
            (_int(a.get("aspect_no")), center),
            (_text(a.get("aspect")), text),
            (_int(a.get("domain_no")), center),
            (_float(a.get("weight")), num2),
            (_float(a.get("index")), num2),
        ]
        if self_scores is not None:
            row.append((self_index(self_asp, "aspect_no", a.get("aspect_no")), num2))
        row.append((_int(a.get("n_indicators")), num0))
        asp_rows.append(row)
    headers = ["No.", "Aspek", "Domain", "Bobot (%)", "Indeks"]
    if self_scores is not None:
        headers.append("Indeks mandiri")
    headers.append("Jumlah indikator dinilai")
    aspect_table_row = r + 2  # first data row of the aspect table
    r = table(r, "INDEKS PER ASPEK", headers, asp_rows)

    if asp_rows:
        chart_row = r
        r = _aspect_chart(
            workbook,
            ws,
            heights,
            r,
            aspect_table_row,
            len(asp_rows),
            self_scores is not None,
            catalog,
        )
        units.append((chart_row, r - 1))

    # Level deltas per indicator.
    deltas = _frame(getattr(getattr(summary, "deltas", None), "table", None))
    delta_rows = []
    for d in _records(deltas):
        column = _text(d.get("official_column"))
        delta_rows.append(
            [
                (_text(d.get("indicator_id")), center),
                (_text(d.get("name")), text),
                (_int(d.get("aspect_no")), center),
                (_int(d.get("self_level")), center),
                (_int(d.get("official_level")), center),
                (
                    {
                        "maturity_level": "Tindak lanjut",
                        "evaluator_level": "Evaluator",
                        "self_level": "Mandiri",
                    }.get(column or "", column),
                    center,
                ),
                (_int(d.get("self_minus_official")), center),
                (_int(d.get("gap_to_target")), center),
                (_float(d.get("points_to_target")), fm.cell("right", num_format="0.000")),
                (_float(d.get("points_to_next_level")), fm.cell("right", num_format="0.000")),
            ]
        )
    r = table(
        r,
        "SELISIH LEVEL PER INDIKATOR (mandiri dikurangi resmi; tambahan indeks bila naik level)",
        [
            "No.",
            "Nama",
            "Aspek",
            "Level mandiri",
            "Level resmi",
            "Sumber level resmi",
            "Selisih",
            "Jarak ke target",
            "Tambahan indeks ke target",
            "Tambahan indeks naik 1 level",
        ],
        delta_rows,
    )

    # Agency rollup, the most to win first.
    if not rollup.empty and "points_to_win" in rollup:
        rollup = rollup.sort_values(
            "points_to_win", ascending=False, kind="stable", na_position="last"
        )
    roll_rows = []
    for k, a in enumerate(_records(rollup), start=1):
        ids = a.get("indicator_ids")
        if isinstance(ids, list | tuple):
            ids = ", ".join(map(str, ids))
        row = [
            (k, center),
            (_text(a.get("responsible_agency")), text),
            (_int(a.get("n_indicators")), num0),
            (_text(ids), text),
            (_float(a.get("mean_level")), num2),
            (_float(a.get("points_now")), fm.cell("right", num_format="0.000")),
            (_float(a.get("points_to_win")), fm.cell("right", num_format="0.000")),
            (_int(a.get("evidence_items")), num0),
            (_int(a.get("evidence_ada")), num0),
            (_int(a.get("evidence_belum_ada")), num0),
            *((_int(a.get(c)), num0) for c in action_cols),
            (_int(a.get("indicators_without_action")), num0),
        ]
        roll_rows.append(row)
    r = table(
        r,
        "REKAP PER PERANGKAT DAERAH (urut menurut potensi tambahan indeks)",
        [
            "No.",
            "Perangkat Daerah",
            "Jumlah indikator",
            "Daftar No.",
            "Rata-rata level",
            "Sumbangan indeks saat ini",
            "Potensi tambahan indeks",
            "Data dukung",
            "Ada",
            "Belum ada",
            *(f"Rencana aksi {str(c).removeprefix('actions_')}" for c in action_cols),
            "Tanpa rencana aksi",
        ],
        roll_rows,
    )
    applied = heights.apply(ws)
    _print_setup(ws, paper)
    _page_breaks(ws, heights, applied, units, widths[:n_cols], paper)


def _aspect_chart(
    workbook: Workbook,
    ws: Worksheet,
    heights: _Heights,
    r: int,
    first_data_row: int,
    n: int,
    with_self: bool,
    catalog: Any | None,
) -> int:
    chart = workbook.add_chart({"type": "column"})
    name = SHEET_SUMMARY
    last = first_data_row + n - 1
    chart.add_series(
        {
            "name": "Hasil resmi",
            "categories": [name, first_data_row, 1, last, 1],
            "values": [name, first_data_row, 4, last, 4],
            "fill": {"color": "#2F5597"},
            "data_labels": {"value": True, "num_format": "0.00"},
        }
    )
    if with_self:
        chart.add_series(
            {
                "name": "Penilaian mandiri",
                "categories": [name, first_data_row, 1, last, 1],
                "values": [name, first_data_row, 5, last, 5],
                "fill": {"color": "#F4B183"},
                "data_labels": {"value": True, "num_format": "0.00"},
            }
        )
    top = catalog.level_max if catalog is not None else 5
    chart.set_title({"name": "Indeks per aspek", "name_font": {"size": 12}})
    chart.set_y_axis(
        {
            "min": 0,
            "max": top,
            "major_unit": 1,
            "num_format": "0",
            "major_gridlines": {"visible": True},
        }
    )
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 380})
    ws.insert_chart(r, 1, chart, {"object_position": 1})
    rows = 20  # 20 rows of 15 pt (20 px) = 400 px: the chart and a margin
    for k in range(rows):
        heights.fix(r + k, 15)
    return r + rows + 1


# --------------------------------------------------------------------------- schedule sheet


def _write_schedule(
    workbook: Workbook,
    fm: _Formats,
    book: Book,
    rows: list[dict[str, Any]],
    year: int,
    paper: Paper,
    action_records: list[dict[str, Any]],
) -> None:
    """JADWAL <year>: one row per action of the year, a mark in its month(s)
    (``action_records``: as for :func:`_actions_by_indicator`)."""
    ws = workbook.add_worksheet(f"{SHEET_SCHEDULE_PREFIX} {year}")
    widths = [9, 46, *([5.5] * 12), 26]
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    last = len(widths) - 1
    full = sum(widths)
    heights = _Heights()
    r = 0
    title = [TITLE_SCHEDULE]
    line = _instansi_line(book.meta.instansi, None)
    if line:
        title.append(line)
    for i, text in enumerate(title):
        size = 13 if i == 0 else 12
        _put_merged(ws, r, 0, r, last, text, fm.title(size))
        heights.need(r, text_height(text, full, size=size, bold=True) + 2)
        r += 1
    heights.fix(r, 9)
    r += 1
    head = fm.header()
    h0 = r
    _put_merged(ws, r, 0, r + 1, 0, "INDIKATOR", head)
    _put_merged(ws, r, 1, r + 1, 1, "RENCANA AKSI", head)
    # "TAHUN <year>" over the months as in the seed; without the book's year in the titles
    # the bare year, so that the reader does not take it for the evaluation year.
    _put_merged(ws, r, 2, r, 13, f"TAHUN {year}" if book.meta.year else str(year), head)
    _put_merged(ws, r, 14, r + 1, 14, "KETERANGAN", head)
    for m, month in enumerate(MONTHS):
        _put(ws, r + 1, 2 + m, month, head)
    heights.need(r, 18)
    heights.need(r + 1, 18)
    r += 2

    order = {row["indicator_id"]: k for k, row in enumerate(rows)}
    agency = {row["indicator_id"]: _agency_of(row) for row in rows}
    items: dict[tuple[str, str], set[int]] = {}
    for action in action_records:
        if _int(action.get("year")) != year:
            continue
        key = (str(action["indicator_id"]), _text(action.get("text")) or "")
        months = items.setdefault(key, set())
        month = _int(action.get("month"))
        if month is not None and 1 <= month <= 12:
            months.add(month)
    keys = sorted(items, key=lambda k: (order.get(k[0], len(order)), _id_key(k[0])))
    units: list[tuple[int, int]] = [(0, r)]
    cell = fm.cell("left")
    center = fm.cell("center")
    mark = fm.cell("center", valign="vcenter")
    if not keys:
        _put_merged(
            ws,
            r,
            0,
            r,
            last,
            f"Belum ada rencana aksi untuk tahun {year}.",
            fm.cell("center", italic=True),
        )
        r += 1
    for indicator_id, text in keys:
        _put(ws, r, 0, _id_value(indicator_id), center)
        _put(ws, r, 1, text or None, cell)
        for m in range(12):
            _put(ws, r, 2 + m, MARK if (m + 1) in items[(indicator_id, text)] else None, mark)
        note = agency.get(indicator_id)
        _put(ws, r, 14, note, cell)
        heights.need(r, max(text_height(text, widths[1]), text_height(note, widths[14])))
        if r > units[0][1]:
            units.append((r, r))
        r += 1
    applied = heights.apply(ws)
    _print_setup(ws, paper, repeat=(h0, h0 + 1), freeze=h0 + 2)
    _page_breaks(ws, heights, applied, units, widths, paper, (h0, h0 + 1))


# --------------------------------------------------------------------------- template


def write_template(
    path: str | os.PathLike[str],
    *,
    framework: str = "spbe2018",
    instansi: str | None = None,
    year: int | None = None,
    agencies: Sequence[str] | None = None,
    paper: Paper = "folio",
    plan_years: Sequence[int] | None = None,
) -> Path:
    """Write the blank follow-up workbook of a new evaluation round; return the path.

    Every indicator of ``framework`` with its number, name and question; empty level cells
    with a dropdown ``LEVEL <min>`` ... ``LEVEL <max>``; three empty evidence sub-rows with
    a ✓ dropdown under ADA and BELUM ADA; one action per cell under RENCANA AKSI TAHUN ...
    (``plan_years``, default ``year`` and the two years after it); with ``agencies``, a
    dropdown of them in the PERANGKAT DAERAH column (other names are accepted after a
    warning).  Without ``year`` the title has no year and the plan years default to the
    current year and the two after it.  A multi-instance indicator (2018's
    indicator 35, one per public-service system) gets one row numbered ``35``: number the
    copies ``35-1``, ``35-2`` ... when assessing several systems.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    catalog = _catalog(framework)
    year = int(year) if year is not None else None
    first = year if year is not None else date.today().year
    years = (
        sorted({int(y) for y in plan_years})
        if plan_years is not None
        else [first, first + 1, first + 2]
    )
    agency_list = list(dict.fromkeys(_fold(a) for a in (agencies or ()) if a and _fold(a)))
    columns = _followup_columns(years)
    widths = _column_widths(columns)

    rows = sorted(
        (
            {
                "indicator_id": str(int(i.indicator_no)),
                "indicator_no": int(i.indicator_no),
                "domain_no": int(i.domain_no),
                "aspect_no": int(i.aspect_no),
                "name": _text(i.name),
                "question": _text(i.question),
            }
            for i in catalog.indicators.itertuples()
        ),
        key=lambda row: (row["domain_no"], row["aspect_no"], row["indicator_no"]),
    )
    blocks = []
    for row in rows:
        number = row["indicator_no"]
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
        blocks.append(
            _finish_block(
                _Block(
                    merged,
                    [{} for _ in range(TEMPLATE_EVIDENCE_ROWS)],
                    min_row_pt=25.5,
                    comments={"ev_text": f"Data dukung: {guidance}"} if guidance else {},
                ),
                widths,
            )
        )
    names = _group_names(catalog, rows)
    title = [TITLE_FOLLOWUP]
    line = _instansi_line(instansi, year)
    if line:
        title.append(line)
    levels = [f"LEVEL {n}" for n in range(catalog.level_min, catalog.level_max + 1)]
    validations: dict[str, dict[str, Any]] = {
        "level": {
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
    sheet = _TableSheet(
        SHEET_FOLLOWUP, title, columns, _group(rows, blocks, names), None, validations
    )

    with atomic_output(path) as tmp, _xlsx(tmp) as workbook:
        fm = _Formats(workbook)
        _set_properties(workbook, instansi, year, "Templat tindak lanjut hasil indeks SPBE")
        _write_table_sheet(workbook, fm, sheet, paper)
        if agency_list:
            lists = workbook.add_worksheet(SHEET_LISTS)
            lists.set_column(0, 0, 60)
            for k, agency in enumerate(agency_list):
                _put(lists, k, 0, agency, None)
            lists.hide()
        if catalog.has_criteria:
            _write_criteria_sheet(workbook, fm, catalog)
    return Path(path)


SHEET_CRITERIA = "KRITERIA"  # hidden: the level criteria the template's lookups read


def _criterion_lookup(indicator_no: int) -> _Formula:
    """PENJELASAN LEVEL of a template row: the criterion of the level picked beside it."""
    return _Formula(
        f'=IFERROR(VLOOKUP("{indicator_no}|"&{{level}},{SHEET_CRITERIA}!$A:$D,4,FALSE),"")'
    )


def _write_criteria_sheet(workbook: Workbook, fm: _Formats, catalog: Any) -> None:
    """The framework's level criteria, keyed ``"<indicator>|LEVEL <n>"`` for VLOOKUP."""
    ws = workbook.add_worksheet(SHEET_CRITERIA)
    headers = ["Kunci", "Indikator", "Level", "Kriteria", "Penjelasan level", "Data dukung"]
    for c, (header, width) in enumerate(zip(headers, (12, 9, 7, 70, 70, 70), strict=True)):
        ws.set_column(c, c, width)
        _put(ws, 0, c, header, fm.plain(bold=True))
    criteria = catalog.criteria
    for r, item in enumerate(_records(criteria), start=1):
        number, level = int(item["indicator_no"]), int(item["level"])
        for c, value in enumerate(
            (
                f"{number}|LEVEL {level}",
                number,
                level,
                _text(item.get("criterion")),
                _text(item.get("level_explanation")),
                _text(item.get("evidence_guidance")),
            )
        ):
            _put(ws, r, c, value, None)
    source = _text(getattr(catalog, "criteria_source", None))
    if source:
        _put(ws, len(criteria) + 2, 0, f"Sumber: {source}", None)
    ws.hide()


# --------------------------------------------------------------------------- plain tables


def _column_format(fm: _Formats, name: str, series: pd.Series) -> tuple[Any, float]:
    """A cell format and a width for a frame column."""
    if pd.api.types.is_bool_dtype(series):
        return fm.cell("center"), 8
    if pd.api.types.is_integer_dtype(series):
        return fm.cell("center", num_format="0"), 9
    if pd.api.types.is_float_dtype(series):
        digits = "0.000" if "point" in name.lower() or "poin" in name.lower() else "0.00"
        return fm.cell("right", num_format=digits), 11
    texts = [str(v) for v in series.dropna().head(500)]
    longest = max((len(t) for t in texts), default=0)
    return fm.cell("left"), float(min(max(longest * 0.9, 10), 48))


def _cell_value(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _cell_value(value.item())
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def _write_frame(
    ws: Worksheet,
    fm: _Formats,
    heights: _Heights,
    r: int,
    frame: pd.DataFrame,
    widths: list[float],
    *,
    title: str | None = None,
    headers: Sequence[str] | None = None,
    units: list[tuple[int, int]] | None = None,
) -> int:
    """A frame as a bordered table from row ``r`` (title row, header row, data); returns
    the row after it.  ``widths`` grows to fit the columns; texts are strings, always."""
    names = list(headers) if headers is not None else [str(c) for c in frame.columns]
    formats = []
    for c, column in enumerate(frame.columns):
        fmt, width = _column_format(fm, str(column), frame[column])
        width = max(
            width,
            *(
                _text_px(w, HEADER_SIZE, True) / _COLUMN_UNIT_PX + 1.5
                for w in names[c].split() or [""]
            ),
        )
        while len(widths) <= c:
            widths.append(0.0)
        widths[c] = max(widths[c], min(width, 60))
        formats.append(fmt)
    start = r
    if title:
        span = max(len(names) - 1, 0)
        _put_merged(ws, r, 0, r, span, title, fm.get(bold=True, font_size=11, valign="vcenter"))
        heights.need(r, 20)
        r += 1
    head = fm.header()
    for c, name in enumerate(names):
        _put(ws, r, c, name, head)
        heights.need(r, text_height(name, widths[c], size=HEADER_SIZE, bold=True))
    r += 1
    for k, values in enumerate(frame.itertuples(index=False, name=None)):
        for c, value in enumerate(values):
            value = _cell_value(value)
            _put(ws, r, c, value, formats[c])
            if isinstance(value, str):
                heights.need(r, text_height(value, widths[c]))
        if units is not None:
            units.append((start if k == 0 else r, r))
        r += 1
    if units is not None and frame.empty:
        units.append((start, r - 1))
    return r + 1


def write_table(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    sheet_name: str = "TABEL",
    title: str | None = None,
    paper: Paper = "folio",
) -> Path:
    """Write one DataFrame as a formatted, print-ready workbook (one sheet); return the path.

    Column names are the headers; texts are written as text (never formulas), numbers as
    numbers (floats shown with 2 decimals, 3 for points, stored at full precision).  The file
    is written atomically.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    name = _unique_sheet_name(_clean_sheet_text(sheet_name) or "TABEL", set())
    with atomic_output(path) as tmp, _xlsx(tmp) as workbook:
        fm = _Formats(workbook)
        _set_properties(workbook, None, None, title or sheet_name)
        ws = workbook.add_worksheet(name)
        heights = _Heights()
        widths: list[float] = []
        r = 0
        if title:
            _put_merged(ws, r, 0, r, max(len(frame.columns) - 1, 0), title, fm.title(13))
            heights.need(r, 22)
            r += 2
        header_row = r
        units: list[tuple[int, int]] = []
        _write_frame(ws, fm, heights, r, frame, widths, units=units)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        applied = heights.apply(ws)
        _print_setup(ws, paper, repeat=(header_row, header_row), freeze=header_row + 1)
        _page_breaks(ws, heights, applied, units, widths, paper, (header_row, header_row))
    return Path(path)


def write_recap(recap: Any, path: str | os.PathLike[str], *, paper: Paper = "folio") -> Path:
    """Write :func:`spbe_xl.rules.recap` (many instansi side by side) as a workbook.

    ``REKAP``: one row per instansi (index, predicate, rank, domain and aspect indices) with a
    column chart of the indices, the predicate distribution and the notes; ``DOMAIN ASPEK``:
    mean, lowest and highest index per domain and aspect; ``INDIKATOR TERLEMAH``: indicators
    by their mean official level, lowest first.  Written atomically.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    table = _frame(getattr(recap, "table", None)).copy()
    labels = {
        "instansi": "Instansi",
        "year": "Tahun",
        "framework": "Kerangka",
        "index": "Indeks",
        "predicate": "Predikat",
        "rank": "Peringkat",
    }
    headers = [
        labels.get(str(c))
        or re.sub(r"^d(\d+)$", r"Domain \1", re.sub(r"^a(\d+)$", r"Aspek \1", str(c)))
        for c in table.columns
    ]
    if "rank" in table:
        table = table.sort_values("rank", kind="stable")
    with atomic_output(path) as tmp, _xlsx(tmp) as workbook:
        fm = _Formats(workbook)
        _set_properties(workbook, None, None, "Rekap hasil indeks SPBE")

        ws = workbook.add_worksheet("REKAP")
        heights = _Heights()
        widths: list[float] = []
        units: list[tuple[int, int]] = []
        _put_merged(ws, 0, 0, 0, max(len(headers) - 1, 6), "REKAP HASIL INDEKS SPBE", fm.title(13))
        heights.need(0, 22)
        first = 3
        r = _write_frame(ws, fm, heights, 2, table, widths, headers=headers, units=units)
        if len(table) and "index" in table:
            chart = workbook.add_chart({"type": "column"})
            c_index = list(table.columns).index("index")
            c_name = list(table.columns).index("instansi") if "instansi" in table else 0
            chart.add_series(
                {
                    "name": "Indeks SPBE",
                    "categories": ["REKAP", first, c_name, first + len(table) - 1, c_name],
                    "values": ["REKAP", first, c_index, first + len(table) - 1, c_index],
                    "fill": {"color": "#2F5597"},
                    "data_labels": {"value": True, "num_format": "0.00"},
                }
            )
            chart.set_title({"name": "Indeks SPBE per instansi", "name_font": {"size": 12}})
            chart.set_y_axis({"min": 0, "max": 5, "major_unit": 1})
            chart.set_legend({"none": True})
            chart.set_size({"width": 860, "height": 360})
            ws.insert_chart(r, 1, chart, {"object_position": 1})
            for k in range(19):
                heights.fix(r + k, 15)
            units.append((r, r + 18))
            r += 20
        predicates = _frame(getattr(recap, "predicates", None))
        if not predicates.empty:
            r = _write_frame(
                ws,
                fm,
                heights,
                r,
                predicates,
                widths,
                title="SEBARAN PREDIKAT",
                headers=["Predikat", "Jumlah instansi"],
                units=units,
            )
        last = max(len(widths) - 1, 2)
        note_width = sum(widths[1:]) or 60
        for k, note in enumerate(getattr(recap, "notes", ()) or ()):
            _put(ws, r + k, 0, "Catatan" if k == 0 else None, fm.plain(bold=True))
            _put_merged(ws, r + k, 1, r + k, last, str(note), fm.plain())
            heights.need(r + k, text_height(str(note), note_width))
            units.append((r + k, r + k))
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        applied = heights.apply(ws)
        _print_setup(ws, paper, repeat=(2, 2), freeze=3)
        _page_breaks(ws, heights, applied, units, widths, paper)

        ws = workbook.add_worksheet("DOMAIN ASPEK")
        heights = _Heights()
        widths = []
        units = []
        spread_headers = [
            "Kerangka",
            "No.",
            "{}",
            "Rata-rata indeks",
            "Terendah",
            "Tertinggi",
            "Jumlah instansi",
        ]
        r = 0
        for key, title in (("domains", "Domain"), ("aspects", "Aspek")):
            frame = _frame(getattr(recap, key, None))
            if frame.empty:
                continue
            names = [h.format(title) for h in spread_headers][: len(frame.columns)]
            r = _write_frame(
                ws,
                fm,
                heights,
                r,
                frame,
                widths,
                title=f"INDEKS PER {title.upper()}",
                headers=names,
                units=units,
            )
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        applied = heights.apply(ws)
        _print_setup(ws, paper)
        _page_breaks(ws, heights, applied, units, widths, paper)

        weakest = _frame(getattr(recap, "weakest", None))
        ws = workbook.add_worksheet("INDIKATOR TERLEMAH")
        heights = _Heights()
        widths = []
        units = []
        names = [
            {
                "framework": "Kerangka",
                "indicator_no": "No.",
                "name": "Nama",
                "mean_level": "Rata-rata level",
                "n_instansi": "Jumlah instansi",
            }.get(str(c))
            or re.sub(r"^n_below_level_(\d+)$", r"Jumlah di bawah level \1", str(c))
            for c in weakest.columns
        ]
        _write_frame(ws, fm, heights, 0, weakest, widths, headers=names, units=units)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        applied = heights.apply(ws)
        _print_setup(ws, paper, repeat=(0, 0), freeze=1)
        _page_breaks(ws, heights, applied, units, widths, paper, (0, 0))
    return Path(path)
