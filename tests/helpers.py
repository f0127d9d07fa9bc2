"""Paths and commands the suite's tests share (fixtures live in conftest.py)."""

import pathlib
import subprocess
import sys

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
