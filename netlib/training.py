"""Minibatch gradient descent with a history and a progress bar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from tqdm import tqdm

from . import kernels
from ._validate import all_finite, check_int, check_positive_finite

Array = np.ndarray


class Network(Protocol):
    """What training needs of a network (:class:`netlib.MLP` has it): its parameters, which
    the kernels update in place, and the names of its activations."""

    params: dict[str, Array]
    hidden: tuple[str, ...]
    output: str

    @property
    def activations(self) -> Sequence[str]: ...


class DivergedError(FloatingPointError, ValueError):
    """Training stopped because the loss or the parameters stopped being finite numbers.

    It is also a ``ValueError``: the learning rate (or the data) was too large for the step.
    """


@dataclass
class History:
    """What :func:`train` measured, one entry per epoch.

    ``loss`` and ``accuracy`` are averages over the epoch's minibatches, each measured
    before that minibatch's step; ``val_loss`` and ``val_accuracy`` are measured on the
    validation set after the epoch. Accuracies are recorded for a softmax or sigmoid output
    (labels at the threshold 0.5), not for identity.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def as_dict(self) -> dict[str, list[float]]:
        return {k: list(v) for k, v in vars(self).items() if v}


def train(
    net: Network,
    X: Array,
    Y: Array,
    *,
    epochs: int,
    learning_rate: float,
    batch_size: int,
    seed: int,
    validation: tuple[Array, Array] | None,
    progress: bool,
) -> History:
    """Train ``net`` in place on checked ``X: (n_x, m)``, ``Y: (n_y, m)``; return the history.

    The input is checked once by the caller (:meth:`netlib.MLP.fit`); each minibatch then
    runs the unchecked :func:`netlib.kernels.train_step`.

    Each epoch shuffles the columns with a generator seeded by ``seed`` and walks through
    them in minibatches of ``batch_size`` (the last one may be smaller). For every minibatch:
    forward, all gradients, then the step. Raises :class:`DivergedError`, naming the epoch
    and the minibatch, as soon as the loss (or, at the end of an epoch, a parameter) is not
    finite; the parameters are then put back to the last finite ones of the two before the
    step that diverged.
    """
    epochs = check_int("epochs", epochs)
    batch_size = check_int("batch_size", batch_size)
    learning_rate = check_positive_finite("learning_rate", learning_rate)
    m = X.shape[1]
    rng = np.random.default_rng(check_int("seed", seed, minimum=0))
    history = History()
    classify = net.output in ("softmax", "sigmoid")
    before = earlier = dict(net.params)
    bar = tqdm(range(1, epochs + 1), desc="fit", unit="epoch", disable=not progress, leave=True)
    # Overflow on the way to divergence is reported below as one clear error, not as warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in bar:
            order = rng.permutation(m)
            total_loss, correct = 0.0, 0
            for k, start in enumerate(range(0, m, batch_size), start=1):
                cols = order[start : start + batch_size]
                X_b, Y_b = X[:, cols], Y[:, cols]
                # The step replaces the arrays of params, so the dicts keep the old ones.
                earlier, before = before, dict(net.params)
                J, AL = kernels.train_step(  # J and A^[L] at the parameters before the step
                    net.params, X_b, Y_b, learning_rate, net.hidden, net.output
                )
                if not np.isfinite(J):
                    _restore(net, before, earlier)
                    raise DivergedError(
                        f"the loss became {J} in epoch {epoch}, minibatch {k} "
                        f"(learning_rate = {learning_rate}); try a smaller learning rate"
                    )
                total_loss += J * X_b.shape[1]
                if classify:
                    correct += _correct(AL, Y_b, net.output)
            if not all_finite(net.params.values()):
                _restore(net, before, earlier)
                raise DivergedError(
                    f"a parameter became infinite or NaN in epoch {epoch} "
                    f"(learning_rate = {learning_rate}); try a smaller learning rate"
                )
            history.loss.append(total_loss / m)
            if classify:
                history.accuracy.append(correct / m)
            if validation is not None:
                _record_validation(net, validation, history)
            bar.set_postfix(_postfix(history))
    return history


def _restore(net: Network, *candidates: dict[str, Array]) -> None:
    """Put back the first of ``candidates`` (parameters) that is finite, if one is."""
    for params in candidates:
        if all_finite(params.values()):
            net.params.update(params)
            return


def _record_validation(net: Network, validation: tuple[Array, Array], history: History) -> None:
    X_val, Y_val = validation
    AL, _ = kernels.forward(net.params, X_val, net.activations)
    history.val_loss.append(kernels.loss(AL, Y_val, net.output))
    if net.output in ("softmax", "sigmoid"):
        history.val_accuracy.append(_correct(AL, Y_val, net.output) / Y_val.shape[1])


def _correct(AL: Array, Y: Array, output: str) -> int:
    """How many of the m columns of ``AL`` are right: the largest probability on the class of
    ``Y`` (softmax), or every output on the side of 0.5 of its 0/1 label (sigmoid)."""
    if output == "sigmoid":
        return int(((AL > 0.5) == (Y == 1)).all(axis=0).sum())
    return int((AL.argmax(axis=0) == Y.argmax(axis=0)).sum())


def _postfix(history: History) -> dict[str, str]:
    shown = {"loss": f"{history.loss[-1]:.4f}"}
    if history.accuracy:
        shown["acc"] = f"{history.accuracy[-1]:.3f}"
    if history.val_accuracy:
        shown["val_acc"] = f"{history.val_accuracy[-1]:.3f}"
    return shown
