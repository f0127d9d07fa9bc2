"""netlib.mistake_checks: each check catches a wrong piece and passes the right one."""

import subprocess
import sys

import numpy as np
import pytest

import netlib as nl
from netlib import mistake_checks as mc
from netlib import mistakes

BY_ID = mistakes.BY_ID


def parts(mistake_id):
    m = BY_ID[mistake_id]
    return mc.parts_for(m.step, m.code)


def test_the_right_step_is_mlp_backward():
    net = mc.network()
    reference = nl.MLP(mc.SIZES, seed=0)
    reference.params = {k: v.copy() for k, v in net.params.items()}
    grads = reference.backward(net.Y, reference.forward(net.X)[1])
    ours = mc.gradients_used(net.params, net.X, net.Y, mc.Parts())
    assert set(ours) == {"dW1", "db1", "dW2", "db2", "dW3", "db3"}
    for key, value in ours.items():
        np.testing.assert_allclose(value, grads[key], rtol=1e-13, atol=1e-15)


def test_shape_check():
    assert mc.check_shapes(mc.Parts()).status == "passes"
    found = mc.check_shapes(parts("dW-transposed"))
    assert found.status == "fails" and "dW1 has shape (2, 4), W1 has (4, 2)" in found.detail
    raised = mc.check_shapes(parts("dW-missing-transpose"))
    assert raised.status == "fails" and "matrix product is not defined" in raised.detail


def test_nan_check():
    assert mc.check_finite(mc.Parts()).status == "passes"
    assert mc.check_finite(parts("softmax-unstable")).status == "fails"
    assert "J" in mc.check_finite(parts("cross-entropy-log-of-softmax")).detail
    assert mc.check_finite(parts("db-not-summed")).status == "n/a"  # the shape check first


def test_gradient_check():
    right = mc.check_gradients(mc.Parts())
    assert right.status == "passes" and right.value < 1e-7
    sign = mc.check_gradients(parts("delta3-sign"))
    assert sign.status == "fails" and abs(sign.value - 1) < 1e-9
    m = mc.M  # a factor m gives (m - 1)/(m + 1)
    assert abs(mc.check_gradients(parts("dZ-missing-1-over-m")).value - (m - 1) / (m + 1)) < 1e-9
    order = mc.check_gradients(parts("update-before-propagate"))
    assert order.status == "fails" and "wrong: dW1, db1, dW2, db2" in order.detail


def test_sympy_check_of_the_linear_map():
    assert mc.check_symbolic("linear_backward", mistakes.right_linear_backward).status == "passes"
    twice = mc.check_symbolic("linear_backward", BY_ID["1-over-m-twice"].code)
    # m = 4 in the symbolic sizes: dW is 1/4 of the derivative, so dW minus it is -3/4 of it
    assert twice.status == "fails"
    assert (
        twice.detail == "dW minus the derivative: entry (1, 1) is -3/4 times the derivative's entry"
    )
    shape = mc.check_symbolic("linear_backward", BY_ID["db-no-keepdims"].code)
    assert shape.detail == "db has shape (2,), the derivative (2, 1)"


def test_sympy_check_of_the_output_error():
    assert mc.check_symbolic(
        "softmax_cross_entropy_backward", mistakes.right_output_delta
    ).status == ("passes")
    sign = mc.check_symbolic("softmax_cross_entropy_backward", BY_ID["delta3-sign"].code)
    assert sign.status == "fails" and sign.detail.endswith("entry (1, 1) is 5/6")
    assert mc.check_symbolic("relu_backward", BY_ID["relu-mask-forgotten"].code).status == "n/a"
    assert mc.check_symbolic(None, None).status == "passes"


@pytest.mark.parametrize("mistake", mistakes.CATALOGUE, ids=[m.id for m in mistakes.CATALOGUE])
def test_every_entry_is_caught(mistake):
    report = mc.check_mistake(mistake)
    assert mistake.id in report.diagnosis.mistakes
    if mistake.id == "relu-derivative-at-0":  # differs only where Z is exactly 0
        assert report.caught_by == "passes"
    else:
        assert report.caught_by != "passes"
    assert "unclear" not in {c.status for c in report.checks.values()}


def test_table_and_details():
    reports = [mc.check("right"), mc.check_mistake(BY_ID["db-mean"])]
    table = mc.table(reports).splitlines()
    assert len(table) == 2 + 2 * 2  # header, rule; a group row and a row each
    assert table[-1].startswith(
        "| db as a mean over the examples | ok | ok | **fails** | **0.71** |"
    )
    assert table[-1].endswith("| **0.71** | **db**: db-mean |")
    assert reports[1].caught_by == "SymPy, gradient check"
    assert mc.details(reports).splitlines()[0] == "- **right**: no check fails"


def test_import_netlib_does_not_import_sympy():
    code = "import sys, netlib, netlib.mistake_checks; assert 'sympy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
