"""spbe_xl.files: outputs written all or nothing; what killed writers leave is cleaned."""

import os
import subprocess
import sys

import pytest

from spbe_xl.files import atomic_output, remove_stale_temporaries


def test_atomic_output_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with atomic_output(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".out.csv.") and tmp.suffix == ".tmp"
        tmp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with pytest.raises(FileNotFoundError), atomic_output(tmp_path / "missing" / "x.csv"):
        pass


def test_atomic_output_respects_umask(tmp_path):
    old = os.umask(0o027)
    try:
        with atomic_output(tmp_path / "f.txt") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(old)
    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o640


def test_stale_temporaries_of_dead_writers_are_removed(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f".tindak-lanjut.xlsx.{int(dead.stdout)}-0123456789ab.tmp"
    live = tmp_path / f".tindak-lanjut.xlsx.{os.getpid()}-0123456789ab.tmp"
    other = tmp_path / ".catatan.tmp"
    for path in (stale, live, other):
        path.write_bytes(b"x")
    assert remove_stale_temporaries(tmp_path) == [stale]
    assert live.exists() and other.exists()
