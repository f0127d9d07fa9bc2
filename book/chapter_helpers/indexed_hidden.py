"""Index notation for the hidden layers: derivatives by definition for symbolic sizes.

The explicit matrices of :mod:`netlib.symbolic` prove a formula for the sizes they have. Here
the sizes are symbols (``n``, ``m``, ...), the matrices ``IndexedBase`` objects and the entries
sums, so what is shown holds for every size:

* an entry of ``Z = W A + b 1_m^T`` is ``z_ij = Sum_k w_ik a_kj + b_i`` (:func:`linear`);
* ``ReLU(z) = z * 1[z > 0]`` with :class:`Mask` for ``1[z > 0]``, whose derivative is 0
  wherever it has one (every ``z != 0``): the derivatives below hold at every point where no
  entry of a pre-activation is 0, the points where ReLU is differentiable;
* the chain rule by definition, ``dJ/dv = Sum_{i,j} upstream_ij * d out_ij / dv``, for one
  entry ``v`` with symbolic indices (:func:`chain_entry`);
* SymPy sums a ``KroneckerDelta`` to a ``Piecewise`` whose conditions say that an index lies
  in range (``p <= n``); :func:`discharge` replaces exactly those conditions by True, for the
  free indices (declared in range) and the indices a ``Sum`` runs over (in range there);
* :func:`same_sum` decides that two such expressions are equal by writing both as one sum over
  all their indices with an expanded summand.

Also :func:`counterexample`: two explicit matrices at one point of numbers, for "these differ".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping

import sympy as sp
from IPython.display import Math

Ranges = Mapping[sp.Symbol, tuple[sp.Expr, sp.Expr]]


class Mask(sp.Function):
    """``1[x > 0]``: 1 for ``x > 0``, 0 otherwise (the value 0 at ``x = 0`` is the book's choice).

    Its derivative is 0 at every ``x != 0`` (it is constant near such a point) and does not
    exist at 0. SymPy is told the derivative is 0, so results hold where no argument is 0.
    """

    is_real = True

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sp.S.Zero

    def _latex(self, printer) -> str:
        return r"\mathbb{1}\left[" + printer._print(self.args[0]) + r" > 0\right]"

    def as_piecewise(self) -> sp.Piecewise:
        """The same function as ``netlib.symbolic.relu_derivative`` writes it."""
        return sp.Piecewise((1, self.args[0] > 0), (0, True))


def relu(z: sp.Expr) -> sp.Expr:
    """``ReLU(z) = z * 1[z > 0]``, equal to ``max(0, z)`` for every real z."""
    return z * Mask(z)


def size(name: str) -> sp.Symbol:
    """A symbolic size such as ``n^{[2]}`` or ``m``: a positive integer."""
    return sp.Symbol(name, integer=True, positive=True)


def indices(names: str) -> tuple[sp.Symbol, ...]:
    """Integer index symbols (positive: indices start at 1)."""
    return sp.symbols(names, integer=True, positive=True)


def linear(
    W: sp.IndexedBase,
    A: Callable[[sp.Expr, sp.Expr], sp.Expr],
    b: sp.IndexedBase,
    k: sp.Symbol,
    inner: sp.Expr,
) -> Callable[[sp.Expr, sp.Expr], sp.Expr]:
    """Entry ``(i, j)`` of ``Z = W A + b 1_m^T``: ``Sum_{k=1}^{inner} W[i, k] A(k, j) + b[i]``.

    ``A`` gives entry ``(k, j)`` of the layer's input (an ``IndexedBase`` indexed, or the
    activations of the layer below as an expression); ``inner`` is ``n^[l-1]``.
    """
    return lambda i, j: sp.Sum(W[i, k] * A(k, j), (k, 1, inner)) + b[i]


def _range_facts(ranges: Ranges) -> set[sp.Basic]:
    facts = set()
    for index, (low, high) in ranges.items():
        facts |= {sp.Le(low, index), sp.Ge(index, low), sp.Le(index, high), sp.Ge(high, index)}
    return facts - {sp.true}


def discharge(expr: sp.Expr, ranges: Ranges) -> sp.Expr:
    """``expr`` with every range condition ``low <= index`` / ``index <= high`` set to True.

    ``ranges`` maps each free index to its range ``(1, size)``; inside a ``Sum`` its own
    limits are added. Only a condition that *is* one of these facts is replaced, so anything
    else SymPy leaves in a Piecewise stays visible.
    """
    return _discharge(sp.sympify(expr), _range_facts(ranges))


def _discharge(expr: sp.Basic, facts: set[sp.Basic]) -> sp.Basic:
    if isinstance(expr, sp.Sum):
        inner = facts | _range_facts({v: (low, high) for v, low, high in expr.limits})
        return sp.Sum(_discharge(expr.function, inner), *expr.limits)
    if isinstance(expr, sp.Piecewise):
        pieces = []
        for value, cond in expr.args:
            relations = cond.atoms(sp.core.relational.Relational)
            cond = cond.xreplace({r: sp.true for r in relations if r in facts})
            pieces.append((_discharge(value, facts), cond))
        return sp.Piecewise(*pieces)
    if not expr.args or isinstance(expr, sp.Indexed):
        return expr
    return expr.func(*(_discharge(a, facts) for a in expr.args))


def _deltas_inside(expr: sp.Expr) -> sp.Expr:
    # Sum(f, (i, ..), (j, ..)) with a KroneckerDelta(j, p) in f: sum over j first, where
    # SymPy can collapse it (it does not look for it under the sum over i)
    def nest(s: sp.Sum) -> sp.Expr:
        deltas = {v for d in s.function.atoms(sp.KroneckerDelta) for v in d.free_symbols}
        first = [limit for limit in s.limits if limit[0] in deltas]
        if not first or len(s.limits) == 1:
            return s
        rest = [limit for limit in s.limits if limit[0] not in deltas]
        inner = sp.Sum(s.function, *first)
        return sp.Sum(inner, *rest) if rest else inner

    return expr.replace(lambda e: isinstance(e, sp.Sum), nest)


def settle(expr: sp.Expr, ranges: Ranges) -> sp.Expr:
    """Evaluate the sums (``doit``) and discharge range conditions until nothing changes."""
    expr = sp.sympify(expr)
    for _ in range(20):
        done = discharge(_deltas_inside(flat_sum(expr)).doit(), ranges)
        if done == expr:
            return done
        expr = done
    raise RuntimeError("the sums did not settle")


def chain_entry(
    upstream: sp.IndexedBase,
    outputs: Callable[[sp.Expr, sp.Expr], sp.Expr],
    shape: tuple[sp.Expr, sp.Expr],
    wrt: sp.Expr,
    ranges: Ranges,
    over: tuple[sp.Symbol, sp.Symbol],
) -> sp.Expr:
    """``dJ/d(wrt)`` by the chain rule: ``Sum_{i,j} upstream[i, j] * d outputs(i, j) / d wrt``.

    ``outputs(i, j)`` is entry (i, j) of the matrix J depends on, of symbolic ``shape``
    ``(rows, cols)``; ``upstream`` is ``dJ/d(outputs)``, free, so the result holds for every J.
    ``wrt`` is one entry with free indices, declared in range by ``ranges``; ``over`` are the
    two summation indices. The sums are evaluated and the range conditions discharged.
    """
    i, j = over
    rows, cols = shape
    term = upstream[i, j] * sp.diff(outputs(i, j), wrt)
    return settle(sp.Sum(term, (i, 1, rows), (j, 1, cols)), ranges)


def _flat(expr: sp.Expr) -> list[tuple[sp.Expr, tuple]]:
    # expr as a list of (summand, limits): nested sums and products of sums become one sum
    expr = sp.expand(expr)
    if isinstance(expr, sp.Add):
        return [t for a in expr.args for t in _flat(a)]
    if isinstance(expr, sp.Sum):
        return [(f, limits + tuple(expr.limits)) for f, limits in _flat(expr.function)]
    if isinstance(expr, sp.Mul):
        terms = [(sp.S.One, ())]
        for factor in expr.args:
            terms = [(f1 * f2, l1 + l2) for f1, l1 in terms for f2, l2 in _flat(factor)]
        return terms
    return [(expr, ())]


def flat_sum(expr: sp.Expr) -> sp.Expr:
    """``expr`` written as sums over all its indices at once, limits sorted, summands expanded.

    Valid for the sums of this module, whose limits are ``1..size`` and never depend on
    another summation index (so products of sums and nested sums may be merged).
    """
    # a mask's argument is kept as it is written (SymPy would expand inside it too)
    masks = {mask: sp.Dummy("mask") for mask in sp.sympify(expr).atoms(Mask)}
    groups: dict[tuple, sp.Expr] = {}
    for summand, limits in _flat(sp.sympify(expr).xreplace(masks)):
        key = tuple(sorted((tuple(limit) for limit in limits), key=str))
        groups[key] = groups.get(key, sp.S.Zero) + summand
    back = {dummy: mask for mask, dummy in masks.items()}
    return sp.Add(
        *(sp.Sum(sp.expand(f), *key) if key else sp.expand(f) for key, f in groups.items())
    ).xreplace(back)


_CANONICAL = [sp.Dummy(f"s{n}", integer=True, positive=True) for n in range(12)]


def _canonical(summand: sp.Expr, limits: tuple) -> tuple[sp.Expr, tuple]:
    # rename the summation indices s0, s1, ... in a fixed order (by range, then the order
    # that writes the term first), so that two terms differing only in letters coincide
    by_range = sorted(limits, key=lambda limit: str(limit[1:]))
    best = None
    groups = [
        [limit for limit in by_range if limit[1:] == key]
        for key in dict.fromkeys(limit[1:] for limit in by_range)
    ]
    for order in itertools.product(*(itertools.permutations(g) for g in groups)):
        flat_order = [limit for group in order for limit in group]
        rename = {limit[0]: _CANONICAL[n] for n, limit in enumerate(flat_order)}
        term = summand.xreplace(rename)
        new_limits = tuple((rename[v], low, high) for v, low, high in flat_order)
        if best is None or str(term) < str(best[0]):
            best = (term, new_limits)
    return best


def same_sum(formula: sp.Expr, derived: sp.Expr) -> bool:
    """True when ``formula - derived`` is 0 as one sum over all indices, whatever their letters.

    Both sides are written as sums of products (nested sums and products of sums merged, as
    in :func:`flat_sum`), the summation indices of each product renamed in a fixed order, and
    the summands collected and expanded (a mask's argument too). No range condition may be
    left: a Piecewise means something was not discharged.
    """
    formula, derived = sp.sympify(formula), sp.sympify(derived)
    if (formula - derived).atoms(sp.Piecewise):
        return False
    difference = formula - derived
    masks = {mask: sp.Dummy("mask") for mask in difference.atoms(Mask)}
    back = {dummy: Mask(sp.expand(mask.args[0])) for mask, dummy in masks.items()}
    groups: dict[tuple, sp.Expr] = {}
    for summand, limits in _flat(difference.xreplace(masks)):
        term, key = _canonical(summand.xreplace(back), limits)
        groups[key] = groups.get(key, sp.S.Zero) + term
    return all(sp.expand(summand) == 0 for summand in groups.values())


def named(expr: sp.Expr, entries: list[tuple[Callable, sp.IndexedBase]]) -> sp.Expr:
    """``expr`` with each built entry ``builder(i, j)`` replaced by ``name[i, j]``, for reading.

    ``entries`` pairs an entry builder (e.g. a layer's :func:`linear`) with the name of its
    matrix, inner layers first: ``z^[1]_ij`` must be named before ``z^[2]`` can be recognised.
    """
    i, j = sp.Wild("i"), sp.Wild("j")
    for builder, name in entries:
        expr = expr.replace(builder(i, j), name[i, j])
    return expr


def counterexample(
    left: sp.Matrix, right: sp.Matrix, point: Mapping[sp.Symbol, sp.Expr]
) -> tuple[sp.Matrix, sp.Matrix, sp.Matrix]:
    """Both sides at one point of exact numbers, and their difference, asserted nonzero.

    ``point`` must give every free symbol a number (ReLU masks then take their 0/1 values
    from the numbers, so a mask cannot take a value it never takes). Returns
    ``(left, right, left - right)`` evaluated exactly.
    """
    if left.shape != right.shape:
        raise ValueError(f"the sides have the shapes {left.shape} and {right.shape}")
    at = {s: sp.nsimplify(v) for s, v in point.items()}
    values = [M.xreplace(at) for M in (left, right)]
    for M in values:
        if M.free_symbols:
            raise ValueError(f"no value given for {sorted(map(str, M.free_symbols))}")
    difference = (values[0] - values[1]).applyfunc(sp.nsimplify)
    assert difference != sp.zeros(*difference.shape), "the two sides agree at this point"
    return values[0], values[1], difference


def masks_named(expr: sp.Expr, names: Mapping[sp.Expr, sp.Expr]) -> sp.Expr:
    """``expr`` with each Piecewise ``(e if a > 0 else 0)`` written ``e * 1[name > 0]``.

    ``names`` maps a built pre-activation ``a`` (e.g. an entry of ``W X + b 1_m^T`` from
    ``netlib.symbolic``) to a short name such as the symbol ``z^[1]_11``; ``a`` without a name is
    kept. Only how the expression is written changes: the two forms are the same function.
    """

    def rewrite(piecewise: sp.Piecewise) -> sp.Expr:
        (value, cond), rest = piecewise.args[0], piecewise.args[1:]
        if (
            len(rest) == 1
            and rest[0].cond == sp.true
            and rest[0].expr == 0
            and isinstance(cond, sp.StrictGreaterThan)
            and cond.rhs == 0
        ):
            return value * Mask(names.get(cond.lhs, cond.lhs))
        return piecewise

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), rewrite)


def equation(lhs: str, rhs: sp.Expr) -> Math:
    """``lhs = rhs`` typeset, ``lhs`` in LaTeX (e.g. the derivative a proof computed)."""
    return Math(f"{lhs} = {sp.latex(rhs)}")


def equation_lines(lhs: str, rhs: sp.Expr) -> Math:
    """``lhs = rhs`` with one term of the sum ``rhs`` per line, so a long entry fits a page."""
    terms = [sp.latex(t) for t in sp.sympify(rhs).as_ordered_terms()]
    lines = [f"{lhs} ={{}} & {terms[0]}"] + [f"& + {t}" for t in terms[1:]]
    return Math(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")
