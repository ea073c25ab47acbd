"""The package's layers (docs/architecture.md): imports run one way, with no cycles.

Read from the source with ast, lazy imports (inside functions) and TYPE_CHECKING ones
included: a layer that reaches upwards only when called is still tangled.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "spbe_xl"

#: Each part of the package and the parts it may import (its own modules always).
ALLOWED = {
    "text": set(),
    "files": set(),
    "book": set(),
    "findings": set(),
    "framework": {"text"},
    "reading": {"book", "findings", "text", "framework"},
    "scoring": {"book", "text", "framework"},
    # the result types the writers lay out (never a computation)
    "writing": {"book", "text", "framework", "scoring"},
    "readers": {"reading", "book", "findings", "text", "framework"},
    "rules": {"scoring", "book", "text", "framework"},
    # write_followup summarises the book through rules.summarize when not given a summary
    "writers": {"writing", "rules", "book", "text", "files", "framework"},
    "batch": {"readers", "rules", "writers", "book", "files", "text", "framework"},
    "cli": {"batch", "readers", "rules", "writers", "book", "files", "text", "framework", "web"},
    # the local web page: thin like the CLI, over the batch engine, readers, rules, writers
    "web": {"batch", "readers", "rules", "writers", "book", "findings", "framework"},
    "__main__": {"cli"},
    "__init__": {"readers", "rules", "writers", "batch", "framework", "book"},
}
#: The package root is imported for its version string only: it loads nothing else.
ROOT_NAMES = {"__version__"}


def _part(module: str) -> str:
    """``spbe_xl.reading.headers`` -> ``reading``; ``spbe_xl`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the spbe_xl modules it imports (``from spbe_xl import x`` as spbe_xl.x)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_of(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found[module].update(a.name for a in node.names if a.name.startswith("spbe_xl"))
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "spbe_xl":
                    for alias in node.names:
                        if alias.name not in ROOT_NAMES:
                            found[module].add(f"spbe_xl.{alias.name}")
                elif node.module.startswith("spbe_xl."):
                    found[module].add(node.module)
            elif isinstance(node, ast.ImportFrom) and node.level:
                found[module].add(f"relative import in {path.name}")
    return found


def test_every_part_is_known():
    parts = {_part(_module_of(p)) for p in PACKAGE.rglob("*.py")}
    assert parts == set(ALLOWED)


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_imports_run_one_way(part):
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _imports().items()
        if _part(module) == part
        for target in targets
        if _part(target) != part and _part(target) not in ALLOWED[part]
    )
    assert not wrong, "\n".join(wrong)


def test_reading_and_writing_never_meet():
    assert "writing" not in ALLOWED["reading"] and "reading" not in ALLOWED["writing"]


def test_the_parts_form_no_cycle():
    graph = {part: allowed for part, allowed in ALLOWED.items()}
    done: set[str] = set()

    def visit(part: str, path: tuple[str, ...]) -> None:
        assert part not in path, " -> ".join((*path, part))
        if part in done:
            return
        for target in graph[part]:
            visit(target, (*path, part))
        done.add(part)

    for part in graph:
        visit(part, ())


def test_only_the_grid_imports_the_engine():
    importers = sorted(
        _module_of(p)
        for p in PACKAGE.rglob("*.py")
        if "python_calamine" in p.read_text(encoding="utf-8")
    )
    assert importers == ["spbe_xl.reading.grid"]
