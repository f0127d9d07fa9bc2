"""fit's progress bar: shown to an interactive user, silent in the checked runs.

``fit(progress=None)`` shows a tqdm bar (epoch, loss, accuracy) unless the environment sets
``NETLIB_PROGRESS=0``; the test suite (conftest.py) and ``make notebooks`` set it, so the
stored notebook outputs hold no bar, whose timings would change every run.
"""

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios

import nbformat
import pytest
from nbclient import NotebookClient

import netlib as nl

from .helpers import ROOT, book_notebooks

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
