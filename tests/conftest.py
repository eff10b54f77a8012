"""Shared fixtures: paths, a built copy of the site, a local server, and Chromium.

`make test` runs the suite on several processes (pytest-xdist). Each build of the project tree
(the site as it is published, the offline copy as a reader makes it) is made once per run, by the first
worker that needs it, and shared with the others (`project_builds`).
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for sub in ("scripts", "snippets"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

import make_figures  # noqa: E402
import notebooks  # noqa: E402
import page_contract  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium opens every new window (Playwright opens one per browser context, so one per test page)
# with web pages of its own for the address bar's suggestions (chrome://omnibox-popup.top-chrome):
# about 1.5 s of CPU a window, for a popup no headless test shows. Chromium reads only the last
# --disable-features it is given, so ours repeats Playwright's own list (PLAYWRIGHT_DISABLED, as
# Playwright 1.65 passes it; tests/test_browser.py checks that it still does).
PLAYWRIGHT_DISABLED = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin",
    "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch",
    "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
)
NO_OMNIBOX_POPUP = ("WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED + NO_OMNIBOX_POPUP),
]
# In the browser: is the named web font loaded (used by a page, fetched and decoded)?
FONT_LOADED = """family => [...document.fonts].some(f => f.family.replace(/["']/g, '') === family
                                                    && f.status === 'loaded')"""
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the venv's mkdocs as a reader would (with `env` added), capturing its output."""
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env={**MKDOCS_ENV, **(env or {})},
                          capture_output=True, text=True, timeout=600)


def build_site(out: Path, **env: str) -> None:
    """`mkdocs build --strict` of the project into `out`, with `env` added to the environment."""
    result = mkdocs("build", "--strict", "--site-dir", str(out), env=env)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")


# The site as the publishing workflow builds it (.github/workflows/pages.yml), with an address
# and a repository: every topic page then links "report a problem" and "edit this page".
REPO = "https://github.com/someone/deep-learning-checked"
SITE = "https://someone.github.io/deep-learning-checked/"


def build_published_site(out: Path) -> None:
    build_site(out, REPO_URL=REPO, SITE_URL=SITE)


def copy_project(dest: Path, builds: ProjectBuilds | None = None) -> Path:
    """A scratch copy of the project (sharing node_modules) to build mutated pages in.

    With `builds`, the copy starts with the project's caches (figures, check results; both keyed
    by content, so nothing stale can come from them): its build draws and checks only what differs.
    """
    for name in ("docs", "snippets", "scripts", "overrides", "notebooks"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "requirements.txt"):  # the notebooks' cache key includes the pins
        shutil.copy(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    if builds:
        builds.copy_caches(dest / ".cache")
    return dest


def break_a_number(project: Path) -> str:
    """Change one digit of forward-pass's worked example in a project copy; returns the checker's message."""
    page = project / "docs" / "forward-pass.md"
    text = page.read_text()
    where = text.index("= 0.4354$")
    page.write_text(text[:where] + "= 0.4364$" + text[where + len("= 0.4354$"):])
    line = text.count("\n", 0, where) + 1
    return (f"docs/forward-pass.md:{line}: the example says 0.4364, snippets/forward_pass.py:Y_hat[0] "
            f"computes 0.43536 (0.4354 at 4 decimals)")


class ProjectBuilds:
    """Builds of the project tree, made once per test run in a directory all workers share.

    Builds from the project tree share its `.cache/` (figures), so they take turns under one
    lock (`lock()`, also for tests that draw into `.cache/`). The first worker that needs a build
    makes it; the others wait, then reuse it, or fail with the same message.
    """

    def __init__(self, run_dir: Path):
        self.dir = run_dir

    @contextlib.contextmanager
    def lock(self):
        with open(self.dir / "project-build.lock", "w") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            yield  # closing the file releases the lock

    def once(self, name: str, build) -> Path:
        """`build(out)` once per run into <run dir>/name; an exception it raises fails every user."""
        out, done, failed = self.dir / name, self.dir / f"{name}.done", self.dir / f"{name}.failed"
        if done.exists():  # made earlier in this run: no need to wait for the lock
            return out
        with self.lock():
            if not done.exists() and not failed.exists():
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                try:
                    build(out)
                    done.write_text(f"{time.perf_counter() - start:.2f}")  # seconds, for scripts/bench.py
                except (Exception, SystemExit) as exc:  # noqa: BLE001 - every worker reports it
                    failed.write_text(str(exc) or type(exc).__name__)
        if failed.exists():
            pytest.fail(f"{name}: {failed.read_text()}", pytrace=False)
        return out

    def figures(self) -> dict[str, Path]:
        """The project's figures, drawn into its cache if stale (as a build does)."""
        with self.lock():
            return make_figures.build(log=lambda *_: None)

    def copy_caches(self, dest: Path) -> None:
        """Copy what builds keep in the project's .cache/ (figures, drawn first if stale; check
        results; the math font subset; the executed notebooks, run first if stale, and their
        pages) into dest."""
        with self.lock():
            make_figures.build(log=lambda *_: None)
            for source in notebooks.sources():  # run once here, not once in every copy
                notebooks.executed(source)
            for name in ("figures", "build", "math-font", "notebooks", "mkdocs-jupyter"):
                if (ROOT / ".cache" / name).is_dir():
                    shutil.copytree(ROOT / ".cache" / name, dest / name)


@pytest.fixture(scope="session")
def project_builds(request, tmp_path_factory) -> ProjectBuilds:
    base = tmp_path_factory.getbasetemp()
    # A pytest-xdist worker's base is <run>/popen-gwN: share <run>, which is new for every run.
    return ProjectBuilds(base.parent if hasattr(request.config, "workerinput") else base)


@pytest.fixture(scope="session")
def built_site(project_builds) -> Path:
    """The site built once per test run with `mkdocs build --strict`, as it is published."""
    return project_builds.once("site", build_published_site)


def needs_builds(item) -> bool:
    """Does the test wait for the project's builds (the site, or the lock they hold)?"""
    return any(name in item.fixturenames for name in ("built_site", "project_builds"))


@pytest.fixture(scope="session", autouse=True)
def site_built_in_the_background(request):
    """The site starts building as the session starts, if a test needs it, while the tests that
    need no build run (they come first: `pytest_collection_modifyitems`). A failed build is
    reported by every test that needs the site."""
    if not any("built_site" in item.fixturenames for item in request.session.items):
        yield
        return
    builds = request.getfixturevalue("project_builds")

    def build():
        try:
            builds.once("site", build_published_site)
        except BaseException:  # noqa: BLE001 - once() recorded it; the tests that need the site fail with it
            pass

    thread = threading.Thread(target=build, name="site build", daemon=True)
    thread.start()
    yield
    thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A local server that says nothing when a browser drops a download (a test's page closes
    while a figure is still arriving); any other error still prints its traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def served(directory: Path):
    """`directory` served on 127.0.0.1 at a free port, quietly: yields its URL."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1 at a free port."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium "
                    f"(sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def site_pages() -> list[str]:
    """The URL path of every page, from the Markdown sources (so new pages are covered)."""
    paths = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        rel = md.relative_to(ROOT / "docs").with_suffix("").as_posix()
        paths.append("" if rel == "index" else (rel[: -len("index")] if rel.endswith("/index") else rel + "/"))
    return paths + notebook_pages()


def topic_pages() -> list[Path]:
    """The Markdown source of every topic page (every page the page contract does not exempt)."""
    return [p for p in sorted((ROOT / "docs").rglob("*.md")) if not page_contract.read_page(p).exempt]


def notebook_pages() -> list[str]:
    """The URL path of every notebook's page (notebooks/<name>.py is shown at notebooks/<name>/)."""
    return [f"notebooks/{source.stem}/" for source in sorted((ROOT / "notebooks").glob("*.py"))]


@pytest.fixture(params=["light", "dark"])
def scheme(request) -> str:
    return request.param


@pytest.fixture
def page(browser, site_url, request):
    """A fresh page that fails the test on any request leaving 127.0.0.1 or any console error.

    Uses the reader's system colour scheme from the `scheme` fixture when the test asks for it.
    """
    scheme = request.getfixturevalue("scheme") if "scheme" in request.fixturenames else "light"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))

    def watch(request):
        url = request.url
        if not url.startswith((site_url.rstrip("/"), "data:", "blob:", "about:")):
            outside.append(url)

    pg.on("request", watch)
    yield pg
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert not errors, f"console errors: {errors}"


