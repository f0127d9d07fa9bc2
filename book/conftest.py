"""pytest set-up for the notebooks when they are tested on their own (nbval)."""

import os

# Progress bars write timings to the outputs; checked runs keep them off. Set before the
# notebook kernels start, so that they inherit it.
os.environ["NETLIB_PROGRESS"] = "0"
