"""A Pemdi (Indeks Pemerintah Digital, 2026) book on the page: its own label, values with
two decimals, the chart by aspect without domains, the external indicators apart, and a
plan in steps of a chosen size.  The workbook is an office's Pemdi follow-up
(tests/pemdi_workbooks.py) with the Aceh Tengah 2026 assessor's values."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest

import spbe_xl.framework as fw
from tests.pemdi_workbooks import pemdi_followup, pemdi_self_assessment
from tests.web.conftest import upload_and_wait
from tests.web.html_tables import tables

# The assessor's aspect scores and index for Aceh Tengah 2026 (/work/shared/pemdi-framework.md
# §6, "G4 aspect score"), independent of spbe-xl.
ASSESSOR_ASPECTS = {1: 1.75, 2: 1.28, 3: 1.00, 4: 1.17, 5: 1.08, 6: 1.40, 7: 1.18}


@pytest.fixture
def pemdi_page(client, tmp_path):
    book = pemdi_followup(tmp_path / "tl-pemdi-aceh-tengah-2026.xlsx")
    _, page = upload_and_wait(client, [book])
    assert page.status_code == 200, page.text
    return str(page.url).split("?")[0], page.text


def _text(page_html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page_html, re.S)
    assert match, f"#{element_id} missing"
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", match.group(1)).split()))


def _bars(page_html: str) -> dict[str, str]:
    """The chart's rows as its tooltips read: label -> 'Penilaian mandiri x, Resmi y'."""
    return {
        html.unescape(label): html.unescape(values)
        for label, values in re.findall(r"<title>([^<:]+): ([^<]+)</title>", page_html)
    }


def test_a_pemdi_book_is_labelled_and_charted_by_aspect(pemdi_page):
    _, page = pemdi_page
    assert _text(page, "index-label") == "Indeks Pemerintah Digital (resmi) · Pemdi, nilai 1,00-5,00"
    assert "Indeks SPBE" not in page
    assert _text(page, "index") == "1.24"  # the assessor's 1,24
    assert _text(page, "predicate") == "Kurang"  # below 1.50
    assert _text(page, "chart-heading") == "Indeks per aspek"
    bars = _bars(page)
    assert not any(label.startswith("Domain") for label in bars)
    aspects = {int(re.match(r"Aspek (\d+)\.", k).group(1)): v for k, v in bars.items()}
    assert set(aspects) == set(ASSESSOR_ASPECTS)
    for no, score in ASSESSOR_ASPECTS.items():
        assert aspects[no].endswith(f"Resmi {score:.2f}"), (no, aspects[no])
    # the rollup: mean value (two decimals), not a level
    assert "Rata-rata nilai" in page and "Rata-rata level" not in page
    assert all(re.fullmatch(r"\d\.\d\d", row[3]) for row in tables(page)["rollup"])


def test_the_external_indicators_are_shown_apart_with_their_source_index(pemdi_page):
    _, page = pemdi_page
    rows = tables(page)["externals"]
    framework = fw.load("pemdi2026").externals
    assert [int(r[0]) for r in rows] == sorted(framework["indicator_no"].tolist()) == [5, 6, 7, 18]
    by_no = {int(r[0]): r for r in rows}
    for e in framework.itertuples(index=False):
        row = by_no[int(e.indicator_no)]
        assert row[5] == e.index and row[6] == e.agency
        assert row[4] == "1.00"  # the office's typed 1 / "1,00": two decimals
    assert "Indeks Satu Data Indonesia (SDI)" in by_no[5][5] and by_no[5][6] == "Bappenas"


def test_a_pemdi_plan_in_steps_of_a_quarter(client, pemdi_page):
    url, page = pemdi_page
    assert 'id="plan-increment"' in page  # the step size is offered for a Pemdi book
    assert _text(page, "plan-before") == "1.24"
    quarter = client.get(f"{url}?target=Baik&max_step=16&increment=0.25").text
    assert _text(quarter, "plan-reached") == "target Baik tercapai"
    assert float(_text(quarter, "plan-after")) >= 2.5  # Baik: 2.50 and up
    download = client.get(f"{url}/rencana.xlsx?target=Baik&max_step=16&increment=0.25")
    assert download.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(download.content))
    sheet = wb["RINGKASAN RENCANA"]
    assert "PEMERINTAH DIGITAL" in str(sheet["A1"].value)
    values = {str(r[0].value): r[3] for r in sheet.iter_rows(min_row=5, max_row=12) if r[0].value}
    assert round(values["Indeks saat ini"].value, 2) == 1.24  # shown 0.00
    assert values["Indeks saat ini"].number_format == "0.00"
    # a step raises a value by 0.25: the agencies' sheets hold decimal values
    decimals = [
        c.value
        for name in wb.sheetnames[1:]
        for row in wb[name].iter_rows()
        for c in row
        if isinstance(c.value, float) and not c.value.is_integer() and 1 < c.value < 5
    ]
    assert any(round(v * 4) == v * 4 and round(v * 2) != v * 2 for v in decimals)  # x.25/x.75
    refused = client.get(f"{url}/rencana.xlsx?increment=0.3")
    assert refused.status_code == 400


def test_a_pemdi_self_assessment_is_charted_beside_the_official(client, tmp_path):
    paths = [
        pemdi_self_assessment(tmp_path / "pm-pemdi-2026.xlsx"),
        pemdi_followup(tmp_path / "tl-pemdi-2026.xlsx"),
    ]
    _, page = upload_and_wait(client, paths)
    assert page.status_code == 200, page.text
    assert _text(page.text, "index") == "1.24"
    bars = _bars(page.text)
    assert len(bars) == 7
    assert all(re.match(r"Penilaian mandiri \d\.\d\d, Resmi \d\.\d\d$", v) for v in bars.values())
    # aspect 1: the office claimed 2,50 and 1,50 (weighted by the framework's weights)
    pemdi = fw.load("pemdi2026")
    w1, w2 = pemdi.weight(1), pemdi.weight(2)
    claimed = (w1 * 2.5 + w2 * 1.5) / (w1 + w2)
    aspect1 = next(v for k, v in bars.items() if k.startswith("Aspek 1."))
    assert aspect1 == f"Penilaian mandiri {claimed:.2f}, Resmi 1.75"
