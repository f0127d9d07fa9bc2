"""How a claim is read and checked: each reading agrees, disagrees or is ill-formed.

A claim is checked once for each way it can be read (the literal reading first). A reading
compares what the claim computes with the truth, shape first, then numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

import netlib as nl
from chapter_helpers import rounded

AGREES, DISAGREES, ILL_FORMED = "agrees", "disagrees", "ill-formed"
VERDICTS = ("correct", "imprecise", "ambiguous", "wrong")
WORST = {AGREES: 0, DISAGREES: 1, ILL_FORMED: 2}


@dataclass
class Reading:
    """One way of reading a claim, and what the check found when it was read that way."""

    how: str  # the reading, in words
    outcome: str  # AGREES, DISAGREES or ILL_FORMED
    evidence: str  # what was computed, with numbers
    by: str  # the kind of check: "central differences", "SymPy", "shape", "netlib"
    error: float | None = None  # the relative error, when numbers were compared


def verdict_of(readings: list[Reading]) -> str:
    """The verdict, from the readings alone; the first reading is the literal one."""
    literal, others = readings[0], readings[1:]
    if literal.outcome == AGREES:
        if any(r.outcome == DISAGREES for r in others):
            return "ambiguous"
        return "correct"
    if any(r.outcome == AGREES for r in others):
        if literal.outcome == ILL_FORMED and all(r.outcome != DISAGREES for r in others):
            return "imprecise"
        return "ambiguous"
    return "wrong"


def shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def compare(
    how: str,
    compute: Callable[[], object],
    truth: np.ndarray,
    against: str = "central differences",
    by: str | None = None,
) -> Reading:
    """Evaluate one reading and compare it with the truth: shape first, then numbers.

    A reading that cannot be computed, or gives the wrong shape, is ill-formed. Otherwise a
    relative error below 1e-7 agrees and one above 1e-3 disagrees; nothing in between occurs
    (it is asserted), so no verdict rests on a borderline number.
    """
    by = by or against
    try:
        value = np.asarray(compute(), dtype=float)
    except (ValueError, sp.ShapeError) as err:
        return Reading(how, ILL_FORMED, f"cannot be computed: {err}", "shape")
    except TypeError as err:
        return Reading(how, ILL_FORMED, f"cannot be computed: {err}", "arguments")
    if value.shape != truth.shape:
        return Reading(
            how,
            ILL_FORMED,
            f"has shape {shape_text(value.shape)}, {against}: {shape_text(truth.shape)}",
            "shape",
        )
    error = nl.relative_error(value, truth)
    if error < 1e-7:
        return Reading(how, AGREES, f"relative error to {against} < 1e-7", by, error)
    assert error > 1e-3, (how, error)
    evidence = f"relative error to {against} {rounded(error)}"
    if nl.relative_error(-value, truth) < 1e-7:
        evidence += ": it is exactly minus the right value"
    return Reading(how, DISAGREES, evidence, by, error)


def shape_reading(symbol: str, declared: tuple[int, ...], array: np.ndarray, what: str) -> Reading:
    """A declared shape against the array netlib computes with."""
    declared = tuple(int(n) for n in declared)
    return Reading(
        f"{symbol} has shape {shape_text(declared)}" if symbol else "",
        AGREES if declared == array.shape else DISAGREES,
        f"{what}: shape {shape_text(array.shape)}",
        "shape",
    )


def all_of(how: str, readings: list[Reading]) -> Reading:
    """One reading made of several instances (e.g. every layer): it agrees if all agree."""
    worst = max(readings, key=lambda r: WORST[r.outcome])
    evidence = list(dict.fromkeys(r.evidence for r in readings))
    if len(evidence) == 1 and len(readings) > 1:
        evidence = [f"{evidence[0]} (all {len(readings)})"]
    else:
        evidence = [f"{r.how}: {r.evidence}" if r.how else r.evidence for r in readings]
    return Reading(
        how,
        worst.outcome,
        "; ".join(evidence),
        ", ".join(dict.fromkeys(r.by for r in readings)),
    )
