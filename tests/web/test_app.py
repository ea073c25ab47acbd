"""The web page through Starlette's test client: upload, results, downloads, bad files,
limits, escaping, the template form (issue 18)."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from html import unescape
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from spbe_xl import rules
from spbe_xl.book import ReadError
from spbe_xl.findings import REGISTRY
from spbe_xl.readers import read_workbook
from spbe_xl.web import jobs as web_jobs
from tests import variants
from tests.bad_corpus import small_cases
from tests.conftest import FOLLOWUP_XLSX, SAMPLES, SELF_ASSESSMENT_XLSX
from tests.web.conftest import post_files, upload_and_wait, wait_done
from tests.web.html_tables import tables

BONTANG = [SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX]
DENPASAR = [
    SAMPLES / "denpasar-2021-penilaian-mandiri.xlsx",
    SAMPLES / "denpasar-2021-tindak-lanjut.xlsx",
]
SEVERITY = {"peringatan": "warning", "galat": "error", "catatan": "info"}


def _findings(html: str) -> list[dict[str, str]]:
    """The findings table's rows; in Indonesian, the message cell's three lines apart: the
    title, what to do ("Saran: ...") and the English message ("Rincian: ...")."""
    rows = tables(html).get("findings", [])
    out = []
    for severity, code, indicator, where, cell, message in rows:
        sheet, _, file = where.partition(" | ")
        title = action = ""
        lines = message.split(" | ", 2)  # the message itself may hold " | "
        if len(lines) == 3 and lines[1].startswith("Saran: ") and lines[2].startswith("Rincian: "):
            title = lines[0]
            action = lines[1].removeprefix("Saran: ")
            message = lines[2].removeprefix("Rincian: ")
        out.append(
            {
                "severity": SEVERITY.get(severity, severity),
                "code": code,
                "indicator": indicator,
                "sheet": sheet,
                "file": file,
                "cell": cell,
                "message": message,
                "title": title,
                "action": action,
            }
        )
    return out


@pytest.fixture
def bontang_page(client):
    return upload_and_wait(client, BONTANG)


# --------------------------------------------------------------------------- the pages


def test_the_start_page_is_indonesian_with_an_english_switch(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="id"' in page.text and "Unggah lembar kerja" in page.text
    assert 'href="/?lang=en"' in page.text
    english = client.get("/?lang=en")
    assert 'lang="en"' in english.text and "Upload workbooks" in english.text
    assert english.cookies.get("lang") == "en"
    # the choice is remembered by the cookie
    assert "Upload workbooks" in client.get("/").text


def test_the_page_asks_nothing_of_another_server(client):
    """Offline: every script, style and picture comes from this server."""
    page = client.get("/")
    refs = re.findall(r'(?:src|href|action)="([^"]*)"', page.text)
    assert refs and all(r.startswith(("/", "#", "?")) for r in refs), refs
    assert "Content-Security-Policy" in page.headers
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    for ref in [r for r in refs if r.startswith("/static/")]:
        asset = client.get(ref)
        assert asset.status_code == 200 and asset.content
        text = asset.text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, not a fetch
        assert "http://" not in text and "https://" not in text


def test_the_bontang_pair_gives_its_index_chart_findings_and_rollup(bontang_page, bontang_book):
    job_url, page = bontang_page
    assert page.url.path == f"{job_url}/1"  # one instansi: its page at once
    html = page.text
    # README: read as they are, the sample workbooks give 2.68, Baik (2.72 published,
    # two rows differ); the self-assessment is scored beside it
    assert '<span class="index" id="index">2.68</span>' in html
    assert 'id="predicate">Baik</span>' in html
    assert "Pemerintah Kota Bontang" in html and "PermenPANRB No. 5 Tahun 2018" in html
    # the chart: 3 domains and 7 aspects of PermenPANRB 5/2018, a self and an official bar each
    assert html.count('<g class="row domain">') == 3
    assert html.count('<g class="row aspect">') == 7
    assert html.count('class="bar-self"') == html.count('class="bar-official"') == 10
    # every finding of the library is listed, naming its sheet and cell
    shown = _findings(html)
    assert len(shown) == len(bontang_book.findings) > 0
    assert all(f["sheet"] and f["file"] for f in shown)
    # the follow-up gives indicator 3 level 4 where the evaluator gave 3: the page names
    # the cell, and that cell of the workbook does hold the follow-up's level
    row = next(
        f for f in shown if f["code"] == "evaluator_vs_maturity" and f["indicator"] == "3"
    )
    assert (row["file"], row["sheet"], row["cell"]) == (FOLLOWUP_XLSX.name, "TL SEMUA", "D16")
    sheet = openpyxl.load_workbook(FOLLOWUP_XLSX, read_only=True)[row["sheet"]]
    assert sheet[row["cell"]].value == "LEVEL 4"
    # the rollup: one row per responsible agency, as many indicators as they hold
    rollup = tables(html)["rollup"]
    agencies = set(bontang_book.indicators["responsible_agency"].dropna())
    assert {r[0] for r in rollup} == agencies
    assert "Dinas Komunikasi, Informatika dan Statistik" in agencies


def test_findings_are_filtered_by_severity_and_code(client, bontang_page, bontang_book):
    job_url, _ = bontang_page
    page = client.get(f"{job_url}/1", params={"code": "missing_level"})
    shown = _findings(page.text)
    expected = bontang_book.findings[bontang_book.findings.code == "missing_level"]
    assert len(shown) == len(expected) > 0
    assert {f["code"] for f in shown} == {"missing_level"}
    page = client.get(f"{job_url}/1", params={"severity": "error"})
    assert _findings(page.text) == []  # the sample has warnings only
    page = client.get(f"{job_url}/1", params={"severity": "warning", "code": "agency_unified"})
    assert [f["code"] for f in _findings(page.text)] == ["agency_unified"]


def _options(html: str, value: str) -> list[str]:
    """The texts of the <option>s of that value (entities decoded)."""
    found = re.findall(rf'<option value="{re.escape(value)}"[^>]*>([^<]*)</option>', html)
    return [unescape(text) for text in found]


def test_findings_are_told_in_indonesian_with_the_english_message_as_detail(
    client, bontang_page, bontang_book
):
    """Indonesian (the default): each row's main line is its code's Indonesian title, then
    what to do, then the library's English message (it carries the cells and levels)."""
    job_url, page = bontang_page
    shown = _findings(page.text)
    assert len(shown) == len(bontang_book.findings) > 0
    # every row is told in Indonesian, its detail the library's own message, in its order
    assert all(f["title"] and f["action"] for f in shown)
    assert [(f["code"], f["message"]) for f in shown] == list(
        zip(bontang_book.findings.code, bontang_book.findings.message, strict=True)
    )
    for f in shown:
        kind = REGISTRY[f["code"]]
        assert (f["title"], f["action"]) == (kind.title_id, kind.action_id)
    # indicator 3: the evaluator gave level 3, the follow-up's D16 says LEVEL 4
    # (docs/findings.md, "Dalam bahasa Indonesia")
    row = next(
        f for f in shown if f["code"] == "evaluator_vs_maturity" and f["indicator"] == "3"
    )
    assert row["title"] == (
        "level dari evaluator berbeda dengan nilai tingkat kematangan di tindak lanjut"
    )
    assert row["action"].startswith("Periksa level mana yang diterbitkan")
    assert "D16" in row["message"] and "4" in row["message"]
    english_title = "the evaluator's level differs from the follow-up's maturity level"
    assert english_title not in unescape(page.text)
    # the code filter names the codes in Indonesian too; the severities are Indonesian
    options = _options(page.text, "evaluator_vs_maturity")
    assert options == ["evaluator_vs_maturity · " + row["title"]]
    assert ">peringatan</option>" in page.text
    # filtered by code, the rows are still told in Indonesian
    filtered = _findings(client.get(f"{job_url}/1", params={"code": "missing_level"}).text)
    assert filtered and {f["title"] for f in filtered} == {REGISTRY["missing_level"].title_id}

    # English: the page as before, the English message alone, the English title in the filter
    english = client.get(f"{job_url}/1", params={"lang": "en"}).text
    shown_en = _findings(english)
    assert [(f["code"], f["message"], f["title"]) for f in shown_en] == [
        (f["code"], f["message"], "") for f in shown
    ]
    assert "level dari evaluator" not in english and "Rincian" not in english
    assert english_title in unescape(english)
    options = _options(english, "evaluator_vs_maturity")
    assert options == [f"evaluator_vs_maturity · {english_title}"]
    assert ">warning</option>" in english


