"""MLP.save and MLP.load: the round trip, a plain .npz without pickle, and files whose keys or
shapes do not match their architecture refused clearly."""

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
        ("output", np.array("sigmoid")),
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
    with pytest.raises(ValueError, match=r"evil\.npz: hidden holds Python objects.*never unpickles"):
        nl.MLP.load(path)
