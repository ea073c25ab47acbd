"""Benchmark spbe-xl against the ways users read and write SPBE workbooks today.

One command::

    .venv/bin/python benchmarks/run.py            # N = 50 and 616 (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # smoke run: N = 50 only, few repeats (~1 min)
    .venv/bin/python benchmarks/run.py --full     # also N = 2000

Options: ``--n`` (largest N, default 616), ``--seed``, ``--corpus DIR`` (reuse a corpus that
``generate_corpus.py`` wrote with the same seed and at least that N), ``--repeat K`` (runs per
figure), ``--write-results`` (put the table into ``benchmarks/RESULTS.md`` between its
markers), ``--json FILE`` (raw timings), ``--only read,write,batch,help`` (measure only
those parts).

It generates the corpus (``generate_corpus.py``) into a temporary folder, then measures, each
figure the median of several runs, every baseline in the same run on the same files:

read one workbook into tidy frames
    ``spbe_xl.read_workbook(path)`` vs ``pandas.read_excel(path, sheet_name=None,
    engine="openpyxl")`` (what users do today; it does not even give tidy frames) vs the floor:
    python-calamine reading every cell value of every sheet, no processing.  The three are
    run round-robin on the same file.
write one official follow-up workbook
    ``spbe_xl.write_followup(book, path, summary=summary)`` (the summary computed beforehand,
    as ``spbe-xl convert`` does) vs the floor: xlsxwriter (``in_memory``, as spbe-xl uses it)
    writing the same cells (every non-empty value of every sheet that spbe-xl wrote, read
    back) with no formatting, no merges, no chart.
batch ``spbe-xl convert``
    the command as users run it (subprocess, default outputs xlsx + csv) over the first N
    instansi of the corpus, ``--jobs 1`` and ``--jobs <cores>``: wall time, the peak resident
    memory of the largest process (``wait4`` rusage) and of the whole process tree (the sum
    over the tree, sampled every 20 ms from /proc).
start-up
    ``spbe-xl --help`` (subprocess), median of 11.

Ratios come first in the table.  Timings on a shared machine are noisy: compare ratios
measured in one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

BIN = Path(sys.executable).parent
SPBE_XL = str(BIN / "spbe-xl")
RESULTS = HERE / "RESULTS.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
PAGE = os.sysconf("SC_PAGE_SIZE")


# --------------------------------------------------------------------------- timing


def round_robin(
    fns: dict[str, Callable[[], Any]],
    repeats: int,
    warmup: int = 1,
    setup: dict[str, Callable[[], Any]] | None = None,
) -> dict[str, list[float]]:
    """Run each function ``repeats`` times, interleaved, after ``warmup`` untimed rounds;
    ``setup[name]`` runs untimed before each run of ``fns[name]``."""
    setup = setup or {}
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            if name in setup:
                setup[name]()
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def clear_content_caches() -> None:
    """Empty spbe-xl's caches of workbook content (texts measured, names compared, header
    texts classified), so that a figure is not flattered by reading or writing the same
    file again and again: a batch shares them across its workbooks, one file does not.
    The framework catalog and the packaged agency aliases (package data, loaded once per
    process) stay loaded."""
    from spbe_xl import readers, text, writers
    from spbe_xl.reading import agencies

    package_data = {id(agencies.packaged_aliases), id(agencies._alias_patterns)}

    # The readers' and writers' caches live in the modules of spbe_xl.reading and
    # spbe_xl.writing (metrics: the texts measured), and the shared text ones.
    parts = [
        m
        for name, m in list(sys.modules.items())
        if name.startswith(("spbe_xl.reading.", "spbe_xl.writing."))
    ]
    for module in (readers, writers, text, *parts):
        for value in list(vars(module).values()):
            if id(value) in package_data:
                continue
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()


def med(values: list[float]) -> float:
    return statistics.median(values)


# --------------------------------------------------------------------------- read


def calamine_floor(path: Path) -> int:
    """Every cell value of every sheet, no processing: the least any reader must do."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python()
        cells += sum(len(row) for row in rows)
    workbook.close()
    return cells


