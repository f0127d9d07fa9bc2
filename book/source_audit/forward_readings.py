"""Readings of the forward pass ``Z^[l] = W^[l] A^[l-1] + b^[l]``, ``A^[l] = g^[l](Z^[l])``.

``W^[l]: (n^[l], n^[l-1])``, ``A^[l-1]: (n^[l-1], m)``, ``b^[l]: (n^[l], 1)``: the sum is not
a sum of two matrices as written, only with b added to every column.
"""

import numpy as np
import sympy as sp

import netlib as nl
from netlib import symbolic as sym

from .point import THETA, L, cache, m
from .readings import AGREES, ILL_FORMED, Reading, compare


def sympy_sum_of(
    W_shape: tuple[int, int], A_shape: tuple[int, int], b_shape: tuple[int, int]
) -> sp.Matrix:
    """The source's Z = W A + b on SymPy matrices of symbols: a matrix sum, as written."""
    W = sym.symbol_matrix("w", *W_shape)
    A = sym.symbol_matrix("a", *A_shape)
    b = sym.symbol_matrix("b", *b_shape)
    return W * A + b


def literal_sum_reading(l: int) -> Reading:
    """Z^[l] = W^[l] A^[l-1] + b^[l] read as a sum of matrices, in SymPy."""
    shapes = (THETA[f"W{l}"].shape, cache[f"A{l - 1}"].shape, THETA[f"b{l}"].shape)
    try:
        sympy_sum_of(*shapes)
    except sp.ShapeError as err:
        return Reading(
            "`+` as the sum of two matrices",
            ILL_FORMED,
            f"SymPy refuses W^[{l}] A^[{l - 1}] + b^[{l}]: {err}",
            "SymPy",
        )
    return Reading("`+` as the sum of two matrices", AGREES, "SymPy adds them", "SymPy")


def broadcast_reading(l: int) -> Reading:
    """The same sum with b added to every column, against the definition column by column."""
    W, b, A_prev = THETA[f"W{l}"], THETA[f"b{l}"], cache[f"A{l - 1}"]
    by_column = np.hstack([W @ A_prev[:, [j]] + b for j in range(m)])
    return compare(
        "`+ b` adding b to every column (numpy broadcasting)",
        lambda: W @ A_prev + b,
        by_column,
        against=f"W^[{l}] a + b for each example a, one column at a time",
        by="numbers",
    )


def activation_reading(l: int) -> Reading:
    """A^[l] = g^[l](Z^[l]) against netlib's forward pass (softmax at l = L, else ReLU)."""
    g = nl.softmax if l == L else nl.relu
    return compare(
        f"A^[{l}] = g^[{l}](Z^[{l}])",
        lambda: g(cache[f"Z{l}"]),
        cache[f"A{l}"],
        against="netlib's forward pass",
        by="netlib",
    )
