"""The claims of the shapes and initialisation sections, against the arrays netlib computes with."""

from collections.abc import Callable

import numpy as np

import netlib as nl
from chapter_helpers import rounded

from ..forward_readings import activation_reading, broadcast_reading, literal_sum_reading
from ..point import AL, SIZES, THETA, L, X, Y, cache, m, n_x, n_y
from ..readings import AGREES, DISAGREES, Reading, all_of, compare, shape_reading
from ..registry import claim, section


def every_layer_shape(
    how: str, declared: Callable[[int], tuple[int, int]], name: str
) -> list[Reading]:
    """A shape declared for every layer, against netlib's arrays ``name`` + l, l = 1, 2, 3."""
    arrays = THETA | cache
    return [
        all_of(
            how,
            [shape_reading("", declared(l), arrays[f"{name}{l}"], f"{name}{l}") for l in (1, 2, 3)],
        )
    ]


section("Shapes")


@claim(
    r"$\mathbf{X} \in \mathbb{R}^{n_x \times m}$, is a input matrix",
    r"$\mathbf{X}$: $(n_x, m)$",
    r"the same: examples are columns ({eq}`eq-forward-linear`)",
)
def shape_of_X() -> list[Reading]:
    return [shape_reading("X", (n_x, m), cache["A0"], "the input of netlib's forward pass")]


@claim(
    r"$\hat{\mathbf{Y}} \in \mathbb{R}^{n_y \times m}$, is a predicted output matrix",
    r"$\hat{\mathbf{Y}}$: $(n_y, m)$",
    r"the same ({eq}`eq-forward-activation`)",
)
def shape_of_Yhat() -> list[Reading]:
    return [shape_reading("Yhat", (n_y, m), AL, "netlib's prediction A^[3]")]


@claim(
    r"$\hat{\mathbf{Y}} = \mathbf{W}^{[L]} \mathbf{A}^{[L-1]} + \mathbf{b}^{[L]}$",
    r"$\hat{\mathbf{Y}} = \mathbf{W}^{[L]} \mathbf{A}^{[L-1]} + \mathbf{b}^{[L]}$",
    r"that is $\mathbf{Z}^{[L]}$, with $\mathbf{b}^{[L]}$ added to every column: the prediction "
    r"of a regression network (identity output); for classes the prediction is "
    r"$\hat{\mathbf{Y}} = \mathbf{A}^{[L]} = g^{[L]}(\mathbf{Z}^{[L]})$, the softmax of it "
    r"({eq}`eq-forward-linear`, {eq}`eq-forward-activation`)",
)
def Yhat_as_linear_map() -> list[Reading]:
    Z3 = THETA["W3"] @ cache["A2"] + THETA["b3"]
    classification = compare(
        "`+ b` adding b to every column, in the network for classes (softmax output)",
        lambda: Z3,
        AL,
        against="the prediction A^[3] of netlib's forward pass",
        by="netlib",
    )
    classification.evidence += (
        f"; its columns sum to {rounded(Z3.sum(axis=0).min())} ... "
        f"{rounded(Z3.sum(axis=0).max())}, not 1, and {int((Z3 < 0).sum())} of its "
        f"{Z3.size} entries are negative: not probabilities"
    )
    regression = nl.MLP(SIZES, hidden="relu", output="identity", seed=0)
    regression.params = {k: v.copy() for k, v in THETA.items()}
    return [
        literal_sum_reading(L),
        classification,
        compare(
            "`+ b` adding b to every column, in a regression network (the identity output "
            "the source allows)",
            lambda: Z3,
            regression.forward(X)[0],
            against="the prediction of netlib's forward pass with the identity output",
            by="netlib",
        ),
    ]


@claim(
    r"$\mathbf{Y} \in \mathbb{R}^{n_y \times m}$, is a output matrix",
    r"$\mathbf{Y}$: $(n_y, m)$, an output matrix",
    r"the same; $\mathbf{Y}$ holds the labels, one one-hot column per example "
    r"({eq}`eq-delta3` uses that every column sums to 1)",
)
def shape_of_Y() -> list[Reading]:
    return [shape_reading("Y", (n_y, m), Y, "the one-hot labels")]


@claim(
    r"$\mathbf{W}^{[l]} \in \mathbb{R}^{n^{[l]} \times n^{[l-1]}}$, is a weight matrix",
    r"$\mathbf{W}^{[l]}$: $(n^{[l]}, n^{[l-1]})$",
    r"the same ({eq}`eq-forward-linear`)",
)
def shape_of_W() -> list[Reading]:
    return every_layer_shape(
        "W^[l] has shape (n^[l], n^[l-1]), l = 1, 2, 3", lambda l: (SIZES[l], SIZES[l - 1]), "W"
    )


@claim(
    r"$\mathbf{b}^{[l]} \in \mathbb{R}^{n^{[l]} \times 1}$, is a bias vector",
    r"$\mathbf{b}^{[l]}$: $(n^{[l]}, 1)$",
    r"the same ({eq}`eq-forward-linear`)",
)
def shape_of_b() -> list[Reading]:
    return every_layer_shape(
        "b^[l] has shape (n^[l], 1), l = 1, 2, 3", lambda l: (SIZES[l], 1), "b"
    )


@claim(
    r"$\mathbf{A}^{[l]} \in \mathbb{R}^{n^{[l]} \times m}$, is a output matrix",
    r"$\mathbf{A}^{[l]}$: $(n^{[l]}, m)$",
    r"the same ({eq}`eq-forward-activation`)",
)
def shape_of_A() -> list[Reading]:
    return every_layer_shape(
        "A^[l] has shape (n^[l], m), l = 1, 2, 3", lambda l: (SIZES[l], m), "A"
    )


