"""Input checks that speak the book's notation.

Every public function of netlib passes its arguments through these helpers, so a wrong
shape, a NaN or a list of lists of different lengths is reported with the name of the
symbol it was given as, the shape that was expected and the shape that came.

Array subclasses follow one rule everywhere (:func:`plain_array`): an ``np.matrix`` or any
other subclass becomes a plain ndarray with the same entries, so ``*`` stays entrywise; a
masked array is accepted only when nothing is masked, since netlib computes with every entry.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))

MAX_CLASSES = 1000
"""The most classes netlib's labels may name: a label, ``n_classes`` or ``n_y`` above it is
an error, not an allocation of ``n_classes`` rows (or ``n_classes^2`` counts)."""

MAX_PARAMETERS = 10_000_000
"""The most parameters (80 MB in float64) a network netlib builds or loads may have."""


def plain_array(name: str, value: np.ndarray) -> np.ndarray:
    """An ndarray subclass as a plain ndarray with the same entries (no copy).

    ``np.matrix`` would turn ``*`` and ``**`` into matrix products, so it never reaches a
    formula; a masked array is refused when it masks anything, as a masked NaN would slip
    past the finiteness check and a masked entry would still be used.
    """
    if type(value) is np.ndarray:
        return value
    if isinstance(value, np.ma.MaskedArray):
        n_masked = int(np.ma.count_masked(value))
        if n_masked:
            raise ValueError(
                f"{name} is a masked array with {n_masked} masked entries; netlib uses every "
                "entry: fill them (.filled(value)) or remove those examples first"
            )
        return np.asarray(value.data)
    return np.asarray(value)


def all_finite(arrays: Iterable[np.ndarray]) -> bool:
    """True when every entry of every array is finite.

    A NaN or an infinity makes a sum non-finite, so one sum decides the usual case; only a sum
    that overflowed is looked at entry by entry. Small arrays are summed as one (a copy costs
    less than a call per array), large ones one by one (no copy).
    """
    arrays = list(arrays)
    if sum(A.size for A in arrays) <= SMALL:
        total = float(np.add.reduce(np.concatenate(arrays, axis=None)))
    else:
        total = sum([float(np.add.reduce(A, axis=None)) for A in arrays])
    return math.isfinite(total) or all(np.isfinite(A).all() for A in arrays)


SMALL = 1 << 15
"""Below this many entries in all, :func:`all_finite` copies the arrays into one to sum."""


def as_matrix(
    name: str, value: object, *, dtype: np.dtype | None = None, one_d_hint: str | None = None
) -> np.ndarray:
    """Return ``value`` as a finite 2-D float array, or raise an error that names ``name``.

    Integer and boolean input becomes float64 (or ``dtype``); float32 and float64 input keeps
    its dtype unless ``dtype`` asks for another one. No copy is made when none is needed.
    ``one_d_hint`` replaces the usual hint for a 1-D array (a single column has shape (n, 1)).
    """
    arr = _as_numeric_array(name, value)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = one_d_hint or (
                f"a column vector has shape ({arr.shape[0]}, 1): netlib's vectors are columns "
                "(one example of X, or a bias b), never 1-D arrays"
            )
            hint = "; " + hint
        raise ValueError(f"{name} must be a 2-D array (a matrix), got shape {arr.shape}{hint}")
    if dtype is not None:
        target = np.dtype(dtype)
    elif arr.dtype in FLOAT_DTYPES:
        target = arr.dtype
    else:
        target = np.dtype(np.float64)
    check_finite(name, arr)
    with np.errstate(over="ignore"):
        converted = arr.astype(target, copy=False)
    if converted is not arr and not np.isfinite(converted).all():
        raise ValueError(
            f"{name} has entries too large for {target} (largest magnitude "
            f"{np.abs(arr).max():.3g}, the limit is {np.finfo(target).max:.3g})"
        )
    return converted


LABELS_HINT = "class labels of shape (m,) become one-hot columns with netlib.one_hot(labels, n_y)"
"""The hint for a 1-D Y: one-hot targets are a matrix (n_y, m), labels are not."""


def _as_numeric_array(name: str, value: object) -> np.ndarray:
    if isinstance(value, np.ndarray):
        arr = plain_array(name, value)
    else:
        try:
            arr = np.asarray(value)
        except ValueError as err:  # numpy refuses ragged nested lists
            raise ValueError(
                f"{name} is ragged: its rows have different lengths, so it is not a matrix"
            ) from err
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}")
    return arr


def as_labels(name: str, labels: object) -> np.ndarray:
    """Return class indices ``(m,)`` as int64, or raise an error that names ``name``."""
    y = _as_numeric_array(name, labels)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices (m,), got shape {y.shape}")
    if y.size == 0:
        raise ValueError(f"{name} is empty (m = 0); it must be a non-empty array of class indices")
    if y.dtype.kind == "f" and not (np.all(np.isfinite(y)) and np.all(y == np.round(y))):
        raise ValueError(f"{name} must be whole numbers (class indices 0, 1, ...)")
    # Compared before the cast, so that 1e19 or a uint64 above 2^63 cannot wrap around.
    outside = (y < 0) | (y >= MAX_CLASSES)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise ValueError(
            f"{name} must lie in 0..{MAX_CLASSES - 1} (class indices; netlib handles at most "
            f"{MAX_CLASSES} classes); got {y[i].item()!r} at position {i}"
        )
    return y.astype(np.int64, copy=False)


def finite_result(result: object, what: str, inputs: str) -> None:
    """Raise ``ValueError`` when ``result`` (an array, a tuple of them, or a number) is not
    finite: finite ``inputs`` whose products or sums overflowed in computing ``what``."""
    parts = result if isinstance(result, tuple) else (result,)
    arrays = [np.asarray(p) for p in parts if p is not None]
    if not all_finite(arrays):
        raise ValueError(f"{what} overflows: {inputs} are too large for {arrays[0].dtype}")


def check_finite(name: str, arr: np.ndarray) -> None:
    """Raise ``ValueError`` if ``arr`` holds NaN or infinity."""
    # Integers are finite; a NaN or an infinity makes the sum non-finite, so one sum decides
    # the usual case, and only a sum that overflowed is looked at entry by entry.
    if arr.dtype.kind != "f" or math.isfinite(np.add.reduce(arr, axis=None)):
        return
    if not np.isfinite(arr).all():
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(
            f"{name} contains {n_nan} NaN and {n_inf} infinite entries; "
            "every entry must be a finite number"
        )


def check_shape(
    name: str,
    arr: np.ndarray,
    expected: Sequence[int | None],
    symbols: str,
    *,
    columns_are_examples: bool = False,
) -> None:
    """Raise ``ValueError`` unless ``arr.shape`` matches ``expected`` (``None`` matches any size).

    ``symbols`` is the expected shape in the book's notation, e.g. ``"(n^[1], n_x)"``.
    With ``columns_are_examples`` the message hints at the transpose when it would fit.
    """
    if arr.shape == expected:  # the usual case, decided without a loop
        return
    if len(arr.shape) == len(expected) and all(
        want is None or want == got for want, got in zip(expected, arr.shape, strict=True)
    ):
        return
    shown = ", ".join("?" if e is None else str(e) for e in expected)
    shown = f"({shown},)" if len(expected) == 1 else f"({shown})"
    msg = f"{name} must have shape {symbols} = {shown}, got {arr.shape}"
    transposed = arr.shape[::-1]
    if len(expected) == 2 == len(transposed) and all(
        want is None or want == got for want, got in zip(expected, transposed, strict=True)
    ):
        if columns_are_examples:
            msg += (
                "; examples must be columns: did you pass the transpose (m, n) instead of (n, m)?"
            )
        else:
            msg += "; it looks transposed"
    raise ValueError(msg)


def check_examples(name: str, arr: np.ndarray) -> None:
    """Raise ``ValueError`` if a data matrix has no examples (m = 0) or no rows."""
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has m = 0 examples (shape {arr.shape}); it needs at least one")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has 0 rows (shape {arr.shape}); it needs at least one")


def check_same_m(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same number of columns m."""
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of examples m (columns): "
            f"{name_a} has shape {a.shape}, {name_b} has shape {b.shape}"
        )


