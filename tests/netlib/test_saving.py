"""MLP.save and MLP.load: the round trip, a plain .npz without pickle, and files whose keys or
shapes do not match their architecture refused clearly."""

import io
import tracemalloc
import zipfile

import numpy as np
import pytest

import netlib as nl


def saved(tmp_path, sizes=(3, 4, 2), **overrides):
    """Save a network, then rewrite its file with some entries replaced (None deletes)."""
    net = nl.MLP(list(sizes), seed=0)
    path = tmp_path / "p.npz"
    net.save(path)
    with np.load(path, allow_pickle=False) as data:
        entries = {k: data[k] for k in data.files}
    for key, value in overrides.items():
        if value is None:
            entries.pop(key)
        else:
            entries[key] = value
    np.savez(path, **entries)
    return path


def test_an_untouched_file_loads(tmp_path):
    loaded = nl.MLP.load(saved(tmp_path))
    assert loaded.layer_sizes == (3, 4, 2)


def test_a_transposed_weight_names_the_file_the_parameter_and_both_shapes(tmp_path):
    W1 = np.zeros((3, 4))  # the architecture needs (n^[1], n^[0]) = (4, 3)
    path = saved(tmp_path, W1=W1)
    with pytest.raises(
        ValueError, match=r"W1 has shape \(3, 4\).*\(n\^\[1\], n\^\[0\]\) = \(4, 3\)"
    ):
        nl.MLP.load(path)
    with pytest.raises(ValueError, match="p.npz"):
        nl.MLP.load(path)


def test_a_bias_stored_as_a_row_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"b2 has shape \(1, 2\).*\(n\^\[2\], 1\) = \(2, 1\)"):
        nl.MLP.load(saved(tmp_path, b2=np.zeros((1, 2))))


def test_layer_sizes_that_disagree_with_the_weights_are_refused(tmp_path):
    # The file claims 5 hidden units while its weights were made for 4.
    path = saved(tmp_path, layer_sizes=np.array([3, 5, 2]))
    with pytest.raises(ValueError, match=r"architecture \[3, 5, 2\]"):
        nl.MLP.load(path)


def test_a_missing_parameter_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"missing \['b1'\]"):
        nl.MLP.load(saved(tmp_path, b1=None))


def test_parameters_of_a_layer_the_architecture_lacks_are_refused(tmp_path):
    # A three-layer file whose layer_sizes were cut to two layers.
    path = saved(
        tmp_path, sizes=(3, 4, 4, 2), layer_sizes=np.array([3, 4, 4]), hidden=np.array(["relu"])
    )
    with pytest.raises(ValueError, match=r"unexpected \['W3', 'b3'\]"):
        nl.MLP.load(path)


def test_a_missing_architecture_entry_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"not a saved MLP.*'output'"):
        nl.MLP.load(saved(tmp_path, output=None))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("hidden", np.array(["swish"])),
        ("output", np.array("tanh")),
        ("dtype", np.array("int64")),
        ("layer_sizes", np.array([3, 0, 2])),
    ],
)
def test_an_invalid_architecture_names_the_file(tmp_path, key, value):
    with pytest.raises(ValueError, match=r"p\.npz stores an invalid architecture"):
        nl.MLP.load(saved(tmp_path, **{key: value}))


def test_non_finite_parameters_are_refused(tmp_path):
    W2 = np.full((2, 4), np.nan)
    with pytest.raises(ValueError, match="W2 contains 8 NaN"):
        nl.MLP.load(saved(tmp_path, W2=W2))


def test_a_path_saved_without_the_suffix_loads_by_the_same_path(tmp_path):
    nl.MLP([3, 4, 2], seed=0).save(tmp_path / "net")  # numpy writes net.npz
    assert nl.MLP.load(tmp_path / "net").layer_sizes == (3, 4, 2)


def test_a_file_that_is_not_an_npz_archive_is_named(tmp_path):
    path = tmp_path / "p.npz"
    path.write_bytes(b"not a saved network")
    with pytest.raises(ValueError, match=r"p\.npz is not a network written by MLP\.save"):
        nl.MLP.load(path)


def test_a_single_array_file_is_named(tmp_path):
    path = tmp_path / "p.npy"
    np.save(path, np.zeros(3))
    with pytest.raises(ValueError, match=r"p\.npy is not a network written by MLP\.save"):
        nl.MLP.load(path)


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        nl.MLP.load(tmp_path / "absent.npz")


# --- the round trip ---------------------------------------------------------------------


def test_save_load_round_trip(tmp_path):
    net = nl.MLP([3, 4, 5, 2], hidden=["tanh", "sigmoid"], output="softmax", seed=7)
    path = tmp_path / "p.npz"
    net.save(path)
    loaded = nl.MLP.load(path)
    assert loaded.layer_sizes == net.layer_sizes
    assert loaded.hidden == net.hidden
    assert loaded.output == net.output
    assert loaded.dtype == net.dtype
    assert set(loaded.params) == set(net.params)
    for name, P in net.params.items():
        np.testing.assert_array_equal(loaded.params[name], P)
        assert loaded.params[name].dtype == P.dtype


