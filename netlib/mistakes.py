"""The catalogue of known mistakes in a hand-written backward pass, each one runnable.

Every :class:`Mistake` names one wrong way to write one step, in the step's own signature:

====================================  =====================================================
step                                  signature of ``code``
====================================  =====================================================
``"linear_backward"``                 ``(dZ, A_prev, W) -> (dA_prev, dW, db)``, dZ with 1/m
``"relu_backward"``                   ``(dA, Z) -> dZ``
``"softmax_cross_entropy_backward"``  ``(A, Y) -> dZ``, the book's ``(A - Y)/m``
``"softmax"``                         ``(Z) -> A``, column by column
``"softmax_cross_entropy"``           ``(Z, Y) -> J``, from the logits
``"backward"``                        ``(params, cache, Y) -> {"dW1".., "db1"..}``
====================================  =====================================================

Shapes in the book's notation: ``dZ: (n^[l], m)``, ``A_prev: (n^[l-1], m)``,
``W: (n^[l], n^[l-1])``. ``netlib.diagnose`` runs every entry on its probes to recognise a
learner's function; the common-mistakes chapter builds its table from the same entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import identity_backward, relu_backward, sigmoid_backward, tanh_backward

Array = np.ndarray

FAMILIES = (
    "transpose",
    "sum axis / keepdims",
    "scale 1/m",
    "sign",
    "ReLU mask",
    "softmax Jacobian",
    "update order",
    "other",
)
"""The kinds of mistake, each entry's ``family`` is one of them."""

STEPS = (
    "linear_backward",
    "relu_backward",
    "softmax_cross_entropy_backward",
    "softmax",
    "softmax_cross_entropy",
    "backward",
)
"""The entry points of ``netlib.diagnose``, each entry's ``step`` is one of them."""

CHAPTERS = {
    "any-depth": "Any number of layers",
    "output-layer": "The output layer",
    "second-hidden-layer": "The second hidden layer",
    "softmax-cross-entropy": "Softmax and cross-entropy",
    "update": "The update",
}
"""The documents that hold the equations below: name -> title."""

LABELS = {
    "eq-general-dW": "any-depth",
    "eq-general-db": "any-depth",
    "eq-general-dA": "any-depth",
    "eq-general-delta-l": "any-depth",
    "eq-general-delta-output": "any-depth",
    "eq-delta3": "output-layer",
    "eq-dJ-dA3": "output-layer",
    "eq-softmax-jacobian": "output-layer",
    "eq-relu-derivative": "second-hidden-layer",
    "eq-softmax": "softmax-cross-entropy",
    "eq-cross-entropy": "softmax-cross-entropy",
    "eq-log-sum-exp": "softmax-cross-entropy",
    "eq-update": "update",
    "eq-update-order-error": "update",
}
"""Equation label -> the document that proves it."""


@dataclass(frozen=True)
class Mistake:
    """One known mistake, with the wrong code that makes it.

    ``quantity`` is the output it makes wrong first (``"dW"``, ``"db"``, ``"dA_prev"``,
    ``"dZ"``, ``"A"``, ``"J"``); for ``step="backward"`` it is ``"dW"`` or ``"db"`` without a
    layer number, which depends on the network (``nl.diagnose.backward`` names it: ``"dW2"``).
    ``code`` of a ``"backward"`` entry also takes ``hidden=`` (the hidden activations).
    """

    id: str  # stable, used by tests, exercises and the chapter
    title: str  # a short name for a table row
    step: str  # one of STEPS
    quantity: str
    family: str  # one of FAMILIES
    wrong_latex: str
    wrong_code: str  # the wrong line as a learner writes it
    fix: str  # the right line and why, in words
    label: str  # the equation that proves the right formula
    code: Callable  # the wrong implementation, with the step's signature

    @property
    def chapter(self) -> str:
        """The document that proves the right formula (see ``label``)."""
        return LABELS[self.label]

    @property
    def where(self) -> str:
        """``equation (eq-...) in "Title"``, for messages."""
        return f'equation ({self.label}) in "{CHAPTERS[self.chapter]}"'


