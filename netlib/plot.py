"""Figures for the chapters: learning curves, decision boundaries, image grids, confusion matrices.

Every function labels its axes, gives a title (and a legend where lines or classes need one)
and returns the matplotlib ``Figure``, so a notebook can adjust it. matplotlib is imported
here and nowhere else in netlib: ``import netlib`` does not need it.

Data follow the book's convention: examples are columns, ``X: (n_x, m)``; labels ``(m,)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ._validate import (
    MAX_CLASSES,
    as_labels,
    as_matrix,
    check_examples,
    check_int,
    check_real,
    check_shape,
)
from .mlp import MLP, check_network
from .training import History

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Array = np.ndarray

MAX_RESOLUTION = 1000
"""The most points per side of the grids the plane is sampled on (10^6 points in all)."""

CHUNK = 4096
"""Points of the plane per forward pass: the activations of a chunk stay small."""

MAX_PANELS = 100
"""The most images or units a figure shows."""

# One colour per class, the same in every figure of the book.
CLASS_COLOURS = plt.get_cmap("tab10").colors
# Colour is never the only thing that tells lines or classes apart: each also has its own
# marker (and each line its own dash pattern), so the figures read in grey and to readers
# who do not see the colours.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
LINESTYLES = ("-", "--", "-.", ":")


def _line_style(i: int) -> dict:
    """The marker and dash pattern of the i-th line of a figure (with its colour)."""
    return {
        "marker": MARKERS[i % len(MARKERS)],
        "linestyle": LINESTYLES[i % len(LINESTYLES)],
        "markersize": 3,
    }


def learning_curves(history: History, *, title: str = "Learning curves") -> Figure:
    """Loss per epoch, and accuracy per epoch when recorded, for training and validation.

    One panel for the loss J and one for the accuracy (classification only); each shows the
    training curve and, when the history has one, the validation curve.
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be the History fit returns, got {type(history).__name__}")
    panels = [("loss", "val_loss", "loss $J$")]
    if history.accuracy:
        panels.append(("accuracy", "val_accuracy", "accuracy"))
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.6), squeeze=False)
    epochs = np.arange(1, history.epochs + 1)
    for ax, (train_key, val_key, ylabel) in zip(axes[0], panels, strict=True):
        ax.plot(epochs, getattr(history, train_key), label="training", **_line_style(0))
        if getattr(history, val_key):
            ax.plot(epochs, getattr(history, val_key), label="validation", **_line_style(1))
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.set_title(ylabel[0].upper() + ylabel[1:] + " per epoch")
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def compare_curves(
    curves: Mapping[str, Sequence[float]],
    *,
    ylabel: str,
    title: str,
    xlabel: str = "epoch",
    log_y: bool = False,
) -> Figure:
    """One line per entry of ``curves`` (label -> values per epoch), on one pair of axes.

    For example the training loss of several learning rates, or the fraction of dead units.
    """
    if not isinstance(curves, Mapping):
        raise TypeError(f"curves must be a dict label -> values, got {type(curves).__name__}")
    for label, values in curves.items():
        as_matrix(f"curves[{label!r}]", [values])  # one row of finite numbers
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for i, (label, values) in enumerate(curves.items()):
        ax.plot(np.arange(1, len(values) + 1), values, label=label, **_line_style(i))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if log_y:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def _plane(X: Array, resolution: int, margin: float) -> tuple[Array, Array, Array]:
    """A ``resolution x resolution`` grid around the columns of ``X: (2, m)``.

    Returns the grid's axes ``x1, x2`` and its points as columns, ``(2, resolution**2)``.
    """
    X = as_matrix("X", X)
    check_shape("X", X, (2, None), "(2, m): points of the plane as columns")
    check_examples("X", X)
    resolution = check_int("resolution", resolution, minimum=2, maximum=MAX_RESOLUTION)
    margin = check_real("margin", margin, minimum=0)
    lo, hi = X.min(axis=1) - margin, X.max(axis=1) + margin
    x1 = np.linspace(lo[0], hi[0], resolution)
    x2 = np.linspace(lo[1], hi[1], resolution)
    G1, G2 = np.meshgrid(x1, x2)
    return x1, x2, np.stack([G1.ravel(), G2.ravel()])


