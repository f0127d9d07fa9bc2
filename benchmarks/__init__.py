"""The benchmark of netlib's training step (``make bench``) and what the performance page
reads from it: installed with netlib, so the page and the tests import it by name.

- :mod:`benchmarks.implementations`: the training steps that are timed;
- :mod:`benchmarks.rows`: their keys, labels and tolerances (shared with the page);
- :mod:`benchmarks.timing`: interleaved timing, memory and kernel work;
- :mod:`benchmarks.machine`: a description of the machine and its libraries;
- :mod:`benchmarks.report`: the printed report;
- :mod:`benchmarks.recorded`: the recorded runs, read by the chapters that quote them;
- :mod:`benchmarks.bench`: the run itself (``python benchmarks/bench.py``);
- :mod:`benchmarks.page`: tables and figures of the performance page.
"""
