"""How fast is netlib? One training step of the book's network, timed against the alternatives.

    .venv/bin/python benchmarks/bench.py                 # what `make bench` runs
    .venv/bin/python benchmarks/bench.py --threads 1 --clock cpu --output PATH   # a busy machine

Implementations (see implementations.py): netlib's step as ``MLP.fit`` runs it (float64 and
float32) and the public, input-checking ``MLP.train_step``; a textbook numpy step (float64);
PyTorch eager autograd + SGD in float64 and float32 when torch can be imported (it is no
dependency: without it the bench says so and times the rest); the GEMM-only lower bound; and,
per epoch, netlib's ``fit`` against scikit-learn's ``MLPClassifier`` (SGD, momentum 0, alpha 0).

Method: first every implementation takes one step from the same parameters, and the updates
must agree (same gradients, so the race is fair). Then, for each size, the implementations run
in rounds within one process, in a new random order each round; in a round each one takes an
untimed step (so a library whose threads slept while another ran starts awake), then a block of
timed steps. Medians over all timed steps are reported; ratios compare implementations that
ran interleaved under the same conditions. The BLAS and its threads come from threadpoolctl.
Then the peak memory of one step at the widest size (tracemalloc), page faults per step
(getrusage), and the in-place update against netlib's new-array update in fresh processes.
Results are printed and written as JSON (default: benchmarks/results/latest.json).

On a machine shared with other work, two-thread libraries stall whenever another program holds
a core and wall-clock times become meaningless; ``--threads 1 --clock cpu`` times the CPU time
of the one thread doing the work instead.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
import implementations as impl  # noqa: E402

SIZES = [
    ((64, 32, 32, 10), 64),
    ((784, 256, 128, 10), 128),
    ((784, 256, 128, 10), 1024),
    ((784, 1024, 1024, 10), 1024),
]
SWEEP = ((784, 256, 128, 10), (16, 32, 64, 128, 256, 512, 1024, 2048))
WIDE = SIZES[-1]

STEP_LABELS = {
    "netlib-float64": "netlib (fit's step)",
    "netlib-float32": "netlib (fit's step)",
    "netlib-checked-float64": "netlib train_step (checked)",
    "textbook-float64": "textbook numpy",
    "torch-float64": "PyTorch eager + SGD",
    "torch-float32": "PyTorch eager + SGD",
    "gemm-float64": "GEMM only (lower bound)",
    "gemm-float32": "GEMM only (lower bound)",
    "gemm-torch-float64": "GEMM only, PyTorch's BLAS",
    "gemm-torch-float32": "GEMM only, PyTorch's BLAS",
}
EPOCH_LABELS = {
    "netlib-fit-float64": "netlib fit",
    "netlib-fit-float32": "netlib fit",
    "sklearn-float64": "scikit-learn MLPClassifier",
}
TOLERANCE = {"float64": 1e-9, "float32": 1e-3}

CLOCKS = {"wall": time.perf_counter, "cpu": time.thread_time}
CLOCK = CLOCKS["wall"]
"""What the timed blocks read. "cpu" (this thread's CPU time) ignores the time the process
waits while other programs run, so it is steadier on a busy machine; it counts all the
work only when everything runs in this thread (--threads 1)."""


def dtype_of(key: str) -> str:
    return key.rsplit("-", 1)[1]


# --- building the implementations -------------------------------------------------------


def step_implementations(problem: impl.Problem, with_torch: bool) -> dict[str, object]:
    steps: dict[str, object] = {
        "netlib-float64": impl.NetlibStep(problem, np.float64),
        "netlib-float32": impl.NetlibStep(problem, np.float32),
        "netlib-checked-float64": impl.NetlibStep(problem, np.float64, checked=True),
        "textbook-float64": impl.TextbookStep(problem),
        "gemm-float64": impl.GemmOnly(problem, np.float64),
        "gemm-float32": impl.GemmOnly(problem, np.float32),
    }
    if with_torch:
        steps["torch-float64"] = impl.TorchStep(problem, np.float64)
        steps["torch-float32"] = impl.TorchStep(problem, np.float32)
        steps["gemm-torch-float64"] = impl.TorchGemmOnly(problem, np.float64)
        steps["gemm-torch-float32"] = impl.TorchGemmOnly(problem, np.float32)
    return steps


def epoch_implementations(problem: impl.Problem, data: impl.EpochData) -> dict[str, object]:
    return {
        "netlib-fit-float64": impl.NetlibEpoch(problem, data, np.float64),
        "netlib-fit-float32": impl.NetlibEpoch(problem, data, np.float32),
        "sklearn-float64": impl.SklearnEpoch(problem, data),
    }


# --- are they computing the same thing? -------------------------------------------------


def check_same_updates(problem: impl.Problem, candidates: dict[str, object]) -> dict[str, float]:
    """Largest relative difference of each implementation's update from netlib float64's.

    The update of a parameter P is ``P_after - P``; the difference is measured as
    ``max |update - reference| / max |reference|`` over all parameters, so it is a relative
    error of the gradients. Exits with an error if one exceeds its dtype's tolerance.
    """
    learning_rate = 0.1
    params = impl.as_float64(problem.params)
    reference = candidates["netlib-float64"].updated(params, learning_rate)
    differences = {}
    for key, candidate in candidates.items():
        if key == "netlib-float64" or not hasattr(candidate, "updated"):
            continue
        after = candidate.updated(params, learning_rate)
        worst = 0.0
        for name, P in params.items():
            ref_update = reference[name] - P
            scale = np.abs(ref_update).max() or 1.0
            worst = max(worst, float(np.abs(after[name] - P - ref_update).max() / scale))
        differences[key] = worst
        if not worst <= TOLERANCE[dtype_of(key)]:
            sys.exit(
                f"{problem.name}: {key} disagrees with netlib float64 after one step "
                f"(relative difference {worst:.1e} > {TOLERANCE[dtype_of(key)]:.0e}); "
                "the timings would compare different computations"
            )
    return differences


# --- timing -----------------------------------------------------------------------------


def time_in_rounds(
    calls: dict[str, Callable[[], object]],
    rounds: int,
    rng: np.random.Generator,
    block_seconds: float = 0.05,
    max_block: int = 40,
) -> dict[str, dict[str, float]]:
    """Median and quartiles of each call's duration, the calls interleaved in rounds."""
    reps = {}
    for key, call in calls.items():  # warm-up: caches, thread pools, lazy imports
        call()
        start = time.perf_counter()
        call()
        reps[key] = int(np.clip(block_seconds / (time.perf_counter() - start), 1, max_block))
    samples: dict[str, list[float]] = {key: [] for key in calls}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(rounds):
            for key in rng.permutation(list(calls)):
                call = calls[key]
                call()  # untimed: this library's threads may have slept while another ran
                for _ in range(reps[key]):
                    start = CLOCK()
                    call()
                    samples[key].append(CLOCK() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    return {key: summary(values) for key, values in samples.items()}


def summary(values: list[float]) -> dict[str, float]:
    p25, median, p75 = np.percentile(values, [25, 50, 75])
    return {"median_s": median, "p25_s": p25, "p75_s": p75, "n": len(values)}


# --- memory -----------------------------------------------------------------------------


def step_peak_bytes(step: Callable[[], object]) -> int:
    """The most memory one step holds at once beyond what existed before it (tracemalloc
    sees numpy's array buffers)."""
    step()
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def memory_of_wide_size() -> dict[str, object]:
    problem = impl.make_problem(*WIDE)
    out: dict[str, object] = {"size": problem.name}
    out["parameters_bytes_float64"] = sum(P.nbytes for P in problem.params.values())
    for key, make in (
        ("netlib-float64", lambda: impl.NetlibStep(problem, np.float64)),
        ("netlib-float32", lambda: impl.NetlibStep(problem, np.float32)),
        ("textbook-float64", lambda: impl.TextbookStep(problem)),
    ):
        out[f"step_peak_bytes_{key}"] = step_peak_bytes(make().step)
    return out


def kernel_work_per_step(step: Callable[[], object], steps: int) -> dict[str, float]:
    """Page faults and CPU time per step, from the operating system's accounting.

    A fresh numpy array of more than a few hundred KiB gets new pages from the kernel,
    which zeroes each one on first touch (a minor page fault, counted as system time).
    The GEMM-only bound writes into preallocated arrays and pays none of this.
    """
    import resource

    step()
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(steps):
        step()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "minor_faults": (after.ru_minflt - before.ru_minflt) / steps,
        "system_s": (after.ru_stime - before.ru_stime) / steps,
        "user_s": (after.ru_utime - before.ru_utime) / steps,
    }


def page_faults_at_1024_columns(steps: int = 10) -> dict[str, dict]:
    out = {}
    for layer_sizes, m in SIZES:
        if m != 1024:
            continue
        problem = impl.make_problem(layer_sizes, m)
        steps_of = {
            "netlib-float64": impl.NetlibStep(problem, np.float64),
            "netlib-float32": impl.NetlibStep(problem, np.float32),
            "textbook-float64": impl.TextbookStep(problem),
            "gemm-float64": impl.GemmOnly(problem, np.float64),
            "gemm-float32": impl.GemmOnly(problem, np.float32),
        }
        out[problem.name] = {k: kernel_work_per_step(s.step, steps) for k, s in steps_of.items()}
    return out


def fit_work_in_fresh_process(in_place: bool, layer_sizes, m: int, dtype: str, threads) -> dict:
    """Page faults and CPU time per minibatch of ``fit``, measured in a new Python process.

    A new process starts with a fresh heap, as a training script does; in this process the
    allocator's state depends on everything that ran before.
    """
    command = [sys.executable, __file__, "--fit-work", "in-place" if in_place else "new-array"]
    command += ["-".join(map(str, layer_sizes)), str(m), dtype]
    if threads:
        command += ["--threads", str(threads)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def fit_work(update: str, layer_sizes: str, m: str, dtype: str, epochs: int = 3) -> dict:
    problem = impl.make_problem(tuple(int(n) for n in layer_sizes.split("-")), int(m))
    data = impl.epoch_data(problem)
    fit = impl.NetlibEpoch(problem, data, np.dtype(dtype).type, in_place=update == "in-place")
    fit.epoch()
    work = kernel_work_per_step(fit.epoch, epochs)
    batches = -(-data.examples // problem.m)
    return {key: value / batches for key, value in work.items()}


def update_comparison(threads) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for layer_sizes, m in SIZES:
        if m != 1024:
            continue
        name = impl.make_problem(layer_sizes, 1).name.replace("m=1", f"m={m}")
        out[name] = {
            f"{update}-{dtype}": fit_work_in_fresh_process(
                update == "in-place", layer_sizes, m, dtype, threads
            )
            for dtype in ("float64", "float32")
            for update in ("new-array", "in-place")
        }
    return out


# --- the machine ------------------------------------------------------------------------


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


# --- the run ----------------------------------------------------------------------------


def run_size(
    layer_sizes: tuple[int, ...], m: int, rounds: int, with_torch: bool, rng: np.random.Generator
) -> dict[str, object]:
    problem = impl.make_problem(layer_sizes, m)
    steps = step_implementations(problem, with_torch)
    data = impl.epoch_data(problem)
    epochs = epoch_implementations(problem, data)
    agreement = check_same_updates(problem, {**steps, "sklearn-float64": epochs["sklearn-float64"]})
    calls = {key: s.step for key, s in steps.items()}
    calls.update({key: e.epoch for key, e in epochs.items()})
    timed = time_in_rounds(calls, rounds, rng)
    batches = -(-data.examples // m)
    return {
        "layer_sizes": list(layer_sizes),
        "m": m,
        "name": problem.name,
        "update_difference": agreement,
        "steps": {key: timed[key] for key in steps},
        "epochs": {key: timed[key] for key in epochs},
        "epoch_examples": data.examples,
        "epoch_batches": batches,
        "epoch_data": data.source,
    }


def run_sweep(rounds: int, with_torch: bool, rng: np.random.Generator, ms) -> dict[str, object]:
    layer_sizes, _ = SWEEP
    medians: dict[str, list[float]] = {}
    for m in ms:
        problem = impl.make_problem(layer_sizes, m)
        steps = step_implementations(problem, with_torch)
        timed = time_in_rounds({key: s.step for key, s in steps.items()}, rounds, rng)
        for key, stats in timed.items():
            medians.setdefault(key, []).append(stats["median_s"])
        print(f"  sweep {problem.name}: done", flush=True)
    return {"layer_sizes": list(layer_sizes), "m": list(ms), "median_s": medians}


def targets(sizes: list[dict]) -> list[dict[str, object]]:
    """The performance goals, each with the measured number and whether it is met."""
    by_name = {s["name"]: s for s in sizes}
    out = []

    def med(size, key, kind="steps"):
        return size[kind][key]["median_s"] if key in size[kind] else None

    for name in ("784-256-128-10, m=1024", "784-1024-1024-10, m=1024"):
        if name in by_name:
            for dtype in ("float64", "float32"):
                s = by_name[name]
                ratio = med(s, f"netlib-{dtype}") / med(s, f"gemm-{dtype}")
                out.append(
                    {
                        "goal": f"netlib {dtype} within 1.1x of GEMM-only at {name}",
                        "value": float(ratio),
                        "met": bool(ratio <= 1.1),
                    }
                )
    for s in sizes:
        ratio = med(s, "textbook-float64") / med(s, "netlib-float64")
        out.append(
            {
                "goal": f"netlib faster than the textbook at {s['name']} (textbook/netlib)",
                "value": float(ratio),
                "met": bool(ratio > 1),
            }
        )
    for name in ("64-32-32-10, m=64", "784-256-128-10, m=128"):
        s = by_name.get(name)
        for dtype in ("float64", "float32"):
            if s and f"torch-{dtype}" in s["steps"]:
                ratio = med(s, f"torch-{dtype}") / med(s, f"netlib-{dtype}")
                out.append(
                    {
                        "goal": f"netlib {dtype} faster than PyTorch eager at {name} "
                        "(torch/netlib)",
                        "value": float(ratio),
                        "met": bool(ratio > 1),
                    }
                )
    s = by_name.get("64-32-32-10, m=64")
    if s:
        ratio = med(s, "sklearn-float64", "epochs") / med(s, "netlib-fit-float64", "epochs")
        out.append(
            {
                "goal": "netlib fit at least 2x faster per epoch than MLPClassifier on digits "
                "(sklearn/netlib)",
                "value": float(ratio),
                "met": bool(ratio >= 2),
            }
        )
    return out


# --- printing ---------------------------------------------------------------------------


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:7.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:7.2f} ms"
    return f"{seconds:7.3f} s "


def print_size(size: dict) -> None:
    steps, epochs = size["steps"], size["epochs"]
    print(f"\n{size['name']}   (median over n timed steps; ratio = time / netlib's, same dtype)")
    print(
        f"  {'implementation':27} {'dtype':8} {'time':>10} {'ratio':>6} {'GEMM/time':>9} {'n':>4}"
    )
    for key, label in STEP_LABELS.items():
        if key not in steps:
            continue
        dtype = dtype_of(key)
        t = steps[key]["median_s"]
        ratio = t / steps[f"netlib-{dtype}"]["median_s"]
        efficiency = steps[f"gemm-{dtype}"]["median_s"] / t
        print(
            f"  {label:27} {dtype:8} {fmt_time(t)} {ratio:6.2f} {efficiency:9.2f} "
            f"{steps[key]['n']:4d}"
        )
    print(
        f"  one epoch: {size['epoch_examples']} examples of {size['epoch_data']}, "
        f"{size['epoch_batches']} minibatches of m"
    )
    for key, label in EPOCH_LABELS.items():
        dtype = dtype_of(key)
        t = epochs[key]["median_s"]
        ratio = t / epochs[f"netlib-fit-{dtype}"]["median_s"]
        print(f"  {label:27} {dtype:8} {fmt_time(t)} {ratio:6.2f} {'':9} {epochs[key]['n']:4d}")


def _print_rusage(title: str, rows: dict, prefix: str) -> None:
    print(f"\n{title} (getrusage):")
    for key, r in rows.items():
        print(
            f"  {prefix}{key:18} {r['minor_faults']:8.0f} minor page faults, "
            f"system {r['system_s'] * 1e3:7.2f} ms, user {r['user_s'] * 1e3:8.2f} ms"
        )


def print_report(result: dict) -> None:
    m = result["machine"]
    print(
        f"\nCPU: {m['cpu']} ({', '.join(m['vector_instructions'])}), {m['logical_cores']} "
        f"logical cores, {m['memory_gib']} GiB; {m['system']}"
    )
    print(f"versions: {m['versions']}")
    settings = result["settings"]
    threads = settings["threads"] or "the libraries' default"
    print(f"clock: {settings['clock']}; threads: {threads}; rounds: {settings['rounds']}")
    for lib in m["numpy_blas"]:
        print(
            f"numpy's BLAS: {lib['internal_api']} {lib['version']} ({lib['architecture']}), "
            f"{lib['num_threads']} threads"
        )
    if result["skipped"]:
        for what, why in result["skipped"].items():
            print(f"skipped {what}: {why}")
    for size in result["sizes"]:
        print_size(size)
    mem = result.get("memory")
    if mem:
        mib = 2**20
        print(f"\nmemory at {mem['size']} (tracemalloc peak of one step beyond what existed):")
        print(f"  parameters (float64): {mem['parameters_bytes_float64'] / mib:.1f} MiB")
        for key in ("netlib-float64", "netlib-float32", "textbook-float64"):
            print(f"  {key:18} step peak: {mem[f'step_peak_bytes_{key}'] / mib:.1f} MiB")
    for size, rows in result.get("page_faults", {}).items():
        _print_rusage(f"kernel work per step at {size}", rows, "")
    for size, rows in result.get("update_in_fresh_process", {}).items():
        _print_rusage(f"fit in a fresh process at {size}, per minibatch", rows, "update ")
    print("\ntargets:")
    for t in result["targets"]:
        print(f"  [{'met ' if t['met'] else 'MISS'}] {t['goal']}: {t['value']:.3f}")
    start, end = m["load_average_at_start"], result["load_average_at_end"]
    print(f"\nload average (1, 5, 15 min) at start {start}, at end {end}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds per size (default 7)")
    parser.add_argument("--sweep-rounds", type=int, default=5, help="rounds per m of the sweep")
    parser.add_argument("--threads", type=int, default=None, help="BLAS/torch threads to use")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall time (default), or this thread's CPU time (needs --threads 1)",
    )
    parser.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    parser.add_argument("--no-sweep", action="store_true", help="skip the sweep over m")
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: the smallest size, 1 round"
    )
    parser.add_argument(
        "--fit-work", nargs=4, help=argparse.SUPPRESS
    )  # the child of fit_work_in_fresh_process
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent / "results" / "latest.json",
        help="where to write the JSON results (default benchmarks/results/latest.json)",
    )
    args = parser.parse_args(argv)
    if args.clock == "cpu" and args.threads != 1:
        parser.error("--clock cpu measures one thread: use it with --threads 1")
    global CLOCK
    CLOCK = CLOCKS[args.clock]
    if args.fit_work:
        with threadpool_limits(args.threads):
            print(json.dumps(fit_work(*args.fit_work)))
        return {}

    skipped = {}
    with_torch = not args.no_torch
    reason = impl.torch_missing_reason() if with_torch else "left out with --no-torch"
    if reason:
        with_torch = False
        skipped["PyTorch"] = reason
        print(f"skipping PyTorch: {reason}")
    sizes, sweep_ms = SIZES, SWEEP[1]
    rounds, sweep_rounds = args.rounds, args.sweep_rounds
    if args.quick:
        sizes, sweep_ms, rounds, sweep_rounds = SIZES[:1], (16, 64), 1, 1

    limits = threadpool_limits(args.threads) if args.threads else None
    if args.threads and with_torch:
        import torch

        torch.set_num_threads(args.threads)
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores / 2 and args.clock == "wall":
        print(
            f"note: load average {load:.1f} on {cores} cores: other programs are running, so "
            "wall-clock times will be noisy; --threads 1 --clock cpu is steadier"
        )
    rng = np.random.default_rng(0)
    started = time.time()
    result: dict[str, object] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "settings": {
            "rounds": rounds,
            "sweep_rounds": sweep_rounds,
            "threads": args.threads,
            "clock": args.clock,
            "learning_rate": impl.LEARNING_RATE,
        },
        "skipped": skipped,
        "sizes": [],
    }
    for layer_sizes, m in sizes:
        size = run_size(layer_sizes, m, rounds, with_torch, rng)
        result["sizes"].append(size)
        print(f"timed {size['name']} ({time.time() - started:.0f} s so far)", flush=True)
    if not args.no_sweep:
        print("\nsweep over m:", flush=True)
        result["sweep"] = run_sweep(sweep_rounds, with_torch, rng, sweep_ms)
    if not args.quick:
        result["memory"] = memory_of_wide_size()
        result["page_faults"] = page_faults_at_1024_columns()
        result["update_in_fresh_process"] = update_comparison(args.threads)
    result["targets"] = targets(result["sizes"])
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["seconds"] = round(time.time() - started, 1)
    if limits is not None:
        limits.restore_original_limits()
    print_report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n")
    print(f"\nwrote {args.output} ({result['seconds']} s)")
    return result


if __name__ == "__main__":
    main()
