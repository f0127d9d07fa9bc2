"""netlib.data: one_hot, the digits scikit-learn ships, and the 2-D toy sets (moons, spirals)."""

import numpy as np
import pytest

import netlib as nl


def test_one_hot_by_hand():
    expected = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    Y = nl.one_hot([2, 0, 1])
    np.testing.assert_array_equal(Y, expected)
    assert Y.dtype == np.float64


def test_one_hot_with_more_classes_than_seen():
    Y = nl.one_hot(np.array([1, 1]), n_classes=4)
    np.testing.assert_array_equal(Y, [[0, 0], [1, 1], [0, 0], [0, 0]])


def test_one_hot_accepts_whole_float_labels():
    np.testing.assert_array_equal(nl.one_hot([1.0, 0.0]), [[0, 1], [1, 0]])


@pytest.fixture(scope="module")
def digits():
    return nl.load_digits()


def test_load_digits_shapes(digits):
    assert isinstance(digits, nl.Split)
    m_test = round(0.25 * 1797)
    m_train = 1797 - m_test
    assert digits.X_train.shape == (64, m_train)
    assert digits.Y_train.shape == (10, m_train)
    assert digits.y_train.shape == (m_train,)
    assert digits.X_test.shape == (64, m_test)
    assert digits.Y_test.shape == (10, m_test)
    assert digits.y_test.shape == (m_test,)


def test_load_digits_pixels_are_scaled_to_unit_interval(digits):
    assert digits.X_train.min() == 0.0
    assert digits.X_train.max() == 1.0


def test_load_digits_labels_agree_with_one_hot(digits):
    np.testing.assert_array_equal(digits.Y_train.argmax(axis=0), digits.y_train)
    np.testing.assert_array_equal(digits.Y_test.sum(axis=0), 1)
    assert set(np.unique(digits.y_train)) == set(range(10))


def test_load_digits_split_is_a_partition_of_the_data(digits):
    from sklearn.datasets import load_digits

    raw = load_digits()
    ours = np.concatenate([digits.X_train, digits.X_test], axis=1).T * 16
    rows = sorted(map(tuple, ours))
    assert rows == sorted(map(tuple, raw.data))


def test_load_digits_seed_controls_the_split(digits):
    np.testing.assert_array_equal(nl.load_digits(seed=0).y_train, digits.y_train)
    assert not np.array_equal(nl.load_digits(seed=1).y_train, digits.y_train)


@pytest.fixture(scope="module")
def with_validation():
    return nl.load_digits(test_fraction=0.25, seed=0, validation_fraction=0.2)


def test_load_digits_has_an_empty_validation_set_unless_asked(digits):
    assert digits.X_val.shape == (64, 0)
    assert digits.Y_val.shape == (10, 0)
    assert digits.y_val.shape == (0,)


def test_load_digits_validation_shapes(with_validation):
    m_test, m_val = round(0.25 * 1797), round(0.2 * 1797)
    m_train = 1797 - m_test - m_val
    d = with_validation
    assert (d.X_train.shape, d.Y_train.shape, d.y_train.shape) == (
        (64, m_train),
        (10, m_train),
        (m_train,),
    )
    assert (d.X_val.shape, d.Y_val.shape, d.y_val.shape) == ((64, m_val), (10, m_val), (m_val,))
    assert d.X_test.shape == (64, m_test)
    np.testing.assert_array_equal(d.Y_val.argmax(axis=0), d.y_val)
    np.testing.assert_array_equal(d.Y_val.sum(axis=0), 1)


def test_load_digits_three_sets_are_disjoint_and_cover_the_data(with_validation):
    from sklearn.datasets import load_digits

    d = with_validation
    together = np.concatenate([d.X_train, d.X_val, d.X_test], axis=1).T * 16
    # Every image lands in exactly one set: the three together are the data, each image once
    # (as a multiset, since a few images of the data occur twice).
    assert together.shape == load_digits().data.shape
    assert sorted(map(tuple, together)) == sorted(map(tuple, load_digits().data))


def test_load_digits_validation_leaves_the_test_set_unchanged(digits, with_validation):
    np.testing.assert_array_equal(with_validation.X_test, digits.X_test)
    np.testing.assert_array_equal(with_validation.y_test, digits.y_test)
    # The validation and training sets together are the training set without validation.
    together = np.concatenate([with_validation.X_val, with_validation.X_train], axis=1)
    np.testing.assert_array_equal(together, digits.X_train)


def test_load_digits_validation_is_deterministic_and_holds_every_class(with_validation):
    again = nl.load_digits(test_fraction=0.25, seed=0, validation_fraction=0.2)
    np.testing.assert_array_equal(again.y_val, with_validation.y_val)
    np.testing.assert_array_equal(again.X_train, with_validation.X_train)
    # Not stratified, but at this size every class is in every set.
    for y in (with_validation.y_train, with_validation.y_val, with_validation.y_test):
        assert set(np.unique(y)) == set(range(10))


