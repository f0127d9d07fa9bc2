"""Four checks that catch a wrong part of a training step, and a table of what catches what.

A :class:`Parts` is one training step of a small network written out piece by piece: the
softmax, the loss, the output error ``delta^[L]``, the backward pass of a linear map, the ReLU
backward, or the whole backward pass. Every default is the right one
(``netlib.mistakes.right_*``); :func:`parts_for` puts one wrong piece in its place, such as a
catalogue entry's code. The checks, each on the step with that one piece replaced:

- **shape** (:func:`check_shapes`): the step runs, and every gradient has the shape of its
  parameter.
- **NaN** (:func:`check_finite`): at logits in the hundreds and thousands the loss and every
  gradient stay finite.
- **SymPy** (:func:`check_symbolic`): the piece run on matrices of SymPy symbols equals the
  derivative taken by definition; for the two pieces that are formulas in matrices (the linear
  map and the output error).
- **gradient check** (:func:`check_gradients`): the gradients the step subtracts equal central
  differences of the step's own loss.

The network has the sizes ``n_x = 2, n^[1] = 4, n^[2] = 3, n_y = 5`` and ``m = 6`` examples,
all different, so that shapes tell quantities apart. SymPy is imported (through
:mod:`netlib.symbolic`) when the SymPy check first runs: ``import netlib`` never imports it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from . import diagnose
from . import mistakes as catalogue
from .data import one_hot
from .diagnose import Diagnosis
from .gradcheck import numerical_gradient, relative_error
from .kernels import relu
from .mlp import MLP

Array = np.ndarray

SIZES = (2, 4, 3, 5)  # n_x, n^[1], n^[2], n_y
M = 6  # examples
LEARNING_RATE = 0.5  # what a layer updated too early moves by
EXTREME_SCALES = np.array([1, 10, 100, 300, 1000, 3000])  # each column scaled on its own
CHECKS = ("shape", "NaN", "SymPy", "gradient check")
PASSES, FAILS, NOT_APPLICABLE = "passes", "fails", "n/a"


@dataclass(frozen=True)
class Network:
    """The parameters and the examples every check runs on."""

    params: dict[str, Array]  # W1: (n^[1], n_x), b1: (n^[1], 1), ..., b3: (n_y, 1)
    X: Array  # (n_x, m)
    Y: Array  # (n_y, m), one-hot
    X_extreme: Array  # X with its columns scaled up: logits in the hundreds and thousands


@functools.cache
def network() -> Network:
    """Random weights and biases (seed 11), the shapes of ``MLP(SIZES)``."""
    rng = np.random.default_rng(11)
    params = {k: rng.standard_normal(P.shape) for k, P in MLP(SIZES, seed=0).params.items()}
    X = rng.standard_normal((SIZES[0], M))
    Y = one_hot(np.array([0, 1, 2, 3, 4, 1]), SIZES[-1])
    return Network(params, X, Y, X * EXTREME_SCALES)


@dataclass(frozen=True)
class Parts:
    """The pieces of one training step; every default is the right one."""

    softmax: Callable = catalogue.right_softmax  # Z -> A, column by column
    loss: Callable = catalogue.right_softmax_cross_entropy  # (Z^[L], Y) -> J
    output_delta: Callable = catalogue.right_output_delta  # (A^[L], Y) -> delta^[L]
    linear_backward: Callable = catalogue.right_linear_backward  # (dZ, A_prev, W) -> 3 arrays
    hidden_backward: Callable = catalogue.right_relu_backward  # (dA, Z) -> dZ
    backward: Callable | None = None  # (params, cache, Y) -> grads, in place of the pieces


SLOTS = {
    "softmax": "softmax",
    "softmax_cross_entropy": "loss",
    "softmax_cross_entropy_backward": "output_delta",
    "linear_backward": "linear_backward",
    "relu_backward": "hidden_backward",
    "backward": "backward",
}
"""A step of ``netlib.mistakes`` -> the piece of :class:`Parts` it replaces."""

REPLACES = {
    "softmax": "nl.softmax",
    "softmax_cross_entropy": "nl.softmax_cross_entropy",
    "softmax_cross_entropy_backward": "nl.softmax_cross_entropy_backward",
    "linear_backward": "nl.linear_backward",
    "relu_backward": "nl.relu_backward",
    "backward": "MLP.backward",
}
"""A step -> the netlib function its code stands in for."""


def parts_for(step: str | None, fn: Callable | None) -> Parts:
    """The right step with ``fn`` in the place of ``step``'s piece (nothing replaced: None)."""
    return Parts() if step is None else replace(Parts(), **{SLOTS[step]: fn})


