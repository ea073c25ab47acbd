"""The worker pool: tasks in worker processes, the work of a dead worker retried, an input
that kills its worker twice isolated and reported."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def available_cores(cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The cores this process may run on: its CPU affinity, capped by a cgroup v2 CPU quota
    (a container limited to 2 CPUs on a 64-core host gets 2, not 64 workers of ~160 MiB)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota here
    return max(1, cores)


class WorkerDied(Exception):
    """A worker process died (killed by the system, or crashed in compiled code) twice
    while running one task: the task's input is the likely cause."""


def run_tasks(
    fn: Callable[..., Any],
    tasks: Sequence[tuple[Any, ...]],
    jobs: int,
    done: Callable[[int, Any], None],
) -> None:
    """Call ``done(i, fn(*tasks[i]))`` for every task, as each finishes.

    The calls run in ``max(jobs, 1)`` worker processes, one too (a single input, or
    ``--jobs 1``): a file that crashes compiled code (calamine aborting on an allocation)
    then takes down a worker, never the batch.  When a worker dies, every task it had not
    finished fails with it, so the first of them runs again alone: if its worker dies
    again, ``done(i, WorkerDied(...))`` reports it, and the others run on in a new pool
    (each round finishes or isolates at least one task, so this ends).
    ``fn`` must not raise: its failures are results.
    """
    jobs = max(jobs, 1)
    pending = list(range(len(tasks)))
    while pending:
        broken = _run_pool(fn, tasks, pending, jobs, done)
        if not broken:
            return
        first, pending = broken[0], broken[1:]
        done(first, _run_alone(fn, tasks[first]))


def _run_pool(
    fn: Callable[..., Any],
    tasks: Sequence[tuple[Any, ...]],
    pending: list[int],
    jobs: int,
    done: Callable[[int, Any], None],
) -> list[int]:
    """One pool over the ``pending`` tasks; returns, sorted, those lost with a dead worker."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    broken: list[int] = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(pending))) as pool:
        try:
            futures = {pool.submit(fn, *tasks[i]): i for i in pending}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
                    continue
                done(futures[future], result)
        except BaseException:  # stopped (Ctrl-C, SIGTERM): no worker goes on without us
            kill_workers(pool)
            raise
    return sorted(broken)


def kill_workers(pool: Any) -> None:
    """Kill a ProcessPoolExecutor's workers at once and drop its queued tasks."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):  # already gone
            process.kill()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(5)
    pool.shutdown(wait=False, cancel_futures=True)


def _run_alone(fn: Callable[..., Any], task: tuple[Any, ...]) -> Any:
    """``fn(*task)`` in a worker of its own; WorkerDied when that worker dies too."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as alone:
        try:
            return alone.submit(fn, *task).result()
        except BaseException as exc:
            if not isinstance(exc, BrokenProcessPool):
                kill_workers(alone)
                raise
            return WorkerDied(
                "the worker process died while working on this input, twice (a file that "
                "crashes the reader, or the system ran out of memory); "
                "please report the file"
            )
