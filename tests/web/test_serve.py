"""``spbe-xl serve``: its options reach the server; another address than loopback warns."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from spbe_xl import web
from spbe_xl.cli import main


@pytest.fixture
def served(monkeypatch):
    calls: list[tuple] = []
    monkeypatch.setattr(web, "serve", lambda *a, **kw: calls.append((a, kw)))
    return calls


def test_serve_binds_loopback_by_default_without_warning(served):
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    (args, kwargs), = served
    assert args == ("127.0.0.1", 8765)
    assert kwargs["open_browser"] is False
    assert "warning" not in result.output


def test_serve_on_another_address_warns(served):
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9000", "--open"])
    assert result.exit_code == 0, result.output
    assert "warning: serving on 0.0.0.0" in result.output and "no login" in result.output
    (args, kwargs), = served
    assert args == ("0.0.0.0", 9000) and kwargs["open_browser"] is True


def test_serve_passes_the_limits(served):
    result = CliRunner().invoke(
        main, ["serve", "--max-files", "3", "--max-file-mb", "1.5", "--max-total-mb", "4"]
    )
    assert result.exit_code == 0, result.output
    limits = served[0][1]["limits"]
    assert (limits.max_files, limits.max_file_mb, limits.max_total_mb) == (3, 1.5, 4.0)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)],
)
def test_loopback(host, loopback):
    assert web.is_loopback(host) is loopback


def test_a_wildcard_address_answers_any_host_name_else_only_loopback_names():
    assert web.allowed_hosts("0.0.0.0") == ["*"]
    assert "evil.example" not in web.allowed_hosts("127.0.0.1")
    assert "10.0.0.7" in web.allowed_hosts("10.0.0.7")
