"""The claims of the generalisation to any number of layers."""

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import sympy as sp

import netlib as nl

from ..derivative_readings import (
    dZ_dA_readings,
    dZ_db_readings,
    dZ_dW_readings,
    relu_derivative_readings,
)
from ..forward_readings import sympy_sum_of
from ..point import AL, THETA, TRUE, L, X, Y, cache, grads, m
from ..products import matmul
from ..readings import AGREES, ILL_FORMED, Reading, all_of, compare
from ..registry import claim, section
from ..update_readings import text_order_gradients, update_rule_reading
from .loss import cross_entropy_loss
from .output_layer import softmax_jacobian_by_differences


def every_layer(
    readings_of: Callable[[int], list[Reading]], layers: tuple[int, ...], *hows: str
) -> list[Reading]:
    """A claim about layer l read for every layer: reading i of all layers joined into one."""
    each = {l: readings_of(l) for l in layers}
    return [
        all_of(how, [replace(each[l][i], how=f"l = {l}") for l in each])
        for i, how in enumerate(hows)
    ]


section("Generalization")

net4 = nl.MLP([2, 4, 3, 3, 5], hidden="relu", seed=1)  # l = 1, 2, 3, 4
for name, P in net4.params.items():
    net4.params[name] = np.random.default_rng(5).standard_normal(P.shape)
_, cache4 = net4.forward(X)


@claim(
    r"$\mathbf{A}^{[0]} = \mathbf{X}$, $\mathbf{Z}^{[l]} = \mathbf{W}^{[l]} \mathbf{A}^{[l-1]} "
    r"+ \mathbf{b}^{[l]}$, $\mathbf{A}^{[l]} = g^{[l]}(\mathbf{Z}^{[l]})$, where $g^{[l]}$ is "
    r"the activation function of the $l^{th}$ layer and $l = 1, 2, 3, 4 \dots$",
    r"forward pass for $l = 1, 2, 3, 4, \dots$",
    r"$\mathbf{Z}^{[l]} = \mathbf{W}^{[l]} \mathbf{A}^{[l-1]} + \mathbf{b}^{[l]} "
    r"\mathbf{1}_m^\top$ for $l = 1, \dots, L$ ({eq}`eq-forward-linear`, {prf:ref}`thm-backprop`)",
)
def general_forward() -> list[Reading]:
    def by_columns(l):
        W, b, A_prev = net4.params[f"W{l}"], net4.params[f"b{l}"], cache4[f"A{l - 1}"]
        return compare(
            f"layer {l}",
            lambda: W @ A_prev + b,
            np.hstack([W @ A_prev[:, [j]] + b for j in range(m)]),
            against="W a + b for each example a, one column at a time",
            by="numbers",
        )

    try:
        sympy_sum_of((4, 3), (3, m), (4, 1))
        literal = Reading("`+` as the sum of matrices", AGREES, "SymPy adds them", "SymPy")
    except sp.ShapeError as err:
        literal = Reading("`+` as the sum of matrices", ILL_FORMED, f"SymPy: {err}", "SymPy")
    return [
        literal,
        all_of(
            "`+ b` adding b to every column, in a network with L = 4",
            [by_columns(l) for l in (1, 2, 3, 4)],
        ),
    ]


claim(
    r"$J = -\frac{1}{m} \sum_{i=1}^m \sum_{k=1}^K y_k^{(i)} \log(\hat{y}_k^{(i)})$ (again)",
    r"$J$, the cross-entropy",
    r"the same, with $K = n_y$ ({eq}`eq-cross-entropy`)",
)(cross_entropy_loss)  # the same statement as before: the same check


def summed_dJ_dA_claim(again: str = "") -> None:
    """Register the source's summed dJ/dA^[L] (it states it twice; ``again`` marks the second)."""
    claim(
        r"$\frac{\partial J}{\partial \mathbf{A}^{[L]}} = -\frac{1}{m} \sum_{i=1}^m "
        r"\frac{y^{(i)}}{\hat{y}^{(i)}}$" + again,
        r"$\frac{\partial J}{\partial \mathbf{A}^{[L]}} = -\frac{1}{m} \sum_i "
        r"\frac{y^{(i)}}{\hat{y}^{(i)}}$",
        r"no sum: $-\frac{1}{m} \mathbf{Y} \oslash \mathbf{A}^{[L]}$, one column per example "
        r"({eq}`eq-dJ-dA3`)",
    )(
        lambda: [
            compare(
                "the sum over the examples: one column",
                lambda: (-(Y / AL) / m).sum(axis=1, keepdims=True),
                TRUE["dA3"],
            ),
            compare(
                "that column used for every example",
                lambda: np.repeat((-(Y / AL) / m).sum(axis=1, keepdims=True), m, axis=1),
                TRUE["dA3"],
            ),
        ]
    )


