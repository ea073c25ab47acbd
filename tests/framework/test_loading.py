"""spbe_xl.framework.loading: the packaged frameworks, ids, framework files by path."""

from __future__ import annotations

import subprocess
import sys

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError


def test_available_lists_the_three_packaged_frameworks():
    assert fw.available() == ["pemdi2026", "spbe2018", "spbe2020"]


def test_import_is_usable_from_a_fresh_interpreter():
    out = subprocess.run(
        [sys.executable, "-c", "import spbe_xl.framework as f; print(f.available())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "['pemdi2026', 'spbe2018', 'spbe2020']"


def test_load_default_is_2018_and_ids_are_case_insensitive():
    assert fw.load().id == "spbe2018"
    assert fw.load(" SPBE2020 ").id == "spbe2020"


def test_unknown_framework_id():
    with pytest.raises(FrameworkError, match="spbe1999"):
        fw.load("spbe1999")


def test_the_shipped_files_load_from_their_path():
    for name in fw.available():
        f = fw.load(fw.load(name).source_file)
        assert f.indicators.equals(fw.load(name).indicators)


def test_missing_framework_file(tmp_path):
    with pytest.raises(FrameworkError, match=r"nope\.toml"):
        fw.load(tmp_path / "nope.toml")
