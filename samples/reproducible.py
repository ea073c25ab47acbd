"""Saving a sample workbook reproducibly: the same data gives the same bytes.

Shared by build_samples.py and build_denpasar.py, which run as scripts (this folder is
then on ``sys.path``)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter


def set_properties(wb: Workbook, title: str, creator: str, when: datetime) -> None:
    """The document properties: the office as creator, one fixed time."""
    props = wb.properties
    props.creator = creator
    props.lastModifiedBy = creator
    props.title = title
    props.created = when
    props.modified = when


def save(wb: Workbook, path: Path, when: datetime) -> None:
    """Save with the properties as set and every zip entry stamped ``when``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # unlike save_workbook, keeps properties.modified
    out = io.BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())