# The tests that need no build first, then those that wait for one; in each group, slowest first.
# `make test` hands the tests out in this order, one at a time, to whichever worker is free
# (pytest-xdist's load scheduling with --maxschedchunk 1). So the workers start with tests that
# need no build while the site builds in the background (`site_built_in_the_background`), the slow
# tests start early, each on a worker of its own, and the quick ones fill in at the end, so the
# workers finish together. (In file order, a minute-long test could start last while the others
# had nothing left.) The browser test of every page follows, its heaviest pages (the longest
# sources; the question bank, built from all of them, before them) first.
SLOW_FIRST = (
    "tests/test_figures.py::test_figures_are_deterministic_and_come_in_pairs",
    "tests/test_incremental.py::test_serve_rebuilds_write_exactly_what_a_fresh_build_writes",
    "tests/test_incremental.py::test_every_transcript_of_the_site_is_pure",
    "tests/test_print.py::test_the_course_page_in_both_schemes_and_on_paper",
    "tests/test_pages_in_browser.py::test_page_in_browser[questions/]",  # the longest page
    "tests/test_mutation.py::test_changing_a_digit_or_sign_anywhere_on_the_site_fails_on_that_page_and_line",
    "tests/notebooks/test_digits_mlp.py",  # runs the digits notebook (training) first of all its tests
    "tests/test_incremental.py::test_serve_reports_a_broken_number_and_recovers_on_the_next_good_save",
    "tests/test_math.py::test_invalid_tex_fails_the_build_with_page_and_line",
    "tests/test_check_examples.py::test_a_wrong_digit_fails_the_mkdocs_build",
    "tests/test_check_examples.py::test_cli_exit_codes",
    "tests/test_provenance.py::test_every_topic_page_ends_with_its_provenance_from_the_checker",
    "tests/test_pages_in_browser.py::test_page_in_browser",  # about the same time a page: after the long ones
    "tests/test_offline.py::test_offline_cheat_sheet_question_bank_and_course_page_work_from_disk",
)
# The offline copy is built (under the builds' lock, about 20 s) by the first test that needs it.
# A test that needs the copy, or the lock (a scratch copy's caches, the checker's cache), waits
# meanwhile, its core idle. So the test that builds it comes third among the topic pages'
# browser tests (the question bank's comes earlier), which need neither: the other workers are
# testing pages while it builds. (Each worker keeps one test queued, so the order is approximate.)
OFFLINE_BUILDER = "tests/test_offline.py::test_zip_holds_the_whole_copy"


