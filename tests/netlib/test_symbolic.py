"""netlib.symbolic: symbol matrices, the symbolic forward pass, and calculus by definition.

Each test states a fact that can be checked by hand or against netlib's numbers, so a wrong
derivative, a swapped index or a lost transpose in the SymPy side makes one of them fail.
"""

import numpy as np
import pytest
import sympy as sp

import netlib as nl
from netlib import symbolic as sym


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


# ------------------------------------------------------------------------------------------
# The SymPy machinery of the any-depth chapter: g' of every entrywise activation, and
# gradients of a deep composition taken entry by entry from the definition at one point.

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


# ------------------------------------------------------------------------------------------
# The SymPy machinery of the hidden-layer chapters: the ReLU derivative and mask-wise equality.


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
