"""The linear part of a layer, Z^[l] = W^[l] A^[l-1] + b^[l], forward and backward, checked.

The arithmetic is in :mod:`netlib.kernels`.
"""

from __future__ import annotations

import numpy as np

from . import kernels
from ._validate import as_matrix, check_examples, check_shape, finite_result

Array = np.ndarray


def _checked_linear(A_prev: object, W: object) -> tuple[Array, Array]:
    W = as_matrix("W", W)
    A_prev = as_matrix("A_prev", A_prev, dtype=W.dtype)
    check_examples("A_prev", A_prev)
    check_shape("A_prev", A_prev, (W.shape[1], None), "(n^[l-1], m)", columns_are_examples=True)
    return A_prev, W


def linear_forward(A_prev: object, W: object, b: object) -> Array:
    """``Z = W A_prev + b``, with the column ``b`` added to every example.

    Shapes: ``A_prev: (n^[l-1], m)``, ``W: (n^[l], n^[l-1])``, ``b: (n^[l], 1)`` ->
    ``Z: (n^[l], m)``.
    """
    A_prev, W = _checked_linear(A_prev, W)
    b = as_matrix("b", b, dtype=W.dtype)
    check_shape("b", b, (W.shape[0], 1), "(n^[l], 1)")
    Z = kernels.linear_forward(A_prev, W, b)
    finite_result(Z, "Z = W A_prev + b", "A_prev, W or b")
    return Z


def linear_backward(dZ: object, A_prev: object, W: object) -> tuple[Array, Array, Array]:
    """Gradients of J through ``Z = W A_prev + b``, given ``dZ = dJ/dZ``.

    Returns ``(dA_prev, dW, db)``:
    ``dA_prev = W^T dZ: (n^[l-1], m)``, ``dW = dZ A_prev^T: (n^[l], n^[l-1])``,
    ``db = dZ 1_m: (n^[l], 1)`` (the sum over the m examples).
    """
    A_prev, W = _checked_linear(A_prev, W)
    dZ = as_matrix("dZ", dZ, dtype=W.dtype)
    check_shape("dZ", dZ, (W.shape[0], A_prev.shape[1]), "(n^[l], m)", columns_are_examples=True)
    grads = kernels.linear_backward(dZ, A_prev, W)
    finite_result(grads, "dA_prev = W^T dZ or dW = dZ A_prev^T", "dZ, A_prev or W")
    return grads
