"""Example networks that more than one chapter looks at, built in one place."""

import numpy as np

import netlib as nl

ANY_DEPTH_SIZES = [2, 3, 2, 2, 3]  # n_x, n^[1], n^[2], n^[3], n_y
ANY_DEPTH_HIDDEN = ["relu", "tanh", "sigmoid"]


def any_depth_network(output: str = "softmax") -> tuple[nl.MLP, np.ndarray, np.random.Generator]:
    """The four-layer network of the any-depth chapter, ``(net, X, rng)``.

    Every parameter, the biases too, is drawn from ``default_rng(4)`` in the order of
    ``net.params``, then ``X: (2, 2)``; ``rng`` is returned where those draws left it, so a
    chapter that draws its targets next gets the same targets as the any-depth chapter.
    """
    rng = np.random.default_rng(4)
    net = nl.MLP(ANY_DEPTH_SIZES, hidden=ANY_DEPTH_HIDDEN, output=output, seed=0)
    for name, P in net.params.items():
        net.params[name] = rng.standard_normal(P.shape)
    X = rng.standard_normal((ANY_DEPTH_SIZES[0], 2))
    return net, X, rng


def input_switching_off_layer_1(W1: np.ndarray, tries: int = 2000, seed: int = 0) -> np.ndarray:
    """An input column ``x: (n_x, 1)`` with ``W1 x <= 0`` in every entry, the best of ``tries``
    standard normal draws (the one whose largest entry of ``W1 x`` is smallest).

    With zero biases such an input switches off every ReLU unit of layer 1.
    """
    candidates = np.random.default_rng(seed).standard_normal((W1.shape[1], tries))
    largest = (W1 @ candidates).max(axis=0)
    best = int(largest.argmin())
    if largest[best] > 0:
        raise ValueError(f"none of {tries} inputs switches every unit of layer 1 off")
    return candidates[:, [best]]
