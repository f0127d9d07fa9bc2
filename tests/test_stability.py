"""Extreme logits: softmax, log-softmax, the losses and their gradients stay finite and right."""

import warnings

import numpy as np
import pytest

import netlib as nl

BIG = 1e4
# columns: +-1e4 both ways, all equal, all equal and huge, a tie of two huge over one -1e4
Z_EXTREME = np.array(
    [
        [BIG, -BIG, 0.0, BIG, BIG],
        [-BIG, BIG, 0.0, BIG, BIG],
        [0.0, 0.0, 0.0, BIG, -BIG],
    ]
)
# the true class of each column: the least likely one where there is one
Y_EXTREME = nl.one_hot([1, 0, 2, 1, 2], 3)


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow or a division by zero fails the test
        yield


@pytest.fixture(params=[np.float64, np.float32], ids=["float64", "float32"])
def Z(request):
    return Z_EXTREME.astype(request.param)


def test_softmax_of_extreme_logits(Z):
    A = nl.softmax(Z)
    assert np.isfinite(A).all()
    expected = [
        [1, 0, 1 / 3, 1 / 3, 1 / 2],
        [0, 1, 1 / 3, 1 / 3, 1 / 2],
        [0, 0, 1 / 3, 1 / 3, 0],
    ]
    np.testing.assert_allclose(A, expected, rtol=1e-6, atol=1e-30)
    np.testing.assert_allclose(A.sum(axis=0), 1, rtol=1e-6)


def test_log_softmax_of_extreme_logits(Z):
    log_A = nl.log_softmax(Z)
    assert np.isfinite(log_A).all()
    log3, log2 = np.log(3.0), np.log(2.0)
    expected = [
        [0, -2 * BIG, -log3, -log3, -log2],
        [-2 * BIG, 0, -log3, -log3, -log2],
        [-BIG, -BIG, -log3, -log3, -2 * BIG - log2],
    ]
    np.testing.assert_allclose(log_A, expected, rtol=1e-6)


def test_softmax_cross_entropy_of_extreme_logits(Z):
    # -log softmax of the true class, per column: 2e4, 2e4, log 3, log 3, 2e4 + log 2
    expected = (6 * BIG + 2 * np.log(3.0) + np.log(2.0)) / 5
    assert nl.softmax_cross_entropy(Z, Y_EXTREME) == pytest.approx(expected, rel=1e-6)


def test_cross_entropy_stays_finite_where_probabilities_underflow(Z):
    A = nl.softmax(Z)
    assert (A[Y_EXTREME == 1] == 0).any()  # the case in question: log(0) would be -inf
    J = nl.cross_entropy(A, Y_EXTREME)
    assert np.isfinite(J)
    # three columns whose true class underflowed count as -log(smallest normal number)
    floor = -np.log(np.finfo(Z.dtype).tiny.astype(np.float64))
    assert J == pytest.approx((3 * floor + 2 * np.log(3.0)) / 5, rel=1e-6)


def test_gradients_of_extreme_logits_are_finite(Z):
    A = nl.softmax(Z)
    Y = Y_EXTREME.astype(Z.dtype)
    delta = nl.softmax_cross_entropy_backward(A, Y)
    np.testing.assert_allclose(delta, (A - Y) / 5, atol=1e-7)
    dA = nl.cross_entropy_backward(A, Y)
    assert np.isfinite(dA).all()
    assert np.isfinite(nl.softmax_backward(dA, Z)).all()
    assert np.isfinite(nl.softmax_backward(np.ones_like(Z), Z)).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_softmax_column_sums_to_one(dtype):
    Z = (np.random.default_rng(0).standard_normal((10, 200)) * 1e3).astype(dtype)
    A = nl.softmax(Z)
    assert (A >= 0).all()
    np.testing.assert_allclose(A.sum(axis=0), 1, rtol=100 * np.finfo(dtype).eps)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_and_tanh_of_extreme_values(dtype):
    Z = np.array([[BIG, -BIG, 1e300 if dtype == np.float64 else 1e38]], dtype=dtype)
    np.testing.assert_array_equal(nl.sigmoid(Z), [[1, 0, 1]])
    np.testing.assert_array_equal(nl.tanh(Z), [[1, -1, 1]])
    np.testing.assert_array_equal(nl.sigmoid_backward(np.ones_like(Z), Z), [[0, 0, 0]])
    np.testing.assert_array_equal(nl.tanh_backward(np.ones_like(Z), Z), [[0, 0, 0]])


def test_network_with_huge_inputs_stays_finite():
    net = nl.MLP([3, 4, 3], seed=0)
    X = np.array([[BIG, -BIG], [BIG, BIG], [-BIG, 0.0]])
    Y = nl.one_hot([0, 2], 3)
    AL, cache = net.forward(X)
    np.testing.assert_allclose(AL.sum(axis=0), 1)
    assert np.isfinite(net.loss(AL, Y))
    grads = net.backward(Y, cache)
    assert all(np.isfinite(g).all() for g in grads.values())