summed_dJ_dA_claim()


@claim(
    r"General updating rule for the weights and bias of the $l^{th}$ layer is: "
    r"$\mathbf{W}^{[l]} = \mathbf{W}^{[l]} - \alpha \frac{\partial J}{\partial "
    r"\mathbf{W}^{[l]}}$, $\mathbf{b}^{[l]} = \mathbf{b}^{[l]} - \alpha \frac{\partial J}"
    r"{\partial \mathbf{b}^{[l]}}$",
    r"update rule for every layer",
    r"the same, once every gradient is computed ({eq}`eq-update`)",
)
def general_update() -> list[Reading]:
    return [all_of("a gradient step on each layer", [update_rule_reading(l) for l in (1, 2, 3)])]


@claim(
    r"here $\frac{\partial J}{\partial \mathbf{W}^{[l]}}$ is the gradient of the loss function "
    r"with respect to the weights of the $l^{th}$ layer",
    r"$\frac{\partial J}{\partial \mathbf{W}^{[l]}}$: the gradient for $\mathbf{W}^{[l]}$",
    r"the same, in the shape of $\mathbf{W}^{[l]}$ ({eq}`eq-general-dW`)",
)
def meaning_of_dW() -> list[Reading]:
    return [
        all_of(
            "the matrix of partial derivatives, shaped like W^[l]",
            [compare(f"dW{l}", lambda l=l: grads[f"dW{l}"], TRUE[f"dW{l}"]) for l in (1, 2, 3)],
        )
    ]


def general_chain_factors(l: int, through: str) -> list[np.ndarray]:
    """The factors of the source's general chain for layer l, with the values it gives them:
    dJ/dA^[L] its summed column, dA/dZ = g'(Z), dZ/dA^[l-1] = W^[l], then dZ/dW = A^[l-1]
    (or dZ/db = 1)."""
    factors = [(-(Y / AL) / m).sum(axis=1, keepdims=True)]
    for k in range(L, l - 1, -1):
        A = cache[f"A{k}"]
        factors.append(A * (1 - A) if k == L else (cache[f"Z{k}"] > 0).astype(float))
        if k > l:
            factors.append(THETA[f"W{k}"])
    factors.append(cache[f"A{l - 1}"] if through == "W" else np.ones((1, 1)))
    return factors


def general_chain_claim(through: str) -> None:
    """Register the source's general chain for dJ/dW^[l] (``through`` "W") or dJ/db^[l] ("b")."""
    letter = r"\mathbf{W}" if through == "W" else r"\mathbf{b}"
    label = "eq-general-dW" if through == "W" else "eq-general-db"
    result = (
        r"$\boldsymbol{\delta}^{[l]} \mathbf{A}^{[l-1]\top}$"
        if through == "W"
        else r"$\boldsymbol{\delta}^{[l]} \mathbf{1}_m$"
    )
    claim(
        rf"$\frac{{\partial J}}{{\partial {letter}^{{[l]}}}} = \frac{{\partial J}}{{\partial "
        r"\mathbf{A}^{[L]}} \frac{\partial \mathbf{A}^{[L]}}{\partial \mathbf{Z}^{[L]}} "
        r"\frac{\partial \mathbf{Z}^{[L]}}{\partial \mathbf{A}^{[L-1]}} \cdots "
        rf"\frac{{\partial \mathbf{{Z}}^{{[l]}}}}{{\partial {letter}^{{[l]}}}}$",
        rf"$\frac{{\partial J}}{{\partial {letter}^{{[l]}}}}$ as a product from "
        r"$\frac{\partial J}{\partial \mathbf{A}^{[L]}}$ down",
        r"the recursion $\boldsymbol{\delta}^{[l]} = (\mathbf{W}^{[l+1]\top} "
        r"\boldsymbol{\delta}^{[l+1]}) \odot g^{[l]\prime}(\mathbf{Z}^{[l]})$ "
        rf"({{eq}}`eq-general-delta-l`), then {result} ({{eq}}`{label}`)",
    )(
        lambda: [
            all_of(
                "a product of the matrices the block gives, in the order written",
                [
                    compare(
                        f"l = {l}",
                        lambda l=l: matmul(*general_chain_factors(l, through)),
                        TRUE[f"d{through}{l}"],
                    )
                    for l in (3, 2, 1)
                ],
            ),
            all_of(
                "the same product in the reverse order",
                [
                    compare(
                        f"l = {l}",
                        lambda l=l: matmul(*general_chain_factors(l, through)[::-1]),
                        TRUE[f"d{through}{l}"],
                    )
                    for l in (3, 2, 1)
                ],
            ),
            all_of(
                "in the order written, with one column per example for dJ/dA^[L]",
                [
                    compare(
                        f"l = {l}",
                        lambda l=l: matmul(-(Y / AL) / m, *general_chain_factors(l, through)[1:]),
                        TRUE[f"d{through}{l}"],
                    )
                    for l in (3, 2, 1)
                ],
            ),
        ]
    )


