"""The SymPy side of the book: small explicit matrices of symbols, and calculus on them.

Derivatives are taken entry by entry from the definition, ``dJ/dM[i, j] = diff(J, M[i, j])``,
and laid out in the shape of ``M`` (denominator layout, as everywhere in the book). SymPy's
``MatrixSymbol`` calculus is not used: explicit ``sp.Matrix`` objects of scalar symbols are
slower but leave nothing to trust.

This is the only module of netlib that imports SymPy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import sympy as sp

Matrix = sp.Matrix


def symbol_matrix(base: str, rows: int, cols: int, layer: int | None = None) -> Matrix:
    """A ``rows x cols`` matrix of real symbols named like the book's entries.

    ``symbol_matrix("w", 2, 3, layer=1)`` has entries ``w^[1]_11 ... w^[1]_23``
    (1-based, row then column), typeset as :math:`w^{[1]}_{11}`.
    """
    name = base if layer is None else f"{base}^[{layer}]"
    sep = "" if rows < 10 and cols < 10 else ","
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{sep}{j + 1}", real=True))


def parameters(layer_sizes: Sequence[int]) -> dict[str, Matrix]:
    """Symbolic ``W1, b1, ..., WL, bL`` with ``W^[l]: (n^[l], n^[l-1])``, ``b^[l]: (n^[l], 1)``."""
    params = {}
    for l in range(1, len(layer_sizes)):
        params[f"W{l}"] = symbol_matrix("w", layer_sizes[l], layer_sizes[l - 1], layer=l)
        params[f"b{l}"] = symbol_matrix("b", layer_sizes[l], 1, layer=l)
    return params


# --- activations, entry by entry -------------------------------------------------------


def relu(z: sp.Expr) -> sp.Expr:
    """``max(0, z)`` as a Piecewise, whose derivative is 1 for z > 0 and 0 otherwise."""
    return sp.Piecewise((z, z > 0), (0, True))


def relu_derivative(z: sp.Expr) -> sp.Expr:
    """The indicator ``1[z > 0]``: ReLU'(z) for z != 0, and 0 at the kink (a subgradient).

    It is exactly ``diff(relu(z), z)``, so formulas written with it compare syntactically with
    derivatives taken by definition (see :func:`equal_for_any_mask`).
    """
    return sp.Piecewise((1, z > 0), (0, True))


def sigmoid(z: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-z))


def tanh(z: sp.Expr) -> sp.Expr:
    return sp.tanh(z)


def identity(z: sp.Expr) -> sp.Expr:
    return z


HIDDEN_ACTIVATIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "identity": identity,
}
"""Activations a hidden layer may use: name -> the SymPy g of one entry (as in
``netlib.activations.HIDDEN_ACTIVATIONS``); their derivatives are :data:`DERIVATIVES`."""


def softmax(Z: Matrix) -> Matrix:
    """Softmax of each column: ``A[i, j] = exp(Z[i, j]) / sum_k exp(Z[k, j])``."""
    E = Z.applyfunc(sp.exp)
    col_sums = [sum(E[:, j]) for j in range(Z.cols)]
    return sp.Matrix(Z.rows, Z.cols, lambda i, j: E[i, j] / col_sums[j])


def activate(name: str, Z: Matrix) -> Matrix:
    """``g(Z)`` for an activation name used by ``netlib.MLP``."""
    if name == "softmax":
        return softmax(Z)
    return Z.applyfunc(HIDDEN_ACTIVATIONS[name])


def sigmoid_derivative(z: sp.Expr) -> sp.Expr:
    """``sigma'(z) = sigma(z) (1 - sigma(z))``."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh_derivative(z: sp.Expr) -> sp.Expr:
    """``tanh'(z) = 1 - tanh(z)^2``."""
    return 1 - sp.tanh(z) ** 2


def identity_derivative(z: sp.Expr) -> sp.Expr:
    return sp.Integer(1)


DERIVATIVES: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "relu": relu_derivative,
    "sigmoid": sigmoid_derivative,
    "tanh": tanh_derivative,
    "identity": identity_derivative,
}
"""The typed-in formulas for ``g'`` of the entrywise activations; the chapters prove them."""


def activation_derivative(name: str, Z: Matrix) -> Matrix:
    """``g'(Z)`` entry by entry for an entrywise activation: ``(n, m)`` -> ``(n, m)``.

    These are formulas, not derivatives taken here: ``chain(G, activate(name, Z), Z)`` equals
    ``G`` times this matrix entrywise, which is what a chapter proves. Softmax is not
    entrywise (each output depends on the whole column), so it has no such matrix.
    """
    if name not in DERIVATIVES:
        raise ValueError(
            f"activation_derivative needs an entrywise activation {sorted(DERIVATIVES)}, "
            f"got {name!r} (softmax mixes a column: use jacobian)"
        )
    return Z.applyfunc(DERIVATIVES[name])


# --- the network -----------------------------------------------------------------------


