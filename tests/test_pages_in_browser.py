"""Every page of the built site in Debian's Chromium, light and dark.

Parametrised over the Markdown sources, so a new page is covered without touching this file.
The `page` fixture fails a test on any request outside 127.0.0.1 and on any console error.
"""
from __future__ import annotations

import pytest

from conftest import ROOT, site_pages

pytestmark = pytest.mark.browser
PAGES = site_pages()
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "$$", "\\frac", "\\begin{", "\\mathbf")


def open_page(page, site_url, path):
    page.goto(site_url + path, wait_until="load")
    page.wait_for_function("document.fonts.status === 'loaded'")
    # Wide formulas become focusable once math-scroll.js has measured them (in idle time).
    page.wait_for_function("!document.querySelector('.math-scroll') || "
                           "document.documentElement.dataset.mathScroll === 'checked'")


def palette_checked(page) -> int:
    return page.evaluate("[...document.querySelectorAll('[name=__palette]')].findIndex(e => e.checked)")


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_cleanly(page, site_url, scheme, path):
    open_page(page, site_url, path)
    # Every formula rendered: no math error, no TeX left in what the reader sees.
    assert page.locator("merror, .temml-error").count() == 0
    visible = page.locator("article").inner_text()
    leftovers = [t for t in RAW_TEX if t in visible]
    assert not leftovers, f"raw TeX {leftovers} visible on {path or 'home'}"
    # Every visible image loads when scrolled to (figures are lazy), at its reserved size.
    for img in page.locator("article img:visible").all():
        img.scroll_into_view_if_needed()
        box = img.bounding_box()
        page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle(),
                               timeout=10_000)
        after = img.bounding_box()
        assert box["height"] > 0 and abs(after["height"] - box["height"]) < 2, \
            f"{img.get_attribute('src')} changed size when it loaded (layout shift)"
    # The figures shown match the reader's colour scheme.
    shown = page.evaluate("""() => [...document.querySelectorAll("img[src*='#only-']")]
        .filter(img => img.getClientRects().length).map(img => img.src.split('#')[1])""")
    hidden_variant = "only-dark" if scheme == "light" else "only-light"
    assert hidden_variant not in shown


# The palette toggle changes only CSS colour variables, so the page's structure (names, roles,
# landmarks, headings) is the same in both schemes: the light run checks every rule, the dark
# run the rules that depend on colour.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(page, site_url, scheme, path):
    open_page(page, site_url, path)
    page.add_script_tag(path=str(AXE))
    run_only = {"type": "tag", "values": AXE_TAGS} if scheme == "light" else \
        {"type": "rule", "values": COLOUR_RULES}
    result = page.evaluate("only => axe.run(document, {runOnly: only})", run_only)
    assert result["passes"] or result["incomplete"], "axe ran no rule"
    problems = [f"{v['id']} ({v['impact']}): {v['help']} -- e.g. {v['nodes'][0]['target']}: "
                f"{v['nodes'][0]['failureSummary']}" for v in result["violations"]]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_toggle_swaps_every_figure(page, site_url, path):
    open_page(page, site_url, path)
    page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")  # deep dives too
    figures = page.locator("img[src*='#only-light']")
    count = figures.count()
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    seen = set()
    for _ in range(3):  # system -> light -> dark -> system
        toggle.click()
        page.wait_for_timeout(50)
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        seen.add(scheme)
        light_visible = page.locator("img[src*='#only-light']:visible").count()
        dark_visible = page.locator("img[src*='#only-dark']:visible").count()
        if scheme == "slate":
            assert (light_visible, dark_visible) == (0, count)
        else:
            assert (light_visible, dark_visible) == (count, 0)
    assert seen == {"default", "slate"}


@pytest.mark.parametrize("path", PAGES)
def test_keyboard_reaches_search_palette_and_every_answer(page, site_url, path):
    open_page(page, site_url, path)
    summaries = page.locator("article details > summary").count()
    reached = {"search": False, "palette": False}
    opened = 0
    for _ in range(600):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement;
            return {tag: e.tagName, cls: e.className || '', name: e.name || '',
                    inArticle: !!e.closest('article'), open: e.parentElement.open}; }""")
        if "md-search__input" in info["cls"]:
            reached["search"] = True
        if info["name"] == "__palette" and not reached["palette"]:
            reached["palette"] = True
            before = palette_checked(page)
            page.keyboard.press("Enter")  # the toggle works from the keyboard
            assert palette_checked(page) != before
        if info["tag"] == "SUMMARY" and info["inArticle"] and not info["open"]:
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.parentElement.open"), "Enter did not open it"
            opened += 1
        if info["tag"] == "BODY" or (opened == summaries and all(reached.values())):
            break
    assert reached == {"search": True, "palette": True}
    assert opened == summaries, f"opened {opened} of {summaries} collapsible blocks with the keyboard"


def test_search_box_takes_typing_from_the_keyboard(page, site_url):
    open_page(page, site_url, "")
    for _ in range(10):
        page.keyboard.press("Tab")
        if "md-search__input" in page.evaluate("document.activeElement.className"):
            break
    page.keyboard.type("neuron", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/forward-pass/**")
