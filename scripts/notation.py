#!/usr/bin/env python3
"""One symbol, one meaning, site-wide: check how the pages use their math symbols.

Each topic page's front matter lists the symbols it *introduces* (the first page in reading
order that uses them), as TeX mapped to a short meaning::

    symbols:
      '\\mathbf{x}': input vector, one number per feature
      'L': the loss, one number that scores the predictions

In the body, ``<!-- symbols: \\mathbf{x} | L -->`` stands where the page defines them (before the
first formula that uses them); the build renders it as a table of symbol, meaning and the page
that introduced it.  The Notation page (``<!-- notation -->``) lists every symbol of the site.

The rules, each a ``page:line:`` problem:

* a symbol is introduced once on the site (a second page giving it a meaning fails);
* every symbol a page's math uses is introduced on an earlier page, or on this page and listed
  in a ``symbols`` directive at or above the line of its first use;
* a directive lists only symbols introduced on this page or an earlier one;
* a meaning is words: it states no number (numbers belong where the checker reads them).

**Meanings within one part.**  A field with a notation of its own (reinforcement learning writes
s, a, r, V, Q for state, action, reward, state value and action value, in every paper and every
interview) would be unreadable if this site re-lettered it.  So a page may give a symbol that
already has a site-wide meaning a second meaning *for the rest of its part* (its section of the
nav), declared apart from ``symbols``::

    part_symbols:
      's': a state, the situation the agent is in

The rules for these:

* the symbol already has a site-wide meaning, from an earlier page (else it belongs in ``symbols``);
* the page sits in a part of the nav, and the part gives the symbol at most one such meaning;
* the introducing page lists the symbol in a directive at or above its first use, so the reader
  sees the change before meeting it; its table row says the meaning holds in this part only and
  what the symbol means elsewhere;
* the meaning holds from that page to the end of the part: later pages of the part read it there
  (their tables show it), earlier pages and other parts keep the site-wide one.  The Notation
  page lists every part meaning beside the site-wide table.

A *symbol* is a Latin or Greek letter, or a decorated one (``\\mathbf{W}``, ``\\hat{y}``,
``\\mathcal{N}``, ``\\mathbb{E}``), in math.  Sub- and superscripts (indices, powers), the
arguments of ``\\text``-like commands and operator names (``\\log``, ``\\max``) are not symbols.

Each page's symbols and uses are kept for its text for the rest of the process, so
``mkdocs serve`` re-reads only the pages that changed; the rules above are applied site-wide on
every check.

    python scripts/notation.py            # check docs/
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import check_examples  # noqa: E402
from build_cache import Store, digest  # noqa: E402

ROOT = SCRIPTS.parent
DIRECTIVE = re.compile(r"^\s*<!--\s*symbols:\s*(?P<items>.*?)\s*-->\s*$")
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "varrho", "sigma", "varsigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
    "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell",
}
DECORATORS = {
    "mathbf", "boldsymbol", "bm", "hat", "widehat", "bar", "overline", "tilde", "widetilde",
    "mathcal", "mathbb", "vec", "dot", "ddot", "mathsf", "mathit", "check",
}
WORDS = {  # commands whose argument is words or a name, not symbols
    "text", "textbf", "textit", "textrm", "texttt", "mathrm", "operatorname", "mbox", "label",
    "tag", "begin", "end", "color", "textcolor", "nocheck", "href", "url", "mathtt",
}


@dataclass
class Use:
    symbol: str  # normalised TeX
    line: int


@dataclass
class PageSymbols:
    rel: str
    order: int  # position in the reading order (-1: not a topic page)
    introduces: dict[str, str] = field(default_factory=dict)
    part_introduces: dict[str, str] = field(default_factory=dict)  # a second meaning, for the rest of the part
    part: str | None = None  # the nav section the page sits in
    directives: list[tuple[int, list[str]]] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    symbols: int = 0
    uses: int = 0

    part_meanings: int = 0

    def summary(self) -> str:
        within = (f" ({self.part_meanings} given a second meaning within one part, declared where it starts)"
                  if self.part_meanings else "")
        return (f"notation: {self.symbols} symbols, each with one meaning{within}; {self.uses} uses on "
                f"{self.pages} pages, each defined before it is used")


class Site(dict):
    """The site's symbols: TeX -> (meaning, introducing page), plus the meanings held within one part.

    ``parts[tex]`` lists (part, meaning, introducing page, its place in the reading order)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts: dict[str, list[tuple[str, str, str, int]]] = {}
        self.place: dict[str, tuple[str | None, int]] = {}  # page -> (part, place in the reading order)

    def in_force(self, tex: str, page_rel: str) -> tuple[str, str, str | None]:
        """(meaning, introducing page, part or None) of a symbol as the page reads it."""
        part, order = self.place.get(page_rel, (None, -1))
        for p, meaning, rel, at in self.parts.get(tex, []):
            if p == part and part is not None and at <= order:
                return meaning, rel, p
        meaning, rel = self.get(tex, ("", page_rel))
        return meaning, rel, None


