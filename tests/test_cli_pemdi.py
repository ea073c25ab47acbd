"""The CLI on Pemdi (2026) workbooks: score prints aspects at the top and the external
indicators apart; frameworks and template are in tests/test_cli.py and
tests/writing/test_template_pemdi.py."""

from __future__ import annotations

import json

from click.testing import CliRunner

from spbe_xl.cli import main
from tests.pemdi_workbooks import pemdi_followup


def test_score_a_pemdi_workbook(tmp_path):
    path = pemdi_followup(tmp_path / "tl.xlsx")
    result = CliRunner().invoke(main, ["score", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("Indeks Pemdi  1.24  (Kurang)")
    aspects = [line for line in lines if line.startswith("Aspek ")]
    # the Aceh Tengah figures (pemdi-framework.md §6)
    assert [line.rsplit(" ", 1)[1] for line in aspects] == [
        "1.75", "1.28", "1.00", "1.17", "1.08", "1.40", "1.18"
    ]  # fmt: skip
    assert not any(line.startswith("Domain") for line in lines)
    assert "Indikator 5: Indeks Satu Data Indonesia (SDI) (Bappenas)" in result.output
    data = json.loads(CliRunner().invoke(main, ["score", str(path), "--json"]).output)
    assert data["framework"] == "pemdi2026" and data["domains"] == []
    assert round(data["index"], 4) == 1.2413
