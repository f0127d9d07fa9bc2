"""The printed report of a benchmark run."""

from __future__ import annotations

from .rows import EPOCH_LABELS, STEP_LABELS, dtype_of


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
        f"  {'implementation':28} {'dtype':8} {'time':>10} {'ratio':>6} {'GEMM/time':>9} {'n':>4}"
    )
    for key, label in STEP_LABELS.items():
        if key not in steps:
            continue
        dtype = dtype_of(key)
        t = steps[key]["median_s"]
        ratio = t / steps[f"netlib-{dtype}"]["median_s"]
        efficiency = steps[f"gemm-{dtype}"]["median_s"] / t
        print(
            f"  {label:28} {dtype:8} {fmt_time(t)} {ratio:6.2f} {efficiency:9.2f} "
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
        print(f"  {label:28} {dtype:8} {fmt_time(t)} {ratio:6.2f} {'':9} {epochs[key]['n']:4d}")


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
