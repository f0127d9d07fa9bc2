"""Diagnosing a whole backward pass, ``fn(params, cache, Y) -> {"dW1".., "db1"..}``.

It is judged on dW and db only, the quantities every convention shares, from the output layer
down. The probes come from netlib's own ``MLP``: its forward pass makes the cache, its
backward pass the right gradients.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from .. import mistakes as catalogue
from ..mlp import MLP
from ._calling import Call, call, check_callable, copied
from ._compare import MISSING, as_numbers, close
from ._diagnosis import Diagnosis
from ._judge import Probe, Step, Variant, judge

ARG_NAMES = ("params", "cache", "Y")
DISTINCT_SIZES = (5, 7, 4, 6, 8)  # with n_y = 3 and m = 9: every size differs


def _targets(output: str, rng: np.random.Generator, n_y: int, m: int) -> np.ndarray:
    """Y for an output: one-hot columns for softmax, a row of 0/1 for sigmoid, reals else."""
    if output == "softmax":
        return np.eye(n_y)[:, rng.integers(0, n_y, m)]
    if output == "sigmoid":
        return rng.integers(0, 2, (n_y, m)).astype(float)
    return rng.standard_normal((n_y, m))


def _probe(sizes, m, hidden, output, seed, name, zero_unit=False) -> Probe:
    rng = np.random.default_rng(30_000 + seed)
    net = MLP(sizes, hidden=hidden, output=output, seed=0)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) * np.sqrt(2 / sizes[l - 1])
        params[f"b{l}"] = 0.5 * rng.standard_normal((sizes[l], 1))
        if zero_unit and l < len(sizes) - 1:  # unit 0 gets Z = 0 exactly, on every example
            params[f"W{l}"][0] = 0.0
            params[f"b{l}"][0] = 0.0
    net.params = params
    _, cache = net.forward(rng.standard_normal((sizes[0], m)))
    Y = _targets(output, rng, sizes[-1], m)
    grads = net.backward(Y, cache)
    return Probe(name, (params, cache, Y), grads, m)


def _probes(sizes: list[int], hidden, output: str) -> list[Probe]:
    L = len(sizes) - 1
    m = next(k for k in range(7, 100, 2) if k not in sizes)
    distinct = [*DISTINCT_SIZES[:L], 3]
    probes = [
        _probe(sizes, m, hidden, output, 1, f"layer sizes {sizes}, m = {m}"),
        _probe(distinct, 9, hidden, output, 2, f"layer sizes {distinct}, m = 9 (all different)"),
        _probe([4] * (L + 1), 4, hidden, output, 3, f"square sizes {[4] * (L + 1)}, m = 4"),
    ]
    if "relu" in _hidden_names(hidden, L):
        probes.append(
            _probe(
                sizes,
                m,
                hidden,
                output,
                4,
                f"layer sizes {sizes}, m = {m}, a unit of each hidden layer at Z = 0 exactly",
                zero_unit=True,
            )
        )
    return probes


def _hidden_names(hidden, L: int) -> tuple[str, ...]:
    return (hidden,) * (L - 1) if isinstance(hidden, str) else tuple(hidden)


def _unpack(quantities: tuple[str, ...]):
    def unpack(value: object) -> dict | str:
        if not isinstance(value, dict):
            return (
                f"returned {'None' if value is None else 'a ' + type(value).__name__}, "
                "not a dict of gradients"
            )
        return {q: value.get(q, MISSING) for q in quantities}

    return unpack


def _formula(L: int):
    def formula(q: str) -> tuple[str, str]:
        l = int(q[2:])
        below = "" if l == L else f", with dZ{l} = (W{l + 1}.T @ dZ{l + 1}) * g'(Z{l})"
        label = (
            "eq-general-delta-l" if l < L else ("eq-general-dW" if q[1] == "W" else "eq-general-db")
        )
        if q[1] == "W":
            return f"dW{l} = dZ{l} @ A{l - 1}.T{below}, shape (n^[{l}], n^[{l - 1}])", label
        return f"db{l} = np.sum(dZ{l}, axis=1, keepdims=True){below}, shape (n^[{l}], 1)", label

    return formula


def _family(q: str, L: int, names: tuple[str, ...]) -> str:
    """The usual kind of a mistake first seen in ``q``: below a right layer, with ReLU layers,
    the error went wrong in the mask between them."""
    l = int(q[2:])
    return "ReLU mask" if l < L and names[l - 1] == "relu" else "other"


def _pipeline(**parts) -> Callable:
    return functools.partial(catalogue.backward_with, **parts)


def _variants(step: Step, probes: list[Probe], hidden, names) -> list[Variant]:
    """Every catalogue entry that can sit in a backward pass, as a whole backward pass."""
    candidates = []
    for mistake in catalogue.CATALOGUE:
        if mistake.step == "softmax_cross_entropy_backward":
            candidates.append((mistake, _pipeline(hidden=hidden, output_delta=mistake.code)))
        elif mistake.step == "linear_backward":
            candidates.append((mistake, _pipeline(hidden=hidden, linear_backward=mistake.code)))
        elif mistake.step == "relu_backward" and (
            all(n == "relu" for n in names) or mistake.id == "relu-mask-forgotten"
        ):
            candidates.append((mistake, _pipeline(hidden=hidden, hidden_backward=mistake.code)))
        elif mistake.step == "backward":
            candidates.append((mistake, functools.partial(mistake.code, hidden=hidden)))
    return [Variant(m, fn, step, probes) for m, fn in candidates]


def _learning_rate(step: Step, probe: Probe, c: Call, hidden) -> float | None:
    """The learning rate of an update made before propagating, read from the gradients.

    dW^[l] below the first update is linear in the learning rate for the layer right below
    it: fit it there, then the whole pass with that rate is one more variant to compare.
    """
    out = step.unpack(c.value) if c.error is None else None
    if not isinstance(out, dict):
        return None
    for q in step.quantities[2:]:
        got, _ = as_numbers(out[q], False)
        right = probe.truth[q]
        if got is None or got.shape != right.shape or close(got, right):
            continue
        params, cache, Y = copied(probe.args[0]), probe.args[1], probe.args[2]
        moved = catalogue.backward_with(
            params, cache, Y, hidden=hidden, update_first=True, learning_rate=1.0
        )[q]
        direction = moved - right
        norm = float(np.sum(direction * direction))
        return float(np.sum((got - right) * direction)) / norm if norm else None
    return None


def _convention(probe: Probe, c: Call, L: int) -> str:
    dZ = c.value.get(f"dZ{L}") if isinstance(c.value, dict) else None
    got, _ = as_numbers(dZ, False)
    right = probe.truth[f"dZ{L}"]
    if got is not None and close(got, right):
        return f"Convention: the book's (dZ{L} = (A{L} - Y)/m holds the 1/m)."
    if got is not None and close(got, probe.m * right):
        return (
            f"Convention: deeplearning.ai's (dZ{L} = A{L} - Y, the 1/m in dW and db); "
            "the gradients are the same."
        )
    return "Convention: not visible (dW and db are the same in every convention)."


def _updated(c: Call) -> list[str]:
    """The parameters the function moved in place: still arrays of their shape, new values."""
    params = c.after[0] if c.after else {}
    return [
        k
        for k in c.changed
        if k[:1] in "Wb" and k[1:].isdigit() and isinstance(params.get(k), np.ndarray)
    ]


def diagnose_backward(fn: Callable, layer_sizes: Sequence[int], hidden, output: str) -> Diagnosis:
    check_callable(fn, "fn(params, cache, Y)")
    sizes = list(MLP(layer_sizes, hidden=hidden, output=output).layer_sizes)  # checks them
    L = len(sizes) - 1
    names = _hidden_names(hidden, L)
    quantities = tuple(f"d{p}{l}" for l in range(L, 0, -1) for p in "Wb")
    step = Step(
        "backward",
        ARG_NAMES,
        quantities,
        _unpack(quantities),
        _formula(L),
        returns='return a dict {"dW1": dW1, "db1": db1, ...} with every layer',
        family=functools.partial(_family, L=L, names=names),
    )
    probes = _probes(sizes, hidden, output)
    calls = [call(fn, p.args, ARG_NAMES) for p in probes]

    @functools.cache
    def variants() -> list[Variant]:
        found = _variants(step, probes, hidden, names)
        rates = (_learning_rate(step, p, c, hidden) for p, c in zip(probes, calls, strict=True))
        rate = next((r for r in rates if r is not None), None)
        if rate is not None and np.isfinite(rate) and rate != 0:
            update = catalogue.BY_ID["update-before-propagate"]
            fitted = _pipeline(hidden=hidden, update_first=True, learning_rate=rate)
            found.append(Variant(update, fitted, step, probes))
        return found

    changed_params = next((moved for moved in map(_updated, calls) if moved), [])
    step.notes.append(_convention(probes[0], calls[0], L))
    d = judge(step, probes, calls, variants)
    if changed_params and d.ok:
        return Diagnosis(
            False,
            changed_params[0],
            (),
            f"backward: the gradients are right, but your function changed "
            f"params['{changed_params[0]}'] in place. backward computes gradients only; the "
            "update comes after every gradient exists, in a step of its own (equation "
            '(eq-update) in "The update").',
            ("update order",),
        )
    if changed_params and "update-before-propagate" not in d.mistakes:
        update = catalogue.BY_ID["update-before-propagate"]
        d = judge(step, probes, calls, variants, extra=(update,))
    if changed_params:
        changed = ", ".join(f"params['{k}']" for k in changed_params)
        return replace(d, message=f"{d.message}\nYour function changed {changed} in place.")
    return d
