"""The container guard (spbe_xl.reading.container): what is not a workbook, is encrypted,
or would inflate past the bounds is refused before calamine parses it, with a message
naming the file.

Cases that could take the interpreter down if a guard failed (decompression bombs, a cell
at XFD1048576, an .ods repeat bomb) run in a child process with a memory limit and a time
limit.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from spbe_xl import ReadError, read_workbook
from spbe_xl.reading.container import check_container
from tests import bad_corpus
from tests.conftest import FOLLOWUP_XLSX

BAD = bad_corpus.BAD
ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data"

# file -> the start of the ReadError message (after "<file>: ")
REFUSED = {
    "random-bytes.xlsx": "not an Excel or OpenDocument workbook",
    "pdf-renamed.xlsx": "not an Excel or OpenDocument workbook",
    "empty.xlsx": "the file is empty",
    "truncated.xlsx": "the workbook is damaged",
    "renamed-zip.xlsx": "a zip file, but not an Excel or OpenDocument workbook",
    "blank.xlsx": "the workbook has no data",
    "other-topic.xlsx": "no sheet has an SPBE indicator table",
    "encrypted.xlsx": "the workbook is password-protected",
    "entity-expansion.xlsx": "the workbook is damaged or not a workbook",
    "external-entity.xlsx": "the workbook is damaged or not a workbook",
    "far-cell.xlsx": "a sheet (xl/worksheets/sheet1.xml) spans 1,048,576 rows",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_broken_files_are_refused_with_a_message_naming_the_file(name):
    path = BAD / name
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    assert str(caught.value).startswith(f"{name}: {REFUSED[name]}")
    assert caught.value.file == name


def test_entities_are_never_expanded_or_resolved():
    for name in ("entity-expansion.xlsx", "external-entity.xlsx"):
        with pytest.raises(ReadError) as caught:
            read_workbook(BAD / name)
        message = str(caught.value)
        assert "lollol" not in message and "root:" not in message


def test_formulas_without_saved_results_are_findings():
    book = read_workbook(BAD / "formulas-no-cache.xlsx")
    found = book.findings[book.findings.code == "formula_without_value"]
    assert list(found.source) == ["'TL SEMUA'!D12", "'TL SEMUA'!D14", "'TL SEMUA'!D16"]
    assert all("no saved result" in m for m in found.message)


def _read_in_child(
    path: Path, memory_mb: int = 1536, seconds: int = 60
) -> subprocess.CompletedProcess:
    """read_workbook(path) in a child with at most memory_mb of address space."""

    def limit() -> None:
        cap = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    code = (
        "import sys, time\n"
        "from spbe_xl import ReadError, read_workbook\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    read_workbook(sys.argv[1])\n"
        "    print('READ')\n"
        "except ReadError as exc:\n"
        "    print('REFUSED', exc)\n"
        "print('SECONDS', time.perf_counter() - t)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    ("maker", "expected"),
    [
        (bad_corpus.sheet_bomb, "would inflate to 600 MiB"),
        (bad_corpus.shared_strings_bomb, "would inflate to 400 MiB"),
        (bad_corpus.far_cell, "spans 1,048,576 rows and 16,384 columns"),
        (bad_corpus.ods_repeat_bomb, "spans 99,001 rows and 1,000 columns once its repeated"),
    ],
)
def test_bombs_are_refused_quickly_in_bounded_memory(tmp_path, maker, expected):
    path = maker(tmp_path / "bom.xlsx")
    assert path.stat().st_size < 2 * 2**20  # small on disk, huge when inflated
    result = _read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED" in result.stdout and expected in result.stdout
    seconds = float(result.stdout.split("SECONDS")[1])
    assert seconds < 5


def test_a_zip_part_that_lies_about_its_size_is_refused(tmp_path):
    """The central directory says 1 KiB, the sheet's data inflates to 50 MiB."""
    path = tmp_path / "liar.xlsx"
    filler = b" " * (50 * 2**20)
    with (
        zipfile.ZipFile(FOLLOWUP_XLSX) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", filler + b"</sheetData>")
            dst.writestr(info, data)
    raw = bytearray(path.read_bytes())
    # rewrite the declared uncompressed size of the sheet in the central directory
    name = b"xl/worksheets/sheet1.xml"
    start = raw.find(b"PK\x01\x02")
    while start != -1:
        name_len = int.from_bytes(raw[start + 28 : start + 30], "little")
        if raw[start + 46 : start + 46 + name_len] == name:
            raw[start + 24 : start + 28] = (1024).to_bytes(4, "little")
        start = raw.find(b"PK\x01\x02", start + 4)
    path.write_bytes(bytes(raw))
    result = _read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED" in result.stdout and "damaged" in result.stdout


# --------------------------------------------------------------------------- small broken files


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_random_bytes(tmp_path):
    path = _write(tmp_path / "kiriman.xlsx", bytes(range(256)) * 40)
    with pytest.raises(ReadError, match=r"kiriman\.xlsx: not an Excel or OpenDocument workbook"):
        read_workbook(path)


def test_empty_file(tmp_path):
    with pytest.raises(ReadError, match=r"kosong\.xlsx: the file is empty"):
        read_workbook(_write(tmp_path / "kosong.xlsx", b""))


def test_renamed_zip(tmp_path):
    path = tmp_path / "laporan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foto.jpg", b"\xff\xd8\xff" + b"0" * 100)
    with pytest.raises(ReadError, match=r"laporan\.xlsx: a zip file, but not an Excel"):
        read_workbook(path)


