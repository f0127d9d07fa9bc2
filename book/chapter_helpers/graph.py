"""The computational graph of the book's network, as data and as a figure.

Values go forward along black edges, gradients come back along red ones. Each backward edge
is labelled with what it does to the gradient arriving from above (the upstream gradient):
``W^T .`` (a linear layer, towards its input), ``. A^T`` and ``. 1_m`` (towards its weights and
its bias), ``(.) * 1[Z > 0]`` (a ReLU), ``(A - Y)/m`` (softmax and cross-entropy together).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

FORWARD_COLOUR = "black"
BACKWARD_COLOUR = "#c0392b"
BOX_W, BOX_H = 0.52, 0.56  # the size of a node, in the units of the node positions


@dataclass(frozen=True)
class Node:
    """One value of the forward pass: ``name`` as in netlib's cache ("Z1"), where to draw it."""

    name: str
    symbol: str  # mathtext, e.g. r"$\mathbf{Z}^{[1]}$"
    shape: str  # e.g. "(32, m)"
    gradient: str  # mathtext of dJ/d(this node), drawn beside it; "" where none is computed
    x: float
    y: float
    value: str = ""  # a number of the forward pass, drawn in place of the shape when given


@dataclass(frozen=True)
class Edge:
    """``source -> target``; a backward edge carries the label of what it does."""

    source: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class Graph:
    nodes: dict[str, Node]
    forward: tuple[Edge, ...]
    backward: tuple[Edge, ...]


def _bold(letter: str, layer: int | None = None, transpose: bool = False) -> str:
    """Mathtext body of e.g. W^[2] or A^[1]T, without the dollar signs."""
    upper = "" if layer is None else f"[{layer}]"
    upper += r"\top" if transpose else ""
    return rf"\mathbf{{{letter}}}" + (f"^{{{upper}}}" if upper else "")


def network_graph(
    layer_sizes: tuple[int, ...] = (64, 32, 32, 10), output: str = "softmax"
) -> Graph:
    """The graph of ``X -> Z1 -> A1 -> ... -> ZL -> AL -> J`` with ReLU hidden layers.

    ``layer_sizes = (n_x, n^[1], ..., n_y)``; the node of ``Z^[l]`` and ``A^[l]`` shows the
    shape ``(n^[l], m)``. ``W^[l]`` and ``b^[l]`` sit above ``Z^[l]``, ``Y`` above ``J``.
    ``output`` is ``"softmax"`` (with cross-entropy) or ``"identity"`` (with the squared
    error): both pairs send ``(A^[L] - Y)/m`` back to ``Z^[L]``.
    """
    L = len(layer_sizes) - 1
    if L < 1:
        raise ValueError(f"layer_sizes needs at least two entries, got {layer_sizes}")
    if output not in ("softmax", "identity"):
        raise ValueError(f"output must be 'softmax' or 'identity', got {output!r}")
    gap = 1.0  # between consecutive nodes of the main row
    nodes = {"A0": Node("A0", r"$\mathbf{X}$", f"({layer_sizes[0]}, m)", "", 0.0, 0.0)}
    forward: list[Edge] = []
    backward: list[Edge] = []
    for l in range(1, L + 1):
        n, x_Z = layer_sizes[l], (2 * l - 1) * gap
        delta = rf"$\boldsymbol{{\delta}}^{{[{l}]}}$"
        nodes[f"W{l}"] = Node(
            f"W{l}",
            f"${_bold('W', l)}$",
            f"({n}, {layer_sizes[l - 1]})",
            f"$d{_bold('W', l)}$",
            x_Z - 0.32 * gap,
            1.25,
        )
        nodes[f"b{l}"] = Node(
            f"b{l}",
            f"${_bold('b', l)}$",
            f"({n}, 1)",
            f"$d{_bold('b', l)}$",
            x_Z + 0.32 * gap,
            1.25,
        )
        nodes[f"Z{l}"] = Node(f"Z{l}", f"${_bold('Z', l)}$", f"({n}, m)", delta, x_Z, 0.0)
        last = l == L
        nodes[f"A{l}"] = Node(
            f"A{l}",
            f"${_bold('A', l)}$",
            f"({n}, m)",
            "" if last else f"$d{_bold('A', l)}$",
            x_Z + gap,
            0.0,
        )
        forward += [
            Edge(f"A{l - 1}", f"Z{l}"),
            Edge(f"W{l}", f"Z{l}"),
            Edge(f"b{l}", f"Z{l}"),
            Edge(f"Z{l}", f"A{l}", output if last else "ReLU"),
        ]
        backward += [
            Edge(f"Z{l}", f"W{l}", rf"$\cdot\,{_bold('A', l - 1, transpose=True)}$"),
            Edge(f"Z{l}", f"b{l}", r"$\cdot\,\mathbf{1}_m$"),
        ]
        if l > 1:  # dJ/dX is not needed for training: no edge back into X
            W_T = _bold("W", l, transpose=True)
            backward.append(Edge(f"Z{l}", f"A{l - 1}", rf"${W_T}\,\cdot$"))
        if not last:
            backward.append(Edge(f"A{l}", f"Z{l}", rf"$\odot\,\mathbb{{1}}[{_bold('Z', l)}>0]$"))
    x_J = (2 * L + 1) * gap
    nodes["Y"] = Node("Y", r"$\mathbf{Y}$", f"({layer_sizes[-1]}, m)", "", x_J, 1.25)
    nodes["J"] = Node("J", "$J$", "scalar", "", x_J, 0.0)
    forward += [Edge(f"A{L}", "J", "loss"), Edge("Y", "J")]
    backward.append(Edge("J", f"Z{L}", rf"$({_bold('A', L)}-\mathbf{{Y}})/m$"))
    return Graph(nodes, tuple(forward), tuple(backward))


