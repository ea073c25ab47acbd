"""Broken and hostile workbooks for the robustness tests.

Small cases are committed under ``tests/data/bad/`` (``python -m tests.bad_corpus`` writes
them again); large ones (decompression bombs) are generated into a temporary folder by the
tests, in a few hundred kilobytes of zip.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import openpyxl

from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX

BAD = Path(__file__).parent / "data" / "bad"

_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def replace_entries(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (or, with None, dropping) some entries; others kept as they are."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                if data is not None:
                    dst.writestr(info.filename, data)
            else:
                dst.writestr(info, src.read(info.filename))
        for name, data in replace.items():
            if data is not None and name not in src.namelist():
                dst.writestr(name, data)
    return target


def _first_sheet_entry(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))[0]


def sheet_bomb(target: Path, megabytes: int = 600) -> Path:
    """A sheet that inflates to ``megabytes`` MiB of empty rows (a few hundred KiB zipped)."""
    row = b"<row/>"
    count = megabytes * 2**20 // len(row)
    with (
        zipfile.ZipFile(FOLLOWUP_XLSX) as src,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        bomb_name = _first_sheet_entry(FOLLOWUP_XLSX)
        for info in src.infolist():
            if info.filename != bomb_name:
                dst.writestr(info, src.read(info.filename))
        with dst.open(bomb_name, "w", force_zip64=True) as handle:
            handle.write(_SHEET_HEAD)
            chunk = row * (2**20 // len(row))
            for _ in range(count * len(row) // len(chunk)):
                handle.write(chunk)
            handle.write(_SHEET_TAIL)
    return target


def shared_strings_bomb(target: Path, megabytes: int = 400) -> Path:
    """A shared-strings part of ``megabytes`` MiB of one repeated string."""
    with (
        zipfile.ZipFile(FOLLOWUP_XLSX) as src,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                dst.writestr(info, src.read(info.filename))
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            handle.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main">'
            )
            chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
            for _ in range(megabytes * 2**20 // len(chunk)):
                handle.write(chunk)
            handle.write(b"</sst>")
    return target


def far_cell(target: Path) -> Path:
    """A valid small sheet with one cell at the last row and column Excel allows."""
    entry = _first_sheet_entry(FOLLOWUP_XLSX)
    xml = (
        _SHEET_HEAD
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>INDIKATOR</t></is></c></row>'
        + b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        + _SHEET_TAIL
    )
    return replace_entries(FOLLOWUP_XLSX, target, {entry: xml})


def far_sheet(target: Path, rows: bytes, head: bytes = _SHEET_HEAD) -> Path:
    entry = _first_sheet_entry(FOLLOWUP_XLSX)
    xml = head + b'<row r="1"><c r="A1" t="inlineStr"><is><t>INDIKATOR</t></is></c></row>'
    return replace_entries(FOLLOWUP_XLSX, target, {entry: xml + rows + _SHEET_TAIL})


FAR_CELL = b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'

# The far cell written in the other forms valid XML allows, each of which slipped past the
# regex guard written for one serialisation (issue 15): calamine would then try to lay out
# 17 billion cells and abort the process.
FAR_CELL_FORMS: dict[str, tuple[bytes, bytes]] = {
    "single-quotes": (
        b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
        _SHEET_HEAD,
    ),
    "spaces-around-equals": (
        b'<row r = "1048576"><c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        _SHEET_HEAD,
    ),
    "row-r-disagrees": (b'<row r="2">' + FAR_CELL + b"</row>", _SHEET_HEAD),
    "rows-out-of-order": (
        b'<row r="1048576">' + FAR_CELL + b'</row><row r="2"><c r="A2"><v>1</v></c></row>',
        _SHEET_HEAD,
    ),
    "row-without-r": (b"<row>" + FAR_CELL + b"</row>", _SHEET_HEAD),
    "gt-in-an-attribute": (
        b'<row r="2" spans=">">' + FAR_CELL.replace(b"<c ", b'<c s="0" ') + b"</row>",
        _SHEET_HEAD,
    ),
    "namespace-prefix": (
        b'<x:row r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>',
        _SHEET_HEAD.replace(
            b"<worksheet xmlns=",
            b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns=',
        ),
    ),
}


def far_cell_in_another_form(target: Path, form: str) -> Path:
    """The far cell of :func:`far_cell` written another way (:data:`FAR_CELL_FORMS`)."""
    rows, head = FAR_CELL_FORMS[form]
    return far_sheet(target, rows, head)


def ods_repeat_bomb_single_quoted(target: Path) -> Path:
    """:func:`ods_repeat_bomb` with its repeats in single quotes and spaces around ``=``."""
    path = ods_repeat_bomb(target)
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml")
    content = content.replace(
        b'table:number-rows-repeated="99000"', b"table:number-rows-repeated = '99000'"
    ).replace(b'table:number-columns-repeated="1000"', b"table:number-columns-repeated='1000'")
    moved = path.with_name("q-" + path.name)
    return replace_entries(path, moved, {"content.xml": content})


def ods_repeat_bomb(target: Path) -> Path:
    """The Bontang .ods with one row that says it repeats 99,000 times over 1,000 cells
    (about 600 bytes more on disk): calamine would lay out 99 million cells, and abort."""
    source = Path(__file__).parent / "data" / "bontang-2018-tindak-lanjut.ods"
    with zipfile.ZipFile(source) as archive:
        content = archive.read("content.xml")
    row = (
        b'<table:table-row table:number-rows-repeated="99000">'
        b'<table:table-cell table:number-columns-repeated="1000" office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    end_of_first_row = content.index(b"</table:table-row>") + len(b"</table:table-row>")
    content = content[:end_of_first_row] + row + content[end_of_first_row:]
    return replace_entries(source, target.with_suffix(".ods"), {"content.xml": content})


def entity_expansion(target: Path) -> Path:
    """Billion laughs in the shared strings: must not expand."""
    lol = b'<!ENTITY a0 "lollollollollollollollollollol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"".join(b"&a%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [' + lol + b"]>"
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>&a9;</t></si></sst>"
    )
    return replace_entries(FOLLOWUP_XLSX, target, {"xl/sharedStrings.xml": sst})


def external_entity(target: Path) -> Path:
    """An external entity pointing at a local file: must not be read into a cell."""
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>&xxe;</t></si></sst>"
    )
    return replace_entries(FOLLOWUP_XLSX, target, {"xl/sharedStrings.xml": sst})


def with_macros(target: Path) -> Path:
    """The follow-up sample saved as .xlsm with a (dummy) VBA project."""
    with zipfile.ZipFile(FOLLOWUP_XLSX) as src:
        types = src.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    types = types.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    return replace_entries(
        FOLLOWUP_XLSX,
        target,
        {
            "[Content_Types].xml": types,
            "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name" * 20,
        },
    )


def formulas_without_cached_values(target: Path) -> Path:
    """The level cells of the all-indicators sheet turned into formulas with no saved result."""
    workbook = openpyxl.load_workbook(FOLLOWUP_XLSX)
    ws = workbook.worksheets[0]
    changed = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("LEVEL ") and changed < 3:
                cell.value = f'="{cell.value}"'
                changed += 1
    workbook.save(target)
    return target


# A recommendation made longer than an Excel cell holds (another program wrote the file).
LONG_TEXT_CELL = "F12"  # on TL SEMUA: indicator 1's recommendation


def long_text_cell(target: Path, length: int = 40_000) -> tuple[Path, str]:
    """The follow-up sample with indicator 1's recommendation ``length`` characters long
    (Excel holds 32,767 in a cell, and openpyxl cuts a text to that: the text is put into
    the saved XML); returns the file and the text."""
    workbook = openpyxl.load_workbook(FOLLOWUP_XLSX)
    ws = workbook.worksheets[0]
    text = str(ws[LONG_TEXT_CELL].value) + " "
    text += ("lampiran rencana aksi " * (length // 22 + 1))[: length - len(text) - 1] + "."
    marker = "@@LONG-TEXT@@"
    ws[LONG_TEXT_CELL].value = marker
    saved = io.BytesIO()
    workbook.save(saved)
    with zipfile.ZipFile(saved) as archive:
        parts = {
            name: archive.read(name).replace(marker.encode(), text.encode())
            for name in archive.namelist()
            if marker.encode() in archive.read(name)
        }
    saved.seek(0)
    target.write_bytes(saved.getvalue())
    replace_entries(Path(target), target.with_suffix(".tmp"), parts).replace(target)
    return target, text


# Level cells as offices type them (issue 15): each a whole level, or text that holds
# something else than one whole level (read as no level, with an unreadable_level error).
LEVEL_TEXTS = {
    "3,5": None,
    "LEVEL 3.7": None,
    "LEVEL 3-4": None,
    "LEVEL 2 / LEVEL 3": None,
    "-1": None,
    "03:00": None,
    "LEVEL III / IV": None,
    "LEVEL 3 (empat)": None,
    "３": 3,
    "ＬＥＶＥＬ　４": 4,
    "Level 2 (dua)": 2,
    "Ⅲ": 3,
}


def level_texts(target: Path) -> tuple[Path, dict[str, str]]:
    """The self-assessment sample (one sheet) with its first self levels typed as
    :data:`LEVEL_TEXTS`; returns the file and, for each text, the indicator it was put on."""
    workbook = openpyxl.load_workbook(SELF_ASSESSMENT_XLSX)
    ws = workbook.worksheets[0]
    texts = iter(LEVEL_TEXTS)
    placed: dict[str, str] = {}
    for row in ws.iter_rows(min_row=9):
        level, number = row[3], row[0].value
        if isinstance(level.value, str) and level.value.startswith("LEVEL ") and number:
            text = next(texts, None)
            if text is None:
                break
            level.value = text
            placed[text] = str(number)
    workbook.save(target)
    return target, placed


def small_cases(folder: Path) -> dict[str, Path]:
    """The small broken files, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        cases[name] = folder / name

    put("random-bytes.xlsx", bytes((i * 7919 + 13) % 256 for i in range(4096)))
    put("empty.xlsx", b"")
    data = FOLLOWUP_XLSX.read_bytes()
    put("truncated.xlsx", data[: len(data) // 3])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dokumen.txt", "bukan workbook")
    put("renamed-zip.xlsx", buffer.getvalue())
    put("pdf-renamed.xlsx", b"%PDF-1.4\n" + b"0" * 500)
    workbook = openpyxl.Workbook()
    workbook.save(folder / "blank.xlsx")
    cases["blank.xlsx"] = folder / "blank.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["No", "Nama Pegawai", "Jabatan", "Golongan"])
    for i in range(1, 30):
        ws.append([i, f"Pegawai {i}", "Staf", "III/a"])
    workbook.save(folder / "other-topic.xlsx")
    cases["other-topic.xlsx"] = folder / "other-topic.xlsx"
    cases["macros.xlsm"] = with_macros(folder / "macros.xlsm")
    cases["formulas-no-cache.xlsx"] = formulas_without_cached_values(
        folder / "formulas-no-cache.xlsx"
    )
    cases["entity-expansion.xlsx"] = entity_expansion(folder / "entity-expansion.xlsx")
    cases["external-entity.xlsx"] = external_entity(folder / "external-entity.xlsx")
    cases["far-cell.xlsx"] = far_cell(folder / "far-cell.xlsx")
    return cases


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else BAD
    for name, path in small_cases(out).items():
        print(f"{name:28} {path.stat().st_size:>9,} bytes")
