"""Shared fixtures: paths, a built copy of the site, a local server, and Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for sub in ("scripts", "snippets"):
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# In the browser: is the named web font loaded (used by a page, fetched and decoded)?
FONT_LOADED = """family => [...document.fonts].some(f => f.family.replace(/["']/g, '') === family
                                                    && f.status === 'loaded')"""
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the venv's mkdocs as a reader would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=MKDOCS_ENV,
                          capture_output=True, text=True, timeout=600)


def copy_project(dest: Path) -> Path:
    """A scratch copy of the project (sharing node_modules) to build mutated pages in."""
    for name in ("docs", "snippets", "scripts", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built once per test session with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs("build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


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
    return paths


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
