"""The recorded benchmark runs (``benchmarks/results/*.json``, written by bench.py), read by
the chapters that quote them; nothing here re-times anything."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def read_run(name: str) -> dict:
    """The recorded run ``benchmarks/results/<name>.json``."""
    return json.loads((RESULTS / f"{name}.json").read_text())


def step_time(run: dict, name: str, key: str) -> float:
    """The median time of one step of implementation ``key`` at size ``name`` in ``run``."""
    size = next(s for s in run["sizes"] if s["name"] == name)
    return size["steps"][key]["median_s"]


def recorded_runs() -> list[dict]:
    """The recorded run and its repeats (the same command, run right after it)."""
    repeats = sorted(p.stem for p in RESULTS.glob("recorded-repeat-*.json"))
    return [read_run("recorded"), *(read_run(name) for name in repeats)]
