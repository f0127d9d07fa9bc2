"""Shared set-up of the suite: the environment and the fixtures (helpers are in helpers.py)."""

import os
import pathlib

import pytest

from .helpers import ROOT, run_book_build

# Progress bars write timing to the notebooks' outputs; the checked runs keep them off.
# Set before any notebook kernel starts, so nbval's kernels inherit it.
os.environ["NETLIB_PROGRESS"] = "0"


@pytest.fixture(scope="session")
def built_site() -> pathlib.Path:
    """The site, built once per test session; fails the test that asks if the build warns."""
    code, log = run_book_build()
    if code != 0 or "WARNING" in log:
        pytest.fail(f"the book build failed or warned (exit {code}):\n{log[-6000:]}")
    return ROOT / "_build" / "html"
