"""Central differences and relative errors: the numerical side of every gradient check."""

import numpy as np
import pytest

import netlib as nl


def test_numerical_gradient_of_a_cubic():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = nl.numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    assert grad.shape == x.shape


def test_numerical_gradient_restores_x_exactly():
    x = np.array([0.1, 0.7, -0.3])
    saved = x.copy()
    nl.numerical_gradient(lambda: float(np.sum(np.sin(x))), x)
    np.testing.assert_array_equal(x, saved)


def test_numerical_gradient_refuses_what_it_cannot_perturb():
    with pytest.raises(TypeError, match="float numpy array"):
        nl.numerical_gradient(lambda: 0.0, np.array([1, 2]))
    with pytest.raises(TypeError, match="float numpy array"):
        nl.numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(ValueError, match="epsilon"):
        nl.numerical_gradient(lambda: 0.0, np.array([1.0]), epsilon=0)


def test_relative_error_by_hand():
    assert nl.relative_error([3.0, 4.0], [0.0, 0.0]) == 1.0  # 5 / (5 + 0)
    assert nl.relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    assert nl.relative_error([[2.0]], [[1.0]]) == pytest.approx(1 / 3)
    assert nl.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert nl.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0


def test_relative_error_refuses_different_shapes():
    with pytest.raises(ValueError, match=r"same shape.*\(2,\).*\(3,\)"):
        nl.relative_error([1.0, 2.0], [1.0, 2.0, 3.0])


def test_relative_error_of_numerical_gradient_accepts_right_and_rejects_wrong():
    x = np.array([1.0, -2.0, 0.5])

    def f():
        return float(np.sum(x**2))

    assert nl.relative_error(2 * x, nl.numerical_gradient(f, x)) < 1e-9
    # analytic 3x against the true 2x: ||x|| / (3||x|| + 2||x||) = 1/5
    assert nl.relative_error(3 * x, nl.numerical_gradient(f, x)) == pytest.approx(0.2, rel=1e-6)


def small_problem(output="softmax"):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 5))
    if output == "softmax":
        Y = nl.one_hot([0, 1, 2, 1, 0], 3)
    else:
        Y = rng.standard_normal((3, 5))
    return X, Y


@pytest.mark.parametrize("output", ["softmax", "identity"])
def test_gradient_check_passes_for_the_network(output):
    net = nl.MLP([3, 4, 3], hidden="tanh", output=output, seed=0)
    X, Y = small_problem(output)
    errors = nl.gradient_check(net, X, Y)
    assert set(errors) == {"W1", "b1", "W2", "b2"}
    assert max(errors.values()) < 1e-7


def test_gradient_check_catches_a_wrong_gradient():
    net = nl.MLP([3, 4, 3], hidden="tanh", seed=0)
    X, Y = small_problem()
    real_backward = net.backward

    def off_by_one_percent(*args, **kwargs):
        grads = real_backward(*args, **kwargs)
        grads["dW2"] = grads["dW2"] * 1.01
        return grads

    net.backward = off_by_one_percent
    errors = nl.gradient_check(net, X, Y)
    assert errors["W2"] == pytest.approx(0.01 / 2.01, rel=1e-4)
    assert errors["W1"] < 1e-7


def test_gradient_check_of_chosen_parameters_only():
    net = nl.MLP([3, 4, 3], seed=0)
    X, Y = small_problem()
    assert set(nl.gradient_check(net, X, Y, names=["b2", "W1"])) == {"b2", "W1"}
    with pytest.raises(ValueError, match="W9 is not a parameter"):
        nl.gradient_check(net, X, Y, names=["W9"])


def test_gradient_check_leaves_the_parameters_unchanged():
    net = nl.MLP([3, 4, 3], hidden="sigmoid", seed=0)
    saved = {k: v.copy() for k, v in net.params.items()}
    nl.gradient_check(net, *small_problem())
    for name, P in saved.items():
        np.testing.assert_array_equal(net.params[name], P)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])

    def f():
        if x[1] != 2.0:
            raise RuntimeError("f failed at a perturbed point")
        return float(x.sum())

    with pytest.raises(RuntimeError):
        nl.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


def learner_backward(net, X, Y, mistake=None):
    """A learner's own backward pass for one hidden tanh layer, optionally with a mistake."""
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    A2 = nl.softmax(W2 @ A1 + b2)
    dZ2 = (A2 - Y) / m
    dZ1 = (W2.T @ dZ2) * (1 - A1**2)
    grads = {"dW2": dZ2 @ A1.T, "db2": dZ2.sum(axis=1, keepdims=True)}
    grads |= {"dW1": dZ1 @ X.T, "db1": dZ1.sum(axis=1, keepdims=True)}
    if mistake == "no sum over examples":
        grads["db1"] = dZ1[:, :1]
    return grads


