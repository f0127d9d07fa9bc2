"""MLP.train_step: forward, every gradient, then the update, exactly as the separate steps."""

import numpy as np
import pytest

import netlib as nl


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
