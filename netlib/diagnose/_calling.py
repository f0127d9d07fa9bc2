"""Calling a learner's function so that nothing it does can break the diagnoser."""

from __future__ import annotations

import contextlib
import io
import os
import re
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

# Frames inside numpy or netlib are not the learner's: the line to show is the learner's own.
_NOT_LEARNER = (os.path.dirname(np.__file__), os.path.dirname(os.path.dirname(__file__)))


@dataclass
class Call:
    """What one call of the learner's function did."""

    value: object = None  # what it returned
    error: str | None = None  # "ValueError: matmul: ...", when it raised
    line: str | None = None  # the learner's line that raised
    lines: tuple[str, ...] = ()  # the learner's lines on the way to the error, innermost first
    after: tuple = ()  # the copies it was handed, as they are after the call
    changed: tuple[str, ...] = field(default_factory=tuple)  # inputs it changed in place


def copied(value: object) -> object:
    """A deep copy of an array, or of a dict of arrays: the learner may change it freely."""
    if isinstance(value, dict):
        return {key: copied(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def _same(a: object, b: object) -> bool:
    try:
        return _equal(a, b)
    except Exception:  # something the learner put in place of an array
        return False


def _equal(a: object, b: object) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        same_shape = isinstance(b, np.ndarray) and a.shape == b.shape
        return same_shape and np.array_equal(a, b, equal_nan=True)
    return True


def _changed(names: tuple[str, ...], before: tuple, after: tuple) -> tuple[str, ...]:
    changed = []
    for name, a, b in zip(names, before, after, strict=True):
        if isinstance(a, dict):
            changed += [k for k in a if not _same(a[k], b.get(k) if isinstance(b, dict) else None)]
        elif not _same(a, b):
            changed.append(name)
    return tuple(changed)


def _learner_frames(err: BaseException) -> list[traceback.FrameSummary]:
    """The frames of the traceback in the learner's code (not numpy's, not netlib's)."""
    return [
        frame
        for frame in traceback.extract_tb(err.__traceback__)
        if not frame.filename.startswith(_NOT_LEARNER)
    ]


def learner_line(err: BaseException) -> str | None:
    """The last line of the traceback in the learner's code (not numpy's, not netlib's)."""
    frames = _learner_frames(err)
    return frames[-1].line if frames and frames[-1].line else None


def learner_lines(err: BaseException) -> tuple[str, ...]:
    """The learner's lines on the traceback, innermost first: a wrapper's ``db = own_db(dZ)``
    names the quantity when the learner's own function raised inside it."""
    return tuple(frame.line for frame in reversed(_learner_frames(err)) if frame.line)


def assigned_name(line: str | None) -> str | None:
    """``"dW"`` for the line ``dW = dZ @ A_prev``; None for any other kind of line."""
    match = re.match(r"\s*([A-Za-z_]\w*)\s*(?:[-+*/@]?=)(?!=)", line or "")
    return match.group(1) if match else None


def call(fn: Callable, args: tuple, names: tuple[str, ...]) -> Call:
    """Run ``fn`` on copies of ``args``, quietly; whatever it does becomes a :class:`Call`."""
    copies = tuple(copied(a) for a in args)
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                value = fn(*copies)
            except (Exception, SystemExit) as err:  # the learner's error is in the diagnosis
                message = str(err).splitlines()[0] if str(err) else ""
                return Call(
                    error=f"{type(err).__name__}: {message}".rstrip(": "),
                    line=learner_line(err),
                    lines=learner_lines(err),
                    after=copies,
                    changed=_changed(names, args, copies),
                )
    return Call(value=value, after=copies, changed=_changed(names, args, copies))


def check_callable(fn: object, signature: str) -> None:
    """Raise ``TypeError`` unless ``fn``, the learner's function to diagnose, is callable."""
    if not callable(fn):
        raise TypeError(
            f"fn must be the function to diagnose, {signature}, got {type(fn).__name__}"
        )
