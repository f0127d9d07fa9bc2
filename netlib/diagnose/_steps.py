"""The probes of the five single-step functions, and what each one returns."""

from __future__ import annotations

import numpy as np

from .. import mistakes as catalogue
from ._calling import call, check_callable
from ._judge import Probe, Step, Variant, judge

Array = np.ndarray

# Sizes that all differ (shapes tell the outputs apart) and square ones (a forgotten transpose
# then runs, and its value is recognised): (n^[l], n^[l-1], m).
SIZES = ((3, 5, 7), (6, 4, 5), (4, 4, 4))


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(20_000 + seed)


def _sizes_name(n: int, n_prev: int | None, m: int, symbol: str = "n^[l]") -> str:
    prev = f", n^[l-1] = {n_prev}" if n_prev is not None else ""
    kind = "square sizes" if len({n, n_prev or n, m}) == 1 else "sizes"
    return f"{kind} {symbol} = {n}{prev}, m = {m}"


def _one_hot(rng: np.random.Generator, n_y: int, m: int, labels: Array | None = None) -> Array:
    labels = rng.integers(0, n_y, m) if labels is None else labels
    return np.eye(n_y)[:, labels]


def _tuple_of(names: tuple[str, ...]):
    def unpack(value: object) -> dict | str:
        if not isinstance(value, tuple | list):
            return f"returned {_article(value)}, not a tuple ({', '.join(names)})"
        if len(value) != len(names):
            return (
                f"returned a {type(value).__name__} of {len(value)} values, not the "
                f"{len(names)} values ({', '.join(names)})"
            )
        return dict(zip(names, value, strict=True))

    return unpack


def _single(name: str):
    def unpack(value: object) -> dict:
        return {name: value}

    return unpack


def _article(value: object) -> str:
    if value is None:
        return "None (is a return statement missing?)"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _formulas(table: dict[str, tuple[str, str]]):
    return lambda q: table[q]


def diagnose_step(step: Step, probes: list[Probe], fn, step_name: str):
    """Run ``fn`` and every catalogue entry of the step on the probes; judge."""
    check_callable(fn, f"fn({', '.join(step.arg_names)})")
    calls = [call(fn, p.args, step.arg_names) for p in probes]

    def variants() -> list[Variant]:
        return [Variant(m, m.code, step, probes) for m in catalogue.for_step(step_name)]

    return judge(step, probes, calls, variants)


# --- linear_backward ------------------------------------------------------------------------


def linear_backward_probes() -> list[Probe]:
    probes = []
    for seed, (n, n_prev, m) in enumerate(SIZES):
        rng = _rng(seed)
        dZ = rng.standard_normal((n, m)) / m  # delta holds the 1/m of the loss
        A_prev, W = rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev))
        dA_prev, dW, db = catalogue.right_linear_backward(dZ, A_prev, W)
        truth = {"dA_prev": dA_prev, "dW": dW, "db": db}
        probes.append(Probe(_sizes_name(n, n_prev, m), (dZ, A_prev, W), truth, m, n))
    return probes


LINEAR_BACKWARD = Step(
    "linear_backward",
    ("dZ", "A_prev", "W"),
    ("dW", "db", "dA_prev"),
    _tuple_of(("dA_prev", "dW", "db")),
    _formulas(
        {
            "dW": ("dW = dZ @ A_prev.T, shape (n^[l], n^[l-1]) like W", "eq-general-dW"),
            "db": (
                "db = np.sum(dZ, axis=1, keepdims=True), shape (n^[l], 1) like b",
                "eq-general-db",
            ),
            "dA_prev": ("dA_prev = W.T @ dZ, shape (n^[l-1], m) like A_prev", "eq-general-dA"),
        }
    ),
    returns="return dA_prev, dW, db (a tuple of three numpy arrays)",
)

# --- relu_backward --------------------------------------------------------------------------


def relu_backward_probes() -> list[Probe]:
    probes = []
    for seed, (n, _, m) in enumerate(SIZES):
        rng = _rng(10 + seed)
        # |Z| >= 0.1: away from the kink, so every mask convention agrees here
        Z = rng.choice([-1.0, 1.0], (n, m)) * (0.1 + np.abs(rng.standard_normal((n, m))))
        dA = rng.standard_normal((n, m))
        name = _sizes_name(n, None, m) + ", Z away from 0"
        probes.append(Probe(name, (dA, Z), {"dZ": catalogue.right_relu_backward(dA, Z)}, m))
    rng = _rng(13)
    Z = rng.standard_normal((3, 7))
    Z[rng.random((3, 7)) < 0.4] = 0.0  # exact zeros: where ReLU'(0) = 0 is decided
    dA = rng.standard_normal((3, 7))
    name = "Z with exact zeros, n^[l] = 3, m = 7"
    probes.append(Probe(name, (dA, Z), {"dZ": catalogue.right_relu_backward(dA, Z)}, 7))
    return probes


