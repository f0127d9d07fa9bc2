"""Link the whole book as a PDF from every page, once `make pdf` has made it.

`make pdf` builds ``_build/latex/backprop-book.pdf``. When that file exists at the time the
website is built, this extension copies it beside the site (``_build/html/backprop-book.pdf``)
and adds "whole book (.pdf)" to the download menu of every page. Without it (no TeX on the
machine, or `make pdf` not run), the site has no such link.
"""

import pathlib
import shutil
from typing import Any

PDF_NAME = "backprop-book.pdf"


def _built_pdf(app: Any) -> pathlib.Path | None:
    pdf = pathlib.Path(app.outdir).parent / "latex" / PDF_NAME
    return pdf if app.builder.format == "html" and pdf.is_file() else None


def _add_download_entry(app: Any, pagename: str, templatename: str, context: dict, doctree):
    if _built_pdf(app) is None:
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](PDF_NAME, 1),
                    "text": "whole book (.pdf)",
                    "tooltip": "Download the whole book as one PDF",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                }
            )


def _copy_pdf(app: Any, exception: Exception | None) -> None:
    pdf = _built_pdf(app)
    if exception is None and pdf is not None:
        shutil.copyfile(pdf, pathlib.Path(app.outdir) / PDF_NAME)


def setup(app: Any) -> dict[str, Any]:
    # After the theme has made the download menu (its handler runs at priority 501).
    app.connect("html-page-context", _add_download_entry, priority=502)
    app.connect("build-finished", _copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
