"""A network on disk: the architecture and the parameters in a plain ``.npz`` (never pickle).

A file is checked before anything large is read or allocated: the ``.npy`` header of every
member (its shape and dtype, read without decompressing the data), then the architecture and
the number of parameters it implies, then that every parameter's header matches it. Only then
is the network built and the data read, each parameter checked (finite) as it comes. Every
error is a ``ValueError`` naming the file and the key.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from typing import IO, BinaryIO

import numpy as np
from numpy.lib import format as npy

from ._validate import MAX_PARAMETERS, as_matrix
from .checks import parameter_count, parameter_shapes

Array = np.ndarray
ARCHITECTURE = ("layer_sizes", "hidden", "output", "dtype")
MAX_LAYERS = 1000
"""The most entries ``layer_sizes`` may have in a file."""
MAX_NAME = 64
"""The longest activation or dtype name a file may store."""
MAX_HEADER = 10_000
"""The longest ``.npy`` header read (numpy's own default limit)."""


def save(
    path: str | os.PathLike | BinaryIO,
    layer_sizes: tuple[int, ...],
    hidden: tuple[str, ...],
    output: str,
    dtype: np.dtype,
    params: dict[str, Array],
) -> None:
    """Write the architecture and ``params`` to ``path`` (numpy adds ``.npz`` if it lacks it)
    or to a binary file object."""
    if not hasattr(path, "write"):
        target = _checked_path(path)
        if not target.endswith(".npz"):
            target += ".npz"
        if os.path.isdir(path) or os.path.isdir(target):
            raise ValueError(f"{path} is a directory: give the path of the file to write")
    np.savez(
        path,
        layer_sizes=np.array(layer_sizes),
        hidden=np.array(hidden, dtype=str),
        output=np.array(output),
        dtype=np.array(dtype.name),
        **params,
    )


def load(path: str | os.PathLike | IO[bytes], build: Callable[..., object]) -> object:
    """The network in ``path`` (a path or a binary file object): ``build(layer_sizes,
    hidden=, output=, dtype=)`` makes it once the file's headers have been checked, then its
    parameters are replaced by the ones in the file, each checked first."""
    source, shown = _source(path)
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise
    except (OSError, ValueError, EOFError, TypeError, zipfile.BadZipFile) as err:
        raise ValueError(f"{shown} is not a network written by MLP.save ({err})") from None
    with archive:
        return _load(archive, shown, build)


def _load(archive: zipfile.ZipFile, shown: str, build: Callable[..., object]) -> object:
    headers = {key: _header(archive, info, shown) for key, info in _members(archive, shown)}
    missing = [k for k in ARCHITECTURE if k not in headers]
    if missing:
        raise ValueError(f"{shown} is not a saved MLP: it lacks {sorted(missing)}")
    architecture = _architecture(archive, headers, shown)
    sizes = architecture["layer_sizes"]
    shapes = parameter_shapes(sizes)
    absent = [name for name, _, _ in shapes if name not in headers]
    extra = sorted(set(headers) - set(ARCHITECTURE) - {name for name, _, _ in shapes})
    if absent or extra:
        raise ValueError(
            f"{shown}: its parameters do not match its architecture {sizes} "
            f"(which has {[name for name, _, _ in shapes]}): missing {absent}, unexpected {extra}"
        )
    for name, want, symbols in shapes:
        got, dtype = headers[name][0], headers[name][1]
        if got != want:
            raise ValueError(
                f"{shown}: {name} has shape {got}, but the architecture {sizes} "
                f"needs {symbols} = {want}"
            )
        if dtype.kind not in "biuf":
            raise ValueError(f"{shown}: {name} must hold numbers, got dtype {dtype}")
    try:
        net = build(
            sizes,
            hidden=architecture["hidden"],
            output=architecture["output"],
            dtype=architecture["dtype"],
        )
    except (TypeError, ValueError) as err:
        raise ValueError(f"{shown} stores an invalid architecture: {err}") from err
    params: dict[str, Array] = net.params  # type: ignore[attr-defined]
    for name, _, _ in shapes:
        stored = _read(archive, headers[name], name, shown)
        try:
            params[name] = as_matrix(name, stored, dtype=net.dtype)  # type: ignore[attr-defined]
        except (TypeError, ValueError) as err:
            raise ValueError(f"{shown}: {err}") from None
    return net


# --- the archive, member by member -------------------------------------------------------

Header = tuple[tuple[int, ...], np.dtype, zipfile.ZipInfo]


def _members(archive: zipfile.ZipFile, shown: str) -> list[tuple[str, zipfile.ZipInfo]]:
    members = []
    for info in archive.infolist():
        if not info.filename.endswith(".npy"):
            raise ValueError(
                f"{shown}: member {info.filename!r} is not a .npy array; a file written by "
                "MLP.save holds nothing else"
            )
        members.append((info.filename[: -len(".npy")], info))
    return members


def _header(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> Header:
    """Shape and dtype from the member's ``.npy`` header; only the header is decompressed."""
    key = info.filename[: -len(".npy")]
    try:
        with archive.open(info) as f:
            version = npy.read_magic(f)
            if version == (1, 0):
                shape, _, dtype = npy.read_array_header_1_0(f, max_header_size=MAX_HEADER)
            elif version == (2, 0):
                shape, _, dtype = npy.read_array_header_2_0(f, max_header_size=MAX_HEADER)
            else:
                raise ValueError(f".npy format version {version} is not supported")
            offset = f.tell()
    except (
        OSError,
        ValueError,
        EOFError,
        TypeError,
        SyntaxError,
        RuntimeError,
        zipfile.BadZipFile,
    ) as err:
        raise ValueError(f"{shown}: {key} is not a readable .npy array ({err})") from None
    if dtype.hasobject:
        raise ValueError(
            f"{shown}: {key} holds Python objects (dtype {dtype}); a saved network holds "
            "numbers and names only, and netlib never unpickles"
        )
    # The zip records each member's uncompressed size: it must be exactly header + data, so
    # a header that claims more than the member holds is refused before anything is read.
    size = offset + int(np.prod(shape, dtype=object)) * dtype.itemsize
    if info.file_size != size:
        raise ValueError(
            f"{shown}: {key}'s header claims shape {shape} of {dtype} ({size - offset} bytes), "
            f"but the member holds {info.file_size - offset}"
        )
    return shape, dtype, info


def _read(archive: zipfile.ZipFile, header: Header, key: str, shown: str) -> Array:
    try:
        with archive.open(header[2]) as f:
            return npy.read_array(f, allow_pickle=False, max_header_size=MAX_HEADER)
    except (OSError, ValueError, EOFError, RuntimeError, zipfile.BadZipFile) as err:
        raise ValueError(f"{shown}: {key} cannot be read ({err})") from None


def _architecture(archive: zipfile.ZipFile, headers: dict[str, Header], shown: str) -> dict:
    """``layer_sizes``, ``hidden``, ``output`` and ``dtype``, each checked small before it is
    read, and the number of parameters they imply checked before anything is built."""
    limits = {  # key: (number of dimensions, the most entries, the dtype kinds allowed)
        "layer_sizes": (1, MAX_LAYERS, "iu"),
        "hidden": (1, MAX_LAYERS, "U"),
        "output": (0, 1, "U"),
        "dtype": (0, 1, "U"),
    }
    values = {}
    for key, (ndim, most, kinds) in limits.items():
        shape, dtype, _ = headers[key]
        if len(shape) != ndim or int(np.prod(shape, dtype=object)) > most:
            raise ValueError(
                f"{shown}: {key} must be {'a 1-D array' if ndim else 'one value'} "
                f"(at most {most} entries), got shape {shape}"
            )
        if dtype.kind not in kinds or (kinds == "U" and dtype.itemsize > 4 * MAX_NAME):
            wanted = "integers" if kinds == "iu" else f"names of at most {MAX_NAME} characters"
            raise ValueError(f"{shown}: {key} must hold {wanted}, got dtype {dtype}")
        values[key] = _read(archive, headers[key], key, shown)
    sizes = [int(n) for n in values["layer_sizes"]]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(
            f"{shown} stores an invalid architecture: layer_sizes must be at least two "
            f"positive integers, got {sizes}"
        )
    if parameter_count(sizes) > MAX_PARAMETERS:
        raise ValueError(
            f"{shown} stores an invalid architecture: layer_sizes {sizes} make "
            f"{parameter_count(sizes)} parameters; netlib loads networks of at most "
            f"{MAX_PARAMETERS}"
        )
    return {
        "layer_sizes": sizes,
        "hidden": [str(h) for h in values["hidden"]],
        "output": str(values["output"]),
        "dtype": str(values["dtype"]),
    }


def _checked_path(path: object) -> str:
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"path must be a file path (str or os.PathLike) or a binary file object, "
            f"got {type(path).__name__}"
        )
    return os.fspath(path)


def _source(path: object) -> tuple[str | IO[bytes], str]:
    """What to open, and how to name it in messages."""
    if hasattr(path, "read"):
        return path, str(getattr(path, "name", "the file object"))  # type: ignore[return-value]
    name = _checked_path(path)
    # save("net") writes net.npz: load("net") finds it.
    if not os.path.exists(name) and os.path.exists(f"{name}.npz"):
        name = f"{name}.npz"
    if os.path.isdir(name):
        raise ValueError(f"{name} is a directory, not a network written by MLP.save")
    return name, name
