"""Write each inline <script> of a page once.

Sphinx 7.4 keeps two copies of an inline script (``add_js_file(None, body=...)``) that an
extension registers after the HTML builder has started: one under the file name ``None``, and
one under ``""`` when the builder re-reads its registry before writing. sphinx-thebe registers
``const THEBE_JS_URL = ...`` that way, and its second copy is a JavaScript error on every page
("Identifier 'THEBE_JS_URL' has already been declared"). This drops the ``None`` copies once
the sources are read; the registry still holds every script, so each is written exactly once.
"""

from typing import Any


def _drop_unnamed_duplicates(app: Any, env: Any) -> list[str]:
    builder = app.builder
    scripts = getattr(builder, "_js_files", None)
    if scripts is not None:
        scripts[:] = [script for script in scripts if script.filename is not None]
    return []


def setup(app: Any) -> dict[str, Any]:
    app.connect("env-updated", _drop_unnamed_duplicates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