def with_numbers(graph: Graph, values: dict[str, float], gradients: dict[str, float]) -> Graph:
    """``graph`` for one example of a network of one unit per layer: each node named in
    ``values`` shows its number in place of its shape, each node named in ``gradients`` the
    number dJ/d(node) in place of its symbol. Keys are node names: "A0" (x), "W1", "Z1", ...
    """
    unknown = (set(values) | set(gradients)) - set(graph.nodes)
    if unknown:
        raise ValueError(f"no node named {sorted(unknown)} in the graph")
    nodes = {
        name: replace(
            node,
            value=f"{values[name]:.4g}" if name in values else node.value,
            gradient=f"{gradients[name]:.4g}" if name in gradients else node.gradient,
        )
        for name, node in graph.nodes.items()
    }
    return Graph(nodes, graph.forward, graph.backward)


def draw_graph(graph: Graph, ax: Axes | None = None, fontsize: float = 13) -> Axes:
    """Draw ``graph`` on ``ax`` (a new figure of page width if None); returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.1))
    for node in graph.nodes.values():
        ax.add_patch(
            FancyBboxPatch(
                (node.x - BOX_W / 2, node.y - BOX_H / 2),
                BOX_W,
                BOX_H,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor="#f4f6f8",
                edgecolor=FORWARD_COLOUR,
                linewidth=1,
            )
        )
        _label(ax, node.x, node.y + 0.08, node.symbol, FORWARD_COLOUR, fontsize)
        if node.value:
            _label(ax, node.x, node.y - 0.16, node.value, FORWARD_COLOUR, fontsize - 2)
        else:
            _label(ax, node.x, node.y - 0.16, node.shape, "#444444", fontsize - 4)
    for edge in graph.forward:
        _arrow(ax, graph, edge, FORWARD_COLOUR, offset=+1, fontsize=fontsize - 1)
    for edge in graph.backward:
        _arrow(ax, graph, edge, BACKWARD_COLOUR, offset=-1, fontsize=fontsize - 1)
    for node in graph.nodes.values():
        if node.gradient:
            _gradient_label(ax, node, fontsize)
    xs = [n.x for n in graph.nodes.values()]
    ax.set_xlim(min(xs) - 0.35, max(xs) + 0.35)
    ax.set_ylim(-1.1, 1.95)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _gradient_label(ax: Axes, node: Node, fontsize: float) -> None:
    """dJ/d(node) in red: above a parameter, under a node of the main row."""
    side = +1 if node.y > 0 else -1
    y = node.y + side * (BOX_H / 2 + 0.14)
    _label(ax, node.x, y, node.gradient, BACKWARD_COLOUR, fontsize - 1)


def _label(
    ax: Axes, x: float, y: float, text: str, colour: str, fontsize: float, ha: str = "center"
) -> None:
    """A text centred vertically on ``y``; ``ha`` places it horizontally around ``x``."""
    ax.text(x, y, text, ha=ha, va="center", fontsize=fontsize, color=colour)


def _arrow(
    ax: Axes, graph: Graph, edge: Edge, colour: str, offset: int, fontsize: float = 11
) -> None:
    """One edge, from box border to box border. The forward and the backward edge between
    two nodes run side by side, ``offset`` (+1 forward, -1 backward) apart."""
    a, b = graph.nodes[edge.source], graph.nodes[edge.target]
    style = dict(arrowstyle="-|>", mutation_scale=11, color=colour, linewidth=1.2)
    if a.name == "J":  # the softmax-cross-entropy edge arcs under A^[L] straight to Z^[L]
        start, end = (a.x - 0.1, a.y - BOX_H / 2), (b.x + 0.22, b.y - BOX_H / 2)
        ax.add_patch(FancyArrowPatch(start, end, connectionstyle="arc3,rad=-0.55", **style))
        _label(ax, (a.x + b.x) / 2, a.y - 0.9, edge.label, colour, fontsize)
        return
    direction = np.array([b.x - a.x, b.y - a.y])
    direction /= np.linalg.norm(direction)
    # side by side: forward edges on the left of the direction from the lower-left node
    canonical = direction if (direction[0], -direction[1]) > (0, 0) else -direction
    normal = np.array([-canonical[1], canonical[0]]) * 0.08 * offset
    start = np.array([a.x, a.y]) + normal + _to_border(direction)
    end = np.array([b.x, b.y]) + normal - _to_border(direction)
    ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), **style))
    if not edge.label:
        return
    if a.y == b.y and offset > 0:  # the operation, above the forward arrow
        _label(ax, (a.x + b.x) / 2, a.y + 0.34, edge.label, colour, fontsize - 2)
    elif a.y == b.y:  # what the backward edge does, under both nodes' gradients
        _label(ax, (a.x + b.x) / 2, a.y - 0.64, edge.label, colour, fontsize)
    else:  # towards a parameter: the label outside the pair W, b
        (x, y), outside = (start + end) / 2, -1 if b.x < a.x else +1
        ha = "left" if outside > 0 else "right"
        _label(ax, x + 0.06 * outside, y, edge.label, colour, fontsize, ha)


def _to_border(direction: np.ndarray) -> np.ndarray:
    """From a box's centre to its border, along the unit vector ``direction``."""
    dx, dy = np.abs(direction)
    t = min(BOX_W / 2 / dx if dx else np.inf, BOX_H / 2 / dy if dy else np.inf)
    return direction * (t + 0.02)
