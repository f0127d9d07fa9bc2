"""netlib.diagnose: every catalogue entry named, right code in any style ok, nothing crashes."""

import time

import numpy as np
import pytest

import netlib as nl
from netlib import mistakes

from .diagnose_cases import RIGHT
from .diagnose_held_out import HELD_OUT


def diagnose(step, fn, **options):
    return getattr(nl.diagnose, step)(fn, **options)


@pytest.mark.parametrize("mistake", mistakes.CATALOGUE, ids=[m.id for m in mistakes.CATALOGUE])
def test_every_catalogue_entry_is_diagnosed_as_itself(mistake):
    d = diagnose(mistake.step, mistake.code)
    assert not d.ok
    assert mistake.id in d.mistakes, d.message
    # backward names the layer: "dW2" for an entry whose quantity is "dW"
    assert d.quantity.rstrip("0123456789") == mistake.quantity, d.message
    assert mistake.family in d.families
    assert mistake.label in d.message and mistake.fix in d.message


@pytest.mark.parametrize("case", RIGHT, ids=[c.name for c in RIGHT])
def test_right_code_in_any_style_is_ok(case):
    d = diagnose(case.step, case.fn, **case.options)
    assert d.ok, d.message
    assert d.quantity is None and d.mistakes == ()


def test_at_least_fifteen_right_styles():
    assert len(RIGHT) >= 15


def test_deeplearning_ai_convention_is_ok_and_named():
    case = next(c for c in RIGHT if "deeplearning.ai" in c.name)
    assert "deeplearning.ai" in str(diagnose(case.step, case.fn))


@pytest.mark.parametrize("case", HELD_OUT, ids=[c.name for c in HELD_OUT])
def test_held_out_case(case):
    d = diagnose(case.step, case.fn, **case.options)
    if case.quantity is None:
        assert d.ok, d.message
        return
    assert not d.ok
    assert d.quantity == case.quantity, d.message
    assert case.family in d.families, d.message


def test_held_out_bar():
    wrong = [c for c in HELD_OUT if c.quantity]
    results = [(c, diagnose(c.step, c.fn, **c.options)) for c in HELD_OUT]
    assert len(wrong) >= 30
    assert not [c.name for c, d in results if c.quantity is None and not d.ok]  # false alarms
    assert not [c.name for c, d in results if c.quantity and d.ok]  # misses
    right_quantity = sum(d.quantity == c.quantity for c, d in results if c.quantity)
    right_family = sum(c.family in d.families for c, d in results if c.quantity)
    assert right_quantity >= 0.9 * len(wrong) and right_family >= 0.8 * len(wrong)


# --- conventions ------------------------------------------------------------------------


def test_step_functions_are_judged_in_the_books_convention():
    d = nl.diagnose.softmax_cross_entropy_backward(lambda A, Y: A - Y)
    assert d.mistakes == ("dZ-missing-1-over-m",) and "deeplearning.ai" in d.message
    d = nl.diagnose.linear_backward(
        lambda dZ, A, W: (W.T @ dZ, dZ @ A.T / A.shape[1], dZ.sum(axis=1, keepdims=True) / 7)
    )
    assert not d.ok and d.quantity == "dW"


def test_relu_derivative_at_zero_is_named_and_right_elsewhere():
    d = nl.diagnose.relu_backward(lambda dA, Z: dA * (Z >= 0))
    assert not d.ok and d.mistakes == ("relu-derivative-at-0",)
    assert "right on the probes" in d.message and "exactly 0" in d.message


# --- robust: whatever the function does, a diagnosis ----------------------------------------


def raises(dZ, A_prev, W):
    dW = dZ @ A_prev  # noqa: F841
    raise AssertionError("unreachable on non-square sizes")


BROKEN = {
    "raises": (lambda dZ, A, W: {}["dW"], "KeyError"),
    "raises on a line": (raises, "ValueError"),
    "returns None": (lambda dZ, A, W: None, "None"),
    "a tuple of the wrong length": (lambda dZ, A, W: (dZ, dZ), "2 values"),
    "a list of lists": (lambda dZ, A, W: [x.tolist() for x in (W.T @ dZ, dZ @ A.T, dZ)], "list"),
    "a string": (lambda dZ, A, W: "dW", "str"),
    "NaN": (lambda dZ, A, W: (W.T @ dZ, np.full((W.shape[0], A.shape[0]), np.nan), dZ), "NaN"),
    "wrong shape": (lambda dZ, A, W: (W.T @ dZ, np.zeros((2, 2)), dZ), "shape (2, 2)"),
    "wrong signature": (lambda dZ: dZ, "TypeError"),
    "exits": (lambda dZ, A, W: exit(), "SystemExit"),
    "a masked array": (
        lambda dZ, A, W: tuple(
            np.ma.masked_array(x) for x in mistakes.right_linear_backward(dZ, A, W)
        ),
        "MaskedArray",
    ),
    "an object that refuses to be a number": (lambda dZ, A, W: (Refuses(),) * 3, "Refuses"),
}


