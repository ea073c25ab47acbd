"""The Starlette application: the upload page, the jobs' progress and results, the downloads,
the blank-template form.  Thin like the command line: the library does the work."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from spbe_xl.web.i18n import LANGUAGES, translate
from spbe_xl.web.jobs import Job, JobStore, Limits, UploadRefused, safe_upload_name
from spbe_xl.web.plans import PlanRequest, headline, make_plan, plan_request

HERE = Path(__file__).resolve().parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every script, style and picture comes from this server; nothing inline runs.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make the browser send Origin: null
}
_COPY_CHUNK = 1024 * 1024
# Room for the multipart framing around the files in a request's declared length.
_FORM_OVERHEAD = 1024 * 1024

_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _lang(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.cookies.get("lang") or "id"
    return wanted if wanted in LANGUAGES else "id"


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = _lang(request)

    def t(key: str, **values: object) -> str:
        return translate(lang, key, **values)

    limits: Limits = request.app.state.limits
    html = _templates.get_template(name).render(
        t=t,
        lang=lang,
        other_lang="en" if lang == "id" else "id",
        path=request.url.path,
        limits=limits,
        **context,
    )
    response = HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="strict")
    return response


def _error(request: Request, message: str, status_code: int) -> HTMLResponse:
    return _page(request, "error.html", status_code=status_code, message=message)


def _cross_site(request: Request) -> bool:
    """A form posted by a page of another site (its Origin is not this server's)."""
    origin = request.headers.get("origin")
    if not origin:
        return False
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


def _mb(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- pages


async def index(request: Request) -> Response:
    """The upload form and the template form."""
    return _page(request, "index.html", years=range(2000, 2101))


async def upload(request: Request) -> Response:
    """Save the uploaded workbooks into a fresh folder, start a job, go to its page."""
    lang = _lang(request)
    limits: Limits = request.app.state.limits
    store: JobStore = request.app.state.jobs
    if _cross_site(request):
        return _error(request, translate(lang, "error.cross_site"), 403)
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > limits.max_total_bytes + _FORM_OVERHEAD:
        return _error(request, translate(lang, "error.total", mb=_mb(limits.max_total_mb)), 413)
    try:
        form = await request.form(max_files=limits.max_files + 1, max_fields=20)
    except HTTPException as exc:
        if "files" in str(exc.detail).lower():
            return _error(request, translate(lang, "error.too_many", n=limits.max_files), 413)
        return _error(request, translate(lang, "error.bad_form", reason=exc.detail), 400)
    try:
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            return _error(request, translate(lang, "error.no_files"), 400)
        if len(files) > limits.max_files:
            return _error(request, translate(lang, "error.too_many", n=limits.max_files), 413)
        sizes = [f.size or 0 for f in files]
        if sum(sizes) > limits.max_total_bytes:
            return _error(request, translate(lang, "error.total", mb=_mb(limits.max_total_mb)), 413)
        for f, size in zip(files, sizes, strict=True):
            if size > limits.max_file_bytes:
                name = Path(f.filename or "?").name
                message = translate(lang, "error.too_big", name=name, mb=_mb(limits.max_file_mb))
                return _error(request, message, 413)
        with store.new_folder() as folder:
            taken: set[str] = set()
            names = []
            for f in files:
                try:
                    name = safe_upload_name(f.filename or "", taken)
                except UploadRefused as exc:
                    message = translate(lang, "error.not_workbook", name=str(exc))
                    raise _Refused(message) from exc
                if not await _copy(f, folder / "in" / name, limits.max_file_bytes):
                    shown = Path(f.filename or "?").name
                    message = translate(
                        lang, "error.too_big", name=shown, mb=_mb(limits.max_file_mb)
                    )
                    raise _Refused(message, 413)
                names.append(name)
            job = store.submit(folder, names)
    except _Refused as exc:
        return _error(request, str(exc), exc.status_code)
    finally:
        await form.close()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


class _Refused(Exception):
    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.status_code = status_code


async def _copy(upload: UploadFile, target: Path, limit: int) -> bool:
    """Copy an upload into the job's folder; False (and stop) past ``limit`` bytes."""
    written = 0
    with target.open("xb") as out:
        while chunk := await upload.read(_COPY_CHUNK):
            written += len(chunk)
            if written > limit:
                return False
            out.write(chunk)
    return True


def _job(request: Request) -> Job:
    store: JobStore = request.app.state.jobs
    job = store.get(request.path_params["job"])
    if job is None:
        raise HTTPException(404, translate(_lang(request), "job.unknown"))
    return job


async def job_page(request: Request) -> Response:
    """A job's progress while it runs; then its instansi (one alone: its page)."""
    job = _job(request)
    if (
        job.state == "done"
        and len(job.results) == 1
        and job.results[0].view is not None
        and "all" not in request.query_params
    ):
        return RedirectResponse(f"/jobs/{job.id}/1", status_code=303)
    return _page(request, "job.html", job=job)


async def job_status(request: Request) -> Response:
    """The job's progress, polled by the page."""
    return JSONResponse(_job(request).status(), headers={"Cache-Control": "no-store"})


def _result(request: Request) -> tuple[Job, int, Any]:
    job = _job(request)
    n = request.path_params["n"]
    if job.state != "done" or not 1 <= n <= len(job.results):
        raise HTTPException(404, translate(_lang(request), "error.not_found"))
    return job, n, job.results[n - 1]


async def result_page(request: Request) -> Response:
    """One instansi: index, chart, findings (filtered by ``severity`` and ``code``), rollup."""
    job, n, result = _result(request)
    if result.view is None:
        raise HTTPException(404, translate(_lang(request), "error.not_found"))
    severity = request.query_params.get("severity", "")
    code = request.query_params.get("code", "")
    shown = [
        f
        for f in result.view.findings
        if (not severity or f["severity"] == severity) and (not code or f["code"] == code)
    ]
    codes = sorted({f["code"] for f in result.view.findings})
    severities = [
        s
        for s in ("error", "warning", "info")
        if any(f["severity"] == s for f in result.view.findings)
    ]
    plan_form, plan, plan_error = PlanRequest(), None, ""
    if result.book_pickle is not None:
        try:
            plan_form = plan_request(request.query_params, decimal=result.view.is_score)
            plan = await asyncio.to_thread(_plan_headline, result, plan_form)
        except ValueError as exc:  # PlanFormError, or the library refusing the target
            plan_error = str(exc)
    return _page(
        request,
        "result.html",
        job=job,
        n=n,
        result=result,
        view=result.view,
        shown=shown,
        severity=severity,
        code=code,
        codes=codes,
        severities=severities,
        plan_form=plan_form,
        default_plan_query=PlanRequest().query(),
        plan=plan,
        plan_error=plan_error,
    )


def _plan_headline(result: Any, form: PlanRequest) -> dict[str, Any]:
    return headline(make_plan(result.book(), form))


def _plan_bytes(result: Any, form: PlanRequest) -> bytes:
    from spbe_xl.web.plans import plan_workbook

    return plan_workbook(make_plan(result.book(), form))


def _attachment(data: bytes, filename: str, media_type: str) -> Response:
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": disposition, **SECURITY_HEADERS},
    )


async def download_followup(request: Request) -> Response:
    """The instansi's official follow-up workbook."""
    _, _, result = _result(request)
    if result.followup is None:
        raise HTTPException(404, translate(_lang(request), "error.not_found"))
    return _attachment(result.followup, f"tindak-lanjut-{result.slug}.xlsx", XLSX)


async def download_tables(request: Request) -> Response:
    """The instansi's tidy tables, CSV files in a zip."""
    _, _, result = _result(request)
    if result.tables_zip is None:
        raise HTTPException(404, translate(_lang(request), "error.not_found"))
    return _attachment(result.tables_zip, f"tabel-{result.slug}.zip", "application/zip")


async def download_plan(request: Request) -> Response:
    """The instansi's plan workbook (``rules.plan`` + ``writers.write_plan``) for the plan
    form's target, steps per indicator and (Pemdi) increment."""
    lang = _lang(request)
    _, _, result = _result(request)
    if result.book_pickle is None or result.view is None:
        raise HTTPException(404, translate(lang, "error.not_found"))
    try:
        form = plan_request(request.query_params, decimal=result.view.is_score)
        data = await asyncio.to_thread(_plan_bytes, result, form)
    except ValueError as exc:  # PlanFormError, or the library refusing the target
        return _error(request, translate(lang, "error.plan", reason=str(exc)), 400)
    return _attachment(data, f"rencana-{result.slug}.xlsx", XLSX)


async def download_everything(request: Request) -> Response:
    """Every instansi's outputs and the batch's summary.csv and errors.csv, in one zip."""
    job = _job(request)
    if job.state != "done":
        raise HTTPException(404, translate(_lang(request), "error.not_found"))
    data = await asyncio.to_thread(job.everything_zip)
    return _attachment(data, "spbe-xl-hasil.zip", "application/zip")


async def template(request: Request) -> Response:
    """The blank official workbook for a year, an instansi and its agencies."""
    lang = _lang(request)
    if _cross_site(request):
        return _error(request, translate(lang, "error.cross_site"), 403)
    form = await request.form(max_files=0, max_fields=10, max_part_size=64 * 1024)
    year_text = str(form.get("year") or "").strip()
    if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
        return _error(request, translate(lang, "error.year"), 400)
    year = int(year_text)
    instansi = " ".join(str(form.get("instansi") or "").split())[:200] or None
    agencies = [
        " ".join(line.split())[:200] for line in str(form.get("agencies") or "").splitlines()
    ]
    agencies = list(dict.fromkeys(a for a in agencies if a))[:200]
    framework = str(form.get("framework") or "") or None
    paper = "a4" if form.get("paper") == "a4" else "folio"
    data = await asyncio.to_thread(_write_template, year, instansi, agencies, framework, paper)
    if isinstance(data, str):
        return _error(request, translate(lang, "error.template", reason=data), 400)
    from spbe_xl.batch import safe_slug

    name = f"templat-{safe_slug(instansi or 'spbe')}-{year}.xlsx"
    return _attachment(data, name, XLSX)


def _write_template(
    year: int, instansi: str | None, agencies: list[str], framework: str | None, paper: str
) -> bytes | str:
    """The template's bytes, written in a temporary folder removed at once; or the reason
    the library refused (a year no packaged framework applies to)."""
    from spbe_xl.framework import FrameworkError
    from spbe_xl.writers import write_template

    with tempfile.TemporaryDirectory(prefix="spbe-xl-web-") as folder:
        target = Path(folder) / "template.xlsx"
        try:
            write_template(
                target,
                framework=framework,
                instansi=instansi,
                year=year,
                agencies=agencies or None,
                paper="a4" if paper == "a4" else "folio",
            )
        except (FrameworkError, ValueError) as exc:
            return str(exc)
        return target.read_bytes()


async def http_error(request: Request, exc: Exception) -> Response:
    """Errors as pages in the user's language."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
    if status == 404 and detail in ("Not Found", None):
        detail = translate(_lang(request), "error.not_found")
    return _error(request, str(detail), status)


# --------------------------------------------------------------------------- the app


def allowed_hosts(host: str) -> list[str]:
    """The Host headers answered: the loopback names, and ``host`` (any for a wildcard).

    A page of another site that points a name of its own at 127.0.0.1 (DNS rebinding)
    gets no answer."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    return sorted({"127.0.0.1", "localhost", "[::1]", "::1", host, f"[{host}]"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(limits: Limits | None = None, host: str = "127.0.0.1") -> Starlette:
    """The web application; ``limits`` bound the uploads, ``host`` is the address served."""
    limits = limits or Limits()
    store = JobStore(limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await asyncio.to_thread(store.shutdown)

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/upload", upload, methods=["POST"]),
            Route("/template", template, methods=["POST"]),
            Route("/jobs/{job}", job_page),
            Route("/jobs/{job}/status", job_status),
            Route("/jobs/{job}/semua.zip", download_everything),
            Route("/jobs/{job}/{n:int}", result_page),
            Route("/jobs/{job}/{n:int}/tindak-lanjut.xlsx", download_followup),
            Route("/jobs/{job}/{n:int}/tabel.zip", download_tables),
            Route("/jobs/{job}/{n:int}/rencana.xlsx", download_plan),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))],
        exception_handlers={HTTPException: http_error, 500: http_error},
        lifespan=lifespan,
    )
    app.state.limits = limits
    app.state.jobs = store
    return app
