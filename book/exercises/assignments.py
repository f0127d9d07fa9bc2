"""Make the classroom versions of the exercises: student notebooks and an nbgrader course.

    python book/exercises/assignments.py [OUT]      # what `make assignments` runs; OUT = dist

Each exercise notebook ``book/exercises/NAME.ipynb`` is one nbgrader assignment ``NAME``, kept
in nbgrader's source format: the book shows it with its solutions. This writes

    OUT/student/NAME.ipynb         what a student gets: answers replaced by stubs, hidden tests
                                   removed, outputs cleared
    OUT/student/netlib/            the book's library, which the notebooks import
    OUT/website/NAME.ipynb         the student version as the website shows it (below)
    OUT/course/                    an nbgrader course folder, used as it is:
        nbgrader_config.py
        source/NAME/NAME.ipynb     the exercise with its solutions and hidden tests
        source/NAME/netlib/        the library, released with the notebook
        release/NAME/              the student version and the library, made by
                                   `nbgrader generate_assignment`
        gradebook.db               the assignments, their cells and their points

The notebooks handed out are written for a student outside the website: the title cell's note
about the website is replaced by instructions (``STUDENT_INTRO``), and links to the notation
page become plain mathematics. This happens in ``source/`` before nbgrader runs, so nbgrader's
checksums of the locked cells are those of the text the students get. A ``netlib`` folder next
to a notebook comes first on its kernel's import path, so ``import netlib`` needs no install
(``pip install netlib`` would install an unrelated package of that name from PyPI).

The website shows the student versions, never the sources: ``make assignments`` also copies
``OUT/website/NAME.ipynb`` to ``book/exercises/student/NAME.ipynb``, which the table of contents
lists and the repository keeps. Each is the notebook nbgrader released, with the Markdown of the
book's source put back (its note on running the book, its links, adjusted to the folder one
level down) and the title's paragraph about the worked solution replaced by ``WEBSITE_INTRO``.
A page's download and launch buttons therefore hand out the student version too. The website's
copies are executed top to bottom (``run_as_a_student``), so a reader sees what a student sees
before answering: each stub raises ``NotImplementedError`` and each public test says so; those
cells are tagged ``raises-exception``.

Both are rebuilt from scratch. A course folder that already holds students' work (submitted/,
autograded/ or feedback/) is never overwritten: copy it elsewhere to grade.

This file lives beside the notebooks it processes and imports neither netlib nor the book;
nbgrader is imported only by it (through the ``nbgrader`` command) and by its tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

EXERCISES = Path(__file__).resolve().parent
NETLIB = EXERCISES.parent.parent / "netlib"  # the book's library, shipped with the notebooks
COURSE_ID = "backprop"
STUDENT_WORK = ("submitted", "autograded", "feedback")
WEBSITE = EXERCISES / "student"  # the student versions the website shows (committed)

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


# The title cell's website note (how to run the book, links to its pages) becomes this.
STUDENT_INTRO = """\
This notebook is a graded assignment. Open it in Jupyter (JupyterLab or Notebook) with the
folder `netlib/` that comes with it left beside it: `netlib` is the book's small library, and
the first code cell names the packages to install. Run the cells from the top. Write your code
where a cell says `YOUR CODE HERE` (and delete the `raise NotImplementedError()` line under
it), and your written answers in the cells that say "YOUR ANSWER HERE". Each answer cell is
followed by a test cell: run both, and read the message of a test that fails. More tests run
when the assignment is graded, so passing these does not prove an answer right. Before you
hand the notebook in, restart the kernel and run all cells."""

# On the website, the title's paragraph about the worked solution becomes this.
WEBSITE_INTRO = """\
This is a classroom assignment, shown here as students get it: every answer is a stub to
replace, and the worked solutions and the hidden tests that grade it are not published.
Download the notebook (the download button at the top of the page) or open it with a launch
button, write your answers, and run each answer cell and then the test cell under it: a test
that fails says why, and where the book has a diagnoser for the step, which mistake it
recognises and the equation that proves the right formula. {doc}`../../for-teachers` explains
how a teacher makes, hands out and grades the assignment."""
SOLUTION_PARAGRAPH = "This is a classroom assignment, shown here with its worked solution."
DOC_LINK_UP = re.compile(r"(\{doc\}`(?:[^`<]*<)?)\.\./")

WEBSITE_NOTE = re.compile(r"^:::\{note\}\n.*?^:::\n*", re.M | re.S)
NOTATION_LINK = re.compile(r"\[(\$[^$]+\$)\]\(#notation-[a-z]+\)")
WEBSITE_ONLY = re.compile(r"\{[a-z:]+\}`|^:::|\]\(#", re.M)


@dataclass(frozen=True)
class Build:
    """Where the student notebooks and the course folder were written."""

    student: Path
    course: Path
    website: Path


def exercise_notebooks() -> list[Path]:
    """The exercise notebooks (the sources, with solutions), one per assignment, by name."""
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


def for_students(notebook: dict, name: str) -> dict:
    """The notebook with its Markdown written for students outside the website.

    The title cell keeps its heading and its statement of the task; its website note and the
    paragraph that links pages of the book become ``STUDENT_INTRO``. Links to the notation
    page become plain mathematics. Anything else that only the website understands is an error.
    """
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        if index == 0:
            heading, _, body = text.partition("\n")
            if not heading.startswith("# "):
                raise ValueError(f"{name}: the first cell must be the title, '# ...'")
            body = WEBSITE_NOTE.sub("", body.strip() + "\n").strip()
            kept = [part for part in body.split("\n\n") if "{doc}`" not in part]
            text = "\n\n".join([heading, STUDENT_INTRO, *kept])
        text = NOTATION_LINK.sub(r"\1", text)
        left = WEBSITE_ONLY.search(text)
        if left:
            raise ValueError(
                f"{name}, cell {cell.get('id', index)}: {left.group(0)!r} works only on the "
                "website: rewrite it so that it reads in Jupyter, or extend for_students()"
            )
        cell["source"] = text.splitlines(keepends=True)
    return notebook


def for_the_website(released: dict, source: dict, name: str) -> dict:
    """The released student notebook with the source's Markdown, for the website's folder
    ``student/`` one level below the source: links and notes as in the book, answers still
    stubs. The title's paragraph about the worked solution becomes ``WEBSITE_INTRO``."""
    text_of = {cell.get("id"): "".join(cell["source"]) for cell in source["cells"]}
    for index, cell in enumerate(released["cells"]):
        if cell["cell_type"] != "markdown" or cell["metadata"]["nbgrader"].get("solution"):
            continue
        parts = DOC_LINK_UP.sub(r"\1../../", text_of[cell["id"]]).split("\n\n")
        if index == 0:
            found = [i for i, part in enumerate(parts) if part.startswith(SOLUTION_PARAGRAPH)]
            if len(found) != 1:
                raise ValueError(f"{name}: the title needs one paragraph {SOLUTION_PARAGRAPH!r}")
            parts[found[0]] = WEBSITE_INTRO
        cell["source"] = "\n\n".join(parts).splitlines(keepends=True)
    return released


