"""Loss functions J and their gradients, averaged over the m examples, checked.

Each output activation has its matching loss: softmax with cross-entropy, sigmoid with the
binary cross-entropy, identity with squared error. For all three pairs
delta^[L] = dJ/dZ^[L] = (A^[L] - Y) / m.

Which input each function takes is in its argument's name: ``AL`` is the output of the last
layer, ``A^[L]`` (probabilities, for a softmax output); ``ZL`` is its input ``Z^[L]`` (the
logits). Only :func:`softmax_cross_entropy` and :func:`sigmoid_cross_entropy` start from the
logits, so that they stay exact for any logits; every other function, the backward ones
included, starts from ``AL``. The
arithmetic is in :mod:`netlib.kernels`.
"""

from __future__ import annotations

import numpy as np

from . import kernels
from ._validate import (
    LABELS_HINT,
    ROW_HINT,
    as_matrix,
    check_binary,
    check_examples,
    check_probabilities,
    check_same_m,
    check_targets,
    check_unit_interval,
    finite_result,
)

Array = np.ndarray


def _checked_output_and_target(
    name: str, A: object, Y: object, *, one_hot: bool
) -> tuple[Array, Array]:
    A = as_matrix(name, A)
    Y = as_matrix("Y", Y, dtype=A.dtype, one_d_hint=LABELS_HINT if one_hot else None)
    check_examples(name, A)
    check_same_m(name, A, "Y", Y)
    check_targets("Y", Y, A.shape, f"(n_y, m) like {name}", one_hot=one_hot)
    return A, Y


def _checked_probabilities(AL: object, Y: object) -> tuple[Array, Array]:
    AL, Y = _checked_output_and_target("AL", AL, Y, one_hot=True)
    check_probabilities("AL", AL)
    return AL, Y


def cross_entropy(AL: object, Y: object) -> float:
    """``J = -(1/m) sum_i sum_k Y_k^(i) log AL_k^(i)``, from the probabilities.

    ``AL: (n_y, m)`` softmax probabilities A^[L], ``Y: (n_y, m)`` one-hot labels -> scalar J.
    Finite even when a probability has underflowed to 0.
    """
    return kernels.cross_entropy(*_checked_probabilities(AL, Y))


def cross_entropy_backward(AL: object, Y: object) -> Array:
    """``dJ/dA^[L] = -(1/m) Y / AL`` entrywise. ``AL, Y: (n_y, m)`` -> ``(n_y, m)``.

    ``AL`` are the softmax probabilities A^[L].
    """
    return kernels.cross_entropy_backward(*_checked_probabilities(AL, Y))


def softmax_cross_entropy(ZL: object, Y: object) -> float:
    """Cross-entropy of ``softmax(ZL)``, computed from the logits by log-sum-exp.

    ``ZL: (n_y, m)`` logits Z^[L] (not probabilities), ``Y: (n_y, m)`` one-hot -> scalar J.
    Exact for any finite logits, even where the probabilities themselves would underflow or
    the logits are near the largest float; a J beyond the largest float is an error.
    """
    ZL, Y = _checked_output_and_target("ZL", ZL, Y, one_hot=True)
    J = kernels.softmax_cross_entropy(ZL, Y)
    if not np.isfinite(J):
        raise ValueError(
            f"the cross-entropy of these logits ZL is larger than the largest {ZL.dtype} "
            "(the logit of a true class lies that far below the column's largest)"
        )
    return J


def softmax_cross_entropy_backward(AL: object, Y: object) -> Array:
    """``delta^[L] = dJ/dZ^[L] = (AL - Y) / m`` for a softmax output with cross-entropy.

    ``AL: (n_y, m)`` softmax probabilities A^[L] (not the logits), ``Y: (n_y, m)`` one-hot
    -> ``(n_y, m)``.
    """
    return kernels.output_delta(*_checked_probabilities(AL, Y))


def mse(AL: object, Y: object) -> float:
    """Squared error ``J = (1/(2m)) sum (AL - Y)^2``. ``AL, Y: (n_y, m)`` -> scalar J.

    ``AL`` is the output A^[L]. The 1/2 makes its gradient ``(AL - Y)/m``, the same delta as
    softmax with cross-entropy.
    """
    J = kernels.mse(*_checked_output_and_target("AL", AL, Y, one_hot=False))
    finite_result(J, "J = (1/(2m)) sum (AL - Y)^2", "AL or Y")
    return J


def mse_backward(AL: object, Y: object) -> Array:
    """``dJ/dA^[L] = (AL - Y) / m``; with an identity output this is also ``delta^[L]``.

    ``AL, Y: (n_y, m)`` -> ``(n_y, m)``.
    """
    dAL = kernels.output_delta(*_checked_output_and_target("AL", AL, Y, one_hot=False))
    finite_result(dAL, "(AL - Y) / m", "AL or Y")
    return dAL


# --- a sigmoid output with the binary cross-entropy ----------------------------------------


def _checked_binary(name: str, A: object, Y: object) -> tuple[Array, Array]:
    """``A`` and binary labels ``Y``, both ``(n_y, m)``: a row ``(1, m)`` for one output."""
    if np.ndim(Y) == 1:  # the usual slip with one output: labels (m,) instead of a row
        as_matrix("Y", Y, one_d_hint=ROW_HINT)
    A, Y = _checked_output_and_target(name, A, Y, one_hot=False)
    check_binary("Y", Y)
    return A, Y


def binary_cross_entropy(AL: object, Y: object) -> float:
    """``J = -(1/m) sum [Y log AL + (1 - Y) log(1 - AL)]``, from the probabilities.

    ``AL: (n_y, m)`` sigmoid outputs A^[L] in [0, 1], ``Y: (n_y, m)`` labels 0 or 1 (a row
    ``(1, m)`` for one output) -> scalar J, summed over the n_y outputs and averaged over the
    m examples. AL and 1 - AL are floored like :func:`cross_entropy`, so J stays finite when
    a probability has rounded to 0 or 1; from the logits, :func:`sigmoid_cross_entropy` is
    exact there.
    """
    AL, Y = _checked_binary("AL", AL, Y)
    check_unit_interval("AL", AL)
    return kernels.binary_cross_entropy(AL, Y)


def sigmoid_cross_entropy(ZL: object, Y: object) -> float:
    """Binary cross-entropy of ``sigmoid(ZL)``, computed from the logits by softplus.

    ``ZL: (n_y, m)`` logits Z^[L] (not probabilities), ``Y: (n_y, m)`` labels 0 or 1 ->
    scalar J = (1/m) sum [softplus(ZL) - Y ZL]. Exact for any finite logit, even where
    ``sigmoid(ZL)`` rounds to 1 and ``log(1 - a)`` would be ``log 0``.
    """
    return kernels.sigmoid_cross_entropy(*_checked_binary("ZL", ZL, Y))


def sigmoid_cross_entropy_backward(AL: object, Y: object) -> Array:
    """``delta^[L] = dJ/dZ^[L] = (AL - Y) / m`` for a sigmoid output with binary cross-entropy.

    ``AL: (n_y, m)`` sigmoid outputs A^[L] (not the logits), ``Y: (n_y, m)`` labels 0 or 1
    -> ``(n_y, m)``.
    """
    AL, Y = _checked_binary("AL", AL, Y)
    check_unit_interval("AL", AL)
    return kernels.output_delta(AL, Y)