def normalise(tex: str) -> str:
    """One spelling per symbol: no spaces, braces around decorator arguments."""
    decorators = "|".join(sorted(DECORATORS, key=len, reverse=True))
    tex = re.sub(r"\\(" + decorators + r")(?![A-Za-z])\s*(\\[A-Za-z]+|[A-Za-z0-9])", r"\\\1{\2}", tex)
    return re.sub(r"\s+", "", tex.strip())


# --------------------------------------------------------------------------
# Symbols in TeX


def skip_group(s: str, i: int) -> int:
    """Index just past a balanced {...} group at i (or past one token when there are no braces)."""
    while i < len(s) and s[i].isspace():
        i += 1
    if i >= len(s):
        return i
    if s[i] != "{":
        m = re.match(r"\\[A-Za-z]+|\\.|.", s[i:], re.S)
        return i + len(m.group(0))
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{" and s[j - 1] != "\\":
            depth += 1
        elif s[j] == "}" and s[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(s)


def symbols_in_tex(tex: str) -> list[tuple[str, int]]:
    """The symbols of a TeX string with their offsets, in order."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:], re.S)
            name = m.group(1)
            end = i + len(m.group(0))
            if name in WORDS:
                i = skip_group(tex, end)
                if name in ("begin", "end"):
                    continue
                continue
            if name in DECORATORS:
                arg_end = skip_group(tex, end)
                out.append((normalise(tex[i:arg_end]), i))
                i = arg_end
                continue
            if name in GREEK:
                out.append(("\\" + name, i))
            i = end
            continue
        if c in "_^":
            i = skip_group(tex, i + 1)
            continue
        if c.isascii() and c.isalpha():
            out.append((c, i))
        i += 1
    return out


def page_uses(lines: list[str], first_body: int) -> list[Use]:
    """Every symbol used in the math of a page (fenced code and HTML comments skipped)."""
    body = check_examples.without_fences(lines[first_body:])
    text = "\n".join([""] * first_body + body)
    text = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    uses: list[Use] = []
    for m in check_examples.Scanner.SEGMENT.finditer(text):
        if m.group("code"):
            continue
        group = "env" if m.group("env") else next(g for g in ("d1", "d2", "i1", "i2") if m.group(g) is not None)
        start = m.start(group)
        for symbol, offset in symbols_in_tex(m.group(group)):
            uses.append(Use(symbol, text.count("\n", 0, start + offset) + 1))
    return uses


# --------------------------------------------------------------------------
# Pages


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its !ENV and !relative tags read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def reading_order(root: Path) -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in order."""
    return [name for name, _ in nav_parts(root)]


def nav_parts(root: Path) -> list[tuple[str, str | None]]:
    """The Markdown files of mkdocs.yml's nav, in order, each with the top-level section (part) it sits in."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
    order: list[tuple[str, str | None]] = []

    def walk(item, part: str | None) -> None:
        if isinstance(item, str) and item.endswith(".md"):
            order.append((item, part))
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(value, key if part is None and isinstance(value, list) else part)
        elif isinstance(item, list):
            for value in item:
                walk(value, part)

    walk(config.get("nav", []), None)
    return order


_read_pages = Store()  # rel -> a page's symbols, for its text and place (mkdocs serve rereads only edits)


def read_page(path: Path, rel: str, order: int) -> PageSymbols:
    """A page's symbols: a function of its text and place in the reading order, kept per those."""
    text = path.read_text(encoding="utf-8")
    key = digest(text, str(order))
    page = _read_pages.get(rel, key)
    if page is None:
        page = parse_page(text, rel, order)
        _read_pages.put(rel, key, page)
    return page


def parse_page(text: str, rel: str, order: int) -> PageSymbols:
    lines = text.splitlines()
    meta, first_body, problems = check_examples.front_matter(lines, rel)
    if meta.get("contract") == "exempt":  # the home, notation and licence pages use no symbols of their own
        order = -1
    page = PageSymbols(rel=rel, order=order, problems=list(problems))
    for name, into in (("symbols", page.introduces), ("part_symbols", page.part_introduces)):
        raw = meta.get(name) or {}
        line_of_key = next((k + 1 for k, t in enumerate(lines[:first_body]) if t.startswith(f"{name}:")), 1)
        if not isinstance(raw, dict):
            page.problems.append(f"{rel}:{line_of_key}: {name} must map TeX to a meaning, e.g. "
                                 f"{name}: {{'L': the loss}}")
            raw = {}
        for tex, meaning in raw.items():
            key = normalise(str(tex))
            if not isinstance(meaning, str) or not meaning.strip():
                page.problems.append(f"{rel}:{line_of_key}: the symbol ${tex}$ has no meaning: write "
                                     f"'{tex}': what it is, in a few words")
                continue
            if re.search(r"\d", meaning):
                page.problems.append(f"{rel}:{line_of_key}: the meaning of ${tex}$ states a number "
                                     f"({meaning!r}): a meaning is words; numbers go where they are checked")
            if key in into:
                page.problems.append(f"{rel}:{line_of_key}: ${tex}$ is listed twice under {name}")
            if key in page.introduces and into is page.part_introduces:
                page.problems.append(f"{rel}:{line_of_key}: ${tex}$ is under both symbols and part_symbols: "
                                     f"keep it under symbols if no earlier page gives it a meaning, else "
                                     f"under part_symbols")
                continue
            into[key] = meaning.strip()
    for k in range(first_body, len(lines)):
        m = DIRECTIVE.match(lines[k])
        if m:
            items = [normalise(x) for x in m.group("items").split("|") if x.strip()]
            if not items:
                page.problems.append(f"{rel}:{k + 1}: an empty symbols directive: list TeX symbols "
                                     f"separated by ' | '")
            page.directives.append((k + 1, items))
    page.uses = page_uses(lines, first_body)
    return page


def check(docs: Path, root: Path) -> tuple[Report, Site]:
    """Check every page. Returns the report and the site's symbols: TeX -> (meaning, introducing page)."""
    report = Report()
    nav = nav_parts(root)
    position = {name: k for k, (name, _) in enumerate(nav)}
    part_of = dict(nav)
    paths = sorted(docs.rglob("*.md"))
    pages: list[PageSymbols] = []
    for path in paths:
        name = path.relative_to(docs).as_posix()
        rel = check_examples.relpath(path, root)
        try:
            page = read_page(path, rel, position.get(name, -1))
        except (OSError, UnicodeDecodeError) as exc:
            report.problems.append(f"{rel}:1: cannot read the page: {exc}")
            continue
        page.part = part_of.get(name) if page.order >= 0 else None
        pages.append(page)
    topic = sorted((p for p in pages if p.order >= 0), key=lambda p: p.order)
    site = Site()
    for page in topic + [p for p in pages if p.order < 0]:
        report.problems += page.problems
        site.place[page.rel] = (page.part, page.order)
        for tex, meaning in page.introduces.items():
            if tex in site:
                first_meaning, first_page = site[tex]
                report.problems.append(
                    f"{page.rel}:1: ${tex}$ already means '{first_meaning}' (introduced on {first_page}): "
                    f"one symbol has one meaning site-wide, so drop it from symbols: here and use that "
                    f"meaning, or choose another symbol (a field whose own notation needs the letter may "
                    f"give it a meaning within its part: part_symbols:)")
            else:
                site[tex] = (meaning, page.rel)
        for tex, meaning in page.part_introduces.items():
            if page.part is None:
                report.problems.append(
                    f"{page.rel}:1: part_symbols gives ${tex}$ a meaning within a part, but this page sits in "
                    f"no part of the nav: put it in a section of nav in mkdocs.yml, or choose another symbol")
                continue
            if tex not in site:
                report.problems.append(
                    f"{page.rel}:1: ${tex}$ is under part_symbols, but no earlier page gives it a site-wide "
                    f"meaning: move it to symbols:")
                continue
            same = [entry for entry in site.parts.get(tex, []) if entry[0] == page.part]
            if same:
                report.problems.append(
                    f"{page.rel}:1: ${tex}$ already means '{same[0][1]}' in {page.part} (from {same[0][2]}): "
                    f"a part gives a symbol one meaning; use that one, or choose another symbol")
                continue
            site.parts.setdefault(tex, []).append((page.part, meaning, page.rel, page.order))
    order_of = {p.rel: p.order for p in pages}
    for page in topic:
        report.pages += 1
        earlier = {tex for tex, (_, rel) in site.items() if rel != page.rel and order_of[rel] < page.order}
        new_here = page.introduces.keys() | page.part_introduces.keys()
        listed_at: dict[str, int] = {}
        for line, items in page.directives:
            for tex in items:
                if tex not in new_here and tex not in earlier:
                    where = f" (introduced later, on {site[tex][1]})" if tex in site else ""
                    report.problems.append(
                        f"{page.rel}:{line}: the directive lists ${tex}$, which neither this page nor an "
                        f"earlier one introduces{where}: add it to this page's symbols: with its meaning")
                listed_at.setdefault(tex, line)
        reported: set[str] = set()
        for use in page.uses:
            report.uses += 1
            tex = use.symbol
            if tex in reported or (tex in earlier and tex not in page.part_introduces):
                continue
            if tex in new_here:
                if listed_at.get(tex, 10**9) <= use.line:
                    continue
                if tex in page.part_introduces:
                    problem = (f"${tex}$ takes a new meaning in {page.part} on this page: list it in a "
                               f"<!-- symbols: … --> directive at or above this line, so the reader sees the "
                               f"change before meeting it")
                else:
                    problem = (f"${tex}$ is used before it is defined: list it in a <!-- symbols: … --> "
                               f"directive at or above this line")
            elif tex in site:
                problem = (f"${tex}$ is introduced only later, on {site[tex][1]}: introduce it here "
                           f"(move it to this page's symbols:) or rewrite without it")
            else:
                problem = (f"${tex}$ is not defined on any page: add it to this page's symbols: with "
                           f"its meaning, and list it in a directive before this line")
            reported.add(tex)
            report.problems.append(f"{page.rel}:{use.line}: {problem}")
    report.symbols = len(site)
    report.part_meanings = sum(len(v) for v in site.parts.values())
    return report, site


def table(items: list[str], site: Site, page_rel: str, titles: dict[str, str],
          link=lambda rel: rel) -> str:
    """The Markdown table a directive stands for, each symbol with the meaning it has on this page."""
    rows = ["| symbol | meaning |", "|---|---|"]
    for tex in items:
        meaning, rel, part = site.in_force(tex, page_rel)
        if rel != page_rel:
            meaning += f" (from [{titles.get(rel, rel)}]({link(rel)}))"
        if part is not None:
            usual, usual_rel = site[tex]
            meaning += (f". **In {part.split(' — ')[0]} only**: elsewhere on the site, ${tex}$ is {usual} "
                        f"(from [{titles.get(usual_rel, usual_rel)}]({link(usual_rel)}))")
        rows.append(f"| ${tex}$ | {meaning} |")
    return "\n".join(rows)


def part_table(site: Site, titles: dict[str, str], link=lambda rel: rel) -> str:
    """The Notation page's table of the meanings that hold within one part."""
    rows = ["| symbol | in | meaning there | introduced on |", "|---|---|---|---|"]
    for tex, entries in site.parts.items():
        for part, meaning, rel, _ in entries:
            rows.append(f"| ${tex}$ | {part} | {meaning} | [{titles.get(rel, rel)}]({link(rel)}) |")
    return "\n".join(rows) if len(rows) > 2 else ""


def run_docs_check(name: str, doc: str, check, argv: list[str] | None = None) -> int:
    """The standalone run of a check of docs/ (this one's, and cheat_sheet.py's).

    ``check(docs, root)`` returns a report with ``problems`` and ``summary()``; its problems go to
    stderr (exit 1), else the summary to stdout (exit 0); a --docs that is no folder exits 2.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    if not args.docs.is_dir():
        print(f"{name}: {args.docs} is not a folder of Markdown pages", file=sys.stderr)
        return 2
    report = check(args.docs, args.docs.resolve().parent)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"{name}: {len(report.problems)} problem(s)", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_docs_check("notation", __doc__, lambda docs, root: check(docs, root)[0], argv)


if __name__ == "__main__":
    sys.exit(main())
