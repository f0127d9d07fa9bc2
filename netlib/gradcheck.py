"""Central differences, the independent check of every gradient in the book.

For a scalar function f of an array x, each entry of the gradient is estimated by

    (f(x + eps e_i) - f(x - eps e_i)) / (2 eps),

whose error is O(eps^2) (truncation) plus about u |f| / eps (round-off, u the unit round-off);
eps = 1e-6 in float64 keeps both small. Two gradients are compared two ways: over the whole
matrix, ||a - b|| / (||a|| + ||b||) (``relative_error``), and entry by entry, the worst
|a_i - b_i| / max(|a_i|, |b_i|) (``entrywise_relative_error``, the measure of cs231n's notes). A
matrix norm can hide one wrong entry among many right ones; the worst entry shows it, down to
the size below which central differences cannot resolve an entry (``GradientCheck.floor``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np

from . import kernels
from ._validate import (
    FLOAT_DTYPES,
    as_matrix,
    check_finite,
    check_positive_finite,
    check_shape,
    plain_array,
)
from .checks import check_params, checked_X, checked_Y, parameter_shapes
from .mlp import MLP, check_network

Array = np.ndarray


def numerical_gradient(f: Callable[[], float], x: Array, epsilon: float = 1e-6) -> Array:
    """Central-difference gradient of ``f()`` with respect to the array ``x``, same shape as x.

    ``f`` takes no argument and reads ``x``, which is perturbed in place one entry at a time
    and restored exactly afterwards.
    """
    f = _number_valued(f)
    x = _perturbable("x", x)
    epsilon = check_positive_finite("epsilon", epsilon)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        try:
            x[i] = saved + epsilon
            f_plus = f()
            x[i] = saved - epsilon
            f_minus = f()
        finally:
            x[i] = saved  # restored even when f raises
        grad[i] = (f_plus - f_minus) / (2 * epsilon)
    return _finite_difference(grad)


def relative_error(a: object, b: object) -> float:
    """``||a - b|| / (||a|| + ||b||)``, 0 when both are zero. ``a`` and ``b`` share a shape.

    Real finite numbers only. Very large or very small entries (beyond 1e150 or below 1e-150)
    are scaled by the largest magnitude first, which leaves the ratio unchanged and keeps the
    squares of the norms from overflowing or underflowing.
    """
    a, b = _real_finite("a", a), _real_finite("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    if scale > 0 and not 1e-150 < scale < 1e150:
        a, b = a / scale, b / scale
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)


def _checked_learner_grads(
    grads: object, params: Mapping[str, Array], names: Iterable[str]
) -> dict[str, Array]:
    if not isinstance(grads, Mapping):
        raise TypeError(
            f"grads must be a dict of gradients like backward's, got {type(grads).__name__}"
        )
    checked = {}
    for name in names:
        key = "d" + name
        if key not in grads:
            raise ValueError(
                f"grads has no {key}: give the gradient of every parameter checked, "
                f"each with the shape of the parameter ({key} like {name}: {params[name].shape})"
            )
        dP = as_matrix(key, grads[key])
        check_shape(key, dP, params[name].shape, f"like {name}")
        checked[key] = dP
    return checked


def entrywise_relative_error(a: object, b: object, floor: float = 0.0) -> float:
    """The worst entry of ``|a - b| / max(|a|, |b|, floor)``; ``a`` and ``b`` share a shape.

    An entry where both are 0 scores 0. ``floor`` (>= 0) is the size below which an entry
    cannot be measured relatively: a gradient entry of round-off size compared with a
    numerical one of round-off size would otherwise score about 1 although both are right.
    Entries smaller than ``floor`` are scored by their difference over ``floor``.
    """
    return float(_entrywise(a, b, floor).max(initial=0.0))


def _entrywise(a: object, b: object, floor: float) -> Array:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if not (np.isfinite(floor) and floor >= 0):
        raise ValueError(f"floor must be a finite number >= 0, got {floor}")
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    difference = np.abs(a - b)
    # 0/0 where both entries are exactly zero (and floor is 0): they agree, score 0
    return np.divide(difference, scale, out=np.zeros_like(difference), where=scale > 0)


# Central differences of J carry a round-off error of about UNIT_ROUNDOFF * |J| / epsilon in
# every entry; an entry smaller than that divided by HAPPY cannot be confirmed to HAPPY.
UNIT_ROUNDOFF = float(np.finfo(np.float64).eps) / 2
HAPPY = 1e-7


class GradientCheck(dict):
    """``{"W1": r, "b1": r, ...}``: the matrix measure ``relative_error`` per parameter.

    Beside it, per parameter, ``worst_entry`` (``entrywise_relative_error`` with the
    round-off ``floor``), ``worst_index`` (where that entry is) and ``floor`` itself, which is
    ``UNIT_ROUNDOFF * |J| / (epsilon * HAPPY)``: entries smaller than it are too small for
    central differences to confirm to ``HAPPY``, and are scored by their difference over it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.worst_entry: dict[str, float] = {}
        self.worst_index: dict[str, tuple[int, ...]] = {}
        self.floor = 0.0

    def table(self) -> str:
        """One line per parameter: both measures, each shown as its power of ten."""
        lines = [f"{'':4}{'matrix':>10}{'worst entry':>13}  at"]
        for name, r in self.items():
            lines.append(
                f"{name:<4}{_order(r):>10}{_order(self.worst_entry[name]):>13}  "
                f"{self.worst_index[name]}"
            )
        return "\n".join(lines)


