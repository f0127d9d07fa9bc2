"""What forward and backward hand out comes back unscanned only while it is untouched."""

import numpy as np
import pytest

import netlib as nl
from netlib import handout


def problem(dtype=np.float64):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 6)).astype(dtype)
    Y = nl.one_hot(np.arange(6) % 3, 3).astype(dtype)
    return nl.MLP([4, 5, 3], seed=0, dtype=dtype), X, Y


@pytest.fixture
def scans(monkeypatch):
    """The names of the entries scanned in full (passed through as_matrix) on the way back."""
    scanned = []
    real = handout.as_matrix

    def spy(name, value, **kwargs):
        scanned.append(name)
        return real(name, value, **kwargs)

    monkeypatch.setattr(handout, "as_matrix", spy)
    return scanned


def test_the_cache_is_read_only_and_A0_a_view_of_X_whose_flags_stay():
    net, X, Y = problem()
    AL, cache = net.forward(X)
    assert X.flags.writeable  # the caller's X is left as it was
    assert cache["A0"].base is X and not cache["A0"].flags.writeable
    for key, A in cache.items():
        assert not A.flags.writeable, key
        with pytest.raises(ValueError, match="read-only"):
            A[0, 0] = 1.0
    assert AL is cache["A2"]


def test_the_gradients_are_read_only():
    net, X, Y = problem()
    grads = net.backward(Y, net.forward(X)[1])
    for key, dP in grads.items():
        assert not dP.flags.writeable, key


def test_an_untouched_cache_and_gradients_are_not_scanned_again(scans):
    net, X, Y = problem()
    X.flags.writeable = False  # nothing can write into A0 either
    grads = net.backward(Y, net.forward(X)[1])
    net.step(grads, 0.1)
    assert scans == []


def test_A0_of_a_writable_X_is_scanned_again(scans):
    net, X, Y = problem()
    _, cache = net.forward(X)
    X[0, 0] = np.nan  # the caller can still write into X, so A0 is not trusted
    with pytest.raises(ValueError, match="A0 contains 1 NaN"):
        net.backward(Y, cache)
    assert scans == ["A0"]


def test_a_replaced_cache_entry_is_checked_in_full(scans):
    net, X, Y = problem()
    X.flags.writeable = False
    _, cache = net.forward(X)
    cache["Z1"] = cache["Z1"].copy()  # equal, but not the array forward handed out
    net.backward(Y, cache)
    assert scans == ["Z1"]
    cache["A1"] = np.full_like(cache["A1"], np.inf)
    with pytest.raises(ValueError, match="A1 contains 0 NaN and 30 infinite"):
        net.backward(Y, cache)


def test_an_array_made_writable_again_is_checked_in_full(scans):
    net, X, Y = problem()
    X.flags.writeable = False
    _, cache = net.forward(X)
    grads = net.backward(Y, cache)
    assert scans == []
    cache["Z1"].flags.writeable = True
    net.backward(Y, cache)
    assert scans == ["Z1"]
    grads["dW1"].flags.writeable = True
    grads["dW1"][0, 0] = np.nan
    with pytest.raises(ValueError, match="dW1 contains 1 NaN"):
        net.step(grads, 0.1)


def test_a_dict_the_caller_built_is_checked_in_full(scans):
    net, X, Y = problem()
    _, cache = net.forward(X)
    built = {k: np.array(v) for k, v in cache.items()}
    net.backward(Y, built)
    assert sorted(scans) == sorted(cache)
    scans.clear()
    grads = {f"d{k}": np.zeros_like(P) for k, P in net.params.items()}
    net.step(grads, 0.1)
    assert sorted(scans) == sorted(grads)


def test_a_cache_from_another_network_is_checked_in_full(scans):
    net, X, Y = problem()
    other = nl.MLP([4, 5, 3], seed=1)
    X.flags.writeable = False
    other.backward(Y, net.forward(X)[1])
    assert len(scans) == 5


def test_a_trusted_entry_still_has_its_shape_checked():
    net, X, Y = problem()
    _, cache = net.forward(X)
    cache["Z1"].shape = (6, 5)  # a new shape needs no write to the entries
    with pytest.raises(ValueError, match=r"Z1 must have shape \(n\^\[1\], m\) = \(5, 6\)"):
        net.backward(Y, cache)


def test_dA0_is_computed_when_first_read_at_the_parameters_of_backward():
    net, X, Y = problem()
    grads = net.backward(Y, net.forward(X)[1])
    W1 = net.params["W1"].copy()
    assert "dA0" in grads and list(grads)[-1] == "dA0"
    net.step(grads, 0.5)  # the parameters move before dA0 is read
    net.params["W1"][...] = 0  # even in place
    np.testing.assert_allclose(grads["dA0"], W1.T @ grads["dZ1"], rtol=1e-14)
    assert grads["dA0"] is grads["dA0"]  # computed once
    assert not grads["dA0"].flags.writeable
    assert set(dict(grads)) == {"dZ1", "dW1", "db1", "dA1", "dZ2", "dW2", "db2", "dA0"}


def test_a_missing_entry_of_a_new_network_gets_the_usual_error():
    net, X, Y = problem()
    cache = {"A0": None, "A1": None, "A2": None, "Z1": None, "Z2": None}
    with pytest.raises(TypeError, match="A0 must hold numbers"):
        net.backward(Y, cache)
