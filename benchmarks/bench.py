"""How fast is netlib? One training step of the book's network, timed against the alternatives.

    .venv/bin/python benchmarks/bench.py                 # what `make bench` runs
    .venv/bin/python benchmarks/bench.py --threads 1 --clock cpu --output PATH   # a busy machine
    .venv/bin/python benchmarks/bench.py --sizes 784-256-128-10,128 --no-sweep --steps-only

Implementations (see implementations.py): netlib's step as ``MLP.fit`` runs it (float64 and
float32), the public, input-checking ``MLP.train_step``, and the public loop the book teaches
(``forward`` -> ``backward`` -> ``step``, every call checked); a textbook numpy step (float64);
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
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks import implementations as impl
from benchmarks.machine import machine
from benchmarks.report import print_report
from benchmarks.rows import TOLERANCE, dtype_of
from benchmarks.timing import CLOCKS, kernel_work_per_step, step_peak_bytes, time_in_rounds

SIZES = [
    ((64, 32, 32, 10), 64),
    ((784, 256, 128, 10), 128),
    ((784, 256, 128, 10), 1024),
    ((784, 1024, 1024, 10), 1024),
]
SWEEP = ((784, 256, 128, 10), (16, 32, 64, 128, 256, 512, 1024, 2048))
WIDE = SIZES[-1]

# --- building the implementations -------------------------------------------------------


def step_implementations(problem: impl.Problem, with_torch: bool) -> dict[str, object]:
    steps: dict[str, object] = {
        "netlib-float64": impl.NetlibStep(problem, np.float64),
        "netlib-float32": impl.NetlibStep(problem, np.float32),
        "netlib-checked-float64": impl.NetlibStep(problem, np.float64, checked=True),
        "netlib-checked-float32": impl.NetlibStep(problem, np.float32, checked=True),
        "public-loop-float64": impl.PublicLoop(problem, np.float64),
        "public-loop-float32": impl.PublicLoop(problem, np.float32),
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


# --- memory -----------------------------------------------------------------------------


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


# --- the run ----------------------------------------------------------------------------


def run_size(
    layer_sizes: tuple[int, ...],
    m: int,
    rounds: int,
    with_torch: bool,
    rng: np.random.Generator,
    clock: Callable[[], float],
) -> dict[str, object]:
    problem = impl.make_problem(layer_sizes, m)
    steps = step_implementations(problem, with_torch)
    data = impl.epoch_data(problem)
    epochs = epoch_implementations(problem, data)
    agreement = check_same_updates(problem, {**steps, "sklearn-float64": epochs["sklearn-float64"]})
    calls = {key: s.step for key, s in steps.items()}
    calls.update({key: e.epoch for key, e in epochs.items()})
    timed = time_in_rounds(calls, rounds, rng, clock=clock)
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


def run_sweep(
    rounds: int, with_torch: bool, rng: np.random.Generator, ms, clock: Callable[[], float]
) -> dict[str, object]:
    layer_sizes, _ = SWEEP
    medians: dict[str, list[float]] = {}
    for m in ms:
        problem = impl.make_problem(layer_sizes, m)
        steps = step_implementations(problem, with_torch)
        timed = time_in_rounds({key: s.step for key, s in steps.items()}, rounds, rng, clock=clock)
        for key, stats in timed.items():
            medians.setdefault(key, []).append(stats["median_s"])
        print(f"  sweep {problem.name}: done", flush=True)
    return {"layer_sizes": list(layer_sizes), "m": list(ms), "median_s": medians}


def targets(sizes: list[dict], threads: int | None) -> list[dict[str, object]]:
    """The performance goals, each with the measured number and whether it is met.

    ``threads``: the run's BLAS threads (None: the libraries' default).
    """
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
    # Goals for one thread: the checks run on one core however many the products use.
    for name, bound in (("784-256-128-10, m=128", 1.15), ("64-32-32-10, m=64", 1.5)):
        s = by_name.get(name)
        if s and threads == 1 and "public-loop-float32" in s["steps"]:
            ratio = med(s, "public-loop-float32") / med(s, "netlib-checked-float32")
            out.append(
                {
                    "goal": f"public loop float32 within {bound}x of train_step at {name}, "
                    "1 thread (loop/train_step)",
                    "value": float(ratio),
                    "met": bool(ratio <= bound),
                }
            )
    s = by_name.get("784-256-128-10, m=128")
    # A goal for two threads or more: with one, PyTorch's BLAS alone decides it.
    if s and threads != 1 and "torch-float32" in s["steps"] and "public-loop-float32" in s["steps"]:
        ratio = med(s, "torch-float32") / med(s, "public-loop-float32")
        out.append(
            {
                "goal": "PyTorch eager float32 no faster than the public loop at "
                f"784-256-128-10, m=128, {threads or 'default'} threads (torch/loop)",
                "value": float(ratio),
                "met": bool(ratio >= 1),
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


def parse_size(text: str, parser: argparse.ArgumentParser) -> tuple[tuple[int, ...], int]:
    """``"784-256-128-10,128"`` -> ``((784, 256, 128, 10), 128)``."""
    try:
        layers, m = text.split(",")
        return tuple(int(n) for n in layers.split("-")), int(m)
    except ValueError:
        parser.error(f"--sizes takes LAYER-SIZES,M such as 784-256-128-10,128, got {text!r}")


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
        "--sizes",
        nargs="+",
        metavar="SIZES,M",
        help="time only these sizes, e.g. 64-32-32-10,64 784-256-128-10,128",
    )
    parser.add_argument(
        "--steps-only",
        action="store_true",
        help="time the steps and epochs only: no memory, page faults or update comparison",
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
    clock = CLOCKS[args.clock]
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
    if args.sizes:
        sizes = [parse_size(text, parser) for text in args.sizes]
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
        size = run_size(layer_sizes, m, rounds, with_torch, rng, clock)
        result["sizes"].append(size)
        print(f"timed {size['name']} ({time.time() - started:.0f} s so far)", flush=True)
    if not args.no_sweep:
        print("\nsweep over m:", flush=True)
        result["sweep"] = run_sweep(sweep_rounds, with_torch, rng, sweep_ms, clock)
    if not (args.quick or args.steps_only):
        result["memory"] = memory_of_wide_size()
        result["page_faults"] = page_faults_at_1024_columns()
        result["update_in_fresh_process"] = update_comparison(args.threads)
    result["targets"] = targets(result["sizes"], args.threads)
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
