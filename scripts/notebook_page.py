#!/usr/bin/env python3
"""A notebook's page: mkdocs-jupyter's HTML, trimmed to what the site itself renders.

mkdocs-jupyter turns an executed notebook into HTML with JupyterLab's look: about 600 KB of inline
CSS, MathJax and Mermaid loaded from a CDN, a clipboard script, and every figure inlined as base64.
:func:`rewrite` keeps the cells and makes them like the rest of the site:

* no ``<style>`` or ``<script>``: the cells are styled by the site's stylesheet, code by Material's
  (with its copy button), so nothing is fetched from elsewhere;
* math in markdown cells (``$…$``, ``$$…$$``, left as text by nbconvert) becomes the markup
  pymdownx.arithmatex writes, so the site's renderer turns it into MathML like on every page;
* a link to a page's source (``../docs/losses.md#anchor``, which works in a checkout) becomes the
  link to the built page;
* each figure is a file of its own (:func:`figures`), loaded lazily at its reserved size, with the
  alt text its cell gives in a ``# alt: …`` comment (one per figure, in order).

Problems (a figure without alt text, a link to no page) come back as ``file:line: message``.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
import struct
from dataclasses import dataclass
from pathlib import Path

ALT = re.compile(r"^\s*# alt:\s*(.*\S)\s*$", re.M)
IMAGE_TYPES = {"image/png": "png", "image/svg+xml": "svg"}


@dataclass
class Figure:
    data: bytes
    ext: str
    alt: str
    width: int | None
    height: int | None

    @property
    def name(self) -> str:
        return f"{hashlib.sha256(self.data).hexdigest()[:12]}.{self.ext}"


def line_in(source_text: str, cell_source: str) -> int:
    """The line of source_text where cell_source's first non-blank line is (1 when it is not there)."""
    first = next((ln for ln in cell_source.splitlines() if ln.strip()), "")
    index = source_text.find(first) if first else -1
    return source_text.count("\n", 0, index) + 1 if index >= 0 else 1


def _png_size(data: bytes) -> tuple[int, int] | tuple[None, None]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None, None


def figures(nb, source: Path, label: str) -> tuple[list[Figure], list[str]]:
    """Every figure the executed notebook shows, in order, with the alt text its cell gives."""
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    found, problems = [], []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        images = [(mime, out["data"][mime]) for out in cell.get("outputs", []) for mime in IMAGE_TYPES
                  if mime in out.get("data", {})]
        alts = ALT.findall(cell.source)
        if len(alts) != len(images):
            problems.append(f"{label}:{line_in(text, cell.source)}: this cell shows {len(images)} "
                            f"figure(s) but gives {len(alts)} '# alt: …' comment(s): give each figure "
                            "one comment saying what it shows, in the order they are drawn")
            alts = (alts + [""] * len(images))[:len(images)]
        for (mime, payload), alt in zip(images, alts):
            if mime == "image/png":
                data = base64.b64decode(payload)
                width, height = _png_size(data)
            else:
                data = (payload if isinstance(payload, str) else "".join(payload)).encode()
                width = height = None
            found.append(Figure(data, IMAGE_TYPES[mime], alt, width, height))
    return found, problems


# --- the HTML -------------------------------------------------------------------------------------

DROP = re.compile(r"<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->", re.S)
CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
                       r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>', re.S)
EMPTY_PARTS = re.compile(r'<div class="jp-(?:Collapser|InputPrompt|OutputPrompt)[^"]*"[^>]*>\s*(?:In&nbsp;\[\d*\]:|Out\[\d+\]:|In \[\d*\]:)?\s*</div>')
CELL_ID = re.compile(r' id="cell-id=[^"]*"')
TABINDEX = re.compile(r'(<div class="jp-[^"]*"[^>]*?)\s*tabindex="0"')  # outputs wrap: nothing scrolls
CODE = re.compile(r'<div class="highlight-ipynb hl-python"><pre><span></span>(.*?)</pre></div>', re.S)
ANCHOR = re.compile(r'<a class="anchor-link" href="#([^"]+)">¶</a>')
MARKDOWN = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput"'
                      r' data-mime-type="text/markdown">)(.*?)(</div>)', re.S)
