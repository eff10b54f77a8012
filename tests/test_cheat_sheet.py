"""Tests of the cheat sheet: scripts/cheat_sheet.py's checks, and the built page against the pages."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown as python_markdown
import pytest

import cheat_sheet
from conftest import ROOT

MAX_PRINTED_PAGES = 8  # "prints on a few A4 pages"

TOPIC = """
---
title: {title}
---

# {title}

## The math

Some words.

<!-- cheat: {label} -->
$$
y = {letter} + 1
$$

### A table

<!-- cheat: {label} table -->

| a | b |
|---|---|
| $x$ | 2 |
"""


def project(tmp_path: Path, first: str | None = None, second: str | None = None, about: str = "") -> cheat_sheet.Report:
    """Two topic pages in two parts and an exempt page; returns the check's report."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    first = TOPIC.format(title="First", label="First rule", letter="x") if first is None else first
    second = TOPIC.format(title="Second", label="Second rule", letter="z") if second is None else second
    (docs / "first.md").write_text(textwrap.dedent(first).lstrip())
    (docs / "second.md").write_text(textwrap.dedent(second).lstrip())
    (docs / "about.md").write_text("---\ntitle: About\ncontract: exempt\n---\n\n# About\n\n" + about)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nnav:\n  - about.md\n  - Part A:\n      - first.md\n  - Part B:\n      - second.md\n")
    return cheat_sheet.check(docs, tmp_path)


def test_entries_come_in_reading_order_with_the_pages_own_text(tmp_path):
    report = project(tmp_path)
    assert report.problems == []
    assert [(e.label, e.part, e.kind, e.anchor) for e in report.entries] == [
        ("First rule", "Part A", "formula", "the-math"), ("First rule table", "Part A", "table", "a-table"),
        ("Second rule", "Part B", "formula", "the-math"), ("Second rule table", "Part B", "table", "a-table")]
    assert report.entries[0].block == "$$\ny = x + 1\n$$"
    assert report.entries[1].block == "| a | b |\n|---|---|\n| $x$ | 2 |"
    assert report.summary() == "cheat_sheet: 4 entries from 2 pages in 2 parts"


def test_a_formula_inside_a_box_keeps_its_text_without_the_indent(tmp_path):
    page = TOPIC.format(title="First", label="First rule", letter="x") + textwrap.dedent("""
        !!! note "Boxed"

            <!-- cheat: Boxed rule -->
            $$ a = b $$
        """)
    report = project(tmp_path, first=page)
    assert report.problems == []
    assert [e.block for e in report.entries if e.label == "Boxed rule"] == ["$$ a = b $$"]


def test_a_marker_with_neither_formula_nor_table_fails_naming_file_and_line(tmp_path):
    page = TOPIC.format(title="First", label="First rule", letter="x").replace(
        "Some words.", "<!-- cheat: Orphan -->\nSome words.")
    report = project(tmp_path, first=page)
    line = page.lstrip().splitlines().index("<!-- cheat: Orphan -->") + 1
    assert report.problems == [
        f"docs/first.md:{line}: the cheat-sheet marker 'Orphan' is not followed by a display formula "
        f"($$ … $$) or a table: put it on the line directly above one"]


def test_a_marker_two_blank_lines_above_its_formula_fails(tmp_path):
    page = TOPIC.format(title="First", label="First rule", letter="x").replace(
        "<!-- cheat: First rule -->\n", "<!-- cheat: First rule -->\n\n\n")
    report = project(tmp_path, first=page)
    assert len(report.problems) == 1 and "'First rule' is not followed by a display formula" in report.problems[0]


def test_an_empty_label_fails(tmp_path):
    page = TOPIC.format(title="First", label="First rule", letter="x").replace("cheat: First rule -->", "cheat:  -->")
    report = project(tmp_path, first=page)
    line = page.lstrip().splitlines().index("<!-- cheat:  -->") + 1
    assert report.problems == [f"docs/first.md:{line}: the cheat-sheet marker has no label: write "
                               f"<!-- cheat: Label -->, the label naming the formula in a few words"]


def test_a_malformed_marker_fails(tmp_path):
    page = TOPIC.format(title="First", label="First rule", letter="x").replace(
        "<!-- cheat: First rule -->", "<!-- cheat First rule -->")
    report = project(tmp_path, first=page)
    line = page.lstrip().splitlines().index("<!-- cheat First rule -->") + 1
    assert report.problems == [f"docs/first.md:{line}: a cheat-sheet marker must stand alone on its line as "
                               f"<!-- cheat: Label -->"]


