"""The multilayer perceptron of the book: L layers, examples as columns.

    Z^[l] = W^[l] A^[l-1] + b^[l],   A^[l] = g^[l](Z^[l]),   A^[0] = X

Backward, with delta^[l] = dJ/dZ^[l] (the 1/m included):

    delta^[L]   = (A^[L] - Y) / m                  softmax + cross-entropy, or identity + MSE
    dW^[l]      = delta^[l] A^[l-1]^T
    db^[l]      = delta^[l] 1_m                     (sum over the examples)
    dA^[l-1]    = W^[l]^T delta^[l]
    delta^[l-1] = dA^[l-1] * g^[l-1]'(Z^[l-1])      (entrywise)
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence

import numpy as np

from ._validate import (
    FLOAT_DTYPES,
    LABELS_HINT,
    as_matrix,
    check_examples,
    check_finite,
    check_int,
    check_positive_finite,
    check_probabilities,
    check_shape,
    check_targets,
)
from .activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from .layers import _linear_backward, _linear_forward
from .losses import _cross_entropy, _delta_output, _mse
from .training import History, train

Array = np.ndarray
Params = dict[str, Array]


class MLP:
    """A fully connected network with ``L = len(layer_sizes) - 1`` layers.

    Parameters
    ----------
    layer_sizes
        ``[n_x, n^[1], ..., n^[L-1], n_y]``: at least two positive integers.
    hidden
        Activation of the hidden layers: one name for all of them, or one per hidden layer,
        from ``"relu"``, ``"sigmoid"``, ``"tanh"``, ``"identity"``.
    output
        ``"softmax"`` (loss: cross-entropy, Y one-hot) or ``"identity"`` (loss: squared error).
    seed
        Seed of the He initialisation: ``W^[l] ~ N(0, 2 / n^[l-1])``, ``b^[l] = 0``.
    dtype
        ``np.float64`` (default) or ``np.float32``; every array of a step keeps it. Input of
        another dtype (``X``, ``Y``, gradients) is converted to it, and an entry too large
        for float32 is an error rather than an infinity.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        hidden: str | Sequence[str] = "relu",
        output: str = "softmax",
        seed: int = 0,
        dtype: type | np.dtype = np.float64,
    ) -> None:
        self.layer_sizes = _checked_layer_sizes(layer_sizes)
        self.L = len(self.layer_sizes) - 1
        self.hidden = _checked_hidden(hidden, self.L)
        if not isinstance(output, str) or output not in OUTPUT_ACTIVATIONS:
            raise ValueError(f"output must be one of {sorted(OUTPUT_ACTIVATIONS)}, got {output!r}")
        self.output = output
        self.dtype = _checked_dtype(dtype)
        seed = check_int("seed", seed, minimum=0)
        self.params = _he_initialisation(self.layer_sizes, seed, self.dtype)

    # --- shapes and names ------------------------------------------------------------

    @property
    def activations(self) -> tuple[str, ...]:
        """The names of ``g^[1], ..., g^[L]``."""
        return (*self.hidden, self.output)

    @property
    def n_x(self) -> int:
        """The number of input features, ``n^[0]``: the rows of ``X``."""
        return self.layer_sizes[0]

    @property
    def n_y(self) -> int:
        """The number of outputs, ``n^[L]`` (classes for a softmax output): the rows of ``Y``."""
        return self.layer_sizes[-1]

    def __repr__(self) -> str:
        return (
            f"MLP({list(self.layer_sizes)}, hidden={list(self.hidden)}, "
            f"output={self.output!r}, dtype={self.dtype.name})"
        )

    # --- the public steps, each checking its input --------------------------------------

    def forward(self, X: object) -> tuple[Array, dict[str, Array]]:
        """Forward pass. ``X: (n_x, m)`` -> ``(A^[L]: (n_y, m), cache)``.

        ``cache`` holds ``"A0"`` (= X) ... ``"AL"`` and ``"Z1"`` ... ``"ZL"``: the arrays
        themselves, not copies (``cache["A0"]`` is X), so change none of them before
        :meth:`backward`.
        """
        self._check_params()
        return self._forward(self._checked_X(X))

    def loss(self, AL: object, Y: object) -> float:
        """Cross-entropy (softmax output) or ``(1/(2m)) sum (A - Y)^2`` (identity output).

        ``AL, Y: (n_y, m)`` -> scalar J, averaged over the m examples.
        """
        AL = as_matrix("AL", AL, dtype=self.dtype)
        check_shape("AL", AL, (self.n_y, None), "(n_y, m)", columns_are_examples=True)
        check_examples("AL", AL)
        if self.output == "softmax":
            check_probabilities("AL", AL)  # logits Z^[L] given instead of A^[L] end here
        Y = self._checked_Y(Y, AL.shape[1])
        return self._loss(AL, Y)

    def backward(self, Y: object, cache: dict[str, Array]) -> dict[str, Array]:
        """All gradients of J at the parameters the cache was computed with.

        ``Y: (n_y, m)``; ``cache`` from :meth:`forward` on the same m examples. Returns
        ``dW1..dWL``, ``db1..dbL``, ``dZ1..dZL`` (each delta^[l]) and ``dA0..dA(L-1)``,
        each with the shape of the quantity it differentiates.
        """
        cache = self._checked_cache(cache)
        Y = self._checked_Y(Y, cache["A0"].shape[1])
        return self._backward(Y, cache, input_gradient=True)

    def step(self, grads: dict[str, Array], learning_rate: float) -> None:
        """Gradient descent, ``W^[l] <- W^[l] - lr dW^[l]`` and ``b^[l] <- b^[l] - lr db^[l]``.

        ``grads`` must hold every ``dW``/``db``, all computed at the current parameters.
        Each entry of ``params`` is replaced by a new array (read ``net.params`` after it).
        """
        if not isinstance(grads, dict):
            raise TypeError(
                f"grads must be the dict returned by backward, got {type(grads).__name__}"
            )
        learning_rate = check_positive_finite("learning_rate", learning_rate)
        self._check_params()
        checked = {}
        for name, P in self.params.items():
            key = "d" + name
            if key not in grads:
                raise ValueError(f"grads has no {key}: compute every gradient before the step")
            dP = as_matrix(key, grads[key], dtype=self.dtype)
            check_shape(key, dP, P.shape, f"like {name}")
            checked[key] = dP
        self._step(checked, learning_rate)

    def train_step(self, X: object, Y: object, learning_rate: float) -> float:
        """One step of gradient descent on the m columns of ``X: (n_x, m)``, ``Y: (n_y, m)``.

        Forward, the loss, every gradient, then the update: the unit :meth:`fit` repeats
        for each minibatch. Returns J at the parameters before the update.
        """
        self._check_params()
        X = self._checked_X(X)
        Y = self._checked_Y(Y, X.shape[1])
        learning_rate = check_positive_finite("learning_rate", learning_rate)
        J, _ = self._train_step(X, Y, learning_rate)
        return J

    def predict(self, X: object) -> Array:
        """Class index of each column, shape ``(m,)`` (softmax output); ``A^[L]`` for identity."""
        AL, _ = self.forward(X)
        if self.output == "softmax":
            return AL.argmax(axis=0)
        return AL

    def fit(
        self,
        X: object,
        Y: object,
        epochs: int = 20,
        learning_rate: float = 0.5,
        batch_size: int = 64,
        seed: int = 0,
        validation: tuple[object, object] | None = None,
        progress: bool | None = None,
    ) -> History:
        """Minibatch gradient descent on ``X: (n_x, m)``, ``Y: (n_y, m)``.

        Each epoch shuffles the columns (generator seeded by ``seed``) and takes one
        :meth:`train_step` per minibatch of ``batch_size`` columns. ``validation``, a pair
        ``(X_val, Y_val)``, is scored after every epoch. Returns the :class:`History`; raises
        :class:`DivergedError` as soon as the loss is not finite.

        ``progress=None`` shows a progress bar unless the environment sets
        ``NETLIB_PROGRESS=0`` (as the tests and ``make notebooks`` do).
        """
        X = self._checked_X(X)
        Y = self._checked_Y(Y, X.shape[1])
        if validation is not None:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise ValueError("validation must be a pair (X_val, Y_val)")
            X_val = self._checked_X(validation[0], name="X_val")
            validation = (X_val, self._checked_Y(validation[1], X_val.shape[1], name="Y_val"))
        self._check_params()
        if progress is None:
            progress = os.environ.get("NETLIB_PROGRESS", "1") != "0"
        return train(
            self,
            X,
            Y,
            epochs=epochs,
            learning_rate=learning_rate,
            batch_size=batch_size,
            seed=seed,
            validation=validation,
            progress=progress,
        )

    # --- saving ------------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> None:
        """Write the architecture and parameters to a plain ``.npz`` file (no pickle).

        numpy adds ``.npz`` to a path that lacks it; :meth:`load` accepts either spelling.
        """
        np.savez(
            path,
            layer_sizes=np.array(self.layer_sizes),
            hidden=np.array(self.hidden, dtype=str),
            output=np.array(self.output),
            dtype=np.array(self.dtype.name),
            **self.params,
        )

    @classmethod
    def load(cls, path: str | os.PathLike) -> MLP:
        """Read a network written by :meth:`save`.

        Raises ``ValueError`` naming the file when its keys or the shapes of its parameters
        do not match the architecture stored with them.
        """
        architecture = {"layer_sizes", "hidden", "output", "dtype"}
        with _open_saved(path) as data:
            missing = architecture - set(data.files)
            if missing:
                raise ValueError(f"{path} is not a saved MLP: it lacks {sorted(missing)}")
            try:
                net = cls(
                    [int(n) for n in np.atleast_1d(data["layer_sizes"])],
                    hidden=[str(h) for h in np.atleast_1d(data["hidden"])] or "relu",
                    output=str(data["output"]),
                    dtype=np.dtype(str(data["dtype"])),
                )
            except (TypeError, ValueError) as err:
                raise ValueError(f"{path} stores an invalid architecture: {err}") from err
            sizes = list(net.layer_sizes)
            absent = [name for name in net.params if name not in data.files]
            extra = sorted(set(data.files) - architecture - set(net.params))
            if absent or extra:
                raise ValueError(
                    f"{path}: its parameters do not match its architecture {sizes} "
                    f"(which has {list(net.params)}): missing {absent}, unexpected {extra}"
                )
            for l in range(1, net.L + 1):
                for name, symbols in (
                    (f"W{l}", f"(n^[{l}], n^[{l - 1}])"),
                    (f"b{l}", f"(n^[{l}], 1)"),
                ):
                    want, got = net.params[name].shape, data[name].shape
                    if got != want:
                        raise ValueError(
                            f"{path}: {name} has shape {got}, but the architecture {sizes} "
                            f"needs {symbols} = {want}"
                        )
                    net.params[name] = as_matrix(name, data[name], dtype=net.dtype)
        net._check_params()
        return net

    # --- the kernels: equations only, input already checked ----------------------------

    def _forward(self, X: Array) -> tuple[Array, dict[str, Array]]:
        cache = {"A0": X}
        A = X
        for l, g in enumerate(self._forward_functions(), start=1):
            Z = _linear_forward(A, self.params[f"W{l}"], self.params[f"b{l}"])
            A = g(Z)
            cache[f"Z{l}"], cache[f"A{l}"] = Z, A
        return A, cache

    def _backward(
        self, Y: Array, cache: dict[str, Array], input_gradient: bool
    ) -> dict[str, Array]:
        L = self.L
        grads: dict[str, Array] = {}
        dZ = _delta_output(cache[f"A{L}"], Y)
        for l in range(L, 0, -1):
            # dJ/dX is not needed to train: skip that matrix product unless asked for.
            want_dA_prev = l > 1 or input_gradient
            dA_prev, dW, db = _linear_backward(
                dZ, cache[f"A{l - 1}"], self.params[f"W{l}"], want_dA_prev
            )
            grads[f"dZ{l}"], grads[f"dW{l}"], grads[f"db{l}"] = dZ, dW, db
            if want_dA_prev:
                grads[f"dA{l - 1}"] = dA_prev
            if l > 1:
                g_backward = HIDDEN_ACTIVATIONS[self.hidden[l - 2]][1]
                dZ = g_backward(dA_prev, cache[f"Z{l - 1}"])
        return grads

    def _step(self, grads: dict[str, Array], learning_rate: float) -> None:
        # The new parameters are fresh arrays, allocated after the step's temporaries. Updating
        # in place instead lets the allocator hand the freed temporaries back to the system,
        # and every step pays again for fresh zeroed pages (see the performance page).
        for name, P in self.params.items():
            self.params[name] = P - learning_rate * grads["d" + name]

    def _loss(self, AL: Array, Y: Array) -> float:
        return _cross_entropy(AL, Y) if self.output == "softmax" else _mse(AL, Y)

    def _train_step(self, X: Array, Y: Array, learning_rate: float) -> tuple[float, Array]:
        # Every gradient is computed before any parameter moves. Returns (J, A^[L]), both
        # at the parameters before the update.
        AL, cache = self._forward(X)
        J = self._loss(AL, Y)
        self._step(self._backward(Y, cache, input_gradient=False), learning_rate)
        return J, AL

    def _forward_functions(self) -> list:
        return [HIDDEN_ACTIVATIONS[h][0] for h in self.hidden] + [OUTPUT_ACTIVATIONS[self.output]]

    # --- checks ------------------------------------------------------------------------

    def _checked_X(self, X: object, name: str = "X") -> Array:
        X = as_matrix(name, X, dtype=self.dtype)
        check_shape(name, X, (self.n_x, None), "(n_x, m)", columns_are_examples=True)
        check_examples(name, X)
        return X

    def _checked_Y(self, Y: object, m: int, name: str = "Y") -> Array:
        classify = self.output == "softmax"
        Y = as_matrix(name, Y, dtype=self.dtype, one_d_hint=LABELS_HINT if classify else None)
        check_targets(name, Y, (self.n_y, m), "(n_y, m)", one_hot=classify)
        return Y

    def _checked_cache(self, cache: dict[str, Array]) -> dict[str, Array]:
        if not isinstance(cache, dict):
            raise TypeError(
                f"cache must be the dict returned by forward, got {type(cache).__name__}"
            )
        needed = [f"A{l}" for l in range(self.L + 1)] + [f"Z{l}" for l in range(1, self.L + 1)]
        missing = [k for k in needed if k not in cache]
        if missing:
            raise ValueError(f"cache lacks {missing}: pass the cache returned by forward(X)")
        checked = {k: as_matrix(k, cache[k], dtype=self.dtype) for k in needed}
        check_examples("A0", checked["A0"])
        m = checked["A0"].shape[1]
        for l in range(self.L + 1):
            n = self.layer_sizes[l]
            check_shape(f"A{l}", checked[f"A{l}"], (n, m), f"(n^[{l}], m)")
            if l:
                check_shape(f"Z{l}", checked[f"Z{l}"], (n, m), f"(n^[{l}], m)")
        return checked

    def _check_params(self) -> None:
        for l in range(1, self.L + 1):
            n, n_prev = self.layer_sizes[l], self.layer_sizes[l - 1]
            for name, shape, symbols in (
                (f"W{l}", (n, n_prev), f"(n^[{l}], n^[{l - 1}])"),
                (f"b{l}", (n, 1), f"(n^[{l}], 1)"),
            ):
                P = self.params.get(name)
                if P is None:
                    raise ValueError(f"params lacks {name}")
                if not isinstance(P, np.ndarray) or P.dtype != self.dtype:
                    raise TypeError(
                        f"{name} must be a numpy array of dtype {self.dtype}, "
                        f"got {type(P).__name__} {getattr(P, 'dtype', '')}"
                    )
                check_shape(name, P, shape, symbols)
                check_finite(name, P)


