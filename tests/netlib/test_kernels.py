"""netlib.kernels: the equations of a whole pass, right for random architectures, not only the
book's network; against an independent autodiff library; train_step as the separate steps;
memory that stays flat.

Property tests: MLP.backward is right for random architectures.

Each example draws L in 1..5, widths in 1..8, m in 1..17, a hidden activation per layer from
relu/sigmoid/tanh/identity and a softmax or identity output. Two independent references:

- central differences (``netlib.gradient_check``), relative error < 1e-6 in float64;
- an explicit loop over the examples written here, one column at a time with explicit Jacobian
  matrices, summing the per-example gradients and dividing by m, to ~1e-12.

Central differences are a valid reference only where two conditions hold, and the draws are
kept there rather than loosening the bound:

- the loss is smooth: each example redraws its inputs and (nonzero) biases from its own seed
  until no pre-activation of a ReLU layer lies within ``KINK_MARGIN`` of 0, so a perturbation of
  eps = 1e-6 cannot cross the kink;
- the gradient is above the round-off floor of the difference quotient, about
  1e-16 |J| / eps = 1e-10 |J| per entry: a parameter whose gradient is nonzero but smaller than
  ``GRADIENT_FLOOR`` (a vanishing gradient through a width-1 layer or a saturated sigmoid) cannot
  be checked to 1e-6 by any central difference, so such a draw is rejected (about 2% of them).
  A gradient that is exactly zero stays in: there a nonzero numerical gradient is a real error.
"""

import tracemalloc

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import netlib as nl

HIDDEN = ["relu", "sigmoid", "tanh", "identity"]
KINK_MARGIN = 1e-3
GRADIENT_FLOOR = 1e-3
REDRAWS = 50

SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def problems(draw):
    """A float64 network with random nonzero biases, and (X, Y) kept away from ReLU kinks."""
    L = draw(st.integers(1, 5), label="L")
    sizes = draw(st.lists(st.integers(1, 8), min_size=L + 1, max_size=L + 1), label="sizes")
    hidden = draw(st.lists(st.sampled_from(HIDDEN), min_size=L - 1, max_size=L - 1))
    output = draw(st.sampled_from(["softmax", "sigmoid", "identity"]), label="output")
    if output == "softmax":  # a softmax over one unit is refused: it is the constant 1
        sizes[-1] = max(sizes[-1], 2)
    m = draw(st.integers(1, 17), label="m")
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    net = nl.MLP(sizes, hidden=hidden, output=output, seed=seed)
    rng = np.random.default_rng(seed)
    for _ in range(REDRAWS):
        for l in range(1, L + 1):
            b = rng.uniform(0.1, 1.0, (sizes[l], 1)) * rng.choice([-1.0, 1.0], (sizes[l], 1))
            net.params[f"b{l}"] = b
        X = rng.standard_normal((sizes[0], m))
        if output == "softmax":
            Y = nl.one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
        elif output == "sigmoid":
            Y = rng.integers(0, 2, (sizes[-1], m)).astype(float)
        else:
            Y = rng.standard_normal((sizes[-1], m))
        if away_from_kinks(net, X):
            return net, X, Y
    assume(False)  # practically never reached: every redraw fails with probability < 1/2


def away_from_kinks(net, X):
    _, cache = net.forward(X)
    return all(
        np.abs(cache[f"Z{l}"]).min() >= KINK_MARGIN
        for l, g in enumerate(net.hidden, start=1)
        if g == "relu"
    )


def central_differences_resolve(net, X, Y):
    """False if some parameter's gradient is nonzero but below ``GRADIENT_FLOOR``."""
    grads = net.backward(Y, net.forward(X)[1])
    norms = [np.linalg.norm(grads["d" + name]) for name in net.params]
    return all(norm == 0 or norm >= GRADIENT_FLOOR for norm in norms)


@settings(SETTINGS, max_examples=150)
@given(problems())
def test_backward_agrees_with_central_differences(problem):
    net, X, Y = problem
    assume(central_differences_resolve(net, X, Y))
    errors = nl.gradient_check(net, X, Y)
    assert set(errors) == set(net.params)
    assert max(errors.values()) < 1e-6, errors


# --- an independent reference: one example at a time, explicit Jacobians --------------------

G = {
    "relu": lambda z: np.where(z > 0, z, 0.0),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "identity": lambda z: z,
}
G_PRIME = {
    "relu": lambda z: (z > 0).astype(float),
    "sigmoid": lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
    "tanh": lambda z: 1 / np.cosh(z) ** 2,
    "identity": np.ones_like,
}


