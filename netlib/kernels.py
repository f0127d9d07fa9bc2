"""The equations of the book as numpy, with no checks: netlib's unchecked surface.

Every function here assumes its input is already right (2-D float arrays of one dtype, the
shapes of the book's notation, finite). The public functions of netlib check their input and
then call these; :class:`netlib.MLP`, the training loop and the gradient check call them
directly once the input has been checked. Examples are columns: ``A_prev: (n^[l-1], m)``,
``W: (n^[l], n^[l-1])``, ``b: (n^[l], 1)``, ``Z, A: (n^[l], m)``.

One layer:

    Z = W A_prev + b                      linear_forward
    A = g(Z)                              relu, sigmoid, tanh, identity, softmax
    dW = dZ A_prev^T, db = dZ 1_m,        linear_backward
    dA_prev = W^T dZ
    dZ = dA * g'(Z)                       relu_backward, sigmoid_backward, tanh_backward, ...

The output layer and the loss, from the probabilities (or outputs) ``AL = A^[L]``:

    J = -(1/m) sum Y log AL               cross_entropy        (softmax output)
    J = (1/(2m)) sum (AL - Y)^2           mse                  (identity output)
    J = -(1/m) sum [Y log AL              binary_cross_entropy (sigmoid output)
          + (1 - Y) log(1 - AL)]
    delta^[L] = (AL - Y) / m              output_delta         (all three pairs)

From the logits ``ZL = Z^[L]`` instead, exact for any finite logit: softmax_cross_entropy
(log-sum-exp) and sigmoid_cross_entropy (softplus), which training uses for a sigmoid output.

The whole network, parameters in a dict ``{"W1", "b1", ..., "WL", "bL"}``: :func:`forward`,
:func:`loss`, :func:`backward`, :func:`step` and :func:`train_step`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Array = np.ndarray
Params = dict[str, Array]


# --- one layer: the linear part ----------------------------------------------------------


def linear_forward(A_prev: Array, W: Array, b: Array) -> Array:
    """``Z = W A_prev + b``, the column b added to each of the m columns."""
    return W @ A_prev + b


def linear_backward(
    dZ: Array, A_prev: Array, W: Array, want_dA_prev: bool = True
) -> tuple[Array | None, Array, Array]:
    """``(dA_prev, dW, db)`` from ``dZ = dJ/dZ``; ``dA_prev`` is None unless wanted."""
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)  # b was broadcast over the m columns: sum them back
    dA_prev = W.T @ dZ if want_dA_prev else None
    return dA_prev, dW, db


# --- one layer: the activations, each with its backward -----------------------------------


def relu(Z: Array) -> Array:
    return np.maximum(Z, 0)


def relu_backward(dA: Array, Z: Array) -> Array:
    # ReLU'(z) = 1 for z > 0 and 0 otherwise (0 at the kink, a subgradient). One product with
    # the mask is faster than copying dA and zeroing entries through an index.
    return dA * (Z > 0)


def sigmoid(Z: Array) -> Array:
    # 1/(1+e^-z) written with tanh, which never overflows.
    return 0.5 * (1 + np.tanh(0.5 * Z))


def sigmoid_backward(dA: Array, Z: Array) -> Array:
    s = sigmoid(Z)
    return dA * s * (1 - s)


def tanh(Z: Array) -> Array:
    return np.tanh(Z)


def tanh_backward(dA: Array, Z: Array) -> Array:
    return dA * (1 - np.tanh(Z) ** 2)


def identity(Z: Array) -> Array:
    return Z


def identity_backward(dA: Array, Z: Array) -> Array:
    # dA itself, no copy: in backward's gradients dZ^[l] is then the array dA^[l] (both are
    # handed out read-only, so sharing one array cannot surprise).
    return dA


def softmax(Z: Array) -> Array:
    # Subtracting each column's max leaves softmax unchanged and keeps exp() <= 1.
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def softmax_backward(dA: Array, Z: Array) -> Array:
    # Column by column, dZ = J^T dA with the Jacobian J_ij = A_i (delta_ij - A_j):
    # dZ_j = A_j (dA_j - sum_i A_i dA_i).
    A = softmax(Z)
    return A * (dA - (A * dA).sum(axis=0, keepdims=True))


def log_softmax(Z: Array) -> Array:
    shifted = Z - Z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


Activation = Callable[[Array], Array]
ActivationBackward = Callable[[Array, Array], Array]

ACTIVATIONS: dict[str, Activation] = {
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "identity": identity,
    "softmax": softmax,
}
"""Every activation g by name."""

BACKWARDS: dict[str, ActivationBackward] = {
    "relu": relu_backward,
    "sigmoid": sigmoid_backward,
    "tanh": tanh_backward,
    "identity": identity_backward,
    "softmax": softmax_backward,
}
"""``dZ = dA * g'(Z)`` (the Jacobian product for softmax) by the name of g."""


