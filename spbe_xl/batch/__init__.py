"""Batch conversion, usable from Python: inputs -> instansi -> outputs, in worker processes.

    >>> from spbe_xl import batch
    >>> result = batch.convert("kiriman/", "out/", formats=["xlsx", "csv"])
    >>> result.exit_status, [(o.files, o.message) for o in result.failures]

The pipeline of :func:`convert`: expand the inputs into workbook paths (``inputs``), read
each title in the worker pool (``pool``), group the workbooks by instansi and year
(``grouping``), convert each group in the pool (``outputs``: read, score, write the
follow-up workbook and the tidy tables), then write summary.csv and errors.csv
(``reports``).  One bad file never stops a batch; a file that kills its worker process is
retried alone and then reported.  ``spbe-xl convert`` is this function behind click.

Only the standard library is imported here: pandas and the readers/writers load on
first use, so ``spbe-xl --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spbe_xl.batch.grouping import (
    Group,
    Title,
    group_inputs,
    output_names,
    peek,
    read_groups,
    read_one_book,
    safe_slug,
)
from spbe_xl.batch.inputs import (
    FORMATS,
    OUTPUT_MARKER,
    WORKBOOK_SUFFIXES,
    FormatError,
    InputError,
    InputNotFound,
    PathLike,
    expand_inputs,
    parse_formats,
)
from spbe_xl.batch.outputs import OnBook, Outcome, convert_group, csv_safe, expected_outputs, shown
from spbe_xl.batch.pool import WorkerDied, available_cores, run_tasks
from spbe_xl.batch.reports import write_reports

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.writers import Paper

__all__ = [
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "FORMATS",
    "WORKBOOK_SUFFIXES",
    "BatchResult",
    "FormatError",
    "Group",
    "InputError",
    "InputNotFound",
    "OnBook",
    "Outcome",
    "OutputError",
    "Progress",
    "WorkerDied",
    "available_cores",
    "convert",
    "convert_group",
    "csv_safe",
    "expand_inputs",
    "expected_outputs",
    "group_inputs",
    "output_names",
    "parse_formats",
    "peek",
    "read_groups",
    "read_one_book",
    "run_tasks",
    "safe_slug",
    "write_reports",
]

EXIT_OK, EXIT_SOME_FAILED = 0, 1
EXIT_USAGE, EXIT_OUTPUT = 2, 3  # a usage error; the outputs could not be written

# --------------------------------------------------------------------------- the batch

# Called once per item of a phase: with the item's Outcome while converting, None while
# reading titles.
Advance = Callable[[Outcome | None], None]
# progress(label, total) is entered around each phase ("reading titles", "converting").
Progress = Callable[[str, int], AbstractContextManager[Advance]]


def _no_progress(label: str, total: int) -> AbstractContextManager[Advance]:
    return contextlib.nullcontext(lambda outcome: None)


@dataclass
class BatchResult:
    """What :func:`convert` did: one outcome per instansi or unreadable file, and the
    reports it wrote."""

    outcomes: list[Outcome]
    summary_csv: Path
    errors_csv: Path

    @property
    def failures(self) -> list[Outcome]:
        """The outcomes with status ``failed`` (the rows of errors.csv)."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_status(self) -> int:
        """``spbe-xl convert``'s exit status: 1 when an input failed, else 0."""
        return EXIT_SOME_FAILED if self.failures else EXIT_OK


