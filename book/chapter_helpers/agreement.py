"""netlib's value of a gradient against SymPy's and against central differences.

Each function asserts the bounds it prints, so a printed line is a checked statement, not the
last digits of a measurement (those change with the BLAS build).
"""

import numpy as np

import netlib as nl


def assert_agreement(
    from_netlib: np.ndarray,
    from_sympy: np.ndarray,
    from_differences: np.ndarray,
    to_sympy: float,
    to_differences: float,
) -> None:
    """Assert one quantity (any shape, the same for all three) agrees within the bounds.

    ``to_sympy`` bounds the relative error between netlib and SymPy (round-off only),
    ``to_differences`` the one between netlib and central differences (truncation too).
    """
    assert from_netlib.shape == from_sympy.shape == from_differences.shape
    np.testing.assert_allclose(from_netlib, from_sympy, rtol=to_sympy, atol=to_sympy / 100)
    np.testing.assert_allclose(from_netlib, from_differences, rtol=1e-6, atol=1e-9)
    error_to_sympy = nl.relative_error(from_netlib, from_sympy)
    error_to_differences = nl.relative_error(from_netlib, from_differences)
    assert error_to_sympy < to_sympy and error_to_differences < to_differences, (
        error_to_sympy,
        error_to_differences,
    )


def compare(
    name: str, from_netlib: np.ndarray, from_sympy: np.ndarray, from_differences: np.ndarray
) -> None:
    """One layer's gradient, e.g. ``dW2: (n^[2], n^[1])``: assert and print the two bounds."""
    assert_agreement(from_netlib, from_sympy, from_differences, 1e-13, 1e-8)
    print(
        f"{name:<4} {str(from_netlib.shape):<7} relative error to SymPy < 1e-13,"
        " to central differences < 1e-8"
    )


def compare_general(
    name: str, from_netlib: np.ndarray, from_sympy: np.ndarray, from_differences: np.ndarray
) -> None:
    """A gradient of a network of any depth: assert and print the two (looser) bounds.

    The bounds are those the any-depth chapter asserts for its networks (more layers, other
    activations), one order looser than :func:`compare`'s.
    """
    assert_agreement(from_netlib, from_sympy, from_differences, 1e-12, 1e-7)
    print(f"{name:>4} {str(from_netlib.shape):>6}: vs SymPy < 1e-12, vs central differences < 1e-7")
