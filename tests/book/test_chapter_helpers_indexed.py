"""Derivatives for symbolic sizes (book/chapter_helpers/indexed.py)."""

import pytest
import sympy as sp

from chapter_helpers import indexed
from netlib import symbolic as sym

n, n_prev, m = sp.symbols("n n_prev m", integer=True, positive=True)
k, j, l, p, q = sp.symbols("k j l p q", integer=True, positive=True)
x = sp.IndexedBase("x", real=True)
W, A, b, delta = (sp.IndexedBase(name, real=True) for name in ("w", "a", "b", "delta"))
z_entry = sp.Sum(W[k, l] * A[l, j], (l, 1, n_prev)) + b[k]  # entry (k, j) of W A + b 1^T


def test_in_range_keeps_the_branch_that_holds_for_indices_in_range():
    inside = sp.Piecewise((x[p], n >= p), (0, True))
    assert indexed.in_range(inside, {p: (1, n)}) == x[p]
    outside = sp.Piecewise((x[p], p > n), (7, True))
    assert indexed.in_range(outside, {p: (1, n)}) == 7


def test_in_range_needs_the_range_it_is_given():
    # with p only known to be at least 1, p <= n is not implied: nothing is assumed away
    with pytest.raises(ValueError, match="cannot decide"):
        indexed.in_range(sp.Piecewise((x[p], n >= p), (0, True)), {p: (1, m)})


def test_in_range_leaves_a_condition_without_indices_alone():
    relu = sp.Piecewise((x[p], x[p] > 0), (0, True))
    assert indexed.in_range(relu, {q: (1, n)}) == relu


def test_derivative_of_a_sum_of_squares():
    total = sp.Sum(x[k] ** 2, (k, 1, n))
    assert sp.diff(total, x[p]).doit().has(sp.Piecewise)
    assert indexed.derivative(total, x[p], {p: (1, n)}) == 2 * x[p]


def test_only_rectangular_sums_are_reordered():
    rectangular = sp.Sum(sp.KroneckerDelta(j, p) * x[k], (k, 1, n), (j, 1, m))
    assert indexed._deltas_innermost(rectangular).limits == ((j, 1, m), (k, 1, n))
    triangular = sp.Sum(sp.KroneckerDelta(j, p) * x[k], (k, 1, j), (j, 1, m))
    assert indexed._deltas_innermost(triangular) == triangular


def test_derivative_of_the_cross_entropy():
    y = sp.IndexedBase("y", real=True)
    a = sp.IndexedBase("a", positive=True)
    J = -sp.Sum(y[k, j] * sp.log(a[k, j]), (k, 1, n), (j, 1, m)) / m
    derived = indexed.derivative(J, a[p, q], {p: (1, n), q: (1, m)})
    assert indexed.is_zero(derived + y[p, q] / (m * a[p, q]))


@pytest.mark.parametrize(
    ("entry", "ranges", "formula", "wrong"),
    [
        (
            W[p, q],
            {p: (1, n), q: (1, n_prev)},
            sp.Sum(delta[p, j] * A[q, j], (j, 1, m)),
            sp.Sum(delta[p, j] * A[j, q], (j, 1, m)),
        ),
        (b[p], {p: (1, n)}, sp.Sum(delta[p, j], (j, 1, m)), delta[p, 1]),
        (
            A[p, q],
            {p: (1, n_prev), q: (1, m)},
            sp.Sum(W[k, p] * delta[k, q], (k, 1, n)),
            sp.Sum(W[p, k] * delta[k, q], (k, 1, n)),
        ),
    ],
)
def test_chain_through_the_linear_map(entry, ranges, formula, wrong):
    derived = indexed.chain(delta[k, j], z_entry, (k, 1, n), (j, 1, m), entry, ranges)
    assert not derived.has(sp.Piecewise, sp.KroneckerDelta)
    assert indexed.is_zero(derived - formula)
    assert not indexed.is_zero(derived - wrong)


def _explicit(expr, sizes, matrices):
    """An indexed expression at fixed sizes, with each entry the book's explicit symbol."""
    at_sizes = expr.subs(sizes).doit()
    entries = {}
    for entry in at_sizes.atoms(sp.Indexed):
        M = matrices[entry.base]
        row, col = (int(i) - 1 for i in (*entry.indices, 1)[:2])  # a column b[p] is b[p, 1]
        entries[entry] = M[row, col]
    return at_sizes.xreplace(entries)


def test_chain_agrees_with_the_explicit_chain_at_fixed_sizes():
    sizes = {n: 2, n_prev: 3, m: 2}
    W_, A_ = sym.symbol_matrix("w", 2, 3), sym.symbol_matrix("a", 3, 2)
    b_, delta_ = sym.symbol_matrix("b", 2, 1), sym.symbol_matrix("d", 2, 2)
    matrices = {W: W_, A: A_, b: b_, delta: delta_}
    explicit = sym.linear_chain(delta_, A_, W_, b_)
    for row in range(2):
        for col in range(3):
            derived = indexed.chain(
                delta[k, j], z_entry, (k, 1, n), (j, 1, m), W[p, q], {p: (1, n), q: (1, n_prev)}
            ).subs({p: row + 1, q: col + 1})
            assert sp.expand(_explicit(derived, sizes, matrices) - explicit["dW"][row, col]) == 0
