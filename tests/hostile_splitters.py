"""Splitters that misbehave on purpose, for tests of transforms/guard.py.

Kept apart from the test modules so that the guard's child process, which imports the
splitter by name, does not import apache_beam and the pipeline to unpickle it.
"""

from __future__ import annotations

import os

from wire.records import Article, Page
from wire.split import split_page


def crashing_splitter(page: Page) -> list[Article]:
    """Dies like a segfaulting parser on any page that says "crash"."""
    if "crash" in page.text:
        os._exit(9)
    return split_page(page)
