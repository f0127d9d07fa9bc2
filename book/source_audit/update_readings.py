"""Readings of the update ``W^[l] <- W^[l] - alpha dJ/dW^[l]`` and of the order of the steps.

The source updates a layer's weights before it passes the error back through them; the book
computes every gradient at the same parameters first, then updates.
"""

import numpy as np

import netlib as nl

from .point import ALPHA, THETA, TRUE, J_at, Y, cache, m
from .readings import AGREES, DISAGREES, Reading, compare


def update_rule_reading(l: int) -> Reading:
    """W - alpha dJ/dW with the gradient at theta: to first order J falls by alpha |g|^2."""
    g_W, g_b = TRUE[f"dW{l}"], TRUE[f"db{l}"]
    step = 1e-5
    moved = dict(
        THETA,
        **{f"W{l}": THETA[f"W{l}"] - step * g_W, f"b{l}": THETA[f"b{l}"] - step * g_b},
    )
    ratio = (J_at(THETA) - J_at(moved)) / (step * (np.sum(g_W**2) + np.sum(g_b**2)))
    ok = abs(ratio - 1) < 1e-3 and g_W.shape == THETA[f"W{l}"].shape
    return Reading(
        f"layer {l}",
        AGREES if ok else DISAGREES,
        f"the gradients have the shapes of W^[{l}] and b^[{l}]; a step of length {step:g} lowers "
        rf"J by {ratio:.3f} $\alpha \lVert g \rVert^2$, the first-order decrease",
        "central differences",
    )


def update_then_propagate_reading(l: int, alpha: float = ALPHA) -> Reading:
    """The text's order: W^[l] updated, then the error passed back through the new W^[l]."""
    W_new = THETA[f"W{l}"] - alpha * TRUE[f"dW{l}"]
    return compare(
        f"in the order written: W^[{l}] updated (alpha = {alpha}), then W^[{l}]^T delta^[{l}]",
        lambda: W_new.T @ TRUE[f"dZ{l}"],
        TRUE[f"dA{l - 1}"],
    )


def text_order_gradients(
    alpha: float = ALPHA,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The three-layer text run in its order: each layer's gradient, its update, then the
    error passed back through the updated weights (every formula otherwise correct).

    Returns the gradients used (``"dW3"``, ``"db3"``, ...) and the parameters after the step.
    """
    params = {k: v.copy() for k, v in THETA.items()}
    used = {}
    dZ = (cache["A3"] - Y) / m
    for l in (3, 2, 1):
        dA_prev, dW, db = nl.linear_backward(dZ, cache[f"A{l - 1}"], params[f"W{l}"])
        used[f"dW{l}"], used[f"db{l}"] = dW, db
        params[f"W{l}"] = params[f"W{l}"] - alpha * dW
        params[f"b{l}"] = params[f"b{l}"] - alpha * db
        if l > 1:
            dA_prev = params[f"W{l}"].T @ dZ  # through the weights just updated
            dZ = nl.relu_backward(dA_prev, cache[f"Z{l - 1}"])
    return used, params