@claim(
    r"$\mathbf{Z}^{[l]} \in \mathbb{R}^{n^{[l]} \times m}$, is a matrix of linear activations",
    r"$\mathbf{Z}^{[l]}$: $(n^{[l]}, m)$",
    r"the same ({eq}`eq-forward-linear`)",
)
def shape_of_Z() -> list[Reading]:
    return every_layer_shape(
        "Z^[l] has shape (n^[l], m), l = 1, 2, 3", lambda l: (SIZES[l], m), "Z"
    )


@claim(
    r"$\mathbf{Z}^{[l]} = \mathbf{W}^{[l]} \mathbf{A}^{[l-1]} + \mathbf{b}^{[l]}$",
    r"$\mathbf{Z}^{[l]} = \mathbf{W}^{[l]} \mathbf{A}^{[l-1]} + \mathbf{b}^{[l]}$",
    r"$\mathbf{Z}^{[l]} = \mathbf{W}^{[l]} \mathbf{A}^{[l-1]} + \mathbf{b}^{[l]} "
    r"\mathbf{1}_m^\top$: $\mathbf{b}^{[l]}$ is added to every column "
    r"({eq}`eq-forward-linear`)",
)
def linear_map_with_bias() -> list[Reading]:
    return [literal_sum_reading(2), broadcast_reading(2)]


@claim(
    r"$\mathbf{A}^{[0]} = \mathbf{X}$, which is input",
    r"$\mathbf{A}^{[0]} = \mathbf{X}$",
    r"the same ({eq}`eq-forward-linear`)",
)
def A0_is_X() -> list[Reading]:
    return [compare("A^[0] = X", lambda: X, cache["A0"], "netlib's A0", by="netlib")]


@claim(
    r"$g^{[l]}$, is the activation function of the $l^{th}$ layer; "
    r"$\mathbf{A}^{[l]} = g^{[l]}(\mathbf{Z}^{[l]})$, is a matrix of activations",
    r"$\mathbf{A}^{[l]} = g^{[l]}(\mathbf{Z}^{[l]})$",
    r"the same: ReLU entry by entry, softmax column by column ({eq}`eq-forward-activation`)",
)
def activation() -> list[Reading]:
    return [
        all_of(
            "A^[l] = g^[l](Z^[l]), l = 1, 2, 3",
            [activation_reading(l) for l in (1, 2, 3)],
        )
    ]


section("Initialization")


@claim(
    r"We have input of shape $(n_x, m)$",
    r"input of shape $(n_x, m)$",
    r"the same ({eq}`eq-forward-linear`)",
)
def input_shape() -> list[Reading]:
    return [shape_reading("X", (n_x, m), X, "the input")]


for l, words in (
    (1, "First hidden layer"),
    (2, "Second hidden layer"),
    (3, "Output layer"),
):
    previous = "n_x" if l == 1 else f"n^{{[{l - 1}]}}"
    claim(
        rf"**{words}**: ... $\mathbf{{W}}^{{[{l}]}} \in \mathbb{{R}}^{{n^{{[{l}]}} \times "
        rf"{previous}}}$, $\mathbf{{b}}^{{[{l}]}} \in \mathbb{{R}}^{{n^{{[{l}]}} \times 1}}$",
        rf"$\mathbf{{W}}^{{[{l}]}}$: $(n^{{[{l}]}}, {previous})$, "
        rf"$\mathbf{{b}}^{{[{l}]}}$: $(n^{{[{l}]}}, 1)$",
        r"the same ({eq}`eq-forward-linear`)",
    )(
        lambda l=l: [
            all_of(
                "the declared shapes",
                [
                    shape_reading("", (SIZES[l], SIZES[l - 1]), THETA[f"W{l}"], f"W{l}"),
                    shape_reading("", (SIZES[l], 1), THETA[f"b{l}"], f"b{l}"),
                ],
            )
        ]
    )


@claim(
    r"We initialize the weights and bias as follows: (shapes only)",
    "initialisation: the shapes, no values",
    r"random weights, e.g. He's $\mathcal{N}(0, 2/n^{[l-1]})$ ({eq}`eq-he-init`); "
    r"equal starting weights stay equal ({prf:ref}`lemma-symmetry`)",
)
def initialisation() -> list[Reading]:
    def gradients_at(params):
        start = nl.MLP(SIZES, seed=0)
        start.params = params
        A, c = start.forward(X)
        return start.backward(Y, c)

    zeros = gradients_at({k: np.zeros_like(P) for k, P in THETA.items()})
    he = gradients_at(nl.MLP(SIZES, seed=0).params)
    moved = lambda g: [l for l in (1, 2, 3) if np.abs(g[f"dW{l}"]).max() > 0]  # noqa: E731
    return [
        Reading(
            "any values of these shapes, e.g. all zeros",
            AGREES if moved(zeros) == [1, 2, 3] else DISAGREES,
            f"from all zeros, dJ/dW^[l] is exactly 0 for l = "
            f"{[l for l in (1, 2, 3) if l not in moved(zeros)]}: those weights never move",
            "netlib",
        ),
        Reading(
            "random values (He initialisation)",
            AGREES if moved(he) == [1, 2, 3] else DISAGREES,
            f"from He's initialisation, dJ/dW^[l] is non-zero for l = {moved(he)}",
            "netlib",
        ),
    ]