def test_a_label_used_twice_fails_naming_both_places(tmp_path):
    second = TOPIC.format(title="Second", label="First rule", letter="z")
    report = project(tmp_path, second=second)
    line = second.lstrip().splitlines().index("<!-- cheat: First rule -->") + 1
    assert f"docs/second.md:{line}: the cheat-sheet label 'First rule' is already used by docs/first.md:{line}: " \
           f"give each entry its own label" in report.problems


def test_a_topic_page_without_an_entry_fails(tmp_path):
    second = re.sub(r"<!-- cheat: [^>]*-->\n", "", TOPIC.format(title="Second", label="x", letter="z"))
    report = project(tmp_path, second=second)
    assert report.problems == ["docs/second.md:1: nothing on this page is on the cheat sheet: put "
                               "<!-- cheat: Label --> on its own line directly above the page's key display "
                               "formula or table"]


def test_a_marker_outside_the_topic_pages_fails(tmp_path):
    report = project(tmp_path, about="## Words\n\n<!-- cheat: About rule -->\n$$ a $$\n")
    assert report.problems == ["docs/about.md:10: only topic pages put entries on the cheat sheet, and this page "
                               "is exempt from the page contract: remove the marker"]


def test_a_marker_under_no_heading_fails(tmp_path):
    page = "---\ntitle: First\n---\n\n<!-- cheat: Headless -->\n$$ a $$\n\n# First\n"
    report = project(tmp_path, first=page)
    assert report.problems == ["docs/first.md:5: the cheat-sheet entry 'Headless' sits under no heading, so it "
                               "cannot link to its section: move it into a section of the page"]


def test_markers_in_code_are_not_markers(tmp_path):
    page = TOPIC.format(title="First", label="First rule", letter="x") + "\n```\n<!-- cheat: Shown -->\n```\n"
    assert project(tmp_path, first=page).problems == []
    assert "<!-- cheat: Shown -->" in cheat_sheet.strip_markers(page)
    assert "<!-- cheat: First rule -->" not in cheat_sheet.strip_markers(page)


def test_a_marker_on_a_topic_page_outside_every_part_fails(tmp_path):
    project(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nnav:\n  - about.md\n  - first.md\n  - Part B:\n"
                                         "      - second.md\n")
    report = cheat_sheet.check(tmp_path / "docs", tmp_path)
    assert report.problems == ["docs/first.md:11: only topic pages put entries on the cheat sheet, and this page "
                               "sits in no part of the nav: remove the marker"]


def test_anchors_are_the_ids_the_toc_extension_gives():
    """Repeated headings, punctuation, code and non-ASCII: compared with Python-Markdown itself."""
    headings = ["## The math", "### Why divide by `d_k`?", "## The math", "### ε-greedy exploration",
                "### Softmax with cross-entropy: the gradient is p − y", "### **Bold** and [a link](x.md)"]
    text = "---\ntitle: T\n---\n\n" + "".join(f"{h}\n\n<!-- cheat: L{k} -->\n$$ a $$\n\n"
                                             for k, h in enumerate(headings))
    entries, problems, _ = cheat_sheet.page_entries(text, "docs/t.md", "t.md", "Part")
    html = python_markdown.markdown("\n\n".join(headings), extensions=["toc"])
    assert problems == []
    assert [e.anchor for e in entries] == re.findall(r'<h\d id="([^"]+)"', html)


def test_the_built_pages_carry_no_marker(built_site):
    leftovers = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                 if cheat_sheet.MARKER_LIKE.search(p.read_text(encoding="utf-8"))]
    assert leftovers == []


def test_the_command_line_reports_problems_and_fails(tmp_path):
    page = TOPIC.format(title="First", label="First rule", letter="x").replace("cheat: First rule -->", "cheat:  -->")
    project(tmp_path, first=page)
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "cheat_sheet.py"), "--docs", str(tmp_path / "docs")],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "docs/first.md:" in run.stderr and "the cheat-sheet marker has no label" in run.stderr
    assert "cheat_sheet: 1 problem(s)" in run.stderr


def test_every_part_of_the_site_has_entries():
    report = cheat_sheet.check(ROOT / "docs", ROOT)
    assert report.problems == []
    parts = [part for _, part in cheat_sheet.notation.nav_parts(ROOT) if part and part.startswith("Part ")]
    assert sorted({e.part for e in report.entries}) == sorted(set(parts))


# --------------------------------------------------------------------------
# The built cheat sheet against the built pages (read in the browser, not from the generator)

