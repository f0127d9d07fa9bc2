"""Losses J(A, Y) and their gradients: cross-entropy with softmax, squared error with identity."""

import numpy as np
import pytest

import netlib as nl


def test_cross_entropy_of_a_known_column():
    # J = -log 0.75 for the one example whose true class has probability 3/4
    assert nl.cross_entropy([[0.25], [0.75]], [[0], [1]]) == pytest.approx(-np.log(0.75), rel=1e-15)


def test_cross_entropy_averages_over_columns():
    A = [[0.5, 0.1], [0.5, 0.9]]
    Y = [[1, 0], [0, 1]]
    assert nl.cross_entropy(A, Y) == pytest.approx(-(np.log(0.5) + np.log(0.9)) / 2, rel=1e-15)


def test_cross_entropy_backward_by_hand():
    A = [[0.5, 0.1], [0.5, 0.9]]
    Y = [[1, 0], [0, 1]]
    # -(1/m) Y / A with m = 2
    expected = [[-1.0, 0.0], [0.0, -1 / 1.8]]
    np.testing.assert_allclose(nl.cross_entropy_backward(A, Y), expected, rtol=1e-15)


def test_softmax_cross_entropy_by_hand():
    # softmax((0, log 2)) = (1/3, 2/3); the true class is the second
    J = nl.softmax_cross_entropy([[0.0], [np.log(2.0)]], [[0], [1]])
    assert J == pytest.approx(-np.log(2 / 3), rel=1e-14)


def test_softmax_cross_entropy_backward_by_hand():
    # (A - Y) / m
    delta = nl.softmax_cross_entropy_backward([[1 / 3], [2 / 3]], [[0], [1]])
    np.testing.assert_allclose(delta, [[1 / 3], [-1 / 3]], rtol=1e-15)


def test_softmax_cross_entropy_equals_cross_entropy_of_softmax():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((4, 6)) * 2
    Y = nl.one_hot(rng.integers(0, 4, 6), 4)
    assert nl.softmax_cross_entropy(Z, Y) == pytest.approx(
        nl.cross_entropy(nl.softmax(Z), Y), rel=1e-13
    )


def test_cross_entropy_backward_through_softmax_backward_is_the_fused_delta():
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((5, 7))
    Y = nl.one_hot(rng.integers(0, 5, 7), 5)
    A = nl.softmax(Z)
    chained = nl.softmax_backward(nl.cross_entropy_backward(A, Y), Z)
    np.testing.assert_allclose(chained, nl.softmax_cross_entropy_backward(A, Y), atol=1e-15)
    np.testing.assert_allclose(chained, (A - Y) / 7, atol=1e-15)


def test_mse_by_hand():
    # (1/(2m)) sum (A - Y)^2 = (1 + 4) / 4
    assert nl.mse([[1.0, 2.0]], [[0.0, 0.0]]) == pytest.approx(1.25, rel=1e-15)
    assert nl.mse([[1.0, 0.0], [0.0, 3.0]], np.zeros((2, 2))) == pytest.approx(2.5, rel=1e-15)


def test_mse_backward_by_hand():
    np.testing.assert_allclose(nl.mse_backward([[1.0, 2.0]], [[0.0, 1.0]]), [[0.5, 0.5]])


def test_mse_backward_matches_central_differences():
    rng = np.random.default_rng(2)
    A, Y = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    expected = nl.mse_backward(A, Y)
    numeric = nl.numerical_gradient(lambda: float(np.sum((A - Y) ** 2)) / (2 * 4), A)
    np.testing.assert_allclose(expected, numeric, rtol=1e-7)


def test_losses_return_python_floats():
    A, Y = [[0.5], [0.5]], [[1], [0]]
    for J in (nl.cross_entropy(A, Y), nl.softmax_cross_entropy(A, Y), nl.mse(A, Y)):
        assert type(J) is float


@pytest.mark.parametrize(
    "backward",
    [nl.cross_entropy_backward, nl.softmax_cross_entropy_backward, nl.mse_backward],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_loss_gradients_keep_shape_and_dtype(backward, dtype):
    A = nl.softmax(np.random.default_rng(3).standard_normal((3, 5))).astype(dtype)
    Y = nl.one_hot([0, 1, 2, 1, 0], 3)  # float64: converted to A's dtype
    dA = backward(A, Y)
    assert dA.shape == (3, 5)
    assert dA.dtype == dtype