def test_gradient_check_of_a_learners_own_gradients():
    net = nl.MLP([3, 4, 3], hidden="tanh", seed=0)
    X, Y = small_problem()
    errors = nl.gradient_check(net, X, Y, grads=learner_backward(net, X, Y))
    assert max(errors.values()) < 1e-7


def test_gradient_check_catches_a_wrong_learner_gradient():
    net = nl.MLP([3, 4, 3], hidden="tanh", seed=0)
    X, Y = small_problem()
    errors = nl.gradient_check(net, X, Y, grads=learner_backward(net, X, Y, "no sum over examples"))
    assert errors["b1"] > 1e-2
    assert max(errors["W1"], errors["W2"], errors["b2"]) < 1e-7


def test_gradient_check_names_a_missing_or_misshaped_learner_gradient():
    net = nl.MLP([3, 4, 3], seed=0)
    X, Y = small_problem()
    grads = learner_backward(nl.MLP([3, 4, 3], hidden="tanh", seed=0), X, Y)
    with pytest.raises(ValueError, match=r"grads has no db2.*db2 like b2: \(3, 1\)"):
        nl.gradient_check(net, X, Y, grads={k: v for k, v in grads.items() if k != "db2"})
    with pytest.raises(ValueError, match=r"dW1 must have shape like W1 = \(4, 3\), got \(3, 4\)"):
        nl.gradient_check(net, X, Y, grads={**grads, "dW1": grads["dW1"].T})
    with pytest.raises(TypeError, match="grads must be a dict of gradients"):
        nl.gradient_check(net, X, Y, grads=[grads])
    # only the parameters asked for need a gradient
    assert set(nl.gradient_check(net, X, Y, grads={"dW1": grads["dW1"]}, names=["W1"])) == {"W1"}


def test_gradient_check_evaluates_the_unchecked_loss(monkeypatch):
    net = nl.MLP([3, 4, 3], seed=0)
    X, Y = small_problem()

    def refuse(*args, **kwargs):
        raise AssertionError("the checked loss was called")

    monkeypatch.setattr(net, "loss", refuse)
    assert max(nl.gradient_check(net, X, Y).values()) < 1e-7


def test_numerical_jacobian_of_a_linear_map_is_its_matrix_in_every_entry():
    # Z = W A: dz_kj / da_qr = w_kq [j = r], a Jacobian known exactly.
    rng = np.random.default_rng(0)
    W = rng.standard_normal((3, 4))
    A = rng.standard_normal((4, 2))
    J = nl.numerical_jacobian(lambda A_: W @ A_, A)
    assert J.shape == (3, 2, 4, 2)
    np.testing.assert_allclose(J, np.einsum("kq,jr->kjqr", W, np.eye(2)), atol=1e-8)


def test_numerical_jacobian_of_the_softmax_of_one_column():
    z = np.array([0.5, -1.0, 2.0])
    a = nl.softmax(z[:, None])[:, 0]
    J = nl.numerical_jacobian(lambda z_: nl.softmax(z_[:, None])[:, 0], z)
    np.testing.assert_allclose(J, np.diag(a) - np.outer(a, a), atol=1e-9)


def test_numerical_jacobian_copies_a_value_that_is_a_view_of_x():
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(nl.numerical_jacobian(lambda x_: x_[::-1], x), [[0, 1], [1, 0]])


def test_numerical_jacobian_restores_x_exactly_even_when_f_raises():
    x = np.array([0.1, 0.7, 1.3])
    saved = x.copy()
    nl.numerical_jacobian(lambda x_: np.sin(x_), x)
    np.testing.assert_array_equal(x, saved)

    def f(x_):
        if x_[2] != saved[2]:
            raise RuntimeError("f failed at a perturbed point")
        return x_ * 2

    with pytest.raises(RuntimeError):
        nl.numerical_jacobian(f, x)
    np.testing.assert_array_equal(x, saved)


def test_numerical_jacobian_refuses_an_array_it_cannot_perturb():
    with pytest.raises(TypeError, match="float numpy array"):
        nl.numerical_jacobian(lambda x_: x_, np.array([1, 2]))
    with pytest.raises(ValueError, match="epsilon"):
        nl.numerical_jacobian(lambda x_: x_, np.array([1.0]), epsilon=0.0)