def _page_weight(item) -> int:
    """A browser test's page: the size of its Markdown source (bigger pages take longer)."""
    callspec = getattr(item, "callspec", None)
    path = callspec.params.get("path") if callspec else None
    if not isinstance(path, str) or not item.nodeid.startswith("tests/test_pages_in_browser.py"):
        return 0
    source = ROOT / "docs" / (path.rstrip("/") + ".md" if path else "index.md")
    if path.startswith("notebooks/"):  # a notebook's page: its source
        source = ROOT / "notebooks" / (path.split("/")[1] + ".py")
    if not source.exists():
        source = ROOT / "docs" / path / "index.md"
    return source.stat().st_size if source.exists() else 0


def pytest_collection_modifyitems(config, items):
    def rank(item):
        slow = [i for i, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)]
        return (needs_builds(item), slow[0] if slow else len(SLOW_FIRST), -_page_weight(item))
    items.sort(key=rank)  # stable: the rest keep their order
    # A notebook runs once, for the first of its tests to start (tests/notebooks/notebook_run.py);
    # a test of it that starts meanwhile on another worker waits for that run, its core idle. So
    # the first test of every notebook comes first (the heaviest first, as ranked): the workers
    # run different notebooks; the notebooks' other tests, which read the runs, come last of the
    # tests that need no build, when the runs are long done.
    notebook = [item for item in items if item.nodeid.startswith("tests/notebooks/")
                and "run" in item.fixturenames and not needs_builds(item)]
    firsts = sorted({item.module.__name__: item for item in reversed(notebook)}.values(), key=items.index)
    later = [item for item in notebook if item not in firsts]
    others = [item for item in items if item not in notebook]
    builds = next((n for n, item in enumerate(others) if needs_builds(item)), len(others))
    items[:] = firsts + others[:builds] + later + others[builds:]
    builder = [item for item in items if item.nodeid == OFFLINE_BUILDER]
    pages = SLOW_FIRST.index("tests/test_pages_in_browser.py::test_page_in_browser")
    first_page = next((n for n, item in enumerate(items) if rank(item)[1] == pages), None)
    if builder and first_page is not None:
        items.remove(builder[0])
        items.insert(first_page + 2, builder[0])
