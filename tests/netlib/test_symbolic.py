"""netlib.symbolic: symbol matrices, the symbolic forward pass, and calculus by definition.

Each test states a fact that can be checked by hand or against netlib's numbers, so a wrong
derivative, a swapped index or a lost transpose in the SymPy side makes one of them fail.
"""

import numpy as np
import pytest
import sympy as sp

import netlib as nl
from netlib import symbolic as sym

# --- symbol matrices and parameters --------------------------------------------------------


def test_symbol_matrix_shape_names_and_reality():
    W = sym.symbol_matrix("w", 2, 3, layer=1)
    assert W.shape == (2, 3)
    assert str(W[0, 0]) == "w^[1]_11"
    assert str(W[1, 2]) == "w^[1]_23"
    assert all(s.is_real for s in W)
    assert len(set(W)) == 6, "every entry is its own symbol"


def test_symbol_matrix_without_layer_and_with_two_digit_indices():
    X = sym.symbol_matrix("x", 2, 2)
    assert str(X[1, 0]) == "x_21"
    big = sym.symbol_matrix("a", 10, 2)
    assert str(big[9, 1]) == "a_10,2", "a comma separates indices once one has two digits"


def test_parameters_have_the_books_shapes():
    params = sym.parameters([2, 3, 4, 5])
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    shapes = {name: M.shape for name, M in params.items()}
    assert shapes == {
        "W1": (3, 2),
        "b1": (3, 1),
        "W2": (4, 3),
        "b2": (4, 1),
        "W3": (5, 4),
        "b3": (5, 1),
    }
    # the same shapes as netlib's parameters
    net = nl.MLP([2, 3, 4, 5])
    assert shapes == {name: P.shape for name, P in net.params.items()}


# --- activations --------------------------------------------------------------------------


def test_relu_values_and_derivative_convention_at_zero():
    z = sp.Symbol("z", real=True)
    r = sym.relu(z)
    assert r.subs(z, 2) == 2
    assert r.subs(z, -3) == 0
    dr = sp.diff(r, z)
    assert dr.subs(z, sp.Rational(1, 2)) == 1
    assert dr.subs(z, -1) == 0
    assert dr.subs(z, 0) == 0, "ReLU'(0) is taken as 0, as in netlib.relu_backward"
    # netlib agrees at the kink
    assert nl.relu_backward([[1.0]], [[0.0]])[0, 0] == 0


def test_softmax_columns_sum_to_one_for_free_logits():
    Z = sym.symbol_matrix("z", 3, 2)
    A = sym.softmax(Z)
    assert A.shape == (3, 2)
    assert [sp.simplify(sum(A[:, j])) for j in range(2)] == [1, 1]
    # each column depends on its own logits only
    assert sp.diff(A[0, 0], Z[0, 1]) == 0


def test_activate_matches_netlib_for_every_activation():
    rng = np.random.default_rng(3)
    Z = sym.symbol_matrix("z", 3, 2)
    values = rng.standard_normal((3, 2))
    subs = sym.values_for(Z, values)
    for name, f in [
        ("relu", nl.relu),
        ("sigmoid", nl.sigmoid),
        ("tanh", nl.tanh),
        ("identity", nl.identity),
        ("softmax", nl.softmax),
    ]:
        got = sym.evaluate(sym.activate(name, Z), subs)
        np.testing.assert_allclose(got, f(values), rtol=1e-12, atol=1e-14, err_msg=name)


# --- the forward pass and the losses ----------------------------------------------------------


def test_linear_adds_the_bias_to_every_column():
    W = sym.symbol_matrix("w", 2, 2)
    A = sym.symbol_matrix("a", 2, 3)
    b = sym.symbol_matrix("b", 2, 1)
    Z = sym.linear_forward(A, W, b)
    assert Z.shape == (2, 3)
    for j in range(3):
        assert sp.expand(Z[1, j] - (W[1, 0] * A[0, j] + W[1, 1] * A[1, j] + b[1, 0])) == 0


def test_forward_agrees_with_netlib_at_random_numbers():
    sizes = [2, 3, 2, 3]
    rng = np.random.default_rng(0)
    net = nl.MLP(sizes, seed=0)
    for name, P in net.params.items():
        net.params[name] = rng.standard_normal(P.shape)
    X_value = rng.standard_normal((2, 4))

    X = sym.symbol_matrix("x", 2, 4)
    params = sym.parameters(sizes)
    AL, cache = sym.forward(params, X, ["relu", "relu", "softmax"])
    subs = sym.values_for(X, X_value)
    for name, M in params.items():
        subs |= sym.values_for(M, net.params[name])

    AL_net, cache_net = net.forward(X_value)
    for key in ["Z1", "A1", "Z2", "A2", "Z3", "A3"]:
        np.testing.assert_allclose(sym.evaluate(cache[key], subs), cache_net[key], rtol=1e-12)
    np.testing.assert_allclose(sym.evaluate(AL, subs), AL_net, rtol=1e-12)


