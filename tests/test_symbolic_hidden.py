"""The SymPy machinery of the hidden-layer chapters: the ReLU derivative and mask-wise equality."""

import numpy as np
import pytest
import sympy as sp

from netlib import symbolic as sym

z = sp.Symbol("z", real=True)


@pytest.mark.parametrize(("value", "expected"), [(2.5, 1), (1e-9, 1), (0, 0), (-1e-9, 0), (-3, 0)])
def test_relu_derivative_is_the_indicator_of_z_positive(value, expected):
    assert sym.relu_derivative(sp.Float(value)) == expected


def test_relu_derivative_is_what_sympy_differentiates_relu_to():
    assert sp.diff(sym.relu(z), z) == sym.relu_derivative(z)


def test_masks_as_symbols_factors_a_relu_and_shares_equal_masks():
    x = sp.Symbol("x", real=True)
    expr = sym.relu(z) * x + z * sym.relu_derivative(z)
    replaced = sym.masks_as_symbols(expr)
    assert not replaced.atoms(sp.Piecewise)
    (mask,) = replaced.free_symbols - {x, z}
    assert sp.expand(replaced - mask * z * (x + 1)) == 0


def relu_backward_step(rows, cols):
    """(dA, Z, derived, formula) for the ReLU backward step on (rows, cols) symbol matrices:
    the chain rule through A = ReLU(Z), and the book's dA * 1[Z > 0]."""
    dA = sym.symbol_matrix("dA", rows, cols)
    Z = sym.symbol_matrix("z", rows, cols)
    derived = sym.chain(dA, Z.applyfunc(sym.relu), Z)
    formula = dA.multiply_elementwise(Z.applyfunc(sym.relu_derivative))
    return dA, Z, derived, formula


def test_equal_for_any_mask_proves_the_relu_backward_step():
    _, _, derived, formula = relu_backward_step(2, 3)
    assert sym.equal_for_any_mask(derived, formula)


def test_equal_for_any_mask_rejects_a_wrong_formula():
    dA, Z, derived, _ = relu_backward_step(2, 2)
    matrix_product = dA * Z.applyfunc(sym.relu_derivative)  # the wrong reading of "*"
    assert not sym.equal_for_any_mask(derived, matrix_product)
    no_mask = dA
    assert not sym.equal_for_any_mask(derived, no_mask)


def test_equal_for_any_mask_tells_apart_different_conditions():
    at_least = sp.Piecewise((1, z >= 0), (0, True))  # differs from 1[z > 0] at z = 0
    assert not sym.equal_for_any_mask(
        sp.Matrix([[sym.relu_derivative(z)]]), sp.Matrix([[at_least]])
    )


def test_equal_for_any_mask_needs_equal_shapes():
    A = sym.symbol_matrix("a", 2, 3)
    assert not sym.equal_for_any_mask(A, A.T)
    assert sym.equal_for_any_mask(A, A)


def test_equal_for_any_mask_proves_two_relu_layers_at_once():
    """dJ/dW^[1] through a ReLU layer and a linear layer, with a free upstream dJ/dZ^[2]."""
    params = sym.parameters([2, 3, 2])
    X = sym.symbol_matrix("x", 2, 2)
    delta2 = sym.symbol_matrix("delta", 2, 2, layer=2)
    Z1 = sym.linear_forward(X, params["W1"], params["b1"])
    Z2 = sym.linear_forward(Z1.applyfunc(sym.relu), params["W2"], params["b2"])
    derived = sym.chain(delta2, Z2, params["W1"])
    delta1 = (params["W2"].T * delta2).multiply_elementwise(Z1.applyfunc(sym.relu_derivative))
    assert sym.equal_for_any_mask(derived, delta1 * X.T)
    assert not sym.equal_for_any_mask(derived, (params["W2"].T * delta2) * X.T)  # mask dropped


def test_a_proof_by_masks_agrees_with_numbers():
    """Where the check says equal, both sides give the same numbers at random points."""
    dA, Z, derived, formula = relu_backward_step(3, 2)
    assert sym.equal_for_any_mask(derived, formula)
    rng = np.random.default_rng(0)
    for _ in range(5):
        values = sym.values_for(dA, rng.standard_normal((3, 2)))
        values |= sym.values_for(Z, rng.standard_normal((3, 2)))
        np.testing.assert_array_equal(sym.evaluate(derived, values), sym.evaluate(formula, values))
