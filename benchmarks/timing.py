"""Timing that stays fair on a shared machine, and the memory and kernel work of one step."""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

CLOCKS = {"wall": time.perf_counter, "cpu": time.thread_time}
"""What the timed blocks read. "cpu" (this thread's CPU time) ignores the time the process
waits while other programs run, so it is steadier on a busy machine; it counts all the
work only when everything runs in this thread (--threads 1)."""


def time_in_rounds(
    calls: dict[str, Callable[[], object]],
    rounds: int,
    rng: np.random.Generator,
    block_seconds: float = 0.05,
    max_block: int = 40,
    clock: Callable[[], float] = CLOCKS["wall"],
) -> dict[str, dict[str, float]]:
    """Median and quartiles of each call's duration, the calls interleaved in rounds.

    For each size, every call runs in the same process, in a new random order each round; in
    a round each takes an untimed call (so a library whose threads slept while another ran
    starts awake), then a block of timed calls read from ``clock``.
    """
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
                    start = clock()
                    call()
                    samples[key].append(clock() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    return {key: summary(values) for key, values in samples.items()}


def summary(values: list[float]) -> dict[str, float]:
    p25, median, p75 = np.percentile(values, [25, 50, 75])
    return {"median_s": median, "p25_s": p25, "p75_s": p75, "n": len(values)}


def step_peak_bytes(step: Callable[[], object]) -> int:
    """The most memory one step holds at once beyond what existed before it (tracemalloc
    sees numpy's array buffers)."""
    step()
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


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
