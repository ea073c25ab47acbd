"""Uploaded workbooks converted in the background, one job at a time, with progress.

A job owns a temporary folder (``in/`` the uploads under names the server chose,
``out/`` what ``batch.convert`` writes).  The batch engine converts them in its worker
processes; in the same worker, from the Book it has just read, each instansi's page is
computed (:func:`spbe_xl.web.views.page_detail`, the batch's ``on_book`` hook).  The
downloads and the Book (for the plan form) are then kept in memory and the folder is
removed: nothing the user sent stays on disk after the job.
"""

from __future__ import annotations

import io
import pickle
import re
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from spbe_xl import batch
from spbe_xl.web.views import PageDetail, PageView, page_detail

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book


@dataclass(frozen=True)
class Limits:
    """What one upload may hold, and how long results are kept (``spbe-xl serve`` options)."""

    max_files: int = 100
    max_file_mb: float = 20.0
    max_total_mb: float = 200.0
    keep_minutes: int = 60
    jobs: int | None = None  # worker processes; None: the cores this process may use

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_total_bytes(self) -> int:
        return int(self.max_total_mb * 1024 * 1024)


class UploadRefused(ValueError):
    """An upload outside the limits or not a workbook: the message says which and why."""


_UNSAFE = re.compile(r"[^\w.()\- ]+")


def safe_upload_name(name: str, taken: set[str]) -> str:
    """A file name for an upload inside the job's folder: the base name only (never a
    path), characters other than letters, digits, ``.()-_`` and space replaced, no comma
    (``Outcome.files`` joins names with ``", "``), unique among ``taken``.

    Raises UploadRefused when the name is not that of a workbook."""
    base = PurePosixPath(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in batch.WORKBOOK_SUFFIXES:
        raise UploadRefused(base or "?")
    stem = _UNSAFE.sub("_", stem).strip(" ._")[:80] or "workbook"
    candidate, n = f"{stem}{suffix}", 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate.lower())
    return candidate


@dataclass
class Result:
    """One instansi of a job: its outcome, its page and its downloads."""

    outcome: batch.Outcome
    view: PageView | None = None
    message: str = ""
    slug: str = "instansi"
    followup: bytes | None = None
    tables_zip: bytes | None = None
    book_pickle: bytes | None = None  # made by our own worker (PageDetail), never a user's

    def book(self) -> Book | None:
        """The instansi's Book as the batch read it (for the plan), or None."""
        return None if self.book_pickle is None else pickle.loads(self.book_pickle)


@dataclass
class Job:
    """A batch of uploaded workbooks being converted; read by the pages while it runs."""

    id: str
    names: list[str]
    created: float = field(default_factory=time.monotonic)
    state: str = "queued"  # queued, running, done, failed
    phase: str = ""  # the batch's phase label ("reading titles", "converting")
    done: int = 0
    total: int = 0
    results: list[Result] = field(default_factory=list)
    reports: dict[str, bytes] = field(default_factory=dict)  # summary.csv, errors.csv
    error: str = ""

    def everything_zip(self) -> bytes:
        """Every instansi's folder (follow-up workbook, tables) and the batch's reports."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for result in self.results:
                if result.followup is not None:
                    archive.writestr(f"{result.slug}/tindak-lanjut.xlsx", result.followup)
                if result.tables_zip is not None:
                    with zipfile.ZipFile(io.BytesIO(result.tables_zip)) as tables:
                        for name in tables.namelist():
                            archive.writestr(name, tables.read(name))
            for name, data in self.reports.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    def status(self) -> dict[str, Any]:
        """The progress as JSON for the page's polling."""
        return {
            "state": self.state,
            "phase": self.phase,
            "done": self.done,
            "total": self.total,
        }


class JobStore:
    """The jobs of this server, each run in turn on one background thread."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spbe-xl-job")

    def get(self, job_id: str) -> Job | None:
        """The job of that id, or None (unknown or expired)."""
        self.purge()
        with self._lock:
            return self._jobs.get(job_id)

    def purge(self) -> None:
        """Forget the finished jobs older than ``keep_minutes``."""
        limit = time.monotonic() - self.limits.keep_minutes * 60
        with self._lock:
            for key in [k for k, j in self._jobs.items() if j.created < limit]:
                if self._jobs[key].state in ("done", "failed"):
                    del self._jobs[key]

    @contextmanager
    def new_folder(self) -> Iterator[Path]:
        """A fresh private folder for one request, removed when the request fails."""
        folder = Path(tempfile.mkdtemp(prefix="spbe-xl-web-"))
        try:
            (folder / "in").mkdir()
            yield folder
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def submit(self, folder: Path, names: list[str]) -> Job:
        """Queue the conversion of ``folder/in``; the folder is removed when it ends."""
        self.purge()
        job = Job(secrets.token_urlsafe(16), names)
        with self._lock:
            self._jobs[job.id] = job
        self._runner.submit(run_job, job, folder, self.limits)
        return job

    def shutdown(self) -> None:
        """Wait for the running job; drop the queued ones."""
        self._runner.shutdown(wait=True, cancel_futures=True)


def _progress(job: Job) -> batch.Progress:
    @contextmanager
    def phase(label: str, total: int) -> Iterator[Callable[[batch.Outcome | None], None]]:
        job.phase, job.done, job.total = label, 0, total

        def advance(outcome: batch.Outcome | None) -> None:
            job.done += 1

        yield advance

    return phase


def run_job(job: Job, folder: Path, limits: Limits) -> None:
    """Convert the uploads of ``folder/in`` with ``batch.convert``, each instansi's page
    computed in its worker from the Book just read; keep the downloads, remove ``folder``."""
    job.state = "running"
    try:
        inputs, outputs = folder / "in", folder / "out"
        converted = batch.convert(
            inputs,
            outputs,
            formats=("xlsx", "csv"),
            jobs=limits.jobs,
            overwrite=True,
            progress=_progress(job),
            on_book=page_detail,
        )
        results = [Result(o, message=o.message) for o in converted.outcomes]
        for result in results:
            detail = result.outcome.detail
            result.outcome.detail = None  # kept once, below
            if result.outcome.status != "ok":
                continue
            if isinstance(detail, PageDetail):
                result.view, result.book_pickle = detail.view, detail.book
            elif detail is not None:
                result.message = "; ".join(filter(None, [result.message, str(detail)]))
            _keep_downloads(result)
        job.reports = {
            report.name: report.read_bytes()
            for report in (converted.summary_csv, converted.errors_csv)
            if report.is_file()
        }
        job.results = results
        job.state = "done"
    except Exception as exc:  # shown on the page; the server goes on
        job.error = (
            str(exc) if isinstance(exc, batch.InputError) else f"{type(exc).__name__}: {exc}"
        )
        job.state = "failed"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _keep_downloads(result: Result) -> None:
    """The follow-up workbook and the tidy CSV tables (zipped) of one instansi, in memory."""
    if not result.outcome.output:
        return
    out = Path(result.outcome.output)
    result.slug = out.name
    followup = out / "tindak-lanjut.xlsx"
    if followup.is_file():
        result.followup = followup.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in sorted(out.glob("*.csv")):
            archive.write(table, f"{out.name}/{table.name}")
    result.tables_zip = buffer.getvalue()
