#!/usr/bin/env python3
"""The cheat sheet: the formulas and tables the topic pages mark, grouped by part and page.

A topic page puts an entry on the cheat sheet with a marker on its own line directly above a
display formula (``$$ … $$``) or a Markdown table (one blank line between them is allowed):

    <!-- cheat: Bellman optimality -->
    $$
    V^{*}(s) = …
    $$

The cheat sheet (``docs/cheat-sheet.md``, whose ``<!-- cheat-sheet -->`` scripts/mkdocs_hooks.py
fills) shows the page's own text of each marked block, under its label, linked to the section of
the page that holds it; so the sheet can never disagree with the pages. The marker itself is
removed from the page when it is built.

Checked: every marker is well formed, has a label used nowhere else, sits under a heading and is
followed by a formula or a table; every topic page has at least one entry (so every part does);
no page outside the topics (exempt, or not in the nav) has a marker.

    python scripts/cheat_sheet.py          # check docs/ and count the entries
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify, unique

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import check_examples  # noqa: E402
import notation  # noqa: E402

MARKER = re.compile(r"^(?P<indent>[ \t]*)<!--\s*cheat:(?P<label>.*?)-->[ \t]*$")
MARKER_LIKE = re.compile(r"<!--\s*cheat(?![\w-])")  # not the placeholder <!-- cheat-sheet -->
MARKER_HINT = "<!-- cheat: Label -->"
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
PLACEHOLDER = "<!-- cheat-sheet -->"


@dataclass
class Entry:
    label: str
    rel: str  # docs/<page>.md
    uri: str  # <page>.md, as the nav names it
    part: str
    line: int  # the marker's line
    block: str  # the page's own formula or table, its indent removed
    kind: str  # "formula" or "table"
    section: str  # the heading the block sits under
    anchor: str  # that heading's id, as the toc extension makes it


@dataclass
class Report:
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = len({e.part for e in self.entries})
        pages = len({e.rel for e in self.entries})
        return f"cheat_sheet: {len(self.entries)} entries from {pages} pages in {parts} parts"


def heading_text(markdown_text: str) -> str:
    """A heading's text as the toc extension sees it: inline markup and math delimiters dropped."""
    text = re.sub(r"\{[:#.][^}]*\}\s*$", "", markdown_text)  # an attr_list tail
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", text).strip()


def block_after(lines: list[str], k: int, indent: str) -> tuple[str, str, int] | None:
    """(kind, text, last index) of the formula or table right after line k, or None."""
    j = k + 1
    if j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return None
    first = lines[j].strip()
    strip = lambda x: x[len(indent):] if x.startswith(indent) else x.lstrip()  # noqa: E731
    if first.startswith("$$"):
        end = j
        if not (len(first) > 4 and first.endswith("$$")):
            end = next((i for i in range(j + 1, len(lines)) if "$$" in lines[i]), None)
            if end is None:
                return None
        return "formula", "\n".join(strip(x) for x in lines[j:end + 1]), end
    if first.startswith("|") and j + 1 < len(lines) and TABLE_RULE.match(lines[j + 1]):
        end = j + 1
        while end + 1 < len(lines) and lines[end + 1].strip().startswith("|"):
            end += 1
        return "table", "\n".join(strip(x) for x in lines[j:end + 1]), end
    return None


def page_entries(text: str, rel: str, uri: str, part: str | None) -> tuple[list[Entry], list[str], list[int]]:
    """The entries one page marks, the problems of its markers, and the lines of all its markers."""
    raw = text.splitlines()
    _, first_body, _ = check_examples.front_matter(raw, rel)  # front matter problems: the contract's
    lines = [""] * first_body + check_examples.without_fences(raw[first_body:])
    entries: list[Entry] = []
    problems: list[str] = []
    markers: list[int] = []
    section, anchor, ids = None, None, set()
    for k, line in enumerate(lines):
        m = HEADING.match(line)
        if m:
            section = heading_text(m.group("text"))
            anchor = unique(slugify(section, "-"), ids)
            continue
        if not MARKER_LIKE.search(line):
            continue
        where = f"{rel}:{k + 1}"
        markers.append(k + 1)
        m = MARKER.match(line)
        if not m:
            problems.append(f"{where}: a cheat-sheet marker must stand alone on its line as {MARKER_HINT}")
            continue
        label = " ".join(m.group("label").split())
        if not label:
            problems.append(f"{where}: the cheat-sheet marker has no label: write {MARKER_HINT}, the label "
                            f"naming the formula in a few words")
            continue
        found = block_after(lines, k, m.group("indent"))
        if found is None:
            problems.append(f"{where}: the cheat-sheet marker {label!r} is not followed by a display formula "
                            f"($$ … $$) or a table: put it on the line directly above one")
            continue
        if section is None:
            problems.append(f"{where}: the cheat-sheet entry {label!r} sits under no heading, so it cannot "
                            f"link to its section: move it into a section of the page")
            continue
        kind, block, _ = found
        entries.append(Entry(label, rel, uri, part or "", k + 1, block, kind, section, anchor))
    return entries, problems, markers