def per_example_gradients(net, x, y):
    """Gradients of the loss of one example (no 1/m) for column vectors x, y, by the chain rule.

    The output's dL/dz is written as the Jacobian of a = g(z) transposed, applied to dL/da:
    for softmax dL/da = -y / a and J = diag(a) - a a^T; for identity dL/da = a - y and J = I.
    """
    L = net.L
    activations = [*net.hidden, net.output]
    a, zs, as_ = x, [], [x]
    for l in range(1, L + 1):
        z = net.params[f"W{l}"] @ a + net.params[f"b{l}"]
        if activations[l - 1] == "softmax":
            e = np.exp(z - z.max())
            a = e / e.sum()
        else:
            a = G[activations[l - 1]](z)
        zs.append(z)
        as_.append(a)
    a_L = as_[L]
    if net.output == "softmax":
        jacobian = np.diag(a_L[:, 0]) - a_L @ a_L.T
        dz = jacobian.T @ (-y / a_L)
    elif net.output == "sigmoid":  # binary cross-entropy through the diagonal Jacobian
        dz = np.diag((a_L * (1 - a_L))[:, 0]).T @ -(y / a_L - (1 - y) / (1 - a_L))
    else:
        dz = np.eye(len(a_L)).T @ (a_L - y)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dZ{l}"] = dz
        grads[f"dW{l}"] = dz @ as_[l - 1].T
        grads[f"db{l}"] = dz.copy()
        da = net.params[f"W{l}"].T @ dz
        grads[f"dA{l - 1}"] = da
        if l > 1:
            jacobian = np.diag(G_PRIME[activations[l - 2]](zs[l - 2])[:, 0])
            dz = jacobian.T @ da
    return grads


@settings(SETTINGS, max_examples=60)
@given(problems())
def test_backward_agrees_with_a_loop_over_examples(problem):
    net, X, Y = problem
    m = X.shape[1]
    grads = net.backward(Y, net.forward(X)[1])
    columns = [per_example_gradients(net, X[:, [i]], Y[:, [i]]) for i in range(m)]
    for l in range(1, net.L + 1):
        for name in (f"dW{l}", f"db{l}"):
            summed = sum(c[name] for c in columns) / m
            np.testing.assert_allclose(grads[name], summed, rtol=1e-11, atol=1e-12, err_msg=name)
    for name in [f"dZ{l}" for l in range(1, net.L + 1)] + [f"dA{l}" for l in range(net.L)]:
        stacked = np.hstack([c[name] for c in columns]) / m  # column i: example i's share
        np.testing.assert_allclose(grads[name], stacked, rtol=1e-11, atol=1e-12, err_msg=name)


# ------------------------------------------------------------------------------------------
# An independent autodiff library agrees with MLP.backward to 1e-10 on random architectures.
#
# The loss is written again here in ``autograd.numpy`` (HIPS autograd: reverse-mode automatic
# differentiation of numpy code, sharing nothing with netlib) and differentiated with respect to
# every parameter; the architectures are the property tests' draws (L in 1..5, widths 1..8,
# m in 1..17, every hidden activation, softmax, sigmoid or identity output), away from ReLU
# kinks, where the derivative is unique.

G_AUTOGRAD = {
    "relu": lambda z: anp.maximum(z, 0.0),
    "sigmoid": lambda z: 1 / (1 + anp.exp(-z)),
    "tanh": anp.tanh,
    "identity": lambda z: z,
}


def loss(params, X, Y, hidden, output):
    """J of the network ``params`` on ``X: (n_x, m)``, ``Y: (n_y, m)``, in autograd's numpy."""
    L = len(params) // 2
    A = X
    for l in range(1, L + 1):
        Z = anp.dot(params[f"W{l}"], A) + params[f"b{l}"]
        A = G_AUTOGRAD[hidden[l - 1]](Z) if l < L else Z
    m = X.shape[1]
    if output == "identity":
        return anp.sum((A - Y) ** 2) / (2 * m)
    if output == "sigmoid":  # binary cross-entropy from the logits: softplus(z) - y z
        return anp.sum(anp.logaddexp(0.0, A) - Y * A) / m
    shifted = A - anp.max(A, axis=0, keepdims=True)  # log-softmax of the logits A = Z^[L]
    log_softmax = shifted - anp.log(anp.sum(anp.exp(shifted), axis=0, keepdims=True))
    return -anp.sum(Y * log_softmax) / m


@settings(SETTINGS, max_examples=100)
@given(problems())
def test_backward_agrees_with_autograd(problem):
    net, X, Y = problem
    expected = grad(loss)(dict(net.params), X, Y, net.hidden, net.output)
    grads = net.backward(Y, net.forward(X)[1])
    errors = {name: nl.relative_error(grads["d" + name], expected[name]) for name in net.params}
    assert max(errors.values()) < 1e-10, errors


def test_the_autograd_loss_is_netlibs_loss():
    # The reference differentiates the same function: its value is netlib's J.
    rng = np.random.default_rng(0)
    for output in ("softmax", "identity"):
        net = nl.MLP([4, 6, 5, 3], hidden=["tanh", "relu"], output=output, seed=1)
        X = rng.standard_normal((4, 7))
        Y = nl.one_hot(rng.integers(0, 3, 7), 3) if output == "softmax" else rng.random((3, 7))
        AL, _ = net.forward(X)
        np.testing.assert_allclose(
            loss(net.params, X, Y, net.hidden, output), net.loss(AL, Y), rtol=1e-13
        )


# ------------------------------------------------------------------------------------------
# MLP.train_step: forward, every gradient, then the update, exactly as the separate steps.


