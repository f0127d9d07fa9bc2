"""The claims about the loss and the chain rule for one layer."""

import numpy as np

import netlib as nl

from ..derivative_readings import jacobian_tensor, linear_map
from ..point import AL, THETA, TRUE, Y, cache, grads, labels, m, n_y, net
from ..products import matmul
from ..readings import AGREES, DISAGREES, Reading, all_of, compare, shape_reading, shape_text
from ..registry import claim, section

section("Backward Propagation")


@claim(
    r"$J = -\frac{1}{m} \sum_{i=1}^m \sum_{k=1}^K y_k^{(i)} \log(\hat{y}_k^{(i)})$",
    r"$J = -\frac{1}{m} \sum_i \sum_k y_k^{(i)} \log \hat{y}_k^{(i)}$",
    r"the same, with $K = n_y$ ({eq}`eq-cross-entropy`)",
)
def cross_entropy_loss() -> list[Reading]:
    K = n_y  # the source never says what K is; n_y is the only value that fits
    double_sum = -sum(Y[k, i] * np.log(AL[k, i]) for i in range(m) for k in range(K)) / m
    return [
        compare(
            "the double sum with K = n_y",
            lambda: double_sum,
            np.array(net.loss(AL, Y)),
            "netlib's cross-entropy",
            by="netlib",
        )
    ]


@claim(
    r"this is a scalar value",
    "$J$ is a scalar",
    r"the same: $(1, n_y)(n_y, m)(m, 1)$ is $(1, 1)$ ({eq}`eq-cross-entropy`)",
)
def loss_is_scalar() -> list[Reading]:
    ones_y, ones_m = np.ones((1, n_y)), np.ones((m, 1))
    as_matrix = matmul(ones_y, Y * np.log(AL), ones_m)
    return [
        Reading(
            "J as a matrix product",
            AGREES if as_matrix.shape == (1, 1) else DISAGREES,
            f"1^T (Y * log A) 1 has shape {shape_text(as_matrix.shape)}",
            "shape",
        )
    ]


@claim(
    r"here shape of $\mathbf{Y}$ is $(n_y, m)$ and shape of $\hat{\mathbf{Y}}$ is $(n_y, m)$",
    r"$\mathbf{Y}$, $\hat{\mathbf{Y}}$: $(n_y, m)$",
    r"the same ({eq}`eq-cross-entropy`)",
)
def shapes_of_Y_and_Yhat() -> list[Reading]:
    return [
        all_of(
            "Y and Yhat have shape (n_y, m)",
            [
                shape_reading("", (n_y, m), Y, "Y"),
                shape_reading("", (n_y, m), AL, "Yhat = A^[3]"),
            ],
        )
    ]


@claim(
    r"so $y_k^{(i)}$ is the $k^{th}$ element of the $i^{th}$ sample of $\mathbf{Y}$ and "
    r"$\hat{y}_k^{(i)}$ is the $k^{th}$ element of the $i^{th}$ sample of $\hat{\mathbf{Y}}$",
    r"$y_k^{(i)}$: entry $k$ of example $i$",
    r"the same: $y^{(i)}_k = y_{ki}$, column $i$ ({eq}`eq-cross-entropy`)",
)
def entries_of_Y() -> list[Reading]:
    ok = all(Y[labels[i], i] == 1 and Y[:, i].sum() == 1 for i in range(m))
    return [
        Reading(
            "y_k^(i) = Y[k, i]: column i is example i",
            AGREES if ok else DISAGREES,
            f"column i of Y has its one 1 in row labels[i] for all {m} examples",
            "netlib",
        )
    ]


section("Gradient of the loss function")


