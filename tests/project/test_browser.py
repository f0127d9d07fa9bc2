"""The website as a reader sees it: every page opened in a headless Chromium, offline.

Each built page is loaded from disk (file:// URLs) in Debian's system Chromium, driven by
playwright (which never downloads a browser of its own). One visit per page records what the
browser did; the tests below check that record:

- the mathematics is typeset by the MathJax served from the site itself;
- no request leaves the machine (any http(s) request to another host is blocked and recorded);
- the JavaScript console stays free of errors;
- every image has loaded;
- every internal link points at a file that exists, and at an anchor that exists in it;
- no output area (a cell's output, displayed mathematics) is wider than the article's column:
  nothing in it is clipped or needs a horizontal scroll bar.
- accessibility: every image has alternative text that describes it (not empty, not a file
  name), every typeset formula carries the assistive MathML a screen reader reads, the
  headings of each article go down one level at a time, and axe-core (tests/project/axe,
  installed with `npm ci`) finds no serious or critical violation, in light mode and, for
  colour contrast, in dark mode.

A PNG screenshot of each page is saved under _build/screenshots/ for review.
Set BOOK_SITE to a built html folder to check that one instead of building the book.
"""

from __future__ import annotations

import dataclasses
import itertools
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
AXE = ROOT / "tests" / "project" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# axe-core's impact levels that fail the test (the others are reported, not failed).
AXE_FAILING = {"serious", "critical"}
IMAGE_FILE = re.compile(r"(^|/)[^/\s]+\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)
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
    overflows: list[str] = dataclasses.field(default_factory=list)
    images: list[dict] = dataclasses.field(default_factory=list)
    math_without_mathml: int = 0
    headings: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    axe: list[dict] = dataclasses.field(default_factory=list)
    axe_dark: list[dict] = dataclasses.field(default_factory=list)
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
    overflows: overflowingOutputs(),
    images: images.map(img => ({src: img.getAttribute('src'), alt: img.getAttribute('alt')})),
    // What a screen reader gets of a formula: the MathML MathJax puts beside what it draws.
    mathWithoutMathml: Array.from(document.querySelectorAll('mjx-container')).filter(
      el => !el.querySelector('mjx-assistive-mml math') && !el.getAttribute('aria-label')
    ).length,
    // The headings of the text: the article (the search page has none, only its main part).
    headings: Array.from(
      (document.querySelector('article') || document.querySelector('#main-content'))
        .querySelectorAll('h1, h2, h3, h4, h5, h6')
    ).map(h => [Number(h.tagName[1]), h.textContent.trim()]),
  };
}
"""

# Output areas wider than the article's column. An area overflows when it, or anything inside
# it, is clipped or scrolls (scrollWidth beyond clientWidth on an element whose overflow is not
# visible) or ends to the right of the column. Areas that are not displayed (folded) are skipped.
# The areas are what the code printed or displayed (a cell's output) and the displayed
# mathematics of the text: a reader cannot reflow those, so they must fit. Code (a cell's input,
# a code block of the text) is not checked: a code box scrolls sideways by design, because
# wrapping a line of code would change what it reads as, and code is copied rather than read
# in one glance.
OVERFLOW = """
function overflowingOutputs() {
  const AREAS = '.cell_output, div.math, mjx-container[display="true"]';
  const MATH = 'span.math, div.math, mjx-container';
  const TOLERANCE = 2;  // px: sub-pixel rounding of widths
  const column = document.querySelector('article.bd-article') || document.body;
  const right = column.getBoundingClientRect().right;
  const cells = Array.from(document.querySelectorAll('div.cell'));
  const shown = el => el.getClientRects().length > 0;
  // How far the content of a clipping or scrolling element reaches beyond its box.
  const excess = el => {
    if (el.scrollWidth <= el.clientWidth + TOLERANCE || el.clientWidth === 0) return 0;
    if (getComputedStyle(el).overflowX === 'visible') return 0;
    if (el.matches(MATH)) {
      // scrollWidth counts the empty side bearings of MathJax's glyph boxes: measure the
      // boxes that are drawn, the math element's children, instead.
      const left = el.getBoundingClientRect().left;
      const ends = Array.from(el.children, c => c.getBoundingClientRect().right);
      return Math.max(left, ...ends) - left - el.clientWidth;
    }
    return el.scrollWidth - el.clientWidth;
  };
  const outermost = Array.from(document.querySelectorAll(AREAS))
    .filter(el => shown(el) && !(el.parentElement && el.parentElement.closest(AREAS)));
  const found = [];
  for (const area of outermost) {
    for (const el of [area, ...area.querySelectorAll('*')]) {
      // Inside typeset mathematics only the container counts: MathJax clips on purpose (the
      // pieces of a stretched brace or arrow).
      if (el !== area && el.parentElement.closest('mjx-container')) continue;
      if (!shown(el)) continue;
      let why = '';
      if (excess(el) > TOLERANCE) {
        why = `${Math.round(excess(el))} px more than its ${el.clientWidth} px`;
      } else if (el.getBoundingClientRect().right > right + TOLERANCE) {
        why = `${Math.round(el.getBoundingClientRect().right - right)} px past the column`;
      }
      if (why) {
        const cell = area.closest('div.cell');
        const kind = area.matches('.cell_output') ? 'output' : 'math';
        const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
        const place = cell ? `code cell ${cells.indexOf(cell) + 1}, ` : '';
        const tag = el.tagName.toLowerCase() + (el.classList.length ? '.' + el.classList[0] : '');
        found.push(`${place}${kind}, <${tag}> ${why}: "${text}"`);
        break;
      }
    }
  }
  return found;
}
"""

# axe-core's report, reduced to what the test prints: rule, impact, how many elements, where.
AXE_RUN = """
async (rules) => {
  // No preload: axe would fetch the stylesheets again, which a page opened from disk may not.
  const options = {resultTypes: ['violations'], preload: false};
  if (rules) options.runOnly = {type: 'rule', values: rules};
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}
"""

# The theme's dark mode, as the reader's switch sets it; transitions off, so that the colours
# axe reads are the final ones.
DARK_MODE = """
async () => {
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after { transition: none !important; }';
  document.head.appendChild(still);
  document.documentElement.dataset.mode = 'dark';
  document.documentElement.dataset.theme = 'dark';
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
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
            report = page.evaluate(f"(() => {{ {OVERFLOW}; return ({INSPECT})(); }})()")
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
            visit.overflows = report["overflows"]
            visit.images = report["images"]
            visit.math_without_mathml = report["mathWithoutMathml"]
            visit.headings = [tuple(h) for h in report["headings"]]
            if AXE.is_file():
                page.add_script_tag(path=str(AXE))
                visit.axe = page.evaluate(AXE_RUN, None)
            visit.screenshot = shots / (name.replace("/", "__").removesuffix(".html") + ".png")
            page.screenshot(path=str(visit.screenshot), full_page=True)
            if AXE.is_file():
                page.evaluate(DARK_MODE)
                visit.axe_dark = page.evaluate(AXE_RUN, ["color-contrast"])
            visits[name] = visit
        browser.close()
    return visits


def axe_summary(visits: dict[str, PageVisit]) -> list[str]:
    """One line per axe-core rule that found something, of any impact: elements and pages."""
    rules: dict[tuple[str, str], list] = {}
    for visit in visits.values():
        for mode, found in (("light", visit.axe), ("dark", visit.axe_dark)):
            for violation in found:
                count = rules.setdefault((mode, violation["id"]), [violation["impact"], 0, 0])
                count[1] += violation["nodes"]
                count[2] += 1
    return [
        f"axe ({mode}): {rule} ({impact}): {nodes} elements on {pages} pages"
        for (mode, rule), (impact, nodes, pages) in sorted(rules.items())
    ]


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
        for line in axe_summary(result):
            print(line)
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


def test_no_output_is_wider_than_its_column(visits):
    # Code cells are numbered from 1 in the page's order; Markdown cells are not counted.
    wide = {v.name: v.overflows for v in visits.values() if v.overflows}
    listing = "\n".join(f"{name}:\n  " + "\n  ".join(found) for name, found in wide.items())
    assert not wide, f"outputs wider than the article's column:\n{listing}"


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


def test_every_image_has_alternative_text(visits):
    missing = {}
    for visit in visits.values():
        for image in visit.images:
            alt = (image["alt"] or "").strip()
            src = image["src"] or ""
            if not alt or IMAGE_FILE.search(alt) or alt in (src, src.rsplit("/", 1)[-1]):
                missing.setdefault(visit.name, []).append(f"{src} (alt={image['alt']!r})")
    assert not missing, "images without alternative text:\n" + "\n".join(
        f"{name}: {images}" for name, images in missing.items()
    )


def test_math_carries_assistive_mathml(visits):
    formulas = sum(v.mathjax_containers for v in visits.values())
    assert formulas, "no typeset formula: the check checked nothing"
    bare = {v.name: v.math_without_mathml for v in visits.values() if v.math_without_mathml}
    assert not bare, f"formulas without assistive MathML or a spoken label, per page: {bare}"


def test_headings_go_down_one_level_at_a_time(visits):
    wrong = {}
    for visit in visits.values():
        levels = [level for level, _ in visit.headings]
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            wrong[visit.name] = f"the page must open with its one h1, got {levels[:5]}"
            continue
        for (before, _), (level, text) in itertools.pairwise(visit.headings):
            if level > before + 1:
                wrong[visit.name] = f"h{before} is followed by h{level} ({text!r})"
                break
    assert not wrong, f"headings out of order: {wrong}"


def axe_failures(visits, mode: str) -> dict[str, list[dict]]:
    if not AXE.is_file() and os.environ.get("CI"):
        pytest.fail(f"{AXE} is missing on CI: .ci/run should have run `npm ci` in its folder")
    if not AXE.is_file():
        pytest.skip(f"accessibility check skipped: {AXE} is missing (npm ci in its folder)")
    failures = {}
    for visit in visits.values():
        found = [v for v in getattr(visit, mode) if v["impact"] in AXE_FAILING]
        if found:
            failures[visit.name] = found
    return failures


def test_no_serious_accessibility_violations(visits):
    failures = axe_failures(visits, "axe")
    assert not failures, "axe-core, serious or critical:\n" + "\n".join(
        f"{name}: {found}" for name, found in failures.items()
    )


def test_contrast_is_sufficient_in_dark_mode(visits):
    failures = axe_failures(visits, "axe_dark")
    assert not failures, "axe-core colour contrast in dark mode:\n" + "\n".join(
        f"{name}: {found}" for name, found in failures.items()
    )