def check(docs: Path, root: Path = ROOT) -> Report:
    """Every page's markers, in reading order; problems name the file and line."""
    report = Report()
    nav = notation.nav_parts(root)
    in_nav = dict(nav)
    seen: dict[str, Entry] = {}
    for path in sorted(docs.rglob("*.md")):
        uri = path.relative_to(docs).as_posix()
        rel = check_examples.relpath(path, root)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report.problems.append(f"{rel}:1: cannot read the page: {exc}")
            continue
        meta, _, _ = check_examples.front_matter(text.splitlines(), rel)
        exempt = meta.get("contract") == "exempt"
        entries, problems, markers = page_entries(text, rel, uri, in_nav.get(uri))
        if exempt or in_nav.get(uri) is None:
            if markers:
                why = "is exempt from the page contract" if exempt else "sits in no part of the nav"
                report.problems.append(f"{rel}:{markers[0]}: only topic pages put entries on the cheat sheet, "
                                       f"and this page {why}: remove the marker")
            continue
        report.problems += problems
        if not entries and not problems:
            report.problems.append(f"{rel}:1: nothing on this page is on the cheat sheet: put {MARKER_HINT} "
                                   f"on its own line directly above the page's key display formula or table")
        for entry in entries:
            if entry.label in seen:
                other = seen[entry.label]
                report.problems.append(f"{rel}:{entry.line}: the cheat-sheet label {entry.label!r} is already "
                                       f"used by {other.rel}:{other.line}: give each entry its own label")
                continue
            seen[entry.label] = entry
            report.entries.append(entry)
    order = {name: k for k, (name, _) in enumerate(nav)}
    report.entries.sort(key=lambda e: (order[e.uri], e.line))
    return report


def strip_markers(markdown: str) -> str:
    """A page's Markdown without its cheat-sheet markers (blank lines keep the line numbers); code stays."""
    lines = markdown.split("\n")
    return "\n".join("" if MARKER.match(plain) else line
                     for line, plain in zip(lines, check_examples.without_fences(lines)))


def part_meanings(entries: list[Entry], site: notation.Site, notation_link: str) -> str:
    """The part-only meanings the entries' symbols take, each cut to its first phrase (or '')."""
    said: dict[str, str] = {}
    for entry in entries:
        for m in check_examples.Scanner.SEGMENT.finditer(entry.block):
            group = next((g for g in ("d1", "d2", "i1", "i2", "env") if m.group(g) is not None), None)
            for tex, _ in notation.symbols_in_tex(m.group(group)) if group else []:
                meaning, _, part = site.in_force(tex, entry.rel)
                if part is not None and tex not in said:
                    said[tex] = f"${tex}$ {re.split(r'[,;]', meaning)[0]}"
    if not said:
        return ""
    return (f"Symbols with a meaning of their own in this part: {' · '.join(said.values())} "
            f"([meanings within one part]({notation_link}#meanings-within-one-part)).")


def markdown(report: Report, site: notation.Site, titles: dict[str, str], link) -> str:
    """The cheat sheet's body: per part a heading, the part-only meanings, then a card per page.

    ``titles`` maps docs/<page>.md to its title; ``link(rel)`` gives the URL of docs/<page>.md
    (with a ``#anchor`` appended) from the cheat sheet.
    """
    out: list[str] = ['<div class="cheat-sheet" markdown>', ""]
    parts: list[tuple[str, list[Entry]]] = []
    for entry in report.entries:
        if not parts or parts[-1][0] != entry.part:
            parts.append((entry.part, []))
        parts[-1][1].append(entry)
    for part, entries in parts:
        out += [f"## {part}", ""]
        meanings = part_meanings(entries, site, link("docs/notation.md"))
        if meanings:
            out += [f'<p class="cheat-symbols" markdown>{meanings}</p>', ""]
        out.append('<div class="cheat-grid" markdown>')
        pages: list[list[Entry]] = []
        for entry in entries:
            if not pages or pages[-1][0].rel != entry.rel:
                pages.append([])
            pages[-1].append(entry)
        for group in pages:
            rel = group[0].rel
            out += ["", '<div class="cheat-page" markdown>', "", f"### [{titles.get(rel, rel)}]({link(rel)})", ""]
            for entry in group:
                out += [f'<div class="cheat-entry cheat-entry--{entry.kind}" markdown>', "",
                        f'<p class="cheat-label" markdown>[{entry.label}]({link(rel)}#{entry.anchor})</p>', "",
                        entry.block, "", "</div>", ""]
            out.append("</div>")
        out += ["", "</div>", ""]
    return "\n".join(out + ["</div>"])


def main(argv: list[str] | None = None) -> int:
    return notation.run_docs_check("cheat_sheet", __doc__, check, argv)


if __name__ == "__main__":
    sys.exit(main())