def decision_boundary(
    net: MLP,
    X: Array,
    labels: Array,
    *,
    ax: Axes | None = None,
    title: str = "Decision regions",
    resolution: int = 200,
    margin: float = 0.5,
) -> Figure:
    """The class ``net`` predicts at every point of the plane, with the data on top.

    Regions are coloured by class and outlined in black; each class's points have their own
    colour and marker.

    ``X: (2, m)``, ``labels: (m,)``; a sigmoid network has one output unit (``n_y = 1``,
    classes 0 and 1 at the threshold 0.5). Draws into ``ax`` when given (to put several networks
    or epochs side by side) and returns its figure.
    """
    check_network(net)
    x1, x2, grid = _plane(X, resolution, margin)
    labels = as_labels("labels", labels)
    if labels.shape != (X.shape[1],):
        raise ValueError(f"labels must have one entry per column of X, got shape {labels.shape}")
    X = as_matrix("X", X)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4))
    n_classes = 2 if net.output == "sigmoid" else net.n_y  # one sigmoid unit: classes 0, 1
    regions = np.concatenate(
        [net.predict(grid[:, i : i + CHUNK]) for i in range(0, grid.shape[1], CHUNK)], axis=-1
    ).reshape(resolution, resolution)
    colours = ListedColormap(CLASS_COLOURS[:n_classes])
    ax.imshow(
        regions,
        origin="lower",
        extent=(x1[0], x1[-1], x2[0], x2[-1]),
        cmap=colours,
        vmin=-0.5,
        vmax=n_classes - 0.5,
        alpha=0.3,
        aspect="auto",
        interpolation="nearest",
    )
    # The borders between the regions, so that they show without their colours too (none
    # when a single class fills the plane).
    borders = np.arange(regions.min(), regions.max()) + 0.5
    if borders.size:
        ax.contour(x1, x2, regions, levels=borders, colors="k", linewidths=0.6)
    for k in range(n_classes):
        mine = labels == k
        ax.scatter(
            X[0, mine],
            X[1, mine],
            s=14,
            marker=MARKERS[k % len(MARKERS)],
            color=CLASS_COLOURS[k],
            edgecolor="k",
            linewidth=0.3,
            label=f"class {k}",
        )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize="small")
    return ax.figure


