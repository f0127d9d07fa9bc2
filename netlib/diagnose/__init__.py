"""Diagnose a learner's own backpropagation code: which output is wrong, and which mistake.

Each function takes the learner's function, runs it on probes whose right outputs are known
(sizes that all differ, so shapes tell outputs apart; square sizes, so a forgotten transpose
runs and its value is recognised; exact zeros or extreme logits where a convention or the
numerics decide), compares every output with the truth, with every entry of the catalogue of
mistakes (``netlib.mistakes``) and with simple relations (a transpose, a factor m or 1/m, a
sign, a missing keepdims), and returns a :class:`Diagnosis`. The function is called on copies:
nothing it does changes the probes, and an exception it raises becomes part of the diagnosis.

The step functions are judged in the book's convention, where dZ holds the 1/m of the loss.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._backward import diagnose_backward
from ._diagnosis import Diagnosis
from ._steps import (
    LINEAR_BACKWARD,
    LOSS,
    OUTPUT_DELTA,
    RELU_BACKWARD,
    SOFTMAX,
    diagnose_step,
    linear_backward_probes,
    loss_probes,
    output_delta_probes,
    relu_backward_probes,
    softmax_probes,
)

__all__ = [
    "Diagnosis",
    "backward",
    "linear_backward",
    "relu_backward",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_backward",
]


def linear_backward(fn: Callable) -> Diagnosis:
    """Diagnose ``fn(dZ, A_prev, W) -> (dA_prev, dW, db)``.

    ``dZ: (n^[l], m)`` already holds the 1/m; ``A_prev: (n^[l-1], m)``,
    ``W: (n^[l], n^[l-1])``. Judged in the order dW, db, dA_prev.
    """
    return diagnose_step(LINEAR_BACKWARD, linear_backward_probes(), fn, "linear_backward")


def relu_backward(fn: Callable) -> Diagnosis:
    """Diagnose ``fn(dA, Z) -> dZ``, all ``(n^[l], m)``; ReLU'(0) = 0 as in the book."""
    return diagnose_step(RELU_BACKWARD, relu_backward_probes(), fn, "relu_backward")


def softmax_cross_entropy_backward(fn: Callable) -> Diagnosis:
    """Diagnose ``fn(A, Y) -> dZ = (A - Y)/m``; ``A, Y: (n_y, m)``, Y one-hot."""
    return diagnose_step(OUTPUT_DELTA, output_delta_probes(), fn, "softmax_cross_entropy_backward")


def softmax(fn: Callable) -> Diagnosis:
    """Diagnose ``fn(Z) -> A``, the softmax of each column of ``Z: (n_y, m)``."""
    return diagnose_step(SOFTMAX, softmax_probes(), fn, "softmax")


def softmax_cross_entropy(fn: Callable) -> Diagnosis:
    """Diagnose ``fn(Z, Y) -> J``, the cross-entropy from the logits ``Z: (n_y, m)``."""
    return diagnose_step(LOSS, loss_probes(), fn, "softmax_cross_entropy")


def backward(
    fn: Callable,
    layer_sizes: Sequence[int] = (4, 5, 3, 3),
    hidden: str | Sequence[str] = "relu",
    output: str = "softmax",
) -> Diagnosis:
    """Diagnose a whole backward pass ``fn(params, cache, Y) -> {"dW1".., "db1"..}``.

    ``params`` as ``MLP.params`` (``W{l}: (n^[l], n^[l-1])``, ``b{l}: (n^[l], 1)``), ``cache``
    as ``MLP.forward`` returns it (``"A0".."AL"``, ``"Z1".."ZL"``), ``Y: (n_y, m)``. Judged on
    ``dW`` and ``db`` only, from the output layer down, so any convention for dZ is right.
    ``layer_sizes``, ``hidden`` and ``output`` as for :class:`netlib.MLP` (a ``ValueError``
    when ``MLP`` refuses them).
    """
    return diagnose_backward(fn, layer_sizes, hidden, output)
