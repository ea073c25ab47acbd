"""The plan form of an instansi's page (issue 18, "the plan workbook once plan exists"):
its headline on the page and the plan workbook, through the test client."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest

from spbe_xl import rules
from spbe_xl.readers import read_workbook
from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX
from tests.web.conftest import upload_and_wait

BONTANG = [SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX]


@pytest.fixture
def bontang_url(client) -> str:
    _, page = upload_and_wait(client, BONTANG)
    assert page.status_code == 200
    return str(page.url).split("?")[0]


def _text(page_html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page_html, re.S)
    assert match, f"#{element_id} missing"
    return html.unescape(" ".join(match.group(1).split()))


def _summary(workbook_bytes: bytes) -> dict[str, object]:
    """RINGKASAN RENCANA as a person reads it: label in column A -> value in column D."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    sheet = wb["RINGKASAN RENCANA"]
    return {
        str(row[0].value): row[3].value
        for row in sheet.iter_rows(min_row=5, max_row=12)
        if row[0].value
    } | {"sheets": wb.sheetnames, "title": sheet["A2"].value}


def test_the_page_shows_the_default_plan_to_sangat_baik(client, bontang_url):
    page = client.get(bontang_url).text
    # README: the samples give 2.68 Baik; "Sangat Baik" starts at 3.50 (spbe2018 bands)
    assert _text(page, "plan-before") == "2.68"
    after = float(_text(page, "plan-after"))
    assert after >= 3.50
    assert _text(page, "plan-reached") == "target Sangat Baik tercapai"
    # the page shows what the library plans for these workbooks, nothing of its own
    plan = rules.plan(read_workbook(BONTANG))
    assert _text(page, "plan-steps") == f"{len(plan.steps)} langkah"
    assert after == rules.round_half_up(plan.index_after)
    assert _text(page, "plan-best").endswith(f"{rules.round_half_up(plan.best_reachable):.2f}")
    assert rules.round_half_up(plan.best_reachable) >= after
    assert 'id="download-plan"' in page


def test_the_plan_workbook_downloads_for_the_form_fields(client, bontang_url):
    default = client.get(f"{bontang_url}/rencana.xlsx")
    assert default.status_code == 200
    assert 'filename="rencana-pemerintah-kota-bontang-2018.xlsx"' in default.headers[
        "content-disposition"
    ]
    first = _summary(default.content)
    assert first["title"] == "PEMERINTAH KOTA BONTANG - HASIL EVALUASI SPBE 2018"
    assert first["Indeks saat ini"] == 2.68 and first["Target"] == 3.5
    assert first["Target tercapai"] == "YA"
    assert first["Langkah maksimum per indikator"] == 1
    # a number as the target, two levels per indicator: the page and the workbook agree
    page = client.get(f"{bontang_url}?target=4%2C2&max_step=2").text
    assert "target 4.20" in _text(page, "plan-reached")
    link = re.search(r'id="download-plan" href="([^"]+)"', page).group(1)
    asked = client.get(html.unescape(link))
    assert asked.status_code == 200
    second = _summary(asked.content)
    assert second["Target"] == pytest.approx(4.2) and second["Langkah maksimum per indikator"] == 2
    steps = int(re.match(r"\d+", _text(page, "plan-steps")).group(0))
    assert second["Jumlah langkah (naik satu level per langkah)"] == steps
    assert steps > first["Jumlah langkah (naik satu level per langkah)"]
    assert round(second["Indeks setelah rencana"], 2) == float(_text(page, "plan-after"))
    # one sheet per agency with steps, after the summary
    assert len(second["sheets"]) > 2


def test_a_target_out_of_reach_says_so_with_the_best_reachable(client, bontang_url):
    page = client.get(f"{bontang_url}?target=Memuaskan").text
    assert _text(page, "plan-reached") == "target Memuaskan tidak tercapai"
    best = float(_text(page, "plan-best").rsplit(" ", 1)[1])
    assert best < 4.2 and float(_text(page, "plan-after")) == best  # every step taken


def test_bad_fields_are_refused_with_a_message_and_escaped(client, bontang_url):
    page = client.get(f"{bontang_url}?target=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text
    assert "neither a number nor a predicate" in _text(page.text, "plan-error")
    assert 'id="download-plan"' not in page.text
    for query in ("max_step=0", "max_step=abc", "max_step=99", "target=9"):
        refused = client.get(f"{bontang_url}/rencana.xlsx?{query}")
        assert refused.status_code == 400, query
        assert "Rencana tidak dapat dibuat" in refused.text
        assert 'id="plan-error"' in client.get(f"{bontang_url}?{query}").text
    # the step size is a Pemdi field: ignored for an SPBE book
    assert client.get(f"{bontang_url}/rencana.xlsx?increment=0.25").status_code == 200


def test_the_findings_filter_keeps_the_plan_fields(client, bontang_url):
    page = client.get(f"{bontang_url}?target=3&code=missing_level").text
    assert '<input type="hidden" name="target" value="3">' in page  # kept by the filter
    assert _text(page, "plan-reached") == "target 3.00 tercapai"
    assert '<input type="hidden" name="code" value="missing_level">' in page


def test_a_blank_template_shows_no_index_and_nothing_to_plan(client, tmp_path):
    """A book without any level (the blank official template sent back as it was)."""
    from spbe_xl.writers import write_template

    blank = write_template(tmp_path / "kosong.xlsx", instansi="Pemerintah Kota Contoh", year=2018)
    job_url, _ = upload_and_wait(client, [blank])
    page = client.get(f"{job_url}/1").text
    assert _text(page, "index") == "–"  # no "nan"
    assert "tidak dapat direncanakan" in _text(page, "plan-error")
    assert 'id="download-plan"' not in page and 'id="plan-headline"' not in page
    listing = client.get(f"{job_url}?all=1").text
    assert ">nan<" not in listing


def test_the_plan_card_in_english(client, bontang_url):
    page = client.get(f"{bontang_url}?lang=en").text
    assert "Plan to raise the index" in page
    assert _text(page, "plan-reached") == "target Sangat Baik reached"
    assert "plan." not in re.sub(r'id="plan-[a-z-]+"|class="plan[^"]*"', "", page)  # no raw keys
