"""One seed, one result: initialisation, gradients and training are bit-for-bit reproducible."""

import numpy as np

import netlib as nl

SIZES = [4, 6, 5, 3]


def problem(m=40):
    rng = np.random.default_rng(0)
    return rng.standard_normal((4, m)), nl.one_hot(rng.integers(0, 3, m), 3)


def assert_same_arrays(a, b):
    assert set(a) == set(b)
    for name in a:
        assert np.array_equal(a[name], b[name]), name


def test_same_seed_same_parameters():
    assert_same_arrays(nl.MLP(SIZES, seed=3).params, nl.MLP(SIZES, seed=3).params)


def test_different_seeds_different_parameters():
    a, b = nl.MLP(SIZES, seed=3).params, nl.MLP(SIZES, seed=4).params
    for name in ("W1", "W2", "W3"):
        assert not np.array_equal(a[name], b[name])


def test_same_seed_same_gradients():
    X, Y = problem()
    grads = []
    for _ in range(2):
        net = nl.MLP(SIZES, hidden=["tanh", "relu"], seed=5)
        grads.append(net.backward(Y, net.forward(X)[1]))
    assert_same_arrays(*grads)


def test_same_seeds_same_training():
    X, Y = problem()
    runs = []
    for _ in range(2):
        net = nl.MLP(SIZES, seed=6)
        history = net.fit(
            X,
            Y,
            epochs=5,
            learning_rate=0.3,
            batch_size=16,
            seed=7,
            validation=(X, Y),
            progress=False,
        )
        runs.append((net, history))
    (net_a, history_a), (net_b, history_b) = runs
    assert history_a.loss == history_b.loss
    assert history_a.accuracy == history_b.accuracy
    assert history_a.val_loss == history_b.val_loss
    assert_same_arrays(net_a.params, net_b.params)


def test_shuffle_seed_changes_training():
    X, Y = problem()
    histories = [
        nl.MLP(SIZES, seed=6).fit(
            X, Y, epochs=3, learning_rate=0.3, batch_size=16, seed=s, progress=False
        )
        for s in (7, 8)
    ]
    assert histories[0].loss != histories[1].loss


def test_float32_and_float64_agree_at_init_to_float32_rounding():
    net32 = nl.MLP(SIZES, seed=9, dtype=np.float32)
    net64 = nl.MLP(SIZES, seed=9, dtype=np.float64)
    for name, P in net64.params.items():
        assert net32.params[name].dtype == np.float32
        assert np.array_equal(net32.params[name], P.astype(np.float32)), name
