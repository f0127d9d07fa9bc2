"""The answer of the diagnoser: is the function right, and if not, what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnosis:
    """What the diagnoser found in a learner's function.

    ``ok``: the function is right. ``quantity``: its first wrong output (``"dW"``, ``"db"``,
    ``"dA_prev"``, ``"dZ"``, ``"A"``, ``"J"``; ``"dW3"``, ``"db3"``, ... for a whole backward
    pass, judged from the output layer down), ``None`` when ok. ``mistakes``: the ids of the
    catalogue entries recognised (``netlib.mistakes``), possibly none. ``families``: the kinds
    of mistake named. ``message``: what is wrong, what was found, the fix, and the equation of
    the book that proves the right formula; ``str(d) == d.message``.
    """

    ok: bool
    quantity: str | None
    mistakes: tuple[str, ...]
    message: str
    families: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message