def test_save_load_round_trip_float32_identity_and_one_layer(tmp_path):
    net = nl.MLP([3, 2], output="identity", dtype=np.float32, seed=8)
    net.params["b1"][:] = [[0.25], [-1.5]]
    net.save(tmp_path / "p.npz")
    loaded = nl.MLP.load(tmp_path / "p.npz")
    assert (loaded.layer_sizes, loaded.hidden, loaded.output) == ((3, 2), (), "identity")
    assert loaded.dtype == np.float32
    for name, P in net.params.items():
        np.testing.assert_array_equal(loaded.params[name], P)


def test_saved_file_is_plain_npz_and_loaded_without_pickle(tmp_path, monkeypatch):
    net = nl.MLP([2, 3, 2], seed=0)
    path = tmp_path / "p.npz"
    net.save(path)
    with np.load(path, allow_pickle=False) as data:  # every entry readable without pickle
        for name in data.files:
            assert data[name].dtype != object
    calls = []
    real_read = np.lib.format.read_array

    def spy(*args, **kwargs):
        calls.append(kwargs.get("allow_pickle"))
        return real_read(*args, **kwargs)

    monkeypatch.setattr(np.lib.format, "read_array", spy)
    nl.MLP.load(path)
    assert calls == [False] * 8  # the four entries of the architecture, W1, b1, W2, b2


def test_load_refuses_a_pickled_entry(tmp_path):
    net = nl.MLP([2, 3, 2], seed=0)
    path = tmp_path / "evil.npz"
    np.savez(
        path,
        layer_sizes=np.array([2, 3, 2]),
        hidden=np.array(["relu"], dtype=object),  # object arrays are stored with pickle
        output=np.array("softmax"),
        dtype=np.array("float64"),
        **net.params,
    )
    with pytest.raises(ValueError, match=r"evil\.npz: hidden holds Python objects.*unpickles"):
        nl.MLP.load(path)


def test_save_load_round_trip_sigmoid_output(tmp_path):
    net = nl.MLP([3, 4, 1], output="sigmoid", seed=5)
    net.save(tmp_path / "binary")
    loaded = nl.MLP.load(tmp_path / "binary")
    assert loaded.output == "sigmoid" and loaded.layer_sizes == (3, 4, 1)
    X = np.random.default_rng(0).standard_normal((3, 6))
    np.testing.assert_array_equal(loaded.predict(X), net.predict(X))


# --- hostile files: refused from their headers, before anything large is read ---------------


def archive(tmp_path, members, compression=zipfile.ZIP_STORED):
    """A zip of raw members ``{name: bytes or a function writing to the open member}``."""
    path = tmp_path / "p.npz"
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, content in members.items():
            with zf.open(name, "w", force_zip64=True) as f:
                if callable(content):
                    content(f)
                else:
                    f.write(content)
    return path


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def good_members(**overrides):
    net = nl.MLP([3, 4, 2], seed=0)
    entries = {
        "layer_sizes": np.array([3, 4, 2]),
        "hidden": np.array(["relu"]),
        "output": np.array("softmax"),
        "dtype": np.array("float64"),
        **net.params,
    }
    entries.update(overrides)
    return {f"{k}.npy": npy_bytes(v) for k, v in entries.items() if v is not None}


