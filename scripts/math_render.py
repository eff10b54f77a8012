#!/usr/bin/env python3
"""Render the math of built HTML pages as native MathML at build time: no math JavaScript in the pages.

``pymdownx.arithmatex`` (generic mode) leaves TeX in the HTML as
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``.
:func:`render_page` replaces each with MathML Core written by Temml (npm ``temml``), from one
long-lived Node process (``scripts/math_server.mjs``). Browsers lay MathML out themselves, so a
page carries one element tree per formula (KaTeX's HTML + MathML copy was about four times
larger). Invalid TeX raises :class:`TexError` naming the formula.

The math font is STIX Two Math (npm ``@fontsource/stix-two-math``, SIL Open Font Licence), cut
down by :func:`subset_font` to the characters the rendered pages use, stretchy variants kept:
one small file for every page, rebuilt when the content needs a new character.

Standalone: ``python scripts/math_render.py 'e^{i\\pi} + 1 = 0'`` prints the MathML.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "scripts" / "math_server.mjs"
TEMML_CSS = ROOT / "node_modules" / "temml" / "dist" / "Temml-STIX2.css"
FONT_PACKAGE = ROOT / "node_modules" / "@fontsource" / "stix-two-math"
FONT_SOURCE = FONT_PACKAGE / "files" / "stix-two-math-latin-400-normal.woff"
FONT_LICENCE = FONT_PACKAGE / "LICENSE"
# Google's build of STIX Two Math (the one npm carries) has lost the OpenType features that lower a
# prime to superscript height (ss04, ssty): primes come from Temml's own small font instead, as
# Temml's stylesheet does for fonts without those features.
PRIME_SOURCE = ROOT / "node_modules" / "temml" / "dist" / "Temml.woff2"
PRIMES = "\u2032\u2033\u2034\u2035\u2036\u2037\u2057"
FONT_CACHE = ROOT / ".cache" / "math-font"
FONT_FAMILY = "STIX Two Math subset"
# Served from the built site; the stylesheet refers to the font and licence by these names.
STYLESHEET = "assets/math/math.css"
FONT_FILE = "assets/math/stix-two-math.woff2"
PRIME_FILE = "assets/math/temml-primes.woff2"
LICENCE_FILE = "assets/math/OFL.txt"

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
MATHML = re.compile(r"<math\b.*?</math>", re.S)
TAG = re.compile(r"<[^>]*>")
INSTALL = "run `npm ci` (or `make setup`)"


class TexError(Exception):
    """A formula Temml cannot render; ``tex`` is the formula when known."""

    def __init__(self, message: str, tex: str | None = None):
        super().__init__(message)
        self.tex = tex


class MathRenderer:
    """One Node process running Temml, asked one formula at a time; answers are cached."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._cache: dict[tuple[str, bool], str] = {}

    def _start(self) -> subprocess.Popen:
        node = shutil.which("node")
        if node is None:
            raise TexError("node is not on PATH: install Node.js 20 or newer to render math")
        if not (ROOT / "node_modules" / "temml").is_dir():
            raise TexError(f"node_modules/temml is missing: {INSTALL}")
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
            raise TexError("the Temml process stopped unexpectedly")
        answer = json.loads(line)
        if "fatal" in answer:
            raise TexError(answer["fatal"])
        if "error" in answer:
            raise TexError(answer["error"])
        self._cache[key] = mathml = tex_spacing(answer["html"])
        return mathml

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()
            self._proc.wait(timeout=10)
            self._proc = None

    def __enter__(self) -> "MathRenderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


SIZED_DELIMITER = re.compile(r'<mo (?![^>]*\blspace=)(?=[^>]*\bminsize=)')


def tex_spacing(mathml: str) -> str:
    """``\\big(`` and friends get TeX's spacing (none): as an <mo> in the middle of a row, MathML
    would give a bracket an operator's space on each side."""
    return SIZED_DELIMITER.sub('<mo lspace="0em" rspace="0em" ', mathml)


def strip_delimiters(body: str) -> tuple[str, bool]:
    """'\\(x\\)' -> ('x', False); '\\[x\\]' -> ('x', True); environments are display math."""
    tex = html.unescape(body).strip()
    for left, right, display in (("\\(", "\\)", False), ("\\[", "\\]", True), ("$$", "$$", True)):
        if tex.startswith(left) and tex.endswith(right):
            return tex[len(left):-len(right)], display
    if tex.startswith("$") and tex.endswith("$"):
        return tex[1:-1], False
    return tex, True  # \begin{align}...\end{align}


def render_page(page_html: str, renderer: MathRenderer) -> tuple[str, int]:
    """Replace every arithmatex span/div by MathML. Returns (html, formulas rendered).

    Display math sits in ``<div class="math-display"><div class="math-scroll">``: the inner box
    scrolls sideways when a formula is wider than the screen.
    """
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
            return f'<div class="math-display"><div class="math-scroll">{rendered}</div></div>'
        return rendered

    return MATH.sub(replace, page_html), count


