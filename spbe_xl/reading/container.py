"""The security gate: refuse, before calamine parses it, what is not a workbook, is
encrypted, or would inflate past the bounds (zip bombs, huge sheet extents, .ods repeats).

Also returns, for an xlsx, the cells holding a formula without a saved result.
"""

from __future__ import annotations

import html
import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from spbe_xl.book import ReadError

# Bounds on what a workbook may inflate to before we parse it (decompression bombs).
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_CELLS = 5_000_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Container:
    """What the gate learnt of a file: its kind by content (``"xlsx"``, ``"xls"``, ``"ods"``
    or None, as :func:`content_kind`) and, for an xlsx, the cells of each sheet holding a
    formula without a saved result (calamine reads them as empty)."""

    kind: str | None
    uncalculated: dict[str, list[str]]

    def misnamed(self, path: Path) -> str | None:
        """The kind, when the path's extension names another kind (as :func:`misnamed`)."""
        return _misnamed_kind(self.kind, path)


def check_container(path: Path, label: str) -> dict[str, list[str]]:
    """Refuse, before parsing, what is not a workbook, is encrypted or would inflate too far.

    Returns, for an xlsx, the cells of each sheet that hold a formula without a saved
    result (calamine reads them as empty).
    """
    return inspect_container(path, label).uncalculated


def inspect_container(path: Path, label: str) -> Container:
    """:func:`check_container`, with the file's kind by content (read from the same open of
    the zip: the reader needs both, and each open of a zip reads its whole directory)."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a FIFO would block the open, a device read forever
            raise ReadError(
                f"not a regular file ({_file_type(status.st_mode)}), not a workbook", file=label
            )
        size = status.st_size
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
        return Container("xls", {})
    else:
        raise ReadError(
            "not an Excel or OpenDocument workbook (expected .xlsx, .xlsm, .xls or .ods)",
            file=label,
        )


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


# What each kind of content is named: the parser is chosen by the content.
SUFFIXES_OF_CONTENT = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}


def content_kind(path: Path) -> str | None:
    """``"xlsx"``, ``"xls"`` or ``"ods"`` from the file's first bytes (and, for a zip, its
    parts), whatever its name says; None when it is none of them."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
        if head.startswith(_OLE_MAGIC):
            return "xls"
        if not head.startswith(_ZIP_MAGIC):
            return None
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile, EOFError, zlib.error):
        return None
    return _zip_kind(names)


def _zip_kind(names: set[str]) -> str | None:
    if "mimetype" in names or "content.xml" in names:
        return "ods"
    return "xlsx" if "[Content_Types].xml" in names else None


def misnamed(path: Path) -> str | None:
    """The kind of content of a file whose extension names another kind, else None."""
    return _misnamed_kind(content_kind(path), path)


def _misnamed_kind(kind: str | None, path: Path) -> str | None:
    if kind is None or path.suffix.lower() in SUFFIXES_OF_CONTENT[kind]:
        return None
    return kind


def _check_zip(path: Path, label: str) -> Container:
    uncalculated: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_zip_sizes(entries, label)
            kind = _zip_kind({entry.filename for entry in entries})
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
                return Container(kind, _by_sheet_name(archive, uncalculated))
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ReadError(
            f"the workbook is damaged (broken zip container: {exc})", file=label
        ) from exc
    return Container(kind, {})


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


# The guard must see the extent calamine will see, whatever form the XML takes: any
# namespace prefix, either quote, spaces around "=", a ">" inside a quoted attribute,
# rows in any order, a row whose r disagrees with its cells', elements without r.
_NAME = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix
_ATTRS = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>"
_OUTSIDE_QUOTES = rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"
_ROW_OR_CELL = rb"<" + _NAME + rb"(?:row|c)"
_TAG_RE = re.compile(_ROW_OR_CELL + rb"[\s/>]")
# The first r="D12" / r = '12' of a row or cell tag, with the reference's letters and digits.
_REF_RE = re.compile(
    _ROW_OR_CELL
    + rb"\s"
    + _OUTSIDE_QUOTES
    + rb"(?<=\s)"
    + _NAME
    + rb"r\s*=\s*[\"']\s*([A-Za-z]*)\s*(\d+)\s*[\"']"
)
# An r whose value is not letters and digits (an entity, a sign, a decimal point).
_ODD_REF_RE = re.compile(
    _ROW_OR_CELL
    + rb"\s"
    + _OUTSIDE_QUOTES
    + rb"(?<=\s)"
    + _NAME
    + rb"r\s*=\s*([\"'])(?!\s*[A-Za-z]*\s*\d+\s*[\"'])([^\"']{0,40})"
)
_ANY_R_RE = re.compile(rb"\s" + _NAME + rb"r\s*=")
_PLAIN_REF_RE = re.compile(rb"\s*([A-Za-z]*)\s*(\d+)\s*")


