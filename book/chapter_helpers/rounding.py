"""Printing a measured number so that every machine prints the same text."""

import numpy as np


def rounded(x: float) -> str:
    """``x`` to two significant digits, refusing a value so close to a rounding boundary
    that another BLAS build could print it differently."""
    exponent = int(np.floor(np.log10(abs(x))))
    scaled = abs(x) / 10.0 ** (exponent - 1)
    assert abs(scaled - np.floor(scaled) - 0.5) > 1e-6, x
    return f"{x:.2g}"
