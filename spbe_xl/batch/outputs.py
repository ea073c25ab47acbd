"""One instansi converted: read, score, write the follow-up workbook and the tidy tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.readers import PlanActions
    from spbe_xl.rules import Summary
    from spbe_xl.writers import Paper

#: Called in the worker with each converted instansi's Book and Summary (``convert(...,
#: on_book=)``); what it returns is the outcome's ``detail``.
OnBook = Callable[["Book", "Summary"], Any]

# A text starting so is run as a formula by a spreadsheet that opens the CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The frames of a Book written as tables (in this order).
_FRAME_NAMES = ("indicators", "evidence", "actions", "findings", "responsibilities")


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
        if not any(isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in raw):
            continue
        if out is frame:
            out = frame.copy()
        out[column] = values.map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
        )
    return out


def _write_frames(book: Book, folder: Path, formats: Iterable[str]) -> list[Path]:
    """The book's frames in each of ``formats`` (csv, parquet, json) under ``folder``."""
    import json
    from dataclasses import asdict

    from spbe_xl.files import atomic_output

    written = []
    frames = {
        "indicators": book.indicators,
        "evidence": book.evidence,
        "actions": book.actions,
        "findings": book.findings,
        "responsibilities": book.responsibilities,
    }
    meta = asdict(book.meta)
    if any(shown(name) != name for name in book.meta.files):  # a file name not UTF-8
        frames = {name: _shown_frame(frame) for name, frame in frames.items()}
        meta = _shown_values(meta)
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
                "meta": meta,
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


@dataclass
class Outcome:
    """What became of one instansi (or of one file that could not be opened)."""

    files: str
    instansi: str | None = None
    year: int | None = None
    index: float | None = None
    predicate: str | None = None
    findings: int = 0
    errors: int = 0
    status: str = "ok"  # ok, skipped or failed
    message: str = ""
    output: str | None = None
    grouped: str = ""  # why these files were read as one instansi (Group.reason)
    # What ``convert(on_book=...)`` returned for this instansi (None without it); not in
    # the reports.
    detail: Any = None

    def __post_init__(self) -> None:
        # File names that are not UTF-8 (unzipped from a Windows archive) come as
        # surrogates: shown with replacement characters, never a crash in a report.
        self.files, self.message = shown(self.files), shown(self.message)
        if self.message.startswith((f"{self.files}: ", f"{self.files}, sheet ")):
            self.message = self.message[len(self.files) + 2 :]  # a ReadError names its file
        self.instansi = None if self.instansi is None else shown(self.instansi)
        self.output = None if self.output is None else shown(self.output)


def shown(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (surrogate escapes) as U+FFFD."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _shown_frame(frame: Any) -> Any:
    """``frame`` with every text :func:`shown` (the file name is in messages too)."""
    out = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype).startswith("str"):
            out[column] = frame[column].map(lambda v: shown(v) if isinstance(v, str) else v)
    return out


def _shown_values(value: Any) -> Any:
    """``value`` (dicts, lists, texts) with every text :func:`shown`."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return {k: _shown_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shown_values(v) for v in value]
    return value


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
    paper: Paper,
    framework: str | None,
    agency_aliases: str | None = None,
    plan: PlanActions | None = None,
    on_book: OnBook | None = None,
    criteria: str | None = None,
) -> Outcome:
    """Read, score and write one instansi; never raises (the batch goes on).  ``plan``:
    action plans to fill the follow-up's empty RENCANA AKSI cells with, when it is this
    instansi's (``convert --plan``).  ``on_book(book, summary)``, when given, is called
    once the outputs are written; its result is the outcome's ``detail`` (when it raises,
    the outcome stays ok, without a detail, and its message says why).  ``criteria``: an
    office's criteria CSV."""
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
        from spbe_xl.readers import read_workbook, undecided_framework
        from spbe_xl.writers import write_followup

        book = read_workbook(
            paths, framework=framework, agency_aliases=agency_aliases, criteria=criteria
        )
        undecided = undecided_framework(book)
        if undecided is not None:  # no follow-up under a framework that may be the wrong one
            return Outcome(
                files,
                instansi=book.meta.instansi,
                year=book.meta.year,
                errors=int((book.findings["severity"] == "error").sum()),
                status="failed",
                message=f"{undecided}; nothing written: convert it again with --framework",
            )
        message = ""
        schedule_year = None
        if plan is not None and plan.applies_to(book):
            from spbe_xl.readers import add_plan_actions

            book, filled = add_plan_actions(book, plan)
            if filled:
                message = f"RENCANA AKSI from {plan.file}: {len(filled)} indicator(s) filled"
                schedule_year = _plan_schedule_year(book, plan)
            # else the writer's default: the JADWAL year the follow-up was read with
        summary = rules.summarize(book)
        out_dir.mkdir(parents=True, exist_ok=True)
        if "xlsx" in formats:
            write_followup(
                book,
                out_dir / "tindak-lanjut.xlsx",
                summary=summary,
                paper=paper,
                schedule_year=schedule_year,
            )
        _write_frames(book, out_dir, [f for f in formats if f != "xlsx"])
        scores = summary.scores
        detail = None
        if on_book is not None:
            try:
                detail = on_book(book, summary)
            except Exception as exc:  # the outputs are written: the instansi is converted
                message = "; ".join(filter(None, [message, f"on_book: {_describe(exc)}"]))
        return Outcome(
            files,
            instansi=book.meta.instansi,
            year=book.meta.year,
            index=rules.round_half_up(scores.total),
            predicate=scores.predicate,
            # problems to look at: errors and warnings (info findings only inform)
            findings=int((book.findings["severity"] != "info").sum()),
            errors=int((book.findings["severity"] == "error").sum()),
            status="ok",
            message=message,
            output=str(out_dir),
            detail=detail,
        )
    except Exception as exc:  # one bad file never stops a batch
        return Outcome(files, status="failed", message=_describe(exc))


def _plan_schedule_year(book: Book, plan: PlanActions) -> int | None:
    """The JADWAL year of a follow-up filled from a plan: the plan's year when no other
    year has months marked (so an office's own schedule is never dropped), else None (the
    writer's own choice)."""
    years = {int(y) for y in plan.actions["year"].dropna()}
    if len(years) != 1:
        return None
    import pandas as pd

    acts = book.actions
    marked = {
        int(y)
        for y, m in zip(acts["year"], acts["month"], strict=True)
        if not (pd.isna(y) or pd.isna(m))
    }
    return next(iter(years)) if marked <= years else None


def _describe(exc: BaseException) -> str:
    from spbe_xl.book import ReadError

    if isinstance(exc, ReadError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