def _open_saved(path: str | os.PathLike) -> np.lib.npyio.NpzFile:
    # save("net") writes net.npz: load("net") finds it.
    if not os.path.exists(path) and os.path.exists(f"{os.fspath(path)}.npz"):
        path = f"{os.fspath(path)}.npz"
    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise ValueError(f"{path} is not a network written by MLP.save ({err})") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(f"{path} is not a network written by MLP.save (it holds one array)")
    return data


def _checked_layer_sizes(layer_sizes: object) -> tuple[int, ...]:
    try:
        sizes = list(layer_sizes)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(
            f"layer_sizes must be a list [n_x, n^[1], ..., n_y], got {type(layer_sizes).__name__}"
        ) from None
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must list at least n_x and n_y (L >= 1 layer), got {sizes}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"every layer size must be a positive integer, got {sizes}")
    return tuple(int(n) for n in sizes)


def _checked_hidden(hidden: str | Sequence[str], L: int) -> tuple[str, ...]:
    if isinstance(hidden, str) and hidden not in HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"hidden activation must be one of {sorted(HIDDEN_ACTIVATIONS)}, got {hidden!r}"
        )
    try:
        names = (hidden,) * (L - 1) if isinstance(hidden, str) else tuple(hidden)
    except TypeError:
        raise TypeError(
            f"hidden must be an activation name or a list of them, got {type(hidden).__name__}"
        ) from None
    if len(names) != L - 1:
        raise ValueError(
            f"hidden must name one activation per hidden layer: {L - 1} for L = {L}, "
            f"got {len(names)} ({list(names)})"
        )
    for h in names:
        if not isinstance(h, str) or h not in HIDDEN_ACTIVATIONS:
            raise ValueError(
                f"hidden activation must be one of {sorted(HIDDEN_ACTIVATIONS)}, got {h!r}"
            )
    return names


def _checked_dtype(dtype: object) -> np.dtype:
    try:
        checked = np.dtype(dtype)  # type: ignore[call-overload]
    except TypeError:
        checked = None
    if dtype is None or checked is None or checked not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be np.float32 or np.float64, got {dtype!r}")
    return checked


def _he_initialisation(sizes: tuple[int, ...], seed: int, dtype: np.dtype) -> Params:
    # Draw in float64 and round once, so float32 and float64 networks with one seed agree.
    rng = np.random.default_rng(seed)
    params: Params = {}
    for l in range(1, len(sizes)):
        n, n_prev = sizes[l], sizes[l - 1]
        params[f"W{l}"] = (rng.standard_normal((n, n_prev)) * np.sqrt(2.0 / n_prev)).astype(dtype)
        params[f"b{l}"] = np.zeros((n, 1), dtype=dtype)
    return params
