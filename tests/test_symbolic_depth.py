"""The SymPy machinery of the any-depth chapter: g' of every entrywise activation, and
gradients of a deep composition taken entry by entry from the definition at one point."""

import numpy as np
import pytest
import sympy as sp

import netlib as nl
from netlib import symbolic as sym

z = sp.Symbol("z", real=True)
ENTRYWISE = ["relu", "sigmoid", "tanh", "identity"]


@pytest.mark.parametrize("name", ENTRYWISE)
def test_activation_derivative_is_what_sympy_differentiates_to(name):
    g = sym.HIDDEN_ACTIVATIONS[name]
    (formula,) = sym.activation_derivative(name, sp.Matrix([[z]]))
    assert sp.simplify(sp.diff(g(z), z) - formula) == 0


@pytest.mark.parametrize("name", ENTRYWISE)
def test_activation_derivative_matches_central_differences(name):
    g = sp.lambdify(z, sym.HIDDEN_ACTIVATIONS[name](z))
    (formula,) = sym.activation_derivative(name, sp.Matrix([[z]]))
    g_prime = sp.lambdify(z, formula)
    for value in (-1.3, -0.2, 0.4, 2.0):
        central = (g(value + 1e-6) - g(value - 1e-6)) / 2e-6
        assert g_prime(value) == pytest.approx(central, rel=1e-7, abs=1e-9)


@pytest.mark.parametrize("name", ENTRYWISE)
def test_the_entrywise_backward_step_holds_for_any_upstream_gradient(name):
    G = sym.symbol_matrix("g", 2, 3)
    Z = sym.symbol_matrix("z", 2, 3)
    derived = sym.chain(G, sym.activate(name, Z), Z)
    formula = G.multiply_elementwise(sym.activation_derivative(name, Z))
    assert sym.equal_matrices(derived, formula)
    if name == "relu":
        assert sym.equal_for_any_mask(derived, formula)


def test_a_matrix_product_in_place_of_the_entrywise_one_is_rejected():
    G = sym.symbol_matrix("g", 2, 2)
    Z = sym.symbol_matrix("z", 2, 2)
    derived = sym.chain(G, sym.activate("tanh", Z), Z)
    assert not sym.equal_matrices(derived, G * sym.activation_derivative("tanh", Z))


def test_softmax_has_no_entrywise_derivative():
    with pytest.raises(ValueError, match="entrywise"):
        sym.activation_derivative("softmax", sym.symbol_matrix("z", 3, 2))


def test_partial_derivatives_at_a_polynomial():
    # J = sum_ij m_ij^2 x_ij has dJ/dm_ij = 2 m_ij x_ij and dJ/dx_ij = m_ij^2.
    M = sym.symbol_matrix("m", 2, 3)
    X = sym.symbol_matrix("x", 2, 3)
    rng = np.random.default_rng(0)
    M_value, X_value = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    values = sym.values_for(M, M_value) | sym.values_for(X, X_value)

    def J(d):
        return sum(a**2 * b for a, b in zip(d["M"], d["X"], strict=True))

    grads = sym.partial_derivatives_at(J, {"M": M, "X": X}, values)
    np.testing.assert_allclose(grads["M"], 2 * M_value * X_value, rtol=1e-13)
    np.testing.assert_allclose(grads["X"], M_value**2, rtol=1e-13)


def test_partial_derivatives_at_agree_with_netlib_on_a_deep_network():
    sizes, m = [2, 3, 2, 2], 2
    hidden = ["relu", "sigmoid"]
    rng = np.random.default_rng(3)
    net = nl.MLP(sizes, hidden=hidden, output="softmax", seed=0)
    for name, P in net.params.items():
        net.params[name] = rng.standard_normal(P.shape)
    X_value = rng.standard_normal((sizes[0], m))
    Y_value = nl.one_hot([1, 0], sizes[-1])
    params = sym.parameters(sizes)
    values = {}
    for name, M in params.items():
        values |= sym.values_for(M, net.params[name])
    X, Y = sp.Matrix(X_value), sp.Matrix(Y_value)

    def J(p):
        AL, _ = sym.forward(p, X, [*hidden, "softmax"])
        return sym.cross_entropy(AL, Y)

    by_definition = sym.partial_derivatives_at(J, params, values)
    _, cache = net.forward(X_value)
    grads = net.backward(Y_value, cache)
    for name in params:
        np.testing.assert_allclose(grads["d" + name], by_definition[name], rtol=1e-10, atol=1e-13)


def test_partial_derivatives_at_needs_a_value_for_every_entry():
    M = sym.symbol_matrix("m", 1, 2)
    with pytest.raises(ValueError, match="no value"):
        sym.partial_derivatives_at(lambda d: sum(d["M"]), {"M": M}, {M[0, 0]: 1.0})


def test_partial_derivatives_at_needs_a_value_for_every_symbol_of_the_loss():
    M = sym.symbol_matrix("m", 1, 2)
    c = sp.Symbol("c", real=True)
    with pytest.raises(ValueError, match="no value given for \\['c'\\]"):
        sym.partial_derivatives_at(
            lambda d: c * sum(d["M"]), {"M": M}, {M[0, 0]: 1.0, M[0, 1]: 2.0}
        )
