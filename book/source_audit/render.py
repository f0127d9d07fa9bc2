"""The audit's pages, generated from the results: each section's claims and the verdict table.

The audit is an overview (the verdict table) and one page per part of the source, ``PAGES``;
each page runs only the claims of its own sections (``page_claims``).

Evidence is written in plain text (``A^[2]``, ``dJ/dW^[3]``, ``W^[3]^T``) and turned into
Markdown math here, so the checks never deal with LaTeX.
"""

import re
from collections.abc import Mapping

from IPython.display import Markdown, display

from .readings import VERDICTS
from .registry import CLAIMS, Claim

PAGES = {  # each page of the audit: consecutive sections of the source, in its order
    "source-audit-notation": ("Notations", "Shapes", "Initialization"),
    "source-audit-forward": (
        "Forward Propagation",
        "Backward Propagation",
        "Gradient of the loss function",
    ),
    "source-audit-output-layer": ("Output layer",),
    "source-audit-hidden-layers": ("Second hidden layer", "First hidden layer"),
    "source-audit-general": ("Closing remark", "Generalization"),
}
PAGE_OF = {section: page for page, sections in PAGES.items() for section in sections}

NAMES = {"delta": r"\delta", "alpha": r"\alpha", "Yhat": r"\hat{Y}"}


def md(text: str) -> str:
    """Evidence text as Markdown: A^[2] becomes $A^{[2]}$, W^[3]^T becomes $W^{[3]\\top}$."""

    def math(match: re.Match) -> str:
        name = NAMES.get(match[1], match[1])
        transpose = r"\top" if match[3] else ""
        return f"${name}^{{[{match[2]}]{transpose}}}$"

    text = re.sub(r"d([A-Za-z])\^\[([\w-]+)\]/d([A-Za-z])\^\[([\w-]+)\]", partial, text)
    text = re.sub(r"dJ/d([A-Za-z])\^\[(\w+)\]", r"$\\partial J / \\partial \1^{[\2]}$", text)
    text = re.sub(r"(?<![\\$])\balpha\b", r"$\\alpha$", text)
    return re.sub(r"([A-Za-z][A-Za-z0-9_]*)\^\[([^\]]+)\](\^T)?", math, text)


def partial(match: re.Match) -> str:
    """dA^[l]/dZ^[l] as the partial derivative of one matrix by another."""
    top, low = f"{match[1]}^{{[{match[2]}]}}", f"{match[3]}^{{[{match[4]}]}}"
    return rf"$\partial {top} / \partial {low}$"


_LABELS_OF = {  # where each label cited in a correct statement is defined
    "forward-pass": "eq-forward-linear eq-forward-activation eq-forward-composition",
    "network": "eq-he-init lemma-symmetry",
    "softmax-cross-entropy": "eq-softmax eq-cross-entropy",
    "output-layer": "eq-dJ-dA3 eq-softmax-jacobian eq-delta3 eq-dW3 eq-db3 eq-dA2",
    "second-hidden-layer": "eq-relu-derivative eq-delta2 eq-dW2 eq-db2 eq-dA1",
    "first-hidden-layer": "eq-delta1 eq-dW1 eq-db1",
    "update": "eq-update eq-first-order-decrease eq-update-order-error",
    "any-depth": "thm-backprop eq-general-delta-l eq-general-dW eq-general-db eq-general-dA",
    "backward-pass": "alg-backward-pass",
}
CHAPTER_OF = {label: doc for doc, labels in _LABELS_OF.items() for label in labels.split()}


def proofs(correct: str) -> str:
    """Where the book proves a correct statement: each chapter, then its equations."""
    by_chapter = {}
    for role, target in re.findall(r"\{(eq|doc|prf:ref)\}`([^`]+)`", correct):
        doc = target.split("<")[-1].rstrip(">") if role == "doc" else CHAPTER_OF[target]
        by_chapter.setdefault(doc, [])
        if role != "doc":
            by_chapter[doc].append(f"{{{role}}}`{target}`")
    return "; ".join(
        f"{{doc}}`{doc}` {', '.join(refs)}".strip() for doc, refs in by_chapter.items()
    )


