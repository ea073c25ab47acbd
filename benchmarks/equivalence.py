"""Before/after equivalence harness: prove that a restructuring did not change behaviour.

Three steps (stdlib + pandas/openpyxl/xlsxwriter; the spbe-xl code under test is imported from
the checkout given with ``--repo``, never from this file's checkout)::

    python benchmarks/equivalence.py prepare --out DIR
    python benchmarks/equivalence.py digest --repo CHECKOUT --inputs DIR --out FILE.jsonl [--jobs N]
    python benchmarks/equivalence.py compare A.jsonl B.jsonl

``prepare`` writes one fixed set of input workbooks (the samples, the tests' data and
bad-input corpus, deterministic layout variants and fuzz cases of the Bontang samples, the
decompression bombs, and the 616-instansi benchmark corpus) and a ``manifest.json`` of the
input groups (the files of one instansi read together; each file alone too).

``digest`` runs the public API of CHECKOUT over every group and writes one JSON line per
(group, aspect): a sha256 of the aspect's full text rendering, a short excerpt and the hashes
of 40-line chunks (to say where two renderings start to differ).  Aspects: the read frames
and meta (or the ReadError), peek_title, the rules (index_scores under every option,
level_deltas, agency_rollup, what_if, summarize, compare, recap), the writers (every zip
part's bytes of write_followup / write_template / write_recap / write_table, with only the
creation/modification timestamps of docProps/core.xml blanked) and the CLI (convert, score,
rollup, validate, frameworks, template, recap: output files, stdout, stderr, exit codes).

``compare`` prints counts per aspect kind and the first differences; exit 1 on any.
``show`` prints the full rendering of one group's aspects, to diff two checkouts by hand.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the checkout that holds this script (inputs are generated from it)

LEVEL_KINDS = ("official", "self", "evaluator", "maturity")
INSTANCE_RULES = ("items", "mean", "max", "min")
MISSING_RULES = ("error", "skip")
CHUNK_LINES = 40
EXCERPT_CHARS = 600

# =========================================================================== prepare


def _variant_functions() -> dict[str, Any]:
    """The hand-made layout variants of tests/test_readers.py (copied, so that moving the
    tests does not change what ``prepare`` makes)."""
    from tests import variants

    header_words = ("INDIKATOR", "URAIAN", "PERTANYAAN", "PENJELASAN", "DATA DUKUNG", "RENCANA",
                    "PERANGKAT")  # fmt: skip

    def is_header_row(row: list[Any]) -> bool:
        return sum(isinstance(v, str) and v.upper().startswith(header_words) for v in row) >= 3

    def reorder(grid: Any) -> None:
        if grid.width >= 14:
            variants.reorder_columns(grid, [0, 13, 2, 1, 3, 4, 5, 6, 7, 8, 9, 12, 11, 10])
        else:
            variants.reorder_columns(grid, [0, 11, 2, 1, 7, 8, 9, 10, 3, 4, 5, 6])

    def header_case_and_typos(grid: Any) -> None:
        typos = {"PENAGGUNG": "Penanggung", "KEMATANGAN": "kematangn", "PERTANYAAN": "Pertanyaan "}

        def change(row: list[Any]) -> list[Any]:
            if not is_header_row(row):
                return row
            out = []
            for value in row:
                if isinstance(value, str):
                    for wrong, right in typos.items():
                        value = value.replace(wrong, right)
                    value = value.title()
                out.append(value)
            return out

        grid.rows = [change(row) for row in grid.rows]

    def levels_as_numbers(grid: Any) -> None:
        forms = [lambda n: n, lambda n: f"Level {n}", lambda n: f"{n}.0", lambda n: float(n)]
        counter = iter(range(10**6))

        def change(value: Any) -> Any:
            if isinstance(value, str) and (m := re.fullmatch(r"LEVEL (\d)", value)):
                return forms[next(counter) % len(forms)](int(m.group(1)))
            return value

        variants.map_cells(grid, change)

    def without_banners(grid: Any) -> None:
        drop = set()
        for i, row in enumerate(grid.rows):
            first = next((v for v in row if v not in (None, "")), None)
            if isinstance(first, str) and re.match(r"(DOMAIN|ASPEK)\s*\d", first):
                drop.add(i)
                nxt = grid.rows[i + 1] if i + 1 < len(grid.rows) else []
                texts = [v for v in nxt if v not in (None, "")]
                if len(texts) == 1 and isinstance(texts[0], str) and not is_header_row(nxt):
                    drop.add(i + 1)
        rows = iter(range(len(grid.rows)))
        variants.drop_rows(grid, lambda _row: next(rows) in drop)

    def blank_rows_and_columns(grid: Any) -> None:
        variants.insert_blank_rows(grid, 0, 4)
        variants.insert_blank_columns(grid, 0, 1)
        variants.insert_blank_columns(grid, 6, 1)
        for at in range(len(grid.rows) - 5, 10, -17):
            variants.insert_blank_rows(grid, at, 1)

    def rows_of_spaces(grid: Any) -> None:
        for at in range(len(grid.rows) - 3, 10, -13):
            variants.insert_blank_rows(grid, at, 1)
            for c, blank in ((0, " "), (2, "   "), (5, "\t"), (7, " \n ")):
                if c < grid.width:
                    grid.rows[at][c] = blank

    def renamed(grid: Any) -> None:
        # deterministic (the test uses id(grid)): a name from the sheet's own content
        grid.name = f"Sheet {zlib.crc32(grid.name.encode()) % 9973}"

    def unmerged(grid: Any) -> None:
        variants.unmerge(grid)

    def banner_swap(grid: Any) -> None:
        variants.map_cells(grid, lambda v: "ASPEK 2" if v == "ASPEK 1" else v)

    def level_out_of_range(grid: Any) -> None:
        variants.map_cells(grid, lambda v: "LEVEL 7" if v == "LEVEL 5" else v)

    return {
        "reordered": reorder,
        "header-case-typos": header_case_and_typos,
        "levels-as-numbers": levels_as_numbers,
        "no-banners": without_banners,
        "blank-rows-columns": blank_rows_and_columns,
        "rows-of-spaces": rows_of_spaces,
        "renamed-sheets": renamed,
        "unmerged": unmerged,
        "banner-swap": banner_swap,
        "level-out-of-range": level_out_of_range,
    }


def _copy_grids(grids: list[Any]) -> list[Any]:
    from tests import variants

    return [variants.Grid(g.name, [list(r) for r in g.rows], list(g.merges)) for g in grids]


def _mutated_zip(data: bytes, choice: int, position: int, value: int) -> bytes:
    """tests/test_robustness.py's zip-part mutation (flip a byte, truncate or drop a part)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target_name = names[choice % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            content = source.read(name)
            if name == target_name:
                mode = value % 3
                if mode == 0 and content:
                    i = position % len(content)
                    content = content[:i] + bytes([content[i] ^ (value | 1)]) + content[i + 1 :]
                elif mode == 1:
                    content = content[: position % (len(content) + 1)]
                else:
                    continue
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, content)
    return out.getvalue()


