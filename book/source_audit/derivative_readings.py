"""Readings of the source's derivatives of a matrix by a matrix, shared by the three layers.

The source writes dZ^[l]/dW^[l] = A^[l-1] and the like; the derivative of ``Z: (n^[l], m)`` by
``W: (n^[l], n^[l-1])`` has four indices, shape ``(n^[l], m, n^[l], n^[l-1])``. Each claim is
read once as written (a matrix) and once entry by entry, against central differences.
"""

from collections.abc import Callable

import numpy as np

import netlib as nl

from .point import THETA, cache, m
from .readings import AGREES, ILL_FORMED, Reading, compare, shape_text


def jacobian_tensor(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> np.ndarray:
    """d f(x) / d x by central differences, all entries: shape ``f(x).shape + x.shape``.

    ``x`` is copied first: the point's arrays are never perturbed.
    """
    return nl.numerical_jacobian(f, np.array(x, dtype=float))


def tensor_reading(how: str, tensor: np.ndarray, expected: np.ndarray, against: str) -> Reading:
    """A derivative of a matrix by a matrix (4 indices) against an expected tensor."""
    return compare(how, lambda: expected, tensor, against=against, by="central differences")


def derivative_is_matrix(symbol: str, tensor: np.ndarray, value: object, name: str) -> Reading:
    """The source's dZ/dM = (a matrix or a number): the derivative has four indices."""
    value = np.asarray(value)
    return Reading(
        f"{symbol} is the {name} itself",
        ILL_FORMED if tensor.shape != value.shape else AGREES,
        f"central differences give all {tensor.size} partial derivatives, shape "
        f"{shape_text(tensor.shape)}; the {name} has shape {shape_text(value.shape)}",
        "shape",
    )


def as_matrix_and_by_entries(
    symbol: str, T: np.ndarray, value: object, name: str, entries: str, expected: np.ndarray
) -> list[Reading]:
    """The two readings of the source's dZ/dM = (a matrix or a number): as written, then
    entry by entry (``entries`` in words, ``expected`` the tensor of shape ``T.shape``)."""
    return [
        derivative_is_matrix(symbol, T, value, name),
        tensor_reading(
            entries, T, expected, f"the {T.size} partial derivatives by central differences"
        ),
    ]


def linear_map(l: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(W^[l], b^[l], A^[l-1])`` at the point."""
    return THETA[f"W{l}"], THETA[f"b{l}"], cache[f"A{l - 1}"]


def dZ_dW_readings(l: int) -> list[Reading]:
    W, b, A_prev = linear_map(l)
    T = jacobian_tensor(lambda W_: W_ @ A_prev + b, W)  # dz_kj / dw_pq
    n = W.shape[0]
    expected = np.einsum("kp,qj->kjpq", np.eye(n), A_prev)  # [k = p] a_qj
    prev = "X" if l == 1 else f"A^[{l - 1}]"
    return as_matrix_and_by_entries(
        f"dZ^[{l}]/dW^[{l}]",
        T,
        A_prev,
        f"matrix {prev}",
        rf"its entries: $\partial z_{{kj}} / \partial w_{{pq}} = [k = p]\, a_{{qj}}$, "
        f"the entries of {prev} in the right places",
        expected,
    )


def dZ_db_readings(l: int) -> list[Reading]:
    W, b, A_prev = linear_map(l)
    T = jacobian_tensor(lambda b_: W @ A_prev + b_, b)  # dz_kj / db_p
    expected = np.einsum("kp,j->kjp", np.eye(W.shape[0]), np.ones(m))[..., None]
    return as_matrix_and_by_entries(
        f"dZ^[{l}]/db^[{l}]",
        T,
        1.0,
        "number 1",
        r"its entries: $\partial z_{kj} / \partial b_p = [k = p]$ for every example $j$, "
        "so dJ/db sums over the examples",
        expected,
    )


def dZ_dA_readings(l: int) -> list[Reading]:
    W, b, A_prev = linear_map(l)
    T = jacobian_tensor(lambda A_: W @ A_ + b, A_prev)  # dz_kj / da_qr
    expected = np.einsum("kq,jr->kjqr", W, np.eye(m))  # w_kq [j = r]
    return as_matrix_and_by_entries(
        f"dZ^[{l}]/dA^[{l - 1}]",
        T,
        W,
        f"matrix W^[{l}]",
        r"its entries: $\partial z_{kj} / \partial a_{qr} = w_{kq} [j = r]$; contracted, "
        r"$\mathbf{W}^\top \boldsymbol{\delta}$",
        expected,
    )


def relu_mask_reading(l: int) -> Reading:
    Z = cache[f"Z{l}"]
    T = jacobian_tensor(nl.relu, Z)  # da_kj / dz_pq: zero unless (k, j) = (p, q)
    diagonal = np.einsum("kjkj->kj", T)
    off_diagonal = T.copy()
    off_diagonal[np.unravel_index(np.arange(Z.size), Z.shape) * 2] = 0
    reading = compare(
        rf"entry by entry, $\partial a_{{kj}} / \partial z_{{kj}} = 1$ if $z_{{kj}} > 0$, "
        f"else 0 (layer {l})",
        lambda: (Z > 0).astype(float),
        diagonal,
        against="central differences",
    )
    # An entrywise map: the rest of the Jacobian is 0.
    assert np.abs(off_diagonal).max() == 0
    reading.evidence += f"; the other {T.size - Z.size} partial derivatives are 0"
    return reading


def relu_derivative_readings(l: int) -> list[Reading]:
    """The source's dA^[l]/dZ^[l] = (1 where Z^[l] > 0, else 0): as a matrix, then entry by
    entry."""
    Z = cache[f"Z{l}"]
    T = jacobian_tensor(nl.relu, Z)
    return [
        derivative_is_matrix(
            f"dA^[{l}]/dZ^[{l}]",
            T,
            (Z > 0).astype(float),
            f"matrix of 1s (where Z^[{l}] > 0) and 0s",
        ),
        relu_mask_reading(l),
    ]
