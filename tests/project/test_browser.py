"""The website as a reader sees it: every page opened in a headless Chromium, offline.

Each built page is loaded from disk (file:// URLs) in Debian's system Chromium, driven by
playwright (which never downloads a browser of its own). One visit per page records what the
browser did; the tests below check that record:

- the mathematics is typeset by the MathJax served from the site itself;
- no request leaves the machine (any http(s) request to another host is blocked and recorded);
- the JavaScript console stays free of errors;
- every image has loaded;
- every internal link points at a file that exists, and at an anchor that exists in it.

A PNG screenshot of each page is saved under _build/screenshots/ for review.
Set BOOK_SITE to a built html folder to check that one instead of building the book.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import time
import urllib.parse

import pytest
import yaml

from ..helpers import ROOT

CHROMIUM = pathlib.Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
RAW_TEX = ("$$", "\\[", "\\(", "\\begin{")
PAGE_TIMEOUT_MS = 20_000
REDIRECT = re.compile(
    r"""<meta[^>]+http-equiv=["']refresh["'][^>]+url=(?P<target>[^"'>]+)""", re.IGNORECASE
)

if not CHROMIUM.is_file() and os.environ.get("CI"):
    pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run should have installed it", pytrace=False)
if not CHROMIUM.is_file():
    pytest.skip(
        f"browser test skipped: {CHROMIUM} is missing (apt-get install chromium; .ci/run does)",
        allow_module_level=True,
    )

from playwright.sync_api import sync_playwright  # noqa: E402 (only when Chromium exists)


@dataclasses.dataclass
class PageVisit:
    """What the browser saw on one page."""

    name: str
    url: str = ""
    math_elements: int = 0
    untypeset_math: int = 0
    mathjax_containers: int = 0
    mathjax_script: str = ""
    math_errors: list[str] = dataclasses.field(default_factory=list)
    raw_tex: list[str] = dataclasses.field(default_factory=list)
    requests: list[str] = dataclasses.field(default_factory=list)
    failed_requests: list[str] = dataclasses.field(default_factory=list)
    console_errors: list[str] = dataclasses.field(default_factory=list)
    broken_images: list[str] = dataclasses.field(default_factory=list)
    links: list[str] = dataclasses.field(default_factory=list)
    text: str = ""
    code: str = ""  # the text of the code blocks, which `text` leaves out
    ids: set[str] = dataclasses.field(default_factory=set)
    screenshot: pathlib.Path | None = None


# Runs in the page once it has loaded: waits for MathJax and the images, then reports.
INSPECT = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
  const images = Array.from(document.images);
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done);
  })));
  const hidden = 'pre, code, script, style, noscript, textarea, mjx-container, mjx-assistive-mml';
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(hidden)) continue;
    if (parent.getClientRects().length === 0) continue;  // not displayed
    texts.push(node.textContent);
  }
  const math = Array.from(document.querySelectorAll('.math'));
  const script = Array.from(document.scripts).map(s => s.src).find(src => /mathjax/i.test(src));
  return {
    mathElements: math.length,
    untypesetMath: math.filter(el => !el.querySelector('mjx-container')).length,
    containers: document.querySelectorAll('mjx-container').length,
    // TeX that MathJax could not parse is typeset as an error box (mjx-merror).
    mathErrors: Array.from(document.querySelectorAll('mjx-merror'))
                     .map(el => el.getAttribute('data-mjx-error') || el.textContent),
    mathjaxScript: script || '',
    text: texts.join(' '),
    code: Array.from(document.querySelectorAll('pre')).map(el => el.textContent).join('\\n'),
    brokenImages: images.filter(img => !(img.complete && img.naturalWidth > 0))
                        .map(img => img.getAttribute('src')),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id], a[name]')).map(el => el.id || el.name),
  };
}
"""


def is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def site_pages(site: pathlib.Path) -> list[pathlib.Path]:
    """Every page of the site; theme templates and copied sources under _* are not pages."""
    return sorted(
        p
        for p in site.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(site).parts)
    )


