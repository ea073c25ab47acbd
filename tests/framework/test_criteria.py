"""spbe_xl.framework.criteria: the level criteria, the criteria CSV, match_level and check_label."""

from __future__ import annotations

import dataclasses

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError
from tests.conftest import ROOT
from tests.framework.files import CRIT_22_4, F2018, F2020, MINI_CRITERIA, criteria_toml, write


def test_2018_criteria_load():
    crit = F2018.criteria
    assert F2018.has_criteria
    assert list(crit.columns) == list(fw.CRITERIA_COLUMNS)
    assert crit["indicator_no"].dtype == "int64" and crit["level"].dtype == "int64"
    assert all(crit[c].dtype == "string" for c in list(fw.CRITERIA_COLUMNS)[2:])
    assert len(crit) == 210
    pairs = list(zip(crit["indicator_no"], crit["level"], strict=True))
    assert pairs == [(no, lv) for no in range(1, 36) for lv in range(0, 6)]
    assert crit["criterion"].str.len().min() > 10
    assert crit["level_explanation"].notna().all()
    assert crit["source"].str.contains("monev-spbe-dps|eval-spbe").all()
    # the other source's wording only where the two differ (13 cells)
    assert crit["alt_criterion"].notna().sum() == 13
    assert F2018.criterion(3, 4) == (
        "Kebijakan internal telah mendukung pengaturan rencana induk SPBE yang mencakup "
        "integrasi SPBE antar Instansi Pusat, antar Pemerintah Daerah, dan/atau antar Instansi "
        "Pusat dan Pemerintah Daerah."
    )
    assert F2018.criterion(22, "LEVEL 4") == CRIT_22_4
    assert F2018.criterion(22, 9) is None
    for no in range(1, 36):
        assert F2018.evidence_guidance(no).startswith("Data pendukung")
    assert crit["indicator_explanation"].notna().all()
    assert F2018.criteria_status == "from data"
    assert "putuokky/monev-spbe-dps" in F2018.criteria_source
    assert "alfiyansys/eval-spbe" in F2018.criteria_source
    assert F2018.criteria_file.endswith("spbe2018-criteria.csv")
    assert "Level criteria: 210 (indicators 1-35, levels 0-5) [from data]" in F2018.describe()
    with pytest.raises(fw.UnknownIndicatorError):
        F2018.criterion(36, 1)


def test_criteria_frame_is_a_copy():
    crit = F2018.criteria
    crit.loc[0, "criterion"] = "changed"
    assert F2018.criteria.loc[0, "criterion"] != "changed"
    assert F2018.criterion(1, 0).startswith("Tidak terdapat")


def test_packaged_criteria_are_the_shared_file():
    shared = ROOT.parent / "shared" / "spbe2018-level-criteria.csv"
    if not shared.is_file():
        pytest.skip("shared/ is not beside the repository")
    packaged = ROOT / "spbe_xl" / "data" / "spbe2018-criteria.csv"
    assert packaged.read_bytes() == shared.read_bytes()


def test_check_label_flags_another_levels_criterion():
    c = F2018.check_label(22, 3, CRIT_22_4)
    assert c == fw.LabelCheck(label_level=3, text_level=4, label_score=0.171, text_score=1.0)
    assert c.margin == 0.829
    assert c.text_score - c.label_score >= fw.LABEL_MARGIN
    assert "LEVEL 3" in c.describe() and "level-4 criterion" in c.describe()
    # the label as printed, and as a float from a spreadsheet cell
    assert F2018.check_label(22, "LEVEL 3", CRIT_22_4) == c
    assert F2018.check_label(22, 3.0, CRIT_22_4) == c


def test_check_label_is_quiet_when_consistent_or_undecidable():
    assert F2018.check_label(22, 4, CRIT_22_4) is None
    assert F2018.check_label(22, 4, CRIT_22_4.lower()[:-30]) is None
    assert F2018.check_label(22, None, CRIT_22_4) is None
    assert F2018.check_label(22, "LEVEL", CRIT_22_4) is None
    assert F2018.check_label(22, 7, CRIT_22_4) is None  # not a level with a criterion
    # level 2 and level 3 of indicator 20 differ by one phrase: the text's level is known
    # (match_level), but not "clearly better" than the label's (see docs/criteria.md)
    l3 = F2018.criterion(20, 3)
    assert F2018.match_level(20, l3).level == 3
    assert F2018.check_label(20, 2, l3) is None


def test_results_are_not_shared_between_calls():
    first = F2018.match_level(22, CRIT_22_4)
    first.scores[4] = 0.0
    assert F2018.match_level(22, CRIT_22_4).scores[4] == 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.level = 3  # type: ignore[misc]


def test_unknown_indicator_raises():
    with pytest.raises(fw.UnknownIndicatorError):
        F2018.match_level(36, CRIT_22_4)
    with pytest.raises(fw.UnknownIndicatorError):
        F2018.check_label(0, 3, CRIT_22_4)


# Derived from the seed and the criteria (docs/criteria.md): the explanation is the level-4
# criterion, the label says otherwise.  (indicator_id, sheet key, who) -> (label, text level)
BONTANG_CONTRADICTIONS = {
    ("3", "pm", "evaluator"): (3, 4),  # seed line 174
    ("13", "pm", "evaluator"): (3, 4),  # 209
    ("6", "tl", "maturity"): (3, 4),  # 330
    ("22", "tl", "maturity"): (3, 4),  # 406
    ("24", "tl", "maturity"): (3, 4),  # 411
    ("5", "tl-dkis", "maturity"): (3, 4),  # 564
    ("6", "tl-dkis", "maturity"): (3, 4),  # 565 (text cut: "... dan Pemerintah")
    ("22", "tl-dkis", "maturity"): (3, 4),  # 590
    ("24", "tl-dkis", "maturity"): (3, 4),  # 592
    ("15", "tl-hukum", "maturity"): (1, 4),  # 993
}


