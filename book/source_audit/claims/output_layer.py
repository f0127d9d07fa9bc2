"""The claims of the output layer: dJ/dA^[3], the softmax Jacobian, delta^[3], dW^[3], db^[3]."""

import numpy as np
import sympy as sp

import netlib as nl
from netlib import symbolic as sym

from ..derivative_readings import dZ_db_readings, dZ_dW_readings, jacobian_tensor
from ..point import AL, THETA, TRUE, Y, cache, m
from ..products import star_readings
from ..readings import Reading, compare
from ..registry import claim, section
from .per_layer import bias_readings, propagate_after_update_claim, update_claim

section("Output layer")

delta3 = TRUE["dZ3"]  # the correct error of the output layer, by central differences


@claim(
    r"$\frac{\partial J}{\partial \mathbf{A}^{[3]}} = -\frac{1}{m} \left( "
    r"\frac{\mathbf{Y}}{\hat{\mathbf{Y}}} \right)$",
    r"$\frac{\partial J}{\partial \mathbf{A}^{[3]}} = "
    r"-\frac{1}{m} \frac{\mathbf{Y}}{\hat{\mathbf{Y}}}$",
    r"the same, the division entry by entry ({eq}`eq-dJ-dA3`)",
)
def dJ_dA3() -> list[Reading]:
    return [compare("Y / Yhat entry by entry", lambda: -(Y / AL) / m, TRUE["dA3"])]


def source_jacobian(a: np.ndarray) -> np.ndarray:
    """The source's dA_i/dZ_j = A_i (delta_ij - A_i), for one example's probabilities a."""
    return a[:, None] * (np.eye(a.size) - a[:, None])


def softmax_jacobian_by_differences(j: int) -> np.ndarray:
    """da_i/dz_k of example j's softmax by central differences: (n_y, n_y)."""
    z = cache["Z3"][:, [j]]
    return jacobian_tensor(lambda c: nl.softmax(c)[:, 0], z)[:, :, 0]


@claim(
    r"$\frac{\partial \mathbf{A}_i^{[3]}}{\partial \mathbf{Z}_j^{[3]}} = \mathbf{A}_i^{[3]} "
    r"(\delta_{ij} - \mathbf{A}_i^{[3]})$",
    r"softmax Jacobian $a_i(\delta_{ij} - a_i)$",
    r"$\frac{\partial a_i}{\partial z_j} = a_i(\delta_{ij} - a_j)$ ({eq}`eq-softmax-jacobian`)",
)
def softmax_jacobian() -> list[Reading]:
    reading = compare(
        "for each example, entry (i, j) as written",
        lambda: np.stack([source_jacobian(cache["A3"][:, j]) for j in range(m)]),
        np.stack([softmax_jacobian_by_differences(j) for j in range(m)]),
    )
    # A SymPy counterexample at logits where the probabilities are exact fractions.
    z = sym.symbol_matrix("z", 3, 1)
    a = sym.softmax(z)
    point = dict(zip(z, [0, sp.log(2), sp.log(3)], strict=True))
    derivative = sym.jacobian(a, z).subs(point).applyfunc(sp.simplify)
    source = sp.Matrix(3, 3, lambda i, j: a[i] * (int(i == j) - a[i])).subs(point)
    source = source.applyfunc(sp.simplify)
    assert source[0, 1] != derivative[0, 1]
    reading.evidence += (
        f"; SymPy, exactly, at z = (0, log 2, log 3) where a = "
        f"({', '.join(str(sp.simplify(v.subs(point))) for v in a)}): entry (1, 2) is "
        f"{source[0, 1]} as written, {derivative[0, 1]} by differentiation"
    )
    reading.by = "central differences, SymPy"
    return [reading]


@claim(
    r"$\frac{\partial \mathbf{Z}^{[3]}}{\partial \mathbf{W}^{[3]}} = \mathbf{A}^{[2]}$",
    r"$\frac{\partial \mathbf{Z}^{[3]}}{\partial \mathbf{W}^{[3]}} = \mathbf{A}^{[2]}$",
    r"$\partial z_{kj}/\partial w_{pq} = [k = p]\, a^{[2]}_{qj}$; contracted, "
    r"$\boldsymbol{\delta}^{[3]} \mathbf{A}^{[2]\top}$ ({eq}`eq-dW3`)",
)
def dZ3_dW3() -> list[Reading]:
    return dZ_dW_readings(3)


@claim(
    r"$\frac{\partial \mathbf{Z}^{[3]}}{\partial \mathbf{b}^{[3]}} = 1$",
    r"$\frac{\partial \mathbf{Z}^{[3]}}{\partial \mathbf{b}^{[3]}} = 1$",
    r"$\partial z_{kj}/\partial b_p = [k = p]$ for every example $j$; contracted, "
    r"$\boldsymbol{\delta}^{[3]} \mathbf{1}_m$ ({eq}`eq-db3`)",
)
def dZ3_db3() -> list[Reading]:
    return dZ_db_readings(3)


