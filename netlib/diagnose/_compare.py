"""Comparing what a function returned with the right value, and naming how they relate."""

from __future__ import annotations

import numbers

import numpy as np

Array = np.ndarray

# float32 arithmetic inside the learner's code is right: its relative error is ~1e-7 per
# operation, far below this; the mistakes recognised differ by factors of 2 or more.
RTOL = 1e-4


class Missing:
    """Stands for an output the function did not return (a key missing from its dict)."""

    def __repr__(self) -> str:
        return "missing"


MISSING = Missing()


def as_numbers(value: object, scalar: bool) -> tuple[Array | None, str | None]:
    """``(value as a float64 array, None)``, or ``(None, what is wrong with its type)``."""
    if scalar:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return np.array(float(value)), None
        if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "fiu":
            return np.array(float(value.reshape(()))), None
        return None, f"is {_kind(value)}, not a number"
    if type(value) is np.ndarray:  # a subclass (np.matrix, a masked array) changes what * does
        if value.dtype.kind not in "fiub":
            return None, f"is an array of {value.dtype} entries, not of numbers"
        return value.astype(np.float64), None
    return None, f"is {_kind(value)}, not a numpy array"


def _kind(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, np.matrix):
        return "an np.matrix (whose * is a matrix product)"
    if isinstance(value, np.ndarray):
        return f"a {type(value).__name__} (an array subclass)"
    if isinstance(value, list | tuple):
        return f"a {type(value).__name__} of {len(value)} items"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def loosely(value: object) -> Array | None:
    """Any numbers as a float64 array (lists and scalars too), for comparing two wrong values."""
    try:
        if np.iscomplexobj(value):
            return None
        return np.asarray(value, dtype=np.float64)
    except Exception:  # whatever the learner's object does when asked for its numbers
        return None


def close(a: Array, b: Array) -> bool:
    """Same shape, NaN and inf in the same places, the finite entries equal up to RTOL."""
    if a.shape != b.shape:
        return False
    finite = np.isfinite(b)
    if not np.array_equal(np.isfinite(a), finite):
        return False
    if not np.array_equal(a[~finite], b[~finite], equal_nan=True):
        return False
    if not finite.any():
        return True
    scale = np.max(np.abs(b[finite]))
    return bool(np.max(np.abs(a[finite] - b[finite])) <= RTOL * scale + 1e-12)


def problem(value: object, right: Array, scalar: bool) -> str | None:
    """None when ``value`` is right, else a short text of what is wrong with it."""
    if isinstance(value, Missing):
        return "is missing from what the function returned"
    got, kind = as_numbers(value, scalar)
    if kind:
        return kind
    if got.shape != right.shape:
        return f"has shape {got.shape}, the right one has shape {right.shape}"
    if not np.isfinite(got).all() and np.isfinite(right).all():
        return "has NaN or inf entries where the right value is finite"
    if close(got, right):
        return None
    return "has the right shape but wrong values"


def _factor(c: float, m: int, n: int) -> tuple[str, str] | None:
    """How a known factor c between a value and the right one reads: (text, family)."""
    known = []
    if n > 1 and n != m:  # n, the rows of the output, taken for m or averaged over too
        mean_over_all = "a mean over all n m entries, not over the m examples"
        rows_for_m = f"divided by n = {n}, the rows, instead of m = {m}, the examples"
        known = [
            (1 / n, f"1/{n} times the right value: {mean_over_all}", "scale 1/m"),
            (m / n, f"{m}/{n} times the right value: {rows_for_m}", "scale 1/m"),
        ]
    for value, text, family in known + [
        (m, f"m = {m} times the right value: the 1/m is missing", "scale 1/m"),
        (
            1 / m,
            f"1/m = 1/{m} times the right value: the 1/m is applied once too often",
            "scale 1/m",
        ),
        (-1, "minus the right value: the sign is flipped", "sign"),
        (-m, f"-m = -{m} times the right value: the sign is flipped and the 1/m missing", "sign"),
        (-1 / m, "-1/m times the right value: the sign is flipped and 1/m applied twice", "sign"),
    ]:
        if abs(c - value) <= RTOL * abs(value):
            return text, family
    return None


def _summed_shape(got: tuple, right: tuple, m: int) -> bool:
    """Whether ``got`` is the shape an (n, m) array takes when summed wrongly, and ``right``
    the shape of a column (n, 1) or of the whole (n, m)."""
    if len(right) != 2 or right[1] not in (1, m):
        return False
    n = right[0]
    return got in {(n, 1), (1, m), (n,), (m,), (), (1, 1), (n, m)} - {right}


def relations(
    value: object, right: Array, m: int, scalar: bool = False, n: int = 0
) -> list[tuple[str, str]]:
    """How a wrong value relates to the right one: a list of ``(text, family)``.

    Tried in turn: a transpose, a 1-D array (keepdims missing), then a constant factor
    (m, 1/m, -1, ...). Empty when no simple relation holds.
    """
    got, kind = as_numbers(value, scalar)
    if kind:
        return []
    found = []
    if got.shape != right.shape:
        if got.ndim == 2 and got.shape == right.T.shape:
            found.append((f"shape {got.shape} is the shape of the transpose", "transpose"))
            got = got.T
        elif got.size == right.size and got.ndim < right.ndim:
            found.append(
                (
                    f"it is a 1-D array of shape {got.shape}: keepdims=True is missing",
                    "sum axis / keepdims",
                )
            )
            got = got.reshape(right.shape)
        elif _summed_shape(got.shape, right.shape, m):
            return [
                (
                    f"shape {got.shape} is that of a sum over the wrong axis, of no sum, or "
                    "of a sum without keepdims",
                    "sum axis / keepdims",
                )
            ]
        else:
            return found
    elif got.ndim == 2 and got.shape[0] == got.shape[1] and close(got.T, right):
        return [("it is the transpose of the right value", "transpose")]
    if not np.isfinite(got).all():
        return found
    if close(got, right):
        return found
    return found + _scaled(got, right, m, n, scalar)


def _scaled(got: Array, right: Array, m: int, n: int, scalar: bool) -> list[tuple[str, str]]:
    """A constant factor between ``got`` and ``right``, or between ``got.T`` and ``right``."""
    norm = float(np.sum(right * right))
    if not norm:
        return []
    square = got.ndim == 2 and got.shape[0] == got.shape[1]
    for transposed in (False, True) if square else (False,):
        G = got.T if transposed else got
        c = float(np.sum(G * right)) / norm
        if not close(G, c * right):
            continue
        factor = _factor(c, m, n)
        found = [("it is the transpose of the right value", "transpose")] if transposed else []
        if factor:
            found.append(factor)
        elif not scalar:  # for a single number any factor fits: only known ones say anything
            found.append((f"{c:.4g} times the right value", "other"))
        return found
    return []
