"""reading.checks.check_level_texts on spbe2020 workbooks: level labels whose explanation is
another level's criterion, in either wording of the sources (docs/criteria.md)."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import spbe_xl.framework as fw
from spbe_xl import read_workbook
from tests.conftest import SAMPLES

F2020 = fw.load("spbe2020")


def _builder() -> ModuleType:
    """samples/build_denpasar.py, which writes the office layout with openpyxl only."""
    spec = importlib.util.spec_from_file_location("build_denpasar", SAMPLES / "build_denpasar.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _version_b(no: int, level: int) -> str:
    info = F2020.criterion_info(no, level)
    assert info.status == "differ" and info.alt_source == "lembanoyoga/spbe"
    return info.alt_text


# indicator -> (self-assessment label, explanation, the level the explanation is)
# The texts are taken from the criteria, the labels chosen to contradict them.
CONTRADICTIONS = {
    # version A (the 2021 wording); 16-2 differs from its version B
    16: (4, F2020.criterion(16, 2), 2),
    # version B (lembanoyoga/spbe, the later wording)
    22: (3, _version_b(22, 4), 4),
    37: (1, _version_b(37, 5), 5),
    # both lineages agree; typed in capitals, without the full stop
    1: (2, F2020.criterion(1, 4).upper().rstrip("."), 4),
    # the suspect level-4 cell of indicator 3 and the single-source level-3 cell of 8
    3: (2, F2020.criterion(3, 4), 4),
    8: (5, F2020.criterion(8, 3), 3),
}
# the later wording under its own label: read as that level, no finding
CONSISTENT = {11: (2, _version_b(11, 2))}
LOW_CONFIDENCE = {
    "3": "the level-4 criterion is suspect",
    "8": "the level-3 criterion rests on a single source",
}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Kota Denpasar's 2021 self-assessment (samples/denpasar-2021.csv, real notes) with the
    explanations and labels of CONTRADICTIONS and CONSISTENT put in."""
    builder = _builder()
    with open(SAMPLES / "denpasar-2021.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        no = int(row["indicator_no"])
        if no in CONTRADICTIONS:
            label, text, _ = CONTRADICTIONS[no]
        elif no in CONSISTENT:
            label, text = CONSISTENT[no]
        else:
            continue
        row["self_level"], row["note"] = str(label), text
    path: Path = tmp_path_factory.mktemp("pm2020") / "pm-2021.xlsx"
    builder.build_penilaian_mandiri(rows).save(path)
    return path


@pytest.fixture(scope="module")
def book(workbook: Path):
    return read_workbook(workbook)


def test_the_workbook_reads_under_spbe2020(book):
    assert book.meta.framework == "spbe2020"
    ind = book.indicators.set_index("indicator_id")
    for no, (label, text, _) in CONTRADICTIONS.items():
        assert ind.loc[str(no), "self_level"] == label
        assert ind.loc[str(no), "self_explanation"].split() == text.split()


def test_each_contradiction_is_found_and_no_other(book):
    found = book.findings[book.findings.code == "level_text_mismatch"].set_index("indicator_id")
    assert set(found.index) == {str(no) for no in CONTRADICTIONS}
    for no, (label, _, text_level) in CONTRADICTIONS.items():
        message = found.loc[str(no), "message"]
        assert f"the label says LEVEL {label}" in message
        assert f"the explanation is the level-{text_level} criterion" in message
        assert found.loc[str(no), "severity"] == "warning"
        assert found.loc[str(no), "source"].startswith("'PM SPBE 2021'!D")  # PENJELASAN
        if str(no) in LOW_CONFIDENCE:
            assert "; low confidence: " + LOW_CONFIDENCE[str(no)] in message
        else:
            assert "low confidence" not in message


def test_levels_by_text_and_labels_kept(book):
    ind = book.indicators.set_index("indicator_id")
    for no, (label, _, text_level) in CONTRADICTIONS.items():
        assert ind.loc[str(no), "self_level"] == label  # never changed
        assert ind.loc[str(no), "self_level_by_text"] == text_level
    assert ind.loc["11", "self_level_by_text"] == 2
    # the office's own notes are no criterion, except 39's paraphrase of its level 3
    others = ind.drop(index=[str(n) for n in (*CONTRADICTIONS, *CONSISTENT)])
    by_text = others["self_level_by_text"].dropna()
    assert by_text.to_dict() == {"39": 3} and others.loc["39", "self_level"] == 3
    assert pd.isna(ind.loc["24", "self_level_by_text"])


def test_an_office_criteria_file_is_used_when_reading(workbook, tmp_path):
    """The office's file (docs/criteria.md) places the packaged level-4 text of indicator 3
    at level 3 and words a level 4 of its own: read with it, the LEVEL 2 cell is the level-3
    criterion, and the office's texts are not in doubt."""
    office = tmp_path / "kriteria-kantor.csv"
    level_4 = "Kriteria tingkat 3 telah terpenuhi dan kebijakan internal Manajemen Data terpadu."
    office.write_text(
        f'indicator_no,level,criterion\n3,3,"{F2020.criterion(3, 4)}"\n3,4,{level_4}\n',
        encoding="utf-8",
    )
    catalog = fw.load("spbe2020", criteria=office)
    book = read_workbook(workbook, framework=catalog)
    found = book.findings[book.findings.code == "level_text_mismatch"].set_index("indicator_id")
    assert set(found.index) == {str(no) for no in CONTRADICTIONS}
    message = found.loc["3", "message"]
    assert "the explanation is the level-3 criterion" in message
    assert "low confidence" not in message
    assert book.indicators.set_index("indicator_id").loc["3", "self_level_by_text"] == 3
