"""Readers: received SPBE workbooks into tidy frames, every value traceable to its cell.

Workbooks arrive made by hand: title rows, DOMAIN/ASPEK banner rows, the column header
repeated under each banner, an indicator's cells merged down over its evidence sub-rows,
several evidence numbers typed into one cell, typos in headers, levels written
``LEVEL 3``, ``Level 3``, ``3`` or ``3.0``, one sheet per agency.  The reader finds each
sheet's kind and columns from the header text (never from fixed positions), reads every
table row, then merges what the sheets and files say about each indicator into one row,
reporting disagreements as findings instead of hiding them.

Cell values and merged ranges are read with python-calamine (fast, read-only, also
``.xls`` and ``.ods``); the input file is never modified.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import zipfile
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from spbe_xl.book import (
    ACTION_COLUMNS,
    EVIDENCE_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    Book,
    BookMeta,
    ReadError,
    SheetInfo,
    Signature,
    cell_ref,
    frame_from_records,
)

__all__ = [
    "ReadError",
    "normalize_agency",
    "parse_indicator_id",
    "parse_level",
    "peek_title",
    "read_workbook",
]

# Bounds on what a workbook may inflate to before we parse it (decompression bombs).
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_CELLS = 5_000_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


# --------------------------------------------------------------------------- opening


@dataclass
class _Sheet:
    file: str
    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]]  # r0, c0, r1, c1 (inclusive, 0-based)
    hidden: bool = False
    uncalculated: tuple[str, ...] = ()  # cells holding a formula without a saved result
    # Caches (speed only): each row's cell texts, the "SHEET!" prefix of cell references,
    # the merged ranges by row.
    _texts: dict[int, list[str | None]] = field(default_factory=dict, repr=False, compare=False)
    _prefix: str | None = field(default=None, repr=False, compare=False)
    _merges_by_row: dict[int, list[tuple[int, int, int]]] | None = field(
        default=None, repr=False, compare=False
    )
    _merges_mode: str = field(default="rows", repr=False, compare=False)  # see _row_merges
    _months: dict[int, dict[int, int]] = field(default_factory=dict, repr=False, compare=False)
    _hint_rows: set[int] | None = field(default=None, repr=False, compare=False)

    def row_texts(self, r: int) -> list[str | None]:
        """The texts of row r's cells (``_cell_text`` of each value), computed once."""
        texts = self._texts.get(r)
        if texts is None:
            texts = self._texts[r] = _texts_of(self.rows[r])
        return texts

    def all_row_texts(self) -> list[list[str | None]]:
        """``row_texts`` of every row, computed in one pass (the parser needs nearly all)."""
        done = self._texts
        texts = [done.get(r) or _texts_of(row) for r, row in enumerate(self.rows)]
        self._texts = dict(enumerate(texts))
        return texts

    def text(self, r: int, c: int) -> str | None:
        if r < 0 or r >= len(self.rows) or c < 0:
            return None
        texts = self._texts.get(r) or self.row_texts(r)  # (a row has at least one cell)
        return texts[c] if c < len(texts) else None

    def raw(self, r: int, c: int) -> Any:
        if r < 0 or r >= len(self.rows) or c < 0:
            return None
        row = self.rows[r]
        return row[c] if c < len(row) else None

    def ref(self, r: int, c: int) -> str:
        """``cell_ref(self.name, r, c)``, with the sheet's prefix computed once."""
        if self._prefix is None:
            self._prefix = cell_ref(self.name, 0, 0)[: -len("A1")]
        return f"{self._prefix}{_column_letters(c)}{r + 1}"


def _texts_of(row: list[Any]) -> list[str | None]:
    """``_cell_text`` of each value of a row.

    Most cells are empty ("": None, tested first as the commonest) or text without a
    carriage return: for those ``_cell_text`` is ``v.strip() or None``, done inline (this
    runs on every cell of a workbook)."""
    return [
        None
        if v == ""
        else (v.strip() or None)
        if v.__class__ is str and "\r" not in v
        else None
        if v is None
        else _cell_text(v)
        for v in row
    ]


@lru_cache(maxsize=1024)
def _column_letters(col: int) -> str:
    """Excel letters of a 0-based column, as ``cell_ref`` writes them."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _open_workbook(path: Path) -> list[_Sheet]:
    """All sheets of a workbook as value grids, or ReadError naming the file."""
    label = path.name
    uncalculated = _check_container(path, label)

    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise ReadError("the workbook is password-protected", file=label) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadError(f"the workbook is damaged or not a workbook ({exc})", file=label) from exc

    sheets: list[_Sheet] = []
    total_cells = 0
    try:
        for meta in workbook.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            total_cells += (sheet.total_height or 0) * (sheet.total_width or 0)
            if total_cells > MAX_CELLS:
                raise ReadError(
                    f"the workbook has more than {MAX_CELLS:,} cells; refusing to read it",
                    file=label,
                    sheet=meta.name,
                )
            rows = sheet.to_python(skip_empty_area=False)
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            hidden = "Visible" not in str(meta.visible)
            sheets.append(
                _Sheet(
                    label, meta.name, rows, merges, hidden, tuple(uncalculated.get(meta.name, ()))
                )
            )
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"the workbook is damaged ({exc})", file=label) from exc
    finally:
        workbook.close()
    return sheets


def _check_container(path: Path, label: str) -> dict[str, list[str]]:
    """Refuse, before parsing, what is not a workbook, is encrypted or would inflate too far.

    Returns, for an xlsx, the cells of each sheet that hold a formula without a saved
    result (calamine reads them as empty).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ReadError(f"cannot open the file ({exc.strerror or exc})", file=label) from exc
    if size == 0:
        raise ReadError("the file is empty (0 bytes), not a workbook", file=label)
    if head.startswith(_ZIP_MAGIC):
        return _check_zip(path, label)
    elif head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in path.read_bytes():
            raise ReadError(
                "the workbook is password-protected (encrypted); save an unprotected copy "
                "in Excel (File > Info > Protect Workbook > remove the password) and read that",
                file=label,
            )
    else:
        raise ReadError(
            "not an Excel or OpenDocument workbook (expected .xlsx, .xlsm, .xls or .ods)",
            file=label,
        )
    return {}


def _check_zip(path: Path, label: str) -> dict[str, list[str]]:
    uncalculated: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_zip_sizes(entries, label)
            for entry in entries:
                name = entry.filename
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = archive.read(entry)
                    _check_sheet_extent(xml, name, label)
                    if b"<f" in xml:
                        cells = [m.decode() for m in _UNCALCULATED_RE.findall(xml)]
                        if cells:
                            uncalculated[name] = cells
                elif name == "xl/sharedStrings.xml":
                    # zipfile stops at the declared size and checks the CRC: a part that
                    # lies about its size to slip past the bound above fails here.
                    archive.read(entry)
                elif name == "content.xml":  # an OpenDocument spreadsheet's cells
                    _check_ods_extent(archive.read(entry), label)
            if uncalculated:
                return _by_sheet_name(archive, uncalculated)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ReadError(
            f"the workbook is damaged (broken zip container: {exc})", file=label
        ) from exc
    return {}


# A cell with a formula (<f>…</f> or a shared <f …/>) and no value after it (<v/> or none;
# <v></v> is a saved empty result, e.g. of the template's criteria lookups).
_UNCALCULATED_RE = re.compile(
    rb'<c\s[^>]*?r="([A-Z]+\d+)"[^>]*>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|(?!<v))'
)


def _by_sheet_name(
    archive: zipfile.ZipFile, by_entry: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Map worksheet part names (xl/worksheets/sheet1.xml) to the sheets' names."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]+)"', rel.group(0))
        target = re.search(r'\bTarget="([^"]+)"', rel.group(0))
        if rid and target:
            part = target.group(1).lstrip("/")
            targets[rid.group(1)] = part if part.startswith("xl/") else f"xl/{part}"
    out: dict[str, list[str]] = {}
    for sheet in re.finditer(r"<sheet\b[^>]*>", workbook):
        name = re.search(r'\bname="([^"]*)"', sheet.group(0))
        rid = re.search(r'\br:id="([^"]+)"', sheet.group(0))
        if name and rid and targets.get(rid.group(1)) in by_entry:
            out[html.unescape(name.group(1))] = by_entry[targets[rid.group(1)]]
    return out


_LAST_ROW_RE = re.compile(rb'<row[^>]*?\sr="(\d+)"')
_CELL_COLUMN_RE = re.compile(rb'<c[^>]*?\sr="([A-Z]+)\d+"')


_TWO_LETTER_REF_RE = re.compile(rb'r="[A-Z]{2}\d')
_THREE_LETTER_REF_RE = re.compile(rb'r="[A-Z]{3}\d')
_XML_SPACE = frozenset(b" \t\n\r\f\v")  # what \s matches in a bytes pattern


def _in_cell_tag(pattern: re.Pattern[bytes], xml: bytes) -> bool:
    r"""``re.search(rb'<c[^>]*?\s' + pattern, xml)``, fast: find the pattern itself (rare:
    only sheets wider than column Z have it) after a space, then whether a ``<c`` opens
    before that space with no ``>`` in between."""
    for match in pattern.finditer(xml):
        start = match.start() - 1  # the space
        if start < 0 or xml[start] not in _XML_SPACE:
            continue
        opening = xml.rfind(b"<c", 0, start)
        if opening >= 0 and xml.rfind(b">", 0, start) < opening:
            return True
    return False