class Refuses:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no")

    def __eq__(self, other):
        raise RuntimeError("no")


@pytest.mark.parametrize("name", BROKEN)
def test_broken_functions_get_a_diagnosis(name):
    fn, said = BROKEN[name]
    d = nl.diagnose.linear_backward(fn)
    assert not d.ok and d.quantity in ("dW", "db", "dA_prev")
    assert said in d.message


def test_the_learners_failing_line_names_the_quantity():
    d = nl.diagnose.linear_backward(raises)
    assert d.quantity == "dW" and "dW = dZ @ A_prev" in d.message


def test_a_wrapper_around_a_raising_piece_names_the_piece():
    """An exercise asks for db alone and diagnoses it inside netlib's linear_backward: a stub
    that raises is told apart by the wrapper's line that called it."""

    def own_db(dZ):
        raise NotImplementedError()

    def with_own_db(dZ, A_prev, W):
        dA_prev, dW, _ = nl.linear_backward(dZ, A_prev, W)
        db = own_db(dZ)
        return dA_prev, dW, db

    d = nl.diagnose.linear_backward(with_own_db)
    assert not d.ok and d.quantity == "db"
    assert "raised NotImplementedError at the line `raise NotImplementedError()`" in d.message
    assert "Fix: db = np.sum(dZ, axis=1, keepdims=True)" in d.message


@pytest.mark.parametrize("step", ["relu_backward", "softmax_cross_entropy_backward", "softmax"])
def test_a_stub_is_no_kind_of_mistake(step):
    """An exercise's blank answer raises NotImplementedError: it is told so, and no formula's
    kind of mistake (the ReLU mask, the softmax Jacobian) is named for code not written yet."""

    def stub(*args):
        raise NotImplementedError()

    d = diagnose(step, stub)
    assert not d.ok and "raised NotImplementedError" in d.message
    assert d.families == ("other",) and "Kind of mistake: other." in d.message


@pytest.mark.parametrize(
    "step, fn",
    [
        ("relu_backward", lambda dA, Z: None),
        ("relu_backward", lambda dA, Z: 1 / 0),
        ("softmax", lambda Z: [1, 2]),
        ("softmax_cross_entropy", lambda Z, Y: np.ones((2, 2))),
        ("softmax_cross_entropy_backward", lambda A, Y: np.nan * A),
        ("backward", lambda params, cache, Y: None),
        ("backward", lambda params, cache, Y: {"dW3": "x"}),
        ("backward", lambda params, cache, Y: cache["nope"]),
    ],
)
def test_every_entry_point_survives(step, fn):
    d = diagnose(step, fn)
    assert not d.ok and d.quantity and str(d) == d.message


def test_a_backward_that_updates_params_in_place_is_the_update_order_mistake():
    def in_place(params, cache, Y):
        grads = mistakes.backward_with(params, cache, Y)
        for l in range(3, 0, -1):  # update first, then propagate through the new weights
            params[f"W{l}"] -= 0.3 * grads[f"dW{l}"]
        return mistakes.backward_with(params, cache, Y) | {"dW3": grads["dW3"], "db3": grads["db3"]}

    d = nl.diagnose.backward(in_place, layer_sizes=[4, 5, 3, 3])
    assert not d.ok and "update-before-propagate" in d.mistakes
    assert "in place" in d.message


def test_a_backward_that_updates_after_every_gradient_is_still_told():
    def updates_at_the_end(params, cache, Y):
        grads = mistakes.backward_with(params, cache, Y)
        params["W1"] -= 0.1 * grads["dW1"]
        return grads

    d = nl.diagnose.backward(updates_at_the_end)
    assert not d.ok and d.quantity == "W1" and "update order" in d.families


def test_mutating_functions_cannot_corrupt_the_probes():
    def vandal(dZ, A_prev, W):
        for x in (dZ, A_prev, W):
            x[...] = np.nan
        return None

    sizes = [4, 5, 3, 3]
    first = nl.diagnose.linear_backward(mistakes.dW_transposed)
    nl.diagnose.linear_backward(vandal)
    nl.diagnose.backward(lambda p, c, Y: [v.fill(0) for v in (*p.values(), *c.values())], sizes)
    assert nl.diagnose.linear_backward(mistakes.dW_transposed) == first
    assert nl.diagnose.linear_backward(mistakes.right_linear_backward).ok
    assert nl.diagnose.backward(mistakes.backward_with, sizes).ok
    assert sizes == [4, 5, 3, 3]


