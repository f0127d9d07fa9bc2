"""netlib: the book's multilayer perceptron in numpy, in the book's notation.

Examples are columns: ``X: (n_x, m)``, ``A^[l], Z^[l]: (n^[l], m)``, ``W^[l]: (n^[l], n^[l-1])``,
``b^[l]: (n^[l], 1)``. SymPy lives in :mod:`netlib.symbolic` only, imported on demand.

Every function here checks its input; :mod:`netlib.kernels` holds the same equations without
checks, for code that has checked its input once (the training loop, the gradient check).
An array argument may be a nested list or an ndarray; an ndarray subclass is read as the plain
array with the same entries (an ``np.matrix`` never turns ``*`` into a matrix product), and a
masked array that masks any entry is refused with an error naming the symbol. Labels are
class indices 0..999; a network has at most 10^7 parameters. Bad input raises ``ValueError``
or ``TypeError`` naming the argument; a result that would not be finite is an error too.
"""

from . import diagnose, kernels
from .activations import (
    identity,
    identity_backward,
    log_softmax,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
    tanh,
    tanh_backward,
)
from .data import Split, load_digits, make_moons, make_spirals, one_hot
from .gradcheck import (
    GradientCheck,
    entrywise_relative_error,
    gradient_check,
    numerical_gradient,
    numerical_jacobian,
    relative_error,
)
from .layers import linear_backward, linear_forward
from .losses import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_backward,
    mse,
    mse_backward,
    sigmoid_cross_entropy,
    sigmoid_cross_entropy_backward,
    softmax_cross_entropy,
    softmax_cross_entropy_backward,
)
from .metrics import accuracy, confusion_matrix, dead_relu_fraction, dead_units
from .mlp import MLP
from .training import DivergedError, History

__all__ = [
    "MLP",
    "kernels",
    "DivergedError",
    "GradientCheck",
    "History",
    "Split",
    "accuracy",
    "binary_cross_entropy",
    "confusion_matrix",
    "cross_entropy",
    "cross_entropy_backward",
    "dead_relu_fraction",
    "dead_units",
    "diagnose",
    "entrywise_relative_error",
    "gradient_check",
    "identity",
    "identity_backward",
    "linear_backward",
    "linear_forward",
    "load_digits",
    "log_softmax",
    "make_moons",
    "make_spirals",
    "mse",
    "mse_backward",
    "numerical_gradient",
    "numerical_jacobian",
    "one_hot",
    "relative_error",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_cross_entropy",
    "sigmoid_cross_entropy_backward",
    "softmax",
    "softmax_backward",
    "softmax_cross_entropy",
    "softmax_cross_entropy_backward",
    "tanh",
    "tanh_backward",
]