# Evaluator reasons, not criteria: no level, no finding.
BONTANG_REASONS = {
    ("18", "pm", "evaluator"),  # "Belum melaksanakan evaluasi dan pemantauan ..."
    ("20", "pm", "evaluator"),  # "Belum melaksanakan pemantauan dan evaluasi ..."
    ("21", "pm", "evaluator"),  # "... SKPD belum dikonsultasikan pada unit pengelola TIK"
    ("22", "pm", "evaluator"),  # "Belum dilakukan pengendalian ..."
    ("24", "pm", "evaluator"),  # "Belum diterapkan secara keseluruhan ..."
}


def labelled_explanations(data: dict) -> list[tuple[tuple[str, str, str], int, int, str]]:
    """((indicator_id, sheet, who), indicator_no, label, explanation) for every level label
    with an explanation beside it in the transcription."""
    out = []
    for ind in data["indicators"]:
        sa = ind["self_assessment"]
        if sa:
            for who in ("self", "evaluator"):
                level, text = sa[f"{who}_level"], sa[f"{who}_explanation"]
                if level is not None and text:
                    out.append(((ind["indicator_id"], "pm", who), ind["indicator_no"], level, text))
        sheets = [("tl", ind["followup"]), *(ind.get("agency_sheets") or {}).items()]
        for key, sheet in sheets:
            if sheet and sheet["maturity_level"] is not None and sheet["maturity_explanation"]:
                out.append(
                    (
                        (ind["indicator_id"], key, "maturity"),
                        ind["indicator_no"],
                        sheet["maturity_level"],
                        sheet["maturity_explanation"],
                    )
                )
    return out


def test_bontang_contradictions_are_exactly_the_derived_ones(bontang_data):
    pairs = labelled_explanations(bontang_data)
    assert len(pairs) == 136
    found = {}
    for where, no, label, text in pairs:
        check = F2018.check_label(no, label, text)
        if check is not None:
            assert check.label_level == label
            found[where] = (check.label_level, check.text_level)
            assert check.text_score >= 0.97
            assert check.margin >= 0.25
    assert found == BONTANG_CONTRADICTIONS


def test_bontang_every_other_text_describes_its_label(bontang_data):
    for where, no, label, text in labelled_explanations(bontang_data):
        match = F2018.match_level(no, text)
        if where in BONTANG_REASONS:
            assert match is None, where
        elif where in BONTANG_CONTRADICTIONS:
            assert match.level == BONTANG_CONTRADICTIONS[where][1], where
        else:
            assert match is not None and match.level == label, (where, match)


def test_2020_has_no_criteria_and_nothing_raises():
    assert not F2020.has_criteria
    crit = F2020.criteria
    assert crit.empty and list(crit.columns) == list(fw.CRITERIA_COLUMNS)
    assert F2020.criteria_file is None and F2020.criteria_status == ""
    assert F2020.criterion(1, 3) is None
    assert F2020.evidence_guidance(1) is None
    for no in (1, 20, 47):
        assert F2020.match_level(no, CRIT_22_4) is None
        assert F2020.check_label(no, 3, CRIT_22_4) is None
        assert F2020.check_label(no, "LEVEL 3", "") is None
    assert "Level criteria" not in F2020.describe()


def test_own_framework_with_criteria(tmp_path):
    (tmp_path / "mini-criteria.csv").write_text(MINI_CRITERIA, encoding="utf-8")
    f = fw.load(write(tmp_path, criteria_toml()))
    assert f.has_criteria and len(f.criteria) == 4
    assert f.criteria_file == str(tmp_path / "mini-criteria.csv")
    assert f.criteria.loc[0, "source"] == "test criteria"
    assert f.evidence_guidance(1) == "Bukti satu"
    assert f.evidence_guidance(2) is None
    assert f.criterion(2, 3) is None
    assert f.match_level(3, "Terdapat konsep kebijakan internal terkait tiga.") is None
    text = "Kebijakan internal telah ditetapkan untuk seluruh unit kerja"
    assert f.match_level(1, text).level == 3
    assert f.check_label(1, 1, text) == fw.LabelCheck(1, 3, f.match_level(1, text).scores[1], 1.0)


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("indicator_no,level,text\n1,1,x\n", "missing: criterion"),
        ("indicator_no,level,criterion\n9,1,x\n", r"line 2.*'9' is not an indicator"),
        (
            "indicator_no,level,criterion\n1,0,x\n",
            r"line 2.*level '0' of indicator 1 is outside 1\.\.5",
        ),
        ("indicator_no,level,criterion\n1,1,x\n1,1,y\n", r"line 3.*given twice \(also on line 2\)"),
        ("indicator_no,level,criterion\n1,1,\n", "empty criterion"),
        (
            "indicator_no,level,criterion,evidence_guidance\n1,1,x,a\n1,2,y,b\n",
            r"line 3.*evidence_guidance of indicator 1 differs",
        ),
    ],
)
def test_bad_criteria_files(tmp_path, csv_text, message):
    (tmp_path / "mini-criteria.csv").write_text(csv_text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=message) as exc:
        fw.load(write(tmp_path, criteria_toml()))
    assert "mini-criteria.csv" in str(exc.value)


def test_missing_criteria_file(tmp_path):
    with pytest.raises(FrameworkError, match=r"criteria\.file.*nope\.csv"):
        fw.load(write(tmp_path, criteria_toml("nope.csv")))
