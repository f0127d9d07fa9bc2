"""The SymPy side of a proof: a formula minus the derivative from the definition."""

import sympy as sp

from netlib import symbolic as sym


def difference(formula: sp.Matrix, derived: sp.Matrix) -> sp.Matrix:
    """``formula - derived``, entry by entry, with every ReLU mask an unknown, expanded.

    Both are matrices of one shape, e.g. ``(n^[l], n^[l-1])`` for dW^[l]. A zero result
    proves the equality for every value of the masks, so for every sign pattern of Z^[l].
    """
    return (formula - derived).applyfunc(lambda e: sp.expand(sym.masks_as_symbols(e)))