@claim(
    r"As Loss $J$ is a function of the parameters $\mathbf{W}$ and $\mathbf{b}$, we can "
    r"calculate the gradients of $J$ with respect to $\mathbf{W}$ and $\mathbf{b}$",
    r"$J$ has gradients in $\mathbf{W}$ and $\mathbf{b}$",
    r"the same ({prf:ref}`thm-backprop`)",
)
def gradients_exist() -> list[Reading]:
    return [
        all_of(
            "netlib's six gradients against central differences",
            [compare(f"d{k}", lambda k=k: grads["d" + k], TRUE["d" + k]) for k in THETA],
        )
    ]


def chain_contracted(upstream: np.ndarray, tensors: list[np.ndarray]) -> np.ndarray:
    """The chain rule as sums over every entry of each intermediate matrix.

    ``upstream`` is dJ/dM for the first matrix M; each tensor dM'/dM has shape
    ``M'.shape + M.shape``; the result has the shape of the last variable."""
    result = upstream
    for T in tensors:
        result = np.tensordot(result, T, axes=result.ndim)
    return result


def three_factor_readings(last: np.ndarray, T_last: np.ndarray, gradient: str) -> list[Reading]:
    """dJ/dA^[2] dA^[2]/dZ^[2] dZ^[2]/dP for P = W^[2] or b^[2], read two ways.

    ``last`` is the source's third factor (A^[1] or the number 1 as a (1, 1) matrix),
    ``T_last`` the derivative dZ^[2]/dP with all its indices, ``gradient`` "dW2" or "db2".
    """
    factors = [TRUE["dA2"], (cache["Z2"] > 0).astype(float), last]  # as the source has them
    T_AZ = jacobian_tensor(nl.relu, cache["Z2"])
    return [
        compare("a product of matrices (layer 2)", lambda: matmul(*factors), TRUE[gradient]),
        compare(
            "the chain rule: sums over the entries of A^[2] and Z^[2]",
            lambda: chain_contracted(TRUE["dA2"], [T_AZ, T_last]),
            TRUE[gradient],
        ),
    ]


@claim(
    r"$\frac{\partial J}{\partial \mathbf{W}^{[l]}} = \frac{\partial J}{\partial "
    r"\mathbf{A}^{[l]}} \frac{\partial \mathbf{A}^{[l]}}{\partial \mathbf{Z}^{[l]}} "
    r"\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{W}^{[l]}}$",
    r"$\frac{\partial J}{\partial \mathbf{W}^{[l]}}$ as a product of three factors",
    r"the chain rule summed over every entry of $\mathbf{A}^{[l]}$ and $\mathbf{Z}^{[l]}$: "
    r"$(\frac{\partial J}{\partial \mathbf{A}^{[l]}} \odot g'(\mathbf{Z}^{[l]})) "
    r"\mathbf{A}^{[l-1]\top}$ ({eq}`eq-general-dW`, {eq}`eq-general-delta-l`)",
)
def three_factor_chain_W() -> list[Reading]:
    W, b, A_prev = linear_map(2)
    return three_factor_readings(A_prev, jacobian_tensor(lambda W_: W_ @ A_prev + b, W), "dW2")


@claim(
    r"$\frac{\partial J}{\partial \mathbf{b}^{[l]}} = \frac{\partial J}{\partial "
    r"\mathbf{A}^{[l]}} \frac{\partial \mathbf{A}^{[l]}}{\partial \mathbf{Z}^{[l]}} "
    r"\frac{\partial \mathbf{Z}^{[l]}}{\partial \mathbf{b}^{[l]}}$",
    r"$\frac{\partial J}{\partial \mathbf{b}^{[l]}}$ as a product of three factors",
    r"the chain rule summed over every entry: "
    r"$(\frac{\partial J}{\partial \mathbf{A}^{[l]}} \odot g'(\mathbf{Z}^{[l]})) \mathbf{1}_m$ "
    r"({eq}`eq-general-db`)",
)
def three_factor_chain_b() -> list[Reading]:
    W, b, A_prev = linear_map(2)
    return three_factor_readings(
        np.ones((1, 1)), jacobian_tensor(lambda b_: W @ A_prev + b_, b), "db2"
    )
