"""netlib.training (MLP.fit): minibatches (the last one partial), the history, validation,
divergence, the progress bar."""

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import warnings

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

import netlib as nl

from ..helpers import ROOT, book_notebooks


def classification(m=10, n_x=3, n_y=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    return X, nl.one_hot(rng.integers(0, n_y, m), n_y)


def test_fit_returns_one_history_entry_per_epoch():
    net = nl.MLP([3, 4, 2], seed=0)
    X, Y = classification()
    history = net.fit(X, Y, epochs=3, learning_rate=0.1, batch_size=4, progress=False)
    assert isinstance(history, nl.History)
    assert history.epochs == 3
    assert len(history.loss) == 3 and len(history.accuracy) == 3
    assert history.val_loss == [] and history.val_accuracy == []
    assert set(history.as_dict()) == {"loss", "accuracy"}
    assert all(0 <= a <= 1 for a in history.accuracy)


def test_identity_output_records_no_accuracy():
    net = nl.MLP([3, 4, 1], output="identity", seed=0)
    X = np.random.default_rng(0).standard_normal((3, 10))
    history = net.fit(X, X[:1], epochs=2, learning_rate=0.01, progress=False)
    assert len(history.loss) == 2 and history.accuracy == []


def test_one_full_batch_epoch_is_one_gradient_step():
    # batch_size > m: a single minibatch holding every example, whatever the shuffle
    X, Y = classification(m=10)
    net = nl.MLP([3, 4, 2], hidden="tanh", seed=1)
    manual = nl.MLP([3, 4, 2], hidden="tanh", seed=1)
    AL, cache = manual.forward(X)
    J0 = manual.loss(AL, Y)
    manual.step(manual.backward(Y, cache), 0.2)
    history = net.fit(X, Y, epochs=1, learning_rate=0.2, batch_size=64, progress=False)
    assert history.loss[0] == pytest.approx(J0, rel=1e-12)
    for name, P in manual.params.items():
        np.testing.assert_allclose(net.params[name], P, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("m", "batch_size", "sizes"), [(10, 4, [4, 4, 2]), (3, 5, [3]), (6, 1, [1] * 6)]
)
def test_every_column_is_visited_once_per_epoch_in_minibatches(m, batch_size, sizes, monkeypatch):
    X, Y = classification(m=m)
    X[0] = np.arange(m)  # tag each column so the minibatches can be traced back
    net = nl.MLP([3, 4, 2], seed=0)
    seen = []
    real_forward = nl.kernels.forward

    def spy(params, X_b, activations):
        seen.append(X_b[0].copy())
        return real_forward(params, X_b, activations)

    monkeypatch.setattr(nl.kernels, "forward", spy)
    net.fit(X, Y, epochs=2, learning_rate=0.1, batch_size=batch_size, progress=False)
    per_epoch = len(sizes)
    assert len(seen) == 2 * per_epoch
    for epoch in range(2):
        batches = seen[epoch * per_epoch : (epoch + 1) * per_epoch]
        assert [b.size for b in batches] == sizes
        np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(m))


def test_epoch_loss_weights_the_partial_minibatch_by_its_size():
    # With a negligible learning rate the parameters do not move, so the epoch's loss must be
    # the loss over all m examples; an unweighted mean of minibatch losses (4, 4, 2) is not.
    X, Y = classification(m=10, seed=3)
    net = nl.MLP([3, 4, 2], seed=3)
    J = net.loss(net.forward(X)[0], Y)
    history = net.fit(X, Y, epochs=1, learning_rate=1e-300, batch_size=4, progress=False)
    assert history.loss[0] == pytest.approx(J, rel=1e-12)


def test_fit_reduces_the_loss_on_digits():
    digits = nl.load_digits()
    net = nl.MLP([64, 32, 10], seed=0)
    history = net.fit(
        digits.X_train,
        digits.Y_train,
        epochs=20,
        learning_rate=0.5,
        batch_size=64,
        validation=(digits.X_test, digits.Y_test),
        progress=False,
    )
    assert history.loss[-1] < history.loss[0] / 5
    assert np.mean(net.predict(digits.X_test) == digits.y_test) > 0.9


