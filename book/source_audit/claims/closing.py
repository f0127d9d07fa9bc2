"""The two sentences that close the three-layer text: update every layer, repeat per example."""

import numpy as np

import netlib as nl

from ..point import ALPHA, SIZES, THETA, TRUE, X, Y, m, net
from ..readings import Reading, all_of, compare
from ..registry import claim, section
from ..update_readings import text_order_gradients

section("Closing remark")


def gradient_step() -> dict[str, np.ndarray]:
    """One step of gradient descent on J at theta, with the gradient by central differences."""
    return {k: THETA[k] - ALPHA * TRUE["d" + k] for k in THETA}


def flat(params: dict[str, np.ndarray]) -> np.ndarray:
    """Every parameter in one vector, in the order W1, b1, ..., b3."""
    return np.concatenate([params[k].ravel() for k in THETA])


@claim(
    r"So we have now updated the weights and bias of all the layers.",
    "the text's procedure has updated every layer",
    r"a step of gradient descent moves every layer by $-\alpha$ times its gradient at the same "
    r"parameters ({eq}`eq-update`, {prf:ref}`alg-backward-pass`)",
)
def all_layers_updated() -> list[Reading]:
    _, after = text_order_gradients()
    step = gradient_step()
    return [
        all_of(
            "the parameters after the text's steps, against one gradient-descent step",
            [
                compare(
                    f"W^[{l}]",
                    lambda l=l: after[f"W{l}"] - THETA[f"W{l}"],
                    step[f"W{l}"] - THETA[f"W{l}"],
                    against=f"-alpha dJ/dW^[{l}]",
                    by="central differences",
                )
                for l in (3, 2, 1)
            ],
        )
    ]


@claim(
    r"Now we will repeat the above steps for all the training examples and then update the "
    r"weights and bias of all the layers.",
    "repeat for every example, then update",
    r"the matrices above already hold all $m$ examples; one update per batch, with the mean "
    r"gradient ({eq}`eq-update`, {doc}`update`)",
)
def repeat_for_all_examples() -> list[Reading]:
    def per_example_gradients():
        out = []
        for j in range(m):
            A, c = net.forward(X[:, [j]])
            out.append(net.backward(Y[:, [j]], c))
        return out

    each = per_example_gradients()
    target = flat({k: -ALPHA * TRUE["d" + k] for k in THETA})
    summed = flat({k: -ALPHA * sum(g["d" + k] for g in each) for k in THETA})
    averaged = flat({k: -ALPHA * sum(g["d" + k] for g in each) / m for k in THETA})

    online = nl.MLP(SIZES, seed=0)  # an update after every example
    online.params = {k: v.copy() for k, v in THETA.items()}
    for j in range(m):
        online.train_step(X[:, [j]], Y[:, [j]], ALPHA)
    sequential = flat({k: online.params[k] - THETA[k] for k in THETA})
    against = r"the gradient-descent step $-\alpha\, \partial J / \partial \theta$"
    cd = "central differences"
    return [
        compare(
            "each example's gradient added up, then one update",
            lambda: summed,
            target,
            against,
            cd,
        ),
        compare(
            "an update after each example, in turn",
            lambda: sequential,
            target,
            against,
            cd,
        ),
        compare(
            "each example's gradient averaged, then one update",
            lambda: averaged,
            target,
            against,
            cd,
        ),
    ]
