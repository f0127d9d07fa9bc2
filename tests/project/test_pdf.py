"""The book as one PDF (`make pdf`): built without error, complete, its references resolved.

Not part of the default run (marker ``pdf``, deselected in pyproject's addopts): `make pdf`
needs TeX, and takes its own time. CI runs it as its own step after `make test`:
`make pdf`, then `pytest tests/project/test_pdf.py -m pdf`. Outside CI the tests skip when
the PDF has not been built; on CI (``CI`` set) they fail instead.

The text of the PDF is read with poppler's ``pdftotext`` and its fonts with ``pdffonts``.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import unicodedata
import urllib.parse

import pytest
import yaml

from ..helpers import ROOT

pytestmark = pytest.mark.pdf

LATEX = ROOT / "_build" / "latex"
PDF = LATEX / "backprop-book.pdf"
LOG = LATEX / "backprop-book.log"
TEX = LATEX / "backprop-book.tex"
SITE = ROOT / "_build" / "html"
UNDEFINED = re.compile(
    r"(LaTeX|pdfTeX|Package \w+) Warning: .*(undefined|Label\(s\) may have changed)"
    r"|There were undefined references"
)


@pytest.fixture(scope="module")
def pdf():
    missing = [tool for tool in ("pdftotext", "pdffonts") if shutil.which(tool) is None]
    if not PDF.is_file() or missing:
        reason = (
            f"{PDF.relative_to(ROOT)} is not built (make pdf)"
            if not PDF.is_file()
            else f"{missing} missing (apt-get install poppler-utils)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason} on CI: .ci/run should have built it", pytrace=False)
        pytest.skip(f"PDF test skipped: {reason}")
    return PDF


@pytest.fixture(scope="module")
def text(pdf) -> str:
    """The PDF's text, with ligatures unfolded and line-break hyphens joined."""
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unicodedata.normalize("NFKC", raw)


def squeeze(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()


def page_title(path) -> str:
    """The title of a page of the table of contents: its first level-1 heading."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        lines = [
            ln
            for c in cells
            if c["cell_type"] == "markdown"
            for ln in "".join(c["source"]).splitlines()
        ]
    else:
        lines = path.read_text().splitlines()
    title = next(ln[2:] for ln in lines if ln.startswith("# "))
    return re.sub(r"[*_`]", "", title).strip()


def toc_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for name in files:
        path = next(ROOT.glob(name + ".*"))
        yield path, [part["caption"] for part in toc["parts"] if {"file": name} in part["chapters"]]


def test_latex_ran_without_error_or_undefined_reference(pdf):
    log = LOG.read_text(errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert not errors, f"LaTeX errors in {LOG.name}: {errors[:10]}"
    undefined = [line for line in log.splitlines() if UNDEFINED.search(line)]
    assert not undefined, f"undefined references in {LOG.name}: {undefined[:10]}"
    pages = int(re.search(r"Output written on .*\((\d+) pages", log)[1])
    assert pages > 100, f"only {pages} pages"


def test_title_page_and_table_of_contents(text):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    first_page = squeeze(text.split("\f", 1)[0])
    assert squeeze(config["title"]) in first_page, f"no title on page 1: {first_page[:200]!r}"
    assert "CONTENTS" in squeeze("\f".join(text.split("\f")[:4])).upper()


def test_every_page_of_the_toc_and_every_caption_is_in_the_pdf(text):
    body = squeeze(text)
    missing = []
    for path, captions in toc_pages():
        title = page_title(path) if path.stem != "intro" else "Introduction"
        missing += [t for t in [title, *captions] if squeeze(t) not in body]
    assert not missing, f"titles of the table of contents missing from the PDF: {missing}"
    # Every page but the introduction is a numbered chapter, in the order of the table of
    # contents: its first page reads "CHAPTER", the number in words, then the title.
    headings = re.findall(r"^\f*CHAPTER\s*\n\s*[A-Z-]+\s*\n\s*(.+)$", text, re.MULTILINE)
    titles = [page_title(path) for path, _ in toc_pages() if path.stem != "intro"]
    assert len(headings) == len(titles), f"{len(headings)} numbered chapters for {len(titles)}"
    for heading, title in zip(headings, titles, strict=True):
        assert squeeze(title).upper().startswith(squeeze(heading).upper()), (heading, title)


def test_every_equation_reference_resolves(text):
    tex = TEX.read_text()
    refs = set(re.findall(r"\\ref\{(equation:[^}]+)\}", tex))
    labels = set(re.findall(r"\\label\{(equation:[^}]+)\}", tex))
    assert refs, "the text references no numbered equation: the check checked nothing"
    assert refs <= labels, f"equation references without their equation: {sorted(refs - labels)}"
    assert "??" not in text, "an unresolved reference (??) is printed in the PDF"


def test_figures_and_bibliography_are_in_the_pdf(pdf, text):
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    images = len(listing.splitlines()) - 2
    figures = len(
        re.findall(
            r"^\*\*Figure \d+\.\*\*",
            "\n".join(
                "".join(c["source"])
                for p in ROOT.glob("book/**/*.ipynb")
                for c in json.loads(p.read_text())["cells"]
                if c["cell_type"] == "markdown"
            ),
            re.MULTILINE,
        )
    )
    assert images >= figures > 0, f"{images} images in the PDF for {figures} captioned figures"
    bib = (ROOT / "book" / "references.bib").read_text()
    cited = re.findall(r"^\s*title\s*=\s*[{\"]+([^}\"]+)", bib, re.MULTILINE | re.IGNORECASE)
    body = squeeze(text)
    assert cited and any(squeeze(t) in body for t in cited), "no bibliography entry in the PDF"


def test_every_font_is_embedded(pdf):
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "pdffonts listed no font"
    # Columns: name, type (one or more words), encoding, emb, sub, uni, object, generation.
    not_embedded = [row for row in listing if row.split()[-5] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"


def test_the_site_offers_the_pdf(pdf):
    copy = SITE / PDF.name
    assert copy.is_file() and filecmp.cmp(copy, pdf, shallow=False), (
        f"{copy} is not the built PDF: make pdf rebuilds the site after the PDF"
    )
    pages = [p for p in SITE.glob("book/**/*.html")]
    assert pages
    for page in pages:
        hrefs = re.findall(r'href="([^"]*' + re.escape(PDF.name) + r')"', page.read_text())
        assert hrefs, f"{page.relative_to(SITE)} does not link the PDF"
        target = (page.parent / urllib.parse.unquote(hrefs[0])).resolve()
        assert target == copy.resolve(), f"{page.relative_to(SITE)} links {hrefs[0]}"
