"""Shared set-up of the suite."""

import os
import pathlib
import subprocess
import sys

import pytest

# Progress bars write timing to the notebooks' outputs; the checked runs keep them off.
# Set before any notebook kernel starts, so nbval's kernels inherit it.
os.environ["NETLIB_PROGRESS"] = "0"

ROOT = pathlib.Path(__file__).resolve().parent.parent


def book_notebooks() -> list[pathlib.Path]:
    """Every notebook of the book, the copies Jupyter leaves in checkpoints excepted."""
    return sorted(
        p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def run_book_build() -> tuple[int, str]:
    """Build the website into _build/html exactly as `make book` does; return (code, log)."""
    jupyter_book = pathlib.Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", ".", "--all", "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="session")
def built_site() -> pathlib.Path:
    """The site, built once per test session; fails the test that asks if the build warns."""
    code, log = run_book_build()
    if code != 0 or "WARNING" in log:
        pytest.fail(f"the book build failed or warned (exit {code}):\n{log[-6000:]}")
    return ROOT / "_build" / "html"
