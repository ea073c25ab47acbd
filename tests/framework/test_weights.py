"""spbe_xl.framework.weights: the custom weights CSV."""

from __future__ import annotations

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError
from tests.framework.files import CRIT_22_4, CUSTOM_2018, F2018, F2020, weights_csv


def test_custom_weights_comma_csv(tmp_path):
    path = tmp_path / "bobot.csv"
    path.write_text(weights_csv(CUSTOM_2018), encoding="utf-8")
    f = fw.load("spbe2018", weights=path)
    assert f.weight(1) == 2.0
    assert f.weight(20) == 3.0
    assert f.weight(35) == 5.0
    assert f.domains["weight"].tolist() == [34.0, 21.0, 45.0]
    assert f.aspects["weight"].tolist() == [14.0, 20.0, 6.0, 6.0, 9.0, 28.0, 17.0]
    assert set(f.indicators["status"]) == {"custom"}
    assert set(f.domains["status"]) == {"derived"}
    assert f.indicator(20)["source"] == f"weights file {path}, line 21"
    assert f.weights_file == str(path)
    assert f != F2018
    assert "bobot.csv" in f.describe()
    # the catalog itself is unchanged
    assert fw.load("spbe2018").weight(1) == 1.0


def test_custom_weights_semicolon_decimal_comma_bom_crlf(tmp_path):
    # 1.5 % for indicators 1-17, 3.5 % for 18-24, 4.5 % for 25-34, 5 % for 35 -> 25.5/24.5/50
    weights = {n: 1.5 for n in range(1, 18)} | {n: 3.5 for n in range(18, 25)}
    weights |= {n: 4.5 for n in range(25, 35)} | {35: 5.0}
    text = weights_csv(weights, sep=";", decimal=",").replace("\n", "\r\n")
    path = tmp_path / "bobot-excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert "1;1,5" in text
    f = fw.load("spbe2018", weights=str(path))
    assert f.weight(1) == 1.5
    assert f.weight(18) == 3.5
    assert f.weight(34) == 4.5
    assert f.domains["weight"].tolist() == [25.5, 24.5, 50.0]
    assert f.aspects["weight"].tolist() == pytest.approx([10.5, 15.0, 7.0, 7.0, 10.5, 31.5, 18.5])


def test_custom_weights_quoted_decimal_comma_extra_column_blank_lines(tmp_path):
    lines = ["indicator_no,name,weight", ""]
    for no in range(1, 48):
        weight = F2020.weight(no)
        lines.append(f'{no},"Indikator {no}","{weight:g}"'.replace(".", ","))
    path = tmp_path / "bobot2020.csv"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    f = fw.load("spbe2020", weights=path)
    assert f.weight(1) == pytest.approx(1.3)
    assert f.domains["weight"].tolist() == pytest.approx([13.0, 25.0, 16.5, 45.5])


def test_custom_weights_missing_indicator(tmp_path):
    weights = dict(CUSTOM_2018)
    del weights[20]
    weights[21] = 6.0  # still sums to 100
    path = tmp_path / "kurang.csv"
    path.write_text(weights_csv(weights), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"kurang\.csv.*indicator\(s\) 20 missing"):
        fw.load("spbe2018", weights=path)


def test_custom_weights_not_summing_to_100(tmp_path):
    weights = dict(CUSTOM_2018)
    weights[35] = 6.0
    path = tmp_path / "total.csv"
    path.write_text(weights_csv(weights), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"total\.csv.*sum to 101, not 100"):
        fw.load("spbe2018", weights=path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("20,3", r"line 22: indicator 20 is given twice \(also on line 21\)"),
        ("36,0", r"line 22: spbe2018 has no indicator 36"),
        ("35-1,5", r"line 22: '35-1' is not an indicator number \(give the indicator number"),
        ("x,1", r"line 22: 'x' is not an indicator number"),
    ],
)
def test_custom_weights_bad_rows_name_the_line(tmp_path, line, message):
    text = weights_csv(CUSTOM_2018).splitlines()
    text.insert(21, line)  # becomes line 22 of the file
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"rows\.csv, " + message):
        fw.load("spbe2018", weights=path)


def test_custom_weights_bad_values_name_the_line(tmp_path):
    text = weights_csv(CUSTOM_2018).replace("\n5,2\n", "\n5,-2\n")
    path = tmp_path / "neg.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"neg\.csv, line 6: weight -2 of indicator 5"):
        fw.load("spbe2018", weights=path)
    path.write_text(text.replace("\n5,-2\n", "\n5,dua\n"), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"neg\.csv, line 6: weight 'dua'.* not a number"):
        fw.load("spbe2018", weights=path)


def test_custom_weights_bad_header_and_missing_file(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("no,bobot\n1,1\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"header\.csv, line 1: the header must name"):
        fw.load("spbe2018", weights=path)
    with pytest.raises(FrameworkError, match=r"absent\.csv"):
        fw.load("spbe2018", weights=tmp_path / "absent.csv")


def test_criteria_survive_custom_weights(tmp_path):
    path = tmp_path / "bobot.csv"
    path.write_text(weights_csv(CUSTOM_2018), encoding="utf-8")
    f = fw.load("spbe2018", weights=path)
    assert f.has_criteria and len(f.criteria) == 210
    assert f.criteria_source == F2018.criteria_source
    assert f.check_label(22, 3, CRIT_22_4) == F2018.check_label(22, 3, CRIT_22_4)


def test_custom_weights_keep_the_rest_of_the_framework(tmp_path):
    path = tmp_path / "bobot.csv"
    path.write_text(weights_csv(CUSTOM_2018), encoding="utf-8")
    f = fw.load("spbe2018", weights=path)
    for name in ("id", "title", "regulation", "level_min", "level_max", "level_status"):
        assert getattr(f, name) == getattr(F2018, name), name
    assert (f.first_round, f.rounds_status, f.rounds_source) == (
        F2018.first_round,
        F2018.rounds_status,
        F2018.rounds_source,
    )
    assert (f.last_round, f.last_round_status, f.last_round_source) == (
        F2018.last_round,
        F2018.last_round_status,
        F2018.last_round_source,
    )
    assert f.notes[: len(F2018.notes)] == F2018.notes
    assert f.predicates.equals(F2018.predicates)
    assert f.level_meanings.equals(F2018.level_meanings)
    assert f.criteria.equals(F2018.criteria)
    assert f != F2018 and f.weights_file == str(path)
