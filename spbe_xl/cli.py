"""The ``spbe-xl`` command: batch conversion, scores, rollups, validation, template, recap.

The commands parse their options, call :mod:`spbe_xl.batch` (the batch engine, usable from
Python), the readers, rules and writers, and print.  Only click and the standard library
are imported at start-up; pandas and the readers/writers load inside the commands, so
``spbe-xl --help`` answers at once.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from spbe_xl import __version__, batch
from spbe_xl.batch import EXIT_SOME_FAILED, Outcome

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.writers import Paper

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


@contextlib.contextmanager
def _as_click_errors() -> Iterator[None]:
    """The batch engine's refusals as the usage errors (exit status 2) the CLI shows."""
    try:
        yield
    except batch.InputNotFound as exc:
        raise click.BadParameter(str(exc), param_hint="INPUT") from exc
    except batch.FormatError as exc:
        raise click.BadParameter(str(exc)) from exc
    except batch.InputError as exc:
        raise click.UsageError(str(exc)) from exc


def _check_agency_aliases(
    ctx: click.Context, param: click.Parameter, value: Path | None
) -> Path | None:
    """The alias file read once here: a bad one is a usage error naming its file and line."""
    if value is not None:
        from spbe_xl.readers import AgencyAliasError, load_agency_aliases

        try:
            load_agency_aliases(value)
        except AgencyAliasError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc
    return value


_agency_aliases_option = click.option(
    "--agency-aliases",
    "agency_aliases",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    callback=_check_agency_aliases,
    help="A CSV of your own agency aliases (alias,agency), read before the packaged ones "
    "(see docs/agencies.md).",
)

_criteria_option = click.option(
    "--criteria",
    "criteria",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A CSV of your office's level criteria (indicator_no,level,criterion), put over the "
    "framework's (see docs/criteria.md).",
)


def _check_criteria(framework: str | None, criteria: Path | None) -> None:
    """A criteria file that does not fit --framework stops before any workbook is read
    (without --framework it is checked against each book's framework as it is read)."""
    if criteria is None or framework is None:
        return
    from spbe_xl import framework as fw

    try:
        fw.load(framework, criteria=criteria)
    except fw.FrameworkError as exc:
        raise click.BadParameter(str(exc), param_hint="--criteria") from exc


