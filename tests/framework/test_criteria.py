"""spbe_xl.framework.criteria: the level criteria, the criteria CSV, match_level and check_label."""

from __future__ import annotations

import csv
import dataclasses

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError
from tests.conftest import ROOT
from tests.framework.files import (
    CRIT_22_4,
    F2018,
    F2020,
    MINI_CRITERIA,
    criteria_toml,
    toml_text,
    write,
)


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


def test_a_framework_without_criteria_has_none_and_nothing_raises(tmp_path):
    f = fw.load(write(tmp_path, toml_text()))
    assert not f.has_criteria
    crit = f.criteria
    assert crit.empty and list(crit.columns) == list(fw.CRITERIA_COLUMNS)
    assert f.criteria_file is None and f.criteria_status == ""
    assert f.criterion(1, 3) is None and f.criterion_info(1, 3) is None
    assert f.evidence_guidance(1) is None
    for no in (1, 4):
        assert f.match_level(no, CRIT_22_4) is None
        assert f.check_label(no, 3, CRIT_22_4) is None
        assert f.check_label(no, "LEVEL 3", "") is None
    assert "Level criteria" not in f.describe()


# --------------------------------------------------------------------------- spbe2020

SHARED_2020 = ROOT.parent / "shared" / "spbe2020-level-criteria.csv"
PACKAGED_2020 = ROOT / "spbe_xl" / "data" / "spbe2020-criteria.csv"
# the project notes' source keys (spbe2020-level-criteria.md)
SOURCE_KEYS = {
    "L": "lembanoyoga/spbe",
    "D": "dindarestika/SPBE",
    "M": "ansyahumar/magangpppa",
    "S": "sleeppygirls/SPBE",
}


def _csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_2020_criteria_load():
    crit = F2020.criteria
    assert F2020.has_criteria and len(crit) == 235
    pairs = list(zip(crit["indicator_no"], crit["level"], strict=True))
    assert pairs == [(no, lv) for no in range(1, 48) for lv in range(1, 6)]
    # the project notes' counts: 145 agree (levels 3 and 4 of indicator 3 among them, marked
    # suspect here), 87 differ, 3 single source
    assert crit["criterion_status"].value_counts().to_dict() == {
        "agree": 143, "differ": 87, "single source": 3, "suspect": 2,
    }  # fmt: skip
    differ = crit[crit["criterion_status"] == "differ"]
    assert differ["alt_criterion"].notna().all() and crit["alt_criterion"].notna().sum() == 87
    assert (differ["alt_source"] == "lembanoyoga/spbe").sum() == 86  # 2-5: the other way round
    assert F2020.criterion_info(2, 5).alt_source == "sleeppygirls/SPBE"
    assert F2020.criteria_status == "from data"
    assert F2020.criteria_file.endswith("spbe2020-criteria.csv")
    assert "Level criteria: 235 (indicators 1-47, levels 1-5) [from data]" in F2020.describe()
    assert F2020.evidence_guidance(1) is None  # the sources' Bukti Dukung texts are not taken


def test_packaged_2020_criteria_follow_the_shared_file():
    if not SHARED_2020.is_file():
        pytest.skip("shared/ is not beside the repository")
    shared, packaged = _csv_rows(SHARED_2020), _csv_rows(PACKAGED_2020)
    assert len(shared) == len(packaged) == 235
    for s, p in zip(shared, packaged, strict=True):
        for key in ("indicator_no", "level", "criterion", "alt_criterion", "agreement", "note"):
            assert p[key] == s[key], (s["indicator_no"], s["level"], key)
        for mine, theirs in (("source", "sources"), ("alt_source", "alt_sources")):
            names = [SOURCE_KEYS[k] for k in s[theirs].split("+")] if s[theirs] else []
            assert p[mine] == " + ".join(names)
        if (s["indicator_no"], s["level"]) in {("3", "3"), ("3", "4")}:
            assert "mis-segmented" in s["note"] and p["criterion_status"] == "suspect"
        else:
            first = s["agreement"].split(":")[0]
            status = {"2 sources agree": "agree", "differ": "differ"}.get(first, first)
            assert p["criterion_status"] == status


def test_criterion_info():
    info = F2020.criterion_info(11, "LEVEL 2")
    assert info == fw.Criterion(
        indicator_no=11,
        level=2,
        text=F2020.criterion(11, 2),
        alt_text=info.alt_text,
        status="differ",
        source=info.source,
        alt_source="lembanoyoga/spbe",
    )
    assert "tidak/belum" in info.text and "sebagian" in info.alt_text  # version A / version B
    assert "dindarestika/SPBE" in info.source
    assert info.doubt is None
    assert F2020.criterion_info(8, 3).status == "single source"
    assert F2020.criterion_info(8, 3).doubt == "the level-3 criterion rests on a single source"
    assert "suspect" in F2020.criterion_info(3, 4).doubt
    assert F2020.criterion_info(3, 0) is None and F2020.criterion_info(3, "x") is None
    # 2018's file states no status: no doubt, the 2018 checks unchanged
    assert F2018.criterion_info(22, 4).status is None
    assert F2018.criterion_info(22, 4).text == CRIT_22_4
    assert F2018.check_label(22, 3, CRIT_22_4).doubts == ()
    with pytest.raises(fw.UnknownIndicatorError):
        F2020.criterion_info(48, 1)


def test_2020_check_label_matches_both_wordings():
    # 16-2: version A "tidak/belum digunakan oleh seluruh", version B "telah digunakan oleh
    # sebagian"; either under LEVEL 4 is the level-2 criterion
    info = F2020.criterion_info(16, 2)
    assert info.status == "differ"
    for text in (info.text, info.alt_text):
        assert F2020.match_level(16, text).level == 2
        check = F2020.check_label(16, 4, text)
        assert (check.label_level, check.text_level, check.confidence) == (4, 2, "high")
        assert F2020.check_label(16, 2, text) is None
        assert check.doubt_note() == "" and "low confidence" not in check.describe()


