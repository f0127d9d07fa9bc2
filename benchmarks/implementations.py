"""The training steps the benchmark times, all on the same network and the same minibatch.

The network is the book's: layer sizes ``[n_x, n^[1], n^[2], n_y]``, ReLU hidden layers, a
softmax output, the mean cross-entropy, plain gradient descent. Every implementation offers

- ``step()``: one training step (forward, loss, every gradient, the update) on its minibatch
  (``epoch()`` instead for the ones timed per epoch);
- ``updated(params, learning_rate)``: the parameters after one step from ``params`` (netlib's
  layout, returned as float64), so the benchmark can check that all of them compute the same
  gradients before it compares their speed.

Examples are columns in netlib and in the textbook version (``X: (n_x, m)``); scikit-learn and
PyTorch take examples as rows, so they get ``X^T`` once, outside the timed code.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from unittest import mock

import numpy as np

import netlib as nl
from netlib import kernels

Array = np.ndarray
Params = dict[str, Array]

LEARNING_RATE = 0.01
"""Small enough that hundreds of timed steps on random data never diverge."""


@dataclass
class Problem:
    """One benchmark size: the network, one minibatch and the starting parameters."""

    layer_sizes: tuple[int, ...]
    m: int
    X: Array  # (n_x, m), float64
    labels: Array  # (m,), class indices
    Y: Array  # (n_y, m), one-hot, float64
    params: Params  # netlib's He initialisation, float64

    @property
    def name(self) -> str:
        return "-".join(map(str, self.layer_sizes)) + f", m={self.m}"


def make_problem(layer_sizes: tuple[int, ...], m: int, seed: int = 0) -> Problem:
    rng = np.random.default_rng(seed)
    n_x, n_y = layer_sizes[0], layer_sizes[-1]
    labels = rng.integers(0, n_y, m)
    params = nl.MLP(list(layer_sizes), seed=seed).params
    return Problem(
        tuple(layer_sizes),
        m,
        rng.standard_normal((n_x, m)),
        labels,
        nl.one_hot(labels, n_y),
        params,
    )


@dataclass
class EpochData:
    """The examples of one epoch, walked through in minibatches of ``m`` columns."""

    X: Array  # (n_x, N)
    labels: Array  # (N,)
    Y: Array  # (n_y, N)
    source: str

    @property
    def examples(self) -> int:
        return self.X.shape[1]


def epoch_data(problem: Problem, batches: int = 4, seed: int = 0) -> EpochData:
    """The digits training set for the digits-sized network, else ``batches`` random minibatches."""
    n_x, n_y = problem.layer_sizes[0], problem.layer_sizes[-1]
    if (n_x, n_y) == (64, 10):
        digits = nl.load_digits()
        return EpochData(digits.X_train, digits.y_train, digits.Y_train, "digits (training split)")
    rng = np.random.default_rng(seed)
    N = batches * problem.m
    labels = rng.integers(0, n_y, N)
    # Stored as the transpose of a rows-are-examples array, like the digits and most data
    # sets: each example's column is contiguous, which makes gathering a minibatch cheap.
    X = rng.standard_normal((N, n_x)).T
    return EpochData(X, labels, nl.one_hot(labels, n_y), "random (standard normal)")


def as_float64(params: Params) -> Params:
    return {k: np.array(v, dtype=np.float64) for k, v in params.items()}


# --- netlib ---------------------------------------------------------------------------------


class NetlibStep:
    """netlib's training step, as ``MLP.fit`` runs it for every minibatch.

    ``fit`` checks X, Y and the learning rate once, then calls the unchecked kernel
    :func:`netlib.kernels.train_step` per minibatch; that is what ``step`` times. With
    ``checked=True`` it times the public ``MLP.train_step`` instead, which checks its input on
    every call.
    """

    def __init__(self, problem: Problem, dtype: type, checked: bool = False) -> None:
        self.problem, self.dtype = problem, dtype
        self.net = _netlib_net(problem, problem.params, dtype)
        self.X, self.Y = problem.X.astype(dtype), problem.Y.astype(dtype)
        self.step = self._checked_step if checked else self._fit_step

    def _fit_step(self) -> float:
        net = self.net
        return kernels.train_step(
            net.params, self.X, self.Y, LEARNING_RATE, net.hidden, net.output
        )[0]

    def _checked_step(self) -> float:
        return self.net.train_step(self.X, self.Y, LEARNING_RATE)

    def updated(self, params: Params, learning_rate: float) -> Params:
        net = _netlib_net(self.problem, params, self.dtype)
        net.train_step(self.X, self.Y, learning_rate)
        return as_float64(net.params)


class PublicLoop:
    """The loop the book teaches, every call checked: ``forward`` -> ``backward`` -> ``step``.

    ``backward``'s dJ/dX (dA0) is computed only if read, and this loop never reads it, as a
    training loop would not.
    """

    def __init__(self, problem: Problem, dtype: type) -> None:
        self.problem, self.dtype = problem, dtype
        self.net = _netlib_net(problem, problem.params, dtype)
        self.X, self.Y = problem.X.astype(dtype), problem.Y.astype(dtype)

    def step(self) -> None:
        net = self.net
        _, cache = net.forward(self.X)
        net.step(net.backward(self.Y, cache), LEARNING_RATE)

    def updated(self, params: Params, learning_rate: float) -> Params:
        net = _netlib_net(self.problem, params, self.dtype)
        net.step(net.backward(self.Y, net.forward(self.X)[1]), learning_rate)
        return as_float64(net.params)


def update_in_place(params: Params, grads: Params, learning_rate: float) -> None:
    """``W -= lr * dW``: the alternative to netlib's update (a new array ``W - lr * dW``)."""
    for name, P in params.items():
        P -= learning_rate * grads["d" + name]


