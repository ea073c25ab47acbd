"""Fixtures of the web page's tests: an app with small limits, its test client, uploads."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from spbe_xl.web import Limits, create_app

BASE = "http://127.0.0.1"


@pytest.fixture
def limits() -> Limits:
    return Limits(max_files=6, max_file_mb=2, max_total_mb=5, keep_minutes=5, jobs=1)


@pytest.fixture
def client(limits: Limits) -> Iterator[TestClient]:
    with TestClient(create_app(limits), base_url=BASE) as test_client:
        yield test_client


def post_files(client: TestClient, paths: Sequence[Path], names: Sequence[str] | None = None):
    """POST the workbooks to /upload as a browser's form does (no redirect followed)."""
    names = names or [p.name for p in paths]
    files = [
        ("files", (name, path.read_bytes(), "application/octet-stream"))
        for name, path in zip(names, paths, strict=True)
    ]
    return client.post("/upload", files=files, follow_redirects=False)


def wait_done(client: TestClient, job_url: str, limit_s: float = 120.0) -> dict:
    """Poll the job's status as the page does until it has finished (bounded)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        status = client.get(f"{job_url}/status").json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"{job_url} not finished after {limit_s} s")


def upload_and_wait(client: TestClient, paths: Sequence[Path], names=None):
    """Upload, wait for the job, return (job url, the page the job's url leads to)."""
    response = post_files(client, paths, names)
    assert response.status_code == 303, response.text
    job_url = response.headers["location"]
    wait_done(client, job_url)
    return job_url, client.get(job_url)
