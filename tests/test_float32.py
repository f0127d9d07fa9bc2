"""float32 networks: every array stays float32, and training reaches float64's accuracy."""

import numpy as np
import pytest

import netlib as nl


@pytest.fixture(scope="module")
def digits():
    return nl.load_digits()


def test_a_float32_step_keeps_every_array_float32(digits):
    net = nl.MLP([64, 32, 32, 10], seed=0, dtype=np.float32)
    X = digits.X_train[:, :64].astype(np.float32)
    Y = digits.Y_train[:, :64].astype(np.float32)
    AL, cache = net.forward(X)
    grads = net.backward(Y, cache)
    arrays = {**cache, **grads}
    assert {k: v.dtype for k, v in arrays.items()} == dict.fromkeys(arrays, np.dtype(np.float32))
    assert cache["A0"].base is X  # float32 input is used as it is (a view), not copied
    net.train_step(X, Y, np.float64(0.3))  # a float64 learning rate does not promote W
    net.fit(X, Y, epochs=2, learning_rate=0.3, progress=False)
    assert {P.dtype for P in net.params.values()} == {np.dtype(np.float32)}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_float32_training_reaches_the_float64_test_accuracy(digits, seed):
    accuracy = {}
    for dtype in (np.float64, np.float32):
        net = nl.MLP([64, 32, 32, 10], seed=seed, dtype=dtype)
        net.fit(
            digits.X_train.astype(dtype),
            digits.Y_train.astype(dtype),
            epochs=20,
            learning_rate=0.3,
            batch_size=64,
            seed=seed,
            progress=False,
        )
        predicted = net.predict(digits.X_test.astype(dtype))
        accuracy[dtype] = 100 * np.mean(predicted == digits.y_test)
    assert accuracy[np.float64] > 93  # both really learned
    assert abs(accuracy[np.float32] - accuracy[np.float64]) <= 0.5  # percentage points
