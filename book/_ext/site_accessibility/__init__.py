"""What the website needs beyond the theme to be read with a screen reader and in any colours.

- A link whose text is only a formula (``[$\\mathbf{X}$](#notation-shapes)``) gets the formula,
  read as plain symbols, as its title: the MathML that MathJax adds is not counted as a link's
  text by the browser's accessibility tree.
- The bibliography's list (``role="list"``) holds list items, not the deprecated
  ``doc-biblioentry`` role that Sphinx gives each entry; the toggle of a hidden cell is named
  by its visible text ("Show code cell source"), not by a different label.
- The theme's search and colour-mode buttons are named as they read (templates/).
- static/accessibility.css restores a 4.5:1 contrast where the theme's colours fall short, in
  light and in dark mode.
"""

import pathlib
from typing import Any

from docutils import nodes
from figure_alt_text import plain_tex

HERE = pathlib.Path(__file__).resolve().parent


def _title_math_links(app: Any, doctree: nodes.document, docname: str) -> None:
    for link in doctree.findall(nodes.reference):
        maths = list(link.findall(nodes.math))
        text = "".join(t for t in link.findall(nodes.Text) if not isinstance(t.parent, nodes.math))
        if maths and not text.strip() and "reftitle" not in link:
            link["reftitle"] = " ".join(plain_tex(m.astext()) for m in maths)


# Attributes of the page body that misname what they are on: what replaces them.
BODY_FIXES = {
    # Sphinx's bibliography entries, inside a role="list".
    'role="doc-biblioentry"': 'role="listitem"',
    # A hidden cell's toggle: its visible text ("Show code cell source") is its name.
    '<summary aria-label="Toggle hidden content">': "<summary>",
}


def _fix_body(app: Any, pagename: str, templatename: str, context, doctree):
    body = context.get("body", "")
    for wrong, right in BODY_FIXES.items():
        body = body.replace(wrong, right)
    context["body"] = body


def _add_files(app: Any, config: Any) -> None:
    config.templates_path.insert(0, str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _add_files)
    app.connect("doctree-resolved", _title_math_links)
    app.connect("html-page-context", _fix_body)
    app.add_css_file("accessibility.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
