"""A network on disk: the architecture and the parameters in a plain ``.npz`` (never pickle).

The file is checked, its keys, the architecture and the shape of every parameter, before a
network is built from it, and every error names the file.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable

import numpy as np

from ._validate import as_matrix

Array = np.ndarray
ARCHITECTURE = ("layer_sizes", "hidden", "output", "dtype")


def save(
    path: str | os.PathLike,
    layer_sizes: tuple[int, ...],
    hidden: tuple[str, ...],
    output: str,
    dtype: np.dtype,
    params: dict[str, Array],
) -> None:
    """Write the architecture and ``params`` to ``path`` (numpy adds ``.npz`` if it lacks it)."""
    np.savez(
        path,
        layer_sizes=np.array(layer_sizes),
        hidden=np.array(hidden, dtype=str),
        output=np.array(output),
        dtype=np.array(dtype.name),
        **params,
    )


def load(path: str | os.PathLike, build: Callable[..., object]) -> object:
    """The network in ``path``: ``build(layer_sizes, hidden=, output=, dtype=)`` makes it,
    then its parameters are replaced by the ones in the file, each checked first."""
    with _open_saved(path) as data:
        missing = set(ARCHITECTURE) - set(data.files)
        if missing:
            raise ValueError(f"{path} is not a saved MLP: it lacks {sorted(missing)}")
        try:
            net = build(
                [int(n) for n in np.atleast_1d(data["layer_sizes"])],
                hidden=[str(h) for h in np.atleast_1d(data["hidden"])] or "relu",
                output=str(data["output"]),
                dtype=np.dtype(str(data["dtype"])),
            )
        except (TypeError, ValueError) as err:
            raise ValueError(f"{path} stores an invalid architecture: {err}") from err
        sizes = list(net.layer_sizes)  # type: ignore[attr-defined]
        params: dict[str, Array] = net.params  # type: ignore[attr-defined]
        absent = [name for name in params if name not in data.files]
        extra = sorted(set(data.files) - set(ARCHITECTURE) - set(params))
        if absent or extra:
            raise ValueError(
                f"{path}: its parameters do not match its architecture {sizes} "
                f"(which has {list(params)}): missing {absent}, unexpected {extra}"
            )
        for l in range(1, len(sizes)):
            for name, symbols in ((f"W{l}", f"(n^[{l}], n^[{l - 1}])"), (f"b{l}", f"(n^[{l}], 1)")):
                want, got = params[name].shape, data[name].shape
                if got != want:
                    raise ValueError(
                        f"{path}: {name} has shape {got}, but the architecture {sizes} "
                        f"needs {symbols} = {want}"
                    )
                params[name] = as_matrix(name, data[name], dtype=net.dtype)  # type: ignore[attr-defined]
    return net


def _open_saved(path: str | os.PathLike) -> np.lib.npyio.NpzFile:
    # save("net") writes net.npz: load("net") finds it.
    if not os.path.exists(path) and os.path.exists(f"{os.fspath(path)}.npz"):
        path = f"{os.fspath(path)}.npz"
    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise ValueError(f"{path} is not a network written by MLP.save ({err})") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(f"{path} is not a network written by MLP.save (it holds one array)")
    return data