def test_truncated_workbook(tmp_path):
    data = FOLLOWUP_XLSX.read_bytes()
    path = _write(tmp_path / "terpotong.xlsx", data[: len(data) // 2])
    with pytest.raises(ReadError, match=r"terpotong\.xlsx: the workbook is damaged"):
        read_workbook(path)


def test_encrypted_workbook():
    path = DATA / "bad" / "encrypted.xlsx"
    with pytest.raises(ReadError, match=r"encrypted\.xlsx: the workbook is password-protected"):
        read_workbook(path)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match=r"tidak-ada\.xlsx: cannot open the file"):
        read_workbook(tmp_path / "tidak-ada.xlsx")


@pytest.mark.parametrize("form", sorted(bad_corpus.FAR_CELL_FORMS))
def test_the_extent_guard_sees_what_the_parser_sees_in_any_form(tmp_path, form):
    """Single quotes, a namespace prefix, spaces around "=", rows out of order, a row whose
    r disagrees with its cell's: each slipped past the old regex guard, and calamine then
    aborted the process on a 38 KB file (issue 15)."""
    path = bad_corpus.far_cell_in_another_form(tmp_path / f"{form}.xlsx", form)
    result = _read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED" in result.stdout
    assert "spans 1,048,576 rows and 16,384 columns" in result.stdout


def test_the_ods_repeat_guard_reads_single_quotes(tmp_path):
    path = bad_corpus.ods_repeat_bomb_single_quoted(tmp_path / "bom.ods")
    result = _read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED" in result.stdout
    assert "spans 99,001 rows and 1,000 columns once its repeated" in result.stdout


def test_cells_without_references_are_counted_exactly(tmp_path):
    """Rows and cells without r follow the one before: a loose bound would refuse this
    1,000 x 20 sheet, the parse counts it exactly; the same with one far cell is refused."""
    rows = b"".join(b"<row>" + b"<c><v>1</v></c>" * 20 + b"</row>" for _ in range(1000))
    small = bad_corpus.far_sheet(tmp_path / "small.xlsx", rows)
    check_container(small, small.name)
    far = bad_corpus.far_sheet(
        tmp_path / "far.xlsx", rows + b"<row>" + bad_corpus.FAR_CELL + b"</row>"
    )
    with pytest.raises(ReadError, match="spans 1,048,576 rows and 16,384 columns"):
        check_container(far, far.name)


def test_a_reference_in_an_unusual_form_is_refused(tmp_path):
    path = bad_corpus.far_sheet(tmp_path / "ent.xlsx", b'<row r="&#49;048576"><c r="A2"/></row>')
    with pytest.raises(ReadError, match="unusual form"):
        check_container(path, path.name)


def _extent_outcome(xml: bytes, *, fast: bool) -> str | None:
    """What the extent guard says of one sheet's XML: None (passes) or its message; with
    ``fast=False`` the full check alone decides (the common-form shortcut turned off)."""
    from spbe_xl.reading import container

    shortcut = container._plain_extent_within_bound
    try:
        if not fast:
            container._plain_extent_within_bound = lambda xml: False  # type: ignore[assignment]
        container._check_sheet_extent(xml, "xl/worksheets/sheet1.xml", "x.xlsx")
    except ReadError as exc:
        return str(exc)
    finally:
        container._plain_extent_within_bound = shortcut  # type: ignore[assignment]
    return None


# Pieces spliced into real sheet XML: the forms issue 15 found slipping past a guard, and
# their near misses (a second r in a tag, a prefixed tag, an r without letters, a far
# reference in each form).
_SPLICES = [
    b'<c r="XFD1048576"/>',
    b'<row r="1048576"/>',
    b'<c r="ZZ9999"><v>1</v></c>',
    b'<c r="AAA9999"/>',
    b"<c r='XFD1048576'/>",
    b'<c r = "XFD1048576"/>',
    b'<c s="1" r="XFD1048576"/>',
    b'<c r="A1" x:r="XFD1048576"/>',
    b'<c r="A1" r="XFD1048576"/>',
    b'<c r="A1" x:r="&#49;"/>',
    b'<row r="3" r="-1"/>',
    b'<c r="A1"\tr="XFD1048576"/>',
    b'<c r="A1" s="r=2"/>',
    b'<c r="A1" s=">" t="s"/>',
    b'<c r="A1" s="<c r=\'XFD9\'>"/>',
    b'<x:c r="XFD1048576"/>',
    b"<x:row r='1048576'/>",
    b"<c/>" * 3,
    b"<row><c><v>1</v></c></row>",
    b"<c>" + b"<v>1</v></c>",
    b'<c r="&#49;2"/>',
    b'<c r="A-1"/>',
    b'<c r=" A1 "/>',
    b'<c r="a5000000"/>',
    b'<row r="5000001"/>',
    b'<c r="B2500000"/>',
    b'<c r="B2500001"/>',
    b'<c\nr="XFD1048576"/>',
    b'<row spans="1:2" r="1048576"/>',
    b"<c r=\"A1\" t='s'/>",
    b'<c r="A1" :c r="XFD1"/>',
    b'<c r="XFD1048576"',
]


def test_the_extent_guards_shortcut_agrees_with_the_full_check():
    """The common-form shortcut (speed) passes a sheet only where the full check passes
    it: real sheets (the samples, test data), each splice above at several places in
    them, and random cuts and byte changes of those."""
    import random

    sheets = []
    for path in [*sorted((ROOT / "samples").glob("*.xlsx")), *sorted(DATA.glob("*.xlsx"))]:
        with zipfile.ZipFile(path) as archive:
            sheets += [
                archive.read(name)[:6000]
                for name in archive.namelist()
                if name.startswith("xl/worksheets/sheet") and name.endswith(".xml")
            ]
    assert len(sheets) >= 20
    rng = random.Random(15)
    cases = list(sheets)
    for xml in rng.sample(sheets, 20):
        for splice in _SPLICES:
            at = xml.find(b"<row", rng.randrange(len(xml)))
            at = at if at >= 0 else len(xml)
            cases.append(xml[:at] + splice + xml[at:])
    for _ in range(1500):
        xml = bytearray(rng.choice(sheets))
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(len(xml))
            xml[at : at + rng.randrange(0, 3)] = rng.choice(
                [b"'", b'"', b" ", b"\t", b":", b"<", b">", b"r", b"=", b"9", b"Z", b"/", b""]
            )
        cases.append(bytes(xml))
    passed = 0
    for xml in cases:
        expected = _extent_outcome(xml, fast=False)
        assert _extent_outcome(xml, fast=True) == expected, xml[:300]
        passed += expected is None
    assert 0 < passed < len(cases)  # both outcomes occur


def test_the_prefixed_tag_search_finds_what_the_literal_search_found():
    """The shortcut's prefixed-tag test (one regex search) against the literal search it
    replaced (":c" or ":row" followed by whitespace, "/" or ">"), on every tag end and
    on texts made of the pieces that matter."""
    import itertools

    from spbe_xl.reading import container

    def literal(xml: bytes) -> bool:
        for name in (b":c", b":row"):
            at = xml.find(name)
            while at >= 0:
                end = at + len(name)
                if end < len(xml) and xml[end] in b" \t\n\r\x0b\x0c/>":
                    return True
                at = xml.find(name, end)
        return False

    pieces = [b":c", b":row", b":r", b"c", b"ow", b":", b" ", b"/", b">", b"\t", b"\x0b", b"a"]
    cases = [b"".join(p) for p in itertools.product(pieces, repeat=3)]
    cases += [b"<x:c" + bytes([b]) + b'r="A1"/>' for b in range(256)]
    cases += [b"<x:row" + bytes([b]) for b in range(256)] + [b":c", b":row", b""]
    for xml in cases:
        assert (container._PREFIXED_TAG_RE.search(xml) is not None) == literal(xml), xml
