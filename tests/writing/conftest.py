"""Fixtures of the writing tests."""

from __future__ import annotations

import pytest

from spbe_xl.book import Book
from tests.writer_books import build_book


@pytest.fixture
def built_book() -> Book:
    """The small book of tests/writer_books.py (every kind of data)."""
    return build_book()