def _check_sheet_extent(xml: bytes, entry: str, label: str) -> None:
    """Refuse a sheet whose cells span more than MAX_CELLS before calamine lays it out.

    calamine allocates the whole rectangle from A1 to the last cell, so one cell at
    XFD1048576 would ask for hundreds of gigabytes.  Rows come in order, so the last
    ``<row r=…>`` gives the height; the width is looked up only when it could matter.
    """
    tail = xml.rfind(b"<row")
    if tail < 0:
        return
    last = _LAST_ROW_RE.match(xml, tail)
    height = int(last.group(1)) if last else xml.count(b"<row")
    if height * 16384 <= MAX_CELLS:
        return  # short enough for the widest sheet Excel allows (column XFD)
    width = 702 if _in_cell_tag(_TWO_LETTER_REF_RE, xml) else 26
    if _in_cell_tag(_THREE_LETTER_REF_RE, xml):
        width = 16384
    if height * width <= MAX_CELLS:
        return
    width = max((_column_number(m) for m in _CELL_COLUMN_RE.findall(xml)), default=1)
    if height * width > MAX_CELLS:
        raise ReadError(
            f"a sheet ({entry}) spans {height:,} rows and {width:,} columns "
            f"({height * width:,} cells, limit {MAX_CELLS:,}); refusing to read it",
            file=label,
        )


# The tags that lay out an OpenDocument table: a table, a row (repeated N times by
# table:number-rows-repeated), a cell (repeated by table:number-columns-repeated).
_ODS_TAG_RE = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
    rb"|</table:(table-row|table)>"
)
_ODS_ROWS_REPEATED_RE = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_COLUMNS_REPEATED_RE = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_TABLE_NAME_RE = re.compile(rb'table:name="([^"]*)"')


def _check_ods_extent(xml: bytes, label: str) -> None:
    """Refuse an OpenDocument table whose cells span more than MAX_CELLS once its repeats
    are expanded, before calamine lays it out.

    A row or cell may say it repeats a million times: a few hundred bytes that calamine
    would expand into gigabytes (and abort the process when the allocation fails).  The
    extent counts cells that hold something (a value type or content) up to the last of
    them, as calamine does: the empty rows LibreOffice repeats to the end of every sheet
    do not count.
    """
    name = b"?"
    height = last_row = width = col = 0
    repeat = 1
    row_has_value = False
    for match in _ODS_TAG_RE.finditer(xml):
        tag, attrs, self_closing, end_tag = match.groups()
        if tag == b"table-row" and not self_closing:
            found = _ODS_ROWS_REPEATED_RE.search(attrs)
            repeat, col, row_has_value = int(found.group(1)) if found else 1, 0, False
        elif end_tag == b"table-row" or tag == b"table-row":  # a row ends (or had no cells)
            if tag == b"table-row":
                found = _ODS_ROWS_REPEATED_RE.search(attrs)
                repeat, row_has_value = int(found.group(1)) if found else 1, False
            height += repeat
            if row_has_value:
                last_row = height
        elif tag is not None and tag != b"table":  # a cell, covered or not
            found = _ODS_COLUMNS_REPEATED_RE.search(attrs)
            span = int(found.group(1)) if found else 1
            if not self_closing or b"office:value-type" in attrs:
                width, row_has_value = max(width, col + span), True
            col += span
        elif tag == b"table":
            found = _ODS_TABLE_NAME_RE.search(attrs)
            name = found.group(1) if found else b"?"
            height = last_row = width = 0
        if last_row * width > MAX_CELLS:  # refused as soon as it is known
            raise ReadError(
                f"the sheet spans {last_row:,} rows and {width:,} columns once its repeated "
                f"rows and cells are expanded ({last_row * width:,} cells, limit "
                f"{MAX_CELLS:,}); refusing to read it",
                file=label,
                sheet=html.unescape(name.decode("utf-8", "replace")),
            )


def _ref_to_row_col(ref: str) -> tuple[int, int]:
    """``"D12"`` -> (11, 3), 0-based."""
    letters = re.match(r"[A-Z]+", ref).group(0)  # type: ignore[union-attr]
    return int(ref[len(letters) :]) - 1, _column_number(letters.encode()) - 1


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _check_zip_sizes(entries: list[zipfile.ZipInfo], label: str) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ReadError(f"the workbook has {len(entries)} parts; refusing to read it", file=label)
    inflated = sum(entry.file_size for entry in entries)
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            f"the workbook would inflate to {inflated / 2**20:,.0f} MiB "
            f"(limit {MAX_UNCOMPRESSED_BYTES / 2**20:,.0f} MiB); refusing to read it",
            file=label,
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise ReadError("a zip file, but not an Excel or OpenDocument workbook", file=label)


# --------------------------------------------------------------------------- text


def _cell_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    """Upper-case letters and digits only, single spaces: for matching headers."""
    return _NOT_ALNUM_RE.sub(" ", text.upper()).strip()


_NOT_ALNUM_RE = re.compile(r"[^0-9A-Z]+")


_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # bounded: a batch's memory must not grow with N
def _fold(text: str) -> str:
    """Fold whitespace and line breaks to single spaces."""
    return _SPACES_RE.sub(" ", text).strip()


def _word_like(word: str, candidates: Sequence[str]) -> bool:
    if word in candidates:
        return True
    if len(word) < 5:
        return False
    # The ratio is at most 2 * min(len) / (len + len) (difflib's real_quick_ratio), and at
    # most 2 * (len(word) - d) / (len + len) where d letters of the word are not in the
    # candidate at all (each leaves at least one character unmatched): pairs these bounds
    # reject are skipped before the (cached) comparison, which would reject them too.
    n = len(word)
    letters = set(word)
    for c in candidates:
        if (
            len(c) >= 5
            and 2.0 * min(n, len(c)) / (n + len(c)) >= 0.8
            and 2.0 * (n - len(letters.difference(c))) / (n + len(c)) >= 0.8
            and _ratio_at_least(word, c, 0.8)
        ):
            return True
    return False


@lru_cache(maxsize=8192)
def _ratio_at_least(a: str, b: str, threshold: float) -> bool:
    """``difflib.SequenceMatcher(None, a, b).ratio() >= threshold``, cached, trying the
    matcher's cheap upper bounds of the ratio first (the same answer, mostly faster).

    The bounds are computed here as difflib computes them (``2.0 * matches / length``),
    without building a matcher: building one indexes ``b``, which costs more than most
    bounds take to reject the pair.
    """
    length = len(a) + len(b)
    if not length:
        return threshold <= 1.0  # difflib: two empty texts match fully
    # real_quick_ratio: at most the shorter text matches.
    if 2.0 * min(len(a), len(b)) / length < threshold:
        return False
    # quick_ratio: at most the characters the two texts share (as a multiset) match.
    chars = set(a)  # (summed by map in C: this bound rejects most pairs, so it runs often)
    shared = sum(map(min, map(a.count, chars), map(b.count, chars)))
    if 2.0 * shared / length < threshold:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def _has(norm_text: str, phrase: str) -> bool:
    """True when every word of ``phrase`` is in ``norm_text``, allowing small typos."""
    words = norm_text.split()
    # A loop, not all(<generator>): header classification runs this often, cold.
    for w in phrase.split():  # noqa: SIM110
        if not _word_like(w, words):
            return False
    return True


# --------------------------------------------------------------------------- headers

# Column roles: ("id",), ("name",), ("question",), ("level", kind), ("explanation",),
# ("recommendation",), ("evidence", kind), ("status", "ada"|"belum ada"),
# ("action", year|None), ("agency",), ("note",)


@lru_cache(maxsize=2048)
def _header_role(text: str) -> tuple[Any, ...] | None:
    t = _norm(text)
    if not t:
        return None
    words = t.split()
    if words[-1] == "ADA":
        if words[-2:-1] in (["BELUM"], ["TIDAK"]):
            return ("status", "belum ada")
        if len(words) == 1 or _has(t, "KELENGKAPAN") or _has(t, "SAAT INI") or "SUDAH" in words:
            return ("status", "ada")
    if _has(t, "RENCANA AKSI") or _has(t, "RENCANA TINDAK"):
        years = re.findall(r"\b(20\d\d)\b", t)
        return ("action", int(years[-1]) if years else None)
    if _has(t, "DATA DUKUNG") or _has(t, "BUKTI DUKUNG") or _has(t, "DOKUMEN PENDUKUNG"):
        if _has(t, "KELENGKAPAN") or _has(t, "SAAT INI"):
            return ("status", None)
        if _has(t, "OPTIMAL"):
            return ("evidence", "optimal")
        if _has(t, "REKOMENDASI"):
            return ("evidence", "recommended")
        return ("evidence", "self")
    if _has(t, "PENJELASAN") or _has(t, "KETERANGAN LEVEL") or _has(t, "DESKRIPSI LEVEL"):
        return ("explanation",)
    if _has(t, "MANDIRI"):
        return ("level", "self")
    if _has(t, "KEMATANGAN") or _has(t, "NILAI INDIKATOR"):
        return ("level", "maturity")
    if (
        _has(t, "EVALUATOR")
        or _has(t, "HASIL PENILAIAN")
        or _has(t, "VERIFIKASI")
        or (_has(t, "NILAI") and len(words) <= 3)
    ):
        return ("level", "evaluator")
    if _has(t, "REKOMENDASI"):
        return ("recommendation",)
    if (
        _has(t, "PENANGGUNG JAWAB")
        or _has(t, "PERANGKAT DAERAH")
        or t in ("OPD", "PD", "UNIT KERJA")
    ):
        return ("agency",)
    if _has(t, "PERTANYAAN"):
        return ("question",)
    if words[0] == "URAIAN" or _has(t, "NAMA INDIKATOR"):
        return ("name",)
    if t in ("INDIKATOR", "NO INDIKATOR", "NOMOR INDIKATOR", "KODE INDIKATOR", "KODE", "ID") or (
        words[0] == "INDIKATOR" and len(words) <= 2
    ):
        return ("id",)
    if t in ("NO", "NOMOR"):
        return ("number",)
    if t == "KETERANGAN":
        return ("note",)
    return None


# The words of a header row (any case): a row holding none of them is no header.
_HINT_WORDS = ("INDIKATOR", "URAIAN", "PERTANYAAN", "KEMATANGAN", "MANDIRI")


# The characters other than ASCII letters that a case-insensitive search takes for a letter
# of a header word: "İ" and "ı" for I, the Kelvin sign for K (found over all code points:
# re.findall(letter, every_character, re.IGNORECASE)).
_HINT_LOOKALIKES = {0x130: "I", 0x131: "I", 0x212A: "K"}
_HINT_WORDS_BYTES = tuple(word.encode() for word in _HINT_WORDS)