DISPLAY_MATH = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>|\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?!\d)")
IMG = re.compile(r'<img alt="[^"]*" class="" src="data:image/(?:png;base64,[^"]*|svg\+xml[^"]*)"\s*/?>')
SVG_OUT = re.compile(r'<div class="jp-RenderedSVG jp-OutputArea-output"[^>]*>\s*<svg\b.*?</svg>\s*</div>', re.S)
SOURCE_LINK = re.compile(r'href="\.\./docs/([\w./-]+?\.md)(#[^"]*)?"')


def _math(markdown_html: str) -> str:
    """$$…$$ and $…$ as pymdownx.arithmatex writes them (the TeX stays HTML-escaped, as there)."""
    def display(m: re.Match) -> str:
        return f'<div class="arithmatex">\\[{(m.group(1) or m.group(2)).strip()}\\]</div>'

    out = DISPLAY_MATH.sub(display, markdown_html)
    parts = re.split(r'(<div class="arithmatex">.*?</div>|<code>.*?</code>|<pre>.*?</pre>)', out, flags=re.S)
    for i in range(0, len(parts), 2):  # not inside display math or code
        parts[i] = INLINE_MATH.sub(lambda m: f'<span class="arithmatex">\\({m.group(1)}\\)</span>', parts[i])
    return "".join(parts)


def rewrite(body: str, figs: list[tuple[str, Figure]], page_link, label: str,
            source_text: str = "") -> tuple[str, list[str]]:
    """The page's HTML without inline styles and scripts, math, links and figures the site's way.

    ``figs`` pairs each figure (in order) with its URL relative to the page; ``page_link(uri,
    anchor)`` returns the relative URL of the docs page ``uri``, or None when there is no such page.
    ``source_text`` (the notebook's .py) gives problems their line.
    """
    problems = []
    out = DROP.sub("", body)
    out = CLIPBOARD.sub("", out)
    out = EMPTY_PARTS.sub("", out)
    out = CELL_ID.sub("", out)
    out = TABINDEX.sub(r"\1", out)
    # Code the way Material writes it: its stylesheet colours it and its copy button finds it.
    out = CODE.sub(lambda m: f'<div class="highlight"><pre><span></span><code>{m.group(1)}</code></pre></div>', out)
    out = ANCHOR.sub(lambda m: f'<a class="headerlink" href="#{m.group(1)}" title="Permanent link">¶</a>', out)
    out = MARKDOWN.sub(lambda m: m.group(1) + _math(m.group(2)) + m.group(3), out)

    def link(m: re.Match) -> str:
        target = page_link(m.group(1), (m.group(2) or "#")[1:])
        if target is None:
            line = line_in(source_text, f"../docs/{m.group(1)}")
            problems.append(f"{label}:{line}: a markdown cell links to ../docs/{m.group(1)}, which is not a "
                            "page of the site: link to one of docs/*.md")
            return m.group(0)
        return f'href="{target}{m.group(2) or ""}"'

    out = SOURCE_LINK.sub(link, out)
    images = iter(figs)

    def image(m: re.Match) -> str:
        url, fig = next(images, (None, None))
        if fig is None:
            problems.append(f"{label}: the page shows more figures than the notebook has")
            return m.group(0)
        size = f' width="{fig.width}" height="{fig.height}"' if fig.width else ""
        return (f'<img class="nb-figure" src="{url}" alt="{html.escape(fig.alt, quote=True)}"{size} '
                'loading="lazy" decoding="async">')

    out = IMG.sub(image, out)
    out = SVG_OUT.sub(lambda m: f'<div class="jp-RenderedImage jp-OutputArea-output">{image(m)}</div>', out)
    if next(images, None) is not None:
        problems.append(f"{label}: the notebook has figures its page does not show")
    return out, problems


def download_box(title: str, ipynb_url: str, ipynb_name: str, source: str) -> str:
    """The note at the top of a notebook's page: download it, or run it yourself."""
    return (
        '<div class="admonition info nb-download"><p class="admonition-title">Run it yourself</p>'
        f'<p>This page is the notebook <strong>{html.escape(title)}</strong>, run from a clean kernel when the '
        f'site was built. <a href="{ipynb_url}" download="{ipynb_name}">Download it (.ipynb, with outputs)</a>, '
        'or get the repository and run <code>make notebooks</code>: it opens Jupyter on the notebooks with '
        f'the site\'s tested functions at hand. Its source is <code>{html.escape(source)}</code>.</p></div>'
    )