@pytest.mark.parametrize("fractions", [(0.25, -0.1), (0.25, 0.75), (0.5, 0.6)])
def test_load_digits_rejects_fractions_that_leave_no_training_set(fractions):
    test_fraction, validation_fraction = fractions
    with pytest.raises(ValueError, match="validation_fraction"):
        nl.load_digits(test_fraction=test_fraction, validation_fraction=validation_fraction)


def test_make_moons_shapes_and_labels():
    X, labels = nl.make_moons(m=101)
    assert X.shape == (2, 101)
    assert labels.shape == (101,)
    assert set(np.unique(labels)) == {0, 1}
    assert abs(int((labels == 0).sum()) - int((labels == 1).sum())) <= 1


def test_make_moons_without_noise_lies_on_the_two_half_circles():
    X, labels = nl.make_moons(m=50, noise=0.0)
    upper, lower = X[:, labels == 0], X[:, labels == 1]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=0), 1.0)
    assert (upper[1] >= 0).all()
    np.testing.assert_allclose(np.linalg.norm(lower - [[1.0], [0.5]], axis=0), 1.0)
    assert (lower[1] <= 0.5).all()


def test_make_spirals_shapes_and_labels():
    X, labels = nl.make_spirals(m=90, n_classes=3)
    assert X.shape == (2, 90)
    assert labels.shape == (90,)
    np.testing.assert_array_equal(np.bincount(labels), [30, 30, 30])


def test_make_spirals_radius_stays_in_range():
    X, _ = nl.make_spirals(m=200, n_classes=4, noise=0.0)
    radius = np.linalg.norm(X, axis=0)
    assert radius.min() >= 0.05 - 1e-12 and radius.max() <= 1.0 + 1e-12


@pytest.mark.parametrize("make", [nl.make_moons, nl.make_spirals], ids=lambda f: f.__name__)
def test_toy_sets_are_seeded(make):
    X0, y0 = make(m=20, seed=3)
    X1, y1 = make(m=20, seed=3)
    np.testing.assert_array_equal(X0, X1)
    np.testing.assert_array_equal(y0, y1)
    assert not np.array_equal(make(m=20, seed=4)[0], X0)


# ------------------------------------------------------------------------------------------
# make_spirals: the twist of the arms, the noise, and the defaults kept.


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


def test_one_hot_accepts_a_row_of_labels():
    np.testing.assert_array_equal(nl.one_hot(np.array([[0, 1, 1]]), 2), [[1, 0, 0], [0, 1, 1]])
    np.testing.assert_array_equal(nl.one_hot([[2, 0]]), nl.one_hot([2, 0]))
    with pytest.raises(ValueError, match=r"1-D array of class indices"):
        nl.one_hot(np.zeros((2, 3), dtype=int))


BAD_ARGUMENTS = {
    "NaN noise": (lambda: nl.make_moons(noise=np.nan), ValueError, "noise must be a finite number"),
    "complex noise": (lambda: nl.make_moons(noise=1j), TypeError, "noise must be a real number"),
    "negative noise": (lambda: nl.make_moons(noise=-1), ValueError, "noise must be >= 0"),
    "noise as text": (lambda: nl.make_spirals(noise="0.1"), TypeError, "noise must be a real"),
    "complex twist": (lambda: nl.make_spirals(twist=1j), TypeError, "twist must be a real number"),
    "negative seed": (lambda: nl.make_moons(seed=-1), ValueError, "seed must be >= 0, got -1"),
    "seed a float": (lambda: nl.make_spirals(seed=0.5), TypeError, "seed must be an integer"),
    "a trillion points": (lambda: nl.make_moons(m=10**12), ValueError, "m must be <= 100000"),
    "a million classes of spirals": (
        lambda: nl.make_spirals(n_classes=10**6),
        ValueError,
        "n_classes must be <= 1000",
    ),
    "a test fraction that rounds to no example": (
        lambda: nl.load_digits(test_fraction=1e-5),
        ValueError,
        "test_fraction = 1e-05 of the 1797 examples rounds to 0",
    ),
    "a test fraction that leaves no training example": (
        lambda: nl.load_digits(test_fraction=0.99999),
        ValueError,
        "rounds to 1797",
    ),
    "a test fraction of NaN": (
        lambda: nl.load_digits(test_fraction=np.nan),
        ValueError,
        "test_fraction must be a finite number",
    ),
    "a test fraction as text": (
        lambda: nl.load_digits(test_fraction="0.25"),
        TypeError,
        "test_fraction must be a real number",
    ),
    "a seed of digits as text": (
        lambda: nl.load_digits(seed="a"),
        TypeError,
        "seed must be an integer, got str",
    ),
}


@pytest.mark.parametrize("case", BAD_ARGUMENTS)
def test_a_bad_argument_is_named(case):
    call, error, message = BAD_ARGUMENTS[case]
    with pytest.raises(error, match=message):
        call()
