"""Property tests: MLP.backward is right for random architectures, not only the book's network.

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

import numpy as np
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
    output = draw(st.sampled_from(["softmax", "identity"]), label="output")
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
