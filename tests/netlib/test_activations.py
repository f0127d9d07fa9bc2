"""Activations g and their backward passes: hand-checked values, shapes, dtypes, derivatives."""

import numpy as np
import pytest

import netlib as nl

LOG2, LOG3 = np.log(2.0), np.log(3.0)

# name -> (forward, backward, g written here from its definition, g' written here)
ELEMENTWISE = {
    "relu": (nl.relu, nl.relu_backward, lambda z: np.where(z > 0, z, 0.0)),
    "sigmoid": (nl.sigmoid, nl.sigmoid_backward, lambda z: 1 / (1 + np.exp(-z))),
    "tanh": (nl.tanh, nl.tanh_backward, lambda z: np.sinh(z) / np.cosh(z)),
    "identity": (nl.identity, nl.identity_backward, lambda z: z),
}


def test_relu_by_hand():
    np.testing.assert_array_equal(nl.relu([[-1, 0, 2]]), [[0, 0, 2]])


def test_relu_backward_by_hand_takes_relu_prime_of_zero_as_zero():
    dZ = nl.relu_backward([[5.0, 6.0, 7.0]], [[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(dZ, [[0, 0, 7]])


def test_sigmoid_by_hand():
    # sigmoid(log 3) = 1 / (1 + 1/3) = 3/4, sigmoid(-log 3) = 1/4
    np.testing.assert_allclose(nl.sigmoid([[0.0, LOG3, -LOG3]]), [[0.5, 0.75, 0.25]], rtol=1e-15)


def test_sigmoid_backward_by_hand():
    # dA s (1 - s) = 2 * 3/4 * 1/4 = 3/8
    np.testing.assert_allclose(nl.sigmoid_backward([[2.0]], [[LOG3]]), [[0.375]], rtol=1e-15)


def test_tanh_by_hand():
    # tanh(log 2) = (2 - 1/2) / (2 + 1/2) = 3/5
    np.testing.assert_allclose(nl.tanh([[LOG2, -LOG2, 0.0]]), [[0.6, -0.6, 0.0]], rtol=1e-15)


def test_tanh_backward_by_hand():
    # 1 - tanh(log 2)^2 = 1 - 9/25 = 16/25
    np.testing.assert_allclose(nl.tanh_backward([[1.0]], [[LOG2]]), [[0.64]], rtol=1e-15)


def test_identity_and_its_backward_pass_values_through():
    Z = np.array([[1.5, -2.0], [0.0, 3.0]])
    dA = np.array([[4.0, 5.0], [6.0, -7.0]])
    np.testing.assert_array_equal(nl.identity(Z), Z)
    np.testing.assert_array_equal(nl.identity_backward(dA, Z), dA)


def test_softmax_of_a_column_by_hand():
    # exp(0) : exp(log 2) = 1 : 2
    np.testing.assert_allclose(nl.softmax([[0.0], [LOG2]]), [[1 / 3], [2 / 3]], rtol=1e-15)


def test_softmax_normalises_each_column_separately():
    Z = np.array([[0.0, 100.0, 5.0], [LOG2, 100.0 + LOG2, 5.0]])
    expected = np.array([[1 / 3, 1 / 3, 1 / 2], [2 / 3, 2 / 3, 1 / 2]])
    np.testing.assert_allclose(nl.softmax(Z), expected, rtol=1e-14)


def test_log_softmax_by_hand():
    np.testing.assert_allclose(
        nl.log_softmax([[0.0], [LOG2]]), [[np.log(1 / 3)], [np.log(2 / 3)]], rtol=1e-14
    )


def test_softmax_backward_by_hand():
    # a = (1/2, 1/2): J = diag(a) - a a^T = [[1/4, -1/4], [-1/4, 1/4]]; J^T (1, 0) = (1/4, -1/4)
    np.testing.assert_allclose(
        nl.softmax_backward([[1.0], [0.0]], [[0.0], [0.0]]), [[0.25], [-0.25]]
    )


def test_softmax_backward_is_the_jacobian_transpose_product_per_column():
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((4, 6))
    dA = rng.standard_normal((4, 6))
    dZ = nl.softmax_backward(dA, Z)
    for i in range(Z.shape[1]):
        a = np.exp(Z[:, i]) / np.exp(Z[:, i]).sum()
        jacobian = np.empty((4, 4))  # J[j, k] = d a_j / d z_k
        for j in range(4):
            for k in range(4):
                jacobian[j, k] = a[j] * ((j == k) - a[k])
        np.testing.assert_allclose(dZ[:, i], jacobian.T @ dA[:, i], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_forward_matches_the_definition(name):
    g, _, definition = ELEMENTWISE[name]
    Z = np.random.default_rng(2).standard_normal((3, 5)) * 3
    np.testing.assert_allclose(g(Z), definition(Z), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_matches_central_differences(name):
    g, g_backward, definition = ELEMENTWISE[name]
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((3, 5)) * 3
    Z[np.abs(Z) < 1e-3] = 0.5  # keep away from the ReLU kink
    dA = rng.standard_normal((3, 5))
    h = 1e-6
    slope = (definition(Z + h) - definition(Z - h)) / (2 * h)  # g acts entrywise
    np.testing.assert_allclose(g_backward(dA, Z), dA * slope, rtol=1e-7, atol=1e-9)


FUNCTIONS = [nl.relu, nl.sigmoid, nl.tanh, nl.identity, nl.softmax, nl.log_softmax]
BACKWARDS = [
    nl.relu_backward,
    nl.sigmoid_backward,
    nl.tanh_backward,
    nl.identity_backward,
    nl.softmax_backward,
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("g", FUNCTIONS, ids=lambda f: f.__name__)
def test_forward_keeps_shape_and_dtype(g, dtype):
    Z = np.random.default_rng(4).standard_normal((3, 7)).astype(dtype)
    A = g(Z)
    assert A.shape == (3, 7)
    assert A.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("g_backward", BACKWARDS, ids=lambda f: f.__name__)
def test_backward_keeps_shape_and_dtype(g_backward, dtype):
    rng = np.random.default_rng(5)
    Z = rng.standard_normal((3, 7)).astype(dtype)
    dA = rng.standard_normal((3, 7)).astype(dtype)
    dZ = g_backward(dA, Z)
    assert dZ.shape == (3, 7)
    assert dZ.dtype == dtype


@pytest.mark.parametrize("g", FUNCTIONS, ids=lambda f: f.__name__)
def test_integer_input_becomes_float64(g):
    A = g([[1, -2, 3], [0, 4, -5]])
    assert A.dtype == np.float64
    assert A.shape == (2, 3)


def test_forward_does_not_modify_its_input():
    Z = np.array([[-1.0, 2.0], [3.0, -4.0]])
    saved = Z.copy()
    for g in FUNCTIONS:
        g(Z)
    np.testing.assert_array_equal(Z, saved)


def test_identity_backward_returns_a_new_array():
    dA = np.arange(6.0).reshape(2, 3)
    dZ = nl.identity_backward(dA, np.zeros((2, 3)))
    assert dZ is not dA and not np.shares_memory(dZ, dA)
    np.testing.assert_array_equal(dZ, dA)


def test_log_softmax_below_the_most_negative_float_is_an_error():
    # log softmax of the second entry is -2e308: not a float64
    with pytest.raises(ValueError, match=r"log_softmax\(Z\) has entries below -1.8e\+308"):
        nl.log_softmax(np.array([[1e308], [-1e308]]))
