#!/usr/bin/env python3
"""Render the math of built HTML pages with KaTeX at build time: no math JavaScript in the pages.

``pymdownx.arithmatex`` (generic mode) leaves TeX in the HTML as
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``.
:func:`render_page` replaces each with KaTeX's HTML, produced by one long-lived
Node process (``scripts/katex_server.mjs``) that uses the ``katex`` package
installed by ``npm ci``. Invalid TeX raises :class:`TexError` naming the formula.

Standalone: ``python scripts/katex_render.py 'e^{i\\pi} + 1 = 0'`` prints the HTML.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "scripts" / "katex_server.mjs"
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"

# Macros available on every page. \nocheck{3} renders as 3 and tells scripts/check_examples.py
# that the number is not a result (an index, a constant of a formula).
MACROS = {
    r"\nocheck": "#1",
    r"\R": r"\mathbb{R}",
}

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>',
    re.S,
)


class TexError(Exception):
    """A formula KaTeX cannot render; ``tex`` is the formula when known."""

    def __init__(self, message: str, tex: str | None = None):
        super().__init__(message)
        self.tex = tex


class KatexRenderer:
    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._cache: dict[tuple[str, bool], str] = {}

    def _start(self) -> subprocess.Popen:
        node = shutil.which("node")
        if node is None:
            raise TexError("node is not on PATH: install Node.js 20 or newer to render math")
        if not (ROOT / "node_modules" / "katex").is_dir():
            raise TexError("node_modules/katex is missing: run `npm ci` (or `make setup`)")
        return subprocess.Popen(
            [node, str(SERVER), json.dumps(MACROS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def render(self, tex: str, display: bool) -> str:
        key = (tex, display)
        if key in self._cache:
            return self._cache[key]
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._start()
        self._proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise TexError("the KaTeX process stopped unexpectedly")
        answer = json.loads(line)
        if "fatal" in answer:
            raise TexError(answer["fatal"])
        if "error" in answer:
            raise TexError(answer["error"])
        self._cache[key] = answer["html"]
        return answer["html"]

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()
            self._proc.wait(timeout=10)
            self._proc = None

    def __enter__(self) -> "KatexRenderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def strip_delimiters(body: str) -> tuple[str, bool]:
    """'\\(x\\)' -> ('x', False); '\\[x\\]' -> ('x', True); environments are display math."""
    tex = html.unescape(body).strip()
    for left, right, display in (("\\(", "\\)", False), ("\\[", "\\]", True), ("$$", "$$", True)):
        if tex.startswith(left) and tex.endswith(right):
            return tex[len(left):-len(right)], display
    if tex.startswith("$") and tex.endswith("$"):
        return tex[1:-1], False
    return tex, True  # \begin{align}...\end{align}


def render_page(page_html: str, renderer: KatexRenderer) -> tuple[str, int]:
    """Replace every arithmatex span/div by KaTeX HTML. Returns (html, formulas rendered)."""
    count = 0

    def replace(m: re.Match) -> str:
        nonlocal count
        tex, display = strip_delimiters(m.group("body"))
        try:
            rendered = renderer.render(tex, display)
        except TexError as exc:
            raise TexError(f"{exc} (in the formula  {tex}  )", tex) from None
        count += 1
        if display:
            return f'<div class="math-display">{rendered}</div>'
        return rendered

    return MATH.sub(replace, page_html), count


def assets() -> list[Path]:
    """KaTeX's stylesheet and fonts, to be served from the site itself."""
    if not KATEX_DIST.is_dir():
        raise TexError("node_modules/katex is missing: run `npm ci` (or `make setup`)")
    files = [KATEX_DIST / "katex.min.css"]
    files += sorted((KATEX_DIST / "fonts").glob("*.woff2"))
    return files


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python scripts/katex_render.py 'TeX'", file=sys.stderr)
        sys.exit(2)
    with KatexRenderer() as r:
        try:
            print(r.render(sys.argv[1], display=True))
        except TexError as exc:
            print(f"katex_render: {exc}", file=sys.stderr)
            sys.exit(1)
