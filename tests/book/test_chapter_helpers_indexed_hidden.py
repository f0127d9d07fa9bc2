"""Index-notation proofs for symbolic sizes (book/chapter_helpers/indexed_hidden.py).

Each right formula is proved and each wrong one (a missing transpose, a forgotten sum or mask)
is refused, so the helpers cannot pass by saying yes to everything.
"""

import pytest
import sympy as sp

from chapter_helpers.indexed_hidden import (
    Mask,
    chain_entry,
    counterexample,
    discharge,
    equation_lines,
    flat_sum,
    indices,
    linear,
    masks_named,
    named,
    relu,
    same_sum,
    size,
)
from netlib import symbolic as sym

n_prev, n, m = size("n_prev"), size("n"), size("m")
p, q, i, j, k = indices("p q i j k")
W, b, A, delta = (sp.IndexedBase(s) for s in ("w", "b", "a", "delta"))
Z = linear(W, lambda k_, j_: A[k_, j_], b, k, n_prev)


def test_relu_written_with_the_mask_is_relu_everywhere():
    z = sp.Symbol("z", real=True)
    for value in (-2, 0, sp.Rational(3, 2)):
        mask = Mask(z).as_piecewise().subs(z, value)
        assert relu(z).subs(z, value).subs(Mask(value), mask) == sym.relu(z).subs(z, value)
    assert sp.diff(Mask(z), z) == 0  # wherever the mask has a derivative (z != 0)


def test_discharge_replaces_only_the_declared_range_conditions():
    expr = sp.Piecewise((A[p, q], sp.Le(p, n)), (0, True))
    assert discharge(expr, {p: (1, n)}) == A[p, q]
    assert discharge(expr, {q: (1, n)}) == expr  # p was not declared in range
    other = sp.Piecewise((A[p, q], A[p, q] > 0), (0, True))
    assert discharge(other, {p: (1, n)}) == other


def test_discharge_uses_the_limits_of_an_enclosing_sum():
    inner = sp.Piecewise((A[i, q], sp.Le(i, n)), (0, True))
    assert discharge(sp.Sum(inner, (i, 1, n)), {}) == sp.Sum(A[i, q], (i, 1, n))
    assert discharge(sp.Sum(inner, (i, 1, m)), {}) == sp.Sum(inner, (i, 1, m))


def test_the_linear_layer_gradients_for_symbolic_sizes():
    dW = chain_entry(delta, Z, (n, m), W[p, q], {p: (1, n), q: (1, n_prev)}, (i, j))
    db = chain_entry(delta, Z, (n, m), b[p], {p: (1, n)}, (i, j))
    dA = chain_entry(delta, Z, (n, m), A[q, p], {q: (1, n_prev), p: (1, m)}, (i, j))
    assert same_sum(sp.Sum(delta[p, j] * A[q, j], (j, 1, m)), dW)  # delta A^T
    assert not same_sum(sp.Sum(delta[p, j] * A[j, q], (j, 1, m)), dW)  # delta A
    assert same_sum(sp.Sum(delta[p, j], (j, 1, m)), db)  # delta 1_m
    assert not same_sum(delta[p, 1], db)  # one example only
    assert same_sum(sp.Sum(W[i, q] * delta[i, p], (i, 1, n)), dA)  # W^T delta
    assert not same_sum(sp.Sum(W[q, i] * delta[i, p], (i, 1, n)), dA)  # W delta


def test_undischarged_conditions_are_not_called_equal():
    expr = sp.Piecewise((A[p, q], sp.Le(p, n)), (0, True))
    assert not same_sum(A[p, q], expr)


def test_relu_backward_and_two_layers_for_symbolic_sizes():
    z, dA = sp.IndexedBase("z"), sp.IndexedBase("dA")
    dZ = chain_entry(
        dA, lambda k_, l_: relu(z[k_, l_]), (n, m), z[p, q], {p: (1, n), q: (1, m)}, (i, j)
    )
    assert same_sum(dA[p, q] * Mask(z[p, q]), dZ)
    assert not same_sum(dA[p, q], dZ)  # the mask forgotten

    x, W0, b0, c = sp.IndexedBase("x"), sp.IndexedBase("w0"), sp.IndexedBase("b0"), indices("c")
    n_x = size("n_x")
    Z0 = linear(W0, lambda c_, l_: x[c_, l_], b0, c, n_x)
    Z_two = linear(W, lambda k_, l_: relu(Z0(k_, l_)), b, k, n_prev)
    dW0 = chain_entry(delta, Z_two, (n, m), W0[p, q], {p: (1, n_prev), q: (1, n_x)}, (i, j))
    delta0 = sp.Sum(W[k, p] * delta[k, j], (k, 1, n)) * Mask(Z0(p, j))
    assert same_sum(sp.Sum(delta0 * x[q, j], (j, 1, m)), dW0)
    wrong = sp.Sum(W[p, k] * delta[k, j], (k, 1, n)) * Mask(Z0(p, j))
    assert not same_sum(sp.Sum(wrong * x[q, j], (j, 1, m)), dW0)
    z0 = sp.IndexedBase("z0")
    assert Mask(z0[p, j]) in named(dW0, [(Z0, z0)]).atoms(Mask)


def test_flat_sum_merges_nested_sums_and_products():
    nested = sp.Sum(A[i, j] * sp.Sum(W[k, j], (k, 1, n)), (j, 1, m))
    merged = sp.Sum(A[i, j] * W[k, j], (j, 1, m), (k, 1, n))
    assert flat_sum(nested) == flat_sum(merged)


def test_counterexample_gives_a_nonzero_difference_at_numbers():
    x, y = sp.symbols("x y", real=True)
    left, right = sp.Matrix([[x * y]]), sp.Matrix([[x * sym.relu_derivative(y)]])
    _, _, difference = counterexample(left, right, {x: 1, y: 2})
    assert difference == sp.Matrix([[1]])
    with pytest.raises(AssertionError):
        counterexample(left, right, {x: 1, y: 1})  # they agree here
    with pytest.raises(ValueError):
        counterexample(left, right, {x: 1})  # y has no value
    with pytest.raises(ValueError):
        counterexample(left, sp.Matrix([[x, y]]), {x: 1, y: 2})


def test_masks_named_rewrites_relu_pieces_and_keeps_the_function():
    x, y = sp.symbols("x y", real=True)
    z = sp.Symbol("z", real=True)
    expr = sp.diff(sym.relu(x + y), x) * y + sym.relu(x)
    readable = masks_named(expr, {x + y: z})
    assert readable == y * Mask(z) + x * Mask(x)
    back = readable.xreplace({Mask(z): Mask(x + y)}).replace(Mask, lambda a: Mask(a).as_piecewise())
    for point in ({x: 1, y: 2}, {x: -1, y: 0.5}, {x: 2, y: -3}):
        assert back.subs(point) == expr.subs(point)
    other = sp.Piecewise((x, x > 1), (0, True))  # not a ReLU mask: kept
    assert masks_named(other, {}) == other


def test_equation_lines_puts_one_term_per_line():
    x, y = sp.symbols("x y", real=True)
    shown = equation_lines("f", x * y + Mask(x) + 2)
    assert shown.data.count(r" \\ ") == 2 and shown.data.startswith(r"\begin{aligned}f ={} & ")