def check_one_hot(name: str, Y: np.ndarray) -> None:
    """Raise ``ValueError`` unless every column of ``Y`` is a one-hot vector."""
    not_binary = (Y != 0) & (Y != 1)
    if not_binary.any():
        i, j = np.argwhere(not_binary)[0]
        raise ValueError(
            f"{name} must be one-hot (entries 0 or 1, one 1 per column); "
            f"{name}[{i}, {j}] = {Y[i, j].item()!r}. Use netlib.one_hot(labels, n_y) to build it"
        )
    sums = Y.sum(axis=0)
    bad = np.flatnonzero(sums != 1)
    if bad.size:
        j = int(bad[0])
        raise ValueError(
            f"{name} must be one-hot (exactly one 1 per column); column {j} has {int(sums[j])} "
            f"ones ({bad.size} such columns). Examples are columns: Y has shape (n_y, m)"
        )


def check_targets(
    name: str, Y: np.ndarray, expected: Sequence[int], symbols: str, *, one_hot: bool
) -> None:
    """Raise ``ValueError`` unless the targets ``Y`` have shape ``expected`` = (n_y, m) and,
    with ``one_hot``, one-hot columns. Labels given as one row get the one-hot hint."""
    try:
        check_shape(name, Y, expected, symbols, columns_are_examples=True)
    except ValueError as err:
        if one_hot and Y.shape[0] == 1:
            raise ValueError(f"{err}; {LABELS_HINT}") from None
        raise
    if one_hot:
        try:
            check_one_hot(name, Y)
        except ValueError as err:
            if is_label_row(Y):  # binary labels of one output, given where one-hot was expected
                raise ValueError(f"{err}; {BINARY_HINT}") from None
            raise


