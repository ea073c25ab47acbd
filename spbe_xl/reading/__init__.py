"""The readers' machinery, one concern per module (the public entry point is
:mod:`spbe_xl.readers`).

    container   the security gate: refuse what is not a workbook, encrypted, or a bomb
    grid        the workbook opened into sheets of cells (the only calamine import)
    values      levels, indicator ids, marks, evidence numbers as typed in cells
    headers     header texts -> column roles -> the table's layout
    walk        one sheet's rows into records, with rows / evidence / signature / schedule
    records     what the walk yields
    agencies    agency spellings unified across a book
    titles      instansi and year from the title rows
    checks      cross-sheet checks of one indicator
    merge       read_workbook's phases: sheets -> one book
    frames      records -> typed frames (the fast path)
"""