def linear_forward(A_prev: Matrix, W: Matrix, b: Matrix) -> Matrix:
    """``Z = W A_prev + b 1_m^T``: the column b added to each of the m columns.

    ``A_prev: (n^[l-1], m)``, ``W: (n^[l], n^[l-1])``, ``b: (n^[l], 1)`` -> ``(n^[l], m)``,
    the arguments in the order of :func:`netlib.linear_forward`.
    """
    return W * A_prev + b * sp.ones(1, A_prev.cols)


def forward(
    params: Mapping[str, Matrix], X: Matrix, activations: Sequence[str]
) -> tuple[Matrix, dict[str, Matrix]]:
    """The symbolic forward pass: returns ``A^[L]`` and a cache ``A0..AL, Z1..ZL``."""
    cache = {"A0": X}
    A = X
    for l, g in enumerate(activations, start=1):
        Z = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A = activate(g, Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def cross_entropy(AL: Matrix, Y: Matrix) -> sp.Expr:
    """``J = -(1/m) sum_i sum_k Y[k, i] log AL[k, i]``, from the probabilities ``AL = A^[L]``."""
    m = AL.cols
    return -sp.Rational(1, m) * sum(
        Y[k, i] * sp.log(AL[k, i]) for k in range(AL.rows) for i in range(m)
    )


def mse(AL: Matrix, Y: Matrix) -> sp.Expr:
    """``J = (1/(2m)) sum (AL - Y)^2``, from the outputs ``AL = A^[L]``."""
    return sp.Rational(1, 2 * AL.cols) * sum((a - y) ** 2 for a, y in zip(AL, Y, strict=True))


# --- calculus and comparison -----------------------------------------------------------


def gradient(J: sp.Expr, M: Matrix) -> Matrix:
    """``dJ/dM`` by definition: entry (i, j) is ``diff(J, M[i, j])``; the shape of M."""
    return M.applyfunc(lambda s: sp.diff(J, s))


def jacobian(outputs: Matrix, inputs: Matrix) -> Matrix:
    """The Jacobian of a column map: entry (i, j) is ``d outputs[i] / d inputs[j]``.

    ``outputs: (p, 1)`` expressions, ``inputs: (q, 1)`` symbols -> ``(p, q)``. For the softmax
    of one example, ``jacobian(softmax(z), z)`` is the ``(K, K)`` matrix of ``dA_i/dZ_j``.
    """
    for name, M in (("outputs", outputs), ("inputs", inputs)):
        if M.cols != 1:
            raise ValueError(f"{name} must be a column (shape (n, 1)), got shape {M.shape}")
    return sp.Matrix(outputs.rows, inputs.rows, lambda i, j: sp.diff(outputs[i], inputs[j]))


def chain(upstream: Matrix, outputs: Matrix, wrt: Matrix) -> Matrix:
    """``dJ/d(wrt)`` from ``dJ/d(outputs) = upstream`` by the chain rule, entry by entry.

    J is any scalar that depends on ``wrt`` only through ``outputs``. Entry (i, j) of the
    result is ``sum_{k,l} upstream[k, l] * d outputs[k, l] / d wrt[i, j]``: nothing about the
    layer is assumed, so a free symbol matrix as ``upstream`` proves a step for every J.
    ``upstream`` has the shape of ``outputs``; the result has the shape of ``wrt``.
    """
    if upstream.shape != outputs.shape:
        raise ValueError(
            f"upstream must have the shape of outputs {outputs.shape}, got {upstream.shape}"
        )
    pairs = list(zip(upstream, outputs, strict=True))
    return wrt.applyfunc(lambda s: sp.Add(*(g * sp.diff(o, s) for g, o in pairs)))


def linear_chain(upstream: Matrix, A_prev: Matrix, W: Matrix, b: Matrix) -> dict[str, Matrix]:
    """Chain ``upstream = dJ/dZ`` through ``Z = W A_prev + b 1_m^T`` by the definition.

    ``upstream: (n^[l], m)``, ``A_prev: (n^[l-1], m)``, ``W: (n^[l], n^[l-1])``,
    ``b: (n^[l], 1)`` (after upstream, the order of :func:`linear_forward`). Returns
    ``{"dW", "db", "dA_prev"}``, each with the shape of what it differentiates, computed
    with :func:`chain` (no matrix formula is assumed).
    """
    Z = linear_forward(A_prev, W, b)
    return {
        "dW": chain(upstream, Z, W),
        "db": chain(upstream, Z, b),
        "dA_prev": chain(upstream, Z, A_prev),
    }


def columns_summing_to_one(Y: Matrix) -> dict[sp.Symbol, sp.Expr]:
    """Substitutions that make every column of the symbol matrix ``Y`` sum to 1.

    The last entry of each column becomes 1 minus the others: every one-hot ``Y`` (and every
    column of probabilities) satisfies this, and it is all the output-layer results use.
    """
    return {Y[-1, j]: 1 - sum(Y[:-1, j]) for j in range(Y.cols)}


def equal_matrices(A: Matrix, B: Matrix) -> bool:
    """True when every entry of ``A - B`` simplifies to 0 (and the shapes agree)."""
    if A.shape != B.shape:
        return False
    return all(sp.simplify(d) == 0 for d in (A - B))


def _mask_factored(piecewise: sp.Piecewise) -> sp.Expr:
    # Piecewise((e, c), (0, True)) = e * Piecewise((1, c), (0, True)): one mask per condition.
    pieces = piecewise.args
    if len(pieces) == 2 and pieces[1].cond == sp.true and pieces[1].expr == 0:
        expr, cond = pieces[0]
        return expr * sp.Piecewise((1, cond), (0, True))
    return piecewise


def masks_as_symbols(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every ReLU mask ``1[c]`` replaced by its own free symbol.

    A Piecewise ``(e if c else 0)`` is first written ``e * 1[c]``, so the ReLU, its derivative
    and products of them all become polynomials in the masks. Identical conditions share one
    symbol; any other Piecewise is replaced by a symbol as a whole.
    """
    expr = sp.sympify(expr).replace(lambda x: isinstance(x, sp.Piecewise), _mask_factored)
    masks = {p: sp.Dummy("mask") for p in expr.atoms(sp.Piecewise)}
    return expr.xreplace(masks)


def equal_for_any_mask(A: Matrix, B: Matrix) -> bool:
    """True when ``A - B`` expands to 0 with every ReLU mask treated as an unknown number.

    An identity that holds for *every* value of the masks holds in particular for the 0/1
    values the conditions take, so True is a proof that ``A == B``; it avoids the case analysis
    that makes ``sp.simplify`` slow on Piecewise. False means "not shown equal" (e.g. when two
    masks are equal only for reasons this polynomial view cannot see); shapes must agree.
    """
    if A.shape != B.shape:
        return False
    return all(sp.expand(masks_as_symbols(d)) == 0 for d in (A - B))


def values_for(symbols: Matrix, values: object) -> dict[sp.Symbol, float]:
    """Pair each symbol of a symbol matrix with the matching entry of a numeric array."""
    values = np.asarray(values, dtype=float)
    if values.shape != symbols.shape:
        raise ValueError(f"values must have shape {symbols.shape}, got {values.shape}")
    return {s: float(v) for s, v in zip(symbols, values.ravel(), strict=True)}


def evaluate(M: Matrix | sp.Expr, substitutions: Mapping[sp.Symbol, float]) -> np.ndarray:
    """A matrix (or scalar) expression evaluated at numbers, as a float64 numpy array.

    Every free symbol of ``M`` must have a value. The expression is compiled with
    ``lambdify`` (Piecewise becomes a conditional expression), far faster than ``subs`` on deep
    expressions.
    """
    free = sp.sympify(M).free_symbols
    missing = free - set(substitutions)
    if missing:
        raise ValueError(f"no value given for {sorted(map(str, missing))}")
    symbols = sorted(free, key=str)
    f = sp.lambdify(symbols, M, modules=[{"ImmutableDenseMatrix": np.array}, "math"], cse=True)
    return np.array(f(*(substitutions[s] for s in symbols)), dtype=np.float64)


def partial_derivatives_at(
    loss: Callable[[Mapping[str, Matrix]], sp.Expr],
    matrices: Mapping[str, Matrix],
    values: Mapping[sp.Symbol, float],
) -> dict[str, np.ndarray]:
    """Every ``dJ/dM`` at one point, each entry from the definition of a partial derivative.

    ``loss`` maps a dict shaped like ``matrices`` (symbol matrices) to the scalar J. Entry
    (i, j) of ``dJ/dM`` is the ordinary derivative, at ``t = values[M[i, j]]``, of the
    one-variable function ``t -> J`` with ``M[i, j]`` replaced by ``t`` and every other symbol
    fixed at its value. Fixing the others first keeps each expression small, so a deep
    composition stays quick where differentiating J in all its symbols at once does not. The
    numbers are substituted into each derivative (cheaper than compiling an expression used
    once). Returns float64 arrays with the shapes of the matrices.
    """
    t = sp.Dummy("t", real=True)
    at_point = {s: sp.Float(v) for s, v in values.items()}
    numeric = {}
    for name, M in matrices.items():
        missing = [str(s) for s in M if s not in values]
        if missing:
            raise ValueError(f"no value given for {missing} of {name}")
        numeric[name] = M.xreplace({s: sp.Float(values[s]) for s in M})
    grads = {}
    for name, M in matrices.items():
        grad = np.zeros(M.shape)
        for i in range(M.rows):
            for j in range(M.cols):
                moved = numeric[name].copy()
                moved[i, j] = t
                J = loss({**numeric, name: moved})
                derivative = sp.diff(J, t).xreplace({**at_point, t: at_point[M[i, j]]})
                if derivative.free_symbols:
                    raise ValueError(
                        f"no value given for {sorted(map(str, derivative.free_symbols))}"
                    )
                grad[i, j] = float(derivative)
        grads[name] = grad
    return grads
