"""The plan form of an instansi's page: ``rules.plan`` of the Book the batch read, its
headline on the page, ``writers.write_plan``'s workbook as a download.

The form's fields arrive as query parameters (a GET form: nothing is changed on the server);
they are checked here, and the library's own message is shown for a target it refuses.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.rules import Plan

DEFAULT_TARGET = "Sangat Baik"
MAX_STEPS = 20  # per indicator: 1.00 -> 5.00 by 0.25 is 16
#: The step sizes offered under a decimal-score framework (Pemdi); "" is the framework's own.
INCREMENTS = ("", "1", "0.5", "0.25")


class PlanFormError(ValueError):
    """A field of the plan form that cannot be used: the message says which and why."""


@dataclass(frozen=True)
class PlanRequest:
    """The plan form's fields, checked."""

    target: str = DEFAULT_TARGET
    max_step: int = 1
    increment: str = ""

    def query(self) -> str:
        """The fields as a query string (the download link repeats the form)."""
        return urlencode(
            {"target": self.target, "max_step": self.max_step, "increment": self.increment}
        )


def plan_request(params: Mapping[str, str], *, decimal: bool) -> PlanRequest:
    """The plan form's fields from ``params``; defaults for the absent ones.

    ``target``: a predicate name or an index (``3.5`` or ``3,5``; the library checks the
    range); ``max_step``: 1-20; ``increment`` (only under a decimal-score framework):
    one of :data:`INCREMENTS`.  Raises PlanFormError."""
    target = " ".join(str(params.get("target", "") or "").split())[:40] or DEFAULT_TARGET
    step_text = str(params.get("max_step", "") or "").strip() or "1"
    if not step_text.isdigit() or not 1 <= int(step_text) <= MAX_STEPS:
        raise PlanFormError(f"max_step: 1-{MAX_STEPS}")
    increment = str(params.get("increment", "") or "").strip() if decimal else ""
    if increment not in INCREMENTS:
        raise PlanFormError(f"increment: {', '.join(i for i in INCREMENTS if i)}")
    return PlanRequest(target, int(step_text), increment)


def make_plan(book: Book, request: PlanRequest) -> Plan:
    """``rules.plan`` of ``book`` for the form's fields; ValueError (the library's message)
    for a target it refuses."""
    from spbe_xl import rules

    return rules.plan(
        book,
        request.target,
        max_step=request.max_step,
        increment=float(request.increment) if request.increment else None,
    )


def headline(plan: Plan) -> dict[str, Any]:
    """What the page shows of a plan: the index now and after (as published: two
    decimals), the steps, reached or not, the best reachable index, the steps per agency,
    the notes."""
    from spbe_xl.framework import load

    framework = load(plan.framework)

    def publish(value: float) -> float | None:
        return None if math.isnan(value) else framework.publish(value)

    return {
        # False for a book without any level: the notes say that nothing can be planned
        "plannable": not math.isnan(plan.index_before),
        "target": plan.target,
        "target_label": plan.target_label,
        "index_before": publish(plan.index_before),
        "predicate_before": plan.predicate_before,
        "index_after": publish(plan.index_after),
        "predicate_after": plan.predicate_after,
        "steps": len(plan.steps),
        "reached": plan.reached,
        "best_reachable": publish(plan.best_reachable),
        "increment": plan.increment,
        "decimal": plan.decimal,
        "by_agency": [
            {"agency": str(r["agency"]), "n_steps": int(r["n_steps"])}
            for r in plan.by_agency.to_dict("records")
        ],
        "notes": list(plan.notes),
    }


def plan_workbook(plan: Plan) -> bytes:
    """The plan workbook (``writers.write_plan``), written in a temporary folder removed at
    once."""
    from spbe_xl.writers import write_plan

    with tempfile.TemporaryDirectory(prefix="spbe-xl-web-") as folder:
        target = Path(folder) / "rencana.xlsx"
        write_plan(plan, target)
        return target.read_bytes()
