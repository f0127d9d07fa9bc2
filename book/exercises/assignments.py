"""Make the classroom versions of the exercises: student notebooks and an nbgrader course.

    python book/exercises/assignments.py [OUT]      # what `make assignments` runs; OUT = dist

Each exercise notebook ``book/exercises/NAME.ipynb`` is one nbgrader assignment ``NAME``, kept
in nbgrader's source format: the book shows it with its solutions. This writes

    OUT/student/NAME.ipynb         what a student gets: answers replaced by stubs, hidden tests
                                   removed, outputs cleared
    OUT/course/                    an nbgrader course folder, used as it is:
        nbgrader_config.py
        source/NAME/NAME.ipynb     the exercise as in the book (solutions, hidden tests)
        release/NAME/NAME.ipynb    the student version, made by `nbgrader generate_assignment`
        gradebook.db               the assignments, their cells and their points

Both are rebuilt from scratch. A course folder that already holds students' work (submitted/,
autograded/ or feedback/) is never overwritten: copy it elsewhere to grade.

This file lives beside the notebooks it processes and imports neither netlib nor the book;
nbgrader is imported only by it (through the ``nbgrader`` command) and by its tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

EXERCISES = Path(__file__).resolve().parent
COURSE_ID = "backprop"
STUDENT_WORK = ("submitted", "autograded", "feedback")

CONFIG = f'''\
# nbgrader configuration of the course, written by `make assignments`.
# This folder is the course root: run every nbgrader command from here.
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "{COURSE_ID}"

# Release, fetch, submit and collect go through an exchange folder that every user of the
# machine (or of the JupyterHub) can write to; it must exist. The default is
# /usr/local/share/nbgrader/exchange. Uncomment to choose another one:
# c.Exchange.root = "/srv/nbgrader/exchange"

# Seconds a cell may run while autograding (training on the digits takes about one).
c.Execute.timeout = 60

# What replaces an answer in the student version (nbgrader's defaults, spelled out).
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
'''


@dataclass(frozen=True)
class Build:
    """Where the student notebooks and the course folder were written."""

    student: Path
    course: Path


def exercise_notebooks() -> list[Path]:
    """The exercise notebooks, one per assignment, sorted by name."""
    return sorted(EXERCISES.glob("*.ipynb"))


def nbgrader_environment() -> dict[str, str]:
    """The environment for nbgrader: this Python's bin/ first on PATH.

    nbgrader runs ``alembic`` as a subprocess to set up its gradebook, and fails with
    ``FileNotFoundError: 'alembic'`` when the virtualenv's bin/ is not on PATH.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.setdefault("NETLIB_PROGRESS", "0")
    return env


def run_nbgrader(*args: str, course: Path) -> str:
    """Run ``nbgrader ARGS`` in the course folder; return its log, raise if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_environment(),
        capture_output=True,
        text=True,
    )
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed (exit {result.returncode}):\n{log}")
    return log


def write_course(course: Path, notebooks: list[Path]) -> None:
    """A fresh course folder: nbgrader_config.py and source/NAME/NAME.ipynb per exercise."""
    held = [name for name in STUDENT_WORK if (course / name).exists()]
    if held:
        raise SystemExit(
            f"{course} holds students' work ({', '.join(held)}/): it is not overwritten. "
            "Copy the course folder elsewhere to grade, or remove it to rebuild."
        )
    shutil.rmtree(course, ignore_errors=True)
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    for notebook in notebooks:
        folder = course / "source" / notebook.stem
        folder.mkdir(parents=True)
        shutil.copyfile(notebook, folder / notebook.name)


def build(out: Path, notebooks: list[Path] | None = None) -> Build:
    """Write ``out/course`` (with the release made by nbgrader) and ``out/student``."""
    notebooks = exercise_notebooks() if notebooks is None else notebooks
    if not notebooks:
        raise SystemExit(f"no exercise notebooks in {EXERCISES}")
    out = out.resolve()
    course, student = out / "course", out / "student"
    write_course(course, notebooks)
    run_nbgrader("generate_assignment", "*", "--force", course=course)
    shutil.rmtree(student, ignore_errors=True)
    student.mkdir(parents=True)
    for notebook in notebooks:
        released = course / "release" / notebook.stem / notebook.name
        if not released.is_file():
            raise RuntimeError(f"nbgrader did not release {notebook.name}")
        shutil.copyfile(released, student / notebook.name)
    return Build(student=student, course=course)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="dist", type=Path, help="output folder (dist)")
    made = build(parser.parse_args(argv).out)
    names = ", ".join(p.name for p in sorted(made.student.glob("*.ipynb")))
    print(f"Student notebooks ({names}): {made.student}")
    print(f"nbgrader course folder: {made.course} (run nbgrader commands from there)")


if __name__ == "__main__":
    main()
