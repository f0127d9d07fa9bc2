"""chapter_helpers.conventions: each course's code gives the book's gradients after the
conversion the chapter proves (a factor m, a transpose, a sum over examples)."""

import numpy as np
import pytest

import netlib as nl
from chapter_helpers import conventions as cv


@pytest.fixture
def network():
    rng = np.random.default_rng(3)
    net = nl.MLP([3, 4, 2], hidden="sigmoid", output="sigmoid")
    for name, P in net.params.items():
        net.params[name] = rng.standard_normal(P.shape)
    X = rng.standard_normal((3, 5))
    Y = rng.integers(0, 2, (2, 5)).astype(float)
    grads = net.backward(Y, net.forward(X)[1])
    return net, X, Y, grads


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_deeplearning_ai_dW_db_equal_the_books_and_dZ_dA_are_m_times(network):
    net, X, Y, grads = network
    dl = cv.deeplearning_ai(net.params, X, Y)
    m = X.shape[1]
    for l in (1, 2):
        close(dl[f"dW{l}"], grads[f"dW{l}"])
        close(dl[f"db{l}"], grads[f"db{l}"])
        close(dl[f"dZ{l}"], m * grads[f"dZ{l}"])
        close(dl[f"dA{l - 1}"], m * grads[f"dA{l - 1}"])
    AL = net.forward(X)[0]
    close(dl["dZ2"], AL - Y)


def test_rows_layout_is_the_transpose_with_the_same_weight_gradient(network):
    net, X, Y, grads = network
    weights = {f"W{l}": net.params[f"W{l}"] for l in (1, 2)}
    biases = {f"b{l}": net.params[f"b{l}"][:, 0] for l in (1, 2)}
    rows = cv.rows_layout(weights, biases, X.T, Y.T)
    for l in (1, 2):
        close(rows[f"dW{l}"], grads[f"dW{l}"])
        assert rows[f"db{l}"].shape == (net.layer_sizes[l],)
        close(rows[f"db{l}"], grads[f"db{l}"][:, 0])
        close(rows[f"dZ{l}"], grads[f"dZ{l}"].T)
        close(rows[f"dA{l - 1}"], grads[f"dA{l - 1}"].T)


def test_cs231n_dw_is_the_transpose_of_the_books_dW(network):
    net, X, _, grads = network
    A1 = net.forward(X)[1]["A1"]
    dx, dw, db = cv.cs231n_affine_backward(grads["dZ2"].T, A1.T, net.params["W2"].T)
    close(dw, grads["dW2"].T)
    close(dx, grads["dA1"].T)
    close(db, grads["db2"][:, 0])


def test_nielsen_sums_are_m_times_and_his_update_is_the_books_step(network):
    net, X, Y, grads = network
    m = X.shape[1]
    batch = cv.nielsen(net.params, X, Y)
    for l in (1, 2):
        close(batch["nabla_w"][l - 1], m * grads[f"dW{l}"])
        close(batch["nabla_b"][l - 1], m * grads[f"db{l}"])
    for j, deltas in enumerate(batch["deltas"]):
        close(deltas[0], m * grads["dZ1"][:, [j]])
    eta = 0.3
    updated = net.params["W1"] - (eta / m) * batch["nabla_w"][0]
    net.step(grads, eta)
    close(updated, net.params["W1"])


def test_a_rows_layout_dW_pasted_into_columns_is_wrong(network):
    net, X, _, grads = network
    A0, dZ1 = X, grads["dZ1"]
    with pytest.raises(ValueError):  # X.T @ dZ: (m, n_x) @ (n^[1], m) does not even fit here
        A0.T @ dZ1
