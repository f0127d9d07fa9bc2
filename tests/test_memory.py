"""A training step keeps nothing: memory stays flat however many steps run.

tracemalloc sees numpy's array buffers as well as Python objects, so a step that left an
array (or a growing list) behind would show up as growth between two measurements.
"""

import tracemalloc

import numpy as np
import pytest

import netlib as nl

KIB = 1024


def batch(n_x, n_y, m, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_x, m)), nl.one_hot(rng.integers(0, n_y, m), n_y)


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