@contextlib.contextmanager
def _output_errors() -> Iterator[None]:
    """An output that cannot be written: one line naming the path and the reason, exit 3."""
    try:
        yield
    except batch.OutputError as exc:
        click.echo(f"spbe-xl: output could not be written: {exc}", err=True)
        sys.exit(batch.EXIT_OUTPUT)


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
    default=None,
    callback=lambda ctx, param, value: _framework_value(value),
    help="Framework of the workbooks: spbe2018, spbe2020, pemdi2026 or the path of a "
    "framework file (an office's corrected copy) [default: from the year and indicators].",
)
@_agency_aliases_option
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A plan workbook (spbe-xl plan): fill its instansi's empty RENCANA AKSI cells.",
)
@_criteria_option
def convert(
    inputs: tuple[str, ...],
    outdir: Path,
    formats: str,
    jobs: int | None,
    overwrite: bool,
    paper: Paper,
    framework: str | None,
    agency_aliases: Path | None,
    plan_path: Path | None = None,
    criteria: Path | None = None,
) -> None:
    """Convert received workbooks: for each instansi the official follow-up workbook and
    the tidy tables.

    INPUT may be files, folders (searched recursively) or glob patterns. Workbooks of one
    instansi (self-assessment and follow-up) are read together. A file that cannot be read
    is listed in OUTDIR/errors.csv and the batch goes on.

    \b
    Exit status: 0 all converted (or skipped), 1 some inputs failed (listed in errors.csv),
    2 usage error, 3 the outputs could not be written (output folder, full disk),
    128+N stopped by signal N (143 SIGTERM, 129 SIGHUP, 130 Ctrl-C).
    """
    _check_criteria(framework, criteria)
    finished: list[Outcome] = []
    with _as_click_errors(), _output_errors(), _stopped_by_signals(outdir, finished):
        result = batch.convert(
            inputs,
            outdir,
            formats=formats,
            jobs=jobs,
            overwrite=overwrite,
            paper=paper,
            framework=framework,
            agency_aliases=agency_aliases,
            progress=_progress_for(sys.stderr.isatty(), finished),
            plan=plan_path,
            criteria=criteria,
        )
    _print_table(result.outcomes)
    if plan_path is not None:
        filled = [o for o in result.outcomes if o.message.startswith("RENCANA AKSI from")]
        for o in filled:
            _echo(f"{o.instansi} {o.year or ''}: {o.message}")
        if not filled:
            _echo(f"the plan {plan_path} is for none of the instansi converted", err=True)
    if result.failures:
        click.echo(
            f"{len(result.failures)} of {len(result.outcomes)} failed; see {result.errors_csv}",
            err=True,
        )
        sys.exit(result.exit_status)


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds the batch like Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stopped_by_signals(outdir: Path, finished: list[Outcome]) -> Iterator[None]:
    """SIGTERM, SIGHUP and Ctrl-C stop the batch: the workers are killed (by the pool as
    the stop unwinds it), their temporary files removed, what was finished is printed,
    and the exit status is 128 + the signal's number."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise _Stopped(signum)

    wanted = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    previous = {s: signal.signal(s, stop) for s in wanted}
    try:
        yield
    except (_Stopped, KeyboardInterrupt) as exc:
        for s in wanted:  # a second signal while cleaning up must not interrupt it
            signal.signal(s, signal.SIG_IGN)
        from spbe_xl.files import remove_stale_temporaries

        for folder in [outdir, *(p for p in outdir.glob("*") if p.is_dir())]:
            remove_stale_temporaries(folder)
        signum = exc.signum if isinstance(exc, _Stopped) else signal.SIGINT
        done = [o.files for o in finished if o.status == "ok"]
        click.echo(
            f"spbe-xl: stopped by {signal.Signals(signum).name}; {len(done)} instansi "
            f"converted before (their outputs complete), the rest not; run again to finish"
            + "".join(f"\n  done: {name}" for name in done),
            err=True,
        )
        sys.exit(128 + signum)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _progress_for(interactive: bool, finished: list[Outcome] | None = None) -> batch.Progress:
    """A progress bar on a terminal, one plain line per instansi not converted when piped;
    each outcome also goes into ``finished``."""

    @contextlib.contextmanager
    def phase(label: str, total: int) -> Iterator[Callable[[Outcome | None], None]]:
        with contextlib.ExitStack() as stack:
            bar = None
            if interactive and total > 1:
                bar = stack.enter_context(
                    click.progressbar(length=total, label=label, file=sys.stderr)
                )

            def advance(outcome: Outcome | None) -> None:
                if outcome is not None and finished is not None:
                    finished.append(outcome)
                if bar is not None:
                    bar.update(1)
                elif outcome is not None and outcome.status != "ok":
                    _echo(f"{outcome.status}: {outcome.files}: {outcome.message}", err=True)

            yield advance

    return phase


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
        _echo("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


# Control characters (ESC, BEL, CR …) and bidirectional overrides from a workbook's text,
# shown escaped: a cell must not move the cursor, ring or recolour the user's terminal.
_TERMINAL_ESCAPES = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [
        *range(0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
    if chr(code) not in "\n\t"
}


def _safe(text: str) -> str:
    """``text`` with the control characters a terminal would act on escaped."""
    return text.translate(_TERMINAL_ESCAPES)


def _echo(message: str = "", err: bool = False) -> None:
    """``click.echo`` of a text that may hold a workbook's characters: escaped."""
    click.echo(_safe(message), err=err)


