"""The rows of the benchmark: each implementation's key, its label, and how closely its update
must agree with netlib's float64 step. bench.py and the performance page both read them here.

A key ends with its dtype, ``"<implementation>-<dtype>"``.
"""

from __future__ import annotations

STEP_LABELS = {
    "netlib-float64": "netlib (fit's step)",
    "netlib-float32": "netlib (fit's step)",
    "netlib-checked-float64": "netlib train_step (checked)",
    "netlib-checked-float32": "netlib train_step (checked)",
    "public-loop-float64": "netlib public loop (checked)",
    "public-loop-float32": "netlib public loop (checked)",
    "textbook-float64": "textbook numpy",
    "torch-float64": "PyTorch eager + SGD",
    "torch-float32": "PyTorch eager + SGD",
    "gemm-float64": "GEMM only (lower bound)",
    "gemm-float32": "GEMM only (lower bound)",
    "gemm-torch-float64": "GEMM only, PyTorch's BLAS",
    "gemm-torch-float32": "GEMM only, PyTorch's BLAS",
}
"""Implementations timed per training step, in the order the report lists them. The public
loop is ``forward`` -> ``backward`` -> ``step``, each call checking its input."""

EPOCH_LABELS = {
    "netlib-fit-float64": "netlib fit",
    "netlib-fit-float32": "netlib fit",
    "sklearn-float64": "scikit-learn MLPClassifier",
}
"""Implementations timed per epoch."""

TOLERANCE = {"float64": 1e-9, "float32": 1e-3}
"""The largest relative difference of an update from netlib float64's, by dtype."""


def dtype_of(key: str) -> str:
    """The dtype a key ends with: ``dtype_of("torch-float32") == "float32"``."""
    return key.rsplit("-", 1)[1]