def convert(
    inputs: PathLike | Iterable[PathLike],
    out_dir: PathLike,
    *,
    formats: str | Iterable[str] = ("xlsx", "csv"),
    jobs: int | None = None,
    overwrite: bool = False,
    paper: Paper = "folio",
    framework: str | None = None,
    agency_aliases: PathLike | None = None,
    progress: Progress | None = None,
    plan: PathLike | None = None,
    on_book: OnBook | None = None,
    criteria: PathLike | None = None,
) -> BatchResult:
    """Convert received workbooks: for each instansi the official follow-up workbook
    (``xlsx``) and the tidy tables (``csv``, ``parquet``, ``json``) in a folder of
    ``out_dir`` named after it, then ``summary.csv`` and ``errors.csv``.

    ``inputs`` are files, folders (searched recursively) or glob patterns.  ``jobs``
    worker processes (default: :func:`available_cores`; reading and converting always run
    in worker processes, so that an input crashing compiled code fails alone).  An
    instansi whose outputs all exist is skipped unless ``overwrite``.  ``progress``, when
    given, is called as ``progress(label, total)`` at each phase and must return a context
    manager yielding a function called once per item (see :data:`Progress`).
    ``agency_aliases`` is a user's agency alias file (see ``readers.read_workbook``).
    ``plan`` is a plan workbook (``writers.write_plan``): its action plans fill the empty
    RENCANA AKSI cells of its instansi's follow-up, never over an office's text (the
    outcome's message says how many); an unreadable plan raises InputError.
    ``on_book(book, summary)`` is called in the worker with each converted instansi's Book
    and ``rules.Summary``, so that a caller needing more than the outcome does not read the
    workbooks again; what it returns (it must pickle, and ``on_book`` must be a module-level
    function) is the outcome's ``detail``.
    ``criteria`` is an office's level criteria CSV (see ``readers.read_workbook``).

    Raises FormatError, InputNotFound or InputError before anything is written (an
    unusable agency alias file: ``readers.AgencyAliasError``); a file that cannot be
    converted is a failed outcome instead.  Raises OutputError when the output folder or
    the reports cannot be written.
    """
    format_list = parse_formats(formats)
    if agency_aliases is not None:
        from spbe_xl.readers import load_agency_aliases

        load_agency_aliases(agency_aliases)  # a bad file: one error, before anything else
        agency_aliases = os.fspath(agency_aliases)
    plan_actions = None
    if plan is not None:
        from spbe_xl.readers import ReadError, read_plan_actions

        try:
            plan_actions = read_plan_actions(os.fspath(plan))
        except (ReadError, OSError) as exc:
            raise InputError(f"the plan {os.fspath(plan)}: {exc}") from exc
    paths = expand_inputs(
        [inputs] if isinstance(inputs, str | os.PathLike) else inputs, exclude=out_dir
    )
    if not paths:
        raise InputError("no workbook (.xlsx, .xlsm, .xls, .ods) found in the inputs")
    jobs = min(jobs or available_cores(), len(paths))
    progress = progress or _no_progress
    # Loaded once here, before the pools fork their workers (one too: reading always runs
    # in a worker process, so that a file crashing compiled code fails alone): each worker
    # then starts with them instead of importing pandas and spbe-xl itself, once per pool.
    import spbe_xl.readers
    import spbe_xl.rules
    import spbe_xl.writers  # noqa: F401

    groups, unreadable = group_inputs(paths, _read_titles(paths, jobs, progress))
    out = Path(out_dir)
    names = output_names(groups)
    from spbe_xl.files import remove_stale_temporaries

    try:
        out.mkdir(parents=True, exist_ok=True)
        marker = out / OUTPUT_MARKER
        if not marker.exists():  # a later scan of the inputs skips this folder
            marker.write_text("written by spbe-xl convert: not read as input\n", encoding="utf-8")
        remove_stale_temporaries(out)
    except OSError as exc:
        raise OutputError(f"{_failed_path(exc, out)}: {_reason(exc)}; nothing was written") from exc
    tasks = [
        (
            [str(p) for p in g.paths],
            str(out / names[g.key]),
            format_list,
            overwrite,
            paper,
            framework,
            agency_aliases,
            plan_actions,
            on_book,
            os.fspath(criteria) if criteria is not None else None,
        )
        for g in groups
    ]
    outcomes = [Outcome(p.name, status="failed", message=msg) for p, msg in unreadable]
    outcomes += _convert_groups(tasks, jobs, progress, [g.reason for g in groups])
    outcomes.sort(key=lambda o: o.files)
    try:
        reports = write_reports(out, outcomes)
    except OSError as exc:
        ok = sum(o.status == "ok" for o in outcomes)
        raise OutputError(
            f"{_failed_path(exc, out)}: {_reason(exc)}; summary.csv and errors.csv were not "
            f"written ({ok} of {len(outcomes)} instansi converted, their outputs complete)"
        ) from exc
    return BatchResult(outcomes, *reports)


class OutputError(OSError):
    """The outputs could not be written (the output folder under a file, a read-only
    target, a full disk): the message names the path and the system's reason."""


def _failed_path(exc: OSError, default: Path) -> str:
    return os.fsdecode(exc.filename) if exc.filename else str(default)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _read_titles(paths: Sequence[Path], jobs: int, progress: Progress) -> list[Title]:
    """``peek`` of every path, in the worker pool.

    Reading the titles is a pass over every file: in the pool too, or it would be the
    batch's serial part (3.6 s of 141 s for 616 instansi on one core).  A file that
    cannot be read is reported with the conversions, so the progress is all this pass shows.
    """
    titles: list[Title] = [""] * len(paths)
    with progress("reading titles", len(paths)) as advance:

        def title_read(i: int, title: Title | WorkerDied) -> None:
            titles[i] = f"{paths[i].name}: {title}" if isinstance(title, WorkerDied) else title
            advance(None)

        run_tasks(peek, [(path,) for path in paths], jobs, title_read)
    return titles


def _convert_groups(
    tasks: Sequence[tuple[Any, ...]],
    jobs: int,
    progress: Progress,
    reasons: Sequence[str] = (),
) -> list[Outcome]:
    """``convert_group`` of every task, in the worker pool, in the order they finish; each
    outcome says why its files were grouped (``reasons``, one per task)."""
    outcomes: list[Outcome] = []
    with progress("converting", len(tasks)) as advance:

        def converted(i: int, outcome: Outcome | WorkerDied) -> None:
            if isinstance(outcome, WorkerDied):
                files = ", ".join(Path(p).name for p in tasks[i][0])
                outcome = Outcome(files, status="failed", message=str(outcome))
            if i < len(reasons):
                outcome.grouped = shown(reasons[i])  # it quotes file names too
            outcomes.append(outcome)
            advance(outcome)

        run_tasks(convert_group, tasks, jobs if len(tasks) > 1 else 1, converted)
    return outcomes
