"""Data: one-hot labels, the 8x8 digits that scikit-learn ships, and 2-D toy sets.

Every loader returns X with examples as columns, ``X: (n_x, m)``, and labels ``(m,)``.
Nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import MAX_CLASSES, as_labels, check_int, check_real

Array = np.ndarray


def one_hot(labels: object, n_classes: int | None = None) -> Array:
    """Labels ``(m,)`` in ``0..n_classes-1`` -> ``Y: (n_classes, m)``, one 1 per column.

    ``n_classes`` defaults to ``max(labels) + 1``. Labels given as a row ``(1, m)`` (the
    targets of a sigmoid output) are read as ``(m,)``: ``one_hot(Y, 2)`` turns 0/1 labels
    into the targets of a two-unit softmax.
    At most ``MAX_CLASSES`` (1000) classes.
    """
    y = as_labels("labels", _row_as_labels(labels))
    if n_classes is None:
        n_classes = int(y.max()) + 1
    n_classes = check_int("n_classes", n_classes, maximum=MAX_CLASSES)
    bad = (y < 0) | (y >= n_classes)
    if bad.any():
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1} (n_classes = {n_classes}); "
            f"got {y[bad][0]} at position {int(np.flatnonzero(bad)[0])}"
        )
    Y = np.zeros((n_classes, y.size))
    Y[y, np.arange(y.size)] = 1.0
    return Y


def _row_as_labels(labels: object) -> object:
    """A row ``(1, m)`` of labels as ``(m,)``; anything else unchanged (checked by the caller)."""
    if isinstance(labels, np.ndarray | list | tuple):
        try:
            arr = np.asarray(labels)
        except ValueError:  # ragged: as_labels says so
            return labels
        if arr.ndim == 2 and arr.shape[0] == 1:
            return arr[0]
    return labels


N_DIGITS = 1797
"""The number of images in scikit-learn's digits."""

MAX_TOY_EXAMPLES = 100_000
"""The most points a toy set may have (2 x 10^5 floats, 1.6 MB)."""


def _check_fraction(name: str, fraction: object, m: int) -> None:
    """``fraction`` of ``m`` examples rounds to at least one example, and leaves at least one."""
    fraction = check_real(name, fraction)
    if not 0 < fraction < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {fraction}")
    if not 1 <= round(fraction * m) <= m - 1:
        raise ValueError(
            f"{name} = {fraction} of the {m} examples rounds to {round(fraction * m)}: "
            "each part needs at least one example"
        )


@dataclass
class Split:
    """Training, test and validation sets, examples as columns; ``Y`` one-hot, ``y`` indices.

    The validation set is empty, ``X_val: (n_x, 0)``, unless one was asked for.
    """

    X_train: Array
    Y_train: Array
    y_train: Array
    X_test: Array
    Y_test: Array
    y_test: Array
    X_val: Array
    Y_val: Array
    y_val: Array


def load_digits(
    test_fraction: float = 0.25, seed: int = 0, *, validation_fraction: float = 0.0
) -> Split:
    """The 1797 8x8 digit images shipped with scikit-learn, split at random with ``seed``.

    One permutation of the images (seeded by ``seed``) is cut into the test set (its first
    ``round(test_fraction * 1797)`` images), the validation set (the next
    ``round(validation_fraction * 1797)``) and the training set (the rest). The cut is not
    stratified: each class's share of a set varies by a few images. The test set depends on
    ``test_fraction`` and ``seed`` only, so asking for a validation set takes its images from
    the training set and leaves the test set as it was.

    ``X_train: (64, m_train)`` with pixels scaled to [0, 1]; ``Y_train: (10, m_train)``;
    the same for ``_test`` and ``_val``.
    """
    from sklearn.datasets import load_digits as _sklearn_digits

    _check_fraction("test_fraction", test_fraction, N_DIGITS)
    seed = check_int("seed", seed, minimum=0)
    validation_fraction = check_real("validation_fraction", validation_fraction)
    if not 0 <= validation_fraction < 1 - test_fraction:
        raise ValueError(
            "validation_fraction must lie in [0, 1 - test_fraction) so that training examples "
            f"remain, got {validation_fraction} with test_fraction = {test_fraction}"
        )
    digits = _sklearn_digits()
    X = digits.data.T / 16.0
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(y.size)
    n_test = round(test_fraction * y.size)
    n_val = round(validation_fraction * y.size)
    test, val, train = np.split(order, [n_test, n_test + n_val])
    if train.size == 0:
        raise ValueError(
            "no training examples remain: make test_fraction + validation_fraction smaller"
        )
    return Split(
        *_columns(X, y, train),
        *_columns(X, y, test),
        *_columns(X, y, val),
    )


def _columns(X: Array, y: Array, index: Array) -> tuple[Array, Array, Array]:
    """``X[:, index]``, its one-hot labels ``(10, len(index))`` and its labels (may be empty)."""
    Y = np.zeros((10, index.size))
    Y[y[index], np.arange(index.size)] = 1.0
    return X[:, index], Y, y[index]


def make_moons(m: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """Two interleaving half circles. Returns ``X: (2, m)`` and labels ``(m,)`` in {0, 1}.

    ``m <= MAX_TOY_EXAMPLES``; ``noise`` is the standard deviation of the Gaussian noise added.
    """
    m = check_int("m", m, maximum=MAX_TOY_EXAMPLES)
    noise = check_real("noise", noise, minimum=0)
    seed = check_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % 2
    t = rng.uniform(0, np.pi, m)
    upper = np.stack([np.cos(t), np.sin(t)])
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(labels == 0, upper, lower) + noise * rng.standard_normal((2, m))
    return X, labels


def make_spirals(
    m: int = 300, n_classes: int = 3, noise: float = 0.2, seed: int = 0, twist: float = 4.0
) -> tuple[Array, Array]:
    """``n_classes`` interleaved spiral arms. Returns ``X: (2, m)`` and labels ``(m,)``.

    A point at radius r in (0.05, 1) of arm k lies at the angle ``twist * r + 2 pi k /
    n_classes`` plus Gaussian noise of standard deviation ``noise``: ``twist`` is how far,
    in radians, each arm winds from the centre to the rim (larger is harder to separate).
    """
    m = check_int("m", m, maximum=MAX_TOY_EXAMPLES)
    n_classes = check_int("n_classes", n_classes, maximum=MAX_CLASSES)
    twist, noise = check_real("twist", twist), check_real("noise", noise, minimum=0)
    seed = check_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % n_classes
    radius = rng.uniform(0.05, 1, m)
    angle = twist * radius + 2 * np.pi * labels / n_classes + noise * rng.standard_normal(m)
    X = radius * np.stack([np.cos(angle), np.sin(angle)])
    return X, labels
