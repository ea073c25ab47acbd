"""The README's Python examples run as written."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_readme_has_python_examples():
    assert len(_python_blocks()) >= 3


@pytest.mark.parametrize("index", range(3))
def test_readme_example_runs(index, tmp_path, monkeypatch, capsys):
    blocks = _python_blocks()
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks[: index + 1]:  # later examples build on earlier ones
        exec(compile(block, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    if index == 0:
        assert "2.68 Baik" in out
        assert (tmp_path / "tindak-lanjut-baru.xlsx").exists()
    elif index == 1:
        assert "ok Pemerintah Kota Bontang 2018 2.68 Baik" in out
        assert "exit status 0" in out
        assert (
            tmp_path / "keluaran" / "pemerintah-kota-bontang-2018" / "tindak-lanjut.xlsx"
        ).exists()
    else:
        assert "2.72 Baik" in out
