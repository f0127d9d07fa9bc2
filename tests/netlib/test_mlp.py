"""netlib.mlp: parameters, forward, loss, backward, step, predict, dtypes and architectures;
float32 networks; one seed, one result."""

import numpy as np
import pytest

import netlib as nl

SIZES = [4, 5, 3, 2]  # n_x, n^[1], n^[2], n_y: L = 3 as in the book


def relu(Z):
    return np.maximum(Z, 0)


def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=0)


def data(n_x=4, n_y=2, m=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = nl.one_hot(rng.integers(0, n_y, m), n_y)
    return X, Y


def test_params_names_and_shapes():
    net = nl.MLP(SIZES, seed=0)
    assert set(net.params) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    assert net.params["W1"].shape == (5, 4)
    assert net.params["b1"].shape == (5, 1)
    assert net.params["W2"].shape == (3, 5)
    assert net.params["b2"].shape == (3, 1)
    assert net.params["W3"].shape == (2, 3)
    assert net.params["b3"].shape == (2, 1)
    assert net.L == 3 and net.n_x == 4 and net.n_y == 2
    assert net.activations == ("relu", "relu", "softmax")


def test_he_initialisation_statistics():
    net = nl.MLP([1000, 400, 3], seed=0)
    W1 = net.params["W1"]
    assert W1.std() == pytest.approx(np.sqrt(2 / 1000), rel=0.01)
    assert abs(W1.mean()) < 0.01 * np.sqrt(2 / 1000)  # 400 000 draws: standard error 0.0016 std
    assert net.params["W2"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.1)
    for l in (1, 2):
        np.testing.assert_array_equal(net.params[f"b{l}"], 0)


def test_forward_matches_the_equations():
    net = nl.MLP(SIZES, seed=1)
    X, _ = data()
    AL, cache = net.forward(X)
    p = net.params
    Z1 = p["W1"] @ X + p["b1"]
    A1 = relu(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = relu(Z2)
    Z3 = p["W3"] @ A2 + p["b3"]
    A3 = softmax(Z3)
    np.testing.assert_allclose(AL, A3, rtol=1e-14)
    for name, value in dict(A0=X, Z1=Z1, A1=A1, Z2=Z2, A2=A2, Z3=Z3, A3=A3).items():
        np.testing.assert_allclose(cache[name], value, rtol=1e-14, atol=1e-15, err_msg=name)


def test_forward_cache_keys_and_shapes():
    net = nl.MLP(SIZES, seed=0)
    X, _ = data(m=7)
    AL, cache = net.forward(X)
    assert AL.shape == (2, 7)
    assert set(cache) == {"A0", "A1", "A2", "A3", "Z1", "Z2", "Z3"}
    for l, n in enumerate(SIZES):
        assert cache[f"A{l}"].shape == (n, 7)
        if l:
            assert cache[f"Z{l}"].shape == (n, 7)


def test_loss_is_the_book_cross_entropy():
    net = nl.MLP(SIZES, seed=2)
    X, Y = data()
    AL, _ = net.forward(X)
    assert net.loss(AL, Y) == pytest.approx(-np.sum(Y * np.log(AL)) / 6, rel=1e-14)


def test_backward_keys_and_shapes():
    net = nl.MLP(SIZES, seed=0)
    X, Y = data(m=7)
    _, cache = net.forward(X)
    grads = net.backward(Y, cache)
    expected = {f"dW{l}" for l in (1, 2, 3)} | {f"db{l}" for l in (1, 2, 3)}
    expected |= {f"dZ{l}" for l in (1, 2, 3)} | {f"dA{l}" for l in (0, 1, 2)}
    assert set(grads) == expected
    for name, P in net.params.items():
        assert grads["d" + name].shape == P.shape
    for l in (1, 2, 3):
        assert grads[f"dZ{l}"].shape == cache[f"Z{l}"].shape
    for l in (0, 1, 2):
        assert grads[f"dA{l}"].shape == cache[f"A{l}"].shape


def test_backward_output_delta_and_bias_gradient_by_the_formulas():
    net = nl.MLP(SIZES, seed=3)
    X, Y = data(m=5)
    AL, cache = net.forward(X)
    grads = net.backward(Y, cache)
    np.testing.assert_allclose(grads["dZ3"], (AL - Y) / 5, rtol=1e-14)
    np.testing.assert_allclose(grads["db3"], ((AL - Y) / 5).sum(axis=1, keepdims=True), atol=1e-16)
    np.testing.assert_allclose(grads["dW3"], (AL - Y) / 5 @ cache["A2"].T, atol=1e-16)


def test_backward_input_gradient_matches_central_differences():
    net = nl.MLP(SIZES, hidden="tanh", seed=4)
    X, Y = data(m=3)
    grads = net.backward(Y, net.forward(X)[1])
    numeric = nl.numerical_gradient(lambda: net.loss(net.forward(X)[0], Y), X)
    np.testing.assert_allclose(grads["dA0"], numeric, rtol=1e-6, atol=1e-10)


def test_step_is_w_minus_lr_dw_for_every_layer():
    net = nl.MLP(SIZES, seed=5)
    X, Y = data()
    grads = net.backward(Y, net.forward(X)[1])
    before = {k: v.copy() for k, v in net.params.items()}
    net.step(grads, 0.3)
    for name in before:
        np.testing.assert_array_equal(net.params[name], before[name] - 0.3 * grads["d" + name])
        assert not np.array_equal(net.params[name], before[name]) or not grads["d" + name].any()


def test_step_accepts_gradients_given_as_nested_lists():
    net = nl.MLP([2, 3, 1], output="identity", seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    grads = {"d" + k: np.ones_like(v).tolist() for k, v in net.params.items()}
    net.step(grads, 0.5)
    for name, P in before.items():
        np.testing.assert_array_equal(net.params[name], P - 0.5)


def test_predict_is_the_argmax_per_column():
    net = nl.MLP(SIZES, seed=6)
    X, _ = data(m=9)
    prediction = net.predict(X)
    assert prediction.shape == (9,)
    assert prediction.dtype.kind == "i"
    AL, _ = net.forward(X)
    for i in range(9):
        assert AL[prediction[i], i] == AL[:, i].max()


def test_one_layer_network():
    net = nl.MLP([3, 2], seed=0)
    assert net.L == 1 and net.hidden == ()
    X, Y = data(n_x=3, m=4)
    AL, cache = net.forward(X)
    np.testing.assert_allclose(AL, softmax(net.params["W1"] @ X + net.params["b1"]), rtol=1e-14)
    grads = net.backward(Y, cache)
    assert set(grads) == {"dW1", "db1", "dZ1", "dA0"}
    np.testing.assert_allclose(grads["dW1"], (AL - Y) / 4 @ X.T, rtol=1e-13)
    np.testing.assert_allclose(grads["dA0"], net.params["W1"].T @ ((AL - Y) / 4), rtol=1e-13)


def test_mixed_hidden_activations():
    net = nl.MLP([2, 3, 4, 5, 2], hidden=["relu", "tanh", "sigmoid"], seed=1)
    assert net.activations == ("relu", "tanh", "sigmoid", "softmax")
    X, _ = data(n_x=2, m=6)
    _, cache = net.forward(X)
    np.testing.assert_allclose(cache["A1"], relu(cache["Z1"]))
    np.testing.assert_allclose(cache["A2"], np.tanh(cache["Z2"]), rtol=1e-14)
    np.testing.assert_allclose(cache["A3"], 1 / (1 + np.exp(-cache["Z3"])), rtol=1e-14)
    np.testing.assert_allclose(cache["A4"], softmax(cache["Z4"]), rtol=1e-14)


def test_identity_output_uses_squared_error():
    net = nl.MLP([2, 4, 3], hidden="tanh", output="identity", seed=2)
    rng = np.random.default_rng(2)
    X, Y = rng.standard_normal((2, 5)), rng.standard_normal((3, 5))
    AL, cache = net.forward(X)
    np.testing.assert_array_equal(AL, cache["Z2"])
    assert net.loss(AL, Y) == pytest.approx(np.sum((AL - Y) ** 2) / 10, rel=1e-14)
    grads = net.backward(Y, cache)
    np.testing.assert_allclose(grads["dZ2"], (AL - Y) / 5, rtol=1e-14)
    assert net.predict(X).shape == (3, 5)


def test_float32_stays_float32_end_to_end():
    net = nl.MLP(SIZES, hidden=["tanh", "relu"], dtype=np.float32, seed=0)
    X, Y = data(m=10)  # float64 input is converted to the network's dtype
    AL, cache = net.forward(X)
    assert AL.dtype == np.float32
    assert all(v.dtype == np.float32 for v in cache.values())
    assert type(net.loss(AL, Y)) is float
    grads = net.backward(Y, cache)
    assert all(v.dtype == np.float32 for v in grads.values())
    net.step(grads, 0.1)
    assert all(P.dtype == np.float32 for P in net.params.values())
    net.fit(X, Y, epochs=2, batch_size=4, learning_rate=0.1, progress=False)
    assert all(P.dtype == np.float32 for P in net.params.values())
    assert net.forward(X)[0].dtype == np.float32


def test_float64_network_converts_float32_input():
    net = nl.MLP(SIZES, seed=0)
    X, _ = data()
    AL, cache = net.forward(X.astype(np.float32))
    assert AL.dtype == np.float64 and cache["A0"].dtype == np.float64


def test_forward_does_not_modify_x_or_params():
    net = nl.MLP(SIZES, seed=0)
    X, Y = data()
    saved_X = X.copy()
    saved = {k: v.copy() for k, v in net.params.items()}
    net.backward(Y, net.forward(X)[1])
    np.testing.assert_array_equal(X, saved_X)
    for name, P in saved.items():
        np.testing.assert_array_equal(net.params[name], P)


def test_repr_names_the_architecture():
    r = repr(nl.MLP([4, 3, 2], hidden="tanh", output="identity", dtype=np.float32))
    assert "[4, 3, 2]" in r and "tanh" in r and "identity" in r and "float32" in r


def test_train_step_is_forward_backward_then_step():
    X, Y = data(m=8)
    net = nl.MLP(SIZES, hidden="tanh", seed=9)
    manual = nl.MLP(SIZES, hidden="tanh", seed=9)
    AL, cache = manual.forward(X)
    J = manual.loss(AL, Y)
    manual.step(manual.backward(Y, cache), 0.25)
    assert net.train_step(X, Y, 0.25) == J  # J at the parameters before the update
    for name, P in manual.params.items():
        np.testing.assert_array_equal(net.params[name], P)


# ------------------------------------------------------------------------------------------
# float32 networks: every array stays float32, and training reaches float64's accuracy.


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


# ------------------------------------------------------------------------------------------
# One seed, one result: initialisation, gradients and training are bit-for-bit reproducible.

SEED_SIZES = [4, 6, 5, 3]


def problem(m=40):
    rng = np.random.default_rng(0)
    return rng.standard_normal((4, m)), nl.one_hot(rng.integers(0, 3, m), 3)


def assert_same_arrays(a, b):
    assert set(a) == set(b)
    for name in a:
        assert np.array_equal(a[name], b[name]), name


def test_same_seed_same_parameters():
    assert_same_arrays(nl.MLP(SEED_SIZES, seed=3).params, nl.MLP(SEED_SIZES, seed=3).params)


def test_different_seeds_different_parameters():
    a, b = nl.MLP(SEED_SIZES, seed=3).params, nl.MLP(SEED_SIZES, seed=4).params
    for name in ("W1", "W2", "W3"):
        assert not np.array_equal(a[name], b[name])


def test_same_seed_same_gradients():
    X, Y = problem()
    grads = []
    for _ in range(2):
        net = nl.MLP(SEED_SIZES, hidden=["tanh", "relu"], seed=5)
        grads.append(net.backward(Y, net.forward(X)[1]))
    assert_same_arrays(*grads)


def test_same_seeds_same_training():
    X, Y = problem()
    runs = []
    for _ in range(2):
        net = nl.MLP(SEED_SIZES, seed=6)
        history = net.fit(
            X,
            Y,
            epochs=5,
            learning_rate=0.3,
            batch_size=16,
            seed=7,
            validation=(X, Y),
            progress=False,
        )
        runs.append((net, history))
    (net_a, history_a), (net_b, history_b) = runs
    assert history_a.loss == history_b.loss
    assert history_a.accuracy == history_b.accuracy
    assert history_a.val_loss == history_b.val_loss
    assert_same_arrays(net_a.params, net_b.params)


def test_shuffle_seed_changes_training():
    X, Y = problem()
    histories = [
        nl.MLP(SEED_SIZES, seed=6).fit(
            X, Y, epochs=3, learning_rate=0.3, batch_size=16, seed=s, progress=False
        )
        for s in (7, 8)
    ]
    assert histories[0].loss != histories[1].loss


def test_float32_and_float64_agree_at_init_to_float32_rounding():
    net32 = nl.MLP(SEED_SIZES, seed=9, dtype=np.float32)
    net64 = nl.MLP(SEED_SIZES, seed=9, dtype=np.float64)
    for name, P in net64.params.items():
        assert net32.params[name].dtype == np.float32
        assert np.array_equal(net32.params[name], P.astype(np.float32)), name


# --- a sigmoid output with the binary cross-entropy -----------------------------------------
# An independent implementation of deeplearning.ai's "Deep Neural Network, Step by Step"
# formulas: ReLU hidden layers, one sigmoid output unit, the cost from the probabilities,
# dAL = -(Y/AL - (1-Y)/(1-AL)) through sigmoid', and the 1/m in dW and db.


def _dlai_forward(params, X, L):
    caches, A = [], X
    for l in range(1, L + 1):
        A_prev = A
        Z = params[f"W{l}"] @ A_prev + params[f"b{l}"]
        A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)
        caches.append((A_prev, params[f"W{l}"], Z))
    return A, caches


def _dlai_cost(AL, Y):
    m = Y.shape[1]
    return float(np.squeeze(-1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))))


