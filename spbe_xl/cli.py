"""The ``spbe-xl`` command: batch conversion, scores, rollups, validation, template, recap.

Only click is imported at start-up; pandas and the readers/writers load inside the
commands, so ``spbe-xl --help`` answers at once.
"""

from __future__ import annotations

import glob
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from spbe_xl import __version__

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FORMATS = ("xlsx", "csv", "parquet", "json")
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


# --------------------------------------------------------------------------- inputs


def expand_inputs(inputs: Sequence[str]) -> list[Path]:
    """Files, folders (recursed) and glob patterns -> workbook paths, sorted, no duplicates.

    Lock files that Excel leaves beside open workbooks (``~$name.xlsx``) and hidden files
    are skipped.  Raises click.BadParameter for an input that matches nothing.
    """
    found: dict[str, Path] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file())
        elif path.exists():
            candidates = [path]
        else:
            candidates = sorted(Path(p) for p in glob.glob(item, recursive=True))
            if not candidates:
                raise click.BadParameter(
                    f"{item!r}: no such file, folder or pattern", param_hint="INPUT"
                )
        for candidate in candidates:
            if candidate.name.startswith(("~$", ".")):
                continue
            if path.is_dir() and candidate.suffix.lower() not in WORKBOOK_SUFFIXES:
                continue
            found.setdefault(str(candidate.resolve()), candidate)
    return sorted(found.values(), key=lambda p: str(p))


@dataclass
class Group:
    """The workbooks of one instansi (and one evaluation year)."""

    key: str
    instansi: str | None
    year: int | None
    paths: list[Path] = field(default_factory=list)


# What peek_title found in one file: (instansi, year), or the ReadError's message.
Title = tuple[str | None, int | None] | str


def peek(path: Path) -> Title:
    """``readers.peek_title(path)``, with a ReadError returned as its message (a plain
    string crosses a process boundary where an exception with extra fields may not)."""
    from spbe_xl.readers import ReadError, peek_title

    try:
        return peek_title(path)
    except ReadError as exc:
        return str(exc)


def group_inputs(
    paths: Sequence[Path], titles: Sequence[Title] | None = None
) -> tuple[list[Group], list[tuple[Path, str]]]:
    """Group workbooks by the instansi named in their title rows.

    A file whose title names no year (a self-assessment workbook, say) joins its
    instansi's group when that instansi has exactly one year among the inputs.  Files
    whose instansi cannot be told stay alone.  Returns the groups and the files that
    could not be opened at all, with the reason.  ``titles`` (``peek`` of each path, in
    order) may be given when they were read elsewhere, e.g. in parallel.
    """
    if titles is None:
        titles = [peek(path) for path in paths]
    by_instansi: dict[str, list[tuple[Path, str, int | None]]] = {}
    failed: list[tuple[Path, str]] = []
    groups: list[Group] = []
    for path, title in zip(paths, titles, strict=True):
        if isinstance(title, str):
            failed.append((path, title))
            continue
        instansi, year = title
        if instansi is None:
            groups.append(Group(f"file:{path}", None, year, [path]))
        else:
            by_instansi.setdefault(_fold_key(instansi), []).append((path, instansi, year))
    for key, members in by_instansi.items():
        name = members[0][1]
        years = sorted({year for _, _, year in members if year is not None})
        for year in years:
            paths_of_year = [
                p for p, _, y in members if y == year or (y is None and len(years) == 1)
            ]
            groups.append(Group(f"{key}|{year}", name, year, paths_of_year))
        undated = [p for p, _, y in members if y is None]
        if not years:
            groups.append(Group(f"{key}|", name, None, undated))
        elif len(years) > 1:
            groups.extend(Group(f"file:{p}", name, None, [p]) for p in undated)
    return groups, failed


def _fold_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_slug(text: str, *, fallback: str = "instansi", max_length: int = 80) -> str:
    """A file-name part that is safe on every system: ascii letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if not slug or slug in _WINDOWS_RESERVED:
        slug = f"{fallback}-{slug}" if slug else fallback
    return slug


def output_names(groups: Sequence[Group]) -> dict[str, str]:
    """One unique, safe folder name per group: ``pemerintah-kota-bontang-2018``."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for group in sorted(groups, key=lambda g: g.key):
        if group.instansi:
            base = safe_slug(f"{group.instansi} {group.year or ''}")
        else:
            base = safe_slug(group.paths[0].stem, fallback="workbook")
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names[group.key] = name
    return names