# --- the training step, piece by piece ------------------------------------------------------


def forward(params: dict, X: Array, parts: Parts) -> dict[str, Array]:
    """The cache ``{"A0": X, "Z1", "A1", ..., "Z3", "A3"}``: ReLU hidden, ``parts.softmax`` out."""
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = parts.softmax(Z) if l == L else relu(Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return cache


def loss(params: dict, X: Array, Y: Array, parts: Parts) -> float:
    """``J`` by ``parts.loss`` from the logits ``Z^[L]``."""
    return parts.loss(forward(params, X, parts)[f"Z{len(params) // 2}"], Y)


def gradients_used(params: dict, X: Array, Y: Array, parts: Parts) -> dict[str, Array]:
    """``{"dW1", "db1", ...}``: what the step subtracts (times the learning rate).

    ``params`` is not changed: a backward pass that updates a layer before propagating gets
    a copy.
    """
    cache = forward(params, X, parts)
    params = {k: v.copy() for k, v in params.items()}
    if parts.backward is not None:
        grads = parts.backward(params, cache, Y)
    else:
        grads = catalogue.backward_with(
            params,
            cache,
            Y,
            output_delta=parts.output_delta,
            linear_backward=parts.linear_backward,
            hidden_backward=parts.hidden_backward,
        )
    return {key: value for key, value in grads.items() if key[:2] in ("dW", "db")}


# --- the four checks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """What one check found: ``status`` is ``"passes"``, ``"fails"`` or ``"n/a"``."""

    status: str
    detail: str  # what was computed, in words
    value: float | None = None  # the gradient check's largest relative error


def error_text(err: BaseException) -> str:
    """numpy's message, shortened: which sizes did not fit."""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    if "matmul" in text:  # numpy names the sizes at the end
        text = "the matrix product is not defined (size " + text.split("(size ")[-1]
    return text if len(text) < 90 else text[:87] + "..."


def check_shapes(parts: Parts, net: Network | None = None) -> Check:
    """The step runs, and every gradient has the shape of its parameter."""
    net = net or network()
    try:
        with np.errstate(all="ignore"):
            grads = gradients_used(net.params, net.X, net.Y, parts)
    except (ValueError, TypeError) as err:
        return Check(FAILS, error_text(err))
    for k, P in net.params.items():
        shape = np.shape(grads.get("d" + k))
        if shape != P.shape:
            return Check(FAILS, f"d{k} has shape {shape}, {k} has {P.shape}")
    return Check(PASSES, "every gradient has the shape of its parameter")


def check_finite(parts: Parts, net: Network | None = None) -> Check:
    """``J`` and every gradient finite at logits in the hundreds and thousands."""
    net = net or network()
    if check_shapes(parts, net).status == FAILS:
        return Check(NOT_APPLICABLE, "the shape check fails first")
    with np.errstate(all="ignore"):
        J = loss(net.params, net.X_extreme, net.Y, parts)
        grads = gradients_used(net.params, net.X_extreme, net.Y, parts)
    bad = ([] if np.isfinite(J) else ["J"]) + [
        k for k, g in grads.items() if not np.all(np.isfinite(g))
    ]
    if bad:
        return Check(FAILS, f"not finite at extreme logits: {', '.join(bad)}")
    return Check(PASSES, "J and every gradient finite at extreme logits")


GRADIENT_PASSES, GRADIENT_FAILS = 1e-7, 1e-3  # relative errors; in between is "unclear"


def check_gradients(parts: Parts, net: Network | None = None) -> Check:
    """The gradients the step uses against central differences of the step's own loss.

    Passes below a relative error of 1e-7, fails above 1e-3, and is ``"unclear"`` between.
    """
    net = net or network()
    if check_shapes(parts, net).status == FAILS:
        return Check(NOT_APPLICABLE, "the shape check fails first")
    grads = gradients_used(net.params, net.X, net.Y, parts)
    params = {k: v.copy() for k, v in net.params.items()}
    errors = {
        k: relative_error(
            grads["d" + k], numerical_gradient(lambda: loss(params, net.X, net.Y, parts), P)
        )
        for k, P in params.items()
    }
    worst = max(errors, key=errors.get)
    largest = errors[worst]
    if largest < GRADIENT_PASSES:
        return Check(PASSES, "relative error < 1e-7 for all six gradients", largest)
    if largest <= GRADIENT_FAILS:
        return Check("unclear", f"relative error {largest:.2g}, between 1e-7 and 1e-3", largest)
    wrong = ", ".join("d" + k for k in errors if errors[k] > GRADIENT_FAILS)
    # Gradients off by one factor share the largest error up to round-off: name them all,
    # since which of them comes out on top depends on the last bit.
    tied = ", ".join("d" + k for k in errors if errors[k] >= largest * (1 - 1e-6))
    if tied == wrong and "," in tied:
        return Check(
            FAILS, f"relative error {largest:.2g} in every wrong gradient ({wrong})", largest
        )
    return Check(FAILS, f"relative error {largest:.2g} ({tied}); wrong: {wrong}", largest)


# --- the SymPy check: the piece run on matrices of symbols ----------------------------------


@functools.cache
def _symbolic_truth() -> dict:
    """The derivatives by definition, at sizes that all differ; built once, SymPy on demand."""
    from . import symbolic as sym  # SymPy is imported here, not with netlib

    sp = sym.sp
    # the linear map: n^[l] = 2, n^[l-1] = 3, m = 4
    W, A = sym.symbol_matrix("w", 2, 3), sym.symbol_matrix("a", 3, 4)
    b, delta = sym.symbol_matrix("b", 2, 1), sym.symbol_matrix("delta", 2, 4)
    # the output layer: 3 classes, 2 examples; at point the softmax is 1/6, 1/2, 1/3
    Z = sym.symbol_matrix("z", 3, 2)
    Y = sp.Matrix([[1, 0], [0, 1], [0, 0]])
    point = dict(zip(Z, [0, sp.log(3), sp.log(2), 0, sp.log(3), sp.log(2)], strict=True))
    return {
        "linear_args": (delta, A, W),
        "linear": sym.linear_chain(delta, A, W, b),
        "output_args": (sym.softmax(Z), Y),
        "output": sym.gradient(sym.cross_entropy(sym.softmax(Z), Y), Z),
        "point": point,
    }


def _on_symbols(matrix) -> Array:
    """A SymPy matrix as a numpy array of SymPy expressions: numpy code runs on it unchanged."""
    return np.array(matrix.tolist(), dtype=object)


def compare_symbolic(name: str, got: object, want, point: dict | None = None) -> Check:
    """``got`` (numpy objects) against the SymPy matrix ``want``: the first entry that differs.

    With ``point``, a difference is shown at that exact point; without, as a multiple of the
    derivative's entry when it is one (``-3/4 times the derivative``), else factored.
    """
    from .symbolic import sp  # SymPy, through the one module of netlib that imports it

    shape = np.shape(got)
    if shape == ():
        return Check(FAILS, f"{name} is a single number, the derivative has shape {want.shape}")
    if shape != want.shape:
        return Check(FAILS, f"{name} has shape {shape}, the derivative {want.shape}")
    difference = sp.Matrix(np.asarray(got, dtype=object).tolist()) - want
    entries = [((i, j), difference[i, j]) for i in range(want.rows) for j in range(want.cols)]
    if point is not None:  # an exact counterexample first, at a point where exp is rational
        for (i, j), d in entries:
            at_point = sp.nsimplify(d.subs(point))
            if at_point != 0:
                return Check(
                    FAILS,
                    f"{name} minus the derivative at an exact point: entry ({i + 1}, {j + 1}) "
                    f"is {at_point}",
                )
        nonzero = [(ij, d) for ij, d in entries if sp.simplify(d) != 0]
    else:
        nonzero = [(ij, d) for ij, d in entries if sp.expand(d) != 0]
    if not nonzero:
        return Check(PASSES, f"{name} minus the derivative simplifies to 0")
    (i, j), d = nonzero[0]
    ratio = sp.simplify(d / want[i, j]) if want[i, j] != 0 else sp.nan
    detail = f"{ratio} times the derivative's entry" if ratio.is_Rational else sp.factor(d)
    return Check(FAILS, f"{name} minus the derivative: entry ({i + 1}, {j + 1}) is {detail}")


def check_symbolic(step: str | None, fn: Callable | None) -> Check:
    """``fn`` in the place of ``step``'s piece, on symbols, against the derivative by definition.

    For ``"linear_backward"`` (``dW``, ``db``, ``dA_prev`` by the chain rule through
    ``Z = W A_prev + b``) and ``"softmax_cross_entropy_backward"`` (``dJ/dZ^[L]`` of the
    cross-entropy of the softmax); ``step=None`` checks the right pieces of both. Any other
    step is ``"n/a"``: its piece is not a formula in matrices.
    """
    if step is None:
        for right in ("linear_backward", "softmax_cross_entropy_backward"):
            check = check_symbolic(right, getattr(Parts(), SLOTS[right]))
            if check.status != PASSES:
                return check
        return Check(PASSES, "dW, db, dA_prev and dZ minus the derivatives simplify to 0")
    if step not in ("linear_backward", "softmax_cross_entropy_backward"):
        return Check(NOT_APPLICABLE, "not a formula in matrices")
    truth = _symbolic_truth()
    if step == "linear_backward":
        args = tuple(_on_symbols(a) for a in truth["linear_args"])
        names, want, point = ("dA_prev", "dW", "db"), truth["linear"], None
    else:
        args = tuple(_on_symbols(a) for a in truth["output_args"])
        names, want, point = ("dZ",), {"dZ": truth["output"]}, truth["point"]
    try:
        got = fn(*args)
    except (ValueError, TypeError, AttributeError) as err:
        return Check(FAILS, f"not defined on the symbols: {error_text(err)}")
    values = dict(zip(names, got if len(names) > 1 else (got,), strict=True))
    for name in ("dW", "db", "dA_prev", "dZ"):
        if name in values:
            check = compare_symbolic(name, values[name], want[name], point)
            if check.status != PASSES:
                return check
    return Check(PASSES, f"{', '.join(sorted(values))} minus the derivatives simplify to 0")


# --- every check on one piece, and the table of what catches what ---------------------------


@dataclass(frozen=True)
class Report:
    """The four checks and the diagnoser on one piece put into the step."""

    name: str  # a row of the table
    step: str | None  # the step whose piece is replaced; None: nothing replaced
    checks: dict[str, Check]  # CHECKS -> what each found
    diagnosis: Diagnosis | None  # nl.diagnose.<step> of the piece; None when nothing replaced

    @property
    def caught_by(self) -> str:
        """The checks that fail, ``"passes"`` when none does."""
        caught = [name for name in CHECKS if self.checks[name].status == FAILS]
        return ", ".join(caught) if caught else PASSES


def check(name: str, step: str | None = None, fn: Callable | None = None) -> Report:
    """Every check on the step with ``fn`` in the place of ``step``'s piece, and the diagnoser.

    ``fn`` has the signature of the step (``netlib.mistakes``); ``step=None`` checks the right
    step. The diagnoser of a ``"backward"`` piece runs on ``layer_sizes=(4, 5, 3, 3)``.
    """
    parts, net = parts_for(step, fn), network()
    checks = {
        "shape": check_shapes(parts, net),
        "NaN": check_finite(parts, net),
        "SymPy": check_symbolic(step, fn),
        "gradient check": check_gradients(parts, net),
    }
    return Report(name, step, checks, None if step is None else getattr(diagnose, step)(fn))


def check_mistake(mistake: catalogue.Mistake) -> Report:
    """:func:`check` of a catalogue entry's code, under its title."""
    return check(mistake.title, mistake.step, mistake.code)


def _cell(result: Check) -> str:
    if result.status == PASSES:
        return "ok"
    if result.status == NOT_APPLICABLE:
        return "-"
    if result.value is not None:  # the gradient check: its relative error
        return f"**{result.value:.2g}**"
    return f"**{result.status}**"


def _diagnosed(d: Diagnosis | None) -> str:
    if d is None:
        return "-"
    if d.ok:
        return "ok"
    # Plain text, not code: an id may break at its hyphens, so the table fits the page.
    named = ", ".join(d.mistakes) if d.mistakes else "(no entry named)"
    return f"**{d.quantity}**: {named}"


def table(reports: list[Report]) -> str:
    """A Markdown table: a row per report, grouped by the netlib function replaced.

    A check's column says ``ok``, ``-`` (does not apply) or **fails** (for the gradient check,
    its relative error); the last column the first output ``nl.diagnose`` finds wrong and the
    catalogue entries it recognises.
    """
    rows = [
        "| mistake | shape | NaN | SymPy | gradient check | diagnosis |",
        "|---|---|---|---|---|---|",
    ]
    group = object()
    for r in reports:
        if r.step != group:
            group = r.step
            # A zero-width space after each underscore lets a long name break, so the table
            # fits the page.
            name = REPLACES[group].replace("_", "_\u200b") if group else ""
            label = f"*in place of* `{name}`" if group else "*the reference*"
            rows.append(f"| {label} | | | | | |")
        cells = " | ".join(_cell(r.checks[name]) for name in CHECKS)
        rows.append(f"| {r.name} | {cells} | {_diagnosed(r.diagnosis)} |")
    return "\n".join(rows)


def details(reports: list[Report]) -> str:
    """A Markdown list: how each check that fails caught each piece, in words and numbers."""
    lines = []
    for r in reports:
        caught = [f"*{k}*: {c.detail}" for k, c in r.checks.items() if c.status == FAILS]
        lines.append(f"- **{r.name}**: " + ("; ".join(caught) if caught else "no check fails"))
    return "\n".join(lines)
