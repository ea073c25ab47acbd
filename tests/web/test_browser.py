"""A real browser on the real server: Debian's chromium, driven by Playwright (issue 18).

``spbe-xl serve`` runs in a subprocess on a free loopback port; headless chromium opens the
page, uploads the Bontang pair, sees 2.68 Baik and the findings, filters them, downloads the
follow-up workbook, asks for a plan to 4.00 and downloads its workbook, and the test reads
both back.  No browser is downloaded: .ci/run installs
Debian's ``chromium``.  Set ``SPBE_XL_SCREENSHOT=path.png`` to keep a picture of the results
(docs/web-results.png), ``SPBE_XL_SCREENSHOT_FINDINGS=path.png`` one of the findings in
Indonesian (docs/web-findings.png).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from spbe_xl import rules
from spbe_xl.readers import read_workbook
from tests.conftest import FOLLOWUP_XLSX, ROOT, SELF_ASSESSMENT_XLSX

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``spbe-xl serve`` on a free port of 127.0.0.1; its base URL."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "spbe_xl", "serve", "--port", str(port), "--jobs", "1"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    raise AssertionError(
                        "spbe-xl serve did not start:\n" + (tmp_path / "serve.log").read_text()
                    ) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()


@pytest.fixture
def browser_context(tmp_path: Path):
    """Headless Debian chromium with a fresh profile, downloads accepted."""
    if not CHROMIUM.exists():
        message = "Debian's chromium is missing: apt-get install -y chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            viewport={"width": 1200, "height": 900},
        )
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()


def test_a_browser_uploads_bontang_and_downloads_its_followup(server, browser_context, tmp_path):
    page = browser_context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.set_input_files("#files", [str(SELF_ASSESSMENT_XLSX), str(FOLLOWUP_XLSX)])
    assert "2 berkas dipilih" in page.inner_text("#drop")
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#index")
    # README: the sample workbooks as they are give 2.68, Baik
    assert page.inner_text("#index") == "2.68"
    assert page.inner_text("#predicate") == "Baik"
    assert page.locator("svg.chart .bar-official").count() == 10  # 3 domains, 7 aspects
    rows = page.locator("#findings tbody tr")
    assert rows.count() > 10
    assert "evaluator_vs_maturity" in page.inner_text("#findings")
    # in Indonesian, a finding's main line is its code's Indonesian title, the English
    # message below it as the detail (docs/findings.md, "Dalam bahasa Indonesia")
    evaluator_row = rows.filter(has_text="evaluator_vs_maturity").first
    assert evaluator_row.locator(".f-title").inner_text() == (
        "level dari evaluator berbeda dengan nilai tingkat kematangan di tindak lanjut"
    )
    assert evaluator_row.locator(".f-detail").inner_text().startswith("Rincian: indicator ")
    if os.environ.get("SPBE_XL_SCREENSHOT"):
        page.screenshot(
            path=os.environ["SPBE_XL_SCREENSHOT"],
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1200, "height": 1420},
        )
    if os.environ.get("SPBE_XL_SCREENSHOT_FINDINGS"):
        box = page.locator("#temuan").bounding_box()
        assert box is not None
        page.screenshot(
            path=os.environ["SPBE_XL_SCREENSHOT_FINDINGS"],
            full_page=True,
            clip={"x": 0, "y": box["y"] - 10, "width": 1200, "height": 1100},
        )

    # the code filter reloads the page with that code only
    page.select_option("#filter-code", "missing_level")
    page.wait_for_url("**code=missing_level**")
    codes = page.locator("#findings tbody tr td:nth-child(2)").all_inner_texts()
    assert codes and set(codes) == {"missing_level"}

    with page.expect_download() as caught:
        page.click("#download-followup")
    download = caught.value
    assert download.suggested_filename == "tindak-lanjut-pemerintah-kota-bontang-2018.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = read_workbook(saved)
    assert (book.meta.instansi, book.meta.year) == ("Pemerintah Kota Bontang", 2018)
    result = rules.index_scores(book.indicators, missing="skip")
    assert f"{rules.round_half_up(result.total):.2f} {result.predicate}" == "2.68 Baik"

    # the plan form: a number as the target, two levels per indicator; its workbook
    assert page.inner_text("#plan-reached") == "target Sangat Baik tercapai"
    page.fill("#plan-target", "4")
    page.fill("#plan-max-step", "2")
    page.click("#plan-submit")
    page.wait_for_url("**target=4**")
    assert page.inner_text("#plan-reached") == "target 4.00 tercapai"
    steps = int(page.inner_text("#plan-steps").split()[0])
    with page.expect_download() as caught:
        page.click("#download-plan")
    plan_download = caught.value
    assert plan_download.suggested_filename == "rencana-pemerintah-kota-bontang-2018.xlsx"
    plan_file = tmp_path / plan_download.suggested_filename
    plan_download.save_as(plan_file)
    summary = openpyxl.load_workbook(plan_file)["RINGKASAN RENCANA"]
    rows = {r[0].value: r[3].value for r in summary.iter_rows(min_row=5, max_row=12)}
    assert (rows["Indeks saat ini"], rows["Target"], rows["Target tercapai"]) == (2.68, 4, "YA")
    assert rows["Jumlah langkah (naik satu level per langkah)"] == steps
    assert rows["Langkah maksimum per indikator"] == 2

    # the English switch, and nothing was asked of another server
    page.click("a.lang")
    page.wait_for_selector("html[lang=en]")
    assert "Findings" in page.inner_text("#temuan h2")
    findings_en = page.inner_text("#findings")
    assert "the follow-up's maturity level is" in findings_en
    assert "level dari evaluator" not in findings_en and "Rincian" not in findings_en
    assert requested and all(url.startswith(server + "/") for url in requested), requested