def test_the_downloads_read_back(client, bontang_page):
    job_url, _ = bontang_page
    response = client.get(f"{job_url}/1/tindak-lanjut.xlsx")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    workbook = io.BytesIO(response.content)
    # docs/writers.md: the official follow-up's sheets
    names = openpyxl.load_workbook(workbook).sheetnames
    assert names[0] == "TINDAK LANJUT" and "RINGKASAN" in names
    zipped = client.get(f"{job_url}/1/tabel.zip")
    assert zipped.status_code == 200
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        names = {Path(n).name for n in archive.namelist()}
        assert {"indicators.csv", "findings.csv", "evidence.csv", "actions.csv"} <= names
        indicators_csv = next(n for n in archive.namelist() if n.endswith("indicators.csv"))
        indicators = pd.read_csv(archive.open(indicators_csv), dtype=str)
    # 35 indicators of PermenPANRB 5/2018, indicator 35 in three instances: 37 rows
    assert len(indicators) == 37


def test_the_followup_download_is_the_instansi_workbook(client, bontang_page, tmp_path):
    job_url, _ = bontang_page
    target = tmp_path / "tindak-lanjut.xlsx"
    target.write_bytes(client.get(f"{job_url}/1/tindak-lanjut.xlsx").content)
    book = read_workbook(target)
    assert book.meta.instansi == "Pemerintah Kota Bontang" and book.meta.year == 2018
    result = rules.index_scores(book.indicators, missing="skip")
    assert f"{rules.round_half_up(result.total):.2f} {result.predicate}" == "2.68 Baik"


