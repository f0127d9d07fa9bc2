"""The classroom assignments (book/exercises/).

The student versions hold no solution and no hidden test; every graded cell fails on the blank
student version and passes on the solution (nbgrader's Validator: the `nbgrader validate`
command exits 0 even when tests fail); a full generate + autograde round gives a solution full
automatic marks, a blank zero, and a submission with one wrong answer loses exactly that
question's points, except where a question builds on another by design (CASCADE). The
notebooks handed out carry the book's netlib beside them and read outside the website.
"""

from __future__ import annotations

import copy
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbgrader.api import Gradebook
from nbgrader.validator import Validator

from ..helpers import ROOT, STUDENT_VERSIONS, book_notebooks, student_versions

SOURCES = sorted((ROOT / "book" / "exercises").glob("*.ipynb"))
NAMES = [p.stem for p in SOURCES]
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")

# One deliberately wrong answer per exercise: (answer cell, [(right, wrong)], the test cell
# that must lose its points). These test cells check only their own answer, so nothing else may.
WRONG = {
    "output-layer": (
        "q5-answer",
        [("delta3.sum(axis=1, keepdims=True)", "delta3.mean(axis=1, keepdims=True)")],
        "q5-tests",
    ),
    "relu-layer": ("q4-answer", [("W.T @ delta", "W @ delta")], "q4-tests"),
    "sympy-derivation": ("q3-answer", [("- a[j])", "- a[i])")], "q3-tests"),
    "gradient-detective": ("q4-answer", [('"W2": "transpose"', '"W2": "sign"')], "q4-tests"),
    "training-properly": ("q3-answer", [('0.001: "too small"', '0.001: "right"')], "q3-tests"),
    "forward-and-loss": (
        "q1-answer",
        [("np.exp(Z - Z.max(axis=0, keepdims=True))", "np.exp(Z)")],
        "q1-tests",
    ),
    "full-backward": (
        "q4-train",
        [("epochs=30", "epochs=1"), ("learning_rate=0.3", "learning_rate=1e-4")],
        "q4-tests",
    ),
}
# Questions that build on another answer by design, as book/for-teachers.md says: in the full
# backward pass, part 3 checks the student's `backward` and part 4 trains with it, so a wrong
# `backward` (here one that climbs the loss) loses parts 1, 3 and 4 and keeps part 2.
CASCADE = {
    "full-backward": (
        "q1-answer",
        [('delta = (cache[f"A{L}"] - Y) / m', 'delta = (Y - cache[f"A{L}"]) / m')],
        {"q1-tests", "q3-tests", "q4-tests"},
    ),
}
STUDENTS = ("solution", "blank", "wrong", "cascade")

# The public tests that run netlib's diagnoser on the answer they test (on a student's own
# function, or on it wrapped into the step it belongs to) and fail with its message.
DIAGNOSED = {
    "output-layer": {"q3-tests", "q4-tests", "q5-tests"},
    "relu-layer": {"q1-tests", "q2-tests", "q3-tests", "q4-tests"},
    "full-backward": {"q1-tests"},
    "sympy-derivation": {"q1-tests", "q2-tests"},
    "forward-and-loss": {"q1-tests", "q2-tests"},
    "gradient-detective": set(),  # the backward pass under test is given, not the student's
    "training-properly": set(),  # training with netlib's MLP: no backward step is asked
}
# What the failing test cell of a wrong submission says: the catalogue entry the diagnoser
# recognises, or (a backward that is right, trained badly) that the diagnoser finds it right.
DIAGNOSIS_OF = {
    ("wrong", "output-layer"): "[db-mean]",
    ("wrong", "relu-layer"): "[dA-prev-missing-transpose]",
    ("wrong", "full-backward"): "diagnoser finds your backward right",
    ("wrong", "forward-and-loss"): "[softmax-unstable]",
    ("cascade", "full-backward"): "[delta3-sign]",
}
DIAGNOSIS_FIRST = "assert diagnosis.ok, diagnosis.message"

