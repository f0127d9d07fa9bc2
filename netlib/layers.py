"""The linear part of a layer, Z^[l] = W^[l] A^[l-1] + b^[l], forward and backward."""

from __future__ import annotations

import numpy as np

from ._validate import as_matrix, check_examples, check_shape

Array = np.ndarray


def _linear_forward(A_prev: Array, W: Array, b: Array) -> Array:
    return W @ A_prev + b


def _linear_backward(
    dZ: Array, A_prev: Array, W: Array, want_dA_prev: bool = True
) -> tuple[Array | None, Array, Array]:
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)  # b was broadcast over the m columns: sum them back
    dA_prev = W.T @ dZ if want_dA_prev else None
    return dA_prev, dW, db


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
    return _linear_forward(A_prev, W, b)


def linear_backward(dZ: object, A_prev: object, W: object) -> tuple[Array, Array, Array]:
    """Gradients of J through ``Z = W A_prev + b``, given ``dZ = dJ/dZ``.

    Returns ``(dA_prev, dW, db)``:
    ``dA_prev = W^T dZ: (n^[l-1], m)``, ``dW = dZ A_prev^T: (n^[l], n^[l-1])``,
    ``db = dZ 1_m: (n^[l], 1)`` (the sum over the m examples).
    """
    A_prev, W = _checked_linear(A_prev, W)
    dZ = as_matrix("dZ", dZ, dtype=W.dtype)
    check_shape("dZ", dZ, (W.shape[0], A_prev.shape[1]), "(n^[l], m)", columns_are_examples=True)
    return _linear_backward(dZ, A_prev, W)
