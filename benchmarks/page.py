"""Tables and figures of the performance page (book/performance.ipynb), from recorded runs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from IPython.display import display
from matplotlib.ticker import NullLocator


def show_table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None):
    """Show a table: HTML where a notebook or the book's site shows it, aligned text otherwise.

    A line break ("\\n") in a header or a cell is a line break in the HTML table, which never
    breaks a line inside a word such as 784-256-128-10. ``align`` gives "l" or "r" per column
    (default: the first column left, the others right).
    """
    align = align or "l" + "r" * (len(header) - 1)
    rows = [[str(cell) for cell in row] for row in rows]

    def html_cell(tag, cell, a):
        words = re.sub(r"(\S*-\S*)", r'<span style="white-space: nowrap">\1</span>', escape(cell))
        words = words.replace("\n", "<br>")
        style = f"text-align: {'left' if a == 'l' else 'right'}"
        return f'<{tag} style="{style}">{words}</{tag}>'

    def html_row(tag, row):
        return (
            "<tr>"
            + "".join(html_cell(tag, c, a) for c, a in zip(row, align, strict=True))
            + "</tr>"
        )

    html = (
        '<table class="dataframe" style="font-size: 0.875em">'
        + f"<thead>{html_row('th', header)}</thead><tbody>"
        + "".join(html_row("td", row) for row in rows)
        + "</tbody></table>"
    )
    flat = [[cell.replace("\n", " ") for cell in row] for row in [header, *rows]]
    widths = [max(map(len, column)) for column in zip(*flat, strict=True)]
    text = "\n".join(
        "  ".join(
            cell.ljust(w) if a == "l" else cell.rjust(w)
            for cell, w, a in zip(row, widths, align, strict=True)
        ).rstrip()
        for row in flat
    )
    display({"text/html": html, "text/plain": text}, raw=True)


def torch_blas(machine: dict) -> str:
    """What a run recorded of PyTorch's BLAS (runs made before bench.py recorded it lack it)."""
    blas = machine.get("torch_blas")
    if not machine["versions"].get("torch"):
        return "PyTorch not installed"
    if not blas:
        return "not recorded in this run"
    return "; ".join(blas.get("libraries") or [str(blas)])


# --- the sweep over m -----------------------------------------------------------------------

LOOK = {
    "netlib": ("netlib", "tab:blue", "o"),
    "netlib-checked": ("netlib train_step (checked)", "tab:purple", "D"),
    "public-loop": ("netlib public loop (checked)", "tab:red", "P"),
    "textbook": ("textbook numpy", "tab:orange", "s"),
    "torch": ("PyTorch eager", "tab:green", "^"),
    "gemm": ("GEMM only (bound)", "black", "v"),
}
"""One colour and one marker per implementation (float32 is drawn dashed, open markers)."""

FONTS = {"font.size": 11, "axes.titlesize": 12, "legend.fontsize": 10}


def draw(ax, m_values, key: str, values) -> None:
    """One implementation's curve against m, in the look of :data:`LOOK`."""
    implementation, dtype = key.rsplit("-", 1)
    label, color, marker = LOOK[implementation]
    float32 = dtype == "float32"
    ax.plot(
        m_values,
        values,
        linestyle="--" if float32 else "-",
        marker=marker,
        markersize=6,
        color=color,
        markerfacecolor="white" if float32 else color,
        label=f"{label}, {dtype}",
    )


def m_axis(ax, m_values) -> None:
    """A logarithmic axis of the minibatch sizes m, labelled with their values."""
    ax.set_xscale("log")
    ax.set_xticks(m_values, [str(m) for m in m_values])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("examples per minibatch m")
    ax.grid(alpha=0.3, which="both")