def test_entrywise_relative_error_by_hand():
    # entries: |1 - 1.1| / 1.1, |2 - 2| / 2, both zero -> 0
    assert nl.entrywise_relative_error([1.0, 2.0, 0.0], [1.1, 2.0, 0.0]) == pytest.approx(1 / 11)
    assert nl.entrywise_relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
    assert nl.entrywise_relative_error([3.0], [0.0]) == 1.0  # one of the two zero: 3 / 3
    assert nl.entrywise_relative_error([[1.0, -1.0]], [[1.0, 1.0]]) == 2.0  # opposite signs


def test_entrywise_relative_error_floor_scores_tiny_entries_by_their_difference():
    a, b = np.array([1e-12, 1.0]), np.array([3e-12, 1.0])
    assert nl.entrywise_relative_error(a, b) == pytest.approx(2 / 3)  # round-off scores 2/3
    assert nl.entrywise_relative_error(a, b, floor=1e-4) == pytest.approx(2e-8)
    with pytest.raises(ValueError, match="floor"):
        nl.entrywise_relative_error(a, b, floor=-1.0)
    with pytest.raises(ValueError, match=r"same shape"):
        nl.entrywise_relative_error([1.0], [1.0, 2.0])


def test_one_wrong_entry_hides_in_the_matrix_measure_but_not_in_the_worst_entry():
    right = np.ones((10, 10))
    wrong = right.copy()
    wrong[3, 4] = 1.02  # one entry 2% off among 100
    assert nl.relative_error(wrong, right) < 1e-3
    assert nl.entrywise_relative_error(wrong, right) == pytest.approx(0.02 / 1.02)


def test_gradient_check_reports_the_worst_entry_beside_the_matrix_measure():
    net = nl.MLP([3, 4, 3], hidden="tanh", seed=0)
    X, Y = small_problem()
    grads = learner_backward(net, X, Y)
    grads["dW1"] = grads["dW1"].copy()
    grads["dW1"][2, 1] *= 1.5  # one entry wrong by half its size
    report = nl.gradient_check(net, X, Y, grads=grads)
    assert isinstance(report, dict) and isinstance(report, nl.GradientCheck)
    assert set(report.worst_entry) == set(report) == set(report.worst_index)
    assert report.worst_index["W1"] == (2, 1)
    assert report.worst_entry["W1"] == pytest.approx(0.5 / 1.5, rel=1e-6)
    assert report.worst_entry["W1"] > report["W1"]
    assert max(report.worst_entry[k] for k in ("b1", "W2", "b2")) < 1e-7
    J = net.loss(net.forward(X)[0], Y)
    expected_floor = np.finfo(np.float64).eps / 2 * J / (1e-6 * 1e-7)
    assert report.floor == pytest.approx(expected_floor)
    lines = report.table().splitlines()
    assert len(lines) == 5 and lines[1].startswith("W1") and "(2, 1)" in lines[1]


def test_the_matrix_measure_never_exceeds_the_worst_entry():
    # |a_i - b_i| <= e (|a_i| + |b_i|) for every entry gives ||a - b|| <= e (||a|| + ||b||)
    rng = np.random.default_rng(0)
    for _ in range(200):
        a = rng.standard_normal((3, 4)) * 10.0 ** rng.uniform(-6, 2, (3, 4))
        b = a * (1 + rng.standard_normal((3, 4)) * 10.0 ** rng.uniform(-9, 0))
        assert nl.relative_error(a, b) <= nl.entrywise_relative_error(a, b) * (1 + 1e-12)


# --- every argument checked ---------------------------------------------------------------


def read_only(x):
    x = np.array(x)
    x.flags.writeable = False
    return x


def small_net():
    return nl.MLP([2, 3, 2], seed=0)


XY = (np.ones((2, 3)), nl.one_hot([0, 1, 0], 2))