ENTRIES_JS = """() => [...document.querySelectorAll('.cheat-entry')].map(e => ({
    label: e.querySelector('.cheat-label').innerText,
    href: e.querySelector('.cheat-label a').href,
    math: [...e.querySelectorAll('math[display=block]')].map(m => m.outerHTML),
    tables: [...e.querySelectorAll('table')].map(t => t.textContent)}))"""

# Each linked page as its server sends it, parsed, not drawn: a formula or table is the same
# markup either way, and 25 pages load in a fraction of the time.
SECTIONS_JS = """async hrefs => {
    const pages = {}, out = {};
    for (const href of hrefs) {
        const [url, id] = href.split('#');
        pages[url] ??= new DOMParser().parseFromString(await (await fetch(url)).text(), 'text/html');
        const h = pages[url].getElementById(id);
        if (!h || !/^H[1-6]$/.test(h.tagName)) { out[href] = null; continue; }
        const found = out[href] = {math: [], tables: []};
        const walk = pages[url].createTreeWalker(pages[url].querySelector('article'), NodeFilter.SHOW_ELEMENT);
        walk.currentNode = h;
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (/^H[1-6]$/.test(n.tagName) && +n.tagName[1] <= +h.tagName[1]) break;
            if (n.localName === 'math' && n.getAttribute('display') === 'block') found.math.push(n.outerHTML);
            if (n.localName === 'table') found.tables.push(n.textContent);
        }
    }
    return out;
}"""


def disagreements(entries: list[dict], sections: dict[str, dict | None]) -> list[str]:
    """Entries whose formula or table is not in the section their link points to."""
    out = []
    for entry in entries:
        section = sections.get(entry["href"])
        if section is None:
            out.append(f"{entry['label']}: its link {entry['href']} names no heading")
            continue
        if not entry["math"] and not entry["tables"]:
            out.append(f"{entry['label']}: shows neither a formula nor a table")
        out += [f"{entry['label']}: formula not in {entry['href']}" for m in entry["math"] if m not in section["math"]]
        out += [f"{entry['label']}: table not in {entry['href']}" for t in entry["tables"] if t not in section["tables"]]
    return out


def test_disagreements_are_found():
    section = {"math": ["<math>a</math>"], "tables": ["a\tb"]}
    good = {"label": "L", "href": "p/#s", "math": ["<math>a</math>"], "tables": []}
    assert disagreements([good], {"p/#s": section}) == []
    assert disagreements([{**good, "math": ["<math>b</math>"]}], {"p/#s": section}) == ["L: formula not in p/#s"]
    assert disagreements([{**good, "math": [], "tables": ["a\tc"]}], {"p/#s": section}) == ["L: table not in p/#s"]
    assert disagreements([good], {"p/#s": None}) == ["L: its link p/#s names no heading"]
    assert disagreements([{**good, "math": []}], {"p/#s": section}) == ["L: shows neither a formula nor a table"]


def test_every_entry_is_its_pages_own_formula_in_the_section_it_links_to(page, site_url):
    page.goto(site_url + "cheat-sheet/")
    entries = page.evaluate(ENTRIES_JS)
    assert len(entries) == len(cheat_sheet.check(ROOT / "docs", ROOT).entries)
    sections = page.evaluate(SECTIONS_JS, list(dict.fromkeys(e["href"] for e in entries)))
    assert disagreements(entries, sections) == []


def test_part_only_meanings_are_said_in_their_part_only(page, site_url):
    page.goto(site_url + "cheat-sheet/")
    lines = page.evaluate("""() => [...document.querySelectorAll('.cheat-sheet > h2')].map(h => [h.innerText,
        h.nextElementSibling.classList.contains('cheat-symbols') ? h.nextElementSibling.innerText : ''])""")
    said = {title.split(" —")[0]: text for title, text in lines}
    assert "the discount factor" in said["Part 4"] and "a policy" in said["Part 4"]
    assert "the discriminator" in said["Part 3"]
    assert said["Part 0"] == said["Part 1"] == said["Part 5"] == ""


def test_the_cheat_sheet_prints_on_a_few_a4_pages_with_no_formula_cut(page, site_url):
    page.goto(site_url + "cheat-sheet/")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= MAX_PRINTED_PAGES, f"the cheat sheet prints on {pages} A4 pages"
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px an inch
    cut = page.evaluate("""() => [...document.querySelectorAll('.cheat-entry .math-scroll')]
        .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.closest('.cheat-entry').innerText.split('\\n')[0])""")
    assert cut == [], f"formulas wider than the paper: {cut}"