def _hint_rows(sheet: _Sheet) -> set[int]:
    """The rows of the sheet whose texts hold a header word, found once per sheet."""
    if sheet._hint_rows is None:
        sheet._hint_rows = _rows_with_hint(sheet.all_row_texts())
    return sheet._hint_rows


def _rows_with_hint(rows: list[list[str | None]]) -> set[int]:
    """The indexes of the rows (lists of texts) with a text holding a header word in any
    case (as ``re.search("|".join(_HINT_WORDS), text, re.IGNORECASE)``), in one search.

    Nearly every row is tested, and testing rows one by one costs more in calls than in
    scanning.  Each row's texts are joined by a character no word contains (no match spans
    two cells), the rows are encoded and joined, and each word is searched in the
    upper-cased whole.  ``bytes.upper`` changes only ASCII letters and every byte of a
    non-ASCII character is >= 0x80, so once the few look-alike letters the regex also takes
    are made ASCII, the words match in the bytes exactly where that search matches.
    """
    joined = ["\0".join(filter(None, texts)) for texts in rows]
    if not all(map(str.isascii, joined)):
        joined = [
            text.translate(_HINT_LOOKALIKES)
            if "\u0130" in text or "\u0131" in text or "\u212a" in text
            else text
            for text in joined
        ]
    encoded = [text.encode("utf-8", "surrogatepass") for text in joined]
    data = b"\n".join(encoded).upper()
    # ends[i]: the offset just after row i and its separator (a word holds neither).
    ends = list(accumulate(len(row) + 1 for row in encoded))
    found: set[int] = set()
    for word in _HINT_WORDS_BYTES:
        at = data.find(word)
        while at >= 0:
            row = bisect_right(ends, at)
            found.add(row)
            at = data.find(word, ends[row])  # on from the next row
    return found


@dataclass
class _Columns:
    """Where each field of a table lives on a sheet (0-based columns)."""

    id: int
    header_row: int
    n_header_rows: int
    name: int | None = None
    question: int | None = None
    levels: dict[str, int] = field(default_factory=dict)  # kind -> column
    explanations: dict[str, int] = field(default_factory=dict)  # level kind -> column
    recommendation: int | None = None
    evidence: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # kind -> (no, text)
    status: dict[str, int] = field(default_factory=dict)  # "ada"/"belum ada" -> column
    actions: dict[int | None, int] = field(default_factory=dict)  # year -> column
    agency: int | None = None
    headers: dict[int, str] = field(default_factory=dict)
    # The text fields _read_row copies, as (field name, column): set by _layout.
    text_plan: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)
    explanation_plan: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)

    @property
    def kind(self) -> str:
        if "maturity" in self.levels or self.recommendation is not None:
            return "followup"
        return "self_assessment"


# Index merged ranges by row unless they cover more rows than this in all (then scan them).
_MERGE_INDEX_MAX_ROWS = 200_000


# Rows whose merged ranges are found by scanning the sheet's list before indexing them all.
_MERGE_ROWS_SCANNED = 32


def _row_merges(sheet: _Sheet, r: int) -> list[tuple[int, int, int]] | None:
    """The merged ranges over row r as (r0, c0, c1), in the sheet's order; None when the
    sheet has too many merged rows to index (then scan ``sheet.merges``).

    The parser asks about few rows (header rows, the odd continuation): the first
    ``_MERGE_ROWS_SCANNED`` rows asked are found by a scan each, which costs less than
    indexing every merged row; a sheet asked about more rows is indexed in full.
    ``sheet._merges_mode`` is "rows" (rows cached one by one), "index" or "scan".
    """
    if sheet._merges_mode == "scan":
        return None
    found_rows = sheet._merges_by_row
    if found_rows is None:
        found_rows = sheet._merges_by_row = {}
    spans = found_rows.get(r)
    if spans is not None:
        return spans
    if sheet._merges_mode == "index":
        return []  # every merged row is in the index
    if len(found_rows) < _MERGE_ROWS_SCANNED:
        spans = found_rows[r] = [(r0, c0, c1) for r0, c0, r1, c1 in sheet.merges if r0 <= r <= r1]
        return spans
    if sum(r1 - r0 + 1 for r0, _, r1, _ in sheet.merges) > _MERGE_INDEX_MAX_ROWS:
        sheet._merges_mode, sheet._merges_by_row = "scan", {}
        return None
    index: dict[int, list[tuple[int, int, int]]] = {}
    for r0, c0, r1, c1 in sheet.merges:  # each row's list keeps the sheet's order
        for rr in range(max(r0, 0), r1 + 1):
            index.setdefault(rr, []).append((r0, c0, c1))
    sheet._merges_mode, sheet._merges_by_row = "index", index
    return index.get(r, [])


def _merge_parent(sheet: _Sheet, r: int, c: int) -> tuple[int, int] | None:
    """The top-left cell of the first merged range (in the sheet's order) holding (r, c)."""
    spans = _row_merges(sheet, r)
    if spans is None:
        for r0, c0, r1, c1 in sheet.merges:
            if r0 <= r <= r1 and c0 <= c <= c1:
                return r0, c0
        return None
    for r0, c0, c1 in spans:
        if c0 <= c <= c1:
            return r0, c0
    return None


def _header_texts(sheet: _Sheet, r: int) -> dict[int, str]:
    """Header text of each column of row r, with merged headers spread over their span."""
    if r >= len(sheet.rows):
        return {}
    # Most header rows have no merged range (spans == []): no lookup for their empty cells.
    spans = _row_merges(sheet, r)
    out: dict[int, str] = {}
    for c, text in enumerate(sheet.row_texts(r)):
        if text is None and spans != []:
            parent = _merge_parent(sheet, r, c)
            if parent is not None:
                text = sheet.text(*parent)
        if text:
            out[c] = text
    return out


_SUBHEADER_TEXTS = ("ADA", "BELUM ADA", "TIDAK ADA", "SUDAH ADA")
_YEAR_RE = re.compile(r"20\d\d")


def _is_subheader_row(sheet: _Sheet, r: int) -> bool:
    """Whether row r's own texts include ADA / BELUM ADA … or a year (a sub-header)."""
    return any(
        _norm(t) in _SUBHEADER_TEXTS or _YEAR_RE.fullmatch(_norm(t))
        for t in sheet.row_texts(r)
        if t
    )


def _find_columns(
    sheet: _Sheet, r: int, layouts: dict[Any, _Columns | None] | None = None
) -> _Columns | None:
    """Read a header row (and a sub-header row under it); None if row r is no header.

    ``layouts`` keeps, for one read, the layout of each header text seen (see below).
    """
    # The row's texts (computed once per row, the parser needs them anyway) hold the header
    # words exactly where its raw values do: converting a value strips spaces and turns
    # "\r" into "\n", which neither makes nor breaks a word, and numbers, dates and
    # booleans hold none of the words.
    if r not in _hint_rows(sheet):
        return None
    texts = _header_texts(sheet, r)
    n_rows = 1
    if r + 1 < len(sheet.rows) and _is_subheader_row(sheet, r + 1):
        n_rows = 2
        below = sheet.row_texts(r + 1)
        for c, sub in _header_texts(sheet, r + 1).items():
            if below[c] is None:
                continue  # a vertical merge from the row above
            texts[c] = f"{texts.get(c, '')} {sub}".strip()
    # The layout follows from the header texts alone: a header seen before in this read
    # (a follow-up repeats its header on every agency sheet) is not classified again.
    key = (n_rows, tuple(texts.items()))
    if layouts is None or key not in layouts:
        layout = _layout(texts, n_rows)
        if layouts is not None:
            layouts[key] = layout
    else:
        layout = layouts[key]
    if layout is None:
        return None
    cols = replace(layout, header_row=r, evidence=dict(layout.evidence))  # (the rest is read only)
    # An evidence header over one column followed by an unlabelled column: number + text.
    for kind, (number_col, text_col) in list(cols.evidence.items()):
        if (
            number_col is None
            and text_col + 1 not in texts
            and _column_has_text(sheet, r + n_rows, text_col + 1)
        ):
            cols.evidence[kind] = (text_col, text_col + 1)
    return cols


def _layout(texts: dict[int, str], n_rows: int) -> _Columns | None:
    """The columns a header's texts name (``header_row`` left to the caller), or None when
    the texts are no indicator table's header."""
    roles = {c: _header_role(t) for c, t in texts.items()}
    found = {role[0] for role in roles.values() if role}
    if (
        "id" not in found
        or len(found & {"name", "question", "level", "recommendation", "evidence"}) < 2
    ):
        return None
    cols = _Columns(
        id=min(c for c, role in roles.items() if role == ("id",)),
        header_row=-1,
        n_header_rows=n_rows,
    )
    cols.headers = texts
    last_level: str | None = None
    ordered = sorted(roles.items())
    for i, (c, role) in enumerate(ordered):
        if role is None:
            continue
        kind = role[0]
        if kind == "name" and cols.name is None:
            cols.name = c
        elif kind == "question" and cols.question is None:
            cols.question = c
        elif kind == "level":
            cols.levels.setdefault(role[1], c)
            last_level = role[1]
        elif kind == "explanation":
            target = last_level
            if target is None:  # explanation left of its level: take the next level
                target = next((r_[1] for _, r_ in ordered[i:] if r_ and r_[0] == "level"), None)
            if target is not None:
                cols.explanations.setdefault(target, c)
        elif kind == "recommendation" and cols.recommendation is None:
            cols.recommendation = c
        elif kind == "evidence":
            previous = cols.evidence.get(role[1])
            if previous is None:
                number_col = c - 1 if c > 0 and roles.get(c - 1) == ("number",) else None
                cols.evidence[role[1]] = (number_col, c)
            elif previous[0] is None and previous[1] == c - 1:
                cols.evidence[role[1]] = (c - 1, c)  # a header merged over number and text
        elif kind == "status" and role[1] is not None:
            cols.status.setdefault(role[1], c)
        elif kind == "status":
            pass  # KELENGKAPAN header without sub-header: resolved below
        elif kind == "action":
            cols.actions.setdefault(role[1], c)
        elif kind == "agency" and cols.agency is None:
            cols.agency = c
    # KELENGKAPAN DATA DUKUNG over two columns without an ADA / BELUM ADA row.
    if not cols.status:
        span = [c for c, role in ordered if role == ("status", None)]
        if len(span) >= 2:
            cols.status = {"ada": span[0], "belum ada": span[1]}
    cols.text_plan = [
        (field_name, c)
        for field_name, c in (
            ("name", cols.name),
            ("question", cols.question),
            ("recommendation", cols.recommendation),
            ("responsible_agency_raw", cols.agency),
        )
        if c is not None
    ]
    cols.explanation_plan = [(_EXPLANATION_FIELD[k], c) for k, c in cols.explanations.items()]
    return cols


