"""A description of the machine a benchmark ran on: CPU, memory, versions, BLAS libraries."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info


def machine() -> dict[str, object]:
    cpu, vector_units = platform.processor(), []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = line.split(":", 1)[1].split()
                vector_units = [f for f in ("avx2", "fma", "avx512f") if f in flags]
                break
    except OSError:
        pass
    try:
        memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        memory_gib = None
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    import sklearn

    versions["scikit-learn"] = sklearn.__version__
    torch_blas = None
    try:
        import torch

        versions["torch"] = torch.__version__
        versions["torch_threads"] = torch.get_num_threads()
    except ImportError:
        versions["torch"] = None
    else:
        # PyTorch multiplies matrices with a BLAS of its own, linked into it where threadpoolctl
        # does not see it: record what this build says it was built with.
        try:
            built = [line.strip(" -") for line in torch.__config__.show().splitlines()]
            build_settings: dict[str, str] = {}
            for line in built:
                if line.startswith("Build settings:"):
                    for item in line.split(":", 1)[1].split(","):
                        key, _, value = item.strip().partition("=")
                        build_settings[key] = value
            torch_blas = {
                "blas_info": build_settings.get("BLAS_INFO"),
                "lapack_info": build_settings.get("LAPACK_INFO"),
                "mkl_available": bool(torch.backends.mkl.is_available()),
                "libraries": [
                    line
                    for line in built
                    if not line.startswith("Build settings:")
                    and any(
                        word in line for word in ("Math Kernel Library", "BLAS", "BLIS", "LAPACK")
                    )
                ],
                "cpu_capability": next(
                    (
                        line.split(":", 1)[1].strip()
                        for line in built
                        if line.startswith("CPU capability usage:")
                    ),
                    None,
                ),
            }
        except Exception as error:  # a later PyTorch may word its build report differently
            torch_blas = {"unknown": f"torch.__config__.show() not understood: {error!r}"}
    blas = [
        {
            k: lib.get(k)
            for k in ("internal_api", "prefix", "version", "architecture", "num_threads")
        }
        for lib in threadpool_info()
        if lib["user_api"] == "blas" and "numpy" in lib["filepath"]
    ]
    return {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "vector_instructions": vector_units,
        "memory_gib": memory_gib,
        "system": f"{platform.system()} {platform.release()}",
        "versions": versions,
        "numpy_blas": blas,
        "torch_blas": torch_blas,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
