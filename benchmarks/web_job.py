"""Time one job of the web page (``spbe-xl serve``) on a generated corpus, phase by phase.

Usage::

    .venv/bin/python benchmarks/web_job.py [--n 40] [--jobs 2] [--repeat 3] [--corpus DIR]

Generates ``--n`` instansi with ``generate_corpus.py`` (or takes ``--corpus``), then runs
``spbe_xl.web.jobs.run_job`` on a copy of them ``--repeat`` times, as the page does after an
upload (``batch.convert`` into xlsx + csv, then each instansi's page), and prints the wall
time of each phase (reading titles, converting, page) and of the whole job, median of the
runs.  Needs the ``web`` extra.  The machine's other load shows in the numbers: compare
runs made one after the other.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def one_run(corpus: Path, jobs: int) -> dict[str, float]:
    """One job over a copy of ``corpus``; seconds per phase and ``total``."""
    from spbe_xl.web.jobs import Job, Limits, run_job

    folder = Path(tempfile.mkdtemp(prefix="spbe-xl-webbench-"))
    inputs = folder / "in"
    inputs.mkdir()
    names = []
    for path in sorted(corpus.glob("*.xlsx")):
        shutil.copy(path, inputs / path.name)
        names.append(path.name)
    job = Job("bench", names)
    marks: list[tuple[str, float]] = []
    stop = threading.Event()

    def watch() -> None:  # the phase transitions as the page's polling would see them
        last = None
        while not stop.is_set():
            if job.phase != last:
                last = job.phase
                marks.append((last, time.perf_counter()))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    start = time.perf_counter()
    watcher.start()
    run_job(job, folder, Limits(jobs=jobs))
    end = time.perf_counter()
    stop.set()
    watcher.join()
    assert job.state == "done", job.error
    assert all(r.view is not None for r in job.results), [r.message for r in job.results]
    times: dict[str, float] = {}
    for (label, t0), (_, t1) in zip(marks, [*marks[1:], ("end", end)], strict=True):
        if label:
            times[label] = times.get(label, 0.0) + (t1 - t0)
    times["total"] = end - start
    times["instansi"] = float(len(job.results))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="instansi to generate (default 40)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs (default 3)")
    parser.add_argument("--corpus", type=Path, default=None, help="a folder of workbooks")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="spbe-xl-webcorpus-") as tmp:
        corpus = args.corpus
        if corpus is None:
            from generate_corpus import generate

            corpus = Path(tmp)
            generate(corpus, args.n, seed=2018, jobs=args.jobs)
        runs = [one_run(corpus, args.jobs) for _ in range(args.repeat)]
    labels = [k for k in runs[0] if k != "instansi"]
    print(f"{int(runs[0]['instansi'])} instansi, {args.jobs} worker(s), {args.repeat} run(s)")
    for label in labels:
        values = [r.get(label, 0.0) for r in runs]
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {label:<15} median {statistics.median(values):6.2f} s   ({shown})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