class NetlibEpoch:
    """``MLP.fit`` for one epoch: shuffle, then one training step per minibatch of m columns.

    With ``in_place``, the kernel of the update is swapped for :func:`update_in_place`.
    """

    def __init__(
        self, problem: Problem, data: EpochData, dtype: type, in_place: bool = False
    ) -> None:
        self.net = _netlib_net(problem, problem.params, dtype)
        self.X, self.Y, self.m = data.X.astype(dtype), data.Y.astype(dtype), problem.m
        self.update = update_in_place if in_place else kernels.step

    def epoch(self) -> None:
        with mock.patch.object(kernels, "step", self.update):
            self.net.fit(
                self.X,
                self.Y,
                epochs=1,
                learning_rate=LEARNING_RATE,
                batch_size=self.m,
                progress=False,
            )


def _netlib_net(problem: Problem, params: Params, dtype: type) -> nl.MLP:
    net = nl.MLP(list(problem.layer_sizes), dtype=dtype)
    net.params = {k: v.astype(dtype) for k, v in params.items()}
    return net


# --- the textbook version -------------------------------------------------------------------


def textbook_step(params: Params, X: Array, Y: Array, learning_rate: float) -> tuple[Params, float]:
    """One step as introductory course code writes it: fresh arrays, 1/m on every gradient,
    the ReLU derivative by copying dA and zeroing entries through a boolean index."""
    W1, b1, W2, b2, W3, b3 = (params[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    m = X.shape[1]

    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    Z3 = np.dot(W3, A2) + b3
    T = np.exp(Z3 - np.max(Z3, axis=0, keepdims=True))
    A3 = T / np.sum(T, axis=0, keepdims=True)
    cost = -np.sum(Y * np.log(A3)) / m

    dZ3 = A3 - Y
    dW3 = 1 / m * np.dot(dZ3, A2.T)
    db3 = 1 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.array(dA2, copy=True)
    dZ2[Z2 <= 0] = 0
    dW2 = 1 / m * np.dot(dZ2, A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.array(dA1, copy=True)
    dZ1[Z1 <= 0] = 0
    dW1 = 1 / m * np.dot(dZ1, X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)

    updated = {
        "W1": W1 - learning_rate * dW1,
        "b1": b1 - learning_rate * db1,
        "W2": W2 - learning_rate * dW2,
        "b2": b2 - learning_rate * db2,
        "W3": W3 - learning_rate * dW3,
        "b3": b3 - learning_rate * db3,
    }
    return updated, float(cost)


class TextbookStep:
    """:func:`textbook_step`, float64, as most course code runs."""

    def __init__(self, problem: Problem) -> None:
        self.params = as_float64(problem.params)
        self.X, self.Y = problem.X, problem.Y

    def step(self) -> float:
        self.params, cost = textbook_step(self.params, self.X, self.Y, LEARNING_RATE)
        return cost

    def updated(self, params: Params, learning_rate: float) -> Params:
        return textbook_step(as_float64(params), self.X, self.Y, learning_rate)[0]


# --- the lower bound ------------------------------------------------------------------------


class GemmOnly:
    """Only the matrix products of one step, into preallocated outputs: no step can be faster.

    Forward ``W^[l] A^[l-1]`` for every layer, backward ``dZ^[l] A^[l-1]^T`` for every layer
    and ``W^[l]^T dZ^[l]`` for l >= 2 (dJ/dX is not needed to train): 3L - 1 products.
    """

    def __init__(self, problem: Problem, dtype: type) -> None:
        rng = np.random.default_rng(1)
        sizes, m = problem.layer_sizes, problem.m
        self.L = len(sizes) - 1
        self.W = [None] + [problem.params[f"W{l}"].astype(dtype) for l in range(1, self.L + 1)]
        self.A = [rng.standard_normal((n, m)).astype(dtype) for n in sizes]
        self.dZ = [None] + [rng.standard_normal((n, m)).astype(dtype) for n in sizes[1:]]
        self.Z = [None] + [np.empty((n, m), dtype) for n in sizes[1:]]
        self.dW = [None] + [np.empty_like(W) for W in self.W[1:]]
        self.dA = [np.empty((n, m), dtype) for n in sizes]

    def step(self) -> None:
        W, A, dZ = self.W, self.A, self.dZ
        for l in range(1, self.L + 1):
            np.matmul(W[l], A[l - 1], out=self.Z[l])
        for l in range(self.L, 0, -1):
            np.matmul(dZ[l], A[l - 1].T, out=self.dW[l])
            if l > 1:
                np.matmul(W[l].T, dZ[l], out=self.dA[l - 1])


class TorchGemmOnly:
    """The products of :class:`GemmOnly`, computed by PyTorch's BLAS (Intel MKL in its CPU
    build) on the same arrays: the bound for a step that PyTorch's products set."""

    def __init__(self, problem: Problem, dtype: type) -> None:
        import torch

        self.mm = torch.mm
        arrays = GemmOnly(problem, dtype)
        self.L = arrays.L

        def shared(items):  # torch tensors on the same memory as the numpy arrays
            return [None if a is None else torch.from_numpy(a) for a in items]

        self.W, self.A, self.dZ = shared(arrays.W), shared(arrays.A), shared(arrays.dZ)
        self.Z, self.dW, self.dA = shared(arrays.Z), shared(arrays.dW), shared(arrays.dA)

    def step(self) -> None:
        mm, W, A, dZ = self.mm, self.W, self.A, self.dZ
        for l in range(1, self.L + 1):
            mm(W[l], A[l - 1], out=self.Z[l])
        for l in range(self.L, 0, -1):
            mm(dZ[l], A[l - 1].T, out=self.dW[l])
            if l > 1:
                mm(W[l].T, dZ[l], out=self.dA[l - 1])


# --- scikit-learn ---------------------------------------------------------------------------


class SklearnEpoch:
    """``MLPClassifier.partial_fit``: one epoch of plain SGD (momentum 0, no L2 penalty),
    minibatches of m rows, shuffled like netlib's ``fit``."""

    def __init__(self, problem: Problem, data: EpochData) -> None:
        self.problem = problem
        self.clf = _sklearn_classifier(problem, LEARNING_RATE, shuffle=True)
        self.X_rows, self.labels = np.ascontiguousarray(data.X.T), data.labels
        _sklearn_set_params(self.clf, self.X_rows[: problem.m], self.labels[: problem.m], problem)

    def epoch(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # one epoch never "converges"
            self.clf.partial_fit(self.X_rows, self.labels)

    def updated(self, params: Params, learning_rate: float) -> Params:
        problem = self.problem
        clf = _sklearn_classifier(problem, learning_rate, shuffle=False)
        X_rows = np.ascontiguousarray(problem.X.T)
        _sklearn_set_params(clf, X_rows, problem.labels, problem, params)
        clf.partial_fit(X_rows, problem.labels)  # exactly one minibatch: one step
        out = {}
        for l, (W_t, b) in enumerate(zip(clf.coefs_, clf.intercepts_, strict=True), start=1):
            out[f"W{l}"], out[f"b{l}"] = W_t.T.copy(), b.reshape(-1, 1).copy()
        return out


def _sklearn_classifier(problem: Problem, learning_rate: float, shuffle: bool):
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(
        hidden_layer_sizes=problem.layer_sizes[1:-1],
        activation="relu",
        solver="sgd",
        alpha=0.0,
        batch_size=problem.m,
        learning_rate="constant",
        learning_rate_init=learning_rate,
        momentum=0.0,
        nesterovs_momentum=False,
        shuffle=shuffle,
        max_iter=1,
        random_state=0,
    )


def _sklearn_set_params(
    clf, X_rows: Array, labels: Array, problem: Problem, params: Params | None = None
) -> None:
    # partial_fit initialises the network on its first call (and takes one step); then the
    # parameters are overwritten in place, where the optimiser holds references to them.
    n_y = problem.layer_sizes[-1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.partial_fit(X_rows[: problem.m], labels[: problem.m], classes=np.arange(n_y))
    params = problem.params if params is None else params
    for l, (W_t, b) in enumerate(zip(clf.coefs_, clf.intercepts_, strict=True), start=1):
        W_t[...] = params[f"W{l}"].T
        b[...] = params[f"b{l}"][:, 0]


# --- PyTorch --------------------------------------------------------------------------------


def torch_missing_reason() -> str | None:
    """None when PyTorch can be imported, else why it is skipped (it is no dependency)."""
    try:
        import torch  # noqa: F401
    except ImportError as err:
        return f"PyTorch is not installed ({err}); it is optional, not a dependency of the book"
    return None


class TorchStep:
    """Eager PyTorch: ``nn.Linear``/``ReLU`` layers, ``F.cross_entropy`` on the logits,
    ``loss.backward()`` (autograd) and ``torch.optim.SGD``."""

    def __init__(self, problem: Problem, dtype: type) -> None:
        import torch

        self.torch = torch
        self.dtype = getattr(torch, np.dtype(dtype).name)
        self.problem = problem
        self.model = self._model(problem.params)
        self.X = torch.from_numpy(np.ascontiguousarray(problem.X.T)).to(self.dtype)
        self.labels = torch.from_numpy(problem.labels.astype(np.int64))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LEARNING_RATE)

    def _model(self, params: Params):
        torch = self.torch
        sizes = self.problem.layer_sizes
        layers: list = []
        for l in range(1, len(sizes)):
            linear = torch.nn.Linear(sizes[l - 1], sizes[l], dtype=self.dtype)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(params[f"W{l}"]))  # same (n^[l], n^[l-1])
                linear.bias.copy_(torch.from_numpy(params[f"b{l}"][:, 0]))
            layers += [linear, torch.nn.ReLU()]
        return torch.nn.Sequential(*layers[:-1])

    def step(self) -> float:
        self.optimizer.zero_grad()
        loss = self.torch.nn.functional.cross_entropy(self.model(self.X), self.labels)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def updated(self, params: Params, learning_rate: float) -> Params:
        torch = self.torch
        model = self._model(params)
        optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
        loss = torch.nn.functional.cross_entropy(model(self.X), self.labels)
        loss.backward()
        optimizer.step()
        linears = [layer for layer in model if isinstance(layer, torch.nn.Linear)]
        out = {}
        for l, linear in enumerate(linears, start=1):
            out[f"W{l}"] = linear.weight.detach().double().numpy().copy()
            out[f"b{l}"] = linear.bias.detach().double().numpy().reshape(-1, 1).copy()
        return out