# --------------------------------------------------------------------------- outputs


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(frame: Any) -> Any:
    """Cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP).

    Returns the frame itself when no cell needs it (the common case: a scan of the raw
    values is much cheaper than mapping every text column through pandas)."""
    out = frame
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not str(values.dtype).startswith("str"):
            continue
        raw = values.to_numpy(dtype=object, na_value=None)
        if not any(isinstance(v, str) and v.startswith(_FORMULA_STARTS) for v in raw):
            continue
        if out is frame:
            out = frame.copy()
        out[column] = values.map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v
        )
    return out


def _write_frames(book: Any, folder: Path, formats: Iterable[str]) -> list[Path]:
    import json

    from spbe_xl.files import atomic_output

    written = []
    frames = {
        "indicators": book.indicators,
        "evidence": book.evidence,
        "actions": book.actions,
        "findings": book.findings,
    }
    for fmt in formats:
        if fmt == "csv":
            for name, frame in frames.items():
                target = folder / f"{name}.csv"
                with atomic_output(target) as tmp:
                    csv_safe(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
                written.append(target)
        elif fmt == "parquet":
            for name, frame in frames.items():
                target = folder / f"{name}.parquet"
                with atomic_output(target) as tmp:
                    frame.to_parquet(tmp, index=False)
                written.append(target)
        elif fmt == "json":
            target = folder / "book.json"
            payload = {
                "meta": _meta_dict(book.meta),
                **{
                    name: json.loads(frame.to_json(orient="records", force_ascii=False))
                    for name, frame in frames.items()
                },
            }
            with atomic_output(target) as tmp:
                Path(tmp).write_text(
                    json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8"
                )
            written.append(target)
    return written


def _meta_dict(meta: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(meta)


@dataclass
class Outcome:
    files: str
    instansi: str | None = None
    year: int | None = None
    index: float | None = None
    predicate: str | None = None
    findings: int = 0
    errors: int = 0
    status: str = "ok"
    message: str = ""
    output: str | None = None


_FRAME_NAMES = ("indicators", "evidence", "actions", "findings")


def expected_outputs(folder: Path, formats: Sequence[str]) -> list[Path]:
    """Every file ``convert`` writes for one instansi with these formats.

    An instansi is skipped on a re-run only when all of them exist, so a run that was
    killed half-way through an instansi is finished, not skipped.
    """
    out: list[Path] = []
    for fmt in formats:
        if fmt == "xlsx":
            out.append(folder / "tindak-lanjut.xlsx")
        elif fmt in ("csv", "parquet"):
            out.extend(folder / f"{name}.{fmt}" for name in _FRAME_NAMES)
        elif fmt == "json":
            out.append(folder / "book.json")
    return out


def convert_group(
    paths: Sequence[str],
    folder: str,
    formats: Sequence[str],
    overwrite: bool,
    paper: str,
    framework: str | None,
) -> Outcome:
    """Read, score and write one instansi; never raises (the batch goes on)."""
    files = ", ".join(Path(p).name for p in paths)
    out_dir = Path(folder)
    from spbe_xl.files import remove_stale_temporaries

    remove_stale_temporaries(out_dir)  # left by a run that was killed
    expected = expected_outputs(out_dir, formats)
    if not overwrite and all(p.exists() for p in expected):
        return Outcome(
            files,
            status="skipped",
            message=f"{out_dir} exists (use --overwrite)",
            output=str(out_dir),
        )
    try:
        from spbe_xl import rules
        from spbe_xl.readers import read_workbook
        from spbe_xl.writers import write_followup

        book = read_workbook(paths, framework=framework)
        summary = rules.summarize(book)
        out_dir.mkdir(parents=True, exist_ok=True)
        if "xlsx" in formats:
            write_followup(book, out_dir / "tindak-lanjut.xlsx", summary=summary, paper=paper)
        _write_frames(book, out_dir, [f for f in formats if f != "xlsx"])
        scores = summary.scores
        return Outcome(
            files,
            instansi=book.meta.instansi,
            year=book.meta.year,
            index=rules.round_half_up(scores.total),
            predicate=scores.predicate,
            findings=len(book.findings),
            errors=int((book.findings["severity"] == "error").sum()),
            status="ok",
            output=str(out_dir),
        )
    except Exception as exc:  # one bad file never stops a batch
        return Outcome(files, status="failed", message=_describe(exc))


def _describe(exc: BaseException) -> str:
    from spbe_xl.book import ReadError

    if isinstance(exc, ReadError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------- commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="spbe-xl")
def main() -> None:
    """Read, score and write the Excel workbooks of the SPBE evaluation
    (Evaluasi Sistem Pemerintahan Berbasis Elektronik).

    \b
    Start with:
      spbe-xl convert samples/ -o out/     regenerate follow-up workbooks + tidy CSV
      spbe-xl score samples/               the Indeks SPBE and its predicate
      spbe-xl validate kiriman/            check received workbooks, list problems
      spbe-xl template baru.xlsx --instansi "Pemerintah Kota Contoh" --year 2026
    """


def _parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}"
        )
    if "parquet" in formats:
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise click.BadParameter(
                "parquet needs pyarrow: pip install 'spbe-xl[parquet]'"
            ) from exc
    return formats


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs (created if missing).",
)
@click.option(
    "--to",
    "formats",
    default="xlsx,csv",
    show_default=True,
    help="Outputs per instansi: xlsx (follow-up workbook), csv, parquet, json.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel processes [default: the cores this process may use].",
)
@click.option(
    "--overwrite/--skip-existing",
    default=False,
    show_default=True,
    help="Replace outputs that already exist, or skip those instansi.",
)
@click.option(
    "--paper",
    type=click.Choice(["folio", "a4"]),
    default="folio",
    show_default=True,
    help="Paper size of the written workbooks (Folio/F4 or A4).",
)
@click.option(
    "--framework",
    type=click.Choice(["spbe2018", "spbe2020"]),
    default=None,
    help="Framework of the workbooks [default: from the indicators found].",
)
def convert(
    inputs: tuple[str, ...],
    outdir: Path,
    formats: str,
    jobs: int | None,
    overwrite: bool,
    paper: str,
    framework: str | None,
) -> None:
    """Convert received workbooks: for each instansi the official follow-up workbook and
    the tidy tables.

    INPUT may be files, folders (searched recursively) or glob patterns. Workbooks of one
    instansi (self-assessment and follow-up) are read together. A file that cannot be read
    is listed in OUTDIR/errors.csv and the batch goes on; the exit status is then 1.
    """
    format_list = _parse_formats(formats)
    paths = expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no workbook (.xlsx, .xlsm, .xls, .ods) found in the inputs")
    jobs = min(jobs or available_cores(), len(paths))
    _convert_batch(paths, outdir, format_list, overwrite, paper, framework, jobs)