def test_several_instansi_are_listed_each_with_its_page(client):
    job_url, page = upload_and_wait(client, [*DENPASAR, *BONTANG])
    assert page.url.path == job_url  # two instansi: the list
    rows = [r for r in tables(page.text)["table0"] if len(r) == 8]
    # README: Denpasar 2021 gives the published 3.19 Baik, Bontang 2018 2.68 Baik
    by_year = {r[2]: (r[3], r[4], r[6]) for r in rows}
    assert by_year == {"2018": ("2.68", "Baik", "berhasil"), "2021": ("3.19", "Baik", "berhasil")}
    links = re.findall(rf'href="({re.escape(job_url)}/\d)"', page.text)
    assert len(links) == 2
    assert {client.get(link).status_code for link in links} == {200}
    # everything in one zip: each instansi's folder and the batch's reports
    everything = client.get(f"{job_url}/semua.zip")
    assert everything.status_code == 200
    with zipfile.ZipFile(io.BytesIO(everything.content)) as archive:
        names = set(archive.namelist())
        summary = pd.read_csv(archive.open("summary.csv"))
    assert {"errors.csv", "summary.csv"} <= names
    folders = {n.split("/")[0] for n in names if "/" in n}
    assert len(folders) == 2
    for folder in folders:
        assert {f"{folder}/tindak-lanjut.xlsx", f"{folder}/indicators.csv"} <= names
    assert len(summary) == 2


def test_the_upload_does_not_wait_for_the_conversion(client, monkeypatch):
    """A job runs in the background: the upload answers, the page shows progress."""
    gate = threading.Event()
    real = web_jobs.run_job

    def gated(*args, **kwargs):
        assert gate.wait(60)
        real(*args, **kwargs)

    monkeypatch.setattr(web_jobs, "run_job", gated)
    response = post_files(client, BONTANG)
    assert response.status_code == 303
    job_url = response.headers["location"]
    waiting = client.get(job_url)
    assert waiting.status_code == 200 and "<progress" in waiting.text
    assert client.get(f"{job_url}/status").json()["state"] == "queued"
    gate.set()
    assert wait_done(client, job_url)["state"] == "done"
    assert client.get(job_url).url.path == f"{job_url}/1"


# --------------------------------------------------------------------------- bad input


def test_a_broken_file_gets_the_library_message(client, tmp_path):
    case = small_cases(tmp_path / "bad")["random-bytes.xlsx"]
    with pytest.raises(ReadError) as raised:
        read_workbook(case)
    reason = str(raised.value).removeprefix(f"{case.name}: ")
    _, page = upload_and_wait(client, [case])
    assert page.status_code == 200
    assert "gagal" in page.text
    rows = tables(page.text)["table0"]
    assert any(reason in " ".join(r) for r in rows), (reason, rows)


def test_a_broken_file_does_not_stop_the_good_ones(client, tmp_path):
    case = small_cases(tmp_path / "bad")["truncated.xlsx"]
    _, page = upload_and_wait(client, [case, *BONTANG])
    statuses = [r[6] for r in tables(page.text)["table0"] if len(r) == 8]
    assert sorted(statuses) == ["berhasil", "gagal"]


def test_a_file_that_is_not_a_workbook_is_refused_by_name(client, tmp_path):
    note = tmp_path / "catatan.txt"
    note.write_text("bukan lembar kerja")
    response = post_files(client, [note])
    assert response.status_code == 400
    assert "catatan.txt bukan lembar kerja" in response.text


def test_no_file_chosen(client):
    response = client.post("/upload", data={"x": "1"}, files={"other": ("a", b"")})
    assert response.status_code == 400


def test_a_file_over_the_size_limit_is_refused(client, tmp_path):
    big = tmp_path / "besar.xlsx"
    big.write_bytes(b"PK" + b"\0" * (2 * 1024 * 1024 + 10))  # the fixture's limit: 2 MB
    response = post_files(client, [big])
    assert response.status_code == 413
    assert "besar.xlsx terlalu besar: paling besar 2 MB per berkas" in response.text


def test_too_many_files_are_refused(client):
    response = post_files(client, [FOLLOWUP_XLSX] * 7, [f"f{i}.xlsx" for i in range(7)])
    assert response.status_code == 413
    assert "paling banyak 6" in response.text


