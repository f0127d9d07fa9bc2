"""Guards on the stored notebooks. nbval (enabled in pyproject.toml) re-executes each one and
compares its outputs; these tests make sure there is something for it to compare."""

import json
import re

import pytest

from ..helpers import ROOT, book_notebooks, student_versions

# The chapters, the exercises' sources and the student versions the website shows (executed by
# `make assignments`, since nbval cannot run their stubs).
NOTEBOOKS = sorted(book_notebooks() + student_versions())
NOTATION = ROOT / "book" / "notation.md"


def test_the_book_has_notebooks():
    assert NOTEBOOKS, "no notebooks found under book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_executed_with_python3(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3", "the kernel must be python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a chapter notebook has code"
    unexecuted = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    assert not unexecuted, f"code cells {unexecuted} were never executed: run `make notebooks`"
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"execution counts {counts} are not 1, 2, 3, ...: the notebook was not run top to "
        "bottom in a fresh kernel; run `make notebooks`"
    )
    assert sum(len(c["outputs"]) for c in code) > 0, "the notebook has no outputs: nothing to check"
    errors = [
        o
        for c in code
        if "raises-exception" not in c.get("metadata", {}).get("tags", [])
        for o in c["outputs"]
        if o["output_type"] == "error"
    ]
    assert not errors, "a stored output is an error"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_stores_no_local_paths(path):
    text = path.read_text()
    for leak in (str(ROOT), "/tmp/", "/root/"):
        assert leak not in text, f"{path.name} stores the local path {leak!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_chapter_links_its_symbols_to_the_notation_page(path):
    # The first mention of a symbol is a link like [$\mathbf{W}^{[3]}$](#notation-shapes).
    nb = json.loads(path.read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert re.search(r"\{doc\}`notation page <(\.\./)*notation>`", text), (
        "the opening note links the notation page"
    )
    anchors = set(re.findall(r"\]\(#(notation-[a-z]+)\)", text))
    assert anchors, "no symbol is linked to its row group on the notation page"
    defined = set(re.findall(r"^\((notation-[a-z]+)\)=$", NOTATION.read_text(), re.M))
    assert anchors <= defined, f"links to {sorted(anchors - defined)}, not on the notation page"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_stores_neither_timestamps_nor_split_streams(path):
    # `make notebooks` leaves nothing that changes from run to run: no execution timestamps,
    # and one stream output per stream and cell (the kernel's chunking varies).
    nb = json.loads(path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    stamped = [i for i, c in enumerate(code) if "execution" in c.get("metadata", {})]
    assert not stamped, f"code cells {stamped} store execution timestamps"
    for i, c in enumerate(code):
        streams = [o.get("name") if o["output_type"] == "stream" else None for o in c["outputs"]]
        split = any(a is not None and a == b for a, b in zip(streams, streams[1:], strict=False))
        assert not split, f"code cell {i} splits a stream into several outputs: `make notebooks`"


MAX_CELL_LINES = 60


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_cell_is_longer_than_a_demonstration(path):
    # Code longer than this is machinery: it belongs in netlib or in book/chapter_helpers/,
    # where it can be imported, read in a diff and tested on its own.
    nb = json.loads(path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    long = {
        i: n
        for i, c in enumerate(code)
        if (n := len("".join(c["source"]).splitlines())) > MAX_CELL_LINES
    }
    assert not long, f"code cells over {MAX_CELL_LINES} lines (cell: lines): {long}"
