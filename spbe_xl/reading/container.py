"""The security gate: refuse, before calamine parses it, what is not a workbook, is
encrypted, or would inflate past the bounds (zip bombs, huge sheet extents, .ods repeats).

Also returns, for an xlsx, the cells holding a formula without a saved result.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from pathlib import Path

from spbe_xl.book import ReadError

# Bounds on what a workbook may inflate to before we parse it (decompression bombs).
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_CELLS = 5_000_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def check_container(path: Path, label: str) -> dict[str, list[str]]:
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


def ref_to_row_col(ref: str) -> tuple[int, int]:
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
