"""Activation functions g and their backward passes, column by column.

Every activation acts on ``Z: (n^[l], m)``, one example per column. A backward function takes
the upstream gradient ``dA = dJ/dA^[l]`` and the cached ``Z`` and returns ``dZ = dJ/dZ^[l]``,
both of shape ``(n^[l], m)``.

The functions here check their arguments and call the kernels of :mod:`netlib.kernels`, which
do the arithmetic without checks.
"""

from __future__ import annotations

import numpy as np

from . import kernels
from ._validate import as_matrix, check_examples, check_shape, finite_result

Array = np.ndarray


HIDDEN_ACTIVATIONS: dict[str, kernels.Activation] = {
    name: kernels.ACTIVATIONS[name] for name in ("relu", "sigmoid", "tanh", "identity")
}
"""Activations a hidden layer may use: name -> the kernel g (no checks)."""

HIDDEN_BACKWARDS: dict[str, kernels.ActivationBackward] = {
    name: kernels.BACKWARDS[name] for name in HIDDEN_ACTIVATIONS
}
"""name -> the kernel ``dZ = dA * g'(Z)`` of each hidden activation (no checks)."""

OUTPUT_ACTIVATIONS: dict[str, kernels.Activation] = {
    name: kernels.ACTIVATIONS[name] for name in ("softmax", "sigmoid", "identity")
}
"""Output activations, each paired with its matching loss (see ``netlib.losses``)."""


# --- the public functions: check, then compute ------------------------------------------


def _checked_Z(Z: object) -> Array:
    Z = as_matrix("Z", Z)
    check_examples("Z", Z)
    return Z


def _checked_pair(dA: object, Z: object) -> tuple[Array, Array]:
    Z = _checked_Z(Z)
    dA = as_matrix("dA", dA, dtype=Z.dtype)
    check_shape("dA", dA, Z.shape, "(n^[l], m) like Z")
    return dA, Z


def relu(Z: object) -> Array:
    """ReLU, ``max(0, Z)`` entrywise. ``Z: (n, m)`` -> ``A: (n, m)``."""
    return kernels.relu(_checked_Z(Z))


def relu_backward(dA: object, Z: object) -> Array:
    """``dZ = dA * 1[Z > 0]`` (ReLU'(0) taken as 0). ``dA, Z: (n, m)`` -> ``dZ: (n, m)``."""
    return kernels.relu_backward(*_checked_pair(dA, Z))


def sigmoid(Z: object) -> Array:
    """Logistic sigmoid ``1 / (1 + exp(-Z))`` entrywise. ``Z: (n, m)`` -> ``A: (n, m)``."""
    return kernels.sigmoid(_checked_Z(Z))


def sigmoid_backward(dA: object, Z: object) -> Array:
    """``dZ = dA * s (1 - s)`` with ``s = sigmoid(Z)``. ``dA, Z: (n, m)`` -> ``(n, m)``."""
    return kernels.sigmoid_backward(*_checked_pair(dA, Z))


def tanh(Z: object) -> Array:
    """Hyperbolic tangent entrywise. ``Z: (n, m)`` -> ``A: (n, m)``."""
    return kernels.tanh(_checked_Z(Z))


def tanh_backward(dA: object, Z: object) -> Array:
    """``dZ = dA * (1 - tanh(Z)^2)``. ``dA, Z: (n, m)`` -> ``dZ: (n, m)``."""
    return kernels.tanh_backward(*_checked_pair(dA, Z))


def identity(Z: object) -> Array:
    """The identity activation (regression output). ``Z: (n, m)`` -> ``A = Z`` (Z itself)."""
    return kernels.identity(_checked_Z(Z))


def identity_backward(dA: object, Z: object) -> Array:
    """``dZ = dA``. ``dA, Z: (n, m)`` -> ``dZ: (n, m)``, a new array (never ``dA`` itself)."""
    dA, Z = _checked_pair(dA, Z)
    return kernels.identity_backward(dA, Z).copy()


def softmax(Z: object) -> Array:
    """Softmax of each column, computed stably (each column's max subtracted first).

    ``Z: (n_y, m)`` logits -> ``A: (n_y, m)``, every column positive and summing to 1.
    """
    return kernels.softmax(_checked_Z(Z))


def softmax_backward(dA: object, Z: object) -> Array:
    """Chain ``dA`` through the softmax Jacobian of each column, without forming it.

    ``dZ[:, i] = J_i^T dA[:, i]`` with ``J_i = diag(a) - a a^T``, ``a = softmax(Z[:, i])``.
    ``dA, Z: (n_y, m)`` -> ``dZ: (n_y, m)``.
    """
    dZ = kernels.softmax_backward(*_checked_pair(dA, Z))
    finite_result(dZ, "dZ = A * (dA - sum(A * dA))", "the entries of dA")
    return dZ


def log_softmax(Z: object) -> Array:
    """``log(softmax(Z))`` per column by log-sum-exp: finite even when softmax underflows.

    ``Z: (n_y, m)`` -> ``(n_y, m)``. A value below the most negative float (a column whose
    logits differ by more than the largest float) is an error, not an infinity.
    """
    Z = _checked_Z(Z)
    with np.errstate(over="ignore"):
        log_A = kernels.log_softmax(Z)
    if not np.isfinite(log_A).all():
        raise ValueError(
            f"log_softmax(Z) has entries below -{np.finfo(Z.dtype).max:.3g}: within a column "
            f"the logits Z differ by more than {Z.dtype} can hold"
        )
    return log_A
