"""What netlib hands out and takes back without checking it again.

``MLP.forward`` returns a cache and ``MLP.backward`` returns gradients, and the loop the book
teaches passes them straight back (``backward(Y, cache)``, ``step(grads, lr)``). Scanning every
entry again for NaN, infinities and the right dtype would cost as much as the arithmetic at
small sizes, so an entry is trusted when both hold:

- it is the very array netlib put there (identity, not equality), and
- it cannot have been written in place since: netlib hands its own arrays out read-only, and
  for ``A0``, a read-only view of the caller's ``X``, also the array the view looks into is
  read-only (otherwise the caller can still write into ``X``).

Anything else, an entry replaced by another array, an array made writable again, a dict the
caller built, is checked in full. A trusted entry is still checked for what costs nothing:
that it is a numpy array of the network's dtype with the right shape. (Code that makes an
array writable, writes into it and makes it read-only again before handing it back is not
detected: the flags are the whole record.)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._validate import as_matrix

Array = np.ndarray


def read_only(A: Array) -> Array:
    """``A`` itself, made read-only: only for arrays netlib has just created."""
    A.flags.writeable = False
    return A


def read_only_view(X: Array) -> Array:
    """A read-only view of the caller's ``X``; the flags of ``X`` itself stay as they are."""
    view = X.view()
    view.flags.writeable = False
    return view


def untouched(value: object, handed_out: Array | None) -> bool:
    """True when ``value`` is the array netlib handed out and nothing can have written it."""
    if handed_out is None or value is not handed_out or handed_out.flags.writeable:
        return False
    base = handed_out.base  # a view is as safe as the memory it looks into
    return base is None or (isinstance(base, np.ndarray) and not base.flags.writeable)


def taken_back(name: str, value: object, handed_out: Mapping[str, Array], dtype: np.dtype) -> Array:
    """``value`` as a 2-D finite array of ``dtype``: scanned in full unless it is untouched.

    An untouched array is still checked for what costs nothing, its dtype and its number of
    dimensions (the caller checks its shape).
    """
    trusted = handed_out.get(name)
    if untouched(value, trusted) and trusted.dtype == dtype and trusted.ndim == 2:
        return trusted
    return as_matrix(name, value, dtype=dtype)
