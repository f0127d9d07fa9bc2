"""Helpers the derivation chapters share: how they compare netlib with SymPy and with central
differences, and how they print a measured number so that it reads the same on every machine.

Not part of netlib's API: this is the book's own machinery, imported by its chapters.
"""

from .agreement import compare, compare_general
from .difference import difference
from .examples import any_depth_network, input_switching_off_layer_1
from .rounding import rounded

__all__ = [
    "any_depth_network",
    "compare",
    "compare_general",
    "difference",
    "input_switching_off_layer_1",
    "rounded",
]
