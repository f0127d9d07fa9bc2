"""The claims of the source, one module per part of it.

Importing a module registers its claims; the ids S1, S2, ... follow the order of registration,
so the modules are imported here in the source's order (not the alphabetical order an import
sorter would give).
"""

import importlib

PARTS = (
    "notation",  # Notations
    "shapes",  # Shapes, Initialization
    "forward",  # Forward Propagation
    "loss",  # the loss, Gradient of the loss function
    "output_layer",  # Output layer
    "hidden_layers",  # Second hidden layer, First hidden layer
    "closing",  # Closing remark
    "general",  # Generalization
)
for _part in PARTS:
    importlib.import_module(f".{_part}", __name__)