# --- the right steps, the base every wrong one changes in one place ----------------------


def right_linear_backward(dZ: Array, A_prev: Array, W: Array) -> tuple[Array, Array, Array]:
    """``(W^T dZ, dZ A_prev^T, dZ 1_m)``: the book's linear backward, dZ holding the 1/m."""
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def right_output_delta(A: Array, Y: Array) -> Array:
    """``delta^[L] = (A - Y)/m``: softmax with cross-entropy, or identity with squared error."""
    return (A - Y) / Y.shape[1]


def right_relu_backward(dA: Array, Z: Array) -> Array:
    """``dZ = dA * 1[Z > 0]``: ReLU'(0) taken as 0, as in the book."""
    return dA * (Z > 0)


def right_softmax(Z: Array) -> Array:
    """Softmax of each column of ``Z: (n_y, m)``, its max subtracted first."""
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def right_softmax_cross_entropy(Z: Array, Y: Array) -> float:
    """``J`` from the logits ``Z: (n_y, m)`` by log-sum-exp."""
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_A = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(-np.sum(Y * log_A) / Z.shape[1])


HIDDEN_BACKWARD = {
    "relu": relu_backward,
    "sigmoid": sigmoid_backward,
    "tanh": tanh_backward,
    "identity": identity_backward,
}
"""Hidden activation name -> its backward ``(dA, Z) -> dZ``."""


def backward_with(
    params: dict,
    cache: dict,
    Y: Array,
    *,
    hidden: str | tuple[str, ...] = "relu",
    output_delta: Callable = right_output_delta,
    linear_backward: Callable = right_linear_backward,
    hidden_backward: Callable | None = None,
    update_first: bool = False,
    mask_layer_offset: int = 0,
    dW_layer_offset: int = 0,
    learning_rate: float = 0.5,
) -> dict:
    """The book's backward pass with replaceable parts: every default is the right one.

    ``update_first`` updates each layer's ``W, b`` in ``params`` before the error passes
    through it; ``mask_layer_offset=1`` takes the ReLU mask of ``Z^[l+1]``;
    ``dW_layer_offset=1`` multiplies by ``A^[l]`` instead of ``A^[l-1]``.
    """
    L = sum(1 for key in params if key.startswith("W"))
    names = (hidden,) * (L - 1) if isinstance(hidden, str) else tuple(hidden)
    grads = {}
    dZ = output_delta(cache[f"A{L}"], Y)
    for l in range(L, 0, -1):
        A_prev = cache[f"A{l - 1 + dW_layer_offset}"]
        dA_prev, dW, db = linear_backward(dZ, A_prev, params[f"W{l}"])
        grads[f"dW{l}"], grads[f"db{l}"] = dW, db
        if update_first:  # the source's order: this layer moves before the error passes it
            params[f"W{l}"] -= learning_rate * dW
            params[f"b{l}"] -= learning_rate * db
            dA_prev = params[f"W{l}"].T @ dZ
        if l > 1:
            step = hidden_backward or HIDDEN_BACKWARD[names[l - 2]]
            dZ = step(dA_prev, cache[f"Z{l - 1 + mask_layer_offset}"])
    return grads


# --- the wrong code, one function per mistake ---------------------------------------------


def dW_transposed(dZ, A_prev, W):
    return W.T @ dZ, A_prev @ dZ.T, dZ.sum(axis=1, keepdims=True)