def test_cross_entropy_with_one_hot_picks_the_log_of_the_true_class():
    A = sym.symbol_matrix("a", 3, 2)
    Y = sp.Matrix([[0, 1], [1, 0], [0, 0]])
    J = sym.cross_entropy(A, Y)
    assert sp.simplify(J - (-(sp.log(A[1, 0]) + sp.log(A[0, 1])) / 2)) == 0


def test_cross_entropy_and_mse_match_netlib():
    rng = np.random.default_rng(1)
    Z_value = rng.standard_normal((3, 4))
    A_value = nl.softmax(Z_value)
    Y_value = nl.one_hot(np.array([0, 2, 1, 2]), 3)
    A = sym.symbol_matrix("a", 3, 4)
    Y = sym.symbol_matrix("y", 3, 4)
    subs = sym.values_for(A, A_value) | sym.values_for(Y, Y_value)
    ce = float(sym.evaluate(sym.cross_entropy(A, Y), subs))
    assert ce == pytest.approx(nl.cross_entropy(A_value, Y_value), rel=1e-12)
    target = rng.standard_normal((3, 4))
    subs = sym.values_for(A, A_value) | sym.values_for(Y, target)
    assert float(sym.evaluate(sym.mse(A, Y), subs)) == pytest.approx(
        nl.mse(A_value, target), rel=1e-12
    )


# --- calculus: gradient, Jacobian, chain ----------------------------------------------------


def test_gradient_has_the_shape_of_its_variable_and_the_right_entries():
    W = sym.symbol_matrix("w", 2, 3)
    J = W[0, 0] ** 2 + 3 * W[1, 2] * W[0, 1]
    G = sym.gradient(J, W)
    assert G.shape == (2, 3)
    assert G == sp.Matrix([[2 * W[0, 0], 3 * W[1, 2], 0], [0, 0, 3 * W[0, 1]]])


def test_jacobian_of_a_linear_column_map_is_its_matrix():
    M = sp.Matrix([[1, 2], [3, 4], [5, 6]])
    z = sym.symbol_matrix("z", 2, 1)
    assert sym.jacobian(M * z, z) == M


def test_jacobian_of_softmax_has_the_off_diagonal_minus_a_i_a_j():
    z = sym.symbol_matrix("z", 3, 1)
    a = sym.softmax(z)
    Jac = sym.jacobian(a, z)
    assert Jac.shape == (3, 3)
    expected = sp.Matrix(3, 3, lambda i, j: a[i] * (int(i == j) - a[j]))
    assert sym.equal_matrices(Jac, expected)
    # the index i in place of j is wrong off the diagonal
    wrong = sp.Matrix(3, 3, lambda i, j: a[i] * (int(i == j) - a[i]))
    assert not sym.equal_matrices(Jac, wrong)


def test_jacobian_rejects_non_columns():
    z = sym.symbol_matrix("z", 2, 2)
    with pytest.raises(ValueError, match="column"):
        sym.jacobian(z, sym.symbol_matrix("x", 2, 1))
    with pytest.raises(ValueError, match="inputs"):
        sym.jacobian(sym.symbol_matrix("x", 2, 1), z)


def test_chain_equals_the_gradient_of_a_composed_function():
    # J(Z) = sum Z^3 with Z = W X: chain(dJ/dZ, Z, W) must equal dJ/dW taken directly
    W = sym.symbol_matrix("w", 2, 2)
    X = sym.symbol_matrix("x", 2, 3)
    Z = W * X
    J = sum(z**3 for z in Z)
    upstream = Z.applyfunc(lambda z: 3 * z**2)
    assert sym.equal_matrices(sym.chain(upstream, Z, W), sym.gradient(J, W))


def test_chain_checks_the_upstream_shape():
    Z = sym.symbol_matrix("z", 2, 3)
    with pytest.raises(ValueError, match="shape of outputs"):
        sym.chain(sym.symbol_matrix("g", 3, 2), Z, Z)


