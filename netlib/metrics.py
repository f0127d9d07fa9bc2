"""What a trained network gets right and wrong: accuracy, confusion matrix, dead ReLU units.

Labels are class indices of shape ``(m,)``, as :meth:`netlib.MLP.predict` returns them.
"""

from __future__ import annotations

import numpy as np

from ._validate import MAX_CLASSES, as_labels, check_int
from .mlp import MLP, check_network

Array = np.ndarray


def _label_pair(labels: object, predicted: object) -> tuple[Array, Array]:
    y, y_hat = as_labels("labels", labels), as_labels("predicted", predicted)
    if y.shape != y_hat.shape:
        raise ValueError(
            f"labels and predicted must have one entry per example: shapes {y.shape} and "
            f"{y_hat.shape}"
        )
    return y, y_hat


def accuracy(labels: object, predicted: object) -> float:
    """The fraction of the m examples whose predicted class is the true one."""
    y, y_hat = _label_pair(labels, predicted)
    return float(np.mean(y == y_hat))


def confusion_matrix(labels: object, predicted: object, n_classes: int | None = None) -> Array:
    """Counts ``C: (n_classes, n_classes)``: ``C[i, j]`` examples of class i predicted as j.

    Rows are the true classes, columns the predicted ones; the diagonal holds the correct
    predictions and ``C.sum()`` is m. ``n_classes`` defaults to the largest label + 1.
    """
    y, y_hat = _label_pair(labels, predicted)
    if n_classes is None:
        n_classes = int(max(y.max(), y_hat.max())) + 1
    n_classes = check_int("n_classes", n_classes, maximum=MAX_CLASSES)
    for name, v in (("labels", y), ("predicted", y_hat)):
        if v.min() < 0 or v.max() >= n_classes:
            raise ValueError(f"{name} must lie in 0..{n_classes - 1} (n_classes = {n_classes})")
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(C, (y, y_hat), 1)
    return C


def dead_units(net: MLP, X: object) -> dict[int, Array]:
    """For each ReLU hidden layer l, which of its ``n^[l]`` units are dead on ``X: (n_x, m)``.

    A unit is dead on X when ``Z^[l]_i <= 0`` for every column: its activation is 0 and, with
    ReLU'(z) = 0 for z <= 0, so is every gradient that flows through it. Gradient descent on
    these examples can then never revive it. Returns ``{l: boolean array (n^[l],)}``.
    """
    check_network(net)
    _, cache = net.forward(X)
    return {
        l: ~(cache[f"Z{l}"] > 0).any(axis=1)
        for l, g in enumerate(net.hidden, start=1)
        if g == "relu"
    }


def dead_relu_fraction(net: MLP, X: object) -> dict[int, float]:
    """The fraction of dead units (see :func:`dead_units`) in each ReLU hidden layer l."""
    return {l: float(dead.mean()) for l, dead in dead_units(net, X).items()}
