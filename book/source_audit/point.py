"""The point where every claim of the source is checked, and the truth at that point.

The book's network with sizes all different from each other and from ``m``, so that no matrix
product fits by accident: ``X: (n_x, m) = (2, 6)``, ``W1: (4, 2)``, ``W2: (3, 4)``,
``W3: (5, 3)``, random biases too, so that none hides. ``TRUE`` holds every gradient by central
differences of the loss (``"dW1"``, ..., ``"dA0"``, ..., ``"dZ3"``, ``"dA3"``), independent of any
formula of the source or of the book.
"""

import numpy as np

import netlib as nl

SIZES = (2, 4, 3, 5)  # n_x, n^[1], n^[2], n_y
n_x, n1, n2, n_y = SIZES
m = 6
L = 3
ALPHA = 0.5  # the learning rate the book trains with

_rng = np.random.default_rng(11)
net = nl.MLP(SIZES, hidden="relu", output="softmax", seed=0)
for _name, _P in net.params.items():
    net.params[_name] = _rng.standard_normal(_P.shape)  # random biases too: none hides
THETA = {name: P.copy() for name, P in net.params.items()}
X = _rng.standard_normal((n_x, m))
labels = np.array([0, 1, 2, 3, 4, 1])
Y = nl.one_hot(labels, n_y)
AL, cache = net.forward(X)
grads = net.backward(Y, cache)  # netlib: proved in the derivation chapters
for _l in (1, 2):  # both kinds of ReLU unit, and no pre-activation near the kink
    _Z = cache[f"Z{_l}"]
    assert (_Z > 0).any() and (_Z < 0).any() and np.abs(_Z).min() > 1e-2
assert AL.min() > 1e-2  # every probability far from 0: log A3 stays smooth


def loss_from(name: str, value: np.ndarray) -> float:
    """J when the quantity ``name`` (A0..A3, Z1..Z3) takes ``value``, the rest as before."""
    if name == "A3":  # the entries of A3 as free variables, as in the source's dJ/dA3
        return float(-np.sum(Y * np.log(value)) / m)
    kind, l = name[0], int(name[1])
    A = value if kind == "A" else None
    if kind == "Z":
        if l == L:
            return nl.softmax_cross_entropy(value, Y)
        A = nl.relu(value)
    for k in range(l + 1, L + 1):
        Z = nl.linear_forward(A, THETA[f"W{k}"], THETA[f"b{k}"])
        if k == L:
            return nl.softmax_cross_entropy(Z, Y)
        A = nl.relu(Z)


def J_of_params() -> float:
    """J at the parameters ``net.params`` hold now (central differences perturb them)."""
    return net.loss(net.forward(X)[0], Y)


def J_at(params: dict[str, np.ndarray]) -> float:
    """J of the book's network at ``params`` (``"W1": (n^[1], n_x)``, ...), on X and Y."""
    probe = nl.MLP(SIZES, seed=0)
    probe.params = {k: np.array(v) for k, v in params.items()}
    return probe.loss(probe.forward(X)[0], Y)


def _central_differences() -> dict[str, np.ndarray]:
    truth = {}
    for name in THETA:
        truth["d" + name] = nl.numerical_gradient(J_of_params, net.params[name])
    for name in ("A0", "Z1", "A1", "Z2", "A2", "Z3", "A3"):
        point = cache[name].copy()
        truth["d" + name] = nl.numerical_gradient(lambda p=point, n=name: loss_from(n, p), point)
    return truth


TRUE = _central_differences()
for _key, _value in TRUE.items():  # netlib agrees with them
    assert nl.relative_error(grads.get(_key, _value), _value) < 1e-7, _key