def available_cores(cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The cores this process may run on: its CPU affinity, capped by a cgroup v2 CPU quota
    (a container limited to 2 CPUs on a 64-core host gets 2, not 64 workers of ~160 MiB)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota here
    return max(1, cores)


def _convert_batch(
    paths: list[Path],
    outdir: Path,
    format_list: list[str],
    overwrite: bool,
    paper: str,
    framework: str | None,
    jobs: int,
) -> None:
    """``convert`` after its options are checked: read the titles, group, convert each
    instansi (in ``jobs`` worker processes, or in this process when ``jobs`` is 1)."""
    if jobs > 1:
        # Loaded once here, before the pools fork their workers: each worker then starts
        # with them instead of importing pandas and spbe-xl itself, once per pool.
        import spbe_xl.readers
        import spbe_xl.rules
        import spbe_xl.writers  # noqa: F401
    titles: list[Title] = [""] * len(paths)
    interactive = sys.stderr.isatty()
    # Reading the titles is a pass over every file: in the pool too, or it would be the
    # batch's serial part (3.6 s of 141 s for 616 instansi on one core).  A file that
    # cannot be read is reported with the conversions, so the bar is all this pass shows.
    with _progress(len(paths), interactive, "reading titles") as advance_titles:

        def title_read(i: int, title: Title | WorkerDied) -> None:
            titles[i] = f"{paths[i].name}: {title}" if isinstance(title, WorkerDied) else title
            advance_titles(None)

        run_tasks(peek, [(path,) for path in paths], jobs, title_read)
    groups, unreadable = group_inputs(paths, titles)
    names = output_names(groups)
    outdir.mkdir(parents=True, exist_ok=True)
    from spbe_xl.files import remove_stale_temporaries

    remove_stale_temporaries(outdir)
    tasks = [
        (
            [str(p) for p in g.paths],
            str(outdir / names[g.key]),
            format_list,
            overwrite,
            paper,
            framework,
        )
        for g in groups
    ]
    outcomes: list[Outcome] = [
        Outcome(p.name, status="failed", message=msg) for p, msg in unreadable
    ]
    with _progress(len(tasks), interactive) as advance:

        def converted(i: int, outcome: Outcome | WorkerDied) -> None:
            if isinstance(outcome, WorkerDied):
                files = ", ".join(Path(p).name for p in tasks[i][0])
                outcome = Outcome(files, status="failed", message=str(outcome))
            outcomes.append(outcome)
            advance(outcome)

        run_tasks(convert_group, tasks, jobs if len(tasks) > 1 else 1, converted)
    outcomes.sort(key=lambda o: o.files)
    _write_reports(outdir, outcomes)
    _print_table(outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        click.echo(
            f"{len(failed)} of {len(outcomes)} failed; see {outdir / 'errors.csv'}", err=True
        )
        sys.exit(EXIT_SOME_FAILED)


class WorkerDied(Exception):
    """A worker process died (killed by the system, or crashed in compiled code) twice
    while running one task: the task's input is the likely cause."""


def run_tasks(
    fn: Callable[..., Any],
    tasks: Sequence[tuple[Any, ...]],
    jobs: int,
    done: Callable[[int, Any], None],
) -> None:
    """Call ``done(i, fn(*tasks[i]))`` for every task, as each finishes.

    With ``jobs`` > 1 the calls run in worker processes.  When a worker dies, every task
    it had not finished fails with it, so the first of them runs again alone: if its
    worker dies again, ``done(i, WorkerDied(...))`` reports it, and the others run on in
    a new pool (each round finishes or isolates at least one task, so this ends).
    ``fn`` must not raise: its failures are results.
    """
    if jobs <= 1:
        for i, task in enumerate(tasks):
            done(i, fn(*task))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending = list(range(len(tasks)))
    while pending:
        broken: list[int] = []
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending))) as pool:
            futures = {pool.submit(fn, *tasks[i]): i for i in pending}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
                    continue
                done(futures[future], result)
        if not broken:
            return
        broken.sort()
        first, pending = broken[0], broken[1:]
        with ProcessPoolExecutor(max_workers=1) as alone:
            try:
                result = alone.submit(fn, *tasks[first]).result()
            except BrokenProcessPool:
                result = WorkerDied(
                    "the worker process died while working on this input, twice (a file that "
                    "crashes the reader, or the system ran out of memory); "
                    "please report the file"
                )
        done(first, result)


