"""How long a page of the book takes to read: the reading paths of how-to-use and for-teachers.

An estimate, counted from the pages themselves: the words of the text (Markdown cells, and the
Markdown a code cell displays, such as the audit's evidence) at ``WORDS_PER_MINUTE``, plus
``MINUTES_PER_CELL`` for each code cell (reading its code and its output). Code blocks of a
Markdown page count as code cells; MyST directives (```` ```{glossary} ````) count as text.

``python -m chapter_helpers.reading_time`` prints the table for every page of ``_toc.yml``.
"""

from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass

import yaml

WORDS_PER_MINUTE = 150  # technical text with formulas, read with care
MINUTES_PER_CELL = 0.5
ROOT = pathlib.Path(__file__).resolve().parents[2]
CODE_BLOCK = re.compile(r"^```(?!\{).*?^```", re.S | re.M)  # a fence not opening a directive


@dataclass
class Page:
    """One page of the book: ``doc`` as in ``_toc.yml`` (``book/intro``) and what it holds."""

    doc: str
    words: int  # of text, Markdown cells and displayed Markdown together
    code_cells: int

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE + MINUTES_PER_CELL * self.code_cells


def count_words(markdown: str) -> int:
    """Words of Markdown text; code blocks are not text."""
    return len(CODE_BLOCK.sub(" ", markdown).split())


def notebook_page(doc: str, notebook: dict) -> Page:
    """Count a notebook (as read by ``json``): Markdown cells, displayed Markdown, code cells."""
    cells = notebook["cells"]
    text = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    code = [c for c in cells if c["cell_type"] == "code"]
    text += [
        "".join(o.get("data", {}).get("text/markdown", "")) for c in code for o in c["outputs"]
    ]
    return Page(doc, sum(count_words(t) for t in text), len(code))


def markdown_page(doc: str, markdown: str) -> Page:
    return Page(doc, count_words(markdown), len(CODE_BLOCK.findall(markdown)))


def page(doc: str, root: pathlib.Path = ROOT) -> Page:
    """The page ``doc`` of the book in ``root``, a notebook or a Markdown file."""
    path = root / doc
    if path.with_suffix(".ipynb").is_file():
        return notebook_page(doc, json.loads(path.with_suffix(".ipynb").read_text()))
    return markdown_page(doc, path.with_suffix(".md").read_text())


def toc_docs(root: pathlib.Path = ROOT) -> list[tuple[str, str]]:
    """``(part caption, doc)`` for every page of ``_toc.yml``, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())

    def walk(entries: list[dict]) -> list[str]:
        return [d for e in entries for d in (e["file"], *walk(e.get("sections", [])))]

    docs = [("", toc["root"])]
    for part in toc["parts"]:
        docs += [(part["caption"], d) for d in walk(part["chapters"])]
    return docs


def main() -> None:
    print(f"{WORDS_PER_MINUTE} words a minute, {MINUTES_PER_CELL} min per code cell")
    total = 0.0
    for caption, doc in toc_docs():
        p = page(doc)
        total += p.minutes
        counts = f"{p.words:6} words {p.code_cells:3} cells {p.minutes:4.0f} min"
        print(f"{caption[:26]:26} {doc:38} {counts}")
    print(f"every page: {total:.0f} min")


if __name__ == "__main__":
    main()