def _fuzz_cell_value(rng: random.Random) -> Any:
    """A cell value of the kinds test_fuzz_cells_and_merges draws (datetimes kept to dates)."""
    import datetime as dt

    fixed = ["LEVEL 3", "LEVEL 9", "Level", "35-1", "35-9", "DOMAIN 2", "ASPEK 9", "INDIKATOR",
             "ADA", "✓", "BONTANG, 1 JANUARI 2020", "MENGETAHUI :", "NIP. 1", "JAN", "TAHUN 2020",
             "=1+1", ""]  # fmt: skip
    kind = rng.randrange(11)
    if kind == 0:
        return None
    if kind == 1:
        return rng.randint(-5, 99)
    if kind == 2:
        return round(rng.uniform(-1e6, 1e6), rng.randrange(0, 7))
    if kind == 3:
        return rng.choice(fixed)
    if kind == 4:
        alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.,;:()/éü✓ "
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(31)))
    if kind == 5:
        return rng.choice([" ", "   ", "\t", " \n ", "\r\n"])
    if kind == 6:
        return rng.random() < 0.5
    if kind == 7:
        return rng.randint(-(2**53), 2**53)
    if kind == 8:
        return dt.datetime(1900, 3, 1) + dt.timedelta(seconds=rng.randrange(200 * 365 * 86400))
    if kind == 9:
        return dt.date(1900, 3, 1) + dt.timedelta(days=rng.randrange(200 * 365))
    return dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60))


def _fuzz_cells(grids: list[Any], rng: random.Random) -> list[Any]:
    grids = _copy_grids(grids)
    for _ in range(rng.randrange(1, 41)):
        sheet_no, r, c = rng.randrange(11), rng.randrange(201), rng.randrange(16)
        value = _fuzz_cell_value(rng)
        grid = grids[sheet_no % len(grids)]
        if r < len(grid.rows) and c < len(grid.rows[r]):
            grid.rows[r][c] = value
    for _ in range(rng.randrange(7)):
        r, c, height, width = (
            rng.randrange(121),
            rng.randrange(16),
            rng.randrange(5),
            rng.randrange(4),
        )
        grid = grids[0]
        taken = {
            (rr, cc)
            for r0, c0, r1, c1 in grid.merges
            for rr in range(r0, r1 + 1)
            for cc in range(c0, c1 + 1)
        }
        cells = {(rr, cc) for rr in range(r, r + height + 1) for cc in range(c, c + width + 1)}
        if not cells & taken and r + height < len(grid.rows):
            grid.merges.append((r, c, r + height, c + width))
    return grids


