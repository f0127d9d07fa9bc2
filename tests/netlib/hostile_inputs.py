"""Odd and bad values for the sweep in test_validate.py: for each public function, good
arguments, and for each argument the kinds of replacement it can get.

A kind is either *equivalent* (the same numbers in another container: a list, an
``np.matrix``, a masked array that masks nothing, a read-only or non-contiguous array), after
which the function must return exactly what it returns for the plain array, or *bad* (NaN,
an infinity, a masked entry, text, None, complex numbers, an object array, a 1-D or empty
array), after which it must raise netlib's ``ValueError``/``TypeError`` naming the argument.
"""

from __future__ import annotations

import numpy as np

import netlib as nl

RNG = np.random.default_rng(0)
N_X, N_1, N_Y, M = 3, 4, 2, 5


def _with(A, index, value):
    A = np.array(A, dtype=float)
    A[index] = value
    return A


def _read_only(A):
    A = np.array(A)
    A.flags.writeable = False
    return A


def _strided(A):
    wide = np.zeros((A.shape[0], 2 * A.shape[1]))
    wide[:, ::2] = A
    return wide[:, ::2]


EQUIVALENT = {
    "list": lambda A: A.tolist(),
    "matrix": np.asmatrix,
    "masked, nothing masked": lambda A: np.ma.array(A, mask=np.zeros(A.shape, bool)),
    "read-only": _read_only,
    "Fortran order": np.asfortranarray,
    "strided view": _strided,
}
"""Containers of the same numbers: the result must not change."""

BAD = {
    "NaN": lambda A: _with(A, (0, 0), np.nan),
    "inf": lambda A: _with(A, (-1, -1), -np.inf),
    "masked NaN": lambda A: np.ma.masked_invalid(_with(A, (0, 0), np.nan)),
    "masked entry": lambda A: np.ma.array(A, mask=np.eye(*A.shape, dtype=bool)),
    "text": lambda A: "abc",
    "None": lambda A: None,
    "complex": lambda A: A + 1j,
    "object array": lambda A: np.array(A, dtype=object),
}
"""Bad values: the error must name the argument that holds them."""

BAD_SHAPE = {
    "1-D": lambda A: np.ravel(A),
    "no columns": lambda A: np.zeros((A.shape[0], 0)),
    "3-D": lambda A: A[None],
}
"""Bad shapes: the error may name whichever argument the shapes disagree with."""

BAD_NUMBERS = {
    "nan": np.nan,
    "inf": np.inf,
    "negative": -1.0,
    "zero": 0,
    "text": "0.1",
    "None": None,
    "complex": 0.1j,
    "bool": True,
    "in a list": [0.1],
}
"""Bad scalars (learning_rate, epsilon)."""

EQUIVALENT_NUMBERS = {
    "numpy float": np.float64,
    "0-d array": np.array,
    "numpy float32": np.float32,
}


def probabilities(n, m):
    return nl.softmax(RNG.standard_normal((n, m)))


def one_hot(n, m):
    return nl.one_hot(np.arange(m) % n, n)


def _net():
    return nl.MLP([N_X, N_1, N_Y], seed=0)


def _forward(X):
    return _net().forward(X)


def _loss(AL, Y):
    return _net().loss(AL, Y)


def _train_step(X, Y, learning_rate):
    net = _net()
    J = net.train_step(X, Y, learning_rate)
    return J, net.params


