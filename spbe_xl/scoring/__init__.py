"""The scoring layer behind :mod:`spbe_xl.rules`: catalog, levels, engine and what is built on it.

``catalog`` (the framework's weights as typed records), ``levels`` (the levels read from a
frame), ``engine`` (the index), ``results`` (the result types), ``deltas`` (what-if and level
deltas), ``rollup`` (per agency), ``notes`` (the summary's notes), ``recap`` (compare and
recap).  Import :mod:`spbe_xl.rules` for the public API; these modules never touch files.
"""