def check_probabilities(name: str, A: np.ndarray) -> None:
    """Raise ``ValueError`` unless every column of ``A`` is a probability vector."""
    if (A < 0).any() or (A > 1).any():
        raise ValueError(f"{name} must hold probabilities in [0, 1] (a softmax output)")
    tol = 1e-4 if A.dtype == np.float32 else 1e-8
    sums = A.sum(axis=0)
    bad = np.flatnonzero(np.abs(sums - 1) > tol)
    if bad.size:
        j = int(bad[0])
        raise ValueError(
            f"every column of {name} must sum to 1 (a softmax output); column {j} sums to "
            f"{sums[j]:.6g}"
        )


def check_positive_finite(name: str, value: object) -> float:
    """Return ``value`` as a float, or raise unless it is a finite number > 0."""
    value = _real(name, value, "a number")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def check_int(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise unless it is an integer in ``minimum..maximum``.

    ``minimum=1`` for counts (epochs, m, classes), ``minimum=0`` for random seeds.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value[()]  # an integer held in a 0-d array
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {_shown(value)}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {_shown(value)}")
    return int(value)


# --- a sigmoid output: labels of 0/1, probabilities in [0, 1] ------------------------------

BINARY_HINT = (
    "for a row of 0/1 labels use netlib.one_hot(labels, 2) (two-unit softmax) or a network "
    'with output="sigmoid" and n_y = 1'
)
"""The hint for binary labels met where one-hot columns were expected."""

ROW_HINT = "binary labels of one output form a row of shape (1, m): use labels.reshape(1, -1)"
"""The hint for a 1-D Y given to a sigmoid output."""


def is_label_row(Y: np.ndarray) -> bool:
    """True for a (1, m) row of 0/1: binary labels, not one-hot columns."""
    return Y.ndim == 2 and Y.shape[0] == 1 and bool(np.isin(Y, (0, 1)).all())


def check_binary(name: str, Y: np.ndarray) -> None:
    """Raise ``ValueError`` unless every entry of ``Y`` is 0 or 1 (labels of a sigmoid output)."""
    bad = np.argwhere(~np.isin(Y, (0, 1)))
    if bad.size:
        i, j = bad[0]
        entry = f"{name}[{i}, {j}] = {Y[i, j].item()!r}"
        raise ValueError(f"{name} must hold binary labels 0 or 1 (a sigmoid output); {entry}")


def check_unit_interval(name: str, A: np.ndarray) -> None:
    """Raise ``ValueError`` unless every entry of ``A`` lies in [0, 1] (a sigmoid output)."""
    if (A < 0).any() or (A > 1).any():
        raise ValueError(
            f"{name} must hold probabilities in [0, 1] (a sigmoid output); for the logits "
            "Z^[L] use netlib.sigmoid_cross_entropy(ZL, Y)"
        )


def check_real(name: str, value: object, minimum: float | None = None) -> float:
    """Return ``value`` as a float, or raise unless it is a finite real number >= ``minimum``."""
    checked = _real(name, value, "a real number")
    if not math.isfinite(checked):
        raise ValueError(f"{name} must be a finite number, got {checked}")
    if minimum is not None and checked < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {checked}")
    return checked


def _real(name: str, value: object, kind: str) -> float:
    """A real number (not a bool, possibly in a 0-d array) as a float; ``kind`` names it."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]  # a number held in a 0-d array
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:  # a Python int beyond the float range
        raise ValueError(f"{name} must be a finite number, got {_shown(value)}") from None


def _shown(value: object) -> str:
    """``value`` for a message, short even for an integer of thousands of digits."""
    if isinstance(value, int) and abs(value) > 10**30:
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    return str(value)