def _as_bytes_of_ascii_markup(xml: bytes) -> bytes:
    """The XML as UTF-8 (a UTF-16 part, with a BOM or without, is transcoded)."""
    head = xml[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return xml.decode("utf-16", "replace").encode("utf-8")
    if head[:2] in (b"<\x00", b"\x00<"):
        codec = "utf-16-le" if head[:1] == b"<" else "utf-16-be"
        return xml.decode(codec, "replace").encode("utf-8")
    return xml


def _check_sheet_extent(xml: bytes, entry: str, label: str) -> None:
    """Refuse a sheet whose cells span more than MAX_CELLS before calamine lays it out.

    calamine allocates the whole rectangle from A1 to the last cell, so one cell at
    XFD1048576 would ask for hundreds of gigabytes.  The bound reads every row and cell
    tag in whatever form the XML has it (prefix, quotes, order): the highest row and
    column any reference names, plus one for each row or cell without a reference (those
    follow the one before), is at least what calamine lays out.
    """
    xml = _as_bytes_of_ascii_markup(xml)
    if _plain_extent_within_bound(xml):
        return
    odd = _ODD_REF_RE.search(xml)
    if odd is not None:  # not what any writer produces
        raise ReadError(
            f"a sheet ({entry}) has a cell reference written in an unusual form "
            f"({odd.group(2).decode('ascii', 'replace')!r}); refusing to read it",
            file=label,
        )
    refs = _REF_RE.findall(xml)
    without_ref = len(_TAG_RE.findall(xml)) - len(refs)
    height = max(map(int, {digits for _, digits in refs}), default=0) + without_ref
    letters = max({col.upper() for col, _ in refs}, key=lambda c: (len(c), c), default=b"")
    width = _column_number(letters) + without_ref
    if height * width > MAX_CELLS and len(_ANY_R_RE.findall(xml)) > len(refs):
        without_ref = 1  # an r twice in a tag, or in a text: let the parser count
    if height * width > MAX_CELLS and without_ref:
        height, width = _parsed_extent(xml, entry, label)  # the bound above was loose
    if height * width > MAX_CELLS:
        raise ReadError(
            f"a sheet ({entry}) spans {height:,} rows and {width:,} columns "
            f"({height * width:,} cells, limit {MAX_CELLS:,}); refusing to read it",
            file=label,
        )


# The common form, as Excel and the libraries write it: every row and cell tag unprefixed,
# opening with a plain r="D12" in double quotes, its other attributes double-quoted with no
# "<" or "'" anywhere in the tag.  (The second branch: any other row or cell tag.)
_PLAIN_TAG_RE = re.compile(
    rb"<(?:c|row)(?: r=\"([A-Za-z]*)(\d+)\"([^<>\"']*(?:\"[^\"<]*\"[^<>\"']*)*)>|[\s/>])"
)
_R_ATTRIBUTE_LIKE_RE = re.compile(rb"r\s*=")
# ":c" or ":row" and a tag end (bytes \s is " \t\n\r\x0b\x0c"): one regex search, in C
# (faster than a literal search for each name and a look at the byte after each find).
_PREFIXED_TAG_RE = re.compile(rb":(?:c|row)[\s/>]")


def _plain_extent_within_bound(xml: bytes) -> bool:
    """True when the sheet is in the common form (above) and its extent is within
    MAX_CELLS: then the regexes of ``_check_sheet_extent`` find no odd reference and the
    same extent, so the sheet passes as it would there (speed: those regexes step through
    every tag, 10-20 ms for a workbook; this is one plain search).  False says nothing:
    the full check decides.

    Why the same: with no prefixed row or cell tag, the tags found here are the ones those
    regexes start at (none lies inside another, no "<" inside a tag); each opens with its
    plain reference, which is the one ``_REF_RE`` takes and ``_ODD_REF_RE`` passes over;
    the rest of each tag holds no "r =" outside or inside its quotes, so no later attribute
    of the tag can be an odd reference; every tag has its reference (none without).
    """
    if _PREFIXED_TAG_RE.search(xml):  # a prefixed tag (x:c, x:row) takes the full check
        return False
    tags = _PLAIN_TAG_RE.findall(xml)
    if not tags:
        return True
    letters, digits, rests = zip(*tags, strict=True)
    if b"" in digits or _R_ATTRIBUTE_LIKE_RE.search(b"".join(rests)):
        return False  # a tag of another form, or an attribute like r after the reference
    height = max(map(int, set(digits)))
    widest = max({col.upper() for col in set(letters)}, key=lambda c: (len(c), c))
    return height * _column_number(widest) <= MAX_CELLS


def _parsed_extent(xml: bytes, entry: str, label: str) -> tuple[int, int]:
    """(rows, columns) of a sheet some of whose rows or cells have no reference: a
    streaming, namespace-aware parse that never expands an entity, each row or cell
    without a reference following the one before it."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
    from defusedxml.ElementTree import ParseError, iterparse  # type: ignore[import-untyped]

    height = width = row = 0
    col = 0
    try:
        for event, element in iterparse(io.BytesIO(xml), events=("start", "end")):
            local = element.tag.rpartition("}")[2]
            if event == "end":
                if local == "row":
                    element.clear()
                continue
            ref = element.get("r")
            if local == "row":
                row = int(ref) if ref and ref.strip().isdigit() else row + 1
                col = 0
            elif local == "c":
                plain = _PLAIN_REF_RE.fullmatch(ref.encode()) if ref else None
                if plain is not None and plain.group(1):
                    col = _column_number(plain.group(1).upper())
                    height = max(height, int(plain.group(2)))
                else:
                    col += 1
                width = max(width, col)
            height = max(height, row)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise ReadError(f"the workbook is damaged ({entry}: {exc})", file=label) from exc
    return height, width


# The tags that lay out an OpenDocument table: a table, a row (repeated N times by
# table:number-rows-repeated), a cell (repeated by table:number-columns-repeated).
_ODS_TAG_RE = re.compile(
    rb"<" + _NAME + rb"(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
    rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
    rb"|</" + _NAME + rb"(table-row|table)\s*>"
)
_ODS_ROWS_REPEATED_RE = re.compile(rb"(?:^|\s)" + _NAME + rb"number-rows-repeated\s*=\s*[\"'](\d+)")
_ODS_COLUMNS_REPEATED_RE = re.compile(
    rb"(?:^|\s)" + _NAME + rb"number-columns-repeated\s*=\s*[\"'](\d+)"
)
_ODS_TABLE_NAME_RE = re.compile(rb"(?:^|\s)" + _NAME + rb"name\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_ODD_REPEAT_RE = re.compile(rb"number-(?:rows|columns)-repeated\s*=\s*[\"']\s*[^\d\s]")


def _check_ods_extent(xml: bytes, label: str) -> None:
    """Refuse an OpenDocument table whose cells span more than MAX_CELLS once its repeats
    are expanded, before calamine lays it out.

    A row or cell may say it repeats a million times: a few hundred bytes that calamine
    would expand into gigabytes (and abort the process when the allocation fails).  The
    extent counts cells that hold something (a value type or content) up to the last of
    them, as calamine does: the empty rows LibreOffice repeats to the end of every sheet
    do not count.
    """
    xml = _as_bytes_of_ascii_markup(xml)
    if _ODS_ODD_REPEAT_RE.search(xml):  # an entity, a sign: not what any writer produces
        raise ReadError(
            "a repeat count is written in an unusual form; refusing to read it", file=label
        )
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
            if not self_closing or b"value-type" in attrs:
                width, row_has_value = max(width, col + span), True
            col += span
        elif tag == b"table":
            found = _ODS_TABLE_NAME_RE.search(attrs)
            name = (found.group(1) or found.group(2) or b"?") if found else b"?"
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
