"""The website builds with warnings as errors and serves its own MathJax."""

import re

from ..helpers import ROOT, site_notebooks

CDN = re.compile(r"""<script[^>]+src="https?://[^"]*mathjax""", re.IGNORECASE)


def test_every_page_is_built(built_site):
    assert (built_site / "index.html").is_file()
    for notebook in site_notebooks():
        page = built_site / notebook.relative_to(ROOT).with_suffix(".html")
        assert page.is_file(), f"{notebook.name} was not rendered (is it in _toc.yml?)"


def test_mathjax_is_local_not_cdn(built_site):
    assert (built_site / "_static" / "mathjax" / "tex-chtml.js").is_file()
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text()
        assert not CDN.search(html), f"{page.name} loads MathJax from a CDN"
    chapter = (built_site / "book" / "forward-pass.html").read_text()
    assert re.search(r'<script[^>]+src="(\.\./)*_static/mathjax/tex-chtml\.js', chapter), (
        "the chapter does not load the site's own MathJax"
    )


def test_chapter_renders_its_math_and_outputs(built_site):
    chapter = (built_site / "book" / "forward-pass.html").read_text()
    assert 'id="equation-eq-forward-linear"' in chapter, "the numbered equation is missing"
    assert "netlib and SymPy agree" in chapter, "the stored outputs were not rendered"