# ---------------------------------------------------------------------------
# The font: one subset of STIX Two Math for the whole site


def _italic(ch: str) -> str | None:
    """The mathematical italic form of a Latin or Greek letter: how a browser draws a lone <mi>."""
    if ch == "h":
        return "\u210e"  # the italic h lives at PLANCK CONSTANT
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    m = re.fullmatch(r"(?:LATIN|GREEK) (CAPITAL|SMALL) LETTER (\w+)|GREEK (\w+) SYMBOL", name)
    if not m:
        return None
    wanted = (f"MATHEMATICAL ITALIC {m.group(1)} {m.group(2)}" if m.group(1)
              else f"MATHEMATICAL ITALIC {m.group(3)} SYMBOL")
    try:
        return unicodedata.lookup(wanted)
    except KeyError:
        return None


def math_characters(page_html: str) -> set[str]:
    """Every character the page's MathML draws, with the italic forms single-letter <mi> take."""
    chars: set[str] = set()
    for m in MATHML.finditer(page_html):
        chars.update(html.unescape(TAG.sub("", m.group(0))))
    chars.update(filter(None, map(_italic, list(chars))))
    chars.update("0123456789()")  # equation numbers drawn by the stylesheet
    if "<msqrt" in page_html or "<mroot" in page_html:
        chars.add("\u221a")  # the radical sign is drawn by the element, not written in it
    chars.discard("\n")
    return chars


def subset_font(chars: set[str], dest: Path, source: Path = FONT_SOURCE) -> Path:
    """Write ``source`` cut down to ``chars`` (stretchy variants and layout features kept) as woff2.

    Cached in .cache/math-font by font and character set: a build that needs no new character
    does not subset again.
    """
    if not source.is_file():
        raise TexError(f"{source.relative_to(ROOT)} is missing: {INSTALL}")
    from fontTools import subset

    text = "".join(sorted(chars))
    key = hashlib.sha256(f"{source.name} {source.stat().st_size} {text}".encode()).hexdigest()[:16]
    cached = FONT_CACHE / f"{source.stem}-{key}.woff2"
    if not cached.is_file():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        sub = subset.Subsetter(options)
        sub.populate(text=text)
        sub.subset(font)
        FONT_CACHE.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        subset.save_font(font, str(tmp), options)
        tmp.replace(cached)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, dest)
    return dest


def write_fonts(chars: set[str], site_dir: Path) -> list[Path]:
    """The site's two math fonts: STIX Two Math for ``chars``, Temml's primes when a page has one."""
    written = [subset_font(chars, site_dir / FONT_FILE)]
    primes = chars & set(PRIMES)
    if primes:
        written.append(subset_font(primes, site_dir / PRIME_FILE, PRIME_SOURCE))
    return written


def stylesheet() -> str:
    """Temml's stylesheet for STIX Two, pointed at the site's own subset of the font."""
    if not TEMML_CSS.is_file():
        raise TexError(f"node_modules/temml is missing: {INSTALL}")
    css = TEMML_CSS.read_text(encoding="utf-8")
    face, n = re.subn(r"@font-face\s*\{[^}]*\}",
                      "@font-face {\n  font-family: '" + FONT_FAMILY + "';\n  src: url('"
                      + Path(FONT_FILE).name + "') format('woff2');\n  font-display: swap;\n}", css, count=1)
    face, m = re.subn(r"font-family:\s*STIX2,\s*math;", f"font-family: '{FONT_FAMILY}', math;", face)
    if n != 1 or m != 1:
        raise TexError(f"{TEMML_CSS.relative_to(ROOT)} changed shape (no STIX2 @font-face / font-family): "
                       "update math_render.stylesheet() for the new Temml")
    primes = ("\n/* Primes at superscript height from Temml's font (see PRIME_SOURCE in math_render.py). */\n"
              "@font-face {\n  font-family: 'Temml';\n  src: url('" + Path(PRIME_FILE).name + "') format('woff2');\n}\n"
              "mo.tml-prime {\n  font-family: Temml;\n  font-feature-settings: normal;\n}\n")
    return f"/* Temml {temml_version()}: {TEMML_CSS.name}, font subset by scripts/math_render.py */\n{face}{primes}"


def temml_version() -> str:
    return json.loads((ROOT / "node_modules" / "temml" / "package.json").read_text())["version"]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python scripts/math_render.py 'TeX'", file=sys.stderr)
        sys.exit(2)
    with MathRenderer() as r:
        try:
            print(r.render(sys.argv[1], display=True))
        except TexError as exc:
            print(f"math_render: {exc}", file=sys.stderr)
            sys.exit(1)