def _dlai_backward(AL, Y, caches):
    grads, L, m = {}, len(caches), Y.shape[1]
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(L, 0, -1):
        A_prev, W, Z = caches[l - 1]
        if l == L:
            s = 1 / (1 + np.exp(-Z))
            dZ = dA * s * (1 - s)
        else:
            dZ = np.array(dA, copy=True)
            dZ[Z <= 0] = 0
        grads[f"dW{l}"] = 1 / m * dZ @ A_prev.T
        grads[f"db{l}"] = 1 / m * np.sum(dZ, axis=1, keepdims=True)
        dA = W.T @ dZ
    return grads


def _dlai_network(seed=1, sizes=(5, 4, 3, 1), m=7):
    rng = np.random.default_rng(seed)
    net = nl.MLP(list(sizes), output="sigmoid")
    for name, P in net.params.items():
        net.params[name] = rng.standard_normal(P.shape)
    X = rng.standard_normal((sizes[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return net, X, Y


def test_sigmoid_output_forward_matches_deeplearning_ai_published_value():
    # "Deep Neural Network, Step by Step", L_model_forward with its test case (seed 6)
    rs = np.random.RandomState(6)
    X = rs.randn(5, 4)
    net = nl.MLP([5, 4, 3, 1], output="sigmoid")
    for l, (n, n_prev) in enumerate([(4, 5), (3, 4), (1, 3)], start=1):
        net.params[f"W{l}"] = rs.randn(n, n_prev)
        net.params[f"b{l}"] = rs.randn(n, 1)
    AL, _ = net.forward(X)
    np.testing.assert_allclose(
        AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]], rtol=0, atol=5e-9
    )


def test_sigmoid_output_cost_matches_deeplearning_ai_published_value():
    net = nl.MLP([2, 1], output="sigmoid")
    J = net.loss(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert round(J, 13) == round(0.2797765635793422, 13)


def test_sigmoid_output_matches_deeplearning_ai_formulas():
    net, X, Y = _dlai_network()
    AL, cache = net.forward(X)
    AL_dl, caches = _dlai_forward(net.params, X, net.L)
    np.testing.assert_allclose(AL, AL_dl, rtol=1e-14, atol=0)
    np.testing.assert_allclose(net.loss(AL, Y), _dlai_cost(AL_dl, Y), rtol=1e-14)
    grads, grads_dl = net.backward(Y, cache), _dlai_backward(AL_dl, Y, caches)
    for name in grads_dl:
        np.testing.assert_allclose(grads[name], grads_dl[name], rtol=1e-12, atol=1e-15)
    # their dZ^[L] = AL - Y is m times the book's delta^[L]
    np.testing.assert_allclose(X.shape[1] * grads["dZ3"], AL_dl - Y, rtol=1e-12)


def test_sigmoid_output_training_steps_match_deeplearning_ai_updates():
    net, X, Y = _dlai_network(seed=2)
    params = {k: v.copy() for k, v in net.params.items()}
    learning_rate = 0.0075 * 100
    for _ in range(5):
        J = net.train_step(X, Y, learning_rate)
        AL_dl, caches = _dlai_forward(params, X, net.L)
        np.testing.assert_allclose(J, _dlai_cost(AL_dl, Y), rtol=1e-12)
        grads_dl = _dlai_backward(AL_dl, Y, caches)
        params = {k: v - learning_rate * grads_dl["d" + k] for k, v in params.items()}
    for name, P in params.items():
        np.testing.assert_allclose(net.params[name], P, rtol=1e-12, atol=1e-14)
    net_steps, _, _ = _dlai_network(seed=2)  # forward, backward and step one at a time
    for _ in range(5):
        net_steps.step(net_steps.backward(Y, net_steps.forward(X)[1]), learning_rate)
    for name, P in params.items():
        np.testing.assert_allclose(net_steps.params[name], P, rtol=1e-12, atol=1e-14)


def test_sigmoid_output_gradients_match_central_differences():
    net, X, Y = _dlai_network(seed=3, sizes=(3, 4, 2), m=5)
    Y = (np.random.default_rng(0).random((2, 5)) > 0.5).astype(float)  # independent labels
    report = nl.gradient_check(net, X, Y)
    assert max(report.values()) < 1e-7, report.table()


def test_sigmoid_predict_thresholds_at_one_half():
    net = nl.MLP([1, 1], output="sigmoid")
    net.params["W1"][:], net.params["b1"][:] = 1.0, 0.0
    predicted = net.predict(np.array([[-2.0, -1e-9, 0.0, 1e-9, 3.0]]))
    assert predicted.shape == (5,) and predicted.dtype == np.int64
    np.testing.assert_array_equal(predicted, [0, 0, 0, 1, 1])  # exactly 0.5 predicts 0
    two = nl.MLP([1, 2], output="sigmoid")
    two.params["W1"][:] = [[1.0], [-1.0]]
    np.testing.assert_array_equal(two.predict(np.array([[-1.0, 2.0]])), [[0, 1], [1, 0]])


def test_sigmoid_training_uses_the_loss_from_the_logits():
    net = nl.MLP([1, 1], output="sigmoid")
    net.params["W1"][:], net.params["b1"][:] = 1.0, 0.0
    X, Y = np.array([[40.0, -40.0]]), np.array([[0.0, 1.0]])  # confidently wrong
    J = net.train_step(X, Y, 1e-9)
    assert J == pytest.approx(40 + np.log1p(np.exp(-40)), rel=1e-15)
    AL, _ = net.forward(X)
    # from the probabilities: 1 - AL rounded to 0 and was floored at the smallest normal
    assert net.loss(AL, Y) == pytest.approx(-np.log(np.finfo(float).tiny), rel=1e-12)


def test_one_unit_softmax_is_refused_with_the_binary_hint():
    with pytest.raises(ValueError, match=r'one_hot\(labels, 2\).*output="sigmoid"'):
        nl.MLP([3, 4, 1])
    nl.MLP([3, 4, 1], output="sigmoid")  # the binary output instead


def test_a_label_row_given_to_a_softmax_network_gets_the_binary_hint():
    net = nl.MLP([3, 2])
    X, y = np.zeros((3, 4)), np.array([[0, 1, 1, 0]])
    for call in (lambda: net.train_step(X, y, 0.1), lambda: net.fit(X, y, epochs=1)):
        with pytest.raises(ValueError, match=r'one_hot\(labels, 2\).*output="sigmoid"'):
            call()
    net.train_step(X, nl.one_hot(y, 2), 0.1)  # what the hint says works


@pytest.mark.parametrize(
    ("Y", "message"),
    [
        (np.array([[0.0, 0.5, 1.0]]), r"binary labels 0 or 1.*Y\[0, 1\] = 0.5"),
        (np.array([0.0, 1.0, 1.0]), r"row of shape \(1, m\)"),
        (np.array([[0.0, 1.0, 1.0]] * 2), r"shape \(n_y, m\) = \(1, 3\)"),
    ],
)
def test_sigmoid_targets_are_checked(Y, message):
    net = nl.MLP([2, 1], output="sigmoid")
    with pytest.raises(ValueError, match=message):
        net.train_step(np.zeros((2, 3)), Y, 0.1)


def test_sigmoid_loss_refuses_logits_with_a_hint():
    net = nl.MLP([2, 1], output="sigmoid")
    with pytest.raises(ValueError, match="sigmoid_cross_entropy"):
        net.loss(np.array([[2.0, -1.0]]), np.array([[1.0, 0.0]]))


def test_sigmoid_float32_stays_float32():
    net, X, Y = _dlai_network()
    net32 = nl.MLP([5, 4, 3, 1], output="sigmoid", dtype=np.float32)
    net32.params = {k: v.astype(np.float32) for k, v in net.params.items()}
    AL, cache = net32.forward(X)
    grads = net32.backward(Y, cache)
    assert AL.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
    assert isinstance(net32.train_step(X, Y, 0.1), float)


# --- finite input whose products overflow: an error, never NaN handed out or written ----------


def ones_net(sizes=(2, 2, 2), hidden="relu"):
    net = nl.MLP(list(sizes), hidden=hidden, seed=0)
    for name in net.params:
        if name.startswith("W"):
            net.params[name] = np.ones_like(net.params[name])
    return net


HUGE_X = np.array([[1.7e308, -1.7e308], [1.7e308, 1.0]])  # W1 = ones: Z1[:, 0] = 3.4e308


@pytest.mark.parametrize("hidden", ["relu", "tanh"])
def test_forward_whose_product_overflows_is_an_error(hidden):
    # with tanh the infinity would hide in Z1 (tanh(inf) = 1): it is caught all the same
    with pytest.raises(ValueError, match=r"Z1 = W1 A0 \+ b1 overflows float64"):
        ones_net(hidden=hidden).forward(HUGE_X)


def test_train_step_that_overflows_raises_and_leaves_the_parameters():
    net = ones_net()
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match="overflows float64"):
        net.train_step(HUGE_X, np.eye(2), 0.1)
    for name, P in before.items():
        np.testing.assert_array_equal(net.params[name], P)


def test_a_step_that_overflows_is_diverged_and_leaves_the_parameters():
    net = nl.MLP([2, 3, 2], seed=0)
    X, Y = data(n_x=2, n_y=2, m=4)
    grads = net.backward(Y, net.forward(X)[1])
    before = {k: v.copy() for k, v in net.params.items()}
    large = {**grads, "dW1": np.full((3, 2), 1e10)}  # lr dW1 = 1e318: beyond float64
    with pytest.raises(nl.DivergedError, match=r"learning_rate = 1e\+308"):
        net.step(large, 1e308)
    for name, P in before.items():
        np.testing.assert_array_equal(net.params[name], P)


def test_a_train_step_that_diverges_raises_and_leaves_the_parameters():
    net = nl.MLP([2, 3, 2], seed=0)
    X, Y = data(n_x=2, n_y=2, m=4)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(nl.DivergedError, match="train_step"):
        net.train_step(1e300 * X, Y, 1e308)
    for name, P in before.items():
        np.testing.assert_array_equal(net.params[name], P)


def test_diverged_error_is_a_value_error():
    assert issubclass(nl.DivergedError, ValueError)
    assert issubclass(nl.DivergedError, FloatingPointError)


def test_gradients_that_overflow_are_an_error():
    net = ones_net()
    net.params["W2"] = 8 * np.eye(2)
    cache = {
        "A0": np.full((2, 2), 1.7e308),
        "Z1": np.ones((2, 2)),
        "A1": np.ones((2, 2)),
        "Z2": np.zeros((2, 2)),
        "A2": np.full((2, 2), 0.5),
    }
    # dZ1 = W2^T (A2 - Y) / m = +-2, so dW1 = dZ1 A0^T sums two products of 2 * 1.7e308
    with pytest.raises(ValueError, match="the gradients overflow"):
        net.backward(np.array([[0.0, 0.0], [1.0, 1.0]]), cache)


def test_a_non_finite_parameter_is_named_in_forward_step_and_train_step():
    X, Y = data(n_x=2, n_y=2, m=4)
    for call in (
        lambda net: net.forward(X),
        lambda net: net.step(nl.MLP([2, 3, 2]).backward(Y, nl.MLP([2, 3, 2]).forward(X)[1]), 0.1),
        lambda net: net.train_step(X, Y, 0.1),
    ):
        net = nl.MLP([2, 3, 2], seed=0)
        net.params["b2"] = np.array([[np.inf], [0.0]])
        with pytest.raises(ValueError, match="b2 contains 0 NaN and 1 infinite"):
            call(net)


def test_fit_refuses_a_progress_that_is_not_a_flag():
    X, Y = data()
    with pytest.raises(TypeError, match="progress must be True, False or None, got str"):
        nl.MLP(SIZES).fit(X, Y, progress="yes")