_NUMBER_LIKE_RE = re.compile(r"[\d\s.,]+")


def _column_has_text(sheet: _Sheet, start: int, c: int, rows: int = 60) -> bool:
    return any(
        (t := sheet.text(r, c)) is not None and not _NUMBER_LIKE_RE.fullmatch(t)
        for r in range(start, min(start + rows, len(sheet.rows)))
    )


# --------------------------------------------------------------------------- values

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_LEVEL_RE = re.compile(
    r"^(?:LEVEL|LVL|TINGKAT|TK)?\s*[:.\-]?\s*(\d+(?:[.,]0+)?|I{1,3}|IV|V)\b", re.IGNORECASE
)


def parse_level(value: Any) -> int | None:
    """``LEVEL 3``, ``Level 3``, ``3``, ``3.0``, ``III`` -> 3; blank -> None.

    Raises ValueError for text that holds no level.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a level: {value!r}")
    if isinstance(value, int | float):
        if float(value).is_integer():
            return int(value)
        raise ValueError(f"not a whole level: {value!r}")
    text = _fold(str(value))
    if not text or text in ("-", "–"):
        return None
    match = _LEVEL_RE.match(text)
    if not match:
        raise ValueError(f"not a level: {text!r}")
    token = match.group(1).upper()
    if token in _ROMAN:
        return _ROMAN[token]
    return int(float(token.replace(",", ".")))


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
    match = _ID_RE.match(_fold(str(value)))
    if not match:
        return None
    number = int(match.group(1))
    if number <= 0:
        return None
    return (f"{number}-{int(match.group(2))}" if match.group(2) else str(number)), number


_MARK_NO = {"", "-", "–", "0", "FALSE", "TIDAK", "N", "NO"}


def _is_mark(value: Any) -> bool:
    text = _cell_text(value)
    return text is not None and text.upper() not in _MARK_NO


_NUMBER_SEPARATORS_RE = re.compile(r"[\s,;]+")
_ITEM_NUMBER_RE = re.compile(r"\d{1,3}\.?")


def _split_numbers(text: str) -> list[int] | None:
    if len(text) <= 3 and text.isdecimal():  # one number, the usual case (isdecimal is \d)
        return [int(text)]
    parts = _NUMBER_SEPARATORS_RE.split(text.strip().rstrip("."))
    if parts and all(_ITEM_NUMBER_RE.fullmatch(p) for p in parts):
        return [int(p.rstrip(".")) for p in parts]
    return None


def _split_texts(text: str, count: int) -> list[str] | None:
    """Split one cell's text into ``count`` evidence texts, if the cell shows the breaks."""
    for pattern in (r"\n+", r"\s{2,}"):
        pieces = [p.strip() for p in re.split(pattern, text) if p.strip()]
        if len(pieces) == count:
            return pieces
    return None


# --------------------------------------------------------------------------- sheets