# --- the loss and the output layer --------------------------------------------------------


def floored(AL: Array) -> Array:
    # A probability that underflowed to 0 would give log(0) = -inf and Y/0 = inf: floor it at
    # the smallest normal number, so J stays finite (about 708 per example in float64).
    return np.maximum(AL, np.finfo(AL.dtype).tiny)


def cross_entropy(AL: Array, Y: Array) -> float:
    """``J = -(1/m) sum_i sum_k Y_k^(i) log AL_k^(i)`` from the probabilities AL."""
    return float(-np.sum(Y * np.log(floored(AL))) / AL.shape[1])


def cross_entropy_backward(AL: Array, Y: Array) -> Array:
    """``dJ/dAL = -(1/m) Y / AL`` entrywise."""
    return -(Y / floored(AL)) / AL.shape[1]


def softmax_cross_entropy(ZL: Array, Y: Array) -> float:
    """The cross-entropy of ``softmax(ZL)`` from the logits, by log-sum-exp.

    Per column, ``-sum_k y_k log softmax(z)_k = sum_k y_k (max z - z_k) + (sum_k y_k) log
    sum_j exp(z_j - max z)``. The gaps ``max z - z_k`` are taken in halves, since for logits
    near the largest float the gap itself overflows (1e308 - (-1e308)); a difference that does
    overflow in ``z_j - max z`` only makes ``exp`` exactly 0. The result is infinite only when
    J itself is beyond the largest float.
    """
    m = ZL.shape[1]
    top = ZL.max(axis=0, keepdims=True)
    with np.errstate(over="ignore"):
        log_sum = np.log(np.exp(ZL - top).sum(axis=0))  # in [0, log n_y]
        half_gaps = (Y * (0.5 * top - 0.5 * ZL)).sum(axis=0)  # >= 0, never overflows
        per_column = half_gaps * (2.0 / m) + Y.sum(axis=0) * log_sum / m
        return float(per_column.sum())


def binary_cross_entropy(AL: Array, Y: Array) -> float:
    """``J = -(1/m) sum [Y log AL + (1 - Y) log(1 - AL)]`` from the probabilities AL.

    Both AL and 1 - AL are floored as in :func:`cross_entropy`: a sigmoid that rounded to 1
    gives ``1 - AL = 0``, and the floor keeps J finite (no longer exact there; see
    :func:`sigmoid_cross_entropy`).
    """
    log_A, log_1_minus_A = np.log(floored(AL)), np.log(floored(1 - AL))
    return float(-np.sum(Y * log_A + (1 - Y) * log_1_minus_A) / AL.shape[1])


def softplus(Z: Array) -> Array:
    """``log(1 + e^Z)`` entrywise, as ``max(Z, 0) + log1p(e^-|Z|)``: never overflows, and
    exact to round-off for every finite Z (log1p keeps the small term when e^-|Z| is tiny)."""
    return np.maximum(Z, 0) + np.log1p(np.exp(-np.abs(Z)))


def sigmoid_cross_entropy(ZL: Array, Y: Array) -> float:
    """The binary cross-entropy of ``sigmoid(ZL)`` from the logits.

    ``-log sigmoid(z) = softplus(-z)`` and ``-log(1 - sigmoid(z)) = softplus(z)``, so
    ``J = (1/m) sum [softplus(ZL) - Y ZL]``: no ``log(1 - a)`` of an ``a`` rounded to 1.
    """
    return float(np.sum(softplus(ZL) - Y * ZL) / ZL.shape[1])


def mse(AL: Array, Y: Array) -> float:
    """``J = (1/(2m)) sum (AL - Y)^2``."""
    return float(np.sum((AL - Y) ** 2) / (2 * AL.shape[1]))