# The packages a notebook needs besides Jupyter: netlib's own (pyproject.toml), and those of
# the parts of netlib it uses. Its first code cell must name them for `pip install`.
NETLIB_NEEDS = ("numpy", "tqdm")
PART_NEEDS = {"sympy": r"^import sympy|netlib import symbolic", "scikit-learn": r"load_digits\("}


def _load_tool():
    path = ROOT / "book" / "exercises" / "assignments.py"
    spec = importlib.util.spec_from_file_location("exercise_assignments", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


assignments = _load_tool()


def _read(path):
    return nbformat.read(path, as_version=4)


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _graded(nb) -> list:
    return [c for c in nb.cells if _nbgrader(c).get("grade")]


def _regions(source: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """Split a cell's lines into those inside begin/end marker regions and those outside."""
    inside, outside, within = [], [], False
    for line in source.splitlines():
        if begin in line:
            within = True
        elif end in line:
            within = False
        elif within:
            inside.append(line)
        else:
            outside.append(line)
    return inside, outside


def _secret_and_public_lines(nb) -> tuple[set[str], set[str]]:
    """Lines only a teacher may see (solutions, written answers, hidden tests), and the rest."""
    secret, public = set(), set()
    for cell in nb.cells:
        meta = _nbgrader(cell)
        lines = cell.source.splitlines()
        if meta.get("solution") and (
            cell.cell_type == "markdown" or "BEGIN SOLUTION" not in cell.source
        ):
            secret.update(lines)  # the whole cell is the answer
            continue
        solution, rest = _regions(cell.source, "BEGIN SOLUTION", "END SOLUTION")
        hidden, rest = _regions("\n".join(rest), "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        secret.update(solution + hidden)
        public.update(rest)
    strip = lambda lines: {s.strip() for s in lines} - {""}  # noqa: E731
    return strip(secret) - strip(public), strip(public)


def _fill_in(release, source, wrong: tuple | None = None):
    """A submission: the release with the source's answers typed in (one of them wrong)."""
    answers = {
        _nbgrader(c)["grade_id"]: c.source for c in source.cells if _nbgrader(c).get("solution")
    }
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = _nbgrader(cell).get("grade_id")
        if _nbgrader(cell).get("solution"):
            cell.source = answers[grade_id]
            if wrong is not None and grade_id == wrong[0]:
                for right, bad in wrong[1]:
                    assert right in cell.source, f"{right!r} is not in {grade_id}"
                    cell.source = cell.source.replace(right, bad)
    return nb


# --- the source notebooks -----------------------------------------------------------------


def test_every_exercise_notebook_is_an_assignment():
    assert {"output-layer", "relu-layer", "full-backward"} <= set(NAMES)
    assert [p.stem for p in assignments.exercise_notebooks()] == NAMES
    assert set(WRONG) <= set(NAMES) and set(CASCADE) <= set(NAMES)


@pytest.mark.parametrize("path", SOURCES, ids=NAMES)
def test_the_first_code_cell_says_what_to_install(path):
    nb = _read(path)
    setup = next(c.source for c in nb.cells if c.cell_type == "code")
    comment = " ".join(line.lstrip("# ") for line in setup.splitlines() if line.startswith("#"))
    install = re.search(r"`pip install ([\w\s-]+)`", comment)
    assert install, "the first code cell must say what to `pip install`"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    needed = set(NETLIB_NEEDS)
    needed |= {package for package, use in PART_NEEDS.items() if re.search(use, code, re.M)}
    named = set(install.group(1).split())
    assert needed <= named, f"the install line misses {sorted(needed - named)}"
    assert "Do not `pip install netlib`" in comment, (
        "the first code cell must warn that `pip install netlib` is another package"
    )


def test_pyproject_still_names_what_netlib_needs():
    pyproject = (ROOT / "pyproject.toml").read_text()
    dependencies = re.search(r"^dependencies = \[(.*)\]", pyproject, re.M).group(1)
    assert sorted(re.findall(r'"([\w-]+)', dependencies)) == sorted(NETLIB_NEEDS)


def test_the_install_from_git_names_the_book_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    for page in ("how-to-use.md", "for-teachers.md"):
        text = (ROOT / "book" / page).read_text()
        found = set(re.findall(r"git\+(\S+?)[`\s]", text))
        assert found == {url}, f"{page}: `pip install git+...` must name {url}, not {found}"


@pytest.mark.parametrize("path", SOURCES, ids=NAMES)
def test_source_is_in_nbgrader_format(path):
    nb = _read(path)
    ids = [_nbgrader(c).get("grade_id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs its own grade_id"
    for cell in nb.cells:
        meta = _nbgrader(cell)
        assert meta["schema_version"] == 3
        if meta["grade"]:
            assert meta["points"] > 0, f"{meta['grade_id']} is graded but has no points"
        if cell.cell_type == "markdown":
            for marker in MARKERS:
                assert marker not in cell.source.upper(), (
                    f"{meta['grade_id']}: a marker in Markdown is matched as a substring; "
                    "written answers go in their own solution cell"
                )
    kinds = {
        "code answers": [c for c in nb.cells if _nbgrader(c)["solution"] and c.cell_type == "code"],
        "written answers": [c for c in _graded(nb) if c.cell_type == "markdown"],
        "autograded tests": [c for c in _graded(nb) if c.cell_type == "code"],
        "hidden tests": [c for c in nb.cells if "BEGIN HIDDEN TESTS" in c.source],
    }
    for kind, cells in kinds.items():
        assert cells, f"{path.name} has no {kind}"
    for cell in kinds["autograded tests"]:
        assert _nbgrader(cell)["locked"], "a test cell must be locked"


BACKWARD_NAMES = ("backward", "gradient_check")


@pytest.mark.parametrize("path", SOURCES, ids=NAMES)
def test_hidden_tests_never_ask_netlib_for_the_answer(path):
    """Hidden tests compare with central differences or SymPy, not with netlib's own result."""
    nb = _read(path)
    answers: dict[str, set[str]] = {}
    for cell in nb.cells:
        if _nbgrader(cell).get("solution") and cell.cell_type == "code":
            question = _nbgrader(cell)["grade_id"].split("-")[0]
            answers.setdefault(question, set()).update(re.findall(r"^def (\w+)", cell.source, re.M))
    for cell in _graded(nb):
        hidden = "\n".join(_regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")[0])
        question = _nbgrader(cell)["grade_id"].split("-")[0]
        for name in answers.get(question, set()):
            assert f"nl.{name}(" not in hidden, f"{_nbgrader(cell)['grade_id']} calls nl.{name}"
        assert not re.search(rf"\.\w*({'|'.join(BACKWARD_NAMES)})\(", hidden), (
            f"{_nbgrader(cell)['grade_id']} calls a backward function of netlib"
        )


@pytest.mark.parametrize("path", SOURCES, ids=NAMES)
def test_public_tests_say_the_diagnosis_first(path):
    """A public test that runs the diagnoser asserts its verdict before anything else, with
    its message; the hidden tests never call it."""
    diagnosed = set()
    for cell in _graded(_read(path)):
        grade_id = _nbgrader(cell)["grade_id"]
        hidden, public = _regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        assert "diagnose" not in "\n".join(hidden), f"{grade_id}: a hidden test asks netlib"
        if grade_id in DIAGNOSED[path.stem]:
            first = next(line.strip() for line in public if line.strip().startswith("assert"))
            assert first == DIAGNOSIS_FIRST, f"{grade_id} asserts {first!r} first"
            diagnosed.add(grade_id)
    assert diagnosed == DIAGNOSED[path.stem], "a cell of DIAGNOSED is not a graded test cell"


# The derivation graded by SymPy: answers written differently but equal pass, and the usual
# wrong ones fail, each in its own question. (answer cell, the solution's text, another text)
SYMPY_EQUAL = [
    (
        "q1-answer",
        "return delta * A_prev.T",
        "return sp.Matrix(delta.rows, A_prev.rows, "
        "lambda i, j: sum(delta[i, k] * A_prev[j, k] for k in range(delta.cols)))",
    ),
    ("q2-answer", "return W.T * delta", "return (delta.T * W).T"),
    (
        "q3-answer",
        "return sp.Matrix(K, K, lambda i, j: a[i] * (sp.KroneckerDelta(i, j) - a[j]))",
        "return sp.diag(*a) - a * a.T",
    ),
]
SYMPY_WRONG = [  # a missing transpose (twice), and a wrong index in the Jacobian
    ("q1-answer", "return delta * A_prev.T", "return delta * A_prev"),
    ("q2-answer", "return W.T * delta", "return W * delta"),
    ("q3-answer", "- a[j])", "- a[i])"),
]


def _validate_with(tmp_path, name: str, replacements) -> tuple[dict, set[str]]:
    """Validator's result for the source with some answers rewritten, and the graded cells."""
    nb = _read(ROOT / "book" / "exercises" / f"{name}.ipynb")
    for grade_id, right, other in replacements:
        cell = next(c for c in nb.cells if _nbgrader(c).get("grade_id") == grade_id)
        assert right in cell.source, f"{right!r} is not in {grade_id}"
        cell.source = cell.source.replace(right, other)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    graded = {_nbgrader(c)["grade_id"]: c.source.strip() for c in _graded(nb)}
    return Validator().validate(str(path)), graded


@pytest.mark.usefixtures("autograding")
def test_sympy_grading_accepts_an_equal_answer_written_differently(tmp_path):
    results, _ = _validate_with(tmp_path, "sympy-derivation", SYMPY_EQUAL)
    assert results == {}, results


@pytest.mark.usefixtures("autograding")
def test_sympy_grading_rejects_a_missing_transpose_and_a_wrong_index(tmp_path):
    results, graded = _validate_with(tmp_path, "sympy-derivation", SYMPY_WRONG)
    failed = {cell["source"] for cell in results.get("failed", [])}
    expected = {graded[f"q{n}-tests"] for n in (1, 2, 3)}
    assert failed == expected, f"failed: {sorted(failed)}"


def test_only_the_assignment_tooling_imports_nbgrader():
    uses = re.compile(r"^\s*(import|from)\s+nbgrader", re.M)
    for path in sorted((ROOT / "netlib").rglob("*.py")):
        assert not uses.search(path.read_text()), f"{path.name} imports nbgrader"
    for path in book_notebooks():
        code = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
        assert "nbgrader" not in code, f"{path.name} uses nbgrader"


# --- the student versions -----------------------------------------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """`make assignments` into a temporary folder: dist/student and dist/course."""
    return assignments.build(tmp_path_factory.mktemp("dist"))


def test_the_course_folder_is_ready_for_nbgrader(made):
    assert (made.course / "nbgrader_config.py").is_file()
    for name in NAMES:
        for folder in ("source", "release"):
            assert (made.course / folder / name / f"{name}.ipynb").is_file()
        # The course's source is the book's notebook with only its Markdown made for students.
        book = _read(ROOT / "book" / "exercises" / f"{name}.ipynb")
        course = _read(made.course / "source" / name / f"{name}.ipynb")
        assert [c.get("id") for c in course.cells] == [c.get("id") for c in book.cells]
        for ours, theirs in zip(course.cells, book.cells, strict=True):
            assert ours.metadata == theirs.metadata
            if ours.cell_type == "code":
                assert ours.source == theirs.source, f"{name}: code changed in {ours.id}"
        assert (made.student / f"{name}.ipynb").read_bytes() == (
            made.course / "release" / name / f"{name}.ipynb"
        ).read_bytes()
    with Gradebook(f"sqlite:///{made.course / 'gradebook.db'}") as gradebook:
        for name, path in zip(NAMES, SOURCES, strict=True):
            points = sum(_nbgrader(c)["points"] for c in _graded(_read(path)))
            assert gradebook.find_assignment(name).max_score == points


@pytest.mark.parametrize("name", NAMES)
def test_student_version_holds_no_solution_or_hidden_test(made, name):
    source = _read(ROOT / "book" / "exercises" / f"{name}.ipynb")
    secret, _ = _secret_and_public_lines(source)
    assert len(secret) > 10, "the solutions and hidden tests were not found in the source"
    for student in (
        made.student / f"{name}.ipynb",
        made.course / "release" / name / f"{name}.ipynb",
    ):
        text = student.read_text()
        for marker in MARKERS:
            assert marker.lower() not in text.lower(), f"{student.name} contains {marker!r}"
        lines = {line.strip() for c in _read(student).cells for line in c.source.splitlines()}
        leaked = sorted(secret & lines)
        assert not leaked, f"{student.name} contains solution or hidden-test lines: {leaked[:5]}"


def _netlib_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted((folder / "netlib").rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_netlib_is_handed_out_with_the_notebooks(made):
    """The book's netlib (PyPI's `netlib` is another package) sits beside every notebook."""
    expected = _netlib_files(ROOT)
    assert "netlib/__init__.py" in expected
    folders = [made.student] + [
        made.course / kind / name for kind in ("source", "release") for name in NAMES
    ]
    for folder in folders:
        assert _netlib_files(folder) == expected, f"{folder} lacks the book's netlib"
        assert not list((folder / "netlib").rglob("__pycache__")), "compiled files were copied"


@pytest.mark.parametrize("name", NAMES)
def test_a_student_notebook_imports_the_netlib_beside_it(made, name):
    """Run the first code cell where a student has the notebook, with the repository not on
    the path: the netlib it imports is the copy in that folder (the folder comes first on the
    path; the editable install of the project's .venv comes after it)."""
    nb = _read(made.student / f"{name}.ipynb")
    setup = next(c.source for c in nb.cells if c.cell_type == "code")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.setdefault("NETLIB_PROGRESS", "0")
    for folder in (made.student, made.course / "release" / name):
        result = subprocess.run(
            [sys.executable, "-c", f"{setup}\nprint(nl.__file__)"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        imported = Path(result.stdout.strip().splitlines()[-1]).resolve()
        assert imported == (folder / "netlib" / "__init__.py").resolve(), imported


# Run in the student's folder: only the standard library, numpy and tqdm can be imported.
ONLY_NUMPY_AND_TQDM = """
import sys

INSTALLED = set(sys.stdlib_module_names) | {"numpy", "tqdm", "netlib"}


class OnlyNumpyAndTqdm:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] not in INSTALLED:
            raise ModuleNotFoundError(f"No module named {name!r}")


sys.meta_path.insert(0, OnlyNumpyAndTqdm())
import netlib as nl
from netlib import mistakes

for diagnosis in (
    nl.diagnose.linear_backward(nl.linear_backward),
    nl.diagnose.relu_backward(nl.relu_backward),
    nl.diagnose.softmax_cross_entropy_backward(nl.softmax_cross_entropy_backward),
    nl.diagnose.softmax(nl.softmax),
    nl.diagnose.softmax_cross_entropy(nl.softmax_cross_entropy),
    nl.diagnose.backward(mistakes.backward_with),
):
    assert diagnosis.ok, diagnosis.message
print(nl.diagnose.__file__)
"""


def test_the_diagnoser_works_beside_the_notebooks_with_only_numpy_and_tqdm(made):
    """netlib.diagnose (a subpackage) and netlib.mistakes are handed out, and diagnose needs
    neither SymPy nor scikit-learn: every entry point runs in the student's folder."""
    for module in ("netlib/diagnose/__init__.py", "netlib/mistakes.py"):
        assert (made.student / module).is_file(), module
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.setdefault("NETLIB_PROGRESS", "0")
    result = subprocess.run(
        [sys.executable, "-c", ONLY_NUMPY_AND_TQDM],
        cwd=made.student,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    imported = Path(result.stdout.strip().splitlines()[-1]).resolve()
    assert imported == (made.student / "netlib" / "diagnose" / "__init__.py").resolve()


@pytest.mark.parametrize("name", NAMES)
def test_student_version_reads_outside_the_website(made, name):
    """The title's website note becomes instructions; no link needs the website."""
    book = _read(ROOT / "book" / "exercises" / f"{name}.ipynb").cells[0].source
    title = _read(made.student / f"{name}.ipynb").cells[0].source
    assert title.splitlines()[0] == book.splitlines()[0], "the heading is kept"
    assert assignments.STUDENT_INTRO in title
    assert "worked solution" not in title and "make lab" not in title
    assert not _nbgrader(_read(made.student / f"{name}.ipynb").cells[0]).get("grade")
    for cell in _read(made.student / f"{name}.ipynb").cells:
        if cell.cell_type == "markdown":
            left = assignments.WEBSITE_ONLY.search(cell.source)
            assert not left, f"{name}, {cell.get('id')}: {left.group(0)!r} needs the website"


@pytest.mark.parametrize("name", NAMES)
def test_student_version_has_stubs_and_no_outputs(made, name):
    nb = _read(made.student / f"{name}.ipynb")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "outputs were not cleared"
        if _nbgrader(cell).get("solution"):
            stub = "raise NotImplementedError()" if cell.cell_type == "code" else "YOUR ANSWER HERE"
            assert stub in cell.source, f"{_nbgrader(cell)['grade_id']} was not replaced by a stub"


# --- the student versions the website shows (book/exercises/student) ---------------------


def test_the_websites_student_versions_are_current(made):
    """book/exercises/student holds exactly what `make assignments` makes now."""
    assert [p.name for p in student_versions()] == [f"{name}.ipynb" for name in NAMES]
    for name in NAMES:
        committed = (STUDENT_VERSIONS / f"{name}.ipynb").read_bytes()
        assert committed == (made.website / f"{name}.ipynb").read_bytes(), (
            f"book/exercises/student/{name}.ipynb is out of date: run `make assignments`"
        )


def test_the_table_of_contents_lists_the_student_versions_not_the_sources():
    toc = (ROOT / "_toc.yml").read_text()
    listed = re.findall(r"^\s*- file: book/exercises/(\S+)$", toc, re.M)
    assert sorted(listed) == sorted(f"student/{name}" for name in NAMES), listed


@pytest.mark.parametrize("name", NAMES)
def test_the_page_for_teachers_shows_no_answer(name):
    """Its examples of the nbgrader format must not publish an exercise's solution."""
    secret, _ = _secret_and_public_lines(_read(ROOT / "book" / "exercises" / f"{name}.ipynb"))
    lines = {line.strip() for line in (ROOT / "book" / "for-teachers.md").read_text().splitlines()}
    assert not sorted(secret & lines), f"for-teachers.md shows answers of {name}"


@pytest.mark.parametrize("name", NAMES)
def test_the_websites_student_version_asks_every_question(name):
    """Same cells as the release, stubs in place of answers, the public tests kept whole,
    no solution or hidden-test line (in a cell or in what it printed), no marker; every code
    cell run, as a student runs it."""
    source = _read(ROOT / "book" / "exercises" / f"{name}.ipynb")
    page = _read(STUDENT_VERSIONS / f"{name}.ipynb")
    assert [c.get("id") for c in page.cells] == [c.get("id") for c in source.cells]
    secret, _ = _secret_and_public_lines(source)
    text = (STUDENT_VERSIONS / f"{name}.ipynb").read_text()
    for marker in MARKERS:
        assert marker.lower() not in text.lower(), f"{name}: {marker!r} on the website"
    shown = [c.source for c in page.cells] + [
        o.get("text", "") + "\n".join(o.get("traceback", []))
        for c in page.cells
        if c.cell_type == "code"
        for o in c.outputs
    ]
    lines = {line.strip() for text in shown for line in text.splitlines()}
    assert not sorted(secret & lines), f"{name}: solution lines on the website"
    for ours, theirs in zip(page.cells, source.cells, strict=True):
        if ours.cell_type == "code":  # run as a student runs it: the stubs raise
            assert ours.execution_count is not None
        meta = _nbgrader(theirs)
        if meta.get("solution"):
            stub = "raise NotImplementedError()" if ours.cell_type == "code" else "YOUR ANSWER HERE"
            assert stub in ours.source, f"{meta['grade_id']} is not a stub"
        elif meta.get("grade") and ours.cell_type == "code":
            public = _regions(theirs.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")[1]
            assert ours.source.strip() == "\n".join(public).strip(), f"{meta['grade_id']}"
        elif ours.cell_type == "markdown" and ours is not page.cells[0]:
            up = assignments.DOC_LINK_UP.sub(r"\1../../", theirs.source)
            assert ours.source == up, f"{meta['grade_id']}: the question changed"
    title = page.cells[0].source
    assert assignments.WEBSITE_INTRO in title and assignments.SOLUTION_PARAGRAPH not in title


def test_make_assignments_runs_the_tool_after_the_venv():
    rule = (ROOT / "Makefile").read_text().split("\nassignments:", 1)[1].split("\n\n", 1)[0]
    assert "$(STAMP)" in rule.splitlines()[0], "make assignments must set up .venv first"
    assert "book/exercises/assignments.py dist" in rule


def test_existing_student_work_is_never_overwritten(tmp_path):
    (tmp_path / "course" / "submitted").mkdir(parents=True)
    with pytest.raises(SystemExit, match="students' work"):
        assignments.build(tmp_path)
    assert (tmp_path / "course" / "submitted").is_dir()


# --- a full nbgrader round, in the background --------------------------------------------


@pytest.fixture(scope="module")
def autograding(made, tmp_path_factory):
    """Submissions (a solution, a blank, one wrong answer) autograded by nbgrader.

    The round runs in a subprocess while the Validator tests below execute their notebooks:
    on two cores the two halves overlap instead of adding up.
    """
    course = tmp_path_factory.mktemp("round") / "course"
    shutil.copytree(made.course, course)
    for name in NAMES:
        source = _read(course / "source" / name / f"{name}.ipynb")
        release = _read(course / "release" / name / f"{name}.ipynb")
        submissions = {"solution": _fill_in(release, source), "blank": release}
        if name in WRONG:
            submissions["wrong"] = _fill_in(release, source, WRONG[name])
        if name in CASCADE:
            submissions["cascade"] = _fill_in(release, source, CASCADE[name])
        for student, nb in submissions.items():
            folder = course / "submitted" / student / name
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{name}.ipynb")
    process = subprocess.Popen(
        [sys.executable, "-m", "nbgrader", "autograde", "*"],
        cwd=course,
        env=assignments.nbgrader_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield course, process
    if process.poll() is None:
        process.kill()
        process.communicate()


@pytest.fixture(scope="module")
def grades(autograding):
    """{(student, exercise): {grade_id: grade as a dict}} from the round's gradebook."""
    course, process = autograding
    log, _ = process.communicate(timeout=600)
    assert process.returncode == 0, f"nbgrader autograde failed:\n{log}"
    result = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for submitted in sorted((course / "submitted").glob("*/*")):
            student, name = submitted.parent.name, submitted.name
            notebook = gradebook.find_submission_notebook(name, name, student)
            result[student, name] = {g.name: g.to_dict() for g in notebook.grades}
    return result


# --- Validator: each graded cell fails on the blank and passes on the solution -------------


@pytest.mark.usefixtures("autograding")
@pytest.mark.parametrize("name", NAMES)
def test_solution_passes_every_graded_cell(name):
    results = Validator().validate(str(ROOT / "book" / "exercises" / f"{name}.ipynb"))
    assert results == {}, results


@pytest.mark.usefixtures("autograding")
@pytest.mark.parametrize("name", NAMES)
def test_blank_fails_every_graded_cell(made, name):
    path = made.student / f"{name}.ipynb"
    results = Validator().validate(str(path))
    failed = {cell["source"] for cell in results.get("failed", [])}
    graded = {cell.source.strip() for cell in _graded(_read(path))}
    assert failed == graded, f"graded cells that do not fail on the blank: {graded - failed}"


# --- the scores of the round --------------------------------------------------------------


def _auto(grades: dict) -> tuple[float, float]:
    """(automatic score, automatic maximum) over the autograded (code) cells."""
    code = [g for g in grades.values() if g["cell_type"] == "code"]
    return sum(g["auto_score"] for g in code), sum(g["max_score"] for g in code)


@pytest.mark.parametrize("name", NAMES)
def test_autograde_gives_the_solution_full_marks(grades, name):
    got = grades["solution", name]
    score, maximum = _auto(got)
    assert maximum > 0 and score == maximum, got
    written = [g for g in got.values() if g["cell_type"] == "markdown"]
    assert written and all(g["needs_manual_grade"] for g in written), (
        "written answers need a teacher"
    )


@pytest.mark.parametrize("name", NAMES)
def test_autograde_gives_the_blank_zero(grades, name):
    got = grades["blank", name]
    assert all(g["auto_score"] == 0 for g in got.values()), got
    assert not any(g["needs_manual_grade"] for g in got.values()), "an unanswered cell scores 0"


@pytest.mark.parametrize("name", sorted(WRONG))
def test_one_wrong_answer_loses_exactly_its_points(grades, name):
    got = grades["wrong", name]
    wrong_cell = WRONG[name][2]
    score, maximum = _auto(got)
    assert got[wrong_cell]["auto_score"] == 0
    assert score == maximum - got[wrong_cell]["max_score"], got


@pytest.mark.parametrize("name", sorted(CASCADE))
def test_a_wrong_answer_that_others_build_on_costs_exactly_those(grades, name):
    got = grades["cascade", name]
    lost = CASCADE[name][2]
    for grade_id, grade in got.items():
        if grade["cell_type"] == "code":
            expected = 0 if grade_id in lost else grade["max_score"]
            assert grade["auto_score"] == expected, f"{grade_id}: {got}"


# --- what a student reads: the diagnosis in the graded notebook and in the feedback --------


def _errors(course: Path, student: str, name: str) -> dict[str, str]:
    """{grade_id: the error a test cell raised} in an autograded submission."""
    nb = _read(course / "autograded" / student / name / f"{name}.ipynb")
    return {
        _nbgrader(cell)["grade_id"]: f"{output.ename}: {output.evalue}"
        for cell in _graded(nb)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    }


@pytest.mark.parametrize("name", NAMES)
def test_a_blank_answer_is_diagnosed_as_not_written(autograding, grades, name):
    course, _ = autograding
    errors = _errors(course, "blank", name)
    for grade_id in DIAGNOSED[name]:
        assert "your function raised NotImplementedError" in errors[grade_id], errors[grade_id]


@pytest.mark.parametrize("student, name", sorted(DIAGNOSIS_OF))
def test_a_wrong_answer_is_told_its_mistake(autograding, grades, student, name):
    course, _ = autograding
    errors = _errors(course, student, name)
    wrong_cells = [WRONG[name][2]] if student == "wrong" else sorted(CASCADE[name][2])
    assert DIAGNOSIS_OF[student, name] in errors[wrong_cells[0]], errors


def test_the_feedback_on_a_wrong_submission_carries_the_diagnosis(autograding, grades):
    """nbgrader's HTML feedback shows the student the diagnoser's whole message: the mistake
    recognised, the fix and the equation that proves the right formula."""
    import netlib as nl

    course, _ = autograding
    assignments.run_nbgrader(
        "generate_feedback", "output-layer", "--student", "wrong", course=course
    )
    page = (course / "feedback" / "wrong" / "output-layer" / "output-layer.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))

    def mean_db(dZ, A_prev, W):  # WRONG["output-layer"] as its test cell diagnoses it
        dA_prev, dW, _ = nl.linear_backward(dZ, A_prev, W)
        return dA_prev, dW, dZ.mean(axis=1, keepdims=True)

    message = nl.diagnose.linear_backward(mean_db).message
    assert "[db-mean]" in message and "equation (eq-general-db)" in message
    for line in message.splitlines():
        assert line in text, f"the feedback lacks {line!r}"
