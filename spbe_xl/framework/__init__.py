"""The catalog of SPBE evaluation frameworks: domains, aspects, indicators, weights, predicates.

Frameworks are data, not code: one TOML file per framework in ``spbe_xl/data/``
(``spbe2018.toml`` for PermenPANRB No. 5 Tahun 2018, ``spbe2020.toml`` for PermenPANRB
No. 59 Tahun 2020).  Every number in them carries a ``status`` -- ``confirmed`` (seen in an
official or published text), ``from data`` (seen only in other projects' data or code),
``derived`` (arithmetic on the above) or ``open`` (not established) -- and a ``source`` note,
so that a user can see how sure each number is and override it.

    >>> import spbe_xl.framework as fw
    >>> fw.available()
    ['pemdi2026', 'spbe2018', 'spbe2020']
    >>> f = fw.load("spbe2018")
    >>> f.weight(35), f.predicate(2.72)
    (5.0, 'Baik')

``load()`` checks a framework when it reads it and raises :class:`FrameworkError` (naming the
file and the key or row) unless: indicator weights sum to 100; every domain's and aspect's
stored weight equals the sum of its indicators' weights; every indicator belongs to exactly one
aspect, and that aspect to the indicator's domain; the predicate bands cover
0 .. ``level_max`` with no gap and no overlap; numbers are unique; the level range is sane.
The TOML format is described in ``docs/frameworks.md``.

Custom weights file
-------------------
``load(..., weights="weights.csv")`` replaces the indicator weights with those of a CSV file
(for instance when the ministry publishes a correction); aspect and domain weights are then
re-derived as the sums of their indicators' weights.  The file::

    indicator_no,weight
    1,1.0
    2,1.0
    ...

- a header row naming the columns ``indicator_no`` and ``weight`` (any case; other columns,
  such as a ``name`` column for the reader, are ignored);
- ``,`` or ``;`` as the delimiter (the one in the header row is used) and ``.`` or ``,`` as
  the decimal mark (``1,5`` -- quote it when the delimiter is ``,``), as Indonesian Excel
  exports write them; a trailing ``%`` is ignored;
- UTF-8, with or without a byte-order mark; blank lines are skipped;
- every indicator of the framework exactly once (by number: the instances of a multi-instance
  indicator such as ``35-1`` share indicator 35's weight), weights >= 0, summing to
  100 (+- 1e-6).

Errors name the file and the line.  Indicators whose weight comes from such a file get the
status ``custom`` and a source naming the file and line; re-derived aspect and domain weights
get the status ``derived``.

An office's criteria file
-------------------------
``load(..., criteria="kriteria-kantor.csv")`` puts an office's criterion texts in place of
the framework's, cell by cell (columns ``indicator_no, level, criterion`` and optionally
``alt_criterion``): those cells get the status ``custom``.  See ``docs/criteria.md``.

The package: :mod:`~spbe_xl.framework.model` (the :class:`Framework` object and its
errors), :mod:`~spbe_xl.framework.schema` (the TOML format, one parser per section) and
:mod:`~spbe_xl.framework.checks` (its consistency checks), :mod:`~spbe_xl.framework.criteria`
and :mod:`~spbe_xl.framework.matching` (the level criteria and which level a text
describes), :mod:`~spbe_xl.framework.weights` (the custom weights CSV),
:mod:`~spbe_xl.framework.loading` (:func:`load`, :func:`available`) and
:mod:`~spbe_xl.framework.resolve` (:func:`resolve_framework`, the one resolution policy).
"""

from spbe_xl.framework.criteria import (
    CRITERION_STATUSES,
    DOUBTFUL_STATUSES,
    LABEL_MARGIN,
    MATCH_MARGIN,
    MATCH_MIN,
    Criterion,
    LabelCheck,
    LevelMatch,
)
from spbe_xl.framework.loading import _load_builtin as _load_builtin  # its cache is tested
from spbe_xl.framework.loading import available, load
from spbe_xl.framework.matching import CUT_MIN_COVERAGE, CUT_PENALTY, NEGATION_FACTOR, NEGATIONS
from spbe_xl.framework.model import (
    ASPECT_COLUMNS,
    CRITERIA_COLUMNS,
    CUSTOM_STATUS,
    DOMAIN_COLUMNS,
    INDICATOR_COLUMNS,
    LEVEL_MEANING_COLUMNS,
    PREDICATE_COLUMNS,
    SCORE_TOLERANCE,
    STATUSES,
    WEIGHT_TOLERANCE,
    WEIGHT_TOTAL,
    Framework,
    FrameworkError,
    UnknownIndicatorError,
)
from spbe_xl.framework.resolve import (
    DECIMAL_QUORUM,
    Resolution,
    framework_for_year,
    framework_resolution,
    packaged,
    packaged_rounds,
    resolve_framework,
)
from spbe_xl.framework.schema import FORMAT_VERSION

__all__ = [
    "ASPECT_COLUMNS",
    "CRITERIA_COLUMNS",
    "CRITERION_STATUSES",
    "CUSTOM_STATUS",
    "CUT_MIN_COVERAGE",
    "CUT_PENALTY",
    "DECIMAL_QUORUM",
    "DOMAIN_COLUMNS",
    "DOUBTFUL_STATUSES",
    "FORMAT_VERSION",
    "INDICATOR_COLUMNS",
    "LABEL_MARGIN",
    "LEVEL_MEANING_COLUMNS",
    "MATCH_MARGIN",
    "MATCH_MIN",
    "NEGATIONS",
    "NEGATION_FACTOR",
    "PREDICATE_COLUMNS",
    "SCORE_TOLERANCE",
    "STATUSES",
    "WEIGHT_TOLERANCE",
    "WEIGHT_TOTAL",
    "Criterion",
    "Framework",
    "FrameworkError",
    "LabelCheck",
    "LevelMatch",
    "Resolution",
    "UnknownIndicatorError",
    "available",
    "framework_for_year",
    "framework_resolution",
    "load",
    "packaged",
    "packaged_rounds",
    "resolve_framework",
]
