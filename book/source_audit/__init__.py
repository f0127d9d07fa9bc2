"""The audit of the source derivation: its claims, how each is checked, and the pages.

Importing the package registers every claim of the source, in its order, in ``CLAIMS``; the
chapter runs them (``claim.run()``) and renders the results. The modules, one idea each:

- ``point``: the network, the data and the truth (central differences) every claim meets;
- ``readings``: a reading of a claim and its outcome, and the verdict the readings give;
- ``products``, ``forward_readings``, ``derivative_readings``, ``update_readings``: the
  readings the claims share (the source's ``*``, the forward pass, derivatives of a matrix by a
  matrix, the update and its order);
- ``registry``: ``Claim``, ``CLAIMS`` and the ``claim`` decorator;
- ``claims``: the claims themselves, one module per part of the source;
- ``render``: the pages (the overview's verdict table, one page per part of the source,
  ``PAGES``) and the claims of each, generated from the results.

Not part of netlib's API: this is the book's own machinery.
"""

from . import claims  # noqa: F401  (importing it registers every claim, in the source's order)
from .readings import VERDICTS, Reading, verdict_of
from .registry import CLAIMS, Claim
from .render import PAGES, ids_by_verdict, page_claims, show, unbalanced, verdict_table

__all__ = [
    "CLAIMS",
    "PAGES",
    "VERDICTS",
    "Claim",
    "Reading",
    "ids_by_verdict",
    "page_claims",
    "show",
    "unbalanced",
    "verdict_of",
    "verdict_table",
]
