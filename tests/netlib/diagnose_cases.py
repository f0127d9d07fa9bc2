"""Learners' functions, right and wrong, written in the styles learners really use.

``RIGHT``: correct code in many styles; every one must be diagnosed as ok. ``HELD_OUT``:
functions written apart from the catalogue (none of them is an entry's own code), each with
the quantity and the kind of mistake a reader would name, or ``None`` when it is right.
"""

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Case:
    name: str
    step: str  # the netlib.diagnose function that judges it
    fn: object
    quantity: str | None = None  # None: the function is right
    family: str | None = None
    options: dict = field(default_factory=dict)  # keyword arguments of the diagnoser


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


# --- right, in many styles --------------------------------------------------------------


def linear_book(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def linear_np_dot(dZ, A_prev, W):
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_loop_over_examples(dZ, A_prev, W):
    n, m = dZ.shape
    dW, db = np.zeros((n, A_prev.shape[0])), np.zeros((n, 1))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
        db[:, 0] += dZ[:, i]
    return W.T @ dZ, dW, db


def linear_einsum(dZ, A_prev, W):
    dW = np.einsum("im,jm->ij", dZ, A_prev)
    db = np.einsum("im->i", dZ)[:, None]
    return np.einsum("ij,im->jm", W, dZ), dW, db


def linear_mean_times_m(dZ, A_prev, W):
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T, np.mean(dZ, axis=1, keepdims=True) * m


def linear_float32(dZ, A_prev, W):
    dZ32, A32, W32 = (x.astype(np.float32) for x in (dZ, A_prev, W))
    return W32.T @ dZ32, dZ32 @ A32.T, dZ32.sum(axis=1, keepdims=True)


def linear_returns_list(dZ, A_prev, W):
    return [W.T @ dZ, dZ @ A_prev.T, dZ @ np.ones((dZ.shape[1], 1))]


def linear_scalar_loops(dZ, A_prev, W):
    n, m = dZ.shape
    k = A_prev.shape[0]
    dW, db, dA = np.zeros((n, k)), np.zeros((n, 1)), np.zeros((k, m))
    for i in range(n):
        for j in range(k):
            for e in range(m):
                dW[i, j] += dZ[i, e] * A_prev[j, e]
                dA[j, e] += W[i, j] * dZ[i, e]
        db[i, 0] = sum(dZ[i, e] for e in range(m))
    return dA, dW, db


def relu_mask_multiply(dA, Z):
    return dA * (Z > 0)


def relu_where(dA, Z):
    return np.where(Z > 0, dA, 0)


def relu_copy_then_zero(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def relu_heaviside(dA, Z):
    return dA * np.heaviside(Z, 0)


def relu_mask_from_output(dA, Z):
    A = np.maximum(0, Z)
    return dA * (A > 0)


def delta_book(A, Y):
    return (A - Y) / Y.shape[1]


def delta_through_full_jacobian(A, Y):
    m = A.shape[1]
    dA = -(Y / A) / m
    dZ = np.zeros_like(A)
    for j in range(m):
        a = A[:, j]
        dZ[:, j] = (np.diag(a) - np.outer(a, a)).T @ dA[:, j]
    return dZ


def softmax_keepdims(Z):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)


def softmax_per_column(Z):
    A = np.empty_like(Z)
    for j in range(Z.shape[1]):
        z = Z[:, j] - Z[:, j].max()
        A[:, j] = np.exp(z) / np.exp(z).sum()
    return A


def loss_log_sum_exp(Z, Y):
    shifted = Z - Z.max(axis=0)
    log_A = shifted - np.log(np.sum(np.exp(shifted), axis=0))
    return -np.sum(Y * log_A) / Z.shape[1]


def backward_book(params, cache, Y):
    L = len(params) // 2
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / Y.shape[1]
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * (cache[f"Z{l - 1}"] > 0)
    return grads


def backward_deeplearning_ai(parameters, caches, Y):
    L = len(parameters) // 2
    m = Y.shape[1]
    grads = {}
    dZ = caches["A" + str(L)] - Y
    for l in reversed(range(1, L + 1)):
        grads["dW" + str(l)] = 1.0 / m * np.dot(dZ, caches["A" + str(l - 1)].T)
        grads["db" + str(l)] = 1.0 / m * np.sum(dZ, axis=1, keepdims=True)
        grads["dZ" + str(l)] = dZ
        if l > 1:
            dA_prev = np.dot(parameters["W" + str(l)].T, dZ)
            dZ = np.array(dA_prev, copy=True)
            dZ[caches["Z" + str(l - 1)] <= 0] = 0
    return grads


def backward_three_layers_by_name(params, cache, Y):
    m = Y.shape[1]
    dZ3 = (cache["A3"] - Y) / m
    dW3, db3 = dZ3 @ cache["A2"].T, dZ3.sum(axis=1, keepdims=True)
    dZ2 = params["W3"].T @ dZ3 * (cache["A2"] > 0)
    dW2, db2 = dZ2 @ cache["A1"].T, dZ2.sum(axis=1, keepdims=True)
    dZ1 = params["W2"].T @ dZ2 * (cache["A1"] > 0)
    dW1, db1 = dZ1 @ cache["A0"].T, dZ1.sum(axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def backward_example_by_example(params, cache, Y):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {k.replace("W", "dW").replace("b", "db"): np.zeros_like(v) for k, v in params.items()}
    for i in range(m):
        dz = (cache[f"A{L}"][:, [i]] - Y[:, [i]]) / m
        for l in range(L, 0, -1):
            grads[f"dW{l}"] += dz @ cache[f"A{l - 1}"][:, [i]].T
            grads[f"db{l}"] += dz
            if l > 1:
                dz = params[f"W{l}"].T @ dz * np.where(cache[f"Z{l - 1}"][:, [i]] > 0, 1.0, 0.0)
    return grads


def backward_sigmoid_hidden(params, cache, Y):
    # written layer by layer from the top, sigmoid'(z) = s (1 - s) from the cached activations
    delta = {3: (cache["A3"] - Y) / Y.shape[1]}
    for l in (2, 1):
        s = cache[f"A{l}"]
        delta[l] = np.dot(params[f"W{l + 1}"].T, delta[l + 1]) * s * (1 - s)
    out = {}
    for l, d in delta.items():
        out["dW" + str(l)] = np.dot(d, cache["A" + str(l - 1)].T)
        out["db" + str(l)] = d.sum(1)[:, np.newaxis]
    return out


RIGHT = [
    Case("linear: the book's formulas", "linear_backward", linear_book),
    Case("linear: np.dot", "linear_backward", linear_np_dot),
    Case("linear: a loop over the examples", "linear_backward", linear_loop_over_examples),
    Case("linear: einsum", "linear_backward", linear_einsum),
    Case("linear: np.mean(...) * m", "linear_backward", linear_mean_times_m),
    Case("linear: float32 inside", "linear_backward", linear_float32),
    Case("linear: a list, db by a product with ones", "linear_backward", linear_returns_list),
    Case("linear: scalar loops", "linear_backward", linear_scalar_loops),
    Case("relu: times the mask", "relu_backward", relu_mask_multiply),
    Case("relu: np.where", "relu_backward", relu_where),
    Case("relu: copy, then zero where Z <= 0", "relu_backward", relu_copy_then_zero),
    Case("relu: np.heaviside(Z, 0)", "relu_backward", relu_heaviside),
    Case("relu: mask from A = ReLU(Z)", "relu_backward", relu_mask_from_output),
    Case("delta: (A - Y)/m", "softmax_cross_entropy_backward", delta_book),
    Case(
        "delta: the full Jacobian per column",
        "softmax_cross_entropy_backward",
        delta_through_full_jacobian,
    ),
    Case("softmax: keepdims", "softmax", softmax_keepdims),
    Case("softmax: a loop over columns", "softmax", softmax_per_column),
    Case("loss: log-sum-exp", "softmax_cross_entropy", loss_log_sum_exp),
    Case("backward: the book's loop", "backward", backward_book),
    Case("backward: deeplearning.ai's convention", "backward", backward_deeplearning_ai),
    Case("backward: three layers by name, mask from A", "backward", backward_three_layers_by_name),
    Case("backward: example by example", "backward", backward_example_by_example),
    Case(
        "backward: sigmoid hidden layers",
        "backward",
        backward_sigmoid_hidden,
        options={"hidden": "sigmoid"},
    ),
    Case("backward: L = 1", "backward", backward_book, options={"layer_sizes": [6, 4]}),
    Case(
        "backward: L = 5, identity output",
        "backward",
        backward_book,
        options={"layer_sizes": [3, 6, 5, 4, 7, 2], "output": "identity"},
    ),
]