def test_linear_chain_gives_the_three_matrix_formulas():
    W = sym.symbol_matrix("w", 2, 3)
    A_prev = sym.symbol_matrix("a", 3, 4)
    b = sym.symbol_matrix("b", 2, 1)
    G = sym.symbol_matrix("g", 2, 4)
    grads = sym.linear_chain(G, A_prev, W, b)
    assert grads["dW"].shape == (2, 3)
    assert grads["db"].shape == (2, 1)
    assert grads["dA_prev"].shape == (3, 4)
    assert sym.equal_matrices(grads["dW"], G * A_prev.T)
    assert sym.equal_matrices(grads["db"], G * sp.ones(4, 1))
    assert sym.equal_matrices(grads["dA_prev"], W.T * G)
    # the formulas without the transposes do not even have the right shapes
    assert not sym.equal_matrices(grads["dA_prev"], G.T * W)


def test_linear_chain_agrees_with_netlib_linear_backward():
    rng = np.random.default_rng(2)
    W = sym.symbol_matrix("w", 2, 3)
    A_prev = sym.symbol_matrix("a", 3, 4)
    b = sym.symbol_matrix("b", 2, 1)
    G = sym.symbol_matrix("g", 2, 4)
    values = {"W": rng.standard_normal((2, 3)), "A": rng.standard_normal((3, 4))}
    values["G"] = rng.standard_normal((2, 4))
    subs = (
        sym.values_for(W, values["W"])
        | sym.values_for(A_prev, values["A"])
        | sym.values_for(G, values["G"])
    )
    grads = sym.linear_chain(G, A_prev, W, b)
    dA_prev, dW, db = nl.linear_backward(values["G"], values["A"], values["W"])
    np.testing.assert_allclose(sym.evaluate(grads["dW"], subs), dW, rtol=1e-12)
    np.testing.assert_allclose(sym.evaluate(grads["db"], subs), db, rtol=1e-12)
    np.testing.assert_allclose(sym.evaluate(grads["dA_prev"], subs), dA_prev, rtol=1e-12)


def test_columns_summing_to_one_makes_every_column_sum_to_one():
    Y = sym.symbol_matrix("y", 3, 2)
    subs = sym.columns_summing_to_one(Y)
    assert set(subs) == {Y[2, 0], Y[2, 1]}
    Y_constrained = Y.subs(subs)
    assert [sp.expand(sum(Y_constrained[:, j])) for j in range(2)] == [1, 1]


def test_softmax_cross_entropy_delta_needs_columns_summing_to_one():
    Z = sym.symbol_matrix("z", 3, 2)
    Y = sym.symbol_matrix("y", 3, 2)
    A = sym.softmax(Z)
    delta = sym.gradient(sym.cross_entropy(A, Y), Z)
    formula = (A - Y) / 2
    assert not sym.equal_matrices(delta, formula), "false for a general Y"
    subs = sym.columns_summing_to_one(Y)
    assert sym.equal_matrices(delta.subs(subs), formula.subs(subs))


# --- comparison and evaluation --------------------------------------------------------------


def test_equal_matrices_true_false_and_shape_mismatch():
    x, y = sp.symbols("x y", real=True)
    assert sym.equal_matrices(
        sp.Matrix([[sp.sin(x) ** 2 + sp.cos(x) ** 2, (x + y) ** 2]]),
        sp.Matrix([[1, x**2 + 2 * x * y + y**2]]),
    )
    assert not sym.equal_matrices(sp.Matrix([[x, y]]), sp.Matrix([[x, x]]))
    assert not sym.equal_matrices(sp.Matrix([[x, y]]), sp.Matrix([[x], [y]]))


def test_values_for_pairs_row_major_and_rejects_a_wrong_shape():
    W = sym.symbol_matrix("w", 2, 3)
    values = np.arange(6.0).reshape(2, 3)
    subs = sym.values_for(W, values)
    assert subs[W[1, 0]] == 3.0
    assert subs[W[0, 2]] == 2.0
    with pytest.raises(ValueError, match=r"shape \(2, 3\)"):
        sym.values_for(W, values.T)


def test_evaluate_matrix_scalar_and_piecewise():
    x, y = sp.symbols("x y", real=True)
    M = sp.Matrix([[x + y, x * y], [sym.relu(x), sym.relu(-x)]])
    np.testing.assert_allclose(sym.evaluate(M, {x: 2.0, y: 3.0}), [[5.0, 6.0], [2.0, 0.0]])
    assert float(sym.evaluate(x**2, {x: 3.0})) == 9.0


def test_evaluate_names_the_missing_symbols():
    x, y = sp.symbols("x y", real=True)
    with pytest.raises(ValueError, match=r"no value given for \['y'\]"):
        sym.evaluate(sp.Matrix([[x + y]]), {x: 1.0})