def _order(x: float) -> str:
    """``"< 1e-8"`` style: the power of ten just above x, so a printout changes only when a
    measured error crosses a power of ten, not with its last digits."""
    if x == 0:
        return "0"
    return f"< 1e{int(np.floor(np.log10(x))) + 1}"


def gradient_check(
    net: MLP,
    X: object,
    Y: object,
    grads: Mapping[str, object] | None = None,
    epsilon: float = 1e-6,
    names: Iterable[str] | None = None,
) -> GradientCheck:
    """Relative error between gradients and central differences, per parameter.

    ``X: (n_x, m)``, ``Y: (n_y, m)``. The gradients checked are ``grads`` when given (a dict
    shaped like :meth:`netlib.MLP.backward`'s, with ``dW1``, ``db1``, ... of the shapes of
    ``W1``, ``b1``, ...: a learner's own), else ``net.backward``'s. Returns
    ``{"W1": err, "b1": err, ...}`` (or only the parameters in ``names``): the matrix measure
    ``relative_error``, a :class:`GradientCheck` whose ``worst_entry`` holds the entrywise
    measure beside it. Use a float64 network: in float32 the round-off term alone is about
    1e-7 / epsilon.
    """
    check_network(net)
    epsilon = check_positive_finite("epsilon", epsilon)
    if names is not None and (isinstance(names, (str, bytes)) or not isinstance(names, Iterable)):
        raise TypeError(
            f"names must be a list of parameter names such as ['W1', 'b1'], got {names!r}"
        )
    check_params(net.params, parameter_shapes(net.layer_sizes), net.dtype)
    X = checked_X(X, net.n_x, net.dtype)
    Y = checked_Y(Y, net.n_y, X.shape[1], net.dtype, one_hot=net.output == "softmax")
    names = list(names) if names is not None else list(net.params)
    for name in names:
        if name not in net.params:
            raise ValueError(f"{name} is not a parameter of the network ({sorted(net.params)})")
    if grads is None:
        grads = net.backward(Y, net.forward(X)[1])
    else:
        grads = _checked_learner_grads(grads, net.params, names)

    def J() -> float:  # the unchecked kernels: X and Y are checked, and only params move
        # the loss training uses: a sigmoid's from the logits, exact where A^[L] is tiny
        cache = kernels.forward(net.params, X, net.activations)[1]
        return kernels.training_loss(cache, Y, net.output, len(net.activations))

    report = GradientCheck()
    report.floor = UNIT_ROUNDOFF * abs(J()) / (epsilon * HAPPY)
    for name in names:
        analytic, numeric = grads["d" + name], numerical_gradient(J, net.params[name], epsilon)
        report[name] = relative_error(analytic, numeric)
        scores = _entrywise(analytic, numeric, report.floor)
        worst = np.unravel_index(int(scores.argmax()), scores.shape)
        report.worst_index[name] = tuple(int(i) for i in worst)
        report.worst_entry[name] = float(scores[worst])
    return report


