"""The website hands out the exercises' student versions only.

Every way a page gives a reader a notebook is checked on the built site: the rendered page,
its .ipynb download, the copies under _sources/, and the Binder, Colab and JupyterHub launch
links (built from the page's path in the repository). None holds a worked solution, a hidden
test or nbgrader's marker lines, and the exercises' sources (book/exercises/NAME.ipynb) are
neither rendered nor copied.
"""

from __future__ import annotations

import html
import re
import urllib.parse

import nbformat
import pytest
import yaml

from ..helpers import EXERCISES, ROOT
from .test_assignments import DIAGNOSED, MARKERS, NAMES, _secret_and_public_lines

HREF = re.compile(r'href="([^"]+)"')
TAG = re.compile(r"<[^>]+>")


def _secret(name: str) -> set[str]:
    return _secret_and_public_lines(nbformat.read(EXERCISES / f"{name}.ipynb", as_version=4))[0]


def _handed_out(site) -> list:
    """Every file through which the site could hand out an exercise: its pages, every
    notebook anywhere in the site, and the exercises' files under _sources/."""
    pages = sorted((site / "book" / "exercises").rglob("*.html"))
    notebooks = sorted(site.rglob("*.ipynb"))
    sources = sorted(
        p for p in (site / "_sources" / "book" / "exercises").rglob("*") if p.is_file()
    )
    return sorted(set(pages + notebooks + sources))


def _lines(path) -> set[str]:
    text = path.read_text(errors="replace")
    if path.suffix == ".ipynb":
        cells = nbformat.reads(text, as_version=4).cells
        return {line.strip() for cell in cells for line in cell.source.splitlines()}
    if path.suffix == ".html":
        text = html.unescape(TAG.sub("", text))
    return {line.strip() for line in text.splitlines()}


def test_the_sources_with_solutions_are_not_published(built_site):
    for name in NAMES:
        assert not (built_site / "book" / "exercises" / f"{name}.html").exists()
        assert not (built_site / "_sources" / "book" / "exercises" / f"{name}.ipynb").exists()
        assert (built_site / "book" / "exercises" / "student" / f"{name}.html").is_file()
        student = built_site / "_sources" / "book" / "exercises" / "student" / f"{name}.ipynb"
        assert student.read_bytes() == (EXERCISES / "student" / f"{name}.ipynb").read_bytes()


def test_no_published_file_holds_a_solution_or_a_hidden_test(built_site):
    files = _handed_out(built_site)
    assert len(files) >= 3 * len(NAMES), files
    secrets = {name: _secret(name) for name in NAMES}
    for path in files:
        text = path.read_text(errors="replace")
        for marker in MARKERS:
            assert marker.lower() not in text.lower(), f"{path.name} contains {marker!r}"
        for marker in ("HIDDEN TESTS", "### BEGIN", "### END"):  # what the markers read like
            assert marker not in text, f"{path.name} contains {marker!r}"
        if "exercises" not in path.relative_to(built_site).parts:
            continue  # a chapter derives what an exercise asks: it may show the same lines
        # An exercise's own answers (another exercise may ask in public what this one hides).
        leaked = sorted(secrets[path.stem] & _lines(path))
        assert not leaked, f"{path.relative_to(built_site)} shows answers: {leaked[:5]}"


@pytest.mark.parametrize("name", NAMES)
def test_an_exercise_page_asks_the_questions(built_site, name):
    """The page shows the stubs and the public tests, the diagnoser's among them."""
    page = (built_site / "book" / "exercises" / "student" / f"{name}.html").read_text()
    text = html.unescape(TAG.sub("", page))
    assert "NotImplementedError" in text and "YOUR ANSWER HERE" in text
    if DIAGNOSED[name]:
        assert "assert diagnosis.ok, diagnosis.message" in text


@pytest.mark.parametrize("name", NAMES)
def test_the_launch_and_download_links_open_the_student_version(built_site, name):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    launchers = [config["launch_buttons"][f"{k}_url"] for k in ("binderhub", "colab", "jupyterhub")]
    page = built_site / "book" / "exercises" / "student" / f"{name}.html"
    links = [html.unescape(link) for link in HREF.findall(page.read_text())]
    student, source = f"book/exercises/student/{name}.ipynb", f"book/exercises/{name}.ipynb"
    for launcher in launchers:
        opened = [urllib.parse.unquote(link) for link in links if link.startswith(launcher)]
        assert opened, f"{name}: no launch link to {launcher}"
        assert all(student in link for link in opened), f"{name}: {opened}"
    download = (page.parent / f"../../../_sources/{student}").resolve()
    assert any((page.parent / link).resolve() == download for link in links), "no download link"
    assert not any(source in urllib.parse.unquote(link) for link in links), "a link to the source"
