"""The gradients ``MLP.backward`` returns: a dict whose ``dA0`` is computed when first read.

``dA0 = dJ/dX = W^[1]^T delta^[1]`` is part of what backward returns, but no parameter needs
it: training never reads it. It is also the largest matrix product of the backward pass when
``n_x`` is large (at 784-256-128-10, about 25 million of a step's 65 million multiply-adds).
So :class:`Gradients` keeps ``delta^[1]`` and a copy of ``W^[1]`` (the copy costs a pass over
``W^[1]``, not a matrix product, and keeps dA0 the gradient at the parameters of the backward
pass even if ``W^[1]`` is changed later) and computes ``dA0`` the first time anything reads it:
``grads["dA0"]``, ``grads.values()``, ``dict(grads)``, printing. It is then stored, so a second
read costs nothing. In every other respect it behaves as a dict of arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping

import numpy as np

Array = np.ndarray

_NOT_YET = object()  # dA0 before its first read


class Gradients(MutableMapping):
    """``{"dZ1".., "dW1".., "db1".., "dA0".."dA(L-1)"}`` with ``dA0`` computed on first read.

    ``computed``: the gradients already computed, in the order they are listed;
    ``dA0``: a function of no argument that returns ``dA0: (n_x, m)``.
    """

    def __init__(self, computed: dict[str, Array], dA0: Callable[[], Array]) -> None:
        self._values: dict[str, object] = {**computed, "dA0": _NOT_YET}
        self._dA0 = dA0

    def __getitem__(self, key: str) -> Array:
        value = self._values[key]
        if value is _NOT_YET:
            value = self._values["dA0"] = self._dA0()
        return value  # type: ignore[return-value]

    def __setitem__(self, key: str, value: Array) -> None:
        self._values[key] = value

    def __delitem__(self, key: str) -> None:
        del self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __repr__(self) -> str:
        return repr(dict(self.items()))