def numerical_jacobian(f: Callable[[Array], object], x: Array, epsilon: float = 1e-6) -> Array:
    """Central-difference Jacobian of an array-valued ``f`` at the array ``x``.

    ``f`` takes ``x`` and returns an array of any shape ``s``; the result has shape
    ``s + x.shape``, entry ``[*k, *i]`` being d f(x)[k] / d x[i] (so for ``f`` of
    ``Z: (n, m)`` giving ``(n, m)`` it holds all ``n m n m`` partial derivatives). ``x`` is
    perturbed in place one entry at a time and restored exactly afterwards, even when ``f``
    raises.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x that returns an array, got {type(f).__name__}")
    f = _array_valued(f)
    x = _perturbable("x", x)
    epsilon = check_positive_finite("epsilon", epsilon)
    # Copies: f may return a view of x, which the next perturbation would change.
    value_shape = np.array(f(x), dtype=np.float64).shape
    jacobian = np.zeros(value_shape + x.shape)
    for i in np.ndindex(x.shape):
        saved = x[i]
        try:
            x[i] = saved + epsilon
            f_plus = np.array(f(x), dtype=np.float64)
            x[i] = saved - epsilon
            f_minus = np.array(f(x), dtype=np.float64)
        finally:
            x[i] = saved  # restored even when f raises
        jacobian[(...,) + i] = (f_plus - f_minus) / (2 * epsilon)
    return _finite_difference(jacobian)


# --- the checks of the arguments above ------------------------------------------------------

MAX_JACOBIAN_ENTRIES = 2_000_000
"""The most entries (16 MB) a Jacobian of :func:`numerical_jacobian` may have."""


def _perturbable(name: str, x: object) -> Array:
    """``x`` as a plain float32/float64 array that shares its memory (perturbed in place)."""
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(
            f"{name} must be a float numpy array that f reads (it is perturbed in place), "
            f"got {type(x).__name__} {getattr(x, 'dtype', '')}".rstrip()
        )
    x = plain_array(name, x)  # a view: f, which reads the original, sees every perturbation
    if x.dtype not in FLOAT_DTYPES:
        raise TypeError(
            f"{name} must be float32 or float64, got {x.dtype}: in {x.dtype} a perturbation "
            "of 1e-6 is lost to round-off"
        )
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only: it must be writable, as it is perturbed in place")
    check_finite(name, x)
    return x


def _number_valued(f: object) -> Callable[[], float]:
    """``f`` wrapped so that each value it returns is checked to be one finite real number."""
    if not callable(f):
        raise TypeError(
            f"f must be a function of no argument that returns J, got {type(f).__name__}"
        )

    def checked() -> float:
        value = f()
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value[()]
        if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)
        ):
            raise TypeError(
                f"f must return one real number J, got {type(value).__name__}"
                + (f" of shape {value.shape}" if isinstance(value, np.ndarray) else "")
            )
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"f returned {value}: J must be a finite number at every x")
        return value

    return checked


def _array_valued(f: Callable[[Array], object]) -> Callable[[Array], Array]:
    """``f`` wrapped so that its values are finite real arrays, all of the first one's shape."""
    shapes: list[tuple[int, ...]] = []

    def checked(x: Array) -> Array:
        value = f(x)
        if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
            value = plain_array("f(x)", value)
        value = np.array(value)
        if value.dtype.kind not in "biuf":
            raise TypeError(f"f(x) must hold real numbers, got dtype {value.dtype}")
        value = value.astype(np.float64)
        check_finite("f(x)", value)
        if not shapes:
            if value.size * max(x.size, 1) > MAX_JACOBIAN_ENTRIES:
                raise ValueError(
                    f"the Jacobian of f(x): {value.shape} by x: {x.shape} would have "
                    f"{value.size * x.size} entries, more than {MAX_JACOBIAN_ENTRIES}"
                )
            shapes.append(value.shape)
        elif value.shape != shapes[0]:
            raise ValueError(f"f(x) changed shape from {shapes[0]} to {value.shape}")
        return value

    return checked


def _real_finite(name: str, value: object) -> Array:
    """``value`` as a float64 array of finite real numbers."""
    if value is None:
        raise TypeError(f"{name} must be an array of numbers, got None")
    if isinstance(value, np.ndarray):
        value = plain_array(name, value)
    try:
        arr = np.asarray(value)
    except ValueError as err:
        raise ValueError(f"{name} is ragged: {err}") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    check_finite(name, arr)
    return arr


def _finite_difference(estimate: Array) -> Array:
    if not np.isfinite(estimate).all():
        raise ValueError(
            "the central differences overflow: f changes by more than the largest float "
            "over 2 epsilon"
        )
    return estimate