general_chain_claim("W")
general_chain_claim("b")
summed_dJ_dA_claim(" (in the same block)")


@claim(
    r"$\frac{\partial \mathbf{A}^{[l]}}{\partial \mathbf{Z}^{[l]}} = g^{[l]'}(\mathbf{Z}^{[l]})$",
    r"$\frac{\partial \mathbf{A}^{[l]}}{\partial "
    r"\mathbf{Z}^{[l]}} = g^{[l]\prime}(\mathbf{Z}^{[l]})$",
    r"entry by entry for an entrywise $g$, used with $\odot$ ({eq}`eq-general-delta-l`); "
    r"the softmax needs its Jacobian ({eq}`eq-softmax-jacobian`)",
)
def general_dA_dZ() -> list[Reading]:
    softmax_diagonal_only = np.stack([np.diag(a * (1 - a)) for a in cache["A3"].T])
    # the readings of S51 and S60, for the ReLU layers
    return [
        *every_layer(
            relu_derivative_readings,
            (1, 2),
            "dA^[l]/dZ^[l] is the matrix g'(Z^[l]), for the ReLU of the hidden layers",
            "entry by entry, for the ReLU of the hidden layers",
        ),
        compare(
            "entry by entry, for the softmax of the output layer (l = L): g' = a (1 - a)",
            lambda: softmax_diagonal_only,
            np.stack([softmax_jacobian_by_differences(j) for j in range(m)]),
        ),
    ]


@claim(
    r"$\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{A}^{[l-1]}} = \mathbf{W}^{[l]}$",
    r"$\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{A}^{[l-1]}} = \mathbf{W}^{[l]}$",
    r"$\partial z_{kj}/\partial a_{qr} = w_{kq} [j = r]$; contracted, "
    r"$\mathbf{W}^{[l]\top} \boldsymbol{\delta}^{[l]}$ ({eq}`eq-general-dA`)",
)
def general_dZ_dA() -> list[Reading]:
    return every_layer(
        dZ_dA_readings,
        (1, 2, 3),
        "dZ^[l]/dA^[l-1] is the matrix W^[l]",
        r"its entries, $\partial z_{kj} / \partial a_{qr} = w_{kq} [j = r]$",
    )


@claim(
    r"where $\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{W}^{[l]}} = \mathbf{A}^{[l-1]}$",
    r"$\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{W}^{[l]}} = \mathbf{A}^{[l-1]}$",
    r"$\partial z_{kj}/\partial w_{pq} = [k = p]\, a^{[l-1]}_{qj}$; contracted, "
    r"$\boldsymbol{\delta}^{[l]} \mathbf{A}^{[l-1]\top}$ ({eq}`eq-general-dW`)",
)
def general_dZ_dW() -> list[Reading]:
    return every_layer(
        dZ_dW_readings,
        (1, 2, 3),
        "dZ^[l]/dW^[l] is the matrix A^[l-1]",
        r"its entries, $\partial z_{kj} / \partial w_{pq} = [k = p]\, a_{qj}$",
    )


@claim(
    r"and $\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{b}^{[l]}} = 1$",
    r"$\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{b}^{[l]}} = 1$",
    r"$\partial z_{kj}/\partial b_p = [k = p]$ for every example; contracted, "
    r"$\boldsymbol{\delta}^{[l]} \mathbf{1}_m$ ({eq}`eq-general-db`)",
)
def general_dZ_db() -> list[Reading]:
    return every_layer(
        dZ_db_readings,
        (1, 2, 3),
        "dZ^[l]/db^[l] is the number 1",
        r"its entries, $\partial z_{kj} / \partial b_p = [k = p]$ for every example $j$",
    )


@claim(
    r"So we can find the $\frac{\partial J}{\partial \mathbf{W}^{[l]}}$ and "
    r"$\frac{\partial J}{\partial \mathbf{b}^{[l]}}$ for any layer $l$ and then update the "
    r"weights and bias in the backpropagation step. and then repeat this again and again.",
    "find each layer's gradients, update in the backward step, repeat",
    r"all gradients at the same parameters first, then every update "
    r"({eq}`eq-update`, {eq}`eq-update-order-error`)",
)
def find_then_update() -> list[Reading]:
    used, _ = text_order_gradients()
    return [
        all_of(
            "each layer updated in the backward step, as soon as its gradients are found",
            [
                compare(f"dJ/dW^[{l}]", lambda l=l: used[f"dW{l}"], TRUE[f"dW{l}"])
                for l in (3, 2, 1)
            ],
        ),
    ]
