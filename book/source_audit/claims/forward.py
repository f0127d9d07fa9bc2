"""The claims of the forward-propagation section."""

import numpy as np

import netlib as nl
from chapter_helpers import rounded

from ..forward_readings import activation_reading, broadcast_reading, literal_sum_reading
from ..point import AL, SIZES, THETA, L, X, Y, cache, m, n_y
from ..readings import AGREES, DISAGREES, Reading, all_of, compare
from ..registry import claim, section

section("Forward Propagation")


@claim(
    r"At the first layer, we have $\mathbf{A}^{[0]} = \mathbf{X}$, which is the input",
    r"$\mathbf{A}^{[0]} = \mathbf{X}$",
    r"the same ({eq}`eq-forward-linear`)",
)
def forward_A0() -> list[Reading]:
    return [compare("A^[0] = X", lambda: X, cache["A0"], "netlib's A0", by="netlib")]


for l in (1, 2, 3):
    claim(
        rf"$\mathbf{{Z}}^{{[{l}]}} = \mathbf{{W}}^{{[{l}]}} \mathbf{{A}}^{{[{l - 1}]}} + "
        rf"\mathbf{{b}}^{{[{l}]}}$, $\mathbf{{A}}^{{[{l}]}} = g^{{[{l}]}}(\mathbf{{Z}}^{{[{l}]}})$",
        rf"layer {l}: $\mathbf{{Z}}^{{[{l}]}} = \mathbf{{W}}^{{[{l}]}} \mathbf{{A}}^{{[{l - 1}]}} "
        rf"+ \mathbf{{b}}^{{[{l}]}}$, $\mathbf{{A}}^{{[{l}]}} = "
        rf"g^{{[{l}]}}(\mathbf{{Z}}^{{[{l}]}})$",
        rf"$\mathbf{{Z}}^{{[{l}]}} = \mathbf{{W}}^{{[{l}]}} \mathbf{{A}}^{{[{l - 1}]}} + "
        rf"\mathbf{{b}}^{{[{l}]}} \mathbf{{1}}_m^\top$ ({{eq}}`eq-forward-linear`, "
        rf"{{eq}}`eq-forward-activation`)",
    )(
        lambda l=l: [
            literal_sum_reading(l),
            all_of(
                "`+ b` adding b to every column, then g applied",
                [broadcast_reading(l), activation_reading(l)],
            ),
        ]
    )


@claim(
    r"$g^{[3]}$ is the activation function of the output layer. For classification problems, "
    r"we use the softmax function. For regression problems, we use the identity function.",
    "softmax for classes, identity for regression",
    r"the same; each with its loss: cross-entropy, or squared error "
    r"({eq}`eq-softmax`, {prf:ref}`thm-backprop`)",
)
def output_activations() -> list[Reading]:
    A3 = cache["A3"]
    probabilities = bool((A3 > 0).all()) and np.allclose(A3.sum(axis=0), 1, rtol=0, atol=1e-12)
    regression = nl.MLP(SIZES, hidden="relu", output="identity", seed=0)
    regression.params = {k: v.copy() for k, v in THETA.items()}
    targets = np.random.default_rng(2).standard_normal((n_y, m))
    errors = nl.gradient_check(regression, X, targets)
    return [
        Reading(
            "softmax: one probability vector per example",
            AGREES if probabilities else DISAGREES,
            f"every entry of A^[3] is positive and its {m} columns sum to 1 (to 1e-12)",
            "netlib",
        ),
        Reading(
            "identity output with the squared error",
            AGREES if max(errors.values()) < 1e-7 else DISAGREES,
            "netlib's gradients of that network agree with central differences "
            "(relative error < 1e-7 for all six)",
            "central differences",
        ),
    ]


@claim(
    r"This $\mathbf{A}^{[3]}$ is the output of the neural network.",
    r"$\mathbf{A}^{[3]}$ is the output",
    r"the same: $\hat{\mathbf{Y}} = \mathbf{A}^{[3]}$ ({eq}`eq-forward-activation`)",
)
def A3_is_output() -> list[Reading]:
    return [
        compare(
            "A^[3] is what forward returns",
            lambda: cache["A3"],
            AL,
            "netlib's output",
            by="netlib",
        )
    ]


@claim(
    r"$\mathbf{A}^{[3]} = f(\mathbf{X}, \mathbf{W}^{[1]}, \mathbf{b}^{[1]}, \mathbf{W}^{[2]}, "
    r"\mathbf{b}^{[2]}, \mathbf{W}^{[3]}, \mathbf{b}^{[3]})$",
    r"$\mathbf{A}^{[3]}$ is a function of $\mathbf{X}$ and all parameters",
    r"the same ({eq}`eq-forward-linear`, {eq}`eq-forward-activation`)",
)
def A3_is_function() -> list[Reading]:
    def A3_with(name, value):
        probe = nl.MLP(SIZES, seed=0)
        probe.params = {k: (value if k == name else v) for k, v in THETA.items()}
        return probe.forward(value if name == "X" else X)[0]

    nudge = np.random.default_rng(4)
    changes = {
        name: np.abs(A3_with(name, base + 1e-3 * nudge.standard_normal(base.shape)) - AL).max()
        for name, base in {"X": X, **THETA}.items()
    }
    return [
        Reading(
            "A^[3] changes with each of the seven arguments",
            AGREES if min(changes.values()) > 1e-6 else DISAGREES,
            f"a random change of size 0.001 in any one of them moves some entry of A^[3] by "
            f"at least {rounded(min(changes.values()))}",
            "netlib",
        )
    ]


@claim(
    r"$\mathbf{Y} = f(g^{[3]}(g^{[2]}(g^{[1]}(\mathbf{X}, \mathbf{W}^{[1]}, \mathbf{b}^{[1]}), "
    r"\mathbf{W}^{[2]}, \mathbf{b}^{[2]}), \mathbf{W}^{[3]}, \mathbf{b}^{[3]}))$",
    r"$\mathbf{Y} = f(g^{[3]}(g^{[2]}(g^{[1]}(\mathbf{X}, \dots))))$",
    r"$\hat{\mathbf{Y}} = \mathbf{A}^{[3]} = g^{[3]}(\mathbf{W}^{[3]} g^{[2]}(\mathbf{W}^{[2]} "
    r"g^{[1]}(\mathbf{W}^{[1]} \mathbf{X} + \mathbf{b}^{[1]} "
    r"\mathbf{1}_m^\top) + \dots) + \dots)$: "
    r"the prediction, not the labels {eq}`eq-forward-composition`",
)
def Y_as_composition() -> list[Reading]:
    def as_written():
        return nl.relu(X, THETA["W1"], THETA["b1"])  # g^[1] of three arguments

    def g(l, A):
        Z = nl.linear_forward(A, THETA[f"W{l}"], THETA[f"b{l}"])
        return nl.softmax(Z) if l == L else nl.relu(Z)

    composed = g(3, g(2, g(1, X)))
    return [
        compare(
            "g^[1] applied to (X, W^[1], b^[1]), as written",
            as_written,
            Y,
            "the labels Y",
        ),
        compare(
            "g^[l](A, W, b) read as g^[l](W A + b), f as the identity: the left side is Y",
            lambda: composed,
            Y,
            against="the labels Y",
            by="netlib",
        ),
    ]