BAD_ARGUMENTS = {
    "f not callable": (
        lambda: nl.numerical_gradient(3, np.ones(2)),
        TypeError,
        "f must be a function of no argument that returns J, got int",
    ),
    "f returns an array": (
        lambda: nl.numerical_gradient(lambda: np.ones(2), np.ones(2)),
        TypeError,
        r"f must return one real number J, got ndarray of shape \(2,\)",
    ),
    "f returns None": (
        lambda: nl.numerical_gradient(lambda: None, np.ones(2)),
        TypeError,
        "f must return one real number J, got NoneType",
    ),
    "f returns complex": (
        lambda: nl.numerical_gradient(lambda: 1j, np.ones(2)),
        TypeError,
        "got complex",
    ),
    "f returns NaN": (
        lambda: nl.numerical_gradient(lambda: np.nan, np.ones(2)),
        ValueError,
        "f returned nan: J must be a finite number",
    ),
    "f whose differences overflow": (
        lambda: nl.numerical_gradient(lambda: 1e308 * float(np.sign(x[0])), x := np.zeros(1)),
        ValueError,
        "the central differences overflow",
    ),
    "read-only x": (
        lambda: nl.numerical_gradient(lambda: 0.0, read_only([1.0, 2.0])),
        ValueError,
        "x is read-only",
    ),
    "float16 x": (
        lambda: nl.numerical_gradient(lambda: 0.0, np.ones(2, np.float16)),
        TypeError,
        "x must be float32 or float64, got float16",
    ),
    "x with NaN": (
        lambda: nl.numerical_gradient(lambda: 0.0, np.array([np.nan])),
        ValueError,
        "x contains 1 NaN",
    ),
    "masked x": (
        lambda: nl.numerical_gradient(lambda: 0.0, np.ma.array([1.0, 2.0], mask=[1, 0])),
        ValueError,
        "x is a masked array with 1 masked entries",
    ),
    "jacobian of a function returning text": (
        lambda: nl.numerical_jacobian(lambda x: "abc", np.ones(2)),
        TypeError,
        r"f\(x\) must hold real numbers",
    ),
    "jacobian of a function returning None": (
        lambda: nl.numerical_jacobian(lambda x: None, np.ones(2)),
        TypeError,
        r"f\(x\) must hold real numbers, got dtype object",
    ),
    "jacobian of a function changing shape": (
        lambda: nl.numerical_jacobian(lambda x: np.zeros(int(x[0] > 1) + 1), np.ones(2)),
        ValueError,
        r"f\(x\) changed shape",
    ),
    "jacobian of 10^10 entries": (
        lambda: nl.numerical_jacobian(lambda x: np.zeros(10**5), np.zeros(10**5)),
        ValueError,
        "would have 10000000000 entries",
    ),
    "relative error of complex numbers": (
        lambda: nl.relative_error([1j], [1.0]),
        TypeError,
        "a must hold real numbers, got dtype complex128",
    ),
    "relative error of None": (
        lambda: nl.relative_error(None, [1.0]),
        TypeError,
        "a must be an array of numbers, got None",
    ),
    "relative error with NaN": (
        lambda: nl.relative_error([1.0], [np.nan]),
        ValueError,
        "b contains 1 NaN",
    ),
    "relative error of text": (
        lambda: nl.relative_error("ab", [1.0]),
        TypeError,
        "a must hold real numbers",
    ),
    "gradient_check of something that is not an MLP": (
        lambda: nl.gradient_check("net", *XY),
        TypeError,
        "net must be a netlib.MLP, got str",
    ),
    "gradient_check of names given as one string": (
        lambda: nl.gradient_check(small_net(), *XY, names="W1"),
        TypeError,
        r"names must be a list of parameter names such as \['W1', 'b1'\], got 'W1'",
    ),
    "gradient_check of names that are not iterable": (
        lambda: nl.gradient_check(small_net(), *XY, names=3),
        TypeError,
        "names must be a list",
    ),
    "gradient_check with epsilon 0": (
        lambda: nl.gradient_check(small_net(), *XY, epsilon=0),
        ValueError,
        "epsilon must be a finite number > 0",
    ),
}


@pytest.mark.parametrize("case", BAD_ARGUMENTS)
def test_a_bad_argument_is_named(case):
    call, error, message = BAD_ARGUMENTS[case]
    with pytest.raises(error, match=message):
        call()


def test_relative_error_of_huge_and_tiny_numbers_is_the_ratio():
    # ||a - b|| / (||a|| + ||b||) = 2 / 2 for b = -a, at any scale
    assert nl.relative_error([1e200], [-1e200]) == 1.0
    assert nl.relative_error([1e-200], [-1e-200]) == 1.0
    assert nl.relative_error([3e200, 4e200], [0.0, 0.0]) == pytest.approx(1.0)
    assert nl.relative_error([2e-300], [1e-300]) == pytest.approx(1 / 3)


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix, on purpose
def test_numerical_gradient_of_an_np_matrix_perturbs_it():
    x = np.asmatrix([[1.0, 2.0]])
    grad = nl.numerical_gradient(lambda: float(np.sum(np.asarray(x) ** 2)), x)
    assert type(grad) is np.ndarray
    np.testing.assert_allclose(grad, [[2.0, 4.0]], rtol=1e-6)
