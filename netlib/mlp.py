"""The multilayer perceptron of the book: L layers, examples as columns.

Each equation, and the function of :mod:`netlib.kernels` that computes it:

    Z^[l] = W^[l] A^[l-1] + b^[l]                    linear_forward
    A^[l] = g^[l](Z^[l]),  A^[0] = X                 relu, sigmoid, tanh, identity, softmax
    J = -(1/m) sum Y log A^[L]                       cross_entropy   (softmax output)
    J = (1/(2m)) sum (A^[L] - Y)^2                   mse             (identity output)
    J = -(1/m) sum [Y log A^[L]                      binary_cross_entropy (sigmoid output;
          + (1 - Y) log(1 - A^[L])]                  training: sigmoid_cross_entropy of Z^[L])

Backward, with delta^[l] = dJ/dZ^[l] (the 1/m included):

    delta^[L]   = (A^[L] - Y) / m                    output_delta    (all three pairs)
    dW^[l]      = delta^[l] A^[l-1]^T                linear_backward
    db^[l]      = delta^[l] 1_m  (sum over examples) linear_backward
    dA^[l-1]    = W^[l]^T delta^[l]                  linear_backward
    delta^[l-1] = dA^[l-1] * g^[l-1]'(Z^[l-1])       relu_backward, sigmoid_backward, ...

and the update, once every gradient exists:

    W^[l] <- W^[l] - lr dW^[l],  b^[l] <- b^[l] - lr db^[l]      step

``kernels.forward``, ``kernels.backward`` and ``kernels.step`` run them over all layers. The
methods of :class:`MLP` check their input (:mod:`netlib.checks`) and call those kernels.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import BinaryIO

import numpy as np

from . import checks, handout, kernels, saving
from ._validate import (
    all_finite,
    as_matrix,
    check_examples,
    check_int,
    check_positive_finite,
    check_probabilities,
    check_shape,
    check_unit_interval,
    finite_result,
)
from .gradients import Gradients
from .training import DivergedError, History, train

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
        ``"softmax"`` (loss: cross-entropy, Y one-hot, n_y >= 2), ``"sigmoid"`` (loss: binary
        cross-entropy, Y of 0/1: a row ``(1, m)`` for one binary output, or ``(n_y, m)`` for
        independent labels) or ``"identity"`` (loss: squared error).
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
        self.layer_sizes = checks.checked_layer_sizes(layer_sizes)
        self.L = len(self.layer_sizes) - 1
        self.hidden = checks.checked_hidden(hidden, self.L)
        self.output = checks.checked_output(output)
        checks.check_output_size(self.output, self.layer_sizes[-1])
        self.dtype = checks.checked_dtype(dtype)
        seed = check_int("seed", seed, minimum=0)
        self.params = _he_initialisation(self.layer_sizes, seed, self.dtype)
        self._parameter_shapes = checks.parameter_shapes(self.layer_sizes)
        # The cache and gradients last handed out: taken back unscanned while untouched.
        self._cache_handed_out: dict[str, Array] = {}
        self._grads_handed_out: dict[str, Array] = {}

    # --- forward, backward, step: check, then the kernels ----------------------------------

    def forward(self, X: object) -> tuple[Array, dict[str, Array]]:
        """Forward pass. ``X: (n_x, m)`` -> ``(A^[L]: (n_y, m), cache)``.

        ``cache`` holds ``"A0"`` ... ``"AL"`` and ``"Z1"`` ... ``"ZL"``, all read-only:
        ``"A0"`` is a read-only view of X (X itself stays writable), the others are the
        arrays the forward pass computed. :meth:`backward` takes them back without scanning
        them again as long as they are these very arrays and still read-only; any other
        entry is checked in full.
        """
        self._check_params(finite=False)  # a non-finite parameter shows in Z^[l], checked below
        checked = checks.checked_X(X, self.n_x, self.dtype)
        if checked is not X:  # a converted copy, netlib's own: nothing else can write it
            handout.read_only(checked)
        AL, cache = kernels.forward(self.params, checked, self.activations)
        self._check_finite_forward(cache)
        cache = {k: handout.read_only(A) for k, A in cache.items() if k != "A0"}
        cache = {"A0": handout.read_only_view(checked), **cache}
        self._cache_handed_out = cache.copy()
        return cache[f"A{self.L}"], cache

    def backward(self, Y: object, cache: Mapping[str, Array]) -> Mapping[str, Array]:
        """All gradients of J at the parameters the cache was computed with.

        ``Y: (n_y, m)``; ``cache`` from :meth:`forward` on the same m examples. Returns
        ``dZ1..dZL`` (each delta^[l]), ``dW1..dWL``, ``db1..dbL`` and ``dA0..dA(L-1)``, each
        with the shape of the quantity it differentiates, read-only. ``dA0 = dJ/dX`` is
        computed only when it is first read (see :mod:`netlib.gradients`): training never
        needs it. :meth:`step` takes the gradients back without scanning them again while
        they are these very arrays.
        """
        cache = checks.checked_cache(
            cache,
            self.layer_sizes,
            self.dtype,
            self._cache_handed_out,
            probabilities=self.output == "softmax",
        )
        Y = self._checked_Y(Y, cache["A0"].shape[1])
        grads = kernels.backward(self.params, cache, Y, self.hidden, input_gradient=False)
        # A NaN or infinity in any dZ^[l] or dA^[l] (l >= 1) reaches dW^[l]: checking the
        # gradients of the parameters covers them all.
        if not all_finite(grads[f"d{name}"] for name in self.params):
            self._check_params()
            raise ValueError(
                "the gradients overflow: the cache's entries (A0 = X, or another A^[l]) are too "
                f"large for {self.dtype} products"
            )
        for A in grads.values():
            handout.read_only(A)
        self._grads_handed_out = grads
        W1, dZ1 = self.params["W1"].copy(), grads["dZ1"]
        return Gradients(grads, dA0=lambda: handout.read_only(_input_gradient(W1, dZ1)))

    def step(self, grads: Mapping[str, Array], learning_rate: float) -> None:
        """Gradient descent, ``W^[l] <- W^[l] - lr dW^[l]`` and ``b^[l] <- b^[l] - lr db^[l]``.

        ``grads`` must hold every ``dW``/``db``, all computed at the current parameters.
        Each entry of ``params`` is replaced by a new array (read ``net.params`` after it).
        A step that overflows raises :class:`DivergedError` and replaces nothing.
        """
        if not isinstance(grads, Mapping):
            raise TypeError(
                f"grads must be the dict returned by backward, got {type(grads).__name__}"
            )
        learning_rate = check_positive_finite("learning_rate", learning_rate)
        self._check_params(finite=False)  # a non-finite P gives a non-finite P - lr dP
        checked = checks.checked_grads(grads, self.params, self.dtype, self._grads_handed_out)
        updated = dict(self.params)  # the new parameters replace the old only if all finite
        kernels.step(updated, checked, learning_rate)
        if not all_finite(updated.values()):
            self._check_params()
            raise DivergedError(
                f"the step P - learning_rate dP overflows {self.dtype} (learning_rate = "
                f"{learning_rate}): the parameters are left unchanged; take a smaller "
                "learning_rate or check grads"
            )
        self.params.update(updated)

    def loss(self, AL: object, Y: object) -> float:
        """Cross-entropy (softmax output), binary cross-entropy (sigmoid output) or
        ``(1/(2m)) sum (A - Y)^2`` (identity output).

        ``AL, Y: (n_y, m)`` -> scalar J, averaged over the m examples. From the probabilities
        ``AL``, floored like :func:`netlib.cross_entropy`; training computes the sigmoid's loss
        from the logits instead (:func:`netlib.sigmoid_cross_entropy`), exact for any logit.
        """
        AL = as_matrix("AL", AL, dtype=self.dtype)
        check_shape("AL", AL, (self.n_y, None), "(n_y, m)", columns_are_examples=True)
        check_examples("AL", AL)
        if self.output == "softmax":
            check_probabilities("AL", AL)  # logits Z^[L] given instead of A^[L] end here
        if self.output == "sigmoid":
            check_unit_interval("AL", AL)
        J = kernels.loss(AL, self._checked_Y(Y, AL.shape[1]), self.output)
        finite_result(J, "the loss J", "AL or Y")
        return J

    def train_step(self, X: object, Y: object, learning_rate: float) -> float:
        """One step of gradient descent on the m columns of ``X: (n_x, m)``, ``Y: (n_y, m)``.

        Forward, the loss, every gradient, then the update: the unit :meth:`fit` repeats
        for each minibatch. Returns J at the parameters before the update. A J or a new
        parameter that is not finite raises :class:`DivergedError` (a ``ValueError``) and
        leaves the parameters as they were.
        """
        self._check_params(finite=False)  # a non-finite P gives a non-finite J or P - lr dP
        X = checks.checked_X(X, self.n_x, self.dtype)
        Y = self._checked_Y(Y, X.shape[1])
        learning_rate = check_positive_finite("learning_rate", learning_rate)
        updated = dict(self.params)  # the new parameters replace the old only if all finite
        J, _ = kernels.train_step(updated, X, Y, learning_rate, self.hidden, self.output)
        if not (np.isfinite(J) and all_finite(updated.values())):
            self._check_params()
            self._check_finite_forward(kernels.forward(self.params, X, self.activations)[1])
            raise DivergedError(
                f"train_step: the loss is {J} and the step P - learning_rate dP leaves "
                f"{self.dtype} (learning_rate = {learning_rate}); the parameters are left "
                "unchanged: take a smaller learning_rate"
            )
        self.params.update(updated)
        return J

    # --- using the network -------------------------------------------------------------

    def predict(self, X: object) -> Array:
        """What the network predicts for each column of ``X: (n_x, m)``.

        Softmax output: the class index of each column, shape ``(m,)``. Sigmoid output: 1
        where ``A^[L] > 0.5`` (as ``fit`` counts accuracy; exactly 0.5, which a logit within
        about 1e-16 of 0 rounds to, gives 0); for one unit (``n_y = 1``) the labels as a
        ``(m,)`` integer array, like the class indices of a two-class softmax, for
        ``n_y > 1`` independent labels a ``(n_y, m)`` array of 0/1. Identity output:
        ``A^[L]`` itself.
        """
        AL, _ = self.forward(X)
        if self.output == "softmax":
            return AL.argmax(axis=0)
        if self.output == "sigmoid":
            labels = (AL > 0.5).astype(np.int64)
            return labels[0] if self.n_y == 1 else labels
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
        X = checks.checked_X(X, self.n_x, self.dtype)
        Y = self._checked_Y(Y, X.shape[1])
        if validation is not None:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise ValueError("validation must be a pair (X_val, Y_val)")
            X_val = checks.checked_X(validation[0], self.n_x, self.dtype, name="X_val")
            validation = (X_val, self._checked_Y(validation[1], X_val.shape[1], name="Y_val"))
        self._check_params()
        if progress is None:
            progress = os.environ.get("NETLIB_PROGRESS", "1") != "0"
        elif not isinstance(progress, (bool, np.bool_)):
            raise TypeError(f"progress must be True, False or None, got {type(progress).__name__}")
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

    def save(self, path: str | os.PathLike | BinaryIO) -> None:
        """Write the architecture and parameters to a plain ``.npz`` file (no pickle).

        ``path`` is a file path or a binary file object. numpy adds ``.npz`` to a path that
        lacks it; :meth:`load` accepts either spelling. A directory, or parameters that are
        not finite, are refused before anything is written.
        """
        self._check_params()
        saving.save(path, self.layer_sizes, self.hidden, self.output, self.dtype, self.params)

    @classmethod
    def load(cls, path: str | os.PathLike | BinaryIO) -> MLP:
        """Read a network written by :meth:`save` from a path or a binary file object.

        Every member's header (shape, dtype) and the stored architecture are checked against
        it and against netlib's limits before any parameter is read or the network built.
        Raises ``ValueError`` naming the file and the key for anything wrong in the file.
        """
        net = saving.load(path, cls)
        net._check_params()  # type: ignore[attr-defined]
        return net  # type: ignore[return-value]

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

    def _checked_Y(self, Y: object, m: int, name: str = "Y") -> Array:
        return checks.checked_targets(Y, self.output, self.n_y, m, self.dtype, name)

    def _check_params(self, finite: bool = True) -> None:
        checks.check_params(self.params, self._parameter_shapes, self.dtype, finite)

    def _check_finite_forward(self, cache: Mapping[str, Array]) -> None:
        # A non-finite parameter makes its Z^[l] non-finite (NaN * 0 is NaN), and finite X and
        # parameters can still overflow a product: name the parameter, or say where it
        # overflowed, rather than hand out an infinity (or the NaN a softmax makes of it).
        # Each A^[l] = g(Z^[l]) is finite when Z^[l] is.
        Zs = [cache[f"Z{l}"] for l in range(1, self.L + 1)]
        if all_finite(Zs):
            return
        self._check_params()
        l = next(l for l, Z in enumerate(Zs, start=1) if not np.isfinite(Z).all())
        raise ValueError(
            f"Z{l} = W{l} A{l - 1} + b{l} overflows {self.dtype}: X (largest magnitude "
            f"{np.abs(cache['A0']).max():.3g}) or the parameters are too large"
        )


def check_network(net: object) -> None:
    """Raise ``TypeError`` unless ``net`` is an :class:`MLP` (for the functions that take one)."""
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a netlib.MLP, got {type(net).__name__}")


def _input_gradient(W1: Array, dZ1: Array) -> Array:
    """``dA0 = W^[1]^T delta^[1]``, which only overflow can make non-finite: an error then."""
    dA0 = W1.T @ dZ1
    if not all_finite([dA0]):
        raise ValueError(f"dA0 = W1^T dZ1 overflows {dA0.dtype}: W1 is too large")
    return dA0


def _he_initialisation(sizes: tuple[int, ...], seed: int, dtype: np.dtype) -> Params:
    # Draw in float64 and round once, so float32 and float64 networks with one seed agree.
    rng = np.random.default_rng(seed)
    params: Params = {}
    for l in range(1, len(sizes)):
        n, n_prev = sizes[l], sizes[l - 1]
        W = rng.standard_normal((n, n_prev))
        W *= np.sqrt(2.0 / n_prev)  # in place: one temporary of W's size at most
        params[f"W{l}"] = W.astype(dtype, copy=False)
        params[f"b{l}"] = np.zeros((n, 1), dtype=dtype)
    return params
