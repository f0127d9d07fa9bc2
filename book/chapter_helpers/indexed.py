"""Derivatives for symbolic sizes: entries written with ``IndexedBase`` and ``Sum``.

A matrix of symbolic size is described by one entry, e.g. ``z[k, j]`` for ``k = 1..n`` and
``j = 1..m`` with ``n``, ``m`` integer symbols. The derivative of a sum with respect to one
entry ``w[p, q]`` is taken by the definition: SymPy differentiates each summand, which gives
Kronecker deltas, and summing them out gives the summand at ``k = p`` *if* ``p`` lies in the
range of ``k``. SymPy cannot know that, so it answers with a ``Piecewise`` such as
``(e, n >= p), (0, True)``. An entry of a gradient is only ever asked for an index in range
(``1 <= p <= n``), so :func:`in_range` discharges those conditions: a proof states the ranges
once and the conditions they imply are removed, never assumed away one by one.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

Ranges = Mapping[sp.Symbol, tuple[sp.Expr, sp.Expr]]
"""Each index of an entry with its range: ``{p: (1, n), q: (1, m)}`` means ``1 <= p <= n``."""


def _decided(condition: sp.Basic, ranges: Ranges) -> sp.Basic:
    """``condition`` with each relation that holds (or fails) for every index in range decided.

    A relation between one index and numbers or its own bounds is decided by writing the index
    as ``low + s`` and the upper bound as ``low + s + t`` with integers ``s, t >= 0``: then
    ``p <= n`` becomes ``1 + s <= 1 + s + t``, which SymPy evaluates to True. Relations between
    two indices (``p <= q``) stay as they are.
    """

    def decide(relation: sp.Basic) -> sp.Basic:
        indices = [index for index in ranges if index in relation.free_symbols]
        if len(indices) != 1:
            return relation
        (index,) = indices
        low, high = ranges[index]
        s = sp.Dummy("s", integer=True, nonnegative=True)
        t = sp.Dummy("t", integer=True, nonnegative=True)
        in_range_values = {index: low + s}
        if isinstance(high, sp.Symbol):
            in_range_values[high] = low + s + t
        decided = relation.subs(in_range_values)
        return decided if decided in (sp.true, sp.false) else relation

    return condition.replace(lambda e: isinstance(e, sp.core.relational.Relational), decide)


def in_range(expr: sp.Expr, ranges: Ranges) -> sp.Expr:
    """``expr`` with every range condition on the indices of ``ranges`` discharged.

    Each ``Piecewise`` whose conditions mention an index is replaced by the branch that holds
    for every index in its range. A ``Piecewise`` that mentions no index (e.g. a ReLU's
    ``z > 0``) is left alone; one that mentions an index but cannot be decided raises
    ``ValueError`` rather than being guessed.
    """
    index_set = set(ranges)

    def discharge(piecewise: sp.Piecewise) -> sp.Expr:
        conditions = [cond for _, cond in piecewise.args]
        if not any(cond.free_symbols & index_set for cond in conditions):
            return piecewise
        for branch, cond in piecewise.args:
            decided = _decided(cond, ranges)
            if decided == sp.true:
                return branch
            if decided != sp.false:
                raise ValueError(f"cannot decide {cond} for indices in range {dict(ranges)}")
        raise ValueError(f"no branch of {piecewise} holds for indices in range")

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), discharge)


def _deltas_innermost(summation: sp.Sum) -> sp.Sum:
    # SymPy sums out a Kronecker delta only over the innermost (first) limit: put the limits
    # whose variable appears in a delta of the summand first. Only a rectangular sum may be
    # reordered: one whose bounds mention no summation variable.
    variables = {limit[0] for limit in summation.limits}
    bounds = set().union(*(sp.Tuple(*limit[1:]).free_symbols for limit in summation.limits))
    if variables & bounds:
        return summation
    in_delta = set().union(*(d.free_symbols for d in summation.function.atoms(sp.KroneckerDelta)))
    limits = sorted(summation.limits, key=lambda limit: limit[0] not in in_delta)
    return sp.Sum(summation.function, *limits)


def _summed_out(expr: sp.Expr, ranges: Ranges) -> sp.Expr:
    # Summing out a Kronecker delta can leave a Piecewise inside an outer sum, which SymPy
    # then cannot carry out: do the sums and discharge the conditions in turn until stable.
    for _ in range(10):
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), _deltas_innermost)
        step = in_range(expr.doit(), ranges)
        if step == expr:
            return expr
        expr = step
    raise RuntimeError(f"summing out did not settle: {expr}")


def derivative(expr: sp.Expr, entry: sp.Indexed, ranges: Ranges) -> sp.Expr:
    """``d expr / d entry`` by the definition, sums carried out, for indices in range.

    ``entry`` is one entry of an indexed matrix, e.g. ``w[p, q]``, and ``ranges`` gives the
    range of each of its indices, e.g. ``{p: (1, n), q: (1, n_prev)}``.
    """
    return _summed_out(sp.diff(expr, entry), ranges)


def chain(
    upstream: sp.Expr,
    output: sp.Expr,
    rows: tuple[sp.Symbol, sp.Expr, sp.Expr],
    cols: tuple[sp.Symbol, sp.Expr, sp.Expr],
    entry: sp.Indexed,
    ranges: Ranges,
) -> sp.Expr:
    """``dJ / d entry`` from ``dJ / d output = upstream`` by the chain rule, for any sizes.

    The indexed form of ``netlib.symbolic.chain``: ``upstream`` and ``output`` are entry
    ``(k, j)`` of two matrices of one shape, with ``rows = (k, 1, n)`` and
    ``cols = (j, 1, m)``; the result is
    ``sum_k sum_j upstream[k, j] * d output[k, j] / d entry`` for the indices of ``entry`` in
    ``ranges``. A free ``IndexedBase`` as ``upstream`` proves a step for every J.
    """
    return _summed_out(sp.Sum(upstream * sp.diff(output, entry), rows, cols), ranges)


def is_zero(expr: sp.Expr) -> bool:
    """True when ``expr`` simplifies to 0 (a proof for every value of its symbols)."""
    return sp.simplify(expr) == 0
