"""Findings: one registry of codes (spbe_xl.findings), the docs' table, what readers emit."""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from spbe_xl import ReadError, read_workbook
from spbe_xl.book import FINDING_COLUMNS
from spbe_xl.findings import REGISTRY, Finding, FindingKind
from tests import bad_corpus
from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX
from tests.test_readers import VARIANTS, _variant

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "findings.md"


def _documented() -> dict[str, tuple[str, str, str]]:
    """code -> (severity, meaning, what to do), from the docs' "Finding codes" table."""
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("## Finding codes", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        match = re.fullmatch(r"\| `([a-z_]+)` \| (\w+) \| (.+?) \| (.+?) \|", line.strip())
        if match:
            code, severity, meaning, action = match.groups()
            assert code not in rows, f"{code} is listed twice"
            rows[code] = (severity, meaning, action)
    return rows


def test_the_docs_table_is_the_registry():
    documented = _documented()
    assert sorted(documented) == sorted(REGISTRY)
    for code, kind in REGISTRY.items():
        assert documented[code] == (kind.severity, kind.title, kind.action), code


def _documented_id() -> dict[str, tuple[str, str]]:
    """code -> (Indonesian title, Indonesian action), from the docs' "Dalam bahasa Indonesia"."""
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("## Dalam bahasa Indonesia", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        match = re.fullmatch(r"\| `([a-z_]+)` \| ([^|]+?) \| (.+?) \|", line.strip())
        if match:
            code, title, action = match.groups()
            assert code not in rows, f"{code} is listed twice"
            rows[code] = (title, action)
    return rows


def test_the_docs_indonesian_table_is_the_registry():
    documented = _documented_id()
    assert sorted(documented) == sorted(REGISTRY)
    for code, kind in REGISTRY.items():
        assert documented[code] == (kind.title_id, kind.action_id), code


def test_every_code_has_an_indonesian_title_and_action():
    """The web page shows them: each code's own, not the English copied, nor another's."""
    for code, kind in REGISTRY.items():
        assert kind.title_id.strip() and kind.action_id.strip(), code
        assert kind.title_id != kind.title and kind.action_id != kind.action, code
        assert kind.title_id != kind.action_id, code
    titles = [kind.title_id for kind in REGISTRY.values()]
    assert len(set(titles)) == len(titles)  # each code tells its own
    # no English left in them: the small English words that give a copied or half-translated
    # text away (the Indonesian texts name cells, LEVEL n, ADA/BELUM ADA, --framework only)
    english = re.compile(r"\b(the|is|are|an|of|which|with|without|holds?|read as)\b")
    for code, kind in REGISTRY.items():
        for text in (kind.title_id, kind.action_id):
            assert not english.search(text), (code, text)


def test_registry_entries_are_complete():
    for code, kind in REGISTRY.items():
        assert isinstance(kind, FindingKind) and kind.code == code
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", code)
        assert kind.severity in ("error", "warning", "info")
        assert kind.title and kind.template and kind.action


def test_a_finding_is_a_row_of_the_findings_frame():
    finding = REGISTRY["evidence_without_text"](
        file="tl.xlsx", source="TL!G12", indicator_id="7", item_no=2
    )
    assert finding == Finding(
        "warning",
        "evidence_without_text",
        "evidence number 2 has no text",
        "7",
        "tl.xlsx",
        "TL!G12",
    )
    assert list(finding.as_row()) == list(FINDING_COLUMNS)


def test_no_code_is_a_string_literal_outside_the_registry():
    """Readers name codes through the registry's kinds (F.MISSING_LEVEL), never as text."""
    for path in sorted((ROOT / "spbe_xl").rglob("*.py")):
        if path.name == "findings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in REGISTRY:
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")


# --------------------------------------------------------------------------- emitted codes


def _hand_made_mistakes(path: Path) -> Path:
    """A follow-up sheet with the mistakes the rarer codes are about, one per row."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "TL"
    ws.append(["TINDAK LANJUT HASIL EVALUASI SPBE DI LINGKUNGAN PEMERINTAH KOTA UJI TAHUN 2018"])
    ws.append(["INDIKATOR", "URAIAN INDIKATOR", "NILAI TINGKAT KEMATANGAN", "REKOMENDASI",
               "NO", "DATA DUKUNG REKOMENDASI", "KELENGKAPAN", None, "PERANGKAT DAERAH"])  # fmt: skip
    ws.append([None, None, None, None, None, None, "ADA", "BELUM ADA", None])
    ws.append([None, "a row before any indicator"])
    ws.append([1, "Kebijakan Internal", "LEVEL 2", "Buat", 1, "SK A", "v", "v", "Dinas A"])
    ws.append([None, None, "LEVEL 3", None, None, None, None, None, None])  # level_in_subrow
    ws.append([None, None, None, None, 2, None, None, None, None])  # evidence_without_text
    ws.append([None, None, None, None, None, None, "v", None, None])  # mark_without_evidence
    ws.append(["lihat", "catatan", None, None, None, None, None, None, None])
    ws.append([1, "Kebijakan Internal", "LEVEL 2"])  # duplicate_indicator
    ws.append(["2-1", "Kebijakan Tata Kelola", "tinggi"])  # unexpected_instance, unreadable_level
    ws.append([99, "Tidak ada", "LEVEL 1"])  # unknown_indicator
    workbook.save(path)
    return path


def test_hand_made_mistakes_are_each_a_finding(tmp_path):
    book = read_workbook(_hand_made_mistakes(tmp_path / "uji.xlsx"), framework="spbe2018")
    codes = set(book.findings.code)
    assert {
        "row_outside_indicator",
        "both_marks",
        "level_in_subrow",
        "evidence_without_text",
        "mark_without_evidence",
        "unreadable_indicator_id",
        "duplicate_indicator",
        "unexpected_instance",
        "unreadable_level",
        "unknown_indicator",
    } <= codes
    assert codes <= set(REGISTRY)


def _emitted(paths_list: list[list[Path]]) -> Counter[str]:
    codes: Counter[str] = Counter()
    for paths in paths_list:
        try:
            book = read_workbook(paths)
        except ReadError:
            continue
        for code, severity in zip(book.findings.code, book.findings.severity, strict=True):
            assert code in REGISTRY, f"{code} (read from {paths}) is not in the registry"
            assert REGISTRY[code].severity == severity
            codes[code] += 1
    return codes


def test_codes_emitted_by_the_samples_variants_and_bad_corpus_are_registered_and_documented(
    tmp_path,
):
    inputs = [[SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX], [SELF_ASSESSMENT_XLSX], [FOLLOWUP_XLSX]]
    inputs += [[p] for p in sorted((ROOT / "tests" / "data").glob("*.*"))]
    inputs += [[p] for p in sorted(bad_corpus.BAD.iterdir()) if p.is_file()]
    for name, change in sorted(VARIANTS.items()):
        inputs.append(_variant(tmp_path, name, change))
    inputs.append([_hand_made_mistakes(tmp_path / "uji.xlsx")])
    emitted = _emitted(inputs)
    assert emitted  # the samples have findings
    assert set(emitted) <= set(_documented())


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_each_message_template_formats(code):
    kind = REGISTRY[code]
    names = {name for _, name, _, _ in string.Formatter().parse(kind.template) if name}
    values = dict.fromkeys(names - {"indicator_id"}, 1)
    finding = kind(file="f.xlsx", source="A1", indicator_id="7", **values)
    assert finding.code == code and finding.message
