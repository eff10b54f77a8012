#!/usr/bin/env python3
"""The "Print the course" page: every topic page's built article, in reading order, on one page.

Nothing is typed twice and nothing is rendered twice: the build hands over each topic page's
finished HTML (math already MathML, figures and question tags in place), and this module joins
the articles into the placeholder of docs/print.md (``<!-- print-course -->``) so that one page
reads as one document:

* every id gets its page's prefix (``losses--cross-entropy``), so no id is used twice;
* links inside a page and between topic pages point at those anchors on the course page; any
  other link or image is made relative to the course page, so it still resolves;
* headings move one level down (a page's title becomes an <h2> under the course page's <h1>):
  the outline is one tree;
* the light figures (the ones printed) load with the page, not lazily.

    python scripts/print_course.py site/     # check a built site's course page
"""
from __future__ import annotations

import html as html_lib
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PLACEHOLDER = "<!-- print-course -->"
SOURCE = "print.md"


class PrintError(Exception):
    """A problem that fails the build, with a message naming what to do."""


@dataclass
class Article:
    src_uri: str  # e.g. forward-pass.md
    url: str  # the page's own URL in the site (forward-pass/ or forward-pass.html)
    section: str | None  # the nav section (the part)
    title: str
    html: str  # the built page's <article> contents

    @property
    def slug(self) -> str:
        return Path(self.src_uri).with_suffix("").as_posix().replace("/", "-")

    @property
    def anchor(self) -> str:
        """Where the page starts on the course page: its title's id, prefixed.

        (Not an id on the page's <section>: Material names each code block after the closest
        element with an id, and every code block of a page would get the same name.)"""
        m = TITLE.search(self.html)
        if not m:
            raise PrintError(f"docs/{self.src_uri}: the built page has no <h1 id=…> title to link to")
        return f"{self.slug}--{m.group(1)}"


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(?P<body>.*?)</article>', re.S)
EDIT_BUTTONS = re.compile(r'<a\b[^>]*class="md-content__button[^"]*"[^>]*>.*?</a>\s*', re.S)
ID_ATTR = re.compile(r'(\s(?:id|for|aria-labelledby|aria-describedby|aria-controls))="([^"]*)"')
URL_ATTR = re.compile(r'(\s(?:href|src))="([^"]*)"')
HEADING = re.compile(r"<(/?)h([1-5])\b")
TITLE = re.compile(r'<h1 id="([^"]*)"')
# The light figures are what paper gets: on this page they load with it, not lazily (a browser
# may start printing before a lazy figure far down has arrived).
LIGHT_FIGURE = re.compile(r'<img\b[^>]*#only-light"[^>]*>')


def article_of(page_html: str, where: str) -> str:
    """The contents of a built page's <article>, without Material's edit/view buttons."""
    m = ARTICLE.search(page_html)
    if not m:
        raise PrintError(f"{where}: no <article class=\"md-content__inner md-typeset\"> in the built page: "
                         f"has overrides/main.html or Material's template changed?")
    return EDIT_BUTTONS.sub("", m.group("body")).strip()


def _key(url: str) -> str:
    """A site URL in one spelling: losses/ and losses and losses/index.html are the same page."""
    path = posixpath.normpath(url or ".")
    path = path.removesuffix("/index.html") if path.endswith("/index.html") else path
    return "." if path == "index.html" else path


def _relative(target: str, from_url: str) -> str:
    """`target` (relative to the site root) as seen from the page at `from_url`."""
    base = posixpath.dirname(from_url) if not from_url.endswith("/") else from_url.rstrip("/")
    rel = posixpath.relpath(target or ".", base or ".")
    return rel + ("/" if target.endswith("/") and rel != "." else "")


def rewrite(article: Article, anchors: dict[str, Article], print_url: str) -> str:
    """One article made part of the course page (see the module's docstring)."""
    slug = article.slug

    def ids(m: re.Match) -> str:
        return f'{m.group(1)}="{" ".join(f"{slug}--{v}" for v in m.group(2).split())}"'

    def url(m: re.Match) -> str:
        value = html_lib.unescape(m.group(2))
        parts = urlsplit(value)
        if parts.scheme or value.startswith(("//", "data:")):
            return m.group(0)  # another site, or inline data: unchanged
        if not parts.path:  # an anchor on this page
            return f'{m.group(1)}="#{slug}--{parts.fragment}"' if parts.fragment else m.group(0)
        base = article.url if article.url.endswith("/") else posixpath.dirname(article.url)
        target = posixpath.normpath(posixpath.join(base, parts.path))
        if parts.path.endswith("/"):
            target += "/"
        page = anchors.get(_key(target))
        if page is not None:  # another topic page: its place on the course page
            return f'{m.group(1)}="#{page.slug}--{parts.fragment}"' if parts.fragment else \
                f'{m.group(1)}="#{page.anchor}"'
        new = _relative(target, print_url)
        new += (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return f'{m.group(1)}="{html_lib.escape(new)}"'

    body = ID_ATTR.sub(ids, article.html)
    body = LIGHT_FIGURE.sub(lambda m: m.group(0).replace(' loading="lazy"', ""), body)
    body = URL_ATTR.sub(url, body)
    return HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)