_BANNER_RE = re.compile(
    r"^(DOMAIN|ASPEK)\s*[:.]?\s*(\d+)\b\s*[:.\-]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
_MONTHS = {
    "JAN": 1, "JANUARI": 1, "FEB": 2, "PEB": 2, "FEBRUARI": 2, "PEBRUARI": 2, "MAR": 3, "MARET": 3,
    "APR": 4, "APRIL": 4, "MEI": 5, "JUN": 6, "JUNI": 6, "JUL": 7, "JULI": 7, "AGS": 8, "AGU": 8,
    "AGT": 8, "AGUSTUS": 8, "AUG": 8, "SEP": 9, "SEPT": 9, "SEPTEMBER": 9, "OKT": 10, "OKTOBER": 10,
    "OCT": 10, "NOP": 11, "NOV": 11, "NOPEMBER": 11, "NOVEMBER": 11, "DES": 12, "DESEMBER": 12, "DEC": 12,
}  # fmt: skip
_PLACE_DATE_RE = re.compile(
    r"^([A-Za-z .'-]{3,40}),\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$"
)


@dataclass
class _Record:
    """What one sheet says about one indicator instance."""

    indicator_id: str
    indicator_no: int
    file: str
    sheet: str
    kind: str
    row: int
    id_col: int
    fields: dict[str, Any] = field(default_factory=dict)  # field -> value
    cells: dict[str, str] = field(default_factory=dict)  # field -> cell ref
    evidence: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    level_cells: dict[str, str] = field(default_factory=dict)  # level field -> its cell
    banner_domain: tuple[int, str] | None = None  # (domain_no, cell)
    banner_aspect: tuple[int, str] | None = None

    @property
    def source(self) -> str:
        return cell_ref(self.sheet, self.row, self.id_col)


@dataclass
class _SheetResult:
    sheet: _Sheet
    kind: str
    header_row: int | None
    records: list[_Record]
    findings: list[dict[str, Any]]
    title: list[str]
    signature: Signature | None = None
    schedule_year: int | None = None
    plan_years: set[int] = field(default_factory=set)
    schedule_actions: list[dict[str, Any]] = field(default_factory=list)


def _finding(
    severity: str,
    code: str,
    message: str,
    file: str,
    source: str | None,
    indicator_id: str | None = None,
) -> dict[str, Any]:
    return {
        "severity": severity,
        "code": code,
        "message": message,
        "indicator_id": indicator_id,
        "file": file,
        "source": source,
    }


_TEXT_FIELDS = {
    "name": "name",
    "question": "question",
    "recommendation": "recommendation",
    "agency": "responsible_agency_raw",
}
_LEVEL_FIELD = {"self": "self_level", "evaluator": "evaluator_level", "maturity": "maturity_level"}
_EXPLANATION_FIELD = {
    "self": "self_explanation",
    "evaluator": "evaluator_explanation",
    "maturity": "maturity_explanation",
}


def _is_empty_row(row: list[Any]) -> bool:
    """``not any(v not in (None, "") for v in row)``, counted in C: no value calamine gives
    equals both "" and None, so the row is empty when the two counts make its length."""
    return row.count("") + row.count(None) == len(row)


def _parse_sheet(sheet: _Sheet, layouts: dict[Any, _Columns | None] | None = None) -> _SheetResult:
    """What the sheet holds; ``layouts`` (see _find_columns) is shared by a read's sheets."""
    findings: list[dict[str, Any]] = []
    records: list[_Record] = []
    title: list[str] = []
    result = _SheetResult(sheet, "ignored", None, records, findings, title)
    for ref in sheet.uncalculated:
        findings.append(
            _finding(
                "warning",
                "formula_without_value",
                f"{ref} holds a formula with no saved result, read as empty "
                "(open the file in Excel or LibreOffice and save it to store the results)",
                sheet.file,
                cell_ref(sheet.name, *_ref_to_row_col(ref)),
            )
        )
    cols: _Columns | None = None
    current: _Record | None = None
    domain: tuple[int, str] | None = None
    aspect: tuple[int, str] | None = None
    n = len(sheet.rows)
    r = 0
    seen_ids: dict[str, str] = {}
    month_like = [_may_name_months(row) for row in sheet.rows]
    month_like.append(False)  # the row after the last
    hint_rows = _hint_rows(sheet)  # (only these rows can be a header: see _find_columns)
    while r < n:
        if _is_empty_row(sheet.rows[r]):
            r += 1
            continue
        # A monthly schedule grid (JAN PEB MAR …), possibly under a "TAHUN 2020" row.
        if month_like[r] or month_like[r + 1]:
            month_row = next((rr for rr in (r, r + 1) if len(_month_columns(sheet, rr)) >= 3), None)
            if month_row is not None:
                r = _parse_schedule(sheet, month_row, _month_columns(sheet, month_row), result)
                current = None
                continue
        header = _find_columns(sheet, r, layouts) if r in hint_rows else None
        if header is not None:
            if cols is None:
                result.header_row = r
            cols = header
            result.plan_years.update(y for y in cols.actions if y is not None)
            current = None
            r += header.n_header_rows
            continue
        if cols is None:
            texts = [t for t in sheet.row_texts(r) if t]
            title.extend(texts)
            r += 1
            continue
        # The row's first text and its column, found in C (texts are None or non-empty;
        # the first text's column is where the first equal text stands).
        row_texts = sheet.row_texts(r)
        first_text = next(filter(None, row_texts), None)
        if first_text is None:
            # Only whitespace (a cell typed over with spaces, a stray line break): a blank
            # row, which neither ends nor continues anything.
            r += 1
            continue
        first_col = row_texts.index(first_text)
        # The signature block ends the table.
        if _starts_signature(sheet, r, first_col, first_text, cols):
            result.signature = _parse_signature(sheet, r, first_col)
            break
        banner = _BANNER_RE.match(first_text)
        if banner and first_col <= max(cols.id, 1):
            number = int(banner.group(2))
            if banner.group(1).upper() == "DOMAIN":
                domain, aspect = (number, sheet.ref(r, first_col)), None
            else:
                aspect = (number, sheet.ref(r, first_col))
            current = None
            r += 1
            continue
        parsed = parse_indicator_id(sheet.raw(r, cols.id))
        if parsed is not None:
            indicator_id, number = parsed
            if indicator_id in seen_ids:
                findings.append(
                    _finding(
                        "error",
                        "duplicate_indicator",
                        f"indicator {indicator_id} appears twice on this sheet ({seen_ids[indicator_id]} "
                        f"and {sheet.ref(r, cols.id)}); the second row is ignored",
                        sheet.file,
                        sheet.ref(r, cols.id),
                        indicator_id,
                    )
                )
                current = None
                r += 1
                continue
            seen_ids[indicator_id] = sheet.ref(r, cols.id)
            current = _Record(
                indicator_id,
                number,
                sheet.file,
                sheet.name,
                cols.kind,
                r,
                cols.id,
                banner_domain=domain,
                banner_aspect=aspect,
            )
            current.level_cells = {_LEVEL_FIELD[k]: sheet.ref(r, c) for k, c in cols.levels.items()}
            records.append(current)
            _read_row(sheet, r, cols, current, findings, first=True)
        elif current is not None:
            id_text = sheet.text(r, cols.id)
            if id_text is not None and not _is_merged_continuation(sheet, r, cols.id):
                if first_col == cols.id and len(row_texts) - row_texts.count(None) == 1:
                    # A label in the id column alone: a banner's name row, kept as is.
                    r += 1
                    continue
                findings.append(
                    _finding(
                        "warning",
                        "unreadable_indicator_id",
                        f"{id_text!r} in the INDIKATOR column is not an indicator number; "
                        "the row is read as part of the indicator above",
                        sheet.file,
                        sheet.ref(r, cols.id),
                        current.indicator_id,
                    )
                )
            _read_row(sheet, r, cols, current, findings, first=False)
        elif first_col == cols.id and len(row_texts) - row_texts.count(None) == 1:
            pass  # a banner's name row ("KEBIJAKAN INTERNAL SPBE")
        else:
            findings.append(
                _finding(
                    "warning",
                    "row_outside_indicator",
                    f"row {r + 1} has values but no indicator above it; it was not read",
                    sheet.file,
                    sheet.ref(r, first_col),
                )
            )
        r += 1
    if cols is not None:
        result.kind = cols.kind
    elif result.schedule_year is not None or result.schedule_actions:
        result.kind = "schedule"
    return result


_SIGNATURE_OPENING = ("MENGETAHUI", "MENYETUJUI")


def _starts_signature(sheet: _Sheet, r: int, c: int, text: str, cols: _Columns) -> bool:
    """Whether row r opens the signature block ("BONTANG, 29 OKTOBER 2018" / "MENGETAHUI :").

    Such a text can also be an action plan in an evidence sub-row, so the block must show
    its other lines (a NIP, "TTD", "MENGETAHUI") below, and no indicator may follow it.
    """
    if "," not in text:
        # No place and date (they need the comma), and the opening word, if the text opens
        # with one, stands in the upper-cased text as it is: most rows stop here, cheaply.
        upper = text.upper()
        if not any(word in upper for word in _SIGNATURE_OPENING):
            return False
    folded = _fold(text)
    place_date = _PLACE_DATE_RE.match(folded) is not None
    if not place_date and not _norm(folded).startswith(_SIGNATURE_OPENING):
        return False
    if _is_merged_continuation(sheet, r, cols.id):
        return False  # inside an indicator's merged block
    confirmed = False
    for rr in range(r + 1, min(r + 12, len(sheet.rows))):
        if parse_indicator_id(sheet.raw(rr, cols.id)) is not None:
            return False
        for cc in range(max(0, c - 3), c + 4):
            t = sheet.text(rr, cc)
            if t is None:
                continue
            key = _norm(t)
            if (
                key.startswith("NIP")
                or key in ("TTD", "TTD DAN CAP", "DTO")
                or (place_date and key.startswith(_SIGNATURE_OPENING))
            ):
                confirmed = True
    return confirmed


def _is_merged_continuation(sheet: _Sheet, r: int, c: int) -> bool:
    parent = _merge_parent(sheet, r, c)
    return parent is not None and parent[0] < r


def _read_row(
    sheet: _Sheet,
    r: int,
    cols: _Columns,
    rec: _Record,
    findings: list[dict[str, Any]],
    *,
    first: bool,
) -> None:
    texts = sheet.row_texts(r)
    _put_texts(sheet, r, texts, rec, cols.text_plan)
    for kind, c in cols.levels.items():
        raw = sheet.raw(r, c)
        if raw in (None, ""):
            continue
        field_name = _LEVEL_FIELD[kind]
        ref = sheet.ref(r, c)
        try:
            level = parse_level(raw)
        except ValueError:
            findings.append(
                _finding(
                    "error",
                    "unreadable_level",
                    f"{_cell_text(raw)!r} is not a level (expected LEVEL 0-5, a number, or blank)",
                    sheet.file,
                    ref,
                    rec.indicator_id,
                )
            )
            continue
        if level is None:
            continue
        if rec.fields.get(field_name) is None:
            rec.fields[field_name] = level
            rec.cells[field_name] = ref
        elif rec.fields[field_name] != level:
            findings.append(
                _finding(
                    "warning",
                    "level_in_subrow",
                    f"a second level {level} under the indicator's level {rec.fields[field_name]} "
                    f"({rec.cells[field_name]}); the first is kept",
                    sheet.file,
                    ref,
                    rec.indicator_id,
                )
            )
    _put_texts(sheet, r, texts, rec, cols.explanation_plan)
    for kind, (number_col, text_col) in cols.evidence.items():
        _read_evidence(
            sheet,
            r,
            kind,
            number_col,
            text_col,
            cols if kind == "recommended" else None,
            rec,
            findings,
        )
    for year, c in cols.actions.items():
        text = texts[c] if c < len(texts) else None
        if text is not None and not any(
            a["text"] == text and a["year"] == year for a in rec.actions
        ):
            rec.actions.append(
                {
                    "indicator_id": rec.indicator_id,
                    "year": year,
                    "month": None,
                    "text": text,
                    "file": sheet.file,
                    "source": sheet.ref(r, c),
                }
            )


def _put_texts(
    sheet: _Sheet, r: int, texts: list[str | None], rec: _Record, plan: list[tuple[str, int]]
) -> None:
    """Copy row r's texts into the record's fields, for each (field name, column) of plan."""
    fields = rec.fields
    n = len(texts)
    for field_name, c in plan:
        text = texts[c] if c < n else None
        if text is None:
            continue
        old = fields.get(field_name)
        if old is None:
            fields[field_name] = text
            rec.cells[field_name] = sheet.ref(r, c)
        elif old != text and _fold(old) != _fold(text):
            # Text continued in an unmerged cell below: keep it, joined on a new line.
            fields[field_name] = f"{old}\n{text}"


_LEADING_NUMBER_RE = re.compile(r"^(\d{1,2})[.)]\s")


def _read_evidence(
    sheet: _Sheet,
    r: int,
    kind: str,
    number_col: int | None,
    text_col: int,
    status_cols: _Columns | None,
    rec: _Record,
    findings: list[dict[str, Any]],
) -> None:
    texts = sheet.row_texts(r)  # (columns of a header are never negative)
    text = texts[text_col] if text_col < len(texts) else None
    number_text = texts[number_col] if number_col is not None and number_col < len(texts) else None
    status = None
    if status_cols is not None and status_cols.status:
        ada_raw = sheet.raw(r, status_cols.status.get("ada", -1))
        belum_raw = sheet.raw(r, status_cols.status.get("belum ada", -1))
        # An empty cell ("" or None) is no mark: skip converting it.
        ada = ada_raw not in ("", None) and _is_mark(ada_raw)
        belum = belum_raw not in ("", None) and _is_mark(belum_raw)
        if ada and belum:
            findings.append(
                _finding(
                    "warning",
                    "both_marks",
                    "both ADA and BELUM ADA are marked; the status is left empty",
                    sheet.file,
                    sheet.ref(r, status_cols.status["ada"]),
                    rec.indicator_id,
                )
            )
        elif ada or belum:
            status = "ada" if ada else "belum ada"
            if text is None and number_text is None:
                findings.append(
                    _finding(
                        "warning",
                        "mark_without_evidence",
                        "an ADA/BELUM ADA mark on a row without an evidence item",
                        sheet.file,
                        sheet.ref(r, status_cols.status["ada" if ada else "belum ada"]),
                        rec.indicator_id,
                    )
                )
                return
    if text is None and number_text is None:
        return
    numbers = _split_numbers(number_text) if number_text else None
    if number_text and numbers is None:
        # Not a number: the number column holds the text (or both are text).
        text = f"{number_text}\n{text}" if text else number_text
        numbers = None
    source = sheet.ref(r, text_col if text is not None else (number_col or text_col))
    items: list[tuple[int | None, str | None]]
    if numbers and len(numbers) > 1:
        pieces = _split_texts(text, len(numbers)) if text else None
        if pieces is None:
            findings.append(
                _finding(
                    "warning",
                    "evidence_numbers_in_one_cell",
                    f"evidence numbers {' '.join(map(str, numbers))} typed into one cell "
                    f"({sheet.ref(r, number_col or text_col)}) but the text does not split into "
                    f"{len(numbers)} items; kept as one item",
                    sheet.file,
                    source,
                    rec.indicator_id,
                )
            )
            items = [(numbers[0], text)]
        else:
            items = list(zip(numbers, pieces, strict=True))
    else:
        item_no = numbers[0] if numbers else None
        if item_no is None and text:
            lead = _LEADING_NUMBER_RE.match(text)
            if lead and number_col is None:
                item_no = int(lead.group(1))
            else:  # the next number after this indicator's items of this kind
                item_no = 1 + max(
                    (
                        e["item_no"]
                        for e in rec.evidence
                        if e["kind"] == kind and e["item_no"] is not None
                    ),
                    default=0,
                )
        items = [(item_no, text)]
    for item_no, item_text in items:
        if item_text is None:
            findings.append(
                _finding(
                    "warning",
                    "evidence_without_text",
                    f"evidence number {item_no} has no text",
                    sheet.file,
                    source,
                    rec.indicator_id,
                )
            )
        rec.evidence.append(
            {
                "indicator_id": rec.indicator_id,
                "kind": kind,
                "item_no": item_no,
                "text": item_text,
                "status": status,
                "file": sheet.file,
                "source": source,
            }
        )


def _parse_signature(sheet: _Sheet, r: int, c: int) -> Signature:
    lines: list[tuple[str, str]] = []
    for rr in range(r, min(r + 14, len(sheet.rows))):
        cells = [(cc, t) for cc, t in enumerate(sheet.row_texts(rr)) if t]
        near = [(cc, t) for cc, t in cells if abs(cc - c) <= 3] or cells[:1]
        for cc, t in near[:1]:
            lines.extend(
                (sheet.ref(rr, cc), part.strip()) for part in t.split("\n") if part.strip()
            )
    place = date = label = role = name = nip = None
    for _, text in lines:
        folded = _fold(text)
        match = _PLACE_DATE_RE.match(folded)
        if place is None and match:
            place, date = match.group(1).strip(), match.group(2).strip()
        elif _norm(folded).startswith(("MENGETAHUI", "MENYETUJUI")) and label is None:
            label = folded
        elif _norm(folded).startswith("NIP"):
            nip = folded
            break
        elif _norm(folded) in ("TTD", "TTD DAN CAP", "DTO"):
            continue
        elif (role is None and label is not None and name is None and folded.endswith(",")) or (
            role is None and place is not None and label is None and folded.endswith(",")
        ):
            role = folded
        else:
            name = folded
    return Signature(
        place, date, label, role, name, nip, source=lines[0][0] if lines else sheet.ref(r, c)
    )


def _month_columns(sheet: _Sheet, r: int) -> dict[int, int]:
    """Month columns of row r (computed once per row: the parser asks for r and r + 1)."""
    found = sheet._months.get(r)
    if found is None:
        found = sheet._months[r] = _find_month_columns(sheet, r)
    return found


def _may_name_months(row: list[Any]) -> bool:
    """Month names are short texts: only a row with three of them can be a month header."""
    return len([v for v in row if isinstance(v, str) and 2 < len(v) < 12]) >= 3


def _find_month_columns(sheet: _Sheet, r: int) -> dict[int, int]:
    if r >= len(sheet.rows):
        return {}
    if not _may_name_months(sheet.rows[r]):
        return {}
    return {
        c: _MONTHS[key]
        for c, t in enumerate(sheet.row_texts(r))
        if t and (key := _norm(t)) in _MONTHS
    }


def _parse_schedule(sheet: _Sheet, r: int, months: dict[int, int], result: _SheetResult) -> int:
    """Read a monthly grid whose month header is row r; return the row after it."""
    year = None
    for rr in range(max(0, r - 2), r + 1):
        for cc in range(len(sheet.rows[rr])):
            t = sheet.text(rr, cc)
            found = re.search(r"\b(20\d\d)\b", t or "")
            if found:
                year = int(found.group(1))
    result.schedule_year = year
    first_month = min(months)
    rr = r + 1
    while rr < len(sheet.rows):
        texts = [(c, t) for c, t in enumerate(sheet.row_texts(rr)) if t]
        if not texts:
            break
        if _PLACE_DATE_RE.match(_fold(texts[0][1])):
            break
        label_cells = [(c, t) for c, t in texts if c < first_month]
        parsed = next(
            (p for c, t in label_cells if (p := parse_indicator_id(sheet.raw(rr, c)))), None
        )
        activity = next(
            (t for c, t in label_cells if parse_indicator_id(sheet.raw(rr, c)) is None), None
        )
        for c, month in months.items():
            if _is_mark(sheet.raw(rr, c)) and parsed is not None:
                result.schedule_actions.append(
                    {
                        "indicator_id": parsed[0],
                        "year": year,
                        "month": month,
                        "text": activity,
                        "file": sheet.file,
                        "source": sheet.ref(rr, c),
                    }
                )
        rr += 1
    return rr


# --------------------------------------------------------------------------- agencies

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
    folded = _fold(raw).strip(" ,;.")
    return folded or None


def _agency_key(name: str) -> tuple[str, ...]:
    return _agency_key_with(name, tuple(AGENCY_ALIASES.items()))


@lru_cache(maxsize=4096)
def _agency_key_with(name: str, aliases: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    text = name.lower()
    for alias, pattern, canonical in _alias_patterns(aliases):
        if alias in text:  # the pattern matches only where the alias is: else no sub
            text = pattern.sub(canonical, text)
    return tuple(w for w in re.findall(r"[a-z0-9]+", text) if w != "dan")


@lru_cache(maxsize=8)
def _alias_patterns(
    aliases: tuple[tuple[str, str], ...],
) -> list[tuple[str, re.Pattern[str], str]]:
    """Each alias (the longest first) with its whole-word pattern, compiled once."""
    return [
        (alias, re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"), canonical)
        for alias, canonical in sorted(aliases, key=lambda kv: -len(kv[0]))
    ]


@lru_cache(maxsize=8192)
def _same_agency(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return True
    sa, sb = set(a), set(b)
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if len(small) >= 2 and small <= large and len(large - small) == 1:
        return True  # "… Keuangan Daerah" / "… Keuangan Aset Daerah"
    return _ratio_at_least(" ".join(a), " ".join(b), 0.92)


def _unify_agencies(
    names: list[tuple[str, str, str]],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
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
    findings: list[dict[str, Any]] = []
    for group in groups:
        canonical = group[0]
        for name in group:
            mapping[name] = canonical
            if name != canonical:
                cells = ", ".join(cell for _, cell in where[name][:5])
                file = where[name][0][0]
                findings.append(
                    _finding(
                        "warning",
                        "agency_unified",
                        f"agency {name!r} ({cells}) read as {canonical!r}: check that they are one agency",
                        file,
                        where[name][0][1],
                    )
                )
    return mapping, findings


# --------------------------------------------------------------------------- the book

_FOLLOWUP_FIELDS = ("maturity_level", "maturity_explanation", "recommendation")
_SELF_FIELDS = ("self_level", "self_explanation", "evaluator_level", "evaluator_explanation")


def peek_title(path: str | os.PathLike[str], rows: int = 12) -> tuple[str | None, int | None]:
    """The instansi and year named in a workbook's title rows, reading only those rows.

    Used to group the workbooks of one instansi before reading them in full.
    Raises ReadError for a file that is not a readable workbook.
    """
    import python_calamine

    path = Path(path)
    _check_container(path, path.name)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise ReadError(
            f"the workbook is damaged or not a workbook ({exc})", file=path.name
        ) from exc
    try:
        for meta in workbook.sheets_metadata:
            if "Visible" not in str(meta.visible):
                continue
            grid = workbook.get_sheet_by_name(meta.name).to_python(
                skip_empty_area=False, nrows=rows
            )
            row_texts = [_texts_of(row) for row in grid]
            header = min(_rows_with_hint(row_texts), default=len(row_texts))
            # the title rows only: those above the table's header
            found = _title_meta([t for texts in row_texts[:header] for t in texts if t])
            if found[0] is not None:
                return found
    except Exception as exc:
        raise ReadError(f"the workbook is damaged ({exc})", file=path.name) from exc
    finally:
        workbook.close()
    return None, None


@dataclass(frozen=True)
class _CatalogLookups:
    """A catalog's names by number (``catalog.indicators`` and the like copy a frame on
    each call): built once per catalog object."""

    catalog: Any
    indicators: dict[Any, Any]  # indicator_no -> name
    domains: dict[Any, Any]  # domain_no -> name
    aspects: dict[Any, Any]  # aspect_no -> name


# framework id -> its lookups; rebuilt if load() gives another catalog object.
_CATALOG_LOOKUPS: dict[str, _CatalogLookups] = {}


def _catalog_lookups(catalog: Any) -> _CatalogLookups:
    cached = _CATALOG_LOOKUPS.get(catalog.id)
    if cached is None or cached.catalog is not catalog:
        indicators, domains, aspects = catalog.indicators, catalog.domains, catalog.aspects
        cached = _CATALOG_LOOKUPS[catalog.id] = _CatalogLookups(
            catalog,
            dict(zip(indicators["indicator_no"], indicators["name"], strict=True)),
            dict(zip(domains["domain_no"], domains["name"], strict=True)),
            dict(zip(aspects["aspect_no"], aspects["name"], strict=True)),
        )
    return cached


def _names_alike(a: str, b: str) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= 0.6`` (1.0 for equal texts)."""
    return a == b or _ratio_at_least(a, b, 0.6)


def _guess_framework(records: list[_Record], year: int | None) -> str:
    """spbe2020 when an indicator beyond 35 is present; else the framework whose indicator
    names the workbook's names resemble; the year decides only when names cannot."""
    from spbe_xl import framework as fw

    if max(rec.indicator_no for rec in records) > 35:
        return "spbe2020"
    # Each framework gets one vote per record whose name is like the catalog's name of its
    # indicator.  Only which framework has more votes matters, so the votes are bounded
    # first by the cheap exact matches (each distinct pair of names counted once, weighted
    # by how many records hold it) and the fuzzy comparisons are made only until the
    # bounds decide: the same answer as counting every vote.  Names are normalized only
    # when compared: equal texts are alike as they are (and most of them are equal).
    low: dict[str, int] = {}  # votes certain so far
    pending: dict[str, list[tuple[str, str, int]]] = {}  # pairs still to compare
    for framework_id in ("spbe2018", "spbe2020"):
        names = _catalog_lookups(fw.load(framework_id)).indicators
        pairs: Counter[tuple[str, str]] = Counter()
        for rec in records:
            name = rec.fields.get("name")
            known = names.get(rec.indicator_no)
            if name and known:
                pairs[(name, known)] += 1
        low[framework_id] = sum(n for (a, b), n in pairs.items() if a == b)
        pending[framework_id] = [(a, b, n) for (a, b), n in pairs.items() if a != b]
    high = {k: low[k] + sum(n for _, _, n in pending[k]) for k in low}
    while high["spbe2018"] >= low["spbe2020"] and high["spbe2020"] >= low["spbe2018"]:
        # Undecided: compare one more pair, of the framework with the wider bounds.
        framework_id = max(pending, key=lambda k: (high[k] - low[k], k == "spbe2018"))
        if not pending[framework_id]:
            break  # every pair compared: low == high
        a, b, n = pending[framework_id].pop()
        if _names_alike(_norm(a), _norm(b)):
            low[framework_id] += n
        else:
            high[framework_id] -= n
    if low["spbe2018"] > high["spbe2020"]:
        return "spbe2018"
    if low["spbe2020"] > high["spbe2018"]:
        return "spbe2020"
    return "spbe2020" if (year or 0) >= 2021 else "spbe2018"


def _id_sort_key(indicator_id: str) -> tuple[int, int]:
    number, _, instance = indicator_id.partition("-")
    return int(number), int(instance or 0)


def _title_meta(titles: list[str]) -> tuple[str | None, int | None]:
    instansi = year = None
    for line in titles:
        if instansi is not None and year is not None:
            break  # both found: later lines change neither
        folded = _fold(line)
        found = re.search(r"\bTAHUN\s+(\d{4})\b", folded, re.IGNORECASE)
        if found and year is None:
            year = int(found.group(1))
        place = re.search(
            r"\bDI\s+LINGKUNGAN\s+(.+?)(?:\s+TAHUN\s+\d{4})?\s*$", folded, re.IGNORECASE
        )
        if place and instansi is None:
            instansi = " ".join(
                w.capitalize() if w.isupper() or w.islower() else w
                for w in place.group(1).strip().split()
            )
            instansi = re.sub(r"\bDan\b", "dan", instansi)
    return instansi, year


def read_workbook(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    framework: str | None = None,
) -> Book:
    """Read one instansi's SPBE workbook(s) into a :class:`~spbe_xl.book.Book`.

    ``paths`` is one path or several paths of the same instansi (for example the
    self-assessment workbook and the follow-up workbook).  ``framework`` is a framework
    id (``"spbe2018"``, ``"spbe2020"``); by default it is chosen from the indicators found.
    Raises :class:`~spbe_xl.book.ReadError` for a file that is not a readable SPBE workbook.
    """
    from spbe_xl import framework as fw

    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    path_list = [Path(p) for p in paths]
    if not path_list:
        raise ReadError("no workbook given")

    results: list[_SheetResult] = []
    layouts: dict[Any, _Columns | None] = {}  # header layouts, for this read only
    for path in path_list:
        sheets = _open_workbook(path)
        if not sheets or all(all(_is_empty_row(row) for row in s.rows) for s in sheets):
            raise ReadError("the workbook has no data (every sheet is empty)", file=path.name)
        parsed = [_parse_sheet(sheet, layouts) for sheet in sheets]
        if not any(p.records for p in parsed):
            headers = [p for p in parsed if p.header_row is not None]
            hint = (
                f"sheet {headers[0].sheet.name!r} has an indicator header but no indicator rows"
                if headers
                else "no sheet has an SPBE indicator table (a header row with INDIKATOR, "
                "URAIAN/PERTANYAAN and NILAI TINGKAT KEMATANGAN or PENILAIAN MANDIRI)"
            )
            raise ReadError(hint, file=path.name)
        results.extend(parsed)

    findings: list[dict[str, Any]] = []
    for result in results:
        findings.extend(result.findings)

    # Which follow-up sheet holds all indicators: the one with the most rows.
    followups = [res for res in results if res.kind == "followup" and res.records]
    main_followup = max(followups, key=lambda res: len(res.records), default=None)
    sheet_kinds: dict[tuple[str, str], str] = {}
    for res in results:
        kind = res.kind if res.records or res.header_row is not None else "ignored"
        if kind == "followup" and res is not main_followup:
            kind = "agency_followup"
        sheet_kinds[(res.sheet.file, res.sheet.name)] = kind

    # Framework: the caller's, else by the highest indicator number seen.
    all_records = [rec for res in results for rec in res.records]
    # The title rows of the sheets that hold indicator tables (not of a summary sheet).
    titles = [line for res in results if res.records for line in res.title]
    instansi, year = _title_meta(titles)
    if framework is None:
        framework = _guess_framework(all_records, year)
    catalog = fw.load(framework)
    lookups = _catalog_lookups(catalog)
    domain_names, aspect_names = lookups.domains, lookups.aspects

    # Agency spellings, unified across the book.
    occurrences = [
        (folded, rec.file, rec.cells.get("responsible_agency_raw", rec.source))
        for rec in all_records
        if (folded := normalize_agency(rec.fields.get("responsible_agency_raw")))
    ]
    agency_map, agency_findings = _unify_agencies(occurrences)
    findings.extend(agency_findings)

    def agency_of(rec: _Record) -> str | None:
        folded = normalize_agency(rec.fields.get("responsible_agency_raw"))
        return agency_map.get(folded) if folded else None

    by_id: dict[str, dict[str, list[_Record]]] = {}
    for res in results:
        kind = sheet_kinds[(res.sheet.file, res.sheet.name)]
        for rec in res.records:
            by_id.setdefault(rec.indicator_id, {}).setdefault(kind, []).append(rec)

    indicator_rows: list[dict[str, Any]] = []
    evidence_rows: list[dict[str, Any]] = []
    action_rows: list[dict[str, Any]] = []
    for indicator_id in sorted(by_id, key=_id_sort_key):
        kinds = by_id[indicator_id]
        self_recs = kinds.get("self_assessment", [])
        main_recs = kinds.get("followup", [])
        agency_recs = kinds.get("agency_followup", [])
        followup_recs = main_recs + agency_recs
        any_rec = (main_recs or self_recs or agency_recs)[0]
        number = any_rec.indicator_no
        if not catalog.has_indicator(number):
            findings.append(
                _finding(
                    "error",
                    "unknown_indicator",
                    f"indicator {indicator_id} is not in framework {catalog.id} "
                    f"(indicators 1-{len(catalog.indicators)}); it was not read",
                    any_rec.file,
                    any_rec.source,
                    indicator_id,
                )
            )
            continue
        info = catalog.indicator(number)
        if "-" in indicator_id and not info.get("multi_instance", False):
            findings.append(
                _finding(
                    "warning",
                    "unexpected_instance",
                    f"indicator {number} is assessed once, but {indicator_id} looks like one of several instances",
                    any_rec.file,
                    any_rec.source,
                    indicator_id,
                )
            )
        for rec in [*self_recs, *followup_recs]:
            _check_banners(rec, info, findings)

        row: dict[str, Any] = {
            "indicator_id": indicator_id,
            "indicator_no": number,
            "domain_no": info["domain_no"],
            "aspect_no": info["aspect_no"],
            "domain": domain_names.get(info["domain_no"]),
            "aspect": aspect_names.get(info["aspect_no"]),
        }
        owner = (main_recs or followup_recs or self_recs)[0]
        row["file"], row["source"] = owner.file, owner.source
        for field_name in ("name", "question"):
            row[field_name] = next(
                (
                    rec.fields[field_name]
                    for rec in [*followup_recs, *self_recs]
                    if rec.fields.get(field_name)
                ),
                info.get(field_name) or None,
            )
        # Self-assessment fields: owned by the self-assessment sheet.
        for field_name in _SELF_FIELDS:
            row[field_name] = _owned_value(field_name, self_recs, findings, indicator_id)
        # Follow-up fields: owned by the all-indicators sheet, agency sheets fill gaps.
        for field_name in _FOLLOWUP_FIELDS:
            row[field_name] = _owned_value(field_name, followup_recs, findings, indicator_id)
        # Responsible agency: the follow-up's, else the self-assessment's.
        agency_owner = next(
            (
                rec
                for rec in [*followup_recs, *self_recs]
                if rec.fields.get("responsible_agency_raw")
            ),
            None,
        )
        row["responsible_agency_raw"] = (
            agency_owner.fields["responsible_agency_raw"] if agency_owner else None
        )
        row["responsible_agency"] = agency_of(agency_owner) if agency_owner else None
        for rec in [*followup_recs, *self_recs]:
            other = agency_of(rec)
            if agency_owner and other and other != row["responsible_agency"]:
                findings.append(
                    _finding(
                        "warning",
                        "agency_disagreement",
                        f"indicator {indicator_id}: responsible agency {row['responsible_agency']!r} at "
                        f"{agency_owner.cells.get('responsible_agency_raw')} but {other!r} at "
                        f"{rec.cells.get('responsible_agency_raw')}",
                        rec.file,
                        rec.cells.get("responsible_agency_raw"),
                        indicator_id,
                    )
                )
        if (
            row["evaluator_level"] is not None
            and row["maturity_level"] is not None
            and row["evaluator_level"] != row["maturity_level"]
        ):
            ev = next(rec for rec in self_recs if rec.fields.get("evaluator_level") is not None)
            mt = next(rec for rec in followup_recs if rec.fields.get("maturity_level") is not None)
            findings.append(
                _finding(
                    "warning",
                    "evaluator_vs_maturity",
                    f"indicator {indicator_id}: the evaluator's level is {row['evaluator_level']} "
                    f"({ev.file} {ev.cells['evaluator_level']}) but the follow-up's maturity level is "
                    f"{row['maturity_level']} ({mt.file} {mt.cells['maturity_level']})",
                    mt.file,
                    mt.cells["maturity_level"],
                    indicator_id,
                )
            )
        for field_name, recs in (
            ("self_level", self_recs),
            ("evaluator_level", self_recs),
            ("maturity_level", followup_recs),
        ):
            with_column = [rec for rec in recs if field_name in rec.level_cells]
            if with_column and row[field_name] is None:
                cells = ", ".join(
                    f"{rec.file} {rec.level_cells[field_name]}" for rec in with_column
                )
                label = {
                    "self_level": "self-assessed level (PENILAIAN MANDIRI)",
                    "evaluator_level": "evaluator's level (HASIL PENILAIAN)",
                    "maturity_level": "maturity level (NILAI TINGKAT KEMATANGAN)",
                }[field_name]
                findings.append(
                    _finding(
                        "warning",
                        "missing_level",
                        f"indicator {indicator_id} has no {label}: {cells} is empty",
                        with_column[0].file,
                        with_column[0].level_cells[field_name],
                        indicator_id,
                    )
                )
        for field_name in ("self_level", "evaluator_level", "maturity_level"):
            level = row[field_name]
            if level is not None and not catalog.level_min <= level <= catalog.level_max:
                owner_rec = next(
                    rec
                    for rec in [*self_recs, *followup_recs]
                    if rec.fields.get(field_name) == level
                )
                findings.append(
                    _finding(
                        "error",
                        "level_out_of_range",
                        f"indicator {indicator_id}: level {level} is outside {catalog.id}'s range "
                        f"{catalog.level_min}-{catalog.level_max}; it was left empty",
                        owner_rec.file,
                        owner_rec.cells.get(field_name),
                        indicator_id,
                    )
                )
                row[field_name] = None
        _check_level_texts(
            catalog, number, indicator_id, [*self_recs, *followup_recs], row, findings
        )
        indicator_rows.append(row)

        # Evidence: each kind from the sheet that owns it.
        for kind, owners in (
            ("self", self_recs),
            ("optimal", self_recs),
            ("recommended", followup_recs),
        ):
            for rec in owners:  # the first record with items of the kind owns them
                items = [e for e in rec.evidence if e["kind"] == kind]
                if items:
                    evidence_rows.extend(items)
                    break
        action_owner = next((rec for rec in followup_recs if rec.actions), None)
        if action_owner is not None:
            action_rows.extend(action_owner.actions)

    if not indicator_rows:
        raise ReadError(
            f"no indicator of framework {catalog.id} was found",
            file=", ".join(p.name for p in path_list),
        )

    signature = next((res.signature for res in results if res.signature), None)
    schedule = next((res for res in results if res.schedule_year or res.schedule_actions), None)
    if schedule is not None:
        action_rows.extend(schedule.schedule_actions)
    default_year = max((y for res in results for y in res.plan_years), default=None)
    for action in action_rows:
        if action["year"] is None:
            action["year"] = year or default_year

    sheets_info = tuple(
        SheetInfo(
            file=res.sheet.file,
            name=res.sheet.name,
            kind=sheet_kinds[(res.sheet.file, res.sheet.name)],
            header_row=None if res.header_row is None else res.header_row + 1,
            n_indicators=len(res.records),
            agency=_sheet_agency(res, agency_of)
            if sheet_kinds[(res.sheet.file, res.sheet.name)] == "agency_followup"
            else None,
        )
        for res in results
    )
    meta = BookMeta(
        instansi=instansi,
        year=year,
        framework=catalog.id,
        files=tuple(p.name for p in path_list),
        sheets=sheets_info,
        signature=signature,
        plan_years=tuple(sorted({y for res in results for y in res.plan_years})),
        schedule_year=schedule.schedule_year if schedule else None,
    )
    evidence = _frame(evidence_rows, EVIDENCE_COLUMNS)
    return Book(
        indicators=_frame(indicator_rows, INDICATOR_COLUMNS),
        evidence=evidence,
        actions=_frame(action_rows, ACTION_COLUMNS),
        findings=_frame(findings, FINDING_COLUMNS),
        meta=meta,
    )


_EMPTY_FRAMES: dict[tuple[tuple[str, str], ...], Any] = {}


def _frame(records: list[dict[str, Any]], columns: dict[str, str]) -> Any:
    """``frame_from_records(records, columns)``, built column by column (3x faster).

    Taken only when every value is what the readers put there (text or None in "string"
    columns, a small int or None in "Int64" ones), where the two give equal frames; anything
    else goes through :func:`~spbe_xl.book.frame_from_records` itself.
    """
    if not records:
        key = tuple(columns.items())
        empty = _EMPTY_FRAMES.get(key)
        if empty is None:
            empty = _EMPTY_FRAMES[key] = frame_from_records(records, columns)
        return empty.copy(deep=True)  # each book its own frame
    import numpy as np
    import pandas as pd

    arrow = _strings_are_arrow()
    data = {}
    for name, dtype in columns.items():
        values = [rec.get(name) for rec in records]
        # (The types are checked as a set, in C: a generator per value costs more.)
        if dtype == "string":
            if not _STR_OR_NONE.issuperset(map(type, values)):
                return frame_from_records(records, columns)
            data[name] = _arrow_strings(values) if arrow else pd.array(values, dtype=dtype)
        elif dtype == "Int64":
            if not _INT_OR_NONE.issuperset(map(type, values)):
                return frame_from_records(records, columns)
            # IntegerArray(data, mask) as pd.array builds it (1 under the mask).
            filled = [1 if v is None else v for v in values]
            if not (min(filled) > -(2**53) and max(filled) < 2**53):
                return frame_from_records(records, columns)
            mask = np.array([v is None for v in values], dtype=bool)
            data[name] = pd.arrays.IntegerArray(np.array(filled, dtype=np.int64), mask)
        else:
            return frame_from_records(records, columns)
    # The index given: pandas need not work out the length from the arrays (the same index).
    return pd.DataFrame(data, index=pd.RangeIndex(len(records)), copy=False)


_STR_OR_NONE = frozenset({str, type(None)})
_INT_OR_NONE = frozenset({int, type(None)})
_STRINGS_ARE_ARROW: list[bool] = []  # the probe's answer, once per process


def _strings_are_arrow() -> bool:
    """Whether pandas' "string" arrays are pyarrow large_string arrays (pandas 3's default
    storage when pyarrow is installed): then they are built from pyarrow directly, 5x faster
    than pd.array.  The installed pandas and pyarrow decide, so it is probed once."""
    if not _STRINGS_ARE_ARROW:
        import pandas as pd

        probe = pd.array(["", None], dtype="string")
        try:
            import pyarrow as pa

            arrow = (
                isinstance(probe, pd.arrays.ArrowStringArray)
                and pa.array(probe).type == pa.large_string()
                and _arrow_strings(["", None]).dtype == probe.dtype
            )
        except ImportError:
            arrow = False
        _STRINGS_ARE_ARROW.append(arrow)
    return _STRINGS_ARE_ARROW[0]


def _arrow_strings(values: list[str | None]) -> Any:
    import pandas as pd
    import pyarrow as pa

    return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))


def _sheet_agency(res: _SheetResult, agency_of: Any) -> str | None:
    counts = Counter(a for rec in res.records if (a := agency_of(rec)))
    return counts.most_common(1)[0][0] if counts else None


def _owned_value(
    field_name: str, recs: list[_Record], findings: list[dict[str, Any]], indicator_id: str
) -> Any:
    """The first record's value (the owning sheet); disagreements become findings."""
    holders = [rec for rec in recs if rec.fields.get(field_name) is not None]
    if not holders:
        return None
    owner = holders[0]
    value = owner.fields[field_name]
    for rec in holders[1:]:
        other = rec.fields[field_name]
        if other == value:
            continue  # the same value (most agency sheets copy the main one): no _norm
        if isinstance(value, int):
            differs = other != value
        else:
            differs = _norm(str(other)) != _norm(str(value))
        if differs:
            what = field_name.replace("_", " ")
            start = 0 if isinstance(value, int) else _where_texts_differ(str(value), str(other))

            def shown(v: Any, start: int = start) -> Any:
                return v if isinstance(v, int) else _shorten(str(v), start=start)

            findings.append(
                _finding(
                    "warning",
                    "sheet_disagreement",
                    f"indicator {indicator_id}: {what} is {shown(value)!r} at {owner.file} "
                    f"{owner.cells[field_name]} but {shown(other)!r} at {rec.file} {rec.cells[field_name]}; "
                    f"the first is kept",
                    rec.file,
                    rec.cells[field_name],
                    indicator_id,
                )
            )
    return value


def _shorten(text: str, width: int = 60, start: int = 0) -> str:
    text = _fold(text)
    if start > 0:
        text = "…" + text[start:]
    return text if len(text) <= width else text[: width - 1] + "…"


def _where_texts_differ(a: str, b: str) -> int:
    """Start of a window around the first character where two folded texts differ."""
    a, b = _fold(a), _fold(b)
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return max(0, i - 20)


def _check_level_texts(
    catalog: Any,
    number: int,
    indicator_id: str,
    recs: list[_Record],
    row: dict[str, Any],
    findings: list[dict[str, Any]],
) -> None:
    """Compare each level cell's explanation with the framework's level criteria.

    A label whose text quotes another level's criterion clearly better is a warning naming
    the cell; the level itself is never changed (the published index follows the labels).
    ``row[<kind>_level_by_text]`` is the level the kept explanation describes.
    """
    for kind, level_field in _LEVEL_FIELD.items():
        text_field = _EXPLANATION_FIELD[kind]
        text = row.get(text_field)
        match = catalog.match_level(number, text) if text else None
        row[f"{kind}_level_by_text"] = match.level if match else None
        for rec in recs:
            level, explanation = rec.fields.get(level_field), rec.fields.get(text_field)
            if level is None or not explanation:
                continue
            check = catalog.check_label(number, level, explanation)
            if check is None:
                continue
            findings.append(
                _finding(
                    "warning",
                    "level_text_mismatch",
                    f"indicator {indicator_id}: the label says LEVEL {check.label_level} "
                    f"({rec.cells.get(level_field)}) but the explanation is the level-"
                    f"{check.text_level} criterion (match {check.text_score:.2f} against "
                    f"{check.label_score:.2f} for level {check.label_level}); the label is kept",
                    rec.file,
                    rec.cells.get(text_field),
                    indicator_id,
                )
            )


def _check_banners(rec: _Record, info: dict[str, Any], findings: list[dict[str, Any]]) -> None:
    for banner, key, label in (
        (rec.banner_domain, "domain_no", "DOMAIN"),
        (rec.banner_aspect, "aspect_no", "ASPEK"),
    ):
        if banner is not None and banner[0] != info[key]:
            findings.append(
                _finding(
                    "warning",
                    "banner_mismatch",
                    f"indicator {rec.indicator_id} stands under the banner {label} {banner[0]} ({banner[1]}), "
                    f"but belongs to {label} {info[key]}",
                    rec.file,
                    rec.source,
                    rec.indicator_id,
                )
            )
