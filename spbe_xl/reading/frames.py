"""Records to typed frames: the fast path of ``book.frame_from_records``.

Reading ends in four frames; building them column by column from the readers' own values
(and pyarrow strings when pandas stores strings so) is several times faster than pandas'
generic record conversion, with the same frames.
"""

from __future__ import annotations

from typing import Any

from spbe_xl.book import frame_from_records

# Empty frames by their columns, built once (speed: pandas' empty-frame build costs more
# than the copy each book gets).
_EMPTY_FRAMES: dict[tuple[tuple[str, str], ...], Any] = {}


def frame(records: list[dict[str, Any]], columns: dict[str, str]) -> Any:
    """``frame_from_records(records, columns)``, built column by column (3x faster).

    Taken only when every value is what the readers put there (text or None in "string"
    columns, a small int or None in "Int64" ones), where the two give equal frames; anything
    else goes through :func:`~spbe_xl.book.frame_from_records` itself.
    """
    if not records:
        key = tuple(columns.items())
        empty = _EMPTY_FRAMES.get(key)
        if empty is None:
            empty = _EMPTY_FRAMES[key] = frame_from_records(records, columns)
        return empty.copy(deep=True)  # each book its own frame
    import pandas as pd

    arrow = _strings_are_arrow()
    data = {}
    for name, dtype in columns.items():
        column = _typed_column([rec.get(name) for rec in records], dtype, arrow)
        if column is None:
            return frame_from_records(records, columns)
        data[name] = column
    # The index given: pandas need not work out the length from the arrays (the same index).
    return pd.DataFrame(data, index=pd.RangeIndex(len(records)), copy=False)


def _typed_column(values: list[Any], dtype: str, arrow: bool) -> Any:
    """The values as a pandas array of ``dtype``; None when they are not all what the fast
    path handles (then the caller falls back to frame_from_records)."""
    import numpy as np
    import pandas as pd

    # (The types are checked as a set, in C: a generator per value costs more.)
    if dtype == "string":
        if not _STR_OR_NONE.issuperset(map(type, values)):
            return None
        return _arrow_strings(values) if arrow else pd.array(values, dtype=dtype)
    if dtype == "Int64":
        if not _INT_OR_NONE.issuperset(map(type, values)):
            return None
        # IntegerArray(data, mask) as pd.array builds it (1 under the mask).
        filled = [1 if v is None else v for v in values]
        if not (min(filled) > -(2**53) and max(filled) < 2**53):
            return None
        mask = np.array([v is None for v in values], dtype=bool)
        return pd.arrays.IntegerArray(np.array(filled, dtype=np.int64), mask)
    return None


_STR_OR_NONE = frozenset({str, type(None)})
_INT_OR_NONE = frozenset({int, type(None)})
_STRINGS_ARE_ARROW: list[bool] = []  # the probe's answer, once per process


def _strings_are_arrow() -> bool:
    """Whether pandas' "string" arrays are pyarrow large_string arrays (pandas 3's default
    storage when pyarrow is installed): then they are built from pyarrow directly, 5x faster
    than pd.array.  The installed pandas and pyarrow decide, so it is probed once."""
    if not _STRINGS_ARE_ARROW:
        import pandas as pd

        probe = pd.array(["", None], dtype="string")
        try:
            import pyarrow as pa

            arrow = (
                isinstance(probe, pd.arrays.ArrowStringArray)
                and pa.array(probe).type == pa.large_string()
                and _arrow_strings(["", None]).dtype == probe.dtype
            )
        except ImportError:
            arrow = False
        _STRINGS_ARE_ARROW.append(arrow)
    return _STRINGS_ARE_ARROW[0]


def _arrow_strings(values: list[str | None]) -> Any:
    import pandas as pd
    import pyarrow as pa

    return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))