def visit_site(site: pathlib.Path, shots: pathlib.Path) -> dict[str, PageVisit]:
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):  # a page that is gone leaves no screenshot behind
        old.unlink()
    visits: dict[str, PageVisit] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        current: list[PageVisit] = []

        def guard(route):
            # Nothing may leave the machine: block it, and the request log records it.
            if is_local(route.request.url):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route(re.compile(r"^(https?|wss?)://"), guard)
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.on("request", lambda r: current[-1].requests.append(r.url))
        page.on("requestfailed", lambda r: current[-1].failed_requests.append(r.url))
        page.on("websocket", lambda ws: current[-1].requests.append(ws.url))
        page.on(
            "console",
            lambda m: current[-1].console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: current[-1].console_errors.append(str(e)))
        for path in site_pages(site):
            name = path.relative_to(site).as_posix()
            visit = PageVisit(name)
            current.append(visit)
            page.goto(path.as_uri(), wait_until="load")
            redirect = REDIRECT.search(path.read_text(errors="replace"))
            if redirect:
                # index.html only forwards to the first page: check the page it lands on.
                page.wait_for_url((path.parent / redirect["target"]).resolve().as_uri())
                page.wait_for_load_state("load")
            visit.url = page.url
            report = page.evaluate(INSPECT)
            visit.math_elements = report["mathElements"]
            visit.untypeset_math = report["untypesetMath"]
            visit.mathjax_containers = report["containers"]
            visit.mathjax_script = report["mathjaxScript"]
            visit.math_errors = report["mathErrors"]
            visit.text = report["text"]
            visit.code = report["code"]
            visit.raw_tex = [t for t in RAW_TEX if t in visit.text]
            visit.broken_images = report["brokenImages"]
            visit.links = report["links"]
            visit.ids = set(report["ids"])
            visit.screenshot = shots / (name.replace("/", "__").removesuffix(".html") + ".png")
            page.screenshot(path=str(visit.screenshot), full_page=True)
            visits[name] = visit
        browser.close()
    return visits


@pytest.fixture(scope="module")
def site(request) -> pathlib.Path:
    override = os.environ.get("BOOK_SITE")
    if override:
        return pathlib.Path(override).resolve()
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="module")
def visits(request, site) -> dict[str, PageVisit]:
    start = time.perf_counter()
    shots = site.parent / "screenshots"
    result = visit_site(site, shots)
    seconds = time.perf_counter() - start
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nbrowser: {len(result)} pages in {seconds:.1f} s; screenshots in {shots}")
    return result


def test_every_page_was_visited(site, visits):
    assert sorted(visits) == [p.relative_to(site).as_posix() for p in site_pages(site)]
    assert "book/intro.html" in visits
    assert all(v.screenshot and v.screenshot.stat().st_size > 0 for v in visits.values())


def test_math_is_typeset_by_the_sites_own_mathjax(site, visits):
    typeset_pages = 0
    for visit in visits.values():
        if visit.math_elements:
            typeset_pages += 1
            script = urllib.parse.urlsplit(visit.mathjax_script)
            assert script.scheme == "file" and pathlib.Path(
                urllib.parse.unquote(script.path)
            ).is_relative_to(site / "_static"), (
                f"{visit.name}: MathJax comes from {visit.mathjax_script!r}, not the site"
            )
            assert visit.mathjax_containers > 0, f"{visit.name}: no math was typeset"
            assert visit.untypeset_math == 0, (
                f"{visit.name}: {visit.untypeset_math} of {visit.math_elements} "
                "math elements were not typeset"
            )
        assert not visit.raw_tex, f"{visit.name}: raw TeX {visit.raw_tex} in the visible text"
    assert typeset_pages, "no page had any mathematics: the check checked nothing"


def test_math_has_no_tex_errors(visits):
    errors = {v.name: v.math_errors for v in visits.values() if v.math_errors}
    assert not errors, f"MathJax could not typeset: {errors}"


def test_no_request_leaves_the_machine(visits):
    outside = {v.name: [u for u in v.requests if not is_local(u)] for v in visits.values()}
    outside = {name: urls for name, urls in outside.items() if urls}
    assert not outside, f"requests to other hosts: {outside}"


