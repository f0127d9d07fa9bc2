"""netlib.losses: J(AL, Y) and its gradients (cross-entropy with softmax, squared error with
identity), and extreme logits that stay finite and right."""

import warnings

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


# ------------------------------------------------------------------------------------------
# Extreme logits: softmax, log-softmax, the losses and their gradients stay finite and right.

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


# --- the binary cross-entropy of a sigmoid output ------------------------------------------


def test_binary_cross_entropy_by_hand():
    AL, Y = np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])
    expected = -(np.log(0.8) + np.log(0.9) + np.log(0.6)) / 3
    assert nl.binary_cross_entropy(AL, Y) == pytest.approx(expected, rel=1e-15)


def test_binary_cross_entropy_sums_independent_outputs():
    AL, Y = np.array([[0.8, 0.3], [0.6, 0.1]]), np.array([[1, 0], [0, 0]])
    expected = -(np.log(0.8) + np.log(0.7) + np.log(0.4) + np.log(0.9)) / 2
    assert nl.binary_cross_entropy(AL, Y) == pytest.approx(expected, rel=1e-15)


def test_sigmoid_cross_entropy_equals_binary_cross_entropy_of_sigmoid():
    rng = np.random.default_rng(0)
    Z, Y = rng.standard_normal((3, 5)) * 4, rng.integers(0, 2, (3, 5))
    assert nl.sigmoid_cross_entropy(Z, Y) == pytest.approx(
        nl.binary_cross_entropy(nl.sigmoid(Z), Y), rel=1e-13
    )


@pytest.mark.parametrize("z", [40.0, 100.0, 1e4, 1e300])
def test_sigmoid_cross_entropy_is_exact_for_extreme_logits(z):
    # a confident wrong answer costs z + log(1 + e^-z); a confident right one log(1 + e^-z)
    Z, Y = np.array([[z, -z, z, -z]]), np.array([[0, 1, 1, 0]])
    wrong = z + np.log1p(np.exp(-z))
    assert nl.sigmoid_cross_entropy(Z, Y) == pytest.approx(2 * wrong / 4, rel=1e-15)
    assert np.isfinite(nl.binary_cross_entropy(nl.sigmoid(Z), Y))  # floored, not exact


def test_sigmoid_cross_entropy_of_a_tiny_loss_keeps_its_digits():
    # log(1 + e^-40) = e^-40 to 1e-35: log1p keeps it, log(1 + x) would round it to 0
    J = nl.sigmoid_cross_entropy(np.array([[40.0]]), np.array([[1.0]]))
    assert J == pytest.approx(np.exp(-40), rel=1e-15)


def test_sigmoid_cross_entropy_backward_matches_central_differences():
    rng = np.random.default_rng(1)
    Z, Y = rng.standard_normal((2, 4)), rng.integers(0, 2, (2, 4)).astype(float)
    central = nl.numerical_gradient(lambda: nl.sigmoid_cross_entropy(Z, Y), Z)
    delta = nl.sigmoid_cross_entropy_backward(nl.sigmoid(Z), Y)
    np.testing.assert_allclose(delta, central, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize(
    ("fn", "A", "Y", "message"),
    [
        (nl.binary_cross_entropy, [[0.5, 2.0]], [[1, 0]], r"\[0, 1\].*sigmoid_cross_entropy"),
        (nl.binary_cross_entropy, [[0.5, 0.5]], [[1, 2]], "binary labels 0 or 1"),
        (nl.sigmoid_cross_entropy, [[0.5, 0.5]], [1, 0], r"row of shape \(1, m\)"),
        (nl.sigmoid_cross_entropy_backward, [[0.5, 0.5]], [[1], [0]], "same number"),
    ],
)
def test_binary_losses_check_their_input(fn, A, Y, message):
    with pytest.raises(ValueError, match=message):
        fn(A, Y)


# --- logits near the largest float: max z - z_k itself overflows ------------------------------

NEAR_MAX = {
    # name: (the logits of one column, its one-hot label, the true loss, as a multiple of max)
    "the true class at +max": ([[-1.0], [1.0]], [[0.0], [1.0]], 0.0),
    "the true class at -max": ([[1.0], [-1.0]], [[1.0], [0.0]], 0.0),
    "two columns, one wrong by 2 max / 2": ([[0.5, 0.0], [-0.5, 0.0]], [[0, 1], [1, 0]], 0.5),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("case", NEAR_MAX)
def test_softmax_cross_entropy_near_the_largest_float(case, dtype):
    scale, Y, multiple = NEAR_MAX[case]
    big = np.finfo(dtype).max * 0.9
    ZL = (np.array(scale) * big).astype(dtype)  # e.g. [[-1e308], [1e308]]
    J = nl.softmax_cross_entropy(ZL, np.array(Y, dtype=dtype))
    assert np.isfinite(J)
    # the gap of column 0 in the last case is 0.9 max; averaged over m = 2 it is 0.45 max
    expected = multiple * 0.9 * float(np.finfo(dtype).max) + (np.log(2) / 2 if multiple else 0)
    assert J == pytest.approx(expected, rel=1e-6, abs=1e-12)


def test_softmax_cross_entropy_beyond_the_largest_float_is_an_error():
    # the true class 2e308 below the other: J = 2e308 is not a float64
    with pytest.raises(ValueError, match="cross-entropy of these logits ZL is larger than"):
        nl.softmax_cross_entropy(np.array([[1e308], [-1e308]]), np.array([[0.0], [1.0]]))


def test_softmax_cross_entropy_agrees_with_the_log_softmax_route_at_ordinary_logits():
    rng = np.random.default_rng(3)
    ZL, Y = 5 * rng.standard_normal((4, 7)), nl.one_hot(rng.integers(0, 4, 7), 4)
    by_log_softmax = -np.sum(Y * nl.log_softmax(ZL)) / 7
    assert nl.softmax_cross_entropy(ZL, Y) == pytest.approx(by_log_softmax, rel=1e-14)


@pytest.mark.parametrize(
    "loss", [nl.cross_entropy, nl.softmax_cross_entropy, nl.softmax_cross_entropy_backward]
)
def test_a_row_of_binary_labels_given_to_a_softmax_loss_gets_the_binary_hint(loss):
    with pytest.raises(ValueError, match=r'one_hot\(labels, 2\).*output="sigmoid"'):
        loss(np.array([[0.2, 0.9]]), np.array([[0.0, 1.0]]))