def source_chain_product() -> np.ndarray:
    """(-1/m Y/Yhat) chained through the source's Jacobian, example by example."""
    upstream = -(Y / AL) / m
    return np.column_stack([source_jacobian(AL[:, j]).T @ upstream[:, j] for j in range(m)])


@claim(
    r"$\frac{\partial J}{\partial \mathbf{b}^{[3]}} = \left(-\frac{1}{m} \left("
    r"\frac{\mathbf{Y}}{\hat{\mathbf{Y}}}\right)\right) * (\mathbf{A}_i^{[3]}(\delta_{ij} - "
    r"\mathbf{A}_i^{[3]})) * (1)$",
    r"$\frac{\partial J}{\partial \mathbf{b}^{[3]}}$ = the chain with the source's Jacobian",
    r"$\frac{\partial J}{\partial \mathbf{b}^{[3]}} = \boldsymbol{\delta}^{[3]} \mathbf{1}_m$ "
    r"({eq}`eq-db3`)",
)
def db3_chain() -> list[Reading]:
    return [
        compare("the chain rule per example, times 1", source_chain_product, TRUE["db3"]),
        compare(
            "the chain rule per example, summed over the examples (dZ/db contracted)",
            lambda: source_chain_product().sum(axis=1, keepdims=True),
            TRUE["db3"],
        ),
    ]


@claim(
    r"$\dots = -\frac{1}{m}(\hat{\mathbf{Y}} - \mathbf{Y}) * (1) = \delta^{[3]}$, "
    r"where $\delta^{[3]}$ is the error of the output layer",
    r"$\boldsymbol{\delta}^{[3]} = -\frac{1}{m}(\hat{\mathbf{Y}} - \mathbf{Y})$",
    r"$\boldsymbol{\delta}^{[3]} = \frac{\partial J}{\partial \mathbf{Z}^{[3]}} = "
    r"\frac{1}{m}(\mathbf{A}^{[3]} - \mathbf{Y})$ ({eq}`eq-delta3`)",
)
def delta3_sign() -> list[Reading]:
    claimed = -(AL - Y) / m
    return [
        compare(
            "the product with the source's Jacobian equals it",
            lambda: claimed,
            source_chain_product(),
            against="the product of the chain's factors",
            by="numbers",
        ),
        compare("it is dJ/dZ^[3], the error of the output layer", lambda: claimed, delta3),
    ]


@claim(
    r"$\frac{\partial J}{\partial \mathbf{b}^{[3]}} = \delta^{[3]}$",
    r"$\frac{\partial J}{\partial \mathbf{b}^{[3]}} = \boldsymbol{\delta}^{[3]}$",
    r"$\frac{\partial J}{\partial \mathbf{b}^{[3]}} = \boldsymbol{\delta}^{[3]} \mathbf{1}_m$, "
    r"the sum over the examples ({eq}`eq-db3`)",
)
def db3_is_delta3() -> list[Reading]:
    return bias_readings(3)


@claim(
    r"$\frac{\partial J}{\partial \mathbf{W}^{[3]}} = \delta^{[3]} * (\mathbf{A}^{[2]})$",
    r"$\frac{\partial J}{\partial \mathbf{W}^{[3]}} = "
    r"\boldsymbol{\delta}^{[3]} * \mathbf{A}^{[2]}$",
    r"$\boldsymbol{\delta}^{[3]} \mathbf{A}^{[2]\top}$ ({eq}`eq-dW3`)",
)
def dW3() -> list[Reading]:
    return star_readings([delta3, cache["A2"]], TRUE["dW3"])


update_claim(3)
propagate_after_update_claim(3)


@claim(
    r"$\frac{\partial J}{\partial \mathbf{A}^{[2]}} = \frac{\partial J}{\partial "
    r"\mathbf{A}^{[3]}} \frac{\partial \mathbf{A}^{[3]}}{\partial \mathbf{Z}^{[3]}} "
    r"\frac{\partial \mathbf{Z}^{[3]}}{\partial \mathbf{A}^{[2]}} = \delta^{[3]} * "
    r"(\mathbf{W}^{[3]})$",
    r"$\frac{\partial J}{\partial \mathbf{A}^{[2]}} = "
    r"\boldsymbol{\delta}^{[3]} * \mathbf{W}^{[3]}$",
    r"$\mathbf{W}^{[3]\top} \boldsymbol{\delta}^{[3]}$ ({eq}`eq-dA2`)",
)
def dA2() -> list[Reading]:
    return star_readings([delta3, THETA["W3"]], TRUE["dA2"])
