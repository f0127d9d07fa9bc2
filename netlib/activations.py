"""Activation functions g and their backward passes, column by column.

Every activation acts on ``Z: (n^[l], m)``, one example per column. A backward function takes
the upstream gradient ``dA = dJ/dA^[l]`` and the cached ``Z`` and returns ``dZ = dJ/dZ^[l]``,
both of shape ``(n^[l], m)``.

The private ``_name`` kernels do the arithmetic without checks; ``MLP`` calls them after it has
checked its input once. The public functions check their arguments and call the kernels.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validate import as_matrix, check_examples, check_shape

Array = np.ndarray


# --- kernels: the equations, no checks ---------------------------------------------------


def _relu(Z: Array) -> Array:
    return np.maximum(Z, 0)


def _relu_backward(dA: Array, Z: Array) -> Array:
    # ReLU'(z) = 1 for z > 0 and 0 otherwise (0 at the kink, a subgradient).
    return dA * (Z > 0)


def _sigmoid(Z: Array) -> Array:
    # 1/(1+e^-z) written with tanh, which never overflows.
    return 0.5 * (1 + np.tanh(0.5 * Z))


def _sigmoid_backward(dA: Array, Z: Array) -> Array:
    s = _sigmoid(Z)
    return dA * s * (1 - s)


def _tanh(Z: Array) -> Array:
    return np.tanh(Z)


def _tanh_backward(dA: Array, Z: Array) -> Array:
    return dA * (1 - np.tanh(Z) ** 2)


def _identity(Z: Array) -> Array:
    return Z


def _identity_backward(dA: Array, Z: Array) -> Array:
    return dA


def _softmax(Z: Array) -> Array:
    # Subtracting each column's max leaves softmax unchanged and keeps exp() <= 1.
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _softmax_backward(dA: Array, Z: Array) -> Array:
    # Column by column, dZ = J^T dA with the Jacobian J_ij = A_i (delta_ij - A_j):
    # dZ_j = A_j (dA_j - sum_i A_i dA_i).
    A = _softmax(Z)
    return A * (dA - (A * dA).sum(axis=0, keepdims=True))


def _log_softmax(Z: Array) -> Array:
    shifted = Z - Z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


Kernel = Callable[[Array], Array]
BackwardKernel = Callable[[Array, Array], Array]

HIDDEN_ACTIVATIONS: dict[str, tuple[Kernel, BackwardKernel]] = {
    "relu": (_relu, _relu_backward),
    "sigmoid": (_sigmoid, _sigmoid_backward),
    "tanh": (_tanh, _tanh_backward),
    "identity": (_identity, _identity_backward),
}
"""Activations a hidden layer may use: name -> (g, backward)."""

OUTPUT_ACTIVATIONS: dict[str, Kernel] = {"softmax": _softmax, "identity": _identity}
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
    return _relu(_checked_Z(Z))


def relu_backward(dA: object, Z: object) -> Array:
    """``dZ = dA * 1[Z > 0]`` (ReLU'(0) taken as 0). ``dA, Z: (n, m)`` -> ``dZ: (n, m)``."""
    return _relu_backward(*_checked_pair(dA, Z))


def sigmoid(Z: object) -> Array:
    """Logistic sigmoid ``1 / (1 + exp(-Z))`` entrywise. ``Z: (n, m)`` -> ``A: (n, m)``."""
    return _sigmoid(_checked_Z(Z))


def sigmoid_backward(dA: object, Z: object) -> Array:
    """``dZ = dA * s (1 - s)`` with ``s = sigmoid(Z)``. ``dA, Z: (n, m)`` -> ``(n, m)``."""
    return _sigmoid_backward(*_checked_pair(dA, Z))


def tanh(Z: object) -> Array:
    """Hyperbolic tangent entrywise. ``Z: (n, m)`` -> ``A: (n, m)``."""
    return _tanh(_checked_Z(Z))


def tanh_backward(dA: object, Z: object) -> Array:
    """``dZ = dA * (1 - tanh(Z)^2)``. ``dA, Z: (n, m)`` -> ``dZ: (n, m)``."""
    return _tanh_backward(*_checked_pair(dA, Z))


def identity(Z: object) -> Array:
    """The identity activation (regression output). ``Z: (n, m)`` -> ``A = Z`` (Z itself)."""
    return _identity(_checked_Z(Z))


def identity_backward(dA: object, Z: object) -> Array:
    """``dZ = dA``. ``dA, Z: (n, m)`` -> ``dZ: (n, m)``."""
    return _identity_backward(*_checked_pair(dA, Z))


def softmax(Z: object) -> Array:
    """Softmax of each column, computed stably (each column's max subtracted first).

    ``Z: (n_y, m)`` logits -> ``A: (n_y, m)``, every column positive and summing to 1.
    """
    return _softmax(_checked_Z(Z))


def softmax_backward(dA: object, Z: object) -> Array:
    """Chain ``dA`` through the softmax Jacobian of each column, without forming it.

    ``dZ[:, i] = J_i^T dA[:, i]`` with ``J_i = diag(a) - a a^T``, ``a = softmax(Z[:, i])``.
    ``dA, Z: (n_y, m)`` -> ``dZ: (n_y, m)``.
    """
    return _softmax_backward(*_checked_pair(dA, Z))


def log_softmax(Z: object) -> Array:
    """``log(softmax(Z))`` per column by log-sum-exp: finite even when softmax underflows.

    ``Z: (n_y, m)`` -> ``(n_y, m)``.
    """
    return _log_softmax(_checked_Z(Z))