def header_only(shape, dtype=np.float64):
    """A .npy member whose header claims ``shape`` but which holds 16 bytes of data."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": np.dtype(dtype).str, "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue() + bytes(16)


def zeros_member(shape):
    """Writes a .npy of zeros of ``shape`` into an open member, 1 MB at a time."""

    def write(f):
        np.lib.format.write_array_header_1_0(
            f, {"descr": "<f8", "fortran_order": False, "shape": shape}
        )
        chunk, left = bytes(2**20), 8 * int(np.prod(shape))
        while left:
            f.write(chunk[: min(left, len(chunk))])
            left -= min(left, len(chunk))

    return write


HOSTILE_FILES = {
    # name: (a function of tmp_path giving the file, what the ValueError must say)
    "an architecture of 10^8 parameters in a small file": (
        lambda t: saved(t, layer_sizes=np.array([10000, 10000, 3])),
        r"p\.npz stores an invalid architecture: layer_sizes \[10000, 10000, 3\] make "
        r"100040003 parameters",
    ),
    "a header that claims (10^6, 10^6)": (
        lambda t: archive(t, {**good_members(), "W1.npy": header_only((10**6, 10**6))}),
        r"p\.npz: W1's header claims shape \(1000000, 1000000\) of float64 \(8000000000000 "
        r"bytes\), but the member holds 16",
    ),
    "a compressed member of 128 MB of zeros where (4, 3) belongs": (
        lambda t: archive(
            t,
            {**good_members(), "W1.npy": zeros_member((4000, 4000))},
            compression=zipfile.ZIP_DEFLATED,
        ),
        r"p\.npz: W1 has shape \(4000, 4000\), but the architecture \[3, 4, 2\] needs",
    ),
    "an object array": (
        lambda t: archive(
            t, {**good_members(), "hidden.npy": npy_bytes_pickled(np.array(["relu"], object))}
        ),
        r"p\.npz: hidden holds Python objects",
    ),
    "a member that is not .npy": (
        lambda t: archive(t, {**good_members(), "notes.txt": b"hello"}),
        r"p\.npz: member 'notes\.txt' is not a \.npy array",
    ),
    "a member whose content is not .npy": (
        lambda t: archive(t, {**good_members(), "W1.npy": b"not an array at all"}),
        r"p\.npz: W1 is not a readable \.npy array",
    ),
    "a corrupt zip": (
        lambda t: truncated(saved(t)),
        r"p\.npz is not a network written by MLP\.save",
    ),
    "fractional layer sizes": (
        lambda t: saved(t, layer_sizes=np.array([3, 4.5, 2])),
        r"p\.npz: layer_sizes must hold integers, got dtype float64",
    ),
    "layer sizes as whole floats": (
        lambda t: saved(t, layer_sizes=np.array([3.0, 4.0, 2.0])),
        r"p\.npz: layer_sizes must hold integers",
    ),
    "layer sizes as a matrix": (
        lambda t: saved(t, layer_sizes=np.array([[3, 4, 2]])),
        r"p\.npz: layer_sizes must be a 1-D array",
    ),
    "a million layer sizes": (
        lambda t: saved(t, layer_sizes=np.ones(10**6, dtype=np.int64)),
        r"p\.npz: layer_sizes must be a 1-D array \(at most 1000 entries\)",
    ),
    "no hidden activation for a hidden layer": (
        lambda t: saved(t, hidden=np.array([], dtype=str)),
        r"p\.npz stores an invalid architecture: hidden must name one activation per hidden "
        r"layer: 1 for L = 2, got 0",
    ),
    "an activation name of 400 characters": (
        lambda t: saved(t, hidden=np.array(["relu" * 100])),
        r"p\.npz: hidden must hold names of at most 64 characters",
    ),
    "complex weights": (
        lambda t: saved(t, W1=np.zeros((4, 3), complex)),
        r"p\.npz: W1 must hold numbers, got dtype complex128",
    ),
    "a directory": (lambda t: t, "is a directory, not a network written by MLP.save"),
}


def npy_bytes_pickled(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def truncated(path):
    path.write_bytes(path.read_bytes()[:300])
    return path


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_a_hostile_file_is_refused_naming_the_file_and_the_key(tmp_path, case):
    make, message = HOSTILE_FILES[case]
    with pytest.raises(ValueError, match=message):
        nl.MLP.load(make(tmp_path))


@pytest.mark.parametrize(
    "case",
    [
        "an architecture of 10^8 parameters in a small file",
        "a header that claims (10^6, 10^6)",
        "a compressed member of 128 MB of zeros where (4, 3) belongs",
    ],
)
def test_loading_a_hostile_file_allocates_little(tmp_path, case):
    make, _ = HOSTILE_FILES[case]
    path = make(tmp_path)
    assert path.stat().st_size < 2**20  # a small file ...
    tracemalloc.start()
    try:
        with pytest.raises(ValueError):
            nl.MLP.load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20  # ... allocates well under 100 MB before it is refused


def test_a_binary_file_object_round_trips():
    net = nl.MLP([3, 4, 2], seed=1)
    buffer = io.BytesIO()
    net.save(buffer)
    buffer.seek(0)
    loaded = nl.MLP.load(buffer)
    for name, P in net.params.items():
        np.testing.assert_array_equal(loaded.params[name], P)


def test_an_open_file_loads_and_stays_open(tmp_path):
    nl.MLP([3, 4, 2], seed=0).save(tmp_path / "p.npz")
    with open(tmp_path / "p.npz", "rb") as f:
        assert nl.MLP.load(f).layer_sizes == (3, 4, 2)
        assert not f.closed


def saving_net_with_nan(tmp_path):
    net = nl.MLP([2, 2])
    net.params["W1"] = np.full((2, 2), np.nan)
    net.save(tmp_path / "p.npz")


BAD_TARGETS = {
    "a number as the path of load": (lambda t: nl.MLP.load(3), TypeError, "path must be a file"),
    "None as the path of save": (
        lambda t: nl.MLP([2, 2]).save(None),
        TypeError,
        "path must be a file path",
    ),
    "a directory to save to": (
        lambda t: nl.MLP([2, 2]).save(t),
        ValueError,
        "is a directory: give the path of the file to write",
    ),
    "a directory named like the file": (
        lambda t: ((t / "net.npz").mkdir(), nl.MLP([2, 2]).save(t / "net")),
        ValueError,
        "is a directory",
    ),
    "NaN parameters to save": (
        saving_net_with_nan,
        ValueError,
        "W1 contains 4 NaN",
    ),
    "a text file object": (
        lambda t: nl.MLP.load(io.StringIO("text")),
        ValueError,
        "the file object is not a network written by MLP.save",
    ),
}


@pytest.mark.parametrize("case", BAD_TARGETS)
def test_a_bad_path_or_network_is_refused_before_writing(tmp_path, case):
    call, error, message = BAD_TARGETS[case]
    with pytest.raises(error, match=message):
        call(tmp_path)
    assert not (tmp_path / "p.npz").exists()
