"""A held-out set: learners' functions written apart from the catalogue and its tests.

Each wrong one carries the quantity and the kind of mistake a reader would name; the right ones
(``quantity=None``) are styles not used in ``diagnose_cases``.
"""

import numpy as np

from .diagnose_cases import Case


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


# --- linear_backward ------------------------------------------------------------------------


def lin_dot_transposed(dZ, A_prev, W):
    dW = np.dot(A_prev, dZ.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    return np.dot(W.T, dZ), dW, db


def lin_course_scaling(dZ, A_prev, W):
    m = A_prev.shape[1]
    dW = 1.0 / m * np.dot(dZ, A_prev.T)
    db = 1.0 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def lin_db_axis0(dZ, A_prev, W):
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T), np.sum(dZ, axis=0, keepdims=True)


def lin_db_flat(dZ, A_prev, W):
    db = np.sum(dZ, axis=1)
    return W.T @ dZ, dZ @ A_prev.T, db


def lin_db_python_sum(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, float(np.sum(dZ))


def lin_dA_no_transpose(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = np.dot(W, dZ)
    return dA_prev, dW, db


def lin_loop_forgets_to_accumulate(dZ, A_prev, W):
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(dZ.shape[1]):
        dW = np.outer(dZ[:, i], A_prev[:, i])
    return W.T @ dZ, dW, dZ.sum(axis=1, keepdims=True)


def lin_db_mean_flat(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ.mean(axis=1)


def lin_dW_negative(dZ, A_prev, W):
    return W.T @ dZ, -(dZ @ A_prev.T), dZ.sum(axis=1, keepdims=True)


def lin_dA_divided(dZ, A_prev, W):
    m = dZ.shape[1]
    return W.T @ dZ / m, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def lin_m_from_rows(dZ, A_prev, W):
    m = dZ.shape[0]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return np.dot(W.T, dZ), dW, db


def lin_transpose_trick(dZ, A_prev, W):
    return (dZ.T @ W).T, (A_prev @ dZ.T).T, dZ.sum(1).reshape(-1, 1)


# --- relu_backward --------------------------------------------------------------------------


def relu_ge(dA, Z):
    return np.where(Z >= 0, dA, 0.0)


def relu_forgot_dA(dA, Z):
    return np.where(Z > 0, 1, 0)


def relu_mask_of_gradient(dA, Z):
    dZ = dA.copy()
    dZ[dA < 0] = 0
    return dZ


def relu_times_activation(dA, Z):
    return dA * np.maximum(0, Z)


def relu_precedence(dA, Z):
    return dA * Z > 0


def relu_in_place(dA, Z):
    dA[Z <= 0] = 0
    return dA


def relu_in_place_lt(dA, Z):
    dA[Z < 0] = 0
    return dA


def relu_astype(dA, Z):
    return dA * (Z > 0).astype(int)


# --- softmax_cross_entropy_backward ----------------------------------------------------------


def delta_no_mean(A, Y):
    return A - Y


def delta_y_minus_a(A, Y):
    m = Y.shape[1]
    return (Y - A) / m


def delta_only_dJ_dA(A, Y):
    return -Y / A / Y.shape[1]


def delta_times_sigmoid_prime(A, Y):
    m = A.shape[1]
    dA = (A - Y) / m
    return dA * A * (1 - A)


def delta_len(A, Y):
    return (A - Y) / len(Y)


def delta_cs231n_no_mean(A, Y):
    dZ = A.copy()
    dZ[Y == 1] -= 1
    return dZ


def delta_summed(A, Y):
    return np.sum(A - Y, axis=1, keepdims=True) / A.shape[1]


# --- softmax and the loss -------------------------------------------------------------------


def softmax_textbook(Z):
    return np.exp(Z) / np.sum(np.exp(Z), axis=0)


def softmax_rows(Z):
    E = np.exp(Z - Z.max(axis=0))
    return E / E.sum(axis=1, keepdims=True)


def softmax_global_shift(Z):
    exps = np.exp(Z - np.max(Z))
    return exps / np.sum(exps, axis=0, keepdims=True)


def softmax_broadcast_right(Z):
    E = np.exp(Z - Z.max(axis=0))
    return E / E.sum(axis=0)


def softmax_axis1_no_keepdims(Z):
    return np.exp(Z) / np.sum(np.exp(Z), axis=1)


def loss_sum_only(Z, Y):
    return -np.sum(Y * np.log(_softmax(Z) + 1e-300))


def loss_naive(Z, Y):
    A = _softmax(Z)
    return -np.sum(Y * np.log(A)) / Y.shape[1]


def loss_mean_over_entries(Z, Y):
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_A = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return -np.mean(Y * log_A)


# --- backward -------------------------------------------------------------------------------


def _backward(
    params,
    cache,
    Y,
    *,
    delta=None,
    db_axis=1,
    keepdims=True,
    mask=None,
    lr=0.0,
    in_place=False,
    dA_transpose=True,
    dW_layer=-1,
    mask_key="Z{l_below}",
):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {}
    dZ = delta(cache[f"A{L}"], Y) if delta else (cache[f"A{L}"] - Y) / m
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l + dW_layer}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=db_axis, keepdims=keepdims)
        W = params[f"W{l}"]
        if lr and in_place:
            params[f"W{l}"] -= lr * grads[f"dW{l}"]
        elif lr:
            W = W - lr * grads[f"dW{l}"]
        if l > 1:
            dA = (W.T if dA_transpose else W) @ dZ
            Z = cache[mask_key.format(l=l, l_below=l - 1)]
            dZ = dA * (mask(Z) if mask else (Z > 0))
    return grads


def bw_db_axis0(p, c, Y):
    return _backward(p, c, Y, db_axis=0)


def bw_no_one_over_m(p, c, Y):
    return _backward(p, c, Y, delta=lambda A, Y: A - Y)


def bw_ge_mask(p, c, Y):
    return _backward(p, c, Y, mask=lambda Z: Z >= 0)


def bw_new_weights(p, c, Y):
    return _backward(p, c, Y, lr=0.01)


def bw_in_place_update(p, c, Y):
    return _backward(p, c, Y, lr=1.0, in_place=True)


def bw_own_activation(p, c, Y):
    return _backward(p, c, Y, dW_layer=0)


def bw_W_not_transposed(p, c, Y):
    return _backward(p, c, Y, dA_transpose=False)


def bw_no_mask(p, c, Y):
    return _backward(p, c, Y, mask=lambda Z: 1.0)


def bw_db_flat(p, c, Y):
    return _backward(p, c, Y, keepdims=False)


def bw_sign(p, c, Y):
    return _backward(p, c, Y, delta=lambda A, Y: (Y - A) / Y.shape[1])


def bw_tanh_prime_of_Z(p, c, Y):
    return _backward(p, c, Y, mask=lambda Z: 1 - Z**2)


def bw_tanh(p, c, Y):
    return _backward(p, c, Y, mask=lambda Z: 1 - np.tanh(Z) ** 2)


def bw_db_one_over_m_twice(p, c, Y):
    grads = _backward(p, c, Y)
    return {k: v / Y.shape[1] if k.startswith("db") else v for k, v in grads.items()}


def bw_mask_of_layer_above(p, c, Y):
    return _backward(p, c, Y, mask_key="A{l}")  # A of layer l, where Z of layer l - 1 belongs


def bw_missing_layer(p, c, Y):
    grads = _backward(p, c, Y)
    del grads["db1"]
    return grads


TANH = {"hidden": "tanh"}

HELD_OUT = [
    Case("dW = np.dot(A_prev, dZ.T)", "linear_backward", lin_dot_transposed, "dW", "transpose"),
    Case(
        "1./m * np.dot(dZ, A_prev.T) with the book's dZ",
        "linear_backward",
        lin_course_scaling,
        "dW",
        "scale 1/m",
    ),
    Case("db over axis 0", "linear_backward", lin_db_axis0, "db", "sum axis / keepdims"),
    Case("db without keepdims", "linear_backward", lin_db_flat, "db", "sum axis / keepdims"),
    Case("db a Python float", "linear_backward", lin_db_python_sum, "db", "sum axis / keepdims"),
    Case("dA_prev = np.dot(W, dZ)", "linear_backward", lin_dA_no_transpose, "dA_prev", "transpose"),
    Case("dW loop overwrites", "linear_backward", lin_loop_forgets_to_accumulate, "dW", "other"),
    Case("db a flat mean", "linear_backward", lin_db_mean_flat, "db", "sum axis / keepdims"),
    Case("dW negated", "linear_backward", lin_dW_negative, "dW", "sign"),
    Case("dA_prev divided by m", "linear_backward", lin_dA_divided, "dA_prev", "scale 1/m"),
    Case("relu: np.where(Z >= 0, dA, 0)", "relu_backward", relu_ge, "dZ", "ReLU mask"),
    Case("relu: the mask alone", "relu_backward", relu_forgot_dA, "dZ", "ReLU mask"),
    Case("relu: zero where dA < 0", "relu_backward", relu_mask_of_gradient, "dZ", "ReLU mask"),
    Case("relu: times max(0, Z)", "relu_backward", relu_times_activation, "dZ", "ReLU mask"),
    Case("relu: dA * Z > 0", "relu_backward", relu_precedence, "dZ", "ReLU mask"),
    Case("delta: A - Y", "softmax_cross_entropy_backward", delta_no_mean, "dZ", "scale 1/m"),
    Case("delta: (Y - A)/m", "softmax_cross_entropy_backward", delta_y_minus_a, "dZ", "sign"),
    Case(
        "delta: -Y/A/m only",
        "softmax_cross_entropy_backward",
        delta_only_dJ_dA,
        "dZ",
        "softmax Jacobian",
    ),
    Case(
        "delta: times A(1 - A)",
        "softmax_cross_entropy_backward",
        delta_times_sigmoid_prime,
        "dZ",
        "softmax Jacobian",
    ),
    Case("delta: (A - Y)/len(Y)", "softmax_cross_entropy_backward", delta_len, "dZ", "scale 1/m"),
    Case(
        "delta: summed over the examples",
        "softmax_cross_entropy_backward",
        delta_summed,
        "dZ",
        "sum axis / keepdims",
    ),
    Case("softmax: the textbook formula", "softmax", softmax_textbook, "A", "other"),
    Case("softmax: rows sum to 1", "softmax", softmax_rows, "A", "sum axis / keepdims"),
    Case("softmax: one max for the batch", "softmax", softmax_global_shift, "A", "other"),
    Case("loss: no 1/m", "softmax_cross_entropy", loss_sum_only, "J", "scale 1/m"),
    Case("loss: log of the softmax", "softmax_cross_entropy", loss_naive, "J", "other"),
    Case(
        "loss: np.mean over every entry",
        "softmax_cross_entropy",
        loss_mean_over_entries,
        "J",
        "scale 1/m",
    ),
    Case("backward: db over axis 0", "backward", bw_db_axis0, "db3", "sum axis / keepdims"),
    Case("backward: no 1/m anywhere", "backward", bw_no_one_over_m, "dW3", "scale 1/m"),
    Case("backward: mask Z >= 0", "backward", bw_ge_mask, "dW2", "ReLU mask"),
    Case(
        "backward: propagates through new weights",
        "backward",
        bw_new_weights,
        "dW2",
        "update order",
    ),
    Case(
        "backward: updates params in place", "backward", bw_in_place_update, "dW2", "update order"
    ),
    Case("backward: dW from the layer's own A", "backward", bw_own_activation, "dW3", "other"),
    Case("backward: W not transposed", "backward", bw_W_not_transposed, "dW2", "transpose"),
    Case("backward: no ReLU mask", "backward", bw_no_mask, "dW2", "ReLU mask"),
    Case("backward: db without keepdims", "backward", bw_db_flat, "db3", "sum axis / keepdims"),
    Case("backward: sign of delta", "backward", bw_sign, "dW3", "sign"),
    Case("backward: tanh' from Z", "backward", bw_tanh_prime_of_Z, "dW2", "other", TANH),
    Case("backward: db1 missing", "backward", bw_missing_layer, "db1", "other"),
    Case("dW, db over dZ.shape[0]", "linear_backward", lin_m_from_rows, "dW", "scale 1/m"),
    Case("relu: dA[Z < 0] = 0", "relu_backward", relu_in_place_lt, "dZ", "ReLU mask"),
    Case(
        "delta: cs231n's dZ without 1/m",
        "softmax_cross_entropy_backward",
        delta_cs231n_no_mean,
        "dZ",
        "scale 1/m",
    ),
    Case(
        "softmax: axis=1 without keepdims",
        "softmax",
        softmax_axis1_no_keepdims,
        "A",
        "sum axis / keepdims",
    ),
    Case("backward: db with 1/m twice", "backward", bw_db_one_over_m_twice, "db3", "scale 1/m"),
    Case(
        "backward: mask from the layer above's A",
        "backward",
        bw_mask_of_layer_above,
        "dW2",
        "ReLU mask",
    ),
    # right, in styles the other set does not use
    Case("linear: transposes of transposes", "linear_backward", lin_transpose_trick),
    Case("relu: in place on dA", "relu_backward", relu_in_place),
    Case("relu: astype(int) mask", "relu_backward", relu_astype),
    Case("softmax: broadcast without keepdims", "softmax", softmax_broadcast_right),
    Case("backward: tanh hidden layers", "backward", bw_tanh, options=TANH),
]
