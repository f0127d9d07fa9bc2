"""One network's gradients computed the way other courses' code computes them, in plain numpy.

Every function takes the network in the book's form, ``params = {"W1", "b1", ..., "WL",
"bL"}`` with ``W^[l]: (n^[l], n^[l-1])`` and ``b^[l]: (n^[l], 1)``, sigmoid hidden layers and
a sigmoid output with the binary cross-entropy, and returns that convention's quantities under
its own names and in its own layout. None of them calls netlib: the chapter "The same gradients
in other conventions" compares each with ``MLP.backward`` after the conversion it proves.

- :func:`deeplearning_ai`: examples as columns, ``dZ^[L] = A^[L] - Y`` (no 1/m), the 1/m
  applied in ``dW`` and ``db``.
- :func:`rows_layout`: examples as rows (cs231n, PyTorch), ``X: (m, n_x)``,
  ``Z = X W^T + b`` with PyTorch's ``weight: (out, in)`` (the book's W) and a 1-D ``bias``.
- :func:`cs231n_affine_backward`: cs231n's affine layer, whose weight ``w: (in, out)`` is the
  book's ``W^T``.
- :func:`nielsen`: one example at a time, as in Nielsen's ``network2.py``; the gradients of
  a minibatch are summed, and the update divides by its size.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def sigmoid(Z: Array) -> Array:
    return 1 / (1 + np.exp(-Z))


def sigmoid_prime(Z: Array) -> Array:
    return sigmoid(Z) * (1 - sigmoid(Z))


def _layers(params: dict[str, Array]) -> int:
    return sum(1 for name in params if name.startswith("W"))


def deeplearning_ai(params: dict[str, Array], X: Array, Y: Array) -> dict[str, Array]:
    """``dZl, dAl, dWl, dbl`` as deeplearning.ai's ``L_model_backward`` computes them.

    ``X: (n_x, m)``, ``Y: (n_y, m)``. ``dAL = -(Y/AL - (1-Y)/(1-AL))`` is m times the book's
    ``dJ/dA^[L]``; every ``dZ`` and ``dA`` is m times the book's; ``dW = (1/m) dZ A_prev^T``
    and ``db = (1/m) sum(dZ)`` equal the book's. ``dA0`` is included.
    """
    L, m = _layers(params), X.shape[1]
    A, Z = {0: X}, {}
    for l in range(1, L + 1):
        Z[l] = params[f"W{l}"] @ A[l - 1] + params[f"b{l}"]
        A[l] = sigmoid(Z[l])
    grads = {f"dA{L}": -(np.divide(Y, A[L]) - np.divide(1 - Y, 1 - A[L]))}
    for l in range(L, 0, -1):
        dZ = grads[f"dA{l}"] * sigmoid_prime(Z[l])  # at l = L this is A - Y
        grads[f"dZ{l}"] = dZ
        grads[f"dW{l}"] = 1 / m * dZ @ A[l - 1].T
        grads[f"db{l}"] = 1 / m * np.sum(dZ, axis=1, keepdims=True)
        grads[f"dA{l - 1}"] = params[f"W{l}"].T @ dZ
    return grads


def rows_layout(
    weights: dict[str, Array], biases: dict[str, Array], X_rows: Array, Y_rows: Array
) -> dict[str, Array]:
    """``dZl, dAl, dWl, dbl`` with examples as rows, as PyTorch's ``nn.Linear`` stores them.

    ``weights["W{l}"]: (n^[l], n^[l-1])`` (``weight``, like the book's W), ``biases["b{l}"]:
    (n^[l],)`` (1-D ``bias``), ``X_rows: (m, n_x)``, ``Y_rows: (m, n_y)``. Forward
    ``Z = X W^T + b``; backward ``dZ^[L] = (A - Y)/m`` (the loss is the book's, averaged over
    the m rows), ``dW = dZ^T X``, ``db = dZ`` summed over the rows, ``dX = dZ W``. Each dZ, dA
    is ``(m, n^[l])``: the transpose of the book's.
    """
    L, m = _layers(weights), X_rows.shape[0]
    A, Z = {0: X_rows}, {}
    for l in range(1, L + 1):
        Z[l] = A[l - 1] @ weights[f"W{l}"].T + biases[f"b{l}"]
        A[l] = sigmoid(Z[l])
    grads: dict[str, Array] = {}
    dZ = (A[L] - Y_rows) / m
    for l in range(L, 0, -1):
        grads[f"dZ{l}"] = dZ
        grads[f"dW{l}"] = dZ.T @ A[l - 1]
        grads[f"db{l}"] = dZ.sum(axis=0)
        grads[f"dA{l - 1}"] = dZ @ weights[f"W{l}"]
        if l > 1:
            dZ = grads[f"dA{l - 1}"] * sigmoid_prime(Z[l - 1])
    return grads


def cs231n_affine_backward(dout: Array, x: Array, w: Array) -> tuple[Array, Array, Array]:
    """cs231n's ``affine_backward``: ``out = x @ w + b`` with ``x: (m, in)``, ``w: (in, out)``.

    Returns ``(dx, dw, db)``: ``dx = dout @ w.T: (m, in)``, ``dw = x.T @ dout: (in, out)`` (the
    transpose of the book's dW, since w is the book's W^T), ``db = dout.sum(axis=0): (out,)``.
    """
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def nielsen_backprop(
    params: dict[str, Array], x: Array, y: Array
) -> tuple[list[Array], list[Array], list[Array]]:
    """One example, as ``Network.backprop`` of Nielsen's ``network2.py`` with its
    ``CrossEntropyCost`` (``delta = a - y`` at the output, no 1/m).

    ``x: (n_x, 1)``, ``y: (n_y, 1)``. Returns ``(nabla_b, nabla_w, deltas)``, lists indexed
    from layer 1: ``nabla_w[l-1] = delta^[l] a^[l-1]^T``, ``nabla_b[l-1] = delta^[l]``.
    """
    L = _layers(params)
    activation, activations, zs = x, [x], []
    for l in range(1, L + 1):
        z = params[f"W{l}"] @ activation + params[f"b{l}"]
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    deltas = [activations[-1] - y]
    for l in range(L - 1, 0, -1):  # layer l from the delta of layer l + 1
        deltas.insert(0, (params[f"W{l + 1}"].T @ deltas[0]) * sigmoid_prime(zs[l - 1]))
    nabla_w = [delta @ activations[l].T for l, delta in enumerate(deltas)]
    return [delta.copy() for delta in deltas], nabla_w, deltas


def nielsen(params: dict[str, Array], X: Array, Y: Array) -> dict[str, object]:
    """A minibatch of the m columns of ``X: (n_x, m)``, ``Y: (n_y, m)``, as Nielsen's
    ``update_mini_batch`` sums it: ``{"nabla_w": [...], "nabla_b": [...], "deltas": [...]}``.

    ``nabla_w[l-1]`` and ``nabla_b[l-1]`` are summed over the m examples (m times the book's
    dW, db); ``deltas[j][l-1]`` is example j's ``delta^[l]: (n^[l], 1)``. The update is
    ``w - (eta / m) nabla_w``.
    """
    L, m = _layers(params), X.shape[1]
    nabla_w = [np.zeros_like(params[f"W{l}"]) for l in range(1, L + 1)]
    nabla_b = [np.zeros_like(params[f"b{l}"]) for l in range(1, L + 1)]
    deltas = []
    for j in range(m):
        delta_nabla_b, delta_nabla_w, delta = nielsen_backprop(params, X[:, [j]], Y[:, [j]])
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
        deltas.append(delta)
    return {"nabla_w": nabla_w, "nabla_b": nabla_b, "deltas": deltas}
