"""An independent autodiff library agrees with MLP.backward to 1e-10 on random architectures.

The loss is written again here in ``autograd.numpy`` (HIPS autograd: reverse-mode automatic
differentiation of numpy code, sharing nothing with netlib) and differentiated with respect to
every parameter; the architectures are the property tests' draws (L in 1..5, widths 1..8,
m in 1..17, every hidden activation, softmax or identity output), away from ReLU kinks, where
the derivative is unique.
"""

import autograd.numpy as anp
import numpy as np
from autograd import grad
from hypothesis import given, settings

import netlib as nl

from .netlib.test_kernels import SETTINGS, problems

G = {
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
        A = G[hidden[l - 1]](Z) if l < L else Z
    m = X.shape[1]
    if output == "identity":
        return anp.sum((A - Y) ** 2) / (2 * m)
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
