#!/usr/bin/env python3
"""The glossary: terms defined once in docs/glossary.md, shown as tooltips on the topic pages.

docs/glossary.md is a Markdown definition list. Each entry is one or more terms (synonyms, one
a line) and a definition of one or two plain sentences that ends with a link to the section
that teaches the term::

    Logit
    :   The raw score a network gives a class before softmax turns the scores into
        probabilities. [Losses: cross-entropy](losses.md#cross-entropy)

The definition, without its link, is the tooltip text: it is typed once, here.

The checks, each a ``docs/glossary.md:line:`` problem:

* a term is defined once (synonyms and plurals included);
* a definition is not empty, and ends with a link;
* the link names a page under docs/ and, after ``#``, a heading of that page;
* every term is used in the running prose of some topic page (checked on the built HTML:
  ``link_terms`` records which terms it linked; standalone, the pages are converted with the
  site's own Markdown extensions).

On a topic page, ``link_terms`` turns the first use of each term in running prose (not in a
heading, a link, code, math, a table, an admonition or a collapsible block) into a link to its glossary
entry that shows the definition on hover and on keyboard focus (``role="tooltip"``, referenced by
``aria-describedby``, so a screen reader reads it as the link's description). Terms match whole
words, case-insensitively, with a plural "s" or "es"; the longest term wins ("mini-batch" is
not read as "batch").

The tooltips are added after Material's search plugin has read the page, so the search index
holds each definition once: on the Glossary page.

    python scripts/glossary.py            # check docs/glossary.md against docs/
"""
from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import page_contract  # noqa: E402

ROOT = SCRIPTS.parent
GLOSSARY = "glossary.md"
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Entry:
    terms: list[str]  # as written; the first names the entry
    line: int  # line of the first term
    term_lines: list[int] = field(default_factory=list)
    definition: str = ""  # plain text, without the link: the tooltip
    target: str = ""  # page.md#anchor
    target_line: int = 0

    @property
    def slug(self) -> str:
        return slug(self.terms[0])


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    find: re.Pattern | None = None  # the terms' pattern (link_terms)

    def by_term(self) -> dict[str, Entry]:
        return {t.lower(): e for e in self.entries for t in e.terms}

    def summary(self) -> str:
        return f"glossary: {len(self.entries)} entries ({len(self.by_term())} terms), each defined once"


def slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def plain(markdown: str) -> str:
    """A definition's Markdown as the plain text a tooltip shows."""
    text = re.sub(r"`([^`]*)`", r"\1", markdown)
    text = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def parse(text: str, rel: str = f"docs/{GLOSSARY}") -> Glossary:
    """Read the definition list of the glossary page (its front matter and intro are skipped)."""
    g = Glossary()
    lines = text.split("\n")
    pending: list[tuple[int, str]] = []  # terms waiting for their definition
    current: Entry | None = None
    body: list[tuple[int, str]] = []

    def close():
        if current is None:
            return
        words = " ".join(t for _, t in body).strip()
        at = body[0][0] if body else current.line
        m = LINK.search(words)
        if not words:
            g.problems.append(f"{rel}:{current.line}: the term {current.terms[0]!r} has an empty definition: "
                              f"write one or two plain sentences after ':   '")
            return
        if not m:
            g.problems.append(f"{rel}:{at}: the definition of {current.terms[0]!r} does not end with a link to "
                              f"the section that teaches it: add [Page: section](page.md#anchor)")
            return
        current.definition = plain(words[:m.start()])
        current.target = m.group("target")
        current.target_line = next(k for k, t in reversed(body) if m.group("target") in t)
        if not current.definition:
            g.problems.append(f"{rel}:{at}: the term {current.terms[0]!r} has only a link: write one or two plain "
                              f"sentences before it")
            return
        g.entries.append(current)

    _, first, problems = page_contract.check_examples.front_matter(lines, rel)
    g.problems += problems
    for k in range(first, len(lines)):
        line, n = lines[k], k + 1
        if line.startswith(":"):
            close()
            current, body = None, []
            if not pending:
                g.problems.append(f"{rel}:{n}: a definition without a term above it: put the term on the line "
                                  f"before")
                continue
            current = Entry([t for _, t in pending], pending[0][0], [k for k, _ in pending])
            body = [(n, line[1:].strip())]
            pending = []
        elif line.startswith("    ") and current is not None and line.strip():
            body.append((n, line.strip()))
        elif not line.strip():
            following = next((x for x in lines[k + 1:] if x.strip()), "")
            if pending and not following.startswith(":"):  # prose (the intro), or a term left undefined
                if g.entries or current is not None:
                    g.problems += [f"{rel}:{m}: the term {t!r} has no definition: add a line ':   …' under it"
                                   for m, t in pending]
                pending = []
        elif HEADING.match(line) or line.startswith("<!--"):
            continue
        else:
            close()
            current, body = None, []
            pending.append((n, line.strip()))
    close()
    if pending:
        g.problems += [f"{rel}:{m}: the term {t!r} has no definition: add a line ':   …' under it"
                       for m, t in pending]
    seen: dict[str, int] = {}
    for e in g.entries:
        for t, n in zip(e.terms, e.term_lines):
            low = t.lower()
            for key in (low, low + "s", low + "es", low.removesuffix("s"), low.removesuffix("es")):
                if key in seen:
                    g.problems.append(f"{rel}:{n}: the term {t!r} is defined twice (also at line "
                                      f"{seen[key]}): keep one entry, or list it as a synonym of that entry")
                    break
            seen.setdefault(low, n)
    slugs: dict[str, int] = {}
    for e in g.entries:
        if e.slug in slugs:
            g.problems.append(f"{rel}:{e.line}: the term {e.terms[0]!r} has the same anchor #{e.slug} as the "
                              f"entry at line {slugs[e.slug]}: reword one")
        slugs.setdefault(e.slug, e.line)
    return g


