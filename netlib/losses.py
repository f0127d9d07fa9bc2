"""Loss functions J(A^[L], Y) and their gradients, averaged over the m examples.

Each output activation has its matching loss: softmax with cross-entropy, identity with
squared error. For both pairs delta^[L] = dJ/dZ^[L] = (A^[L] - Y) / m.
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    LABELS_HINT,
    as_matrix,
    check_examples,
    check_probabilities,
    check_same_m,
    check_targets,
)
from .activations import _log_softmax

Array = np.ndarray


def _floored(A: Array) -> Array:
    # A probability that underflowed to 0 would give log(0) = -inf and Y/0 = inf: floor it at
    # the smallest normal number, so J stays finite (about 708 per example in float64).
    return np.maximum(A, np.finfo(A.dtype).tiny)


def _cross_entropy(A: Array, Y: Array) -> float:
    m = A.shape[1]
    return float(-np.sum(Y * np.log(_floored(A))) / m)


def _mse(A: Array, Y: Array) -> float:
    m = A.shape[1]
    return float(np.sum((A - Y) ** 2) / (2 * m))


def _delta_output(A: Array, Y: Array) -> Array:
    return (A - Y) / A.shape[1]


def _checked_output_and_target(
    A: object, Y: object, *, one_hot: bool, name: str = "A"
) -> tuple[Array, Array]:
    A = as_matrix(name, A)
    Y = as_matrix("Y", Y, dtype=A.dtype, one_d_hint=LABELS_HINT if one_hot else None)
    check_examples(name, A)
    check_same_m(name, A, "Y", Y)
    check_targets("Y", Y, A.shape, f"(n_y, m) like {name}", one_hot=one_hot)
    return A, Y


def cross_entropy(A: object, Y: object) -> float:
    """``J = -(1/m) sum_i sum_k Y_k^(i) log A_k^(i)``.

    ``A: (n_y, m)`` softmax probabilities, ``Y: (n_y, m)`` one-hot labels -> scalar J.
    Finite even when a probability has underflowed to 0.
    """
    A, Y = _checked_output_and_target(A, Y, one_hot=True)
    check_probabilities("A", A)
    return _cross_entropy(A, Y)


def cross_entropy_backward(A: object, Y: object) -> Array:
    """``dJ/dA = -(1/m) Y / A`` entrywise. ``A, Y: (n_y, m)`` -> ``(n_y, m)``."""
    A, Y = _checked_output_and_target(A, Y, one_hot=True)
    check_probabilities("A", A)
    return -(Y / _floored(A)) / A.shape[1]


def softmax_cross_entropy(Z: object, Y: object) -> float:
    """Cross-entropy of ``softmax(Z)`` computed from the logits by log-sum-exp.

    ``Z: (n_y, m)`` logits, ``Y: (n_y, m)`` one-hot -> scalar J. Exact where the
    probabilities themselves would underflow.
    """
    Z, Y = _checked_output_and_target(Z, Y, one_hot=True, name="Z")
    return float(-np.sum(Y * _log_softmax(Z)) / Z.shape[1])


def softmax_cross_entropy_backward(A: object, Y: object) -> Array:
    """``delta^[L] = dJ/dZ^[L] = (A - Y) / m`` for a softmax output with cross-entropy.

    ``A: (n_y, m)`` softmax probabilities, ``Y: (n_y, m)`` one-hot -> ``(n_y, m)``.
    """
    A, Y = _checked_output_and_target(A, Y, one_hot=True)
    check_probabilities("A", A)
    return _delta_output(A, Y)


def mse(A: object, Y: object) -> float:
    """Squared error ``J = (1/(2m)) sum (A - Y)^2``. ``A, Y: (n_y, m)`` -> scalar J.

    The 1/2 makes its gradient ``(A - Y)/m``, the same delta as softmax with cross-entropy.
    """
    A, Y = _checked_output_and_target(A, Y, one_hot=False)
    return _mse(A, Y)


def mse_backward(A: object, Y: object) -> Array:
    """``dJ/dA = (A - Y) / m``; with an identity output this is also ``delta^[L]``.

    ``A, Y: (n_y, m)`` -> ``(n_y, m)``.
    """
    A, Y = _checked_output_and_target(A, Y, one_hot=False)
    return _delta_output(A, Y)