RELU_BACKWARD = Step(
    "relu_backward",
    ("dA", "Z"),
    ("dZ",),
    _single("dZ"),
    _formulas(
        {"dZ": ("dZ = dA * (Z > 0): ReLU'(z) is 1 for z > 0 and 0 otherwise", "eq-relu-derivative")}
    ),
    family="ReLU mask",
    returns="return dZ, one numpy array of the shape of Z",
)

# --- softmax_cross_entropy_backward -----------------------------------------------------------


def output_delta_probes() -> list[Probe]:
    probes = []
    for seed, (n_y, _, m) in enumerate(SIZES):
        rng = _rng(20 + seed)
        A = catalogue.right_softmax(2 * rng.standard_normal((n_y, m)))
        Y = _one_hot(rng, n_y, m)
        truth = {"dZ": catalogue.right_output_delta(A, Y)}
        probes.append(Probe(_sizes_name(n_y, None, m, "n_y"), (A, Y), truth, m, n_y))
    return probes


OUTPUT_DELTA = Step(
    "softmax_cross_entropy_backward",
    ("A", "Y"),
    ("dZ",),
    _single("dZ"),
    _formulas({"dZ": ("dZ = (A - Y) / m", "eq-delta3")}),
    family="softmax Jacobian",  # what is left once shapes, factors and signs are ruled out
    returns="return dZ, one numpy array of the shape of A",
)

# --- softmax and softmax_cross_entropy ------------------------------------------------------


def _logits() -> list[tuple[str, Array, Array]]:
    """(name, Z, Y): ordinary logits at two sizes, and extreme ones, each column on its own
    scale (as a large learning rate produces), Y on each column's least likely class."""
    found = []
    for seed, (n_y, _, m) in enumerate(SIZES[:2]):
        rng = _rng(30 + seed)
        Z = 2 * rng.standard_normal((n_y, m))
        found.append((_sizes_name(n_y, None, m, "n_y"), Z, _one_hot(rng, n_y, m)))
    rng = _rng(33)
    Z = rng.standard_normal((4, 6)) * np.array([1, 10, 100, 300, 1000, 3000])
    Y = _one_hot(rng, 4, 6, labels=Z.argmin(axis=0))
    found.append(("extreme logits (columns scaled up to 3000), n_y = 4, m = 6", Z, Y))
    return found


def softmax_probes() -> list[Probe]:
    return [
        Probe(name, (Z,), {"A": catalogue.right_softmax(Z)}, Z.shape[1], Z.shape[0])
        for name, Z, _ in _logits()
    ]


def loss_probes() -> list[Probe]:
    return [
        Probe(
            name,
            (Z, Y),
            {"J": np.array(catalogue.right_softmax_cross_entropy(Z, Y))},
            *Z.shape[::-1],
        )
        for name, Z, Y in _logits()
    ]


def _normalised_over(value: object) -> list[tuple[str, str]]:
    """Which sums of a wrong softmax are 1: its rows, or the whole batch, not its columns."""
    if not isinstance(value, np.ndarray) or value.ndim != 2 or value.dtype.kind != "f":
        return []
    with np.errstate(all="ignore"):
        for sums, where in ((value.sum(axis=1), "each row"), (value.sum(), "the whole array")):
            if np.allclose(sums, 1):
                return [(f"{where} sums to 1, not each column (example)", "sum axis / keepdims")]
    return []


SOFTMAX = Step(
    "softmax",
    ("Z",),
    ("A",),
    _single("A"),
    _formulas(
        {
            "A": (
                "E = np.exp(Z - Z.max(axis=0, keepdims=True)); "
                "A = E / E.sum(axis=0, keepdims=True)",
                "eq-softmax",
            )
        }
    ),
    relate=_normalised_over,
    returns="return A, one numpy array of the shape of Z",
)

LOSS = Step(
    "softmax_cross_entropy",
    ("Z", "Y"),
    ("J",),
    _single("J"),
    _formulas(
        {
            "J": (
                "J = -np.sum(Y * log_A) / m with log_A = (Z - max) - "
                "log(sum(exp(Z - max))) per column",
                "eq-log-sum-exp",
            )
        }
    ),
    scalars=frozenset({"J"}),
    returns="return J, one number",
)
