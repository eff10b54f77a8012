"""Tests of scripts/glossary.py: the glossary's checks, and the tooltips it adds to the topic pages."""
from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

import glossary
from conftest import ROOT

HEAD = "---\ntitle: Glossary\ncontract: exempt\n---\n\n# Glossary\n\nAn intro of two\nlines.\n\n"
GOOD = HEAD + textwrap.dedent("""\
    Mini-batch
    :   A few examples used for one step. [Loop: batches](loop.md#epochs-and-mini-batches)

    Batch
    :   Examples processed together,
        as one matrix. [Loop](loop.md#epochs-and-mini-batches)

    Residual connection
    Skip connection
    :   A shortcut that adds a block's *input* to its output. [Loop: the step](loop.md#one-step)
    """)
LOOP = "# Loop\n\n## One step\n\nWords.\n\n### Epochs and mini-batches\n\n```\n## not a heading\n```\n"


def site(tmp_path: Path, text: str = GOOD) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "glossary.md").write_text(text)
    (docs / "loop.md").write_text(LOOP)
    return docs


def problems(tmp_path: Path, text: str) -> list[str]:
    return glossary.check(site(tmp_path, text)).problems


def test_a_good_glossary_passes_and_is_read_as_written(tmp_path):
    g = glossary.check(site(tmp_path))
    assert g.problems == []
    assert [e.terms for e in g.entries] == [["Mini-batch"], ["Batch"], ["Residual connection", "Skip connection"]]
    assert g.entries[1].definition == "Examples processed together, as one matrix."
    assert g.entries[2].definition == "A shortcut that adds a block's input to its output."
    assert g.entries[2].target == "loop.md#one-step"
    assert g.summary() == "glossary: 3 entries (4 terms), each defined once"


def test_a_term_defined_twice_fails(tmp_path):
    text = GOOD + "\nskip connections\n:   Again. [Loop](loop.md#one-step)\n"
    assert problems(tmp_path, text) == [
        "docs/glossary.md:22: the term 'skip connections' is defined twice (also at line 19): keep one "
        "entry, or list it as a synonym of that entry"]


@pytest.mark.parametrize("added, message", [
    ("\nEpoch\n:\n", "22: the term 'Epoch' has an empty definition: write one or two plain sentences after ':   '"),
    ("\nEpoch\n:   One pass over the data.\n    No link here.\n",
     "23: the definition of 'Epoch' does not end with a link to the section that teaches it: add "
     "[Page: section](page.md#anchor)"),
    ("\nEpoch\n:   [Loop](loop.md#one-step)\n",
     "23: the term 'Epoch' has only a link: write one or two plain sentences before it"),
    ("\nEpoch\n\nLearning rate\n:   The step size. [Loop](loop.md#one-step)\n",
     "22: the term 'Epoch' has no definition: add a line ':   …' under it"),
    ("\n:   A definition of nothing. [Loop](loop.md#one-step)\n",
     "22: a definition without a term above it: put the term on the line before"),
    ("\nMini batch\n:   Said another way. [Loop](loop.md#one-step)\n",
     "22: the term 'Mini batch' has the same anchor #mini-batch as the entry at line 11: reword one"),
])
def test_an_entry_needs_a_term_a_definition_in_words_a_link_and_its_own_anchor(tmp_path, added, message):
    assert problems(tmp_path, GOOD + added) == [f"docs/glossary.md:{message}"]


@pytest.mark.parametrize("target, message", [
    ("nowhere.md#one-step", "names 'nowhere.md', which is not a page under docs/: link to the page.md#section "
                            "that teaches it"),
    ("https://example.org/x.md#a", "names 'https://example.org/x.md', which is not a page under docs/: link to "
                                   "the page.md#section that teaches it"),
    ("loop.md", "names no section: add #anchor (a heading's id) after loop.md"),
    ("loop.md#not-a-heading", "names #not-a-heading, which is no heading of loop.md (its headings: "
                              "epochs-and-mini-batches, loop, one-step)"),
])
def test_a_link_that_does_not_resolve_fails(tmp_path, target, message):
    text = GOOD + f"\nEpoch\n:   One pass over the data.\n    [Loop]({target})\n"
    assert problems(tmp_path, text) == [f"docs/glossary.md:24: the link of 'Epoch' {message}"]


def test_a_term_used_on_no_page_fails(tmp_path):
    g = glossary.check(site(tmp_path))
    used: set[str] = set()
    glossary.link_terms(page("<p>One mini-batch at a time.</p>"), g, "../glossary/", used)
    assert used == {"mini-batch"}
    assert glossary.unused(g, used) == [
        "docs/glossary.md:14: the term 'Batch' is used in the running prose of no topic page: drop it, or "
        "check its spelling against the page that teaches it",
        "docs/glossary.md:18: the term 'Residual connection' is used in the running prose of no topic page: "
        "drop it, or check its spelling against the page that teaches it"]


def test_the_build_fails_on_a_term_used_on_no_page(tmp_path):
    import mkdocs_hooks
    from mkdocs.exceptions import PluginError

    mkdocs_hooks._state["glossary"] = glossary.check(site(tmp_path))
    mkdocs_hooks._state["glossary_used"] = {"mini-batch", "batch"}
    with pytest.raises(PluginError) as failed:
        mkdocs_hooks.on_post_build(SimpleNamespace(site_dir=str(tmp_path / "site")))
    assert str(failed.value) == (
        "the glossary's checks failed:\ndocs/glossary.md:18: the term 'Residual connection' is used in the "
        "running prose of no topic page: drop it, or check its spelling against the page that teaches it")
    mkdocs_hooks._state["glossary"] = None