def run_as_a_student(notebook: dict, folder: Path) -> dict:
    """The notebook executed as a student gets it, in ``folder`` (the release, with netlib/
    beside it): a cell that raises is tagged ``raises-exception`` (and
    ``wrap-output``, so the site wraps its traceback to the column). The stubs and the tests raise
    in the notebook's own cells, so no traceback shows a path of the machine that ran it (the
    notebook guards check it)."""
    import nbclient  # only `make assignments` executes notebooks
    import nbformat

    nb = nbformat.reads(json.dumps(notebook), as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
        timeout=120,
        resources={"metadata": {"path": str(folder)}},
    )
    # The kernel inherits the environment: no progress bar (its timings change every run).
    with mock.patch.dict(os.environ, {"NETLIB_PROGRESS": "0"}):
        client.execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = _merged_streams(cell.outputs)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        tags = cell.metadata.setdefault("tags", [])
        # wrap-output: the site wraps a traceback's long lines to the column (outputs.css).
        for tag in ("raises-exception", "wrap-output") if errors else ():
            if tag not in tags:
                tags.append(tag)
    return json.loads(nbformat.writes(nb))


def _merged_streams(outputs: list) -> list:
    """One output per run of the same stream: the kernel's chunking varies from run to run."""
    merged: list = []
    for output in outputs:
        if (
            output.output_type == "stream"
            and merged
            and merged[-1].output_type == "stream"
            and merged[-1].name == output.name
        ):
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def write_notebook(notebook: dict, path: Path) -> None:
    """Write a notebook as Jupyter does (one-space indent, UTF-8, a final newline)."""
    text = json.dumps(notebook, indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def copy_netlib(folder: Path) -> None:
    """The book's library as ``folder/netlib``, without compiled files."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(NETLIB, folder / "netlib", ignore=skip)


def write_course(course: Path, notebooks: list[Path]) -> None:
    """A fresh course folder: nbgrader_config.py, and per exercise source/NAME/ with the
    student-ready NAME.ipynb and netlib/."""
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
        cells = for_students(json.loads(notebook.read_text(encoding="utf-8")), notebook.stem)
        write_notebook(cells, folder / notebook.name)
        copy_netlib(folder)


def build(out: Path, notebooks: list[Path] | None = None) -> Build:
    """Write ``out/course`` (with the release made by nbgrader) and ``out/student``."""
    notebooks = exercise_notebooks() if notebooks is None else notebooks
    if not notebooks:
        raise SystemExit(f"no exercise notebooks in {EXERCISES}")
    out = out.resolve()
    course, student, website = out / "course", out / "student", out / "website"
    write_course(course, notebooks)
    run_nbgrader("generate_assignment", "*", "--force", course=course)
    for folder in (student, website):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for notebook in notebooks:
        released = course / "release" / notebook.stem / notebook.name
        if not (released.is_file() and (released.parent / "netlib" / "__init__.py").is_file()):
            raise RuntimeError(f"nbgrader did not release {notebook.name} with netlib/")
        shutil.copyfile(released, student / notebook.name)
        source = json.loads(notebook.read_text(encoding="utf-8"))
        page = for_the_website(
            json.loads(released.read_text(encoding="utf-8")), source, notebook.stem
        )
        write_notebook(run_as_a_student(page, released.parent), website / notebook.name)
    copy_netlib(student)
    return Build(student=student, course=course, website=website)


def publish(website: Path) -> None:
    """Make ``book/exercises/student/`` hold exactly the website's student versions."""
    WEBSITE.mkdir(exist_ok=True)
    for old in WEBSITE.glob("*.ipynb"):
        old.unlink()
    for page in sorted(website.glob("*.ipynb")):
        shutil.copyfile(page, WEBSITE / page.name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="dist", type=Path, help="output folder (dist)")
    made = build(parser.parse_args(argv).out)
    publish(made.website)
    names = ", ".join(p.name for p in sorted(made.student.glob("*.ipynb")))
    print(f"Student notebooks ({names}): {made.student}")
    print(f"nbgrader course folder: {made.course} (run nbgrader commands from there)")
    print(f"The website's student versions: {WEBSITE}")


if __name__ == "__main__":
    main()