def heading_ids(path: Path) -> set[str]:
    """The ids MkDocs gives the page's headings (toc extension, with the site's math and attr_list)."""
    import markdown

    heads, in_fence = [], False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and HEADING.match(line):
            heads.append(line)
    md = markdown.Markdown(extensions=["toc", "attr_list", "pymdownx.arithmatex"],
                           extension_configs={"pymdownx.arithmatex": {"generic": True}})
    out = md.convert("\n\n".join(heads))
    return set(re.findall(r'<h[1-6][^>]*\bid="([^"]+)"', out))


def check_links(g: Glossary, docs: Path, rel: str = f"docs/{GLOSSARY}") -> list[str]:
    problems, ids = [], {}
    for e in g.entries:
        page, _, anchor = e.target.partition("#")
        path = docs / page
        if "://" in page or not page.endswith(".md") or not path.is_file():
            problems.append(f"{rel}:{e.target_line}: the link of {e.terms[0]!r} names {page!r}, which is not a "
                            f"page under docs/: link to the page.md#section that teaches it")
            continue
        if not anchor:
            problems.append(f"{rel}:{e.target_line}: the link of {e.terms[0]!r} names no section: add "
                            f"#anchor (a heading's id) after {page}")
            continue
        if page not in ids:
            ids[page] = heading_ids(path)
        if anchor not in ids[page]:
            problems.append(f"{rel}:{e.target_line}: the link of {e.terms[0]!r} names #{anchor}, which is no "
                            f"heading of {page} (its headings: {', '.join(sorted(ids[page]))})")
    return problems


def check(docs: Path) -> Glossary:
    """Read and check docs/glossary.md (not yet which terms are used: see unused())."""
    path = docs / GLOSSARY
    if not path.is_file():
        g = Glossary()
        g.problems.append(f"docs/{GLOSSARY}:1: the glossary page is missing")
        return g
    g = parse(path.read_text(encoding="utf-8"))
    g.problems += check_links(g, docs)
    return g


def unused(g: Glossary, used: set[str], rel: str = f"docs/{GLOSSARY}") -> list[str]:
    """A problem for every entry none of whose terms any topic page uses in its running prose."""
    return [f"{rel}:{e.line}: the term {e.terms[0]!r} is used in the running prose of no topic page: "
            f"drop it, or check its spelling against the page that teaches it"
            for e in g.entries if e.slug not in used]


# --- linking the topic pages -------------------------------------------------------------------

# Not running prose: headings, links, code, math, tables (the symbol tables among them), and
# boxes (admonitions and answers: far down a page they are painted contained, which would clip
# the tooltip; a term gets it at its first use in the page's main text).
SKIP_TAGS = {"a", "code", "pre", "kbd", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "details", "math",
             "script", "style", "table", "button", "label", "svg", "figcaption", "dt", "nav", "select",
             "textarea"}
SKIP_CLASSES = {"admonition", "arithmatex", "checked-by", "gloss", "provenance", "headerlink",
                "question-tags", "md-source-file", "reading-order"}
