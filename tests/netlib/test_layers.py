"""The linear part of a layer, Z = W A_prev + b, and its gradients, on hand-checkable numbers."""

import numpy as np
import pytest

import netlib as nl


def test_linear_forward_by_hand():
    W = [[1, 2], [3, 4]]
    A_prev = [[5, 6], [7, 8]]
    b = [[1], [-1]]
    # W A_prev = [[19, 22], [43, 50]]; b is added to every column
    np.testing.assert_array_equal(nl.linear_forward(A_prev, W, b), [[20, 23], [42, 49]])


def test_linear_forward_non_square_shape():
    W = np.ones((3, 2))
    A_prev = np.arange(10.0).reshape(2, 5)
    b = np.zeros((3, 1))
    assert nl.linear_forward(A_prev, W, b).shape == (3, 5)


def test_linear_backward_by_hand_2x2():
    dZ = [[1, 2], [3, 4]]
    A_prev = [[5, 6], [7, 8]]
    W = [[1, 0], [2, 1]]
    dA_prev, dW, db = nl.linear_backward(dZ, A_prev, W)
    np.testing.assert_array_equal(dW, [[17, 23], [39, 53]])  # dZ A_prev^T
    np.testing.assert_array_equal(db, [[3], [7]])  # row sums of dZ
    np.testing.assert_array_equal(dA_prev, [[7, 10], [3, 4]])  # W^T dZ


def test_linear_backward_by_hand_non_square():
    W = [[1, 0, 2], [0, 1, -1]]  # (2, 3)
    A_prev = [[1, 2], [3, 4], [5, 6]]  # (3, 2)
    dZ = [[1, -1], [2, 0]]  # (2, 2)
    dA_prev, dW, db = nl.linear_backward(dZ, A_prev, W)
    np.testing.assert_array_equal(dW, [[-1, -1, -1], [2, 6, 10]])
    np.testing.assert_array_equal(db, [[0], [2]])
    np.testing.assert_array_equal(dA_prev, [[1, -1], [2, 0], [0, -2]])
    assert dW.shape == (2, 3) and db.shape == (2, 1) and dA_prev.shape == (3, 2)


def test_linear_backward_matches_central_differences():
    rng = np.random.default_rng(0)
    W, A_prev, b = (
        rng.standard_normal((3, 4)),
        rng.standard_normal((4, 5)),
        rng.standard_normal((3, 1)),
    )
    G = rng.standard_normal((3, 5))  # the upstream dJ/dZ for J = sum(G * Z)

    def J():
        return float(np.sum(G * (W @ A_prev + b)))

    dA_prev, dW, db = nl.linear_backward(G, A_prev, W)
    for analytic, x in ((dW, W), (db, b), (dA_prev, A_prev)):
        np.testing.assert_allclose(analytic, nl.numerical_gradient(J, x), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_forward_and_backward_keep_the_dtype_of_W(dtype):
    rng = np.random.default_rng(1)
    W = rng.standard_normal((3, 2)).astype(dtype)
    A_prev = rng.standard_normal((2, 4))  # float64: converted to W's dtype
    b = np.zeros((3, 1))
    Z = nl.linear_forward(A_prev, W, b)
    assert Z.dtype == dtype
    for grad in nl.linear_backward(np.ones((3, 4)), A_prev, W):
        assert grad.dtype == dtype


def test_linear_functions_do_not_modify_their_input():
    W = np.array([[1.0, 2.0]])
    A_prev = np.array([[1.0], [2.0]])
    b = np.array([[3.0]])
    nl.linear_forward(A_prev, W, b)
    nl.linear_backward(np.array([[1.0]]), A_prev, W)
    np.testing.assert_array_equal(W, [[1.0, 2.0]])
    np.testing.assert_array_equal(A_prev, [[1.0], [2.0]])
    np.testing.assert_array_equal(b, [[3.0]])