def _print_rollup(table: Any) -> None:
    """The rollup's key columns, rounded, in the terminal's width; the rest in the file."""
    import shutil

    import pandas as pd

    keys: list[tuple[str, str, Callable[[Any], str]]] = [
        ("agency", "responsible_agency", str),
        ("indicators", "n_indicators", str),
        ("mean level", "mean_level", lambda v: f"{v:.2f}"),
        ("points now", "points_now", lambda v: f"{v:.2f}"),
        ("to win", "points_to_win", lambda v: f"{v:.2f}"),
        ("evidence", "evidence_items", str),
    ]
    rows = [
        ["-" if pd.isna(row[col]) else fmt(row[col]) for _, col, fmt in keys]
        for row in table.to_dict("records")
    ]
    header = [label for label, _, _ in keys]
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(1, len(keys))]
    room = shutil.get_terminal_size((100, 24)).columns - sum(widths) - 2 * len(widths)
    name_width = max(12, min(room, max(len(header[0]), *(len(r[0]) for r in rows))))
    for line in (header, *rows):
        cells = [_clip(line[0], name_width).ljust(name_width)]
        cells += [cell.rjust(w) for cell, w in zip(line[1:], widths, strict=True)]
        _echo("  ".join(cells).rstrip())
    rest = [c for c in table.columns if c not in {col for _, col, _ in keys}]
    if rest:
        _echo(f"({len(rest)} more columns: use -o FILE.xlsx or FILE.csv for all)")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _read_one_book(inputs: Sequence[str], agency_aliases: Path | None = None) -> Book:
    from spbe_xl.book import ReadError

    try:
        with _as_click_errors():
            return batch.read_one_book(inputs, agency_aliases=agency_aliases)
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
@_agency_aliases_option
def score(
    inputs: tuple[str, ...],
    level: str,
    instances: str,
    skip_missing: bool,
    as_json: bool,
    agency_aliases: Path | None,
) -> None:
    """The Indeks SPBE of one instansi: total, predicate, domain and aspect indices."""
    from spbe_xl import rules

    book = _read_one_book(inputs, agency_aliases)
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
    _echo(f"{book.meta.instansi or 'instansi ?'} {book.meta.year or ''}".strip())
    index_name = "Indeks Pemdi" if result.by_domain.empty else "Indeks SPBE"
    _echo(
        f"{index_name}  {rules.round_half_up(result.total):.2f}  ({result.predicate})   levels: {level}, instances: {instances}"
    )
    if result.skipped:
        _echo(f"not scored (no level): {', '.join(result.skipped)}")
    _echo("")
    for _, d in result.by_domain.iterrows():
        _echo(
            f"Domain {d.domain_no}  {d.domain:<45} bobot {d.weight:>5.1f}%  indeks {rules.round_half_up(d['index']):.2f}"
        )
        for _, a in result.by_aspect[result.by_aspect.domain_no == d.domain_no].iterrows():
            _echo(
                f"  Aspek {a.aspect_no}  {a.aspect:<43} bobot {a.weight:>5.1f}%  indeks {rules.round_half_up(a['index']):.2f}"
            )
    if result.by_domain.empty:  # a framework without domains (Pemdi): its aspects
        _echo_aspects_and_externals(result, book.meta.framework)


def _echo_aspects_and_externals(result: Any, framework: str) -> None:
    """The aspects of a framework without domains, then the indicators it values from
    other national indices (raised there, not with the instansi's own evidence)."""
    from spbe_xl import framework as fw
    from spbe_xl import rules

    for _, a in result.by_aspect.iterrows():
        _echo(
            f"Aspek {a.aspect_no}  {a.aspect:<45} bobot {a.weight:>5.1f}%  indeks {rules.round_half_up(a['index']):.2f}"
        )
    externals = fw.load(framework).externals
    if len(externals):
        _echo("")
        _echo("Dari indeks nasional lain (naikkan di sana):")
        for e in externals.itertuples(index=False):
            _echo(f"  Indikator {e.indicator_no}: {e.index} ({e.agency}), konversi {e.conversion}")


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
@_agency_aliases_option
def rollup(
    inputs: tuple[str, ...], output: Path | None, target: int, agency_aliases: Path | None
) -> None:
    """Per responsible agency (perangkat daerah): indicators, points held and to win.

    An indicator shared by several agencies counts for each of them (n_shared, shared_with).
    """
    from spbe_xl import rules

    book = _read_one_book(inputs, agency_aliases)
    table = rules.agency_rollup(book, target=target)
    if output is None:
        _print_rollup(table)
        return
    from spbe_xl.files import atomic_output

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise click.BadParameter("the output must end in .xlsx or .csv", param_hint="-o")
    with atomic_output(output) as tmp:
        if suffix == ".csv":
            batch.csv_safe(table).to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            from spbe_xl.writers import write_table

            write_table(
                table,
                tmp,
                sheet_name="PENANGGUNG JAWAB",
                title="Rekap per perangkat daerah penanggung jawab",
            )
    _echo(f"wrote {output}")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors too.")
