"""The parts of the workbooks :mod:`spbe_xl.writers` writes, one module per part.

``layout`` (names, titles, limits), ``metrics`` (text widths and heights), ``sheetnames``,
``values`` (frame values to cell values), ``cells`` (formats and the put helpers),
``workbook`` (opening and closing an xlsxwriter workbook), ``pages`` (row heights, print
setup, page breaks), ``table`` and ``signature`` (the indicator table sheet), ``followup``,
``summary``, ``schedule``, ``template``, ``tables`` and ``recap`` (the sheets of each
workbook).  Nothing here reads a workbook: ``spbe_xl.reading`` is never imported.
"""