def batch(n_x=5, n_y=3, m=7, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_x, m)), nl.one_hot(rng.integers(0, n_y, m), n_y)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_train_step_equals_forward_backward_step(dtype):
    X, Y = batch()
    X, Y = X.astype(dtype), Y.astype(dtype)
    by_hand = nl.MLP([5, 4, 6, 3], seed=1, dtype=dtype)
    one_call = nl.MLP([5, 4, 6, 3], seed=1, dtype=dtype)

    AL, cache = by_hand.forward(X)
    J_by_hand = by_hand.loss(AL, Y)
    by_hand.step(by_hand.backward(Y, cache), 0.3)
    J = one_call.train_step(X, Y, 0.3)

    assert isinstance(J, float) and J == J_by_hand  # the loss before the update
    for name, P in one_call.params.items():
        assert P.dtype == dtype
        np.testing.assert_array_equal(P, by_hand.params[name])


def test_fit_with_one_full_batch_is_train_step():
    X, Y = batch(m=16, seed=2)
    stepped = nl.MLP([5, 4, 3], seed=3)
    fitted = nl.MLP([5, 4, 3], seed=3)
    losses = [stepped.train_step(X, Y, 0.2) for _ in range(3)]
    # One minibatch of all 16 columns: the shuffle only permutes the columns.
    history = fitted.fit(X, Y, epochs=3, learning_rate=0.2, batch_size=16, progress=False)
    np.testing.assert_allclose(history.loss, losses, rtol=1e-12)
    for name, P in fitted.params.items():
        np.testing.assert_allclose(P, stepped.params[name], rtol=1e-12, atol=1e-15)


def test_train_step_checks_its_input():
    X, Y = batch()
    net = nl.MLP([5, 4, 3], seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match="X"):
        net.train_step(X.T, Y, 0.1)
    with pytest.raises(ValueError, match="one-hot"):
        net.train_step(X, 2 * Y, 0.1)
    with pytest.raises(ValueError, match="learning_rate"):
        net.train_step(X, Y, -0.1)
    for name, P in net.params.items():
        np.testing.assert_array_equal(P, before[name])  # a refused step moves nothing


# ------------------------------------------------------------------------------------------
# A training step keeps nothing: memory stays flat however many steps run.
#
# tracemalloc sees numpy's array buffers as well as Python objects, so a step that left an
# array (or a growing list) behind would show up as growth between two measurements.

KIB = 1024


def traced_growth(run_steps, warm_up=10, steps=200):
    """Bytes still held after ``steps`` more steps, and the peak seen meanwhile."""
    run_steps(warm_up)  # first calls fill lazy caches (ufunc loops, finfo, ...)
    tracemalloc.start()
    try:
        run_steps(warm_up)
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        run_steps(steps)
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return after - before, peak - before


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_train_step_memory_stays_flat_over_200_steps(dtype):
    X, Y = batch(64, 10, 128)
    X, Y = X.astype(dtype), Y.astype(dtype)
    net = nl.MLP([64, 32, 32, 10], seed=0, dtype=dtype)

    def run(k):
        for _ in range(k):
            net.train_step(X, Y, 0.01)

    growth, peak = traced_growth(run)
    one_activation = 32 * 128 * np.dtype(dtype).itemsize
    assert peak > 4 * one_activation  # the measure sees the step's arrays come and go
    assert growth < 4 * KIB  # ... and none of them stays


def test_fit_memory_stays_flat_over_200_minibatches():
    X, Y = batch(64, 10, 200 * 16, seed=1)
    net = nl.MLP([64, 32, 32, 10], seed=0)

    def run(k):  # one epoch of k minibatches of 16 columns
        net.fit(
            X[:, : 16 * k],
            Y[:, : 16 * k],
            epochs=1,
            learning_rate=0.01,
            batch_size=16,
            progress=False,
        )

    growth, _ = traced_growth(run)
    assert growth < 4 * KIB


def test_the_measure_catches_a_step_that_keeps_its_output():
    X, Y = batch(64, 10, 128)
    net = nl.MLP([64, 32, 32, 10], seed=0)
    kept = []

    def leaky(k):
        for _ in range(k):
            AL, cache = net.forward(X)
            kept.append(cache["A1"])

    growth, _ = traced_growth(leaky)
    assert growth >= 200 * 32 * 128 * 8


def test_softplus_is_log_one_plus_exp_without_overflow():
    from netlib import kernels

    Z = np.array([[-800.0, -30.0, 0.0, 1.5, 30.0, 800.0]])
    small = np.log1p(np.exp(-30.0))
    expected = [0.0, small, np.log(2), np.log1p(np.exp(1.5)), 30 + small, 800.0]
    np.testing.assert_allclose(kernels.softplus(Z), [expected], rtol=1e-15, atol=0)


def test_training_loss_is_from_the_logits_for_a_sigmoid_output_only():
    from netlib import kernels

    Z, Y = np.array([[50.0]]), np.array([[0.0]])
    cache = {"Z1": Z, "A1": kernels.sigmoid(Z)}
    assert kernels.training_loss(cache, Y, "sigmoid", 1) == 50.0
    assert kernels.training_loss(cache, Y, "identity", 1) == kernels.mse(cache["A1"], Y)
