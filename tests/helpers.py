"""Paths and commands the suite's tests share (fixtures live in conftest.py)."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "book" / "exercises"  # the exercises' nbgrader sources, with solutions
STUDENT_VERSIONS = EXERCISES / "student"  # what the website shows: made by `make assignments`


def book_notebooks() -> list[pathlib.Path]:
    """Every executed notebook of the book: the chapters and the exercises' sources. Not the
    copies Jupyter leaves in checkpoints, nor the exercises' student versions (their stubs
    raise: they are never executed, and nbval skips them too)."""
    return sorted(
        p
        for p in (ROOT / "book").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and not p.is_relative_to(STUDENT_VERSIONS)
    )


def student_versions() -> list[pathlib.Path]:
    """The exercises' student versions, which the website shows instead of the sources."""
    return sorted(STUDENT_VERSIONS.glob("*.ipynb"))


def site_notebooks() -> list[pathlib.Path]:
    """The notebooks the website renders: the chapters and the exercises' student versions."""
    chapters = [p for p in book_notebooks() if p.parent != EXERCISES]
    return sorted(chapters + student_versions())


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
