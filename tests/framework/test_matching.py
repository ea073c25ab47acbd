"""spbe_xl.framework.matching: how a text is normalised and scored against the criteria."""

from __future__ import annotations

import pytest

import spbe_xl.framework as fw
from tests.framework.files import CRIT_5_4, CRIT_22_4, CRIT_23_3, F2018


@pytest.mark.parametrize(
    ("indicator_no", "text", "level"),
    [
        pytest.param(22, CRIT_22_4, 4, id="exact"),
        pytest.param(22, CRIT_22_4.upper(), 4, id="case"),
        pytest.param(22, "  " + CRIT_22_4.replace(" ", "   \n ") + "  ", 4, id="spacing"),
        pytest.param(
            22, CRIT_22_4.replace(";", "").replace("(", "").replace(")", ""), 4, id="punctuation"
        ),
        pytest.param(23, CRIT_23_3, 3, id="with Saudara"),
        pytest.param(23, CRIT_23_3.replace(" Saudara.", ""), 3, id="missing Saudara"),
        pytest.param(23, CRIT_23_3.replace(" Saudara.", " Saudara Saudara"), 3, id="Saudara x2"),
        pytest.param(5, CRIT_5_4[: len(CRIT_5_4) * 2 // 3], 4, id="cut at a word"),
        pytest.param(5, CRIT_5_4[:-6], 4, id="cut inside a word"),  # "... pusat data nasi"
        pytest.param(22, CRIT_22_4.replace("terpusat", "terpsuat"), 4, id="typo swap"),
        pytest.param(22, CRIT_22_4.replace("Monitoring", "Monitorng"), 4, id="typo missing"),
        pytest.param(22, CRIT_22_4.replace("kapasitas", "kapasitass"), 4, id="typo extra"),
        pytest.param(
            4,
            "Kebijakan internal telah ditetapkan dan mendukung pengaturan perencanaan dan "
            "penganggaran TIK yang menyelaraskan dengan sebagian muatan dari rencana induk "
            "SPBE SPBE",
            2,
            id="word doubled (seed line 176)",
        ),
        pytest.param(
            8,
            "Terdapat konsep kebijakan internal terkait sistem naskah dinas elektroni",
            1,
            id="cut last letter (seed line 193)",
        ),
        pytest.param(
            35, "Sistem pelayanan publik menyediakan layanan optimalisasi.", 5, id="short"
        ),
        pytest.param(
            7,  # the alternative source's wording of indicator 7 level 2
            "Kebijakan internal telah ditetapkan dan mendukung pengaturan penggunaan aplikasi "
            "umum berbagi pakai pada aplikasi umum berbagi pakai.",
            2,
            id="alt_criterion",
        ),
        pytest.param(
            22,  # the level explanation instead of the criterion
            "Instansi Pusat/Pemerintah Daerah menggunakan pusat data dari penyedia jasa pusat "
            "data non-pemerintah/swasta.",
            1,
            id="level_explanation",
        ),
    ],
)
def test_match_level_normalises(indicator_no, text, level):
    m = F2018.match_level(indicator_no, text)
    assert m is not None, F2018._criteria_index._scores(indicator_no, text)
    assert m.level == level
    assert m.score >= fw.MATCH_MIN
    assert m.score - m.runner_up_score >= fw.MATCH_MARGIN
    assert set(m.scores) == set(range(0, 6))
    assert m.scores[level] == m.score
    assert m.runner_up_score == max(v for k, v in m.scores.items() if k != level)
    assert m.scores[m.runner_up_level] == m.runner_up_score


def test_exact_copy_scores_one_and_cut_copy_less():
    assert F2018.match_level(22, CRIT_22_4).score == 1.0
    cut = F2018.match_level(5, CRIT_5_4[: len(CRIT_5_4) * 2 // 3])
    assert fw.MATCH_MIN <= cut.score < 1.0


@pytest.mark.parametrize(
    ("indicator_no", "label", "text"),
    [
        (20, 4, "Belum melaksanakan pemantauan dan evaluasi secara berkala"),
        (18, 3, "Belum melaksanakan evaluasi dan pemantauan secara berkala"),
        # a reason built from the level-4 criterion itself: negated, so not that criterion
        (
            22,
            3,
            "Belum dilakukan pengendalian satu atau lebih layanan pusat data (data center) "
            "secara terpusat, monitoring dan perencanaan kapasitas dilakukan secara berkala "
            "berdasarkan hasil analisis rekaman aktivitas pusat data (data center).",
        ),
        (
            21,
            1,
            "Perencanaan dan penganggaran TIK yang tertuang dalam rencana kerja tahunan SKPD "
            "belum dikonsultasikan pada unit pengelola TIK (DKIS)",
        ),
        (3, 2, "Kebijakan internal rencana induk SPBE sebaiknya dinilai dan dievaluasi"),
    ],
)
def test_evaluator_reasons_are_not_criteria(indicator_no, label, text):
    assert F2018.match_level(indicator_no, text) is None
    assert F2018.check_label(indicator_no, label, text) is None


@pytest.mark.parametrize("text", [None, "", "   ", "-", float("nan"), 3])
def test_blank_text_matches_nothing(text):
    assert F2018.match_level(22, text) is None
    assert F2018.check_label(22, 3, text) is None


def test_ambiguous_cut_text_matches_nothing():
    # cut where indicator 3's levels 3 and 4 are still the same words: both score 0.95
    m = F2018._criteria_index._scores(
        3, "Kebijakan internal telah mendukung pengaturan rencana induk SPBE yang mencakup"
    )
    assert m[3] == m[4] > fw.MATCH_MIN
    assert (
        F2018.match_level(
            3, "Kebijakan internal telah mendukung pengaturan rencana induk SPBE yang mencakup"
        )
        is None
    )
    # a few opening words are no cut copy of anything
    assert F2018.match_level(3, "Kebijakan internal") is None
    assert F2018.match_level(35, "Sistem pelayanan publik menyediakan layanan") is None