def _step(dW1, db1, dW2, db2, learning_rate):
    net = _net()
    net.step({"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
    return net.params


def _backward(Y, A0, Z1, A1, Z2, A2):
    grads = _net().backward(Y, {"A0": A0, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2})
    return dict(grads)


def _cache():
    net = _net()
    X = RNG.standard_normal((N_X, M))
    return {k: np.array(v) for k, v in net.forward(X)[1].items()}


CACHE = _cache()

FUNCTIONS = {
    # name: (the function, its good arguments by name; a float argument is a scalar)
    "relu": (nl.relu, {"Z": RNG.standard_normal((3, 4))}),
    "sigmoid": (nl.sigmoid, {"Z": RNG.standard_normal((3, 4))}),
    "tanh": (nl.tanh, {"Z": RNG.standard_normal((3, 4))}),
    "softmax": (nl.softmax, {"Z": RNG.standard_normal((3, 4))}),
    "log_softmax": (nl.log_softmax, {"Z": RNG.standard_normal((3, 4))}),
    "identity": (nl.identity, {"Z": RNG.standard_normal((3, 4))}),
    "relu_backward": (
        nl.relu_backward,
        {"dA": RNG.standard_normal((3, 3)), "Z": RNG.standard_normal((3, 3))},
    ),
    "sigmoid_backward": (
        nl.sigmoid_backward,
        {"dA": RNG.standard_normal((3, 3)), "Z": RNG.standard_normal((3, 3))},
    ),
    "tanh_backward": (
        nl.tanh_backward,
        {"dA": RNG.standard_normal((3, 3)), "Z": RNG.standard_normal((3, 3))},
    ),
    "identity_backward": (
        nl.identity_backward,
        {"dA": RNG.standard_normal((3, 3)), "Z": RNG.standard_normal((3, 3))},
    ),
    "softmax_backward": (
        nl.softmax_backward,
        {"dA": RNG.standard_normal((3, 3)), "Z": RNG.standard_normal((3, 3))},
    ),
    "linear_forward": (
        nl.linear_forward,
        {
            "A_prev": RNG.standard_normal((3, 4)),
            "W": RNG.standard_normal((2, 3)),
            "b": RNG.standard_normal((2, 1)),
        },
    ),
    "linear_backward": (
        nl.linear_backward,
        {
            "dZ": RNG.standard_normal((2, 4)),
            "A_prev": RNG.standard_normal((3, 4)),
            "W": RNG.standard_normal((2, 3)),
        },
    ),
    "mse": (nl.mse, {"AL": RNG.standard_normal((2, 2)), "Y": RNG.standard_normal((2, 2))}),
    "mse_backward": (
        nl.mse_backward,
        {"AL": RNG.standard_normal((2, 3)), "Y": RNG.standard_normal((2, 3))},
    ),
    "cross_entropy": (nl.cross_entropy, {"AL": probabilities(2, 2), "Y": one_hot(2, 2)}),
    "cross_entropy_backward": (
        nl.cross_entropy_backward,
        {"AL": probabilities(3, 4), "Y": one_hot(3, 4)},
    ),
    "softmax_cross_entropy": (
        nl.softmax_cross_entropy,
        {"ZL": RNG.standard_normal((3, 3)) * 1e300, "Y": one_hot(3, 3)},
    ),
    "softmax_cross_entropy_backward": (
        nl.softmax_cross_entropy_backward,
        {"AL": probabilities(3, 4), "Y": one_hot(3, 4)},
    ),
    "relative_error": (
        nl.relative_error,
        {"a": RNG.standard_normal((2, 3)) * 1e200, "b": RNG.standard_normal((2, 3)) * 1e-200},
    ),
    "MLP.forward": (_forward, {"X": RNG.standard_normal((N_X, M))}),
    "MLP.loss": (_loss, {"AL": probabilities(N_Y, M), "Y": one_hot(N_Y, M)}),
    "MLP.backward": (_backward, {"Y": one_hot(N_Y, M), **CACHE}),
    "MLP.train_step": (
        _train_step,
        {"X": RNG.standard_normal((N_X, M)), "Y": one_hot(N_Y, M), "learning_rate": 0.25},
    ),
    "MLP.step": (
        _step,
        {
            "dW1": RNG.standard_normal((N_1, N_X)),
            "db1": RNG.standard_normal((N_1, 1)),
            "dW2": RNG.standard_normal((N_Y, N_1)),
            "db2": RNG.standard_normal((N_Y, 1)),
            "learning_rate": 0.5,
        },
    ),
}
"""Every public function of arrays (a method through a fresh network), with good arguments."""

ANY_SHAPE = {"relative_error"}
"""Functions of arrays of any shape: a 1-D or 3-D argument is not bad there."""

EQUIVALENT_LABELS = {
    "list": lambda y: y.tolist(),
    "whole floats": lambda y: y.astype(float),
    "uint8": lambda y: y.astype(np.uint8),
    "read-only": _read_only,
    "masked, nothing masked": lambda y: np.ma.array(y, mask=np.zeros(y.shape, bool)),
}
"""Class indices in another container or dtype: the result must not change."""

BAD_LABELS = {
    "1e19": lambda y: _with(y, 0, 1e19),
    "negative": lambda y: _with(y, -1, -1),
    "10^11": lambda y: np.concatenate([y, [10**11]]),
    "half": lambda y: _with(y, 0, 0.5),
    "NaN": lambda y: _with(y, 0, np.nan),
    "uint64 above 2^63": lambda y: np.array([*y, 2**63 + 5], dtype=np.uint64),
    "masked entry": lambda y: np.ma.array(y, mask=np.arange(y.size) == 0),
    "text": lambda y: ["a"] * y.size,
    "None": lambda y: None,
    "complex": lambda y: y + 1j,
    "2-D, two rows": lambda y: np.stack([y, y]),  # one row (1, m) is a label row, accepted
    "empty": lambda y: np.zeros(0, dtype=int),
}
"""Labels that are not class indices: the error must name the argument."""

EQUIVALENT_INTS = {"numpy int": np.int64, "0-d array": np.array}
BAD_INTS = {
    "zero": 0,
    "negative": -3,
    "10^9": 10**9,
    "10^400": 10**400,
    "a float": 3.5,
    "text": "3",
    "None": None,
    "bool": True,
}
"""Bad counts (n_classes)."""

LABEL_FUNCTIONS = {
    "one_hot": (nl.one_hot, {"labels": np.array([0, 2, 1, 2]), "n_classes": 4}),
    "accuracy": (nl.accuracy, {"labels": np.array([0, 2, 1]), "predicted": np.array([0, 1, 1])}),
    "confusion_matrix": (
        nl.confusion_matrix,
        {"labels": np.array([0, 2, 1]), "predicted": np.array([0, 1, 1]), "n_classes": 3},
    ),
}
"""The functions of class indices, with good arguments (an int argument is a count)."""
