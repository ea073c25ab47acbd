"""The layout-variant generator (tests/layouts.py) and issue 14's acceptance check.

(a) The generator itself: the truth's values stand in the cells the layout says, the same
seed gives the same bytes, 300 seeds cover every choice of every dimension, and the checker
finds what it must find.  These always run.

(b) The acceptance check against spbe-xl: every one of 300 seeded office layouts reads back
to its truth (ids, the three levels, every agency, each sheet's kind, the title), in every
run (``pytest -m layouts`` alone).  ``python -m tests.layouts --seeds 0-299`` prints the table
per layout choice.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from tests import layouts as L

SEEDS = range(300)
CELL_SEEDS = range(0, 300, 7)  # 43 seeds for the cell-level checks (every choice still drawn)

ROMAN_BACK = {"0": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}


def level_of(value: object) -> int | None:
    """Independent of spbe_xl: 3, "Level 3", "LEVEL 3", "LEVEL III"."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"(?i)level\s+([0-9]|[IVX]+)", str(value).strip())
    assert m, f"not a level: {value!r}"
    token = m.group(1).upper()
    return int(token) if token.isdigit() else ROMAN_BACK[token]


def split_agencies(text: str | None, join: str) -> list[str]:
    if not text:
        return []
    return [part.strip() for part in str(text).split(join) if part.strip()]


def load(path: Path) -> dict[str, tuple[list[list[object]], list[tuple[int, int, int, int]]]]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in ws.merged_cells.ranges
        ]
        out[ws.title] = (rows, merges)
    return out


def cell(rows: list[list[object]], r: int, c: int) -> object:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple]:
    base = tmp_path_factory.mktemp("layouts")
    return {seed: L.render_seed(seed, base / str(seed)) for seed in CELL_SEEDS}


# ----------------------------------------------------------------------------- (a)


def test_truth_sources() -> None:
    bontang = L.bontang_truth()
    assert (bontang.framework, bontang.year, bontang.place) == ("spbe2018", 2018, "Bontang")
    ids = [i.id for i in bontang.indicators]
    assert len(ids) == 37 and ids[-3:] == ["35-1", "35-2", "35-3"]
    assert bontang.indicators[2].self_level == 4 and bontang.indicators[2].evaluator_level == 3
    assert sum(1 for i in bontang.indicators if i.maturity_level is None) == 1  # indicator 13
    assert all(len(i.agencies) == 1 for i in bontang.indicators)
    assert sum(len(i.evidence) for i in bontang.indicators) > 50

    denpasar = L.denpasar_truth()
    assert (denpasar.framework, denpasar.year, len(denpasar.indicators)) == ("spbe2020", 2021, 47)
    shared = [i for i in denpasar.indicators if len(i.agencies) > 1]
    assert len(shared) == 7
    assert {a for a in denpasar.indicators[12].agencies} == {
        "Badan Perencanaan Pembangunan Daerah",
        "Badan Pengelola Keuangan dan Aset Daerah",
    }
    assert all(i.evaluator_level == i.maturity_level for i in denpasar.indicators)

    for framework, (lo, hi), n in (("spbe2018", (0, 5), 35), ("spbe2020", (1, 5), 47)):
        truth = L.synthetic_truth(3, framework)
        assert truth.framework == framework
        assert {i.no for i in truth.indicators} == set(range(1, n + 1))
        for ind in truth.indicators:
            for level in (ind.self_level, ind.evaluator_level, ind.maturity_level):
                assert level is None or lo <= level <= hi
            assert ind.agencies and all(L.agency_key(a).startswith("#") for a in ind.agencies)
    # the truths used by seeds are seeded: the same seed, the same truth
    assert L.synthetic_truth(8, "spbe2020") == L.synthetic_truth(8, "spbe2020")
    assert L.synthetic_truth(8, "spbe2020") != L.synthetic_truth(9, "spbe2020")


def test_every_choice_of_every_dimension_is_drawn_in_300_seeds() -> None:
    drawn: dict[str, set[object]] = {name: set() for name in L.DIMENSIONS}
    for seed in SEEDS:
        layout = L.Layout.random(seed)
        for name in L.DIMENSIONS:
            drawn[name].add(getattr(layout, name))
    missing = {name: set(options) - drawn[name] for name, options in L.DIMENSIONS.items()}
    assert not {k: v for k, v in missing.items() if v}
    sources = [L.Layout.random(s).source for s in SEEDS]
    # mostly the real truths
    assert sources.count("bontang2018") + sources.count("denpasar2021") > 200


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    for seed in (0, 5, 123):
        a = L.render_seed(seed, tmp_path / f"a{seed}")[2]
        b = L.render_seed(seed, tmp_path / f"b{seed}")[2]
        assert a.description == b.description
        for pa, pb in zip(a.paths, b.paths, strict=True):
            assert pa.read_bytes() == pb.read_bytes(), (seed, pa.name)
    other = L.render_seed(6, tmp_path / "other")[2]
    assert other.description != L.render_seed(5, tmp_path / "again")[2].description