def output_delta(AL: Array, Y: Array) -> Array:
    """``delta^[L] = dJ/dZ^[L] = (AL - Y) / m``.

    It holds for the three pairs netlib offers: a softmax output with cross-entropy, a
    sigmoid output with the binary cross-entropy, and an identity output with the squared
    error (its 1/2 cancels the 2 of the derivative).
    """
    return (AL - Y) / AL.shape[1]


LOSSES: dict[str, Callable[[Array, Array], float]] = {
    "softmax": cross_entropy,
    "identity": mse,
    "sigmoid": binary_cross_entropy,
}
"""The loss paired with each output activation (all give :func:`output_delta`)."""

LOGIT_LOSSES: dict[str, Callable[[Array, Array], float]] = {"sigmoid": sigmoid_cross_entropy}
"""The same loss from the logits ``Z^[L]``, where training uses it (exact for any logit)."""


# --- the whole network --------------------------------------------------------------------


def forward(params: Params, X: Array, activations: Sequence[str]) -> tuple[Array, Params]:
    """``A^[L]`` and the cache ``{"A0": X, "Z1", "A1", ..., "ZL", "AL"}``.

    ``activations`` names ``g^[1], ..., g^[L]``.
    """
    cache = {"A0": X}
    A = X
    for l, g in enumerate(activations, start=1):
        Z = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A = ACTIVATIONS[g](Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def loss(AL: Array, Y: Array, output: str) -> float:
    """J for the output activation ``output``: cross-entropy (softmax), binary cross-entropy
    (sigmoid) or squared error (identity), from ``AL``."""
    return LOSSES[output](AL, Y)


def training_loss(cache: Params, Y: Array, output: str, L: int) -> float:
    """J as training reports it: from the logits ``Z^[L]`` where :data:`LOGIT_LOSSES` has
    the output (sigmoid), else :func:`loss` from ``A^[L]``."""
    if output in LOGIT_LOSSES:
        return LOGIT_LOSSES[output](cache[f"Z{L}"], Y)
    return loss(cache[f"A{L}"], Y, output)


def backward(
    params: Params, cache: Params, Y: Array, hidden: Sequence[str], input_gradient: bool
) -> Params:
    """Every gradient: ``dW1..dWL``, ``db1..dbL``, ``dZ1..dZL`` and ``dA1..dA(L-1)``.

    With ``input_gradient``, also ``dA0 = W^[1]^T delta^[1]`` (dJ/dX), which training does not
    need: it is the largest matrix product of the backward pass when n_x is large.
    """
    L = len(hidden) + 1
    grads: Params = {}
    dZ = output_delta(cache[f"A{L}"], Y)
    for l in range(L, 0, -1):
        # dJ/dX is not needed to train: skip that matrix product unless asked for.
        want_dA_prev = l > 1 or input_gradient
        dA_prev, dW, db = linear_backward(dZ, cache[f"A{l - 1}"], params[f"W{l}"], want_dA_prev)
        grads[f"dZ{l}"], grads[f"dW{l}"], grads[f"db{l}"] = dZ, dW, db
        if want_dA_prev:
            grads[f"dA{l - 1}"] = dA_prev
        if l > 1:
            g_backward = BACKWARDS[hidden[l - 2]]
            dZ = g_backward(dA_prev, cache[f"Z{l - 1}"])
    return grads


def step(params: Params, grads: Params, learning_rate: float) -> None:
    """``P <- P - learning_rate dP`` for every parameter P, each replaced by a new array."""
    # New arrays, allocated after the step's temporaries: updating in place instead lets the
    # allocator hand the freed temporaries back to the system, and every step pays again for
    # fresh zeroed pages (see the performance page).
    for name, P in params.items():
        params[name] = P - learning_rate * grads["d" + name]


def train_step(
    params: Params, X: Array, Y: Array, learning_rate: float, hidden: Sequence[str], output: str
) -> tuple[float, Array]:
    """One step of gradient descent; returns ``(J, A^[L])`` at the parameters before it.

    Every gradient is computed before any parameter moves.
    """
    AL, cache = forward(params, X, (*hidden, output))
    J = training_loss(cache, Y, output, len(hidden) + 1)
    step(params, backward(params, cache, Y, hidden, input_gradient=False), learning_rate)
    return J, AL