def _liar_zip(source: Path, target: Path) -> Path:
    """test_a_zip_part_that_lies_about_its_size: a sheet declared 1 KiB that inflates to 50 MiB."""
    filler = b" " * (50 * 2**20)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", filler + b"</sheetData>")
            dst.writestr(info, data)
    raw = bytearray(target.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    start = raw.find(b"PK\x01\x02")
    while start != -1:
        name_len = int.from_bytes(raw[start + 28 : start + 30], "little")
        if raw[start + 46 : start + 46 + name_len] == name:
            raw[start + 24 : start + 28] = (1024).to_bytes(4, "little")
        start = raw.find(b"PK\x01\x02", start + 4)
    target.write_bytes(bytes(raw))
    return target


def _hostile(grids: list[Any]) -> list[Any]:
    from tests import variants

    hostile = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    grids = _copy_grids(grids)
    counter = iter(range(10**6))

    def change(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("Laporan pemantauan"):
            return hostile[next(counter) % len(hostile)]
        return value

    for grid in grids:
        variants.map_cells(grid, change)
    return grids


def _normalise_zip_dates(path: Path) -> None:
    """Rewrite a zip with fixed entry dates, so that ``prepare`` run twice makes equal bytes
    (the readers never look at them; this only keeps the inputs reproducible)."""
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)


def _save(grids: list[Any], path: Path, *, formulas: bool = False) -> Path:
    from tests import variants

    variants.save(grids, path, formulas=formulas)
    _fix_core_dates(path)
    _normalise_zip_dates(path)
    return path


def _fix_core_dates(path: Path) -> None:
    """openpyxl stamps docProps/core.xml with the time of saving: fixed here."""
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>2020-01-01T00:00:00Z\2", data)
            dst.writestr(info, data)


def prepare(out: Path, n_corpus: int, jobs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests import bad_corpus, variants

    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    groups: list[dict[str, Any]] = []

    def group(gid: str, files: list[Path], kind: str, **extra: Any) -> None:
        groups.append(
            {"id": gid, "kind": kind, "files": [str(p.relative_to(out)) for p in files], **extra}
        )

    samples = out / "samples"
    samples.mkdir()
    self_xlsx = Path(shutil.copy(ROOT / "samples" / "bontang-2018-penilaian-mandiri.xlsx", samples))
    tl_xlsx = Path(shutil.copy(ROOT / "samples" / "bontang-2018-tindak-lanjut.xlsx", samples))
    group("sample:pair", [self_xlsx, tl_xlsx], "sample")
    group("sample:penilaian-mandiri", [self_xlsx], "sample")
    group("sample:tindak-lanjut", [tl_xlsx], "sample")

    data = out / "testdata"
    data.mkdir()
    for suffix in (".ods", ".xls"):
        copy = Path(
            shutil.copy(ROOT / "tests" / "data" / f"bontang-2018-tindak-lanjut{suffix}", data)
        )
        group(f"testdata:{suffix[1:]}", [copy], "variant")
        group(f"testdata:{suffix[1:]}+penilaian-mandiri", [self_xlsx, copy], "variant")

    bad = out / "bad"
    bad.mkdir()
    for path in sorted((ROOT / "tests" / "data" / "bad").iterdir()):
        copy = Path(shutil.copy(path, bad))
        group(f"bad:{path.name}", [copy], "bad")
    bombs = out / "bombs"
    bombs.mkdir()
    for maker, name in (
        (bad_corpus.sheet_bomb, "sheet-bomb.xlsx"),
        (bad_corpus.shared_strings_bomb, "shared-strings-bomb.xlsx"),
        (bad_corpus.ods_repeat_bomb, "ods-repeat-bomb.xlsx"),
    ):
        made = maker(bombs / name)
        group(f"bomb:{made.name}", [made], "bad")
    liar = _liar_zip(tl_xlsx, bombs / "liar.xlsx")
    group("bomb:liar.xlsx", [liar], "bad")

    # layout variants: each alone and every pair of them, on both samples
    var = out / "variants"
    var.mkdir()
    functions = _variant_functions()
    base = {src: variants.load(src) for src in (self_xlsx, tl_xlsx)}
    names = sorted(functions)
    combos = [(n,) for n in names] + [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    for combo in combos:
        label = "+".join(combo)
        files = []
        for src, grids in base.items():
            grids = _copy_grids(grids)
            for grid in grids:
                for name in combo:
                    functions[name](grid)
            files.append(_save(grids, var / f"{label}-{src.name}"))
        group(f"variant:{label}", files, "variant")
        if len(combo) == 1:
            group(f"variant:{label}:tindak-lanjut", [files[1]], "variant")

    # single-sheet edits of the tests
    grids = _copy_grids(base[tl_xlsx])
    for row in grids[0].rows:
        if row[0] == 8 or row[0] == "8":
            row[3] = "sedang"
            break
    group("variant:unreadable-level", [_save(grids, var / "unreadable-level.xlsx")], "variant")
    group(
        "variant:hostile-text",
        [_save(_hostile(base[tl_xlsx]), var / "hostile-text.xlsx")],
        "variant",
    )
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["TINDAK LANJUT HASIL INDEKS SPBE"])
    ws.append(["DI LINGKUNGAN PEMERINTAH KABUPATEN CONTOH TAHUN 2019"])
    ws.append([])
    ws.append(["INDIKATOR", "URAIAN INDIKATOR", "PERTANYAAN", "NILAI TINGKAT KEMATANGAN",
               "PENJELASAN LEVEL", "REKOMENDASI MENPAN", "DATA DUKUNG REKOMENDASI MENPAN", None,
               "PERANGKAT DAERAH PENANGGUNG JAWAB"])  # fmt: skip
    ws.append([1, "Kebijakan", "Apakah?", "Level 2", "…", "Tetapkan", "1 2 3",
               "Perwali\nSOP\nLaporan", "Bagian Organisasi"])  # fmt: skip
    ws.append([2, "Kebijakan 2", "Apakah?", 3, "…", "…", "1 2", "Perwali SOP tanpa pemisah",
               "Bagian Organisasi"])  # fmt: skip
    one_cell = var / "one-cell.xlsx"
    wb.save(one_cell)
    _fix_core_dates(one_cell)
    _normalise_zip_dates(one_cell)
    group("variant:one-cell-evidence", [one_cell], "variant")
    # the corpus used by the interrupted-batch tests: the sample with other titles
    for i in range(3):
        title = f"KABUPATEN CONTOH {i:02d}"
        grids = _copy_grids(base[tl_xlsx])
        for grid in grids:
            variants.map_cells(
                grid, lambda v, t=title: v.replace("KOTA BONTANG", t) if isinstance(v, str) else v
            )
        group(f"variant:retitled-{i:02d}", [_save(grids, var / f"tl-{i:02d}.xlsx")], "variant")

    # fuzz cases, drawn from a seeded generator (the tests draw them with hypothesis)
    fuzz = out / "fuzz"
    fuzz.mkdir()
    rng = random.Random(13)
    sample_bytes = tl_xlsx.read_bytes()
    for i in range(40):
        choice, position, value = rng.randrange(51), rng.randrange(10**6 + 1), rng.randrange(256)
        path = fuzz / f"zip-{i:02d}.xlsx"
        path.write_bytes(_mutated_zip(sample_bytes, choice, position, value))
        group(f"fuzz:zip-{i:02d}", [path], "fuzz")
    for i in range(30):
        path = _save(_fuzz_cells(base[tl_xlsx], rng), fuzz / f"cells-{i:02d}.xlsx", formulas=True)
        group(f"fuzz:cells-{i:02d}", [path], "fuzz")

    # the benchmark corpus
    corpus = out / "corpus"
    sys.path.insert(0, str(HERE))
    import generate_corpus

    manifest = generate_corpus.generate(corpus, n=n_corpus, seed=2018, jobs=jobs)
    for entry in manifest:
        files = [corpus / f for f in entry["files"]]
        gid = f"corpus:{entry['index']:04d}"
        group(gid, files, "corpus")
        if len(files) > 1:
            for f in files:
                role = "tindak-lanjut" if "tindak-lanjut" in f.name else "penilaian-mandiri"
                group(f"{gid}:{role}", [f], "corpus-file")
    (out / "manifest.json").write_text(
        json.dumps({"root_commit": _git_head(ROOT), "groups": groups}, indent=1), encoding="utf-8"
    )
    n_files = len({f for g in groups for f in g["files"]})
    print(f"{len(groups)} groups, {n_files} files in {out} ({time.perf_counter() - start:.0f} s)")


def _git_head(repo: Path) -> str | None:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


# =========================================================================== rendering


def render(obj: Any, indent: str = "") -> str:
    """A deterministic text of a result: frames as CSV with dtypes, floats as repr."""
    import numpy as np
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        head = f"DataFrame {obj.shape[0]}x{obj.shape[1]} index={type(obj.index).__name__}\n"
        dtypes = "".join(f"  {c!r}: {t}\n" for c, t in obj.dtypes.items())
        return head + dtypes + obj.to_csv(lineterminator="\n")
    if isinstance(obj, pd.Series):
        return f"Series {obj.name!r} {obj.dtype} len={len(obj)}\n" + obj.to_csv(lineterminator="\n")
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        lines = [f"{type(obj).__name__}("]
        for f in dataclasses.fields(obj):
            lines.append(f"{indent}  {f.name}=" + render(getattr(obj, f.name), indent + "  "))
        return "\n".join(lines) + f"\n{indent})"
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{indent}  {render(k)}: {render(v, indent + '  ')}" for k, v in obj.items()]
        return "{\n" + "\n".join(items) + f"\n{indent}}}"
    if isinstance(obj, list | tuple):
        if not obj:
            return "[]" if isinstance(obj, list) else "()"
        inner = [render(v, indent + "  ") for v in obj]
        if all("\n" not in s for s in inner) and sum(map(len, inner)) < 100:
            if isinstance(obj, list):
                return "[" + ", ".join(inner) + "]"
            return "(" + ", ".join(inner) + ("," if len(inner) == 1 else "") + ")"
        return "[\n" + "\n".join(f"{indent}  {s}" for s in inner) + f"\n{indent}]"
    if isinstance(obj, float | np.floating):
        return f"{type(obj).__name__}:{float(obj)!r}"
    if isinstance(obj, np.integer | np.bool_):
        return f"{type(obj).__name__}:{obj!r}"
    if isinstance(obj, BaseException):
        return exception_text(obj)
    return repr(obj)


def exception_text(exc: BaseException) -> str:
    out = f"{type(exc).__name__}: {exc}"
    for attr in ("file", "ids", "where"):
        if hasattr(exc, attr):
            out += f"\n  .{attr} = {getattr(exc, attr)!r}"
    return out


_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def zip_parts_text(path: Path) -> str:
    """One line per zip part: name, size, sha256 (core.xml's timestamps blanked)."""
    lines = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\1\2", data)
            lines.append(f"{info.filename}  {len(data)}  {hashlib.sha256(data).hexdigest()}")
    return "\n".join(lines)


def file_text(path: Path) -> str:
    """A written file: its zip parts' hashes, or its whole text (temp paths normalised later)."""
    if path.suffix in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        return zip_parts_text(path)
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    return f"bom={bom}\n" + data.decode("utf-8", "backslashreplace")


def record(group: str, aspect: str, text: str) -> dict[str, Any]:
    if _SHOWN is not None:
        _SHOWN[aspect] = text
    lines = text.split("\n")
    chunks = [
        hashlib.sha256("\n".join(lines[i : i + CHUNK_LINES]).encode()).hexdigest()[:10]
        for i in range(0, len(lines), CHUNK_LINES)
    ]
    return {
        "group": group,
        "aspect": aspect,
        "kind": aspect.split(":", 1)[0],
        "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        "lines": len(lines),
        "chunks": chunks,
        "excerpt": text[:EXCERPT_CHARS],
    }


# =========================================================================== digest (worker side)

_STATE: dict[str, Any] = {}
_SHOWN: dict[str, str] | None = None  # the full texts, for ``show``


def _normalise(text: str) -> str:
    """Paths that differ from run to run or checkout to checkout become placeholders."""
    for key in ("tmp", "inputs", "repo"):
        value = _STATE.get(key)
        if value:
            text = text.replace(value, f"<{key.upper()}>")
    return _TEMP_SUBDIR.sub("<TMP>/<d>", text)


_TEMP_SUBDIR = re.compile(r"<TMP>/tmp[A-Za-z0-9_]+")


def _attempt(fn: Any) -> str:
    try:
        return render(fn())
    except Exception as exc:  # the exception is the behaviour recorded
        return "RAISED " + exception_text(exc)


def _write_and_hash(fn: Any, name: str) -> str:
    tmp = Path(tempfile.mkdtemp(dir=_STATE["tmp"]))
    path = tmp / name
    try:
        returned = fn(path)
        text = f"returned name: {Path(returned).name}\n" + zip_parts_text(path)
    except Exception as exc:
        text = "RAISED " + exception_text(exc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return text


def _rules_aspects(book: Any, out: dict[str, str], full: bool) -> None:
    from spbe_xl import rules

    frame = book.indicators
    for level in LEVEL_KINDS:
        for instances in INSTANCE_RULES:
            for missing in MISSING_RULES:
                # corpus: every option on the official levels, the other levels once
                if not full and level != "official" and (instances, missing) != ("items", "skip"):
                    continue

                def run(
                    level: str = level, instances: str = instances, missing: str = missing
                ) -> Any:
                    result = rules.index_scores(
                        frame, level=level, instances=instances, missing=missing
                    )
                    return {"result": result, "rounded": result.rounded()}

                out[f"rules:index_scores:{level}:{instances}:{missing}"] = _attempt(run)
    out["rules:index_scores:framework=book"] = _attempt(
        lambda: rules.index_scores(frame, missing="skip", framework=book.meta.framework)
    )
    if full:
        out["rules:index_scores:framework=spbe2020"] = _attempt(
            lambda: rules.index_scores(frame, missing="skip", framework="spbe2020")
        )
        out["rules:index_scores:bad-option"] = _attempt(
            lambda: rules.index_scores(frame, instances="median")
        )
    out["rules:level_deltas"] = _attempt(lambda: rules.level_deltas(frame))
    out["rules:level_deltas:target=3:mean"] = _attempt(
        lambda: rules.level_deltas(frame, target=3, instances="mean")
    )
    out["rules:agency_rollup"] = _attempt(lambda: rules.agency_rollup(book))
    if full:
        out["rules:agency_rollup:target=4:max"] = _attempt(
            lambda: rules.agency_rollup(book, target=4, instances="max")
        )
    ids = [str(i) for i in frame["indicator_id"]] if "indicator_id" in frame else []
    if ids:
        changes = {ids[0]: 5, ids[len(ids) // 2]: 1}
        out["rules:what_if"] = _attempt(lambda: rules.what_if(frame, changes, missing="skip"))
        if full:
            out["rules:what_if:self"] = _attempt(
                lambda: rules.what_if(frame, {ids[-1]: 4}, level="self", missing="skip")
            )
            out["rules:what_if:unknown-id"] = _attempt(lambda: rules.what_if(frame, {"999": 3}))
    out["rules:summarize"] = _attempt(lambda: rules.summarize(book))
    if full:
        out["rules:summarize:target=4"] = _attempt(lambda: rules.summarize(book, target=4))


def _writer_aspects(book: Any, out: dict[str, str], full: bool) -> None:
    import spbe_xl
    from spbe_xl import rules, writers

    out["write:followup"] = _write_and_hash(lambda p: spbe_xl.write_followup(book, p), "tl.xlsx")
    if not full:
        return
    out["write:followup:a4:no-fill"] = _write_and_hash(
        lambda p: spbe_xl.write_followup(book, p, paper="a4", fill_explanations=False), "tl.xlsx"
    )
    out["write:followup:years"] = _write_and_hash(
        lambda p: spbe_xl.write_followup(book, p, plan_years=[2021, 2022], schedule_year=2021),
        "tl.xlsx",
    )
    out["write:followup:summary=target4"] = _write_and_hash(
        lambda p: spbe_xl.write_followup(book, p, summary=rules.summarize(book, target=4)),
        "tl.xlsx",
    )
    out["write:table:indicators"] = _write_and_hash(
        lambda p: writers.write_table(book.indicators, p), "t.xlsx"
    )
    out["write:table:rollup"] = _write_and_hash(
        lambda p: writers.write_table(
            rules.agency_rollup(book), p, sheet_name="Rollup: [x]", title="Rollup", paper="a4"
        ),
        "t.xlsx",
    )


def digest_group(group: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """All aspects of one group; returns the records and (for corpus groups) the book."""
    import spbe_xl
    from spbe_xl import readers

    inputs = Path(_STATE["inputs"])
    paths = [inputs / f for f in group["files"]]
    # every option on the samples and the single variants; the pairs of variants, the
    # corpus and the readable bad files get the common ones (a full digest stays minutes)
    full = group["kind"] == "sample" or (group["kind"] == "variant" and "+" not in group["id"])
    out: dict[str, str] = {}
    if len(paths) == 1:
        out["peek:title"] = _attempt(lambda: readers.peek_title(paths[0]))
    book = None
    try:
        book = spbe_xl.read_workbook(paths if len(paths) > 1 else paths[0])
    except Exception as exc:
        out["read:error"] = "RAISED " + exception_text(exc)
    if book is not None:
        for name in ("indicators", "evidence", "actions", "findings"):
            out[f"read:{name}"] = render(getattr(book, name))
        out["read:meta"] = render(book.meta)
        out["read:errors"] = render(book.errors)
        if full and group["kind"] == "sample":
            out["read:framework=spbe2020"] = _attempt(
                lambda: spbe_xl.read_workbook(paths, framework="spbe2020")
            )
        if group["kind"] == "corpus-file":  # a file of a corpus pair alone: its index only
            out["rules:index_scores:official:items:skip"] = _attempt(
                lambda: spbe_xl.rules.index_scores(book.indicators, missing="skip")
            )
        elif group["kind"] != "bad" or not book.indicators.empty:
            _rules_aspects(book, out, full)
            _writer_aspects(book, out, full)
    records = [
        record(group["id"], aspect, _normalise(text)) for aspect, text in sorted(out.items())
    ]
    keep = book if group["kind"] == "corpus" or group["id"] == "sample:pair" else None
    return records, keep


def _global_aspects(books: dict[str, Any]) -> list[dict[str, Any]]:
    """API constants, frameworks, templates, readers' helpers; compare and recap of books."""
    import spbe_xl
    from spbe_xl import framework, readers, rules, writers

    out: dict[str, str] = {}
    out["api:rules-constants"] = render(
        {
            name: getattr(rules, name, "<absent>")
            for name in (
                "LEVELS",
                "INSTANCE_RULES",
                "MISSING_RULES",
                "NO_AGENCY",
                "WHAT_IF_COLUMN",
                "DISPLAY_DECIMALS",
            )
        }
    )
    out["api:readers-limits"] = render(
        {
            n: getattr(readers, n, "<absent>")
            for n in ("MAX_UNCOMPRESSED_BYTES", "MAX_ZIP_ENTRIES", "MAX_CELLS")
        }
    )
    out["api:writers-constants"] = render(
        {n: getattr(writers, n, "<absent>") for n in ("MARK", "MONTHS", "SHEET_FOLLOWUP", "SHEET_NO_AGENCY",
                                                      "SHEET_SELF_ASSESSMENT", "SHEET_SUMMARY")}
    )  # fmt: skip
    from spbe_xl import book as book_module

    out["api:book-columns"] = render(
        {n: getattr(book_module, n) for n in ("INDICATOR_COLUMNS", "EVIDENCE_COLUMNS",
                                              "ACTION_COLUMNS", "FINDING_COLUMNS")}
    )  # fmt: skip
    raws = [None, "", "LEVEL 3", "Level 3", "level3", "3", 3, 3.0, "3.0", 3.5, "tinggi", "LEVEL",
            True, "L3", " LEVEL  5 ", "LEVEL 7", 0, "Level-2", "lvl 4", "IV"]  # fmt: skip
    out["api:parse_level"] = render(
        [(r, _attempt(lambda r=r: readers.parse_level(r))) for r in raws]
    )
    ids = [None, "", "1", 1, 1.0, "35-1", "35 - 2", "35.1", "35a", "x", "47", 0, -1, "1.", " 7 ",
           "35-", "Indikator 5", 35.2]  # fmt: skip
    out["api:parse_indicator_id"] = render(
        [(r, _attempt(lambda r=r: readers.parse_indicator_id(r))) for r in ids]
    )
    agencies = [None, "", "  Dinas  Kominfo ", "DINAS KOMUNIKASI,  INFORMATIKA\nDAN STATISTIK",
                "Bagian Organisasi", "bag. organisasi", "BAPPEDA"]  # fmt: skip
    out["api:normalize_agency"] = render(
        [(r, _attempt(lambda r=r: readers.normalize_agency(r))) for r in agencies]
    )
    out["api:agency_sheet_names"] = _attempt(
        lambda: writers.agency_sheet_names(
            ["Dinas Komunikasi, Informatika dan Statistik", "Bagian Organisasi", "Bagian Hukum",
             "Badan Perencanaan Pembangunan Daerah", "x" * 40, "x" * 41, "A/B:C?", "TL SEMUA"],
            reserved=["TL SEMUA", "RINGKASAN"],
        )
    )  # fmt: skip
    texts = ["", "a", "Laporan pemantauan " * 8, "Baris\nkedua\n\nketiga", "W" * 90, "✓ ADA"]
    out["api:count_lines+text_height"] = render(
        [
            (t[:20], w, s, b, _attempt(lambda t=t, w=w, s=s, b=b: writers.count_lines(t, w, size=s, bold=b)),
             _attempt(lambda t=t, w=w, s=s, b=b: writers.text_height(t, w, size=s, bold=b)))
            for t in texts for w in (8.0, 30.0) for s in (10, 12) for b in (False, True)
        ]
    )  # fmt: skip
    out["framework:available"] = render(framework.available())
    for fid in framework.available():
        fw = framework.load(fid)
        out[f"framework:{fid}:describe"] = fw.describe()
        out[f"framework:{fid}:tables"] = render(
            {
                "id": fw.id, "title": fw.title, "levels": (fw.level_min, fw.level_max),
                "domains": fw.domains, "aspects": fw.aspects, "indicators": fw.indicators,
                "predicates": fw.predicates, "has_criteria": fw.has_criteria,
                "predicate(2.6)": fw.predicate(2.6), "predicate(2.5999999999999996)": fw.predicate(2.5999999999999996),
            }
        )  # fmt: skip
        for paper, kwargs in (
            ("folio", {"instansi": "Pemerintah Kota Contoh", "year": 2024,
                       "agencies": ["Dinas Komunikasi dan Informatika", "Bagian Organisasi"]}),
            ("a4", {"year": 2020, "plan_years": [2020, 2022]}),
        ):  # fmt: skip
            out[f"write:template:{fid}:{paper}"] = _write_and_hash(
                lambda p, fid=fid, paper=paper, kwargs=kwargs: spbe_xl.write_template(
                    p, framework=fid, paper=paper, **kwargs
                ),
                "template.xlsx",
            )
    out["framework:unknown"] = _attempt(lambda: framework.load("spbe1999"))

    pair = books.get("sample:pair")
    corpus = [books[k] for k in sorted(books) if k.startswith("corpus:")]
    if pair is not None and corpus:
        out["rules:compare:sample+corpus5"] = _attempt(lambda: rules.compare([pair, *corpus[:5]]))
        out["rules:compare:self"] = _attempt(
            lambda: rules.compare([pair, *corpus[:5]], level="self", missing="skip")
        )
    if corpus:
        out["rules:compare:corpus"] = _attempt(lambda: rules.compare(corpus, missing="skip"))
        out["rules:recap:corpus"] = _attempt(lambda: rules.recap(corpus))
        out["rules:recap:corpus:mean:weak4"] = _attempt(
            lambda: rules.recap(corpus[:50], weak_below=4, instances="mean")
        )
        out["write:recap:corpus"] = _write_and_hash(
            lambda p: writers.write_recap(rules.recap(corpus), p), "recap.xlsx"
        )
        out["write:recap:sample+corpus10:a4"] = _write_and_hash(
            lambda p: writers.write_recap(rules.recap([pair, *corpus[:10]]), p, paper="a4"),
            "recap.xlsx",
        )
    out["rules:recap:empty"] = _attempt(lambda: rules.recap([]))
    return [record("global", aspect, _normalise(text)) for aspect, text in sorted(out.items())]


def _cli(args: list[str], timeout: int = 900) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": _STATE["repo"], "PYTHONHASHSEED": "0", "COLUMNS": "120"}
    result = subprocess.run(
        [sys.executable, "-m", "spbe_xl", *args],
        capture_output=True,
        text=True,
        cwd=_STATE["tmp"],
        env=env,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return result.returncode, result.stdout, result.stderr


def _cli_aspect(args: list[str], *, sort_stderr: bool = False) -> str:
    """Exit code, stdout and stderr of a CLI run; ``sort_stderr`` for a parallel run, whose
    workers report their failures on stderr in the order they finish."""
    code, stdout, stderr = _cli(args)
    if sort_stderr:
        stderr = "".join(sorted(stderr.splitlines(keepends=True)))
    return f"exit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"


def cli_task(task: tuple[str, list[str]]) -> list[dict[str, Any]]:
    """One CLI run (a task of the pool): its exit code, output text and output files."""
    name, files = task
    inputs = Path(_STATE["inputs"])
    paths = [str(inputs / f) for f in files]
    out: dict[str, str] = {}
    tmp = Path(_STATE["tmp"]) / ("cli-" + re.sub(r"[^a-z0-9]+", "-", name))
    tmp.mkdir()
    try:
        if name.startswith("convert"):
            outdir = tmp / "out"
            args = ["convert", *paths, "-o", str(outdir)]
            if name == "convert:samples":
                args += ["-j", "1"]
            elif name == "convert:samples:all-formats":
                args += ["-j", "1", "--to", "xlsx,csv,json", "--paper", "a4"]
            elif name == "convert:bad":  # the parallel path; it writes no workbook
                args += ["-j", "2", "--to", "csv"]
            else:
                # one process: with several, which instansi is a worker's first workbook
                # varies, and the first differs (see _warm_up)
                args += ["-j", "1"]
            out[f"cli:{name}"] = _cli_aspect(args, sort_stderr=name == "convert:bad")
            if name == "convert:samples":  # a re-run skips what exists
                out[f"cli:{name}:rerun"] = _cli_aspect(args)
            for path in sorted(outdir.rglob("*")) if outdir.exists() else []:
                if path.is_file():
                    rel = path.relative_to(outdir).as_posix()
                    out[f"cli:{name}:file:{rel}"] = file_text(path)
        elif name == "samples":
            out["cli:score"] = _cli_aspect(["score", *paths])
            out["cli:score:json:self:mean"] = _cli_aspect(
                ["score", *paths, "--json", "--level", "self", "--instances", "mean"]
            )
            out["cli:score:tindak-lanjut:maturity"] = _cli_aspect(
                ["score", paths[1], "--level", "maturity"]
            )
            out["cli:score:penilaian-mandiri:skip"] = _cli_aspect(
                ["score", paths[0], "--level", "evaluator", "--skip-missing"]
            )
            out["cli:rollup"] = _cli_aspect(["rollup", *paths])
            for suffix in ("csv", "xlsx"):
                target = tmp / f"rollup.{suffix}"
                out[f"cli:rollup:{suffix}"] = _cli_aspect(
                    ["rollup", *paths, "--target", "4", "-o", str(target)]
                ) + ("\n" + file_text(target) if target.exists() else "\n(no file)")
            out["cli:validate"] = _cli_aspect(["validate", *paths])
            out["cli:validate:strict"] = _cli_aspect(["validate", "--strict", *paths])
            out["cli:frameworks"] = _cli_aspect(["frameworks"])
            out["cli:frameworks:json"] = _cli_aspect(["frameworks", "--json"])
            target = tmp / "template.xlsx"
            out["cli:template"] = _cli_aspect(
                ["template", str(target), "--instansi", "Pemerintah Kota Contoh", "--year", "2023",
                 "--agency", "Bagian Organisasi", "--agency", "Dinas Kominfo"]
            ) + "\n" + file_text(target)  # fmt: skip
            out["cli:template:exists"] = _cli_aspect(["template", str(target), "--year", "2023"])
            target = tmp / "recap.xlsx"
            out["cli:recap"] = _cli_aspect(["recap", *paths, "-o", str(target)]) + (
                "\n" + file_text(target) if target.exists() else "\n(no file)"
            )
            out["cli:help"] = _cli_aspect(["--help"])
            for sub in (
                "convert",
                "score",
                "rollup",
                "validate",
                "template",
                "recap",
                "frameworks",
            ):
                out[f"cli:help:{sub}"] = _cli_aspect([sub, "--help"])
            out["cli:version"] = _cli_aspect(["--version"])
            out["cli:usage-error"] = _cli_aspect(
                ["convert", str(tmp / "nothing-here"), "-o", str(tmp / "o")]
            )
        elif name == "validate:bad":
            out["cli:validate:bad"] = _cli_aspect(["validate", *paths])
            out["cli:score:bad"] = _cli_aspect(["score", paths[0]])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [record("cli", aspect, _normalise(text)) for aspect, text in sorted(out.items())]


def _init_worker(state: dict[str, Any]) -> None:
    _STATE.update(state)
    import spbe_xl
    import spbe_xl.readers
    import spbe_xl.rules
    import spbe_xl.writers

    _check_origin(spbe_xl, state["repo"])
    _warm_up()


def _warm_up() -> None:
    """Write one workbook before any is digested.

    The first workbook a process writes differs from the later ones in xl/styles.xml
    (xlsxwriter stores ``theme_font_name`` into the ``default_format_properties`` dict it is
    given, which the writers share between workbooks: from the second workbook on, the
    default font carries ``<scheme val="minor"/>``).  Which group is a worker's first varies
    from run to run, so every worker writes a throwaway workbook first: then every digested
    workbook is written in the same (later) state.
    """
    import spbe_xl

    folder = Path(tempfile.mkdtemp(dir=_STATE.get("tmp")))
    try:
        spbe_xl.write_template(folder / "warm-up.xlsx", year=2021)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_origin(module: Any, repo: str) -> None:
    origin = Path(module.__file__).resolve()
    if not origin.is_relative_to(Path(repo).resolve()):
        raise SystemExit(f"spbe_xl imported from {origin}, not from {repo}")


def _run(item: tuple[str, Any]) -> tuple[list[dict[str, Any]], Any, float]:
    kind, payload = item
    start = time.perf_counter()
    if kind == "group":
        records, book = digest_group(payload)
    else:
        records, book = cli_task(payload), None
    return records, book, time.perf_counter() - start


def digest(repo: Path, inputs: Path, out: Path, jobs: int, only: str | None) -> None:
    import multiprocessing

    repo = repo.resolve()
    inputs = inputs.resolve()
    sys.path.insert(0, str(repo))
    import spbe_xl

    _check_origin(spbe_xl, str(repo))
    # Loaded once here, before the pool forks: the workers start with them.
    import spbe_xl.readers
    import spbe_xl.rules
    import spbe_xl.writers

    manifest = json.loads((inputs / "manifest.json").read_text(encoding="utf-8"))
    groups = manifest["groups"]
    if only:
        groups = [g for g in groups if re.search(only, g["id"])]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spbe-eqv-") as tmp:
        state = {"repo": str(repo), "inputs": str(inputs), "tmp": tmp}
        _STATE.update(state)
        by_id = {g["id"]: g for g in manifest["groups"]}
        corpus_ids = sorted(g["id"] for g in manifest["groups"] if g["kind"] == "corpus")
        cli_tasks: list[tuple[str, list[str]]] = []
        if not only:
            samples = by_id["sample:pair"]["files"]
            subset = [f for gid in corpus_ids[:40] for f in by_id[gid]["files"]]
            bad = [f for g in manifest["groups"] if g["kind"] == "bad" and not g["id"].startswith("bomb:")
                   for f in g["files"]]  # fmt: skip
            cli_tasks = [
                ("convert:corpus40", subset),
                ("convert:samples", samples),
                ("convert:samples:all-formats", samples),
                ("convert:bad", bad + samples),
                ("samples", samples),
                ("validate:bad", bad),
            ]
        # the long CLI runs first, so that they overlap the groups
        items = [("cli", t) for t in cli_tasks] + [("group", g) for g in groups]
        records: list[dict[str, Any]] = []
        books: dict[str, Any] = {}
        slow: list[tuple[float, str]] = []
        by_kind: Counter[str] = Counter()
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(state,)) as pool:
            for i, (recs, book, seconds) in enumerate(
                pool.imap_unordered(_run, items, chunksize=1)
            ):
                records.extend(recs)
                if book is not None:
                    books[recs[0]["group"]] = book
                if recs:
                    name = recs[0]["group"] if recs[0]["group"] != "cli" else recs[0]["aspect"]
                    slow.append((seconds, name))
                    by_kind[name.split(":", 1)[0]] += seconds
                if (i + 1) % 200 == 0:
                    print(
                        f"  {i + 1}/{len(items)} ({time.perf_counter() - start:.0f} s)",
                        file=sys.stderr,
                    )
        if not only:
            _warm_up()
            records.extend(_global_aspects(books))
    records.sort(key=lambda r: (r["group"], r["aspect"]))
    with open(out, "w", encoding="utf-8") as handle:
        for rec in records:
            handle.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    elapsed = time.perf_counter() - start
    slow.sort(reverse=True)
    print(
        f"{len(records)} records from {len(groups)} groups + {len(cli_tasks)} CLI runs of "
        f"{repo} in {elapsed:.0f} s -> {out}"
    )
    print(
        "worker seconds by group kind: "
        + ", ".join(f"{k} {v:.0f}" for k, v in by_kind.most_common())
    )
    print("slowest: " + ", ".join(f"{name} {s:.1f}s" for s, name in slow[:5]))


def show(repo: Path, inputs: Path, group_id: str, aspect: str | None) -> None:
    """Print the full renderings of one group's aspects (not of ``cli`` or ``global``)."""
    repo, inputs = repo.resolve(), inputs.resolve()
    sys.path.insert(0, str(repo))
    import spbe_xl

    _check_origin(spbe_xl, str(repo))
    manifest = json.loads((inputs / "manifest.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="spbe-eqv-") as tmp:
        _STATE.update({"repo": str(repo), "inputs": str(inputs), "tmp": tmp})
        global _SHOWN
        _SHOWN = {}
        _warm_up()
        if group_id == "global":
            raise SystemExit("show global: run digest and compare the excerpts instead")
        group = next(g for g in manifest["groups"] if g["id"] == group_id)
        digest_group(group)
        for name, text in sorted(_SHOWN.items()):
            if aspect is None or name.startswith(aspect):
                print(f"===== {name}\n{text}")


# =========================================================================== compare


def compare(a_path: Path, b_path: Path, limit: int, partial: bool = False) -> int:
    """Counts per aspect kind and the first differences; 1 on any difference.

    With ``partial``, the groups B has no record of at all (a ``digest --only`` run) are
    left out of the comparison instead of counted as missing.
    """

    def load(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
        with open(path, encoding="utf-8") as handle:
            return {(r["group"], r["aspect"]): r for r in map(json.loads, handle)}

    a, b = load(a_path), load(b_path)
    if partial:
        groups_b = {group for group, _ in b}
        left_out = {key for key in a if key[0] not in groups_b}
        a = {key: r for key, r in a.items() if key not in left_out}
        print(
            f"partial: {len(left_out)} records of {len({k[0] for k in left_out})} groups absent from B left out"
        )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    diffs = []
    for key in sorted(set(a) | set(b)):
        ra, rb = a.get(key), b.get(key)
        kind = (ra or rb)["kind"]  # type: ignore[index]
        if ra is None:
            counts[kind]["only in B"] += 1
            diffs.append((key, None, rb))
        elif rb is None:
            counts[kind]["only in A"] += 1
            diffs.append((key, ra, None))
        elif ra["sha256"] == rb["sha256"]:
            counts[kind]["equal"] += 1
        else:
            counts[kind]["different"] += 1
            diffs.append((key, ra, rb))
    print(f"A = {a_path}\nB = {b_path}")
    print(f"{'kind':<10} {'equal':>7} {'different':>10} {'only in A':>10} {'only in B':>10}")
    for kind in sorted(counts):
        c = counts[kind]
        print(
            f"{kind:<10} {c['equal']:>7} {c['different']:>10} {c['only in A']:>10} {c['only in B']:>10}"
        )
    total = sum(sum(c.values()) for c in counts.values())
    print(f"{'total':<10} {sum(c['equal'] for c in counts.values()):>7} of {total} records")
    if not diffs:
        print("no differences")
        return 0
    groups = Counter(k[0] for k, _, _ in diffs)
    aspects = Counter(re.sub(r":file:.*", ":file:*", k[1]) for k, _, _ in diffs)
    print(f"\n{len(diffs)} differences in {len(groups)} groups; by aspect: "
          + ", ".join(f"{a} {n}" for a, n in aspects.most_common(15)))  # fmt: skip
    for (group, aspect), ra, rb in diffs[:limit]:
        print(f"\n=== {group} / {aspect}")
        if ra is None or rb is None:
            print("  only in " + ("B" if ra is None else "A"))
            continue
        first = next(
            (i for i, (x, y) in enumerate(zip(ra["chunks"], rb["chunks"], strict=False)) if x != y),
            min(len(ra["chunks"]), len(rb["chunks"])),
        )
        print(f"  lines A {ra['lines']}, B {rb['lines']}; first differing block: lines "
              f"{first * CHUNK_LINES + 1}-{(first + 1) * CHUNK_LINES}")  # fmt: skip
        if ra["excerpt"] != rb["excerpt"]:
            import difflib

            for line in difflib.unified_diff(
                ra["excerpt"].split("\n"), rb["excerpt"].split("\n"), "A", "B", lineterm="", n=1
            ):
                print("  " + line)
        else:
            print("  (the excerpts are equal; run `show` on both checkouts and diff them)")
    if len(diffs) > limit:
        print(f"\n... {len(diffs) - limit} more (use --limit)")
    return 1


# =========================================================================== main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="write the fixed input set and its manifest")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--n", type=int, default=616, help="corpus instansi (default 616)")
    p.add_argument("--jobs", type=int, default=2)
    p = sub.add_parser("digest", help="digest a checkout's behaviour on the inputs")
    p.add_argument("--repo", type=Path, required=True)
    p.add_argument("--inputs", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--only", default=None, help="regex of group ids (skips the CLI and global)")
    p = sub.add_parser("compare", help="compare two digests; exit 1 on any difference")
    p.add_argument("a", type=Path)
    p.add_argument("b", type=Path)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--partial", action="store_true", help="leave out the groups B has no record of")
    p = sub.add_parser("show", help="print the full renderings of one group's aspects")
    p.add_argument("--repo", type=Path, required=True)
    p.add_argument("--inputs", type=Path, required=True)
    p.add_argument("--group", required=True)
    p.add_argument("--aspect", default=None, help="prefix of the aspects to print")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare(args.out, args.n, args.jobs)
    elif args.command == "digest":
        digest(args.repo, args.inputs, args.out, args.jobs, args.only)
    elif args.command == "compare":
        return compare(args.a, args.b, args.limit, args.partial)
    elif args.command == "show":
        show(args.repo, args.inputs, args.group, args.aspect)
    return 0


if __name__ == "__main__":
    sys.exit(main())