def test_the_layout_is_what_the_description_says(rendered: dict[int, tuple]) -> None:
    for seed, (truth, layout, out) in rendered.items():
        assert out.description.startswith(f"seed={seed} truth={truth.source} ")
        assert layout.describe() in out.description
        kinds = [s.kind for s in out.sheets]
        assert kinds[:2] == ["self_assessment", "followup"]
        assert ("agency_followup" in kinds) == (layout.agency_sheets == "per_agency"), (
            out.description
        )
        assert truth.source == layout.source


@pytest.mark.parametrize("seed", list(CELL_SEEDS))
def test_truth_stands_in_the_cells_the_layout_says(rendered: dict[int, tuple], seed: int) -> None:
    truth, layout, out = rendered[seed]
    books = {p.name: load(p) for p in out.paths}
    by_id = {ind.id: ind for ind in truth.indicators}
    for sheet in out.sheets:
        rows, merges = books[sheet.file][sheet.name]
        where = f"{out.description} | {sheet.file}!{sheet.name}"
        top, bottom = sheet.header_rows
        assert bottom - top + 1 == max(len(c.path) for c in sheet.columns), where
        flat = layout.followup == "flat" and sheet.kind != "self_assessment"
        if not flat and sheet.kind == "self_assessment":
            assert bottom - top + 1 == layout.header_depth, where
        # headers: each column's leaf under it, each group over it (left of or at it)
        for c, col in enumerate(sheet.columns):
            texts = [cell(rows, r, c) for r in range(top, bottom + 1)]
            assert col.path[-1] in texts, (where, c, col.path, texts)
            for depth, group in enumerate(col.path[:-1]):
                row = rows[top + depth]
                first = max(i for i in range(c + 1) if cell(rows, top + depth, i) is not None)
                assert row[first] == group, (where, col.path)
                if layout.group_cells == "merged" and any(
                    len(o.path) > depth + 1 and o.path[: depth + 1] == col.path[: depth + 1]
                    for o in sheet.columns
                    if o is not col
                ):
                    assert any(
                        r0 == top + depth and c0 <= c <= c1 and c1 > c0 for r0, c0, r1, c1 in merges
                    ), where
        # the expected indicators, in order, each in the row the layout says
        if sheet.kind == "agency_followup":
            want = [i.id for i in truth.indicators if sheet.agency in i.agencies]
        else:
            want = [i.id for i in truth.indicators]
        assert list(sheet.rows_of) == want, where
        roles = {col.role: c for c, col in enumerate(sheet.columns)}
        for iid, r in sheet.rows_of.items():
            ind = by_id[iid]
            got_id = cell(rows, r, roles["id"])
            assert str(got_id).rstrip(".") == iid, (where, r)
            if layout.id_form == "number" and "-" not in iid:
                assert isinstance(got_id, int), where
            assert cell(rows, r, roles["name"]) == ind.name, where
            for role in ("self_level", "evaluator_level", "maturity_level"):
                if role in roles:
                    assert level_of(cell(rows, r, roles[role])) == getattr(ind, role), (
                        where,
                        iid,
                        role,
                    )
            agencies = split_agencies(cell(rows, r, roles["agency"]), layout.agency_join)
            if layout.agency_join == " dan " and any(" dan " in a for a in ind.agencies):
                pass  # a name with "dan" in it: the join is ambiguous by design
            else:
                assert [L.agency_key(a) for a in agencies] == [
                    L.agency_key(a) for a in ind.agencies
                ], (where, iid, agencies)
            if layout.agency_names == "upper":
                assert all(a == a.upper() for a in agencies)
            # evidence sub-rows: merged / repeated / first sub-row only / one cell
            items = ind.evidence if sheet.kind == "self_assessment" else ind.recommended
            if flat:
                items = []
            ev_role = "evidence" if sheet.kind == "self_assessment" else "recommended"
            if ev_role in roles:
                c = roles[ev_role]
                if layout.evidence == "one_cell":
                    text = cell(rows, r, c)
                    assert (text or "") == "\n".join(f"{k}. {t}" for k, t in enumerate(items, 1)), (
                        where
                    )
                else:
                    assert [cell(rows, r + k, c) for k in range(len(items))] == items, where
                    n = max(1, len(items))
                    merged = (r, roles["id"], r + n - 1, roles["id"]) in merges
                    assert merged == (layout.evidence == "merged" and n > 1), where
                    for k in range(1, n):
                        again = cell(rows, r + k, roles["id"])
                        assert (again is not None) == (layout.evidence == "repeated"), where
            # actions: a column per year, or the first action and its target year
            for role, c in roles.items():
                if role.startswith("action:"):
                    assert cell(rows, r, c) == ind.actions.get(int(role[7:])), where
            if "action_text" in roles:
                year = min(ind.actions) if ind.actions else None
                assert cell(rows, r, roles["action_text"]) == (
                    ind.actions[year] if year else None
                ), where
                assert cell(rows, r, roles["action_target"]) == year, where
        # banners and the column-number row, where chosen (never on the flat export)
        values = [v for row in rows for v in row if isinstance(v, str)]
        has_domain = any(v.startswith("DOMAIN ") for v in values)
        has_aspect = any(v.startswith("ASPEK ") for v in values)
        if flat:
            assert not has_domain and not has_aspect, where
        else:
            assert has_domain == (layout.banners in ("domain_aspect", "domain_repeat_header")), (
                where
            )
            assert has_aspect == (layout.banners != "none"), where
            numbers = rows[bottom + 1][: len(sheet.columns)]
            if layout.column_numbers == "plain":
                assert numbers == list(range(1, len(sheet.columns) + 1)), where
            elif layout.column_numbers == "parenthesized":
                assert numbers == [f"({i})" for i in range(1, len(sheet.columns) + 1)], where
        # titles: the instansi, and the year where the layout puts it
        title = " ".join(str(v) for row in rows[:top] for v in row if v)
        assert truth.place.upper() in title, where
        if layout.title_year == "sheet_name":
            assert str(truth.year) not in title, where
            assert (str(truth.year) in sheet.name) == (sheet.kind != "agency_followup"), where
        else:
            assert str(truth.year) in title, where


