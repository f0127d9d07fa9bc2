"""Bad input gets the right error type and a message naming the symbol and the shapes.

Nothing is silently broadcast: a b of shape (1, n) or (n,), or a Y of shape (1, m), raises.
"""

import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netlib as nl

from . import hostile_inputs as hostile

N_X, N_1, N_Y, M = 4, 5, 3, 10


def says(*parts):
    """A regex matching the given literal fragments in order."""
    return ".*".join(re.escape(p) for p in parts)


def net(**kwargs):
    return nl.MLP([N_X, N_1, N_Y], seed=0, **kwargs)


def X():
    return np.random.default_rng(0).standard_normal((N_X, M))


def Y():
    return nl.one_hot(np.arange(M) % N_Y, N_Y)


def A():
    return np.full((N_Y, M), 1 / N_Y)


def net_with_seed(seed):
    return nl.MLP([N_X, N_1, N_Y], seed=seed)


def cache():
    return net().forward(X())[1]


def with_entry(array, index, value):
    array = array.copy()
    array[index] = value
    return array


def with_param(name, value):
    network = net()
    network.params[name] = value
    return network


def without(d, key):
    d = dict(d)
    del d[key]
    return d


def grads():
    network = net()
    return network.backward(Y(), network.forward(X())[1])


CASES = {
    # --- wrong shapes --------------------------------------------------------------------
    "W wrong shape": (
        lambda: with_param("W1", np.zeros((N_1, N_X + 1))).forward(X()),
        ValueError,
        says("W1 must have shape (n^[1], n^[0]) = (5, 4), got (5, 5)"),
    ),
    "W given transposed": (
        lambda: with_param("W1", np.zeros((N_X, N_1))).forward(X()),
        ValueError,
        says("W1 must have shape", "(5, 4), got (4, 5)", "transposed"),
    ),
    "W 1-D": (
        lambda: with_param("W2", np.zeros(N_Y * N_1)).forward(X()),
        ValueError,
        says("W2 must have shape", "(3, 5), got (15,)"),
    ),
    "b wrong shape": (
        lambda: nl.linear_forward(np.zeros((2, M)), np.zeros((3, 2)), np.zeros((3, 2))),
        ValueError,
        says("b must have shape (n^[l], 1) = (3, 1), got (3, 2)"),
    ),
    "A_prev wrong rows": (
        lambda: nl.linear_forward(np.zeros((3, M)), np.zeros((3, 2)), np.zeros((3, 1))),
        ValueError,
        says("A_prev must have shape (n^[l-1], m) = (2, ?), got (3, 10)"),
    ),
    "A_prev given transposed": (
        lambda: nl.linear_forward(np.zeros((M, 2)), np.zeros((3, 2)), np.zeros((3, 1))),
        ValueError,
        says("A_prev must have shape", "(2, ?), got (10, 2)", "examples must be columns"),
    ),
    "dZ wrong shape": (
        lambda: nl.linear_backward(np.zeros((3, M + 1)), np.zeros((2, M)), np.zeros((3, 2))),
        ValueError,
        says("dZ must have shape (n^[l], m) = (3, 10), got (3, 11)"),
    ),
    "dA wrong shape": (
        lambda: nl.relu_backward(np.zeros((3, 4)), np.zeros((3, 3))),
        ValueError,
        says("dA must have shape", "(3, 3), got (3, 4)"),
    ),
    "X wrong rows": (
        lambda: net().forward(np.zeros((N_X - 1, M))),
        ValueError,
        says("X must have shape (n_x, m) = (4, ?), got (3, 10)"),
    ),
    "X given transposed": (
        lambda: net().forward(X().T),
        ValueError,
        says("X must have shape (n_x, m) = (4, ?), got (10, 4)", "examples must be columns"),
    ),
    "X 1-D": (
        lambda: net().forward(np.zeros(N_X)),
        ValueError,
        says("X must be a 2-D array", "(4,)", "(4, 1)"),
    ),
    "X_val given transposed": (
        lambda: net().fit(X(), Y(), validation=(X().T, Y()), progress=False),
        ValueError,
        says("X_val must have shape", "got (10, 4)", "examples must be columns"),
    ),
    "Y given transposed": (
        lambda: net().backward(Y().T, cache()),
        ValueError,
        says("Y must have shape (n_y, m) = (3, 10), got (10, 3)", "examples must be columns"),
    ),
    "dW wrong shape in step": (
        lambda: net().step({**grads(), "dW1": np.zeros((N_X, N_1))}, 0.1),
        ValueError,
        says("dW1 must have shape", "W1", "(5, 4), got (4, 5)"),
    ),
    "a gradient missing in step": (
        lambda: net().step(without(grads(), "db2"), 0.1),
        ValueError,
        says("grads has no db2"),
    ),
    # --- m mismatched ---------------------------------------------------------------------
    "X and Y with different m in fit": (
        lambda: net().fit(X(), Y()[:, :-1], progress=False),
        ValueError,
        says("Y must have shape (n_y, m) = (3, 10), got (3, 9)"),
    ),
    "AL and Y with different m": (
        lambda: nl.cross_entropy(A(), Y()[:, :-1]),
        ValueError,
        says("AL and Y must have the same number of examples m", "(3, 10)", "(3, 9)"),
    ),
    "AL and Y with different m in mse": (
        lambda: nl.mse(np.zeros((2, 5)), np.zeros((2, 4))),
        ValueError,
        says("AL and Y", "examples m", "(2, 5)", "(2, 4)"),
    ),
    "Y and the cache with different m": (
        lambda: net().backward(Y()[:, :-1], cache()),
        ValueError,
        says("Y must have shape (n_y, m) = (3, 10), got (3, 9)"),
    ),
    # --- Y not one-hot ---------------------------------------------------------------------
    "Y with an entry 2": (
        lambda: nl.cross_entropy(A(), with_entry(Y(), (0, 1), 2)),
        ValueError,
        says("Y must be one-hot", "Y[0, 1] = 2.0"),
    ),
    "Y with two ones in a column": (
        lambda: net().loss(A(), with_entry(Y(), (1, 0), 1)),
        ValueError,
        says("Y must be one-hot", "column 0 has 2 ones"),
    ),
    "Y with a zero column": (
        lambda: net().backward(with_entry(Y(), (slice(None), 4), 0), cache()),
        ValueError,
        says("Y must be one-hot", "column 4 has 0 ones"),
    ),
    "Y_val not one-hot": (
        lambda: net().fit(X(), Y(), validation=(X(), 2 * Y()), progress=False),
        ValueError,
        says("Y_val must be one-hot"),
    ),
    "A not probabilities": (
        lambda: nl.softmax_cross_entropy_backward(2 * A(), Y()),
        ValueError,
        says("every column of AL must sum to 1"),
    ),
    # --- labels ------------------------------------------------------------------------------
    "label too large": (
        lambda: nl.one_hot([0, 3, 1], 3),
        ValueError,
        says("labels must lie in 0..2", "got 3 at position 1"),
    ),
    "label negative": (
        lambda: nl.one_hot([0, -1]),
        ValueError,
        says("labels must lie in", "got -1"),
    ),
    "label not whole": (lambda: nl.one_hot([0.5, 1.0]), ValueError, says("whole numbers")),
    "labels 2-D": (lambda: nl.one_hot([[0, 1], [1, 0]]), ValueError, says("1-D", "(2, 2)")),
    # --- NaN and inf ---------------------------------------------------------------------------
    "NaN in X": (
        lambda: net().forward(with_entry(X(), (1, 2), np.nan)),
        ValueError,
        says("X contains 1 NaN and 0 infinite"),
    ),
    "inf in X": (
        lambda: net().forward(with_entry(X(), (0, 0), -np.inf)),
        ValueError,
        says("X contains 0 NaN and 1 infinite"),
    ),
    "NaN in X for fit": (
        lambda: net().fit(with_entry(X(), (1, 2), np.nan), Y(), progress=False),
        ValueError,
        says("X contains 1 NaN"),
    ),
    "NaN in W2": (
        lambda: with_param("W2", with_entry(net().params["W2"], (0, 0), np.nan)).forward(X()),
        ValueError,
        says("W2 contains 1 NaN"),
    ),
    "inf in b1": (
        lambda: with_param("b1", with_entry(net().params["b1"], (0, 0), np.inf)).forward(X()),
        ValueError,
        says("b1 contains 0 NaN and 1 infinite"),
    ),
    "NaN in Z": (lambda: nl.softmax([[np.nan]]), ValueError, says("Z contains 1 NaN")),
    "NaN in a gradient": (
        lambda: net().step({**grads(), "dW2": np.full((N_Y, N_1), np.nan)}, 0.1),
        ValueError,
        says("dW2 contains 15 NaN"),
    ),
    # --- m = 0 ------------------------------------------------------------------------------------
    "m = 0 in forward": (
        lambda: net().forward(np.zeros((N_X, 0))),
        ValueError,
        says("X has m = 0 examples", "(4, 0)"),
    ),
    "m = 0 in fit": (
        lambda: net().fit(np.zeros((N_X, 0)), np.zeros((N_Y, 0)), progress=False),
        ValueError,
        says("X has m = 0"),
    ),
    "m = 0 in loss": (
        lambda: net().loss(np.zeros((N_Y, 0)), np.zeros((N_Y, 0))),
        ValueError,
        says("AL has m = 0"),
    ),
    "m = 0 in backward": (
        lambda: net().backward(
            np.zeros((N_Y, 0)),
            {
                "A0": np.zeros((N_X, 0)),
                "Z1": np.zeros((N_1, 0)),
                "A1": np.zeros((N_1, 0)),
                "Z2": np.zeros((N_Y, 0)),
                "A2": np.zeros((N_Y, 0)),
            },
        ),
        ValueError,
        says("A0 has m = 0"),
    ),
    "m = 0 in cross_entropy": (
        lambda: nl.cross_entropy(np.zeros((N_Y, 0)), np.zeros((N_Y, 0))),
        ValueError,
        says("AL has m = 0"),
    ),
    "m = 0 in linear_forward": (
        lambda: nl.linear_forward(np.zeros((2, 0)), np.zeros((3, 2)), np.zeros((3, 1))),
        ValueError,
        says("A_prev has m = 0"),
    ),
    "m = 0 labels": (lambda: nl.one_hot([]), ValueError, says("labels is empty (m = 0)")),
    # --- architecture ------------------------------------------------------------------------
    "one layer size": (
        lambda: nl.MLP([4]),
        ValueError,
        says("layer_sizes must list at least n_x and n_y", "[4]"),
    ),
    "no layer sizes": (lambda: nl.MLP([]), ValueError, says("layer_sizes must list", "[]")),
    "layer size zero": (
        lambda: nl.MLP([4, 0, 3]),
        ValueError,
        says("layer size must be a positive integer", "[4, 0, 3]"),
    ),
    "layer size negative": (
        lambda: nl.MLP([4, -2, 3]),
        ValueError,
        says("positive integer", "[4, -2, 3]"),
    ),
    "layer size float": (
        lambda: nl.MLP([4, 2.5, 3]),
        ValueError,
        says("positive integer", "[4, 2.5, 3]"),
    ),
    "layer sizes not a list": (lambda: nl.MLP(5), TypeError, says("layer_sizes must be a list")),
    "too many hidden activations": (
        lambda: nl.MLP([4, 5, 3], hidden=["relu", "tanh"]),
        ValueError,
        says("hidden must name one activation per hidden layer: 1 for L = 2, got 2"),
    ),
    "too few hidden activations": (
        lambda: nl.MLP([4, 5, 5, 3], hidden=["relu"]),
        ValueError,
        says("2 for L = 3, got 1"),
    ),
    "hidden activations for L = 1": (
        lambda: nl.MLP([4, 3], hidden=["relu"]),
        ValueError,
        says("0 for L = 1, got 1"),
    ),
    "hidden not a name": (lambda: nl.MLP([4, 5, 3], hidden=3), TypeError, says("hidden must be")),
    "unknown hidden activation": (
        lambda: nl.MLP([4, 5, 3], hidden="softplus"),
        ValueError,
        says("hidden activation must be one of", "'softplus'"),
    ),
    "unknown hidden activation in a list": (
        lambda: nl.MLP([4, 5, 5, 3], hidden=["relu", "gelu"]),
        ValueError,
        says("hidden activation must be one of", "'gelu'"),
    ),
    "unknown output activation": (
        lambda: nl.MLP([4, 3], output="tanh"),
        ValueError,
        says("output must be one of", "'tanh'"),
    ),
    "integer dtype": (lambda: nl.MLP([4, 3], dtype=np.int32), TypeError, says("dtype", "int32")),
    # --- training options ---------------------------------------------------------------------
    "epochs 0": (
        lambda: net().fit(X(), Y(), epochs=0, progress=False),
        ValueError,
        says("epochs must be >= 1"),
    ),
    "epochs float": (
        lambda: net().fit(X(), Y(), epochs=1.5, progress=False),
        TypeError,
        says("epochs must be an integer"),
    ),
    "batch_size 0": (
        lambda: net().fit(X(), Y(), batch_size=0, progress=False),
        ValueError,
        says("batch_size must be >= 1"),
    ),
    # --- not numbers ---------------------------------------------------------------------------
    "strings as X": (
        lambda: net().forward([["a"] * M] * N_X),
        TypeError,
        says("X must hold numbers"),
    ),
    "object array as X": (
        lambda: net().forward(np.zeros((N_X, M), dtype=object)),
        TypeError,
        says("X must hold numbers", "object"),
    ),
    "strings as Z": (lambda: nl.relu("abc"), TypeError, says("Z must hold numbers")),
    "complex Z": (lambda: nl.tanh([[1j]]), TypeError, says("Z must hold numbers", "complex")),
    "strings as labels": (lambda: nl.one_hot(["a"]), TypeError, says("labels must hold numbers")),
    "strings as Y": (
        lambda: nl.mse([[1.0]], [["1"]]),
        TypeError,
        says("Y must hold numbers"),
    ),
    "ragged X": (lambda: net().forward([[1, 2], [3]]), ValueError, says("X is ragged")),
    "ragged A_prev": (
        lambda: nl.linear_forward([[1.0], [2.0, 3.0]], np.zeros((3, 2)), np.zeros((3, 1))),
        ValueError,
        says("A_prev is ragged"),
    ),
    "ragged Z": (lambda: nl.softmax([[1.0, 2.0], [3.0]]), ValueError, says("Z is ragged")),
    # --- the cache --------------------------------------------------------------------------
    "cache missing Z2": (
        lambda: net().backward(Y(), without(cache(), "Z2")),
        ValueError,
        says("cache lacks ['Z2']"),
    ),
    "cache missing A0": (
        lambda: net().backward(Y(), without(cache(), "A0")),
        ValueError,
        says("cache lacks ['A0']"),
    ),
    "cache not a dict": (
        lambda: net().backward(Y(), [cache()]),
        TypeError,
        says("cache must be the dict returned by forward"),
    ),
    "cache from another network": (
        lambda: nl.MLP([N_X, N_1 + 1, N_Y]).backward(Y(), cache()),
        ValueError,
        says("A1 must have shape (n^[1], m) = (6, 10), got (5, 10)"),
    ),
    # --- the usual slips of a student ------------------------------------------------------
    "logits given to loss instead of probabilities": (
        lambda: net().loss(cache()["Z2"], Y()),
        ValueError,
        says("AL must hold probabilities"),
    ),
    "labels given as Y": (
        lambda: net().fit(X(), np.arange(M) % N_Y, progress=False),
        ValueError,
        says("Y must be a 2-D array", "(10,)", "netlib.one_hot(labels, n_y)"),
    ),
    "labels given as a row Y": (
        lambda: net().fit(X(), (np.arange(M) % N_Y)[None, :], progress=False),
        ValueError,
        says("Y must have shape (n_y, m) = (3, 10), got (1, 10)", "netlib.one_hot"),
    ),
    "labels given as Y to cross_entropy": (
        lambda: nl.cross_entropy(A(), np.arange(M) % N_Y),
        ValueError,
        says("Y must be a 2-D array", "(10,)", "netlib.one_hot(labels, n_y)"),
    ),
    "labels given as a row Y to softmax_cross_entropy_backward": (
        lambda: nl.softmax_cross_entropy_backward(A(), (np.arange(M) % N_Y)[None, :]),
        ValueError,
        says("Y must have shape", "(3, 10), got (1, 10)", "netlib.one_hot"),
    ),
    "X too large for float32": (
        lambda: net(dtype=np.float32).forward(with_entry(X(), (0, 0), 1e39)),
        ValueError,
        says("X has entries too large for float32"),
    ),
    "grads not a dict": (
        lambda: net().step(None, 0.1),
        TypeError,
        says("grads must be the dict returned by backward, got NoneType"),
    ),
    "a parameter broken before the step": (
        lambda: with_param("b1", np.zeros(N_1)).step(grads(), 0.1),
        ValueError,
        says("b1 must have shape (n^[1], 1) = (5, 1), got (5,)"),
    ),
    "validation not a pair": (
        lambda: net().fit(X(), Y(), validation=(X(),), progress=False),
        ValueError,
        says("validation must be a pair (X_val, Y_val)"),
    ),
    "negative seed": (lambda: net_with_seed(-1), ValueError, says("seed must be >= 0, got -1")),
    "seed a string": (lambda: net_with_seed("a"), TypeError, says("seed must be an integer")),
    "fit seed a float": (
        lambda: net().fit(X(), Y(), seed=1.5, progress=False),
        TypeError,
        says("seed must be an integer"),
    ),
    "unknown dtype": (
        lambda: net(dtype="banana"),
        TypeError,
        says("dtype must be np.float32 or np.float64, got 'banana'"),
    ),
    "unknown hidden activation with L = 1": (
        lambda: nl.MLP([N_X, N_Y], hidden="bogus"),
        ValueError,
        says("hidden activation must be one of", "'bogus'"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_named(case):
    call, error, message = CASES[case]
    with pytest.raises(error, match=message):
        call()


BAD_LEARNING_RATES = {
    "zero": (0, ValueError, says("learning_rate must be a finite number > 0, got 0.0")),
    "negative": (-0.1, ValueError, says("learning_rate must be a finite number > 0, got -0.1")),
    "inf": (np.inf, ValueError, says("learning_rate must be a finite number > 0, got inf")),
    "nan": (np.nan, ValueError, says("learning_rate must be a finite number > 0, got nan")),
    "string": ("0.1", TypeError, says("learning_rate must be a number, got str")),
    "None": (None, TypeError, says("learning_rate must be a number, got NoneType")),
    "bool": (True, TypeError, says("learning_rate must be a number, got bool")),
}


@pytest.mark.parametrize("case", BAD_LEARNING_RATES)
def test_bad_learning_rate_in_step(case):
    learning_rate, error, message = BAD_LEARNING_RATES[case]
    network = net()
    saved = {k: v.copy() for k, v in network.params.items()}
    with pytest.raises(error, match=message):
        network.step(grads(), learning_rate)
    for name, P in saved.items():
        np.testing.assert_array_equal(network.params[name], P)


@pytest.mark.parametrize("case", BAD_LEARNING_RATES)
def test_bad_learning_rate_in_fit(case):
    learning_rate, error, message = BAD_LEARNING_RATES[case]
    with pytest.raises(error, match=message):
        net().fit(X(), Y(), learning_rate=learning_rate, progress=False)


NO_BROADCAST = {
    "b of shape (1, n)": (
        lambda: nl.linear_forward(np.zeros((2, 3)), np.zeros((3, 2)), np.zeros((1, 3))),
        says("b must have shape (n^[l], 1) = (3, 1), got (1, 3)"),
    ),
    "b of shape (n,)": (
        lambda: nl.linear_forward(np.zeros((2, 3)), np.zeros((3, 2)), np.zeros(3)),
        says("b must be a 2-D array", "(3,)"),
    ),
    "b of shape (1, 1) for n = 3": (
        lambda: nl.linear_forward(np.zeros((2, 3)), np.zeros((3, 2)), np.zeros((1, 1))),
        says("b must have shape (n^[l], 1) = (3, 1), got (1, 1)"),
    ),
    "parameter b1 of shape (1, n)": (
        lambda: with_param("b1", np.zeros((1, N_1))).forward(X()),
        says("b1 must have shape (n^[1], 1) = (5, 1), got (1, 5)"),
    ),
    "parameter b1 of shape (n,)": (
        lambda: with_param("b1", np.zeros(N_1)).forward(X()),
        says("b1 must have shape (n^[1], 1) = (5, 1), got (5,)"),
    ),
    "Y of shape (1, m) in backward": (
        lambda: net().backward(Y()[:1], cache()),
        says("Y must have shape (n_y, m) = (3, 10), got (1, 10)"),
    ),
    "Y of shape (1, m) in loss": (
        lambda: net(output="identity").loss(np.zeros((N_Y, M)), np.zeros((1, M))),
        says("Y must have shape (n_y, m) = (3, 10), got (1, 10)"),
    ),
    "Y of shape (1, m) in mse": (
        lambda: nl.mse(np.zeros((N_Y, M)), np.zeros((1, M))),
        says("Y must have shape", "(3, 10), got (1, 10)"),
    ),
    "Y of shape (1, m) in mse_backward": (
        lambda: nl.mse_backward(np.zeros((N_Y, M)), np.zeros((1, M))),
        says("Y must have shape", "(3, 10), got (1, 10)"),
    ),
    "Y of shape (1, m) in fit": (
        lambda: net(output="identity").fit(X(), np.zeros((1, M)), progress=False),
        says("Y must have shape (n_y, m) = (3, 10), got (1, 10)"),
    ),
    "dA of shape (1, m)": (
        lambda: nl.sigmoid_backward(np.zeros((1, M)), np.zeros((N_Y, M))),
        says("dA must have shape", "(3, 10), got (1, 10)"),
    ),
    "db of shape (1, n) in step": (
        lambda: net().step({**grads(), "db1": np.zeros((1, N_1))}, 0.1),
        says("db1 must have shape", "(5, 1), got (1, 5)"),
    ),
    "db of shape (1, 1) in step": (
        lambda: net().step({**grads(), "db1": np.zeros((1, 1))}, 0.1),
        says("db1 must have shape", "(5, 1), got (1, 1)"),
    ),
}


@pytest.mark.parametrize("case", NO_BROADCAST)
def test_never_silently_broadcast(case):
    call, message = NO_BROADCAST[case]
    with pytest.raises(ValueError, match=message):
        call()


# --- array subclasses, labels, sizes: one rule for every public function -------------------

SQUARE = np.array([[1.0, -2.0], [3.0, 4.0]])


def matrix(A):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.asmatrix(A)


def stepped(grads_of):
    network = net()
    network.step(grads_of(grads()), 0.5)
    return network.params


def forward_with_W1(W1):
    network = net()
    network.params["W1"] = W1(network.params["W1"])
    return network.forward(X())[0], network.params["W1"]


SUBCLASS_RESULTS = {
    # name: (the call with an array subclass, the same call with plain arrays)
    "mse of np.matrix": (
        lambda: nl.mse(matrix(SQUARE), np.zeros((2, 2))),
        lambda: nl.mse(SQUARE, np.zeros((2, 2))),
    ),
    "cross_entropy of np.matrix": (
        lambda: nl.cross_entropy(matrix([[0.5, 0.2], [0.5, 0.8]]), np.eye(2)),
        lambda: nl.cross_entropy(np.array([[0.5, 0.2], [0.5, 0.8]]), np.eye(2)),
    ),
    "relu_backward of np.matrix": (
        lambda: nl.relu_backward(matrix(SQUARE), matrix(SQUARE)),
        lambda: nl.relu_backward(SQUARE, SQUARE),
    ),
    "sigmoid_backward of np.matrix": (
        lambda: nl.sigmoid_backward(matrix(SQUARE), matrix(SQUARE)),
        lambda: nl.sigmoid_backward(SQUARE, SQUARE),
    ),
    "tanh_backward of np.matrix": (
        lambda: nl.tanh_backward(matrix(SQUARE), matrix(SQUARE)),
        lambda: nl.tanh_backward(SQUARE, SQUARE),
    ),
    "softmax of a masked array masking nothing": (
        lambda: nl.softmax(np.ma.array(SQUARE)),
        lambda: nl.softmax(SQUARE),
    ),
    "step with np.matrix gradients": (
        lambda: stepped(lambda g: {k: matrix(g[k]) for k in ("dW1", "db1", "dW2", "db2")}),
        lambda: stepped(lambda g: g),
    ),
    "a parameter set to an np.matrix": (
        lambda: forward_with_W1(matrix),
        lambda: forward_with_W1(lambda W: W),
    ),
}


def plain_leaves(value):
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in plain_leaves(v)]
    if isinstance(value, dict):
        return [leaf for k in sorted(value) for leaf in plain_leaves(value[k])]
    return [value]


@pytest.mark.parametrize("case", SUBCLASS_RESULTS)
def test_an_array_subclass_gives_the_plain_arrays_result(case):
    odd, plain = SUBCLASS_RESULTS[case]
    for got, want in zip(plain_leaves(odd()), plain_leaves(plain()), strict=True):
        assert type(got) is type(want)  # an ndarray stays an ndarray, never an np.matrix
        np.testing.assert_array_equal(got, want)


def labels_row(value):
    return np.array([0, value], dtype=np.uint64)


def with_W1_set_to(value):
    network = net()
    network.params["W1"] = value
    return network


HOSTILE = {
    # --- masked arrays: refused when they mask anything, naming the symbol -------------------
    "masked NaN in mse": (
        lambda: nl.mse(np.ma.masked_invalid([[0.5, np.nan], [0.5, 1.0]]), np.zeros((2, 2))),
        ValueError,
        says("AL is a masked array with 1 masked entries"),
    ),
    "masked X in forward": (
        lambda: net().forward(np.ma.array(X(), mask=X() > 1)),
        ValueError,
        says("X is a masked array with"),
    ),
    "masked Y in backward": (
        lambda: net().backward(np.ma.array(Y(), mask=Y() == 1), cache()),
        ValueError,
        says("Y is a masked array with 10 masked entries"),
    ),
    "masked parameter": (
        lambda: with_W1_set_to(np.ma.array(np.ones((N_1, N_X)), mask=True)).forward(X()),
        ValueError,
        says("W1 is a masked array with 20 masked entries"),
    ),
    "masked labels": (
        lambda: nl.one_hot(np.ma.array([0, 1], mask=[0, 1])),
        ValueError,
        says("labels is a masked array with 1 masked entries"),
    ),
    # --- labels: whole, in range, no overflow, a bounded number of classes --------------------
    "labels 1e19 and 2e19 in accuracy": (
        lambda: nl.accuracy([1e19], [2e19]),
        ValueError,
        says("labels must lie in 0..999", "got 1e+19 at position 0"),
    ),
    "a label 1e19 in one_hot": (
        lambda: nl.one_hot([1e19], 5),
        ValueError,
        says("labels must lie in 0..999", "got 1e+19"),
    ),
    "a uint64 label above 2^63": (
        lambda: nl.accuracy(labels_row(2**63 + 1), labels_row(1)),
        ValueError,
        says("labels must lie in 0..999", "got 9223372036854775809 at position 1"),
    ),
    "10^11 classes in one_hot": (
        lambda: nl.one_hot([0, 10**11]),
        ValueError,
        says("labels must lie in 0..999", "got 100000000000 at position 1"),
    ),
    "10^7 classes in confusion_matrix": (
        lambda: nl.confusion_matrix([0, 10**7], [0, 0]),
        ValueError,
        says("labels must lie in 0..999", "got 10000000"),
    ),
    "n_classes 10^9 in one_hot": (
        lambda: nl.one_hot([0, 1], 10**9),
        ValueError,
        says("n_classes must be <= 1000, got 1000000000"),
    ),
    "n_classes 10^5 in confusion_matrix": (
        lambda: nl.confusion_matrix([0, 1], [1, 0], n_classes=10**5),
        ValueError,
        says("n_classes must be <= 1000"),
    ),
    "n_classes an integer of 400 digits": (
        lambda: nl.one_hot([0], 10**400),
        ValueError,
        says("n_classes must be <= 1000, got an integer of about 401 digits"),
    ),
    "predicted NaN": (
        lambda: nl.accuracy([0, 1], [0, np.nan]),
        ValueError,
        says("predicted must be whole numbers"),
    ),
    # --- sizes and orders ------------------------------------------------------------------
    "layer sizes in a set": (
        lambda: nl.MLP({5, 4, 3}),
        TypeError,
        says("layer_sizes must be a list", "got set"),
    ),
    "layer sizes in a dict": (
        lambda: nl.MLP({5: 1, 3: 1}),
        TypeError,
        says("layer_sizes must be a list", "got dict"),
    ),
    "hidden activations in a set": (
        lambda: nl.MLP([4, 5, 5, 3], hidden={"relu", "tanh"}),
        TypeError,
        says("hidden must be an activation name or a list of them, got set"),
    ),
    "a network of 10^10 parameters": (
        lambda: nl.MLP([10**5, 10**5, 3]),
        ValueError,
        says("layer_sizes [100000, 100000, 3] make 10000400003 parameters", "at most 10000000"),
    ),
    "a learning rate beyond the float range": (
        lambda: net().step(grads(), 10**400),
        ValueError,
        says("learning_rate must be a finite number, got an integer of about 401 digits"),
    ),
    # --- finite input, a result beyond the float range ---------------------------------------
    "Z = W A_prev + b beyond float64": (
        lambda: nl.linear_forward([[1e308], [1e308]], [[1e308, 1e308]], [[0.0]]),
        ValueError,
        says("Z = W A_prev + b overflows: A_prev, W or b are too large for float64"),
    ),
    "dW = dZ A_prev^T beyond float64": (
        lambda: nl.linear_backward([[1e308]], [[1e308]], [[1.0]]),
        ValueError,
        says("dW = dZ A_prev^T overflows: dZ, A_prev or W"),
    ),
    "a squared error beyond float64": (
        lambda: nl.mse([[1e308]], [[-1e308]]),
        ValueError,
        says("J = (1/(2m)) sum (AL - Y)^2 overflows: AL or Y"),
    ),
    "AL - Y beyond float64": (
        lambda: nl.mse_backward([[1e308]], [[-1e308]]),
        ValueError,
        says("(AL - Y) / m overflows: AL or Y"),
    ),
    "the loss of an identity output beyond float64": (
        lambda: nl.MLP([1, 1], output="identity").loss([[1e308]], [[-1e308]]),
        ValueError,
        says("the loss J overflows: AL or Y"),
    ),
    # --- smaller slips -----------------------------------------------------------------------
    "logits in the cache's A^[L]": (
        lambda: net().backward(Y(), {**cache(), "A2": cache()["Z2"]}),
        ValueError,
        says("A2 must hold probabilities"),
    ),
    "a parameter that is a numpy scalar": (
        lambda: with_W1_set_to(np.float64(1.0)).forward(X()),
        TypeError,
        says("W1 must be a numpy array of dtype float64, got float64 (not an array)"),
    ),
    "a float32 parameter in a float64 network": (
        lambda: with_W1_set_to(np.ones((N_1, N_X), np.float32)).forward(X()),
        TypeError,
        says("W1 must be a numpy array of dtype float64, got dtype float32"),
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_is_named(case):
    call, error, message = HOSTILE[case]
    with pytest.raises(error, match=message):
        call()


# --- a sweep of the public API with odd and bad values -------------------------------------


ALL_FUNCTIONS = {**hostile.FUNCTIONS, **hostile.LABEL_FUNCTIONS}


def replacements(name, value):
    """``(equivalent, bad values, bad shapes)`` for an argument whose good value is ``value``;
    each maps a kind to a function of the good value, or to the replacement itself."""
    if isinstance(value, float):
        return hostile.EQUIVALENT_NUMBERS, hostile.BAD_NUMBERS, {}
    if isinstance(value, int):
        return hostile.EQUIVALENT_INTS, hostile.BAD_INTS, {}
    if name in hostile.LABEL_FUNCTIONS:
        return hostile.EQUIVALENT_LABELS, hostile.BAD_LABELS, {}
    if name in hostile.ANY_SHAPE:
        return hostile.EQUIVALENT, hostile.BAD, {}
    return hostile.EQUIVALENT, hostile.BAD, hostile.BAD_SHAPE


@st.composite
def hostile_calls(draw):
    """A public function, its arguments, and how each argument was replaced: ``"plain"``,
    ``"equivalent"``, ``"bad"`` or ``"bad shape"``."""
    name = draw(st.sampled_from(sorted(ALL_FUNCTIONS)))
    fn, good = ALL_FUNCTIONS[name]
    args, kinds = {}, {}
    for arg, value in good.items():
        groups = ("equivalent", "bad", "bad shape")
        pools = dict(zip(groups, replacements(name, value), strict=True))
        choices = [("plain", None)] + [(group, k) for group, pool in pools.items() for k in pool]
        group, kind = draw(st.sampled_from(choices))
        kinds[arg] = group
        if group == "plain":
            args[arg] = np.copy(value) if isinstance(value, np.ndarray) else value
        else:
            replace = pools[group][kind]
            args[arg] = replace(value) if callable(replace) else replace
    return name, args, kinds


def assert_same_result(result, reference):
    """Equal values (to the last bits) of the same types, every number finite, arrays plain."""
    if isinstance(reference, tuple):
        assert isinstance(result, tuple) and len(result) == len(reference)
        for r, ref in zip(result, reference, strict=True):
            assert_same_result(r, ref)
    elif isinstance(reference, dict):
        assert set(result) == set(reference)
        for key in reference:
            assert_same_result(result[key], reference[key])
    elif isinstance(reference, np.ndarray):
        assert type(result) is np.ndarray and result.dtype == reference.dtype
        assert np.isfinite(result).all()
        # the memory order of an input may change the order of a sum: its last bit
        np.testing.assert_allclose(result, reference, rtol=1e-13, atol=0)
    else:
        assert type(result) is type(reference) and np.isfinite(result)
        assert result == pytest.approx(reference, rel=1e-13, abs=0)


def named(argument, message):
    return re.search(rf"(?<![\w^]){re.escape(argument)}(?!\w)", message) is not None


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix, on purpose
@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(hostile_calls())
def test_odd_input_gives_the_reference_result_or_an_error_naming_the_argument(call):
    name, args, kinds = call
    fn, good = ALL_FUNCTIONS[name]
    reference = fn(**{k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in good.items()})
    bad_values = [a for a, k in kinds.items() if k == "bad"]
    bad_shapes = [a for a, k in kinds.items() if k == "bad shape"]
    if not bad_values and not bad_shapes:
        assert_same_result(fn(**args), reference)
        return
    with pytest.raises((ValueError, TypeError)) as info:
        fn(**args)
    assert "netlib" in str(info.traceback[-1].path), f"raised outside netlib: {info.value!r}"
    # A shape is judged against the other arguments: the error may name any of them.
    suspects = list(good) if bad_shapes else bad_values
    message = str(info.value)
    assert any(named(a, message) for a in suspects), (name, kinds, message)
