"""Shared fixtures: the bundled Kota Bontang 2018 samples and their transcription."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SELF_ASSESSMENT_XLSX = SAMPLES / "bontang-2018-penilaian-mandiri.xlsx"
FOLLOWUP_XLSX = SAMPLES / "bontang-2018-tindak-lanjut.xlsx"
TRANSCRIPTION_JSON = SAMPLES / "bontang-2018.json"
SEED = ROOT.parent / "shared" / "seed" / "000_32f32f8dc974c925.txt"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def bontang_data() -> dict:
    """The reviewed transcription of the seed (samples/bontang-2018.json)."""
    return json.loads(TRANSCRIPTION_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def bontang_book():
    """Both Bontang sample workbooks read as one book."""
    from spbe_xl.readers import read_workbook

    return read_workbook([SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX])


@pytest.fixture(scope="session")
def followup_book():
    """The Bontang follow-up workbook alone."""
    from spbe_xl.readers import read_workbook

    return read_workbook(FOLLOWUP_XLSX)