def test_typos_and_case_change_headers(rendered: dict[int, tuple]) -> None:
    known = {
        *L.NUMBER_HEADERS,
        *L.NAME_HEADERS_UNDER_NO,
        *L.NAME_HEADERS_UNDER_ID,
        *L.SELF_FLAT,
        *L.SELF_LEAF,
        *L.EVAL_FLAT,
        *L.EVAL_GROUP,
        *L.EVAL_LEAF,
        *L.MATURITY_HEADERS,
        *L.AGENCY_HEADERS,
        *L.ACTION_GROUPS,
        *L.TARGET_HEADERS,
        "INDIKATOR",
        "PERTANYAAN",
        "PENJELASAN",
        "PENJELASAN LEVEL",
        "DATA DUKUNG",
        "CATATAN",
        "CATATAN EVALUATOR",
        "REKOMENDASI",
        "REKOMENDASI MENPAN",
        "DATA DUKUNG REKOMENDASI",
        "DOMAIN",
        "ASPEK",
        "URAIAN",
    }
    misspelt = 0
    for _seed, (_truth, layout, out) in rendered.items():
        leaves = {col.path[-1] for s in out.sheets for col in s.columns}
        odd = {
            t
            for t in leaves
            if t.upper() not in known
            and not re.search(r"\d{4}|^NO$|ADA$|SPBE|MENPAN|^\(", t.upper())
        }
        if layout.typos == "none":
            assert not odd, (out.description, odd)
        misspelt += bool(odd)
        if layout.header_case == "title":
            assert not any(t.isupper() and len(t) > 6 for t in leaves), out.description
    assert misspelt > 5