def test_2020_doubtful_cells_lower_the_confidence():
    # indicator 3: the suspect level-4 text under LEVEL 2
    check = F2020.check_label(3, 2, F2020.criterion(3, 4))
    assert check.text_level == 4 and check.confidence == "low"
    assert check.doubts == (F2020.criterion_info(3, 4).doubt,)
    assert "; low confidence: the level-4 criterion is suspect" in check.describe()
    # the single-source level-3 criterion of 8 under LEVEL 5
    check = F2020.check_label(8, 5, F2020.criterion(8, 3))
    assert check.text_level == 3
    assert check.doubt_note() == "; low confidence: the level-3 criterion rests on a single source"
    # the label's cell counts too: the level-1 text of 3 under the suspect LEVEL 3
    check = F2020.check_label(3, 3, F2020.criterion(3, 1))
    assert check.text_level == 1 and "level-3 criterion is suspect" in check.doubt_note()


def test_2020_every_wording_reads_as_its_own_level():
    """Every criterion and alternative wording (322 texts) is matched to its own level and
    never flagged under its own label; under another label it is flagged in all but the
    neighbours that differ by one phrase (docs/criteria.md)."""
    missed = set()
    for r in F2020.criteria.itertuples():
        for text in (r.criterion, r.alt_criterion):
            if not isinstance(text, str):
                continue
            assert F2020.match_level(r.indicator_no, text).level == r.level
            assert F2020.check_label(r.indicator_no, r.level, text) is None
            for other in set(range(1, 6)) - {r.level}:
                check = F2020.check_label(r.indicator_no, other, text)
                if check is None:
                    missed.add((r.indicator_no, r.level, other))
                else:
                    assert check.text_level == r.level
    # 13, 17, 18: levels 2 and 3 read alike but for "sebagian"/"seluruh" (docs/criteria.md)
    assert missed <= {(no, a, b) for no in (13, 17, 18) for a, b in ((2, 3), (3, 2))}


def test_bad_criterion_status(tmp_path):
    csv_text = "indicator_no,level,criterion,criterion_status\n1,1,x,agreed\n"
    (tmp_path / "mini-criteria.csv").write_text(csv_text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"line 2.*criterion_status 'agreed'.*not one of"):
        fw.load(write(tmp_path, criteria_toml()))


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


# --------------------------------------------------------------------------- an office's file

# An office that places indicator 3's texts as it reads them: the packaged level-4 text is
# its level 3, and it words a level 4 of its own (with an older wording beside it).
OFFICE_ROWS = [
    ("indicator_no", "level", "criterion", "alt_criterion"),
    (3, 3, F2020.criterion(3, 4), ""),
    (
        3,
        4,
        "Kriteria tingkat 3 telah terpenuhi dan kebijakan internal Manajemen Data telah "
        "mendukung integrasi data antar Instansi Pusat dan Pemerintah Daerah.",
        "Rumusan lama tingkat empat manajemen data kantor kami.",
    ),
]


def _office_file(path):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(OFFICE_ROWS)
    return path


def test_an_office_file_replaces_the_cells_it_names(tmp_path):
    path = _office_file(tmp_path / "kriteria-kantor.csv")
    f = fw.load("spbe2020", criteria=path)
    three, four = f.criterion_info(3, 3), f.criterion_info(3, 4)
    assert three.text == F2020.criterion(3, 4) and three.alt_text is None
    assert four.alt_text == "Rumusan lama tingkat empat manajemen data kantor kami."
    assert (three.status, four.status) == ("custom", "custom")
    assert three.source == f"criteria file {path}, line 2" and four.source.endswith("line 3")
    assert three.doubt is None  # the office's text is not suspect
    # the other cells are the packaged ones, and the packaged framework is unchanged
    assert f.criterion_info(16, 2) == F2020.criterion_info(16, 2)
    assert len(f.criteria) == 235
    assert F2020.criterion_info(3, 4).status == "suspect"
    assert "2 criteria from the office's criteria file" in f.describe()
    # the checks use the office's wordings: the packaged level-4 text is its level 3
    packaged_4 = F2020.criterion(3, 4)
    assert F2020.match_level(3, packaged_4).level == 4
    assert f.match_level(3, packaged_4).level == 3
    check = f.check_label(3, 2, f.criterion(3, 4))
    assert check.text_level == 4 and check.confidence == "high"
    assert f.check_label(3, 2, four.alt_text).text_level == 4
    # with custom weights too
    weights = tmp_path / "w.csv"
    weights.write_text(
        "indicator_no,weight\n"
        + "".join(
            f"{no},{w}\n"
            for no, w in zip(
                F2020.indicators["indicator_no"], F2020.indicators["weight"], strict=True
            )
        ),
        encoding="utf-8",
    )
    both = fw.load("spbe2020", weights=weights, criteria=path)
    assert both.criterion_info(3, 3).status == "custom" and both.weights_file == str(weights)


def test_a_bad_office_file_names_its_line(tmp_path):
    path = tmp_path / "kriteria-kantor.csv"
    path.write_text("indicator_no,level,criterion\n3,3,x\n48,1,y\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"kriteria-kantor\.csv.*line 3.*'48' is not"):
        fw.load("spbe2020", criteria=path)
    with pytest.raises(FrameworkError, match="cannot read the criteria file"):
        fw.load("spbe2020", criteria=tmp_path / "none.csv")