class _progress:
    """A progress bar on a terminal, one plain line per instansi not converted when piped."""

    def __init__(self, total: int, interactive: bool, label: str = "converting") -> None:
        self.total, self.interactive, self.label, self.bar = total, interactive, label, None

    def __enter__(self):
        if self.interactive and self.total > 1:
            self.bar = click.progressbar(length=self.total, label=self.label, file=sys.stderr)
            self.bar.__enter__()

        def advance(outcome: Outcome | None) -> None:
            if self.bar is not None:
                self.bar.update(1)
            elif outcome is not None and outcome.status != "ok":
                click.echo(f"{outcome.status}: {outcome.files}: {outcome.message}", err=True)

        return advance

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _write_reports(outdir: Path, outcomes: Sequence[Outcome]) -> None:
    import csv

    from spbe_xl.files import atomic_output

    columns = [
        "files",
        "instansi",
        "year",
        "index",
        "predicate",
        "findings",
        "errors",
        "status",
        "message",
        "output",
    ]
    with (
        atomic_output(outdir / "summary.csv") as tmp,
        open(tmp, "w", newline="", encoding="utf-8-sig") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(columns)
        for o in outcomes:
            writer.writerow([_csv_cell(getattr(o, c)) for c in columns])
    with (
        atomic_output(outdir / "errors.csv") as tmp,
        open(tmp, "w", newline="", encoding="utf-8-sig") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(["file", "error"])
        for o in outcomes:
            if o.status == "failed":
                writer.writerow([_csv_cell(o.files), _csv_cell(o.message)])


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _print_table(outcomes: Sequence[Outcome]) -> None:
    header = ("file", "instansi", "year", "index", "predicate", "findings", "status")
    rows = [
        (
            _clip(o.files, 48),
            _clip(o.instansi or "-", 32),
            str(o.year or "-"),
            f"{o.index:.2f}" if o.index is not None else "-",
            o.predicate or "-",
            str(o.findings),
            o.status,
        )
        for o in outcomes
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for line in (header, *rows):
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _read_one_book(inputs: Sequence[str], framework: str | None = None) -> Any:
    from spbe_xl.book import ReadError
    from spbe_xl.readers import read_workbook

    paths = expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no workbook found in the inputs")
    groups, unreadable = group_inputs(paths)
    if unreadable:
        raise click.ClickException(unreadable[0][1])
    if len(groups) > 1:
        listing = "; ".join(
            f"{g.instansi or '?'} {g.year or ''}: {', '.join(p.name for p in g.paths)}"
            for g in groups
        )
        raise click.UsageError(
            f"the inputs hold more than one instansi or year ({listing}); give one"
        )
    try:
        return read_workbook(groups[0].paths, framework=framework)
    except ReadError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--level",
    type=click.Choice(["official", "self", "evaluator", "maturity"]),
    default="official",
    show_default=True,
    help="Which levels to score: official = the follow-up's maturity level, else the evaluator's.",
)
@click.option(
    "--instances",
    type=click.Choice(["items", "mean", "max", "min"]),
    default="items",
    show_default=True,
    help="How instances such as 35-1, 35-2 fold into their aspect.",
)
@click.option(
    "--skip-missing",
    is_flag=True,
    help="Score the indicators that have a level and list the others (default: fail).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for other programs.")
def score(
    inputs: tuple[str, ...], level: str, instances: str, skip_missing: bool, as_json: bool
) -> None:
    """The Indeks SPBE of one instansi: total, predicate, domain and aspect indices."""
    from spbe_xl import rules

    book = _read_one_book(inputs)
    try:
        result = rules.index_scores(
            book.indicators,
            level=level,
            instances=instances,
            missing="skip" if skip_missing else "error",
            framework=book.meta.framework,
        )
    except rules.MissingLevelError as exc:
        raise click.ClickException(f"{exc}\n(use --skip-missing to score the rest)") from exc
    if as_json:
        import json

        payload = {
            "instansi": book.meta.instansi,
            "year": book.meta.year,
            "framework": result.framework,
            "level": result.level,
            "instances": result.instances,
            "index": result.total,
            "predicate": result.predicate,
            "skipped": list(result.skipped),
            "domains": json.loads(result.by_domain.to_json(orient="records", force_ascii=False)),
            "aspects": json.loads(result.by_aspect.to_json(orient="records", force_ascii=False)),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(f"{book.meta.instansi or 'instansi ?'} {book.meta.year or ''}".strip())
    click.echo(
        f"Indeks SPBE  {rules.round_half_up(result.total):.2f}  ({result.predicate})   levels: {level}, instances: {instances}"
    )
    if result.skipped:
        click.echo(f"not scored (no level): {', '.join(result.skipped)}")
    click.echo("")
    for _, d in result.by_domain.iterrows():
        click.echo(
            f"Domain {d.domain_no}  {d.domain:<45} bobot {d.weight:>5.1f}%  indeks {rules.round_half_up(d['index']):.2f}"
        )
        for _, a in result.by_aspect[result.by_aspect.domain_no == d.domain_no].iterrows():
            click.echo(
                f"  Aspek {a.aspect_no}  {a.aspect:<43} bobot {a.weight:>5.1f}%  indeks {rules.round_half_up(a['index']):.2f}"
            )


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the table to a .xlsx or .csv file instead of printing it.",
)
@click.option(
    "--target",
    type=click.IntRange(0, 5),
    default=5,
    show_default=True,
    help="Target level for the points still to win.",
)
def rollup(inputs: tuple[str, ...], output: Path | None, target: int) -> None:
    """Per responsible agency (perangkat daerah): indicators, points held and to win."""
    from spbe_xl import rules

    book = _read_one_book(inputs)
    table = rules.agency_rollup(book, target=target)
    if output is None:
        import pandas as pd

        with pd.option_context(
            "display.max_columns", None, "display.width", 200, "display.max_colwidth", 40
        ):
            click.echo(table.to_string(index=False))
        return
    from spbe_xl.files import atomic_output

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise click.BadParameter("the output must end in .xlsx or .csv", param_hint="-o")
    with atomic_output(output) as tmp:
        if suffix == ".csv":
            csv_safe(table).to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            from spbe_xl.writers import write_table

            write_table(
                table,
                tmp,
                sheet_name="PENANGGUNG JAWAB",
                title="Rekap per perangkat daerah penanggung jawab",
            )
    click.echo(f"wrote {output}")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors too.")
def validate(inputs: tuple[str, ...], strict: bool) -> None:
    """Read workbooks without writing anything and list every problem found.

    Exits 1 when a workbook cannot be read or has an error-level finding.
    """
    from spbe_xl.readers import ReadError, read_workbook

    paths = expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no workbook found in the inputs")
    groups, unreadable = group_inputs(paths)
    bad = False
    for path, message in unreadable:
        click.echo(f"error  {path}: {message}")
        bad = True
    for group in groups:
        label = ", ".join(str(p) for p in group.paths)
        try:
            book = read_workbook(group.paths)
        except ReadError as exc:
            click.echo(f"error  {exc}")
            bad = True
            continue
        findings = book.findings
        n_err = int((findings.severity == "error").sum())
        click.echo(
            f"{label}: {book.meta.instansi or '?'} {book.meta.year or ''}, {len(book.indicators)} indicators, {n_err} errors, {len(findings) - n_err} warnings"
        )
        for _, f in findings.iterrows():
            click.echo(
                f"  {f.severity:<7} {f.code:<24} {f.file}!{f.source.split('!', 1)[-1] if isinstance(f.source, str) else ''}  {f.message}"
            )
        if n_err or (strict and len(findings)):
            bad = True
    if bad:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--framework",
    type=click.Choice(["spbe2018", "spbe2020"]),
    default="spbe2018",
    show_default=True,
)
@click.option("--instansi", default=None, help='e.g. "Pemerintah Kota Bontang".')
@click.option(
    "--year", type=click.IntRange(2000, 2100), default=None, help="Evaluation year for the title."
)
@click.option(
    "--agency",
    "agencies",
    multiple=True,
    help="A responsible agency for the dropdown (repeat the option).",
)
@click.option("--paper", type=click.Choice(["folio", "a4"]), default="folio", show_default=True)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
def template(
    output: Path,
    framework: str,
    instansi: str | None,
    year: int | None,
    agencies: tuple[str, ...],
    paper: str,
    overwrite: bool,
) -> None:
    """Write the blank official workbook for a new evaluation round."""
    from spbe_xl.writers import write_template

    if output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; use --overwrite to replace it")
    write_template(
        output,
        framework=framework,
        instansi=instansi,
        year=year,
        agencies=list(agencies) or None,
        paper=paper,
    )
    click.echo(f"wrote {output}")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The recap workbook (.xlsx).",
)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
def recap(inputs: tuple[str, ...], output: Path, overwrite: bool) -> None:
    """Many instansi (or years) side by side: index, predicate and rank, domain and
    aspect means, predicates, the weakest indicators; with a chart."""
    from spbe_xl import rules
    from spbe_xl.readers import ReadError, read_workbook
    from spbe_xl.writers import write_recap

    if output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; use --overwrite to replace it")
    groups, unreadable = group_inputs(expand_inputs(inputs))
    books = []
    failures = [f"{p}: {m}" for p, m in unreadable]
    for group in groups:
        try:
            books.append(read_workbook(group.paths))
        except ReadError as exc:
            failures.append(str(exc))
    if not books:
        raise click.ClickException("no workbook could be read:\n" + "\n".join(failures))
    recap_data = rules.recap(books)
    write_recap(recap_data, output)
    click.echo(f"wrote {output} ({len(books)} instansi)")
    for failure in failures:
        click.echo(f"failed: {failure}", err=True)
    if failures:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for other programs.")
def frameworks(as_json: bool) -> None:
    """The frameworks spbe-xl knows: domains, weights, predicates and their sources."""
    from spbe_xl import framework as fw

    if as_json:
        import json

        out = {}
        for fid in fw.available():
            f = fw.load(fid)
            out[fid] = {
                "title": f.title,
                "levels": [f.level_min, f.level_max],
                "domains": json.loads(f.domains.to_json(orient="records", force_ascii=False)),
                "aspects": json.loads(f.aspects.to_json(orient="records", force_ascii=False)),
                "predicates": json.loads(f.predicates.to_json(orient="records", force_ascii=False)),
            }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for i, fid in enumerate(fw.available()):
        if i:
            click.echo("")
        click.echo(fw.load(fid).describe())


if __name__ == "__main__":  # pragma: no cover
    main()