def page(body: str) -> str:
    return f'<html><body><nav>batch</nav><article class="md-content__inner md-typeset">{body}</article></body></html>'


def tip(slug: str, text: str, definition: str) -> str:
    return (f'<span class="gloss"><a class="gloss__term" href="../glossary/#{slug}" aria-describedby="gloss-{slug}">'
            f'{text}</a><span class="gloss__tip" role="tooltip" id="gloss-{slug}">{definition}</span></span>')


def test_the_first_use_in_running_prose_becomes_a_tooltip_link(tmp_path):
    g = glossary.check(site(tmp_path))
    body = ('<h2 id="x">Batch</h2><p>A <code>batch</code>, a <a href="a/">batch</a>, <span class="arithmatex">'
            'batch</span>, <math><mi>batch</mi></math>.</p><table><tr><td>batch</td></tr></table>'
            '<div class="admonition example"><p class="admonition-title">Batch</p><p>batch</p></div>'
            '<details class="question"><summary>Batch</summary><p>batch</p></details>'
            '<p>Two <em>Batches</em> of mini-batches, then a batch and a skip\nconnection.</p>')
    out = glossary.link_terms(page(body), g, "../glossary/")
    assert out == page(
        body.replace("<em>Batches</em>", f"<em>{tip('batch', 'Batches', 'Examples processed together, as one matrix.')}"
                                         f"</em>")
        .replace("of mini-batches", f"of {tip('mini-batch', 'mini-batches', 'A few examples used for one step.')}")
        .replace("skip\nconnection", tip("residual-connection", "skip\nconnection",
                                         "A shortcut that adds a block&#x27;s input to its output.")))


def test_the_glossary_page_gets_an_anchor_on_every_term():
    out = glossary.mark_terms(GOOD)
    assert "Mini-batch { #mini-batch }\n:" in out
    assert "Residual connection { #residual-connection }\nSkip connection { #skip-connection }\n:" in out
    assert "An intro of two\nlines.\n" in out


def test_the_real_glossary_passes_its_checks():
    assert glossary.main() == 0


# --- on the built site ------------------------------------------------------------------------

def definitions_as_written() -> dict[str, str]:
    """Term -> definition, read from docs/glossary.md here without scripts/glossary.py."""
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    out = {}
    for block in text.split("\n\n"):
        lines = block.strip().split("\n")
        starts = [k for k, line in enumerate(lines) if line.startswith(":   ")]
        if not starts:
            continue
        words = " ".join(line.strip() for line in lines[starts[0]:])[1:].strip()
        words = words[:words.rindex(" [")] if words.endswith(")") else words
        for term in lines[:starts[0]]:
            out[term.strip()] = words.replace("*", "")
    return out


def test_topic_pages_show_the_glossary_definitions(built_site):
    import html
    import re

    written = {re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-"): d for t, d in definitions_as_written().items()}
    text = (built_site / "optimizers" / "index.html").read_text(encoding="utf-8")
    tips = re.findall(r'<a class="gloss__term" href="\.\./glossary/#([\w-]+)" aria-describedby="gloss-\1">'
                      r'([^<]+)</a><span class="gloss__tip" role="tooltip" id="gloss-\1">([^<]+)</span>', text)
    assert len(tips) >= 5
    for slug, word, definition in tips:
        assert html.unescape(definition) == written[slug], slug
    assert len({s for s, _, _ in tips}) == len(tips), "a term linked twice on one page"
    glossary_page = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    for slug, _, _ in tips:
        assert f'<dt id="{slug}">' in glossary_page


def test_search_finds_each_definition_on_the_glossary_page_only(built_site):
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    definition = definitions_as_written()["Mini-batch"]
    assert definition in (built_site / "training-loop" / "index.html").read_text(encoding="utf-8")  # as a tooltip
    where = {doc["location"].split("#")[0] for doc in index["docs"] if definition[:60] in doc["text"]}
    assert where == {"glossary/"}


# --- in the browser, light and dark ----------------------------------------------------------

@pytest.mark.browser
def test_a_term_shows_its_definition_on_hover_and_focus_and_escape_hides_it(page, site_url, scheme):
    from playwright.sync_api import expect

    from test_pages_in_browser import axe_finds_no_violation, open_page

    written = definitions_as_written()
    open_page(page, site_url, "training-loop/")
    term = page.locator("article .gloss__term", has_text="mini-batch").first
    tip = page.locator("#gloss-mini-batch")
    expect(tip).to_be_hidden()
    # A screen reader reads the definition as the link's description, shown or not.
    expect(term).to_have_accessible_description(written["Mini-batch"])
    expect(term).to_have_attribute("href", "../glossary/#mini-batch")

    term.hover()
    expect(tip).to_be_visible()
    expect(tip).to_have_text(written["Mini-batch"])
    tip.hover()  # the pointer can move onto the definition without losing it (WCAG 1.4.13)
    expect(tip).to_be_visible()
    axe_finds_no_violation(page, scheme)  # with a definition on screen
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.mouse.move(0, 0)

    # From the keyboard: Tab until the term has focus.
    page.locator("article h1").click()
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "gloss-mini-batch":
            break
    expect(term).to_be_focused()
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(term).to_be_focused()  # Escape hides the definition, not the reader's place
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(tip).to_be_visible()  # and it comes back on the next focus


@pytest.mark.browser
def test_a_definition_stays_on_a_phone_screen(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    pg = context.new_page()
    pg.goto(site_url + "activations/")
    width = pg.evaluate("document.documentElement.clientWidth")
    terms = pg.locator("article .gloss__term")
    assert terms.count() >= 5
    for k in range(terms.count()):
        terms.nth(k).focus()
        box = pg.locator("article .gloss__tip").nth(k).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"definition {k} runs off the screen"
    context.close()