def test_no_failed_requests(visits):
    failed = {v.name: v.failed_requests for v in visits.values() if v.failed_requests}
    assert not failed, f"resources that did not load: {failed}"


def test_no_javascript_errors(visits):
    errors = {v.name: v.console_errors for v in visits.values() if v.console_errors}
    assert not errors, f"JavaScript console errors: {errors}"


def test_every_image_loaded(visits):
    broken = {v.name: v.broken_images for v in visits.values() if v.broken_images}
    assert not broken, f"images that did not load: {broken}"


def test_every_internal_link_resolves(site, visits):
    by_path = {urllib.parse.urldefrag(v.url).url: v for v in visits.values()}
    missing, checked = [], 0
    for visit in visits.values():
        for link in visit.links:
            target, fragment = urllib.parse.urldefrag(link)
            if urllib.parse.urlsplit(target).scheme != "file":
                continue  # an outside link is not followed; only its target may be offline
            checked += 1
            path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(target).path))
            if not path.exists():
                missing.append(f"{visit.name} -> {link} (no such file)")
            elif path.is_dir() and not (path / "index.html").is_file():
                missing.append(f"{visit.name} -> {link} (a folder without index.html)")
            elif fragment and path.suffix == ".html":
                page = by_path.get(target)
                ids = page.ids if page else _ids_in(path)
                if urllib.parse.unquote(fragment) not in ids:
                    missing.append(f"{visit.name} -> {link} (no anchor #{fragment})")
    assert checked > 10 * len(visits), f"only {checked} internal links were checked"
    assert not missing, "broken internal links:\n" + "\n".join(missing)


def test_chapters_have_launch_and_download_buttons(site, visits):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repository = urllib.parse.urlsplit(config["repository"]["url"]).path.strip("/")
    launchers = {
        name: config["launch_buttons"][f"{name}_url"]
        for name in ("binderhub", "colab", "jupyterhub")
    }
    chapters = [
        v for v in visits.values() if (site / "_sources" / v.name).with_suffix(".ipynb").is_file()
    ]
    assert chapters, "no page was rendered from a notebook"
    for visit in chapters:
        for name, url in launchers.items():
            assert any(
                link.startswith(url) and repository in urllib.parse.unquote(link)
                for link in visit.links
            ), f"{visit.name}: no {name} launch link for {repository}"
        notebook = (site / "_sources" / visit.name).with_suffix(".ipynb").as_uri()
        assert notebook in visit.links, f"{visit.name}: no download link to its .ipynb"


def test_exercise_pages_show_and_launch_the_student_versions(visits):
    """What a reader sees on an exercise page: stubs, no marker of a solution or hidden test,
    and launch links that open the student version, never the source with its solutions."""
    exercises = [v for v in visits.values() if v.name.startswith("book/exercises/")]
    assert exercises, "no exercise page was visited"
    for visit in exercises:
        assert visit.name.startswith("book/exercises/student/"), f"{visit.name}: a source"
        assert "NotImplementedError" in visit.code, f"{visit.name} shows no stub"
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
            assert marker not in visit.text + visit.code, f"{visit.name} shows {marker!r}"
        notebook = visit.name.removesuffix(".html") + ".ipynb"
        launches = [
            urllib.parse.unquote(link)
            for link in visit.links
            if link.startswith("http") and ".ipynb" in urllib.parse.unquote(link)
        ]
        assert launches and all(notebook in link for link in launches), launches


def test_chapters_link_the_notation_page_and_say_how_to_run_them(site, visits):
    notation = (site / "book" / "notation.html").as_uri()
    chapters = [
        v for v in visits.values() if (site / "_sources" / v.name).with_suffix(".ipynb").is_file()
    ]
    for visit in chapters:
        assert notation in visit.links, f"{visit.name} does not link the notation page"
        assert "Run this chapter yourself" in visit.text, (
            f"{visit.name} lacks the note on running it locally (make lab)"
        )


def _ids_in(path: pathlib.Path) -> set[str]:
    """Anchors of a page the browser did not visit (a page outside the table of contents)."""
    html = path.read_text(errors="replace")
    return set(re.findall(r"""\b(?:id|name)=["']([^"']+)["']""", html))
