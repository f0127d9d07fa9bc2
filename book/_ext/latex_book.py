"""Give the PDF the shape of a book: an unnumbered introduction, then one part per caption.

Sphinx's LaTeX builder inlines every page into the root page, so the root page's own sections
(``## Who it is for``, ...) would come out as numbered chapters beside the real chapters, and
the captions of the table of contents (Foundations, The backward pass, ...) would be lost.
This extension, for the LaTeX builder only, moves the root page's text into one unnumbered
chapter, "Introduction", starts a LaTeX ``\\part`` before the pages of each caption, and
heads the table of contents "Contents".
The website is not touched.
"""

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.texescape import escape

INTRODUCTION = "Introduction"


def _latex(code: str) -> nodes.raw:
    return nodes.raw("", code, format="latex")


def _is_toctree(node: nodes.Node) -> bool:
    return isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"]


def _captions(app: Any) -> list[str]:
    """The caption of each toctree of the root page, in order ('' where there is none)."""
    root = app.env.get_doctree(app.config.root_doc)
    return [toctree.get("caption") or "" for toctree in root.findall(addnodes.toctree)]


def _shape_book(app: Any, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    book = next(iter(doctree.findall(nodes.section)), None)
    if book is None:
        return
    title, *body = book.children
    toctrees = [node for node in body if _is_toctree(node)]
    text = [node for node in body if not _is_toctree(node)]
    introduction = nodes.section(ids=["book-introduction"], names=[])
    introduction += nodes.title(INTRODUCTION, INTRODUCTION)
    introduction.extend(text)
    # An unnumbered chapter (and sections) that still appears in the table of contents.
    parts: list[nodes.Node] = [
        _latex("\\addtocounter{secnumdepth}{-10}\n"),
        introduction,
        _latex("\\addtocounter{secnumdepth}{10}\n"),
    ]
    for caption, toctree in zip(_captions(app), toctrees, strict=False):
        if caption:
            parts.append(_latex(f"\\part{{{escape(caption)}}}\n"))
        parts.append(toctree)
    book.children = []
    book += title
    book.extend(parts)


def _contents_heading(app: Any) -> None:
    # Sphinx names the table of contents after the first caption ("Start here"): not here.
    if app.builder.name == "latex":
        app.builder.get_contentsname = lambda indexfile: "Contents"


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _contents_heading)
    app.connect("doctree-resolved", _shape_book)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