def test_fit_learns_the_moons():
    X, labels = nl.make_moons(m=200, seed=0)
    net = nl.MLP([2, 16, 16, 2], seed=0)
    history = net.fit(X, nl.one_hot(labels, 2), epochs=100, learning_rate=0.5, progress=False)
    assert history.loss[-1] < history.loss[0] / 10
    assert np.mean(net.predict(X) == labels) > 0.97


def test_validation_is_measured_after_each_epoch():
    X, Y = classification(m=30, seed=4)
    X_val, Y_val = classification(m=12, seed=5)
    net = nl.MLP([3, 5, 2], seed=4)
    history = net.fit(
        X, Y, epochs=4, learning_rate=0.3, batch_size=8, validation=(X_val, Y_val), progress=False
    )
    assert len(history.val_loss) == 4 and len(history.val_accuracy) == 4
    AL, _ = net.forward(X_val)
    assert history.val_loss[-1] == pytest.approx(net.loss(AL, Y_val), rel=1e-14)
    assert history.val_accuracy[-1] == np.mean(net.predict(X_val) == Y_val.argmax(axis=0))
    assert set(history.as_dict()) == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_huge_learning_rate_raises_diverged_error_naming_the_epoch():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 64))
    Y = 2 * X[:1] + X[1:2]
    net = nl.MLP([3, 8, 1], hidden="identity", output="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one clear error, not a trail of overflow warnings
        with pytest.raises(nl.DivergedError, match=r"epoch 1\b.*learning_rate"):
            net.fit(X, Y, epochs=20, learning_rate=1e6, batch_size=16, progress=False)
    assert issubclass(nl.DivergedError, FloatingPointError)


def test_progress_false_prints_nothing(capsys):
    net = nl.MLP([3, 4, 2], seed=0)
    X, Y = classification()
    net.fit(X, Y, epochs=3, learning_rate=0.1, progress=False)
    assert capsys.readouterr() == ("", "")


def test_progress_true_shows_a_bar(capsys):
    net = nl.MLP([3, 4, 2], seed=0)
    X, Y = classification()
    net.fit(X, Y, epochs=3, learning_rate=0.1, progress=True)
    assert "3/3" in capsys.readouterr().err


def test_fit_keeps_float32():
    net = nl.MLP([3, 4, 2], dtype=np.float32, seed=0)
    X, Y = classification(m=9)
    history = net.fit(X, Y, epochs=2, learning_rate=0.1, batch_size=4, progress=False)
    assert all(P.dtype == np.float32 for P in net.params.values())
    assert all(np.isfinite(history.loss))


# ------------------------------------------------------------------------------------------
# fit's progress bar: shown to an interactive user, silent in the checked runs.
#
# ``fit(progress=None)`` shows a tqdm bar (epoch, loss, accuracy) unless the environment sets
# ``NETLIB_PROGRESS=0``; the test suite (conftest.py) and ``make notebooks`` set it, so the
# stored notebook outputs hold no bar, whose timings would change every run.

FIT = """
import netlib as nl
X, labels = nl.make_moons(m=64, seed=0)
net = nl.MLP([2, 8, 2], seed=0)
history = net.fit(X, nl.one_hot(labels, 2), epochs=3, learning_rate=0.5, batch_size=16)
"""


def small_fit(**kwargs):
    X, labels = nl.make_moons(m=32, seed=0)
    nl.MLP([2, 4, 2], seed=0).fit(
        X, nl.one_hot(labels, 2), epochs=3, learning_rate=0.5, batch_size=8, **kwargs
    )


def assert_is_a_bar(text):
    assert "fit: 100%" in text and "3/3" in text, text
    assert "loss=" in text and "acc=" in text, text


def test_default_shows_a_bar_when_the_variable_is_unset(monkeypatch, capsys):
    monkeypatch.delenv("NETLIB_PROGRESS", raising=False)
    small_fit()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_is_a_bar(captured.err)


@pytest.mark.parametrize("value", ["1", "yes", ""])
def test_any_value_but_0_shows_the_bar(monkeypatch, capsys, value):
    monkeypatch.setenv("NETLIB_PROGRESS", value)
    small_fit()
    assert_is_a_bar(capsys.readouterr().err)


def test_default_is_silent_with_the_variable_0(monkeypatch, capsys):
    monkeypatch.setenv("NETLIB_PROGRESS", "0")
    small_fit()
    assert capsys.readouterr() == ("", "")


def test_an_explicit_argument_beats_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("NETLIB_PROGRESS", "0")
    small_fit(progress=True)
    assert_is_a_bar(capsys.readouterr().err)
    monkeypatch.delenv("NETLIB_PROGRESS")
    small_fit(progress=False)
    assert capsys.readouterr() == ("", "")


def run_in_a_terminal(env):
    """Run FIT in python attached to a pseudo-terminal 100 columns wide; return what it shows."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-c", FIT], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0, shown
    return shown.decode()


def test_an_interactive_python_in_a_terminal_shows_the_bar():
    env = {k: v for k, v in os.environ.items() if k != "NETLIB_PROGRESS"}
    assert_is_a_bar(run_in_a_terminal(env))
    assert run_in_a_terminal({**env, "NETLIB_PROGRESS": "0"}).strip() == ""


def test_a_jupyter_kernel_shows_the_bar_unless_the_variable_is_0(monkeypatch):
    # A learner's kernel (started without the variable) shows the bar in the cell's output;
    # the same cell once the variable is 0, as in the checked runs, leaves no output.
    monkeypatch.delenv("NETLIB_PROGRESS")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(FIT),
        nbformat.v4.new_code_cell("import os\nos.environ['NETLIB_PROGRESS'] = '0'\n" + FIT),
    ]
    NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    first, second = (cell.outputs for cell in nb.cells)
    assert all(o.output_type == "stream" and o.name == "stderr" for o in first)
    assert_is_a_bar("".join(o.text for o in first))
    assert second == []


def test_make_notebooks_turns_the_bar_off():
    recipe = (ROOT / "Makefile").read_text().split("\nnotebooks:", 1)[1].split("\n\n", 1)[0]
    assert "NETLIB_PROGRESS=0" in recipe


@pytest.mark.parametrize("path", book_notebooks(), ids=lambda p: p.name)
def test_no_stored_notebook_output_holds_a_progress_bar(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", ""))
            assert "epoch/s" not in text and "it/s" not in text, f"{path.name}: {text[:200]}"


def test_a_sigmoid_output_learns_moons_and_records_accuracy():
    X, labels = nl.make_moons(m=200, noise=0.1, seed=0)
    Y = labels.reshape(1, -1)
    net = nl.MLP([2, 16, 16, 1], output="sigmoid", seed=0)
    history = net.fit(X, Y, epochs=60, learning_rate=0.5, batch_size=32, validation=(X, Y))
    assert history.loss[-1] < 0.2 * history.loss[0]
    assert history.val_accuracy[-1] == nl.accuracy(labels, net.predict(X)) > 0.95
    assert len(history.accuracy) == 60


def test_after_divergence_the_parameters_are_the_last_finite_ones():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 64))
    Y = 2 * X[:1] + X[1:2]
    net = nl.MLP([3, 8, 1], hidden="identity", output="identity", seed=0)
    with pytest.raises(nl.DivergedError):
        net.fit(X, Y, epochs=20, learning_rate=1e6, batch_size=16, progress=False)
    assert all(np.isfinite(P).all() for P in net.params.values())
    net.forward(X)  # usable again, with no error about its parameters


def test_a_parameter_that_overflows_in_the_last_step_of_an_epoch_is_caught():
    # one minibatch per epoch: its J is finite, the step after it is not
    X = np.array([[1e150, -1e150]])
    Y = np.array([[0.0, 1.0]])
    net = nl.MLP([1, 1], output="identity", seed=0)
    with pytest.raises(nl.DivergedError, match="a parameter became infinite or NaN in epoch 1"):
        net.fit(X, Y, epochs=1, learning_rate=1e300, batch_size=2, progress=False)
    assert all(np.isfinite(P).all() for P in net.params.values())
