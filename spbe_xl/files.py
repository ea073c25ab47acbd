"""Files written all or nothing, and what a killed writer left behind.

Every output of spbe-xl (workbooks, CSV, reports) goes through :func:`atomic_output`, so a
reader of the output folder never sees a half-written file, even when the process is killed.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_output", "remove_stale_temporaries"]


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Write a file all or nothing: yield a temporary path in ``path``'s folder, then rename.

    The temporary file is named ``.<name>.<pid>-<random>.tmp`` in the target's own folder (so the
    final :func:`os.replace` is atomic on one filesystem) and created with the usual
    permissions (umask applied).  When the ``with`` block ends normally the file is synced to
    disk and replaces ``path``; when it raises, the temporary file is removed and an existing
    ``path`` is left untouched.  A symlink at ``path`` is replaced, not followed.

        with atomic_output("out/ringkasan.csv") as tmp:
            frame.to_csv(tmp, index=False)
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"{os.fspath(folder) or '.'}: the output folder does not exist")
    if target.is_dir():
        raise IsADirectoryError(f"{os.fspath(target)}: is a folder, not a file")
    stem = target.name[:180]
    for _ in range(100):
        tmp = folder / f".{stem}.{os.getpid()}-{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        os.close(fd)
        break
    else:  # pragma: no cover
        raise FileExistsError(f"{folder}: cannot create a temporary file")
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


_TEMP_NAME = re.compile(r"^\..+\.(\d+)-[0-9a-f]{12}\.tmp$")


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files that a killed writer left in ``folder``.

    A temporary file of :func:`atomic_output` carries its writer's process id; it is
    stale when that process no longer runs.  Files of writers still running (another
    conversion into the same folder) are left alone.  Returns the files removed.
    """
    removed: list[Path] = []
    base = Path(folder)
    if not base.is_dir():
        return removed
    for entry in base.iterdir():
        match = _TEMP_NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        if not _process_running(int(match.group(1))):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _process_running(pid: int) -> bool:
    """Whether process ``pid`` is alive (a killed process not yet reaped counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rpartition(")")[2].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return True