def hidden_units(
    net: MLP,
    layer: int,
    X: Array,
    *,
    units: Sequence[int] | None = None,
    ncols: int = 8,
    resolution: int = 80,
    margin: float = 0.5,
    title: str | None = None,
) -> Figure:
    """Each unit i of hidden layer ``layer``: its activation ``A^[l]_i`` over the input plane.

    ``X: (2, m)`` sets the extent of the plane and is drawn as dots. A ReLU unit is dark
    where it is off (``Z^[l]_i <= 0``) and brighter the larger its output. ``units`` picks
    which units to show (indices from 0; all of them by default); titles count from 1.
    """
    check_network(net)
    layer = check_int("layer", layer)
    ncols = check_int("ncols", ncols, maximum=MAX_PANELS)
    if not 1 <= layer < net.L:
        raise ValueError(f"layer must be a hidden layer, 1..{net.L - 1}, got {layer}")
    x1, x2, grid = _plane(X, resolution, margin)
    X = as_matrix("X", X)
    n_l = net.layer_sizes[layer]
    shown = list(range(n_l)) if units is None else [check_int("unit", i, 0) for i in units]
    if not shown or min(shown) < 0 or max(shown) >= n_l:
        raise ValueError(f"units must be indices 0..{n_l - 1} of layer {layer}, got {shown}")
    if len(shown) > MAX_PANELS:
        raise ValueError(f"units lists {len(shown)} units; a figure shows at most {MAX_PANELS}")
    # A^[l] of the units shown only, a chunk of the plane at a time
    A = np.concatenate(
        [
            net.forward(grid[:, i : i + CHUNK])[1][f"A{layer}"][shown]
            for i in range(0, grid.shape[1], CHUNK)
        ],
        axis=1,
    )
    n = len(shown)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(1.6 * ncols, 1.6 * nrows + 0.6),
        squeeze=False,
        sharex=True,
        sharey=True,
    )
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.axis("off")
            continue
        ax.imshow(
            A[i].reshape(resolution, resolution),
            origin="lower",
            extent=(x1[0], x1[-1], x2[0], x2[-1]),
            cmap="magma",
            aspect="auto",
        )
        ax.scatter(X[0], X[1], s=1, color="white", alpha=0.3)
        ax.set_title(f"unit {shown[i] + 1}", fontsize="small")
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[-1]:
        ax.set_xlabel("$x_1$")
    for ax in axes[:, 0]:
        ax.set_ylabel("$x_2$")
    if title is None:
        title = f"Layer {layer}: the activation of each unit over the input plane"
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def image_grid(
    images: Array,
    *,
    titles: Sequence[str] | None = None,
    image_shape: tuple[int, int] = (8, 8),
    ncols: int = 10,
    title: str = "Images",
    cmap: str = "gray_r",
    symmetric: bool = False,
) -> Figure:
    """Show the columns of ``images: (h * w, k)`` as k small ``h x w`` images.

    ``titles`` labels each image (e.g. "true 3, predicted 8"). With ``symmetric`` the colour
    scale of each image is centred on 0 (for weights, whose sign matters).
    """
    images = as_matrix("images", images)
    h, w = (check_int("image_shape", n, maximum=MAX_RESOLUTION) for n in image_shape)
    ncols = check_int("ncols", ncols, maximum=MAX_PANELS)
    if images.shape[1] > MAX_PANELS:
        raise ValueError(f"images has {images.shape[1]} columns; a grid shows at most {MAX_PANELS}")
    if images.ndim != 2 or images.shape[0] != h * w:
        raise ValueError(
            f"images must have shape (h * w, k) = ({h * w}, k), one image per column, "
            f"got {images.shape}"
        )
    k = images.shape[1]
    if titles is not None and len(titles) != k:
        raise ValueError(f"titles must have one entry per image: {k}, got {len(titles)}")
    ncols = max(1, min(ncols, k))
    nrows = max(1, -(-k // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols, 1.45 * nrows + 0.6), squeeze=False)
    for j, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if j >= k:
            ax.axis("off")
            continue
        image = images[:, j].reshape(h, w)
        limits = {}
        if symmetric:
            bound = float(np.abs(image).max()) or 1.0
            limits = {"vmin": -bound, "vmax": bound}
        ax.imshow(image, cmap=cmap, interpolation="nearest", **limits)
        if titles is not None:
            ax.set_title(titles[j], fontsize="small")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def confusion_heatmap(
    C: Array, *, title: str = "Confusion matrix", class_names: Sequence[str] | None = None
) -> Figure:
    """Draw counts ``C: (n, n)`` (rows: true class, columns: predicted) with each count written.

    ``C`` comes from :func:`netlib.confusion_matrix`.
    """
    as_matrix("C", C)  # finite numbers, a matrix; the counts keep their own dtype below
    C = np.asarray(C.data if isinstance(C, np.ma.MaskedArray) else C)
    if C.ndim != 2 or C.shape[0] != C.shape[1] or not 1 <= C.shape[0] <= MAX_CLASSES:
        raise ValueError(
            f"C must be a square matrix of counts (n, n), 1 <= n <= {MAX_CLASSES}, "
            f"got shape {C.shape}"
        )
    if (C < 0).any():
        raise ValueError("C must hold counts (numbers >= 0)")
    n = C.shape[0]
    names = list(class_names) if class_names is not None else [str(k) for k in range(n)]
    if len(names) != n:
        raise ValueError(f"class_names must have {n} entries, got {len(names)}")
    fig, ax = plt.subplots(figsize=(0.5 * n + 2.5, 0.5 * n + 2))
    image = ax.imshow(C, cmap="Blues")
    threshold = C.max() / 2
    for i in range(n):
        for j in range(n):
            if C[i, j]:
                colour = "white" if C[i, j] > threshold else "black"
                ax.text(j, i, str(C[i, j]), ha="center", va="center", color=colour, fontsize=8)
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="number of examples")
    fig.tight_layout()
    return fig
