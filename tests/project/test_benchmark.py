"""The benchmark compares like with like, and `make bench` runs without PyTorch."""

import json

import numpy as np
import pytest

from benchmarks import bench
from benchmarks import implementations as impl
from benchmarks.rows import TOLERANCE, dtype_of


@pytest.fixture(scope="module")
def problem():
    return impl.make_problem((64, 32, 32, 10), 64)


def test_every_implementation_takes_the_same_step(problem):
    candidates = bench.step_implementations(problem, with_torch=False)  # torch: optional
    candidates["sklearn-float64"] = impl.SklearnEpoch(problem, impl.epoch_data(problem))
    differences = bench.check_same_updates(problem, candidates)
    assert set(differences) >= {"netlib-float32", "textbook-float64", "sklearn-float64"}
    for key, value in differences.items():
        assert value <= TOLERANCE[dtype_of(key)], key


def test_the_check_refuses_a_different_computation(problem):
    class ForgetsTheMask(impl.TextbookStep):
        def updated(self, params, learning_rate):
            out = super().updated(params, learning_rate)
            out["W1"] = out["W1"] + 1e-6  # a wrong gradient, however slightly
            return out

    candidates = {
        "netlib-float64": impl.NetlibStep(problem, np.float64),
        "textbook-float64": ForgetsTheMask(problem),
    }
    with pytest.raises(SystemExit, match="disagrees"):
        bench.check_same_updates(problem, candidates)


def test_the_gemm_bound_computes_only_products(problem):
    bound = impl.GemmOnly(problem, np.float64)
    bound.step()
    W2, A1, dZ2 = bound.W[2], bound.A[1], bound.dZ[2]
    np.testing.assert_allclose(bound.Z[2], W2 @ A1)
    np.testing.assert_allclose(bound.dW[2], dZ2 @ A1.T)
    np.testing.assert_allclose(bound.dA[1], W2.T @ dZ2)


def test_a_quick_run_without_torch_writes_its_results(tmp_path, capsys):
    out = tmp_path / "bench.json"
    bench.main(["--quick", "--no-torch", "--no-sweep", "--output", str(out)])
    printed = capsys.readouterr().out
    assert "skipping PyTorch" in printed and "targets:" in printed
    result = json.loads(out.read_text())
    assert [s["name"] for s in result["sizes"]] == ["64-32-32-10, m=64"]
    size = result["sizes"][0]
    assert "torch-float64" not in size["steps"]
    assert size["steps"]["netlib-float64"]["median_s"] > 0
    assert size["epoch_data"].startswith("digits")
    assert result["machine"]["numpy_blas"], "threadpoolctl found no BLAS under numpy"
    assert any("MLPClassifier" in t["goal"] for t in result["targets"])


def test_recorded_runs_are_read_with_their_step_times():
    from benchmarks import recorded

    runs = recorded.recorded_runs()
    assert len(runs) >= 2 and runs[0] == recorded.read_run("recorded")
    name = runs[0]["sizes"][0]["name"]
    assert recorded.step_time(runs[0], name, "netlib-float64") > 0