@_agency_aliases_option
@_criteria_option
def validate(
    inputs: tuple[str, ...], strict: bool, agency_aliases: Path | None, criteria: Path | None
) -> None:
    """Read workbooks without writing anything and list every problem found.

    Exits 1 when a workbook cannot be read or has an error-level finding.
    """
    from spbe_xl.book import ReadError

    with _as_click_errors():
        paths = batch.expand_inputs(inputs)
    if not paths:
        raise click.UsageError("no workbook found in the inputs")
    groups, unreadable = batch.group_inputs(paths)
    bad = False
    for path, message in unreadable:
        _echo(f"error  {path}: {message}")
        bad = True
    for group, book in batch.read_groups(groups, agency_aliases=agency_aliases, criteria=criteria):
        label = ", ".join(str(p) for p in group.paths)
        if isinstance(book, ReadError):
            _echo(f"error  {book}")
            bad = True
            continue
        findings = book.findings
        n_err = int((findings.severity == "error").sum())
        n_warn = int((findings.severity == "warning").sum())
        n_info = len(findings) - n_err - n_warn
        _echo(
            f"{label}: {book.meta.instansi or '?'} {book.meta.year or ''}, {len(book.indicators)} indicators, {n_err} errors, {n_warn} warnings"
            + (f", {n_info} notes" if n_info else "")
        )
        for _, f in findings.iterrows():
            # the file, then the cell with its sheet ('TL SEMUA'!N118): an agency sheet's
            # N10 is not the main sheet's
            where = f"{f.file} {f.source}" if isinstance(f.source, str) else str(f.file)
            _echo(f"  {f.severity:<7} {f.code:<24} {where}  {f.message}")
        # info findings (a column not read, say) never fail a validation, even --strict
        if n_err or (strict and n_warn):
            bad = True
    if bad:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--framework",
    default=None,
    callback=lambda ctx, param, value: _framework_value(value),
    help="spbe2018, spbe2020, pemdi2026 or a framework file's path. "
    "Default: the framework in force in --year; without --year spbe2018.",
)
@click.option("--instansi", default=None, help='e.g. "Pemerintah Kota Bontang".')
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="Evaluation year: the title's, and it picks the framework of that round.",
)
@click.option(
    "--agency",
    "agencies",
    multiple=True,
    help="A responsible agency for the dropdown (repeat the option).",
)
@click.option("--paper", type=click.Choice(["folio", "a4"]), default="folio", show_default=True)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@_criteria_option
def template(
    output: Path,
    framework: str | None,
    instansi: str | None,
    year: int | None,
    agencies: tuple[str, ...],
    paper: Paper,
    overwrite: bool,
    criteria: Path | None = None,
) -> None:
    """Write the blank official workbook for a new evaluation round (of the framework in
    force in --year, unless --framework names one)."""
    from spbe_xl.framework import FrameworkError
    from spbe_xl.writers import template_framework, write_template

    if output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; use --overwrite to replace it")
    try:
        catalog = template_framework(framework, year)
    except FrameworkError as exc:
        raise click.UsageError(str(exc)) from exc
    if criteria is not None:  # the KRITERIA sheet and the PENJELASAN LEVEL lookups: the office's
        from spbe_xl.framework.criteria import apply_criteria

        try:
            catalog = apply_criteria(catalog, criteria)
        except FrameworkError as exc:
            raise click.BadParameter(str(exc), param_hint="--criteria") from exc
    if year is not None and not catalog.applies_to(year):
        click.echo(
            f"note: {catalog.id} is the framework of the {catalog.rounds_label()} rounds, "
            f"not of {year}",
            err=True,
        )
    write_template(
        output,
        # an id or a file; the loaded framework when the office's criteria are put over it
        framework=catalog if criteria is not None else framework or catalog.id,
        instansi=instansi,
        year=year,
        agencies=list(agencies) or None,
        paper=paper,
    )
    click.echo(f"wrote {output} ({catalog.id}, {catalog.regulation}: {catalog.rounds_label()})")


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
@_agency_aliases_option
def recap(
    inputs: tuple[str, ...], output: Path, overwrite: bool, agency_aliases: Path | None
) -> None:
    """Many instansi (or years) side by side: index, predicate and rank, domain and
    aspect means, predicates, the weakest indicators; with a chart."""
    from spbe_xl import rules
    from spbe_xl.book import ReadError
    from spbe_xl.writers import write_recap

    if output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; use --overwrite to replace it")
    with _as_click_errors():
        groups, unreadable = batch.group_inputs(batch.expand_inputs(inputs))
    books = []
    failures = [f"{p}: {m}" for p, m in unreadable]
    for _, book in batch.read_groups(groups, agency_aliases=agency_aliases):
        if isinstance(book, ReadError):
            failures.append(str(book))
        else:
            books.append(book)
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
                "values": {"type": f.value_type, "decimals": f.value_decimals},
                "rounds": f.rounds_label(),
                "level_meanings": json.loads(
                    f.level_meanings.to_json(orient="records", force_ascii=False)
                ),
                "externals": json.loads(f.externals.to_json(orient="records", force_ascii=False)),
            }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for i, fid in enumerate(fw.available()):
        if i:
            click.echo("")
        click.echo(fw.load(fid).describe())


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on. Another than this machine's (127.0.0.1) lets others on the "
    "network upload and read results: there is no login.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.option(
    "--max-files",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Workbooks per upload.",
)
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Size of one workbook (MB).",
)
@click.option(
    "--max-total-mb",
    type=click.FloatRange(min=0.1),
    default=200.0,
    show_default=True,
    help="Size of one upload (MB).",
)
@click.option(
    "--keep-minutes",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    help="How long results stay downloadable (in memory).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
def serve(
    port: int,
    host: str,
    open_browser: bool,
    max_files: int,
    max_file_mb: float,
    max_total_mb: float,
    keep_minutes: int,
    jobs: int | None,
) -> None:
    """A local web page: upload workbooks, see index, chart and findings, download the
    follow-up workbook (needs: pip install 'spbe-xl[web]')."""
    try:
        from spbe_xl import web
    except ImportError as exc:
        raise click.ClickException(
            f"the web page needs its extra: pip install 'spbe-xl[web]' ({exc})"
        ) from exc
    if not web.is_loopback(host):
        click.echo(
            f"spbe-xl: warning: serving on {host}, not only on this machine: anyone who can "
            f"reach it on port {port} can upload workbooks and read the results (no login)",
            err=True,
        )
    limits = web.Limits(max_files, max_file_mb, max_total_mb, keep_minutes, jobs)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(f"spbe-xl: serving on http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    web.serve(host, port, limits=limits, open_browser=open_browser)


# --------------------------------------------------------------------------- plan (issue 17)


def _value(value: float, decimals: bool) -> str:
    """A level as a whole number, a decimal score (Pemdi) with its two decimals."""
    return f"{value:.2f}" if decimals else f"{value:.0f}"


def _exclusions(values: Sequence[str]) -> dict[str, str | None]:
    """``--exclude 13`` or ``--exclude "13=anggaran belum ada"`` -> id -> reason."""
    out: dict[str, str | None] = {}
    for value in values:
        iid, sep, reason = value.partition("=")
        if not iid.strip():
            raise click.BadParameter(f"{value!r} names no indicator", param_hint="--exclude")
        out[iid.strip()] = reason.strip() or None if sep else None
    return out


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--target",
    default="Sangat Baik",
    show_default=True,
    help='A predicate ("Sangat Baik") or an index (3.5) to reach.',
)
@click.option(
    "--max-step",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="At most this many levels per indicator in the round.",
)
@click.option(
    "--increment",
    type=click.FloatRange(min=0.01),
    default=None,
    help="Step size under a decimal-score framework (Pemdi): 0.25, 0.5 [default: 1.00].",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="ID[=REASON]",
    help='An indicator not to plan, with the reason: --exclude "13=anggaran belum ada".',
)
@click.option(
    "--external",
    multiple=True,
    metavar="NO",
    help="An indicator valued from other agencies' indices (the office cannot raise it).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The plan workbook (.xlsx) or its steps (.csv); else print the steps.",
)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@_agency_aliases_option
@_criteria_option
def plan(
    inputs: tuple[str, ...],
    target: str,
    max_step: int,
    increment: float | None,
    exclude: tuple[str, ...],
    external: tuple[str, ...],
    output: Path | None,
    overwrite: bool,
    agency_aliases: Path | None,
    criteria: Path | None = None,
) -> None:
    """The fewest level steps that raise the index to a target, per agency.

    One step raises one indicator by one level.  Among the plans with the fewest steps,
    the one spreading them most evenly over the agencies is chosen, then the lowest
    indicator numbers.  The workbook has a summary with a chart of the index climbing and
    one sheet per agency with the criterion of the level to reach and empty action-plan
    cells for the next year.
    """
    from spbe_xl import rules

    if output is not None and output.suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter("the output must end in .xlsx or .csv", param_hint="-o")
    if output is not None and output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; use --overwrite to replace it")
    book = _read_one_book(inputs, agency_aliases)
    framework = None
    if criteria is not None:  # the criterion of each level to reach: the office's texts
        from spbe_xl import framework as fw
        from spbe_xl.framework.criteria import apply_criteria

        try:
            framework = apply_criteria(fw.load(book.meta.framework), criteria)
        except fw.FrameworkError as exc:
            raise click.BadParameter(str(exc), param_hint="--criteria") from exc
    try:
        result = rules.plan(
            book,
            target,
            framework=framework,
            max_step=max_step,
            increment=increment,
            exclude=_exclusions(exclude),
            external=list(external),
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    _echo(
        f"{result.instansi or '?'} {result.year or ''}: index {result.index_before:.2f} "
        f"{result.predicate_before} -> {result.index_after:.2f} {result.predicate_after} "
        f"in {len(result.steps)} step(s); target {result.target_label} "
        + ("reached" if result.reached else "NOT reachable")
    )
    for note in result.notes:
        _echo(f"  note: {note}")
    if output is None:
        values = [*result.steps["level_from"], *result.steps["level_to"]]
        decimals = not all(float(v).is_integer() for v in values)
        for s in result.steps.itertuples(index=False):
            _echo(
                f"{s.order:>3}  {s.indicator_id:<5} {_value(s.level_from, decimals)}->{_value(s.level_to, decimals)}  "
                f"+{s.points:.3f}  {s.index_after:.2f}  {_clip(str(s.agencies), 60)}"
            )
        return
    if output.suffix.lower() == ".csv":
        from spbe_xl.files import atomic_output

        with atomic_output(output) as tmp:
            batch.csv_safe(result.steps).to_csv(tmp, index=False, encoding="utf-8-sig")
    else:
        from spbe_xl.writers import write_plan

        write_plan(result, output)
    _echo(f"wrote {output}")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The track workbook (.xlsx).",
)
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A folder for rounds.csv, trajectory.csv, follow-through.csv, outcomes.csv.",
)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@_agency_aliases_option
def track(
    inputs: tuple[str, ...],
    output: Path | None,
    csv_dir: Path | None,
    overwrite: bool,
    agency_aliases: Path | None,
) -> None:
    """One instansi over several rounds: levels per round, action plans kept or not.

    Give the workbooks of two or more evaluation years; each year's files are read as one
    round.  Rounds of different frameworks are shown side by side, without a change.
    """
    from spbe_xl import rules
    from spbe_xl.book import ReadError

    if output is not None and output.suffix.lower() != ".xlsx":
        raise click.BadParameter("the output must end in .xlsx", param_hint="-o")
    if output is not None and output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; use --overwrite to replace it")
    with _as_click_errors():
        groups, unreadable = batch.group_inputs(batch.expand_inputs(inputs))
    books = []
    failures = [f"{p}: {m}" for p, m in unreadable]
    for _, book in batch.read_groups(groups, agency_aliases=agency_aliases):
        if isinstance(book, ReadError):
            failures.append(str(book))
        else:
            books.append(book)
    if len(books) < 2:
        raise click.ClickException(
            f"track needs two or more rounds; {len(books)} could be read"
            + ("".join(f"\nfailed: {f}" for f in failures))
        )
    result = rules.track(books)
    for r in result.rounds.itertuples(index=False):
        _echo(f"{r.round:<8} {r.framework:<9} {r.index:.2f} {r.predicate}")
    for o in result.outcomes.itertuples(index=False):
        label = "with a plan   " if o.planned else "without a plan"
        _echo(
            f"{o.round_from} -> {o.round_to} {label}: raised {o.raised}, held {o.held}, "
            f"fell {o.fell}"
        )
    for note in result.notes:
        _echo(f"  note: {note}")
    if output is not None:
        from spbe_xl.writers import write_track

        write_track(result, output)
        _echo(f"wrote {output}")
    if csv_dir is not None:
        from spbe_xl.files import atomic_output

        csv_dir.mkdir(parents=True, exist_ok=True)
        for name, frame in (
            ("rounds", result.rounds),
            ("trajectory", result.trajectory),
            ("follow-through", result.follow_through),
            ("outcomes", result.outcomes),
        ):
            with atomic_output(csv_dir / f"{name}.csv") as tmp:
                batch.csv_safe(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
        _echo(f"wrote {csv_dir}/*.csv")
    for failure in failures:
        click.echo(f"failed: {failure}", err=True)
    if failures:
        sys.exit(EXIT_SOME_FAILED)


def _framework_value(value: str | None) -> str | None:
    """A --framework value: a packaged framework's id (any case), or an existing framework
    file (loaded once here, so that a broken file stops before any workbook is read)."""
    if value is None:
        return None
    from spbe_xl import framework as fw

    if value.strip().lower() in fw.available():
        return value.strip().lower()
    if not Path(value).is_file():
        raise click.BadParameter(
            f"{value!r} is neither one of {', '.join(fw.available())} nor a framework file"
        )
    try:
        fw.load(value)
    except fw.FrameworkError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


if __name__ == "__main__":  # pragma: no cover
    main()