def contents(articles: list[Article]) -> str:
    """The course's contents: parts, and the pages in each, linked to their place below."""
    out = ['<nav class="print-course__contents" aria-label="Pages of the course">']
    for k, a in enumerate(articles):
        if k == 0 or a.section != articles[k - 1].section:
            out += ["</ol>"] if k else []
            out.append(f'<p class="print-course__part">{html_lib.escape(a.section or "Topics")}</p>\n<ol>')
        out.append(f'<li><a href="#{a.anchor}">{html_lib.escape(a.title)}</a></li>')
    out += ["</ol>", "</nav>"]
    return "\n".join(out)


def course(articles: list[Article], print_url: str) -> str:
    """The HTML that replaces the placeholder: the contents, then every article in its own section."""
    anchors = {_key(a.url): a for a in articles}
    sections = [contents(articles)]
    for a in articles:
        sections.append(f'<section class="print-course__page" data-page="{a.slug}" aria-label="{html_lib.escape(a.title)}">\n'
                        f"{rewrite(a, anchors, print_url)}\n</section>")
    return "\n".join(sections)


def fill(print_html: str, articles: list[Article], print_url: str, where: str = f"docs/{SOURCE}") -> str:
    """The built course page with its placeholder replaced by the course."""
    if print_html.count(PLACEHOLDER) != 1:
        raise PrintError(f"{where}: the page must hold the placeholder {PLACEHOLDER} exactly once "
                         f"(found {print_html.count(PLACEHOLDER)}); put it on a line of its own")
    if not articles:
        raise PrintError(f"{where}: no topic page to print: is the nav empty?")
    return print_html.replace(PLACEHOLDER, course(articles, print_url), 1)


ID = re.compile(r'\sid="([^"]*)"')
HREF = re.compile(r'\shref="#([^"]*)"')
PAGE = re.compile(r'<section class="print-course__page" data-page="([^"]*)"')


def check(page_html: str, slugs: list[str], where: str) -> list[str]:
    """Problems of a built course page: a topic page missing or out of order, an id used twice,
    a link to an anchor that is not on the page."""
    problems = []
    found = PAGE.findall(page_html)
    if found != slugs:
        missing = [s for s in slugs if s not in found]
        problems.append(f"{where}: the topic pages are not all there in reading order: expected {slugs}, "
                        f"found {found}" + (f" (missing {missing})" if missing else ""))
    seen: set[str] = set()
    for m in ID.finditer(page_html):
        if m.group(1) in seen:
            line = page_html.count("\n", 0, m.start()) + 1
            problems.append(f"{where}:{line}: id \"{m.group(1)}\" is used twice")
        seen.add(m.group(1))
    for m in HREF.finditer(page_html):
        target = html_lib.unescape(m.group(1))
        if target and target not in seen:
            line = page_html.count("\n", 0, m.start()) + 1
            problems.append(f"{where}:{line}: the link to #{target} leads nowhere on the page")
    return problems


def main(argv: list[str]) -> int:
    """Standalone: check a built site's course page against the topic pages of mkdocs.yml's nav."""
    if len(argv) != 1:
        print("usage: python scripts/print_course.py SITE_DIR", file=sys.stderr)
        return 2
    site = Path(argv[0])
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    import notation
    import page_contract

    # The nav's Markdown pages in reading order (the notebooks' pages are not topic pages).
    slugs = [Article(md, "", None, "", "").slug for md, _ in notation.nav_parts(root)
             if not page_contract.read_page(root / "docs" / md).exempt]
    target = site / "print" / "index.html"
    if not target.exists() and (site / "print.html").exists():  # the offline copy
        target = site / "print.html"
    try:
        problems = check(target.read_text(encoding="utf-8"), slugs, str(target))
    except OSError as exc:
        problems = [f"{target}: cannot read the course page ({exc.strerror}): build the site first"]
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"print_course: {target} holds all {len(slugs)} topic pages in reading order; ids and links sound")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
