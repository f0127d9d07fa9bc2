"""The checks of :class:`netlib.MLP`'s arguments, each error in the book's notation.

The network's methods call these before they call a kernel; the kernels themselves
(:mod:`netlib.kernels`) check nothing. A cache or gradients that netlib handed out and that
come back untouched are checked only for what costs nothing (type, dtype, shape); see
:mod:`netlib.handout`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from . import handout
from ._validate import (
    BINARY_HINT,
    FLOAT_DTYPES,
    LABELS_HINT,
    MAX_PARAMETERS,
    ROW_HINT,
    all_finite,
    as_matrix,
    check_binary,
    check_examples,
    check_finite,
    check_probabilities,
    check_shape,
    check_targets,
    is_label_row,
    plain_array,
)
from .activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS

Array = np.ndarray
Params = dict[str, Array]


# --- the constructor's arguments -----------------------------------------------------------


def checked_layer_sizes(layer_sizes: object) -> tuple[int, ...]:
    # An ordered sequence only: a set would reorder the layers, a dict give its keys.
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, (Sequence, np.ndarray)):
        raise TypeError(
            f"layer_sizes must be a list [n_x, n^[1], ..., n_y], got {type(layer_sizes).__name__}"
        )
    sizes = [n.item() if isinstance(n, np.generic) else n for n in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must list at least n_x and n_y (L >= 1 layer), got {sizes}")
    for n in sizes:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"every layer size must be a positive integer, got {sizes}")
    sizes = [int(n) for n in sizes]
    n_parameters = parameter_count(sizes)
    if n_parameters > MAX_PARAMETERS:
        raise ValueError(
            f"layer_sizes {sizes} make {n_parameters} parameters; netlib builds networks of at "
            f"most {MAX_PARAMETERS}"
        )
    return tuple(sizes)


def parameter_count(sizes: Sequence[int]) -> int:
    """How many entries ``W1, b1, ..., WL, bL`` have: ``sum_l n^[l] (n^[l-1] + 1)``."""
    return sum(sizes[l] * (sizes[l - 1] + 1) for l in range(1, len(sizes)))


def checked_hidden(hidden: str | Sequence[str], L: int) -> tuple[str, ...]:
    if isinstance(hidden, str) and hidden not in HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"hidden activation must be one of {sorted(HIDDEN_ACTIVATIONS)}, got {hidden!r}"
        )
    if not isinstance(hidden, (str, Sequence, np.ndarray)):  # a set has no order
        raise TypeError(
            f"hidden must be an activation name or a list of them, got {type(hidden).__name__}"
        )
    names = (hidden,) * (L - 1) if isinstance(hidden, str) else tuple(hidden)
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


def checked_output(output: object) -> str:
    if not isinstance(output, str) or output not in OUTPUT_ACTIVATIONS:
        raise ValueError(f"output must be one of {sorted(OUTPUT_ACTIVATIONS)}, got {output!r}")
    return output


def check_output_size(output: str, n_y: int) -> None:
    """A softmax over one unit is the constant 1: refuse it, and say what a binary output is."""
    if output == "softmax" and n_y == 1:
        raise ValueError(
            "a softmax output needs n_y >= 2 units: over one unit it is the constant 1, which "
            f"learns nothing; {BINARY_HINT}"
        )


def checked_dtype(dtype: object) -> np.dtype:
    try:
        checked = np.dtype(dtype)  # type: ignore[call-overload]
    except TypeError:
        checked = None
    if dtype is None or checked is None or checked not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be np.float32 or np.float64, got {dtype!r}")
    return checked


# --- data ----------------------------------------------------------------------------------


def checked_X(X: object, n_x: int, dtype: np.dtype, name: str = "X") -> Array:
    """``X: (n_x, m)`` as a finite array of ``dtype``."""
    X = as_matrix(name, X, dtype=dtype)
    check_shape(name, X, (n_x, None), "(n_x, m)", columns_are_examples=True)
    check_examples(name, X)
    return X


def checked_Y(
    Y: object, n_y: int, m: int, dtype: np.dtype, one_hot: bool, name: str = "Y"
) -> Array:
    """``Y: (n_y, m)``, one-hot when ``one_hot`` (a softmax output)."""
    Y = as_matrix(name, Y, dtype=dtype, one_d_hint=LABELS_HINT if one_hot else None)
    check_targets(name, Y, (n_y, m), "(n_y, m)", one_hot=one_hot)
    return Y


def checked_targets(
    Y: object, output: str, n_y: int, m: int, dtype: np.dtype, name: str = "Y"
) -> Array:
    """``Y: (n_y, m)`` for the output activation: one-hot columns (softmax), labels 0 or 1
    (sigmoid: a row ``(1, m)`` for one output, or independent labels), reals (identity).

    A row of 0/1 labels given to a softmax output is told how to make it fit.
    """
    if output == "sigmoid":
        Y = as_matrix(name, Y, dtype=dtype, one_d_hint=ROW_HINT)
        check_targets(name, Y, (n_y, m), "(n_y, m)", one_hot=False)
        check_binary(name, Y)
        return Y
    try:
        return checked_Y(Y, n_y, m, dtype, output == "softmax", name)
    except ValueError as err:
        if output == "softmax" and _looks_like_label_row(Y):
            raise ValueError(f"{err}; {BINARY_HINT}") from None
        raise


def _looks_like_label_row(Y: object) -> bool:
    try:
        return is_label_row(np.asarray(Y))
    except (TypeError, ValueError):  # ragged or not numbers: the first error says enough
        return False


# --- the parameters ------------------------------------------------------------------------


def parameter_shapes(layer_sizes: Sequence[int]) -> list[tuple[str, tuple[int, int], str]]:
    """``(name, shape, shape in symbols)`` of ``W1, b1, ..., WL, bL``, for :func:`check_params`."""
    shapes = []
    for l in range(1, len(layer_sizes)):
        n, n_prev = layer_sizes[l], layer_sizes[l - 1]
        shapes.append((f"W{l}", (n, n_prev), f"(n^[{l}], n^[{l - 1}])"))
        shapes.append((f"b{l}", (n, 1), f"(n^[{l}], 1)"))
    return shapes


def check_params(
    params: Params,
    shapes: Sequence[tuple[str, tuple[int, int], str]],
    dtype: np.dtype,
    finite: bool = True,
) -> None:
    """Every parameter of ``shapes`` (from :func:`parameter_shapes`) is in ``params``: a numpy
    array of ``dtype`` and that shape, finite (unless ``finite=False``: for a caller whose
    result would show a non-finite parameter anyway, and which then calls this again). An
    array subclass put there (``np.matrix``, a masked array with nothing masked) is replaced
    by a plain array with the same entries."""
    for name, shape, symbols in shapes:
        P = params.get(name)
        if P is None:
            raise ValueError(f"params lacks {name}")
        if type(P) is not np.ndarray and isinstance(P, np.ndarray):
            P = params[name] = plain_array(name, P)
        if not isinstance(P, np.ndarray):
            raise TypeError(
                f"{name} must be a numpy array of dtype {dtype}, got {type(P).__name__} "
                "(not an array)"
            )
        if P.dtype != dtype:
            raise TypeError(f"{name} must be a numpy array of dtype {dtype}, got dtype {P.dtype}")
        check_shape(name, P, shape, symbols)
    if finite and not all_finite(params[name] for name, _, _ in shapes):
        for name, _, _ in shapes:
            check_finite(name, params[name])


# --- what forward and backward hand out, coming back ---------------------------------------


def checked_cache(
    cache: object,
    layer_sizes: Sequence[int],
    dtype: np.dtype,
    handed_out: Mapping[str, Array],
    probabilities: bool = False,
) -> dict[str, Array]:
    """``A0..AL: (n^[l], m)`` and ``Z1..ZL: (n^[l], m)``, all with the same m.

    An entry that is the untouched array ``forward`` handed out (``handed_out``) skips the
    scan of its entries; every other entry is checked in full, and with ``probabilities``
    (a softmax output) an ``A^[L]`` that is not netlib's must hold probabilities: logits
    put there instead would give a wrong delta^[L] = (A^[L] - Y)/m.
    """
    if not isinstance(cache, Mapping):
        raise TypeError(f"cache must be the dict returned by forward, got {type(cache).__name__}")
    L = len(layer_sizes) - 1
    needed = [f"A{l}" for l in range(L + 1)] + [f"Z{l}" for l in range(1, L + 1)]
    missing = [k for k in needed if k not in cache]
    if missing:
        raise ValueError(f"cache lacks {missing}: pass the cache returned by forward(X)")
    checked = {k: handout.taken_back(k, cache[k], handed_out, dtype) for k in needed}
    check_examples("A0", checked["A0"])
    m = checked["A0"].shape[1]
    for l in range(L + 1):
        n = layer_sizes[l]
        check_shape(f"A{l}", checked[f"A{l}"], (n, m), f"(n^[{l}], m)")
        if l:
            check_shape(f"Z{l}", checked[f"Z{l}"], (n, m), f"(n^[{l}], m)")
    AL = f"A{L}"
    if probabilities and not handout.untouched(cache[AL], handed_out.get(AL)):
        check_probabilities(AL, checked[AL])
    return checked


def checked_grads(
    grads: object, params: Params, dtype: np.dtype, handed_out: Mapping[str, Array]
) -> dict[str, Array]:
    """``dW^[l]``, ``db^[l]`` with the shapes of ``W^[l]``, ``b^[l]``, for every layer.

    An entry that is the untouched array ``backward`` handed out skips the scan of its
    entries; every other entry is checked in full.
    """
    if not isinstance(grads, Mapping):
        raise TypeError(f"grads must be the dict returned by backward, got {type(grads).__name__}")
    checked = {}
    for name, P in params.items():
        key = "d" + name
        if key not in grads:
            raise ValueError(f"grads has no {key}: compute every gradient before the step")
        dP = handout.taken_back(key, grads[key], handed_out, dtype)
        check_shape(key, dP, P.shape, f"like {name}")
        checked[key] = dP
    return checked
