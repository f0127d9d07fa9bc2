"""Alternative text for the figures the notebooks draw, taken from their captions.

A figure of the book is the image output of a code cell, followed by a Markdown paragraph
that starts "**Figure N.**". The image alone would get its file name as alternative text,
which tells a screen reader's user nothing. This gives each such image the caption's label
and first sentence ("Figure 2. Loss and accuracy per epoch ..."), with the TeX of any
formula in it read out as plain symbols. An image whose cell has no caption is left as it
is (the browser test reports it).
"""

import re
from typing import Any

from docutils import nodes

CAPTION = re.compile(r"^\s*Figure\s+\d+[.:]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
TEX_WORDS = {
    "varepsilon": "epsilon",
    "cdot": "times",
    "times": "times",
    "top": "transpose",
    "le": "<=",
    "ge": ">=",
}


def plain_tex(tex: str) -> str:
    """TeX as a reader would say its symbols: ``\\mathbf{W}^{[1]}`` -> ``W^[1]``."""
    tex = re.sub(r"\\(?:mathbf|boldsymbol|mathrm|text|operatorname|left|right)\b", "", tex)
    tex = re.sub(r"\\hat\{+([^{}]*)\}+", r"\1 hat", tex)
    tex = re.sub(r"\\([A-Za-z]+)", lambda m: TEX_WORDS.get(m[1], m[1]), tex)
    tex = tex.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", tex).strip()


def caption_text(paragraph: nodes.paragraph) -> str:
    parts = []
    for node in paragraph.findall(nodes.Text):
        math = node.parent if isinstance(node.parent, nodes.math) else None
        parts.append(plain_tex(str(node)) if math is not None else str(node))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def short_description(caption: str) -> str:
    """The label and the first sentence of a caption."""
    label, _, rest = caption.partition(".")
    first = SENTENCE_END.split(rest.strip(), maxsplit=1)[0]
    return f"{label}. {first}".strip()


def _cell_of(node: nodes.Node) -> nodes.Element | None:
    while node is not None and not (
        isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"
    ):
        node = node.parent
    return node


def _caption_after(cell: nodes.Element) -> nodes.paragraph | None:
    parent = cell.parent
    following = parent.children[parent.index(cell) + 1 :]
    if following and isinstance(following[0], nodes.paragraph):
        if CAPTION.match(following[0].astext()):
            return following[0]
    return None


def _add_alt_text(app: Any, doctree: nodes.document, docname: str) -> None:
    for image in list(doctree.findall(nodes.image)):
        if image.get("alt") and image["alt"] != image.get("uri"):
            continue
        cell = _cell_of(image)
        caption = _caption_after(cell) if cell is not None else None
        if caption is None:
            continue
        images = list(cell.findall(nodes.image))
        description = short_description(caption_text(caption))
        if len(images) > 1:
            description += f" (image {images.index(image) + 1} of {len(images)})"
        image["alt"] = description


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-resolved", _add_alt_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