def test_check_finds_what_is_wrong() -> None:
    """The checker is not vacuous: a faithful read passes, each kind of mistake is reported."""
    import spbe_xl

    book = spbe_xl.read_workbook(list(L.BONTANG_FILES))
    truth = L.truth_from_book(book)
    sheets = [
        L.RenderedSheet(s.file, s.name, s.kind, s.agency, (0, 0), [], {}) for s in book.meta.sheets
    ]
    out = L.Rendered(list(L.BONTANG_FILES), sheets, "bontang as read")
    assert L.compare(book, truth, out) == []

    import copy

    wrong = copy.deepcopy(truth)
    wrong.indicators[0].self_level = 5
    wrong.indicators[1].evaluator_level = 4
    wrong.indicators[2].maturity_level = 1
    wrong.indicators[3].agencies = ["Badan Pendapatan Daerah"]
    wrong.indicators.append(L.Indicator("36", 36, "x", None, None, None, []))
    wrong.year = 2019
    problems = L.compare(book, wrong, out)
    assert {p.split(":")[0] for p in problems} == {
        "ids",
        "self_level",
        "evaluator_level",
        "maturity_level",
        "agency",
        "title",
    }

    swapped = [
        L.RenderedSheet(
            s.file,
            s.name,
            "followup" if s.kind == "self_assessment" else s.kind,
            s.agency,
            (0, 0),
            [],
            {},
        )
        for s in sheets
    ]
    problems = L.compare(book, truth, L.Rendered(out.paths, swapped, ""))
    assert problems and all(p.startswith("sheet_kind:") for p in problems)
    # an agency sheet read as another agency's is wrong too
    other = [
        L.RenderedSheet(
            s.file, s.name, s.kind, "Badan Pendapatan Daerah" if s.agency else None, (0, 0), [], {}
        )
        for s in sheets
    ]
    assert any(
        p.startswith("sheet_kind:")
        for p in L.compare(book, truth, L.Rendered(out.paths, other, ""))
    )


def test_agency_names_compare_by_alias_group() -> None:
    assert L.agency_key("Diskominfo") == L.agency_key("Dinas Komunikasi dan Informatika")
    assert L.agency_key("BPKAD") == L.agency_key("Badan Pengelola Keuangan dan Aset Daerah")
    assert L.agency_key("BAPPEDA") == L.agency_key("Badan Perencanaan Pembangunan Daerah")
    assert L.agency_key("Bappeda") != L.agency_key("BPKAD")
    assert L.agency_key("Dinas  Sosial\n") == L.agency_key("DINAS SOSIAL")


def bontang_like(seed: int = 0, **changes: object) -> L.Layout:
    """The layout of the bundled Bontang 2018 sample, as near as the dimensions say it."""
    from dataclasses import replace

    near = dict(
        source="bontang2018",
        column_order="standard",
        id_column="INDIKATOR",
        id_form="number",
        number_header=0,
        name_header=0,
        self_header=0,
        evaluator_header=0,
        maturity_header=0,
        agency_header=1,
        action_header=1,
        target_header=0,
        typos="none",
        header_case="upper",
        header_depth=1,
        group_cells="merged",
        level_in_group="first",
        banners="domain_aspect",
        column_numbers="none",
        evidence="merged",
        agency_sheets="per_agency",
        followup="grouped",
        actions="year_columns",
        level_form="LEVEL n",
        title_instansi="DI LINGKUNGAN",
        title_year="TAHUN",
        agency_names="as_truth",
        agency_join="; ",
        title_instansi_tl="DI LINGKUNGAN",
    )
    return replace(L.Layout.random(seed), **{**near, **changes})


@pytest.mark.parametrize("source", ["bontang2018", "denpasar2021"])
def test_a_bontang_like_layout_reads_back_today(tmp_path: Path, source: str) -> None:
    """The generator is faithful: the layout today's reader was built for reads back clean,
    Denpasar's shared agencies included (issue 14 item 6: Book.responsibilities)."""
    import spbe_xl

    layout = bontang_like(source=source)
    truth = L.truth_for(layout)
    out = L.render(truth, layout, tmp_path)
    book = spbe_xl.read_workbook(out.paths)
    problems = L.compare(book, truth, out)
    assert problems == [], out.description
    shared = book.responsibilities.groupby("indicator_id").size()
    assert int((shared > 1).sum()) == (7 if source == "denpasar2021" else 0)


@pytest.mark.parametrize("join", ["; ", " / ", "\n", " dan "])
@pytest.mark.parametrize("names", ["as_truth", "alias", "upper"])
def test_shared_agencies_read_back_however_they_are_joined(
    tmp_path: Path, join: str, names: str
) -> None:
    """Denpasar 2021's 7 shared indicators (and a synthetic truth's), joined and spelled as
    offices do, with per-agency sheets: each indicator reads back to all its agencies."""
    import spbe_xl

    for source in ("denpasar2021", "synthetic2020"):
        layout = bontang_like(source=source, agency_join=join, agency_names=names)
        truth = L.truth_for(layout)
        out = L.render(truth, layout, tmp_path / source)
        problems = L.compare(spbe_xl.read_workbook(out.paths), truth, out)
        assert problems == [], out.description


# ----------------------------------------------------------------------------- (b)


@pytest.mark.layouts
@pytest.mark.parametrize("seed", list(SEEDS))
def test_variant_reads_back_to_the_truth(seed: int) -> None:
    problems = L.check_variant(seed)
    assert not problems, L.Layout.random(seed).describe() + "\n" + "\n".join(problems)