def pandas_baseline(path: Path) -> Any:
    import pandas as pd

    return pd.read_excel(path, sheet_name=None, engine="openpyxl")


def bench_read(path: Path, repeats: int) -> dict[str, Any]:
    import spbe_xl

    times = round_robin(
        {
            "spbe": lambda: spbe_xl.read_workbook(path),
            "spbe_warm": lambda: spbe_xl.read_workbook(path),
            "pandas": lambda: pandas_baseline(path),
            "floor": lambda: calamine_floor(path),
        },
        repeats,
        setup={"spbe": clear_content_caches},
    )
    return {name: med(ts) for name, ts in times.items()} | {"runs": times}


# --------------------------------------------------------------------------- write


def written_cells(path: Path) -> dict[str, list[tuple[int, int, Any]]]:
    """The non-empty cells of every sheet of a written workbook (read back with calamine)."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    out: dict[str, list[tuple[int, int, Any]]] = {}
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out[name] = [
            (r, c, v)
            for r, row in enumerate(rows)
            for c, v in enumerate(row)
            if v not in ("", None)
        ]
    workbook.close()
    return out


def xlsxwriter_floor(cells: dict[str, list[tuple[int, int, Any]]], path: Path) -> None:
    """The same cells, no formatting, no merges, no chart: the least any writer must do."""
    import xlsxwriter

    # in_memory, as spbe-xl's writers use it: the least xlsxwriter can do (with temporary
    # files the floor is 2-3x slower and the ratio would flatter spbe-xl).
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    for name, items in cells.items():
        ws = workbook.add_worksheet(name)
        for r, c, v in items:
            if isinstance(v, str):
                ws.write_string(r, c, v)
            elif isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            else:
                ws.write(r, c, v)
    workbook.close()


class _Recorded:
    """Stands for an xlsxwriter object (workbook, worksheet, format, chart) while spbe-xl
    writes: every method call is logged, with recorded objects among its arguments named by
    their number, so that the calls can be replayed on a fresh workbook without spbe-xl."""

    def __init__(self, log: list[Any], target: Any, number: int) -> None:
        self._log, self._target, self._number = log, target, number

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*_unwrap(args), **_unwrap(kwargs))
            number = None
            if type(result).__module__.startswith("xlsxwriter."):
                number = len(self._log) + 1_000_000
                result = _Recorded(self._log, result, number)
            self._log.append((self._number, name, _encode(args), _encode(kwargs), number))
            return result

        return call


def _unwrap(value: Any) -> Any:
    if isinstance(value, _Recorded):
        return value._target
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_unwrap(v) for v in value)
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, _Recorded):
        return ("__recorded__", value._number)
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_encode(v) for v in value)
    return value


def record_xlsxwriter(write: Callable[[], Any]) -> tuple[tuple[Any, ...], list[Any]]:
    """The Workbook options and every xlsxwriter call that ``write()`` makes."""
    import xlsxwriter

    log: list[Any] = []
    options: list[Any] = []
    real = xlsxwriter.Workbook

    def workbook(filename: Any, opts: Any = None) -> Any:
        options.append(opts)
        return _Recorded(log, real(filename, opts), 0)

    xlsxwriter.Workbook = workbook  # type: ignore[assignment,misc]
    try:
        write()
    finally:
        xlsxwriter.Workbook = real  # type: ignore[misc]
    return tuple(options), log


def _is_ref(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and value[0] == "__recorded__"


def _has_nested_ref(value: Any) -> bool:
    if _is_ref(value):
        return True
    if isinstance(value, dict):
        return any(_has_nested_ref(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nested_ref(v) for v in value)
    return False


def compile_replay(log: list[Any]) -> list[Any]:
    """The log as a plan that replays with (almost) no work of its own: per call, the
    positions of its top-level recorded arguments (formats, mostly), or a flag that the
    arguments must be decoded in full (a recorded object nested in a dict or list)."""
    plan = []
    for number, name, args, kwargs, result in log:
        refs = [(i, a[1]) for i, a in enumerate(args) if _is_ref(a)]
        nested = any(_has_nested_ref(a) for a in args if not _is_ref(a)) or _has_nested_ref(kwargs)
        plan.append((number, name, list(args), kwargs, result, refs, nested))
    return plan


def replay_xlsxwriter(options: tuple[Any, ...], plan: list[Any], path: Path) -> None:
    """The recorded calls on a fresh workbook: xlsxwriter's own time for that workbook."""
    import xlsxwriter

    objects: dict[int, Any] = {0: xlsxwriter.Workbook(str(path), options[0])}

    def decode(value: Any) -> Any:
        if _is_ref(value):
            return objects[value[1]]
        if isinstance(value, dict):
            return {k: decode(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(decode(v) for v in value)
        return value

    for number, name, args, kwargs, result, refs, nested in plan:
        if nested:
            args, kwargs = decode(tuple(args)), decode(kwargs)
        elif refs:
            args = list(args)
            for i, ref in refs:
                args[i] = objects[ref]
        out = getattr(objects[number], name)(*args, **kwargs)
        if result is not None:
            objects[result] = out


def bench_write(paths: list[Path], tmp: Path, repeats: int) -> dict[str, Any]:
    import spbe_xl
    from spbe_xl import rules

    book = spbe_xl.read_workbook(paths)
    summary = rules.summarize(book)
    out_spbe, out_floor = tmp / "spbe.xlsx", tmp / "floor.xlsx"
    spbe_xl.write_followup(book, out_spbe, summary=summary)
    cells = written_cells(out_spbe)
    out_replay = tmp / "replay.xlsx"
    options, log = record_xlsxwriter(
        lambda: spbe_xl.write_followup(book, out_replay, summary=summary)
    )
    plan = compile_replay(log)
    replay_xlsxwriter(options, plan, out_replay)
    if written_cells(out_replay) != cells:
        raise RuntimeError("the replayed xlsxwriter calls do not give spbe-xl's workbook")
    times = round_robin(
        {
            "spbe": lambda: spbe_xl.write_followup(book, out_spbe, summary=summary),
            "spbe_warm": lambda: spbe_xl.write_followup(book, out_spbe, summary=summary),
            "replay": lambda: replay_xlsxwriter(options, plan, out_replay),
            "floor": lambda: xlsxwriter_floor(cells, out_floor),
        },
        repeats,
        setup={"spbe": clear_content_caches},
    )
    return {name: med(ts) for name, ts in times.items()} | {
        "runs": times,
        "calls": len(log),
        "sheets": len(cells),
        "cells": sum(len(v) for v in cells.values()),
        "summary_s": med([_timed(lambda: rules.summarize(book)) for _ in range(min(repeats, 5))]),
    }


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --------------------------------------------------------------------------- batch


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def run_measured(cmd: list[str], interval: float = 0.02) -> dict[str, float]:
    """Wall time, peak RSS of the largest process (rusage) and of the process tree (polled)."""
    peak = 0
    done = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(interval)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {stderr[-2000:]}")
    return {
        "wall": wall,
        "max_process_mib": usage.ru_maxrss / 1024,
        "tree_mib": peak / 2**20,
        "exit": proc.returncode,
    }


def subset(corpus: Path, manifest: list[dict[str, Any]], n: int, where: Path) -> Path:
    """A folder with the files of the first ``n`` instansi (hard links, else copies)."""
    folder = where / f"corpus-{n}"
    if folder.exists():
        return folder
    folder.mkdir(parents=True)
    for entry in manifest[:n]:
        for name in entry["files"]:
            try:
                os.link(corpus / name, folder / name)
            except OSError:
                shutil.copy2(corpus / name, folder / name)
    return folder


def bench_batch(folder: Path, jobs: int, repeats: int, tmp: Path) -> dict[str, Any]:
    runs = []
    for k in range(repeats):
        out = tmp / f"out-{folder.name}-j{jobs}-{k}"
        runs.append(
            run_measured([SPBE_XL, "convert", str(folder), "-o", str(out), "--jobs", str(jobs)])
        )
        failed = (out / "errors.csv").read_text(encoding="utf-8-sig").count("\n") - 1
        runs[-1]["failed"] = failed
        shutil.rmtree(out, ignore_errors=True)
    return {
        "wall": med([r["wall"] for r in runs]),
        "max_process_mib": max(r["max_process_mib"] for r in runs),
        "tree_mib": max(r["tree_mib"] for r in runs),
        "failed": max(r["failed"] for r in runs),
        "runs": runs,
    }


def bench_help(repeats: int) -> dict[str, Any]:
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        subprocess.run([SPBE_XL, "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    times = times[1:]  # the first run warms the page cache
    return {"median": med(times), "runs": times}


# --------------------------------------------------------------------------- report


def fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def report(res: dict[str, Any]) -> str:
    cores = res["cores"]
    lines = [
        f"Machine: {cores} cores ({platform.machine()}, Python {platform.python_version()}), "
        f"{res['date']}; command: `{res['command']}`; corpus seed {res['seed']}"
        + (
            f"; load average {res['load_before']:.2f} before, {res['load_after']:.2f} after "
            "(above 0 means other processes shared the cores)."
            if "load_after" in res
            else "."
        ),
        "",
        "| figure | ratio | goal | met | spbe-xl | baseline | floor |",
        "|---|---|---|---|---|---|---|",
    ]

    def row(
        figure: str, ratio: str, goal: str, met: bool | None, spbe: str, base: str, floor: str
    ) -> None:
        mark = "-" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {figure} | {ratio} | {goal} | {mark} | {spbe} | {base} | {floor} |")

    # spbe-xl's figures: caches of workbook content emptied before each run ("cold", the
    # goal is judged on it), and in brackets with them filled by the run before ("warm").
    for label, r in res["read"].items():
        speedup = r["pandas"] / r["spbe"]
        over = r["spbe"] / r["floor"]
        row(
            f"read {label}: pandas/openpyxl ÷ spbe-xl",
            f"{speedup:.1f}× (warm {r['pandas'] / r['spbe_warm']:.1f}×)",
            "≥ 5×",
            speedup >= 5,
            f"{fmt_s(r['spbe'])} (warm {fmt_s(r['spbe_warm'])})",
            fmt_s(r["pandas"]),
            fmt_s(r["floor"]),
        )
        row(
            f"read {label}: spbe-xl ÷ calamine floor",
            f"{over:.1f}× (warm {r['spbe_warm'] / r['floor']:.1f}×)",
            "≤ 2×",
            over <= 2,
            "",
            "",
            "",
        )
    for label, w in res["write"].items():
        over = w["spbe"] / w["floor"]
        row(
            f"write {label} ({w['sheets']} sheets, {w['cells']} cells): spbe-xl ÷ xlsxwriter floor",
            f"{over:.1f}× (warm {w['spbe_warm'] / w['floor']:.1f}×)",
            "≤ 2×",
            over <= 2,
            f"{fmt_s(w['spbe'])} (warm {fmt_s(w['spbe_warm'])})",
            "",
            fmt_s(w["floor"]),
        )
        if "replay" in w:
            row(
                f"write {label}: xlsxwriter alone replaying spbe-xl's {w['calls']} calls ÷ floor",
                f"{w['replay'] / w['floor']:.1f}×",
                "-",
                None,
                fmt_s(w["replay"]),
                "",
                fmt_s(w["floor"]),
            )
    batch = res["batch"]
    ns = sorted({int(k.split("/")[0]) for k in batch})
    for n in ns:
        one, many = batch.get(f"{n}/1"), batch.get(f"{n}/{cores}")
        if one and many and cores > 1:
            speedup = one["wall"] / many["wall"]
            row(
                f"convert N={n}: --jobs 1 ÷ --jobs {cores}",
                f"{speedup:.2f}×",
                f"≈ {cores}× (≥ {0.8 * cores:.1f}×)",
                speedup >= 0.8 * cores,
                fmt_s(many["wall"]),
                fmt_s(one["wall"]),
                "",
            )
    if len(ns) > 1:
        lo, hi = ns[0], ns[-1]
        for jobs in sorted({int(k.split("/")[1]) for k in batch}):
            a, b = batch.get(f"{lo}/{jobs}"), batch.get(f"{hi}/{jobs}")
            if not (a and b):
                continue
            per_a, per_b = a["wall"] / lo, b["wall"] / hi
            row(
                f"convert --jobs {jobs}: time per instansi N={hi} ÷ N={lo}",
                f"{per_b / per_a:.2f}",
                "≈ 1 (linear)",
                per_b / per_a <= 1.15,
                f"{per_b * 1000:.0f} ms/instansi",
                f"{per_a * 1000:.0f} ms/instansi",
                "",
            )
            row(
                f"convert --jobs {jobs}: peak tree memory N={hi} ÷ N={lo}",
                f"{b['tree_mib'] / a['tree_mib']:.2f}",
                "≈ 1 (independent of N)",
                b["tree_mib"] / a["tree_mib"] <= 1.15,
                f"{b['tree_mib']:.0f} MiB",
                f"{a['tree_mib']:.0f} MiB",
                "",
            )
    if "help" in res:
        h = res["help"]["median"]
        row("`spbe-xl --help` start-up", fmt_s(h), "< 0.3 s", h < 0.3, fmt_s(h), "", "")
    lines += [
        "",
        "Batch `spbe-xl convert` (default outputs xlsx + csv), each row the median wall time of its runs:",
        "",
    ]
    lines += [
        "| N | jobs | wall | per instansi | instansi/s | peak RSS, largest process | peak RSS, process tree | failed | runs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(batch, key=lambda k: tuple(int(x) for x in k.split("/"))):
        n, jobs = (int(x) for x in key.split("/"))
        b = batch[key]
        lines.append(
            f"| {n} | {jobs} | {fmt_s(b['wall'])} | {b['wall'] / n * 1000:.0f} ms | {n / b['wall']:.1f} | "
            f"{b['max_process_mib']:.0f} MiB | {b['tree_mib']:.0f} MiB | {b['failed']} | {len(b['runs'])} |"
        )
    lines += [
        "",
        "Read and write figures: medians of "
        + ", ".join(f"{k} {v}" for k, v in res["repeats"].items())
        + " runs.",
    ]
    return "\n".join(lines)


def write_results(text: str) -> None:
    content = (
        RESULTS.read_text(encoding="utf-8")
        if RESULTS.exists()
        else f"# Benchmark results\n\n{START}\n{END}\n"
    )
    if START not in content or END not in content:
        content += f"\n{START}\n{END}\n"
    head, rest = content.split(START, 1)
    _, tail = rest.split(END, 1)
    RESULTS.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=616, help="largest batch size (default 616)")
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 50 only, few repeats")
    parser.add_argument("--full", action="store_true", help="also N = 2000")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--corpus", type=Path, default=None, help="reuse a generated corpus")
    parser.add_argument("--repeat", type=int, default=None, help="runs per read/write figure")
    parser.add_argument("--batch-repeat", type=int, default=None, help="runs per batch figure")
    parser.add_argument(
        "--jobs", type=int, default=None, help="the parallel batch's --jobs (default: cores)"
    )
    parser.add_argument(
        "--only",
        default="read,write,batch,help",
        help="comma-separated parts to measure (read, write, batch, help; default all)",
    )
    parser.add_argument("--write-results", action="store_true", help="update benchmarks/RESULTS.md")
    parser.add_argument("--json", type=Path, default=None, help="write raw timings here")
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="print the table of a --json file, measure nothing",
    )
    args = parser.parse_args(argv)
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    if not parts <= {"read", "write", "batch", "help"}:
        parser.error(f"--only: unknown part(s) {', '.join(sorted(parts))}")
    if args.report:
        text = report(json.loads(args.report.read_text(encoding="utf-8")))
        print(text)
        if args.write_results:
            write_results(text)
        return 0

    cores = args.jobs or os.cpu_count() or 1
    sizes = [50] if args.quick else sorted({50, args.n} | ({2000} if args.full else set()))
    largest = max(sizes)
    repeats = args.repeat or (5 if args.quick else 21)
    batch_repeats = args.batch_repeat or (1 if args.quick else 3)
    res: dict[str, Any] = {
        "cores": cores,
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "command": " ".join(["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "seed": args.seed,
        "load_before": os.getloadavg()[0],
        "repeats": {"read": repeats, "write": repeats, "batch": batch_repeats, "--help": 11},
        "read": {},
        "write": {},
        "batch": {},
    }

    tmp = Path(tempfile.mkdtemp(prefix="spbe-bench-"))
    try:
        corpus = args.corpus
        manifest_file = corpus / "manifest.json" if corpus else None
        if corpus and manifest_file and manifest_file.exists():
            data = json.loads(manifest_file.read_text(encoding="utf-8"))
            if data["seed"] != args.seed or data["n"] < largest:
                raise SystemExit(f"{corpus} holds seed {data['seed']}, n {data['n']}: regenerate")
            manifest = data["instansi"]
            print(f"corpus: {corpus} (reused)", file=sys.stderr)
        else:
            corpus = corpus or tmp / "corpus"
            start = time.perf_counter()
            manifest = generate_corpus.generate(corpus, largest, args.seed)
            print(
                f"corpus: {largest} instansi into {corpus} in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )

        # The typical instansi: median follow-up size among those that sent both workbooks.
        pairs = [m for m in manifest[: max(50, min(largest, 616))] if len(m["files"]) == 2]
        pairs.sort(key=lambda m: (corpus / m["files"][0]).stat().st_size)
        typical = pairs[len(pairs) // 2]
        followup, self_assessment = (corpus / f for f in typical["files"])
        sample = ROOT / "samples" / "bontang-2018-tindak-lanjut.xlsx"
        sample_pair = [ROOT / "samples" / "bontang-2018-penilaian-mandiri.xlsx", sample]

        def kb(p: Path) -> str:
            return f"{p.stat().st_size // 1024} KB"

        read_files = {
            f"corpus follow-up ({kb(followup)})": followup,
            f"corpus self-assessment ({kb(self_assessment)})": self_assessment,
            f"Bontang sample follow-up ({kb(sample)})": sample,
        }
        for label, path in read_files.items() if "read" in parts else ():
            print(f"read: {label}", file=sys.stderr)
            res["read"][label] = bench_read(path, repeats)
        for label, paths in (
            {
                "corpus follow-up + self-assessment": [self_assessment, followup],
                "Bontang sample pair": sample_pair,
            }.items()
            if "write" in parts
            else ()
        ):
            print(f"write: {label}", file=sys.stderr)
            res["write"][label] = bench_write(paths, tmp, repeats)

        for n in sizes if "batch" in parts else ():
            folder = subset(corpus, manifest, n, tmp)
            for jobs in sorted({1, cores}):
                reps = 1 if n >= 2000 else batch_repeats
                print(f"convert: N={n} --jobs {jobs} x{reps}", file=sys.stderr)
                res["batch"][f"{n}/{jobs}"] = bench_batch(folder, jobs, reps, tmp)
        if "help" in parts:
            print("start-up: spbe-xl --help", file=sys.stderr)
            res["help"] = bench_help(11)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    res["load_after"] = os.getloadavg()[0]
    text = report(res)
    print(text)
    if args.write_results:
        write_results(text)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