def test_same_function_same_diagnosis():
    for fn in (mistakes.update_before_propagate, mistakes.backward_with):
        assert nl.diagnose.backward(fn) == nl.diagnose.backward(fn)
    assert nl.diagnose.softmax(mistakes.softmax_batch_max) == nl.diagnose.softmax(
        mistakes.softmax_batch_max
    )


# --- coverage of the network's options ----------------------------------------------------


@pytest.mark.parametrize("hidden", ["relu", "sigmoid", "tanh", "identity"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "identity"])
@pytest.mark.parametrize("L", [1, 2, 3, 5])
def test_backward_every_activation_output_and_depth(hidden, output, L):
    sizes = [3, *[4, 6, 5, 2][: L - 1], 2]

    def right(params, cache, Y):
        return mistakes.backward_with(params, cache, Y, hidden=hidden)

    def sign(params, cache, Y):
        return mistakes.backward_with(
            params, cache, Y, hidden=hidden, output_delta=mistakes.delta_sign
        )

    def update_first(params, cache, Y):  # any learning rate: it is read from the gradients
        return mistakes.backward_with(
            params, cache, Y, hidden=hidden, update_first=True, learning_rate=0.05
        )

    assert nl.diagnose.backward(right, sizes, hidden=hidden, output=output).ok
    d = nl.diagnose.backward(sign, sizes, hidden=hidden, output=output)
    assert d.quantity == f"dW{L}" and "delta3-sign" in d.mistakes
    if L > 1:
        d = nl.diagnose.backward(update_first, sizes, hidden=hidden, output=output)
        assert d.quantity == f"dW{L - 1}" and "update-before-propagate" in d.mistakes


def test_backward_of_one_sigmoid_output_unit():
    """deeplearning.ai's network: ReLU layers and one sigmoid unit, Y a row of 0/1; their
    convention (dZ = A - Y, the 1/m in dW and db) is right and named."""

    def deeplearning_ai(params, cache, Y):
        L, m = sum(k.startswith("W") for k in params), Y.shape[1]
        grads, dZ = {}, cache[f"A{L}"] - Y
        for l in range(L, 0, -1):
            grads[f"dZ{l}"] = dZ
            grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T / m
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
            if l > 1:
                dZ = (params[f"W{l}"].T @ dZ) * (cache[f"Z{l - 1}"] > 0)
        return grads

    d = nl.diagnose.backward(deeplearning_ai, [4, 5, 3, 1], output="sigmoid")
    assert d.ok and "deeplearning.ai" in d.message, d.message
    d = nl.diagnose.backward(mistakes.dW_with_own_activation, [4, 5, 1], output="sigmoid")
    assert d.mistakes == ("dW-with-own-activation",), d.message


def test_backward_refuses_a_network_mlp_refuses():
    with pytest.raises(ValueError):
        nl.diagnose.backward(mistakes.backward_with, [4, 3], output="nonsense")
    with pytest.raises(ValueError, match="sigmoid"):  # a one-unit softmax
        nl.diagnose.backward(mistakes.backward_with, [4, 1])


def test_under_a_second_per_diagnosis():
    """Every entry through its entry point, and whole passes at the book's sizes: the
    networks of the chapters and the one trained on the digits."""
    slowest = 0.0
    runs = [(m.step, m.code, {}) for m in mistakes.CATALOGUE] + [
        ("backward", mistakes.update_before_propagate, {"layer_sizes": sizes})
        for sizes in ([2, 4, 3, 5], [4, 5, 3, 3], [64, 32, 32, 10])
    ]
    for step, fn, options in runs:
        start = time.perf_counter()
        diagnose(step, fn, **options)
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 1.0


@pytest.mark.parametrize(
    ("diagnose", "signature"),
    [
        (nl.diagnose.linear_backward, r"fn\(dZ, A_prev, W\)"),
        (nl.diagnose.relu_backward, r"fn\(dA, Z\)"),
        (nl.diagnose.softmax, r"fn\(Z\)"),
        (lambda fn: nl.diagnose.backward(fn, layer_sizes=[2, 3, 2]), r"fn\(params, cache, Y\)"),
    ],
)
def test_something_that_is_not_a_function_is_refused(diagnose, signature):
    with pytest.raises(TypeError, match=f"fn must be the function to diagnose, {signature}, got"):
        diagnose(3)
