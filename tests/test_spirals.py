"""make_spirals: the twist of the arms, the noise, and the defaults kept."""

import numpy as np
import pytest

import netlib as nl


def test_without_noise_every_point_lies_on_its_arm():
    X, labels = nl.make_spirals(m=90, n_classes=3, noise=0.0, seed=2, twist=7.5)
    radius = np.hypot(X[0], X[1])
    angle = np.arctan2(X[1], X[0])
    expected = 7.5 * radius + 2 * np.pi * labels / 3
    # equal angles up to whole turns
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-12)
    assert radius.min() >= 0.05 and radius.max() <= 1


def test_the_default_twist_is_the_original_one():
    X_default, y_default = nl.make_spirals(m=30, seed=4)
    X_explicit, y_explicit = nl.make_spirals(m=30, seed=4, twist=4.0)
    np.testing.assert_array_equal(X_default, X_explicit)
    np.testing.assert_array_equal(y_default, y_explicit)


def test_a_larger_twist_winds_the_arms_further():
    X4, _ = nl.make_spirals(m=60, noise=0.0, seed=0, twist=4.0)
    X10, _ = nl.make_spirals(m=60, noise=0.0, seed=0, twist=10.0)
    # same radii, angles differing by 6 r
    np.testing.assert_allclose(np.hypot(*X4), np.hypot(*X10))
    assert not np.allclose(X4, X10)


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"noise": -0.1}, "noise"), ({"twist": np.inf}, "twist")]
)
def test_bad_twist_or_noise_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nl.make_spirals(m=10, **kwargs)
