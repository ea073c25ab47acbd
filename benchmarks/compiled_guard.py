"""What a compiled extent guard would save: an experiment, not part of the package.

The extent guard of issue 15 (``reading/container.py``) matches one regex per row and cell
tag of every sheet: 2-3 ms of a 18-25 ms cold read of a follow-up workbook, the largest
single cost left in Python (see RESULTS.md).  ``compiled_guard/scan.c`` is the same test
(``_plain_extent_within_bound``: the prefixed-tag search, the tag regex with its two
branches as ``findall`` meets them, the "r =" search in the joined rests, the extent) as a
byte loop in C.  This script::

    .venv/bin/python benchmarks/compiled_guard.py [--corpus DIR] [--repeat K]

builds it with the system's C compiler into a temporary folder (ctypes, no build step in
the package), checks that it answers as the Python test does on every sheet of the samples,
the tests' data and the corpus, the issue-15 forms spliced into them and 20,000 random
mutations, then times cold reads with each (and pandas' reader), interleaved.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))  # tests.reading.test_container: the issue-15 forms


def build(folder: Path) -> ctypes.CDLL:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise SystemExit("no C compiler (cc, gcc) found")
    library = folder / "libscan.so"
    source = HERE / "compiled_guard" / "scan.c"
    subprocess.run(
        [compiler, "-O2", "-shared", "-fPIC", "-o", str(library), str(source)], check=True
    )
    lib = ctypes.CDLL(str(library))
    lib.plain_extent.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_longlong]
    lib.plain_extent.restype = ctypes.c_int
    return lib


def sheets_of(paths: list[str]) -> list[bytes]:
    out = []
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            out += [
                archive.read(name)
                for name in archive.namelist()
                if name.startswith("xl/worksheets/sheet") and name.endswith(".xml")
            ]
    return out


def typical_followup(corpus: Path) -> Path:
    """The follow-up workbook run.py reads: the median size among the first 616 pairs."""
    import json

    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["instansi"]
    pairs = [m for m in manifest[:616] if len(m["files"]) == 2]
    pairs.sort(key=lambda m: (corpus / m["files"][0]).stat().st_size)
    return corpus / pairs[len(pairs) // 2]["files"][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="a generate_corpus.py folder")
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()

    import run  # benchmarks/run.py: the cold-read protocol and pandas' reader

    import spbe_xl
    from spbe_xl.reading import container
    from tests.reading import test_container

    with tempfile.TemporaryDirectory() as tmp:
        lib = build(Path(tmp))

        def compiled(xml: bytes) -> bool:
            return bool(lib.plain_extent(xml, len(xml), container.MAX_CELLS))

        files = sorted(glob.glob(str(ROOT / "samples" / "*.xlsx")))
        files += sorted(glob.glob(str(ROOT / "tests" / "data" / "*.xlsx")))
        if args.corpus:
            files += sorted(glob.glob(str(args.corpus / "*.xlsx")))[:200]
        sheets = sheets_of(files)
        rng = random.Random(7)
        cases = list(sheets)
        for xml in rng.sample(sheets, min(60, len(sheets))):
            for splice in test_container._SPLICES:
                at = xml.find(b"<row", rng.randrange(len(xml)))
                at = at if at >= 0 else len(xml)
                cases.append(xml[:at] + splice + xml[at:])
        pieces = [b"'", b'"', b" ", b"\t", b":", b"<", b">", b"r", b"=", b"9", b"Z", b"/", b""]
        pieces += [b"c", b"row", b"x:", b"99999"]
        heads = [xml[:6000] for xml in sheets]
        for _ in range(20_000):
            mutated = bytearray(rng.choice(heads))
            for _ in range(rng.randrange(1, 4)):
                at = rng.randrange(len(mutated))
                mutated[at : at + rng.randrange(0, 3)] = rng.choice(pieces)
            cases.append(bytes(mutated))
        python = container._plain_extent_within_bound
        differ = [xml for xml in cases if python(xml) != compiled(xml)]
        passed = sum(map(python, cases))
        print(f"{len(cases)} sheets: {passed} pass the common-form test, {len(differ)} differ")
        if differ:
            raise SystemExit(f"the C test differs, first case: {differ[0][:300]!r}")

        reads = [ROOT / "samples" / "bontang-2018-tindak-lanjut.xlsx"]
        if args.corpus:
            reads.insert(0, typical_followup(args.corpus))
        for path in reads:
            spbe_xl.read_workbook(path)
            times: dict[str, list[float]] = {"python": [], "C": [], "pandas": []}
            for _ in range(args.repeat):
                for name in times:
                    if name == "pandas":
                        start = time.perf_counter()
                        run.pandas_baseline(path)
                    else:
                        container._plain_extent_within_bound = (
                            python if name == "python" else compiled
                        )
                        run.clear_content_caches()
                        start = time.perf_counter()
                        spbe_xl.read_workbook(path)
                    times[name].append(time.perf_counter() - start)
            container._plain_extent_within_bound = python
            med = {name: statistics.median(ts) for name, ts in times.items()}
            print(
                f"{path.name}: cold read, median of {args.repeat}: guard in Python "
                f"{med['python'] * 1e3:.1f} ms ({med['pandas'] / med['python']:.2f}× pandas), "
                f"in C {med['C'] * 1e3:.1f} ms ({med['pandas'] / med['C']:.2f}×); "
                f"pandas {med['pandas'] * 1e3:.1f} ms"
            )


if __name__ == "__main__":
    main()
