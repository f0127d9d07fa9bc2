"""The source's ``*`` between matrices, which it never defines, read both ways.

Each product refuses (with the shapes) where it is not defined, rather than letting numpy
broadcast or guess.
"""

import numpy as np

from .readings import Reading, compare, shape_text


def matmul(*factors: np.ndarray) -> np.ndarray:
    """The matrix product left to right, refusing (with the shapes) where it is not defined."""
    result = factors[0]
    for right in factors[1:]:
        if result.shape[1] != right.shape[0]:
            raise ValueError(
                f"the matrix product {shape_text(result.shape)} times "
                f"{shape_text(right.shape)} is not defined"
            )
        result = result @ right
    return result


def entrywise(*factors: np.ndarray) -> np.ndarray:
    """The entrywise product of matrices of one shape (no broadcasting: that would guess)."""
    result = factors[0]
    for right in factors[1:]:
        if result.shape != right.shape:
            raise ValueError(
                f"the entrywise product of {shape_text(result.shape)} and "
                f"{shape_text(right.shape)} is not defined"
            )
        result = result * right
    return result


def star_readings(
    factors: list[np.ndarray], truth: np.ndarray, against: str = "central differences"
) -> list[Reading]:
    """The source's ``*`` between matrices, which it never defines: both readings."""
    return [
        compare("`*` as the matrix product", lambda: matmul(*factors), truth, against),
        compare("`*` as the entrywise product", lambda: entrywise(*factors), truth, against),
    ]