def test_an_upload_over_the_total_limit_is_refused_before_it_is_read(client):
    response = client.post(
        "/upload",
        content=b"x" * 10,
        headers={"content-type": "multipart/form-data; boundary=b", "content-length": str(7 * 2**20)},
    )
    assert response.status_code == 413
    assert "paling besar 5 MB sekali unggah" in response.text


def test_names_from_the_browser_never_leave_the_job_folder():
    taken: set[str] = set()
    assert web_jobs.safe_upload_name("../../etc/evil.xlsx", taken) == "evil.xlsx"
    assert web_jobs.safe_upload_name("C:\\Users\\x\\evil.XLSX", taken) == "evil-2.xlsx"
    assert web_jobs.safe_upload_name("a, b; <c>.ods", taken) == "a_ b_ _c.ods"
    assert web_jobs.safe_upload_name("..xlsx", taken) == "workbook.xlsx"
    with pytest.raises(web_jobs.UploadRefused):
        web_jobs.safe_upload_name("evil.xlsx.exe", taken)


def test_the_temporary_folder_is_removed(client, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    _, page = upload_and_wait(client, BONTANG)
    assert "2.68" in page.text
    assert not list(tmp_path.glob("spbe-xl-web-*"))
    # a refused upload leaves nothing either
    note = tmp_path / "x.txt"
    note.write_text("x")
    assert post_files(client, [FOLLOWUP_XLSX, note]).status_code == 400
    assert not list(tmp_path.glob("spbe-xl-web-*"))


def test_a_script_in_a_cell_shows_as_text(client, tmp_path):
    grids = variants.load(FOLLOWUP_XLSX)
    evil = "<script>alert('spbe')</script>"
    tl = grids[0]
    assert tl.rows[11][0] == 1 or str(tl.rows[11][0]) == "1"
    tl.rows[11][13] = f"{evil} Bagian Organisasi"  # indicator 1's agency
    path = variants.save(grids, tmp_path / "tindak-lanjut-script.xlsx")
    _, page = upload_and_wait(client, [SELF_ASSESSMENT_XLSX, path])
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;spbe&#39;)&lt;/script&gt;" in page.text
    agencies = [r[0] for r in tables(page.text)["rollup"]]
    assert any(evil in a for a in agencies)  # shown as the text it is
    # the finding that quotes it, told in Indonesian, quotes it as text in its detail
    quoting = [f for f in _findings(page.text) if evil in f["message"]]
    assert quoting and all(f["title"] for f in quoting)


def test_an_unknown_job_is_not_found(client):
    page = client.get("/jobs/nothing-here")
    assert page.status_code == 404
    assert "kedaluwarsa" in page.text


def test_another_host_name_gets_no_answer(client):
    """A site that points a name of its own at 127.0.0.1 (DNS rebinding) reads nothing."""
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


# --------------------------------------------------------------------------- template


def test_the_template_form_writes_the_blank_workbook(client, tmp_path):
    response = client.post(
        "/template",
        data={
            "year": "2018",
            "instansi": "Pemerintah Kota Contoh",
            "agencies": "Dinas Komunikasi dan Informatika\nBagian Organisasi Setda\n",
            "framework": "",
            "paper": "a4",
        },
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    target = tmp_path / "templat.xlsx"
    target.write_bytes(response.content)
    book = read_workbook(target)
    # the 2018 round is PermenPANRB 5/2018's: 35 indicators
    assert book.meta.framework == "spbe2018" and book.meta.year == 2018
    assert book.indicators["indicator_no"].nunique() == 35
    assert book.meta.instansi == "Pemerintah Kota Contoh"
    # the agencies typed, one a line, are the dropdown's list (docs/writers.md: DAFTAR)
    listed = [c.value for c in openpyxl.load_workbook(target)["DAFTAR"]["A"]]
    assert listed == ["Dinas Komunikasi dan Informatika", "Bagian Organisasi Setda"]


def test_the_template_form_shows_the_library_refusal(client):
    response = client.post("/template", data={"year": "2017"})
    assert response.status_code == 400
    assert "2017" in response.text
    assert client.post("/template", data={"year": "19"}).status_code == 400


def test_a_form_posted_by_another_site_is_refused(client):
    """A page elsewhere cannot make this server convert or write (no cross-site posts)."""
    evil = {"origin": "http://evil.example"}
    response = client.post("/template", data={"year": "2018"}, headers=evil)
    assert response.status_code == 403
    files = [("files", ("a.xlsx", FOLLOWUP_XLSX.read_bytes(), "application/octet-stream"))]
    assert client.post("/upload", files=files, headers=evil).status_code == 403
    same = {"origin": "http://127.0.0.1"}
    assert client.post("/template", data={"year": "2018"}, headers=same).status_code == 200