OPAQUE = {"math", "pre", "svg", "script", "style"}  # never hold running prose, never nest themselves
VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base", "embed", "track"}
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*?)(/?)>|<!--.*?-->", re.S)
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)


def mark_terms(markdown: str) -> str:
    """The glossary page's Markdown with an anchor on each term (``{ #slug }``, read by attr_list)."""
    lines = markdown.split("\n")
    for k in range(len(lines) - 1, 0, -1):
        if lines[k].startswith(":"):
            j = k - 1 if lines[k - 1].strip() else k - 2
            while j >= 0 and lines[j].strip() and not lines[j].startswith((" ", ":", "#", "<")):
                lines[j] = f"{lines[j].rstrip()} {{ #{slug(lines[j])} }}"
                j -= 1
    return "\n".join(lines)


def pattern(g: Glossary) -> re.Pattern:
    terms = sorted({t for e in g.entries for t in e.terms}, key=len, reverse=True)
    alts = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
    return re.compile(rf"(?<![\w-])(?:{alts})(?:e?s)?(?![\w-])", re.I)


def _tooltip(e: Entry, text: str, href: str) -> str:
    tip = f"gloss-{e.slug}"
    return (f'<span class="gloss"><a class="gloss__term" href="{href}#{e.slug}" aria-describedby="{tip}">'
            f'{text}</a><span class="gloss__tip" role="tooltip" id="{tip}">{html.escape(e.definition)}</span>'
            f"</span>")


def link_terms(page_html: str, g: Glossary, href: str, used: set[str] | None = None) -> str:
    """Link the first use of each glossary term in the running prose of a page's article.

    ``href`` is the glossary page's URL from this page; ``used`` collects the linked entries' slugs.
    """
    m = ARTICLE.search(page_html)
    if not m or not g.entries:
        return page_html
    terms = g.by_term()
    if g.find is None:  # made once a build: every page uses it
        g.find = pattern(g)
    find = g.find
    done: set[str] = set()
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open tags and whether each starts a skipped region
    skipping = 0
    pos = 0
    body = m.group(1)

    def text(chunk: str) -> str:
        if skipping or not chunk.strip():
            return chunk

        def one(t: re.Match) -> str:
            word = t.group(0)
            key = re.sub(r"\s+", " ", word.lower())
            e = terms.get(key) or terms.get(key[:-1]) or terms.get(key[:-2])
            if e is None or e.slug in done:
                return word
            done.add(e.slug)
            return _tooltip(e, word, href)

        return find.sub(one, chunk)

    t = TAG.search(body)
    while t:
        out.append(text(body[pos:t.start()]))
        pos = t.end()
        closing, name, attrs, selfclose = t.group(1), (t.group(2) or "").lower(), t.group(3), t.group(4)
        if name in OPAQUE and not closing and not selfclose:  # math, code blocks: skip to their end
            end = body.find(f"</{name}>", pos)
            pos = len(body) if end < 0 else end + len(name) + 3
            out.append(body[t.start():pos])
        elif closing:
            out.append(t.group(0))
            while stack:
                open_name, skip = stack.pop()
                skipping -= skip
                if open_name == name:
                    break
        else:
            out.append(t.group(0))
            if name and name not in VOID and not selfclose:
                cls = re.search(r'\bclass="([^"]*)"', attrs)
                skip = name in SKIP_TAGS or bool(cls and SKIP_CLASSES & set(cls.group(1).split()))
                stack.append((name, skip))
                skipping += skip
        t = TAG.search(body, pos)
    out.append(text(body[pos:]))
    if used is not None:
        used |= done
    return page_html[:m.start(1)] + "".join(out) + page_html[m.end(1):]


def used_in_sources(docs: Path, g: Glossary, root: Path = ROOT) -> set[str]:
    """Standalone: which entries the topic pages use, from the pages converted as MkDocs does."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    used: set[str] = set()
    for path in sorted(docs.glob("*.md")):
        page = page_contract.read_page(path)
        if page.exempt:
            continue
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
        body = md.convert(page.body)
        link_terms(f'<article class="md-content__inner md-typeset">{body}</article>', g, GLOSSARY, used)
    return used


def main(argv=None) -> int:
    docs = ROOT / "docs"
    g = check(docs)
    problems = g.problems
    if not problems:
        problems = unused(g, used_in_sources(docs, g))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(g.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
