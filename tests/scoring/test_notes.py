"""scoring.notes: the notes of a summary."""

from __future__ import annotations

import pytest

from spbe_xl import rules
from spbe_xl.scoring.catalog import catalog_of
from spbe_xl.scoring.levels import read_levels
from spbe_xl.scoring.notes import ids_text, summary_notes
from tests.scoring.frames import F2018, F2020, frame, make_book


def test_summarize_notes_and_parts():
    f = frame(F2018, {"13": None}, default=2, instances={35: 3}, evaluator_level={"13": 3, "14": 1})
    f = f[f["indicator_id"] != "20"]
    book = make_book(f)
    s = rules.summarize(book)
    assert s.scores.missing == "skip" and s.scores.skipped == ("20",)
    assert s.scores.level_columns["13"] == "evaluator_level"
    assert s.self_scores is None and s.deltas.self_index is None
    assert s.deltas.official_index.total == s.scores.total
    assert s.rollup["n_indicators"].sum() == 37  # 36 rows + the absent indicator
    text = "\n".join(s.notes)
    assert "bila tindak lanjut tidak memuatnya: 13" in text
    assert "berbeda dari level evaluator untuk 1 indikator (14)" in text
    assert "indikator 20 tidak ada di buku kerja" in text
    assert "35-1, 35-2, 35-3" in text and "tetap berbobot 20" in text
    assert "Tidak ada level penilaian mandiri" in text
    assert "dibulatkan ke 2 desimal (setengah ke atas)" in text


def test_summarize_with_self_levels_and_2020():
    f = frame(F2020, default=3, self_level={str(n): 4 for n in range(1, 48)})
    s = rules.summarize(make_book(f, year=2023))
    assert s.scores.framework == "spbe2020"
    assert s.self_scores.total == pytest.approx(4.0)
    assert (s.deltas.table["self_minus_official"] == 1).all()
    assert s.rollup["responsible_agency"].tolist() == [rules.NO_AGENCY]
    assert s.rollup.at[0, "points_to_win"] == pytest.approx(2.0)


def test_ids_text():
    assert ids_text([]) == ""
    assert ids_text(["1", "2"]) == "1, 2"
    ids = [str(n) for n in range(1, 16)]
    assert ids_text(ids) == "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 dan 3 lainnya"
    assert ids_text(ids, limit=2) == "1, 2 dan 13 lainnya"


def test_summary_notes_order_and_complete_frame():
    """A complete frame at one column: no fallback, no gap, no instance note."""
    f = frame(F2018, default=3)
    cat = catalog_of(F2018)
    scores = rules.index_scores(f, missing="skip")
    rows = read_levels(f, cat)
    notes = summary_notes(cat, rows, scores, None, 4)
    assert notes[0].startswith("Kerangka spbe2018 (") and "level 0-5" in notes[0]
    assert notes[1] == (
        "Level resmi: NILAI TINGKAT KEMATANGAN pada tindak lanjut (maturity_level) untuk seluruh "
        "35 indikator yang dihitung."
    )
    assert (
        notes[2]
        == "Predikat diambil dari indeks yang dibulatkan ke 2 desimal (setengah ke atas) (3.00 -> Baik)."
    )
    assert (
        notes[-2] == "Tidak ada level penilaian mandiri: indeks penilaian mandiri tidak dihitung."
    )
    assert notes[-1] == "Poin yang dapat diraih dihitung sampai level 4."
    assert not any(
        n.startswith(("Belum lengkap", "Indikator ", "Level pada tindak")) for n in notes
    )
    mean = rules.index_scores(frame(F2018, instances={35: 2}), instances="mean", missing="skip")
    rows = read_levels(frame(F2018, instances={35: 2}), cat)
    text = "\n".join(summary_notes(cat, rows, mean, None, 5))
    assert (
        "Indikator 35 memiliki 2 instans (35-1, 35-2); aturan instans 'mean': level indikator 35 = rata-rata level instansnya."
        in text
    )
