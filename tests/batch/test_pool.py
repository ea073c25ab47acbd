"""The worker pool: a task that kills its worker is isolated; the default pool size."""

from __future__ import annotations

import os

from spbe_xl.batch.pool import WorkerDied, available_cores, run_tasks


def _square_or_die(n):
    if n == 3:
        os._exit(3)  # as a crash in compiled code or the OOM killer would end the worker
    return n * n


def test_run_tasks_isolates_the_task_that_kills_its_worker():
    results = {}
    run_tasks(_square_or_die, [(n,) for n in range(6)], 2, results.__setitem__)
    assert sorted(results) == list(range(6))
    assert isinstance(results.pop(3), WorkerDied)
    assert results == {n: n * n for n in (0, 1, 2, 4, 5)}


def test_default_jobs_follow_the_cpu_quota(tmp_path):
    """--jobs defaults to the cores this process may use: a cgroup quota of 2.5 CPUs gives
    3 workers, 0.5 CPU gives 1, no quota ("max") the CPU affinity."""
    affinity = len(os.sched_getaffinity(0))
    cpu_max = tmp_path / "cpu.max"
    cpu_max.write_text("max 100000\n")
    assert available_cores(cpu_max) == affinity
    cpu_max.write_text("250000 100000\n")
    assert available_cores(cpu_max) == min(affinity, 3)
    cpu_max.write_text("50000 100000\n")
    assert available_cores(cpu_max) == 1
    assert available_cores(tmp_path / "absent") == affinity
