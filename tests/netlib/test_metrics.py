"""accuracy, confusion_matrix and dead ReLU units."""

import numpy as np
import pytest

import netlib as nl


def test_accuracy_is_the_fraction_of_correct_predictions():
    assert nl.accuracy([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
    assert nl.accuracy(np.array([3.0]), np.array([3])) == 1.0


def test_confusion_matrix_rows_are_true_classes_and_columns_predictions():
    C = nl.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2])
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.sum() == 6 and np.trace(C) == 4
    assert C.dtype.kind == "i"


def test_confusion_matrix_with_explicit_classes_keeps_empty_ones():
    C = nl.confusion_matrix([1, 1], [1, 0], n_classes=4)
    assert C.shape == (4, 4)
    np.testing.assert_array_equal(C[1], [1, 1, 0, 0])


def test_confusion_matrix_of_a_trained_network_matches_its_accuracy():
    digits = nl.load_digits()
    net = nl.MLP([64, 16, 10], seed=0)
    net.fit(digits.X_train, digits.Y_train, epochs=3, learning_rate=0.5, progress=False)
    predicted = net.predict(digits.X_test)
    C = nl.confusion_matrix(digits.y_test, predicted, 10)
    assert np.trace(C) / C.sum() == pytest.approx(nl.accuracy(digits.y_test, predicted))
    np.testing.assert_array_equal(C.sum(axis=1), np.bincount(digits.y_test, minlength=10))


@pytest.mark.parametrize(
    ("labels", "predicted", "message"),
    [
        ([0, 1], [0, 1, 1], "one entry per example"),
        ([[0, 1]], [[0, 1]], "1-D"),
        ([], [], "non-empty"),
        ([0.5], [0], "whole numbers"),
        (["a"], [0], "numbers"),
    ],
)
def test_bad_labels_are_refused(labels, predicted, message):
    with pytest.raises((ValueError, TypeError), match=message):
        nl.accuracy(labels, predicted)


def test_labels_outside_the_classes_are_refused():
    with pytest.raises(ValueError, match=r"0\.\.2"):
        nl.confusion_matrix([0, 3], [0, 1], n_classes=3)
    with pytest.raises(ValueError, match="predicted"):
        nl.confusion_matrix([0, 1], [0, -1])


def test_a_unit_with_a_very_negative_bias_is_dead_and_others_are_not():
    net = nl.MLP([2, 4, 3, 2], seed=0)
    X = np.random.default_rng(0).standard_normal((2, 50))
    net.params["b1"][2] = -100.0  # Z1 row 2 < 0 for every example
    net.params["b1"][[0, 1, 3]] = 100.0  # the others > 0 everywhere
    dead = nl.dead_units(net, X)
    assert set(dead) == {1, 2}
    np.testing.assert_array_equal(dead[1], [False, False, True, False])
    assert nl.dead_relu_fraction(net, X)[1] == 0.25


def test_a_dead_unit_gets_no_gradient():
    net = nl.MLP([2, 4, 2], seed=0)
    X = np.random.default_rng(1).standard_normal((2, 20))
    Y = nl.one_hot(np.arange(20) % 2, 2)
    net.params["b1"][1] = -50.0
    assert nl.dead_units(net, X)[1][1]
    grads = net.backward(Y, net.forward(X)[1])
    assert np.all(grads["dW1"][1] == 0) and grads["db1"][1, 0] == 0


def test_dead_units_are_reported_for_relu_layers_only():
    net = nl.MLP([2, 3, 3, 2], hidden=["tanh", "relu"], seed=0)
    X = np.ones((2, 5))
    assert set(nl.dead_relu_fraction(net, X)) == {2}


@pytest.mark.parametrize("function", [nl.dead_units, nl.dead_relu_fraction])
def test_dead_units_of_something_that_is_not_an_mlp(function):
    with pytest.raises(TypeError, match="net must be a netlib.MLP, got dict"):
        function({"W1": np.ones((2, 2))}, np.ones((2, 3)))