def dW_missing_transpose(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev, dZ.sum(axis=1, keepdims=True)


def dW_rows_layout(dZ, A_prev, W):
    # the rows layout's dW = X.T @ dZ (X: (m, n_in), dZ: (m, n_out)) pasted into columns
    return W.T @ dZ, A_prev.T @ dZ, dZ.sum(axis=1, keepdims=True)


def dA_prev_missing_transpose(dZ, A_prev, W):
    return W @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def db_not_summed(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ


def db_sum_over_features(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=0, keepdims=True)


def db_no_keepdims(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1)


def db_sum_over_everything(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum()


def db_mean(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ.mean(axis=1, keepdims=True)


def one_over_m_twice(dZ, A_prev, W):
    m = A_prev.shape[1]  # dZ already holds the 1/m
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m


def relu_mask_forgotten(dA, Z):
    return dA


def relu_derivative_at_0(dA, Z):
    return dA * (Z >= 0)


def relu_mask_on_dA(dA, Z):
    return dA * (dA > 0)


def relu_times_relu(dA, Z):
    return dA * np.maximum(Z, 0)


def relu_mask_inverted(dA, Z):
    return dA * (Z <= 0)


def delta_missing_1_over_m(A, Y):
    return A - Y


def delta_sign(A, Y):
    return (Y - A) / Y.shape[1]


def delta_over_all_entries(A, Y):
    return (A - Y) / A.size


def softmax_derivative_again(A, Y):
    return (A - Y) / Y.shape[1] * A * (1 - A)


def softmax_jacobian_diagonal(A, Y):
    dA = -(Y / A) / Y.shape[1]
    return dA * A * (1 - A)


def softmax_jacobian_index(A, Y):
    dA = -(Y / A) / Y.shape[1]
    columns = []
    for j in range(A.shape[1]):
        a = A[:, j]
        jacobian = a[:, None] * (np.eye(a.size) - a[:, None])  # a_i (delta_ij - a_i)
        columns.append(jacobian.T @ dA[:, j])
    return np.stack(columns, axis=1)


def dJ_dA_summed_over_examples(A, Y):
    dA = -(Y / A).sum(axis=1, keepdims=True) / Y.shape[1]
    return A * (dA - (A * dA).sum(axis=0, keepdims=True))


def softmax_unstable(Z):
    E = np.exp(Z)
    return E / E.sum(axis=0, keepdims=True)


def softmax_batch_max(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=0, keepdims=True)


def softmax_over_examples(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax_over_everything(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum()


def cross_entropy_log_of_softmax(Z, Y):
    return float(-np.sum(Y * np.log(right_softmax(Z))) / Z.shape[1])


def cross_entropy_missing_1_over_m(Z, Y):
    return right_softmax_cross_entropy(Z, Y) * Z.shape[1]


def cross_entropy_sign(Z, Y):
    return -right_softmax_cross_entropy(Z, Y)


def update_before_propagate(params, cache, Y, hidden="relu"):
    return backward_with(params, cache, Y, hidden=hidden, update_first=True)


def relu_mask_from_layer_above(params, cache, Y, hidden="relu"):
    return backward_with(params, cache, Y, hidden=hidden, mask_layer_offset=1)


def dW_with_own_activation(params, cache, Y, hidden="relu"):
    return backward_with(params, cache, Y, hidden=hidden, dW_layer_offset=1)


# --- the catalogue ------------------------------------------------------------------------

_LINEAR = dict(step="linear_backward", label="eq-general-dW")
_BIAS = dict(step="linear_backward", quantity="db", label="eq-general-db")
_RELU = dict(step="relu_backward", quantity="dZ", family="ReLU mask", label="eq-general-delta-l")
_DELTA = dict(step="softmax_cross_entropy_backward", quantity="dZ", label="eq-delta3")
_SOFTMAX = dict(step="softmax", quantity="A", label="eq-softmax")
_LOSS = dict(step="softmax_cross_entropy", quantity="J", label="eq-cross-entropy")
_SUM_FIX = "db = np.sum(dZ, axis=1, keepdims=True): one sum over the m examples, a column"
_JACOBIAN_FIX = "dZ = (A - Y) / m: the softmax Jacobian is already inside it"

CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        "dW-transposed",
        "dW transposed",
        quantity="dW",
        family="transpose",
        wrong_latex=r"\mathbf{A}_\text{prev} \boldsymbol{\delta}^\top",
        wrong_code="dW = A_prev @ dZ.T",
        code=dW_transposed,
        fix="dW = dZ @ A_prev.T: dW has the shape of W, (n^[l], n^[l-1])",
        **_LINEAR,
    ),
    Mistake(
        "dW-missing-transpose",
        "dW without the transpose of A_prev",
        quantity="dW",
        family="transpose",
        wrong_latex=r"\boldsymbol{\delta} \mathbf{A}_\text{prev}",
        wrong_code="dW = dZ @ A_prev",
        code=dW_missing_transpose,
        fix="dW = dZ @ A_prev.T: the product sums over the m examples",
        **_LINEAR,
    ),
    Mistake(
        "dW-rows-layout",
        "dW of the rows layout (X.T @ dZ) pasted into the columns layout",
        quantity="dW",
        family="transpose",
        wrong_latex=r"\mathbf{A}_\text{prev}^\top \boldsymbol{\delta}",
        wrong_code="dW = A_prev.T @ dZ",
        code=dW_rows_layout,
        fix="dW = dZ @ A_prev.T: X.T @ dZ is the formula when examples are rows "
        "(X: (m, n_x), dZ: (m, n^[l])); with examples as columns the transposes move",
        **_LINEAR,
    ),
    Mistake(
        "dA-prev-missing-transpose",
        "dA_prev without the transpose of W",
        step="linear_backward",
        quantity="dA_prev",
        family="transpose",
        wrong_latex=r"\mathbf{W} \boldsymbol{\delta}",
        wrong_code="dA_prev = W @ dZ",
        code=dA_prev_missing_transpose,
        label="eq-general-dA",
        fix="dA_prev = W.T @ dZ: dA_prev has the shape of A_prev, (n^[l-1], m)",
    ),
    Mistake(
        "db-not-summed",
        "db without the sum over the examples",
        family="sum axis / keepdims",
        wrong_latex=r"\boldsymbol{\delta}",
        wrong_code="db = dZ",
        code=db_not_summed,
        fix=_SUM_FIX,
        **_BIAS,
    ),
    Mistake(
        "db-sum-over-features",
        "db summed over the features (axis 0)",
        family="sum axis / keepdims",
        wrong_latex=r"\mathbf{1}^\top \boldsymbol{\delta}",
        wrong_code="db = np.sum(dZ, axis=0, keepdims=True)",
        code=db_sum_over_features,
        fix=_SUM_FIX,
        **_BIAS,
    ),
    Mistake(
        "db-no-keepdims",
        "db summed without keepdims",
        family="sum axis / keepdims",
        wrong_latex=r"\boldsymbol{\delta} \mathbf{1}_m \text{ as a 1-D array}",
        wrong_code="db = np.sum(dZ, axis=1)",
        code=db_no_keepdims,
        fix="db = np.sum(dZ, axis=1, keepdims=True): db has the shape of b, (n^[l], 1)",
        **_BIAS,
    ),
    Mistake(
        "db-sum-over-everything",
        "db summed over both axes",
        family="sum axis / keepdims",
        wrong_latex=r"\mathbf{1}^\top \boldsymbol{\delta} \mathbf{1}_m",
        wrong_code="db = np.sum(dZ)",
        code=db_sum_over_everything,
        fix=_SUM_FIX,
        **_BIAS,
    ),
    Mistake(
        "db-mean",
        "db as a mean over the examples",
        family="scale 1/m",
        wrong_latex=r"\tfrac{1}{m} \boldsymbol{\delta} \mathbf{1}_m",
        wrong_code="db = np.mean(dZ, axis=1, keepdims=True)",
        code=db_mean,
        fix="db = np.sum(dZ, axis=1, keepdims=True): dZ already holds the 1/m",
        **_BIAS,
    ),
    Mistake(
        "1-over-m-twice",
        "1/m in dW and db on top of a dZ that already holds it (two conventions mixed)",
        quantity="dW",
        family="scale 1/m",
        wrong_latex=r"\tfrac{1}{m} \boldsymbol{\delta} \mathbf{A}_\text{prev}^\top",
        wrong_code="dW = dZ @ A_prev.T / m",
        code=one_over_m_twice,
        fix="dW = dZ @ A_prev.T and db = np.sum(dZ, axis=1, keepdims=True): in the book's "
        "convention dZ already holds the 1/m (deeplearning.ai keeps the 1/m in dW and db "
        "instead, with dZ = A - Y; use one convention, not both)",
        **_LINEAR,
    ),
    Mistake(
        "relu-mask-forgotten",
        "ReLU mask forgotten",
        wrong_latex=r"\partial J/\partial \mathbf{A}",
        wrong_code="dZ = dA",
        code=relu_mask_forgotten,
        fix="dZ = dA * (Z > 0): the error passes only where the unit was active",
        **_RELU,
    ),
    Mistake(
        "relu-derivative-at-0",
        "ReLU'(0) = 1 (mask Z >= 0)",
        step="relu_backward",
        quantity="dZ",
        family="ReLU mask",
        wrong_latex=r"\partial J/\partial \mathbf{A} \odot \mathbb{1}[\mathbf{Z} \ge 0]",
        wrong_code="dZ = dA * (Z >= 0)",
        code=relu_derivative_at_0,
        label="eq-relu-derivative",
        fix="dZ = dA * (Z > 0): the book takes ReLU'(0) = 0; a mask Z >= 0 is right "
        "everywhere else, and differs only where Z is exactly 0",
    ),
    Mistake(
        "relu-mask-on-dA",
        "ReLU mask taken from dA",
        wrong_latex=r"\partial J/\partial \mathbf{A}"
        r" \odot \mathbb{1}[\partial J/\partial \mathbf{A} > 0]",
        wrong_code="dZ = dA * (dA > 0)",
        code=relu_mask_on_dA,
        fix="dZ = dA * (Z > 0): the mask comes from the pre-activation Z",
        **_RELU,
    ),
    Mistake(
        "relu-times-relu",
        "multiplied by ReLU(Z), not ReLU'(Z)",
        wrong_latex=r"\partial J/\partial \mathbf{A} \odot \max(\mathbf{Z}, 0)",
        wrong_code="dZ = dA * np.maximum(Z, 0)",
        code=relu_times_relu,
        fix="dZ = dA * (Z > 0): the derivative of ReLU is 0 or 1, not ReLU itself",
        **_RELU,
    ),
    Mistake(
        "relu-mask-inverted",
        "ReLU mask inverted (Z <= 0)",
        wrong_latex=r"\partial J/\partial \mathbf{A} \odot \mathbb{1}[\mathbf{Z} \le 0]",
        wrong_code="dZ = dA * (Z <= 0)",
        code=relu_mask_inverted,
        fix="dZ = dA * (Z > 0): the error passes where the unit was active",
        **_RELU,
    ),
    Mistake(
        "dZ-missing-1-over-m",
        "1/m missing in delta^[L]",
        family="scale 1/m",
        wrong_latex=r"\mathbf{A}^{[L]} - \mathbf{Y}",
        wrong_code="dZ = A - Y",
        code=delta_missing_1_over_m,
        fix="dZ = (A - Y) / m: in the book's convention dZ holds the 1/m of the loss "
        "(deeplearning.ai keeps the 1/m in dW and db instead, with dZ = A - Y)",
        **_DELTA,
    ),
    Mistake(
        "delta3-sign",
        "sign of delta^[L] flipped",
        family="sign",
        wrong_latex=r"(\mathbf{Y} - \mathbf{A}^{[L]})/m",
        wrong_code="dZ = (Y - A) / m",
        code=delta_sign,
        fix="dZ = (A - Y) / m: the prediction minus the target",
        **_DELTA,
    ),
    Mistake(
        "dZ-over-all-entries",
        "delta^[L] divided by n_y m (a mean over every entry)",
        family="scale 1/m",
        wrong_latex=r"(\mathbf{A}^{[L]} - \mathbf{Y})/(n_y m)",
        wrong_code="dZ = (A - Y) / A.size",
        code=delta_over_all_entries,
        fix="dZ = (A - Y) / m: the loss averages over the m examples only",
        **_DELTA,
    ),
    Mistake(
        "softmax-derivative-again",
        "softmax derivative applied again after A - Y",
        family="softmax Jacobian",
        wrong_latex=r"(\mathbf{A} - \mathbf{Y})/m \odot \mathbf{A} \odot (1 - \mathbf{A})",
        wrong_code="dZ = (A - Y) / m * A * (1 - A)",
        code=softmax_derivative_again,
        fix=_JACOBIAN_FIX,
        **_DELTA,
    ),
    Mistake(
        "softmax-jacobian-diagonal",
        "diagonal-only softmax Jacobian",
        family="softmax Jacobian",
        step="softmax_cross_entropy_backward",
        quantity="dZ",
        label="eq-softmax-jacobian",
        wrong_latex=r"-\tfrac{1}{m} \mathbf{Y} \oslash \mathbf{A} \odot \mathbf{A} \odot "
        r"(1 - \mathbf{A})",
        wrong_code="dZ = -(Y / A) / m * A * (1 - A)",
        code=softmax_jacobian_diagonal,
        fix=_JACOBIAN_FIX + " (the Jacobian has off-diagonal entries -a_i a_j)",
    ),
    Mistake(
        "softmax-jacobian-index",
        "softmax Jacobian with the wrong index, a_i (delta_ij - a_i)",
        step="softmax_cross_entropy_backward",
        quantity="dZ",
        family="softmax Jacobian",
        label="eq-softmax-jacobian",
        wrong_latex=r"J_{ij} = a_i(\delta_{ij} - a_i)",
        wrong_code="jacobian = a[:, None] * (np.eye(n) - a[:, None])",
        code=softmax_jacobian_index,
        fix=_JACOBIAN_FIX + " (the Jacobian is J_ij = a_i (delta_ij - a_j))",
    ),
    Mistake(
        "dJ-dA-summed-over-examples",
        "dJ/dA^[L] summed over the examples",
        step="softmax_cross_entropy_backward",
        quantity="dZ",
        family="sum axis / keepdims",
        label="eq-dJ-dA3",
        wrong_latex=r"-\tfrac{1}{m} \sum_i \mathbf{Y} \oslash \mathbf{A}",
        wrong_code="dA = -np.sum(Y / A, axis=1, keepdims=True) / m",
        code=dJ_dA_summed_over_examples,
        fix="dA = -(Y / A) / m, one column per example; or directly dZ = (A - Y) / m",
    ),
    Mistake(
        "softmax-unstable",
        "softmax without subtracting the max",
        family="other",
        wrong_latex=r"e^{z_i} / \sum_k e^{z_k}",
        wrong_code="E = np.exp(Z)",
        code=softmax_unstable,
        fix="E = np.exp(Z - Z.max(axis=0, keepdims=True)): the same softmax, and exp never "
        "overflows",
        **_SOFTMAX,
    ),
    Mistake(
        "softmax-batch-max",
        "max subtracted over the whole batch",
        family="other",
        wrong_latex=r"e^{z_i - \max Z} / \sum_k e^{z_k - \max Z}",
        wrong_code="E = np.exp(Z - Z.max())",
        code=softmax_batch_max,
        fix="E = np.exp(Z - Z.max(axis=0, keepdims=True)): one max per column, or a column "
        "far below the batch max underflows to 0/0",
        **_SOFTMAX,
    ),
    Mistake(
        "softmax-over-examples",
        "softmax normalised over the examples (axis 1)",
        family="sum axis / keepdims",
        wrong_latex=r"e^{z_i^{(j)}} / \sum_j e^{z_i^{(j)}}",
        wrong_code="E / E.sum(axis=1, keepdims=True)",
        code=softmax_over_examples,
        fix="E / E.sum(axis=0, keepdims=True): each column (one example) sums to 1",
        **_SOFTMAX,
    ),
    Mistake(
        "softmax-over-everything",
        "softmax normalised over the whole batch",
        family="sum axis / keepdims",
        wrong_latex=r"e^{z} / \sum_{k,j} e^{z_k^{(j)}}",
        wrong_code="E / np.sum(E)",
        code=softmax_over_everything,
        fix="E / E.sum(axis=0, keepdims=True): each column (one example) sums to 1",
        **_SOFTMAX,
    ),
    Mistake(
        "cross-entropy-log-of-softmax",
        "log of the softmax instead of log-sum-exp",
        step="softmax_cross_entropy",
        quantity="J",
        family="other",
        label="eq-log-sum-exp",
        wrong_latex=r"-\tfrac{1}{m} \sum \mathbf{Y} \odot \log \operatorname{softmax}(\mathbf{Z})",
        wrong_code="J = -np.sum(Y * np.log(softmax(Z))) / m",
        code=cross_entropy_log_of_softmax,
        fix="log A = (Z - max) - log(sum(exp(Z - max))) per column: finite where a "
        "probability underflows to 0",
    ),
    Mistake(
        "cross-entropy-missing-1-over-m",
        "loss not averaged over the examples",
        family="scale 1/m",
        wrong_latex=r"-\sum \mathbf{Y} \odot \log \mathbf{A}",
        wrong_code="J = -np.sum(Y * log_A)",
        code=cross_entropy_missing_1_over_m,
        fix="J = -np.sum(Y * log_A) / m: the mean over the m examples",
        **_LOSS,
    ),
    Mistake(
        "cross-entropy-sign",
        "loss without its minus sign",
        family="sign",
        wrong_latex=r"\tfrac{1}{m} \sum \mathbf{Y} \odot \log \mathbf{A}",
        wrong_code="J = np.sum(Y * log_A) / m",
        code=cross_entropy_sign,
        fix="J = -np.sum(Y * log_A) / m: log A <= 0, so J >= 0",
        **_LOSS,
    ),
    Mistake(
        "update-before-propagate",
        "a layer updated before the error passes through it",
        step="backward",
        quantity="dW",
        family="update order",
        label="eq-update-order-error",
        wrong_latex=r"\mathbf{W}^{[l]} \leftarrow \mathbf{W}^{[l]} - \alpha\, d\mathbf{W}^{[l]}"
        r";\ d\mathbf{A}^{[l-1]} = \mathbf{W}^{[l]\top} \boldsymbol{\delta}^{[l]}",
        wrong_code='params["W2"] -= lr * dW2; dA1 = params["W2"].T @ dZ2',
        code=update_before_propagate,
        fix="compute every gradient at the same parameters first, then update (equation "
        "(eq-update)); backward must not change params",
    ),
    Mistake(
        "relu-mask-from-layer-above",
        "ReLU mask of the layer above, Z^[l+1] > 0",
        step="backward",
        quantity="dW",
        family="ReLU mask",
        label="eq-general-delta-l",
        wrong_latex=r"d\mathbf{A}^{[l]} \odot \mathbb{1}[\mathbf{Z}^{[l+1]} > 0]",
        wrong_code='dZ1 = dA1 * (cache["Z2"] > 0)',
        code=relu_mask_from_layer_above,
        fix="dZ^[l] = dA^[l] * (Z^[l] > 0): the mask of the same layer",
    ),
    Mistake(
        "dW-with-own-activation",
        "dW^[l] from A^[l] instead of A^[l-1]",
        step="backward",
        quantity="dW",
        family="other",
        label="eq-general-dW",
        wrong_latex=r"\boldsymbol{\delta}^{[l]} \mathbf{A}^{[l]\top}",
        wrong_code='dW2 = dZ2 @ cache["A2"].T',
        code=dW_with_own_activation,
        fix='dW^[l] = dZ^[l] @ cache["A{l-1}"].T: the input of the layer, not its output',
    ),
)
"""Every known mistake, grouped by step."""

BY_ID: dict[str, Mistake] = {mistake.id: mistake for mistake in CATALOGUE}


def for_step(step: str) -> tuple[Mistake, ...]:
    """The entries of one step, in catalogue order."""
    return tuple(mistake for mistake in CATALOGUE if mistake.step == step)
