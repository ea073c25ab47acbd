"""The benchmark's generated corpus, for the batch tests (deterministic from its seed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def generated_corpus(folder: Path, n: int) -> None:
    """``n`` instansi of the benchmark's generated corpus (deterministic from its seed)."""
    spec = importlib.util.spec_from_file_location(
        "generate_corpus", Path(__file__).parents[1] / "benchmarks" / "generate_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_corpus", module)  # its dataclasses look themselves up
    spec.loader.exec_module(sys.modules["generate_corpus"])
    module = sys.modules["generate_corpus"]
    module.generate(folder, n, seed=7, jobs=1)
    (folder / "manifest.json").unlink()
