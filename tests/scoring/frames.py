"""Frames and books for the scoring tests: complete indicator frames of a framework."""

from __future__ import annotations

import spbe_xl.framework as fw
from spbe_xl.book import (
    ACTION_COLUMNS,
    EVIDENCE_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    Book,
    BookMeta,
    empty_frame,
    frame_from_records,
)

F2018 = fw.load("spbe2018")
F2020 = fw.load("spbe2020")


def frame(framework, levels=None, *, default=3, column="maturity_level", instances=None, **extra):
    """A complete indicators frame for ``framework``.

    ``levels`` maps ids to levels (in ``column``); ``instances`` maps an indicator number to
    its number of instances (ids ``35-1`` ...).  ``extra`` maps a column to {id: value}.
    """
    levels = dict(levels or {})
    instances = instances or {}
    records = []
    for r in framework.indicators.itertuples(index=False):
        no = int(r.indicator_no)
        k = instances.get(no, 1)
        ids = [str(no)] if k == 1 else [f"{no}-{i}" for i in range(1, k + 1)]
        for iid in ids:
            rec = {
                "indicator_id": iid,
                "indicator_no": no,
                "domain_no": int(r.domain_no),
                "aspect_no": int(r.aspect_no),
                "name": str(r.name),
                column: levels.get(iid, default),
            }
            for col, values in extra.items():
                if iid in values:
                    rec[col] = values[iid]
            records.append(rec)
    return frame_from_records(records, INDICATOR_COLUMNS)


def make_book(indicators, *, evidence=(), actions=(), instansi="X", year=2018, plan_years=()):
    return Book(
        indicators=indicators,
        evidence=frame_from_records(list(evidence), EVIDENCE_COLUMNS)
        if evidence
        else empty_frame(EVIDENCE_COLUMNS),
        actions=frame_from_records(list(actions), ACTION_COLUMNS)
        if actions
        else empty_frame(ACTION_COLUMNS),
        findings=empty_frame(FINDING_COLUMNS),
        meta=BookMeta(instansi=instansi, year=year, plan_years=tuple(plan_years)),
    )
