"""spbe-xl: read, score and write the Excel workbooks of Indonesia's SPBE evaluation.

    >>> import spbe_xl
    >>> book = spbe_xl.read_workbook("samples/bontang-2018-tindak-lanjut.xlsx")
    >>> spbe_xl.rules.index_scores(book.indicators).total

Heavy modules (pandas, the readers and writers) load on first use, so that
``import spbe_xl`` and ``spbe-xl --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "Book": "spbe_xl.book",
    "BookMeta": "spbe_xl.book",
    "ReadError": "spbe_xl.book",
    "read_workbook": "spbe_xl.readers",
    "write_followup": "spbe_xl.writers",
    "write_template": "spbe_xl.writers",
}
_SUBMODULES = {"batch", "book", "framework", "readers", "rules", "writers", "cli"}

__all__ = [*sorted(_LAZY), *sorted(_SUBMODULES), "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl import batch, framework, readers, rules, writers
    from spbe_xl.book import Book, BookMeta, ReadError
    from spbe_xl.readers import read_workbook
    from spbe_xl.writers import write_followup, write_template


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"spbe_xl.{name}")
    else:
        raise AttributeError(f"module 'spbe_xl' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