def page_claims(page: str) -> list[Claim]:
    """Run the claims of one page of the audit (``PAGES``); return them in the source's order."""
    return [c.run() for c in CLAIMS if c.section in PAGES[page]]


def ids_by_verdict(claims: list[Claim]) -> dict[str, str]:
    """``{verdict: "S1 S4 ..."}`` for every verdict that occurs among ``claims``."""
    ids = {v: " ".join(c.id for c in claims if c.verdict == v) for v in VERDICTS}
    return {v: text for v, text in ids.items() if text}


def verdict_table(claims: list[Claim], pages: Mapping[str, str] | None = None) -> str:
    """The Markdown table of every claim: its words, verdict, kinds of check and proof.

    With ``pages`` (section -> page, as ``PAGE_OF``), each section's row links its page.
    """
    rows = [
        "| claim | the source says | verdict | checked by | proved in |",
        "|---|---|---|---|---|",
    ]
    section = None
    for c in claims:
        if c.section != section:
            section = c.section
            link = f" ({{doc}}`its claims <{pages[section]}>`)" if pages else ""
            rows.append(f"| | *{section}*{link} | | | |")
        rows.append(
            f"| {c.id} | {c.short} | **{c.verdict}** | {c.found_by} | {proofs(c.correct)} |"
        )
    return "\n".join(rows)


LONG_CHAIN = 240  # characters of TeX: a chain of equalities longer than this gets a line each


def top_level_equals(tex: str) -> list[int]:
    """Positions of the ``=`` of ``tex`` outside braces, ``\\left...\\right`` and environments."""
    depth, found = 0, []
    for match in re.finditer(r"\\(?:left|right|begin|end)\b|[{}=]", tex):
        token = match[0]
        if token in ("{", "\\left", "\\begin"):
            depth += 1
        elif token in ("}", "\\right", "\\end"):
            depth -= 1
        elif depth == 0:
            found.append(match.start())
    return found


def quoted(quote: str) -> str:
    """The source's words as a Markdown block quote, exactly as written.

    A quote that is one long chain of equalities, ``$a = b = c$``, is set as displayed lines
    aligned at each ``=`` (the same TeX, broken into lines), so that it fits the page.
    """
    tex = quote[1:-1]
    cuts = top_level_equals(tex)
    if not (quote.count("$") == 2 and quote[0] == quote[-1] == "$") or len(cuts) < 2:
        return f"> {quote}"
    if len(quote) <= LONG_CHAIN:
        return f"> {quote}"
    pieces = [
        tex[start:end].strip() for start, end in zip([0, *cuts], [*cuts, len(tex)], strict=True)
    ]
    lines = [pieces[0] + " &= " + pieces[1][1:].strip()]
    lines += ["&= " + piece[1:].strip() for piece in pieces[2:]]
    return "> $$\\begin{aligned} " + " \\\\ ".join(lines) + " \\end{aligned}$$"


def show(section: str) -> None:
    """The claims of one section of the source: quote, readings with evidence, verdict."""
    parts = []
    for c in (c for c in CLAIMS if c.section == section):
        readings = "\n".join(
            f"- read as *{md(r.how)}*: **{r.outcome}**; {md(r.evidence.rstrip('.'))}."
            for r in c.readings
        )
        parts.append(
            f"**{c.id}**, verdict **{c.verdict}** (checked by {c.found_by}).\n\n"
            f"{quoted(c.quote)}\n\n{readings}\n\nCorrect: {c.correct}."
        )
    display(Markdown("\n\n---\n\n".join(parts)))


def balanced(tex: str) -> bool:
    """Braces that close in order and an even number of $: the formula can render."""
    depth = 0
    for char in re.sub(r"\\[{}$]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and re.sub(r"\\[$]", "", tex).count("$") % 2 == 0


def unbalanced(claims: list[Claim]) -> list[tuple[str, str]]:
    """``(claim id, "quote" | "short" | "correct")`` for every formula that cannot render."""
    return [
        (c.id, part)
        for c in claims
        for part, tex in (("quote", c.quote), ("short", c.short), ("correct", c.correct))
        if not balanced(tex)
    ]
